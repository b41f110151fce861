"""The per-file cache never gives another verdict than a validation from scratch.

Random sequences of edits (what pull requests do: retitle, redate, reassign, break a value,
add, remove or duplicate a task, break the YAML, edit a document) are applied to a small
repository; after each edit ``validate`` with its cache and ``validate --no-cache`` must agree
on every diagnostic, file count and record count. Edits of the files every task depends on
(an agency renamed, ended, removed or duplicated; a criterion code removed; a document
redated or removed) must change the findings about the unchanged tasks files too. Edits of
tasks files alone must be answered by re-reading only the changed files.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from cchc.io.cachedir import read_cached, write_cached
from cchc.services import validation
from cchc.services.validation import validate_repo

ROOT = Path(__file__).resolve().parents[2]


def _verdict(result) -> tuple:
    return ([d.to_dict(result.root) for d in result.diagnostics], result.files, result.records,
            result.file_count)


def _edit(repo: Path, op: str, which: int, salt: int) -> None:
    tasks = sorted((repo / "tasks").glob("*.yaml"))
    path = tasks[which % len(tasks)]
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n  - id: ")
    head, items = blocks[0], blocks[1:]
    index = salt % len(items)
    item = items[index]
    if op == "title":
        item = item.replace("    title: ", f"    title: Sửa {salt} ", 1)
    elif op == "due":
        item = item.replace("    due: 2021-", f"    due: 202{salt % 3 + 1}-", 1)
    elif op == "bad-date":
        item = item.replace("    due: 2021-", "    due: 2021-02-30 #", 1)
    elif op == "lead":
        item = item.replace("    lead: [", "    lead: [don-vi-0001, " if salt % 2 else "    lead: [khong-co-", 1)
    elif op == "remove":
        items.pop(index)
    elif op == "add":
        items.insert(index, item.replace("nhiem-vu-", f"nhiem-vu-moi-{salt}-", 1))
    elif op == "duplicate":
        items.insert(index, item)
    elif op == "rename":
        item = item.replace("nhiem-vu-", "nhiem-vu-doi-", 1)
    elif op == "tab":
        item = item.replace("\n    title:", "\n\ttitle:", 1)
    elif op == "comment":
        item = item + f"\n    # ghi chú {salt}"
    if op not in ("remove", "add", "duplicate"):
        items[index] = item
    if op in CONTEXT_OPS:
        _edit_context(repo, op, which, salt)
        return
    path.write_text("\n  - id: ".join([head, *items]), encoding="utf-8")


def _replace_nth(text: str, old: str, new: str, n: int) -> str:
    """``text`` with the ``n``-th occurrence (modulo their count) of ``old`` replaced."""
    parts = text.split(old)
    if len(parts) < 2:
        return text
    n %= len(parts) - 1
    return old.join(parts[: n + 1]) + new + old.join(parts[n + 1:])


def _edit_context(repo: Path, op: str, which: int, salt: int) -> None:
    """An edit of a file the tasks depend on: agencies, criteria, documents."""
    agencies, docs = repo / "agencies.yaml", repo / "documents" / "van-ban.yaml"
    criteria = sorted((repo / "criteria").glob("*.yaml"))[0]
    path = {"agency-name": agencies, "agency-end": agencies, "agency-remove": agencies,
            "agency-duplicate": agencies, "criterion-remove": criteria, "document": docs,
            "document-date": docs, "document-remove": docs}[op]
    text = path.read_text(encoding="utf-8")
    number = f"{which % 30:04d}"
    if op == "agency-name":
        text = text.replace(f"name: Sở số {which % 30} ", f"name: Sở số {which % 30} (đổi tên {salt}) ", 1)
    elif op == "agency-end":  # tasks given after the end now name an ended agency
        text = text.replace(f"  - id: don-vi-{number}\n", f"  - id: don-vi-{number}\n    valid_until: 2021-0{salt % 6 + 1}-15\n", 1)
    elif op == "agency-remove":  # its tasks now name an unknown agency
        text = text.replace(f"  - id: don-vi-{number}\n", f"  - id: don-vi-xoa-{number}\n", 1)
    elif op == "agency-duplicate":
        text = text.replace(f"  - id: don-vi-{number}\n", f"  - id: don-vi-{(which + 1) % 30:04d}\n", 1)
    elif op == "criterion-remove":
        text = _replace_nth(text, '  - code: "', f'  - code: "9{salt % 9}', salt)
    elif op == "document":
        text = _replace_nth(text, "    subject: ", f"    subject: (sửa {salt}) ", which)
    elif op == "document-date":  # the reference day of its tasks moves
        text = _replace_nth(text, "    date: 2021-", f"    date: 202{salt % 3 + 2}-", which)
    elif op == "document-remove":
        text = _replace_nth(text, "  - id: van-ban-", "  - id: van-ban-xoa-", which)
    path.write_text(text, encoding="utf-8")


CONTEXT_OPS = ["agency-name", "agency-end", "agency-remove", "agency-duplicate", "criterion-remove", "document",
               "document-date", "document-remove"]
OPS = ["title", "title", "due", "comment", "bad-date", "lead", "remove", "add", "duplicate", "rename", "tab",
       *CONTEXT_OPS]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 9), st.integers(0, 10_000)), min_size=1,
                max_size=6))
def test_cached_verdict_equals_a_fresh_one(tmp_path_factory, edits) -> None:
    repo = tmp_path_factory.mktemp("repo")
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    for op, which, salt in edits:
        _edit(repo, op, which, salt)
        cached = validate_repo(repo)
        fresh = validate_repo(repo, use_cache=False)
        assert _verdict(cached) == _verdict(fresh), (op, which, salt)


@pytest.mark.parametrize("op", CONTEXT_OPS)
def test_a_context_edit_changes_the_findings_about_unchanged_tasks_files(tmp_path, op) -> None:
    """Each context edit, applied where tasks depend on it, gives the verdict of a fresh run."""
    repo = tmp_path / "repo"
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    for which in range(3):
        _edit_context(repo, op, which + 3, which * 7 + 1)
        cached = validate_repo(repo)
        assert not cached.cached
        assert _verdict(cached) == _verdict(validate_repo(repo, use_cache=False)), (op, which)


def test_an_edited_task_file_alone_is_read_again(tmp_path) -> None:
    repo = tmp_path / "repo"
    generate(repo, agencies=30, tasks=120, files=4)
    first = validate_repo(repo)
    assert first.reread is None and not first.cached
    _edit(repo, "title", 1, 7)
    second = validate_repo(repo)
    assert second.reread == 1
    assert _verdict(second) == _verdict(validate_repo(repo, use_cache=False))
    third = validate_repo(repo)
    assert third.cached


def test_bundled_data_edits(tmp_path) -> None:
    repo = tmp_path / "data"
    shutil.copytree(ROOT / "data", repo)
    validate_repo(repo)
    path = sorted((repo / "tasks").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Đã sửa: ", 1), encoding="utf-8")
    edited = validate_repo(repo)
    assert _verdict(edited) == _verdict(validate_repo(repo, use_cache=False))
    path.write_text(text.replace("status: ", "status: xong #", 1), encoding="utf-8")
    broken = validate_repo(repo)
    assert broken.errors and _verdict(broken) == _verdict(validate_repo(repo, use_cache=False))


def test_the_cache_compares_an_edited_files_ids_as_a_set(tmp_path) -> None:
    """files.json keeps a digest of each tasks file's ids: the same ids in another order are
    still answered by re-reading the file alone; another set of ids (a task moved to another
    file, then renamed) is a full run; each verdict is the one of a fresh run."""
    repo = tmp_path / "repo"
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    first, second = sorted((repo / "tasks").glob("*.yaml"))[:2]
    text = first.read_text(encoding="utf-8")
    head, *items = text.split("\n  - id: ")
    items[-1] = items[-1].rstrip("\n")
    first.write_text("\n  - id: ".join([head, *reversed(items)]) + "\n", encoding="utf-8")
    reordered = validate_repo(repo)
    assert reordered.reread == 1 and not reordered.errors
    assert _verdict(reordered) == _verdict(validate_repo(repo, use_cache=False))
    # move the first task of `first` to the end of `second`: the set of all ids is unchanged
    head, moved, *rest = first.read_text(encoding="utf-8").split("\n  - id: ")
    first.write_text("\n  - id: ".join([head, *rest]), encoding="utf-8")
    with second.open("a", encoding="utf-8") as handle:
        handle.write("  - id: " + moved.rstrip("\n") + "\n")
    moved_result = validate_repo(repo)
    assert moved_result.reread is None and not moved_result.errors
    assert _verdict(moved_result) == _verdict(validate_repo(repo, use_cache=False))
    _edit(repo, "rename", 1, 3)
    renamed = validate_repo(repo)
    assert renamed.reread is None
    assert _verdict(renamed) == _verdict(validate_repo(repo, use_cache=False))


# ---- files known by their status (services/validation.py: _hashes) ----------------------------

def _settled(monkeypatch) -> None:
    """The cache folder's clock an hour ahead: every file the test wrote counts as settled (older
    than the racy margin), so its status is recorded. Edits then stamp their own later times, as
    an edit made after a run does (a test's edits come within the same clock tick)."""
    real = validation.file_clock

    def ahead(root):
        found = real(root)
        return None if found is None else (found[0] + 3600 * 10**9, found[1])

    monkeypatch.setattr(validation, "file_clock", ahead)


_STAMP = [0]


def _stamp_later(path: Path) -> None:
    _STAMP[0] += 1
    later = time.time_ns() + 60 * 10**9 + _STAMP[0] * 10**6
    os.utime(path, ns=(later, later))


def _reads(monkeypatch) -> list[Path]:
    read: list[Path] = []
    real = validation._sha1
    monkeypatch.setattr(validation, "_sha1", lambda path: read.append(path) or real(path))
    return read


def test_files_whose_status_is_unchanged_are_not_read_again(tmp_path, monkeypatch) -> None:
    _settled(monkeypatch)
    repo = tmp_path / "repo"
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    validate_repo(repo)  # the first run had no cache folder to take the time from
    reads = _reads(monkeypatch)
    clock = validation.file_clock
    asked: list = []
    monkeypatch.setattr(validation, "file_clock", lambda root: asked.append(root) or clock(root))
    assert validate_repo(repo).cached and reads == [] and asked == []  # nothing read, nothing touched
    _edit(repo, "title", 1, 7)
    edited = sorted((repo / "tasks").glob("*.yaml"))[1]
    _stamp_later(edited)
    second = validate_repo(repo)
    assert reads == [edited] and second.reread == 1
    assert _verdict(second) == _verdict(validate_repo(repo, use_cache=False))


def test_a_change_that_keeps_size_and_modification_time_is_still_seen(tmp_path, monkeypatch) -> None:
    """The status holds the change time (ctime), which the system sets at every write and no
    program can set back: new bytes of the same size, with the old modification time put back
    (``touch -r``, ``cp -p``, an editor that keeps times), are read again."""
    _settled(monkeypatch)
    repo = tmp_path / "repo"
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    validate_repo(repo)
    path = sorted((repo / "tasks").glob("*.yaml"))[0]
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    due: 2021-0", "    due: 2021-1", 1), encoding="utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = validate_repo(repo)
    assert not result.cached
    assert _verdict(result) == _verdict(validate_repo(repo, use_cache=False))


def test_a_file_changed_just_before_a_run_gets_no_status(tmp_path) -> None:
    """With the real clock, a file written within the racy margin before a run is hashed again
    at the next one: a same-size rewrite within the same clock tick is never missed."""
    repo = tmp_path / "repo"
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    path = sorted((repo / "tasks").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    title: ", "    title: Sửa ", 1), encoding="utf-8")
    validate_repo(repo)
    entries = json.loads(read_cached(repo, "files.json"))["files"]
    assert "stat" not in entries["tasks/" + path.name]
    before = path.stat()
    path.write_text(text.replace("    title: ", "    title: Sứa ", 1), encoding="utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = validate_repo(repo)
    assert not result.cached and result.reread == 1
    assert _verdict(result) == _verdict(validate_repo(repo, use_cache=False))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 9), st.integers(0, 10_000)), min_size=1,
                max_size=5))
