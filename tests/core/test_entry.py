"""The executable imports only the command it runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from cchc.cli.entry import COMMAND_MODULES, command_name
from tests.conftest import DATA


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


HEAVY = ("docx", "holidays", "openpyxl", "jinja2", "matplotlib", "cchc.docx", "cchc.render",
         "cchc.services.deadlines")


def _imported_by(args: list[str], cwd, **env: str) -> tuple[set[str], subprocess.CompletedProcess]:
    """Run the real executable (``python -m cchc``) with ``-X importtime``: every module the
    process imported, as Python itself reports it on stderr."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cchc", *args],
                          capture_output=True, text=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1", **env})
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    assert "cchc.cli.entry" in names, done.stderr[-2000:]  # the report was read
    return names, done


def _heavy(names: set[str]) -> list[str]:
    return sorted(n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY))


def test_validate_does_not_import_heavy_modules(tmp_path):
    """`cchc validate` as users run it, cold and then from the cache, reads and checks the whole
    bundled data set without loading Word, Excel, Jinja, the holiday tables or the deadline
    service (they cost about a second of start-up)."""
    repo = tmp_path / "data"
    shutil.copytree(DATA, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    for args in (["validate", str(repo), "--no-cache"], ["validate", str(repo)], ["validate", str(repo)]):
        names, done = _imported_by(args, tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr[-2000:]
        assert "HỢP LỆ" in done.stdout
        assert "cchc.services.validation" in names  # the validation really ran
        assert _heavy(names) == [], args
    assert "lưu đệm" in done.stdout  # the last run took the cached path


def test_live_objects_are_frozen_before_the_interpreter_exits(monkeypatch):
    """The executable keeps the collector off, yet Python runs one full collection over every live
    object at shutdown (a quarter of a one-file validate); ``run`` freezes them first, whether the
    command returns, exits with a code or fails."""
    import gc

    from cchc.cli import entry

    was_enabled = gc.isenabled()
    for outcome in (None, SystemExit(3), RuntimeError("boom")):
        frozen = []
        monkeypatch.setattr(gc, "freeze", lambda frozen=frozen: frozen.append(True))

        def command(outcome=outcome):
            if outcome is not None:
                raise outcome

        monkeypatch.setattr(entry, "_run_command", command)
        try:
            entry.run()
        except (SystemExit, RuntimeError) as exc:
            assert exc is outcome
        assert frozen == [True], outcome
    if was_enabled:
        gc.enable()  # run() turned it off for the process it is meant to end


def test_validate_runs_without_pydantic_plugin_search(tmp_path):
    """The executable replaces Pydantic's plugin loader (cli/entry.py, without_pydantic_plugins):
    validating never imports importlib.metadata, as it would to look for plugins. If a Pydantic
    release stops using the loader this way, this fails and the replacement can go."""
    repo = tmp_path / "data"
    shutil.copytree(DATA, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    names, done = _imported_by(["validate", str(repo), "--no-cache"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "pydantic_core" in names  # the models were built
    assert "importlib.metadata" not in names


def test_pydantic_plugin_loader_stand_in():
    """The stand-in finds no plugin, and serves any other name from Pydantic's real loader."""
    code = ("import sys\n"
            "from cchc.cli.entry import without_pydantic_plugins\n"
            "without_pydantic_plugins()\n"
            "from pydantic.plugin._loader import get_plugins\n"
            "assert list(get_plugins()) == [] and 'importlib.metadata' not in sys.modules\n"
            "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP\n"
            "print(PYDANTIC_ENTRY_POINT_GROUP)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pydantic"


def test_validate_imports_rich_only_to_style_a_terminal(tmp_path):
    """`cchc validate --format github|json` (the check of a pull request), and the text report
    where nothing is styled (a CI log, a pre-commit hook, a pipe), write plain text
    (cli/streams.py): Rich, about a tenth of a one-file validate, is imported only when output is
    styled (a terminal; here FORCE_COLOR stands for one)."""
    repo = tmp_path / "data"
    shutil.copytree(DATA, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    for args in (["--format", "github", "--no-cache"], ["--format", "github"], ["--format", "json"],
                 ["--no-cache"], []):
        names, done = _imported_by(["validate", str(repo), *args], tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr[-2000:]
        assert "cchc.services.validation" in names
        assert sorted(n for n in names if n == "rich" or n.startswith("rich.")) == [], args
    names, done = _imported_by(["validate", str(repo), "--no-cache"], tmp_path, FORCE_COLOR="1")
    assert "rich.table" in names  # a styled report does use it
    assert "\x1b[" in done.stdout


def test_machine_formats_reminders_and_errors_never_import_rich(tmp_path):
    """`cchc deadlines --format json|csv|md` on stdout (the cron run) writes plain text and never
    makes a console (cli/console.py makes them at first use): Rich is about 30 ms of its start;
    nor do `--remind` and an error message where nothing is styled."""
    repo = tmp_path / "data"
    shutil.copytree(DATA, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    for fmt in ("json", "csv", "md"):
        names, done = _imported_by(["--data", str(repo), "deadlines", "--as-of", "2021-07-20",
                                    "--format", fmt], tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr[-2000:]
        assert "cchc.services.deadlines" in names and done.stdout.strip()
        assert sorted(n for n in names if n == "rich" or n.startswith("rich.")) == [], fmt
    # a listing written to a file, and the line that says so
    names, done = _imported_by(["--data", str(repo), "deadlines", "--as-of", "2021-07-20",
                                "-o", str(tmp_path / "han.csv")], tmp_path)
    assert done.returncode == 0 and "\nĐã ghi " in done.stderr and (tmp_path / "han.csv").exists()
    assert sorted(n for n in names if n == "rich" or n.startswith("rich.")) == []
    # a reminder, and the messages that come with it (console.say), where nothing is styled
    names, done = _imported_by(["--data", str(repo), "deadlines", "--as-of", "2021-07-20", "--remind",
                                "-o", str(tmp_path / "r.docx")], tmp_path)
    assert done.returncode == 0 and "Đã ghi công văn đôn đốc" in done.stdout, done.stderr[-2000:]
    assert sorted(n for n in names if n == "rich" or n.startswith("rich.")) == []
    # an error message too (console.say); on a terminal (FORCE_COLOR here) Rich draws it
    names, done = _imported_by(["--data", str(repo), "deadlines", "--within", "-1"], tmp_path)
    assert done.returncode == 2 and "lỗi: giá trị --within «-1» không hợp lệ" in done.stderr
    assert "rich.console" not in names
    names, done = _imported_by(["--data", str(repo), "deadlines", "--within", "-1"], tmp_path, FORCE_COLOR="1")
    assert done.returncode == 2 and "\x1b[" in done.stderr and "rich.console" in names
