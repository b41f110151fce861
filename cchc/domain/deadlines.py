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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cchc.calendar import CalendarError, RecurrenceRule, WorkCalendar
from cchc.models.documents import Document
from cchc.models.reporting import ReportingRule
from cchc.models.tasks import Task, TaskStatus

if TYPE_CHECKING:
    from cchc.io.loader import Dataset


def build_calendar(ds: Dataset) -> WorkCalendar:
    """Working days of ``ds``: ``holidays`` plus the dataset's ``calendar@1`` overrides."""
    return WorkCalendar(
        extra_days_off={day.date: day.name for day in ds.days_off},
        extra_working_days={day.date: day.name for day in ds.working_days},
    )


@dataclass(frozen=True, slots=True)
class ResolvedDue:
    """A task's deadline: ``due`` (or ``None``), how it was found and, when it could not be
    computed, why (in Vietnamese). ``original`` is the deadline before extensions."""

    due: date | None
    basis: str | None = None  # "date" | "working_days" | "extension"
    problem: str | None = None
    original: date | None = None


def _assigned_due(task: Task, documents: Mapping[str, Document],
                  calendar: WorkCalendar) -> ResolvedDue:
    """The deadline as first assigned (without extensions)."""
    if task.due is not None:
        return ResolvedDue(task.due, "date")
    if task.due_working_days is None:
        return ResolvedDue(None)
    document = documents.get(task.source) if task.source else None
    if document is None:
        return ResolvedDue(None, problem=f"văn bản giao «{task.source}» không có trong danh mục văn bản")
    if document.date is None:
        return ResolvedDue(None, problem=(f"văn bản giao «{document.id}» chưa có ngày ký nên chưa tính được "
                                          f"hạn {task.due_working_days} ngày làm việc"))
    try:
        return ResolvedDue(calendar.add_working_days(document.date, task.due_working_days), "working_days")
    except CalendarError as exc:
        return ResolvedDue(None, problem=f"không tính được hạn {task.due_working_days} ngày làm việc: {exc.message}")


def resolve_due(task: Task, documents: Mapping[str, Document], calendar: WorkCalendar) -> ResolvedDue:
    """The effective deadline of ``task`` (see the module docstring)."""
    assigned = _assigned_due(task, documents, calendar)
    if task.extensions:
        return ResolvedDue(task.extensions[-1].due, "extension", None, assigned.due)
    return assigned


def effective_due(task: Task, calendar: WorkCalendar, documents: Mapping[str, Document]) -> date | None:
    """The date ``task`` is due (``None``: no deadline, or one that cannot be computed)."""
    return resolve_due(task, documents, calendar).due


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
    return (document.date if document is not None else None) or task.due


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
    return RecurrenceRule(
        every=rule.every, day=rule.day, month_of_period=rule.month_of_period,
        months=frozenset(rule.months) if rule.months else None, period_offset=rule.period_offset)
