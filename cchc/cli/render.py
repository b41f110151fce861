"""`cchc render`: a document from data, laid out per Nghị định 30/2020 as .docx (and PDF)."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.cli import console
from cchc.cli.app import app, command, data_dir, resolve_today
from cchc.errors import UsageError
from cchc.render.service import RenderResult, catalogue, render_to_file


def shown_path(path: Path) -> str:
    """The path relative to the working directory when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def print_findings(result: RenderResult) -> None:
    if not result.findings:
        console.say(("Kiểm tra thể thức (Nghị định 30/2020): không có lỗi.", "green"))
        return
    console.say((f"Kiểm tra thể thức: {len(result.findings)} điểm chưa đúng", "bold red"))
    for finding in result.findings:
        console.say(str(finding))


def print_unfilled(result: RenderResult) -> None:
    """One list on stderr of every ND 30 element the data could not fill (and what was left out)."""
    if result.notes:
        console.say((f"Không đưa vào văn bản ({len(result.notes)}):", "bold yellow"), stderr=True)
        for note in result.notes:
            console.say("  - ", note, stderr=True)
    if not result.unfilled:
        return
    missing, stated = result.missing, [u for u in result.unfilled if u.reason is not None]
    if missing:
        console.say((f"Chưa đủ để trình ký: {len(missing)} thành phần thể thức chưa điền được từ dữ liệu",
                     "bold yellow"), stderr=True)
        for item in missing:
            console.say("  - ", str(item), stderr=True)
    if stated:
        console.say(f"Để trống vì nguồn không có ({len(stated)}):", stderr=True)
        for item in stated:
            console.say("  - ", str(item), stderr=True)


def _print_list() -> None:
    from rich.table import Table
    from rich.text import Text

    entries, templates = catalogue(data_dir())
    table = Table(title="Văn bản soạn được", title_justify="left")
    for title in ("Mã văn bản", "Loại", "Trích yếu", "Mẫu"):
        table.add_column(title, overflow="fold")
    for entry in entries:
        table.add_row(*map(Text, (entry.id, entry.type_label, entry.subject, entry.template)))
    console.out.print(table)
    table = Table(title="Mẫu văn bản", title_justify="left")
    table.add_column("Mẫu")
    table.add_column("Tệp", overflow="fold")
    for name, path in templates:
        table.add_row(Text(name), Text(path))
    console.out.print(table)


@app.command("render")
@command
def render_command(
    document: str | None = typer.Argument(None, metavar="MÃ_VĂN_BẢN", help="Mã văn bản trong data/documents (xem --list)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Tệp .docx cần ghi (mặc định: out/<mã văn bản>.docx).", dir_okay=False),
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có."),
    pdf: bool = typer.Option(False, "--pdf", help="Chuyển thêm sang PDF bằng LibreOffice."),
    check: bool = typer.Option(
        False, "--check", help="Kiểm tra thể thức Nghị định 30/2020 của tệp vừa ghi; mã thoát 1 nếu có điểm sai."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Ngày tính hạn (2021-07-20 hoặc 20/07/2021); mặc định: biến CCHC_TODAY, nếu không có thì hôm nay."),
    list_: bool = typer.Option(False, "--list", "-l", help="Liệt kê văn bản và mẫu có thể soạn."),
    source: Path | None = typer.Option(
        None, "--source", dir_okay=False,
        help="Tệp chữ (.txt, UTF-8) của văn bản gốc mà mẫu chép lại: so từng từ với văn bản vừa soạn, chỉ chấp "
             "nhận các chỗ sửa ghi trong corrections của văn bản; mã thoát 1 nếu còn chỗ khác."),
) -> None:
    """Soạn văn bản từ dữ liệu: tệp Word trình bày đúng thể thức Nghị định 30/2020/NĐ-CP.

    Nội dung lấy từ mẫu Jinja (templates/) và dữ liệu (nhiệm vụ, phân công, mô hình, kết quả chỉ số).

    Ghi mặc định vào out/<mã văn bản>.docx; không ghi đè tệp đã có nếu không có --force.
    """
    if list_:
        _print_list()
        return
    if not document:
        raise UsageError("thiếu mã văn bản cần soạn", hint="ví dụ: cchc render cv-ubnd-2021-nang-cao-chi-so; "
                                                          "xem danh sách: cchc render --list")
    today = resolve_today(as_of)
    if pdf:
        with console.err.status("Đang soạn văn bản và chuyển sang PDF bằng LibreOffice…"):
            result = render_to_file(data_dir(), document, today=today, output=output, force=force, pdf=True,
                                    check=check, source=source)
    else:
        result = render_to_file(data_dir(), document, today=today, output=output, force=force, check=check,
                                source=source)
    console.say("Đã ghi ", shown_path(result.path))
    if result.pdf_path is not None:
        console.say("Đã ghi ", shown_path(result.pdf_path))
    print_unfilled(result)
    failed = False
    if check:
        print_findings(result)
        errors = [f for f in result.findings if f.severity == "error"]
        failed = bool(errors or result.missing)
    if result.fidelity is not None:
        failed = print_fidelity(result) or failed
    if failed:
        raise typer.Exit(1)


def print_fidelity(result: RenderResult) -> bool:
    """The comparison with the original; True when the draft departs from it."""
    fidelity = result.fidelity
    assert fidelity is not None
    if fidelity.faithful:
        console.out.print(f"[green]So với văn bản gốc: khớp từng từ ({len(result.corrections)} chỗ sửa đã ghi trong "
                          "corrections).[/]")
        return False
    console.out.print(f"[bold red]So với văn bản gốc: {len(fidelity.drift)} chỗ khác không ghi trong corrections[/]")
    for hunk in fidelity.drift:
        console.say(f"  - {hunk.describe()}")
    for index in fidelity.unused:
        console.say(f"  - chỗ sửa không còn khớp văn bản gốc: {result.corrections[index]}")
    return True
