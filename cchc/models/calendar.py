"""Calendar overrides: days off and compensating working days announced each year."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from cchc.models.common import Model, Text


class CalendarDay(Model):
    date: dt.date
    name: Text
    source: str | None = Field(default=None, description="Thông báo của Bộ LĐTBXH / Thủ tướng")


class CalendarFile(Model):
    schema_: str = Field(alias="schema")
    days_off: list[CalendarDay] = Field(default_factory=list, description="Ngày nghỉ thêm (hoán đổi, nghỉ bù)")
    working_days: list[CalendarDay] = Field(default_factory=list, description="Ngày làm việc bù (thứ Bảy...)")
