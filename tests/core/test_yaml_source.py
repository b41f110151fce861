"""Property tests of the strict YAML reader."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cchc.io.yamlsource import read_source

scalars = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
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
