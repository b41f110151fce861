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
from datetime import date, datetime
from pathlib import Path
from typing import Any

CellKind = str  # "text" | "date" | "int" | "number" | "percent"


@dataclass
class Column:
    key: str
    title: str
    width: float = 20  # characters, for Excel
    align: str = "left"  # left | center | right
    kind: CellKind = "text"  # how Excel stores the cell: a real date, an integer, a number, a percent
    choices: list[str] | None = None  # Excel: a dropdown of these values (data validation)
    date_input: bool = False  # Excel: accept only a date (data validation)


@dataclass
class TableData:
    """A listing as plain data. Cells hold text, numbers (a percent as a fraction: 0.5 = 50%),
    dates (``datetime.date``) or None; text formats show them the Vietnamese way."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    subtitle: str | None = None
    notes: list[str] = field(default_factory=list)
    # What a reader must not miss, e.g. "Đã bỏ qua 2 bản ghi lỗi": unlike notes, every format
    # carries it (a CSV as trailing rows, JSON as "warnings", the terminal as the caption).
    warnings: list[str] = field(default_factory=list)
    as_of: date | None = None  # "tính đến ngày …" in the printed page header
    fills: list[str | None] = field(default_factory=list)  # Excel: row background (hex RGB) per row
    autofilter: bool = False
    heading: bool = True  # Excel: title (and subtitle) rows above the header row
    # Excel: conditional row colours, (formula, hex RGB); "{key}" in the formula stands for the
    # row's cell of that column, e.g. '{status}="hoàn thành"'. The first matching rule wins.
    row_rules: list[tuple[str, str | None]] = field(default_factory=list)

    def values(self, row: dict[str, Any]) -> list[Any]:
        return [row.get(c.key, "") for c in self.columns]


class Percent(float):
    """A share (0.5 = 50 %) in a column of another kind, e.g. a total row under text cells."""


class LabelledDate(date):
    """A date shown as a plan writes it ("Quý III/2022" for 30/9/2022): every text format prints the
    label; a workbook stores the date (so formulas and filters still compare dates) and displays the
    label through the cell's number format."""

    label: str

    def __new__(cls, day: date, label: str) -> LabelledDate:
        value = super().__new__(cls, day.year, day.month, day.day)
        value.label = label
        return value

    def __reduce__(self):
        return (LabelledDate, (date(self.year, self.month, self.day), self.label))

    def excel_format(self) -> str:
        """A number format that displays the label as literal text."""
        return '"' + self.label.replace('"', "'") + '"'


def cell_text(value: Any, kind: CellKind = "text") -> str:
    """A cell as people read it: Vietnamese dates and numbers, empty for None."""
    return _cell_text(value, kind)


def _cell_text(value: Any, kind: CellKind = "text") -> str:
    from cchc.textvn import date_short, number

    if value is None:
        return "—" if kind in ("percent", "number") else ""
    if isinstance(value, LabelledDate):
        return value.label
    if isinstance(value, date):
        return date_short(value)
    if (kind == "percent" or isinstance(value, Percent)) and isinstance(value, int | float):
        return f"{number(round(value * 100, 1))}%"
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return number(round(value, 2))
    if isinstance(value, float):
        return number(value)
    return str(value)


def to_csv(table: TableData) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell_text(v, c.kind) for c, v in zip(table.columns, table.values(row), strict=True)])
    for text in table.warnings:
        writer.writerow([f"Lưu ý: {text}"])
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
        lines.append("| " + " | ".join(_md_escape(_cell_text(v, c.kind))
                                       for c, v in zip(table.columns, table.values(row), strict=True)) + " |")
    if table.warnings:
        lines.append("")
        lines += [f"> **Lưu ý:** {_md_escape(text)}" for text in table.warnings]
    if table.notes:
        lines.append("")
        lines += [f"- {note}" for note in table.notes]
    return "\n".join(lines) + "\n"


