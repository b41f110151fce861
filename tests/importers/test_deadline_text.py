"""Deadline texts as plans write them → the deadline forms of the data (contract 2)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from cchc.domain.deadline_text import DeadlineTextError, parse_deadline_text


@pytest.mark.parametrize(("text", "key", "value"), [
    ("trước ngày 15/7/2022", "due", date(2022, 7, 15)),
    ("15/7/2022", "due", date(2022, 7, 15)),
    ("Hoàn thành trước 31/12/2026", "due", date(2026, 12, 31)),
    ("ngày 20 tháng 10 năm 2026", "due", date(2026, 10, 20)),
    ("15/12", "due", date(2026, 12, 15)),  # the plan's year
    ("tháng 7/2022", "due", "2022-07"),
    ("Trong tháng 7 năm 2022", "due", "2022-07"),
    ("Tháng 12", "due", "2026-12"),
    ("quý III/2022", "due", "2022-Q3"),
    ("Quý 3 năm 2022", "due", "2022-Q3"),
    ("QUÝ IV", "due", "2026-Q4"),
    ("6 tháng đầu năm", "due", "2026-H1"),
    ("6 tháng cuối năm 2022", "due", "2022-H2"),
    ("3 tháng cuối năm 2022", "due", "2022-Q4"),
    ("năm 2026", "due", 2026),
    ("Trong năm 2026", "due", 2026),
    ("Cả năm", "due", 2026),
    ("thường xuyên", "due", "thường xuyên"),
    ("Thường xuyên, liên tục", "due", "thường xuyên"),
    ("hằng quý", "due", {"every": "quarter"}),
    ("Hàng tháng", "due", {"every": "month"}),
    ("Hằng năm", "due", {"every": "year"}),
    ("Định kỳ 6 tháng", "due", {"every": "half"}),
    ("trước ngày 15 hằng tháng", "due", {"every": "month", "day": 15}),
    ("10 ngày làm việc kể từ ngày ký", "due_working_days", 10),
])
def test_plan_wordings(text, key, value):
    parsed = parse_deadline_text(text, year=2026)
    assert (parsed.key, parsed.value) == (key, value)
    nfd = parse_deadline_text(unicodedata.normalize("NFD", text), year=2026)
    assert nfd.value == value


@pytest.mark.parametrize("text", ["Quý I, II/2026", "Theo tiến độ", "31/2/2026", "tháng 13/2026",
                                  "Tháng 6 và tháng 12", "trước ngày 40 hằng tháng",
                                  "9 tháng đầu năm 2022"])
def test_unparseable_text_is_refused(text):
    with pytest.raises(DeadlineTextError):
        parse_deadline_text(text, year=2026)


def test_no_year_without_plan_year_is_refused():
    with pytest.raises(DeadlineTextError, match="không ghi năm"):
        parse_deadline_text("tháng 7")


def test_empty_cell_has_no_deadline():
    assert parse_deadline_text("  ") is None
    assert parse_deadline_text(None) is None
