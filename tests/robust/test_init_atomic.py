"""`cchc init` (and `cchc schema`) write a set of files all or nothing: a failure at any file leaves
the target without any part of the scaffold, and a Vietnamese message names the path."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cchc.cli.main import app
from cchc.io import atomic

INIT = ["init", "--province", "Đắk Lắk", "--year", "2026"]


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry below ``folder`` (files with their bytes, folders as None)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def scaffold_size(tmp_path_factory) -> int:
    """How many files a scaffold has (the set the failures are injected into)."""
    from tests.conftest import Runner

    target = tmp_path_factory.mktemp("full") / "kho"
    result = Runner().invoke(app, [*INIT[:1], str(target), *INIT[1:]])
    assert result.exit_code == 0, result.output
    files = [p for p in target.rglob("*") if p.is_file()]
    assert len(files) >= 15
    return len(files)


def _fail_at(monkeypatch, k: int, function: str = "_write_all") -> list[int]:
    """Make the ``k``-th call (0-based) of ``atomic.<function>`` fail with a full disk."""
    calls = [0]
    real = getattr(atomic, function) if hasattr(atomic, function) else getattr(atomic.os, function)

    def failing(*args, **kwargs):
        calls[0] += 1
        if calls[0] - 1 == k:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    if hasattr(atomic, function):
        monkeypatch.setattr(atomic, function, failing)
    else:
        monkeypatch.setattr(atomic.os, function, failing)
    return calls


def _assert_refused(result, where: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "lỗi nội bộ" not in result.output
    assert "không ghi được" in result.stderr and "hết dung lượng đĩa" in result.stderr
    assert str(where) in " ".join(result.stderr.split()), result.stderr  # the path is named
    assert "đã tạo" not in result.stdout


def test_a_failure_at_any_file_leaves_no_new_folder(scaffold_size, tmp_path, runner, monkeypatch):
    for k in range(scaffold_size):
        parent = tmp_path / f"k{k}"
        parent.mkdir()
        target = parent / "chua-co" / "kho"  # two missing levels: both created, both removed again
        with monkeypatch.context() as patch:
            calls = _fail_at(patch, k)
            result = runner.invoke(app, [*INIT[:1], str(target), *INIT[1:]])
        assert calls[0] == k + 1, f"file {k}: the writer was called {calls[0]} times"
        _assert_refused(result, target)
        assert f"không tạo {target}" in " ".join(result.stderr.split())
        assert list(parent.iterdir()) == [], f"file {k}: {_tree(parent)}"


def test_a_failure_at_any_file_leaves_an_empty_folder_empty(scaffold_size, tmp_path, runner, monkeypatch):
    for k in range(scaffold_size):
        target = tmp_path / f"k{k}"
        target.mkdir()
        with monkeypatch.context() as patch:
            _fail_at(patch, k)
            result = runner.invoke(app, [*INIT[:1], str(target), *INIT[1:]])
        _assert_refused(result, target)
        assert f"{target} giữ nguyên như trước" in " ".join(result.stderr.split())
        assert _tree(target) == {}, f"file {k}"


def test_a_failure_at_any_file_keeps_an_existing_repository(scaffold_size, tmp_path, runner, monkeypatch):
    """--force over an existing repository: every file keeps its old bytes, nothing is added."""
    target = tmp_path / "kho"
    assert runner.invoke(app, [*INIT[:1], str(target), *INIT[1:]]).exit_code == 0
    (target / "README.md").write_text("# Ghi chú riêng của đơn vị\n", encoding="utf-8")
    (target / "data" / "agencies.yaml").unlink()  # one file of the set is missing: it must stay missing
    before = _tree(target)
    for k in range(scaffold_size):
        with monkeypatch.context() as patch:
            _fail_at(patch, k)
            result = runner.invoke(app, [*INIT[:1], str(target), *INIT[1:], "--force"])
        _assert_refused(result, target)
        after = {k: v for k, v in _tree(target).items() if ".cchc-cache" not in k}  # the write lock
        assert after == before, f"file {k}"


def test_a_failed_rename_puts_every_replaced_file_back(scaffold_size, tmp_path, runner, monkeypatch):
    target = tmp_path / "kho"
    assert runner.invoke(app, [*INIT[:1], str(target), *INIT[1:]]).exit_code == 0
    for path in target.rglob("*"):
        if path.is_file():
            path.write_bytes(b"cu\n")
    before = _tree(target)
    for k in (0, scaffold_size // 2, scaffold_size - 1):
        with monkeypatch.context() as patch:
            _fail_at(patch, k, "replace")
            result = runner.invoke(app, [*INIT[:1], str(target), *INIT[1:], "--force"])
        _assert_refused(result, target)
        after = {k: v for k, v in _tree(target).items() if ".cchc-cache" not in k}
        assert after == before, f"rename {k}"


def test_a_failed_final_rename_leaves_nothing(tmp_path, runner, monkeypatch):
    target = tmp_path / "kho"
    _fail_at(monkeypatch, 0, "rename")
    result = runner.invoke(app, [*INIT[:1], str(target), *INIT[1:]])
    _assert_refused(result, target)
    assert list(tmp_path.iterdir()) == []


def test_schema_writes_all_or_nothing(tmp_path, runner, monkeypatch):
    out = tmp_path / "schemas"
    _fail_at(monkeypatch, 3)
    result = runner.invoke(app, ["schema", "-o", str(out)])
    _assert_refused(result, out)
    assert list(tmp_path.iterdir()) == []


def test_a_scaffold_link_leaving_the_folder_is_not_written_through(tmp_path, runner):
    target = tmp_path / "kho"
    assert runner.invoke(app, [*INIT[:1], str(target), *INIT[1:]]).exit_code == 0
    outside = tmp_path / "ngoai.md"
    outside.write_text("không được sửa\n", encoding="utf-8")
    (target / "README.md").unlink()
    (target / "README.md").symlink_to(outside)
    before = _tree(target)
    result = runner.invoke(app, [*INIT[:1], str(target), *INIT[1:], "--force"])
    assert result.exit_code == 1, result.output
    assert "trỏ ra ngoài" in result.stderr
    assert outside.read_text(encoding="utf-8") == "không được sửa\n"
    assert {k: v for k, v in _tree(target).items() if ".cchc-cache" not in k} == before


def _mount(point: Path, size: str) -> bool:
    point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True)
    return done.returncode == 0


@pytest.mark.parametrize("into_mount_point", [False, True], ids=["new-folder", "empty-mount-point"])
def test_init_on_a_real_small_disk(into_mount_point, tmp_path, runner):
    """A tmpfs too small for the scaffold (root only): the disk ends up exactly as before."""
    point = tmp_path / "dia"
    if not _mount(point, "64k"):
        pytest.skip("mounting a tmpfs needs root (the monkeypatched failures cover the logic)")
    try:
        (point / "san-co").write_bytes(b"x" * 8 * 1024)
        target = point if into_mount_point else point / "kho"
        if into_mount_point:
            (point / "san-co").unlink()
        before = _tree(point)
        result = runner.invoke(app, [*INIT[:1], str(target), *INIT[1:]])
        _assert_refused(result, target)
        assert _tree(point) == before
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)
