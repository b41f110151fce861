"""`cchc deadlines`: what is overdue, what is due soon, and who owes it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cchc.cli import console
from cchc.cli.app import (
    app,
    check_number,
    command,
    computing_dataset,
    data_dir,
    resolve_today,
    skip_invalid_option,
    skipped_footer,
    skipped_notes,
)
from cchc.cli.tables import chosen_format, rich_table
from cchc.errors import UsageError
from cchc.output.formats import format_of, output_format
from cchc.output.tables import TableData
from cchc.services.deadlines import (
    DEFAULT_WITHIN,
    DeadlineReport,
    DeadlineRow,
    DeadlineState,
    GroupSummary,
    agency_summary_table,
    deadline_report,
    deadlines_table,
    export_deadlines,
    kept_holidays,
    parse_states,
    shorten,
)
from cchc.textvn import date_short

if TYPE_CHECKING:
    from rich.table import Table

EXIT_OVERDUE = 3

STATE_STYLES = {
    DeadlineState.OVERDUE: "bold red",
    DeadlineState.OVERDUE_UNKNOWN: "bold magenta",
    DeadlineState.DUE_SOON: "yellow",
    DeadlineState.IN_PROGRESS: "blue",
    DeadlineState.NO_DEADLINE: "",
    DeadlineState.DONE_LATE: "dark_orange",
    DeadlineState.DONE_ON_TIME: "green",
    DeadlineState.CANCELLED: "dim",
}


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    text = "text"
    xlsx = "xlsx"


def _days_text(row: DeadlineRow) -> str:
    if row.state in (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN, DeadlineState.DONE_LATE):
        verb = "trễ" if row.state is DeadlineState.DONE_LATE else "quá"
        return f"{verb} {row.days_late} ngày ({row.working_days_late} ngày LV)"
    if row.working_days_left is not None:
        return "hạn hôm nay" if row.days_left == 0 else f"còn {row.working_days_left} ngày LV"
    return ""


# What a person reads first in the terminal. Up to LIST_ALL_UP_TO rows everything is listed
# (overdue first); beyond, only these states, and the rest is counted (``--all`` shows it).
ATTENTION_STATES = (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN, DeadlineState.DUE_SOON)
LIST_ALL_UP_TO = 60
LIST_AT_MOST = 100  # past this, the per-agency summary is what a person reads
SUMMARY_AT_MOST = 40  # agencies in that summary (``--all``: every agency)


LEAD_WIDTH = 40


def _lead_text(names: list[str]) -> str:
    """The lead cell: every lead as the plan lists them when that fits about two lines of the column
    ("Các sở, ban, ngành, UBND các quận, huyện, thị xã"), else the first and how many more."""
    joined = ", ".join(names)
    if len(names) == 1 or len(joined) <= 2 * LEAD_WIDTH:
        return joined
    return f"{names[0]} và {len(names) - 1} cơ quan, đơn vị khác"


def _rows_table(report: DeadlineReport) -> Table:
    """The terminal view: one line per item where the width allows, coloured by state."""
    from rich.table import Table
    from rich.text import Text  # data is never markup: every title and cell is a Text

    table = deadlines_table(report)
    out = Table(title=Text(table.title), title_justify="left", caption=Text(table.subtitle or ""),
                caption_justify="left")
    # Rich measures an id as one word: cap its width on narrow terminals (it folds).
    out.add_column("Mã", overflow="fold", max_width=32 if console.out.width >= 150 else 14)
    out.add_column("Nhiệm vụ")
    out.add_column("Cơ quan chủ trì", max_width=LEAD_WIDTH)
    out.add_column("Hạn", max_width=12)
    out.add_column("Tình trạng", max_width=30)
    out.add_column("Số ngày", max_width=24)
    for row, cells in zip(report.rows, table.rows, strict=True):
        lead = _lead_text(row.lead_names)
        out.add_row(Text(row.id), Text(shorten(row.title, 110)), Text(lead), Text(cells["due"]),
                    Text(cells["state"]), Text(_days_text(row)), style=STATE_STYLES[row.state] or None)
    return out


NARROW_SUMMARY_KEYS = ("label", "total", "overdue", "due_soon", "on_time_rate")


def _summary_rich(table: TableData) -> Table:
    if console.out.width < 120:  # keep the columns that matter on a narrow terminal
        table = TableData(table.title, [c for c in table.columns if c.key in NARROW_SUMMARY_KEYS],
                          table.rows, table.subtitle, table.notes)
    return rich_table(table, column_options=lambda c: {"max_width": None if c.key == "label" else 14,
                                                      "overflow": "ellipsis"})


def _summary_groups(report: DeadlineReport, *, show_all: bool) -> tuple[list[GroupSummary], int]:
    """The agencies of the terminal's summary and how many were left out: all of them up to
    SUMMARY_AT_MOST (or with ``--all``), else those with the most overdue, then due-soon items,
    still in official order (a table of hundreds of agencies is not read, and Rich takes a
    second to draw it)."""
    groups = report.by_agency
    if show_all or len(groups) <= SUMMARY_AT_MOST:
        return groups, 0
    ranked = sorted(range(len(groups)), key=lambda i: (-groups[i].counts.overdue, -groups[i].counts.due_soon, i))
    return [groups[i] for i in sorted(ranked[:SUMMARY_AT_MOST])], len(groups) - SUMMARY_AT_MOST


def _listed(report: DeadlineReport, *, show_all: bool) -> tuple[list[DeadlineRow], Counter[DeadlineState]]:
    """The rows the terminal lists, and how many of the others it does not list are in each state.

    Counted, not sought: the rows are in :func:`~cchc.services.deadlines.row_order`, which puts
    the attention states first, and ``report.counts`` counts the rows shown (all of them, or those
    in ``report.states``), so neither needs a pass over 38,000 rows."""
    rows = report.rows
    if show_all:
        return rows, Counter()
    counts = report.counts.by_state
    shown = Counter({state: counts[state] for state in (report.states or DeadlineState) if counts[state]})
    if report.states is None and len(rows) > LIST_ALL_UP_TO:
        rows = rows[:sum(shown[state] for state in ATTENTION_STATES)]
    rows = rows[:LIST_AT_MOST]
    return rows, shown - Counter(row.state for row in rows)


def _print_table(report: DeadlineReport, *, show_all: bool) -> None:
    rows, rest = _listed(report, show_all=show_all)
    if rows:
        console.out.print(_rows_table(replace(report, rows=rows)))
    elif not rest:
        console.out.print(f"Đến ngày {date_short(report.as_of)}: không có nhiệm vụ nào khớp điều kiện lọc.")
    else:
        console.out.print(f"Đến ngày {date_short(report.as_of)}: không có nhiệm vụ quá hạn hay sắp đến hạn.")
    if rest:
        parts = ", ".join(f"{rest[state]} {state.label}" for state in DeadlineState if rest[state])
        console.say((f"Không liệt kê {rest.total()} nhiệm vụ khác ({parts}); "
                     "thêm --all để xem tất cả, hoặc --status để chọn tình trạng.", "dim"))
    if report.by_agency:
        groups, left_out = _summary_groups(report, show_all=show_all)
        summary = agency_summary_table(report, groups)
        console.out.print(_summary_rich(summary))
        for note in summary.notes:
            console.say((note, "dim"))
        if left_out:
            console.out.print(f"Bảng tổng hợp chỉ liệt kê {len(groups)} cơ quan có nhiều nhiệm vụ quá hạn, sắp đến "
                              f"hạn nhất; không liệt kê {left_out} cơ quan khác; thêm --all để xem tất cả.",
                              style="dim")
    counts = report.counts
    style = "bold red" if counts.overdue or counts.overdue_unknown else "bold green"
    unknown = f", {counts.overdue_unknown} quá hạn chưa rõ tình trạng" if counts.overdue_unknown else ""
    console.out.print(
        f"[{style}]{counts.overdue} quá hạn{unknown}[/], {counts.due_soon} sắp đến hạn, "
        f"{counts.open} chưa hoàn thành / {counts.total} nhiệm vụ.")


# "Due soon" within at most this many working days (about four years): beyond it no date exists.
from cchc.models.common import MAX_WITHIN  # noqa: E402 - one bound for the option and the data


@app.command("deadlines")
@command
def deadlines_command(
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="NGÀY", help="Ngày tính (2021-07-20 hoặc 20/07/2021); mặc định: biến CCHC_TODAY, nếu không có thì hôm nay."),
    within: int = typer.Option(
        DEFAULT_WITHIN, "--within", "-w", help="Sắp đến hạn: còn không quá N ngày làm việc."),
    agency: str | None = typer.Option(None, "--agency", "-a", metavar="MÃ", help="Chỉ nhiệm vụ do cơ quan này chủ trì (mã cơ quan hoặc mã nhóm), kể cả nhiệm vụ giao cho nhóm có cơ quan này."),
    status: list[str] | None = typer.Option(
        None, "--status", "-s", metavar="TRẠNG_THÁI",
        help="Chỉ hiện các trạng thái (lặp lại hoặc ngăn cách bởi dấu phẩy): overdue, overdue_unknown, due_soon, "
             "in_progress, no_deadline, done_late, done_on_time, cancelled."),
    fmt: Format | None = typer.Option(
        None, "--format", "-f",
        help="Dạng kết quả: table (màn hình), json, md, csv, text (tóm tắt), xlsx (bảng theo dõi gửi các cơ quan "
             "điền, cần -o TỆP.xlsx); mặc định: table, hoặc theo đuôi tệp -o."),
    fail_on_overdue: bool = typer.Option(
        False, "--fail-on-overdue",
        help="Thoát với mã 3 nếu có nhiệm vụ quá hạn, kể cả quá hạn chưa rõ tình trạng (dùng cho cron, CI); với --skip-invalid, thoát với "
             "mã 1 nếu có bản ghi lỗi bị bỏ qua (dù không có nhiệm vụ quá hạn)."),
    skip_invalid: bool = skip_invalid_option(),
    remind: bool = typer.Option(
        False, "--remind", help="Soạn công văn đôn đốc (.docx) các nhiệm vụ quá hạn, sắp đến hạn của từng cơ quan."),
    output: Path | None = typer.Option(
        None, "--output", "-o",
        help="Tệp kết quả, dạng theo đuôi tệp: bảng theo dõi .xlsx, danh sách .csv, .md, .json, tóm tắt .txt; "
             "công văn đôn đốc .docx với --remind (mặc định: out/don-doc-<ngày>.docx).",
        dir_okay=False),
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có."),
    show_all: bool = typer.Option(
        False, "--all", help="Bảng trong terminal: liệt kê mọi nhiệm vụ và mọi cơ quan (mặc định chỉ quá hạn, sắp đến hạn "
             f"và {SUMMARY_AT_MOST} cơ quan có nhiều nhiệm vụ quá hạn nhất)."),
) -> None:
    """Theo dõi hạn: quá hạn, sắp đến hạn, hoàn thành đúng/trễ hạn, tính theo ngày làm việc.

    Ngày làm việc theo lịch nghỉ lễ, Tết của Việt Nam và các tệp calendar@1 (ngày nghỉ hoán
    đổi, ngày làm bù). Số ngày trễ tính đến hết ngày tính (--as-of). Báo cáo định kỳ
    (reporting@1) được đưa vào như các nhiệm vụ có hạn.
    """
    check_number(within, "--within", 0, MAX_WITHIN)
    today = resolve_today(as_of)
    if remind:
        from cchc.cli.render import print_unfilled, shown_path
        from cchc.render.service import reminder_to_file

        if fmt is not None:
            raise UsageError("--remind soạn công văn đôn đốc (.docx); không dùng cùng --format",
                             hint="bỏ --format, hoặc bỏ --remind để xuất danh sách")
        output_format(output, None, ("docx",), what="công văn đôn đốc là một tệp Word")
        root = data_dir()
        with kept_holidays(root):
            result = reminder_to_file(root, as_of=today, within=within, agency=agency, output=output, force=force)
        console.say("Đã ghi công văn đôn đốc: ", shown_path(result.path))
        print_unfilled(result)
        return
    if output is not None and format_of(output) == "docx":
        raise UsageError(f"«{output.name}» là tệp Word: lệnh deadlines chỉ soạn công văn đôn đốc (.docx) khi có --remind",
                         hint="thêm --remind, hoặc xuất danh sách: -o TỆP.xlsx (bảng theo dõi), .csv, .md, .json, .txt")
    chosen = chosen_format(fmt, output, Format)
    if chosen is Format.xlsx and output is None:
        raise UsageError("bảng theo dõi xlsx cần tệp kết quả", hint="thêm -o theo-doi.xlsx")
    states = parse_states(status)
    ds = computing_dataset(skip_invalid)
    with kept_holidays(ds.root):
        report = deadline_report(ds, today, within=within, agency=agency, states=states)
    if chosen is Format.xlsx:
        from cchc.services.tracker import export_tracker

        assert output is not None
        tracker = export_tracker(report, ds, output, force=force)
        console.say(("Đã ghi", "green"), f" {output}: {len(tracker.tracker.rows)} nhiệm vụ, "
                    f"{len(tracker.summary.rows)} cơ quan chủ trì", stderr=True)
        if tracker.left_out:
            console.say(("Lưu ý:", "yellow"), f" {tracker.left_out} báo cáo định kỳ không phải nhiệm vụ nên "
                        "không có trong bảng theo dõi.", stderr=True)
    elif chosen is Format.table:
        _print_table(report, show_all=show_all)
        skipped_footer(ds)
    elif output is not None:
        export_deadlines(report, ds, chosen.value, path=output, force=force, warnings=skipped_notes(ds))
        console.say(("Đã ghi", "green"), f" {output}: {len(report.rows)} dòng", stderr=True)
    else:
        text = export_deadlines(report, ds, chosen.value, stream=console.stdout(), warnings=skipped_notes(ds))
        if text is not None:
            console.write_plain(text, end="")
    _exit_for(report, ds, fail_on_overdue)


EXIT_SKIPPED = 1  # --fail-on-overdue with --skip-invalid: records were left out, so "nothing overdue" is unsure


def _exit_for(report: DeadlineReport, ds, fail_on_overdue: bool) -> None:
    """The cron check's exit code: 3 when something is overdue, 1 when records were left out
    (an overdue task may be among them), else 0."""
    if not fail_on_overdue:
        return
    if report.has_overdue:
        raise typer.Exit(EXIT_OVERDUE)
    if ds.skipped is not None:
        raise typer.Exit(EXIT_SKIPPED)
