"""What every example test needs: the CLI run on the module's ``EXAMPLE`` repository from a
scratch working folder, its deadlines as JSON rows by id, and a Word document's paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from cchc.cli.main import app

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture
def cchc(request, runner, tmp_path, monkeypatch):
    """``cchc(*args, code=0)``: the command on the test module's ``EXAMPLE`` (``--data``), its
    exit code checked; files it writes land in ``tmp_path``."""
    example = request.module.EXAMPLE
    monkeypatch.chdir(tmp_path)

    def run(*args: str, code: int = 0):
        result = runner.invoke(app, ["--data", str(example), *args], env=ENV)
        assert result.exit_code == code, result.output
        return result

    return run


def deadline_rows(cchc, *args: str) -> dict[str, dict]:
    """``cchc deadlines --format json`` rows by task id."""
    return {row["id"]: row for row in json.loads(cchc("deadlines", "--format", "json", *args).stdout)}


def paragraphs(path: Path) -> list[str]:
    """The non-empty paragraphs of a .docx."""
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
