"""Atomic file writes and the never-overwrite rule for user files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from cchc.errors import OutputExistsError


def _replace_atomically(path: Path, producer: Callable[[Path], None]) -> None:
    """Let ``producer`` write a temporary file beside ``path``, flush it to disk, then rename it
    over ``path``: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        producer(Path(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (used for files cchc itself maintains)."""
    _replace_atomically(Path(path), lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def ensure_writable(path: Path, *, force: bool) -> None:
    """Refuse to replace an existing file unless the user said --force."""
    if path.exists() and not force:
        raise OutputExistsError(
            f"tệp {path} đã tồn tại; cchc không ghi đè tệp của người dùng",
            hint="chọn tên khác với -o, hoặc thêm --force để ghi đè",
        )


def write_output(path: Path, producer: Callable[[Path], None], *, force: bool) -> Path:
    """Run ``producer(tmp_path)`` then move the result into place atomically; refuse to replace a
    user's existing file unless ``force``."""
    path = Path(path)
    ensure_writable(path, force=force)
    _replace_atomically(path, producer)
    return path
