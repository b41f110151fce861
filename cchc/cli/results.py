"""`cchc results`: index results over the years, and where the points were lost."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cchc.cli import console
from cchc.cli.app import (
    NOTE_LABEL,
    app,
    check_number,
    check_year,
    command,
    computing_dataset,
    skip_invalid_option,
    skipped_footer,
    skipped_notes,
)
from cchc.cli.tables import chosen_format, rich_table, show_export
from cchc.errors import UsageError
from cchc.output.tables import TableData
from cchc.services.results import (
    EXAMPLE_BANNER,
    GapReport,
    History,
    TargetPlan,
    export_gap,
    export_history,
    gap_analysis,
    gap_table,
    history,
    history_table,
    plan_target,
    target_table,
    totals_table,
)
from cchc.textvn import points

BAR_WIDTH = 24


class Format(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    xlsx = "xlsx"
    png = "png"


def _bar(value: float, maximum: float, width: int = BAR_WIDTH, style: str = "cyan") -> Text:
    filled = 0 if maximum <= 0 else max(0, min(width, round(width * value / maximum)))
    return Text("█" * filled, style=style).append("░" * (width - filled), style="dim")


def _banner() -> None:
    console.out.print(Panel(Text(EXAMPLE_BANNER, style="bold red"),
                            title="SỐ LIỆU MINH HỌA", border_style="red"))


def _change_style(text: str) -> str:
    if text.startswith("tăng"):
        return "green"
    if text.startswith("giảm"):
        return "red"
    return ""


def _print_history(hist: History) -> None:
    if hist.example:
        _banner()
    data = history_table(hist)
    table = Table(title=Text(data.title), title_justify="left")
    for heading, justify in (("Tỉnh, thành phố", "left"), ("Năm", "center"), ("Điểm", "right"),
                             ("", "left"), ("Xếp hạng", "center"), ("Thay đổi thứ hạng", "left")):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    previous = None
    for row in hist.rows:
        score = row.result.score
        bar = _bar(score, 100) if score is not None else Text("chưa có điểm", style="dim")
        change = row.change_text
        table.add_row(Text(row.province) if row.province != previous else "", str(row.year), points(score),
                      bar, Text(row.rank_text), Text(change, style=_change_style(change)))
        previous = row.province
    console.out.print(table)
    for note in hist.notes:
        if note != EXAMPLE_BANNER:
            console.say(NOTE_LABEL, note, stderr=True)


def _print_plain(data: TableData, bar_key: str | None = None, bar_max: float = 0.0) -> None:
    extra = None
    if bar_key:
        extra = ("", lambda row: _bar(row[bar_key], bar_max, 16, "red") if isinstance(row.get(bar_key), float) else "")
    console.out.print(rich_table(data, extra=extra))


def _print_gap(report: GapReport, plan: TargetPlan | None) -> None:
    if report.example:
        _banner()
    console.say(report.summary())
    if plan is not None:
        console.say(plan.summary())
        _print_plain(target_table(plan))
    else:
        _print_plain(gap_table(report))
        for by in ("agency", "domain", "method"):
            data = totals_table(report, by)
            totals = {"agency": report.by_agency, "domain": report.by_domain, "method": report.by_method}[by]()
            for row, total in zip(data.rows, totals, strict=True):
                row["_lost"] = total.lost
            _print_plain(data, "_lost", max((t.lost for t in totals), default=0.0))
    for note in report.notes:
        if note != EXAMPLE_BANNER:
            console.say(NOTE_LABEL, note, stderr=True)


@app.command("results")
@command
def results_command(
    index: str = typer.Option("PAR_INDEX", "--index", help="Chỉ số: PAR_INDEX, SIPAS, PAPI, PCI, DDCI."),
    province: str | None = typer.Option(None, "--province", help="Tỉnh (mặc định: mọi tỉnh có kết quả)."),
    year: int | None = typer.Option(None, "--year", "-y", help="Năm kết quả."),
    gap: bool = typer.Option(False, "--gap", help="Phân tích điểm mất theo tiêu chí (cần điểm từng tiêu chí)."),
    target: float | None = typer.Option(None, "--target", help="Điểm mục tiêu: các tiêu chí cần khắc phục trước."),
    target_rank: int | None = typer.Option(None, "--target-rank", help="Thứ hạng mục tiêu (dùng điểm của tỉnh "
                                                                        "đang giữ thứ hạng đó)."),
    fmt: Format | None = typer.Option(None, "--format", "-f",
                                      help="Dạng kết quả: table (màn hình), md, json, xlsx, png (mặc định theo "
                                           "đuôi tệp -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Tệp kết quả; .png vẽ biểu đồ."),
    force: bool = typer.Option(False, "--force", help="Cho phép ghi đè tệp đã có."),
    skip_invalid: bool = skip_invalid_option(),
) -> None:
    """Kết quả chỉ số qua các năm (điểm, xếp hạng, tăng/giảm bậc) và phân tích điểm mất theo tiêu chí."""
    if target is not None and target_rank is not None:
        raise UsageError("chọn một trong hai: --target hoặc --target-rank")
    check_year(year, "--year")
    check_number(target, "--target", 0, 1000)
    check_number(target_rank, "--target-rank", 1, 1000)
    chosen = chosen_format(fmt, output, Format)
    ds = computing_dataset(skip_invalid)
    if chosen is Format.png and ds.skipped is not None:
        raise UsageError("biểu đồ .png không ghi được số bản ghi bị bỏ qua; không vẽ từ một phần dữ liệu",
                         hint="sửa các lỗi (chạy `cchc validate`), hoặc xuất dạng md, json, xlsx với --skip-invalid")
    notes = skipped_notes(ds)
    if gap or target is not None or target_rank is not None:
        report = gap_analysis(ds, year=year, index=index, province=province)
        plan = None
        if target is not None or target_rank is not None:
            plan = plan_target(report, score=target, rank=target_rank, ds=ds)
        if chosen is Format.table:
            _print_gap(report, plan)
            skipped_footer(ds)
            return
        text = export_gap(report, chosen.value, plan=plan, path=output, force=force, warnings=notes)
    else:
        hist = history(ds, index, province, year=year)
        if chosen is Format.table:
            _print_history(hist)
            skipped_footer(ds)
            return
        text = export_history(hist, chosen.value, path=output, force=force, warnings=notes)
    show_export(text, output)
