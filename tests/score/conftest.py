"""A small repository for scoring: departments, communes, a set of each level, one round."""

from __future__ import annotations

from pathlib import Path

import pytest

AGENCIES = """\
schema: agencies@1
province: Tỉnh Thử
agencies:
  - {id: ubnd-tinh, name: Ủy ban nhân dân tỉnh Thử, short_name: UBND tỉnh, abbreviation: UBND, kind: tinh, place: Thử}
  - {id: so-noi-vu, name: Sở Nội vụ, abbreviation: SNV, kind: so, parent: ubnd-tinh, order: 1, place: Thử, head_title: Giám đốc}
  - {id: so-a, name: Sở A, kind: so, parent: ubnd-tinh, order: 2, head_title: Giám đốc}
  - {id: so-b, name: Sở B, kind: so, parent: ubnd-tinh, order: 3, head_title: Giám đốc}
  - {id: so-c, name: Sở C, kind: so, parent: ubnd-tinh, order: 4, head_title: Giám đốc}
  - {id: xa-a, name: Ủy ban nhân dân xã A, short_name: UBND xã A, kind: xa, parent: ubnd-tinh, order: 10}
"""

SET_SO = """\
schema: criteria@1
id: bo-so
index: PAR_INDEX
level: so
name: Bộ tiêu chí sở (thử)
legal_basis: {number: 1/QĐ-UBND}
years: [2024, 2025]
total_points: 100
not_applicable_rule: quy-doi
evidence_required: true
bonus_cap: 2
penalty_cap: 3
bands:
  - {name: Tốt, min_score: 80}
  - {name: Khá, min_score: 60}
  - {name: Yếu, min_score: 0}
items:
  - {code: "1", name: Chỉ đạo điều hành, max_points: 40}
  - {code: "1.1", name: Kế hoạch, max_points: 20}
  - {code: "1.2", name: Báo cáo, max_points: 20}
  - {code: "2", name: Thủ tục hành chính, max_points: 20, optional: true}
  - {code: "3", name: Chính quyền số, max_points: 40}
adjustments:
  - {code: "9.1", name: Sáng kiến, kind: thuong, max_points: 2}
  - {code: "9.2", name: Bị phê bình, kind: tru, max_points: 3}
"""

SET_XA = """\
schema: criteria@1
id: bo-xa
index: PAR_INDEX
level: xa
name: Bộ tiêu chí xã (thử)
legal_basis: {number: 2/QĐ-UBND}
years: [2025]
total_points: 50
not_applicable_rule: giam-toi-da
items:
  - {code: "1", name: Một cửa, max_points: 30, optional: true}
  - {code: "2", name: Công vụ, max_points: 20}
"""

EV = "[{number: 1/KH, date: 2025-01-10, issuer: Sở, title: Kế hoạch CCHC}]"


def assessment(unit: str, year: int, scores: str, *, cset: str = "bo-so", extra: str = "") -> str:
    return (f"schema: assessments@1\nid: {unit}-{year}\nyear: {year}\ncriteria_set: {cset}\nunit: {unit}\n"
            f"{extra}scores:\n{scores}")


ROUND_2025 = {
    "so-a": ("self_assessed_on: 2026-01-10\nround1_on: 2026-02-01\nround2_on: 2026-03-01\n",
             f"""  - {{code: "1.1", self_score: 20, evidence: {EV}}}
  - {{code: "1.2", self_score: 18, evidence: {EV}, round1: {{score: 15, note: thiếu báo cáo quý, explanation_requested: true}},
     explanation: Đã gửi báo cáo bổ sung, round2: {{score: 17}}}}
  - {{code: "2", self_score: 20, evidence: {EV}}}
  - {{code: "3", self_score: 30, evidence: {EV}, round1: {{score: 28}}}}
  - {{code: "9.1", self_score: 2, evidence: {EV}}}
"""),  # final 20 + 17 + 20 + 28 + 2 = 87
    "so-b": ("self_assessed_on: 2026-01-10\nround1_on: 2026-02-01\nround2_on: 2026-03-01\n"
             "not_applicable:\n  - {code: \"2\", reason: không có TTHC}\n",
             f"""  - {{code: "1.1", self_score: 18, evidence: {EV}}}
  - {{code: "1.2", self_score: 16, evidence: {EV}}}
  - {{code: "3", self_score: 36, evidence: {EV}, round1: {{score: 35.6}}}}
  - {{code: "9.2", self_score: 0, round1: {{score: -1}}}}
"""),  # raw 18 + 16 + 35.6 = 69.6 of 80 → 87; penalty -1 → 86
    "so-c": ("self_assessed_on: 2026-01-10\nround1_on: 2026-02-01\n",
             f"""  - {{code: "1.1", self_score: 20, evidence: {EV}}}
  - {{code: "1.2", self_score: 19, evidence: {EV}, round1: {{score: 18, explanation_requested: true}}}}
  - {{code: "2", self_score: 18, evidence: {EV}}}
  - {{code: "3", self_score: 30, evidence: {EV}}}
"""),  # 20 + 18 + 18 + 30 = 86 (ties with so-b), explanation open
}

ROUND_2024 = {
    "so-a": "  - {code: \"1.1\", self_score: 10, evidence: " + EV + "}\n  - {code: \"1.2\", self_score: 10, evidence: " + EV
            + "}\n  - {code: \"2\", self_score: 10, evidence: " + EV + "}\n  - {code: \"3\", self_score: 30, evidence: " + EV + "}\n",
    "so-b": "  - {code: \"1.1\", self_score: 20, evidence: " + EV + "}\n  - {code: \"1.2\", self_score: 20, evidence: " + EV
            + "}\n  - {code: \"2\", self_score: 20, evidence: " + EV + "}\n  - {code: \"3\", self_score: 30, evidence: " + EV + "}\n",
}


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def score_repo(tmp_path) -> Path:
    root = tmp_path / "data"
    write(root, "agencies.yaml", AGENCIES)
    write(root, "criteria/bo-so.yaml", SET_SO)
    write(root, "criteria/bo-xa.yaml", SET_XA)
    for unit, (extra, scores) in ROUND_2025.items():
        write(root, f"assessments/2025/{unit}.yaml", assessment(unit, 2025, scores, extra=extra))
    for unit, scores in ROUND_2024.items():
        write(root, f"assessments/2024/{unit}.yaml", assessment(
            unit, 2024, scores, extra="self_assessed_on: 2025-01-10\nround1_on: 2025-02-01\nround2_on: 2025-03-01\n"))
    return root
