"""invalid_xml_char: the one rule of what XML cannot carry, for the markup parser and the writer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.docx.spec import invalid_xml_char

_RULE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # XML 1.0 Char, as written out
_ANY = st.characters(codec=None, categories=None) | st.sampled_from("\x00\x08\t\n\r\x0b\x1f\ud800\udfff\ufffe\uffff\xa0\u200d")


@settings(max_examples=500, deadline=None)
@given(st.text(_ANY, max_size=40))
def test_it_finds_the_first_character_xml_cannot_carry(text):
    found, expected = invalid_xml_char(text), _RULE.search(text)
    assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group()))


def test_printable_text_and_line_breaks():
    assert invalid_xml_char("Sở Nội vụ: hạn 17/7/2021.") is None
    assert invalid_xml_char("dòng một\ndòng hai\tcột\r") is None  # unprintable, yet allowed
    assert invalid_xml_char("a\x0cb").start() == 1
