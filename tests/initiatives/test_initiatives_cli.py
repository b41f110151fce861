"""`cchc initiatives` on the Bà Rịa - Vũng Tàu example and the reorganisation fixture."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from cchc.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
BRVT = str(ROOT / "examples" / "ba-ria-vung-tau")
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "CCHC_TODAY": "2022-12-31"}  # the year of the BR-VT dispatch


def test_example_repository_validates_without_errors(runner):
    result = runner.invoke(app, ["validate", BRVT, "--no-cache"], env=ENV)
    assert result.exit_code == 0, result.output
    assert "HỢP LỆ" in result.output and " 0 lỗi" in result.output


def test_matrix_on_screen(runner):
    result = runner.invoke(app, ["--data", BRVT, "initiatives"], env=ENV)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "UBND huyện Côn Đảo" in out and "Sở Kế hoạch và Đầu tư" in out
    assert "Giải pháp 2.1 “Lập nhóm Zalo" in out
    assert "0/13 (0%)" in out  # model 2: 5 provincial bodies + 8 districts, none adopted yet
    assert "Chú thích:" in out and "Đơn vị chưa triển khai (13)" in out


def test_json_output(runner):
    result = runner.invoke(app, ["--data", BRVT, "initiatives", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["initiatives"]) == 9 and len(payload["units"]) == 13
    long_dien = next(c for c in payload["cells"]
                     if c["agency"] == "long-dien" and c["initiative"] == "ngay-thu-bay-lang-nghe-dan-noi")
    assert long_dien["status"] == "dang-trien-khai" and long_dien["recorded"] is True


def test_markdown_lists_progress_and_pending_units(runner):
    result = runner.invoke(app, ["--data", BRVT, "initiatives", "--format", "md"], env=ENV)
    assert result.exit_code == 0, result.output
    assert "| Tỷ lệ đã áp dụng |" in result.stdout
    assert "### Đơn vị chưa triển khai" in result.stdout
    assert "- UBND huyện Côn Đảo: chưa triển khai mô hình 1, 2, 3; giải pháp 1.1, 1.2, 1.3" in result.stdout


def test_xlsx_is_written_and_never_overwritten_without_force(runner, tmp_path):
    target = tmp_path / "nhan-rong.xlsx"
    result = runner.invoke(app, ["--data", BRVT, "initiatives", "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "UBND thành phố Vũng Tàu" in values and "Tỷ lệ đã áp dụng" in values
    again = runner.invoke(app, ["--data", BRVT, "initiatives", "-o", str(target)], env=ENV)
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(app, ["--data", BRVT, "initiatives", "-o", str(target), "--force"], env=ENV)
    assert forced.exit_code == 0, forced.output


def test_as_of_option_and_bad_date(runner, reorg_repo):
    result = runner.invoke(app, ["--data", str(reorg_repo), "initiatives", "--as-of", "2022-10-01",
                                 "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["as_of"] == "2022-10-01"
    assert any("không còn UBND cấp huyện" in note for note in payload["notes"])
    bad = runner.invoke(app, ["--data", str(reorg_repo), "initiatives", "--as-of", "31/6/2025"], env=ENV)
    assert bad.exit_code == 2 and "không hợp lệ" in bad.output


def test_empty_order_is_reported_on_screen(runner, reorg_repo):
    result = runner.invoke(app, ["--data", str(reorg_repo), "initiatives"], env=ENV)
    assert result.exit_code == 0, result.output
    assert "không còn UBND cấp huyện nào vào ngày 2/2/2026" in result.output
    assert "gợi ý:" in result.output


def test_unknown_document_is_an_error_not_a_traceback(runner):
    result = runner.invoke(app, ["--data", BRVT, "initiatives", "--document", "khong-co"], env=ENV)
    assert result.exit_code == 2 and "lỗi:" in result.output and "Traceback" not in result.output


def test_xlsx_has_its_date_numbers_as_numbers_and_units_of_that_date(runner, tmp_path):
    from cchc.cli.main import app as main_app

    target = tmp_path / "nhan-rong.xlsx"
    result = runner.invoke(main_app, ["--data", BRVT, "initiatives", "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    assert "Tính đến ngày 31/12/2022" in sheet.oddHeader.right.text  # CCHC_TODAY, no --as-of needed
    assert "đến ngày 31/12/2022" in sheet["A1"].value
    header = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "STT")
    titles = [c.value for c in sheet[header]]
    share = titles.index("Đã áp dụng") + 1
    adopted = titles.index("Số mô hình đã áp dụng") + 1
    body = [r for r in range(header + 1, sheet.max_row + 1) if isinstance(sheet.cell(r, 1).value, int)]
    assert body
    for r in body:
        assert isinstance(sheet.cell(r, adopted).value, int)
        value = sheet.cell(r, share).value
        assert value is None or isinstance(value, int | float) and 0 <= value <= 1
        assert sheet.cell(r, share).number_format == "0.0%"
    # In 2026 the districts of 2022 no longer exist: they are not listed, and the notes say so.
    later = tmp_path / "2026.xlsx"
    result = runner.invoke(main_app, ["--data", BRVT, "initiatives", "--as-of", "2026-01-01", "-o", str(later)],
                           env=ENV)
    assert result.exit_code == 0, result.output
    values = [str(c.value) for row in load_workbook(later).active.iter_rows() for c in row if c.value is not None]
    units = [v for v in values if v.startswith("UBND huyện")]
    assert units == [] or all("không còn hoạt động" in v for v in units)
    assert any("không còn hoạt động vào ngày 1/1/2026" in v for v in values)
