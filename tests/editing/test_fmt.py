"""`cchc fmt`: canonical layout, codes quoted, comments kept, idempotent, atomic, refuses bad files."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.cli.main import app
from cchc.errors import DataError
from cchc.io.yamlfmt import comments, format_bytes, format_text, quote_codes
from cchc.io.yamlsource import read_source
from tests.conftest import DATA

CASES = __import__("pathlib").Path(__file__).parent / "fmt-cases"


def load(text: str):
    source = read_source(__import__("pathlib").Path("x.yaml"), text.encode("utf-8"))
    assert not [d for d in source.diagnostics if d.is_error], source.diagnostics
    return source.data


# ---- examples -------------------------------------------------------------------------


def test_codes_are_quoted_exactly_as_written():
    text = ("schema: criteria@1\n"
            "code_map: {1.1: 1.20, \"2\": ~}\n"
            "items:\n- code: 7.10   # mười, không phải một\n  name: Tên\n  order: 7.5\n"
            "- code: '7.4'\n  name: B\n")
    out = format_text(text)
    assert 'code_map: {"1.1": "1.20", "2": null}' in out
    assert '  - code: "7.10"' in out and "# mười, không phải một" in out
    assert '  - code: "7.4"' in out
    assert "    order: 7.5\n" in out  # not a code field: left alone
    assert load(out)["items"][0]["code"] == "7.10"
    tasks = "schema: tasks@1\ntasks:\n- id: a\n  criteria:\n  - 7.1.10\n  - 3\n- id: b\n  criteria: [1, 7.10, '7.4', \"8\"]\n"
    out = format_text(tasks)
    assert '    criteria:\n      - "7.1.10"\n      - "3"\n' in out
    assert 'criteria: ["1", "7.10", "7.4", "8"]' in out
    assignments = "schema: assignments@1\nleads:\n- agency: x\n  codes: 7.10\nunassigned:\n- code: 9\n"
    out = format_text(assignments)
    assert 'codes: "7.10"' in out and 'code: "9"' in out


def test_anchors_and_tags_before_a_code_are_kept():
    out = format_text("schema: tasks@1\ntasks:\n- id: a\n  criteria: [&x 7.4, !!str 7.5]\n- id: b\n"
                      "  criteria: [*x]\n")
    assert 'criteria: [&x "7.4", !!str "7.5"]' in out and "criteria: [*x]" in out
    assert load(out)["tasks"][0]["criteria"] == ["7.4", "7.5"]


def test_quote_codes_leaves_other_values_alone():
    text = "schema: tasks@1\ntasks:\n- id: a\n  criteria: abc\n  title: 7.4\n  note: 1.2\n"
    assert quote_codes(text) == text
    unknown = "code: 7.4\ncodes: [1.2]\ncriteria: 3\n"  # no schema: no model says these are codes
    assert quote_codes(unknown) == unknown


def test_free_form_document_data_is_never_quoted(runner, tmp_path):
    """`criteria`, `code`, `codes` under a document's data: are the template's numbers."""
    text = ("schema: documents@1\ndocuments:\n- id: cv-thu\n  type: cong-van\n  data:\n"
            "    criteria: 27\n    code: 7.5\n    codes: [1.2, 3]\n"
            "    nested: {criteria: 4}\n    items:\n      - code: 1.1\n")
    assert format_text(text) == ("schema: documents@1\ndocuments:\n  - id: cv-thu\n    type: cong-van\n"
                                 "    data:\n      criteria: 27\n      code: 7.5\n      codes: [1.2, 3]\n"
                                 "      nested: {criteria: 4}\n      items:\n        - code: 1.1\n")
    assert load(format_text(text))["documents"][0]["data"]["criteria"] == 27


def test_code_fields_come_from_the_models():
    from cchc.models.code_fields import CODE, CODE_MAP, code_shape
    from cchc.models.registry import KINDS

    shapes = {kind: code_shape(versions[1]) for kind, versions in KINDS.items()}
    assert shapes["tasks"].fields["tasks"].fields["criteria"] is CODE
    assert shapes["criteria"].fields["code_map"] is CODE_MAP
    assert shapes["criteria"].fields["items"].fields["code"] is CODE
    assert shapes["results"].fields["results"].fields["criteria"].fields["code"] is CODE
    assert "data" not in shapes["documents"].fields and not shapes["documents"].fields
    assert not shapes["agencies"].fields


def test_canonical_indentation_and_spacing():
    text = "schema: tasks@1\ntasks:\n-   id: a\n    lead:    [x, y]\n    title:   Việc một\n"
    assert format_text(text) == ("schema: tasks@1\ntasks:\n  - id: a\n    lead: [x, y]\n"
                                 "    title: Việc một\n")


def test_crlf_bom_nfd_and_missing_final_newline_are_normalised():
    nfd = unicodedata.normalize("NFD", "name: Sở Nội vụ  # chú thích")
    raw = b"\xef\xbb\xbf" + ("schema: agencies@1\r\n" + nfd).encode("utf-8")
    out = format_bytes(raw)
    assert out == "schema: agencies@1\nname: Sở Nội vụ  # chú thích\n"
    assert unicodedata.is_normalized("NFC", out)


def test_trailing_blank_lines_collapse_to_one_newline():
    assert format_text("a: 1\n\n\n\n") == "a: 1\n"


@pytest.mark.parametrize("text, fragment", [
    ("a: [1, 2\n", "cú pháp"),
    ("a: 1\na: 2\n", "bị lặp lại"),
    ("a:\n\tb: 1\n", "tab"),
    ("# chỉ có chú thích\n", "rỗng"),
])
def test_unparseable_files_are_refused(text, fragment):
    with pytest.raises(DataError) as info:
        format_text(text)
    assert "không định dạng được" in info.value.message
    assert fragment in (info.value.message + " ".join(d.message for d in info.value.diagnostics))


def test_comment_finder_ignores_hashes_inside_scalars():
    text = "a: '#x' # y\nb: |\n  # z\nc: d#e\n#q\n"
    assert comments(text) == ["# y", "#q"]


# ---- property: no data lost, comments kept, idempotent ----------------------------------

WORDS = st.text(alphabet="abcdeghiklmnopqrstuvxyăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữự", min_size=1, max_size=6)
KEYS = st.sampled_from(["id", "name", "note", "title", "kind", "lead", "place", "order", "items",
                        "codes", "code", "criteria", "extra", "tên", "tasks"])
COMMENT = st.text(alphabet="abc xyz#:-'\"ăđơ", max_size=12).map(lambda t: "#" + t.rstrip())


@st.composite
def scalars(draw, code_key: bool = False):
    if code_key:
        parts = draw(st.lists(st.integers(0, 20), min_size=1, max_size=3))
        text = ".".join(map(str, parts))
        return draw(st.sampled_from([text, f'"{text}"', f"'{text}'"]))
    kind = draw(st.sampled_from(["word", "phrase", "int", "bool", "null", "date", "single", "double", "nfd"]))
    if kind == "word":
        return draw(WORDS)
    if kind == "phrase":
        return " ".join(draw(st.lists(WORDS, min_size=2, max_size=4)))
    if kind == "int":
        return str(draw(st.integers(-1000, 100000)))
    if kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "null":
        return draw(st.sampled_from(["null", "~"]))
    if kind == "date":
        return draw(st.dates()).isoformat()
    if kind == "single":
        return "'" + draw(WORDS) + " # không phải chú thích'"
    if kind == "double":
        return '"' + draw(WORDS) + ': có dấu hai chấm"'
    return unicodedata.normalize("NFD", "Sở " + draw(WORDS))


@st.composite
def spacing(draw):
    return " " * draw(st.integers(1, 3))


@st.composite
def eol(draw, sink: list[str]):
    if draw(st.booleans()):
        return ""
    comment = draw(COMMENT)
    sink.append(comment)
    return " " * draw(st.integers(1, 4)) + comment


@st.composite
def mapping_lines(draw, indent: int, depth: int, first_prefix: str | None = None,
                  sink: list[str] | None = None) -> list[str]:
    """Lines of a block mapping at ``indent``; ``first_prefix`` replaces the first line's indent
    (``- ``). Every comment written is also appended to ``sink`` (the test's oracle)."""
    sink = [] if sink is None else sink
    keys = draw(st.lists(KEYS, min_size=1, max_size=4, unique=True))
    step = draw(st.integers(2, 4))
    lines: list[str] = []
    for index, key in enumerate(keys):
        pad = first_prefix if (index == 0 and first_prefix is not None) else " " * indent
        if index > 0 and draw(st.integers(0, 4)) == 0:
            lines.append("")
        if index > 0 and draw(st.integers(0, 3)) == 0:
            sink.append(draw(COMMENT))
            lines.append(" " * indent + sink[-1])
        code_key = key in ("codes", "code", "criteria")
        shape = draw(st.sampled_from(["scalar", "scalar", "flow", "block", "map"] if depth < 2 else ["scalar"]))
        if shape == "scalar" or (key == "code"):
            lines.append(f"{pad}{key}:{draw(spacing())}{draw(scalars(code_key))}{draw(eol(sink))}")
        elif shape == "flow":
            items = draw(st.lists(scalars(code_key), min_size=0, max_size=3))
            items = [i for i in items if i not in ("null", "~")] if not code_key else items
            lines.append(f"{pad}{key}:{draw(spacing())}[{', '.join(items)}]{draw(eol(sink))}")
        elif shape == "block":
            lines.append(f"{pad}{key}:{draw(eol(sink))}")
            offset = indent + draw(st.sampled_from([0, 2]))
            for _ in range(draw(st.integers(1, 3))):
                if not code_key and draw(st.booleans()):
                    lines.extend(draw(mapping_lines(offset + 2, depth + 1, first_prefix=" " * offset + "- ", sink=sink)))
                else:
                    lines.append(f"{' ' * offset}-{draw(spacing())}{draw(scalars(code_key))}{draw(eol(sink))}")
        else:
            lines.append(f"{pad}{key}:{draw(eol(sink))}")
            lines.extend(draw(mapping_lines(indent + step, depth + 1, sink=sink)))
    return lines


@st.composite
def commented_documents(draw) -> tuple[str, list[str]]:
    """A messy tasks@1 document and the comments it was written with."""
    sink: list[str] = []
    lines = [draw(COMMENT)] if draw(st.booleans()) else []
    sink.extend(lines)
    lines.append("schema: tasks@1")
    lines.extend(draw(mapping_lines(0, 0, sink=sink)))
    if draw(st.booleans()) and not any(line.startswith("tasks:") for line in lines):
        lines.append(f"tasks:{draw(eol(sink))}")  # tasks with codes where the model has them
        dash = draw(st.integers(0, 2))
        for _ in range(draw(st.integers(1, 3))):
            lines.append(f"{' ' * dash}- id: a{draw(eol(sink))}")
            pad = " " * (dash + 2)
            codes = draw(st.lists(scalars(code_key=True), min_size=1, max_size=3))
            if draw(st.booleans()):
                lines.append(f"{pad}criteria: [{', '.join(codes)}]{draw(eol(sink))}")
            else:
                lines.append(f"{pad}criteria:{draw(eol(sink))}")
                item = pad + " " * draw(st.sampled_from([0, 2]))
                lines.extend(f"{item}-{draw(spacing())}{code}{draw(eol(sink))}" for code in codes)
    if draw(st.booleans()):
        sink.append(draw(COMMENT))
        lines.append(sink[-1])
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", "\n", "\n\n"])), sink


def documents():
    return commented_documents().map(lambda pair: pair[0])


def _ruamel_load(text: str):
    """The oracle's reader: ruamel.yaml's pure-Python safe loader (YAML 1.2, as cchc reads),
    not cchc's own reader (read_source: yaml-rs / libyaml)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _code_positions(data) -> list[tuple[object, object]]:
    """(container, key) of every criterion code of a tasks@1 file: the ``criteria`` of each task
    (``tasks:`` a list of tasks, or one task written as a mapping). Written from the model's
    documentation, not from cchc.models.code_fields."""
    tasks = data.get("tasks") if isinstance(data, dict) else None
    records = tasks if isinstance(tasks, list) else [tasks] if isinstance(tasks, dict) else []
    return [(record, "criteria") for record in records if isinstance(record, dict) and "criteria" in record]


def _same_code(after, before) -> bool:
    """A code after fmt is text, the value as written: "7.10" for an unquoted 7.10 (read as 7.1)."""
    if isinstance(before, list):
        return isinstance(after, list) and len(after) == len(before) and all(
            _same_code(a, b) for a, b in zip(after, before, strict=True))
    if isinstance(before, bool) or before is None or isinstance(before, dict):
        return after == before
    if isinstance(before, int | float):
        return isinstance(after, str) and float(after) == before
    return after == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commented_documents())
def test_fmt_keeps_data_and_comments_and_is_idempotent(case):
    text, written_comments = case
    once = format_bytes(text.encode("utf-8"))
    # data: what an independent reader sees in the original (text made NFC, as fmt promises)
    # and in the result is the same, except that codes became the text they were written as
    before, after = _nfc(_ruamel_load(text.replace("\r\n", "\n"))), _ruamel_load(once)
    for (record_before, key), (record_after, _) in zip(_code_positions(before), _code_positions(after),
                                                       strict=True):
        assert _same_code(record_after[key], record_before[key]), (record_after[key], record_before[key])
        record_before[key] = record_after[key]
    assert after == before
    # comments: every comment the generator wrote is still there, as many times as written
    for comment in set(written_comments):
        expected = unicodedata.normalize("NFC", comment).rstrip()
        assert once.count(expected) >= written_comments.count(comment), (comment, once)
    assert format_text(once) == once
    assert "\r" not in once and once.endswith("\n") and not once.endswith("\n\n")


def test_fmt_matches_the_hand_written_expected_file():
    """A messy tasks file and its canonical form, written by hand (tests/editing/fmt-cases/)."""
    written = (CASES / "messy-tasks.yaml").read_text(encoding="utf-8")
    # as a Windows editor with a decomposing input method saves it: CRLF, NFD
    messy = unicodedata.normalize("NFD", written).replace("\n", "\r\n").encode("utf-8")
    expected = (CASES / "messy-tasks.expected.yaml").read_text(encoding="utf-8")
    assert format_bytes(messy) == expected
    assert format_text(expected) == expected
    # the same data for two independent readers, codes as written ("7.10", not 7.1) ...
    import yaml

    data = _ruamel_load(expected)
    assert yaml.safe_load(expected) == data
    assert [t["criteria"] for t in data["tasks"]] == [["7.10", "7.4"], ["1"], ["2.1", "7.1.10"]]
    # ... which YAML read as numbers before; everything else is the data of the original
    original = _ruamel_load(written)
    assert [t.pop("criteria") for t in original["tasks"]] == [[7.1, "7.4"], [1], [2.1, "7.1.10"]]
    for task in data["tasks"]:
        del task["criteria"]
    assert data == original


@settings(max_examples=60, deadline=None)
@given(documents())
def test_codes_always_quoted_after_fmt(text):
    """Where the tasks model has a code (tasks[*].criteria) it is text after fmt; every other
    value (a `code:` or `criteria:` the model does not know) keeps its type."""
    from cchc.models.code_fields import CODE, ModelShape, code_shape
    from cchc.models.registry import model_for

    once = format_bytes(text.encode("utf-8"))
    data = load(once)
    plain = read_source(__import__("pathlib").Path("x.yaml"),
                        unicodedata.normalize("NFC", text.replace("\r\n", "\n")).encode("utf-8")).data

    def walk(value, original, shape):
        if shape is CODE:
            for item, before in zip(value if isinstance(value, list) else [value],
                                    original if isinstance(original, list) else [original], strict=True):
                if item is not None and not isinstance(item, dict | list):
                    assert isinstance(item, str), (item, before)
        elif isinstance(shape, ModelShape) and isinstance(value, list):
            for item, before in zip(value, original, strict=True):
                walk(item, before, shape)
        elif isinstance(value, dict):
            for key, item in value.items():
                sub = shape.fields.get(key) if isinstance(shape, ModelShape) else None
                walk(item, original[key], sub)
        elif isinstance(value, list):
            for item, before in zip(value, original, strict=True):
                walk(item, before, None)
        else:
            assert value == original and type(value) is type(original), (value, original)

    walk(data, plain, code_shape(model_for("tasks@1")[2]))


# ---- the command ------------------------------------------------------------------------


def test_bundled_data_is_already_formatted(runner):
    result = runner.invoke(app, ["fmt", "--check", str(DATA)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_check_prints_diff_and_exits_1_without_writing(runner, tmp_path):
    path = tmp_path / "a.yaml"
    original = b"schema: tasks@1\r\ntasks:\r\n  - id: a\r\n    criteria: [7.4]\r\n"
    path.write_bytes(original)
    result = runner.invoke(app, ["fmt", "--check", str(tmp_path)])
    assert result.exit_code == 1
    assert ('-schema: tasks@1<CR>\n-tasks:<CR>\n-  - id: a<CR>\n-    criteria: [7.4]<CR>\n'
            '+schema: tasks@1\n+tasks:\n+  - id: a\n+    criteria: ["7.4"]\n' in result.stdout), result.stdout
    assert "1/1 tệp chưa đúng định dạng" in result.stderr
    assert path.read_bytes() == original


def test_fmt_rewrites_changed_files_only(runner, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("a: 1\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: tasks@1\ntasks:\n  - id: a\n    criteria:   [1]\n", encoding="utf-8")
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (good, bad)}
    result = runner.invoke(app, ["fmt", str(good), str(bad)])
    assert result.exit_code == 0, result.output
    assert bad.read_text(encoding="utf-8") == 'schema: tasks@1\ntasks:\n  - id: a\n    criteria: ["1"]\n'
    assert good.read_text(encoding="utf-8") == "a: 1\n"
    # the unchanged file was not touched at all: same inode, same mtime (a rewrite with the
    # same bytes would give a new inode, since every write renames a temporary file over it)
    assert (good.stat().st_ino, good.stat().st_mtime_ns) == before["good.yaml"]
    # the changed one was replaced atomically (a new inode renamed over it), not edited in place
    assert bad.stat().st_ino != before["bad.yaml"][0]
    assert "1 tệp được định dạng lại, 1 tệp giữ nguyên" in result.stderr
    assert result.stdout == f"đã định dạng {bad}\n"
    # no temporary file left behind: cchc.io.atomic names them ".<stem>.<random><suffix>"
    # beside the target (".bad.k3j2h1.yaml"); list the folder rather than guess a glob
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["bad.yaml", "good.yaml"]
    assert list(tmp_path.glob(".bad.*.yaml")) == list(tmp_path.glob(".good.*.yaml")) == []
    assert runner.invoke(app, ["fmt", "--check", str(tmp_path)]).exit_code == 0


def test_unreadable_file_is_reported_and_left_alone(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text("b:    2\n", encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(tmp_path)])
    assert result.exit_code == 1
    assert "không định dạng được" in result.stderr
    assert "Traceback" not in result.output
    assert broken.read_text(encoding="utf-8") == "a: [1\n"
    assert other.read_text(encoding="utf-8") == "b: 2\n"


def test_missing_path_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(app, ["fmt", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "không tìm thấy" in result.stderr
