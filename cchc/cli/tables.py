"""Showing and saving the library's tables the same way in every command."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cchc.cli import console
from cchc.output.formats import output_format
from cchc.output.tables import Column, TableData, cell_text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

FormatT = TypeVar("FormatT", bound=Enum)


def rich_table(data: TableData, *, column_options: Callable[[Column], dict[str, Any]] | None = None,
               extra: tuple[str, Callable[[dict[str, Any]], RenderableType]] | None = None) -> Table:
    """A Rich table of ``data``; ``extra`` appends a computed column (e.g. a bar) after the data."""
    from rich.table import Table
    from rich.text import Text  # data is never markup: every title and cell is a Text

    caption = "\n".join(f"Lưu ý: {text}" for text in data.warnings)
    table = Table(title=Text(data.title), title_justify="left", caption=Text(caption) if caption else None,
                  caption_justify="left", caption_style="bold yellow")
    for column in data.columns:
        options = {"overflow": "fold", **(column_options(column) if column_options else {})}
        table.add_column(Text(column.title), justify=column.align, **options)  # type: ignore[arg-type]
    if extra is not None:
        table.add_column(extra[0])
    for row in data.rows:
        cells: list[RenderableType] = [Text(cell_text(v, c.kind))
                                       for c, v in zip(data.columns, data.values(row), strict=True)]
        if extra is not None:
            cells.append(extra[1](row))
        table.add_row(*cells)
    return table


def chosen_format(fmt: FormatT | None, output: Path | None, formats: type[FormatT], *,
                  screen: str | None = "table", what: str | None = None) -> FormatT:
    """The format a command writes: the one ``-o`` rule (:func:`cchc.output.formats.output_format`)
    on the command's ``Format`` enum; ``fmt`` is None when ``--format`` was not given."""
    name = output_format(output, fmt.value if fmt is not None else None, [f.value for f in formats],
                         screen=screen, what=what)
    return formats(name)


def show_export(text: str | None, output: Path | None) -> None:
    """Print an export returned as text, or say where the file was written."""
    if text is not None:
        console.write_plain(text, end="")
    else:
        console.say(("Đã ghi", "green"), f" {output}", stderr=True)
