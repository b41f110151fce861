"""Shared fixtures: isolated environment, bundled data paths, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

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


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


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
