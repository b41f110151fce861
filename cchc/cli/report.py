"""`cchc report`: the whole repository on one offline HTML page for leaders."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.cli import console
from cchc.cli.app import HINT_LABEL, app, command, data_dir, resolve_today, skip_invalid_option
from cchc.services.deadlines import DEFAULT_WITHIN
from cchc.services.report import DEFAULT_OUTPUT

EXIT_INCOMPLETE = 1


@app.command("report")
@command
def report_command(
    output: Path = typer.Option(Path(DEFAULT_OUTPUT), "--output", "-o", dir_okay=False,
                                help="Tệp HTML của báo cáo."),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD",
        help="Ngày tính (YYYY-MM-DD); mặc định: biến CCHC_TODAY, nếu không có thì hôm nay."),
    year: int | None = typer.Option(None, "--year", "-y",
                                    help="Năm của bảng phân công (mặc định: năm của ngày tính, "
                                         "hoặc năm gần nhất trước đó có phân công)."),
    within: int = typer.Option(DEFAULT_WITHIN, "--within", "-w",
                               help="Sắp đến hạn: còn không quá N ngày làm việc."),
    force: bool = typer.Option(False, "--force", help="Cho phép ghi đè tệp đã có."),
    skip_invalid: bool = skip_invalid_option(),
) -> None:
    """Báo cáo tổng hợp một trang HTML: hạn nhiệm vụ, phân công, nhân rộng mô hình, kết quả chỉ số.

    Trang tự chứa (không cần mạng, không JavaScript), xem được trên điện thoại và in được
    khổ A4. Thoát với mã 1 nếu một phần dữ liệu không dùng được (báo cáo vẫn được ghi và
    nói rõ phần thiếu).
    """
    from cchc.cli.render import shown_path
    from cchc.render.html_report import report_to_file

    overview = report_to_file(data_dir(), output, as_of=resolve_today(as_of), within=within, year=year,
                              force=force, skip_invalid=skip_invalid)
    console.say(f"Đã ghi báo cáo: {shown_path(output)}")
    for item in overview.summary():
        console.say(f"  - {item.text}")
    if overview.examples:
        console.say(("Lưu ý:", "yellow"), " báo cáo có số liệu minh họa: " + "; ".join(overview.examples),
                    stderr=True)
    for problem in overview.problems:
        console.say(("chưa đầy đủ:", "bold red"), f" {problem.message}", stderr=True)
        if problem.hint:
            console.say("    ", HINT_LABEL, problem.hint, stderr=True)
    if overview.failed:
        raise typer.Exit(EXIT_INCOMPLETE)
