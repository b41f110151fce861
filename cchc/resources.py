"""Where the bundled data and templates are, installed (wheel) or in a checkout."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path | None:
    installed = PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir() and (PACKAGE_DIR.parent / "pyproject.toml").is_file():
        return checkout
    return None


def bundled_data_dir() -> Path | None:
    return _bundled("data")


def bundled_templates_dir() -> Path | None:
    return _bundled("templates")


def default_data_dir(cwd: Path | None = None) -> Path | None:
    """``$CCHC_DATA``, else ``./data``, else the sample data shipped with cchc."""
    env = os.environ.get("CCHC_DATA")
    if env:
        return Path(env)
    local = (cwd or Path.cwd()) / "data"
    if local.is_dir():
        return local
    return bundled_data_dir()
