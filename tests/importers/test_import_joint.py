"""`cchc import assignment` with joint leads (đồng chủ trì) and coordinators, and the round trip
`assign --format docx` → `import assignment` when codes are led jointly and rows name coordinators."""

from __future__ import annotations

from pathlib import Path

from builders import criteria_repo, docx_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import_assignment import (
    AGENCIES_2021,
    _assignment_of,
    draw_criteria_tree,
    round_trip_through_docx,
)

from cchc.cli.main import app
from cchc.importers.assignment import import_assignment
from cchc.io.loader import load_dataset
from cchc.services.assignments import resolve_leads

HEADER = ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Cơ quan phối hợp"]


def test_a_cell_listing_several_agencies_is_a_joint_lead(data_copy, tmp_path, runner):
    rows = [["1", "Sở Nội vụ", "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC.", ""],
            ["2", "Sở TT&TT, Sở KH&CN, Văn phòng UBND tỉnh",
             "Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.4).", "Sở Tài chính"],
            ["3", "Sở KH&CN", "Tiêu chí 7.4 - Áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001.", ""]]
    docx = docx_table(tmp_path / "pl.docx", HEADER, rows)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "assignment", str(docx), "--year", "2021",
                                 "--criteria", "par-index-tinh-1149", "--dry-run"])
    assert result.exit_code == 0, result.output
    ds = load_dataset(data_copy)
    imported = import_assignment(ds, docx, year=2021, criteria_id="par-index-tinh-1149", dry_run=True)
    text = next(iter(imported.files.values()))
    assert "đồng chủ trì" in text
    written = _assignment_of(text)
    assert [(lead.agency, lead.codes, lead.coordinators) for lead in written.leads] == [
        ("so-noi-vu", ["1"], []), (["so-tttt", "so-khcn", "van-phong-ubnd"], ["7"], ["so-tai-chinh"]),
        ("so-khcn", ["7.4"], [])]
    assert not written.order  # the file's order is the document's
    assert not [d for d in imported.diagnostics if "không gồm" in d.message]


@st.composite
def joint_case(draw):
    codes, names = draw_criteria_tree(draw, max_words=3)
    agencies = st.lists(st.sampled_from(AGENCIES_2021[:5]), min_size=1, max_size=3, unique=True)
    coordinators = st.lists(st.sampled_from(AGENCIES_2021[5:]), max_size=2, unique=True)
    entries: list[tuple[list[str], list[str], list[str]]] = []
    for code in draw(st.permutations(codes)):
        if draw(st.booleans()):
            entries.append((draw(agencies), [code], draw(coordinators)))
    if not entries:
        entries.append(([AGENCIES_2021[0]], [codes[0]], []))
    return codes, names, entries


def _write(root: Path, codes, names, entries) -> None:
    criteria_repo(root, codes, names)
    leads = "\n".join(f"  - agency: [{', '.join(a)}]\n    codes: [{', '.join(repr(c) for c in cs)}]"
                      + (f"\n    coordinators: [{', '.join(co)}]" if co else "") for a, cs, co in entries)
    (root / "assignments" / "2021.yaml").write_text(
        "schema: assignments@1\nid: phan-cong-2021\nyear: 2021\ncriteria_set: bo-ngau-nhien\n"
        f"leads:\n{leads}\n", encoding="utf-8")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=joint_case())
def test_assign_docx_then_import_keeps_joint_leads_coordinators_and_order(tmp_path_factory, case):
    codes, names, entries = case
    root = tmp_path_factory.mktemp("repo") / "data"
    _write(root, codes, names, entries)
    ds, resolution, result = round_trip_through_docx(root)
    assert not result.errors, result.diagnostics
    again = resolve_leads(ds.criteria_sets["bo-ngau-nhien"], _assignment_of(next(iter(result.files.values()))),
                          ds.agencies)
    assert {c: set(v) for c, v in again.leads_of.items()} == {c: set(v) for c, v in resolution.leads_of.items()}
    assert {c: set(v) for c, v in again.coordinators_of.items()} == {
        c: set(v) for c, v in resolution.coordinators_of.items()}
    assert [g.agency_id for g in again.groups] == [g.agency_id for g in resolution.groups]
    assert [[it.line() for it in g.items] for g in again.groups] == [[it.line() for it in g.items]
                                                                     for g in resolution.groups]


def test_rows_in_an_order_joint_entries_cannot_keep_get_an_order_list(data_copy, tmp_path):
    rows = [["1", "Sở Nội vụ", "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC (đồng chủ trì với Sở Tài chính).", ""],
            ["2", "Sở Tư pháp", "Lĩnh vực 2: Xây dựng và tổ chức thực hiện văn bản QPPL.", "Sở Nội vụ"],
            ["3", "Sở Tài chính", "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC (đồng chủ trì với Sở Nội vụ).", ""]]
    docx = docx_table(tmp_path / "pl.docx", HEADER, rows)
    ds = load_dataset(data_copy)
    result = import_assignment(ds, docx, year=2021, criteria_id="par-index-tinh-1149", dry_run=True)
    written = _assignment_of(next(iter(result.files.values())))
    assert [(lead.agency, lead.coordinators) for lead in written.leads] == [
        (["so-noi-vu", "so-tai-chinh"], []), ("so-tu-phap", ["so-noi-vu"])]
    assert written.order == ["so-noi-vu", "so-tu-phap", "so-tai-chinh"]
    again = resolve_leads(ds.criteria_sets["par-index-tinh-1149"], written, ds.agencies)
    assert [g.agency_id for g in again.groups] == ["so-noi-vu", "so-tu-phap", "so-tai-chinh"]
