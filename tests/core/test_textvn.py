"""Vietnamese dates and numbers, as ND 30/2020 and dispatches write them."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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


def _parse_vi(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def test_binary_noise_and_tiny_values():
    """Issue 11 item 7: 0.1 + 0.2 printed "0,3000" and 1e-05 raised IndexError."""
    assert number(0.1 + 0.2) == "0,3"
    assert number(1e-05) == "0"
    assert number(-1e-05) == "0"
    assert number(1e20) == "100.000.000.000.000.000.000"
    assert number(2.5, 2) == "2,50"
    assert number(0.125, 2) == "0,13"  # half away from zero, not banker's rounding of the binary value


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_float_format_is_the_exact_rounded_decimal(value):
    text = number(value)
    assert "e" not in text.lower()
    whole = text.lstrip("-").split(",")[0]
    assert all(len(group) == 3 for group in whole.split(".")[1:]) and 1 <= len(whole.split(".")[0]) <= 3
    expected = Decimal(repr(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    assert _parse_vi(text) == expected
    assert not text.endswith("0") or "," not in text  # no trailing zeros after the comma


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9),
       st.integers(min_value=0, max_value=6))
def test_fixed_decimals(value, decimals):
    text = number(value, decimals)
    assert len(text.partition(",")[2]) == decimals
    assert _parse_vi(text) == value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def test_rank_change_and_roman():
    assert rank_change(50, 45) == "tăng 5 bậc"
    assert rank_change(25, 53) == "giảm 28 bậc"
    assert rank_change(3, 3) == "giữ nguyên thứ hạng"
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]


def test_people_dates_everywhere(monkeypatch):
    """Issue 11 item 13: --as-of 17/07/2021 and CCHC_TODAY=17/07/2021 are accepted like --on."""
    import pytest

    from cchc.cli.app import resolve_today
    from cchc.errors import UsageError
    from cchc.textvn import parse_date

    assert parse_date("17/07/2021") == parse_date("17/7/2021") == parse_date("2021-07-17") == date(2021, 7, 17)
    assert resolve_today("17/07/2021") == date(2021, 7, 17)
    monkeypatch.setenv("CCHC_TODAY", "17/07/2021")
    assert resolve_today(None) == date(2021, 7, 17)
    for bad in ("31/02/2021", "2021-7-17", "hôm qua", "17-07-2021"):
        with pytest.raises(UsageError):
            resolve_today(bad)


def test_as_of_in_the_people_form_through_the_cli(runner):
    from cchc.cli.main import app

    iso = runner.invoke(app, ["deadlines", "--as-of", "2021-07-20", "--format", "json"], catch_exceptions=False)
    people = runner.invoke(app, ["deadlines", "--as-of", "20/07/2021", "--format", "json"], catch_exceptions=False)
    assert people.exit_code == iso.exit_code and people.stdout == iso.stdout
