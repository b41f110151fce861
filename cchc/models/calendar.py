"""Calendar overrides: days off and compensating working days announced each year.

The one validation of ``calendar@1`` data: each date at most once per list, and no date both
a day off and a working day (across files, :mod:`cchc.checks.dates` checks the same rule).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import Model, Text


class CalendarDay(Model):
    date: dt.date
    name: Text
    source: str | None = Field(default=None, description="Thông báo của Bộ LĐTBXH / Thủ tướng")


def _iso_list(days: list[dt.date]) -> str:
    return ", ".join(day.isoformat() for day in sorted(days))


class CalendarFile(Model):
    schema_: str = Field(alias="schema")
    days_off: list[CalendarDay] = Field(default_factory=list, description="Ngày nghỉ thêm (hoán đổi, nghỉ bù)")
    working_days: list[CalendarDay] = Field(default_factory=list, description="Ngày làm việc bù (thứ Bảy...)")

    @model_validator(mode="after")
    def _each_day_once(self) -> CalendarFile:
        for section in ("days_off", "working_days"):
            seen: set[dt.date] = set()
            twice = {day.date for day in getattr(self, section) if day.date in seen or seen.add(day.date)}
            if twice:
                raise PydanticCustomError("duplicate_day", "{section}: ngày {days} được khai báo hai lần",
                                          {"section": section, "days": _iso_list(list(twice))})
        both = {day.date for day in self.days_off} & {day.date for day in self.working_days}
        if both:
            raise PydanticCustomError(
                "day_off_and_working", "ngày {days} vừa là ngày nghỉ (days_off) vừa là ngày làm việc (working_days)",
                {"days": _iso_list(list(both))})
        return self
