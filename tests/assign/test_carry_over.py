"""Carry-over: `cchc assign --year 2026 --from 2021` proposes a reviewed file, never overwrites."""

from __future__ import annotations

import json

from cchc.cli.main import app
from cchc.io.loader import load_dataset
from cchc.models.assignments import AssignmentSet
from cchc.services.assignments import carry_over, resolve_leads
from tests.assign.conftest import CRITERIA, make_repo

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def test_bundled_2021_to_2026_replaces_agencies_by_their_2025_successors(data_copy):
    ds = load_dataset(data_copy)
    text, report = carry_over(ds, 2021, 2026)
    assert ("so-tttt", "so-khcn") in [(old, new) for old, new, _ in report.replaced]
    assert ("so-khdt", "so-tai-chinh") in [(old, new) for old, new, _ in report.replaced]
    proposal = AssignmentSet.model_validate(_yaml(text))
    agencies = [lead.agency for lead in proposal.leads]
    assert "so-tttt" not in agencies and "so-khdt" not in agencies
    assert agencies == sorted(set(agencies), key=agencies.index)  # successors merged, one entry each
    by_agency = {lead.agency: lead.codes for lead in proposal.leads}
    assert by_agency["so-khcn"] == ["7"]
    assert proposal.year == 2026 and proposal.criteria_set == "par-index-tinh-876"
    # Codes the newer set does not have are listed, not silently dropped.
    assert {code for _, code, _ in report.unmapped} == {"1.6", "7.1.10", "7.1.11", "7.4", "8.2", "8.3",
                                                         "8.4", "8.5", "8.6"}
    assert "# thay so-tttt: Sở Thông tin và Truyền thông hết hoạt động từ sau ngày 28/2/2025" in text
    assert "#   - mã 7.4 (của so-khcn)" in text
    assert any("2026" in note for note in report.notes)


def _yaml(text: str):
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


def test_cli_writes_default_file_that_validates_and_never_overwrites(runner, data_copy):
    target = data_copy / "assignments" / "2026.yaml"
    result = runner.invoke(app, ["--data", str(data_copy), "assign", "--year", "2026", "--from", "2021"], env=ENV)
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert "so-tttt → so-khcn" in result.stdout and "so-khdt → so-tai-chinh" in result.stdout
    written = target.read_text(encoding="utf-8")
    # The proposal is valid data; validate and assign report the same findings (one set, one
    # severity): every 2021 code under Lĩnh vực 8 was unmapped, so Lĩnh vực 8 has no lead in
    # 2026 — a warning in both, and assign answers "not covered" with exit code 1.
    validated = runner.invoke(app, ["validate", str(data_copy), "--no-cache", "--format", "json"], env=ENV)
    assert validated.exit_code == 0, validated.output
    found = json.loads(validated.stdout)["diagnostics"]
    assert any(d["code"] == "uncovered-criterion" and d["severity"] == "warning" and "Lĩnh vực 8" in d["message"]
               for d in found)
    checked = runner.invoke(app, ["--data", str(data_copy), "assign", "--year", "2026"], env=ENV)
    assert checked.exit_code == 1
    assert "Lĩnh vực 8: Tác động của cải cách hành chính" in checked.stderr
    assert "Sở Khoa học và Công nghệ" in checked.stdout and "Sở Thông tin" not in checked.stdout

    target.write_text(written + "# sửa tay\n", encoding="utf-8")
    again = runner.invoke(app, ["--data", str(data_copy), "assign", "--year", "2026", "--from", "2021"], env=ENV)
    assert again.exit_code == 2
    assert "đã tồn tại" in again.stderr
    assert target.read_text(encoding="utf-8").endswith("# sửa tay\n")
    forced = runner.invoke(app, ["--data", str(data_copy), "assign", "--year", "2026", "--from", "2021",
                                 "--force"], env=ENV)
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8") == written


