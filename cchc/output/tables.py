"""Tabular results written as CSV, Markdown, JSON or Excel, the same way for every command.

A :class:`TableData` is plain data (title, columns, rows of strings or numbers).
Commands build one from a domain result and pick a writer here, so every
listing has identical formats:

* CSV is UTF-8 **with BOM** and no ``sep=`` line, so Excel on Windows shows Vietnamese.
* Excel (openpyxl) has a styled, frozen header row, wrapped text, fixed widths,
  A4 print setup with the header row repeated, and computed row heights (Excel
  never grows rows for wrapped text by itself). No merged cells: a group column
  repeats its value, which filters and sorts correctly.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Column:
    key: str
    title: str
    width: float = 20  # characters, for Excel
    align: str = "left"  # left | center | right


@dataclass
class TableData:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    subtitle: str | None = None
    notes: list[str] = field(default_factory=list)

    def values(self, row: dict[str, Any]) -> list[Any]:
        return [row.get(c.key, "") for c in self.columns]


def cell_text(value: Any) -> str:
    """A cell as people read it: Vietnamese numbers, empty for None."""
    return _cell_text(value)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        from cchc.textvn import number

        return number(value)
    return str(value)


def to_csv(table: TableData) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell_text(v) for v in table.values(row)])
    return buffer.getvalue()


def write_csv(table: TableData, path: Path) -> None:
    # utf-8-sig writes the BOM Excel needs to detect UTF-8.
    path.write_bytes(to_csv(table).encode("utf-8-sig"))


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(table: TableData) -> str:
    lines = [f"## {table.title}", ""]
    if table.subtitle:
        lines += [f"*{table.subtitle}*", ""]
    lines.append("| " + " | ".join(_md_escape(c.title) for c in table.columns) + " |")
    marks = {"left": ":---", "center": ":---:", "right": "---:"}
    lines.append("| " + " | ".join(marks.get(c.align, "---") for c in table.columns) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(_md_escape(_cell_text(v)) for v in table.values(row)) + " |")
    if table.notes:
        lines.append("")
        lines += [f"- {note}" for note in table.notes]
    return "\n".join(lines) + "\n"


def to_json(table: TableData, **extra: Any) -> str:
    payload = {"title": table.title, **extra,
               "rows": [{c.key: row.get(c.key) for c in table.columns} for row in table.rows]}
    if table.notes:
        payload["notes"] = table.notes
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def _row_height(values: list[str], widths: list[float], font_pt: float = 12) -> float:
    """Height in points for wrapped text: lines needed by the fullest cell × line height."""
    lines = 1
    for text, width in zip(values, widths, strict=True):
        chars_per_line = max(int(width * 1.1), 1)
        needed = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return round(lines * font_pt * 1.35 + 4, 1)


def write_xlsx(table: TableData, path: Path, *, sheet: str = "Bảng") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)

    ws.cell(row=1, column=1, value=table.title).font = Font(name="Times New Roman", size=14, bold=True)
    first = 2
    if table.subtitle:
        ws.cell(row=2, column=1, value=table.subtitle).font = Font(name="Times New Roman", size=12, italic=True)
        first = 3
    header_row = first + 1
    widths = [c.width for c in table.columns]
    for index, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=header_row, column=index, value=column.title)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="D9E2F3")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[header_row].height = _row_height([c.title for c in table.columns], widths)
    for offset, row in enumerate(table.rows, start=1):
        values = table.values(row)
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = ws.cell(row=header_row + offset, column=index,
                           value=value if isinstance(value, int | float) else _cell_text(value))
            cell.font = font
            cell.border = border
            cell.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=True)
        ws.row_dimensions[header_row + offset].height = _row_height([_cell_text(v) for v in values], widths)
    for note_index, note in enumerate(table.notes):
        ws.cell(row=header_row + len(table.rows) + 2 + note_index, column=1, value=note).font = Font(
            name="Times New Roman", size=11, italic=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > 110 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left, ws.page_margins.right = 30 / 25.4, 15 / 25.4
    ws.page_margins.top, ws.page_margins.bottom = 20 / 25.4, 20 / 25.4
    book.save(path)


TEXT_FORMATS = ("csv", "md", "json")


def export_table(table: TableData, fmt: str, *, path: Path | None = None, force: bool = False,
                 sheet: str = "Bảng", markdown: str | None = None, json_text: str | None = None,
                 formats: tuple[str, ...] = ("xlsx", *TEXT_FORMATS)) -> str | None:
    """Write ``table`` as xlsx/csv/md/json: the one export path every listing command uses.

    Text formats are returned when ``path`` is None. Files are written atomically and never
    replace an existing file without ``force``. ``markdown``/``json_text`` replace the default
    rendering when a command has more to say (totals, notes, structured JSON).
    """
    from cchc.errors import UsageError
    from cchc.io.atomic import write_output

    if fmt not in formats:
        raise UsageError(f"định dạng «{fmt}» không hỗ trợ", hint="dùng: " + ", ".join(formats))
    if fmt == "xlsx":
        if path is None:
            raise UsageError("định dạng xlsx cần tệp kết quả", hint="thêm -o TỆP.xlsx")
        write_output(path, lambda tmp: write_xlsx(table, tmp, sheet=sheet), force=force)
        return None
    if fmt == "csv":
        if path is None:
            return to_csv(table)
        write_output(path, lambda tmp: write_csv(table, tmp), force=force)
        return None
    if fmt == "md":
        text = markdown if markdown is not None else to_markdown(table)
    else:
        text = json_text if json_text is not None else to_json(table) + "\n"
    if path is None:
        return text
    write_output(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=force)
    return None
