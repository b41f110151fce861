"""`cchc score` through Typer's CliRunner: every option, formats, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from cchc.cli.main import app


def run(runner, repo, *args):
    return runner.invoke(app, ["--data", str(repo), "score", *args], env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_by_criterion_table(runner, score_repo):
    result = run(runner, score_repo, "--year", "2025", "--unit", "so-a")
    assert result.exit_code == 0, result.output
    assert "Bảng điểm công tác CCHC năm 2025 - Sở A" in result.output
    assert "Sở A: tự chấm 90/100 điểm; thẩm định lần 1 85; kết quả cuối cùng 87, xếp loại Tốt." in result.output


def test_by_agency_and_unit(runner, score_repo):
    result = run(runner, score_repo, "-y", "2025", "-u", "so-c", "--by", "agency")
    assert result.exit_code == 0, result.output
    assert "Sở C: 4/4 đã tự chấm, 1 chờ giải trình, bị trừ 1 điểm" in result.output
    result = run(runner, score_repo, "-y", "2025", "--by", "unit", "--format", "json")
    data = json.loads(result.stdout)
    assert [u["unit"] for u in data["units"]] == ["so-a", "so-b", "so-c"]


def test_rank_formats(runner, score_repo, tmp_path):
    result = run(runner, score_repo, "-y", "2025", "--rank", "--level", "so", "-f", "md")
    assert result.exit_code == 0, result.output
    assert "| 2 | Sở B |" in result.stdout and "| 2 | Sở C |" in result.stdout
    assert "\x1b" not in result.stdout
    rows = list(csv.reader(io.StringIO(run(runner, score_repo, "-y", "2025", "--rank", "--level", "so",
                                           "-f", "csv").stdout.lstrip("\ufeff"))))
    assert rows[0][0] == "Xếp hạng" and [r[0] for r in rows[1:]] == ["1", "2", "2"]
    data = json.loads(run(runner, score_repo, "-y", "2025", "--rank", "--level", "so", "-f", "json").stdout)
    assert [r["rank"] for r in data["rows"]] == [1, 2, 2] and data["rows"][0]["change"] == "tăng 1 bậc"
    path = tmp_path / "xep-hang.xlsx"
    result = run(runner, score_repo, "-y", "2025", "--rank", "--level", "so", "-o", str(path))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]][:2] == ["Xếp hạng", "Đơn vị"] or sheet.max_row > 3
    again = run(runner, score_repo, "-y", "2025", "--rank", "--level", "so", "-o", str(path))
    assert again.exit_code != 0  # never overwrite without --force
    forced = run(runner, score_repo, "-y", "2025", "--rank", "--level", "so", "-o", str(path), "--force")
    assert forced.exit_code == 0


def test_example_banner(runner):
    from tests.conftest import DATA

    result = run(runner, DATA, "-y", "2025", "--rank", "--level", "xa")
    assert result.exit_code == 0, result.output
    assert "SỐ LIỆU MINH HỌA" in result.output and "Xếp hạng tạm thời" in result.output
    md = run(runner, DATA, "-y", "2025", "--rank", "--level", "xa", "-f", "md").stdout
    assert "*Số liệu minh họa" in md


@pytest.mark.parametrize("args, text", [
    (["-y", "2025"], "--unit"),
    (["-y", "2025", "--rank"], "--level"),
    (["-y", "2025", "--rank", "--level", "so", "--unit", "so-a"], "--unit"),
    (["-y", "2025", "--level", "so"], "--level"),
    (["-y", "2025", "--rank", "--level", "xaa"], "cấp «xaa» không có"),
    (["-y", "2025", "--unit", "so-x"], "chưa có bảng điểm"),
    (["-y", "1999"], "1999"),
    (["-y", "2025", "-u", "so-a", "-f", "table", "-o", "x.md"], "-o"),
    (["-y", "2025", "-u", "so-a", "-f", "json", "-o", "x.md"], "mâu thuẫn"),
    (["-y", "2025", "-u", "so-a", "-o", "x.pdf"], "x.pdf"),
    (["-y", "2025", "-u", "so-a", "--by", "cơ-quan"], "cơ-quan"),
])
def test_usage_errors(runner, score_repo, args, text):
    result = run(runner, score_repo, *args)
    assert result.exit_code == 2, result.output
    assert text in result.output
    assert "Traceback" not in result.output


def test_bad_data_is_refused(runner, score_repo):
    (score_repo / "assessments" / "2025" / "so-a.yaml").write_text(
        (score_repo / "assessments" / "2025" / "so-a.yaml").read_text().replace("self_score: 20", "self_score: 25"),
        encoding="utf-8")
    result = run(runner, score_repo, "-y", "2025", "--rank", "--level", "so")
    assert result.exit_code == 1
    assert "không tính điểm được" in result.output