def test_cached_verdict_equals_a_fresh_one_with_statuses_recorded(tmp_path_factory, monkeypatch, edits) -> None:
    _settled(monkeypatch)
    repo = tmp_path_factory.mktemp("repo")
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    validate_repo(repo)
    reads = _reads(monkeypatch)
    for op, which, salt in edits:
        before = {path: path.stat().st_mtime_ns for path in repo.rglob("*.yaml")}
        (_edit_context if op in CONTEXT_OPS else _edit)(repo, op, which, salt)
        changed = {path for path in repo.rglob("*.yaml") if path.stat().st_mtime_ns != before.get(path)}
        for path in changed:
            _stamp_later(path)
        reads.clear()
        cached = validate_repo(repo)
        assert set(reads) <= changed  # every other file is known by its status
        fresh = validate_repo(repo, use_cache=False)
        assert _verdict(cached) == _verdict(fresh), (op, which, salt)


def test_a_damaged_files_json_is_rebuilt(tmp_path) -> None:
    repo = tmp_path / "repo"
    generate(repo, agencies=30, tasks=120, files=4)
    validate_repo(repo)
    kept = json.loads(read_cached(repo, "files.json"))
    for files in ({"agencies.yaml": 5}, {name: {"sha": 7, "stat": "x"} for name in kept["files"]}, []):
        assert write_cached(repo, "files.json", json.dumps({**kept, "files": files}))  # sealed: read, and damaged
        _edit(repo, "title", 0, 3)
        assert _verdict(validate_repo(repo)) == _verdict(validate_repo(repo, use_cache=False))
