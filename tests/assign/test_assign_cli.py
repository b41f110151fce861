"""`cchc assign` through the CLI: coverage failures, exports, and the validate cross-check."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from cchc.cli.main import app
from tests.conftest import DATA

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def invoke(runner, repo, *args):
    return runner.invoke(app, ["--data", str(repo), "assign", "--year", "2021", *args], env=ENV)


def test_good_fixture_is_covered_and_exits_0(runner, good_repo):
    result = invoke(runner, good_repo)
    assert result.exit_code == 0, result.output
    assert "Lĩnh vực 1: Lĩnh vực một (không gồm tiêu chí 1.2.2)." in result.stdout
    assert "PHỦ KÍN" in result.stderr and "CHƯA" not in result.stderr


def test_coverage_failures_exit_1_with_file_and_line(runner, bad_repo):
    result = invoke(runner, bad_repo)
    assert result.exit_code == 1
    err = result.stderr
    assert "CHƯA PHỦ KÍN" in err
    # The second "1.2.1" (line 9, column 18) is the conflicting lead.
    assert ("assignments/2021.yaml:9:18: lỗi: mã «1.2.1» được giao cho nhiều cơ quan ở cùng cấp: "
            "Sở Nội vụ, Sở Tư pháp") in err
    assert "cảnh báo: Lĩnh vực 3: Lĩnh vực ba chưa có cơ quan chủ trì" in err
    assert "Traceback" not in result.output


def test_agency_not_valid_in_year_names_successor(runner, good_repo):
    path = good_repo / "assignments" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2021", "year: 2026")
                    .replace("so-tu-phap", "so-tttt"), encoding="utf-8")
    result = runner.invoke(app, ["--data", str(good_repo), "assign", "--year", "2026"], env=ENV)
    assert result.exit_code == 1
    assert "cơ quan chủ trì «Sở Thông tin và Truyền thông» đã kết thúc hoạt động" in result.stderr
    assert "«so-khcn» (Sở Khoa học và Công nghệ)" in result.stderr


def test_unknown_code_is_reported(runner, good_repo):
    path = good_repo / "assignments" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"3"]', '"3", "4.1"]'), encoding="utf-8")
    result = invoke(runner, good_repo)
    assert result.exit_code == 1
    assert "mã «4.1» không có trong bộ tiêu chí «bo-thu»" in result.stderr


def test_missing_year_is_a_usage_error(runner, good_repo):
    result = runner.invoke(app, ["--data", str(good_repo), "assign", "--year", "2030"], env=ENV)
    assert result.exit_code == 2
    assert "không có bảng phân công cho năm 2030" in result.stderr
    assert "2021" in result.stderr


def test_validate_and_assign_report_the_same_findings_with_the_same_severity(runner, bad_repo):
    result = runner.invoke(app, ["validate", str(bad_repo), "--no-cache", "--format", "json"], env=ENV)
    assert result.exit_code == 1
    found = {(d["code"], d["severity"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("duplicate-lead", "error", 9) in found
    assert any(code == "uncovered-criterion" and severity == "warning" for code, severity, _ in found)
    assign = runner.invoke(app, ["--data", str(bad_repo), "assign", "--year", "2021", "--format", "json"],
                           env=ENV, catch_exceptions=False)
    assert assign.exit_code == 1
    assigned = {(d["code"], d["severity"], d["line"]) for d in json.loads(assign.stdout)["findings"]}
    assert assigned <= found


def test_validate_reports_an_ended_lead_as_assign_does(runner, good_repo):
    """Item 4: an agency outside its validity in the assignment's year is the same error in both."""
    path = good_repo / "assignments" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2021", "year: 2026")
                    .replace("so-tu-phap", "so-tttt"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(good_repo), "--no-cache", "--format", "json"], env=ENV)
    found = {(d["code"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("agency-not-valid", "error") in found
    assert result.exit_code == 1


def test_csv_has_bom_and_one_row_per_item(runner, good_repo, tmp_path):
    target = tmp_path / "pc.csv"
    result = invoke(runner, good_repo, "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["STT", "Tên cơ quan", "Mã", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"]
    assert [r[:3] for r in rows[1:]] == [["1", "Sở Nội vụ", "1"], ["1", "Sở Nội vụ", "3"],
                                         ["2", "Sở Tư pháp", "1.2.2"], ["2", "Sở Tư pháp", "2"]]


def test_output_file_is_never_overwritten_without_force(runner, good_repo, tmp_path):
    target = tmp_path / "pc.md"
    target.write_text("của người dùng", encoding="utf-8")
    result = invoke(runner, good_repo, "--format", "md", "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "của người dùng"
    assert invoke(runner, good_repo, "--format", "md", "-o", str(target), "--force").exit_code == 0
    assert "| STT | Tên cơ quan |" in target.read_text(encoding="utf-8")


def test_xlsx_reads_back(runner, tmp_path):
    target = tmp_path / "pc.xlsx"
    result = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021", "--format", "xlsx",
                                 "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    ws = load_workbook(target).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header_index = next(i for i, row in enumerate(values) if row[0] == "STT")
    header = values[header_index]
    assert header[:4] == ["STT", "Tên cơ quan", "Mã", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"]
    data = [row for row in values[header_index + 1:] if row[1]]
    assert len(data) == 16
    tttt = next(row for row in data if row[1] == "Sở Thông tin và Truyền thông")
    assert tttt[3] == "Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.1.10, 7.1.11, 7.4)."
    assert ws.freeze_panes == f"A{header_index + 2}"
    assert ws[f"A{header_index + 1}"].font.bold


def test_by_criterion_lists_leads_coordinators_and_unknown_points(runner, good_repo):
    result = invoke(runner, good_repo, "--by", "criterion", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    leads = {c["code"]: c["lead"] for c in payload["criteria"]}
    assert leads == {"1": "so-noi-vu", "1.1": "so-noi-vu", "1.2": "so-noi-vu", "1.2.1": "so-noi-vu",
                     "1.2.2": "so-tu-phap", "2": "so-tu-phap", "3": "so-noi-vu"}
    points = {p["agency"]: p["points"] for p in payload["points_by_agency"]}
    assert points == {"so-noi-vu": 10, "so-tu-phap": 10}


def test_by_criterion_on_bundled_data_never_shows_unknown_points_as_zero(runner):
    result = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021", "--by", "criterion"], env=ENV)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "chưa rõ" in out
    points_part = out[out.index("Tổng điểm tối đa"):]
    assert " 0 " not in points_part and "│ 0" not in points_part
    assert "Sở Kế hoạch và Đầu tư" in points_part


def test_terminal_table_refuses_output_file(runner, good_repo, tmp_path):
    result = invoke(runner, good_repo, "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 2


def test_criteria_option_checks_an_assignment_against_another_set(runner):
    result = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021", "--criteria",
                                 "par-index-tinh-876"], env=ENV)
    assert result.exit_code == 1
    assert "mã «7.4» không có trong bộ tiêu chí «par-index-tinh-876»" in result.stderr
    unknown = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021", "--criteria", "khong-co"],
                            env=ENV)
    assert unknown.exit_code == 2
    assert "bộ tiêu chí «khong-co» không tồn tại" in unknown.stderr
