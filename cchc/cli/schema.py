"""`cchc schema`: JSON Schemas derived from the models, for editor autocompletion."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from cchc.cli import console
from cchc.cli.app import app, command
from cchc.services.schemas import write_schemas


@app.command("schema")
@command
def schema_command(
    output: Path = typer.Option(Path("schemas"), "--output", "-o", help="Thư mục ghi các tệp JSON Schema.",
                                file_okay=False),
) -> None:
    """Ghi JSON Schema cho từng loại dữ liệu (dùng cho gợi ý tự động trong VS Code)."""
    for path in write_schemas(output):
        console.out.print(f"đã ghi {escape(str(path))}")
