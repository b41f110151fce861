"""`cchc schema`: JSON Schemas derived from the models, for editor autocompletion."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.cli import console
from cchc.cli.app import app, command
from cchc.errors import UsageError
from cchc.output.formats import format_of
from cchc.services.schemas import schema_files, write_schemas


@app.command("schema")
@command
def schema_command(
    output: Path = typer.Option(Path("schemas"), "--output", "-o", help="Thư mục ghi các tệp JSON Schema.",
                                file_okay=False),
    force: bool = typer.Option(False, "--force", help="Ghi đè các tệp schema đã có mà khác bản mới."),
) -> None:
    """Ghi JSON Schema cho từng loại dữ liệu (dùng cho gợi ý tự động trong VS Code)."""
    if format_of(output) is not None:
        raise UsageError(f"-o «{output.name}» có đuôi tệp, nhưng cchc schema ghi nhiều tệp vào một thư mục",
                         hint="chỉ rõ thư mục, ví dụ -o schemas")
    written = write_schemas(output, force=force)
    for path in written:
        console.say(f"đã ghi {path}")
    unchanged = len(schema_files()) - len(written)
    if unchanged:
        console.say(f"{unchanged} tệp schema không đổi trong {output}")
