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

from cchc.models.agencies import Agency, AgencyGroup, AgencyKind
from cchc.textvn import join_names


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


def label(ds: Any, agency_id: str, *, short: bool = True) -> str:
    """How a text names ``agency_id``: the agency's short (or full) name, a group's name as the
    data writes it ("UBND các huyện, thị xã và thành phố Huế"), else the id itself."""
    agency = ds.agencies.get(agency_id)
    if agency is not None:
        return agency.display_name if short else agency.name
    group = getattr(ds, "groups", {}).get(agency_id)
    return group.name if group is not None else agency_id


# How a text names every unit of a kind when the data has no group for that kind alone.
KIND_GROUP_PHRASES = {
    AgencyKind.DISTRICT: "UBND các huyện, thị xã, thành phố",
    AgencyKind.COMMUNE: "UBND các xã, phường, thị trấn",
    AgencyKind.DEPARTMENT: "các sở",
}


# A list holding all but at most NEAR_WHOLE_MISSING members of a group of at least NEAR_WHOLE_MIN
# is named as the group less those ("UBND các xã, phường (trừ UBND phường Buôn Ma Thuột)").
NEAR_WHOLE_MIN = 10
NEAR_WHOLE_MISSING = 3


def unit_names(ds: Any, agency_ids: list[str], on: date | None = None) -> list[str]:
    """Short names of the agencies, in order; a group id is named as the data names the group,
    and when the list holds every member of a group valid on ``on`` (at least three) they are
    named once as that group ("UBND các huyện, thị xã và thành phố Huế"); nearly all of a large
    group is the group less the few ("UBND các xã, phường (trừ UBND phường Buôn Ma Thuột)"). Kinds without a group
    of their own in the data use :data:`KIND_GROUP_PHRASES` ("UBND các huyện, thị xã, thành phố")."""
    ids = list(dict.fromkeys(agency_ids))
    if len(ids) < 3:  # no group of at least three members fits: each is named (reminders: 600 sections)
        return [label(ds, a) for a in ids]
    entries: list[tuple[int, str]] = []
    grouped: set[str] = set()
    candidates: list[tuple[list[str], str]] = []
    own_kinds: set[AgencyKind] = set()
    for group in getattr(ds, "groups", {}).values():
        candidates.append(([a.id for a in group_members(ds, group, on)], group.name))
        if len(group.kinds) == 1:
            own_kinds.add(group.kinds[0])
    for kind, phrase in KIND_GROUP_PHRASES.items():
        if kind not in own_kinds:
            members = [a.id for a in ds.agencies.values() if a.kind is kind and (on is None or a.is_valid_on(on))]
            candidates.append((members, phrase))
    wanted = set(ids)
    for members, phrase in candidates:
        if len(members) < 3 or set(members) & grouped:
            continue
        present = [m for m in members if m in wanted]
        missing = [m for m in members if m not in wanted]
        if not missing:
            grouped.update(members)
            entries.append((min(ids.index(m) for m in members), phrase))
        elif len(members) >= NEAR_WHOLE_MIN and len(missing) <= NEAR_WHOLE_MISSING:
            # nearly the whole group (a reminder to the units not done yet): the group, less the few
            grouped.update(present)
            left_out = join_names([label(ds, m) for m in missing])
            entries.append((min(ids.index(m) for m in present), f"{phrase} (trừ {left_out})"))
    entries += [(n, label(ds, a)) for n, a in enumerate(ids) if a not in grouped]
    return [text for _, text in sorted(entries)]


def units_phrase(ds: Any, agency_ids: list[str], on: date | None = None) -> str:
    """:func:`unit_names` joined: "Văn phòng UBND tỉnh và UBND các huyện, thị xã, thành phố"."""
    return join_names(unit_names(ds, agency_ids, on))
