"""What the data folder may reach: symlinks, empty folders and files, unreadable paths, odd names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cchc.cli.main import app
from cchc.errors import DataError
from cchc.io.discovery import scan
from cchc.io.loader import load_dataset
from cchc.services.validation import validate_repo
from tests.conftest import FIXTURES, ROOT

TASK = """schema: tasks@1
tasks:
  - id: bi-mat
    title: "GIÁ TRỊ BÍ MẬT"
    lead: so-noi-vu
"""


def _codes(result) -> dict[str, str]:
    return {d.code: d.display_file(result.root) for d in result.diagnostics}


def test_link_leaving_the_repo_is_an_error_and_never_read(base_repo, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(TASK.replace("lead: so-noi-vu", "lead: khong-co"), encoding="utf-8")
    (base_repo / "tasks").mkdir()
    (base_repo / "tasks" / "secret.yaml").symlink_to(outside)
    (base_repo / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    result = validate_repo(base_repo, use_cache=False)
    links = [d for d in result.errors if d.code == "link-outside"]
    assert {d.display_file(base_repo) for d in links} == {"tasks/secret.yaml", "elsewhere"}
    text = "\n".join(d.format() for d in result.diagnostics)
    assert "BÍ MẬT" not in text and "khong-co" not in text
    assert "bi-mat" not in load_dataset(base_repo).tasks


def test_link_inside_the_repo_is_followed(base_repo):
    (base_repo / "real").mkdir()
    (base_repo / "real" / "tasks.yaml").write_text(TASK, encoding="utf-8")
    (base_repo / "alias.yaml").symlink_to("real/tasks.yaml")
    (base_repo / "again").symlink_to("real", target_is_directory=True)
    found = scan(base_repo)
    assert found.problems == []
    assert [p.relative_to(base_repo).as_posix() for p in found.files] == [
        "agencies.yaml", "alias.yaml", "criteria.yaml", "real/tasks.yaml"]


def test_dangling_links_and_loops_are_reported(base_repo):
    (base_repo / "gone.yaml").symlink_to("nowhere.yaml")
    (base_repo / "a.yaml").symlink_to("b.yaml")
    (base_repo / "b.yaml").symlink_to("a.yaml")
    (base_repo / "README.md").symlink_to("/etc/hostname")  # not data: no concern
    result = validate_repo(base_repo, use_cache=False)
    assert _codes(result) == {"dangling-link": "gone.yaml", "link-loop": "b.yaml"} or {
        d.display_file(base_repo) for d in result.errors} == {"gone.yaml", "a.yaml", "b.yaml"}
    assert not result.ok


@pytest.mark.parametrize("content", ["---\n", "~\n", "--- ~\n", "# only a comment\n---\n"])
def test_a_document_holding_nothing_is_an_empty_file(base_repo, content):
    (base_repo / "zz.yaml").write_text(content, encoding="utf-8")
    result = validate_repo(base_repo, use_cache=False)
    found = [d for d in result.errors if d.code == "empty-file"]
    assert found and found[0].line == 1 and found[0].message == "tệp rỗng: không có dữ liệu"


def test_a_folder_without_data_files_is_an_error_naming_it(tmp_path, runner):
    empty = tmp_path / "trong"
    empty.mkdir()
    (empty / "ghi-chu.txt").write_text("không phải dữ liệu", encoding="utf-8")
    with pytest.raises(DataError, match="trong không có tệp dữ liệu nào"):
        validate_repo(empty)
    with pytest.raises(DataError):
        load_dataset(empty)
    for args in (["validate"], ["deadlines"], ["fmt", "--check", str(empty)]):
        result = runner.invoke(app, ["--data", str(empty), *args])
        assert result.exit_code == 1, (args, result.output)
        assert "không có tệp dữ liệu nào" in result.stderr and str(empty) in result.stderr


def test_proc_self_is_no_data_folder(runner):
    result = runner.invoke(app, ["--data", "/proc/self", "validate"])
    assert result.exit_code == 1
    assert "/proc/self không có tệp dữ liệu nào" in result.stderr


def test_empty_cchc_data_is_a_usage_error(runner):
    result = runner.invoke(app, ["validate"], env={"CCHC_DATA": ""})
    assert result.exit_code == 2
    assert "CCHC_DATA được đặt nhưng rỗng" in result.stderr


def test_a_pipe_named_yaml_is_reported_not_read(base_repo):
    os.mkfifo(base_repo / "ong.yaml")
    result = validate_repo(base_repo, use_cache=False)
    assert [d.code for d in result.errors] == ["not-a-file"]


NOBODY = 65534


SETPRIV = shutil.which("setpriv")


def _as_nobody(code: str, *args: str) -> subprocess.CompletedProcess:
    """Run Python ``code`` as an unprivileged user (root ignores file permissions)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "200"}
    command = [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
               sys.executable, "-c", code, *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or SETPRIV is None,
    reason="needs root and setpriv(1) to run the check as user nobody (root ignores chmod 000)")


@pytest.fixture
def public_tmp():
    """A folder every user can traverse (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cchc-nobody-"))
    os.chmod(folder, 0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            os.chmod(path, 0o755)
    shutil.rmtree(folder, ignore_errors=True)


@needs_root
def test_unreadable_file_and_folder_are_clean_errors(public_tmp):
    repo = public_tmp / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    (repo / "khoa").mkdir()
    shutil.copy(FIXTURES / "base" / "agencies.yaml", repo / "khoa" / "a.yaml")
    for path in repo.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    os.chmod(repo / "criteria.yaml", 0o000)
    os.chmod(repo / "khoa", 0o000)
    code = ("import sys; from cchc.cli.entry import run; sys.argv = ['cchc', '--data', sys.argv[1], "
            "'validate', '--no-cache']; run()")
    done = _as_nobody(code, str(repo))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "criteria.yaml: lỗi: không đọc được tệp: không có quyền đọc" in done.stderr
    assert "khoa: lỗi: không đọc được thư mục: không có quyền đọc" in done.stderr
    # The cached path (content key) must not crash either.
    done = _as_nobody(code.replace(", '--no-cache'", ""), str(repo))
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_file_name_that_is_not_utf8(base_repo, runner):
    name = os.fsdecode(b"nhi\xe1m-vu.yaml")  # Latin-1 bytes: not valid UTF-8
    (base_repo / name).write_text(TASK.replace("so-noi-vu", "khong-co"), encoding="utf-8")
    for extra in ([], ["--no-cache"], []):
        result = runner.invoke(app, ["validate", str(base_repo), *extra])
        assert result.exit_code == 1, result.output
        assert "nhi\ufffdm-vu.yaml:5:11" in result.stderr
    result = runner.invoke(app, ["validate", str(base_repo), "--format", "json"])
    assert result.exit_code == 1 and "nhi\ufffdm-vu.yaml" in result.stdout
