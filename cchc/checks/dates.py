"""Checks that dates are in a sensible order."""

from __future__ import annotations

from cchc.checks.base import Report
from cchc.domain.deadlines import parse_due
from cchc.textvn import date_short


def check_task_dates(report: Report) -> None:
    ds = report.ds
    deadlines: dict = {}  # due value → (Deadline, its end): the same values recur on many tasks
    for task in ds.tasks.values():
        doc = ds.documents.get(task.source) if task.source else None
        start = doc.date if doc else None
        deadline, end = None, None
        if task.due is not None:
            known = deadlines.get(task.due)
            if known is None:
                parsed = parse_due(task.due)
                known = deadlines[task.due] = (parsed, parsed.end)
            deadline, end = known
        if start and end and end < start:
            report.error(task, ("due",), f"hạn {deadline.label()} trước ngày ký văn bản giao {date_short(start)}",
                         code="due-before-source")
        if start and task.done_on and task.done_on < start:
            report.error(task, ("done_on",),
                         f"ngày hoàn thành {date_short(task.done_on)} trước ngày ký văn bản giao {date_short(start)}",
                         code="done-before-source")
        if task.due_working_days and doc is not None and doc.date is None:
            report.error(task, ("due_working_days",),
                         f"văn bản giao «{doc.id}» chưa có ngày ký nên không tính được hạn {task.due_working_days} ngày làm việc",
                         hint="ghi date cho văn bản, hoặc dùng due (ngày cụ thể)", code="relative-without-date")
        previous = end
        for index, extension in enumerate(task.extensions):
            if previous and extension.due <= previous:
                report.error(task, ("extensions", index, "due"),
                             f"hạn gia hạn {date_short(extension.due)} không sau hạn trước đó {date_short(previous)}",
                             code="extension-order")
            previous = extension.due


def check_document_dates(report: Report) -> None:
    for document in report.ds.documents.values():
        # A number the data states is unknown (``unknown: {number: …}``) is not a draft's oversight.
        if document.date and document.is_draft and document.renderable and "number" not in document.unknown:
            report.warning(document, ("date",),
                           "dự thảo chưa có số nhưng đã ghi ngày ban hành",
                           hint="với dự thảo, để trống date và ghi year/month (ngày do văn thư điền)",
                           code="draft-with-date")


def check_calendar_overrides(report: Report) -> None:
    """No date is both a day off and a working day, across all ``calendar@1`` files (the
    working calendar could not be built otherwise)."""
    ds = report.ds
    working = {day.date for day in ds.working_days}
    for day in ds.days_off:
        if day.date in working:
            report.error(day, ("date",), f"ngày {date_short(day.date)} vừa là ngày nghỉ (days_off) vừa là "
                         "ngày làm việc (working_days) trong các tệp lịch", code="calendar-conflict")
