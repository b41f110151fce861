"""The kept answers of ``holidays`` (cchc.calendar.library): a calendar built from a snapshot is
the calendar built from the package, and a snapshot of another package is never used."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from cchc.calendar import WorkCalendar, library


@pytest.fixture
def fresh(monkeypatch):
    """The module as in a new process: nothing computed, nothing primed."""
    monkeypatch.setattr(library, "_years", {})
    monkeypatch.setattr(library, "_range", None)
    monkeypatch.setattr(library, "_unsaved", False)


def _no_library(monkeypatch):
    def refuse():
        raise AssertionError("holidays was consulted although the snapshot holds the answer")

    monkeypatch.setattr(library, "_library", refuse)


def _answers(cal: WorkCalendar, first: int, last: int) -> list:
    day, end, out = date(first, 1, 1), date(last, 12, 31), []
    while day <= end:
        out.append((day, cal.is_working_day(day), cal.holiday_name(day)))
        day += timedelta(days=1)
    return out


def test_a_calendar_from_a_snapshot_answers_as_the_package(fresh, monkeypatch):
    overrides = {"extra_days_off": {date(2021, 2, 17): "Nghỉ thêm"},
                 "extra_working_days": {date(2021, 2, 27): "Làm bù"}}
    expected = _answers(WorkCalendar(**overrides), 2018, 2025)
    assert library.unsaved()
    data = json.loads(json.dumps(library.snapshot(), ensure_ascii=False))  # as kept on disk
    assert not library.unsaved()
    assert library.supported_years() == (data["range"][0], data["range"][1])

    monkeypatch.setattr(library, "_years", {})
    monkeypatch.setattr(library, "_range", None)
    _no_library(monkeypatch)
    assert library.prime(data)
    assert _answers(WorkCalendar(**overrides), 2018, 2025) == expected
    assert not library.unsaved()  # nothing new to keep


def test_years_missing_from_a_snapshot_come_from_the_package(fresh):
    WorkCalendar().is_working_day(date(2021, 5, 3))
    data = library.snapshot()
    assert set(data["years"]) == {"2021"}
    library._years.clear()
    assert library.prime(data)
    assert WorkCalendar().holiday_name(date(2024, 9, 2)) == "Quốc khánh"
    assert library.unsaved()
    assert set(library.snapshot()["years"]) == {"2021", "2024"}


@pytest.mark.parametrize("change", [
    lambda d: d.update(key=d["key"] + "x"),  # another version or copy of holidays
    lambda d: d.update(range=["1901", 2100]),
    lambda d: d["years"]["2021"]["items"].append([1, 2]),
    lambda d: d["years"]["2021"].pop("workdays"),
    lambda d: d.update(years=[]),
])
def test_a_snapshot_of_another_package_or_damaged_is_not_used(fresh, change):
    expected = _answers(WorkCalendar(), 2021, 2021)
    data = json.loads(json.dumps(library.snapshot()))
    change(data)
    library._years.clear()
    library._range = None
    assert not library.prime(data)
    assert library._years == {} and library._range is None
    assert _answers(WorkCalendar(), 2021, 2021) == expected


def test_the_key_names_the_installed_package_version():
    key = library.library_key()
    assert key is not None
    import holidays

    assert f"holidays-{holidays.__version__}.dist-info" in key
