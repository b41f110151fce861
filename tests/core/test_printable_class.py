"""The non-printable class is exactly the complement of YAML 1.2's printable characters."""

from __future__ import annotations

import re

from cchc.io import yamlsource


def test_the_non_printable_class_is_the_complement_of_the_printable_one() -> None:
    every = "".join(map(chr, range(0x110000)))
    printable = set(re.findall(yamlsource._PRINTABLE_CLASS, every))
    non_printable = set(re.findall(yamlsource._NON_PRINTABLE_CLASS, every))
    assert not printable & non_printable
    assert len(printable) + len(non_printable) == 0x110000
    assert {"\x00", "\x1b", "\x7f", "\x84", "\x86", "\x9f", "\ud800", "\ufffe", "\uffff"} <= non_printable
    assert {"\t", "\n", "\r", " ", "~", "\x85", "\xa0", "ệ", "\ufffd", "\U0010ffff"} <= printable
    assert yamlsource._non_printable().pattern == yamlsource._NON_PRINTABLE_CLASS
