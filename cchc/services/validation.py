"""`cchc validate` as a library call: load, cross-check, locate, and cache the verdict."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import cchc
from cchc.errors import Diagnostic, HasDiagnostics, Severity
from cchc.io.atomic import atomic_write_text
from cchc.io.discovery import require_files, scan

if TYPE_CHECKING:
    from cchc.io.loader import Dataset

CACHE_DIR = ".cchc-cache"
CACHE_FILE = "validate.json"


@dataclass
class ValidationResult(HasDiagnostics):
    root: Path
    diagnostics: list[Diagnostic]
    files: dict[str, int] = field(default_factory=dict)  # files per kind
    records: dict[str, int] = field(default_factory=dict)  # records per kind
    file_count: int = 0
    cached: bool = False


def locate_all(ds: Dataset, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Give every diagnostic a line and column, then sort by file and position."""
    sources = {s.path: s for s in ds.sources}
    for diagnostic in diagnostics:
        if diagnostic.line is None and diagnostic.file in sources:
            sources[diagnostic.file].resolve(diagnostic)
    return sorted(diagnostics, key=lambda d: (str(d.file or ""), d.line or 0, d.column or 0, d.message))


def _run_checks(ds: Dataset) -> list[Diagnostic]:
    # The domain services contribute cross-checks (assignment coverage, reporting rules,
    # replication orders). Importing them here makes every caller run the same checks,
    # while a cached verdict never pays for these imports.
    import cchc.services.assignments
    import cchc.services.deadlines
    import cchc.services.initiatives  # noqa: F401
    from cchc.checks import run_checks

    return run_checks(ds)


def check_dataset(ds: Dataset) -> list[Diagnostic]:
    """All diagnostics of a loaded dataset: loading problems and cross-checks, located."""
    found = list(ds.diagnostics)
    found.extend(_run_checks(ds))
    return locate_all(ds, found)


def _code_fingerprint() -> str:
    """Changes whenever cchc's own code changes, so a new version never reuses old verdicts."""
    package = Path(cchc.__file__).parent
    digest = hashlib.sha1(cchc.__version__.encode())
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _content_key(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256(_code_fingerprint().encode())
    for path in files:
        digest.update(os.fsencode(path.relative_to(root)) + b"\0")
        try:
            digest.update(hashlib.sha1(path.read_bytes()).digest())
        except OSError as exc:  # unreadable: the loader reports it; never reuse a verdict for it
            digest.update(f"unreadable:{exc.errno}:{os.urandom(8).hex()}".encode())
    return digest.hexdigest()


def _diagnostic_from_dict(item: dict, root: Path) -> Diagnostic:
    return Diagnostic(
        severity=Severity(item["severity"]), message=item["message"],
        file=(root / item["file"]) if item["file"] else None, path=tuple(item["path"]),
        line=item["line"], column=item["column"], hint=item["hint"], code=item["code"])


def _inside_package(root: Path) -> bool:
    """The sample data shipped inside an installed cchc: never write a cache into site-packages."""
    return (Path(cchc.__file__).resolve().parent / "_bundled") in (root.resolve(), *root.resolve().parents)


def validate_repo(root: Path, *, use_cache: bool = True,
                  progress: Callable[[int, int], None] | None = None) -> ValidationResult:
    """Validate the data repository at ``root``.

    An unchanged repository (same files, same bytes, same cchc code) is answered from
    ``<root>/.cchc-cache/validate.json`` without parsing anything.
    """
    found = scan(root)
    require_files(found)
    files = found.files
    # Problems met while listing (links leaving the repository, unreadable folders) depend on
    # more than the bytes of the files: such a repository is never answered from the cache.
    use_cache = use_cache and not found.problems
    key = _content_key(root, files) if use_cache else ""
    cache_path = root / CACHE_DIR / CACHE_FILE
    if use_cache and cache_path.is_file():
        try:
            cached = json.loads(cache_path.read_text(encoding="utf-8"))
            if cached.get("key") == key:
                return ValidationResult(
                    root=root, cached=True, file_count=cached["file_count"],
                    diagnostics=[_diagnostic_from_dict(d, root) for d in cached["diagnostics"]],
                    files=cached["files"], records=cached["records"])
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is simply rebuilt
    from cchc.io.loader import load_dataset

    ds = load_dataset(root, progress=progress)
    result = ValidationResult(root=root, diagnostics=check_dataset(ds), files=dict(ds.counts()),
                              records=ds.record_counts(), file_count=len(files))
    if use_cache and os.access(root, os.W_OK) and not _inside_package(root):
        payload = {
            "key": key, "file_count": result.file_count, "files": result.files, "records": result.records,
            "diagnostics": [d.to_dict(root) for d in result.diagnostics],
        }
        try:
            cache_path.parent.mkdir(exist_ok=True)
            gitignore = cache_path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            atomic_write_text(cache_path, json.dumps(payload, ensure_ascii=False))
        except OSError:
            pass  # a read-only checkout still validates, just without a cache
    return result
