"""`cchc validate` run before Typer is even imported, for the command lines CI uses.

The verdict of an unchanged repository is one read of ``.cchc-cache/validate.json``
(:func:`cchc.services.validation.cached_verdict`), and after a one-file edit little more, yet
importing Typer, whose options build Pydantic adapters, costs several times that.
:func:`validate_early` reads the few command lines a pull-request check uses (``cchc [--data
DIR] validate DIR [--strict] [--no-cache] [--format text|github|json]``, or the folder in
``$CCHC_DATA``) and runs the one implementation of the command (:func:`run_validate`, which the
Typer command calls too), printing exactly what it prints. Any other command line, or any
failure (which the full command then reports with its messages), returns ``None`` and the full
command runs. :func:`answer_from_cache` is the cache-only part, without reading any data.
"""

from __future__ import annotations

import os
from pathlib import Path

from cchc.cli import streams
from cchc.services.validation import ValidationResult, cached_verdict

FORMATS = ("text", "github", "json")


COLUMNS = (("Loại dữ liệu", "left"), ("Tệp", "right"), ("Bản ghi", "right"))


def _report(result: ValidationResult, strict: bool) -> tuple[list, str, list[tuple[str, str, str]], tuple]:
    """What the text report says, whoever draws it: the diagnostics by severity (title, colour,
    lines), the folder, the table's rows, and the verdict (word, colour, the rest of the line)."""
    from cchc.models.labels import KIND_LABELS

    base = result.root
    sections = [(title, style, [d.format(base) for d in items])
                for title, items, style in (("Lỗi", result.errors, "red"), ("Cảnh báo", result.warnings, "yellow"))
                if items]
    rows = [(label, str(result.files.get(kind, 0)), str(result.records.get(kind, 0)))
            for kind, label in KIND_LABELS.items() if result.files.get(kind, 0) or result.records.get(kind)]
    cached = " (kết quả lưu đệm, dữ liệu không đổi)" if result.cached else ""
    errors, warnings = len(result.errors), len(result.warnings)
    failed = errors or (strict and warnings)
    verdict = ("KHÔNG HỢP LỆ", "red") if failed else ("HỢP LỆ", "green")
    tail = f": {result.file_count} tệp, {errors} lỗi, {warnings} cảnh báo{cached}."
    return sections, str(base), rows, (*verdict, tail)


def print_text(result: ValidationResult, strict: bool) -> None:
    """The text report of ``cchc validate``: diagnostics on stderr, the table and verdict on stdout.

    On a terminal (or with colour forced) Rich draws it in colour; otherwise (a CI log, a
    pre-commit hook, a pipe) the same characters are written without importing Rich, which
    was a tenth of a one-file validate (tests/core/test_validate_cli.py checks that both give
    the same text)."""
    report = _report(result, strict)
    if streams.styled():
        from cchc.cli import console

        print_rich(report, console.out, console.err)
    else:
        print_plain(report)


def print_rich(report: tuple, out, err) -> None:  # type: ignore[no-untyped-def]
    # Data goes in as Text, never as markup: escaped markup still doubles a trailing backslash
    # (a folder ending in a backslash would be printed with two).
    from rich.table import Table
    from rich.text import Text

    sections, folder, rows, (word, style, tail) = report
    for title, colour, lines in sections:
        err.print(Text(f"{title} ({len(lines)})", style=f"bold {colour}"))
        for line in lines:
            err.print(Text(line), soft_wrap=True)
    # the folder on a line of its own: as a table title Rich would break the path at the table's width
    out.print(Text(f"Kiểm tra dữ liệu: {folder}"), soft_wrap=True)
    table = Table()
    for header, justify in COLUMNS:
        table.add_column(header, justify=justify)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    out.print(table)
    out.print(Text.assemble((word, f"bold {style}"), tail), soft_wrap=True)


def print_plain(report: tuple) -> None:
    sections, folder, rows, (word, _style, tail) = report
    messages = [line for title, _colour, lines in sections for line in (f"{title} ({len(lines)})", *lines)]
    if messages:
        streams.write_plain("\n".join(messages), stderr=True)
    table = streams.box_table([header for header, _ in COLUMNS], rows, [justify for _, justify in COLUMNS])
    streams.write_plain(f"Kiểm tra dữ liệu: {folder}\n{table}\n{word}{tail}")


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
            streams.write_plain(text)
    elif fmt == "json":
        streams.write_plain(as_json(result.diagnostics, result.root, files=result.file_count,
                                    records=result.records))
    else:
        print_text(result, strict)
    return 1 if result.errors or (strict and result.warnings) else 0


def validate(root: Path, fmt: str, *, no_cache: bool = False) -> ValidationResult:
    """:func:`~cchc.services.validation.validate_repo`, with a progress bar on a terminal."""
    from cchc.services.validation import validate_repo

    if fmt == "text" and streams.styled():
        from cchc.cli import console  # Rich: neither a machine format nor a log imports it

        if console.err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            with Progress(TextColumn("Đang đọc dữ liệu"), BarColumn(), MofNCompleteColumn(),
                          console=console.err, transient=True) as progress:
                task = progress.add_task("read", total=None)
                return validate_repo(root, use_cache=not no_cache,
                                     progress=lambda done, total: progress.update(task, completed=done, total=total))
    return validate_repo(root, use_cache=not no_cache)


def run_validate(root: Path, fmt: str, strict: bool, no_cache: bool) -> int:
    """``cchc validate``: validate ``root``, print the result; the exit code."""
    return print_result(validate(root, fmt, no_cache=no_cache), fmt, strict)


def _command_line(argv: list[str]) -> tuple[Path, str, bool, bool] | None:
    """(data folder, format, strict, no cache) of a plain ``validate`` command line, else None."""
    data: str | None = None
    path: str | None = None
    fmt, strict, no_cache = "text", False, False
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
        elif arg == "--no-cache":
            no_cache = True
        elif arg in ("--format", "-f") and args:
            fmt = args.pop(0)
        elif arg.startswith("--format="):
            fmt = arg[len("--format="):]
        elif not arg.startswith("-") and path is None:
            path = arg
        else:
            return None  # --help, anything else: the full command decides
    if fmt not in FORMATS:
        return None
    if path is None and data is None:
        data = os.environ.get("CCHC_DATA")  # what Typer reads for --data
    chosen = path if path is not None else data
    if not chosen or (data is not None and not Path(data).is_dir()):
        return None  # the default folder, or an error to report: the full command
    root = Path(chosen)
    return (root, fmt, strict, no_cache) if root.is_dir() else None


def validate_early(argv: list[str]) -> int | None:
    """The exit code of a plain ``cchc validate`` command line run without Typer, or None (run
    the full command: another command line, or a failure it reports in its own words)."""
    parsed = _command_line(argv)
    if parsed is None:
        return None
    root, fmt, strict, no_cache = parsed
    streams.setup_streams()
    try:
        result = validate(root, fmt, no_cache=no_cache)
    except Exception:  # noqa: BLE001 - the full command says what went wrong, as always
        return None
    return print_result(result, fmt, strict)


def answer_from_cache(argv: list[str]) -> int | None:
    """The exit code of ``cchc validate`` answered from the cache, or None (run the command)."""
    parsed = _command_line(argv)
    if parsed is None or parsed[3]:
        return None
    root, fmt, strict, _ = parsed
    try:
        result = cached_verdict(root)
    except Exception:  # noqa: BLE001 - anything unusual: the full command reports it properly
        return None
    if result is None:
        return None
    streams.setup_streams()
    return print_result(result, fmt, strict)
