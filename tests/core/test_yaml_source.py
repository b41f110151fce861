"""Property tests of the strict YAML reader."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cchc.io.yamlsource import read_source

# Bidirectional controls (U+202A-202E, U+2066-2069) are refused by the reader on purpose
# (the reader's "bidi-control" diagnostic, tests/robust/test_inputs.py): not text to round-trip.
BIDI_CONTROLS = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
scalars = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                                   exclude_characters=BIDI_CONTROLS), max_size=20),
    st.integers(min_value=-10**6, max_value=10**6),
    st.booleans(),
    st.none(),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abcdefghij_", min_size=1, max_size=8), inner, max_size=4),
    ),
    max_leaves=15,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(alphabet="abcxyz", min_size=1, max_size=6), documents, min_size=1, max_size=5))
def test_reader_matches_ruamel_safe_loader(tmp_path_factory, value):
    import io
    import unicodedata

    yaml = YAML(typ="safe")
    buffer = io.StringIO()
    yaml.dump(value, buffer)
    text = buffer.getvalue()
    path = tmp_path_factory.mktemp("y") / "f.yaml"
    path.write_text(text, encoding="utf-8")
    source = read_source(path)
    errors = [d for d in source.diagnostics if d.is_error]
    assert not errors
    expected = yaml.load(unicodedata.normalize("NFC", text))
    assert source.data == expected


def test_dates_stay_strings_and_codes_keep_text(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text('due: 2021-07-17\ncode: 7.10\nquoted: "7.10"\n', encoding="utf-8")
    source = read_source(path)
    assert source.data == {"due": "2021-07-17", "code": 7.1, "quoted": "7.10"}
    assert source.source_text(("code",)) == "7.10"
    assert source.locate(("quoted",)) == (3, 9)
    assert source.locate(("quoted",), at_key=True) == (3, 1)


def test_fallback_composer_gives_the_same_data_and_positions(tmp_path, monkeypatch):
    """Without libyaml, ruamel composes; values and line numbers must not change."""
    from cchc.io import yamlsource

    path = tmp_path / "f.yaml"
    path.write_text('schema: tasks@1\ntasks:\n  - id: a\n    due: 2021-07-17\n    n: 0x1f\n'
                    '    ok: true\n    none: ~\n    codes: ["7.10", 7.4]\n', encoding="utf-8")
    fast = read_source(path)
    monkeypatch.setattr(yamlsource, "_FAST_COMPOSE", False)
    slow = read_source(path)
    assert fast.data == slow.data == {
        "schema": "tasks@1",
        "tasks": [{"id": "a", "due": "2021-07-17", "n": 31, "ok": True, "none": None, "codes": ["7.10", 7.4]}],
    }
    assert slow.locate(("tasks", 0, "codes", 1)) == fast.locate(("tasks", 0, "codes", 1)) == (8, 21)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.sampled_from(["yes", "No", "2021-07-17", "1.5", "7.10", "~", "a: b", "a #b",
                                                 "- x", "[x]", "null", "0x1F", ".inf", "x:", " x", "Sở Nội vụ", "a, b", "x]", "{a}"]))
def test_a_generated_scalar_reads_back_as_the_same_string(text):
    """yaml_scalar is the one quoting rule of every YAML file cchc writes (init, import,
    assign --from): whatever the text, the reader gets that text back."""
    from cchc.io.yamlsource import yaml_scalar

    written, in_flow = yaml_scalar(text), yaml_scalar(text, flow=True)
    source = read_source(Path("x.yaml"), f"schema: x@1\nkey: {written}\nflow: [{in_flow}, {in_flow}]\n".encode())
    assert not [d for d in source.diagnostics if d.is_error], (written, in_flow, source.diagnostics)
    assert source.data["key"] in (text, unicodedata.normalize("NFC", text)), written
    assert source.data["flow"] == [source.data["key"]] * 2, in_flow
