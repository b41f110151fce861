"""Deadlines: one state per task (and per recurring report), counted in Vietnamese working days.

Pure library: "today" (``as_of``) is always passed in; nothing here reads the clock.

* :func:`build_calendar` — the :class:`~cchc.calendar.WorkCalendar` of a dataset (the
  ``holidays`` calendar plus the ``calendar@1`` files: extra days off, working Saturdays).
* :func:`effective_due` — a task's deadline: the last extension, else ``due``, else
  ``due_working_days`` working days after its source document's date.
* :func:`deadline_rows` — every task and every instance of the ``reporting@1`` rules as a
  :class:`DeadlineRow` with one :class:`DeadlineState`.
* :func:`deadline_report` — the rows filtered by agency and state, with summaries per agency,
  per source document and per criterion.
* :func:`reminder_data` — per agency, its overdue and due-soon items and their source
  documents (for the công văn đôn đốc).
* :func:`render_text_summary` — a short plain-text summary from a Jinja template.

Conventions (documented in the command's help as well):

* A task is overdue when ``as_of`` is after its deadline and it is not done (as of
  ``as_of``). ``days_late`` counts calendar days, ``working_days_late`` the working days in
  ``(due, as_of]`` — for a deadline on Saturday 17/7/2021 and ``as_of`` Tuesday 20/7/2021:
  3 days, 2 working days (Monday and Tuesday).
* A task completed after ``as_of`` (``done_on > as_of``) is still open as of ``as_of``, so a
  report for a past date shows what was then true.
* Due soon: open, not overdue, and at most ``within`` working days left
  (``working_days_between(as_of, due) <= within``; due today counts as due soon).
* Done on time: ``done_on <= due``; done late: ``done_on > due`` (same day counts). A task
  done without a deadline is done on time.
* On-time rate = done on time / (done + overdue): the share of the deadlines that have
  come due that were met. ``None`` when nothing has come due.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from cchc.calendar import CalendarError, WorkCalendar, expand
from cchc.calendar import library as holiday_library
from cchc.domain.agencies import agencies_at, current_holder, taken_over_note
from cchc.domain.citation import cite
from cchc.domain.deadlines import (
    build_calendar,
    due_label,
    exists_on,
    in_sentence,
    is_overdue,
    resolve_due,
    rule_recurrence,
)
from cchc.domain.groups import expand as expand_group_ids
from cchc.domain.groups import is_group, units_phrase
from cchc.domain.groups import label as group_label
from cchc.domain.progress import TaskProgress, effective_status, task_progress, unit_state
from cchc.domain.suggest import did_you_mean
from cchc.errors import UsageError
from cchc.io.cachedir import may_keep, read_cached, write_cached
from cchc.io.loader import Dataset
from cchc.models.tasks import Task, TaskStatus
from cchc.output.tables import Column, TableData
from cchc.textvn import date_short, join_names, number

if TYPE_CHECKING:  # a repository without reporting rules never imports their model
    from cchc.models.documents import Document
    from cchc.models.reporting import ReportingRule

DEFAULT_WITHIN = 5
SUMMARY_TEMPLATE = "text/tom-tat-han.txt.j2"


class DeadlineState(StrEnum):
    """The one derived state of a task; the order is the display order."""

    OVERDUE = "overdue"
    OVERDUE_UNKNOWN = "overdue_unknown"  # past due, progress unknown (status chua-ro): never "fine"
    DUE_SOON = "due_soon"
    IN_PROGRESS = "in_progress"
    NO_DEADLINE = "no_deadline"
    DONE_LATE = "done_late"
    DONE_ON_TIME = "done_on_time"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATES


STATE_LABELS = {
    DeadlineState.OVERDUE: "quá hạn",
    DeadlineState.OVERDUE_UNKNOWN: "quá hạn, chưa rõ tình trạng",
    DeadlineState.DUE_SOON: "sắp đến hạn",
    DeadlineState.IN_PROGRESS: "đang thực hiện (còn hạn)",
    DeadlineState.NO_DEADLINE: "chưa có hạn",
    DeadlineState.DONE_LATE: "hoàn thành trễ hạn",
    DeadlineState.DONE_ON_TIME: "hoàn thành đúng hạn",
    DeadlineState.CANCELLED: "đã hủy",
}
OPEN_STATES = frozenset({DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN, DeadlineState.DUE_SOON,
                         DeadlineState.IN_PROGRESS, DeadlineState.NO_DEADLINE})
_STATE_RANK = {state: rank for rank, state in enumerate(DeadlineState)}


def parse_states(values: Iterable[str] | None) -> tuple[DeadlineState, ...] | None:
    """``["overdue", "due-soon,done_late"]`` → states; ``None``/empty → ``None`` (all)."""
    if not values:
        return None
    found: list[DeadlineState] = []
    for value in values:
        for part in str(value).split(","):
            key = part.strip().lower().replace("-", "_")
            if not key:
                continue
            try:
                state = DeadlineState(key)
            except ValueError:
                choices = ", ".join(s.value for s in DeadlineState)
                close = did_you_mean(key, [s.value for s in DeadlineState])
                hint = (f"{close} " if close else "") + f"các trạng thái: {choices}"
                raise UsageError(f"trạng thái «{part.strip()}» không tồn tại", hint=hint) from None
            if state not in found:
                found.append(state)
    return tuple(found) or None


# --------------------------------------------------------------------------- rows


# A date's ISO text, remembered: 38,000 rows share a few hundred days, and isoformat() took half
# of what writing their dates cost (a few thousand dates at most: the days of the tracked years).
_iso = lru_cache(maxsize=None)(date.isoformat)


@dataclass(slots=True)
class DeadlineRow:
    """One tracked item (a task, or one instance of a recurring report) and its state.
    (:func:`task_row` passes the fields by position: a new field goes last.)"""

    id: str
    title: str
    kind: str  # "task" | "report"
    lead: list[str]
    lead_names: list[str]
    state: DeadlineState
    due: date | None
    original_due: date | None = None  # before extensions
    due_basis: str | None = None  # "date" | "working_days" | "extension" | "recurring"
    due_problem: str | None = None  # why no deadline could be computed
    due_label: str | None = None  # the deadline as the plan wrote it: "Quý III/2022", "Thường xuyên"
    days_late: int | None = None
    working_days_late: int | None = None
    days_left: int | None = None
    working_days_left: int | None = None
    done_on: date | None = None
    status: str | None = None  # the stored TaskStatus value (tasks only)
    source: str | None = None  # document id
    source_ref: str | None = None  # "Công văn số 1315/UBND-NVK ngày 01/8/2022" or a legal basis
    report_to: str | None = None
    criteria: list[str] = field(default_factory=list)
    period: str | None = None  # recurring reports: "2021-Q3"
    period_label: str | None = None  # "Quý III/2021"
    rule: str | None = None  # recurring reports: the rule id
    taken_over: Mapping[str, str] = field(default_factory=dict)  # successor id -> the ended lead it took over
    progress: TaskProgress | None = None  # units' progress of a task held by several (cchc.domain.progress)
    member: str | None = None  # the row is this unit's own state on the task (deadlines --agency)

    @property
    def worded_due(self) -> str | None:
        """The deadline as the plan words it when it is not a day ("Quý III/2022", "Trước ngày 15
        hằng tháng", "Thường xuyên", "Định kỳ"); None for a day, an extension or working days."""
        return self.due_label if self.due_basis in _WORDED_BASES else None

    @property
    def due_phrase(self) -> str | None:
        """The deadline as running text writes it after "hạn" ("hạn quý III/2022", "hạn 15/7/2022"):
        :func:`cchc.domain.deadlines.in_sentence` of the label."""
        label = self.due_label or (date_short(self.due) if self.due else None)
        return in_sentence(label) if label else None

    def to_dict(self, *, shared: bool = False) -> dict[str, Any]:
        """JSON-able: dates as ISO strings, state as its English value. The lists are copies, or
        with ``shared`` the row's own, for a writer that encodes the mapping at once and drops it
        (copying them was a third of this for 38,000 rows)."""
        due, original, done, state, progress = self.due, self.original_due, self.done_on, self.state, self.progress
        lead, names, criteria = ((self.lead, self.lead_names, self.criteria) if shared
                                 else (list(self.lead), list(self.lead_names), list(self.criteria)))
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "lead": lead,
            "lead_names": names,
            "due": _iso(due) if due is not None else None,
            "original_due": _iso(original) if original is not None else None,
            "due_basis": self.due_basis,
            "due_label": self.due_label,
            "state": state._value_,
            "state_label": STATE_LABELS[state],
            "days_late": self.days_late,
            "working_days_late": self.working_days_late,
            "days_left": self.days_left,
            "working_days_left": self.working_days_left,
            "done_on": _iso(done) if done is not None else None,
            "status": self.status,
            "source": self.source,
            "source_ref": self.source_ref,
            "report_to": self.report_to,
            "criteria": criteria,
            "period": self.period,
            "period_label": self.period_label,
            "rule": self.rule,
            "taken_over": dict(self.taken_over) if self.taken_over else {},
            "due_problem": self.due_problem,
            "progress": progress.to_dict() if progress is not None else None,
            "member": self.member,
        }


