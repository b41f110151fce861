"""Finding a table's columns by their headers, never by position.

Each importer declares the columns it reads as :class:`ColumnSpec` values: a key, the label used
in messages, and the header wordings provinces use (matched on diacritic-free lower-case text, so
"Thời gian hoàn thành", "THỜI GIAN HOÀN THÀNH" and "Thời hạn" all match the deadline column).
The header may span two rows ("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"); the title rows
above a table are skipped; a numbering row under the header ("(1) (2) (3)") is skipped; columns
with an unknown or empty header are ignored. A layout without the required columns is an error
naming the headers found and the ones expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.domain.deadline_text import fold
from cchc.errors import DataError
from cchc.importers.tables import Row, Table

HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str  # how the message names it, e.g. "Cơ quan chủ trì"
    patterns: tuple[str, ...]  # regexes on folded text
    required: bool = False
    prefer: tuple[str, ...] = ()  # when several columns match, the one matching these wins
    avoid: tuple[str, ...] = ()  # a header matching these is never this column

    def matches(self, folded: str) -> bool:
        return any(re.search(p, folded) for p in self.patterns) and not any(re.search(p, folded) for p in self.avoid)


@dataclass
class Layout:
    """Where the columns are: ``columns[key]`` is a 0-based column index."""

    table: Table
    columns: dict[str, int]
    header_rows: list[Row]
    headers: list[str]  # the combined header text of every column
    ignored: list[str] = field(default_factory=list)  # non-empty headers no spec matched

    @property
    def body(self) -> list[Row]:
        """Data rows: after the header, without numbering rows, repeated headers or empty rows."""
        last = self.table.rows.index(self.header_rows[-1]) if self.header_rows else -1
        return [row for row in self.table.rows[last + 1:]
                if not (row.empty or _numbering_row(row) or repeats_header(row, self.header_rows))]

    def text(self, row: Row, key: str) -> str:
        column = self.columns.get(key)
        return row.text(column)

    def cell(self, row: Row, key: str):
        column = self.columns.get(key)
        return row.cell(column) if column is not None else None


def repeats_header(row: Row, header_rows: list[Row]) -> bool:
    """True when every filled cell of ``row`` repeats the header text of its column (a header
    typed again after a page break, merged or not)."""
    filled = [(i, c.text.strip()) for i, c in enumerate(row.cells) if not c.empty]
    if len(filled) < 2 or not header_rows:
        return False
    return all(any(h.text(i) == text for h in header_rows) for i, text in filled)


def _numbering_row(row: Row) -> bool:
    """"(1) | (2) | (3)" or "1 | 2 | 3" under a header: column numbers, not data."""
    values = [c.text.strip() for c in row.cells if not c.empty and not c.span]
    if len(values) < 3:
        return False
    numbers = []
    for value in values:
        match = re.fullmatch(r"\(?(\d{1,2})\)?", value)
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _combined_headers(rows: list[Row]) -> list[str]:
    width = max(len(r.cells) for r in rows)
    headers = []
    for column in range(width):
        parts: list[str] = []
        for row in rows:
            text = " ".join(row.text(column).split())
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        headers.append(" ".join(parts))
    return headers


def _assign(headers: list[str], specs: list[ColumnSpec]) -> tuple[dict[str, int], list[str], dict[str, list[int]]]:
    found: dict[str, list[int]] = {}
    ignored = []
    for column, header in enumerate(headers):
        folded = fold(header)
        if not folded:
            continue
        spec = next((s for s in specs if s.matches(folded)), None)
        if spec is None:
            ignored.append(header)
            continue
        found.setdefault(spec.key, []).append(column)
    columns = {}
    conflicts = {}
    for spec in specs:
        candidates = found.get(spec.key, [])
        # the same header repeated by a horizontal merge is one column
        distinct = []
        for column in candidates:
            if not distinct or headers[distinct[-1]] != headers[column] or column != distinct[-1] + 1:
                distinct.append(column)
        if len(distinct) > 1 and spec.prefer:
            preferred = [c for c in distinct if any(re.search(p, fold(headers[c])) for p in spec.prefer)]
            if len(preferred) == 1:
                distinct = preferred
        if len(distinct) == 1:
            columns[spec.key] = distinct[0]
        elif len(distinct) > 1:
            conflicts[spec.key] = distinct
    return columns, ignored, conflicts


def find_layout(table: Table, specs: list[ColumnSpec]) -> Layout:
    """The header rows and columns of ``table``; raises :class:`DataError` when they are not there."""
    required = [s for s in specs if s.required]
    best: tuple[int, int, Layout, dict[str, list[int]]] | None = None
    limit = min(len(table.rows), HEADER_SEARCH_ROWS)
    for start in range(limit):
        for height in (1, 2):
            rows = table.rows[start:start + height]
            if len(rows) < height or rows[0].empty:
                continue
            headers = _combined_headers(rows)
            columns, ignored, conflicts = _assign(headers, specs)
            score = sum(1 for s in required if s.key in columns) * 10 + len(columns)
            # a second header row must add something; ties go to the single row
            key = (score, -height)
            if best is None or key > (best[0], best[1]):
                best = (score, -height, Layout(table, columns, rows, headers, ignored), conflicts)
    if best is None:
        raise DataError(f"{table.file.name}, {table.label}: bảng trống")
    layout, conflicts = best[2], best[3]
    missing = [s for s in required if s.key not in layout.columns]
    if missing or conflicts:
        found = [h for h in _combined_headers(table.rows[:1]) if h] if not layout.headers else [
            h for h in layout.headers if h]
        expected = "; ".join(f"«{s.label}»" for s in specs if s.required)
        problems = []
        if missing:
            problems.append("thiếu cột " + ", ".join(f"«{s.label}»" for s in missing))
        for key, cols in conflicts.items():
            label = next(s.label for s in specs if s.key == key)
            problems.append(f"nhiều cột cùng là «{label}»: " + ", ".join(f"«{layout.headers[c]}»" for c in cols))
        raise DataError(
            f"{table.file.name}, {table.label}: không nhận ra bố cục bảng ({'; '.join(problems)}). "
            f"Tiêu đề tìm thấy: {', '.join(f'«{h}»' for h in found) or '(không có)'}; cần có: {expected}",
            hint="sửa tiêu đề cột trong tệp cho đúng một trong các cách ghi thông dụng, hoặc chọn bảng khác "
                 "bằng --table N")
    return layout


def best_layout(tables: list[Table], specs: list[ColumnSpec]) -> Layout:
    """The first table whose layout is recognised; the first table's error when none is."""
    first_error: DataError | None = None
    for table in tables:
        try:
            return find_layout(table, specs)
        except DataError as exc:
            first_error = first_error or exc
    assert first_error is not None
    if len(tables) > 1:
        first_error.message = (f"không bảng nào trong {len(tables)} bảng của tệp có bố cục cần thiết; "
                               + first_error.message)
    raise first_error
