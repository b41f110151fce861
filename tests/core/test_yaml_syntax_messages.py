"""Every YAML syntax error carries file:line:column and a Vietnamese sentence."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from cchc.cli.main import app
from cchc.io.yamlsource import read_source

BROKEN = [
    ("a: b\x00c\n", 1, 5),
    ("tasks:\n  - id: x\n    title: ab\x1b[31mcd\n", 3, 14),
    ("a: \x7f\n", 1, 4),
    ("a: \x08\n", 1, 4),
    ("a: \ufffe\n", 1, 4),
    ('a: "x\\q"\n', 1, 6),
    ("a: &\xa0\n", 1, 5),
    ("a:\n  - b\n c: d\n", 3, 2),
    ("a: [1, 2\n", 2, 1),
    ("a: {b: c\n", 2, 1),
    ('a: "abc\n', 2, 1),
    ("a: 'abc\n", 2, 1),
    ("x: !<>\n", 1, 6),
    ("a: |0\n  b\n", 1, 5),
    ("a: |x\n", 1, 5),
    ("- a\n b: c\n", 2, 3),
    ("a: b: c\n", 1, 5),
    ("@a\n", 1, 1),
    ("`a`\n", 1, 1),
    ("a: *x\n", 1, 4),
    ("%FOO\n---\na: 1\n", 1, 5),
    ("a: 1\n---\nb: 2\n", 2, 1),
    ('a: "\\x4"\n', 1, 7),
    ("a: !x!y 1\n", 1, 4),
    ("a: &b 1\nc: &b 2\n", 2, 4),
    ("a:\n  b: 1\n   c: 2\n", 3, 5),
    ("a: 1\n b: 2\n", 2, 3),
    ("- a\n-b: [\n", 2, 1),
    ("a: >\n b\nc\n", None, None),
    ("{a: 1, b\n", 2, 1),
    ("a: [b, c]]\n", 1, 10),
    ("a: 'x'y'\n", 1, 7),
]

_ENGLISH = re.compile(r"\b(found|expected|while|scanning|parsing|character|allowed|token|mapping|stream)\b")
_VIETNAMESE = re.compile("[ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịúùủũụýỳỷỹỵóòỏõọéèẻẽẹ]")


@pytest.mark.parametrize("text, line, column", BROKEN, ids=[repr(t[0])[:30] for t in BROKEN])
def test_syntax_error_is_located_and_vietnamese(text, line, column):
    source = read_source(Path("x.yaml"), text.encode("utf-8"), fast=False)
    errors = [d for d in source.diagnostics if d.is_error]
    if line is None:  # valid YAML after all (a model error comes later)
        return
    assert errors, text
    first = errors[0]
    assert (first.line, first.column) == (line, column), (text, first)
    assert _VIETNAMESE.search(first.message), first.message
    assert not _ENGLISH.search(first.message), first.message
    assert "\n" not in first.message


@pytest.mark.parametrize("text, line, column", [b for b in BROKEN if b[1] is not None][:8])
def test_the_fast_reader_gives_the_same_error(text, line, column):
    fast = read_source(Path("x.yaml"), text.encode("utf-8"))
    strict = read_source(Path("x.yaml"), text.encode("utf-8"), fast=False)
    assert [(d.line, d.column, d.message) for d in fast.diagnostics] == \
        [(d.line, d.column, d.message) for d in strict.diagnostics]


def test_validate_prints_file_line_column_for_a_nul(runner, data_copy):
    target = data_copy / "tasks" / "2021-nang-cao-chi-so.yaml"
    lines = target.read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9] + "\x00"
    target.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["--data", str(data_copy), "validate", "--no-cache"], env={"NO_COLOR": "1"})
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1
    assert f"tasks/2021-nang-cao-chi-so.yaml:10:{len(lines[9])}: lỗi: tệp chứa ký tự điều khiển U+0000 (NUL)" \
        in output, output
    assert "unacceptable" not in output and "Traceback" not in output


def test_mutated_files_always_get_a_located_vietnamese_error():
    """A seeded mutation loop over a real data file: every syntax error names a line and a column."""
    base = (Path(__file__).resolve().parents[2] / "data" / "tasks" / "2021-nang-cao-chi-so.yaml").read_text(
        encoding="utf-8")
    rng = random.Random(20261201)
    inserts = ["\x00", "\x1b", "\x7f", ":", ": ", "- ", "[", "]", "{", "}", '"', "'", "&", "*", "!", "|", ">",
               "%", "@", "`", "\\", "\n", "\n ", "  ", "#", "---\n", "? ", "\t"]
    located = 0
    for _ in range(300):
        position = rng.randrange(len(base))
        text = base[:position] + rng.choice(inserts) + base[position:]
        source = read_source(Path("x.yaml"), text.encode("utf-8"), fast=False)
        for diagnostic in source.diagnostics:
            if diagnostic.code in ("yaml-syntax", "control-character", "tab-indent"):
                assert diagnostic.line and diagnostic.column, (text, diagnostic)
                assert not _ENGLISH.search(diagnostic.message), diagnostic.message
                located += 1
    assert located > 50
