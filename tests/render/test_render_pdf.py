"""Every bundled document through LibreOffice: no page that holds nothing but its page number.

The documents are converted once per session, in one LibreOffice call (about 10 s); the tests
skip, saying why, where LibreOffice or poppler's ``pdftotext`` is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from render_cases import DATA

from cchc.io.loader import load_dataset
from cchc.render.pipeline import pages_with_only_a_number, pdf_pages_text, to_pdf
from cchc.render.service import pdf_findings
from cchc.services.assignments import resolve_for_year, write_assignment_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed for the page checks: "
           "apt-get install libreoffice-writer-nogui poppler-utils")


def pages_text(pdf) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext separates pages with a form feed)."""
    return pdf_pages_text(pdf)


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


def test_every_page_has_body_text(pdfs):
    for name, pages in pdfs.items():
        assert pages, name
        assert pages_with_only_a_number(pages) == [], f"{name}: trang chỉ có số trang"


def test_render_pdf_check_flags_a_page_holding_only_its_number(tmp_path):
    # What render --pdf --check adds to the static checks: the laid-out pages themselves.
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_paragraph("Nhận được Công văn này, Thủ trưởng các cơ quan nghiêm túc thực hiện./.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("2")
    path = tmp_path / "trang-trong.docx"
    document.save(str(path))
    findings = pdf_findings(to_pdf(path))
    assert [(f.rule_id, f.message_vi) for f in findings] == [("P1", "Trang 2/2 chỉ có số trang, không có nội dung.")]
    assert pages_with_only_a_number(["1\nNội dung", "   2  \n", ""]) == [2, 3]


def test_tb_ket_luan_fits_two_pages(pdfs):
    # The case of the issue: the signature table ends at the bottom of page 2.
    pages = pdfs["tb-bcd-2022-10-ket-luan"]
    assert len(pages) == 2
    assert "CHÁNH VĂN PHÒNG" in pages[-1]
