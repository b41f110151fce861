"""Joint leads (đồng chủ trì), coordinators in every appendix format, and the appendix order.

A plan gives one lĩnh vực to several agencies together ("Sở TT&TT, Sở KH&CN, Văn phòng UBND
tỉnh ..."): ``leads[].agency`` is then a list. Coverage means every code has at least one lead
and every lead is valid in the year; the appendix lists the code under each joint lead, marked
"đồng chủ trì với …"; the exclusions follow the set of leads.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cchc.cli.main import app
from cchc.domain.leads import holder_of
from cchc.io.loader import load_dataset
from cchc.models.assignments import AssignmentSet
from cchc.models.common import is_within
from cchc.services.assignments import assignment_table, resolve_for_year, resolve_leads
from cchc.services.schemas import schema_for
from tests.assign.conftest import make_repo
from tests.assign.test_resolution import AGENCIES, TREE, assignment

ENV = {"COLUMNS": "220", "NO_COLOR": "1"}

JOINT = """\
schema: assignments@1
id: phan-cong-2021
year: 2021
criteria_set: bo-thu
leads:
  - agency: so-tu-phap          # the document names Sở Tư pháp first
    codes: ["2"]
    coordinators: [so-noi-vu]
  - agency: so-noi-vu
    codes: ["1"]
  - agency: [so-noi-vu, so-tttt, so-khcn]   # "Sở Nội vụ, Sở TT&TT, Sở KH&CN" together
    codes: ["1.2", "3"]
