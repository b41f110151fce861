"""Showing and saving the library's tables the same way in every command."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table

from cchc.cli import console
from cchc.errors import UsageError
from cchc.output.tables import Column, TableData, cell_text

FormatT = TypeVar("FormatT", bound=Enum)


def rich_table(data: TableData, *, column_options: Callable[[Column], dict[str, Any]] | None = None,
               extra: tuple[str, Callable[[dict[str, Any]], RenderableType]] | None = None) -> Table:
    """A Rich table of ``data``; ``extra`` appends a computed column (e.g. a bar) after the data."""
    table = Table(title=escape(data.title), title_justify="left",
                  caption=escape("\n".join(f"Lưu ý: {text}" for text in data.warnings)) or None,
                  caption_justify="left", caption_style="bold yellow")
    for column in data.columns:
        options = {"overflow": "fold", **(column_options(column) if column_options else {})}
        table.add_column(escape(column.title), justify=column.align, **options)  # type: ignore[arg-type]
    if extra is not None:
        table.add_column(extra[0])
    for row in data.rows:
        cells: list[RenderableType] = [escape(cell_text(v, c.kind))
                                       for c, v in zip(data.columns, data.values(row), strict=True)]
        if extra is not None:
            cells.append(extra[1](row))
        table.add_row(*cells)
    return table


def format_from_suffix(output: Path, formats: type[FormatT]) -> FormatT:
    """The export format named by the file's suffix (``x.xlsx`` → xlsx); ``table`` is not a file."""
    suffix = output.suffix.lower().lstrip(".")
    names = [f.value for f in formats if f.value != "table"]
    if suffix not in names:
        raise UsageError(f"không biết xuất tệp «{output.name}» ở dạng nào",
                         hint="dùng đuôi " + ", ".join(f".{n}" for n in names) + " hoặc thêm --format")
    return formats(suffix)


def show_export(text: str | None, output: Path | None) -> None:
    """Print an export returned as text, or say where the file was written."""
    if text is not None:
        console.write_plain(text, end="")
    else:
        console.err.print(f"[green]Đã ghi[/] {escape(str(output))}")
