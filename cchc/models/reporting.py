"""Recurring reporting deadlines (``reporting@1``): quarterly, 6-month, annual reports.

A rule says who reports (agencies by id, or every agency of some kinds), to whom, how often
and on which day of the period, and on what legal basis. ``cchc deadlines`` expands each rule
into dated instances (see :mod:`cchc.services.deadlines`), which are then tracked like tasks.

Past instances are listed only from ``track_from`` on: a rule without it works as a calendar
of the coming report deadlines; with it (and ``submitted`` entries for the reports sent) it
is a full tracker whose missed reports show as overdue.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.agencies import AgencyKind
from cchc.models.common import PERIOD_PATTERN, CodeList, Model, Slug, SlugList, Text


class Submission(Model):
    """A report that was sent, for one period (and one agency, or every lead of the rule)."""

    period: str = Field(
        pattern=PERIOD_PATTERN,
        description="Kỳ báo cáo: \"2021\" (năm), \"2021-H1\" (6 tháng), \"2021-Q3\" (quý), \"2021-07\" (tháng)")
    lead: Slug | None = Field(default=None, description="Cơ quan đã gửi; bỏ trống nếu áp dụng cho mọi cơ quan")
    done_on: date = Field(description="Ngày gửi báo cáo")
    evidence: str | None = Field(default=None, description="Số, ký hiệu báo cáo đã gửi")


class ReportingRule(Model):
    id: Slug
    title: Text = Field(description="Tên báo cáo, ví dụ \"Báo cáo CCHC quý\"")
    lead: SlugList = Field(default_factory=list, description="Cơ quan phải báo cáo (mã trong agencies)")
    agency_kinds: list[AgencyKind] = Field(
        default_factory=list, description="Hoặc: mọi cơ quan thuộc các loại này (ví dụ [so, huyen])")
    report_to: Slug | None = Field(default=None, description="Cơ quan nhận báo cáo")
    every: Literal["month", "quarter", "half_year", "year"] = Field(
        description="Chu kỳ: month, quarter, half_year, year")
    day: int = Field(ge=1, le=31, description="Ngày đến hạn trong tháng (tháng ngắn hơn: ngày cuối tháng)")
    month_of_period: Annotated[int, Field(ge=1, le=12)] | Literal["first", "last"] = Field(
        default="last", description="Tháng của kỳ chứa hạn: first, last hoặc số thứ tự tháng trong kỳ")
    months: list[Annotated[int, Field(ge=1, le=12)]] | None = Field(
        default=None, description="Chỉ giữ các kỳ có hạn rơi vào các tháng này, ví dụ [3, 9]")
    period_offset: int = Field(
        default=0, ge=-12, le=12, description="Kỳ được báo cáo so với kỳ chứa hạn: 0 chính kỳ đó, 1 kỳ sau, -1 kỳ trước")
    adjust: Literal["previous", "next", "none"] = Field(
        default="previous",
        description="Hạn rơi vào ngày nghỉ: previous (ngày làm việc liền trước), next (liền sau), none (giữ nguyên)")
    source: Slug | None = Field(default=None, description="Văn bản quy định (mã trong documents)")
    legal_basis: str | None = Field(default=None, description="Căn cứ, ví dụ \"Công văn số 581/BNV-CCHC của Bộ Nội vụ\"")
    url: str | None = None
    start_year: int | None = Field(default=None, ge=1901, le=2100, description="Năm đầu áp dụng")
    end_year: int | None = Field(default=None, ge=1901, le=2100, description="Năm cuối áp dụng")
    track_from: date | None = Field(
        default=None, description="Theo dõi cả các kỳ đã qua có hạn từ ngày này (kỳ chưa gửi sẽ là quá hạn)")
    submitted: list[Submission] = Field(default_factory=list, description="Các báo cáo đã gửi")
    criteria: CodeList = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ReportingRule:
        if not self.lead and not self.agency_kinds:
            raise PydanticCustomError(
                "reporting_without_lead", "cần lead (mã cơ quan) hoặc agency_kinds (loại cơ quan) phải báo cáo")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise PydanticCustomError(
                "year_order", "end_year ({end}) trước start_year ({start})",
                {"end": self.end_year, "start": self.start_year})
        # Whether every/day/month_of_period/months make a recurrence is checked by
        # cchc.checks.reporting with the calendar's own rule (models import only pydantic).
        return self


class ReportingFile(Model):
    schema_: str = Field(alias="schema")
    rules: list[ReportingRule] = Field(min_length=1)
