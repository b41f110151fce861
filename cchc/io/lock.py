"""One writer at a time on a data repository.

Every command that rewrites data files (``cchc fmt``, ``cchc agency end``, ``cchc init``
into an existing folder, and any future import) runs inside :func:`repo_lock` and
replaces each file with ``atomic_write_bytes(..., expect=<bytes it read>)``: the lock
keeps two cchc processes from interleaving, and the re-read just before the rename
catches an editor (or anything else that does not take the lock) that changed the file
meanwhile. Either way no update is lost: the late writer refuses with exit 1.

The lock is an OS file lock (``filelock``: ``fcntl`` on Linux/macOS, ``msvcrt`` on
Windows) on ``<repo>/.cchc-cache/write.lock``; the folder is git-ignored and is where
the validation cache lives. It is released when the process ends, even by a crash.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from filelock import FileLock, Timeout

from cchc.errors import DataError, printable
from cchc.io.atomic import WriteError, refuse_sample, write_error
from cchc.io.cachedir import CACHE_DIR as LOCK_DIR
from cchc.io.cachedir import cache_dir, cache_file

LOCK_FILE = "write.lock"
DEFAULT_TIMEOUT = 60.0  # seconds; a formatter run on a big repository takes a few


class RepoBusyError(DataError):
    """Another cchc process holds the write lock of the repository."""


def lock_path(root: Path) -> Path:
    return Path(root) / LOCK_DIR / LOCK_FILE


def repo_root_for(path: Path) -> Path:
    """The repository a data file belongs to, for locking: the nearest folder (from the file's
    own) that holds a ``.cchc-cache`` or ``.git`` folder, else the file's folder."""
    path = Path(path)
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / LOCK_DIR).is_dir() or (folder / ".git").exists():
            return folder
    return start


def _refuse_lock_place(root: Path, target: Path) -> NoReturn:
    """Why the lock file cannot be made, in the words of the case: the cache folder is no real
    folder (a link a pull request committed, a file), or the system's reason it cannot be made."""
    folder = target.parent
    if os.path.lexists(folder) and cache_dir(root) is None:
        raise WriteError(f"không tạo được tệp khóa {printable(target)}: {LOCK_DIR} không phải là thư mục "
                         "thật trong kho dữ liệu (có thể là liên kết tượng trưng)",
                         hint=f"xóa {LOCK_DIR} (cchc tạo lại), rồi chạy lại")
    try:
        folder.mkdir(exist_ok=True)  # the system says why it cannot be made
    except OSError as exc:
        raise write_error(target, exc) from None
    raise WriteError(f"không tạo được tệp khóa {printable(target)}",
                     hint=f"kiểm tra quyền ghi trong {LOCK_DIR}, rồi chạy lại")


@contextmanager
def repo_lock(root: Path, *, timeout: float | None = None) -> Iterator[Path]:
    """Hold the write lock of the data repository at ``root`` (waits up to ``timeout`` s)."""
    root = Path(root)
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    target = lock_path(root)
    refuse_sample(root)
    if cache_file(root, LOCK_FILE) is None:
        _refuse_lock_place(root, target)
    lock = FileLock(str(target), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise RepoBusyError(
            f"kho dữ liệu {printable(root)} đang được một lệnh cchc khác ghi (chờ quá {timeout:g} giây)",
            hint="đợi lệnh kia chạy xong rồi chạy lại") from None
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        yield root
    finally:
        lock.release()
