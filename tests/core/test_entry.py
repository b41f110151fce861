"""The executable imports only the command it runs."""

from __future__ import annotations

import subprocess
import sys

from cchc.cli.entry import COMMAND_MODULES, command_name


def test_command_name_skips_root_options():
    assert command_name(["validate", "data"]) == "validate"
    assert command_name(["--data", "x", "assign", "--year", "2021"]) == "assign"
    assert command_name(["--debug", "--data=x", "render", "--list"]) == "render"
    assert command_name(["--help"]) is None
    assert command_name([]) is None


def test_every_command_module_is_known():
    import cchc.cli.main  # noqa: F401
    from cchc.cli.app import app

    registered = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert registered == set(COMMAND_MODULES)


def test_validate_does_not_import_heavy_modules(tmp_path):
    code = ("import sys; sys.argv=['cchc','validate','--help']\n"
            "from cchc.cli.entry import run\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('docx','holidays','openpyxl','jinja2','cchc.services.deadlines') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
