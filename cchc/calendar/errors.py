"""Errors raised by :mod:`cchc.calendar`.

Messages are user-facing and therefore in Vietnamese. ``CalendarError`` is a
:class:`cchc.errors.DataError` (so the CLI's single handler reports it) and also a
``ValueError`` (so plain-Python callers and tests can catch the usual exception type).
"""

from __future__ import annotations

from cchc.errors import DataError


class CalendarError(DataError, ValueError):
    """Invalid calendar data, recurrence rule or out-of-range date."""
