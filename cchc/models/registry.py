"""The kinds of data file and their schema versions: ``schema: <kind>@<version>``."""

from __future__ import annotations

import re

from cchc.models.agencies import AgenciesFile
from cchc.models.assessments import Assessment
from cchc.models.assignments import AssignmentSet
from cchc.models.calendar import CalendarFile
from cchc.models.common import Model
from cchc.models.criteria import CriteriaSet
from cchc.models.documents import DocumentsFile
from cchc.models.initiatives import InitiativesFile
from cchc.models.labels import KIND_LABELS  # noqa: F401  (re-exported)
from cchc.models.reporting import ReportingFile
from cchc.models.results import ResultsFile
from cchc.models.tasks import TasksFile

KINDS: dict[str, dict[int, type[Model]]] = {
    "agencies": {1: AgenciesFile},
    "criteria": {1: CriteriaSet},
    "assignments": {1: AssignmentSet},
    "tasks": {1: TasksFile},
    "initiatives": {1: InitiativesFile},
    "results": {1: ResultsFile},
    "documents": {1: DocumentsFile},
    "calendar": {1: CalendarFile},
    "reporting": {1: ReportingFile},
    "assessments": {1: Assessment},
}

SCHEMA_RE = re.compile(r"^(?P<kind>[a-z][a-z-]*)@(?P<version>[0-9]+)$")


def available() -> str:
    return ", ".join(f"{kind}@{v}" for kind, versions in KINDS.items() for v in versions)


class SchemaLookupError(ValueError):
    def __init__(self, message: str, hint: str, *, unknown_kind: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.unknown_kind = unknown_kind  # the loader adds the "did you mean" for it


def model_for(schema: object) -> tuple[str, int, type[Model]]:
    """Resolve a ``schema:`` value to (kind, version, model class)."""
    if not isinstance(schema, str) or not (match := SCHEMA_RE.match(schema.strip())):
        raise SchemaLookupError(
            f"giá trị schema «{schema}» không đúng dạng <loại>@<phiên bản>",
            f"ví dụ `schema: tasks@1`; các loại hiện có: {available()}",
        )
    kind, version = match["kind"], int(match["version"])
    if kind not in KINDS:
        raise SchemaLookupError(f"loại dữ liệu «{kind}» không tồn tại", f"các loại hiện có: {available()}",
                                unknown_kind=kind)
    if version not in KINDS[kind]:
        versions = ", ".join(f"{kind}@{v}" for v in KINDS[kind])
        raise SchemaLookupError(
            f"phiên bản {kind}@{version} không tồn tại",
            f"các phiên bản hiện có: {versions}",
        )
    return kind, version, KINDS[kind][version]
