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
    # (agency id, day, year) references that checks.references.agency_ref found nothing wrong with
    quiet: set[tuple] = field(default_factory=set)

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

    def unknown(self, record: Any, path: tuple, kind: str, ref_id: str, message: str, *,
                label: str | None = None, hint: str | None = None, code: str = "") -> None:
        """A reference to a record of ``kind`` that is not in the dataset: ``message`` (with a
        "did you mean" ``hint``), unless that record exists but was left out because of its own
        error, which is then what the diagnostic says, with where that error is."""
        dropped = self.ds.dropped_reference(kind, ref_id, label or RECORD_LABELS.get(kind, kind))
        if dropped is None:
            self.error(record, path, message, hint=hint, code=code)
            return
        self.error(record, path, dropped[0], hint=dropped[1], code="skipped-reference")


# What a record of each kind is called in a message ("nhiệm vụ «x» …").
RECORD_LABELS = {"agencies": "cơ quan", "criteria": "bộ tiêu chí", "assignments": "bảng phân công",
                 "tasks": "nhiệm vụ", "initiatives": "mô hình", "documents": "văn bản",
                 "reporting": "báo cáo định kỳ", "assessments": "bảng điểm"}


Check = Callable[[Report], None]
