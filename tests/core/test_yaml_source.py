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
