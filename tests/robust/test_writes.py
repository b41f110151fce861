"""Every command that writes: a failed write is exit 1, a Vietnamese reason, the old file intact and
no temporary file left behind; symlinked data files stay links."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc.cli.main import app
from cchc.errors import DataError
from cchc.io import atomic
from cchc.io.atomic import atomic_write_bytes, write_output
from cchc.io.yamlfmt import format_paths

OLD = b"noi dung cu\n"
UNFORMATTED = "schema: tasks@1\ntasks:\n- id: t-1\n  title:   \"Một việc\"\n  lead: so-noi-vu\n"


def _commands(data: Path, out: Path) -> dict[str, tuple[list[str], Path]]:
    """command → (arguments, the file it would replace)."""
    return {
        "render": (["render", "cv-ubnd-2021-nang-cao-chi-so", "-o", str(out / "x.docx"), "--force"], out / "x.docx"),
        "assign": (["assign", "--year", "2021", "--format", "xlsx", "-o", str(out / "x.xlsx"), "--force"],
                   out / "x.xlsx"),
        "assign --from": (["assign", "--year", "2022", "--from", "2021", "-o", str(out / "x.yaml"), "--force"],
                          out / "x.yaml"),
        "initiatives": (["initiatives", "--format", "md", "-o", str(out / "x.md"), "--force"], out / "x.md"),
        "results": (["results", "--format", "json", "-o", str(out / "x.json"), "--force"], out / "x.json"),
        "deadlines --remind": (["deadlines", "--as-of", "2021-07-20", "--remind", "-o", str(out / "r.docx"),
                                "--force"], out / "r.docx"),
        "schema": (["schema", "-o", str(out), "--force"], out / "tasks@1.json"),
        "fmt": (["fmt", str(data)], data / "tasks" / "zz.yaml"),
        "agency end": (["agency", "end", "so-tu-phap", "--on", "2025-02-28", "--successor", "so-noi-vu"],
                       data / "agencies.yaml"),
        "init": (["init", str(out), "--province", "Đắk Lắk", "--year", "2026", "--force"],
                 out / "data" / "agencies.yaml"),
    }


COMMANDS = list(_commands(Path("d"), Path("o")))


def _temp_files(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob(".*")
            if p.is_file() and ".cchc-cache" not in p.parts and p.name not in (
                ".gitignore", ".pre-commit-config.yaml")
            and ".vscode" not in p.parts and ".github" not in p.parts]


@pytest.mark.parametrize("name", COMMANDS)
def test_full_disk_keeps_the_old_file_and_leaves_no_temporary(name, data_copy, tmp_path, runner, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (data_copy / "tasks" / "zz.yaml").write_text(UNFORMATTED, encoding="utf-8")
    args, target = _commands(data_copy, out)[name]
    target.parent.mkdir(parents=True, exist_ok=True)
    before = OLD if not target.exists() else target.read_bytes()
    target.write_bytes(before)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    result = runner.invoke(app, ["--data", str(data_copy), *args])
    assert result.exit_code == 1, result.output
    assert "không ghi được" in result.stderr and "hết dung lượng đĩa" in result.stderr
    assert "Traceback" not in result.output and "lỗi nội bộ" not in result.output
    assert target.read_bytes() == before
    assert _temp_files(out, data_copy) == []


@pytest.mark.parametrize("make_target, reason", [
    (lambda tmp: tmp / "tep-thuong" / "x.md", "một tệp trùng tên với thư mục"),
    (lambda tmp: tmp / "tep-thuong" / "sau" / "x.md", "một phần của đường dẫn là tệp"),
    (lambda tmp: tmp / ("a" * 300 + ".md"), "tên tệp quá dài"),
    (lambda tmp: tmp / "thu-muc.md", "đường dẫn là một thư mục"),
])
def test_impossible_output_paths(make_target, reason, tmp_path, runner, data_copy):
    (tmp_path / "tep-thuong").write_bytes(OLD)
    (tmp_path / "thu-muc.md").mkdir()
    target = make_target(tmp_path)
    result = runner.invoke(app, ["--data", str(data_copy), "initiatives", "--format", "md",
                                 "-o", str(target), "--force"])
    assert result.exit_code == 1, result.output
    assert "không ghi được" in result.stderr and reason in result.stderr
    assert (tmp_path / "tep-thuong").read_bytes() == OLD
    assert _temp_files(tmp_path) == []


def test_permission_denied_is_named(tmp_path, monkeypatch):
    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "_new_temporary", denied)
    with pytest.raises(DataError, match="không ghi được .*x.md: không có quyền ghi"):
        write_output(tmp_path / "x.md", lambda tmp: tmp.write_text("x"), force=False)


def _mount(point: Path, options: str) -> bool:
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs (root only); skipped, with the reason, where mounting is not allowed."""
    point = tmp_path / "dia"
    if os.geteuid() != 0 or shutil.which("mount") is None or not _mount(point, "size=64k"):
        pytest.skip("mounting a tmpfs needs root (the monkeypatched full-disk tests cover the logic)")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_real_full_disk(tiny_disk, runner, data_copy):
    target = tiny_disk / "x.docx"
    target.write_bytes(OLD)
    (tiny_disk / "lap-day").write_bytes(b"\0" * 60 * 1024)
    result = runner.invoke(app, ["--data", str(data_copy), "render", "cv-ubnd-2021-nang-cao-chi-so",
                                 "-o", str(target), "--force"])
    assert result.exit_code == 1, result.output
    assert f"không ghi được {target}: hết dung lượng đĩa" in result.stderr
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["lap-day", "x.docx"]