def effective_due(task: Task, ds: Dataset, calendar: WorkCalendar) -> tuple[date | None, str | None, str | None]:
    """(deadline, basis, problem) of ``task``: :func:`cchc.domain.deadlines.resolve_due`."""
    resolved = resolve_due(task, ds.documents, calendar)
    return resolved.due, resolved.basis, resolved.problem


def _closed(*, cancelled: bool, done_on: date | None, as_of: date) -> bool:
    """Cancelled, or done by ``as_of``: an item whose state is not open, whatever its deadline."""
    return cancelled or (done_on is not None and done_on <= as_of)


class Classified(NamedTuple):
    """An item's state and day counts (the fields of :class:`DeadlineRow` of the same names)."""

    state: DeadlineState
    days_late: int | None = None
    working_days_late: int | None = None
    days_left: int | None = None
    working_days_left: int | None = None


def classify(due: date | None, done_on: date | None, *, cancelled: bool, as_of: date, within: int,
             calendar: WorkCalendar, unknown: bool = False) -> Classified:
    """The state of an item due ``due`` (``None``: no deadline) and done on ``done_on``, and its
    day counts, as of ``as_of``; past due with an ``unknown`` progress (status chua-ro) is its own
    state, never plain overdue nor fine. A pure function of its arguments (rows remember it:
    :meth:`_Names.classified`)."""
    if _closed(cancelled=cancelled, done_on=done_on, as_of=as_of):
        if cancelled:
            return Classified(DeadlineState.CANCELLED)
        assert done_on is not None
        if due is None:
            return Classified(DeadlineState.DONE_ON_TIME)
        if done_on <= due:
            return Classified(DeadlineState.DONE_ON_TIME, 0, 0)
        return Classified(DeadlineState.DONE_LATE, (done_on - due).days, calendar.working_days_between(due, done_on))
    if due is None:
        return Classified(DeadlineState.NO_DEADLINE)
    if is_overdue(due, done_on=done_on, cancelled=cancelled, as_of=as_of):
        return Classified(DeadlineState.OVERDUE_UNKNOWN if unknown else DeadlineState.OVERDUE,
                          (as_of - due).days, calendar.working_days_between(due, as_of))
    left = calendar.working_days_between(as_of, due)
    return Classified(DeadlineState.DUE_SOON if left <= within else DeadlineState.IN_PROGRESS,
                      0, 0, (due - as_of).days, left)


