"""The 2026 working calendar (library + data/calendar) matches the announced schedule."""

from __future__ import annotations

from datetime import date, timedelta

from cchc.io.loader import load_dataset
from cchc.services.deadlines import build_calendar
from tests.conftest import DATA


def _exceptions(year: int) -> dict[date, bool]:
    """Days whose working status differs from "Monday to Friday": {day: is_working}."""
    cal = build_calendar(load_dataset(DATA))
    day, found = date(year, 1, 1), {}
    while day.year == year:
        if cal.is_working_day(day) != (day.weekday() < 5):
            found[day] = cal.is_working_day(day)
        day += timedelta(days=1)
    return found


def test_2026_days_off_and_swaps_are_those_announced():
    off = [d for d, working in _exceptions(2026).items() if not working]
    worked = [d for d, working in _exceptions(2026).items() if working]
    expected_off = [
        date(2026, 1, 1), date(2026, 1, 2),  # Tết Dương lịch, 2/1 swapped with Sat 10/1 (CV 12729/VPCP-KGVX)
        *(date(2026, 2, d) for d in range(16, 21)),  # Tết Bính Ngọ Mon 16/2 – Fri 20/2 (TB 9441/TB-BNV)
        date(2026, 4, 27),  # Giỗ Tổ on Sun 26/4 → Mon 27/4
        date(2026, 4, 30), date(2026, 5, 1),
        date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2),  # 31/8 swapped with Sat 22/8
        date(2026, 11, 24),  # Ngày Văn hóa Việt Nam (library; legal basis unconfirmed, see data/calendar)
    ]
    assert off == expected_off
    assert worked == [date(2026, 1, 10), date(2026, 8, 22)]


def test_2027_uses_the_computed_lunar_dates_until_a_schedule_is_announced():
    off = [d for d, working in _exceptions(2027).items() if not working]
    assert date(2027, 4, 16) in off  # Giỗ Tổ 10/3 âm lịch
    assert date(2027, 5, 3) in off  # 1/5 is a Saturday: compensatory Monday
    assert {date(2027, 2, 5), date(2027, 2, 8)} <= set(off)  # around Tết Đinh Mùi (Sat 6/2/2027)
