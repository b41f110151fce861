"""The one rule for data with errors, called by every command that computes from the data.

A command never answers silently from part of the data (#11, contract 7). When loading left
records out because of their own errors (a task whose ``due`` is not a date, a file without a
``schema:`` line…), the command either

* refuses: :class:`DataError` (exit 1) naming the first errors at file and line, and
  ``cchc validate`` for the rest; or
* with the explicit opt-in ``--skip-invalid``, computes from the valid records and records
  what it left out on ``dataset.skipped``, so that its output says "Đã bỏ qua N bản ghi lỗi"
  (table caption, JSON/CSV trailer, Excel note…) as well as the CLI on stderr.

Documents (``render``, reminders, the assignment appendix in Word) always refuse: a signed
document is never drafted from part of the data. Warnings never block.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cchc.errors import DataError
from cchc.io.loader import Dataset, Skipped, load_dataset

SHOWN_ERRORS = 5  # the first errors named in the refusal; `cchc validate` lists them all
SKIP_OPTION = "--skip-invalid"


def require_usable(ds: Dataset, *, skip_invalid: bool = False, document: bool = False,
                   what: str = "tính kết quả") -> Skipped | None:
    """Refuse ``ds`` when loading dropped records, or (``skip_invalid``) note what was dropped.

    Returns (and sets ``ds.skipped`` to) what was left out, None when nothing was.
    """
    errors = ds.load_errors()
    if not errors:
        ds.skipped = None
        return None
    skipped = Skipped(records=ds.dropped_records(), errors=len(errors))
    if skip_invalid and not document:
        ds.skipped = skipped
        return skipped
    shown = ds.located(errors[:SHOWN_ERRORS])
    rest = len(errors) - len(shown)
    more = f"; {rest} lỗi khác không liệt kê ở đây" if rest else ""
    if document:
        hint = f"chạy `cchc validate` để xem tất cả{more}; văn bản chỉ soạn khi dữ liệu không còn lỗi"
    else:
        hint = (f"chạy `cchc validate` để xem tất cả{more}; sửa các lỗi, hoặc thêm {SKIP_OPTION} "
                "để tính trên các bản ghi hợp lệ (kết quả sẽ ghi rõ số bản ghi bị bỏ qua)")
    raise DataError(
        f"dữ liệu có {len(errors)} lỗi làm {skipped.records} bản ghi không dùng được, nên cchc không {what}"
        + (f" ({len(shown)} lỗi đầu tiên dưới đây)" if rest else ""),
        hint=hint, diagnostics=shown)


def usable_dataset(root: Path, *, skip_invalid: bool = False, document: bool = False,
                   what: str = "tính kết quả",
                   progress: Callable[[int, int], None] | None = None) -> Dataset:
    """Load ``root`` and apply :func:`require_usable`: the loading of every computing command."""
    ds = load_dataset(root, progress=progress)
    require_usable(ds, skip_invalid=skip_invalid, document=document, what=what)
    return ds


def mark(ds: Dataset, *tables) -> None:
    """Put what ``ds`` left out (if anything) on each listing (:class:`TableData`), whose every
    format then carries it."""
    if ds.skipped is None:
        return
    for table in tables:
        if ds.skipped.note not in table.warnings:
            table.warnings.append(ds.skipped.note)
