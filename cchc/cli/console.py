"""The two consoles of the CLI: results on stdout, messages on stderr.

Rich resolves ``sys.stdout``/``sys.stderr`` at write time, so Typer's CliRunner
captures both without special handling. ``NO_COLOR`` is honoured by Rich.
"""

from __future__ import annotations

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
