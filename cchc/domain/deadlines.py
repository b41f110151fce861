"""Deadlines of tasks: the one rule every command, check and document uses.

* :func:`build_calendar` — the working calendar of a dataset: the ``holidays`` calendar plus
  the data's ``calendar@1`` overrides (extra days off, working Saturdays). Every working-day
  computation on a dataset uses it, so no command ignores the overrides.
* :func:`resolve_due` — a task's deadline with its basis: the last extension wins, else
  ``due``, else ``due_working_days`` working days after the source document's date (the
  signing day is not counted).
* :func:`effective_due` — only the date of :func:`resolve_due`.
* :func:`task_start` — the day a task starts to exist: its source document's date. Before
  that day the task is not there (``--as-of`` never sees the future).
* :func:`task_reference_date` — the day at which a task's agencies must exist.
* :func:`rule_recurrence` — the recurrence of a ``reporting@1`` rule.
* :func:`is_overdue` — the overdue rule: not cancelled, not done by ``as_of``, and ``as_of``
  after the deadline.

Pure library: "today" is always passed in.
"""

from __future__ import annotations

import calendar as calendar_module
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from cchc.models.tasks import Due, DuePeriod, DueRecurring, Task, TaskStatus
from cchc.textvn import date_short, roman

# The working-day calendar (cchc.calendar) is imported by the functions that compute with it:
# checking a repository never does, unless a reporting rule has to be read as a recurrence.
if TYPE_CHECKING:
    from cchc.calendar import RecurrenceRule, WorkCalendar
    from cchc.io.loader import Dataset
    from cchc.models.documents import Document
    from cchc.models.reporting import ReportingRule


def build_calendar(ds: Dataset) -> WorkCalendar:
    """Working days of ``ds``: ``holidays`` plus the dataset's ``calendar@1`` overrides."""
    from cchc.calendar import WorkCalendar

    return WorkCalendar(
        extra_days_off={day.date: day.name for day in ds.days_off},
        extra_working_days={day.date: day.name for day in ds.working_days},
    )


class ResolvedDue(NamedTuple):
    """A task's deadline: ``due`` (or ``None``), how it was found and, when it could not be
    computed, why (in Vietnamese). ``original`` is the deadline before extensions. (A named
    tuple: made for every task of every deadline listing, at a third of a frozen dataclass's cost.)"""

    due: date | None
    basis: str | None = None  # "date" | "period" | "continuous" | "periodic" | "recurring" | "working_days" | "extension"
    problem: str | None = None
    original: date | None = None


def _assigned_due(task: Task, documents: Mapping[str, Document],
                  calendar: WorkCalendar, as_of: date | None = None) -> ResolvedDue:
    """The deadline as first assigned (without extensions)."""
    if isinstance(task.due, date):
        return ResolvedDue(task.due, "date")
    if task.due is not None:
        deadline = Deadline(task.due)
        if deadline.continuous:
            return ResolvedDue(None, "continuous")
        if deadline.periodic:
            return ResolvedDue(None, "periodic")  # "định kỳ", period not stated: no day to be late on
        if deadline.recurring:
            start = as_of or task_start(task, documents)
            return ResolvedDue(deadline.next_occurrence(start) if start else None, "recurring")
        return ResolvedDue(deadline.end, "period")
    if task.due_working_days is None:
        return ResolvedDue(None)
    document = documents.get(task.source) if task.source else None
    if document is None:
        return ResolvedDue(None, problem=f"văn bản giao «{task.source}» không có trong danh mục văn bản")
    if document.date is None:
        return ResolvedDue(None, problem=(f"văn bản giao «{document.id}» chưa có ngày ký nên chưa tính được "
                                          f"hạn {task.due_working_days} ngày làm việc"))
    from cchc.calendar import CalendarError

    try:
        return ResolvedDue(calendar.add_working_days(document.date, task.due_working_days), "working_days")
    except CalendarError as exc:
        return ResolvedDue(None, problem=f"không tính được hạn {task.due_working_days} ngày làm việc: {exc.message}")


