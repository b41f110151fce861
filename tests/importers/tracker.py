"""A tracker workbook in the layout of contract 5 (what `cchc deadlines --format xlsx` writes)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from cchc.models.tasks import TASK_STATUS_LABELS

COLUMNS = ["STT", "Mã nhiệm vụ", "Nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Cơ quan phối hợp", "Hạn",
           "Tình trạng", "Số ngày quá hạn", "Ngày hoàn thành", "Sản phẩm, kết quả", "Ghi chú"]


def tracker(ds, path: Path, *, meta: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo dõi"
    ws.append(COLUMNS)
    labels = DataValidation(type="list", formula1='"' + ",".join(TASK_STATUS_LABELS.values()) + '"')
    ws.add_data_validation(labels)
    for number, task in enumerate(sorted(ds.tasks.values(), key=lambda t: t.id), start=1):
        ws.append([number, task.id, task.title, task.source or "", ", ".join(task.lead),
                   ", ".join(task.coordinators), str(task.due or ""), task.status.label, None,
                   task.done_on, task.product or "", task.note or ""])
        labels.add(f"H{number + 1}")
        ws.cell(number + 1, 10).number_format = "DD/MM/YYYY"
    wb.create_sheet("Tổng hợp").append(["Cơ quan", "Số nhiệm vụ"])
    if meta:
        hidden = wb.create_sheet("_cchc")
        hidden.sheet_state = "hidden"
        hidden.append(["generator", "cchc"])
        hidden.append(["version", "0.1.0"])
        hidden.append(["as_of", "2021-07-20"])
        hidden.append(["data_root", "data"])
        for task in ds.tasks.values():
            origin = ds.origin(task)
            hidden.append([f"task:{task.id}", origin.file.relative_to(ds.root).as_posix()])
    wb.save(path)
    return path


def row_of(path: Path, task_id: str) -> int:
    from openpyxl import load_workbook

    ws = load_workbook(path)["Theo dõi"]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == task_id)
