"""The two consoles of the CLI: results on stdout, messages on stderr.

Rich resolves ``sys.stdout``/``sys.stderr`` at write time, so Typer's CliRunner
captures both without special handling. ``NO_COLOR`` is honoured by Rich. The streams
themselves (encoding, ``COLUMNS``, plain writes) are set up by :mod:`cchc.cli.streams`.

The consoles (and Rich with them) are made when first used: a command that writes only a
machine format (``deadlines --format json|csv|md`` on stdout, the cron run) never imports
Rich, about 30 ms of its start.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from cchc.cli.streams import (  # noqa: F401  (re-exported: the CLI's one output module)
    FALLBACK_ERRORS,
    MIN_COLUMNS,
    setup_columns,
    setup_stream,
    setup_streams,
    write_plain,
)

if TYPE_CHECKING:
    from rich.console import Console

    out: Console
    err: Console

setup_columns()


def __getattr__(name: str) -> Any:
    """``out`` and ``err``, made at their first use."""
    if name not in ("out", "err"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    # Data and locations are never markup: every piece of data is passed through escape(),
    # and emoji codes (":100:" in "tasks/x.yaml:100:11", ":smile:" in a title) are never
    # replaced, on both consoles.
    made = Console(stderr=name == "err", highlight=False, emoji=False)
    globals()[name] = made
    return made


_markup_escape: Any = None


def escape(text: str) -> str:
    """``text`` as Rich markup that prints it literally (:func:`rich.markup.escape`, imported
    at the first call)."""
    global _markup_escape
    if _markup_escape is None:
        from rich.markup import escape as markup_escape

        _markup_escape = markup_escape
    return _markup_escape(text)


def stdout():  # type: ignore[no-untyped-def]
    """The standard output stream, for writers that stream (e.g. JSON arrays), as ``write_plain``
    writes: looked up at each call (Typer's CliRunner swaps it), after Rich's own output."""
    made = globals().get("out")
    (made.file if made is not None else sys.stdout).flush()
    return sys.stdout
