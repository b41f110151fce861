"""`cchc validate`: the check every data pull request runs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from cchc.cli import console
from cchc.cli.app import app, command, data_dir
from cchc.output.diagnostics import as_github, as_json
from cchc.services.validation import ValidationResult, validate_repo


class Format(StrEnum):
    text = "text"
    github = "github"
    json = "json"


def _print_text(result: ValidationResult, strict: bool) -> None:
    from cchc.models.labels import KIND_LABELS

    base = result.root
    for title, items, style in (("Lỗi", result.errors, "red"), ("Cảnh báo", result.warnings, "yellow")):
        if not items:
            continue
        console.err.print(f"[bold {style}]{title} ({len(items)})[/]")
        for diagnostic in items:
            console.err.print(escape(diagnostic.format(base)), soft_wrap=True)
    # the folder on a line of its own: as a table title Rich would break the path at the table's width
    console.out.print(f"Kiểm tra dữ liệu: {escape(str(base))}", soft_wrap=True)
    table = Table()
    table.add_column("Loại dữ liệu")
    table.add_column("Tệp", justify="right")
    table.add_column("Bản ghi", justify="right")
    for kind, label in KIND_LABELS.items():
        files = result.files.get(kind, 0)
        if files or result.records.get(kind):
            table.add_row(label, str(files), str(result.records.get(kind, 0)))
    console.out.print(table)
    cached = " (kết quả lưu đệm, dữ liệu không đổi)" if result.cached else ""
    errors, warnings = len(result.errors), len(result.warnings)
    failed = errors or (strict and warnings)
    verdict = "[bold red]KHÔNG HỢP LỆ[/]" if failed else "[bold green]HỢP LỆ[/]"
    console.out.print(f"{verdict}: {result.file_count} tệp, {errors} lỗi, {warnings} cảnh báo{cached}.")


def _annotation_base(root: Path) -> Path:
    """GitHub resolves annotation paths from the checkout (the working directory), so a data
    folder inside it is named from there (``data/tasks/x.yaml``); elsewhere, from the data folder."""
    if root.resolve().is_relative_to(Path.cwd().resolve()):
        return Path.cwd() if root.is_absolute() else Path()
    return root


@app.command("validate")
@command
def validate_command(
    path: Path | None = typer.Argument(None, metavar="THƯ_MỤC", help="Thư mục dữ liệu cần kiểm tra (mặc định: --data).",
                                       file_okay=False),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Dạng kết quả: text, github, json."),
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Không dùng kết quả lưu đệm."),
) -> None:
    """Kiểm tra toàn bộ dữ liệu: cú pháp, mô hình, tham chiếu chéo. Mã thoát 1 nếu có lỗi."""
    root = data_dir(path)
    if fmt is Format.text and console.err.is_terminal:
        with Progress(TextColumn("Đang đọc dữ liệu"), BarColumn(), MofNCompleteColumn(),
                      console=console.err, transient=True) as progress:
            task = progress.add_task("read", total=None)
            result = validate_repo(root, use_cache=not no_cache,
                                   progress=lambda done, total: progress.update(task, completed=done, total=total))
    else:
        result = validate_repo(root, use_cache=not no_cache)
    if fmt is Format.github:
        text = as_github(result.diagnostics, _annotation_base(root))
        if text:
            console.write_plain(text)
    elif fmt is Format.json:
        console.write_plain(as_json(result.diagnostics, root, files=result.file_count, records=result.records))
    else:
        _print_text(result, strict)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)
