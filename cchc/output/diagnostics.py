"""Diagnostics as text, GitHub annotations or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.errors import Diagnostic, Severity


def _escape_github(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def as_github(diagnostics: list[Diagnostic], base: Path | None = None) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = []
        if d.file is not None:
            file = d.location(base).split(":")[0]
            props.append(f"file={_escape_github(file, property_value=True)}")
        if d.line is not None:
            props.append(f"line={d.line}")
        if d.column is not None:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_github('cchc ' + (d.code or level), property_value=True)}")
        message = d.message + (f"\nGợi ý: {d.hint}" if d.hint else "")
        lines.append(f"::{level} {','.join(props)}::{_escape_github(message)}")
    return "\n".join(lines)


def as_json(diagnostics: list[Diagnostic], base: Path | None = None, **extra) -> str:
    payload = {
        **extra,
        "errors": sum(d.is_error for d in diagnostics),
        "warnings": sum(not d.is_error for d in diagnostics),
        "diagnostics": [d.to_dict(base) for d in diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
