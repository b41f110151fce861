"""The tracker workbook (bảng theo dõi) of ``cchc deadlines --format xlsx``: contract 5.

Sheet ``Theo dõi``: a header row, then one row per task (recurring reports are not tasks and are
left out, which the summary sheet says), columns in the order of contract 5. *Tình trạng* is the
status stored in the data, with a dropdown of the Vietnamese labels (``TASK_STATUS_LABELS``);
*Ngày hoàn thành* is a real date cell with date validation; *Hạn* is a date cell. Rows are
coloured by their state at the as-of date as in the terminal (overdue red, due soon yellow, done
late orange, done on time green, cancelled grey), and conditional formats recolour a row when an
agency sets it to "hoàn thành" or "hủy bỏ". Sheet ``Tổng hợp``: the per-agency summary. Hidden
sheet ``_cchc``: ``generator``, ``version``, ``as_of``, ``data_root`` and one
``task:<id>`` row per task with its file relative to the data folder, which ``cchc import status``
reads back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.domain.groups import label as group_label
from cchc.io.loader import Dataset
from cchc.models.tasks import TASK_STATUS_LABELS, TaskStatus
from cchc.output.tables import Column, LabelledDate, TableData
from cchc.services.deadlines import (
    DeadlineReport,
    DeadlineState,
    summarize_by_agency,
    summary_table,
)
from cchc.textvn import date_short

TRACKER_SHEET = "Theo dõi"
SUMMARY_SHEET = "Tổng hợp"
META_SHEET = "_cchc"

# Row colours by state (hex RGB), the terminal's colours in pale tints.
STATE_FILLS = {
    DeadlineState.OVERDUE: "F8CBAD",
    DeadlineState.OVERDUE_UNKNOWN: "D5A6E6",
    DeadlineState.DUE_SOON: "FFE699",
    DeadlineState.IN_PROGRESS: None,
    DeadlineState.NO_DEADLINE: None,
    DeadlineState.DONE_LATE: "F4B183",
    DeadlineState.DONE_ON_TIME: "C6E0B4",
    DeadlineState.CANCELLED: "D9D9D9",
}

TRACKER_COLUMNS = [
    Column("stt", "STT", 6, "center", kind="int"),
    Column("id", "Mã nhiệm vụ", 22),
    Column("title", "Nhiệm vụ", 50),
    Column("source", "Văn bản giao", 28),
    Column("lead", "Cơ quan chủ trì", 26),
    Column("coordinators", "Cơ quan phối hợp", 26),
    Column("due", "Hạn", 12, "center", kind="date"),
    Column("status", "Tình trạng", 16, "center", choices=list(TASK_STATUS_LABELS.values())),
    Column("days_late", "Số ngày quá hạn", 10, "right", kind="int"),
    Column("done_on", "Ngày hoàn thành", 13, "center", kind="date", date_input=True),
    Column("product", "Sản phẩm, kết quả", 30),
    Column("note", "Ghi chú", 30),
]


@dataclass
class Tracker:
    """The workbook as plain data: the two sheets and the hidden key/value rows."""

    tracker: TableData
    summary: TableData
    meta: list[list[Any]] = field(default_factory=list)
    left_out: int = 0  # recurring reports, which are not tasks


def _relative(path: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return path.name


def _note(row, task) -> str:
    parts = [row.state.label[:1].upper() + row.state.label[1:]]
    if row.state in (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN) and row.working_days_late is not None:
        parts[0] += f" ({row.working_days_late} ngày làm việc)"
    elif row.state is DeadlineState.DUE_SOON and row.working_days_left is not None:
        parts[0] += f" (còn {row.working_days_left} ngày làm việc)"
    if row.progress is not None:
        parts.append(row.progress.label())
    if row.due_basis == "extension" and row.original_due is not None:
        parts.append(f"đã gia hạn, hạn ban đầu {date_short(row.original_due)}")
    if row.due_problem:
        parts.append(row.due_problem)
    if task.note:
        parts.append(task.note.strip())
    return "; ".join(parts)


def _due(row):
    """The due cell: a period or recurring deadline reads as the plan writes it ("Quý III/2022"),
    while the cell keeps the date it falls due on for the colour rules and filters; continuous and
    periodic work ("Thường xuyên", "Định kỳ") has no due day and reads as written, so an empty cell
    only ever means "no deadline"."""
    words = row.worded_due
    if words and row.due is not None:
        return LabelledDate(row.due, words)
    if words:
        return words  # "Thường xuyên", "Định kỳ": work with no due day, not a missing deadline
    return row.due


def tracker_data(report: DeadlineReport, ds: Dataset, *, workbook_dir: Path | None = None) -> Tracker:
    """The tracker of ``report`` (its rows after the agency and state filters)."""
    from cchc import __version__

    table = TableData(title=f"Theo dõi thực hiện nhiệm vụ đến ngày {date_short(report.as_of)}" + (f": {report.agency_name}" if report.agency_name else ""),
                      columns=[Column(**vars(c)) for c in TRACKER_COLUMNS], as_of=report.as_of,
                      autofilter=True, heading=False)
    meta: list[list[Any]] = [["generator", "cchc"], ["version", __version__], ["as_of", report.as_of.isoformat()],
                             ["data_root", _relative(ds.root, workbook_dir or Path.cwd())]]
    left_out = 0
    for row in report.rows:
        task = ds.tasks.get(row.id) if row.kind == "task" else None
        if task is None:
            left_out += 1
            continue
        table.rows.append({
            "stt": len(table.rows) + 1, "id": task.id, "title": task.title, "source": row.source_ref or "",
            "lead": ", ".join(row.lead_names),
            "coordinators": ", ".join(group_label(ds, key) for key in task.coordinators),  # groups by name
            "due": _due(row), "status": task.status.label,  # the stored status: `import status` reads it back
            "days_late": row.days_late if row.state in (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN) else None,
            "done_on": task.done_on, "product": task.product or "", "note": _note(row, task),
        })
        table.fills.append(STATE_FILLS[row.state])
        origin = ds.origin(task)
        if origin is not None:
            meta.append([f"task:{task.id}", _relative(origin.file, ds.root)])
    table.row_rules = [  # an agency's answer recolours its row (first match wins)
        (f'AND({{status}}="{TaskStatus.DONE.label}",{{done_on}}<>"",{{due}}<>"",{{done_on}}>{{due}})',
         STATE_FILLS[DeadlineState.DONE_LATE]),
        (f'{{status}}="{TaskStatus.DONE.label}"', STATE_FILLS[DeadlineState.DONE_ON_TIME]),
        (f'{{status}}="{TaskStatus.CANCELLED.label}"', STATE_FILLS[DeadlineState.CANCELLED]),
    ]
    task_rows = [row for row in report.rows if row.kind == "task" and row.id in ds.tasks]
    groups = summarize_by_agency(ds, task_rows)
    if report.agency is not None:
        groups = [group for group in groups if group.key == report.agency]
    summary = summary_table(groups, title=f"Tổng hợp theo cơ quan chủ trì đến ngày {date_short(report.as_of)}",
                            key_title="Cơ quan")
    summary.as_of = report.as_of
    summary.autofilter = True
    if left_out:
        summary.notes.append(f"{left_out} báo cáo định kỳ không phải nhiệm vụ nên không có trong trang "
                             f"«{TRACKER_SHEET}» (xem cchc deadlines).")
    if ds.skipped is not None:  # --skip-invalid: the workbook says what it leaves out
        summary.warnings.append(ds.skipped.note)
        meta.append(["skipped_invalid", ds.skipped.records])
    summary.notes.append(f"Các cơ quan điền cột Tình trạng, Ngày hoàn thành, Sản phẩm, kết quả ở trang "
                         f"«{TRACKER_SHEET}», rồi gửi lại; nhập bằng: cchc import status TỆP.xlsx")
    return Tracker(tracker=table, summary=summary, meta=meta, left_out=left_out)


def write_tracker(data: Tracker, path: Path) -> None:
    from cchc.output.tables import write_workbook

    write_workbook([(TRACKER_SHEET, data.tracker), (SUMMARY_SHEET, data.summary)], path,
                   hidden=[(META_SHEET, data.meta)])


def export_tracker(report: DeadlineReport, ds: Dataset, path: Path, *, force: bool = False) -> Tracker:
    """Write the tracker workbook atomically (never over an existing file without ``force``)."""
    from cchc.io.atomic import write_output

    data = tracker_data(report, ds, workbook_dir=Path(path).parent)
    write_output(Path(path), lambda tmp: write_tracker(data, tmp), force=force)
    return data
