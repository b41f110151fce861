"""Diagnostics and exceptions shared by the whole library.

The library never prints. It reports problems as :class:`Diagnostic` values
(collected, then shown all at once by the CLI) or raises a :class:`CchcError`
subclass for problems that stop an operation. All messages are Vietnamese,
because they are read by the people who edit the data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


def file_name(path: Path, base: Path | None = None) -> str:
    """A file's name as messages and the cache show it: relative to ``base`` when inside it."""
    if base is not None:
        try:
            return printable(path.relative_to(base))
        except ValueError:
            pass
    return printable(path)


def printable(text: str | Path) -> str:
    """Text that can always be encoded: file-name bytes that are not UTF-8 (kept by Python as
    lone surrogates) become «\ufffd»."""
    text = str(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(text).decode("utf-8", errors="replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace").decode("utf-8")


# A path into a YAML document: mapping keys and sequence indexes, e.g. ("tasks", 3, "due").
DataPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "lỗi" if self is Severity.ERROR else "cảnh báo"


@dataclass
class Diagnostic:
    """One problem found in the data, located as precisely as we can."""

    severity: Severity
    message: str
    file: Path | None = None
    path: DataPath = ()
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    hint: str | None = None
    code: str = ""  # stable machine-readable identifier, e.g. "unknown-agency"
    # When true, the location is the mapping key rather than its value.
    at_key: bool = field(default=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def display_file(self, base: Path | None = None) -> str | None:
        """The file name relative to ``base`` when it lies inside it."""
        return None if self.file is None else file_name(self.file, base)

    def location(self, base: Path | None = None) -> str:
        name = self.display_file(base)
        if name is None:
            return "cchc"
        if self.line is None:
            return name
        if self.column is None:
            return f"{name}:{self.line}"
        return f"{name}:{self.line}:{self.column}"

    def format(self, base: Path | None = None) -> str:
        text = f"{self.location(base)}: {self.severity.label}: {self.message}"
        if self.hint:
            text += f"\n    gợi ý: {self.hint}"
        return text

    def to_dict(self, base: Path | None = None) -> dict:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.display_file(base),
            "line": self.line,
            "column": self.column,
            "path": [str(p) for p in self.path],
            "message": self.message,
            "hint": self.hint,
        }


class HasDiagnostics:
    """Mixin for results that carry a ``diagnostics`` list: errors, warnings and the verdict."""

    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def error(message: str, **kwargs) -> Diagnostic:
    return Diagnostic(Severity.ERROR, message, **kwargs)


def warning(message: str, **kwargs) -> Diagnostic:
    return Diagnostic(Severity.WARNING, message, **kwargs)


class CchcError(Exception):
    """Base class of every error the CLI turns into a message instead of a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None,
                 diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.diagnostics = diagnostics or []


class DataError(CchcError):
    """The data repository is invalid (exit code 1)."""


class UsageError(CchcError):
    """The command was called wrongly: bad option value, unknown id (exit code 2)."""

    exit_code = 2


class OutputExistsError(UsageError):
    """Refusing to overwrite a user's file."""
