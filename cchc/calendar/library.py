"""What the ``holidays`` package says about Vietnam, year by year, and a copy of it to keep.

``holidays`` is the one source of Vietnam's public holidays and day swaps (see
:mod:`cchc.calendar.workdays`), but reaching it is slow for a short command: ``import holidays``
and ``holidays.country_holidays("VN")`` import every country's module (about 250) to build
one, about 0.17 s before the first working day is known. So the package's answers are kept:

* :func:`library_year` is, for one year, exactly what ``holidays`` lists (date, label) and its
  working weekend days, computed over that year and its neighbours as
  :class:`~cchc.calendar.workdays.WorkCalendar` needs them; :func:`supported_years` is the
  range of years it covers. Both are computed once per process.
* :func:`snapshot` gives those answers as plain JSON data, keyed by the installed package
  (:func:`library_key`: its version and files, read from the file system without importing
  it), and :func:`prime` takes such a snapshot back; one made by another version or another
  copy of ``holidays`` is ignored. Keeping the snapshot (``.cchc-cache/holidays-vn.json`` of a
  data repository, written by the services) is the caller's business: this module reads and
  writes no file.

A kept snapshot holds the package's own output, never cchc's reading of it: the holiday
rules stay in ``holidays``, and cchc's names (``canonical_holiday_name``) and overrides are
applied to it exactly as to a freshly computed table.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any

__all__ = ["library_key", "library_year", "prime", "snapshot", "supported_years", "unsaved"]

COUNTRY = "VN"
LANGUAGE = "vi"
FORMAT = 1  # of the snapshot

# The files whose change means other answers: the package's record of its installed files
# (rewritten by every install or upgrade) and, for a copy edited in place, Vietnam's rules,
# the calendar they use, their Vietnamese labels and the base classes.
_RULE_FILES = (
    "countries/vietnam.py",
    "calendars/chinese.py",
    "locale/vi/LC_MESSAGES/VN.mo",
    "holiday_base.py",
    "observed_holiday_base.py",
    "version.py",
)

YearTable = tuple[tuple[tuple[int, str], ...], tuple[int, ...]]  # ((ordinal, label)…), working weekend ordinals

_years: dict[int, YearTable] = {}
_range: tuple[int, int] | None = None
_unsaved = False  # something was computed that the last prime/snapshot does not hold


def _library():
    """The ``holidays`` package (imported on first use: see the module docstring)."""
    import holidays

    return holidays


def supported_years() -> tuple[int, int]:
    """First and last year of ``holidays``' Vietnamese calendar."""
    global _range, _unsaved
    if _range is None:
        found = _library().country_holidays(COUNTRY).__class__
        _range = (found.start_year, found.end_year)
        _unsaved = True
    return _range


def library_year(year: int) -> YearTable:
    """What ``holidays`` lists for the years ``year - 1 … year + 1`` (those it supports), asked
    together as ``WorkCalendar`` asks for them: every (ordinal, label) and the ordinals of the
    working weekend days. A day swap can cross the new year (2018-12-31 off, made up on Saturday
    2019-01-05) and ``holidays`` files it under one year only, hence the neighbours."""
    global _unsaved
    table = _years.get(year)
    if table is None:
        min_year, max_year = supported_years()
        window = [y for y in (year - 1, year, year + 1) if min_year <= y <= max_year]
        lib = _library().country_holidays(COUNTRY, years=window, language=LANGUAGE)
        items = tuple((d.toordinal(), label) for d, label in lib.items())
        workdays = tuple(sorted(d.toordinal() for d in getattr(lib, "weekend_workdays", ())))
        table = _years[year] = (items, workdays)
        _unsaved = True
    return table


def library_key() -> str | None:
    """Which ``holidays`` is installed, from its files (size and modification time) without
    importing it; ``None`` when that cannot be told (then nothing is primed from a snapshot)."""
    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.submodule_search_locations:
        return None
    package = os.path.dirname(spec.origin)
    site = os.path.dirname(package)
    try:
        records = sorted(name for name in os.listdir(site)
                         if name.startswith("holidays-") and name.endswith(".dist-info"))
        if len(records) != 1:
            return None
        files = [os.path.join(site, records[0], "RECORD")]
        files += [os.path.join(package, *name.split("/")) for name in _RULE_FILES]
        stamps = []
        for path in files:
            st = os.stat(path)
            stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        return None
    return "|".join([f"{COUNTRY}/{LANGUAGE}/{FORMAT}", os.path.abspath(package), records[0], *stamps])


def snapshot(key: str | None = None) -> dict[str, Any] | None:
    """Everything computed so far, as JSON data for :func:`prime`; ``None`` when the installed
    package cannot be identified or nothing was computed."""
    global _unsaved
    key = key or library_key()
    if key is None or _range is None:
        return None
    _unsaved = False
    return {
        "key": key,
        "range": list(_range),
        "years": {str(year): {"items": [list(item) for item in items], "workdays": list(workdays)}
                  for year, (items, workdays) in sorted(_years.items())},
    }


def prime(data: Any, key: str | None = None) -> bool:
    """Take the answers of a :func:`snapshot` made for the installed package (years already
    known stay as they are); False, taking nothing, for any other or malformed data."""
    global _range
    key = key or library_key()
    try:
        if key is None or not isinstance(data, dict) or data.get("key") != key:
            return False
        lo, hi = data["range"]
        if type(lo) is not int or type(hi) is not int:
            return False
        years: dict[int, YearTable] = {}
        for name, entry in data["years"].items():
            items = tuple((o, label) for o, label in entry["items"])
            workdays = tuple(entry["workdays"])
            if not all(type(o) is int and type(label) is str for o, label in items) \
                    or not all(type(o) is int for o in workdays):
                return False
            years[int(name)] = (items, workdays)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    if _range is None:
        _range = (lo, hi)
    for year, table in years.items():
        _years.setdefault(year, table)
    return True


def unsaved() -> bool:
    """True when answers were computed from ``holidays`` since the last :func:`snapshot`."""
    return _unsaved
