"""Data and locations are never Rich markup or emoji codes; machine formats are plain text."""

from __future__ import annotations

import json

import openpyxl
import pytest

from cchc.cli.main import app

TITLE = "Mục :100: và :smile: [bold]x[/bold] [link=file:///etc/passwd]y[/link] \\[z]"
ENV = {"COLUMNS": "400", "NO_COLOR": "1"}


@pytest.fixture
def repo(data_copy):
    quoted = TITLE.replace("\\", "\\\\").replace('"', '\\"')
    (data_copy / "tasks" / "x.yaml").write_text(
        "schema: tasks@1\ntasks:\n  - id: nhiem-vu-thu\n"
        f"    title: \"{quoted}\"\n    lead: so-noi-vu\n    due: 2021-07-22\n    status: dang-thuc-hien\n"
        f"    note: \"{quoted}\"\n",
        encoding="utf-8")
    return data_copy


def _run(runner, repo, *args):
    result = runner.invoke(app, ["--data", str(repo), *args], env=ENV)
    return result, result.output + (result.stderr if result.stderr_bytes is not None else "")


@pytest.mark.parametrize("fmt", ["json", "md", "text", "table"])
def test_a_title_with_markup_and_emoji_codes_comes_out_unchanged(runner, repo, fmt):
    result, output = _run(runner, repo, "deadlines", "--as-of", "2021-07-20", "--format", fmt)
    assert result.exit_code == 0, output
    if fmt != "json":  # (JSON escapes the backslash; its rows are compared below)
        assert TITLE in output, output
    assert "💯" not in output and "😄" not in output
    if fmt == "json":
        rows = json.loads(result.stdout)
        assert TITLE in [row["title"] for row in rows]


def test_json_output_is_exactly_the_json(runner, repo):
    result, _ = _run(runner, repo, "deadlines", "--as-of", "2021-07-20", "--format", "json")
    rows = json.loads(result.stdout)  # nothing else on stdout: no styling, no wrapping
    # one record a line (streamed), byte for byte what json writes with compact separators
    assert "[\n  " + ",\n  ".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows) \
        + "\n]\n" == result.stdout


def test_files_keep_the_title(runner, repo, tmp_path):
    result, output = _run(runner, repo, "deadlines", "--as-of", "2021-07-20", "-o", str(tmp_path / "h.xlsx"))
    assert result.exit_code == 0, output
    book = openpyxl.load_workbook(tmp_path / "h.xlsx")
    assert TITLE in [cell.value for row in book.worksheets[0].iter_rows() for cell in row]


@pytest.fixture
def bad_repo(data_copy):
    """An unknown agency on line 100, column 11 of tasks/x.yaml."""
    lines = [f"# dòng {n}" for n in range(1, 95)]
    lines += ["schema: tasks@1", "tasks:", "  - id: nhiem-vu-thu", "    title: '" + TITLE + "'",
              "    due: 2021-07-22", "    lead: khong-co-that"]
    assert lines[99] == "    lead: khong-co-that"
    (data_copy / "tasks" / "x.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data_copy


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_an_error_on_line_100_keeps_its_location(runner, bad_repo, fmt):
    result, output = _run(runner, bad_repo, "validate", "--no-cache", "--format", fmt)
    assert result.exit_code == 1, output
    assert "💯" not in output
    if fmt == "text":
        assert "tasks/x.yaml:100:11" in output, output
    elif fmt == "github":
        assert "tasks/x.yaml,line=100,col=11" in output, output
    else:
        found = json.loads(result.stdout)
        items = found["diagnostics"] if isinstance(found, dict) else found
        assert any(d.get("line") == 100 and d.get("column") == 11 for d in items), found


def test_consoles_never_replace_emoji_codes():
    from cchc.cli import console

    with console.out.capture() as captured:
        console.out.print("tasks/x.yaml:100:11 :smile:")
    assert captured.get().strip() == "tasks/x.yaml:100:11 :smile:"
    with console.err.capture() as captured:
        console.err.print("a:100:b")
    assert captured.get().strip() == "a:100:b"
