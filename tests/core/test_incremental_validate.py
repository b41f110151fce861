"""The per-file cache never gives another verdict than a validation from scratch.

Random sequences of edits (what pull requests do: retitle, redate, reassign, break a value,
add, remove or duplicate a task, break the YAML, edit a document) are applied to a small
repository; after each edit ``validate`` with its cache and ``validate --no-cache`` must agree
on every diagnostic, file count and record count. Edits of tasks files alone must be answered
by re-reading only the changed files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
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
    if op == "document":
        docs = repo / "documents" / "van-ban.yaml"
        docs.write_text(docs.read_text(encoding="utf-8").replace("đợt 1\n", f"đợt 1 (sửa {salt})\n", 1),
                        encoding="utf-8")
        return
    path.write_text("\n  - id: ".join([head, *items]), encoding="utf-8")


OPS = ["title", "title", "due", "comment", "bad-date", "lead", "remove", "add", "duplicate", "rename", "tab",
       "document"]


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
