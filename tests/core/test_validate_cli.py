"""`cchc validate` and `cchc schema` through the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from cchc.cli.cached import print_plain, print_rich
from cchc.cli.main import app
from cchc.models.labels import KIND_LABELS
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


# The text report is drawn by Rich on a terminal and written plain elsewhere (cli/cached.py):
# both must say the same characters.
_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\t"),
                max_size=60)
_LABEL = st.sampled_from([*KIND_LABELS.values(), "dữ liệu", "Ủy ban", "数据表", "a"])
_COUNT = st.integers(0, 10**7).map(str)


@settings(max_examples=150, deadline=None)
@given(sections=st.lists(st.tuples(st.sampled_from(["Lỗi", "Cảnh báo"]), st.sampled_from(["red", "yellow"]),
                                   st.lists(_LINE.map(lambda s: s + "\n    gợi ý: [b]x[/b] :smile:"), min_size=1,
                                            max_size=3)), max_size=2),
       folder=_LINE, rows=st.lists(st.tuples(_LABEL, _COUNT, _COUNT), max_size=10),
       verdict=st.sampled_from([("HỢP LỆ", "green"), ("KHÔNG HỢP LỆ", "red")]), tail=_LINE)
def test_plain_text_report_is_what_rich_draws(sections, folder, rows, verdict, tail):
    report = (sections, folder, rows, (*verdict, tail))
    out, err = io.StringIO(), io.StringIO()
    print_rich(report, Console(file=out, width=80, highlight=False, emoji=False, color_system=None),
               Console(file=err, width=80, highlight=False, emoji=False, color_system=None))
    plain_out, plain_err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(plain_out), contextlib.redirect_stderr(plain_err):
        print_plain(report)
    assert plain_out.getvalue() == out.getvalue()
    assert plain_err.getvalue() == err.getvalue()


def test_text_report_is_plain_where_nothing_is_styled(runner, base_repo):
    """CliRunner's streams are no terminal: the report has no escape sequence, and the same text
    as on a terminal (where Rich draws it in colour)."""
    shutil.copy(FIXTURES / "bad" / "unknown-agency.yaml", base_repo / "tasks.yaml")
    plain = runner.invoke(app, ["validate", str(base_repo), "--no-cache"])
    styled = runner.invoke(app, ["validate", str(base_repo), "--no-cache"], env={"FORCE_COLOR": "1"})
    assert plain.exit_code == styled.exit_code == 1
    assert "\x1b[" not in plain.output and "\x1b[" in styled.output
    strip = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # colours, and the progress bar hiding the cursor
    assert strip.sub("", styled.stdout) == plain.stdout
    # (on a terminal the transient progress bar leaves the line it stood on)
    assert strip.sub("", styled.stderr).lstrip("\n") == plain.stderr