def resolve_due(task: Task, documents: Mapping[str, Document], calendar: WorkCalendar,
                as_of: date | None = None) -> ResolvedDue:
    """The effective deadline of ``task`` (see the module docstring). A period deadline falls
    due on the last day of the period; continuous work and periodic work of unstated period
    ("định kỳ") have none (never overdue, still reported as ongoing work); a recurring
    deadline is its next occurrence on or after ``as_of`` (each occurrence is reported, none is
    overdue for the task as a whole)."""
    assigned = _assigned_due(task, documents, calendar, as_of)
    if task.extensions:
        return ResolvedDue(task.extensions[-1].due, "extension", None, assigned.due)
    return assigned


def effective_due(task: Task, calendar: WorkCalendar, documents: Mapping[str, Document],
                  as_of: date | None = None) -> date | None:
    """The date ``task`` is due (``None``: no deadline, continuous work, or one that cannot be computed)."""
    return resolve_due(task, documents, calendar, as_of).due


def task_start(task: Task, documents: Mapping[str, Document]) -> date | None:
    """The first day ``task`` can exist: its source document's date; for a document known only
    by month or year (a draft), the first day of that month or year. ``None``: unknown."""
    document = documents.get(task.source) if task.source else None
    return document_start(document) if document is not None else None


def document_start(document: Document) -> date | None:
    """The first day ``document`` can have been issued (its date, else its month or year)."""
    if document.date is not None:
        return document.date
    if document.year is not None:
        return date(document.year, document.month or 1, 1)
    return None


def exists_on(task: Task, documents: Mapping[str, Document], on: date) -> bool:
    """False when ``task``'s source document is dated after ``on`` (the task did not exist yet)."""
    start = task_start(task, documents)
    return start is None or start <= on


def task_reference_date(task: Task, documents: Mapping[str, Document]) -> date | None:
    """The day at which the agencies of ``task`` must exist: the source document's date (the
    day the work was given), else the deadline."""
    document = documents.get(task.source) if task.source else None
    if document is not None and document.date is not None:
        return document.date
    return Deadline(task.due).end if task.due is not None else None


def is_done_by(task: Task, on: date) -> bool:
    return task.done_on is not None and task.done_on <= on


def is_overdue(due: date | None, *, done_on: date | None, cancelled: bool, as_of: date) -> bool:
    """The overdue rule: a deadline that has passed on ``as_of`` (the deadline day itself is
    still on time), for work neither cancelled nor done by ``as_of``."""
    if cancelled or due is None:
        return False
    if done_on is not None and done_on <= as_of:
        return False
    return as_of > due


def is_open(task: Task, on: date | None = None) -> bool:
    """Neither cancelled nor done (by ``on``, when given: work finished later was still open)."""
    if task.status is TaskStatus.CANCELLED:
        return False
    if on is None:
        return task.status is not TaskStatus.DONE
    return not is_done_by(task, on)


def rule_recurrence(rule: ReportingRule) -> RecurrenceRule:
    """The recurrence of a ``reporting@1`` rule (raises :class:`CalendarError` when the
    fields do not make one; ``cchc validate`` reports that)."""
    from cchc.calendar import RecurrenceRule

    return RecurrenceRule(
        every=rule.every, day=rule.day, month_of_period=rule.month_of_period,
        months=frozenset(rule.months) if rule.months else None, period_offset=rule.period_offset)


