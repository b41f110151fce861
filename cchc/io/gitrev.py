"""The git revision of a data folder, read from the repository's files (no ``git`` process).

:func:`read_revision` walks up from a folder to the nearest ``.git`` (a directory, or a file
``gitdir: …`` as in worktrees and submodules), reads ``HEAD`` and resolves a symbolic ref through
the loose ref files and ``packed-refs``. Anything unexpected (no repository, an unborn branch, a
corrupt file) gives ``None``: a report built outside git simply has no revision line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_MAX_UP = 64  # folders walked up at most (a safety bound, far above any real depth)


@dataclass(frozen=True)
class Revision:
    commit: str  # full hexadecimal object id
    branch: str | None  # "main"; None for a detached HEAD

    @property
    def short(self) -> str:
        return self.commit[:7]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None


def find_git_dir(start: Path) -> Path | None:
    """The git directory of the repository containing ``start`` (following ``gitdir:`` files)."""
    try:
        current = start.resolve()
    except OSError:
        return None
    for _ in range(_MAX_UP):
        candidate = current / ".git"
        if candidate.is_dir():
            return candidate
        if candidate.is_file():
            text = _read(candidate) or ""
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:"):].strip())
                target = target if target.is_absolute() else (current / target)
                return target.resolve() if target.is_dir() else None
            return None
        if current.parent == current:
            return None
        current = current.parent
    return None


def _common_dir(git_dir: Path) -> Path:
    """Worktrees keep refs in the main repository's git directory (named by ``commondir``)."""
    text = _read(git_dir / "commondir")
    if not text:
        return git_dir
    common = Path(text)
    common = common if common.is_absolute() else git_dir / common
    return common.resolve() if common.is_dir() else git_dir


def _resolve_ref(ref: str, git_dir: Path, common: Path, depth: int = 0) -> str | None:
    if depth > 5 or ".." in ref.split("/"):
        return None
    for folder in dict.fromkeys((git_dir, common)):
        text = _read(folder / ref)
        if text is None:
            continue
        if text.startswith("ref:"):
            return _resolve_ref(text[4:].strip(), git_dir, common, depth + 1)
        return text if _SHA.match(text) else None
    packed = _read(common / "packed-refs")
    for line in (packed or "").splitlines():
        parts = line.split(" ", 1)
        if len(parts) == 2 and parts[1].strip() == ref and _SHA.match(parts[0]):
            return parts[0]
    return None


def read_revision(start: Path) -> Revision | None:
    """The commit checked out in the repository that contains ``start``, or ``None``."""
    git_dir = find_git_dir(start)
    if git_dir is None:
        return None
    head = _read(git_dir / "HEAD")
    if not head:
        return None
    if _SHA.match(head):
        return Revision(head, None)
    if not head.startswith("ref:"):
        return None
    ref = head[4:].strip()
    commit = _resolve_ref(ref, git_dir, _common_dir(git_dir))
    if commit is None:
        return None
    branch = ref[len("refs/heads/"):] if ref.startswith("refs/heads/") else ref
    return Revision(commit, branch)
