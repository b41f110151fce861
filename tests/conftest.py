"""Shared fixtures: isolated environment, bundled data paths, a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# A CI that forces colour (FORCE_COLOR, Rich's TTY_* variables) would style every expected
# output: dropped before anything builds a console (Rich decides when a Console is made).
for _name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
    os.environ.pop(_name, None)

import pytest  # noqa: E402
import typer  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from cchc.cli import console as _console  # noqa: E402

# The CLI makes its consoles at their first use; a Rich console made while COLUMNS is set keeps
# that width for good. A process of the CLI has one environment, but the tests set COLUMNS per
# test: the consoles are made here, before any test sets it, so that each test's COLUMNS applies.
_console.out, _console.err  # noqa: B018

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parent / "golden" / "seeds"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERMINAL_WIDTH", "200")
    monkeypatch.delenv("CCHC_DATA", raising=False)
    monkeypatch.delenv("CCHC_TODAY", raising=False)
    monkeypatch.delenv("CCHC_DEBUG", raising=False)
    from cchc.cli.app import state

    state.data = None
    state.debug = False


INTERNAL_ERROR = 70
"""The exit code of "lỗi nội bộ của cchc": an unexpected exception the CLI turned into a message."""


def _swallowed(result) -> BaseException | None:
    """The exception behind an exit code: the CLI raises ``typer.Exit(70) from None`` inside its
    ``except Exception``, so the original stays on the ``__context__`` chain of the SystemExit."""
    seen = result.exc_info[1] if result.exc_info else None
    while seen is not None and isinstance(seen, SystemExit | typer.Exit):
        seen = seen.__cause__ or seen.__context__
    return seen


class Runner(CliRunner):
    """Typer's CliRunner that lets no bug pass unseen (COMMON: CLI tests through CliRunner).

    * ``catch_exceptions=False`` by default: an exception escaping the app fails the test with
      its own traceback instead of becoming ``result.exit_code == 1``;
    * an exit code of 70 (the CLI caught an unexpected exception and printed "lỗi nội bộ")
      fails the test, chained to the swallowed exception and its traceback, unless the test
      says ``internal_error_ok=True`` (a test of that very message).
    """

    def invoke(self, cli, args=None, *, internal_error_ok: bool = False, **kwargs):  # type: ignore[override]
        kwargs.setdefault("catch_exceptions", False)
        result = super().invoke(cli, args, **kwargs)
        if result.exit_code == INTERNAL_ERROR and not internal_error_ok:
            shown = " ".join(map(str, args or []))
            raise AssertionError(f"`cchc {shown}` exited {INTERNAL_ERROR} (lỗi nội bộ): "
                                 f"{(result.output or '')[-2000:]}") from _swallowed(result)
        return result


@pytest.fixture
def runner() -> Runner:
    """The CLI runner every CLI test uses (see :class:`Runner`)."""
    return Runner()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the bundled data."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".cchc-cache"))
    return target


@pytest.fixture
def base_repo(tmp_path) -> Path:
    """A tiny valid repository (agencies and a criteria set) to add one file to."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", target)
    return target
