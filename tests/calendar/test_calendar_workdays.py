"""Tests for cchc.calendar.workdays (facts checked against the 2021–2024 announcements)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.calendar import (
    CalendarError,
    WorkCalendar,
    canonical_holiday_name,
)

D = date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def off_days(cal: WorkCalendar, start: date, end: date) -> list[date]:
    days = (end - start).days + 1
    return [start + timedelta(i) for i in range(days)
            if not cal.is_working_day(start + timedelta(i))]


# --- holidays from the `holidays` package ------------------------------------------------


def test_tet_2021(cal):
    assert off_days(cal, D(2021, 2, 8), D(2021, 2, 19)) == [
        D(2021, 2, d) for d in range(10, 17)
    ]
    assert cal.is_working_day(D(2021, 2, 9))
    assert cal.is_working_day(D(2021, 2, 17))
    for d in range(10, 17):
        assert cal.holiday_name(D(2021, 2, d)) == "Tết Nguyên đán"


def test_tet_2022(cal):
    assert off_days(cal, D(2022, 1, 28), D(2022, 2, 7)) == [
        D(2022, 1, 29), D(2022, 1, 30),  # weekend
        D(2022, 1, 31), D(2022, 2, 1), D(2022, 2, 2), D(2022, 2, 3), D(2022, 2, 4),
        D(2022, 2, 5), D(2022, 2, 6),  # weekend
    ]
    assert cal.is_working_day(D(2022, 1, 28))
    assert cal.is_working_day(D(2022, 2, 7))
    assert cal.holiday_name(D(2022, 1, 29)) is None  # an ordinary weekend has no name
    assert cal.holiday_name(D(2022, 1, 31)) == "Tết Nguyên đán"


def test_30_4_and_1_5_2021_observed(cal):
    assert off_days(cal, D(2021, 4, 29), D(2021, 5, 4)) == [
        D(2021, 4, 30), D(2021, 5, 1), D(2021, 5, 2), D(2021, 5, 3),
    ]
    assert cal.holiday_name(D(2021, 4, 30)) == "Ngày Chiến thắng"
    assert cal.holiday_name(D(2021, 5, 1)) == "Ngày Quốc tế Lao động"  # Saturday
    assert cal.holiday_name(D(2021, 5, 3)) == "Nghỉ bù Ngày Quốc tế Lao động"
    assert cal.is_working_day(D(2021, 5, 4))


def test_30_4_and_1_5_2022_two_observed_days(cal):
    assert off_days(cal, D(2022, 4, 29), D(2022, 5, 4)) == [
        D(2022, 4, 30), D(2022, 5, 1), D(2022, 5, 2), D(2022, 5, 3),
    ]
    assert cal.holiday_name(D(2022, 5, 2)) == "Nghỉ bù Ngày Chiến thắng"
    assert cal.holiday_name(D(2022, 5, 3)) == "Nghỉ bù Ngày Quốc tế Lao động"


def test_quoc_khanh_and_adjacent_day(cal):
    assert off_days(cal, D(2021, 9, 1), D(2021, 9, 3)) == [D(2021, 9, 2), D(2021, 9, 3)]
    assert cal.is_working_day(D(2021, 9, 1))
    assert off_days(cal, D(2022, 8, 31), D(2022, 9, 2)) == [D(2022, 9, 1), D(2022, 9, 2)]
    assert cal.is_working_day(D(2022, 8, 31))
    assert cal.holiday_name(D(2021, 9, 3)) == "Quốc khánh"
    assert cal.holiday_name(D(2022, 9, 1)) == "Quốc khánh"
    assert cal.is_working_day(D(2022, 9, 5))


def test_gio_to_hung_vuong(cal):
    assert not cal.is_working_day(D(2021, 4, 21))  # 10/3 âm lịch, Wednesday
    assert cal.holiday_name(D(2021, 4, 21)) == "Giỗ Tổ Hùng Vương"
    assert cal.holiday_name(D(2022, 4, 10)) == "Giỗ Tổ Hùng Vương"  # Sunday
    assert not cal.is_working_day(D(2022, 4, 11))
    assert cal.holiday_name(D(2022, 4, 11)) == "Nghỉ bù Giỗ Tổ Hùng Vương"


def test_new_year_observed_2022(cal):
    assert cal.holiday_name(D(2022, 1, 1)) == "Tết Dương lịch"
    assert not cal.is_working_day(D(2022, 1, 3))
    assert cal.holiday_name(D(2022, 1, 3)) == "Nghỉ bù Tết Dương lịch"


def test_library_day_swap_2024(cal):
    # VPCP CV 2450/VPCP-KGVX: off Monday 29/4/2024, made up on Saturday 4/5/2024.
    assert not cal.is_working_day(D(2024, 4, 29))
    assert cal.holiday_name(D(2024, 4, 29)) == "Nghỉ theo thông báo (làm bù ngày 04/05/2024)"
    assert cal.is_working_day(D(2024, 5, 4))


def test_day_swap_across_new_year(cal):
    # 31/12/2018 off, made up on Saturday 5/1/2019: filed under 2018 in `holidays`.
    assert cal.is_working_day(D(2019, 1, 5))
    fresh = WorkCalendar()
    assert fresh.is_working_day(D(2019, 1, 5))  # 2019 loaded alone still sees it
    assert not fresh.is_working_day(D(2018, 12, 31))


def test_names_are_nfc(cal):
    day = D(2021, 1, 1)
    while day <= D(2024, 12, 31):
        name = cal.holiday_name(day)
        assert name is None or unicodedata.is_normalized("NFC", name)
        day += timedelta(days=1)
    decomposed = unicodedata.normalize("NFD", "Ngày Quốc tế Lao động (nghỉ bù)")
    assert canonical_holiday_name(decomposed) == "Nghỉ bù Ngày Quốc tế Lao động"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("29 Tết", "Tết Nguyên đán"),
        ("Giao thừa Tết Nguyên Đán", "Tết Nguyên đán"),
        ("Mùng năm Tết Nguyên Đán", "Tết Nguyên đán"),
        ("Ngày Giỗ Tổ Hùng Vương (nghỉ bù, dự kiến)", "Nghỉ bù Giỗ Tổ Hùng Vương"),
        ("Tết Nguyên Đán (dự kiến)", "Tết Nguyên đán"),
        ("Ngày Chiến thắng; Ngày Quốc tế Lao động", "Ngày Chiến thắng; Ngày Quốc tế Lao động"),
        ("Ngày Văn hóa Việt Nam", "Ngày Văn hóa Việt Nam"),
    ],
)
def test_canonical_holiday_name(label, expected):
    assert canonical_holiday_name(label) == expected


def test_holidays_2021(cal):
    listed = [d for d in (D(2021, 1, 1) + timedelta(i) for i in range(365)) if cal.holiday_name(d)]
    assert len(listed) == 14
    assert (listed[0], cal.holiday_name(listed[0])) == (D(2021, 1, 1), "Tết Dương lịch")
    assert (listed[-1], cal.holiday_name(listed[-1])) == (D(2021, 9, 3), "Quốc khánh")


# --- overrides ---------------------------------------------------------------------------


def test_compensating_saturday_from_overrides():
    sat = D(2023, 6, 10)
    cal = WorkCalendar(extra_working_days={sat: "Làm bù cho ngày 02/6/2023"})
    assert cal.is_working_day(sat)
    assert cal.holiday_name(sat) is None
    # Friday 9/6 → the next working day is the Saturday, not Monday 12/6.
    assert cal.next_working_day(D(2023, 6, 9)) == sat
    assert cal.working_days_between(D(2023, 6, 9), D(2023, 6, 12)) == 2
    assert cal.add_working_days(D(2023, 6, 8), 3) == D(2023, 6, 12)
    assert WorkCalendar().add_working_days(D(2023, 6, 8), 3) == D(2023, 6, 13)


def test_extra_day_off_from_overrides():
    cal = WorkCalendar(extra_days_off={D(2021, 2, 8): "Nghỉ Tết bổ sung"})
    assert not cal.is_working_day(D(2021, 2, 8))
    assert cal.holiday_name(D(2021, 2, 8)) == "Nghỉ Tết bổ sung"
    assert cal.add_working_days(D(2021, 2, 5), 1) == D(2021, 2, 9)
    assert cal.working_days_between(D(2021, 2, 5), D(2021, 2, 17)) == 2


def test_default_name_for_extra_day_off():
    cal = WorkCalendar(extra_days_off={D(2030, 1, 2): ""})
    assert cal.holiday_name(D(2030, 1, 2)) == "Nghỉ theo thông báo"


def test_removed_holiday_and_override_precedence():
    # Province undoes the 2024 swap: 29/4 is worked, 4/5 is off again.
    cal = WorkCalendar(removed_holidays=[D(2024, 4, 29)],
                       extra_days_off={D(2024, 5, 4): "Không làm bù"})
    assert cal.is_working_day(D(2024, 4, 29))
    assert cal.holiday_name(D(2024, 4, 29)) is None
    assert not cal.is_working_day(D(2024, 5, 4))
    # A holiday declared a working day.
    cal2 = WorkCalendar(extra_working_days={D(2021, 9, 3): "Trực"})
    assert cal2.is_working_day(D(2021, 9, 3))
    assert cal2.holiday_name(D(2021, 9, 3)) is None


def test_conflicting_overrides_rejected():
    with pytest.raises(CalendarError, match="vừa được khai báo là ngày nghỉ"):
        WorkCalendar(extra_days_off={D(2024, 5, 4): "a"},
                     extra_working_days={D(2024, 5, 4): "b"})


# --- arithmetic --------------------------------------------------------------------------


def test_add_working_days_across_tet(cal):
    # "Trong 10 ngày làm việc kể từ ngày 05/02/2021": 8, 9, 17, 18, 19, 22, 23, 24, 25, 26/2.
    assert cal.add_working_days(D(2021, 2, 5), 10) == D(2021, 2, 26)
    assert cal.add_working_days(D(2021, 2, 9), 1) == D(2021, 2, 17)
    assert cal.add_working_days(D(2021, 2, 26), -10) == D(2021, 2, 5)


def test_add_working_days_conventions(cal):
    sat = D(2021, 3, 20)
    assert cal.add_working_days(sat, 0) == sat  # n == 0: start unchanged
    assert cal.add_working_days(sat, 1) == D(2021, 3, 22)
    assert cal.add_working_days(D(2021, 3, 19), 1) == D(2021, 3, 22)  # start not counted
    assert cal.add_working_days(sat, -1) == D(2021, 3, 19)
    assert cal.add_working_days(datetime(2021, 3, 19, 15, 30), 0) == D(2021, 3, 19)
    with pytest.raises(TypeError):
        cal.add_working_days(sat, 1.5)  # type: ignore[arg-type]


def test_month_and_year_ends(cal):
    assert cal.add_working_days(D(2021, 12, 30), 1) == D(2021, 12, 31)
    # Fri 31/12/2021 → Sat 1/1 (holiday), Sun 2/1, Mon 3/1 (observed) → Tue 4/1/2022.
    assert cal.add_working_days(D(2021, 12, 31), 1) == D(2022, 1, 4)
    assert cal.previous_working_day(D(2022, 1, 4)) == D(2021, 12, 31)
    assert cal.working_days_between(D(2021, 12, 31), D(2022, 1, 4)) == 1
    # Fri 30/4/2021 is a holiday: the last working day of April 2021 is Thu 29/4.
    assert cal.previous_working_day(D(2021, 5, 1)) == D(2021, 4, 29)
    assert cal.next_working_day(D(2021, 4, 29)) == D(2021, 5, 4)
    assert cal.working_days_between(D(2021, 1, 31), D(2021, 2, 28)) == 15
    assert cal.working_days_between(D(2020, 12, 31), D(2021, 12, 31)) == 250


def test_next_previous_inclusive(cal):
    assert cal.next_working_day(D(2021, 3, 19), inclusive=True) == D(2021, 3, 19)
    assert cal.next_working_day(D(2021, 3, 19)) == D(2021, 3, 22)
    assert cal.previous_working_day(D(2021, 3, 20), inclusive=True) == D(2021, 3, 19)
    assert cal.previous_working_day(D(2021, 3, 22), inclusive=True) == D(2021, 3, 22)


def test_working_days_between_signs(cal):
    a, b = D(2021, 2, 5), D(2021, 2, 26)
    assert cal.working_days_between(a, a) == 0
    assert cal.working_days_between(a, b) == 10
    assert cal.working_days_between(b, a) == -10
    # Submitted on a day off right after the deadline: 0 working days late.
    assert cal.working_days_between(D(2021, 2, 9), D(2021, 2, 16)) == 0
    assert cal.working_days_between(D(2021, 2, 16), D(2021, 2, 9)) == 0
    assert cal.working_days_between(D(2021, 2, 9), D(2021, 2, 17)) == 1


def test_lazy_loading_any_year():
    cal = WorkCalendar()
    assert cal.is_working_day(D(2040, 6, 1))  # Friday
    assert not cal.is_working_day(D(2040, 9, 2))
    assert cal.working_days_between(D(2040, 1, 1), D(2001, 1, 1)) < -9000
    assert cal.add_working_days(D(2099, 12, 1), 5) == D(2099, 12, 8)


def test_out_of_range_year():
    cal = WorkCalendar()
    with pytest.raises(CalendarError, match="Năm 2101 nằm ngoài phạm vi"):
        cal.is_working_day(D(2101, 1, 3))
    with pytest.raises(CalendarError, match="ngoài phạm vi"):
        cal.add_working_days(D(2100, 12, 30), 5)


# --- property tests ----------------------------------------------------------------------

PROPERTY_CAL = WorkCalendar(
    extra_days_off={D(2021, 2, 8): "Nghỉ thêm", D(2023, 6, 3): "Thứ Bảy nghỉ"},
    extra_working_days={D(2021, 2, 20): "Làm bù", D(2022, 9, 1): "Trực", D(2023, 6, 10): "Bù"},
)
dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 12, 31))
counts = st.integers(min_value=1, max_value=120)


def _naive_add(cal: WorkCalendar, start: date, n: int) -> date:
    d, step, left = start, (1 if n > 0 else -1), abs(n)
    while left:
        d += timedelta(step)
        left -= cal.is_working_day(d)
    return d


@settings(max_examples=300, deadline=None)
@given(dates, counts)
def test_add_is_working_day_and_inverse(d, n):
    result = PROPERTY_CAL.add_working_days(d, n)
    assert result > d
    assert PROPERTY_CAL.is_working_day(result)
    assert PROPERTY_CAL.working_days_between(d, result) == n
    assert PROPERTY_CAL.working_days_between(d, result - timedelta(1)) == n - 1


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=-120, max_value=120))
def test_add_matches_day_by_day_reference(d, n):
    expected = d if n == 0 else _naive_add(PROPERTY_CAL, d, n)
    assert PROPERTY_CAL.add_working_days(d, n) == expected


@settings(max_examples=200, deadline=None)
@given(dates.filter(PROPERTY_CAL.is_working_day), counts)
def test_roundtrip_from_working_day(d, n):
    later = PROPERTY_CAL.add_working_days(d, n)
    assert PROPERTY_CAL.working_days_between(d, later) == n
    assert PROPERTY_CAL.add_working_days(later, -n) == d


@settings(max_examples=200, deadline=None)
@given(dates, counts, counts)
def test_monotonic(d, n, m):
    lo, hi = sorted((n, m))
    assert PROPERTY_CAL.add_working_days(d, lo) <= PROPERTY_CAL.add_working_days(d, hi)
    e = d + timedelta(days=m)
    assert PROPERTY_CAL.add_working_days(d, n) <= PROPERTY_CAL.add_working_days(e, n)


@settings(max_examples=200, deadline=None)
@given(dates, dates, dates)
def test_between_additive_and_antisymmetric(a, b, c):
    ab = PROPERTY_CAL.working_days_between(a, b)
    assert ab == -PROPERTY_CAL.working_days_between(b, a)
    assert ab + PROPERTY_CAL.working_days_between(b, c) == PROPERTY_CAL.working_days_between(a, c)
    if a < b:
        span = (b - a).days
        expected = sum(PROPERTY_CAL.is_working_day(a + timedelta(i)) for i in range(1, span + 1))
        assert ab == expected
