"""TableData from the library shown as a Rich table, the same way in every command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table

from cchc.output.tables import Column, TableData, cell_text


def rich_table(data: TableData, *, column_options: Callable[[Column], dict[str, Any]] | None = None,
               extra: tuple[str, Callable[[dict[str, Any]], RenderableType]] | None = None) -> Table:
    """A Rich table of ``data``; ``extra`` appends a computed column (e.g. a bar) after the data."""
    table = Table(title=escape(data.title), title_justify="left")
    for column in data.columns:
        options = {"overflow": "fold", **(column_options(column) if column_options else {})}
        table.add_column(escape(column.title), justify=column.align, **options)  # type: ignore[arg-type]
    if extra is not None:
        table.add_column(extra[0])
    for row in data.rows:
        cells: list[RenderableType] = [escape(cell_text(v)) for v in data.values(row)]
        if extra is not None:
            cells.append(extra[1](row))
        table.add_row(*cells)
    return table
