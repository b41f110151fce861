"""Where the bundled data and templates are, installed (wheel) or in a checkout, and which data
folder a command works on when none is named.

The data folder, when neither an argument, ``--data`` nor ``$CCHC_DATA`` names one, is found
as git finds its repository: from the working folder upwards, the first folder that holds a
``data/`` folder (so ``repo/templates`` or ``repo/data/tasks`` work on ``repo/data``). The walk
stops at the root of a git repository (a folder with ``.git``) and never goes past the user's
home folder; only outside any data repository does cchc fall back to the sample shipped with it
(:func:`locate_data_dir` says so, and the CLI tells the user). Nothing writes into the sample
inside an installed package (:func:`is_installed_sample`, checked by every atomic write).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FOLDER = "data"


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


def installed_sample_dir() -> Path:
    """Where an installed cchc keeps its sample data and templates (site-packages/cchc/_bundled)."""
    return PACKAGE_DIR / "_bundled"


def is_installed_sample(path: Path) -> bool:
    """``path`` lies in the sample shipped inside the installed package: never written to."""
    sample = installed_sample_dir()
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):
        return False
    return resolved == sample or sample in resolved.parents


@dataclass(frozen=True)
class DataLocation:
    """The data folder a command works on, and whether it is the bundled sample (a fallback)."""

    path: Path | None
    sample: bool = False


def find_data_dir(cwd: Path | None = None) -> Path | None:
    """The ``data/`` folder of the data repository the working folder ``cwd`` lies in, found by
    walking up as git does. ``./data`` is taken as it is; a ``data/`` folder further up only
    when it holds data files (``*.yaml`` at most two levels down). The walk stops at a git
    repository's root and below the home folder (``~/data`` is not every project's data)."""
    start = Path(cwd) if cwd is not None else Path.cwd()
    try:
        start = start.resolve()
    except (OSError, RuntimeError):
        return None
    try:
        home: Path | None = Path.home().resolve()
    except (OSError, RuntimeError, KeyError):
        home = None
    for folder in (start, *start.parents):
        if folder == home and folder != start:
            return None
        candidate = folder / DATA_FOLDER
        if candidate.is_dir() and (folder == start or _holds_data_files(candidate)):
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def _holds_data_files(folder: Path) -> bool:
    suffixes = (".yaml", ".yml")
    try:
        for entry in os.scandir(folder):
            if entry.name.startswith("."):
                continue
            if entry.name.lower().endswith(suffixes):
                return True
            if entry.is_dir(follow_symlinks=False):
                with os.scandir(entry.path) as inner:
                    if any(e.name.lower().endswith(suffixes) for e in inner):
                        return True
    except OSError:
        return False
    return False


def repository_data_dir(path: Path) -> Path:
    """A folder named as the data folder: a repository's root (``cchc init`` made it, with
    ``data/`` holding the data files beside README, CI and pre-commit files) means its ``data/``."""
    candidate = Path(path) / DATA_FOLDER
    if candidate.is_dir() and _holds_data_files(candidate):
        return candidate
    return Path(path)


def locate_data_dir(cwd: Path | None = None) -> DataLocation:
    """``$CCHC_DATA``, else the data repository around ``cwd``, else the sample shipped with cchc."""
    env = os.environ.get("CCHC_DATA")
    if env:
        return DataLocation(Path(env))
    found = find_data_dir(cwd)
    if found is not None:
        return DataLocation(found)
    return DataLocation(bundled_data_dir(), sample=True)


def default_data_dir(cwd: Path | None = None) -> Path | None:
    """The data folder of :func:`locate_data_dir` (without saying whether it is the sample)."""
    return locate_data_dir(cwd).path