# ---- deadline forms as plans write them (COMMON contract 2) ------------------------------------
_EVERY_LABEL = {"month": "hằng tháng", "quarter": "hằng quý", "half": "6 tháng một lần", "year": "hằng năm"}
_PERIOD_MONTHS = {"month": tuple(range(1, 13)), "quarter": (3, 6, 9, 12), "half": (6, 12)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar_module.monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class Deadline:
    """A ``due:`` value: a day, a period (month, quarter, half-year, year), continuous work or a
    recurring deadline. ``label()`` prints it as the plan wrote it; ``end`` is the day a day or
    period deadline falls due (the last calendar day of the period: the same overdue rule as a
    day deadline, :func:`is_overdue`)."""

    value: date | DuePeriod | DueRecurring

    @property
    def kind(self) -> str:
        if isinstance(self.value, date):
            return "day"
        if isinstance(self.value, DueRecurring):
            return "recurring"
        return self.value.kind

    @property
    def continuous(self) -> bool:
        return self.kind == "continuous"

    @property
    def periodic(self) -> bool:
        """"Định kỳ" with no stated period: like continuous work, never overdue."""
        return self.kind == "periodic"

    @property
    def ongoing(self) -> bool:
        """Continuous or periodic work without a day it falls due: listed with ongoing work."""
        return self.kind in ("continuous", "periodic")

    @property
    def recurring(self) -> bool:
        return self.kind == "recurring"

    @property
    def end(self) -> date | None:
        """The day the deadline falls due (``None`` for continuous, periodic and recurring work)."""
        v = self.value
        if isinstance(v, date):
            return v
        if isinstance(v, DueRecurring) or v.kind in ("continuous", "periodic"):
            return None
        if v.kind == "month":
            return _month_end(v.year, v.index)
        if v.kind == "quarter":
            return _month_end(v.year, 3 * v.index)
        if v.kind == "half":
            return _month_end(v.year, 6 * v.index)
        return date(v.year, 12, 31)

    def next_occurrence(self, on: date) -> date | None:
        """For a recurring deadline, its first due day on or after ``on``."""
        v = self.value
        if not isinstance(v, DueRecurring):
            return None
        months = _PERIOD_MONTHS.get(v.every, (v.month or 12,))
        for year in (on.year, on.year + 1):
            for month in months:
                last = _month_end(year, month)
                day = last if v.day is None else date(year, month, min(v.day, last.day))
                if day >= on:
                    return day
        return None

    def label(self) -> str:
        """"15/7/2022", "Tháng 7/2022", "Quý III/2022", "6 tháng đầu năm 2022", "Năm 2026",
        "Thường xuyên", "Định kỳ", "Trước ngày 15 hằng tháng"."""
        v = self.value
        if isinstance(v, date):
            return date_short(v)
        if isinstance(v, DueRecurring):
            every = _EVERY_LABEL[v.every]
            if v.day is None:
                return every[0].upper() + every[1:]
            if v.every == "year":
                return f"Trước ngày {v.day} tháng {v.month or 12} hằng năm"
            if v.every == "month":
                return f"Trước ngày {v.day} hằng tháng"
            return f"Trước ngày {v.day} của tháng cuối kỳ, {every}"
        if v.kind == "continuous":
            return "Thường xuyên"
        if v.kind == "periodic":
            return "Định kỳ"
        if v.kind == "month":
            return f"Tháng {v.index}/{v.year}"
        if v.kind == "quarter":
            return f"Quý {roman(v.index)}/{v.year}"
        if v.kind == "half":
            return f"6 tháng {'đầu' if v.index == 1 else 'cuối'} năm {v.year}"
        return f"Năm {v.year}"


@functools.cache
def _due_adapter():  # type: ignore[no-untyped-def]
    """Built on first use: the checks pass ``due`` values their model has validated already."""
    from pydantic import TypeAdapter

    return TypeAdapter(Due)


def parse_due(value: object) -> Deadline:
    """A ``due:`` value as written in YAML (``2022-07``, ``2022-Q3``, ``2026``, ``thường xuyên``,
    ``{every: month, day: 15}``, an ISO day) or as the model holds it; raises ``ValueError``."""
    if isinstance(value, date | DuePeriod | DueRecurring):
        return Deadline(value)
    return Deadline(_due_adapter().validate_python(value))


def due_label(task: Task) -> str | None:
    """The task's deadline as the plan wrote it (the last extension wins: "15/8/2022")."""
    if task.extensions:
        return date_short(task.extensions[-1].due)
    return Deadline(task.due).label() if task.due is not None else None


def in_sentence(label: str) -> str:
    """A deadline label as running text writes it after "hạn": "hạn tháng 7/2022", "hạn quý
    III/2022", "hạn trước ngày 15 hằng tháng". The capital of :meth:`Deadline.label` belongs to a
    table cell or the start of a line only; a day ("15/7/2022") is unchanged."""
    return label[:1].lower() + label[1:]
