"""A province that changed its name keeps its results: thành phố Huế's PAR INDEX of 2023 is
recorded as «Thừa Thiên Huế» (a tỉnh until 31/12/2024), and history, the gap analysis and
templates read it as the data's own (cchc.domain.provinces.own_names)."""

from __future__ import annotations

from cchc.io.loader import load_dataset
from cchc.render.context import ResultsView
from cchc.services.results import gap_analysis, history
from tests.results.conftest import AGENCIES, RESULTS

RENAMED = AGENCIES.replace("province: Tỉnh Thử", """\
province:
  name: Thành Mới
  level: thanh-pho
  valid_from: 2025-01-01
  predecessors:
    - {name: Tỉnh Thử, level: tinh, valid_until: 2024-12-31}
    - {name: Tỉnh Khác, level: tinh, valid_until: 2024-12-31}""")

RESULTS_AFTER = RESULTS.replace(
    "{index: PAR_INDEX, province: Tỉnh Thử, year: 2025, score: 84, rank: 20, out_of: 34}",
    "{index: PAR_INDEX, province: Thành Mới, year: 2024, score: 86, rank: 25, out_of: 63}")


def _renamed(gap_repo):
    (gap_repo / "agencies.yaml").write_text(RENAMED, encoding="utf-8")
    (gap_repo / "results.yaml").write_text(RESULTS_AFTER, encoding="utf-8")
    return load_dataset(gap_repo)


def test_history_under_todays_name_includes_the_years_under_the_old_name(gap_repo, runner):
    ds = _renamed(gap_repo)
    assert not ds.load_errors()
    rows = history(ds, province="Thành Mới").rows
    assert [(r.province, r.year) for r in rows] == [("Tỉnh Thử", 2022), ("Tỉnh Thử", 2023), ("Thành Mới", 2024)]
    assert rows[-1].rank_change == "tăng 5 bậc"  # 30/63 in 2023 → 25/63 in 2024, across the rename
    # the old name asks for the same line; the other predecessor keeps its own results
    assert [r.year for r in history(ds, province="Tỉnh Thử").rows] == [2022, 2023, 2024]
    assert [(r.province, r.year) for r in history(ds, province="Tỉnh Khác").rows] == [("Tỉnh Khác", 2023)]


def test_gap_and_templates_find_the_own_result_recorded_under_the_old_name(gap_repo):
    ds = _renamed(gap_repo)
    report = gap_analysis(ds, year=2023, province="Thành Mới")
    assert report.result.province == "Tỉnh Thử" and report.lost == 5
    view = ResultsView(ds).get(2023)
    assert (view.province, view.rank, view.previous.year) == ("Tỉnh Thử", 30, 2022)
    assert ResultsView(ds).get(2024).previous.rank == 30
