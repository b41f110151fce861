"""`cchc initiatives`: which units have applied which reform models (the adoption matrix)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from cchc.cli import console
from cchc.cli.app import (
    HINT_LABEL,
    app,
    command,
    computing_dataset,
    resolve_today,
    skip_invalid_option,
    skipped_footer,
    skipped_notes,
)
from cchc.cli.tables import chosen_format, show_export
from cchc.models.initiatives import AdoptionStatus
from cchc.services.initiatives import (
    PROGRESS_COLUMN,
    UNIT_COLUMN,
    AdoptionMatrix,
    Progress,
    adoption_matrix,
    export_matrix,
    initiative_label,
    matrix_title,
    non_adopters_text,
)


class Format(StrEnum):
    table = "table"
    xlsx = "xlsx"
    md = "md"
    json = "json"
    csv = "csv"


STATUS_STYLE = {
    AdoptionStatus.ADOPTED: ("●", "green"),
    AdoptionStatus.IN_PROGRESS: ("◐", "yellow"),
    AdoptionStatus.NOT_STARTED: ("○", "red"),
    AdoptionStatus.NOT_APPLICABLE: ("✕", "dim"),
}
BAR_WIDTH = 20


def progress_bar(progress: Progress, width: int = BAR_WIDTH) -> Text:
    """Green for adopted, yellow for in progress, red for not started (of the applicable units)."""
    bar = Text()
    total = progress.applicable
    if not total:
        return bar.append("—", style="dim")
    adopted = round(width * progress.adopted / total)
    started = min(round(width * progress.in_progress / total), width - adopted)
    bar.append("█" * adopted, style="green")
    bar.append("▓" * started, style="yellow")
    bar.append("░" * (width - adopted - started), style="red")
    return bar


def _short(initiative, position: int) -> str:
    return initiative.number or str(position + 1)


def _print_matrix(matrix: AdoptionMatrix) -> None:
    table = Table(title=Text(matrix_title(matrix)), title_justify="left")
    table.add_column("STT", justify="right")
    table.add_column(UNIT_COLUMN)
    for position, initiative in enumerate(matrix.initiatives):
        table.add_column(Text(_short(initiative, position)), justify="center")
    table.add_column(PROGRESS_COLUMN, no_wrap=True)
    for number, (unit, progress) in enumerate(zip(matrix.units, matrix.unit_progress(), strict=True), start=1):
        cells = []
        for initiative in matrix.initiatives:
            cell = matrix.cell(unit.id, initiative.id)
            if cell.status is None:
                cells.append(Text("·", style="dim"))
            else:
                glyph, style = STATUS_STYLE[cell.status]
                cells.append(Text(glyph, style=style))
        bar = progress_bar(progress, 10).append(f" {progress.text()}")
        table.add_row(str(number), Text(unit.display_name), *cells, bar)
    console.out.print(table)
    legend = Text("Chú thích: ")
    for status, (glyph, style) in STATUS_STYLE.items():
        legend.append(glyph, style=style).append(f" {status.label}   ")
    legend.append("· không được giao")
    console.out.print(legend)

    summary = Table(title="Tiến độ theo mô hình, giải pháp", title_justify="left")
    summary.add_column("Số")
    summary.add_column("Mô hình, sáng kiến, giải pháp", overflow="fold")
    summary.add_column("Tiến độ", no_wrap=True)
    summary.add_column(PROGRESS_COLUMN, justify="right", no_wrap=True)
    for position, (initiative, progress) in enumerate(
            zip(matrix.initiatives, matrix.initiative_progress(), strict=True)):
        summary.add_row(Text(_short(initiative, position)), Text(initiative_label(initiative)),
                        progress_bar(progress), progress.text())
    total = matrix.total_progress()
    summary.add_row("", "[bold]Toàn bộ[/]", progress_bar(total), total.text())
    console.out.print(summary)

    pending = non_adopters_text(matrix)
    if pending:
        console.out.print(f"[bold red]Đơn vị chưa triển khai ({len(pending)}):[/]")
        for line in pending:
            console.say(f"  - {line}")
    for note in matrix.notes:
        console.say(("Lưu ý:", "yellow"), f" {note}", stderr=True)
    for hint in matrix.hints:
        console.say("    ", HINT_LABEL, hint, stderr=True)


@app.command("initiatives")
@command
def initiatives_command(
    as_of: str | None = typer.Option(
        None, "--as-of", help="Tính đến ngày (2021-07-20 hoặc 20/07/2021): các báo cáo đến ngày này, các đơn vị còn hoạt động "
                              "vào ngày này; mặc định: biến CCHC_TODAY, nếu không có thì hôm nay."),
    document: str | None = typer.Option(None, "--document", "-d",
                                        help="Chỉ các mô hình của văn bản này (mã trong documents)."),
    fmt: Format | None = typer.Option(None, "--format", "-f",
                                      help="Dạng kết quả: table (màn hình), xlsx, md, json, csv (mặc định: table, "
                                           "hoặc theo đuôi tệp -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Tệp kết quả, dạng theo đuôi tệp "
                                                                    "(bắt buộc với xlsx)."),
    force: bool = typer.Option(False, "--force", help="Cho phép ghi đè tệp đã có."),
    skip_invalid: bool = skip_invalid_option(),
) -> None:
    """Ma trận nhân rộng mô hình: đơn vị × mô hình, tình trạng triển khai và tiến độ."""
    chosen = chosen_format(fmt, output, Format)
    ds = computing_dataset(skip_invalid)
    matrix = adoption_matrix(ds, as_of=resolve_today(as_of), document=document)
    if chosen is Format.table:
        _print_matrix(matrix)
        skipped_footer(ds)
        return
    show_export(export_matrix(matrix, chosen.value, path=output, force=force, warnings=skipped_notes(ds)), output)