"""


def joint(*leads, unassigned=()) -> AssignmentSet:
    return AssignmentSet.model_validate({
        "schema": "assignments@1", "id": "pc", "year": 2021, "criteria_set": "bo",
        "leads": [{"agency": a, "codes": codes, **({"coordinators": co} if co else {})}
                  for a, codes, co in leads],
        "unassigned": [{"code": c, "reason": r} for c, r in unassigned],
    })


def invoke(runner, repo, *args):
    return runner.invoke(app, ["--data", str(repo), "assign", "--year", "2021", *args], env=ENV)


# --- the model ----------------------------------------------------------------------------


def test_agency_is_one_id_or_a_list_and_the_schema_says_so():
    one = joint(("a", ["1"], None))
    many = joint((["a", "b"], ["1"], None))
    assert one.leads[0].agency == "a" and many.leads[0].agency == ["a", "b"]
    schema = schema_for("assignments", 1)
    agency = schema["$defs"]["LeadAssignment"]["properties"]["agency"]
    kinds = {branch.get("type") for branch in agency.get("oneOf") or agency["anyOf"]}
    assert kinds == {"string", "array"} and "đồng chủ trì" in agency["description"]


@pytest.mark.parametrize("agency, message", [([], "trống"), (["a", "a"], "ghi hai lần")])
def test_an_empty_or_repeated_list_is_refused(agency, message):
    with pytest.raises(ValueError, match=message):
        joint((agency, ["1"], None))


# --- resolution ---------------------------------------------------------------------------


def test_joint_code_is_listed_under_each_lead_with_its_partners():
    r = resolve_leads(TREE, joint(("a", ["1", "2"], None), (["b", "c"], ["1.2", "3"], ["a"])), AGENCIES)
    assert r.ok and r.covered, r.diagnostics
    assert [g.agency_id for g in r.groups] == ["a", "b", "c"]
    a, b, c = ({it.code: it for it in g.items} for g in r.groups)
    assert a["1"].line() == "Lĩnh vực 1: Mục 1 (không gồm tiêu chí 1.2)."
    assert b["1.2"].line() == "Tiêu chí 1.2 - Mục 1.2 (đồng chủ trì với Cơ quan C)."
    assert c["1.2"].line() == "Tiêu chí 1.2 - Mục 1.2 (đồng chủ trì với Cơ quan B)."
    assert b["3"].coordinator_names == ["Cơ quan A"]
    entries = {e.criterion.code: e for e in r.by_criterion()}
    assert entries["1.2.1"].leads == ["b", "c"] and entries["1.2.1"].lead_name == "Cơ quan B, Cơ quan C"
    assert entries["1.2.1"].inherited_from == "1.2"
    assert r.lead_ids("1.1") == ("a",)


def test_overlapping_leads_keep_exclusions_right():
    # a leads 1 alone, and 1.2 together with b: a's line for 1 excludes 1.2 (another set of
    # leads holds it), and the joint line for 1.2 excludes 1.2.2, led by c alone.
    r = resolve_leads(TREE, joint(("a", ["1"], None), (["a", "b"], ["1.2"], None), ("c", ["1.2.2", "2", "3"], None)),
                      AGENCIES)
    assert r.ok, r.diagnostics
    items = {(g.agency_id, it.code): it for g in r.groups for it in g.items}
    assert items["a", "1"].exclusions == ["1.2"]
    assert items["a", "1.2"].line() == "Tiêu chí 1.2 - Mục 1.2 (không gồm tiêu chí 1.2.2; đồng chủ trì với Cơ quan B)."
    assert items["b", "1.2"].exclusions == ["1.2.2"]
    assert not any(d.code == "redundant-code" for d in r.diagnostics)


def test_points_count_for_each_joint_lead_and_say_so(tmp_path):
    r = resolve_leads(TREE, joint(("a", ["1", "2"], None), (["b", "c"], ["3"], None)), AGENCIES)
    points = {p.agency_id: p.points for p in r.points_by_agency()}
    assert points == {"a": 16, "b": 4, "c": 4}
    ds_root = make_repo(tmp_path / "r", JOINT)
    from cchc.services.assignments import agency_points_table
    table = agency_points_table(resolve_for_year(load_dataset(ds_root), 2021))
    assert any("đồng chủ trì" in note for note in table.notes)


def test_same_code_in_two_entries_is_still_ambiguous_and_the_hint_shows_the_list():
    r = resolve_leads(TREE, assignment([("a", ["1", "2", "3"]), ("b", ["1.2"]), ("c", ["1.2"])]), AGENCIES)
    [error] = [d for d in r.diagnostics if d.code == "duplicate-lead"]
    assert "agency: [so-a, so-b]" in error.hint


def test_every_joint_lead_must_be_valid_in_the_year():
    r = resolve_leads(TREE, joint(("a", ["1", "2"], None), (["b", "old"], ["3"], None)),
                      AGENCIES | {})
    r2026 = resolve_leads(TREE, AssignmentSet.model_validate(
        {**joint(("a", ["1", "2"], None), (["b", "old"], ["3"], None)).model_dump(by_alias=True), "year": 2026}),
        AGENCIES)
    assert r.ok
    [bad] = [d for d in r2026.diagnostics if d.code == "agency-not-valid"]
    assert bad.path == ("leads", 1, "agency", 1) and "«new»" in bad.hint


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from("abc"), min_size=1, max_size=3, unique=True),
                          st.sampled_from(["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "3"])),
                min_size=1, max_size=6))
def test_each_line_covers_exactly_what_its_agency_holds(entries):
    """Property: for every agency and leaf, the agency's lines cover the leaf iff holder_of
    names the agency among the leaf's leads (no double, no gap), with overlapping joint leads."""
    seen: set[str] = set()
    leads = []
    for agencies, code in entries:
        if code in seen:
            continue
        seen.add(code)
        leads.append((agencies, [code], None))
    a = joint(*leads)
    r = resolve_leads(TREE, a, AGENCIES)
    redundant = any(d.code == "redundant-code" for d in r.diagnostics)  # a code inside one of the same leads
    for leaf in TREE.leaves():
        holder = holder_of(a, leaf.code)
        for group in r.groups:
            covering = [it for it in group.items if it.covers(leaf.code)]
            held = holder is not None and group.agency_id in holder.leads
            assert bool(covering) == held, (group.agency_id, leaf.code, covering)
            assert len(covering) <= 1 or redundant
            if covering and holder is not None:
                assert sorted(covering[0].partners) == sorted(x for x in holder.leads if x != group.agency_id)
                assert is_within(leaf.code, covering[0].code)


# --- appendix formats ---------------------------------------------------------------------


def test_appendix_keeps_the_files_order_and_shows_joint_leads(runner, tmp_path):
    repo = make_repo(tmp_path / "r", JOINT)
    result = invoke(runner, repo)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Sở Tư pháp") < out.index("Sở Nội vụ") < out.index("Sở Khoa học và Công nghệ")
    assert "đồng chủ trì với Sở Thông tin và Truyền thông, Sở Khoa học và Công nghệ" in out
    assert "Cơ quan phối hợp" in out


