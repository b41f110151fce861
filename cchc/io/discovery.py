"""Finding the data files of a repository (kept import-light for the cached validate path).

The rule for what the data folder reaches (one rule, here):

* every ``*.yaml``/``*.yml`` regular file below the folder is a data file; hidden
  files and folders (``.pre-commit-config.yaml``, ``.github/``, ``.git``, ``.cchc-cache``)
  and ``templates/``, ``node_modules/``, ``__pycache__/`` are not data;
* a symbolic link is followed only when it stays inside the data folder. A link that
  leaves it (even to a file cchc could read), a dangling link and a link loop are
  errors naming the link; nothing outside the repository is ever read. A link to a
  folder inside the repository is not walked a second time: that folder is read at its
  own place;
* a folder or file that cannot be read, or a ``.yaml`` name that is not a regular file
  (a pipe, a device), is an error naming it, never silently skipped;
* a data folder without any data file is an error naming the folder
  (:func:`require_files`), so an empty or mistyped ``--data`` never passes as
  "0 files, valid".
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cchc.errors import DataError, Diagnostic, error, printable

SKIPPED_DIRS = {"templates", "node_modules", "__pycache__"}
DATA_SUFFIXES = (".yaml", ".yml")


@dataclass
class Discovery:
    """The data files of a folder, and the problems met while looking for them."""

    root: Path
    files: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _is_data_name(name: str) -> bool:
    return name.lower().endswith(DATA_SUFFIXES)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "không có quyền đọc"
    return exc.strerror or type(exc).__name__


def _link_problem(entry: Path, real_root: Path) -> tuple[Diagnostic | None, Path | None]:
    """(problem, resolved target) of a symbolic link."""
    try:
        written = os.readlink(entry)
    except OSError:  # pragma: no cover - raced away
        written = "?"
    try:
        target = entry.resolve(strict=True)
    except FileNotFoundError:
        return error(f"liên kết tượng trưng trỏ tới «{printable(written)}» không tồn tại",
                     file=entry, code="dangling-link",
                     hint="xóa liên kết hoặc sửa để trỏ tới một tệp có trong kho dữ liệu"), None
    except (RuntimeError, OSError) as exc:  # a loop (RuntimeError up to Python 3.12, ELOOP after)
        if isinstance(exc, OSError) and exc.errno not in (None, 40):
            return error(f"không đọc được liên kết tượng trưng: {_reason(exc)}", file=entry,
                         code="unreadable"), None
        return error("liên kết tượng trưng tạo thành vòng lặp", file=entry, code="link-loop",
                     hint="xóa liên kết hoặc sửa để trỏ tới một tệp thật"), None
    if not _inside(target, real_root):
        return error(f"liên kết tượng trưng trỏ ra ngoài thư mục dữ liệu (tới «{printable(written)}»); "
                     "cchc không đọc tệp nằm ngoài kho dữ liệu", file=entry, code="link-outside",
                     hint="chép tệp vào kho dữ liệu thay cho liên kết, hoặc xóa liên kết"), None
    return None, target


def scan(root: Path) -> Discovery:
    """All data files below ``root`` in a stable order, and every link or folder that was refused."""
    found = Discovery(root=root)
    try:
        real_root = root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        found.problems.append(error(f"không đọc được thư mục dữ liệu: {_reason(exc)}", file=root,
                                    code="unreadable"))
        return found
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.problems.append(error(f"không đọc được thư mục: {_reason(exc)}", file=folder,
                                        code="unreadable", hint="kiểm tra quyền đọc của thư mục (chmod, chủ sở hữu)"))
            continue
        for entry in entries:
            path = Path(entry.path)
            name = entry.name
            try:
                is_link = entry.is_symlink()
                mode = None if is_link else entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                found.problems.append(error(f"không đọc được: {_reason(exc)}", file=path, code="unreadable"))
                continue
            if is_link:
                if name.startswith(".") or name in SKIPPED_DIRS:
                    continue
                problem, target = _link_problem(path, real_root)
                if problem is not None:
                    # A link to a file that is not data (README.md -> ../README.md) is no concern.
                    # A dangling or looping link without a suffix may have been a data folder.
                    if _is_data_name(name) or os.path.isdir(path) or (
                            problem.code != "link-outside" and not Path(name).suffix):
                        found.problems.append(problem)
                    continue
                assert target is not None
                if target.is_dir():
                    continue  # the folder is read at its own place inside the repository
                mode = target.stat().st_mode
            assert mode is not None
            if stat.S_ISDIR(mode):
                if not (name.startswith(".") or name in SKIPPED_DIRS):
                    stack.append(path)
                continue
            if not _is_data_name(name) or name.startswith("."):
                continue  # hidden files (.pre-commit-config.yaml) are tool configuration, not data
            if not stat.S_ISREG(mode):
                found.problems.append(error("tệp .yaml này không phải tệp thông thường (ống dẫn, thiết bị…); "
                                            "cchc không đọc", file=path, code="not-a-file"))
                continue
            found.files.append(path)
    found.files.sort()
    return found


def discover(root: Path) -> list[Path]:
    """All data files below ``root``, in a stable order (see :func:`scan` for the problems)."""
    return scan(root).files


def require_files(found: Discovery) -> None:
    """A data folder with no data file at all is an error naming the folder."""
    if found.files:
        return
    details = "; ".join(f"{printable(str(p.file))}: {p.message}" for p in found.problems[:3])
    raise DataError(
        f"thư mục dữ liệu {printable(str(found.root))} không có tệp dữ liệu nào (*.yaml)"
        + (f" ({details})" if details else ""),
        hint="chỉ rõ thư mục dữ liệu bằng --data THƯ_MỤC hoặc biến CCHC_DATA, "
             "hoặc tạo kho mới bằng `cchc init`")
