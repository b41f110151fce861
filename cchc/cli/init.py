"""`cchc init`: scaffold a data repository for another province."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.cli import console
from cchc.cli.app import app, check_year, command, resolve_today
from cchc.services.scaffold import init_repo


@app.command("init")
@command
def init_command(
    directory: Path = typer.Argument(..., metavar="THƯ_MỤC", help="Thư mục kho dữ liệu mới.", file_okay=False),
    province: str = typer.Option(
        ..., "--province", help="Tên tỉnh hoặc thành phố trực thuộc trung ương, ví dụ \"Đắk Lắk\", \"Hà Nội\"."),
    communes: Path | None = typer.Option(
        None, "--communes", metavar="TỆP.csv", dir_okay=False,
        help="Nhập các xã, phường, đặc khu từ tệp CSV (cột name, tùy chọn type, code, formed_from, source)."),
    year: int | None = typer.Option(None, "--year", help="Năm của bảng phân công (mặc định: năm hiện tại)."),
    force: bool = typer.Option(False, "--force", help="Ghi vào thư mục đã có nội dung (ghi đè các tệp khung)."),
    cchc_repo: str | None = typer.Option(
        None, "--cchc-repo", help="Địa chỉ git của kho cchc, để pre-commit và CI dùng hook của kho đó."),
    cchc_rev: str | None = typer.Option(None, "--cchc-rev", help="Phiên bản (thẻ) cchc dùng với --cchc-repo."),
) -> None:
    """Tạo kho dữ liệu mới cho một tỉnh, thành phố: dữ liệu khung, kiểm tra tự động, gợi ý trong VS Code."""
    check_year(year, "--year")
    result = init_repo(directory, province, year or resolve_today().year, force=force,
                       cchc_repo=cchc_repo, cchc_rev=cchc_rev, communes=communes)
    for path in result.files:
        console.say(f"đã tạo {path.relative_to(result.root)}")
    console.say(f"\nKho dữ liệu sẵn sàng tại {result.root}. Tiếp theo:\n"
                f"  cd {result.root}\n"
                "  git init && git add . && git commit -m \"Khởi tạo kho dữ liệu CCHC\"\n"
                "  cchc validate")
