"""`cchc import tasks`: the task table of a plan, in the shapes provinces send."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from builders import docx_table
from ruamel.yaml import YAML

from cchc.cli.main import app
from cchc.io.yamlfmt import format_text
from cchc.services.validation import validate_repo

SOURCE = "cv-ubnd-2021-nang-cao-chi-so"
HEADER_TWO_ROWS = [
    ["STT", "Nội dung nhiệm vụ", "Cơ quan thực hiện", None, "Thời gian hoàn thành", "Sản phẩm", ""],
    [None, None, "Chủ trì", "Phối hợp", None, None, ""],
]
HEADER_MERGES = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4), (0, 5, 1, 5), (0, 6, 1, 6)]
ROWS = [
    ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None, None, None],
    ["1", "Xây dựng Kế hoạch CCHC năm 2021", "Sở Nội vụ", "Các sở, ngành liên quan", "trước ngày 31/3/2021",
     "Kế hoạch", None],
    ["2", "Kiểm tra công tác CCHC\n- tại các sở\n- tại các huyện", "Sở Nội vụ", "VP UBND tỉnh",
     "15/7/2021", None, None],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None, None],
    ["3", "Rà soát thủ tục hành chính", "VP UBND tỉnh", "Sở TT&TT, Sở Tư pháp", "30/9/2021", None, None],
    ["4", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", None, None, "ngày 15 tháng 12 năm 2021",
     None, None],
]
# the lead of task 3 is merged down over task 4 (rows 6-7 of the whole table)
ROW_MERGES = [(6, 2, 7, 2)]


def _load(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture
def plan(tmp_path) -> Path:
    return docx_table(tmp_path / "ke-hoach.docx", HEADER_TWO_ROWS, ROWS, merges=HEADER_MERGES + ROW_MERGES,
                      split_after=3)


def test_plan_with_every_shape_imports(runner, data_copy, plan):
    result = runner.invoke(app, ["--data", str(data_copy), "import", "tasks", str(plan), "--source", SOURCE])
    assert result.exit_code == 0, result.output
    target = data_copy / "tasks" / f"{SOURCE}.yaml"
    text = target.read_text(encoding="utf-8")
    assert format_text(text) == text  # fmt-clean
    assert validate_repo(data_copy, use_cache=False).ok
    tasks = _load(target)["tasks"]
    assert [t["lead"] for t in tasks] == ["so-noi-vu", "so-noi-vu", "van-phong-ubnd", "van-phong-ubnd"]
    assert tasks[0]["note"] == "Phối hợp: Các sở, ngành liên quan"
    assert tasks[1]["title"] == "Kiểm tra công tác CCHC; tại các sở; tại các huyện"
    assert tasks[1]["coordinators"] == "van-phong-ubnd"
    assert tasks[2]["coordinators"] == ["so-tttt", "so-tu-phap"]
    assert [str(t["due"]) for t in tasks] == ["2021-03-31", "2021-07-15", "2021-09-30", "2021-12-15"]
    assert "# I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in text and "# II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH" in text
    assert "nối vào bảng 1" in result.output  # the split table was joined, and said so


def test_unknown_agency_stops_with_row_and_candidates_then_map_fixes_it(runner, data_copy, tmp_path):
    rows = [["1", "Rà soát văn bản", "Sở Nội vu", None, "30/9/2021", None, None]]
    plan = docx_table(tmp_path / "kh.docx", HEADER_TWO_ROWS, rows, merges=HEADER_MERGES)
    args = ["--data", str(data_copy), "import", "tasks", str(plan), "--source", SOURCE]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "kh.docx (bảng 1, dòng 3, cột 3)" in result.output
    assert "«Sở Nội vu»" in result.output and "so-noi-vu (Sở Nội vụ)" in result.output
    assert not (data_copy / "tasks" / f"{SOURCE}.yaml").exists()
    result = runner.invoke(app, [*args, "--map", "Sở Nội vu=so-noi-vu"])
    assert result.exit_code == 0, result.output


def test_unparseable_deadline_is_reported_with_its_cell(runner, data_copy, tmp_path):
    rows = [["1", "Rà soát văn bản", "Sở Nội vụ", None, "Theo tiến độ", None, None]]
    plan = docx_table(tmp_path / "kh.docx", HEADER_TWO_ROWS, rows, merges=HEADER_MERGES)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "tasks", str(plan), "--source", SOURCE])
    assert result.exit_code == 1
    assert "(bảng 1, dòng 3, cột 5)" in result.output and "«Theo tiến độ»" in result.output


def test_unrecognised_layout_names_headers_found_and_expected(runner, data_copy, tmp_path):
    plan = docx_table(tmp_path / "kh.docx", ["TT", "Tên việc", "Người làm"], [["1", "A", "B"]])
    result = runner.invoke(app, ["--data", str(data_copy), "import", "tasks", str(plan), "--source", SOURCE])
    assert result.exit_code == 1
    assert "«Tên việc»" in result.output and "«Cơ quan chủ trì»" in result.output
    assert "Traceback" not in result.output


def test_dry_run_writes_nothing_and_existing_file_is_kept(runner, data_copy, plan):
    args = ["--data", str(data_copy), "import", "tasks", str(plan), "--source", SOURCE]
    result = runner.invoke(app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Thêm nhiệm vụ xay-dung-ke-hoach-cchc-nam-2021" in result.output
    assert not (data_copy / "tasks" / f"{SOURCE}.yaml").exists()
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_excel_sheet_with_title_rows_and_merged_lead(runner, data_copy, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021"])
    ws.append([])
    ws.append(["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", None, "Ghi chú"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", None, "(6)"])
    ws.append([1, "Tuyên truyền CCHC", "Sở TT&TT", None, "30/6/2021", None, None])
    ws.append([2, "Khảo sát mức độ hài lòng", None, "SNV", "31/12/2021", None, "làm trực tuyến"])
    ws.merge_cells("C5:C6")
    path = tmp_path / "kh.xlsx"
    wb.save(path)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "tasks", str(path), "--source", SOURCE])
    assert result.exit_code == 0, result.output
    tasks = _load(data_copy / "tasks" / f"{SOURCE}.yaml")["tasks"]
    assert [t["lead"] for t in tasks] == ["so-tttt", "so-tttt"]
    assert tasks[1]["coordinators"] == "so-noi-vu" and tasks[1]["note"] == "làm trực tuyến"


def test_merged_content_cell_is_one_task_with_joint_leads(runner, data_copy, tmp_path):
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    rows = [["1", "Giảm tỷ lệ hồ sơ trễ hẹn", "VP UBND tỉnh", "31/12/2021"],
            [None, None, "Sở Tư pháp", "31/12/2021"]]
    plan = docx_table(tmp_path / "kh.docx", header, rows, merges=[(1, 0, 2, 0), (1, 1, 2, 1)])
    result = runner.invoke(app, ["--data", str(data_copy), "import", "tasks", str(plan), "--source", SOURCE])
    assert result.exit_code == 0, result.output
    tasks = _load(data_copy / "tasks" / f"{SOURCE}.yaml")["tasks"]
    assert len(tasks) == 1 and tasks[0]["lead"] == ["van-phong-ubnd", "so-tu-phap"]


def test_merged_agency_named_in_a_later_plan_points_to_its_successor(runner, data_copy, tmp_path):
    (data_copy / "documents" / "kh-2026.yaml").write_text(
        "schema: documents@1\ndocuments:\n  - id: kh-thu-2026\n    type: ke-hoach\n    issuer: ubnd-tinh\n"
        "    date: 2026-01-15\n    subject: cải cách hành chính năm 2026\n", encoding="utf-8")
    rows = [["1", "Số hóa hồ sơ", "Sở TT&TT", None, "30/6/2026", None, None]]
    plan = docx_table(tmp_path / "kh.docx", HEADER_TWO_ROWS, rows, merges=HEADER_MERGES)
    args = ["--data", str(data_copy), "import", "tasks", str(plan), "--source", "kh-thu-2026"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "so-tttt" in result.output and '--map "Sở TT&TT=so-khcn"' in result.output
    result = runner.invoke(app, [*args, "--map", "Sở TT&TT=so-khcn"])
    assert result.exit_code == 0, result.output
    assert _load(data_copy / "tasks" / "kh-thu-2026.yaml")["tasks"][0]["lead"] == "so-khcn"
