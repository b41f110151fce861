"""The one `-o` rule: a file's format is its extension, and a `--format` that says otherwise is an error.

Every command that writes a file (assign, deadlines, results, initiatives, score, report,
render, schema, import) asks :func:`output_format` which format to write; the library functions that
write a file of one fixed kind (a .docx document, the HTML report) ask it too, so a call from
Python follows the same rule as the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cchc.errors import UsageError

# extension → format name, as the commands' --format choices spell them
SUFFIX_FORMATS = {
    ".xlsx": "xlsx", ".csv": "csv", ".md": "md", ".markdown": "md", ".json": "json", ".docx": "docx",
    ".png": "png", ".html": "html", ".htm": "html", ".txt": "text", ".yaml": "yaml", ".yml": "yaml",
}
FORMAT_SUFFIX = {"md": ".md", "json": ".json", "csv": ".csv", "xlsx": ".xlsx", "docx": ".docx", "png": ".png",
                 "html": ".html", "text": ".txt", "yaml": ".yaml"}


def format_of(path: Path) -> str | None:
    """The format a file name announces (``x.XLSX`` → ``xlsx``), or None."""
    return SUFFIX_FORMATS.get(Path(path).suffix.lower())


def suffixes_text(formats: Sequence[str]) -> str:
    return ", ".join(FORMAT_SUFFIX.get(name, f".{name}") for name in formats)


def output_format(output: Path | None, fmt: str | None, formats: Sequence[str], *, screen: str | None = None,
                  default: str | None = None, what: str | None = None) -> str | None:
    """The format to produce, from ``-o`` (``output``) and ``--format`` (``fmt``, None when not given).

    - Without ``-o``: ``fmt``, else ``default`` (``screen``, the terminal view, when not given).
    - With ``-o``: the extension decides; it must name one of ``formats`` other than ``screen``
      (the terminal view is not a file), and a ``fmt`` that differs is a usage error (exit 2):
      the file is written in its extension's format or not at all.

    ``what`` names what the command writes, for the hint ("báo cáo là một trang HTML").
    """
    if output is None:
        return fmt if fmt is not None else (default if default is not None else screen)
    files = [name for name in formats if name != screen]
    name = format_of(output)
    if name is None or name not in files:
        shown = Path(output).suffix or "không có đuôi"
        hint = f"dùng đuôi {suffixes_text(files)}" + (f" ({what})" if what else "")
        raise UsageError(f"không xuất được tệp «{Path(output).name}» ({shown}): lệnh này chỉ ghi "
                         + suffixes_text(files), hint=hint)
    if fmt is not None and fmt != name:
        if fmt == screen:
            raise UsageError(f"--format {fmt} là bảng trên màn hình, mâu thuẫn với -o «{Path(output).name}»",
                             hint="bỏ --format: định dạng lấy theo đuôi tệp -o")
        raise UsageError(f"--format {fmt} mâu thuẫn với đuôi tệp «{Path(output).name}» ({name})",
                         hint=f"bỏ --format (định dạng lấy theo đuôi tệp), hoặc đặt tên tệp đuôi "
                              f"{FORMAT_SUFFIX.get(fmt, '.' + fmt)}")
    return name
