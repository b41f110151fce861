"""Every bundled document through LibreOffice: no page that holds nothing but its page number.

The documents are converted once per session, in one LibreOffice call (about 10 s); the tests
skip, saying why, where LibreOffice or poppler's ``pdftotext`` is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from render_cases import DATA

from cchc.io.loader import load_dataset
from cchc.services.assignments import resolve_for_year, write_assignment_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed for the page checks: "
           "apt-get install libreoffice-writer-nogui poppler-utils")


def pages_text(pdf) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext separates pages with a form feed)."""
    done = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = done.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="session")
def pdfs(rendered, tmp_path_factory):
    """document name -> list of page texts, for every bundled document and the assignment appendix."""
    folder = tmp_path_factory.mktemp("pdf")
    sources = {doc_id: path for doc_id, (path, _doc, _record) in rendered.items()}
    ds = load_dataset(DATA)
    sources["phu-luc-phan-cong-2021"] = write_assignment_docx(resolve_for_year(ds, 2021), ds,
                                                              folder / "phu-luc-phan-cong-2021.docx")
    profile = folder / "profile"
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources.values())]
    subprocess.run(command, capture_output=True, check=True, timeout=300, env=dict(os.environ, HOME=str(folder)))
    return {name: pages_text(folder / (path.stem + ".pdf")) for name, path in sources.items()}


def _body_text(page: str) -> str:
    """The page without its page number (a line holding only digits)."""
    return "\n".join(line for line in page.splitlines() if not re.fullmatch(r"\s*\d+\s*", line)).strip()


def test_every_page_has_body_text(pdfs):
    for name, pages in pdfs.items():
        assert pages, name
        for number, page in enumerate(pages, start=1):
            assert _body_text(page), f"{name}: trang {number}/{len(pages)} chỉ có số trang"


def test_tb_ket_luan_fits_two_pages(pdfs):
    # The case of the issue: the signature table ends at the bottom of page 2.
    pages = pdfs["tb-bcd-2022-10-ket-luan"]
    assert len(pages) == 2
    assert "CHÁNH VĂN PHÒNG" in pages[-1]
