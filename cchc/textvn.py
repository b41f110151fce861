"""Vietnamese formatting of dates and numbers, as official documents write them.

* Full dates follow ND 30/2020 (PL I, II.4b): days below 10 and months 1-2 take a
  leading zero, months 3-12 do not: "ngày 05 tháng 01 năm 2021", "ngày 29 tháng 6 năm 2019".
* Short dates as dispatches write deadlines: "17/7/2021".
* Numbers: "," for decimals and "." for thousands: "83,22", "1.674", "912.304".
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def _month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def date_full(day: date) -> str:
    """"ngày 05 tháng 01 năm 2021"."""
    return f"ngày {day.day:02d} tháng {_month(day.month)} năm {day.year}"


def date_in_words(day: date | None = None, *, year: int | None = None, month: int | None = None) -> str:
    """"ngày 05 tháng 01 năm 2021"; without a day (a draft) the day, and the month if unknown,
    stay blank for the clerk: "ngày      tháng 7 năm 2022"."""
    if day is not None:
        return date_full(day)
    blank = "      "
    month_text = f" {_month(month)} " if month else blank
    year_text = f" {year}" if year else blank
    return f"ngày{blank}tháng{month_text}năm{year_text}"


def date_line(place: str, day: date | None = None, *, year: int | None = None,
              month: int | None = None) -> str:
    """The place-and-date line: "Đắk Lắk, ngày 05 tháng 01 năm 2021" (a draft:
    "Đắk Lắk, ngày      tháng 7 năm 2022")."""
    return f"{place}, {date_in_words(day, year=year, month=month)}"


def date_short(day: date) -> str:
    """"17/7/2021", the form used for deadlines in dispatches."""
    return f"{day.day}/{day.month}/{day.year}"


def date_numeric(day: date) -> str:
    """"05/01/2021", for tables."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


MAX_DECIMALS = 4  # at most this many decimals when none are asked for


def number(value: float | int | Decimal, decimals: int | None = None) -> str:
    """Vietnamese number format: 83.22 → "83,22"; 1674 → "1.674"; 0.1 + 0.2 → "0,3".

    Exact decimal arithmetic: a float is read as its shortest representation (``repr``), so
    it is never printed with binary noise; without ``decimals`` it is rounded (half away from
    zero) to at most :data:`MAX_DECIMALS` decimals and trailing zeros are dropped; with
    ``decimals`` exactly that many are written. Never scientific notation.
    """
    exact = value if isinstance(value, Decimal) else Decimal(str(value) if isinstance(value, int) else repr(float(value)))
    if not exact.is_finite():
        raise ValueError(f"không viết được số {value!r}")
    places = MAX_DECIMALS if decimals is None else decimals
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    negative = rounded < 0
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join([whole, *groups]) + ("," + fraction if fraction else "")
    return ("-" if negative else "") + text


def points(value: float | None) -> str:
    """Points as in index results: 83,22; an unknown value is shown as "—"."""
    if value is None:
        return "—"
    return number(round(value, 2))


def rank_change(previous: int | None, current: int | None) -> str | None:
    """"tăng 5 bậc" / "giảm 3 bậc" / "giữ nguyên thứ hạng" (a smaller rank is better)."""
    if previous is None or current is None:
        return None
    delta = previous - current
    if delta > 0:
        return f"tăng {delta} bậc"
    if delta < 0:
        return f"giảm {-delta} bậc"
    return "giữ nguyên thứ hạng"


def join_names(names: list[str], last: str = " và ") -> str:
    """"A, B và C"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + last + names[-1]


def roman(number_: int) -> str:
    """Roman numerals for appendix and section numbers (Phụ lục II, Phần IV)."""
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, symbol in values:
        while number_ >= value:
            out.append(symbol)
            number_ -= value
    return "".join(out)


def upper_vi(text: str) -> str:
    """Upper case that keeps Vietnamese letters correct (str.upper does, this documents intent)."""
    return text.upper()


_PEOPLE_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date:
    """A date as people type it: ISO ``2025-02-28`` or ``28/02/2025`` (``28/2/2025``), the
    one parser of ``--as-of``, ``--on``, ``CCHC_TODAY`` and every date option. ValueError when
    it is neither or not in the calendar."""
    value = text.strip()
    match = _PEOPLE_DATE.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"not a date: {text!r}")
    return date.fromisoformat(value)
