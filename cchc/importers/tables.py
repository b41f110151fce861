"""Tables out of Word and Excel files, as grids of text cells that know where they came from.

Provinces' tables come in a few shapes, all handled here once so every importer sees a plain grid:

* merged cells: a vertically merged cell (``w:vMerge``, an Excel merged range) repeats its text in
  every row it covers, marked ``continued`` so an importer can tell "same task, next line" from
  "a new task with the same text"; a horizontally merged cell repeats over its columns (``span``);
* line breaks inside a cell are kept as ``\\n`` (paragraphs and ``w:br``);
* a table Word split across pages into two tables (an empty paragraph or a page break between,
  the same columns, often the header typed again) is joined back into one table, and the repeated
  header rows dropped;
* rows skipped at the start of a Word row (``w:gridBefore``) become empty cells.

Each cell carries its reference for messages: "bảng 1, dòng 5, cột 3" in Word, "Sheet1!G14" in
Excel. Nothing here interprets the content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.errors import UsageError
from cchc.textvn import date_short

SUPPORTED = (".docx", ".xlsx", ".xlsm")


@dataclass
class Cell:
    text: str
    ref: str
    value: Any = None  # the raw value (Excel: datetime, number, str); the text otherwise
    continued: bool = False  # covered by a vertical merge started in a row above
    origin: str | None = None  # reference of the cell that starts the merge
    span: bool = False  # a repeat of the cell on the left (horizontal merge)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass
class Row:
    cells: list[Cell]
    number: int  # 1-based row number in the table (Word) or in the sheet (Excel)
    ref: str  # "bảng 1, dòng 5" or "Sheet1!5"

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def text(self, column: int | None) -> str:
        if column is None or column >= len(self.cells):
            return ""
        return self.cells[column].text.strip()

    def cell(self, column: int) -> Cell | None:
        return self.cells[column] if 0 <= column < len(self.cells) else None

    @property
    def empty(self) -> bool:
        return all(c.empty for c in self.cells)


@dataclass
class Table:
    number: int  # 1-based, as --table counts
    rows: list[Row]
    file: Path
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    hidden: bool = False

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    @property
    def label(self) -> str:
        return f"trang tính «{self.sheet}»" if self.sheet else f"bảng {self.number}"


def read_tables(path: Path) -> list[Table]:
    """Every table of a .docx (in document order) or every visible sheet of an .xlsx."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"không tìm thấy tệp {path}", hint="kiểm tra tên và đường dẫn tệp")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_tables(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_tables(path)
    if suffix in (".doc", ".xls"):
        raise UsageError(f"{path.name}: định dạng {suffix} cũ không đọc được",
                         hint=f"mở tệp bằng Word/Excel hoặc LibreOffice và lưu lại dạng {suffix}x")
    if suffix == ".pdf":
        raise UsageError(f"{path.name}: không đọc bảng từ PDF (chữ trong PDF không giữ cấu trúc bảng)",
                         hint="dùng bản Word (.docx) hoặc Excel (.xlsx) của văn bản")
    raise UsageError(f"{path.name}: cchc chỉ đọc bảng trong tệp .docx hoặc .xlsx")


def pick_table(tables: list[Table], number: int | None, path: Path) -> list[Table]:
    """The tables to try: the one chosen with ``--table N``, else all visible ones."""
    visible = [t for t in tables if not t.hidden]
    if not visible:
        raise UsageError(f"{path.name}: không có bảng nào", hint="kiểm tra đúng tệp văn bản có bảng nhiệm vụ")
    if number is None:
        return visible
    chosen = [t for t in visible if t.number == number]
    if not chosen:
        raise UsageError(f"{path.name} không có bảng số {number}",
                         hint=f"tệp có {len(visible)} bảng; chọn --table từ 1 đến {max(t.number for t in visible)}")
    return chosen


# ---- Word ---------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_cell_text(tc) -> str:
    lines = []
    for p in tc.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif node.tag == f"{_W}tab":
                parts.append(" ")
        lines.append("".join(parts))
    text = "\n".join(lines)
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip("\n")


