"""cchc.services.report: which year, ended agencies, the summary, and parts that cannot be built."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from report_helpers import AS_OF, DATA, by_id, parse, text

from cchc.io.loader import load_dataset
from cchc.render.html_report import render_html
from cchc.services.deadlines import deadline_report
from cchc.services.report import SECTION_COVERAGE, build_overview, coverage_year, place_name

ASSIGNMENT_2026 = """\
schema: assignments@1
id: phan-cong-2026
year: 2026
criteria_set: par-index-tinh-1149
leads:
  - agency: so-noi-vu
    codes: ["1", "2", "3", "4", "5", "6", "8"]
    coordinators: [so-khdt]
  - agency: so-tttt
    codes: ["7"]
"""


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".cchc-cache"))
    return target


def test_coverage_year_prefers_the_as_of_year_then_the_latest_before():
    ds = load_dataset(DATA)
    years = sorted({a.year for a in ds.assignments.values()})
    assert coverage_year(ds, date(years[0], 5, 1)) == (years[0], None)
    later, note = coverage_year(ds, date(years[-1] + 3, 1, 1))
    assert later == years[-1] and f"năm {years[-1] + 3} chưa có bảng phân công" in note
    earlier, note = coverage_year(ds, date(years[0] - 1, 1, 1))
    assert earlier == years[0] and note


def test_an_ended_lead_is_flagged_with_its_successor(data):
    (data / "assignments" / "2026.yaml").write_text(ASSIGNMENT_2026, encoding="utf-8")
    ds = load_dataset(data)
    overview = build_overview(ds, date(2026, 3, 2))
    assert overview.year == 2026
    (part,) = overview.coverage
    ended = {(e.agency_id, e.role): e for e in part.ended}
    assert set(ended) >= {("so-tttt", "chủ trì"), ("so-khdt", "phối hợp")}
    assert ended[("so-tttt", "chủ trì")].codes == ["7"]
    assert ended[("so-tttt", "chủ trì")].successor == ds.agencies["so-khcn"].display_name
    texts = [s.text for s in overview.summary()]
    leads_ended = len({e.agency_id for e in part.ended if e.role == "chủ trì"})
    assert f"{leads_ended} cơ quan chủ trì đã kết thúc hoạt động" in texts

    tree = parse(render_html(overview))
    row = by_id(tree, "phan-cong").find(".//tr[@data-code='7']")
    assert "st-ended" in row.get("class")
    assert f"kế nhiệm: {ds.agencies['so-khcn'].display_name}" in text(row)
    assert "cơ quan phối hợp" in text(by_id(tree, "phan-cong").find(".//tr[@data-code='1']"))


def test_uncovered_criteria_are_counted_and_named(data):
    (data / "assignments" / "2026.yaml").write_text(
        ASSIGNMENT_2026.replace('"6", "8"]', '"6"]'), encoding="utf-8")
    overview = build_overview(load_dataset(data), date(2026, 3, 2))
    (part,) = overview.coverage
    uncovered = [c.code for c in part.resolution.uncovered]
    assert uncovered and all(code.startswith("8") for code in uncovered)
    assert f"{len(uncovered)} tiêu chí chưa có cơ quan chủ trì (năm 2026)" in [s.text for s in overview.summary()]
    tree = parse(render_html(overview))
    for code in uncovered:
        row = by_id(tree, "phan-cong").find(f".//tr[@data-code='{code}']")
        assert "st-uncovered" in row.get("class") and "chưa có cơ quan chủ trì" in text(row)


def test_a_year_without_assignment_is_a_problem_not_a_silent_gap():
    overview = build_overview(load_dataset(DATA), AS_OF, year=1999)
    assert overview.failed and overview.coverage == []
    assert [p.section for p in overview.problems] == [SECTION_COVERAGE]
    assert "1999" in overview.problems[0].message


def test_summary_counts_are_the_services_counts():
    ds = load_dataset(DATA)
    overview = build_overview(ds, AS_OF)
    counts = deadline_report(ds, AS_OF).counts
    texts = [s.text for s in overview.summary()]
    assert texts[0] == f"{counts.overdue} nhiệm vụ quá hạn"
    assert texts[1].startswith(f"{counts.due_soon} sắp đến hạn")
    latest = overview.latest_result()
    assert latest.province == ds.province and latest.year <= AS_OF.year


def test_place_name_from_the_province_record(base_repo):
    ds = load_dataset(DATA)
    assert place_name(ds) == f"tỉnh {ds.province}" == ds.province_record.title
    agencies = base_repo / "agencies.yaml"
    source = agencies.read_text(encoding="utf-8")
    line = next(x for x in source.splitlines() if x.startswith("province:"))
    agencies.write_text(source.replace(line, "province: {name: Hà Nội, level: thanh-pho}"), encoding="utf-8")
    city = load_dataset(base_repo)
    assert place_name(city) == "thành phố Hà Nội"
    page = parse(render_html(build_overview(city, AS_OF)))
    assert text(page.find(".//h1")) == "THÀNH PHỐ HÀ NỘI"


def test_summary_says_when_the_year_has_no_assignment_and_nobody_replicates():
    ds = load_dataset(DATA)
    years = sorted({a.year for a in ds.assignments.values()})
    later = date(max(years[-1] + 1, 2026), 12, 1)  # districts no longer exist after 30/6/2025
    overview = build_overview(ds, later)
    texts = [s.text for s in overview.summary()]
    assert f"năm {later.year} chưa có bảng phân công; hiện bảng phân công năm {years[-1]}" in texts
    if overview.matrix is not None and not overview.matrix.units:
        assert "không đơn vị nào đang được giao nhân rộng mô hình" in texts
    assert not any(t.startswith("0/0 ") for t in texts)
