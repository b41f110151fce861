"""What `cchc deadlines` prints on a large repository: a table a person reads, plain machine formats."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate
from cchc.cli.main import app
from cchc.io.loader import load_dataset
from cchc.output.stream import BATCH, write_json_array
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


def _compact(item) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("floats", [True, False])
@pytest.mark.parametrize("count", [1, BATCH - 1, BATCH, BATCH + 1, 9 * BATCH + 3])
def test_write_json_array_writes_each_record_as_json_dumps_on_its_own_line(count, floats) -> None:
    import io

    items = [{"i": i, "title": f"Nhiệm vụ «{i}»\t\"x\"", "none": None, "n": [i, 2**70 if i % 3 else -1], "ok": i % 2 == 0}
             for i in range(count)]
    expected = "[\n  " + ",\n  ".join(_compact(item) for item in items) + "\n]\n"
    text, binary = io.StringIO(), io.BytesIO()
    write_json_array(iter(items), text, floats=floats)
    write_json_array(iter(items), binary, floats=floats)
    assert text.getvalue() == expected
    assert binary.getvalue() == expected.encode("utf-8")


def test_floats_are_written_as_python_writes_them() -> None:
    """orjson writes 1e-6 and 1e16 in its own way: a record that may hold a float never reaches it."""
    import io

    items = [{"x": 1e-06}, [1e16, 0.5, -0.0, float("nan")]]
    binary = io.BytesIO()
    write_json_array(iter(items), binary)
    assert binary.getvalue().decode() == "[\n  " + ",\n  ".join(_compact(item) for item in items) + "\n]\n"


_TEXT = st.text(st.characters(exclude_categories=("Cs",)))  # no lone surrogate: no YAML text holds one
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_orjson_and_the_fallback_write_the_same_bytes(value) -> None:
    """The fallback (no orjson wheel, or a value orjson declines) writes what orjson writes, for
    every value a record without floats can hold; both read back as the value."""
    from cchc.output.stream import fallback_encoder, json_encoder

    orjson = pytest.importorskip("orjson")
    written = json_encoder(floats=False)(value)
    assert written == orjson.dumps(value) == fallback_encoder()(value)
    assert json.loads(written) == value


def test_a_value_orjson_declines_is_written_by_the_fallback() -> None:
    from cchc.output.stream import json_encoder

    deep: list = []
    for _ in range(300):  # orjson stops at 255 levels
        deep = [deep]
    for value in ({"n": 2**64}, deep):
        assert json_encoder(floats=False)(value) == _compact(value).encode()


def test_deadline_rows_hold_no_float() -> None:
    """export_deadlines lets orjson write the rows (floats=False): no field of a row may be a float."""
    import dataclasses
    import typing

    from cchc.domain.progress import TaskProgress, UnitState
    from cchc.services.deadlines import DeadlineRow

    for cls in (DeadlineRow, TaskProgress, UnitState):
        hints = typing.get_type_hints(cls)
        for item in dataclasses.fields(cls):
            assert "float" not in str(hints[item.name]), (cls.__name__, item.name)


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


@pytest.mark.parametrize("show_all", [False, True])
@pytest.mark.parametrize("options", [{}, {"states": ("overdue",)}, {"states": ("cancelled", "done_late")},
                                     {"agency": "don-vi-0003"}, {"within": 40}])
@pytest.mark.parametrize("as_of", ["2021-03-01", AS_OF, "2022-12-31"])
def test_the_terminal_lists_and_counts_as_its_rule_says(repo, as_of, options, show_all) -> None:
    """_listed counts instead of filtering 38,000 rows: the same as the rule written plainly
    (up to 60 rows everything, else the attention states; at most 100; the rest counted by state)."""
    from collections import Counter
    from datetime import date

    from cchc.cli.deadlines import ATTENTION_STATES, LIST_ALL_UP_TO, LIST_AT_MOST, _listed
    from cchc.services.deadlines import DeadlineState

    states = tuple(DeadlineState(s) for s in options.get("states", ())) or None
    report = deadline_report(load_dataset(repo), date.fromisoformat(as_of), states=states,
                             **{k: v for k, v in options.items() if k != "states"})
    rows, rest = report.rows, []
    if not show_all and states is None and len(rows) > LIST_ALL_UP_TO:
        rows = [row for row in report.rows if row.state in ATTENTION_STATES]
        rest = [row for row in report.rows if row.state not in ATTENTION_STATES]
    if not show_all and len(rows) > LIST_AT_MOST:
        rest, rows = rows[LIST_AT_MOST:] + rest, rows[:LIST_AT_MOST]
    assert _listed(report, show_all=show_all) == (rows, Counter(row.state for row in rest))


def test_the_listing_is_the_same_bytes_without_orjson(runner, repo, monkeypatch) -> None:
    """Where orjson's wheel is missing, json's encoder writes the very same listing."""
    pytest.importorskip("orjson")
    from cchc.output import stream

    with_orjson = _run(runner, repo, "--format", "json").stdout_bytes
    monkeypatch.setattr(stream, "orjson", None)
    assert _run(runner, repo, "--format", "json").stdout_bytes == with_orjson
