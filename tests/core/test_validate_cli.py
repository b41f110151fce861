"""`cchc validate` and `cchc schema` through the CLI."""

from __future__ import annotations

import json
import shutil

from cchc.cli.main import app
from tests.conftest import DATA, FIXTURES


def test_bundled_data_is_valid(runner):
    result = runner.invoke(app, ["validate", str(DATA), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "HỢP LỆ" in result.stdout
    assert "0 lỗi" in result.stdout


def test_invalid_data_exits_1_with_file_line(runner, base_repo):
    shutil.copy(FIXTURES / "bad" / "unknown-agency.yaml", base_repo / "tasks.yaml")
    result = runner.invoke(app, ["validate", str(base_repo), "--no-cache"])
    assert result.exit_code == 1
    assert ("tasks.yaml:5:11: lỗi: cơ quan chủ trì «so-noi-vuu» không có trong danh mục cơ quan"
            in result.stderr)
    assert "gợi ý: có phải ý bạn là «so-noi-vu»?" in result.stderr
    assert "KHÔNG HỢP LỆ" in result.stdout
    assert "Traceback" not in result.output


def test_warnings_fail_only_with_strict(runner, base_repo):
    shutil.copy(FIXTURES / "bad" / "agency-ended.yaml", base_repo / "tasks.yaml")
    assert runner.invoke(app, ["validate", str(base_repo), "--no-cache"]).exit_code == 0
    assert runner.invoke(app, ["validate", str(base_repo), "--no-cache", "--strict"]).exit_code == 1


def test_github_format(runner, base_repo):
    shutil.copy(FIXTURES / "bad" / "invalid-date.yaml", base_repo / "tasks.yaml")
    result = runner.invoke(app, ["validate", str(base_repo), "--format", "github", "--no-cache"])
    assert result.exit_code == 1
    # one workflow command, exactly as GitHub parses it: properties, "::", the message with
    # newlines escaped as %0A (https://docs.github.com/actions/reference/workflow-commands)
    assert result.stdout == (
        "::error file=tasks.yaml,line=6,col=10,title=cchc date-parsing::"
        "«due»: «2021-02-30» không có trong lịch"
        "%0AGợi ý: ghi ngày theo dạng YYYY-MM-DD, ví dụ 2021-07-17\n")


def test_json_format(runner, base_repo):
    shutil.copy(FIXTURES / "bad" / "duplicate-key.yaml", base_repo / "tasks.yaml")
    result = runner.invoke(app, ["validate", str(base_repo), "--format", "json", "--no-cache"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] == 1
    assert payload["diagnostics"][0]["line"] == 7
    assert payload["diagnostics"][0]["code"] == "duplicate-key"


def test_missing_directory_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(app, ["--data", str(tmp_path / "khong-co"), "validate"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cache_reuses_unchanged_repo_and_notices_changes(runner, base_repo):
    first = runner.invoke(app, ["validate", str(base_repo)])
    assert first.exit_code == 0 and "lưu đệm" not in first.stdout
    second = runner.invoke(app, ["validate", str(base_repo)])
    assert "lưu đệm" in second.stdout
    shutil.copy(FIXTURES / "bad" / "unknown-agency.yaml", base_repo / "tasks.yaml")
    third = runner.invoke(app, ["validate", str(base_repo)])
    assert third.exit_code == 1 and "lưu đệm" not in third.stdout


def test_schema_command_writes_json_schemas(runner, tmp_path):
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    tasks = json.loads((tmp_path / "tasks@1.json").read_text(encoding="utf-8"))
    assert tasks["properties"]["schema"]["const"] == "tasks@1"
    task_def = tasks["$defs"]["Task"]
    assert task_def["additionalProperties"] is False
    assert "due" in task_def["properties"]
    assert {p.name for p in tmp_path.glob("*.json")} >= {"agencies@1.json", "criteria@1.json", "documents@1.json"}


def test_help_is_vietnamese(runner):
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Lệnh" in result.stdout and "validate" in result.stdout


def test_every_command_has_vietnamese_help(runner):
    from cchc.cli.entry import COMMAND_MODULES

    for name in COMMAND_MODULES:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Hiện hướng dẫn này rồi thoát." in result.stdout, name
        assert "Show this message" not in result.stdout, name
