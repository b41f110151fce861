"""Atomic file writes, the never-overwrite rule for user files, and Vietnamese I/O errors.

Every file cchc writes goes through this module. A write either replaces the
target completely or leaves it exactly as it was: the bytes go to a temporary
file beside the target, are flushed to disk, then renamed over it. On any
failure (full disk, read-only mount, a name too long, a folder that is a file)
the temporary file is removed and a :class:`WriteError` names the path and the
reason in Vietnamese.

A data file that is a symbolic link stays a link: the write goes to the file it
points to, but only when that file lies inside the data repository (``inside``);
otherwise the write is refused.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from cchc.errors import DataError, OutputExistsError, printable
from cchc.resources import is_installed_sample

# errno → what a civil servant can act on.
_REASONS = {
    errno.ENOSPC: "hết dung lượng đĩa",
    errno.EDQUOT: "vượt hạn mức dung lượng đĩa",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đường dẫn là một thư mục",
    errno.EEXIST: "đã có một tệp trùng tên với thư mục cần tạo",
    errno.ENOENT: "không tìm thấy thư mục chứa",
    errno.ELOOP: "đường dẫn có liên kết tượng trưng vòng lặp",
    errno.EIO: "lỗi đọc/ghi của thiết bị",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EFBIG: "tệp quá lớn",
    errno.EBUSY: "tệp đang bị chương trình khác sử dụng",
}


def os_reason(exc: OSError) -> str:
    """A short Vietnamese reason for an OS error (the English text when the errno is unusual)."""
    reason = _REASONS.get(exc.errno or -1)
    if reason is not None:
        return reason
    return exc.strerror or type(exc).__name__


def display_path(path: Path | str) -> str:
    """A path as text that can always be printed (bytes that are not UTF-8 become �)."""
    return printable(path)


class WriteError(DataError):
    """A file could not be written (exit code 1); the original file, if any, is intact."""


class ReadError(DataError):
    """A file or folder could not be read (exit code 1)."""


def write_error(path: Path, exc: OSError) -> WriteError:
    return WriteError(f"không ghi được {display_path(path)}: {os_reason(exc)}",
                      hint="chọn nơi ghi khác (-o), giải phóng dung lượng hoặc kiểm tra quyền ghi; "
                           "tệp cũ (nếu có) vẫn được giữ nguyên")


def read_error(path: Path, exc: OSError) -> ReadError:
    reason = "không có quyền đọc" if exc.errno in (errno.EACCES, errno.EPERM) else os_reason(exc)
    return ReadError(f"không đọc được {display_path(path)}: {reason}",
                     hint="kiểm tra quyền đọc của tệp/thư mục (chmod, chủ sở hữu)")


def _write_target(path: Path, inside: Path | None) -> Path:
    """The file actually replaced: ``path``, or the target of a symlink inside ``inside``."""
    if not path.is_symlink():
        return path
    target = path.resolve()
    if inside is not None:
        root = inside.resolve()
        if target != root and root not in target.parents:
            raise WriteError(
                f"không ghi được {display_path(path)}: đây là liên kết tượng trưng trỏ ra ngoài "
                f"thư mục dữ liệu ({display_path(target)})",
                hint="cchc không ghi ra ngoài kho dữ liệu; thay liên kết bằng tệp thật nếu muốn sửa")
    return target


def _new_temporary(path: Path) -> str:
    """A new, empty file beside ``path``, readable by its owner only, named ``.<stem>.<random><suffix>``
    (``tempfile.mkstemp``: exclusive creation, never through a link). Imported here: a command
    that writes nothing (an unchanged ``cchc validate``) never pays for ``tempfile``."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=path.suffix[:20], dir=path.parent)
    os.close(fd)
    return tmp


