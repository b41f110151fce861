"""History, gap arithmetic, target selection and the per-agency lists of seed 001."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cchc.errors import UsageError
from cchc.io.loader import load_dataset
from cchc.services.results import (
    EXAMPLE_BANNER,
    export_gap,
    gap_analysis,
    history,
    losses_by_agency,
    plan_target,
    write_history_chart,
)
from cchc.services.validation import check_dataset
from cchc.textvn import rank_change

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA)


def test_fixture_and_bundled_data_are_valid(gap_repo, bundled):
    for ds in (load_dataset(gap_repo), bundled):
        assert [d.format() for d in check_dataset(ds) if d.is_error] == []


# --- history ------------------------------------------------------------------------------------

def test_rank_change_wording():
    assert rank_change(50, 45) == "tăng 5 bậc"
    assert rank_change(25, 28) == "giảm 3 bậc"
    assert rank_change(25, 25) == "giữ nguyên thứ hạng"
    assert rank_change(None, 25) is None


def test_bundled_history_has_the_seed_rank_changes(bundled):
    hist = history(bundled)
    by_key = {(r.province, r.year): r for r in hist.rows}
    assert by_key[("Đắk Lắk", 2020)].change_text == "tăng 5 bậc so với năm 2019"
    assert by_key[("Hòa Bình", 2021)].rank_change == "tăng 28 bậc"
    assert ("Đắk Lắk", 2021) not in by_key  # the illustrative result stays out of the history
    assert not hist.example and "1 kết quả minh họa" in hist.notes[0]


def test_province_names_match_without_accents(bundled):
    assert history(bundled, province="dak lak").province == "Đắk Lắk"
    with pytest.raises(UsageError) as info:
        history(bundled, province="Hà Giang")
    assert "Đắk Lắk" in (info.value.hint or "")


def test_rank_change_is_not_compared_across_a_different_number_of_provinces(gap_repo):
    rows = {r.year: r for r in history(load_dataset(gap_repo), province="Tỉnh Thử").rows}
    assert rows[2023].rank_change == "tăng 5 bậc" and rows[2023].score_change == -65
    assert rows[2025].rank_change is None and not rows[2025].comparable
    assert "không so sánh được" in rows[2025].change_text


# --- gap arithmetic ---------------------------------------------------------------------------

def test_points_lost_per_criterion_at_the_finest_scored_level(gap_repo):
    report = gap_analysis(load_dataset(gap_repo), year=2023, province="Tỉnh Thử")
    assert [(r.code, r.lost) for r in report.rows] == [("1.1.2", 1), ("1.2", 1.5), ("2.1", 1.5), ("2.2", 1)]
    assert "1.1" not in [r.code for r in report.scored]  # not counted twice
    assert report.lost == 5 and report.score == 15 and report.survey_lost == 2.5
    assert not report.example and EXAMPLE_BANNER not in report.notes


def test_lead_agency_comes_from_the_assignment_with_overrides(gap_repo):
    report = gap_analysis(load_dataset(gap_repo), year=2023, province="Tỉnh Thử")
    leads = {r.code: r.lead for r in report.rows}
    assert leads == {"1.1.2": "so-b", "1.2": "so-a", "2.1": "so-b", "2.2": None}
    unassigned = next(r for r in report.rows if r.code == "2.2")
    assert unassigned.lead_name == "Không phân công (đánh giá qua điều tra xã hội học)"
    assert next(r for r in report.rows if r.code == "1.1.2").method.value == "tham-dinh"  # inherited


def test_totals_per_agency_domain_and_method(gap_repo):
    report = gap_analysis(load_dataset(gap_repo), year=2023, province="Tỉnh Thử")
    agencies = [(t.key, t.count, t.lost, t.survey_lost) for t in report.by_agency()]
    assert agencies == [("so-b", 2, 2.5, 0), ("so-a", 1, 1.5, 1.5), (None, 1, 1, 1)]
    domains = [(t.key, t.lost, t.max_points) for t in report.by_domain()]
    assert domains == [("1", 2.5, 10), ("2", 2.5, 10)]
    methods = {t.key: t.lost for t in report.by_method()}
    assert methods == {"dieu-tra-xhh": 2.5, "tham-dinh": 2.5}
    assert sum(t.lost for t in report.by_agency()) == report.lost


def test_gap_needs_per_criterion_points(gap_repo):
    ds = load_dataset(gap_repo)
    with pytest.raises(UsageError) as info:
        gap_analysis(ds, year=2022, province="Tỉnh Thử")
    assert "2023" in (info.value.hint or "")


def test_bundled_example_is_consistent_and_marked(bundled):
    report = gap_analysis(bundled)
    assert report.result.year == 2021 and report.example
    assert report.notes[0] == EXAMPLE_BANNER
    assert report.lost == pytest.approx(100 - 84.4)
    assert sum(r.points for r in report.scored) == pytest.approx(report.score)
    assert not report.unscored
    assert {t.key for t in report.by_agency()} >= {"so-noi-vu", "van-phong-ubnd", "so-khdt", None}
    for fmt in ("md", "json"):
        assert "Số liệu minh họa" in export_gap(report, fmt)


# --- target ---------------------------------------------------------------------------------

def test_target_score_takes_the_largest_losses_first(gap_repo):
    report = gap_analysis(load_dataset(gap_repo), year=2023, province="Tỉnh Thử")
    plan = plan_target(report, score=17.5)
    # Largest first; ties in code order: 1.2 (1,5), 2.1 (1,5) → 18 ≥ 17,5.
    assert [s.row.code for s in plan.steps] == ["1.2", "2.1"]
    assert [s.score_after for s in plan.steps] == [16.5, 18]
    assert plan.reached and plan.needed == 2.5 and plan.recovered == 3


def test_target_out_of_reach_reports_the_shortfall(gap_repo):
    report = gap_analysis(load_dataset(gap_repo), year=2023, province="Tỉnh Thử")
    plan = plan_target(report, score=20)
    assert plan.reached and len(plan.steps) == 4  # exactly everything back
    with pytest.raises(UsageError):
        plan_target(report, score=25)  # above the maximum of the set
    report.result.score = 14  # a result lower than the sum of its criteria
    plan = plan_target(report, score=19.5)
    assert not plan.reached and plan.shortfall == 0.5 and "vẫn thiếu 0,5 điểm" in plan.summary()


def test_target_already_met(gap_repo):
    report = gap_analysis(load_dataset(gap_repo), year=2023, province="Tỉnh Thử")
    plan = plan_target(report, score=10)
    assert plan.steps == [] and "đã đạt mục tiêu" in plan.summary()


def test_target_rank_uses_the_province_holding_that_rank(gap_repo):
    ds = load_dataset(gap_repo)
    report = gap_analysis(ds, year=2023, province="Tỉnh Thử")
    plan = plan_target(report, rank=20, ds=ds)
    assert plan.target == 16.5 and "Tỉnh Khác" in plan.basis
    assert [s.row.code for s in plan.steps] == ["1.2"]
    estimate = plan_target(report, rank=25, ds=ds)  # no province known at 25: use the one above
    assert estimate.target == 16.5 and "mức cao hơn cần thiết" in estimate.basis
    with pytest.raises(UsageError) as info:
        plan_target(report, rank=10, ds=ds)
    assert "--target" in (info.value.hint or "")


# --- per-agency lists (seed 001 "rà soát, giải trình") ------------------------------------------

def test_each_agency_gets_its_own_lost_criteria(bundled):
    groups = {g.agency: g for g in losses_by_agency(gap_analysis(bundled))}
    assert [r.code for r in groups["so-noi-vu"].rows] == ["1.2", "4.2", "5.1", "5.3"]
    assert len(groups["so-noi-vu"].survey_rows) == 3
    assert groups["so-khcn"].lines() == [
        "Tiêu chí 7.4 - Áp dụng Hệ thống quản lý chất lượng (ISO 9001) theo quy định: "
        "đạt 4/5 điểm, mất 1 điểm (tự đánh giá, thẩm định)"]
    assert list(groups)[-1] is None  # criteria without a lead come last


# --- charts -----------------------------------------------------------------------------------

def test_missing_matplotlib_gives_the_install_hint(bundled, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(UsageError) as info:
        write_history_chart(history(bundled), tmp_path / "x.png")
    assert "pip install 'cchc[chart]'" in (info.value.hint or "")
    assert not (tmp_path / "x.png").exists()


def test_no_result_names_what_the_data_holds(bundled, tmp_path):
    """The refusal says which results exist (it used to send the user back to `cchc results`,
    the very command that refused)."""
    with pytest.raises(UsageError) as missing:
        history(bundled, "PCI")
    assert missing.value.hint.startswith("kết quả hiện có: PAR_INDEX năm ")
    assert "2021" in missing.value.hint and "--index" in missing.value.hint
    (tmp_path / "agencies.yaml").write_text(
        "schema: agencies@1\nprovince: {name: Gia Lai, level: tinh}\n"
        "agencies:\n  - {id: ubnd-tinh, name: Ủy ban nhân dân tỉnh Gia Lai, kind: tinh}\n", encoding="utf-8")
    empty = load_dataset(tmp_path)
    assert not empty.load_errors()
    with pytest.raises(UsageError) as none:
        history(empty)
    assert "chưa có kết quả chỉ số nào" in none.value.hint and "results@1" in none.value.hint
