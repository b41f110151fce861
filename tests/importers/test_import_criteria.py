"""`cchc import criteria`: codes, names, points and the survey marker from a criteria table."""

from __future__ import annotations

import openpyxl
from builders import docx_table
from ruamel.yaml import YAML

from cchc.cli.main import app

HEADER = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Phương pháp đánh giá", "Điểm tự chấm"]
ROWS = [
    ["1", "Công tác chỉ đạo, điều hành CCHC", "10", None, None],
    ["1.1", "Kế hoạch CCHC năm", "4", "Thẩm định", None],
    ["1.1.1", "Ban hành kịp thời", "2", None, None],
    ["1.1.2", "Mức độ hoàn thành kế hoạch", "2", None, None],
    ["1.2", "Mức độ hài lòng về công tác chỉ đạo", "6", "Điều tra XHH", None],
    ["2", "Cải cách thủ tục hành chính", "90", None, None],
    ["2.1", "Công khai thủ tục hành chính (ĐTXHH)", "90", None, None],
    ["", "Tổng cộng", "100", None, None],
]
ARGS = ["import", "criteria", "--id", "bo-moi", "--index", "PAR_INDEX", "--basis", "876/QĐ-BNV",
        "--years", "2022,2023", "--basis-date", "2022-11-15"]


def _load(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_criteria_table_with_points_and_survey_marker(runner, data_copy, tmp_path):
    docx = docx_table(tmp_path / "bo.docx", HEADER, ROWS)
    result = runner.invoke(app, ["--data", str(data_copy), *ARGS[:1], ARGS[1], str(docx), *ARGS[2:]])
    assert result.exit_code == 0, result.output
    data = _load(data_copy / "criteria" / "bo-moi.yaml")
    assert data["legal_basis"] == {"number": "876/QĐ-BNV", "date": __import__("datetime").date(2022, 11, 15),
                                   "issuer": "Bộ Nội vụ"}
    assert [i["code"] for i in data["items"]] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"]
    assert all(isinstance(i["code"], str) for i in data["items"])
    assert data["total_points"] == 100 and "complete" not in data
    by_code = {i["code"]: i for i in data["items"]}
    assert by_code["1.2"]["method"] == "dieu-tra-xhh" and by_code["1.1"]["method"] == "tham-dinh"
    assert by_code["2.1"] == {"code": "2.1", "name": "Công khai thủ tục hành chính", "max_points": 90,
                              "method": "dieu-tra-xhh"}


def test_children_not_adding_up_are_reported_with_the_row(runner, data_copy, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[3][2] = "3"  # 1.1.1 + 1.1.2 = 5, not 4
    docx = docx_table(tmp_path / "bo.docx", HEADER, rows)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "criteria", str(docx), *ARGS[2:]])
    assert result.exit_code == 1
    assert "(bảng 1, dòng 3)" in result.output and "mã 1.1: điểm tối đa 4" in result.output
    assert not (data_copy / "criteria" / "bo-moi.yaml").exists()


def test_table_without_points_imports_as_incomplete(runner, data_copy, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["TT", "Nội dung"])
    for code, name in [("I", "Công tác chỉ đạo"), ("1", "Kế hoạch"), ("2", "Báo cáo"), ("II", "Thể chế"),
                       ("1", "Văn bản quy phạm")]:
        ws.append([code, name])
    path = tmp_path / "bo.xlsx"
    wb.save(path)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "criteria", str(path), *ARGS[2:]])
    assert result.exit_code == 0, result.output
    data = _load(data_copy / "criteria" / "bo-moi.yaml")
    assert data["complete"] is False
    assert [i["code"] for i in data["items"]] == ["1", "1.1", "1.2", "2", "2.1"]
    assert all("max_points" not in i for i in data["items"])
    assert "La Mã" in result.output and "chưa xác minh" in (data_copy / "criteria" / "bo-moi.yaml").read_text()
