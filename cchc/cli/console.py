"""The two consoles of the CLI: results on stdout, messages on stderr.

Rich resolves ``sys.stdout``/``sys.stderr`` at write time, so Typer's CliRunner
captures both without special handling. ``NO_COLOR`` is honoured by Rich. The streams
themselves (encoding, ``COLUMNS``, plain writes) are set up by :mod:`cchc.cli.streams`.

The consoles (and Rich with them) are made when first used: a command that writes only a
machine format (``deadlines --format json|csv|md`` on stdout, the cron run) never imports
Rich, about 30 ms of its start; nor does one whose messages are :func:`say` lines where nothing
is styled (``render``, ``deadlines --remind`` in a CI log or cron).
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
    styled,
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

    # Data and locations are never markup: messages go through say(), table cells are Text,
    # and emoji codes (":100:" in "tasks/x.yaml:100:11", ":smile:" in a title) are never
    # replaced, on both consoles.
    made = Console(stderr=name == "err", highlight=False, emoji=False)
    globals()[name] = made
    return made


def stdout():  # type: ignore[no-untyped-def]
    """The standard output stream, for writers that stream (e.g. JSON arrays), as ``write_plain``
    writes: looked up at each call (Typer's CliRunner swaps it), after Rich's own output."""
    made = globals().get("out")
    (made.file if made is not None else sys.stdout).flush()
    return sys.stdout


Part = str | tuple[str, str]  # plain text, or (text, Rich style)


def say(*parts: Part, stderr: bool = False) -> None:
    """One message line of plain text ``parts`` (data is never markup: nothing to escape), each
    part plain or ``(text, style)``. Where output may be styled (:func:`styled`: a terminal,
    FORCE_COLOR) Rich prints it with its styles; elsewhere it is written as it is, as Rich would
    write it there, without importing Rich. Never wrapped: a log line stays one line."""
    if not styled():
        write_plain("".join(part if isinstance(part, str) else part[0] for part in parts), stderr=stderr)
        return
    from rich.text import Text

    name = "err" if stderr else "out"
    made = globals().get(name) or __getattr__(name)
    made.print(Text.assemble(*parts), soft_wrap=True)
