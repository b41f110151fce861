"""Each unit's progress on a task held by several units, and the task's state from them: the
one rule every command uses (``deadlines`` in every format, ``deadlines --agency``, the
reminder, ``report``, the tracker workbook).

A task led by a group ("UBND các xã, phường", 102 communes in 2026) or by several agencies
(đồng chủ trì) is held by its *units*: the leads, each group expanded to its members existing
at the task's reference date (:func:`cchc.domain.deadlines.task_reference_date`). A task's
``progress:`` records units one by one; a unit not listed has the task's own ``status`` and
``done_on`` (so a task written before any unit reported is unchanged).

The rule (as of a day ``on``, work finished later is still open then):

* a unit is *done* when its status is ``hoan-thanh`` with ``done_on <= on``; *cancelled* when
  ``huy``; *unknown* when ``chua-ro``; otherwise *open*;
* the task is done when every unit is done or cancelled and at least one is done; its
  ``done_on`` is then the last unit's; cancelled when every unit is cancelled;
* an open task is *unknown* ("chưa rõ tình trạng") only when every unit not done is unknown:
  if one unit is known not to be done, the task is known not to be done.

Only tasks with a ``progress:`` list get a :class:`TaskProgress`; others keep their own status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.domain.deadlines import task_reference_date
from cchc.domain.groups import expand
from cchc.models.tasks import MemberProgress, Task, TaskStatus


@dataclass(frozen=True, slots=True)
class UnitState:
    """One unit's state on a task: its recorded (or inherited) status and finish day."""

    agency: str
    status: TaskStatus
    done_on: date | None = None
    evidence: str | None = None
    recorded: bool = False  # listed in ``progress:`` (else inherited from the task)

    def done_by(self, on: date | None) -> bool:
        return self.status is TaskStatus.DONE and self.done_on is not None and (on is None or self.done_on <= on)

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "status": self.status.value, "status_label": self.status.label,
                "done_on": self.done_on.isoformat() if self.done_on else None, "evidence": self.evidence,
                "recorded": self.recorded}


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """The units of a task and the task's overall state from them (see the module docstring)."""

    units: tuple[UnitState, ...]
    on: date | None
    done: int = 0
    cancelled: int = 0
    unknown: int = 0
    status: TaskStatus = TaskStatus.NOT_STARTED  # the task's overall status as of ``on``
    done_on: date | None = None  # when done: the last unit's done_on
    pending: tuple[str, ...] = field(default=())  # units neither done nor cancelled, in order

    @property
    def total(self) -> int:
        return len(self.units)

    def label(self) -> str:
        """"12/102 đơn vị hoàn thành"."""
        return f"{self.done}/{self.total - self.cancelled} đơn vị hoàn thành"

    def unit(self, agency: str) -> UnitState | None:
        return next((u for u in self.units if u.agency == agency), None)

    def to_dict(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "cancelled": self.cancelled, "unknown": self.unknown,
                "label": self.label(), "status": self.status.value, "pending": list(self.pending),
                "units": [u.to_dict() for u in self.units]}


def task_units(ds: Any, task: Task) -> list[str]:
    """The units holding ``task``: its leads with each group expanded at the task's reference
    date (its source document's date, else its deadline; every member when neither is known)."""
    on = task_reference_date(task, ds.documents)
    return expand(ds, task.lead, on)


def _own(task: Task, agency: str, entry: MemberProgress | None) -> UnitState:
    if entry is not None:
        return UnitState(agency, entry.status, entry.done_on, entry.evidence, True)
    return UnitState(agency, task.status, task.done_on, task.evidence)


def unit_state(ds: Any, task: Task, agency: str) -> UnitState:
    """``agency``'s own state on ``task``: its ``progress:`` entry, else the task's status."""
    entry = next((e for e in task.progress if e.agency == agency), None)
    return _own(task, agency, entry)


def task_progress(ds: Any, task: Task, on: date | None = None,
                  units: list[str] | None = None) -> TaskProgress | None:
    """The progress of ``task`` as of ``on`` (``None`` when the task records no ``progress:``).
    ``units`` overrides :func:`task_units` (a caller that already expanded them)."""
    if not task.progress:
        return None
    entries: Mapping[str, MemberProgress] = {}
    for entry in task.progress:
        entries.setdefault(entry.agency, entry)  # a duplicate is an error of `cchc validate`
    ids = units if units is not None else task_units(ds, task)
    ids = ids + [a for a in entries if a not in ids]  # a unit recorded but no longer expanded: still counted
    states = tuple(_own(task, agency, entries.get(agency)) for agency in ids)
    done = [s for s in states if s.done_by(on)]
    cancelled = [s for s in states if s.status is TaskStatus.CANCELLED]
    pending = [s for s in states if not s.done_by(on) and s.status is not TaskStatus.CANCELLED]
    unknown = [s for s in pending if s.status is TaskStatus.UNKNOWN]
    done_on = None
    if not pending and done:
        status, done_on = TaskStatus.DONE, max(s.done_on for s in done if s.done_on)
    elif not pending:
        status = TaskStatus.CANCELLED
    elif len(unknown) == len(pending):
        status = TaskStatus.UNKNOWN
    elif done or any(s.status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE) for s in pending):
        status = TaskStatus.IN_PROGRESS
    else:
        status = TaskStatus.NOT_STARTED
    return TaskProgress(states, on, len(done), len(cancelled), len(unknown), status, done_on,
                        tuple(s.agency for s in pending))


def effective_status(ds: Any, task: Task, on: date | None = None) -> tuple[TaskStatus, date | None]:
    """(status, done_on) of ``task`` as a whole as of ``on``: from its units when it records
    ``progress:``, else its own (a ``done_on`` after ``on`` is kept: callers compare it)."""
    progress = task_progress(ds, task, on)
    if progress is None:
        return task.status, task.done_on
    return progress.status, progress.done_on
