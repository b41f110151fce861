"""The `cchc` executable: imports only the command being run, so start-up stays fast.

`cchc validate` on an unchanged repository must answer in well under half a second;
importing every command (python-docx, holidays, Jinja, openpyxl...) would cost a second
by itself. `--help`, no arguments, or an unknown command import everything.
"""

from __future__ import annotations

import importlib
import sys

COMMAND_MODULES = {
    "agency": "agency", "assign": "assign", "deadlines": "deadlines", "diff": "diff", "fmt": "fmt",
    "import": "import_", "init": "init", "initiatives": "initiatives", "render": "render",
    "report": "report", "results": "results",
    "schema": "schema", "validate": "validate",
}
ROOT_OPTIONS_WITH_VALUE = {"--data"}


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
    name = command_name(sys.argv[1:])
    module = COMMAND_MODULES.get(name or "")
    if module is None:
        importlib.import_module("cchc.cli.main")
    else:
        importlib.import_module(f"cchc.cli.{module}")
    from cchc.cli.app import run as run_app

    run_app()