@pytest.mark.parametrize(("args", "name"), [
    (["render", "cv-ubnd-2021-nang-cao-chi-so"], "x.docx"),
    (["assign", "-y", "2021"], "x.xlsx"),
])
def test_a_real_full_disk_prints_only_cchcs_message(tiny_disk, data_copy, args, name):
    """A zip writer (docx, xlsx) that failed on a full disk is released at once: its ``__del__``
    used to print "Exception ignored in: ZipFile.__del__" and a traceback after cchc's message."""
    (tiny_disk / "lap-day").write_bytes(b"\0" * 60 * 1024)
    target = tiny_disk / name
    run = subprocess.run([sys.executable, "-m", "cchc", "--data", str(data_copy), *args, "-o", str(target)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 1, run.stderr
    assert "hết dung lượng đĩa" in run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr, run.stderr
    assert not target.exists()


def test_a_read_only_mount(tmp_path, runner, data_copy):
    point = tmp_path / "chi-doc"
    if os.geteuid() != 0 or shutil.which("mount") is None or not _mount(point, "size=64k,ro"):
        pytest.skip("mounting a tmpfs needs root")
    try:
        result = runner.invoke(app, ["--data", str(data_copy), "schema", "-o", str(point)])
        assert result.exit_code == 1
        assert "ổ đĩa chỉ cho phép đọc" in result.stderr
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


# ---- symlinked data files -----------------------------------------------------------------------


def test_fmt_keeps_a_symlinked_data_file_a_link(data_copy):
    real = data_copy / "tasks" / "that.yaml"
    real.write_text(UNFORMATTED, encoding="utf-8")
    link = data_copy / "tasks" / "lien-ket.yaml"
    link.symlink_to("that.yaml")
    format_paths([link], write=True)
    assert link.is_symlink() and os.readlink(link) == "that.yaml"
    assert real.read_text(encoding="utf-8") == format_paths([real], write=False).files[0].formatted
    assert "title: \"Một việc\"" in real.read_text(encoding="utf-8")


def test_writing_through_a_link_that_leaves_the_repo_is_refused(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    outside = tmp_path / "ngoai.yaml"
    outside.write_bytes(OLD)
    (repo / "x.yaml").symlink_to(outside)
    with pytest.raises(DataError, match="liên kết tượng trưng trỏ ra ngoài"):
        atomic_write_bytes(repo / "x.yaml", b"new", inside=repo)
    assert outside.read_bytes() == OLD and (repo / "x.yaml").is_symlink()


def test_fmt_refuses_to_follow_a_file_link_given_on_the_command_line_out_of_the_repo(tmp_path, runner):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outside = tmp_path / "ngoai.yaml"
    outside.write_text(UNFORMATTED, encoding="utf-8")
    (repo / "x.yaml").symlink_to(outside)
    result = runner.invoke(app, ["fmt", str(repo / "x.yaml")])
    assert result.exit_code == 1
    assert "trỏ ra ngoài" in result.stderr
    assert outside.read_text(encoding="utf-8") == UNFORMATTED
