"""`cchc validate`: the check every data pull request runs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from cchc.cli.app import app, command, data_dir
from cchc.cli.cached import run_validate


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
    if run_validate(data_dir(path), fmt.value, strict, no_cache):
        raise typer.Exit(1)
