"""`cchc validate`: the check every data pull request runs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cchc.cli import console
from cchc.cli.app import app, command, data_dir
from cchc.cli.cached import print_result
from cchc.services.validation import validate_repo


class Format(StrEnum):
    text = "text"
    github = "github"
    json = "json"


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
    if print_result(result, fmt.value, strict):
        raise typer.Exit(1)
