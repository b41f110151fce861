"""The compiled reader (yaml-rs) is only a shortcut: it must never read a file differently.

For any text, either ``fast_read`` declines (None) or it returns exactly what the strict reader
builds, with no diagnostics from the strict reader. Checked on a grammar of the plain scalars
that YAML 1.1, 1.2 and implementations disagree on, quoted and block scalars, flow and block
collections, and random text.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.io import yamlsource
from cchc.io.yamlsource import fast_read, read_source

pytestmark = pytest.mark.skipif(yamlsource._yaml_rs is None, reason="yaml-rs không có trên máy này")

PLAIN = [
    "2021-7-5", "2021-07-05", "2021-07-05T10:00:00", "2021-02-30", "1_000", "012", "+12", "0b101", "-0",
    "1e3", "1E3", ".5", "5.", "Null", "NULL", "TRUE", "True", "yes", "no", "on", "off", "y", "0o8", "0o17",
    "0x1F", "0X1F", "0xff", "-0x1f", ".inf", ".Inf", "-.INF", ".NaN", "1:20", "7.10", "7.1.10", "~", "null",
    "1.0e+3", "+.5", "-1_0", "0.", "00", "-012", "1__0", "_1", "0x_1f", "+0o7", "false", "1e", "e3",
    "12e03", "0012.5", "so-noi-vu", "Sở Nội vụ", "TT&TT", "a*b", "x # y", "2022-Q3", "2022-07", "thường xuyên",
    "9" * 30, "0x" + "f" * 20, "=", "-", "--", "?x", "a:b", "http://x.vn/a?b=c",
]
plain = st.sampled_from(PLAIN)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
quoted = text.map(lambda t: "'" + t.replace("'", "''") + "'")
double = text.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"')
scalar = st.one_of(plain, quoted, double, text)


TRICKY = [" ", "\n", "-", "+", "[", "{", ",", ":", "_", "?", "&", ">", "|", "!", "\t", "*", "%", "0X", "x",
          "ệ", "đ", "«", "“", "\x85", "\x9f", "\u2028", "\u202e", "\u2066", "\ufeff", "\ufffe", "\x00",
          "\x1b", "\x7f", "f", "9", "ç", "\U0001f600", "\ud7ff", "\ue000", "-" * 3, "." * 3, "a", "A"]


def _block(depth: int) -> st.SearchStrategy[str]:
    """A block mapping at indentation ``depth`` (lines end with a newline)."""
    pad = "  " * depth
    key = st.sampled_from(["id", "title", "due", "lead", "1", "7.10", "yes", "a b", "null", "x"])
    leaf = st.tuples(key, scalar).map(lambda kv: f"{pad}{kv[0]}: {kv[1]}\n")
    flow = st.tuples(key, st.lists(scalar, max_size=3)).map(
        lambda kv: f"{pad}{kv[0]}: [{', '.join(kv[1])}]\n")
    literal = st.tuples(key, st.sampled_from(["|", ">", "|-", ">+"]), st.lists(plain, min_size=1, max_size=3)).map(
        lambda kv: f"{pad}{kv[0]}: {kv[1]}\n" + "".join(f"{pad}  {line}\n" for line in kv[2]))
    # a full-line comment with what would make the pre-checks decline in data ("->", "?", "&")
    comment = st.lists(st.sampled_from([c for c in TRICKY if c not in "\n\r"] + ["->", " ?", "&x", "*x", "0X1"]),
                       max_size=8).map(lambda xs: f"{pad}#{''.join(xs)}\n")
    parts = [leaf, flow, literal, comment]
    if depth < 2:
        nested = st.tuples(key, _block(depth + 1)).map(lambda kv: f"{pad}{kv[0]}:\n{kv[1]}")
        scalars = st.tuples(key, st.lists(scalar, min_size=1, max_size=3)).map(
            lambda kv: f"{pad}{kv[0]}:\n" + "".join(f"{pad}  - {v}\n" for v in kv[1]))
        records = st.tuples(key, st.lists(st.lists(st.tuples(key, scalar), min_size=1, max_size=3),
                                          min_size=1, max_size=2)).map(
            lambda kv: f"{pad}{kv[0]}:\n" + "".join(
                "".join(f"{pad}  {'-' if i == 0 else ' '} {k}: {v}\n" for i, (k, v) in enumerate(rec))
                for rec in kv[1]))
        items = st.one_of(scalars, records)
        parts += [nested, items]
    return st.lists(st.one_of(parts), min_size=1, max_size=4).map("".join)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b


def _check(document: str) -> None:
    # read_source gives both readers the text after NFC normalisation (decode_text)
    document = unicodedata.normalize("NFC", document)
    fast = fast_read(document)
    if fast is None:
        return
    strict = read_source(Path("x.yaml"), document.encode("utf-8"), fast=False)
    assert not [d for d in strict.diagnostics if d.severity.value == "error"], (document, strict.diagnostics)
    assert _same(fast, strict.data), (document, fast, strict.data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_block(0))
def test_fast_reader_reads_as_the_strict_reader(document: str) -> None:
    _check(document)


def test_found_by_hypothesis_once() -> None:
    _check("id: '\uf900'\n")  # NFC changes it: both readers see the normalised text
    _check("id: [0:]\n")
    _check("# nguồn: a -> b?x=1&y\nid: 1\n")


def test_comment_lines_alone_do_not_decline() -> None:
    assert fast_read("# nguồn: a -> b?x=1&y=*z\nid: 1\n  # - - :x\n") == {"id": 1}
    assert fast_read("# a\tb\nid: 1\n") is None  # a tab anywhere: the strict reader
    assert fast_read("id: 1 # a -> b\n") is None  # a comment after data is not a full line
    assert fast_read('id: "a\n  # -> b"\n') == {"id": "a # -> b"}


@pytest.mark.parametrize("value", PLAIN)
def test_every_listed_scalar(value: str) -> None:
    _check(f"schema: tasks@1\nvalue: {value}\nlist: [{value}]\n")


@pytest.mark.parametrize("document", [
    "a: 1\na: 2\n",  # duplicate key: the strict reader reports it with both lines
    "a:\n\t- 1\n",  # tab indentation
    "a: &x [1]\nb: *x\n",  # aliases: bounded expansion is the strict reader's
    "a: !!str 12\n",  # tags
    "a: 1\n---\nb: 2\n",  # two documents
    "- 1\n- 2\n",  # not a mapping
    "a: 0X1F\n", "a: _1\n", "a: [0:]\n", "a: {b:}\n", "a: b\x00\n", "a: [\n",
])
def test_declines_what_only_the_strict_reader_handles(document: str) -> None:
    assert fast_read(document) is None


def test_bundled_data_reads_the_same_both_ways() -> None:
    root = Path(__file__).resolve().parents[2]
    files = sorted((root / "data").rglob("*.yaml")) + sorted((root / "examples").rglob("*.yaml"))
    assert files
    fast_count = 0
    for path in files:
        raw = path.read_bytes()
        fast = read_source(path, raw, fast=True)
        strict = read_source(path, raw, fast=False)
        assert _same(fast.data, strict.data), path
        assert [d.message for d in fast.diagnostics] == [d.message for d in strict.diagnostics], path
        fast_count += fast_read(strict.text) is not None
    assert fast_count >= len(files) // 2  # the shortcut is really taken on ordinary files


def _loaded(root: Path) -> tuple:
    from cchc.io.loader import load_dataset
    from cchc.services.validation import check_dataset

    ds = load_dataset(root)
    return ([d.to_dict(root) for d in check_dataset(ds)], dict(ds.counts()), ds.record_counts())


def _repos(tmp_path: Path) -> list[Path]:
    import shutil

    root = Path(__file__).resolve().parents[2]
    fixtures = root / "tests" / "fixtures"
    repos = [root / "data", root / "examples" / "ba-ria-vung-tau"]
    for bad in sorted((fixtures / "bad").glob("*.yaml")):
        repo = tmp_path / bad.stem
        shutil.copytree(fixtures / "base", repo)
        shutil.copy(bad, repo / bad.name)
        repos.append(repo)
    return repos


def test_loader_gives_the_strict_verdict_on_every_bad_fixture(tmp_path, monkeypatch) -> None:
    """Files that fail validation, or hold free-form data, are re-read strictly by the loader."""
    for repo in _repos(tmp_path):
        with_fast = _loaded(repo)
        with monkeypatch.context() as patch:
            patch.setattr(yamlsource, "_yaml_rs", None)
            strict = _loaded(repo)
        assert with_fast == strict, repo


def test_deep_or_invalid_data_goes_to_the_strict_reader(tmp_path, monkeypatch) -> None:
    (tmp_path / "tasks").mkdir()
    (tmp_path / "documents").mkdir()
    deep = "[" * 150 + "]" * 150
    (tmp_path / "tasks" / "a.yaml").write_text(
        f"schema: tasks@1\ntasks:\n  - id: a\n    title: {deep}\n    lead: [x]\n", encoding="utf-8")
    (tmp_path / "documents" / "d.yaml").write_text(
        f"schema: documents@1\ndocuments:\n  - id: d\n    type: cong-van\n    data:\n      x: {deep}\n",
        encoding="utf-8")
    with_fast = _loaded(tmp_path)
    monkeypatch.setattr(yamlsource, "_yaml_rs", None)
    assert with_fast == _loaded(tmp_path)
    assert any(d["code"] == "too-deep" for d in with_fast[0])


# ---- the byte-level pre-scan answers what the character-level rules say -------------------

def _reference_starts_token(text: str, char: str) -> bool:
    """The rule as first written: ``char`` (optionally after a sign) starts a token."""
    index = text.find(char)
    while index != -1:
        before = index - 1
        if before >= 0 and text[before] in "+-":
            before -= 1
        if before < 0 or text[before] in " \n[{,":
            return True
        index = text.find(char, index + 1)
    return False


def _reference_strict_needed(text: str) -> bool:
    return (text.startswith(("%", "---", "..."))
            or any(part in text for part in ("0X", "<<", "\n%", "\n---", "\n...", ":]", ":,", ":}"))
            or yamlsource._UNSAFE_CHARS.search(text) is not None
            or any(_reference_starts_token(text, c) for c in "_?:&>|")
            or ("*" in text and "&" in text))


def _reference_out_of_bounds(text: str) -> bool:
    import re

    return text.startswith(" " * 100) or "\n" + " " * 100 in text or "- " * 50 in text \
        or re.search("[0-9a-fA-F]{19}", text) is not None


tricky_text = st.lists(st.sampled_from(TRICKY), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(tricky_text, st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)))
def test_the_byte_prescan_equals_the_character_rules(document: str) -> None:
    scan = yamlsource.Scan.of(document)
    assert yamlsource._strict_reader_needed(document, scan) == _reference_strict_needed(document)
    assert yamlsource._maybe_out_of_bounds(document, scan) == _reference_out_of_bounds(document)
    if not scan.may_hold_controls:  # the search is skipped only where it finds nothing
        assert yamlsource.control_character_diagnostic(document, Path("x.yaml")) is None


def test_long_digit_runs_and_deep_lines_are_seen() -> None:
    assert yamlsource._maybe_out_of_bounds("a: " + "1" * 19 + "\n")
    assert not yamlsource._maybe_out_of_bounds("a: " + "1" * 18 + "\n")
    assert yamlsource._maybe_out_of_bounds("a:\n" + " " * 100 + "b: 1\n")
    assert yamlsource._strict_reader_needed("a: [x, -:y]\n") and not yamlsource._strict_reader_needed("a: b-:c\n")


@given(st.lists(st.sampled_from([b"0", b"X", b"<", b"\n", b"%", b"-", b".", b":", b"]", b",", b"}", b"a", b" "]),
                max_size=40).map(b"".join))
def test_the_rare_byte_first_finds_what_the_plain_search_finds(data):
    """The pre-checks look for each construct's seldom-seen byte first: never a different answer."""
    plain = any(part in data for part in yamlsource._UNSAFE_SUBSTRINGS)
    assert plain == any((rare is None or rare in data) and part in data for part, rare in yamlsource._UNSAFE_SEARCHES)
    assert all(rare is None or rare in part for part, rare in yamlsource._UNSAFE_SEARCHES)


@given(st.lists(st.sampled_from(["", " ", "\t", "#", "# x", "a", "  a: 1", "\u2028", "\u00a0", "\x1c", "\x0b",
                                 "\u3000#", " \u2028a"]), max_size=8).map("\n".join))
def test_a_file_holds_data_when_some_line_is_neither_blank_nor_a_comment(text):
    lines = text.split("\n")
    expected = bool(text.strip()) and not all(not line.strip() or line.lstrip().startswith("#") for line in lines)
    assert yamlsource.holds_data(text) == expected
