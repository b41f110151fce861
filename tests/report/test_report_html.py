"""The HTML page: its numbers are the library's, it is self-contained, and data stays text."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from report_helpers import AS_OF, DATA, by_id, has_class, parse, text

from cchc.io.loader import load_dataset
from cchc.render.html_report import CONTENT_SECURITY_POLICY, render_html
from cchc.services.assignments import resolve_for_year
from cchc.services.deadlines import DeadlineState, deadline_report
from cchc.services.initiatives import adoption_matrix
from cchc.services.report import build_overview
from cchc.services.results import history
from cchc.textvn import points


def rows_of(table):
    body = table.find("tbody")
    return [] if body is None else body.findall("tr")


def test_state_tiles_match_the_deadline_service(bundled):
    ds, _, _, tree = bundled
    report = deadline_report(ds, AS_OF)
    tiles = by_id(tree, "so-theo-tinh-trang").findall("div")
    shown = {tile.get("data-state"): int(text(tile.find("span"))) for tile in tiles}
    assert shown == {state.value: report.counts[state] for state in DeadlineState}
    assert shown["overdue"] == 1  # the README's acceptance figure


def test_overdue_list_gives_days_and_working_days_late(bundled):
    ds, _, _, tree = bundled
    overdue = [r for r in deadline_report(ds, AS_OF).rows if r.state is DeadlineState.OVERDUE]
    heading = by_id(tree, "qua-han")
    assert text(heading) == f"Quá hạn ({len(overdue)})"
    section = by_id(tree, "han")
    table = next(t for t in section.iter("table") if has_class(t, "tasks"))
    rows = rows_of(table)
    assert len(rows) == len(overdue)
    first = text(rows[0])
    assert overdue[0].id in first
    assert f"quá {overdue[0].days_late} ngày ({overdue[0].working_days_late} ngày làm việc)" in first
    assert "quá 3 ngày (2 ngày làm việc)" in first and "17/7/2021" in first


def test_agency_table_counts_every_lead(bundled):
    ds, _, _, tree = bundled
    report = deadline_report(ds, AS_OF)
    table = next(t for t in by_id(tree, "han").iter("table") if has_class(t, "by-agency"))
    rows = rows_of(table)
    assert [text(r.find("td")) for r in rows] == [g.label for g in report.by_agency]
    cells = {text(r.find("td")): [text(td) for td in r.findall("td")] for r in rows}
    noi_vu = next(g for g in report.by_agency if g.key == "so-noi-vu")
    assert cells[noi_vu.label][1] == str(noi_vu.counts.total)
    assert cells[noi_vu.label][2].startswith(str(noi_vu.counts.overdue))


def test_criteria_tree_lists_every_criterion_with_its_lead(bundled):
    ds, _, _, tree = bundled
    resolution = resolve_for_year(ds, 2021)
    table = next(t for t in by_id(tree, "phan-cong").iter("table") if has_class(t, "tree"))
    rows = rows_of(table)
    entries = resolution.by_criterion()
    assert [r.get("data-code") for r in rows] == [e.criterion.code for e in entries]
    for row, entry in zip(rows, entries, strict=True):
        cells = row.findall("td")
        assert (entry.lead_name or "") in text(cells[2])
    tiles = {t.get("data-key"): int(text(t.find("span"))) for t in by_id(tree, "phan-cong").iter("div")
             if t.get("data-key")}
    assert tiles["uncovered"] == len(resolution.uncovered)


def test_matrix_rows_and_total_match_the_initiative_service(bundled):
    ds, _, _, tree = bundled
    matrix = adoption_matrix(ds, as_of=AS_OF)
    table = next(t for t in by_id(tree, "mo-hinh").iter("table") if has_class(t, "matrix"))
    rows = rows_of(table)
    assert [text(r.findall("td")[1]) for r in rows] == [u.display_name for u in matrix.units]
    assert text(by_id(tree, "ty-le-ap-dung")) == matrix.total_progress().text()
    # state as text, not colour alone
    assert all(text(td) for r in rows for td in r.findall("td") if has_class(td, "cell"))
    assert text(by_id(tree, "chua-trien-khai")) == f"Đơn vị chưa triển khai ({len(matrix.non_adopters())})"


def test_results_tables_and_charts_follow_the_history(bundled):
    ds, _, _, tree = bundled
    hist = history(ds, "PAR_INDEX")
    section = by_id(tree, "ket-qua")
    years = [int(r.get("data-year")) for t in section.iter("table") if has_class(t, "history") for r in rows_of(t)]
    assert sorted(years) == sorted(r.year for r in hist.rows if r.year <= AS_OF.year)  # nothing from the future
    svgs = [e for e in section.iter() if e.tag.endswith("svg")]
    shown_rows = [r for r in hist.rows if r.year <= AS_OF.year]
    expected = sum(any(r.result.score is not None for r in shown_rows if r.province == p)
                   + any(r.result.rank is not None for r in shown_rows if r.province == p)
                   for p in {r.province for r in shown_rows})
    assert len(svgs) == expected >= 2  # a score and a rank chart per province that has them
    labels = [text(e) for svg in svgs for e in svg.iter() if e.tag.endswith("text") and has_class(e, "val")]
    assert "83,22" in labels and "45/63" in labels and "25/63" in labels
    assert all(svg.get("role") == "img" and svg.get("aria-labelledby") for svg in svgs)


def test_summary_links_to_existing_sections(bundled):
    _, overview, _, tree = bundled
    links = by_id(tree, "tom-tat").findall(".//ul/li/a")
    assert [text(a) for a in links] == [s.text for s in overview.summary()]
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    assert all(a.get("href")[1:] in ids for a in links)
    assert text(links[0]) == "1 nhiệm vụ quá hạn"


def test_page_is_self_contained(bundled):
    _, _, html, tree = bundled
    csp = [m for m in tree.iter("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert [m.get("content") for m in csp] == [CONTENT_SECURITY_POLICY]
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert not list(tree.iter("script")) and not list(tree.iter("link")) and not list(tree.iter("img"))
    assert not list(tree.iter("noscript")) and not list(tree.iter("iframe"))
    for element in tree.iter():
        for name in ("src", "href", "action", "srcset"):
            value = element.get(name)
            assert value is None or value.startswith("#"), (element.tag, name, value)
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/2000/svg)", html)
    root = tree if tree.tag == "html" else tree.find(".//html")
    assert root.get("lang") == "vi"
    assert "@media print" in html and "size: A4" in html and "max-width: 640px" in html


def test_example_banner_whenever_example_data_is_shown(bundled, tmp_path):
    _, overview, _, tree = bundled
    assert overview.examples  # the illustrative per-criterion points of 2021 feed the gap part
    banner = by_id(tree, "so-lieu-minh-hoa")
    assert "Số liệu minh họa" in text(banner)
    assert "example" in (by_id(tree, "diem-mat").find("span").get("class"))

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache", "vi-du-minh-hoa.yaml"))
    plain = build_overview(load_dataset(data), AS_OF)
    assert plain.examples == [] and plain.gap is None
    page = parse(render_html(plain))
    assert page.find(".//*[@id='so-lieu-minh-hoa']") is None
    assert "Số liệu minh họa" not in text(page.find(".//body"))


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quote"'


def test_data_text_is_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    (data / "tasks" / "hostile.yaml").write_text(
        "schema: tasks@1\ntasks:\n  - id: hostile\n    title: " + json.dumps(HOSTILE) + "\n"
        "    lead: so-noi-vu\n    due: 2021-07-01\n    status: dang-thuc-hien\n", encoding="utf-8")
    ds = load_dataset(data)
    assert not [d for d in ds.diagnostics if d.is_error]
    html = render_html(build_overview(ds, AS_OF))
    tree = parse(html)
    assert not list(tree.iter("script")) and not list(tree.iter("img"))
    overdue = text(next(t for t in by_id(tree, "han").iter("table") if has_class(t, "tasks")))
    assert HOSTILE in overdue
    assert HOSTILE in text(tree.find(".//body"))
    assert "&lt;script&gt;" in html


def test_report_outside_git_has_no_revision(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    overview = build_overview(load_dataset(data), AS_OF)
    assert overview.revision is None
    assert text(by_id(parse(render_html(overview)), "phien-ban")) == "Dữ liệu không nằm trong kho git"


def test_bad_data_is_reported_on_the_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    (data / "tasks" / "hong.yaml").write_text("schema: tasks@1\ntasks:\n  - id: x\n", encoding="utf-8")
    overview = build_overview(load_dataset(data), AS_OF)
    assert overview.failed and overview.load_errors >= 1
    problem = by_id(parse(render_html(overview)), "van-de-du-lieu")
    assert "không được tính" in text(problem)


def test_page_renders_for_an_almost_empty_repository():
    base = Path(__file__).resolve().parents[1] / "fixtures" / "base"
    overview = build_overview(load_dataset(base), AS_OF)
    tree = parse(render_html(overview))
    assert "Chưa có bảng phân công" in text(by_id(tree, "phan-cong"))
    assert "Chưa có dữ liệu mô hình" in text(by_id(tree, "mo-hinh"))
    assert "Chưa có kết quả chỉ số" in text(by_id(tree, "ket-qua"))


def test_published_score_groups_are_charted_and_listed():
    ds = load_dataset(DATA)
    published = [r for r in ds.results if r.groups and not r.example]
    assert published, "the bundled data has a result with published score groups"
    result = max(published, key=lambda r: r.year)
    tree = parse(render_html(build_overview(ds, date(result.year + 1, 6, 30))))
    row = by_id(tree, "ket-qua").find(f".//tr[@data-year='{result.year}']")
    items = {li.get("data-group"): text(li) for li in row.iter("li")}
    assert set(items) == {g.group.value for g in result.groups}
    for group in result.groups:
        assert points(group.points) in items[group.group.value]
    svg = next(e for e in by_id(tree, "ket-qua").iter() if e.tag.endswith("svg") and has_class(e, "groups"))
    filled = [r for r in svg.iter() if r.tag.endswith("rect") and not has_class(r, "lost")]
    assert len(filled) == len(result.groups)
    widths = {r.get("class"): float(r.get("width")) for r in filled}
    appraisal = next(g for g in result.groups if g.group.value == "tham-dinh")
    survey = next(g for g in result.groups if g.group.value == "sipas")
    assert widths["g-tham-dinh"] / widths["g-sipas"] == pytest.approx(appraisal.points / survey.points, rel=0.01)


def test_long_lists_are_cut_and_say_how_many_are_left_out(monkeypatch):
    import cchc.render.html_report as html_report

    ds = load_dataset(DATA)
    report = deadline_report(ds, AS_OF)
    waiting = report.counts[DeadlineState.IN_PROGRESS] + report.counts[DeadlineState.NO_DEADLINE]
    assert waiting > 2
    monkeypatch.setattr(html_report, "LIST_LIMIT", 2)
    tree = parse(render_html(build_overview(ds, AS_OF)))
    details = next(d for d in by_id(tree, "han").iter("details") if "Đang thực hiện" in text(d.find("summary")))
    assert text(details.find("summary")) == f"Đang thực hiện, chưa có hạn ({waiting})"
    assert len(rows_of(details.find(".//table"))) == 2
    assert f"… và {waiting - 2} nhiệm vụ khác không liệt kê" in text(details)
