"""Shipped files cite public sources, never the development machine (issue 11, Data)."""

from __future__ import annotations

import re

from cchc.io.loader import load_dataset
from tests.conftest import DATA, ROOT

MACHINE_PATH = re.compile(r"(?<![\w.])/(work|home|root|tmp|Users)/[\w.-]+")


def test_no_machine_path_in_shipped_files():
    shipped = [*(ROOT / "data").rglob("*"), *(ROOT / "templates").rglob("*"), *(ROOT / "examples").rglob("*"),
               *(ROOT / "cchc").rglob("*.py"), *(ROOT / "docs").rglob("*.md"), ROOT / "README.md", ROOT / "pyproject.toml"]
    found = []
    for path in shipped:
        if path.is_file() and ".cchc-cache" not in path.parts and path.suffix not in (".pyc", ".docx", ".xlsx"):
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if MACHINE_PATH.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_876_set_as_confirmed():
    """Lĩnh vực 7 of the provincial 876 set and its years (par-index.md, updated)."""
    criteria = load_dataset(DATA).criteria_sets["par-index-tinh-876"]
    assert criteria.by_code()["7"].name == "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"
    assert criteria.years == [2022, 2023]