def to_json(table: TableData, **extra: Any) -> str:
    payload = {"title": table.title, **extra,
               "rows": [{c.key: _json_value(row.get(c.key)) for c in table.columns} for row in table.rows]}
    if table.notes:
        payload["notes"] = table.notes
    if table.warnings:
        payload["warnings"] = table.warnings
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _row_height(values: list[str], widths: list[float], font_pt: float = 12) -> float:
    """Height in points of a row of wrapped text: the lines of its fullest cell.

    A column ``width`` (Excel's unit: the width of a "0" of the default 11 pt font) holds about
    ``width × 1.1`` characters of 12 pt Times New Roman. One line takes 1.25 × the font size plus
    a little padding, so a one-line row stays at Excel's usual height (about 17 pt).
    """
    lines = 1
    for text, width in zip(values, widths, strict=True):
        chars_per_line = max(int(width * 1.1), 1)
        needed = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return round(lines * font_pt * 1.25 + 2, 1)


EXCEL_DATE_FORMAT = "dd/mm/yyyy"
_NUMBER_FORMATS = {"date": EXCEL_DATE_FORMAT, "int": "0", "number": "General", "percent": "0.0%"}


def _excel_value(value: Any, kind: CellKind) -> Any:
    """What the cell stores: a datetime for a date, a number for a number, else its text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        return _cell_text(value, kind)
    if isinstance(value, int | float):
        return value
    return _cell_text(value, kind)


def _page_header_footer(ws, table: TableData) -> None:
    """Printed pages: the title and "Tính đến ngày …" in the header, "Trang N/M" in the footer."""
    from cchc.textvn import date_short

    for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        part.left.text = table.title[:200]
        part.left.size = 10
        part.left.font = "Times New Roman"
        if table.as_of is not None:
            part.right.text = f"Tính đến ngày {date_short(table.as_of)}"
            part.right.size = 10
            part.right.font = "Times New Roman,Italic"
    for part in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        part.center.text = "Trang &P/&N"
        part.center.size = 10
        part.center.font = "Times New Roman"


def fill_sheet(ws, table: TableData) -> None:
    """Write ``table`` on the worksheet ``ws``: typed cells, header, validations, print setup."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    header_row = 1
    if table.heading:
        from cchc.textvn import date_short

        ws.cell(row=1, column=1, value=table.title).font = Font(name="Times New Roman", size=14, bold=True)
        subtitle = table.subtitle or ""
        if table.as_of is not None and "đến ngày" not in (table.title + subtitle).lower():
            subtitle = "; ".join(p for p in (f"Tính đến ngày {date_short(table.as_of)}", subtitle) if p)
        header_row = 3
        if subtitle:
            ws.cell(row=2, column=1, value=subtitle).font = Font(name="Times New Roman", size=12, italic=True)
            header_row = 4
    widths = [c.width for c in table.columns]
    for index, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=header_row, column=index, value=column.title)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="D9E2F3")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[header_row].height = _row_height([c.title for c in table.columns], widths)
    first, last = header_row + 1, header_row + len(table.rows)
    for offset, row in enumerate(table.rows):
        values = table.values(row)
        fill = table.fills[offset] if offset < len(table.fills) else None
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = ws.cell(row=first + offset, column=index, value=_excel_value(value, column.kind))
            cell.font = font
            cell.border = border
            cell.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=True)
            if isinstance(value, Percent):
                cell.number_format = _NUMBER_FORMATS["percent"]
            elif isinstance(value, LabelledDate):
                cell.number_format = value.excel_format()
            elif column.kind in _NUMBER_FORMATS:
                cell.number_format = _NUMBER_FORMATS[column.kind]
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
        ws.row_dimensions[first + offset].height = _row_height(
            [_cell_text(v, c.kind) for c, v in zip(table.columns, values, strict=True)], widths)
    # Validation over the rows and a margin below, so rows added by hand are checked too.
    bottom = max(last, first) + 200
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        if column.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                                error="Chọn một giá trị trong danh sách thả xuống.",
                                promptTitle=column.title, prompt="Chọn trong danh sách.")
        elif column.date_input:
            if column.kind == "date":
                for r in range(last + 1, bottom + 1):
                    ws.cell(row=r, column=index).number_format = EXCEL_DATE_FORMAT
            dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                                formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
                                errorTitle="Ngày không hợp lệ",
                                error="Nhập một ngày theo dạng ngày/tháng/năm, ví dụ 20/07/2021.",
                                promptTitle=column.title, prompt="Ngày/tháng/năm, ví dụ 20/07/2021.")
        else:
            continue
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letter}{first}:{letter}{bottom}")
    if table.row_rules and table.columns:
        from openpyxl.formatting.rule import FormulaRule

        refs = {c.key: f"${get_column_letter(i)}{first}" for i, c in enumerate(table.columns, start=1)}
        area = f"A{first}:{get_column_letter(len(table.columns))}{bottom}"
        for formula, colour in table.row_rules:
            if colour:
                ws.conditional_formatting.add(area, FormulaRule(
                    formula=[formula.format(**refs)], stopIfTrue=True,
                    fill=PatternFill("solid", fgColor=colour, bgColor=colour)))
    for note_index, note in enumerate(table.warnings + table.notes):
        ws.cell(row=last + 2 + note_index, column=1,
                value=f"Lưu ý: {note}" if note_index < len(table.warnings) else note).font = Font(
            name="Times New Roman", size=11, italic=note_index >= len(table.warnings),
            bold=note_index < len(table.warnings))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if table.autofilter and table.columns:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.columns))}{max(last, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > 110 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left, ws.page_margins.right = 30 / 25.4, 15 / 25.4
    ws.page_margins.top, ws.page_margins.bottom = 20 / 25.4, 20 / 25.4
    ws.page_margins.header, ws.page_margins.footer = 8 / 25.4, 8 / 25.4
    _page_header_footer(ws, table)


def write_workbook(sheets: list[tuple[str, TableData]], path: Path, *,
                   hidden: list[tuple[str, list[list[Any]]]] | None = None) -> None:
    """One workbook of several sheets, plus hidden sheets of plain rows (machine data)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, table in sheets:
        fill_sheet(book.create_sheet(name[:31]), table)
    for name, rows in hidden or []:
        ws = book.create_sheet(name[:31])
        ws.sheet_state = "hidden"
        for row in rows:
            ws.append(row)
    if sheets:
        book.properties.title = sheets[0][1].title
    book.properties.creator = "cchc"
    book.properties.language = "vi-VN"
    book.save(path)


def write_xlsx(table: TableData, path: Path, *, sheet: str = "Bảng") -> None:
    write_workbook([(sheet, table)], path)


TEXT_FORMATS = ("csv", "md", "json")


def export_table(table: TableData, fmt: str, *, path: Path | None = None, force: bool = False,
                 sheet: str = "Bảng", markdown: str | None = None, json_text: str | None = None,
                 formats: tuple[str, ...] = ("xlsx", *TEXT_FORMATS),
                 warnings: list[str] | None = None) -> str | None:
    """Write ``table`` as xlsx/csv/md/json: the one export path every listing command uses.

    Text formats are returned when ``path`` is None. Files are written atomically and never
    replace an existing file without ``force``. ``markdown``/``json_text`` replace the default
    rendering when a command has more to say (totals, notes, structured JSON). ``warnings``
    (records left out: "Đã bỏ qua 2 bản ghi lỗi") are added to the table's and carried by every
    format, the replacement renderings included.
    """
    from cchc.errors import UsageError
    from cchc.io.atomic import write_output

    for text in warnings or ():
        if text not in table.warnings:
            table.warnings.append(text)
    if table.warnings:
        markdown = None if markdown is None else with_markdown_warnings(markdown, table.warnings)
        json_text = None if json_text is None else with_json_warnings(json_text, table.warnings)
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


def with_markdown_warnings(text: str, warnings: list[str]) -> str:
    """A Markdown rendering with the warnings as a block quote at its end."""
    if not warnings:
        return text
    return text.rstrip("\n") + "\n\n" + "\n".join(f"> **Lưu ý:** {_md_escape(w)}" for w in warnings) + "\n"


def with_json_warnings(text: str, warnings: list[str]) -> str:
    """A JSON rendering with the warnings: a ``warnings`` key of an object, or a last element
    ``{"warnings": […]}`` of an array."""
    if not warnings:
        return text
    payload = json.loads(text)
    if isinstance(payload, dict):
        payload["warnings"] = [*payload.get("warnings", []), *warnings]
    elif isinstance(payload, list):
        payload.append({"warnings": list(warnings)})
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
