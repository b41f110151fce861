"""Entry point: registers every command module on the application."""

from __future__ import annotations

from cchc.cli import schema, validate  # noqa: F401  (modules register their commands)
from cchc.cli.app import app, run

__all__ = ["app", "run"]
