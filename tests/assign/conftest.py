"""A small data repository for assignment tests: agencies, a criteria tree, an assignment."""

from __future__ import annotations

from pathlib import Path

import pytest

AGENCIES = """\
schema: agencies@1
province: Đắk Lắk
agencies:
  - {id: ubnd-tinh, name: Ủy ban nhân dân tỉnh Đắk Lắk, short_name: UBND tỉnh, kind: tinh, order: 10}
  - {id: so-noi-vu, name: Sở Nội vụ, kind: so, order: 101}
  - {id: so-tu-phap, name: Sở Tư pháp, kind: so, order: 102}
  - {id: so-tttt, name: Sở Thông tin và Truyền thông, kind: so, order: 105, valid_until: 2025-02-28, successor: so-khcn}
  - {id: so-khcn, name: Sở Khoa học và Công nghệ, kind: so, order: 106}
"""

CRITERIA = """\
schema: criteria@1
id: bo-thu
index: PAR_INDEX
name: Bộ tiêu chí thử
legal_basis: {number: 1/QĐ-BNV, date: 2020-12-30, issuer: Bộ Nội vụ}
years: [2021]
total_points: 20
items:
  - {code: "1", name: Lĩnh vực một, max_points: 10}
  - {code: "1.1", name: Tiêu chí một một, max_points: 4}
  - {code: "1.2", name: Tiêu chí một hai, max_points: 6}
  - {code: "1.2.1", name: Thành phần một, max_points: 2}
  - {code: "1.2.2", name: Thành phần hai, max_points: 4}
  - {code: "2", name: Lĩnh vực hai, max_points: 6}
  - {code: "3", name: Lĩnh vực ba, max_points: 4}
"""

GOOD_ASSIGNMENT = """\
schema: assignments@1
id: phan-cong-2021
year: 2021
criteria_set: bo-thu
leads:
  - agency: so-noi-vu
    codes: ["1", "3"]
  - agency: so-tu-phap
    codes: ["1.2.2", "2"]
"""

# 1.2.1 given to two agencies, 3 left without a lead.
BAD_ASSIGNMENT = """\
schema: assignments@1
id: phan-cong-2021
year: 2021
criteria_set: bo-thu
leads:
  - agency: so-noi-vu
    codes: ["1", "1.2.1"]
  - agency: so-tu-phap
    codes: ["2", "1.2.1"]
"""


def make_repo(root: Path, assignment: str = GOOD_ASSIGNMENT, criteria: str = CRITERIA) -> Path:
    (root / "assignments").mkdir(parents=True, exist_ok=True)
    (root / "criteria").mkdir(exist_ok=True)
    (root / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (root / "criteria" / "bo-thu.yaml").write_text(criteria, encoding="utf-8")
    (root / "assignments" / "2021.yaml").write_text(assignment, encoding="utf-8")
    return root


@pytest.fixture
def good_repo(tmp_path) -> Path:
    return make_repo(tmp_path / "good")


@pytest.fixture
def bad_repo(tmp_path) -> Path:
    return make_repo(tmp_path / "bad", BAD_ASSIGNMENT)
