"""The standard streams, without Rich: their encoding, ``COLUMNS``, and plain writes.

cchc never crashes on the output encoding (:func:`setup_streams`, called once by the
executable): files and pipes always receive UTF-8, whatever the locale or
``PYTHONIOENCODING`` says; a terminal that cannot show Vietnamese gets the letters
without their diacritics ("Loi" for "Lỗi") instead of an exception. A ``COLUMNS``
value Rich cannot use (``0``, tiny, not a number) is ignored, so output is never
squeezed to nothing.

Apart from :mod:`cchc.cli.console` (the Rich consoles), so that a command printing only a
machine format (``cchc validate --format github``, the check of a pull request) never
imports Rich, about a tenth of a one-file validate.
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
