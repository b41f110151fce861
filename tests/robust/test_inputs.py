"""Input that used to crash (exit 70): deep nesting, huge numbers, unbounded dates, recursive
aliases, out-of-range command-line numbers, odd output encodings and terminal widths."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from cchc.cli.main import app
from cchc.io.yamlsource import MAX_DEPTH, read_source
from cchc.services.validation import validate_repo
from tests.conftest import DATA, ROOT

TASK_HEAD = "schema: tasks@1\ntasks:\n  - id: t-1\n    lead: so-noi-vu\n"


def _only_error(repo, text: str):
    (repo / "zz.yaml").write_text(text, encoding="utf-8")
    result = validate_repo(repo, use_cache=False)
    errors = [d for d in result.errors if d.file.name == "zz.yaml"]
    assert errors, [d.format() for d in result.diagnostics]
    return errors[0]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 985, 990])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_a_located_error(base_repo, depth, style):
    if style == "flow":
        value = "[" * depth + "]" * depth
    else:
        value = "\n" + "".join(" " * (6 + 2 * level) + f"k{level}:\n" for level in range(depth)) + " " * (
            6 + 2 * depth) + "x"
    error = _only_error(base_repo, TASK_HEAD + f"    title: {value}\n")
    assert error.code == "too-deep" and error.line is not None and error.column is not None
    assert "lồng nhau quá sâu" in error.message


def test_huge_hex_integer_is_a_located_error(base_repo):
    error = _only_error(base_repo, TASK_HEAD + "    title: 0x" + "f" * 3600 + "\n")
    assert error.code == "number-too-large" and (error.line, error.column) == (5, 12)


def test_huge_decimal_integer_is_a_located_error(base_repo):
    error = _only_error(base_repo, TASK_HEAD + "    title: 9" + "9" * 5000 + "\n")
    assert error.line == 5


def test_recursive_alias_is_refused(base_repo):
    error = _only_error(base_repo, TASK_HEAD + "    title: x\n    product: &a [*a]\n")
    assert error.code in ("recursive-alias", "alias-bomb") and error.line is not None
    source = read_source(base_repo / "zz.yaml")
    assert source.data is None


def test_recursive_alias_in_a_document_data_does_not_crash_diff(tmp_path, runner, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "kho"
    shutil.copytree(DATA, repo / "data", ignore=shutil.ignore_patterns(".cchc-cache"))

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                       cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    (repo / "data" / "documents" / "zz.yaml").write_text(
        "schema: documents@1\ndocuments:\n  - id: zz\n    kind: cong-van\n    data: &d {a: *d}\n",
        encoding="utf-8")
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["--data", str(repo / "data"), "diff", "HEAD"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "lỗi nội bộ" not in result.output


@pytest.mark.parametrize("field, value, word", [
    ("due_working_days", "100000000", "due_working_days"),
])
def test_numbers_that_become_dates_are_bounded_by_validate(base_repo, field, value, word):
    error = _only_error(base_repo, TASK_HEAD + f"    title: x\n    {field}: {value}\n")
    assert word in error.message and error.line == 6


@pytest.mark.parametrize("year", ["0", "-1", "10000"])
def test_document_years_are_bounded(base_repo, year):
    error = _only_error(base_repo, "schema: documents@1\ndocuments:\n  - id: d\n    type: cong-van\n"
                                   "    issuer: ubnd-tinh\n    subject: Về việc thử\n"
                                   f"    year: {year}\n")
    assert "year" in error.message and error.line == 7


@pytest.mark.parametrize("args", [
    ["results", "--target", "nan"], ["results", "--target", "inf"], ["results", "--target", "-5"],
    ["results", "--year", "99999"],
    ["deadlines", "--within", "1000000000000"], ["deadlines", "--within", "-1"],
    ["assign", "--year", "99999", "--from", "2021"], ["assign", "--year", "2022", "--from", "-3"],
    ["init", "x", "--province", "A", "--year", "0"],
])
def test_out_of_range_numbers_are_usage_errors(runner, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--data", str(DATA), *args])
    assert result.exit_code == 2, result.output
    assert "không hợp lệ" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", "from cchc.cli.entry import run; run()", *args],
                          capture_output=True, env={**base, **env}, timeout=120, cwd=ROOT)


ENCODINGS = [{"LC_ALL": "POSIX", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "ascii"},
             {"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "cp1258"}]


@pytest.mark.parametrize("env", ENCODINGS, ids=lambda e: ",".join(f"{k}={v}" for k, v in e.items()))
def test_pipes_get_utf8_whatever_the_locale(env):
    for args in (["--help"], ["--data", str(DATA), "deadlines", "--as-of", "2021-07-20", "--format", "text"],
                 ["--data", str(DATA), "render", "khong-co"]):
        done = _run(env, *args)
        assert done.returncode in (0, 2), done.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in done.stderr
        text = (done.stdout + done.stderr).decode("utf-8")  # UTF-8 on pipes
        assert any(word in text for word in ("Lệnh", "HỢP LỆ", "NHIỆM VỤ", "lỗi"))


def test_a_terminal_that_cannot_show_vietnamese_gets_plain_letters():
    from cchc.cli import console

    assert "Lỗi: đã ghi".encode("ascii", errors=console.FALLBACK_ERRORS) == b"Loi: da ghi"
    assert "Tệp ở".encode("latin-1", errors=console.FALLBACK_ERRORS) == b"Tep o"
    assert "\udcff".encode("utf-8", errors=console.FALLBACK_ERRORS) == b"?"


@pytest.mark.parametrize("columns", ["0", "abc"])
def test_odd_columns_still_print(columns):
    done = _run({"COLUMNS": columns}, "--data", str(DATA), "validate", "--no-cache")
    assert done.returncode == 0
    assert "HỢP LỆ" in done.stdout.decode("utf-8")
    done = _run({"COLUMNS": columns}, "--data", str(DATA), "render", "khong-co")
    assert done.returncode == 2 and "lỗi" in done.stderr.decode("utf-8")


@pytest.mark.parametrize("args", [
    ["score", "--year", "2021"],
    ["score", "--year", "2025", "--rank", "--level", "so"],
    ["render", "cv-ubnd-2021-nang-cao-chi-so"],
    ["assign", "--year", "2021"],
], ids=lambda a: " ".join(a[:2]))
def test_commands_refusing_invalid_data_name_file_and_line(args, data_copy, runner, tmp_path):
    """A refusal lists its errors as file:line:column (fuzz: `score` printed them without a line)."""
    criteria = data_copy / "criteria" / "vi-du-minh-hoa-cchc-so.yaml"
    text = criteria.read_text(encoding="utf-8")
    assert "example: true" in text
    criteria.write_text(text.replace("example: true", "example: [1, 2]", 1), encoding="utf-8")
    agencies = data_copy / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "\nnot_a_field: 1\n", encoding="utf-8")
    if args[0] == "render":
        args = [*args, "-o", str(tmp_path / "x.docx")]
    result = runner.invoke(app, ["--data", str(data_copy), *args])
    assert result.exit_code == 1, result.output
    shown = [line for line in result.stderr.splitlines() if ".yaml" in line and "lỗi:" in line]
    assert shown, result.stderr
    for line in shown:
        assert re.match(r"^\S+\.yaml:\d+:\d+: lỗi:", line), line


def test_diff_does_not_call_an_unreadable_record_removed(tmp_path, runner, monkeypatch):
    """A document whose file got an error is not "Xóa văn bản …": it could not be compared."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "kho"
    shutil.copytree(DATA, repo / "data", ignore=shutil.ignore_patterns(".cchc-cache"))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                       cwd=repo, check=True, capture_output=True)
    document = repo / "data" / "documents" / "don-doc-nhiem-vu.yaml"
    text = document.read_text(encoding="utf-8")
    assert "reminder: {within: 5}" in text
    document.write_text(text.replace("reminder: {within: 5}", "reminder: &a [*a]"), encoding="utf-8")
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["--data", str(repo / "data"), "diff", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "Xóa văn bản" not in result.stdout
    assert ("không so sánh được văn bản «cv-ubnd-don-doc-nhiem-vu-cchc»: tệp documents/don-doc-nhiem-vu.yaml"
            in " ".join(result.stdout.split()))


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2069"])
def test_bidirectional_controls_are_located_errors(base_repo, char):
    """Text that displays in another order than it is stored (Trojan Source) is refused, located."""
    found = _only_error(base_repo, TASK_HEAD + f'    title: "Sở Nội vụ {char}ụv iộN"\n')
    assert found.code == "bidi-control" and (found.line, found.column) == (5, 23)
    assert f"U+{ord(char):04X}" in found.message and "thứ tự khác" in found.message


DOC_HEAD = ("schema: documents@1\ndocuments:\n  - id: vb-sau\n    type: cong-van\n    issuer: ubnd-tinh\n"
            "    number: 1\n    symbol: UBND-NV\n    date: 2021-01-05\n    subject: Thử\n")


@pytest.mark.parametrize("depth", [3, 36, 37, MAX_DEPTH])
def test_free_form_document_data_is_bounded_whichever_reader_reads_it(tmp_path, depth):
    """A document's ``data:`` is free-form: the compiled reader keeps it only when it nests
    shallowly; deeper data goes to the strict reader, which refuses more than MAX_DEPTH levels."""
    from cchc.io.loader import FAST_FREE_FORM_DEPTH, Loader

    path = tmp_path / "docs.yaml"
    path.write_text(DOC_HEAD + "    data: {a: " + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    ds = Loader(tmp_path).load([path])
    too_deep = [d for d in ds.diagnostics if d.code == "too-deep"]
    levels = depth + 4  # the file, `documents`, the document, `data`, then `depth` lists
    assert bool(too_deep) == (levels > MAX_DEPTH)
    assert ds.sources[0].fast == (levels <= FAST_FREE_FORM_DEPTH)
    if not too_deep:
        assert "vb-sau" in ds.documents
