"""`cchc assign`: the assignment appendix (who leads which criterion), checked and exported."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from cchc.cli import console
from cchc.cli.app import (
    NOTE_LABEL,
    app,
    check_year,
    command,
    computing_dataset,
    data_dir,
    skip_invalid_option,
    skipped_footer,
    skipped_notes,
)
from cchc.cli.tables import chosen_format, rich_table, show_export
from cchc.errors import UsageError
from cchc.output.formats import output_format
from cchc.services.assignments import (
    COLUMN_AGENCY,
    COLUMN_COORDINATORS,
    COLUMN_ITEMS,
    COLUMN_STT,
    CarryOverReport,
    Resolution,
    agency_points_table,
    criteria_table,
    export_assignment,
    resolve_for_year,
    write_carry_over,
)


class Format(StrEnum):
    table = "table"
    docx = "docx"
    xlsx = "xlsx"
    csv = "csv"
    md = "md"
    json = "json"


class By(StrEnum):
    agency = "agency"
    criterion = "criterion"


def _print_agency_table(resolution: Resolution) -> None:
    table = Table(title=Text(resolution.title), title_justify="left", show_lines=False)
    table.add_column(COLUMN_STT, justify="center", no_wrap=True)
    table.add_column(COLUMN_AGENCY)
    table.add_column(COLUMN_ITEMS, overflow="fold")
    with_coordinators = resolution.has_coordinators
    if with_coordinators:
        table.add_column(COLUMN_COORDINATORS, overflow="fold")
    for group in resolution.groups:
        for index, item in enumerate(group.items):
            first = index == 0
            cells = [str(group.number) if first else "", Text(group.name) if first else "",
                     Text(item.line())]
            if with_coordinators:
                cells.append(Text(", ".join(item.coordinator_names)))
            table.add_row(*cells, end_section=index == len(group.items) - 1)
    console.out.print(table)


def _print_findings(resolution: Resolution, base: Path) -> None:
    for note in resolution.notes:
        console.say(NOTE_LABEL, note, stderr=True)
    for criterion, reason in resolution.unassigned:
        console.say(("Không phân công:", "cyan"), f" {criterion.label()} ({reason})", stderr=True)
    for title, items, style in (("Lỗi", resolution.errors, "red"), ("Cảnh báo", resolution.warnings, "yellow")):
        if not items:
            continue
        console.say((f"{title} ({len(items)})", f"bold {style}"), stderr=True)
        for diagnostic in items:
            console.say((diagnostic.format(base), style), stderr=True)
    errors, warnings = len(resolution.errors), len(resolution.warnings)
    if not resolution.covered:
        verdict = "[bold red]CHƯA PHỦ KÍN[/]"
    elif resolution.criteria.complete:
        verdict = "[bold green]PHỦ KÍN[/]"
    else:
        verdict = "[bold green]PHỦ KÍN[/] các mục đã có (bộ tiêu chí chưa đầy đủ)"
    console.err.print(f"{verdict}: {len(resolution.groups)} cơ quan chủ trì, {errors} lỗi, {warnings} cảnh báo.")


def _print_carry_over(report: CarryOverReport, path: Path) -> None:
    console.say((f"Đã ghi đề xuất phân công năm {report.to_year}:", "bold green"), f" {path}")
    for note in report.notes + report.warnings:
        console.say(NOTE_LABEL, note, stderr=True)
    for old, new, why in report.replaced:
        console.say("  ", ("thay", "yellow"), f" {old} → {new}: {why}")
    for agency, code, why in report.dropped:
        console.say("  ", ("bỏ", "yellow"), f" mã {code} của {agency}: {why}")
    if report.unmapped:
        console.out.print(f"[bold yellow]Không chuyển được ({len(report.unmapped)}):[/]")
        for agency, code, why in report.unmapped:
            who = f" ({agency})" if agency else ""
            console.say(f"  mã {code}{who}: {why}")
    console.out.print("Rà soát tệp rồi chạy [bold]cchc validate[/].")


@app.command("assign")
@command
def assign_command(
    year: int = typer.Option(..., "--year", "-y", help="Năm đánh giá của bảng phân công."),
    criteria: str | None = typer.Option(None, "--criteria", help="Mã bộ tiêu chí (mặc định: bộ ghi trong bảng phân công)."),
    fmt: Format | None = typer.Option(None, "--format", "-f",
                                      help="Dạng kết quả: table (màn hình), docx, xlsx, csv, md, json "
                                           "(mặc định: table, hoặc theo đuôi tệp -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Tệp kết quả, dạng theo đuôi tệp (mặc định: "
                                       "màn hình; docx, xlsx: phan-cong-NĂM.docx/.xlsx; với --from: tệp .yaml)."),
    by: By = typer.Option(By.agency, "--by", help="Nhóm theo cơ quan (agency) hay liệt kê theo tiêu chí (criterion)."),
    from_year: int | None = typer.Option(None, "--from", help="Chuyển bảng phân công của năm này sang --year "
                                         "(ghi tệp YAML đề xuất để rà soát)."),
    force: bool = typer.Option(False, "--force", help="Cho phép ghi đè tệp đã có."),
    skip_invalid: bool = skip_invalid_option(),
) -> None:
    """Bảng phân công cơ quan chủ trì theo tiêu chí, kiểm tra phủ kín. Mã thoát 1 nếu chưa phủ kín."""
    check_year(year, "--year")
    check_year(from_year, "--from")
    if from_year is not None:
        if fmt is not None or by is not By.agency:
            raise UsageError("--from chỉ ghi tệp YAML đề xuất; không dùng cùng --format, --by",
                             hint=f"chạy cchc assign --year {year} --from {from_year}, rà soát tệp, rồi xuất bảng")
        output_format(output, None, ("yaml",), what="đề xuất phân công là một tệp YAML")
    chosen = chosen_format(fmt, output, Format) if from_year is None else Format.table
    root = data_dir(write=from_year is not None and output is None)
    if from_year is not None and skip_invalid:
        raise UsageError("--from ghi tệp phân công đề xuất, không ghi từ một phần dữ liệu; bỏ --skip-invalid",
                         hint="chạy `cchc validate`, sửa các lỗi, rồi chuyển bảng phân công")
    ds = computing_dataset(skip_invalid, root=root)
    if from_year is not None:
        path, report = write_carry_over(ds, from_year, year, criteria_set=criteria, path=output, force=force)
        _print_carry_over(report, path)
        return
    resolution = resolve_for_year(ds, year, criteria)
    if chosen is Format.table:
        if by is By.agency:
            _print_agency_table(resolution)
        else:
            console.out.print(rich_table(criteria_table(resolution)))
            console.out.print(rich_table(agency_points_table(resolution)))
        skipped_footer(ds)
    else:
        if output is None and chosen in (Format.docx, Format.xlsx):
            output = Path(f"phan-cong-{year}.{chosen.value}")
        show_export(export_assignment(resolution, ds, chosen.value, by=by.value, path=output, force=force,
                                      warnings=skipped_notes(ds)), output)
    _print_findings(resolution, root)
    if not resolution.covered:
        raise typer.Exit(1)