def _grid_table(tbl, number: int, path: Path) -> Table:
    rows: list[Row] = []
    above: dict[int, Cell] = {}  # column → the cell a vertical merge continues
    for r, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
        cells: list[Cell] = []
        pr = tr.find(f"{_W}trPr")
        before = pr.find(f"{_W}gridBefore") if pr is not None else None
        for _ in range(int(before.get(f"{_W}val", "0")) if before is not None else 0):
            cells.append(Cell("", f"bảng {number}, dòng {r}, cột {len(cells) + 1}"))
        for tc in tr.findall(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                grid_span = tcpr.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = int(grid_span.get(f"{_W}val", "1"))
                merge = tcpr.find(f"{_W}vMerge")
                if merge is not None:
                    vmerge = merge.get(f"{_W}val", "continue")
            column = len(cells)
            ref = f"bảng {number}, dòng {r}, cột {column + 1}"
            if vmerge == "continue" and column in above:
                origin = above[column]
                cell = Cell(origin.text, ref, origin.text, continued=True, origin=origin.origin or origin.ref)
            else:
                text = _docx_cell_text(tc)
                cell = Cell(text, ref, text)
            for k in range(span):
                copy = cell if k == 0 else Cell(cell.text, f"bảng {number}, dòng {r}, cột {column + k + 1}",
                                                cell.value, cell.continued, cell.origin, span=True)
                cells.append(copy)
                if vmerge is not None:
                    above[column + k] = copy if vmerge == "restart" else above.get(column + k, copy)
                else:
                    above.pop(column + k, None)
        rows.append(Row(cells, r, f"bảng {number}, dòng {r}"))
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        while len(row.cells) < width:
            row.cells.append(Cell("", f"{row.ref}, cột {len(row.cells) + 1}"))
    return Table(number, rows, path)


def _blank_paragraph(p) -> bool:
    return not "".join(t.text or "" for t in p.iter(f"{_W}t")).strip()


def _same_header(first: Table, second: Table) -> int:
    """How many leading rows of ``second`` repeat the header rows of ``first`` (0, 1 or 2)."""
    from cchc.importers.headers import repeats_header

    count = 0
    while count < 2 and count < len(second.rows) and repeats_header(second.rows[count], first.rows[:2]):
        count += 1
    return count


def _docx_tables(path: Path) -> list[Table]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise UsageError(f"{path.name} không phải tệp Word (.docx) đọc được: {exc}",
                         hint="mở bằng Word hoặc LibreOffice và lưu lại dạng .docx") from None
    body = document.element.body
    tables: list[Table] = []
    only_blank_since_last = False
    for child in body.iterchildren():
        if child.tag == f"{_W}tbl":
            table = _grid_table(child, len(tables) + 1, path)
            if not table.rows:
                continue
            previous = tables[-1] if tables else None
            repeated = _same_header(previous, table) if previous else 0
            if previous and previous.width == table.width and (only_blank_since_last or repeated):
                # a table split across pages: join it to the previous one
                first_number = table.rows[0].number
                kept = table.rows[repeated:]
                for row in kept:
                    row.ref = f"bảng {previous.number} (phần tiếp theo), dòng {row.number}"
                    for i, cell in enumerate(row.cells):
                        cell.ref = f"{row.ref}, cột {i + 1}"
                previous.rows.extend(kept)
                previous.notes.append(
                    f"bảng tiếp theo (từ dòng {first_number}) được nối vào bảng {previous.number}"
                    + (f", bỏ {repeated} dòng tiêu đề lặp lại" if repeated else ""))
            else:
                tables.append(table)
            only_blank_since_last = True
        elif child.tag == f"{_W}p":
            if not _blank_paragraph(child):
                only_blank_since_last = False
        elif child.tag != f"{_W}sectPr":
            only_blank_since_last = False
    return tables


# ---- Excel --------------------------------------------------------------------------------


def _excel_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return date_short(value)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return date_short(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip("\n")


def _xlsx_tables(path: Path) -> list[Table]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(str(path), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise UsageError(f"{path.name} không phải tệp Excel (.xlsx) đọc được: {exc}",
                         hint="mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx") from None
    tables = []
    for number, ws in enumerate(workbook.worksheets, start=1):
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        merged[(r, c)] = (rng.min_row, rng.min_col)
        rows = []
        max_col = ws.max_column or 0
        for r, values in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row or 0, values_only=True), start=1):
            cells = []
            for c in range(1, max_col + 1):
                ref = f"{ws.title}!{get_column_letter(c)}{r}"
                if (r, c) in merged:
                    top_r, top_c = merged[(r, c)]
                    value = ws.cell(top_r, top_c).value
                    cells.append(Cell(_excel_text(value), ref, value, continued=top_r != r,
                                      origin=f"{ws.title}!{get_column_letter(top_c)}{top_r}", span=top_c != c))
                else:
                    value = values[c - 1] if c - 1 < len(values) else None
                    cells.append(Cell(_excel_text(value), ref, value))
            rows.append(Row(cells, r, f"{ws.title}!{r}"))
        while rows and rows[-1].empty:
            rows.pop()
        tables.append(Table(number, rows, path, sheet=ws.title, hidden=ws.sheet_state != "visible"))
    return tables
