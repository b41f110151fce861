"""A deadline in running text ("hạn quý III/2022") versus in a table cell ("Quý III/2022")."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.deadlines import in_sentence, parse_due


@pytest.mark.parametrize(("due", "cell", "sentence"), [
    ("2022-07", "Tháng 7/2022", "tháng 7/2022"),
    ("2022-Q3", "Quý III/2022", "quý III/2022"),
    ("2022-H1", "6 tháng đầu năm 2022", "6 tháng đầu năm 2022"),
    (2026, "Năm 2026", "năm 2026"),
    ({"every": "month", "day": 15}, "Trước ngày 15 hằng tháng", "trước ngày 15 hằng tháng"),
    (date(2022, 7, 15), "15/7/2022", "15/7/2022"),
])
def test_a_label_in_a_sentence_loses_only_its_capital(due, cell, sentence):
    label = parse_due(due).label()
    assert label == cell
    assert in_sentence(label) == sentence
