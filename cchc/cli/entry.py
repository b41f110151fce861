"""The `cchc` executable: imports only the command being run, so start-up stays fast.

`cchc validate` on an unchanged repository must answer in well under half a second;
importing every command (python-docx, holidays, Jinja, openpyxl...) would cost a second
by itself. `--help`, no arguments, or an unknown command import no command at all.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

ROOT_OPTIONS_WITH_VALUE = {"--data"}


def __getattr__(name: str) -> Any:
    # cchc.cli.lazy imports Typer: a plain `cchc validate` answered before Typer loads must not
    # pay for it, so the command table is looked up there only when a command is imported.
    if name == "COMMAND_MODULES":
        from cchc.cli.lazy import COMMAND_MODULES

        return COMMAND_MODULES
    raise AttributeError(name)


def command_name(argv: list[str]) -> str | None:
    """The sub-command named on the command line, skipping the root options."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ROOT_OPTIONS_WITH_VALUE:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def run() -> None:
    # A command is one short process that builds large, acyclic data (records, rows, XML) and
    # keeps it to the end: the cyclic garbage collector would only rescan it again and again
    # (measured: a quarter of `deadlines --remind` on 50,000 tasks), so it stays off.
    gc.disable()
    try:
        _run_command()
    finally:
        # Python still runs one full collection over every live object when it shuts down,
        # even with the collector off: after a one-file validate that is a quarter of the
        # process (60 ms of 280). Everything alive now lives until the exit anyway, so it is
        # moved out of the collector's sight; reference counting still frees it as usual.
        gc.freeze()


def _run_command() -> None:
    name = command_name(sys.argv[1:])
    if name == "validate":  # the check of every pull request: run before Typer loads (cli/cached.py)
        from cchc.cli.cached import validate_early

        try:
            code = validate_early(sys.argv[1:])
        except KeyboardInterrupt:
            from cchc.cli import console

            console.err.print("Đã hủy.")
            sys.exit(130)
        if code is not None:
            sys.exit(code)
    from cchc.cli.lazy import COMMAND_MODULES

    module = COMMAND_MODULES.get(name or "")
    if module is not None:
        importlib.import_module(f"cchc.cli.{module}")
    # Otherwise (--help, no command, an unknown one) nothing is imported: the root group lists
    # the commands from their modules' source (cchc/cli/lazy.py).
    from cchc.cli.app import run as run_app

    run_app()
