"""Shared helpers for cross-checks: report a problem at a record's origin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cchc.errors import Diagnostic, Severity
from cchc.io.loader import Dataset


@dataclass
class Report:
    """Collects diagnostics for records of a dataset, located through their origins."""

    ds: Dataset
    found: list[Diagnostic] = field(default_factory=list)

    def add(self, severity: Severity, record: Any, path: tuple, message: str, *,
            hint: str | None = None, code: str = "") -> None:
        origin = self.ds.origin(record)
        diagnostic = Diagnostic(severity, message, hint=hint, code=code)
        if origin is not None:
            diagnostic.file = origin.file
            diagnostic.path = (*origin.path, *path)
        self.found.append(diagnostic)

    def error(self, record: Any, path: tuple, message: str, **kwargs) -> None:
        self.add(Severity.ERROR, record, path, message, **kwargs)

    def warning(self, record: Any, path: tuple, message: str, **kwargs) -> None:
        self.add(Severity.WARNING, record, path, message, **kwargs)


Check = Callable[[Report], None]
