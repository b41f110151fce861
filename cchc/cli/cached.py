"""`cchc validate` on an unchanged repository, answered before Typer is even imported.

The verdict of an unchanged repository is one read of ``.cchc-cache/validate.json``
(:func:`cchc.services.validation.cached_verdict`), yet importing Typer, whose options build
Pydantic adapters, costs several times that. :func:`answer_from_cache` reads the few
command lines a pull-request check uses (``cchc [--data DIR] validate [DIR] [--strict]
[--format text|github|json]``) and, when the cache holds the verdict, prints exactly what the
full command prints and gives its exit code. Any other command line, or no cached verdict,
returns ``None`` and the full command runs.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.markup import escape

from cchc.cli import console
from cchc.services.validation import ValidationResult, cached_verdict

FORMATS = ("text", "github", "json")


def print_text(result: ValidationResult, strict: bool) -> None:
    """The text report of ``cchc validate``: diagnostics on stderr, the table and verdict on stdout."""
    from rich.table import Table

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


def annotation_base(root: Path) -> Path:
    """GitHub resolves annotation paths from the checkout (the working directory), so a data
    folder inside it is named from there (``data/tasks/x.yaml``); elsewhere, from the data folder."""
    if root.resolve().is_relative_to(Path.cwd().resolve()):
        return Path.cwd() if root.is_absolute() else Path()
    return root


def print_result(result: ValidationResult, fmt: str, strict: bool) -> int:
    """Print ``result`` in ``fmt``; the exit code of ``cchc validate``."""
    from cchc.output.diagnostics import as_github, as_json

    if fmt == "github":
        text = as_github(result.diagnostics, annotation_base(result.root))
        if text:
            console.write_plain(text)
    elif fmt == "json":
        console.write_plain(as_json(result.diagnostics, result.root, files=result.file_count,
                                    records=result.records))
    else:
        print_text(result, strict)
    return 1 if result.errors or (strict and result.warnings) else 0


def _command_line(argv: list[str]) -> tuple[Path, str, bool] | None:
    """(data folder, format, strict) of a plain ``validate`` command line, else None."""
    data: str | None = None
    path: str | None = None
    fmt, strict = "text", False
    args = list(argv)
    while args and args[0] != "validate":  # root options
        arg = args.pop(0)
        if arg == "--data" and args:
            data = args.pop(0)
        elif arg.startswith("--data="):
            data = arg[len("--data="):]
        else:
            return None
    if not args:
        return None
    args.pop(0)
    while args:
        arg = args.pop(0)
        if arg == "--strict":
            strict = True
        elif arg in ("--format", "-f") and args:
            fmt = args.pop(0)
        elif arg.startswith("--format="):
            fmt = arg[len("--format="):]
        elif not arg.startswith("-") and path is None:
            path = arg
        else:
            return None  # --no-cache, --help, anything else: the full command decides
    if fmt not in FORMATS:
        return None
    if path is None and data is None:
        data = os.environ.get("CCHC_DATA")  # what Typer reads for --data
    chosen = path if path is not None else data
    if not chosen or (data is not None and not Path(data).is_dir()):
        return None  # the default folder, or an error to report: the full command
    root = Path(chosen)
    return (root, fmt, strict) if root.is_dir() else None


def answer_from_cache(argv: list[str]) -> int | None:
    """The exit code of ``cchc validate`` answered from the cache, or None (run the command)."""
    parsed = _command_line(argv)
    if parsed is None:
        return None
    root, fmt, strict = parsed
    try:
        result = cached_verdict(root)
    except Exception:  # noqa: BLE001 - anything unusual: the full command reports it properly
        return None
    if result is None:
        return None
    console.setup_streams()
    return print_result(result, fmt, strict)
