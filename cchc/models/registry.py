"""The kinds of data file and their schema versions: ``schema: <kind>@<version>``.

Each kind's model is imported when it is first asked for (:func:`model_for`): a command pays
for the models of the kinds its repository holds, not for all ten (``cchc validate`` after a
one-file edit reads four kinds). :data:`KINDS`, every model by kind and version, imports them all.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any

from cchc.models.labels import KIND_LABELS  # noqa: F401  (re-exported)

if TYPE_CHECKING:
    from cchc.models.common import Model

# kind -> version -> (module in cchc.models, model class)
_MODELS: dict[str, dict[int, tuple[str, str]]] = {
    "agencies": {1: ("agencies", "AgenciesFile")},
    "criteria": {1: ("criteria", "CriteriaSet")},
    "assignments": {1: ("assignments", "AssignmentSet")},
    "tasks": {1: ("tasks", "TasksFile")},
    "initiatives": {1: ("initiatives", "InitiativesFile")},
    "results": {1: ("results", "ResultsFile")},
    "documents": {1: ("documents", "DocumentsFile")},
    "calendar": {1: ("calendar", "CalendarFile")},
    "reporting": {1: ("reporting", "ReportingFile")},
    "assessments": {1: ("assessments", "Assessment")},
}
KIND_NAMES = tuple(_MODELS)
"""Every kind, in the order of :data:`KINDS`."""


def _model(kind: str, version: int) -> type[Model]:
    module, name = _MODELS[kind][version]
    return getattr(importlib.import_module(f"cchc.models.{module}"), name)


def __getattr__(name: str) -> Any:
    if name == "KINDS":  # kind -> version -> model class: imports every model
        kinds = {kind: {version: _model(kind, version) for version in versions}
                 for kind, versions in _MODELS.items()}
        globals()["KINDS"] = kinds
        return kinds
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SCHEMA_RE = re.compile(r"^(?P<kind>[a-z][a-z-]*)@(?P<version>[0-9]+)$")


def available() -> str:
    return ", ".join(f"{kind}@{v}" for kind, versions in _MODELS.items() for v in versions)


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
    if kind not in _MODELS:
        raise SchemaLookupError(f"loại dữ liệu «{kind}» không tồn tại", f"các loại hiện có: {available()}",
                                unknown_kind=kind)
    if version not in _MODELS[kind]:
        versions = ", ".join(f"{kind}@{v}" for v in _MODELS[kind])
        raise SchemaLookupError(
            f"phiên bản {kind}@{version} không tồn tại",
            f"các phiên bản hiện có: {versions}",
        )
    return kind, version, _model(kind, version)
