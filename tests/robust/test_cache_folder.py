"""The cache folder (``.cchc-cache``) never leads cchc outside the repository (cchc/io/cachedir.py).

A pull request can commit a ``.cchc-cache`` of its own, and git keeps symbolic links: the folder
as a link to another folder, or links inside it to files elsewhere. cchc must then neither read
nor write anything outside the repository, and still give the right answers (only slower).
"""

from __future__ import annotations

import os
import shutil

import pytest

from cchc.cli.main import app
from cchc.io.cachedir import cache_dir, read_cached, write_cached
from cchc.io.lock import repo_lock
from cchc.services.validation import validate_repo
from tests.conftest import DATA

CACHE_FILES = ("validate.json", "files.json", ".gitignore", "holidays-vn.json", "write.lock", "clock")


def _snapshot(folder) -> dict:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("không được sửa\n", encoding="utf-8")
    return folder


def _exercise(repo, runner) -> list[int]:
    """Every command that uses the cache folder: validate twice (verdicts, statuses, clock),
    deadlines (the holiday snapshot), fmt (the write lock)."""
    codes = []
    for args in (["validate", str(repo)], ["validate", str(repo)],
                 ["--data", str(repo), "deadlines", "--as-of", "2021-07-20", "--format", "json"],
                 ["fmt", str(repo)]):
        codes.append(runner.invoke(app, args).exit_code)
    return codes


def test_a_cache_folder_that_is_a_link_is_never_used(tmp_path, outside, runner):
    repo = tmp_path / "data"
    shutil.copytree(DATA, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    (repo / ".cchc-cache").symlink_to(outside, target_is_directory=True)
    before = _snapshot(outside)
    assert cache_dir(repo) is None and cache_dir(repo, create=True) is None
    assert write_cached(repo, "validate.json", "{}") is False
    validate_codes = _exercise(repo, runner)
    assert _snapshot(outside) == before  # nothing written there
    assert validate_codes[:3] == [0, 0, 0]  # answered, without a cache
    assert validate_codes[3] == 1  # fmt needs the lock: refused, with a message
    result = runner.invoke(app, ["fmt", str(repo)])
    assert ".cchc-cache không phải là thư mục thật" in result.stderr and "Traceback" not in result.output
    assert not validate_repo(repo).cached


def test_links_inside_the_cache_folder_are_neither_read_nor_written_through(tmp_path, outside, runner):
    repo = tmp_path / "data"
    shutil.copytree(DATA, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    (repo / ".cchc-cache").mkdir()
    for name in CACHE_FILES:
        (outside / name).write_text('{"key": "giả mạo"}\n', encoding="utf-8")
        (repo / ".cchc-cache" / name).symlink_to(outside / name)
    (repo / ".cchc-cache" / "missing.json").symlink_to(outside / "created-through-a-link.json")
    before = _snapshot(outside)
    assert read_cached(repo, "validate.json") is None  # a link is not followed
    assert read_cached(repo, "missing.json") is None
    assert _exercise(repo, runner) == [0, 0, 0, 0]
    assert _snapshot(outside) == before
    assert not (outside / "created-through-a-link.json").exists()
    # the links were replaced by the cache's own files, which work as usual
    assert not (repo / ".cchc-cache" / "validate.json").is_symlink()
    assert validate_repo(repo).cached


def test_the_lock_is_taken_in_a_real_folder_only(tmp_path, outside):
    repo = tmp_path / "data"
    repo.mkdir()
    with repo_lock(repo):
        assert (repo / ".cchc-cache" / "write.lock").exists()
        assert (repo / ".cchc-cache" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    other = tmp_path / "other"
    other.mkdir()
    (other / ".cchc-cache").symlink_to(outside, target_is_directory=True)
    from cchc.errors import DataError

    with pytest.raises(DataError), repo_lock(other):
        pass
    assert sorted(os.listdir(outside)) == ["keep.txt"]


def test_the_lock_says_why_it_cannot_be_taken(tmp_path):
    """A cache folder that is a file is named as such; a folder that cannot be made gets the
    system's reason in Vietnamese."""
    from cchc.errors import DataError

    repo = tmp_path / "data"
    repo.mkdir()
    (repo / ".cchc-cache").write_text("không phải thư mục", encoding="utf-8")
    with pytest.raises(DataError) as caught, repo_lock(repo):
        pass
    assert "không phải là thư mục thật" in caught.value.message
    with pytest.raises(DataError) as caught, repo_lock(tmp_path / "khong-co"):
        pass
    assert "không tìm thấy thư mục chứa" in caught.value.message
