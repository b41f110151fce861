"""`cchc diff`: what a pull request changes in the data, as Vietnamese sentences."""

from __future__ import annotations

from enum import StrEnum

import typer

from cchc.cli import console
from cchc.cli.app import app, command, data_dir
from cchc.services.semantic_diff import render_json, render_markdown, render_text, semantic_diff


class Format(StrEnum):
    text = "text"
    md = "md"
    json = "json"


RENDERERS = {Format.text: render_text, Format.md: render_markdown, Format.json: render_json}


@app.command("diff")
@command
def diff_command(
    rev_a: str | None = typer.Argument(
        None, metavar="BẢN_GỐC", help="Phiên bản gốc (mặc định: điểm rẽ nhánh của HEAD với main hoặc master)."),
    rev_b: str | None = typer.Argument(None, metavar="BẢN_MỚI", help="Phiên bản mới (mặc định: bản làm việc hiện tại)."),
    fmt: Format = typer.Option(Format.text, "--format", "-f",
                               help="Dạng kết quả: text, md (bình luận pull request), json."),
) -> None:
    """So sánh dữ liệu giữa hai phiên bản git và nói rõ thay đổi nghĩa là gì."""
    result = semantic_diff(data_dir(None), rev_a, rev_b)
    console.write_plain(RENDERERS[fmt](result), end="")
