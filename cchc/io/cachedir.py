"""The cache folder of a data repository, ``<root>/.cchc-cache``: the one way to reach it.

It holds what cchc keeps between runs (the validation verdicts, the holiday snapshot, the
write lock) and ignores itself in git (its own ``.gitignore``). A pull request can still commit
one, and git stores symbolic links: a ``.cchc-cache`` that is a link, or a link in it, would
make cchc read and write outside the repository (the lock file created in another folder, a
verdict written over a file elsewhere). So the folder is used only when it is a real folder,
its files are read without following links and written by replacing the entry itself, and
anything else means no cache: slower, never wrong, nothing outside the repository touched.

A committed cache must not be believed either: a ``validate.json`` holding a verdict of "no
error" for data with errors, under the key that data would have, let a pull request pass the
gate (the key is a digest of cchc's code and the files, which anyone with the same installation,
a CI image for one, can compute); a ``holidays-vn.json`` with invented holidays would move every
deadline. So every cache file is sealed (:func:`read_cached`, :func:`write_cached`): its first
line is a digest of the folder's ``seal`` file, of its random bytes and of its status (device,
inode, change time). A checkout creates every file it brings, a committed ``seal`` too, at a
change time nobody can know in advance, and no program can set that time back: a cache file
written anywhere else, or forged, does not match and is ignored (rebuilt by the run).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

CACHE_DIR = ".cchc-cache"
SEAL_FILE = "seal"
_SEAL_BYTES = 32
_SEAL_LINE = b"cchc-seal "  # + the seal's digest in hex + a newline: the first line of a cache file
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a special file is never waited on


def may_keep(root: Path) -> bool:
    """Whether a cache may be kept for the data at ``root``: a folder this user can write, and
    never the sample shipped inside an installed cchc (site-packages is not written)."""
    from cchc.resources import is_installed_sample

    return os.access(root, os.W_OK) and not is_installed_sample(root)


def cache_dir(root: Path, *, create: bool = False) -> Path | None:
    """``<root>/.cchc-cache`` when it is a real folder (created, with its ``.gitignore``, when
    ``create``); None when it is missing, a link, a file, or cannot be made."""
    folder = Path(root) / CACHE_DIR
    try:
        is_folder = stat.S_ISDIR(os.lstat(folder).st_mode)
    except FileNotFoundError:
        if not create:
            return None
        try:
            folder.mkdir()
        except OSError:
            return None
        _create_new(folder / ".gitignore", b"*\n")
        return folder
    except OSError:
        return None
    return folder if is_folder else None


def _create_new(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    except OSError:
        return  # there already (or not writable): the folder works without it
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _read_regular(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The bytes and status of ``path`` when it is a regular file (never through a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None
        return handle.read(), status


def _seal(folder: Path, *, create: bool = False) -> bytes | None:
    """The first line of every cache file of ``folder``, from its ``seal`` file (made, with random
    bytes, when ``create`` and there is none); None when there is no usable seal."""
    path = folder / SEAL_FILE
    found = _read_regular(path)
    if create and (found is None or len(found[0]) != _SEAL_BYTES):
        try:  # a link, or a file cchc did not write (committed, cut short): replaced by a seal of its own
            if found is not None or path.is_symlink():
                path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            return None
        _create_new(path, os.urandom(_SEAL_BYTES))
        found = _read_regular(path)
    if found is None or len(found[0]) != _SEAL_BYTES:  # not (yet) a seal: no cache file can match it
        return None
    data, status = found
    digest = hashlib.sha256(data)
    digest.update(f"{status.st_dev}:{status.st_ino}:{status.st_ctime_ns}".encode())
    return _SEAL_LINE + digest.hexdigest().encode() + b"\n"


def read_cached(root: Path, name: str) -> bytes | None:
    """The content of the cache file ``name``, or None: no cache folder, no such regular file, a
    link, or a file that this folder's seal did not seal (committed, copied, forged)."""
    folder = cache_dir(root)
    if folder is None:
        return None
    found = _read_regular(folder / name)
    if found is None:
        return None
    data = found[0]
    seal = _seal(folder)
    if seal is None or not data.startswith(seal):
        return None
    return data[len(seal):]


def cache_file(root: Path, name: str) -> Path | None:
    """Where to write the cache file ``name`` (the folder created if need be), or None. A link
    standing there is removed first, so the write replaces the entry, never what it points to."""
    folder = cache_dir(root, create=True)
    if folder is None:
        return None
    path = folder / name
    try:
        if path.is_symlink():
            path.unlink()
    except OSError:
        return None
    return path


def write_cached(root: Path, name: str, text: str) -> bool:
    """Write the cache file ``name`` atomically, sealed (:func:`read_cached`); False when it cannot
    be (a read-only checkout: the next run is only slower)."""
    path = cache_file(root, name)
    if path is None:
        return False
    seal = _seal(path.parent, create=True)
    if seal is None:
        return False
    # imported here: a run that writes no cache never pays for the atomic writer's imports
    from cchc.errors import DataError
    from cchc.io.atomic import atomic_write_text

    try:
        atomic_write_text(path, seal.decode() + text)
    except (OSError, DataError):
        return False
    return True


def file_clock(root: Path) -> tuple[int, int] | None:
    """Now, in nanoseconds, by the clock that stamps files in the cache folder (a network file
    system stamps them by its server's clock, not this machine's), and that folder's device: the
    modification time of the folder's ``clock`` file, touched. None when it cannot be touched
    (no folder yet, read-only)."""
    folder = cache_dir(root)
    if folder is None or not hasattr(os, "O_NOFOLLOW") or os.utime not in os.supports_fd:
        return None
    try:
        fd = os.open(folder / "clock", os.O_WRONLY | os.O_CREAT | _NOFOLLOW, 0o644)
    except OSError:
        return None
    try:
        os.utime(fd)
        status = os.fstat(fd)
        return status.st_mtime_ns, status.st_dev
    except OSError:
        return None
    finally:
        os.close(fd)
