"""Entry point: imports every command module so it registers its command on the app."""

from __future__ import annotations

from cchc.cli import (  # noqa: F401  (each module registers its commands)
    agency,
    assign,
    deadlines,
    diff,
    fmt,
    import_,
    init,
    initiatives,
    render,
    report,
    results,
    schema,
    score,
    validate,
)
from cchc.cli.app import app, run

__all__ = ["app", "run"]
