"""The `cchc` executable: imports only the command being run, so start-up stays fast.

`cchc validate` on an unchanged repository must answer in well under half a second;
importing every command (python-docx, holidays, Jinja, openpyxl...) would cost a second
by itself. `--help`, no arguments, or an unknown command import no command at all.
"""

from __future__ import annotations

import gc
import importlib
import sys
import types
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


PLUGIN_LOADER = "pydantic.plugin._loader"


def without_pydantic_plugins() -> None:
    """Run cchc's models without third-party Pydantic plugins, as ``PYDANTIC_DISABLE_PLUGINS=__all__``
    would, and without Pydantic's search for them.

    Pydantic looks for plugins when it builds its first validator: its loader imports
    ``importlib.metadata`` (email, zipfile, csv…) and reads every installed package's entry
    points, about 15 ms, a tenth of a one-file ``cchc validate``; the environment variable skips
    the reading but not the import. What validates a pull request must not depend on what else is
    installed, so the loader's module is replaced by one whose ``get_plugins`` finds none; any
    other name is served by the real module, loaded then, so a Pydantic that uses more of it keeps
    working. tests/core/test_entry.py checks that the installed Pydantic takes it.
    """
    if PLUGIN_LOADER in sys.modules:
        return  # already loaded (a caller imported it): nothing to save
    loaded: list[types.ModuleType] = []

    def real(name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of any module (__path__…)
            raise AttributeError(name)
        if not loaded:
            import importlib.machinery
            import importlib.util

            import pydantic.plugin

            spec = importlib.machinery.PathFinder.find_spec(PLUGIN_LOADER, pydantic.plugin.__path__)
            if spec is None or spec.loader is None:
                raise AttributeError(name)
            loaded.append(importlib.util.module_from_spec(spec))
            spec.loader.exec_module(loaded[0])
        return getattr(loaded[0], name)

    stand_in = types.ModuleType(PLUGIN_LOADER)
    stand_in.get_plugins = lambda *args, **kwargs: ()  # type: ignore[attr-defined]
    stand_in.__getattr__ = real  # type: ignore[method-assign]
    sys.modules[PLUGIN_LOADER] = stand_in


def run() -> None:
    without_pydantic_plugins()
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
