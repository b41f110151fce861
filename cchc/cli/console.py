"""The two consoles of the CLI: results on stdout, messages on stderr.

Rich resolves ``sys.stdout``/``sys.stderr`` at write time, so Typer's CliRunner
captures both without special handling. ``NO_COLOR`` is honoured by Rich. The streams
themselves (encoding, ``COLUMNS``, plain writes) are set up by :mod:`cchc.cli.streams`.
"""

from __future__ import annotations

import sys

from rich.console import Console

from cchc.cli.streams import (  # noqa: F401  (re-exported: the CLI's one output module)
    FALLBACK_ERRORS,
    MIN_COLUMNS,
    setup_columns,
    setup_stream,
    setup_streams,
    write_plain,
)

setup_columns()
# Data and locations are never markup: every piece of data is passed through
# rich.markup.escape, and emoji codes (":100:" in "tasks/x.yaml:100:11", ":smile:" in a
# title) are never replaced, on both consoles.
out = Console(highlight=False, emoji=False)
err = Console(stderr=True, highlight=False, emoji=False)


def stdout():  # type: ignore[no-untyped-def]
    """The standard output stream, for writers that stream (e.g. JSON arrays), as ``write_plain``
    writes: looked up at each call (Typer's CliRunner swaps it), after Rich's own output."""
    out.file.flush()
    return sys.stdout
