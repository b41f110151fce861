"""The shared CLI runner (tests/conftest.py) lets no bug pass: an exception escaping the app
fails the test, and so does exit code 70, the CLI's "lỗi nội bộ" for an exception it caught."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from cchc.cli.app import command
from tests.conftest import INTERNAL_ERROR, Runner


def _app(body) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @command
    def run() -> None:
        body()

    @app.command()
    def other() -> None:  # a second command, so Typer keeps the sub-command name
        pass

    return app


def _bug() -> None:
    {}["không-có"]  # noqa: B018 - the bug under test


def test_exit_70_with_a_swallowed_exception_fails_the_test_and_shows_it():
    with pytest.raises(AssertionError, match="exited 70") as info:
        Runner().invoke(_app(_bug), ["run"])
    assert isinstance(info.value.__cause__, KeyError)  # the traceback pytest prints is the bug's


def test_a_test_of_the_internal_error_message_may_allow_it():
    result = Runner().invoke(_app(_bug), ["run"], internal_error_ok=True)
    assert result.exit_code == INTERNAL_ERROR and "lỗi nội bộ" in result.stderr


def test_an_exception_escaping_the_app_is_raised_not_recorded():
    app = typer.Typer()

    @app.command()
    def run() -> None:  # no @command: nothing turns the bug into a message
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        Runner().invoke(app, [])


def test_every_cli_test_uses_the_shared_runner():
    """A bare CliRunner would swallow exceptions again; only the fuzz harness, which records
    exceptions as findings itself, and conftest build their own."""
    tests = Path(__file__).resolve().parent.parent
    allowed = {tests / "conftest.py", tests / "fuzz" / "harness.py", Path(__file__).resolve()}
    offenders = [str(path.relative_to(tests)) for path in sorted(tests.rglob("*.py"))
                 if path not in allowed and re.search(r"\bCliRunner\(", path.read_text(encoding="utf-8"))]
    assert offenders == [], "use the `runner` fixture (tests.conftest.Runner), not a bare CliRunner"