def test_by_criterion_lists_every_lead_as_the_plan_does(runner, tmp_path):
    repo = make_repo(tmp_path / "r", JOINT)
    result = invoke(runner, repo, "--by", "criterion", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {c["code"]: c for c in json.loads(result.stdout)["criteria"]}
    assert rows["1.2.1"]["lead_name"] == "Sở Nội vụ, Sở Thông tin và Truyền thông, Sở Khoa học và Công nghệ"
    assert rows["1.2.1"]["leads"] == ["so-noi-vu", "so-tttt", "so-khcn"]
    assert rows["1.1"]["leads"] == ["so-noi-vu"]


def test_csv_md_and_xlsx_gain_the_coordinators_column(runner, tmp_path):
    repo = make_repo(tmp_path / "r", JOINT)
    result = invoke(runner, repo, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by = {(r["Tên cơ quan"], r["Mã"]): r for r in rows}
    assert by["Sở Tư pháp", "2"]["Cơ quan phối hợp"] == "Sở Nội vụ"
    assert by["Sở Nội vụ", "1"]["Cơ quan phối hợp"] == ""
    assert by["Sở Khoa học và Công nghệ", "3"]["Đồng chủ trì với"] == "Sở Nội vụ, Sở Thông tin và Truyền thông"
    md = invoke(runner, repo, "--format", "md").stdout
    assert "| Cơ quan phối hợp |" in md.replace("Cơ quan phối hợp |", "Cơ quan phối hợp |")
    target = tmp_path / "pc.xlsx"
    assert invoke(runner, repo, "--format", "xlsx", "-o", str(target)).exit_code == 0
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in values if row and "Cơ quan phối hợp" in row)
    at = header.index("Cơ quan phối hợp")
    assert any(row[at] == "Sở Nội vụ" for row in values[values.index(header) + 1:])


def test_docx_has_the_coordinators_column_only_when_some_item_has_one(runner, tmp_path, good_repo):
    repo = make_repo(tmp_path / "r", JOINT)
    target = tmp_path / "pc.docx"
    result = invoke(runner, repo, "--format", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output
    [table] = Document(str(target)).tables
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[0] == ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Cơ quan phối hợp"]
    assert [row[1] for row in texts[1:]] == ["Sở Tư pháp", "Sở Nội vụ", "Sở Thông tin và Truyền thông",
                                             "Sở Khoa học và Công nghệ"]
    assert texts[1][3] == "Sở Nội vụ"
    # Sở Nội vụ's items: 1 without coordinators, 1.2 and 3 jointly: one line per item that has some
    assert texts[2][3] == ""
    plain = tmp_path / "plain.docx"
    assert invoke(runner, good_repo, "--format", "docx", "-o", str(plain)).exit_code == 0
    [table] = Document(str(plain)).tables
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"]


def test_table_without_coordinators_has_no_such_column(good_repo):
    table = assignment_table(resolve_for_year(load_dataset(good_repo), 2021))
    assert [c.key for c in table.columns] == ["stt", "agency", "code", "item", "exclusions"]


def test_validate_accepts_joint_leads(runner, tmp_path):
    repo = make_repo(tmp_path / "r", JOINT)
    result = runner.invoke(app, ["--data", str(repo), "validate"], env=ENV)
    assert result.exit_code == 0, result.output


def test_order_list_puts_agencies_as_the_document_does():
    a = AssignmentSet.model_validate({**joint(("a", ["1"], None), (["b", "c"], ["2", "3"], None)).model_dump(by_alias=True),
                                      "order": ["c", "a"]})
    r = resolve_leads(TREE, a, AGENCIES)
    assert [g.agency_id for g in r.groups] == ["c", "a", "b"]  # listed first, then the file's order
    assert [g.number for g in r.groups] == [1, 2, 3]
    stray = AssignmentSet.model_validate({**a.model_dump(by_alias=True), "order": ["c", "new"]})
    [warning] = [d for d in resolve_leads(TREE, stray, AGENCIES).diagnostics if d.code == "order-not-lead"]
    assert warning.path == ("order", 1)
    with pytest.raises(ValueError, match="hai lần"):
        AssignmentSet.model_validate({**a.model_dump(by_alias=True), "order": ["a", "a"]})


def test_report_coverage_flags_the_ended_member_of_a_joint_lead():
    from cchc.render.html_report import _coverage
    from cchc.services.report import Coverage, EndedLead

    a = AssignmentSet.model_validate({**joint(("a", ["1", "2"], None), (["b", "old"], ["3"], None))
                                      .model_dump(by_alias=True), "year": 2026})
    part = Coverage(resolve_leads(TREE, a, AGENCIES), [EndedLead("old", "Sở cũ", "chủ trì", ["3"], "Sở mới")])
    rows = {row["code"]: row for row in _coverage(part, {})["rows"]}
    assert rows["3"]["lead"] == "Cơ quan B, Sở cũ"
    assert rows["3"]["state"] == "ended" and "Sở cũ đã kết thúc" in rows["3"]["state_label"]
    assert "kế nhiệm: Sở mới" in rows["3"]["state_label"] and rows["1"]["state"] == "ok"
