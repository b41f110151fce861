"""Agencies over time: who exists at a date, who took over an ended agency, and which
units an order addressed to agency kinds reaches at its date.

* :func:`successor_at` — the successor of an agency existing at a date (or in a year),
  following the chain of mergers (the one successor walk).
* :func:`successor_cycle` — whether the successor chain of an agency loops.
* :func:`agencies_at` — the agencies (of some kinds) existing on a day, in official order.
* :func:`current_holder` — who holds the work of an agency at a date: the agency itself, or
  the successor that took it over.
* :func:`expand_order` — a replication order's targets resolved to the units existing at its
  date (``agency_kinds: [huyen]`` → the districts of that year; none after 30/6/2025).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cchc.models.agencies import Agency, AgencyKind
from cchc.textvn import date_short, join_names

if TYPE_CHECKING:
    from cchc.io.loader import Dataset
    from cchc.models.initiatives import Initiative, ReplicationOrder


def successors(agencies: Mapping[str, Agency], agency: Agency) -> Iterator[Agency]:
    """The chain of successors of ``agency``, nearest first, stopping before a loop."""
    seen = {agency.id}
    current = agency
    while current.successor and current.successor in agencies and current.successor not in seen:
        seen.add(current.successor)
        current = agencies[current.successor]
        yield current


def successor_cycle(agencies: Mapping[str, Agency], agency: Agency) -> bool:
    """True when following ``successor`` from ``agency`` comes back to an agency already seen."""
    chain = [agency, *successors(agencies, agency)]
    return bool(chain[-1].successor and chain[-1].successor in agencies)


def successor_at(agencies: Mapping[str, Agency], agency: Agency, *, on: date | None = None,
                 year: int | None = None) -> Agency | None:
    """The agency that took over ``agency``'s duties and exists ``on`` that day (or at some
    point of ``year``). Without a date: the last agency of the chain. ``None`` when nobody
    in the chain qualifies."""
    last = None
    for current in successors(agencies, agency):
        if on is not None and current.is_valid_on(on):
            return current
        if on is None and year is not None and current.is_valid_in_year(year):
            return current
        last = current
    return last if on is None and year is None else None


def agencies_at(agencies: Mapping[str, Agency], on: date,
                kinds: Iterable[AgencyKind | str] | None = None) -> list[Agency]:
    """Agencies existing ``on`` that day (of the given kinds, if any), in official order."""
    wanted = {str(k) for k in kinds} if kinds is not None else None
    found = [a for a in agencies.values() if a.is_valid_on(on) and (wanted is None or str(a.kind) in wanted)]
    found.sort(key=lambda a: (a.order, a.id))
    return found


@dataclass(frozen=True)
class Holder:
    """Who holds an agency's work at a date: ``id`` (the agency or its successor) and, when
    the work was taken over, the ended agency it came from."""

    id: str
    taken_from: str | None = None


def current_holder(agencies: Mapping[str, Agency], agency_id: str, on: date) -> Holder:
    """``agency_id`` if it exists ``on`` that day (or is unknown); else its successor existing
    then, marked as taken over; an ended agency without such a successor keeps its work."""
    agency = agencies.get(agency_id)
    if agency is None or agency.valid_until is None or on <= agency.valid_until:
        return Holder(agency_id)
    successor = successor_at(agencies, agency, on=on)
    if successor is None:
        return Holder(agency_id)
    return Holder(successor.id, taken_from=agency_id)


def taken_over_note(agencies: Mapping[str, Agency], holder: Holder) -> str:
    """"tiếp nhận từ Sở Thông tin và Truyền thông" for work taken over from an ended agency."""
    old = agencies.get(holder.taken_from or "")
    return f"tiếp nhận từ {old.display_name if old else holder.taken_from}"


# Display order of agency kinds: province level first, then districts, then communes.
KIND_RANK = {
    AgencyKind.CENTRAL: 0, AgencyKind.PROVINCE: 1, AgencyKind.OFFICE: 2, AgencyKind.DEPARTMENT: 3,
    AgencyKind.SECTOR: 4, AgencyKind.BODY: 5, AgencyKind.DISTRICT: 6, AgencyKind.COMMUNE: 7,
}


def agency_sort_key(agency: Agency) -> tuple:
    return (KIND_RANK.get(agency.kind, 9), agency.order, agency.name)


# ---------------------------------------------------------------------------
# Expansion of replication orders
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class OrderDate:
    """The date an order applies to: a day, or only a year when the source has no date."""

    day: date | None = None
    year: int | None = None
    basis: str = ""  # "hạn thực hiện", "ngày văn bản", "năm văn bản", "ngày xem xét"

    @property
    def known(self) -> bool:
        return self.day is not None or self.year is not None

    def text(self) -> str:
        if self.day is not None:
            return f"ngày {date_short(self.day)}"
        if self.year is not None:
            return f"năm {self.year}"
        return "không rõ ngày"

    def admits(self, agency: Agency) -> bool:
        if self.day is not None:
            return agency.is_valid_on(self.day)
        if self.year is not None:
            return agency.is_valid_in_year(self.year)
        return True


@dataclass
class Expansion:
    """A replication order with its targets resolved to actual units."""

    initiative: Initiative
    order: ReplicationOrder
    index: int  # position of the order in initiative.replication
    when: OrderDate
    agencies: list[Agency] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    # Unit kinds that named nobody at the order's date, with the message and hint.
    empty_kinds: list[tuple[AgencyKind, str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.agencies


def order_date(ds: Dataset, order: ReplicationOrder, *, as_of: date | None = None) -> OrderDate:
    """``order.due``, else its source document's date, else that document's year, else ``as_of``."""
    if order.due is not None:
        return OrderDate(day=order.due, basis="hạn thực hiện")
    source = ds.documents.get(order.source) if order.source else None
    if source is not None and source.date is not None:
        return OrderDate(day=source.date, basis="ngày văn bản")
    if source is not None and source.year is not None:
        return OrderDate(year=source.year, basis="năm văn bản")
    if as_of is not None:
        return OrderDate(day=as_of, basis="ngày xem xét")
    return OrderDate()


def kind_members(ds: Dataset, kind: AgencyKind, when: OrderDate) -> list[Agency]:
    """Every agency of ``kind`` that exists at ``when``, in official order."""
    return sorted((a for a in ds.agencies.values() if a.kind == kind and when.admits(a)), key=agency_sort_key)


def _ended_kind_note(ds: Dataset, kind: AgencyKind, when: OrderDate) -> tuple[str, str]:
    """Message and hint when a kind expands to nobody at ``when``."""
    members = [a for a in ds.agencies.values() if a.kind == kind]
    label = kind.label
    if not members:
        return (f"danh mục cơ quan không có đơn vị nào loại «{label}» ({kind.value})",
                "thêm các đơn vị vào agencies.yaml hoặc ghi cụ thể cơ quan trong agencies")
    ended = [a for a in members if a.valid_until is not None]
    if len(ended) == len(members):
        last = max(a.valid_until for a in ended)  # type: ignore[type-var]
        message = (f"không còn {label} nào vào {when.text()}: các đơn vị loại này đã kết thúc "
                   f"hoạt động sau ngày {date_short(last)}")
        successors = sorted({ds.agency_name(a.successor) for a in ended if a.successor and a.successor in ds.agencies})
        if kind is AgencyKind.DISTRICT:
            hint = ("từ 01/7/2025 không còn chính quyền cấp huyện; giao cho UBND cấp xã "
                    "(agency_kinds: [xa]) hoặc ghi cụ thể cơ quan trong agencies")
        elif successors:
            hint = "giao cho cơ quan kế nhiệm: " + join_names(successors)
        else:
            hint = "ghi cụ thể cơ quan còn hoạt động trong agencies"
        return message, hint
    return (f"không có {label} nào còn hoạt động vào {when.text()}",
            "kiểm tra valid_from/valid_until của các đơn vị hoặc ngày của văn bản chỉ đạo")


def _note_empty_kind(ds: Dataset, expansion: Expansion, kind: AgencyKind) -> None:
    message, hint = _ended_kind_note(ds, kind, expansion.when)
    expansion.notes.append(message)
    expansion.hints.append(hint)
    expansion.empty_kinds.append((kind, message, hint))


def expand_order(ds: Dataset, initiative: Initiative, index: int, *,
                 as_of: date | None = None) -> Expansion:
    """Resolve order ``index`` of ``initiative`` to the units it names, valid at its date."""
    order = initiative.replication[index]
    when = order_date(ds, order, as_of=as_of)
    expansion = Expansion(initiative, order, index, when)
    if not when.known and order.agency_kinds:
        expansion.notes.append("lệnh nhân rộng không có ngày (due, hoặc văn bản nguồn có ngày/năm) nên "
                               "lấy mọi đơn vị cùng loại trong danh mục")
    chosen: dict[str, Agency] = {}
    for agency_id in order.agencies:
        agency = ds.agencies.get(agency_id)
        if agency is None:
            expansion.notes.append(f"đơn vị «{agency_id}» không có trong danh mục cơ quan")
            continue
        chosen[agency.id] = agency
    absent: list[AgencyKind] = []  # kinds the catalogue does not have at all
    for kind in order.agency_kinds:
        members = kind_members(ds, kind, when)
        if not members:
            if not any(a.kind == kind for a in ds.agencies.values()):
                absent.append(kind)
                continue
            _note_empty_kind(ds, expansion, kind)
        for agency in members:
            chosen.setdefault(agency.id, agency)
    if not chosen:
        # A kind missing from the catalogue only matters when the order names nobody at all
        # ("sở, văn phòng, ban, ngành" is fine in a province without any ban, ngành).
        for kind in absent:
            _note_empty_kind(ds, expansion, kind)
    expansion.agencies = sorted(chosen.values(), key=agency_sort_key)
    return expansion


def expand_all(ds: Dataset, initiatives: Iterable[Initiative] | None = None, *,
               as_of: date | None = None) -> list[Expansion]:
    items = list(initiatives) if initiatives is not None else list(ds.initiatives.values())
    return [expand_order(ds, initiative, i, as_of=as_of)
            for initiative in items for i in range(len(initiative.replication))]
