"""Vietnamese dates and numbers, as ND 30/2020 and dispatches write them."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cchc.textvn import (
    date_full,
    date_line,
    date_short,
    number,
    rank_change,
    roman,
)

ND30_DATE = re.compile(r"^ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")


def test_examples_from_the_decree():
    assert date_full(date(2021, 1, 5)) == "ngày 05 tháng 01 năm 2021"
    assert date_full(date(2023, 2, 28)) == "ngày 28 tháng 02 năm 2023"
    assert date_full(date(2019, 6, 29)) == "ngày 29 tháng 6 năm 2019"
    assert date_short(date(2021, 7, 17)) == "17/7/2021"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_full_date_round_trip_and_rule(day):
    text = date_full(day)
    assert ND30_DATE.match(text)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    assert date(numbers[2], numbers[1], numbers[0]) == day


def test_draft_date_lines_leave_the_day_blank():
    assert date_line("Đắk Lắk", year=2022, month=7) == "Đắk Lắk, ngày      tháng 7 năm 2022"
    assert date_line("Đắk Lắk", year=2021) == "Đắk Lắk, ngày      tháng      năm 2021"
    assert date_line("Đắk Lắk", date(2021, 1, 5)) == "Đắk Lắk, ngày 05 tháng 01 năm 2021"


def test_numbers_in_vietnamese_style():
    assert number(83.22) == "83,22"
    assert number(1674) == "1.674"
    assert number(912304) == "912.304"
    assert number(95.89) == "95,89"
    assert number(-5.4) == "-5,4"


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_integer_format_round_trips(value):
    assert int(number(value).replace(".", "")) == value


def test_rank_change_and_roman():
    assert rank_change(50, 45) == "tăng 5 bậc"
    assert rank_change(25, 53) == "giảm 28 bậc"
    assert rank_change(3, 3) == "giữ nguyên thứ hạng"
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
