"""`cchc validate` as a library call: load, cross-check, locate, and cache the verdict."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import cchc
from cchc.errors import Diagnostic, HasDiagnostics, Severity, file_name
from cchc.io.cachedir import file_clock, may_keep, read_cached, write_cached
from cchc.io.discovery import require_files, scan

if TYPE_CHECKING:
    from cchc.io.loader import Dataset

CACHE_FILE = "validate.json"


@dataclass
class ValidationResult(HasDiagnostics):
    root: Path
    diagnostics: list[Diagnostic]
    files: dict[str, int] = field(default_factory=dict)  # files per kind
    records: dict[str, int] = field(default_factory=dict)  # records per kind
    file_count: int = 0
    cached: bool = False  # answered from the cache without reading any file
    reread: int | None = None  # only this many changed files were read again (the rest from the cache)


def locate_all(ds: Dataset, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Give every diagnostic a line and column, then sort by file and position."""
    ds.located(diagnostics)
    return sorted(diagnostics, key=lambda d: (str(d.file or ""), d.line or 0, d.column or 0, d.message))


def _run_checks(ds: Dataset) -> list[Diagnostic]:
    # Imported here so that a cached verdict never pays for the checks' imports.
    from cchc.checks import run_checks

    return run_checks(ds)


def check_dataset(ds: Dataset) -> list[Diagnostic]:
    """All diagnostics of a loaded dataset: loading problems and cross-checks, located."""
    found = list(ds.diagnostics)
    found.extend(_run_checks(ds))
    return locate_all(ds, found)


