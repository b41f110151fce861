"""`cchc fmt`: one canonical layout for the data files, so pull-request diffs stay small."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.cli import console
from cchc.cli.app import app, command, data_dir, print_error
from cchc.errors import DataError
from cchc.io.yamlfmt import format_paths


@app.command("fmt")
@command
def fmt_command(
    paths: list[Path] | None = typer.Argument(
        None, metavar="TỆP", help="Tệp hoặc thư mục cần định dạng (mặc định: thư mục dữ liệu)."),
    check: bool = typer.Option(
        False, "--check", help="Chỉ kiểm tra: in phần sẽ thay đổi, mã thoát 1 nếu có tệp chưa đúng định dạng."),
) -> None:
    """Định dạng tệp YAML theo một kiểu thống nhất, giữ nguyên chú thích và thứ tự trường."""
    targets = list(paths) if paths else [data_dir(None, write=not check)]
    report = format_paths(targets, write=not check)
    base = targets[0] if len(targets) == 1 and targets[0].is_dir() else None
    for failure in report.failures:
        print_error(failure)
    changed = report.changed
    if check:
        for item in changed:
            console.write_plain(item.diff(base), end="")
        if changed:
            console.err.print(f"{len(changed)}/{len(report.files)} tệp chưa đúng định dạng; "
                              "chạy [bold]cchc fmt[/] để sửa.")
        else:
            console.err.print(f"{len(report.files)} tệp đã đúng định dạng.")
    else:
        for item in changed:
            console.say(f"đã định dạng {item.path}")
        console.err.print(f"{len(changed)} tệp được định dạng lại, "
                          f"{len(report.files) - len(changed)} tệp giữ nguyên.")
    if report.failures:
        raise DataError(f"{len(report.failures)} tệp không đọc được nên không được định dạng",
                        hint="sửa lỗi cú pháp rồi chạy lại")
    if check and changed:
        raise typer.Exit(1)
