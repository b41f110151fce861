"""What `cchc deadlines` prints on a large repository: a table a person reads, plain machine formats."""

from __future__ import annotations

import json

import pytest

from bench.generate import generate
from cchc.cli.main import app
from cchc.io.loader import load_dataset
from cchc.output.stream import write_json_array
from cchc.services.deadlines import deadline_report

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
AS_OF = "2021-10-01"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("lon"), agencies=20, tasks=300, files=3)


def _run(runner, repo, *args):
    return runner.invoke(app, ["--data", str(repo), "deadlines", "--as-of", AS_OF, *args], env=ENV,
                         catch_exceptions=False)


def test_json_is_streamed_one_record_a_line(runner, repo) -> None:
    from datetime import date

    report = deadline_report(load_dataset(repo), date.fromisoformat(AS_OF))
    result = _run(runner, repo, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == report.to_json_rows()
    lines = result.stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(report.rows) + 2 == 302


@pytest.mark.parametrize("items", [[], [{}], [{"a": [1, {"b": "x\ny"}]}, {"c": None}], [1, "đ", [2, [3]]]])
def test_write_json_array_matches_json_dumps(items) -> None:
    import io

    stream = io.StringIO()
    assert write_json_array(iter(items), stream) == len(items)
    assert json.loads(stream.getvalue()) == items
    assert stream.getvalue().count("\n") == len(items) + (2 if items else 1)


@pytest.mark.parametrize("count", [1, 255, 256, 257, 600])
def test_write_json_array_writes_each_record_as_json_dumps_on_its_own_line(count) -> None:
    import io

    items = [{"i": i, "title": f"Nhiệm vụ «{i}»\t\"x\"", "none": None, "n": [i, 1.5], "ok": i % 2 == 0}
             for i in range(count)]
    stream = io.StringIO()
    write_json_array(iter(items), stream)
    expected = "[\n  " + ",\n  ".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"
    assert stream.getvalue() == expected


def test_table_lists_what_needs_attention_and_counts_the_rest(runner, repo) -> None:
    result = _run(runner, repo)
    assert result.exit_code == 0
    shown = [line for line in result.stdout.splitlines() if "nhiem-vu-" in line]
    assert 0 < len(shown) <= 100
    assert "thêm --all để xem tất cả" in result.stdout
    full = _run(runner, repo, "--all")
    assert len([line for line in full.stdout.splitlines() if "nhiem-vu-" in line]) == 300
    assert "thêm --all" not in full.stdout


def test_markup_in_machine_formats_is_left_alone(runner, tmp_path) -> None:
    repo = generate(tmp_path / "r", agencies=5, tasks=10, files=1)
    path = next((repo / "tasks").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    head, _, tail = text.partition("    title: ")
    title, newline, rest = tail.partition("\n")
    path.write_text(f"{head}    title: '[bold]Mục[/bold] :100: {title}'{newline}{rest}", encoding="utf-8")
    result = _run(runner, repo, "--format", "md")
    assert "[bold]Mục[/bold] :100:" in result.stdout
    result = _run(runner, repo, "--format", "json")
    assert any(row["title"].startswith("[bold]Mục[/bold] :100: ") for row in json.loads(result.stdout))


def test_table_summary_lists_the_agencies_with_most_overdue_and_counts_the_rest(runner, tmp_path) -> None:
    from datetime import date

    from cchc.cli.deadlines import SUMMARY_AT_MOST

    repo = generate(tmp_path / "many", agencies=SUMMARY_AT_MOST + 20, tasks=400, files=2)
    report = deadline_report(load_dataset(repo), date.fromisoformat(AS_OF))
    assert len(report.by_agency) > SUMMARY_AT_MOST
    worst = sorted(report.by_agency, key=lambda g: (-g.counts.overdue, -g.counts.due_soon))[0]
    result = _run(runner, repo)
    assert result.exit_code == 0
    left_out = len(report.by_agency) - SUMMARY_AT_MOST
    assert f"không liệt kê {left_out} cơ quan khác; thêm --all để xem tất cả" in " ".join(result.stdout.split())
    assert worst.label in result.stdout
    full = _run(runner, repo, "--all")
    assert "cơ quan khác; thêm --all" not in full.stdout
    assert all(group.label in full.stdout for group in report.by_agency)