@functools.cache
def _code_fingerprint() -> str:
    """Changes whenever cchc's own code changes, so a new version never reuses old verdicts:
    the name, size and modification time of every module of the package. Listed with
    ``os.scandir``: ``Path.rglob`` took four times as long, about 2 ms of a one-file validate."""
    package = os.path.dirname(cchc.__file__)
    modules = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(os.path.join(package, folder)) as entries:
            for entry in entries:
                name = os.path.join(folder, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(name)
                elif entry.name.endswith(".py"):
                    stat = entry.stat()
                    modules.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    digest = hashlib.sha1(cchc.__version__.encode())
    digest.update("\n".join(sorted(modules)).encode())
    return digest.hexdigest()


def _content_key(hashes: dict[str, str]) -> str:
    """One key for the whole repository: cchc's code, every file's name and bytes."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    for rel, sha in hashes.items():
        digest.update(os.fsencode(rel) + b"\0" + sha.encode())
    return digest.hexdigest()


def _diagnostic_from_dict(item: dict, root: Path) -> Diagnostic:
    return Diagnostic(
        severity=Severity(item["severity"]), message=item["message"],
        file=(root / item["file"]) if item["file"] else None, path=tuple(item["path"]),
        line=item["line"], column=item["column"], hint=item["hint"], code=item["code"])


FILES_FILE = "files.json"  # per-file verdicts, for re-validating only what changed
TASKS_KIND = "tasks"


def _sha1(path: Path) -> str:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError as exc:  # unreadable: never matches a cached entry
        return f"unreadable:{exc.errno}:{os.urandom(8).hex()}"


# A file is known by its status (size, modification and change times, inode, device) until it
# changes, as git's index knows a work tree: after a one-file edit, validate reads one file of a
# hundred (14.8 MB hashed was a twentieth of the run). Only on POSIX, where the change time
# (ctime) is set by the system at every write and no program can set it back.
RACY_NS = 2_000_000_000  # FAT stamps files to 2 s


def _status(path: Path) -> list[int] | None:
    if os.name != "posix":
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev]


def _hashes(root: Path, files: list[Path], known: dict[str, dict] | None = None,
            clock: Callable[[], tuple[int, int] | None] | None = None,
            ) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Each file's SHA-1 by file name, and the status under which each may be known next time.

    A file whose status is exactly the one ``known`` (the previous run's entries) recorded keeps
    that entry's hash; any other is read. A status is recorded only for a file last changed at
    least ``RACY_NS`` before ``clock()`` (the cache folder's file system's now and device, asked
    once, before the first file is read: a repository whose files are all known touches nothing),
    on that same device: a change made after the reading then stamps a later time, so a recorded
    status can never survive a change, even where times are coarse."""
    hashes: dict[str, str] = {}
    statuses: dict[str, list[int]] = {}
    now: list[tuple[int, int] | None] = []  # the clock, once asked
    for path in files:
        rel = file_name(path, root)
        status = _status(path)
        entry = known.get(rel) if known else None
        if status is not None and entry is not None and entry.get("stat") == status and entry.get("sha"):
            hashes[rel], statuses[rel] = entry["sha"], status
            continue
        if not now:
            now.append(clock() if clock is not None else None)
        hashes[rel] = _sha1(path)
        stamp = now[0]
        if status is not None and stamp is not None and status[4] == stamp[1] \
                and max(status[1], status[2]) < stamp[0] - RACY_NS and not hashes[rel].startswith("unreadable:"):
            statuses[rel] = status
    return hashes, statuses


def _by_file(diagnostics: list[Diagnostic], root: Path) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for diagnostic in diagnostics:
        item = diagnostic.to_dict(root)
        grouped.setdefault(item["file"] or "", []).append(item)
    return grouped


def _ids_digest(ids: list[str]) -> str:
    """One short value for a tasks file's set of ids: the incremental run only asks whether a
    changed file still holds exactly the same ids, and keeping 50,000 ids made ``files.json``
    a megabyte to read and write again on every run."""
    return hashlib.sha256(json.dumps(sorted(ids), ensure_ascii=False).encode()).hexdigest()


def _file_entries(ds: Dataset, root: Path, hashes: dict[str, str],
                  diagnostics: list[Diagnostic]) -> dict[str, dict]:
    """What the cache keeps of each file: its bytes' hash, kind, verdict and (tasks) a digest
    of its ids."""
    grouped = _by_file(diagnostics, root)
    ids: dict[Path, list[str]] = {}
    for task in ds.tasks.values():
        origin = ds.origin(task)
        if origin is not None:
            ids.setdefault(origin.file, []).append(task.id)
    entries = {}
    for path in [s.path for s in ds.sources]:
        rel = file_name(path, root)
        kind = ds.kinds.get(path)
        entry = {"sha": hashes.get(rel), "kind": kind, "diagnostics": grouped.get(rel, [])}
        if kind == TASKS_KIND:
            entry["task_ids"] = _ids_digest(ids.get(path, []))
        entries[rel] = entry
    return entries


def _incremental(root: Path, files: list[Path], hashes: dict[str, str], previous: dict,
                 progress: Callable[[int, int], None] | None) -> tuple[ValidationResult, dict] | None:
    """Re-validate only the task files that changed, or None when a full run is needed.

    Sound because of how the checks depend on the data: a diagnostic about a tasks file depends
    on that file and on the other kinds of data (agencies, documents, criteria, calendar), never
    on other tasks files; a diagnostic about another file depends on the tasks only through the
    set of valid task ids. So when only tasks files changed, none of them had or has an error,
    no id is duplicated, and the set of task ids is the same, every other file keeps its verdict.
    tests/core/test_incremental_validate.py checks this against --no-cache on random edits.
    """
    old = previous.get("files", {})
    rels = list(hashes)
    if set(rels) != set(old):
        return None
    changed = [rel for rel in rels if old[rel]["sha"] != hashes[rel]]
    if not changed or any(old[rel].get("kind") != TASKS_KIND for rel in changed):
        return None
    if any(d["severity"] == "error" for rel in changed for d in old[rel]["diagnostics"]):
        return None
    if any(d.get("code") == "duplicate-id" for entry in old.values() for d in entry["diagnostics"]):
        return None
    from cchc.io.loader import Loader

    by_rel = dict(zip(rels, files, strict=True))
    context = [by_rel[rel] for rel in rels if old[rel].get("kind") != TASKS_KIND]
    ds = Loader(root).load([*context, *(by_rel[rel] for rel in changed)], progress=progress)
    # Only the changed files' diagnostics are kept (every other file keeps its cached verdict),
    # so only they are located: a context file with warnings is not composed again to place them.
    reread = {by_rel[rel] for rel in changed}
    found = locate_all(ds, [d for d in [*ds.diagnostics, *_run_checks(ds)] if d.file in reread])
    fresh = _file_entries(ds, root, hashes, found)
    for rel in changed:
        entry = fresh.get(rel)
        if entry is None or entry["kind"] != TASKS_KIND \
                or any(d["severity"] == "error" for d in entry["diagnostics"]) \
                or entry["task_ids"] != old[rel]["task_ids"]:
            return None
    entries = {rel: (fresh[rel] if rel in changed else old[rel]) for rel in rels}
    diagnostics = [_diagnostic_from_dict(d, root) for rel in rels for d in entries[rel]["diagnostics"]]
    diagnostics += [_diagnostic_from_dict(d, root) for d in previous.get("unfiled", [])]
    diagnostics.sort(key=lambda d: (str(d.file or ""), d.line or 0, d.column or 0, d.message))
    records = dict(previous["records"])
    return ValidationResult(root=root, diagnostics=diagnostics, files=dict(previous["kinds"]),
                            records=records, file_count=len(files), reread=len(changed)), entries


def _with_statuses(entries: dict[str, dict], statuses: dict[str, list[int]]) -> dict[str, dict]:
    """``entries`` with each file's status as found by this run (none where it was not recorded)."""
    fresh = {}
    for rel, entry in entries.items():
        fresh[rel] = {name: value for name, value in entry.items() if name != "stat"}
        if rel in statuses:
            fresh[rel]["stat"] = statuses[rel]
    return fresh


def _previous(root: Path) -> dict | None:
    """The previous run's ``files.json``, when this code wrote it."""
    raw = read_cached(root, FILES_FILE)
    if raw is None:
        return None
    try:
        previous = json.loads(raw)
    except ValueError:
        return None  # a damaged cache is simply rebuilt
    if not isinstance(previous, dict) or previous.get("code") != _code_fingerprint() \
            or not isinstance(previous.get("files"), dict) \
            or not all(isinstance(entry, dict) for entry in previous["files"].values()):
        return None
    return previous


def _from_cache(root: Path, key: str) -> ValidationResult | None:
    """The cached verdict of the repository whose content key is ``key``, if there is one."""
    raw = read_cached(root, CACHE_FILE)
    if raw is None:
        return None
    try:
        cached = json.loads(raw)
        if cached.get("key") == key:
            return ValidationResult(
                root=root, cached=True, file_count=cached["file_count"],
                diagnostics=[_diagnostic_from_dict(d, root) for d in cached["diagnostics"]],
                files=cached["files"], records=cached["records"])
    except (ValueError, KeyError, TypeError, AttributeError):
        pass  # a damaged cache is simply rebuilt
    return None


def cached_verdict(root: Path) -> ValidationResult | None:
    """What :func:`validate_repo` answers for an unchanged repository, read from its cache
    without importing the models or reading a record; ``None`` whenever validate_repo would
    do more than that (no cache, a changed file, problems while listing the files)."""
    found = scan(root)
    if not found.files or found.problems:
        return None
    previous = _previous(root)
    hashes, _ = _hashes(root, found.files, previous and previous["files"])
    return _from_cache(root, _content_key(hashes))


def validate_repo(root: Path, *, use_cache: bool = True,
                  progress: Callable[[int, int], None] | None = None) -> ValidationResult:
    """Validate the data repository at ``root``.

    An unchanged repository (same files, same bytes, same cchc code) is answered from
    ``<root>/.cchc-cache/validate.json`` without parsing anything; when only tasks files
    changed, only those are read again (``files.json`` keeps each file's verdict).
    """
    found = scan(root)
    require_files(found)
    files = found.files
    # Problems met while listing (links leaving the repository, unreadable folders) depend on
    # more than the bytes of the files: such a repository is never answered from the cache.
    use_cache = use_cache and not found.problems
    writable = use_cache and may_keep(root)
    previous = _previous(root) if use_cache else None
    hashes, statuses = {}, {}
    if use_cache:
        hashes, statuses = _hashes(root, files, previous and previous["files"],
                                   (lambda: file_clock(root)) if writable else None)
    key = _content_key(hashes) if use_cache else ""
    if use_cache:
        cached = _from_cache(root, key)
        if cached is not None:
            if writable and previous is not None and any(
                    previous["files"].get(rel, {}).get("stat") != status for rel, status in statuses.items()):
                # files now settled get their status, so the next run need not read them
                write_cached(root, FILES_FILE, json.dumps(
                    {**previous, "files": _with_statuses(previous["files"], statuses)}, ensure_ascii=False))
            return cached
    outcome = None
    if writable and previous is not None:
        try:
            outcome = _incremental(root, files, hashes, previous, progress)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            outcome = None  # a damaged cache is simply rebuilt
    if outcome is not None:
        result, entries = outcome
        unfiled = previous.get("unfiled", [])
    else:
        from cchc.io.loader import load_dataset

        ds = load_dataset(root, progress=progress)
        result = ValidationResult(root=root, diagnostics=check_dataset(ds), files=dict(ds.counts()),
                                  records=ds.record_counts(), file_count=len(files))
        entries = _file_entries(ds, root, hashes, result.diagnostics) if writable else {}
        unfiled = _by_file(result.diagnostics, root).get("", [])
    if writable:
        payload = {
            "key": key, "file_count": result.file_count, "files": result.files, "records": result.records,
            "diagnostics": [d.to_dict(root) for d in result.diagnostics],
        }
        per_file = {"code": _code_fingerprint(), "files": _with_statuses(entries, statuses), "unfiled": unfiled,
                    "kinds": result.files, "records": result.records}
        # a read-only checkout still validates, just without a cache
        if write_cached(root, FILES_FILE, json.dumps(per_file, ensure_ascii=False)):
            write_cached(root, CACHE_FILE, json.dumps(payload, ensure_ascii=False))
    return result
