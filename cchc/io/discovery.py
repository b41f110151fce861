"""Finding the data files of a repository (kept import-light for the cached validate path)."""

from __future__ import annotations

from pathlib import Path

SKIPPED_DIRS = {"templates", "node_modules", "__pycache__"}


def discover(root: Path) -> list[Path]:
    """All data files below ``root``, in a stable order; hidden folders and templates/ are skipped."""
    files = []
    for path in root.rglob("*"):
        if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
            continue
        relative = path.relative_to(root).parts
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in relative[:-1]):
            continue
        files.append(path)
    return sorted(files)
