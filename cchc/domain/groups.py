"""Agency groups ("Các sở, ban, ngành", "UBND các xã, phường"): one id standing for every agency
of some kinds that exists at a date (COMMON contract 3).

A group id lives in the same namespace as agency ids and may stand wherever an agency id may
(task lead and coordinators, document recipients, replication targets). Its members are found
here and nowhere else: at a date in 2022 "UBND các huyện" are the districts, in 2026
"UBND các xã, phường" are the 102 communes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from cchc.models.agencies import Agency, AgencyGroup


def _exists(agency: Agency, on: date | None, year: int | None) -> bool:
    if on is not None:
        return agency.is_valid_on(on)
    if year is not None:
        return agency.is_valid_in_year(year)
    return True


def group_members(ds: Any, group: AgencyGroup | str, on: date | None = None, *,
                  year: int | None = None) -> list[Agency]:
    """The agencies of the group's kinds existing ``on`` (or during ``year``; every one when
    neither is known), in official order."""
    if isinstance(group, str):
        group = ds.groups[group]
    found = [a for a in ds.agencies.values() if a.kind in group.kinds and _exists(a, on, year)]
    return sorted(found, key=lambda a: (a.order, a.name))


def is_group(ds: Any, agency_id: str) -> bool:
    return agency_id not in ds.agencies and agency_id in getattr(ds, "groups", {})


def expand(ds: Any, ids: Iterable[str], on: date | None = None, *, year: int | None = None) -> list[str]:
    """``ids`` with each group replaced by its members at the date; order kept, duplicates dropped."""
    out: dict[str, None] = {}
    for agency_id in ids:
        if is_group(ds, agency_id):
            out.update((a.id, None) for a in group_members(ds, agency_id, on, year=year))
        else:
            out[agency_id] = None
    return list(out)


def holds(ds: Any, agency_id: str, ids: Iterable[str], on: date | None = None) -> bool:
    """True when ``agency_id`` is among ``ids`` itself or as a member of a group in them."""
    return agency_id in expand(ds, ids, on)
