"""Recurring reporting deadlines expanded into dated occurrences.

A :class:`RecurrenceRule` describes a deadline that repeats every month, quarter, half-year
or year, e.g.

* BNV CV 581/BNV-CCHC: quarterly, 6-month and annual CCHC reports are due no later than the
  20th of the last month of the period →
  ``RecurrenceRule(every="quarter", day=20, month_of_period="last")``;
* BR-VT CV 2539/UBND-SNV: quarterly report before the 5th of the last month of the quarter
  → ``RecurrenceRule(every="quarter", day=5)``; annual CCHC plan (for the following year)
  before 20/11 → ``RecurrenceRule(every="year", day=20, month_of_period=11,
  period_offset=1)``.

:func:`expand` turns a rule into :class:`Occurrence` objects (period label in Vietnamese,
due date) between two dates, optionally moving due dates that fall on a non-working day.
The rules themselves are meant to live in data files (with their legal basis); this module
only does the date arithmetic. It never reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from cchc.calendar.errors import CalendarError
from cchc.calendar.workdays import WorkCalendar
from cchc.textvn import date_numeric

__all__ = [
    "ADJUST_CHOICES",
    "PERIOD_KINDS",
    "Occurrence",
    "RecurrenceRule",
    "default_calendar",
    "expand",
    "period_label_vi",
]

Every = Literal["month", "quarter", "half_year", "year"]
Adjust = Literal["previous", "next", "none"]

#: Length in months of each kind of period.
PERIOD_KINDS: dict[str, int] = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
ADJUST_CHOICES: tuple[str, ...] = ("previous", "next", "none")

_EVERY_VI = {"month": "tháng", "quarter": "quý", "half_year": "6 tháng", "year": "năm"}
_ROMAN = ("I", "II", "III", "IV")
# Longest length of each month (February: 29, clamped to 28 in common years).
_MAX_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_RULE_KEYS = ("every", "day", "month_of_period", "months", "period_offset")


def period_label_vi(every: str, year: int, index: int) -> str:
    """Vietnamese label of the ``index``-th period (1-based) of ``year``.

    ``Tháng 7/2021``, ``Quý I/2021``, ``6 tháng đầu năm 2021`` / ``6 tháng cuối năm 2021``,
    ``Năm 2021``.
    """
    if every == "month":
        return f"Tháng {index}/{year}"
    if every == "quarter":
        return f"Quý {_ROMAN[index - 1]}/{year}"
    if every == "half_year":
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    if every == "year":
        return f"Năm {year}"
    raise CalendarError(f"Chu kỳ không hợp lệ: {every!r}.")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class RecurrenceRule:
    """A deadline repeating every period.

    Attributes:
        every: ``"month"``, ``"quarter"``, ``"half_year"`` or ``"year"``.
        day: day of the month the deadline falls on (1–31). In a month that is shorter the
            last day of that month is used (``day=31`` → 30/6, 28/2 or 29/2).
        month_of_period: which month of the period holds the deadline: ``"first"``,
            ``"last"`` (default) or a number from 1 to the period length (1 for ``month``,
            3 for ``quarter``, 6 for ``half_year``, 12 for ``year``). For ``year`` a number
            is simply the calendar month (``11`` → November).
        months: if given, keep only occurrences whose (nominal) due month is listed, e.g.
            ``every="quarter", months=(3, 9)`` for the Q1 and Q3 reports only, when the
            6-month and annual reports have their own rules.
        period_offset: the period reported on, relative to the period containing the due
            date. ``0`` (default): the period itself; ``1``: the next one (a plan for year
            N+1 due in November of year N); ``-1``: the previous one (a report on the last
            quarter due in the first month of the next quarter).
    """

    every: Every
    day: int
    month_of_period: int | Literal["first", "last"] = "last"
    months: frozenset[int] | None = None
    period_offset: int = 0

    def __post_init__(self) -> None:
        if self.every not in PERIOD_KINDS:
            raise CalendarError(
                f"Chu kỳ 'every' không hợp lệ: {self.every!r}. "
                f"Giá trị cho phép: {', '.join(PERIOD_KINDS)}."
            )
        length = PERIOD_KINDS[self.every]
        if not _is_int(self.day) or not 1 <= self.day <= 31:
            raise CalendarError(
                f"Ngày đến hạn 'day' phải là số nguyên từ 1 đến 31, nhận được: {self.day!r}."
            )
        mop = self.month_of_period
        if not (mop in ("first", "last") or (_is_int(mop) and 1 <= mop <= length)):
            raise CalendarError(
                "Tháng trong kỳ 'month_of_period' phải là 'first', 'last' hoặc số từ 1 đến "
                f"{length} (chu kỳ {_EVERY_VI[self.every]}), nhận được: {mop!r}."
            )
        if not _is_int(self.period_offset):
            raise CalendarError(
                f"'period_offset' phải là số nguyên, nhận được: {self.period_offset!r}."
            )
        if self.months is not None:
            months = self.months
            if isinstance(months, (str, bytes)) or not isinstance(months, Iterable):
                raise CalendarError("'months' phải là danh sách các tháng (1–12).")
            months = list(months)
            bad = [m for m in months if not _is_int(m) or not 1 <= m <= 12]
            if not months or bad:
                raise CalendarError(
                    "Danh sách tháng 'months' phải gồm các số nguyên từ 1 đến 12, "
                    f"nhận được: {self.months!r}."
                )
            object.__setattr__(self, "months", frozenset(months))
            possible = self.due_months
            if not set(months) & set(possible):
                raise CalendarError(
                    "Không tháng nào trong 'months' là tháng đến hạn của quy tắc "
                    f"(các tháng có thể: {', '.join(map(str, possible))})."
                )
        if self.every == "year":
            month = self.month_index
            if self.day > _MAX_MONTH_DAYS[month - 1]:
                raise CalendarError(f"Tháng {month} không có ngày {self.day}.")

    @property
    def period_months(self) -> int:
        """Length of the period in months."""
        return PERIOD_KINDS[self.every]

    @property
    def month_index(self) -> int:
        """1-based month of the period holding the deadline."""
        mop = self.month_of_period
        if mop == "first":
            return 1
        if mop == "last":
            return self.period_months
        return int(mop)

    @property
    def due_months(self) -> tuple[int, ...]:
        """Calendar months a deadline can fall in (before the ``months`` filter)."""
        length = self.period_months
        return tuple(start + self.month_index - 1 for start in range(1, 13, length))

@dataclass(frozen=True)
class Occurrence:
    """One dated instance of a recurring deadline.

    ``due`` is the deadline after the working-day adjustment, ``nominal_due`` the date
    given by the rule; ``period_start``/``period_end`` bound the period reported on.
    """

    period_label_vi: str
    due: date
    nominal_due: date
    period_start: date
    period_end: date

    @property
    def adjusted(self) -> bool:
        """True if the due date was moved off a non-working day."""
        return self.due != self.nominal_due


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """Shared :class:`WorkCalendar` without province overrides."""
    return WorkCalendar()


def _last_day(year: int, month: int) -> int:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day


def expand(
    rule: RecurrenceRule,
    start: date,
    end: date,
    *,
    calendar: WorkCalendar | None = None,
    adjust: Adjust = "previous",
) -> list[Occurrence]:
    """Occurrences of ``rule`` whose (adjusted) due date lies in ``[start, end]``.

    ``adjust`` says what to do when the nominal due date is not a working day:

    * ``"previous"`` (default): move it to the previous working day. The deadlines in
      reporting rules are "no later than" / "before" dates ("chậm nhất ngày 20",
      "trước ngày 05") and the receiving office is closed on the day off, so the safe
      deadline to plan for is the last working day before it; e.g. 20/3/2021 is a
      Saturday → 19/3/2021.
    * ``"next"``: move it to the next working day. This is the legal reading of a
      *period* whose last day is a day off (BLDS 2015, Điều 148: the period ends at the
      end of the next working day) — use it to compute the latest legally acceptable
      date, e.g. when judging whether a report was late.
    * ``"none"``: keep the nominal date.

    ``calendar`` defaults to :func:`default_calendar` (no province overrides). The result
    is sorted by due date.
    """
    if not isinstance(rule, RecurrenceRule):
        raise TypeError("rule phải là RecurrenceRule.")
    if adjust not in ADJUST_CHOICES:
        raise CalendarError(
            f"Cách dời hạn 'adjust' không hợp lệ: {adjust!r}. "
            f"Giá trị cho phép: {', '.join(ADJUST_CHOICES)}."
        )
    if end < start:
        raise CalendarError(
            f"Ngày bắt đầu ({date_numeric(start)}) sau ngày kết thúc ({date_numeric(end)})."
        )
    cal = calendar if calendar is not None else default_calendar()
    length = rule.period_months
    per_year = 12 // length
    result: list[Occurrence] = []
    # Adjustments move a date by days only, so due-years one beyond each end suffice.
    for due_year in range(start.year - 1, end.year + 2):
        for p in range(per_year):
            month = p * length + rule.month_index
            if rule.months is not None and month not in rule.months:
                continue
            nominal = date(due_year, month, min(rule.day, _last_day(due_year, month)))
            if adjust == "none" or cal.is_working_day(nominal):
                due = nominal
            elif adjust == "previous":
                due = cal.previous_working_day(nominal)
            else:
                due = cal.next_working_day(nominal)
            if not start <= due <= end:
                continue
            y, q = divmod(due_year * per_year + p + rule.period_offset, per_year)
            first_month = q * length + 1
            last_month = first_month + length - 1
            result.append(
                Occurrence(
                    period_label_vi=period_label_vi(rule.every, y, q + 1),
                    due=due,
                    nominal_due=nominal,
                    period_start=date(y, first_month, 1),
                    period_end=date(y, last_month, _last_day(y, last_month)),
                )
            )
    result.sort(key=lambda occ: (occ.due, occ.period_start))
    return result