def test_code_map_and_nested_codes_of_merged_successors(tmp_path):
    newer = CRITERIA.replace("id: bo-thu", "id: bo-moi").replace("years: [2021]", "years: [2026]")
    newer = newer.replace('{code: "3", name: Lĩnh vực ba, max_points: 4}', '{code: "4", name: Lĩnh vực bốn, max_points: 4}')
    newer += "predecessor: bo-thu\ncode_map:\n  \"3\": \"4\"\n  \"1.1\": null\n"
    assignment = """\
schema: assignments@1
id: phan-cong-2021
year: 2021
criteria_set: bo-thu
leads:
  - agency: so-tttt
    codes: ["1", "3"]
  - agency: so-khcn
    codes: ["1.2", "1.1"]
  - agency: so-tu-phap
    codes: ["2"]
"""
    repo = make_repo(tmp_path / "repo", assignment)
    (repo / "criteria" / "bo-moi.yaml").write_text(newer, encoding="utf-8")
    ds = load_dataset(repo)
    assert not [d for d in ds.diagnostics if d.is_error]
    text, report = carry_over(ds, 2021, 2026)
    proposal = AssignmentSet.model_validate(_yaml(text))
    by_agency = {lead.agency: lead.codes for lead in proposal.leads}
    # so-tttt's codes go to so-khcn; 1.2 is then inside 1 of the same agency and is dropped.
    assert by_agency == {"so-tu-phap": ["2"], "so-khcn": ["1", "4"]}
    assert report.mapped == [("3", "4")]
    assert [(a, c) for a, c, _ in report.unmapped] == [("so-khcn", "1.1")]
    assert [(a, c) for a, c, _ in report.dropped] == [("so-khcn", "1.2")]
    resolution = resolve_leads(ds.criteria_sets["bo-moi"], proposal, ds.agencies)
    assert resolution.ok


def test_target_year_must_be_later(runner, data_copy):
    result = runner.invoke(app, ["--data", str(data_copy), "assign", "--year", "2020", "--from", "2021"], env=ENV)
    assert result.exit_code == 2
    assert "phải sau năm nguồn" in result.stderr


def test_joint_leads_and_order_carry_over_through_successors(tmp_path):
    newer = CRITERIA.replace("id: bo-thu", "id: bo-moi").replace("years: [2021]", "years: [2026]")
    newer += "predecessor: bo-thu\n"
    assignment = """\
schema: assignments@1
id: phan-cong-2021
year: 2021
criteria_set: bo-thu
leads:
  - agency: so-tu-phap
    codes: ["1"]
  - agency: [so-tttt, so-noi-vu]
    codes: ["2"]
    coordinators: [so-khcn]
  - agency: [so-tttt, so-khcn]
    codes: ["3"]
order: [so-noi-vu, so-tu-phap, so-tttt]
"""
    repo = make_repo(tmp_path / "repo", assignment)
    (repo / "criteria" / "bo-moi.yaml").write_text(newer, encoding="utf-8")
    ds = load_dataset(repo)
    assert not [d for d in ds.diagnostics if d.is_error], ds.diagnostics
    text, report = carry_over(ds, 2021, 2026)
    proposal = AssignmentSet.model_validate(_yaml(text))
    # so-tttt → so-khcn: the joint lead of 2 becomes [so-khcn, so-noi-vu] (so-khcn no longer also
    # coordinates), and [so-tttt, so-khcn] collapses to so-khcn alone
    assert [(lead.agency, lead.codes, lead.coordinators) for lead in proposal.leads] == [
        ("so-tu-phap", ["1"], []), (["so-khcn", "so-noi-vu"], ["2"], []), ("so-khcn", ["3"], [])]
    assert proposal.order == ["so-noi-vu", "so-tu-phap", "so-khcn"]
    resolution = resolve_leads(ds.criteria_sets["bo-moi"], proposal, ds.agencies)
    assert resolution.ok and [g.agency_id for g in resolution.groups] == ["so-noi-vu", "so-tu-phap", "so-khcn"]
