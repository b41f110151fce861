"""`cchc import status`: the tracker workbook of ``cchc deadlines --format xlsx``, filled in by
agencies, back into the task files.

The workbook (contract 5 of docs/architecture.md) has a sheet ``Theo dõi`` with one row per task
(STT | Mã nhiệm vụ | Nhiệm vụ | … | Tình trạng | Số ngày quá hạn | Ngày hoàn thành | Sản phẩm, kết
quả | Ghi chú) and a hidden sheet ``_cchc`` saying it was produced by cchc and where each task lives.
Agencies fill in *Tình trạng*, *Ngày hoàn thành* and *Sản phẩm, kết quả*; those three are read back.
(*Ghi chú* and the computed columns are for people and are not read.)

Every row is checked before anything is written; a row is refused, with its sheet, row and cell,
when its task id or title no longer matches the data, its status is not one of the Vietnamese
labels, its done date is in the future or before the task's source document, or status and date
contradict each other. Nothing is written unless every row is accepted, or ``skip_bad`` is given
(the refused rows are then listed). Files are edited in place through ruamel.yaml's round trip:
comments, order and layout stay; only the changed values change.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc.domain.agency_names import name_key
from cchc.domain.deadline_text import fold
from cchc.errors import UsageError
from cchc.importers.common import ImportResult, cell_error, check_and_write
from cchc.importers.headers import ColumnSpec, find_layout
from cchc.importers.tables import Table, read_tables
from cchc.models.tasks import TASK_STATUS_LABELS, TaskStatus
from cchc.textvn import date_short

TRACKER_SHEET = "Theo dõi"
META_SHEET = "_cchc"

STATUS_COLUMNS = [
    ColumnSpec("id", "Mã nhiệm vụ", (r"^ma nhiem vu$", r"^ma$"), required=True),
    ColumnSpec("done_on", "Ngày hoàn thành", (r"^ngay hoan thanh$",), required=True),
    ColumnSpec("status", "Tình trạng", (r"^tinh trang$", r"^trang thai$"), required=True),
    ColumnSpec("product", "Sản phẩm, kết quả", (r"^san pham",)),
    ColumnSpec("title", "Nhiệm vụ", (r"^nhiem vu$", r"^noi dung"), required=True),
]
# Where a new key goes: after the last of these that the task already has.
KEY_ORDER = ("id", "title", "source", "lead", "coordinators", "report_to", "due", "due_working_days",
             "status", "done_on", "criteria", "product", "evidence", "extensions", "note")


@dataclass
class _Update:
    task_id: str
    file: Path
    values: dict[str, Any]  # key → new value (None: remove the key)
    row: str


def _label_key(text: str) -> str:
    return name_key(text)


_STATUS_BY_LABEL = {_label_key(label): status for status, label in TASK_STATUS_LABELS.items()}
_STATUS_BY_LABEL.update({_label_key(status.value.replace("-", " ")): status for status in TaskStatus})


def _metadata(tables: list[Table], file: Path) -> dict[str, str]:
    meta = next((t for t in tables if t.sheet == META_SHEET), None)
    if meta is None:
        raise UsageError(
            f"{file.name}: tệp không do cchc tạo (không có trang tính ẩn «{META_SHEET}»), nên không biết mỗi "
            "dòng là nhiệm vụ nào trong dữ liệu",
            hint="tạo bảng theo dõi bằng `cchc deadlines --format xlsx -o TỆP.xlsx`, gửi các cơ quan điền, rồi nhập lại tệp đó")
    values: dict[str, str] = {}
    for row in meta.rows:
        key, value = row.text(0), row.text(1)
        if "=" in key and not value:
            key, _, value = key.partition("=")
        if key:
            values[key.strip()] = value.strip()
    if values.get("generator") != "cchc":
        raise UsageError(f"{file.name}: {META_SHEET}!A1 không ghi generator=cchc; tệp không do cchc tạo",
                         hint="dùng bảng theo dõi do `cchc deadlines --format xlsx` tạo")
    return values


def _parse_day(cell) -> tuple[dt.date | None, str | None]:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    for pattern in (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", ):
        if match := re.fullmatch(pattern, text):
            try:
                return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1))), None
            except ValueError:
                break
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, f"«{text}» không phải một ngày; ghi theo dạng ngày/tháng/năm, ví dụ 20/7/2021"


def import_status(ds, file: Path, *, today: dt.date, skip_bad: bool = False, dry_run: bool = False) -> ImportResult:
    file = Path(file)
    if file.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(f"{file.name}: bảng theo dõi phải là tệp Excel .xlsx do `cchc deadlines --format xlsx` tạo")
    tables = read_tables(file)
    meta = _metadata(tables, file)
    tracker = next((t for t in tables if t.sheet == TRACKER_SHEET), None)
    if tracker is None:
        raise UsageError(f"{file.name}: không có trang tính «{TRACKER_SHEET}»",
                         hint="không đổi tên trang tính của bảng theo dõi")
    layout = find_layout(tracker, STATUS_COLUMNS)
    result = ImportResult("status", file)
    root = ds.root.resolve()
    updates: list[_Update] = []
    bad_rows: dict[str, list] = {}
    seen: set[str] = set()
    for row in layout.body:
        problems: list = []
        id_cell = layout.cell(row, "id")
        task_id = id_cell.text.strip() if id_cell else ""
        if not task_id:
            continue  # a total or blank line
        task = ds.tasks.get(task_id)
        if task is None:
            problems.append(cell_error(file, id_cell.ref, f"nhiệm vụ «{task_id}» không còn trong dữ liệu",
                                       hint="tạo lại bảng theo dõi từ dữ liệu hiện tại"))
        elif task_id in seen:
            problems.append(cell_error(file, id_cell.ref, f"nhiệm vụ «{task_id}» xuất hiện hai lần trong bảng"))
        seen.add(task_id)
        origin = ds.origin(task) if task is not None else None
        if task is not None:
            mapped = meta.get(f"task:{task_id}")
            if mapped is not None:
                where = (ds.root / mapped).resolve()
                if root not in (where, *where.parents):
                    problems.append(cell_error(file, f"{META_SHEET}!A", f"đường dẫn «{mapped}» của nhiệm vụ "
                                               f"«{task_id}» nằm ngoài thư mục dữ liệu; không đọc, không ghi"))
            title_cell = layout.cell(row, "title")
            written = title_cell.text if title_cell else ""
            if not _same_title(written, task.title):
                problems.append(cell_error(
                    file, title_cell.ref, f"nội dung nhiệm vụ không khớp dữ liệu của «{task_id}» "
                                          f"(bảng: «{_short(written)}»; dữ liệu: «{_short(task.title)}»)",
                    hint="không sửa cột Mã nhiệm vụ, Nhiệm vụ; tạo lại bảng theo dõi nếu dữ liệu đã đổi"))
        status_cell = layout.cell(row, "status")
        status = None
        if status_cell is not None and not status_cell.empty:
            status = _STATUS_BY_LABEL.get(_label_key(status_cell.text))
            if status is None:
                problems.append(cell_error(
                    file, status_cell.ref, f"tình trạng «{status_cell.text}» không phải một trong: "
                                           + ", ".join(f"«{label}»" for label in TASK_STATUS_LABELS.values()),
                    hint="chọn trong danh sách thả xuống của ô"))
        done_cell = layout.cell(row, "done_on")
        done, why = _parse_day(done_cell) if done_cell is not None else (None, None)
        if why:
            problems.append(cell_error(file, done_cell.ref, why))
        if done is not None:
            if done > today:
                problems.append(cell_error(file, done_cell.ref,
                                           f"ngày hoàn thành {date_short(done)} ở tương lai "
                                           f"(hôm nay {date_short(today)})"))
            start = _source_date(ds, task) if task is not None else None
            if start is not None and done < start:
                problems.append(cell_error(
                    file, done_cell.ref, f"ngày hoàn thành {date_short(done)} trước ngày "
                                         f"văn bản giao nhiệm vụ ({date_short(start)})"))
        if status is TaskStatus.DONE and done is None and not why:
            problems.append(cell_error(file, done_cell.ref if done_cell else row.ref,
                                       "tình trạng «hoàn thành» cần ngày hoàn thành"))
        if done is not None and status is not None and status is not TaskStatus.DONE:
            problems.append(cell_error(file, done_cell.ref, f"có ngày hoàn thành nhưng tình trạng là «{status.label}»",
                                       hint="chọn «hoàn thành» hoặc xóa ngày hoàn thành"))
        if problems:
            bad_rows[row.ref] = problems
            continue
        if task is None or origin is None:
            continue
        values: dict[str, Any] = {}
        if status is not None and status is not task.status:
            values["status"] = status.value
        new_done = done if status is TaskStatus.DONE or (status is None and task.status is TaskStatus.DONE) else None
        if status is not None and new_done != task.done_on:
            values["done_on"] = new_done
        product_cell = layout.cell(row, "product")
        if product_cell is not None and not product_cell.empty:
            product = " ".join(product_cell.text.split())
            if product != " ".join((task.product or "").split()):
                values["product"] = product
        if values:
            updates.append(_Update(task_id, origin.file, values, row.ref))
    for ref, problems in bad_rows.items():
        if skip_bad:
            result.skipped.append(f"{ref}: " + "; ".join(p.message for p in problems))
            result.diagnostics.extend(_as_warnings(problems))
        else:
            result.diagnostics.extend(problems)
    result.records = len(updates)
    if result.errors:
        from cchc.importers.common import refuse

        raise refuse(result, "nên không ghi gì (thêm --skip-bad để ghi các dòng hợp lệ và bỏ qua các dòng lỗi)",
                     hint="sửa các ô được nêu trong bảng rồi nhập lại")
    by_file: dict[Path, list[_Update]] = {}
    for update in updates:
        by_file.setdefault(update.file, []).append(update)
    for path, items in by_file.items():
        raw = path.read_bytes()
        result.originals[path] = raw
        result.files[path] = _edit_file(raw.decode("utf-8-sig"), items)
    if not result.files:
        result.notes.append("bảng theo dõi không có thay đổi nào so với dữ liệu")
        return result
    return check_and_write(result, ds.root, dry_run=dry_run, force=True, new_files=False)


def _as_warnings(problems):
    from cchc.errors import Severity

    for problem in problems:
        problem.severity = Severity.WARNING
    return problems


def _same_title(written: str, title: str) -> bool:
    a, b = fold(written), fold(title)
    if a == b:
        return True
    return a.endswith("…") and b.startswith(a.rstrip("…").rstrip()) or a.endswith("...") and b.startswith(
        a[:-3].rstrip())


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _source_date(ds, task) -> dt.date | None:
    document = ds.documents.get(task.source) if task.source else None
    return document.date if document is not None else None


def _edit_file(text: str, updates: list[_Update]) -> str:
    """The file's text with the updates applied through ruamel's round trip (comments kept)."""
    from cchc.io.yamlfmt import round_trip_yaml

    yaml = round_trip_yaml()
    data = yaml.load(text)
    by_id = {item.get("id"): item for item in data.get("tasks", [])}
    for update in updates:
        task = by_id[update.task_id]
        for key, value in update.values.items():
            if value is None:
                if key in task:
                    del task[key]
                continue
            if key in task:
                task[key] = value
                continue
            position = 0
            for i, existing in enumerate(task.keys()):
                if existing in KEY_ORDER and KEY_ORDER.index(existing) < KEY_ORDER.index(key):
                    position = i + 1
            task.insert(position, key, value)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
