"""`cchc score`: self-assessment and appraisal by criterion, by responsible agency, by unit, and the ranking."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.panel import Panel
from rich.text import Text

from cchc.cli import console
from cchc.cli.app import NOTE_LABEL, app, check_year, command, data_dir, skip_invalid_option
from cchc.cli.tables import chosen_format, rich_table, show_export
from cchc.services.scoring import EXAMPLE_BANNER, View, export_view, score

ROW_STYLES = {"good": "green", "bad": "red", "warn": "yellow", "head": "bold", "": ""}


class Format(StrEnum):
    table = "table"
    xlsx = "xlsx"
    csv = "csv"
    md = "md"
    json = "json"


class By(StrEnum):
    criterion = "criterion"
    agency = "agency"
    unit = "unit"


def _print(view: View) -> None:
    if view.example:
        console.out.print(Panel(Text(EXAMPLE_BANNER, style="bold red"), title="SỐ LIỆU MINH HỌA",
                                border_style="red"))
    table = rich_table(view.table)
    for row, style in zip(table.rows, view.styles, strict=False):
        row.style = ROW_STYLES.get(style, "")
    console.out.print(table)
    for note in view.table.notes:
        console.say(NOTE_LABEL, note, stderr=True)


@app.command("score")
@command
def score_command(
    year: int = typer.Option(..., "--year", "-y", help="Năm đánh giá."),
    unit: str | None = typer.Option(None, "--unit", "-u", help="Đơn vị (mã cơ quan); mặc định UBND tỉnh "
                                                              "(tỉnh tự chấm Chỉ số CCHC)."),
    by: By = typer.Option(By.criterion, "--by", help="criterion: từng lĩnh vực, tiêu chí; agency: tiến độ của "
                                                    "từng cơ quan chịu trách nhiệm; unit: mọi đơn vị."),
    rank: bool = typer.Option(False, "--rank", help="Xếp hạng các đơn vị cùng cấp (cần --level)."),
    level: str | None = typer.Option(None, "--level", help="Cấp: so (sở, ban, ngành), xa (xã, phường), huyen, tinh."),
    fmt: Format | None = typer.Option(None, "--format", "-f", help="table (màn hình), xlsx, csv, md, json "
                                                                  "(mặc định theo đuôi tệp -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Tệp kết quả."),
    force: bool = typer.Option(False, "--force", help="Cho phép ghi đè tệp đã có."),
    skip_invalid: bool = skip_invalid_option(),
) -> None:
    """Tự chấm, thẩm định điểm công tác CCHC: theo tiêu chí, theo cơ quan, theo đơn vị; xếp hạng các sở, xã."""
    check_year(year, "--year")
    chosen = chosen_format(fmt, output, Format)
    view = score(data_dir(), year=year, unit=unit, by=by.value, rank=rank, level=level, skip_invalid=skip_invalid)
    for warning in view.table.warnings:  # records left out (--skip-invalid): the table carries it too
        console.say(("Lưu ý:", "bold yellow"), f" {warning}", stderr=True)
    if chosen is Format.table:
        _print(view)
        return
    show_export(export_view(view, chosen.value, path=output, force=force), output)
