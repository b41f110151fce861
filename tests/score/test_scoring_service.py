"""The scoring service on a small round: stages, cuts, progress per agency, ranking, final scores in the gap."""

from __future__ import annotations

import pytest

from cchc.errors import DataError, UsageError
from cchc.io.loader import load_dataset
from cchc.services import scoring
from tests.score.conftest import write


def test_stages_and_totals(score_repo):
    ds = load_dataset(score_repo)
    a = scoring.unit_score(ds, ds.assessments["so-a-2025"])
    assert (a.self_total.total, a.round1_total.total, a.final_total.total) == (90, 85, 87)
    assert a.stage == "ket-qua" and a.band == "Tốt" and a.cut == 3
    line = next(x for x in a.lines if x.code == "1.2")
    assert (line.self_score, line.round1, line.final, line.cut) == (18, 15, 17, 1)
    parent = next(x for x in a.lines if x.code == "1")
    assert (parent.self_score, parent.final, parent.scored) == (38, 37, False)
    b = scoring.unit_score(ds, ds.assessments["so-b-2025"])
    assert b.final_total.raw == pytest.approx(69.6)
    assert b.final_total.total == pytest.approx(86) and b.final_total.penalty == -1
    c = scoring.unit_score(ds, ds.assessments["so-c-2025"])
    assert c.final_total is None and c.round1_total.total == 86 and [x.code for x in c.open_requests] == ["1.2"]


def test_ranking_shares_ties_and_compares_with_last_year(score_repo):
    ranking = scoring.ranking(load_dataset(score_repo), 2025, "so")
    assert [(r.score.assessment.unit, r.rank) for r in ranking.rows] == [("so-a", 1), ("so-b", 2), ("so-c", 2)]
    assert [r.change for r in ranking.rows] == ["tăng 1 bậc", "giảm 1 bậc", None]
    assert not ranking.final and any("tạm thời" in n for n in ranking.notes)
    assert [(b["name"], b["count"]) for b in ranking.bands] == [("Tốt", 3), ("Khá", 0), ("Yếu", 0)]


def test_views_and_choices(score_repo):
    ds = load_dataset(score_repo)
    with pytest.raises(UsageError, match="3 đơn vị"):
        scoring.score_view(ds, year=2025)
    with pytest.raises(UsageError, match="so-b"):
        scoring.score_view(ds, year=2025, unit="so-bb")
    with pytest.raises(UsageError, match="cấp"):
        scoring.score_view(ds, year=2025, rank=True)
    with pytest.raises(UsageError, match="chưa có bảng điểm"):
        scoring.score_view(ds, year=2019, by="unit")
    with pytest.raises(UsageError):
        scoring.score_view(ds, year=2025, rank=True, level="tinhh")
    view = scoring.score_view(ds, year=2025, unit="so-c", by="agency")
    assert view.summary == ["Sở C: 4/4 đã tự chấm, 1 chờ giải trình, bị trừ 1 điểm"]
    overview = scoring.score_view(ds, year=2025, by="unit", level="so")
    assert [r["unit"] for r in overview.table.rows] == ["Sở A", "Sở B", "Sở C"]


def test_scoring_refuses_data_with_errors(score_repo):
    write(score_repo, "assessments/x.yaml", "schema: assessments@1\nid: x\nyear: 2024\ncriteria_set: bo-so\n"
          "unit: so-c\nscores:\n  - {code: \"1.1\", self_score: 99}\n")
    with pytest.raises(DataError, match="không tính điểm được"):
        scoring.score(score_repo, year=2025, rank=True, level="so")


def test_bundled_round():
    from tests.conftest import DATA

    ds = load_dataset(DATA)
    ranking = scoring.ranking(ds, 2025, "so")
    assert [(r.score.assessment.unit, r.rank) for r in ranking.rows] == [
        ("so-noi-vu", 1), ("so-tu-phap", 2), ("so-khcn", 2), ("van-phong-ubnd", 4)]
    assert ranking.example
    own = scoring.unit_score(ds, scoring.pick_assessment(ds, 2021))
    assert own.assessment.unit == "ubnd-tinh"
    assert {line.code: line.responsible for line in own.lines}["7.4"] == ["so-khcn"]  # from the 2021 assignment
    progress = {p.name: p for p in scoring.agency_progress(own, ds)}
    assert progress["Văn phòng UBND tỉnh"].criteria == 5  # 3.3, a survey criterion, is not self-scored


def test_gap_uses_final_scores(score_repo):
    from cchc.services.results import gap_analysis

    text = (score_repo / "criteria/bo-so.yaml").read_text().replace("level: so", "level: tinh").replace(
        "id: bo-so", "id: bo-tinh")
    write(score_repo, "criteria/bo-tinh.yaml", text)
    write(score_repo, "assessments/tinh.yaml", """\
schema: assessments@1
id: tinh-2025
year: 2025
criteria_set: bo-tinh
unit: ubnd-tinh
self_assessed_on: 2026-01-10
round1_on: 2026-02-01
round2_on: 2026-03-01
scores:
  - {code: "1.1", self_score: 20, evidence: [{number: 1/KH}], round1: {score: 15}, round2: {score: 16}}
  - {code: "1.2", self_score: 20, evidence: [{number: 1/KH}]}
  - {code: "2", self_score: 20, evidence: [{number: 1/KH}]}
  - {code: "3", self_score: 30, evidence: [{number: 1/KH}], round1: {score: 25}}
""")
    report = gap_analysis(load_dataset(score_repo), year=2025)
    assert {row.code: row.points for row in report.rows} == {"1.1": 16, "3": 25}
    assert any("thẩm định cuối cùng" in note for note in report.notes)
