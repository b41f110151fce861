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


# --------------------------------------------------------------------------- a committed cache


def _forged_verdict(repo) -> str:
    """A ``validate.json`` saying "no error" under the key ``repo``'s files have: what anyone with
    the same installation of cchc (a CI image) can compute and commit."""
    import json

    from cchc.io.discovery import scan
    from cchc.services import validation

    found = scan(repo)
    hashes, _ = validation._hashes(repo, found.files)
    return json.dumps({"key": validation._content_key(hashes), "file_count": len(found.files),
                       "files": {}, "records": {}, "diagnostics": []})


def _broken_copy(tmp_path, name):
    repo = tmp_path / name
    shutil.copytree(DATA, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    with open(repo / "agencies.yaml", "a", encoding="utf-8") as handle:
        handle.write("hỏng: [chưa đóng\n")
    return repo


def test_a_committed_verdict_is_never_believed(tmp_path, runner):
    """A pull request that brings a ``.cchc-cache`` with a forged "no error" verdict, unsealed
    or sealed where it was made, still fails the gate once checked out (copied: every file is
    created anew, as a checkout creates it)."""
    made = _broken_copy(tmp_path, "made")
    assert runner.invoke(app, ["validate", str(made)]).exit_code == 1
    (made / ".cchc-cache" / "validate.json").write_text(_forged_verdict(made), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(made)]).exit_code == 1  # unsealed: not believed
    assert write_cached(made, "validate.json", _forged_verdict(made))
    # the check can fail: in the folder that sealed it, the forged verdict is believed
    assert runner.invoke(app, ["validate", str(made)]).exit_code == 0
    checkout = tmp_path / "checkout"
    shutil.copytree(made, checkout)  # the seal and the sealed verdict come along
    assert _forged_verdict(checkout) == _forged_verdict(made)  # the same key
    assert read_cached(checkout, "validate.json") is None
    result = runner.invoke(app, ["validate", str(checkout), "--format", "github"])
    assert result.exit_code == 1 and "title=cchc yaml-syntax" in result.stdout
    # the run replaced the cache with one of its own, which the next run believes
    assert validate_repo(checkout).cached


def test_a_committed_holiday_snapshot_is_never_believed(tmp_path, runner, monkeypatch):
    """A ``holidays-vn.json`` that turns every weekday of July 2021 into a holiday, under the
    installed package's key, would move every deadline: a committed one changes nothing."""
    import json
    from datetime import date, timedelta

    from cchc.calendar import library

    def fresh_process():
        monkeypatch.setattr(library, "_years", {})
        monkeypatch.setattr(library, "_range", None)

    args = ["deadlines", "--as-of", "2021-07-20", "--format", "json"]
    plain = tmp_path / "plain"
    shutil.copytree(DATA, plain, ignore=shutil.ignore_patterns(".cchc-cache"))
    fresh_process()
    expected = runner.invoke(app, ["--data", str(plain), *args])
    assert expected.exit_code == 0
    snapshot = json.loads(read_cached(plain, "holidays-vn.json"))
    items = snapshot["years"]["2021"]["items"]
    day = date(2021, 7, 1)
    while day.month == 7:
        if day.weekday() < 5:
            items.append([day.toordinal(), "Ngày nghỉ bịa ra"])
        day += timedelta(days=1)
    forged = json.dumps(snapshot, ensure_ascii=False)

    trusted = tmp_path / "trusted"  # the check can fail: a snapshot sealed here is believed
    shutil.copytree(plain, trusted, ignore=shutil.ignore_patterns(".cchc-cache"))
    assert write_cached(trusted, "holidays-vn.json", forged)
    fresh_process()
    moved = runner.invoke(app, ["--data", str(trusted), *args])
    assert moved.exit_code == 0 and moved.stdout != expected.stdout

    checkout = tmp_path / "checkout"  # the same files, checked out elsewhere
    shutil.copytree(trusted, checkout)
    (checkout / ".cchc-cache" / "unsealed.json").write_text(forged, encoding="utf-8")
    os.replace(checkout / ".cchc-cache" / "unsealed.json", checkout / ".cchc-cache" / "holidays-vn.json")
    fresh_process()
    assert runner.invoke(app, ["--data", str(checkout), *args]).stdout == expected.stdout
    shutil.rmtree(checkout)
    shutil.copytree(trusted, checkout)  # sealed where it was made
    fresh_process()
    assert runner.invoke(app, ["--data", str(checkout), *args]).stdout == expected.stdout


def test_a_seal_that_is_a_link_or_of_another_length_is_replaced(tmp_path, outside):
    repo = tmp_path / "data"
    (repo / ".cchc-cache").mkdir(parents=True)
    (outside / "seal").write_bytes(b"x" * 32)
    (repo / ".cchc-cache" / "seal").symlink_to(outside / "seal")
    assert write_cached(repo, "validate.json", "{}")  # the link is replaced by a seal of its own
    assert not (repo / ".cchc-cache" / "seal").is_symlink()
    assert (outside / "seal").read_bytes() == b"x" * 32
    assert read_cached(repo, "validate.json") == b"{}"
    (repo / ".cchc-cache" / "seal").write_bytes(b"short")  # a seal cchc never writes
    assert read_cached(repo, "validate.json") is None
    assert write_cached(repo, "validate.json", "[]")  # replaced by a seal of its own
    assert len((repo / ".cchc-cache" / "seal").read_bytes()) == 32
    assert read_cached(repo, "validate.json") == b"[]"
