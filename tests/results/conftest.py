"""A small repository with exact per-criterion points, for the gap arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

AGENCIES = """\
schema: agencies@1
province: Tỉnh Thử
agencies:
  - {id: so-a, name: Sở A, kind: so, order: 1}
  - {id: so-b, name: Sở B, kind: so, order: 2}
"""

CRITERIA = """\
schema: criteria@1
id: bo-thu
index: PAR_INDEX
name: Bộ thử
legal_basis: {number: 1/QĐ-THU}
years: [2023]
total_points: 20
items:
  - {code: "1", name: Lĩnh vực một, max_points: 10}
  - {code: "1.1", name: Tiêu chí một một, max_points: 6, method: tham-dinh}
  - {code: "1.1.1", name: Thành phần một, max_points: 4}
  - {code: "1.1.2", name: Thành phần hai, max_points: 2}
  - {code: "1.2", name: Tiêu chí một hai, max_points: 4, method: dieu-tra-xhh}
  - {code: "2", name: Lĩnh vực hai, max_points: 10}
  - {code: "2.1", name: Tiêu chí hai một, max_points: 7, method: tham-dinh}
  - {code: "2.2", name: Tiêu chí hai hai, max_points: 3, method: dieu-tra-xhh}
"""

ASSIGNMENT = """\
schema: assignments@1
id: phan-cong-thu
year: 2023
criteria_set: bo-thu
leads:
  - {agency: so-a, codes: ["1"]}
  - {agency: so-b, codes: ["2", "1.1.2"]}
unassigned:
  - {code: "2.2", reason: đánh giá qua điều tra xã hội học}
"""

RESULTS = """\
schema: results@1
results:
  - index: PAR_INDEX
    province: Tỉnh Thử
    year: 2023
    score: 15
    rank: 30
    out_of: 63
    criteria_set: bo-thu
    criteria:
      - {code: "1.1", points: 5}      # left out: its children are scored
      - {code: "1.1.1", points: 4}    # full
      - {code: "1.1.2", points: 1}    # lost 1 (so-b, appraisal inherited from 1.1)
      - {code: "1.2", points: 2.5}    # lost 1.5 (so-a, survey)
      - {code: "2.1", points: 5.5}    # lost 1.5 (so-b)
      - {code: "2.2", points: 2}      # lost 1 (unassigned, survey)
  - {index: PAR_INDEX, province: Tỉnh Thử, year: 2022, score: 80, rank: 35, out_of: 63}
  - {index: PAR_INDEX, province: Tỉnh Thử, year: 2025, score: 84, rank: 20, out_of: 34}
  - {index: PAR_INDEX, province: Tỉnh Khác, year: 2023, score: 16.5, rank: 20, out_of: 63}
"""


@pytest.fixture
def gap_repo(tmp_path) -> Path:
    root = tmp_path / "gap"
    root.mkdir()
    for name, text in (("agencies.yaml", AGENCIES), ("criteria.yaml", CRITERIA),
                       ("assignment.yaml", ASSIGNMENT), ("results.yaml", RESULTS)):
        (root / name).write_text(text, encoding="utf-8")
    return root
