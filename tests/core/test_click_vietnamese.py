"""Click's own messages reach the user in Vietnamese (#11 item 12), and CCHC_DEBUG (#11 item 3).

Every kind of parse error Click can raise is made on several commands, in process (CliRunner)
and through the executable: exit code 2, the Vietnamese message, and none of Click's English.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from cchc.cli.main import app
from cchc.errors import UsageError

# Words of Click's and Typer's English messages; none may reach a user.
ENGLISH = re.compile(r"Usage:|Missing|No such|Invalid value|Got unexpected|Try '|Error|Possible options|"
                     r"requires|does not|is not one of|Option '|Argument|Did you mean|Aborted|"
                     r"Show this message|<bool>|\[OPTIONS\]|COMMAND|Input should|Value error")

# (command line, what the message must say)
PARSE_ERRORS = [
    (["assign"], "lỗi: thiếu tùy chọn bắt buộc --year / -y"),
    (["score"], "lỗi: thiếu tùy chọn bắt buộc --year / -y"),
    (["agency", "end", "--on", "2025-02-28"], "lỗi: thiếu tham số bắt buộc MÃ_CƠ_QUAN"),
    (["init"], "lỗi: thiếu tham số bắt buộc THƯ_MỤC"),
    (["assign", "--year", "2021", "--nope"], "lỗi: không có tùy chọn --nope trong lệnh cchc assign"),
    (["deadlines", "--nope"], "lỗi: không có tùy chọn --nope trong lệnh cchc deadlines"),
    (["--nope", "validate"], "lỗi: không có tùy chọn --nope trong lệnh cchc"),
    (["assign", "--year", "2021", "--fromm", "2020"], "gợi ý: có phải ý bạn là «--from»?"),
    (["deadlines", "--as-off", "2022-01-01"], "gợi ý: có phải ý bạn là «--as-of»?"),
    (["assign", "--year"], "lỗi: tùy chọn --year cần một giá trị ngay phía sau"),
    (["deadlines", "--within"], "lỗi: tùy chọn --within cần một giá trị ngay phía sau"),
    (["render", "--force=yes"], "lỗi: tùy chọn --force là một cờ, không nhận giá trị"),
    (["assign", "--year", "abc"], "lỗi: giá trị «abc» của --year / -y không hợp lệ: phải là một số nguyên"),
    (["deadlines", "--within", "1.5"], "lỗi: giá trị «1.5» của --within / -w không hợp lệ: phải là một số nguyên"),
    (["results", "--target", "nhiều"], "lỗi: giá trị «nhiều» của --target không hợp lệ: phải là một số"),
    (["deadlines", "--format", "jsn"],
     "lỗi: giá trị «jsn» của --format / -f không hợp lệ: phải là một trong: table"),
    (["deadlines", "--format", "jsn"], "gợi ý: có phải ý bạn là «json»?"),
    (["score", "--year", "2021", "--by", "unitt"], "gợi ý: có phải ý bạn là «unit»?"),
    (["assign", "--year", "2021", "thừa"], "lỗi: thừa tham số: «thừa»"),
    (["validate", "data", "thừa"], "lỗi: thừa tham số: «thừa»"),
    (["asign"], "lỗi: không có lệnh «asign»"),
    (["asign"], "gợi ý: có phải ý bạn là «assign»?"),
    (["agency", "kết-thúc"], "lỗi: không có lệnh «kết-thúc»"),
    (["--data"], "lỗi: tùy chọn --data cần một giá trị ngay phía sau"),
    (["validate", "--data", "data"], "gợi ý: --data là tùy chọn chung, đặt trước tên lệnh: cchc --data … validate"),
    (["agency", "end", "--debug"], "đặt trước tên lệnh: cchc --debug … agency end"),
]


def _assert_vietnamese_usage_error(exit_code: int, stderr: str, expected: str) -> None:
    assert exit_code == 2, stderr
    assert expected in stderr, stderr
    assert not ENGLISH.search(stderr), stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(("args", "expected"), PARSE_ERRORS)
def test_parse_errors_are_vietnamese(runner, args, expected):
    result = runner.invoke(app, args, catch_exceptions=False)
    _assert_vietnamese_usage_error(result.exit_code, result.stderr, expected)
    assert "xem cách dùng: cchc" in result.stderr or "xem danh sách lệnh: cchc" in result.stderr


def test_usage_line_is_vietnamese(runner):
    result = runner.invoke(app, ["assign"], catch_exceptions=False)
    assert result.stderr.splitlines()[0] == "Cách dùng: cchc assign [TÙY_CHỌN]"
    result = runner.invoke(app, ["agency", "end"], catch_exceptions=False)
    assert "Cách dùng: cchc agency end [TÙY_CHỌN]" in result.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (["assign"], "lỗi: thiếu tùy chọn bắt buộc --year / -y"),
    (["deadlines", "--fomat", "md"], "có phải ý bạn là «--format»?"),
    (["assign", "--year"], "lỗi: tùy chọn --year cần một giá trị ngay phía sau"),
    (["nope"], "lỗi: không có lệnh «nope»"),
    (["render", "--list=1"], "không nhận giá trị"),
])
def test_parse_errors_through_the_executable(args, expected):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"}
    env.pop("CCHC_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "cchc", *args], capture_output=True, text=True, env=env,
                          encoding="utf-8")
    _assert_vietnamese_usage_error(done.returncode, done.stderr, expected)
    assert done.stdout == ""


def _commands() -> list[list[str]]:
    import typer.main

    root = typer.main.get_command(app)
    found: list[list[str]] = [[]]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        found.append([name])
        for sub in getattr(command, "commands", {}):
            found.append([name, sub])
    return found


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "cchc")
def test_help_is_vietnamese_without_bool_metavar(runner, path):
    result = runner.invoke(app, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Cách dùng: cchc" in result.stdout
    assert "Hiện hướng dẫn này rồi thoát." in result.stdout
    assert not ENGLISH.search(result.stdout), result.stdout
    # no English type names either: a flag shows no type at all
    assert not re.search(r"<(int|str|float|path|Path|file|dir|bool|list\[\w+\])>", result.stdout), result.stdout


def test_flags_show_no_type_and_values_show_a_vietnamese_one(runner):
    out = runner.invoke(app, ["assign", "--help"], catch_exceptions=False).stdout
    force = next(line for line in out.splitlines() if "--force" in line)
    assert "<" not in force
    year = next(line for line in out.splitlines() if "--year" in line)
    assert "<số nguyên>" in year


# --- CCHC_DEBUG (#11 item 3) -----------------------------------------------------------------


def test_library_error_without_debug_is_a_message(runner, tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "không-có")])
    assert result.exit_code == 2
    assert "lỗi: thư mục dữ liệu" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_cchc_debug_shows_the_traceback_of_a_library_error(runner, tmp_path, monkeypatch, value):
    monkeypatch.setenv("CCHC_DEBUG", value)
    with pytest.raises(UsageError):  # the shared runner lets the exception through, as the terminal shows it
        runner.invoke(app, ["validate", str(tmp_path / "không-có")])


@pytest.mark.parametrize("value", ["0", "", "false"])
def test_cchc_debug_off_values(runner, tmp_path, monkeypatch, value):
    monkeypatch.setenv("CCHC_DEBUG", value)
    result = runner.invoke(app, ["validate", str(tmp_path / "không-có")])
    assert result.exit_code == 2
    assert not isinstance(result.exception, UsageError)


def test_cchc_debug_through_the_executable(tmp_path):
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    missing = str(tmp_path / "không-có")
    env.pop("CCHC_DEBUG", None)
    quiet = subprocess.run([sys.executable, "-m", "cchc", "validate", missing], capture_output=True,
                           text=True, env=env, encoding="utf-8")
    assert quiet.returncode == 2
    assert "Traceback" not in quiet.stderr and "lỗi: thư mục dữ liệu" in quiet.stderr
    loud = subprocess.run([sys.executable, "-m", "cchc", "validate", missing], capture_output=True,
                          text=True, env={**env, "CCHC_DEBUG": "1"}, encoding="utf-8")
    assert loud.returncode != 0
    assert "Traceback" in loud.stderr and "cchc.errors.UsageError" in loud.stderr


def test_an_unexpected_error_is_a_message_unless_debug(runner, monkeypatch):
    import cchc.cli.validate as validate_module

    def boom(*args, **kwargs):
        raise ZeroDivisionError("chia cho 0")

    monkeypatch.setattr(validate_module, "run_validation", boom, raising=False)
    monkeypatch.setattr(validate_module, "data_dir", boom)
    result = runner.invoke(app, ["validate"], internal_error_ok=True)  # this test is about exit 70
    assert result.exit_code == 70
    assert "lỗi nội bộ của cchc: ZeroDivisionError" in result.stderr
    monkeypatch.setenv("CCHC_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        runner.invoke(app, ["validate"])