def _replace_atomically(path: Path, producer: Callable[[Path], None], *,
                        inside: Path | None = None,
                        check: Callable[[Path], None] | None = None) -> None:
    """Let ``producer`` write a temporary file beside ``path``, flush it to disk, then rename it
    over ``path``: readers see the old file or the new one, never half of one.

    ``check(target)`` runs just before the rename (e.g. "the file did not change since it was
    read"); whatever it raises leaves the original untouched.
    """
    shown = path
    tmp: str | None = None
    refuse_sample(path)
    try:
        path = _write_target(path, inside)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _new_temporary(path)
        producer(Path(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        if check is not None:
            check(path)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        _release_failed_writer(exc)
        raise write_error(shown, exc) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _release_failed_writer(exc: OSError) -> None:
    """Free what a producer left open when the disk failed under it. A zip writer (python-docx,
    openpyxl) that failed part-way is still referenced by the traceback's frames; when it is
    collected later its ``__del__`` retries the same write, fails again and Python prints
    "Exception ignored in: ZipFile.__del__" with a traceback after cchc's own message. Clearing
    the frames releases it now, with that second, already reported failure kept quiet."""
    import traceback

    previous = sys.unraisablehook
    sys.unraisablehook = lambda report: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = previous


def refuse_sample(path: Path) -> None:
    """Nothing is written into the sample data shipped inside the installed package: it is
    replaced by the next upgrade, and it is everybody's example, not a repository."""
    if is_installed_sample(path):
        raise SampleWriteError(
            f"cchc không ghi vào dữ liệu mẫu đi kèm bản cài đặt ({display_path(path)})",
            hint="tạo kho dữ liệu của mình bằng `cchc init THƯ_MỤC --province …` và chạy lệnh trong đó, "
                 "hoặc chỉ rõ kho bằng --data THƯ_MỤC")


class SampleWriteError(DataError):
    """A write into the bundled sample data of the installed package."""


def atomic_write_bytes(path: Path, data: bytes, *, inside: Path | None = None,
                       expect: bytes | None = None) -> None:
    """Write ``data`` to ``path`` atomically (used for files cchc itself maintains).

    ``inside``: the data repository; a symlinked ``path`` is written through to its target
    only when that lies inside it. ``expect``: the bytes the caller read; if the file no
    longer holds them, the write is refused (someone else changed it meanwhile).
    """
    check = None
    if expect is not None:
        def check(target: Path) -> None:
            ensure_unchanged(target, expect, shown=Path(path))
    _replace_atomically(Path(path), lambda tmp: _write_all(tmp, data), inside=inside, check=check)


def _write_all(tmp: Path, data: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def ensure_unchanged(path: Path, expected: bytes, *, shown: Path | None = None) -> None:
    """Refuse (exit 1) when ``path`` no longer holds ``expected``: another writer got there first."""
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if current != expected:
        raise ConcurrentChangeError(
            f"{display_path(shown or path)} đã bị thay đổi (bởi người hoặc chương trình khác) "
            "trong lúc cchc đang xử lý; cchc không ghi đè để không làm mất thay đổi đó",
            hint="chạy lại lệnh để áp dụng trên nội dung mới")


class ConcurrentChangeError(DataError):
    """The file changed between reading it and replacing it."""


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8", **kwargs) -> None:
    atomic_write_bytes(path, text.encode(encoding), **kwargs)


def ensure_writable(path: Path, *, force: bool) -> None:
    """Refuse to replace an existing file unless the user said --force."""
    try:
        exists = path.exists() or path.is_symlink()
    except OSError as exc:
        raise write_error(path, exc) from None
    if exists and not force:
        raise OutputExistsError(
            f"tệp {display_path(path)} đã tồn tại; cchc không ghi đè tệp của người dùng",
            hint="chọn tên khác với -o, hoặc thêm --force để ghi đè",
        )
    if exists and path.is_dir():
        raise write_error(path, IsADirectoryError(errno.EISDIR, "is a directory"))


def write_output(path: Path, producer: Callable[[Path], None], *, force: bool) -> Path:
    """Run ``producer(tmp_path)`` then move the result into place atomically; refuse to replace a
    user's existing file unless ``force``."""
    path = Path(path)
    ensure_writable(path, force=force)
    _replace_atomically(path, producer)
    return path


# ---- a set of files, all or nothing ------------------------------------------------------------
def write_file_set(root: Path, files: dict[Path, bytes]) -> list[Path]:
    """Write ``files`` (paths relative to ``root``) so that either every one of them is in place or
    nothing of the set is: a failure part-way (full disk, quota, permissions) removes whatever
    this call wrote and raises a :class:`WriteError` naming the file and the reason.

    * ``root`` missing: the whole tree is built in a temporary sibling folder, flushed to disk and
      moved into place with one rename; missing parent folders are created and removed again
      on failure.
    * ``root`` an existing folder (empty, or a repository written over with ``--force``): every
      file is first written in full to a temporary file beside its target (folders created as
      needed); only when all of them are on disk are they renamed into place, one rename each
      (a rename needs no free space). On a failure while writing, the temporary files and the
      folders this call created are removed, so the folder is exactly as it was; if a rename
      fails, the files already replaced get their old content back from hard-link backups.

    Returns the written paths (under ``root``) in the order given. A target that is a symbolic
    link is written through only when the link stays inside ``root`` (as for data files).
    """
    root = Path(root)
    for relative in files:
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            raise ValueError(f"{relative} is not a path inside {root}")
        refuse_sample(root / relative)
    if root.is_symlink() or root.exists():
        if not root.is_dir():
            raise write_error(root, NotADirectoryError(errno.ENOTDIR, "not a directory"))
        _write_into_folder(root, files)
    else:
        _write_new_folder(root, files)
    return [root / relative for relative in files]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _create_parents(folder: Path, created: list[Path]) -> None:
    """``mkdir -p folder``, appending each folder it creates to ``created`` (outermost first)."""
    missing = []
    current = folder
    while not current.exists() and not current.is_symlink():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _remove_created(created: list[Path]) -> None:
    for path in reversed(created):
        try:
            path.rmdir()
        except OSError:
            pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes, mode: int) -> None:
    """A new file with ``data``, flushed to disk (the unit a simulated failure interrupts)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    _write_all(path, data)
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    os.chmod(path, mode)


def _write_new_folder(root: Path, files: dict[Path, bytes]) -> None:
    created: list[Path] = []
    staging: Path | None = None
    current = root
    try:
        _create_parents(root.parent, created)
        import tempfile

        staging = Path(tempfile.mkdtemp(prefix=f".{root.name[:40]}.", suffix=".cchc-tmp", dir=root.parent))
        folder_mode = 0o777 & ~_umask()
        for relative, data in files.items():
            current = root / relative
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_file(path, data, 0o644)
        current = root
        for folder in sorted({staging, *(p for p in staging.rglob("*") if p.is_dir())}):
            os.chmod(folder, folder_mode)
        os.rename(staging, root)
        staging = None
        _fsync_folder(root.parent)
    except OSError as exc:
        raise _set_error(root, current, exc, new=True) from None
    finally:
        if staging is not None:
            import shutil

            shutil.rmtree(staging, ignore_errors=True)
            _remove_created(created)


def _write_into_folder(root: Path, files: dict[Path, bytes]) -> None:
    created: list[Path] = []
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    backups: dict[Path, Path] = {}  # target → hard link to its old content
    current = root
    try:
        for relative, data in files.items():
            current = root / relative
            target = _write_target(current, root)
            _create_parents(target.parent, created)
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "is a directory")
            tmp = _new_temporary(target)
            staged.append((Path(tmp), target))
            os.unlink(tmp)
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            _write_file(Path(tmp), data, mode)
            if target.exists():
                backup = Path(tmp).with_name(Path(tmp).name + ".old")
                os.link(target, backup)
                backups[target] = backup
    except (OSError, WriteError) as exc:
        for tmp, _target in staged:
            tmp.unlink(missing_ok=True)
        for backup in backups.values():
            backup.unlink(missing_ok=True)
        _remove_created(created)
        if isinstance(exc, WriteError):
            raise
        raise _set_error(root, current, exc) from None
    done: list[Path] = []
    try:
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
            done.append(target)
    except OSError as exc:
        for target in done:  # put the old content back (or remove what was new)
            if target in backups:
                os.replace(backups.pop(target), target)
            else:
                target.unlink(missing_ok=True)
        for tmp, _target in staged:
            tmp.unlink(missing_ok=True)
        _remove_created(created)
        raise _set_error(root, current, exc) from None
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)
    for folder in {target.parent for _tmp, target in staged}:
        _fsync_folder(folder)


def _set_error(root: Path, failed: Path, exc: OSError, *, new: bool = False) -> WriteError:
    outcome = f"không tạo {display_path(root)}" if new else f"{display_path(root)} giữ nguyên như trước"
    return WriteError(
        f"không ghi được {display_path(failed)}: {os_reason(exc)}; cchc đã xóa mọi tệp vừa ghi, {outcome}",
        hint="giải phóng dung lượng, kiểm tra quyền ghi hoặc chọn thư mục khác rồi chạy lại")
