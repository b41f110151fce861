"""`cchc --help` lists every command without importing them, exactly as with all imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cchc.cli.lazy import COMMAND_MODULES, command_summary
from tests.conftest import Runner

ENV = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
PROBE = """
import sys
sys.argv = ["cchc", "--help"]
from cchc.cli.entry import run
try:
    run()
except SystemExit:
    pass
heavy = sorted(m for m in ("docx", "jinja2", "holidays", "openpyxl", "cchc.io.loader", "cchc.services.deadlines")
               if m in sys.modules)
print("IMPORTED:", heavy)
"""


def _words(text: str) -> list[str]:
    """The words in reading order, whatever width the panels were wrapped to."""
    return text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split()


def test_root_help_is_the_same_as_with_every_command_imported() -> None:
    from cchc.cli.main import app

    full = Runner().invoke(app, ["--help"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    lazy = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=ENV, check=True)
    listing, _, imported = lazy.stdout.rpartition("IMPORTED:")
    assert _words(listing) == _words(full.stdout)
    assert imported.strip() == "[]"


def test_every_registered_command_has_its_summary_read_from_source() -> None:
    from cchc.cli.main import app

    registered = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert registered <= set(COMMAND_MODULES)
    for name in registered:
        assert command_summary(name), name


def test_summaries_are_kept_beside_the_bytecode_and_follow_the_source(tmp_path, monkeypatch) -> None:
    import shutil

    from cchc.cli import lazy

    cli = Path(lazy.__file__).parent
    for module in set(COMMAND_MODULES.values()):
        shutil.copy(cli / f"{module}.py", tmp_path / f"{module}.py")
    monkeypatch.setattr(lazy, "__file__", str(tmp_path / "lazy.py"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    lazy.all_summaries.cache_clear()
    try:
        first = lazy.all_summaries()
        assert first["validate"] and list((tmp_path / "__pycache__").glob("lazy-help.*.json"))
        lazy.all_summaries.cache_clear()
        assert lazy.all_summaries() == first  # read back from the cache
        source = (tmp_path / "validate.py").read_text(encoding="utf-8")
        (tmp_path / "validate.py").write_text(source.replace(first["validate"].splitlines()[0],
                                                             "Tóm tắt đã sửa.", 1), encoding="utf-8")
        lazy.all_summaries.cache_clear()
        assert lazy.all_summaries()["validate"].startswith("Tóm tắt đã sửa.")
    finally:
        lazy.all_summaries.cache_clear()