class _Names:
    """Cached display names and document references of a dataset."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.agencies = {key: group.name for key, group in getattr(ds, "groups", {}).items()}  # as the data names them
        self.agencies.update((key, agency.display_name) for key, agency in ds.agencies.items())
        self._documents: dict[str, str | None] = {}
        self._labels: dict[date, str | None] = {}
        self._leads: dict[tuple[tuple[str, ...], date], tuple[list[str], tuple[tuple[int, str, str, str], ...]]] = {}
        self._calendar: WorkCalendar | None = None
        self._classified: dict[tuple, Classified] = {}

    def agency(self, agency_id: str) -> str:
        return self.agencies.get(agency_id, agency_id)

    def agency_list(self, agency_ids: list[str]) -> list[str]:
        get = self.agencies.get
        return [get(key, key) for key in agency_ids]

    def leads(self, leads: list[str], as_of: date) -> tuple[list[str], tuple[tuple[int, str, str, str], ...]]:
        """The names of ``leads`` (:meth:`agency_list`) and, for each lead whose work another
        agency holds on ``as_of`` (:func:`cchc.domain.agencies.current_holder`), (index, holder
        id, holder's name with "(tiếp nhận từ …)", ended lead); decided once per set of leads and
        day (tens of thousands of tasks share a few hundred). Rows share the list of names: copy
        it before changing it, as :func:`_attribute_to_successors` does."""
        key = (tuple(leads), as_of)
        found = self._leads.get(key)
        if found is None:
            changes = []
            for index, lead in enumerate(leads):
                holder = current_holder(self.ds.agencies, lead, as_of)
                if holder.taken_from is not None:
                    name = f"{self.agency(holder.id)} ({taken_over_note(self.ds.agencies, holder)})"
                    changes.append((index, holder.id, name, lead))
            found = self._leads[key] = (self.agency_list(leads), tuple(changes))
        return found

    def classified(self, due: date | None, done_on: date | None, cancelled: bool, unknown: bool,
                   as_of: date, within: int, calendar: WorkCalendar) -> Classified:
        """:func:`classify`, computed once per deadline, completion day and status (38,000 rows
        of a large repository have 7,600 of them)."""
        if calendar is not self._calendar:
            self._calendar, self._classified = calendar, {}
        key = (due, done_on, cancelled, unknown, as_of, within)
        found = self._classified.get(key)
        if found is None:
            found = self._classified[key] = classify(due, done_on, cancelled=cancelled, as_of=as_of, within=within,
                                                     calendar=calendar, unknown=unknown)
        return found

    def due_label(self, task: Task) -> str | None:
        """:func:`cchc.domain.deadlines.due_label`, computed once per deadline day (tens of
        thousands of tasks share a few hundred days)."""
        if task.extensions or not isinstance(task.due, date):
            return due_label(task)
        found = self._labels.get(task.due, _MISSING)
        if found is _MISSING:
            found = self._labels[task.due] = due_label(task)
        return found  # type: ignore[return-value]

    def document(self, doc_id: str | None) -> str | None:
        if doc_id is None:
            return None
        if doc_id not in self._documents:
            document = self.ds.documents.get(doc_id)
            self._documents[doc_id] = document_reference(self.ds, document) if document else None
        return self._documents[doc_id]


_MISSING = object()
_LABELLED_BASES = frozenset({"date", "period", "continuous", "periodic", "recurring", "extension"})
_ONGOING_BASES = frozenset({"continuous", "periodic"})  # no day to be late on: in progress, never overdue
_WORDED_BASES = frozenset({"period", "recurring", "continuous", "periodic"})  # printed as words, not a day
_NO_TAKEOVER: Mapping[str, str] = MappingProxyType({})  # shared by the rows of tasks nobody took over


def document_reference(ds: Dataset, document: Document) -> str:
    """How a deadline list cites ``document`` (:func:`cchc.domain.citation.cite`)."""
    return cite(document, ds.agencies)


def task_row(task: Task, ds: Dataset, as_of: date, within: int, calendar: WorkCalendar,
             names: _Names | None = None, *, member: str | None = None,
             states: Container[DeadlineState] | None = None) -> DeadlineRow:
    """The row of ``task``: its state as a whole (from its units' ``progress:`` when it records
    one, :mod:`cchc.domain.progress`), or ``member``'s own state on it. With ``states``, a task
    in any other state gets no row (None), and none is built: a reminder wants a third of them."""
    names = names or _Names(ds)
    progress = None
    if member is not None:
        unit = unit_state(ds, task, member)
        status, done_on = unit.status, unit.done_on
    elif task.progress:
        progress = task_progress(ds, task, as_of)
        status, done_on = (progress.status, progress.done_on) if progress else (task.status, task.done_on)
    else:
        status, done_on = task.status, task.done_on
    resolved = resolve_due(task, ds.documents, calendar, as_of)
    due, basis = resolved.due, resolved.basis
    label = names.due_label(task) if basis in _LABELLED_BASES else None
    state, days_late, working_days_late, days_left, working_days_left = names.classified(
        due, done_on, status is TaskStatus.CANCELLED, status is TaskStatus.UNKNOWN, as_of, within, calendar)
    if basis in _ONGOING_BASES and state is DeadlineState.NO_DEADLINE:
        state = DeadlineState.IN_PROGRESS  # continuous or periodic work: never overdue, still reported
    if states is not None and state not in states:
        return None  # type: ignore[return-value]
    # The lists are the task's own (and one list of names per set of leads), shared rather than
    # copied: 38,000 rows of a large repository took 10 MiB more with copies. A row is read, not
    # changed, except by _attribute_to_successors, which copies first.
    lead_names, takeovers = names.leads(task.lead, as_of)
    # Positional arguments, in the order of the fields: keywords took three times as long (a
    # quarter of this function for 38,000 rows). The tests of the rows' fields fail on any mix-up.
    row = DeadlineRow(
        task.id, task.title, "task", task.lead, lead_names, state,  # id … state
        due, resolved.original if task.extensions else None, basis, resolved.problem,  # due … due_problem
        label or (date_short(due) if due else None),  # due_label
        days_late, working_days_late, days_left, working_days_left, done_on, status._value_,  # … status
        task.source, names.document(task.source), task.report_to, task.criteria,  # source … criteria
        None, None, None, _NO_TAKEOVER, progress, member,  # period, period_label, rule, taken_over, …
    )
    if takeovers and state in OPEN_STATES:
        _attribute_to_successors(row, takeovers)
    return row


def _attribute_to_successors(row: DeadlineRow, changes: tuple[tuple[int, str, str, str], ...]) -> None:
    """Open work of a lead that no longer exists on ``as_of`` goes to its successor existing
    then, marked "(tiếp nhận từ Sở …)": ``changes`` come from :meth:`_Names.leads`."""
    # the row gets lists of its own (task_row shares them)
    row.lead, row.lead_names, row.taken_over = list(row.lead), list(row.lead_names), {}
    for index, holder_id, name, lead in changes:
        row.lead[index] = holder_id
        row.lead_names[index] = name
        row.taken_over[holder_id] = lead


# --------------------------------------------------------------------------- recurring reports


def period_key(every: str, period_start: date) -> str:
    """Key of a reporting period: "2021", "2021-H1", "2021-Q3", "2021-07"."""
    year, month = period_start.year, period_start.month
    if every == "year":
        return str(year)
    if every == "half_year":
        return f"{year}-H{1 if month <= 6 else 2}"
    if every == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def rule_leads(rule: ReportingRule, ds: Dataset, on: date) -> list[str]:
    """The agencies that owe a report due ``on``: the listed ones, else every agency of the
    listed kinds that exists on that day (in official order)."""
    if rule.lead:
        return list(rule.lead)
    return [a.id for a in agencies_at(ds.agencies, on, rule.agency_kinds)]


def report_rows(ds: Dataset, as_of: date, within: int, calendar: WorkCalendar,
                names: _Names | None = None) -> list[DeadlineRow]:
    """Dated instances of the ``reporting@1`` rules around ``as_of``.

    For each rule: every instance due in ``[track_from, as_of)`` (only when the rule has
    ``track_from``), the next instance due on or after ``as_of``, and any further instance
    within the due-soon window. Years outside ``start_year``–``end_year`` (of the period
    reported on) are skipped.
    """
    names = names or _Names(ds)
    rows: list[DeadlineRow] = []
    soon_limit = calendar.add_working_days(as_of, within) if within > 0 else as_of
    for rule in ds.reporting_rules.values():
        try:
            recurrence = rule_recurrence(rule)
        except CalendarError:
            continue  # an error of `cchc validate` (check_reporting_rules)
        start = min(rule.track_from, as_of) if rule.track_from else as_of
        # Every period is at most a year long, so the next instance lies within ~13 months.
        end = max(as_of + timedelta(days=400), soon_limit)
        occurrences = expand(recurrence, start, end, calendar=calendar, adjust=rule.adjust)
        chosen = []
        next_taken = False
        for occurrence in occurrences:
            year = occurrence.period_start.year
            if (rule.start_year and year < rule.start_year) or (rule.end_year and year > rule.end_year):
                continue
            if occurrence.due < as_of:
                chosen.append(occurrence)
            elif not next_taken or occurrence.due <= soon_limit:
                chosen.append(occurrence)
                next_taken = True
        source_ref = names.document(rule.source) or rule.legal_basis
        for occurrence in chosen:
            key = period_key(rule.every, occurrence.period_start)
            leads = rule_leads(rule, ds, occurrence.due)
            for lead in leads:
                submission = next((s for s in rule.submitted
                                   if s.period == key and (s.lead is None or s.lead == lead)), None)
                done_on = submission.done_on if submission else None
                state, days_late, working_days_late, days_left, working_days_left = names.classified(
                    occurrence.due, done_on, False, False, as_of, within, calendar)
                rows.append(DeadlineRow(
                    id=f"{rule.id}-{key.lower()}" + (f"-{lead}" if len(leads) > 1 else ""),
                    title=f"{rule.title} ({occurrence.period_label_vi})", kind="report",
                    lead=[lead], lead_names=[names.agency(lead)], state=state,
                    due=occurrence.due, due_basis="recurring",
                    original_due=occurrence.nominal_due if occurrence.adjusted else None,
                    days_late=days_late, working_days_late=working_days_late, days_left=days_left,
                    working_days_left=working_days_left, done_on=done_on,
                    source=rule.source, source_ref=source_ref, report_to=rule.report_to,
                    criteria=list(rule.criteria), period=key,
                    period_label=occurrence.period_label_vi, rule=rule.id,
                ))
    return rows


def deadline_rows(ds: Dataset, as_of: date, within: int = DEFAULT_WITHIN, *,
                  calendar: WorkCalendar | None = None, include_reports: bool = True,
                  open_only: bool = False, states: Container[DeadlineState] | None = None) -> list[DeadlineRow]:
    """Every task (and recurring report instance) of ``ds`` with its state, sorted: overdue
    first (oldest deadline first), then due soon, in progress, without deadline, done, cancelled.
    ``open_only`` leaves out the tasks that are cancelled or done by ``as_of`` (a reminder
    never needs them) without computing their rows; ``states`` keeps only the items in those
    states, building no row for the others."""
    if within < 0:
        raise UsageError(f"số ngày làm việc «{within}» không hợp lệ", hint="dùng một số nguyên ≥ 0, ví dụ --within 5")
    calendar = calendar or build_calendar(ds)
    names = _Names(ds)
    # A task does not exist before its source document's date: --as-of never sees the future.
    # That depends on the source document only: decided once per document.
    exists: dict[str | None, bool] = {}
    rows = []
    for task in ds.tasks.values():
        alive = exists.get(task.source)
        if alive is None:
            alive = exists[task.source] = exists_on(task, ds.documents, as_of)
        if not alive or (open_only and _task_closed(ds, task, as_of)):
            continue
        row = task_row(task, ds, as_of, within, calendar, names, states=states)
        if row is not None:
            rows.append(row)
    if include_reports:
        rows.extend(row for row in report_rows(ds, as_of, within, calendar, names)
                    if states is None or row.state in states)
    sort_rows(rows)
    return rows


HOLIDAYS_FILE = "holidays-vn.json"


@contextmanager
def kept_holidays(root: Path) -> Iterator[None]:
    """Use and keep ``holidays``' answers for Vietnam in ``<root>/.cchc-cache/holidays-vn.json``
    (:mod:`cchc.calendar.library`) while the body runs: the next command skips importing the
    package (~0.17 s). Commands wrap their work in it (the library functions write nothing). The
    file is keyed by the installed package and never trusted otherwise; it is written (atomically)
    only when something new was computed, never into the bundled sample or a read-only folder,
    and a failure to read or write it only costs the time."""
    key = holiday_library.library_key()
    if key is not None:
        raw = read_cached(root, HOLIDAYS_FILE)
        try:
            if raw is not None:
                holiday_library.prime(json.loads(raw), key)
        except ValueError:
            pass  # damaged: computed again and rewritten
    try:
        yield
    finally:
        if key is not None and holiday_library.unsaved():
            _keep_holidays(Path(root), key)


def _keep_holidays(root: Path, key: str) -> None:
    if not may_keep(root):
        return
    data = holiday_library.snapshot(key)
    if data is not None:  # a cache that cannot be written is only a slower next run
        write_cached(root, HOLIDAYS_FILE, json.dumps(data, ensure_ascii=False))


def row_order(row: DeadlineRow) -> tuple:
    """Overdue first (oldest deadline first), then due soon, in progress, … (a function, not a
    property of the row: templates receive a row's fields, and an order key is none of theirs)."""
    return (_state_and_due(row), row.id)


_NO_DUE = date.max.toordinal()  # an item without a deadline comes after every deadline
_ID = attrgetter("id")


def _state_and_due(row: DeadlineRow) -> int:
    """The state's rank, then the deadline's day, as one integer (the first key of row_order)."""
    due = row.due
    return _STATE_RANK[row.state] * 10_000_000 + (due.toordinal() if due is not None else _NO_DUE)


def sort_rows(rows: list[DeadlineRow]) -> None:
    """Sort ``rows`` in place in :func:`row_order`: by id, then (a stable sort) by its first key,
    so that the sorts compare strings and integers rather than tuples (38,000 rows: half the time)."""
    rows.sort(key=_ID)
    rows.sort(key=_state_and_due)


def _task_closed(ds: Dataset, task: Task, as_of: date) -> bool:
    status, done_on = effective_status(ds, task, as_of) if task.progress else (task.status, task.done_on)
    return _closed(cancelled=status is TaskStatus.CANCELLED, done_on=done_on, as_of=as_of)


# --------------------------------------------------------------------------- summaries


@dataclass
class StateCounts:
    """How many items are in each state."""

    by_state: Counter = field(default_factory=Counter)

    def add(self, state: DeadlineState) -> None:
        self.by_state[state] += 1

    def __getitem__(self, state: DeadlineState) -> int:
        return self.by_state[state]

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def open(self) -> int:
        return sum(self.by_state[s] for s in OPEN_STATES)

    @property
    def overdue(self) -> int:
        return self.by_state[DeadlineState.OVERDUE]

    @property
    def overdue_unknown(self) -> int:
        """Past due with unknown progress (status chua-ro): counted apart from overdue."""
        return self.by_state[DeadlineState.OVERDUE_UNKNOWN]

    @property
    def due_soon(self) -> int:
        return self.by_state[DeadlineState.DUE_SOON]

    @property
    def done_on_time(self) -> int:
        return self.by_state[DeadlineState.DONE_ON_TIME]

    @property
    def done_late(self) -> int:
        return self.by_state[DeadlineState.DONE_LATE]

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Done on time / (done + overdue, known or not); ``None`` when nothing has come due."""
        come_due = self.done + self.overdue + self.overdue_unknown
        return self.done_on_time / come_due if come_due else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total, "open": self.open, "overdue": self.overdue,
            "overdue_unknown": self.overdue_unknown, "due_soon": self.due_soon,
            "in_progress": self.by_state[DeadlineState.IN_PROGRESS],
            "no_deadline": self.by_state[DeadlineState.NO_DEADLINE],
            "done_on_time": self.done_on_time, "done_late": self.done_late,
            "cancelled": self.by_state[DeadlineState.CANCELLED],
            "on_time_rate": None if self.on_time_rate is None else round(self.on_time_rate, 4),
        }


@dataclass
class GroupSummary:
    key: str
    label: str
    counts: StateCounts = field(default_factory=StateCounts)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, **self.counts.to_dict()}


def _group(rows: Iterable[DeadlineRow], keys, label, order) -> list[GroupSummary]:
    pairs = Counter((key, row.state) for row in rows for key in keys(row))
    groups: dict[str, GroupSummary] = {}
    for (key, state), count in pairs.items():
        group = groups.get(key)
        if group is None:
            group = groups[key] = GroupSummary(key, label(key))
        group.counts.by_state[state] += count
    return sorted(groups.values(), key=lambda g: order(g.key))


def summarize_by_agency(ds: Dataset, rows: Iterable[DeadlineRow]) -> list[GroupSummary]:
    """Per lead agency; a task with several leads counts for each of them."""
    names = _Names(ds)

    def order(key: str) -> tuple:
        agency = ds.agencies.get(key)
        return (agency is None, agency.order if agency else 0, key)

    return _group(rows, lambda r: r.lead, names.agency, order)


def summarize_by_source(ds: Dataset, rows: Iterable[DeadlineRow]) -> list[GroupSummary]:
    """Per source document (recurring reports: per rule's document or legal basis)."""

    def keys(row: DeadlineRow) -> list[str]:
        return [row.source or row.source_ref or ""]

    def label(key: str) -> str:
        if not key:
            return "(không ghi văn bản giao)"
        document = ds.documents.get(key)
        if document is None:
            return key
        text = document_reference(ds, document)
        return f"{text} về {document.subject}" if document.subject else text

    def order(key: str) -> tuple:
        document = ds.documents.get(key)
        when = (document.date or (date(document.year, document.month or 1, 1) if document.year else None)
                if document else None)
        return (not key, when or date.max, key)

    return _group(rows, keys, label, order)


def summarize_by_criterion(ds: Dataset, rows: Iterable[DeadlineRow]) -> list[GroupSummary]:
    """Per criterion code of the tasks (items without criteria are not counted)."""
    labels: dict[str, str] = {}
    for criteria_set in ds.criteria_sets.values():
        for item in criteria_set.items:
            labels.setdefault(item.code, item.name)

    def order(key: str) -> tuple:
        try:
            return tuple(int(p) for p in key.split("."))
        except ValueError:
            return (10**9,)

    return _group(rows, lambda r: r.criteria,
                  lambda key: f"{key}. {labels[key]}" if key in labels else key, order)


@dataclass
class DeadlineReport:
    """The rows and their summaries; the summaries (by agency, by source, by criterion, over
    ``counted``: the agency-filtered rows before the state filter) are computed when first
    read: a JSON or CSV listing never reads them."""

    as_of: date
    within: int
    rows: list[DeadlineRow]  # after the agency and state filters
    counts: StateCounts  # over the agency-filtered rows (before the state filter)
    dataset: Dataset = field(repr=False, compare=False)
    counted: list[DeadlineRow] = field(repr=False, compare=False)  # the rows the summaries count
    agency: str | None = None
    agency_name: str | None = None
    states: tuple[DeadlineState, ...] | None = None

    @cached_property
    def by_agency(self) -> list[GroupSummary]:
        if self.agency is not None:  # every row it holds counts for it, also those it holds through a group
            agency = self.agency
            return _group(self.counted, lambda r: [agency], _Names(self.dataset).agency, lambda key: 0)
        return summarize_by_agency(self.dataset, self.counted)

    @cached_property
    def by_source(self) -> list[GroupSummary]:
        return summarize_by_source(self.dataset, self.counted)

    @cached_property
    def by_criterion(self) -> list[GroupSummary]:
        return summarize_by_criterion(self.dataset, self.counted)

    @property
    def has_overdue(self) -> bool:
        return self.counts.overdue + self.counts.overdue_unknown > 0  # unknown is never "nothing overdue"

    def to_json_rows(self) -> list[dict[str, Any]]:
        return list(self.iter_json_rows())

    def iter_json_rows(self, *, shared: bool = False) -> Iterator[dict[str, Any]]:
        """The rows as JSON-able mappings, one at a time (for streaming; ``shared``: see
        :meth:`DeadlineRow.to_dict`)."""
        return (row.to_dict(shared=shared) for row in self.rows)


def check_agency_id(ds: Dataset, agency: str) -> None:
    """An agency id or a group id (a group stands wherever an agency may: contract 3)."""
    if agency not in ds.agencies and not is_group(ds, agency):
        known = [*ds.agencies, *getattr(ds, "groups", {})]
        hint = did_you_mean(agency, known, "xem mã cơ quan, mã nhóm trong agencies.yaml")
        raise UsageError(f"cơ quan «{agency}» không có trong danh mục cơ quan", hint=hint)


def _held_by(ds: Dataset, agency: str, leads: Iterable[str], on: date) -> bool:
    """``agency`` holds a task led by ``leads`` on ``on``: as itself, as a member of a group in
    them, or (a group id) through any of its members or the group itself."""
    if agency in leads:
        return True
    holders = set(expand_group_ids(ds, leads, on))
    if is_group(ds, agency):
        return bool(holders & set(expand_group_ids(ds, [agency], on)))
    return agency in holders


def deadline_report(ds: Dataset, as_of: date, *, within: int = DEFAULT_WITHIN, agency: str | None = None,
                    states: Iterable[DeadlineState] | None = None, calendar: WorkCalendar | None = None,
                    include_reports: bool = True) -> DeadlineReport:
    """The deadlines of ``ds`` as of ``as_of``: rows of the lead ``agency`` (if given) in the
    given ``states`` (if given), and summaries over all states of that agency's rows."""
    if agency is not None:
        check_agency_id(ds, agency)
    rows = deadline_rows(ds, as_of, within, calendar=calendar, include_reports=include_reports)
    if agency is not None:
        rows = [row for row in rows if _held_by(ds, agency, row.lead, as_of)]  # as itself or as a group member
        if not is_group(ds, agency):  # a unit of a task with progress: its own state (cchc.domain.progress)
            calendar = calendar or build_calendar(ds)
            rows = [task_row(ds.tasks[row.id], ds, as_of, within, calendar, member=agency)
                    if row.kind == "task" and row.id in ds.tasks and ds.tasks[row.id].progress else row
                    for row in rows]
            sort_rows(rows)
    counts = StateCounts()
    counts.by_state.update(row.state for row in rows)
    wanted = tuple(states) if states else None
    shown = [row for row in rows if row.state in wanted] if wanted else rows
    return DeadlineReport(
        as_of=as_of, within=within, rows=shown, counts=counts, dataset=ds, counted=rows,
        agency=agency, agency_name=ds.agency_name(agency) if agency else None, states=wanted,
    )


# --------------------------------------------------------------------------- tables


def _late_text(value: int | None) -> str:
    return str(value) if value else ""


def deadlines_table(report: DeadlineReport) -> TableData:
    """The rows as a table (same for the terminal, Markdown, CSV and Excel)."""
    title = f"Tình hình thực hiện nhiệm vụ đến ngày {date_short(report.as_of)}"
    if report.agency_name:
        title += f": {report.agency_name}"
    table = TableData(
        title=title,
        subtitle=f"Sắp đến hạn: còn không quá {report.within} ngày làm việc",
        columns=[
            Column("id", "Mã", 28),
            Column("title", "Nhiệm vụ", 60),
            Column("lead", "Cơ quan chủ trì", 30),
            Column("due", "Hạn", 12, "center"),
            Column("state", "Tình trạng", 22),
            Column("days_late", "Trễ (ngày)", 10, "right"),
            Column("working_days_late", "Trễ (ngày LV)", 12, "right"),
            Column("working_days_left", "Còn (ngày LV)", 12, "right"),
            Column("source", "Văn bản giao", 30),
        ],
    )
    for row in report.rows:
        due = row.due_label or (date_short(row.due) if row.due else "")
        if row.due_basis == "extension":
            due += " (gia hạn)"
        table.rows.append({
            "id": row.id,
            "title": row.title,
            "lead": ", ".join(row.lead_names),
            "due": due,
            "state": state_text(row),
            "days_late": _late_text(row.days_late),
            "working_days_late": _late_text(row.working_days_late),
            "working_days_left": "" if row.working_days_left is None else str(row.working_days_left),
            "source": row.source_ref or row.source or "",
        })
    return table


def state_text(row: DeadlineRow) -> str:
    """The state as tables print it: "quá hạn (12/102 đơn vị hoàn thành)" for a task whose units
    report one by one; a unit's own row names whose state it is."""
    if row.progress is not None:
        return f"{row.state.label} ({row.progress.label()})"
    return row.state.label


def rate_text(rate: float | None) -> str:
    """0.8333 → "83,3%"; ``None`` → "—"."""
    return "—" if rate is None else f"{number(round(rate * 100, 1))}%"


def summary_table(groups: list[GroupSummary], *, title: str, key_title: str) -> TableData:
    """One row per group; the column "Quá hạn, chưa rõ" appears when some group has such a task."""
    unknown = any(group.counts.overdue_unknown for group in groups)
    table = TableData(
        title=title,
        columns=[
            Column("label", key_title, 40),
            Column("total", "Tổng số", 9, "right", kind="int"),
            Column("open", "Chưa xong", 10, "right", kind="int"),
            Column("overdue", "Quá hạn", 9, "right", kind="int"),
            *([Column("overdue_unknown", "Quá hạn, chưa rõ", 10, "right", kind="int")] if unknown else []),
            Column("due_soon", "Sắp đến hạn", 11, "right", kind="int"),
            Column("done_on_time", "Xong đúng hạn", 12, "right", kind="int"),
            Column("done_late", "Xong trễ hạn", 12, "right", kind="int"),
            Column("on_time_rate", "Tỷ lệ đúng hạn", 13, "right", kind="percent"),
        ],
        notes=["Tỷ lệ đúng hạn = hoàn thành đúng hạn / (đã hoàn thành + quá hạn"
               + (", kể cả quá hạn chưa rõ tình trạng)." if unknown else ").")],
    )
    for group in groups:
        counts = group.counts
        table.rows.append({
            "label": group.label, "total": counts.total, "open": counts.open, "overdue": counts.overdue,
            "overdue_unknown": counts.overdue_unknown, "due_soon": counts.due_soon, "done_on_time": counts.done_on_time, "done_late": counts.done_late,
            "on_time_rate": counts.on_time_rate,
        })
    return table


def agency_summary_table(report: DeadlineReport, groups: list[GroupSummary] | None = None) -> TableData:
    """The summary by lead agency (``groups``: only these of ``report.by_agency``)."""
    return summary_table(report.by_agency if groups is None else groups,
                         title="Tổng hợp theo cơ quan chủ trì", key_title="Cơ quan")


def source_summary_table(report: DeadlineReport) -> TableData:
    return summary_table(report.by_source, title="Tổng hợp theo văn bản giao", key_title="Văn bản")


def criterion_summary_table(report: DeadlineReport) -> TableData:
    return summary_table(report.by_criterion, title="Tổng hợp theo tiêu chí", key_title="Tiêu chí")


# --------------------------------------------------------------------------- reminders


@dataclass
class ReminderSource:
    id: str | None
    reference: str | None  # "Công văn số … ngày …" or a legal basis
    subject: str | None = None
    date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "reference": self.reference, "subject": self.subject,
                "date": self.date.isoformat() if self.date else None}


@dataclass
class AgencyReminder:
    """One section of a công văn đôn đốc: the agencies that hold the same tasks (one agency, or
    every lead of a shared task, so a shared task is listed once with all of them)."""

    agency: str  # the first agency of the section
    name: str  # "Sở Nội vụ" or "Sở Nội vụ, Sở Tư pháp và Văn phòng UBND tỉnh"
    full_name: str
    overdue: list[DeadlineRow]
    due_soon: list[DeadlineRow]
    sources: list[ReminderSource]
    agencies: list[str] = field(default_factory=list)  # every agency of the section, official order
    taken_over: list[str] = field(default_factory=list)  # ended agencies whose tasks the section took over

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency, "agencies": list(self.agencies), "name": self.name,
            "full_name": self.full_name,
            "overdue": [row.to_dict() for row in self.overdue],
            "due_soon": [row.to_dict() for row in self.due_soon],
            "sources": [source.to_dict() for source in self.sources],
            "taken_over": list(self.taken_over),
        }


@dataclass
class ReminderPlan:
    """The content of a công văn đôn đốc dated ``as_of``, and what it could not address."""

    sections: list[AgencyReminder]
    # (task id, agency name) of tasks whose lead ended before ``as_of`` with no successor then.
    unaddressed: list[tuple[str, str]] = field(default_factory=list)
    # (task id, group name) of tasks led by a group of which no agency exists on ``as_of``
    # ("UBND các xã, phường" before the communes are in the catalogue).
    unstaffed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recipients(self) -> list[str]:
        seen: list[str] = []
        for section in self.sections:
            seen += [key for key in section.agencies if key not in seen]
        return seen


def reminder_plan(ds: Dataset, as_of: date, within: int = DEFAULT_WITHIN, agency: str | None = None, *,
                  calendar: WorkCalendar | None = None) -> ReminderPlan:
    """Overdue and due-soon items as of ``as_of``, addressed to the agencies that exist that
    day: an ended agency's task goes to its successor then (:func:`current_holder`), a task
    shared by several agencies is one section naming all of them, and a task whose agency ended
    without a successor is reported in ``unaddressed`` (one led by a group with no agency that
    day, in ``unstaffed``) instead of being sent to nobody: :func:`reminder_notes` words both."""
    if agency is not None:
        check_agency_id(ds, agency)
    wanted = frozenset({DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN, DeadlineState.DUE_SOON})
    rows = deadline_rows(ds, as_of, within, calendar=calendar, open_only=True, states=wanted)

    def order(key: str) -> tuple:
        found = ds.agencies.get(key)
        return (found is None, found.order if found else 0, key)

    def name(key: str) -> str:
        return group_label(ds, key)

    groups: dict[tuple[str, ...], list[DeadlineRow]] = {}
    notes: dict[tuple[str, ...], list[str]] = {}
    unaddressed: list[tuple[str, str]] = []
    unstaffed: list[tuple[str, str]] = []

    def addressed(leads: list[str], taken_over: Mapping[str, str],
                  finished: frozenset[str]) -> tuple[list[str], list[str], list[str], list[str]]:
        """(holders, names of the ended agencies they took over, names of the leads nobody holds,
        names of the groups with no member that day)."""
        holders: list[str] = []
        taken: list[str] = []
        nobody: list[str] = []
        empty = [name(lead) for lead in leads if is_group(ds, lead) and not expand_group_ids(ds, [lead], as_of)]
        for lead in expand_group_ids(ds, leads, as_of):  # groups member by member, at as_of
            if lead in finished:
                continue  # a unit that has done (or was relieved of) its part is not reminded
            holder = current_holder(ds.agencies, lead, as_of)
            found = ds.agencies.get(holder.id)
            if found is not None and not found.is_valid_on(as_of):
                nobody.append(name(lead))
                continue
            if holder.id not in holders:
                holders.append(holder.id)
            previous = holder.taken_from or taken_over.get(holder.id)  # rows already carry successors
            if previous and name(previous) not in taken:
                taken.append(name(previous))
        return holders, taken, nobody, empty

    def section_of(holders: list[str]) -> tuple[str, ...] | None:
        """The section a row held by ``holders`` goes to (None: to none)."""
        if agency is not None and not _held_by(ds, agency, holders, as_of):
            return None
        if not holders:
            return None
        # A reminder to one agency lists all its tasks under it; otherwise a shared task is one
        # section naming every agency that holds it.
        return (agency,) if agency is not None else tuple(sorted(holders, key=order))

    # Thousands of rows share a few hundred sets of leads: each set is addressed once.
    known: dict[tuple, tuple[tuple[str, ...] | None, list[str], list[str], list[str]]] = {}
    for row in rows:
        finished = (frozenset({u.agency for u in row.progress.units} - set(row.progress.pending))
                    if row.progress is not None else frozenset())
        leads_key = (tuple(row.lead), tuple(row.taken_over.items()), finished)
        found_leads = known.get(leads_key)
        if found_leads is None:
            holders, taken, nobody, empty = addressed(row.lead, row.taken_over, finished)
            found_leads = known[leads_key] = (section_of(holders), taken, nobody, empty)
        key, taken, nobody, empty = found_leads
        unaddressed += [(row.id, lead_name) for lead_name in nobody]
        unstaffed += [(row.id, group_name) for group_name in empty]
        if key is None:
            continue
        groups.setdefault(key, []).append(row)
        notes.setdefault(key, [])
        notes[key] += [t for t in taken if t not in notes[key]]

    sections = []
    references: dict[str, str] = {}  # document id -> its citation, shared by every section
    for key in sorted(groups, key=lambda k: (order(k[0]), len(k), k)):
        items = groups[key]
        sources: dict[str | None, ReminderSource] = {}
        for row in items:
            source_key = row.source or row.source_ref
            if source_key in sources:
                continue
            document = ds.documents.get(row.source) if row.source else None
            if document is not None:
                if document.id not in references:
                    references[document.id] = document_reference(ds, document)
                sources[source_key] = ReminderSource(document.id, references[document.id],
                                                     document.subject, document.date)
            elif row.source_ref or row.source:
                sources[source_key] = ReminderSource(row.source, row.source_ref or row.source)
        first = ds.agencies.get(key[0])
        together = units_phrase(ds, list(key), as_of)  # a whole group is named as the group
        sections.append(AgencyReminder(
            agency=key[0], name=together,
            full_name=first.name if first is not None and len(key) == 1 else together,
            overdue=[r for r in items if r.state in (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN)],
            due_soon=[r for r in items if r.state is DeadlineState.DUE_SOON],
            sources=list(sources.values()), agencies=list(key), taken_over=notes[key],
        ))
    return ReminderPlan(sections, unaddressed, unstaffed)


def reminder_notes(plan: ReminderPlan, as_of: date) -> list[str]:
    """What a công văn đôn đốc as of ``as_of`` leaves out, one line per task, as every command
    that drafts one reports it: the leads that ended with no successor, the groups with no
    agency that day."""
    notes = []
    for pairs, note in ((plan.unaddressed, _ended_note), (plan.unstaffed, _unstaffed_note)):
        by_task: dict[str, list[str]] = {}
        for task_id, lead_name in pairs:
            by_task.setdefault(task_id, []).append(lead_name)
        notes += [note(task_id, names, as_of) for task_id, names in by_task.items()]
    return notes


def _ended_note(task_id: str, names: list[str], as_of: date) -> str:
    return (f"nhiệm vụ «{task_id}» của {len(names)} cơ quan đã kết thúc hoạt động trước ngày "
            f"{date_short(as_of)}, chưa có cơ quan kế nhiệm ({', '.join(names)}): "
            "không đưa vào công văn; ghi successor cho các cơ quan đó hoặc giao lại nhiệm vụ")


def _unstaffed_note(task_id: str, names: list[str], as_of: date) -> str:
    return (f"nhiệm vụ «{task_id}» giao cho {join_names(names)}, nhưng ngày {date_short(as_of)} danh mục "
            "không có cơ quan nào thuộc nhóm: không gửi được cho nhóm; thêm các cơ quan của nhóm vào "
            "danh mục cơ quan (agencies) hoặc ghi chủ trì là cơ quan cụ thể")


def reminder_data(ds: Dataset, as_of: date, within: int = DEFAULT_WITHIN, agency: str | None = None, *,
                  calendar: WorkCalendar | None = None) -> list[AgencyReminder]:
    """The sections of :func:`reminder_plan` (agencies with nothing overdue or due soon are left out)."""
    return reminder_plan(ds, as_of, within, agency, calendar=calendar).sections


# --------------------------------------------------------------------------- text summary


def shorten(text: str, width: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_text_summary(report: DeadlineReport, ds: Dataset, *, templates_dir: Path | None = None,
                        template: str = SUMMARY_TEMPLATE, limit: int = 10) -> str:
    """A short plain-text summary (chat message, e-mail) rendered from a Jinja template in a
    sandbox. ``templates_dir`` defaults to the templates shipped with cchc; at most ``limit``
    overdue and due-soon items are listed (the others are counted)."""
    from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError

    from cchc.domain.provinces import province_at
    from cchc.errors import DataError
    from cchc.resources import bundled_templates_dir
    from cchc.sandbox import SafeEnvironment, freeze, render_safely, template_error

    folder = templates_dir or bundled_templates_dir()
    if folder is None:
        raise DataError("không tìm thấy thư mục mẫu văn bản (templates)")
    env = SafeEnvironment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                               autoescape=False)
    env.filters["date_short"] = lambda d: date_short(d) if d else ""
    env.filters["shorten"] = shorten
    env.filters["rate"] = rate_text
    env.filters["join_names"] = join_names
    try:
        compiled = env.get_template(template)
    except TemplateNotFound:
        raise DataError(f"không tìm thấy mẫu «{template}» trong {folder}") from None
    except TemplateSyntaxError as exc:
        raise template_error(exc, template) from None
    overdue = [row for row in report.rows if row.state in (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN)]
    due_soon = [row for row in report.rows if row.state is DeadlineState.DUE_SOON]
    here = province_at(ds, report.as_of)  # the province as it was named that day
    agencies = [group for group in report.by_agency
                if group.counts.overdue or group.counts.overdue_unknown or group.counts.due_soon]
    context = {
        "as_of": report.as_of,
        "within": report.within,
        "province": here.name if here else ds.province,
        "province_level": here.level_label if here else ds.province_level,
        "agency_name": report.agency_name,
        "counts": report.counts.to_dict(),
        "overdue": overdue[:limit],
        "overdue_more": max(len(overdue) - limit, 0),
        "due_soon": due_soon[:limit],
        "due_soon_more": max(len(due_soon) - limit, 0),
        "agencies": agencies,
    }
    return render_safely(compiled, {key: freeze(value) for key, value in context.items()}, name=template)


EXPORT_FORMATS = ("json", "md", "csv", "text")  # the tracker workbook (xlsx) is services/tracker.py


def deadlines_markdown(report: DeadlineReport) -> str:
    """The listing and its summaries (by agency, by source, by criterion when known) as Markdown."""
    from cchc.output.tables import to_markdown

    parts = [deadlines_table(report), agency_summary_table(report), source_summary_table(report)]
    if report.by_criterion:
        parts.append(criterion_summary_table(report))
    return "\n".join(to_markdown(part) for part in parts)


def export_deadlines(report: DeadlineReport, ds: Dataset, fmt: str, *, path: Path | None = None,
                     force: bool = False, stream: Any | None = None, warnings: list[str] | None = None) -> str | None:
    """The deadline listing as ``json`` (one record per row), ``md``, ``csv`` or ``text`` (summary).

    Written to ``path`` atomically, never over an existing file without ``force``; else JSON is
    streamed record by record to ``stream`` when given (long listings), and any other text returned.
    ``warnings`` (records left out) travel with the listing: JSON's last element
    ``{"warnings": […]}``, Markdown's closing block quote, CSV's trailing rows, the summary's last lines.
    """
    import io
    import itertools

    from cchc.io.atomic import write_output
    from cchc.output.stream import write_json_array
    from cchc.output.tables import to_csv, with_markdown_warnings, write_csv

    notes = list(warnings or ())
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"định dạng «{fmt}» không hỗ trợ", hint="dùng: " + ", ".join(EXPORT_FORMATS))
    if fmt == "json":
        def records() -> Iterator[dict[str, Any]]:
            # each mapping is encoded at once and dropped: it may share the row's lists
            return itertools.chain(report.iter_json_rows(shared=True), [{"warnings": notes}] if notes else [])

        # A row holds no float (text, integers, dates as text): orjson may write them.
        if path is not None:
            def write_json(tmp: Path) -> None:
                with tmp.open("wb") as handle:
                    write_json_array(records(), handle, floats=False)

            write_output(path, write_json, force=force)
            return None
        if stream is not None:
            write_json_array(records(), stream, floats=False)
            return None
        buffer = io.BytesIO()
        write_json_array(records(), buffer, floats=False)
        return buffer.getvalue().decode("utf-8")
    if fmt == "csv":
        table = deadlines_table(report)
        table.warnings += [note for note in notes if note not in table.warnings]
        if path is None:
            return to_csv(table)
        write_output(path, lambda tmp: write_csv(table, tmp), force=force)
        return None
    if fmt == "md":
        text = with_markdown_warnings(deadlines_markdown(report), notes) + "\n"
    else:
        text = render_text_summary(report, ds) + "".join(f"\nLưu ý: {note}\n" for note in notes)
    if path is None:
        return text
    write_output(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"), force=force)
    return None
