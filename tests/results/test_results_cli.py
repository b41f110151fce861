"""`cchc results`: history table, gap analysis, target, exports and the PNG chart."""

from __future__ import annotations

import json

import pytest
import yaml
from openpyxl import load_workbook

from cchc.cli.main import app
from cchc.textvn import number
from tests.conftest import DATA

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_history_table(runner):
    result = runner.invoke(app, ["results"], env=ENV)
    assert result.exit_code == 0, result.output
    assert "tăng 5 bậc so với năm 2019" in result.output
    assert "45/63" in result.output and "83,22" in result.output and "87,06" in result.output
    assert "SỐ LIỆU MINH HỌA" not in result.output  # the example stays out of the history


def test_history_json_for_one_province(runner):
    result = runner.invoke(app, ["results", "--province", "Hòa Bình", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [r["year"] for r in payload["rows"]] == [2020, 2021]
    assert payload["rows"][1]["rank_change"] == "tăng 28 bậc" and payload["example"] is False


def test_gap_on_screen_shows_the_example_banner(runner):
    result = runner.invoke(app, ["results", "--gap"], env=ENV)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "SỐ LIỆU MINH HỌA" in out and "Số liệu minh họa" in out
    assert "mất 15,6 điểm" in out
    assert "Điểm mất theo cơ quan chủ trì" in out and "Văn phòng UBND tỉnh" in out
    assert "Điểm mất theo phương pháp đánh giá" in out and "điều tra xã hội học" in out


def test_gap_for_a_year_without_per_criterion_points(runner):
    result = runner.invoke(app, ["results", "--gap", "--year", "2020"], env=ENV)
    assert result.exit_code == 2
    assert "không có điểm từng tiêu chí" in result.output and "2021" in result.output


def _published(name: str) -> list[dict]:
    """The records of a results file in the bundled data, read with PyYAML (not cchc's reader)."""
    return yaml.safe_load((DATA / "results" / name).read_text(encoding="utf-8"))["results"]


def _plan_from_first_principles(target: float) -> tuple[float, list[tuple[str, float, float]]]:
    """The oracle, from the data alone: Đắk Lắk's 2021 illustrative result (the only record
    with per-criterion points) scores the sum of its criteria; each criterion lost
    max_points - points (max_points from its criteria set); recovering the largest losses
    first (ties in code order) until the score reaches ``target`` gives the plan."""
    (example,) = [r for r in _published("vi-du-minh-hoa.yaml") if r.get("criteria")]
    criteria = yaml.safe_load((DATA / "criteria" / f"{example['criteria_set']}.yaml").read_text(encoding="utf-8"))
    maximum = {item["code"]: item["max_points"] for item in criteria["items"]}
    got = {c["code"]: c["points"] for c in example["criteria"]}
    score = example["score"]
    assert round(sum(got.values()), 4) == score  # the record's total is the sum of its criteria
    losses = sorted(((code, round(maximum[code] - p, 4)) for code, p in got.items() if maximum[code] > p),
                    key=lambda item: (-item[1], tuple(int(part) for part in item[0].split("."))))
    steps, running = [], score
    for code, lost in losses:
        if running >= target:
            break
        running = round(running + lost, 4)
        steps.append((code, lost, running))
    return score, steps


def test_target_score_and_rank(runner):
    score, steps = _plan_from_first_principles(90)
    assert steps[-1][2] >= 90 and (len(steps) == 1 or steps[-2][2] < 90)
    result = runner.invoke(app, ["results", "--target", "90", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)["target"]
    assert plan["current"] == score and plan["needed"] == round(90 - score, 4)
    assert [(s["code"], s["lost"], s["score_after"]) for s in plan["steps"]] == steps
    assert plan["reached"] is True and plan["recovered"] == round(sum(lost for _, lost, _ in steps), 4)
    table = runner.invoke(app, ["results", "--target", "90"], env=ENV)
    assert table.exit_code == 0, table.output
    assert "Lộ trình đạt 90 điểm" in table.output
    assert number(steps[-1][2]) in table.output  # the last step's score, written the Vietnamese way

    # --target-rank 25: the score of the province published at rank 25 in the same year
    (peer,) = [r for r in _published("par-index.yaml")
               if r.get("year") == 2021 and r.get("rank") == 25 and not r.get("example")]
    ranked = runner.invoke(app, ["results", "--target-rank", "25", "--format", "json"], env=ENV)
    assert ranked.exit_code == 0, ranked.output
    target = json.loads(ranked.stdout)["target"]
    assert target["target"] == peer["score"] and peer["province"] in target["basis"]
    assert [(s["code"], s["lost"], s["score_after"]) for s in target["steps"]] == \
        _plan_from_first_principles(peer["score"])[1]
    both = runner.invoke(app, ["results", "--target", "90", "--target-rank", "25"], env=ENV)
    assert both.exit_code == 2


def test_gap_exports_carry_the_banner(runner, tmp_path):
    md = runner.invoke(app, ["results", "--gap", "--format", "md"], env=ENV)
    assert md.exit_code == 0 and "*Số liệu minh họa" in md.stdout and "## Điểm mất theo lĩnh vực" in md.stdout
    target = tmp_path / "diem-mat.xlsx"
    result = runner.invoke(app, ["results", "--gap", "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    assert sheet["A2"].value.startswith("Số liệu minh họa")
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Tổng cộng" in values and "Sở Nội vụ" in values
    again = runner.invoke(app, ["results", "--gap", "-o", str(target)], env=ENV)
    assert again.exit_code == 2 and "--force" in again.output


def test_unknown_output_suffix(runner, tmp_path):
    result = runner.invoke(app, ["results", "-o", str(tmp_path / "x.docx")], env=ENV)
    assert result.exit_code == 2 and ".png" in result.output


def test_history_chart_png(runner, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "lich-su.png"
    result = runner.invoke(app, ["results", "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(PNG_SIGNATURE) and target.stat().st_size > 5000


def test_gap_chart_png(runner, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "diem-mat.png"
    result = runner.invoke(app, ["results", "--gap", "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(PNG_SIGNATURE)
