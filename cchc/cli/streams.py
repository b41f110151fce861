"""The standard streams, without Rich: their encoding, ``COLUMNS``, and plain writes.

cchc never crashes on the output encoding (:func:`setup_streams`, called once by the
executable): files and pipes always receive UTF-8, whatever the locale or
``PYTHONIOENCODING`` says; a terminal that cannot show Vietnamese gets the letters
without their diacritics ("Loi" for "Lỗi") instead of an exception. A ``COLUMNS``
value Rich cannot use (``0``, tiny, not a number) is ignored, so output is never
squeezed to nothing.

Apart from :mod:`cchc.cli.console` (the Rich consoles), so that a command printing only a
machine format (``cchc validate --format github``, the check of a pull request), or plain text
where nothing is styled (:func:`styled`), never imports Rich, about a tenth of a one-file
validate.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata

FALLBACK_ERRORS = "cchc-fallback"
MIN_COLUMNS = 20
_PLAIN_LETTERS = {"đ": "d", "Đ": "D", "\ufffd": "?"}


def _plain(char: str, encoding: str) -> str:
    """``char`` as close as ``encoding`` can write it: without diacritics, else ``?``."""
    base = _PLAIN_LETTERS.get(char)
    if base is None:
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    try:
        base.encode(encoding)
    except (UnicodeError, LookupError):
        return "?"
    return base or "?"


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start:exc.end]
    return "".join(_plain(char, exc.encoding) for char in text), exc.end


codecs.register_error(FALLBACK_ERRORS, _fallback)


def _is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def setup_stream(stream) -> None:  # type: ignore[no-untyped-def]
    """UTF-8 for files and pipes; for a terminal, its own encoding with a graceful fallback."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        terminal = stream.isatty()
    except (OSError, ValueError):
        terminal = False
    try:
        if terminal or _is_utf8(getattr(stream, "encoding", None)):
            reconfigure(errors=FALLBACK_ERRORS)
        else:
            reconfigure(encoding="utf-8", errors=FALLBACK_ERRORS)
    except (OSError, ValueError, LookupError):  # pragma: no cover - a closed or odd stream
        pass


def setup_columns(environ=os.environ) -> None:  # type: ignore[no-untyped-def]
    """Drop a ``COLUMNS`` value that would make Rich print nothing (``0``) or garbage."""
    columns = environ.get("COLUMNS")
    if columns is not None and not (columns.strip().isdigit() and int(columns) >= MIN_COLUMNS):
        del environ["COLUMNS"]


def setup_streams() -> None:
    setup_columns()
    setup_stream(sys.stdout)
    setup_stream(sys.stderr)


def write_plain(text: str, *, end: str = "\n", stderr: bool = False) -> None:
    """Machine formats (JSON, Markdown, CSV, GitHub annotations, diffs, text summaries) and
    any other text that must reach the reader byte for byte: straight to the stream, never
    through Rich (no markup, no emoji codes such as ``:100:``, no wrapping, no highlighting)."""
    stream = sys.stderr if stderr else sys.stdout
    stream.flush()  # after what the Rich consoles wrote there (each of their prints is flushed)
    stream.write(text + end)
    stream.flush()


# What makes Rich style output that is not a terminal (force-color.org, Rich's TTY_* variables).
STYLE_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def styled(environ=os.environ) -> bool:  # type: ignore[no-untyped-def]
    """Whether output may be styled: standard output or error is a terminal, or a variable of
    ``STYLE_VARIABLES`` is set. Otherwise (a CI log, a pre-commit hook, a pipe, a file) Rich
    would write plain characters, which the caller may write itself."""
    if any(name in environ for name in STYLE_VARIABLES):
        return True
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.isatty():
                return True
        except (AttributeError, OSError, ValueError):
            continue
    return False


def cell_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide East Asian characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
               for char in text)


def box_table(headers: list[str], rows: list[tuple[str, ...]], justify: list[str]) -> str:
    """A table of one-line cells drawn as Rich draws its default table (``box.HEAVY_HEAD``, one
    space of padding) when it has room: the plain text of a Rich table, without Rich."""
    widths = [max([cell_width(h), *(cell_width(row[i]) for row in rows)]) for i, h in enumerate(headers)]

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (width + 2) for width in widths) + right

    def cells(values: tuple[str, ...] | list[str], edge: str) -> str:
        parts = []
        for value, width, how in zip(values, widths, justify, strict=True):
            pad = " " * (width - cell_width(value))
            parts.append(f" {value}{pad} " if how == "left" else f" {pad}{value} ")
        return edge + edge.join(parts) + edge

    return "\n".join([line("┏", "━", "┳", "┓"), cells(headers, "┃"), line("┡", "━", "╇", "┩"),
                      *(cells(row, "│") for row in rows), line("└", "─", "┴", "┘")])
