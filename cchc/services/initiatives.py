"""Reform initiatives: who must replicate them, who has, and the dispatch text that orders it.

* :func:`expand_order` turns a replication order into the actual units valid at the order's
  date (``agency_kinds: [huyen]`` → the districts of that year; none after 30/6/2025).
* :func:`adoption_matrix` builds units × initiatives with an adoption status per cell,
  progress per initiative and per unit, and the units that have not started.
* :func:`responsibilities` writes the numbered "Trách nhiệm thực hiện" items of a dispatch
  from the replication orders of its initiatives, in the wording of seed 002.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cchc.domain.agencies import (  # noqa: F401  (re-exported for callers of this service)
    KIND_RANK,
    Expansion,
    OrderDate,
    agency_sort_key,
    expand_all,
    expand_order,
    kind_members,
    order_date,
)
from cchc.domain.deadlines import document_start
from cchc.domain.groups import label as group_label
from cchc.domain.provinces import province_at
from cchc.errors import UsageError
from cchc.io.loader import Dataset
from cchc.models.agencies import Agency, AgencyKind
from cchc.models.documents import Document
from cchc.models.initiatives import (
    AdoptionStatus,
    Initiative,
    InitiativeKind,
    ReplicationOrder,
    ReplicationRole,
)
from cchc.output.tables import Column, Percent, TableData, export_table, to_markdown
from cchc.textvn import date_short, join_names, roman

PROVINCIAL_ADMIN_KINDS = {AgencyKind.OFFICE, AgencyKind.DEPARTMENT, AgencyKind.SECTOR}
# Roles whose units are expected to adopt the initiative (coordinators only help).
ADOPTING_ROLES = {ReplicationRole.APPLY, ReplicationRole.LEAD}





# ---------------------------------------------------------------------------
# Adoption matrix
# ---------------------------------------------------------------------------

@dataclass
class Cell:
    """One unit × initiative: None status means the unit was not asked to adopt it."""

    status: AdoptionStatus | None
    recorded: bool = False  # from an adoption record rather than the default
    on: date | None = None
    due: date | None = None
    note: str | None = None
    assigned: bool = True

    @property
    def label(self) -> str:
        return self.status.label if self.status else "—"


@dataclass
class Progress:
    key: str
    label: str
    counts: dict[AdoptionStatus, int] = field(default_factory=dict)

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def applicable(self) -> int:
        return self.assigned - self.counts.get(AdoptionStatus.NOT_APPLICABLE, 0)

    @property
    def adopted(self) -> int:
        return self.counts.get(AdoptionStatus.ADOPTED, 0)

    @property
    def in_progress(self) -> int:
        return self.counts.get(AdoptionStatus.IN_PROGRESS, 0)

    @property
    def not_started(self) -> int:
        return self.counts.get(AdoptionStatus.NOT_STARTED, 0)

    @property
    def ratio(self) -> float | None:
        return self.adopted / self.applicable if self.applicable else None

    def text(self) -> str:
        if not self.applicable:
            return "—"
        return f"{self.adopted}/{self.applicable} ({round(100 * self.adopted / self.applicable)}%)"

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "assigned": self.assigned,
                "applicable": self.applicable, "adopted": self.adopted, "in_progress": self.in_progress,
                "not_started": self.not_started, "ratio": self.ratio}


@dataclass
class NonAdopter:
    agency: Agency
    initiatives: list[Initiative]
    overdue: list[Initiative] = field(default_factory=list)  # due date passed before as_of


@dataclass
class AdoptionMatrix:
    as_of: date | None
    initiatives: list[Initiative]
    units: list[Agency]
    cells: dict[tuple[str, str], Cell]
    expansions: list[Expansion]
    ended: list[Agency] = field(default_factory=list)  # targeted units that no longer exist on as_of
    province_level: str = "tỉnh"  # "thành phố" for a centrally-run city

    def cell(self, agency_id: str, initiative_id: str) -> Cell:
        return self.cells.get((agency_id, initiative_id), Cell(status=None, assigned=False))

    @property
    def notes(self) -> list[str]:
        found = []
        for expansion in self.expansions:
            for note in expansion.notes:
                text = f"{initiative_label(expansion.initiative)}: {note}"
                if text not in found:
                    found.append(text)
        if self.ended and self.as_of is not None:
            names = ", ".join(a.display_name for a in self.ended)
            found.append(f"{len(self.ended)} đơn vị không còn hoạt động vào ngày {date_short(self.as_of)} nên "
                         f"không được liệt kê: {names}")
        return found

    @property
    def hints(self) -> list[str]:
        return list(dict.fromkeys(h for e in self.expansions for h in e.hints))

    def initiative_progress(self) -> list[Progress]:
        result = []
        for initiative in self.initiatives:
            progress = Progress(initiative.id, initiative_label(initiative))
            for unit in self.units:
                cell = self.cell(unit.id, initiative.id)
                if cell.status is not None:
                    progress.counts[cell.status] = progress.counts.get(cell.status, 0) + 1
            result.append(progress)
        return result

    def unit_progress(self) -> list[Progress]:
        result = []
        for unit in self.units:
            progress = Progress(unit.id, unit.display_name)
            for initiative in self.initiatives:
                cell = self.cell(unit.id, initiative.id)
                if cell.status is not None:
                    progress.counts[cell.status] = progress.counts.get(cell.status, 0) + 1
            result.append(progress)
        return result

    def total_progress(self) -> Progress:
        total = Progress("tong", f"Toàn {self.province_level}")
        for progress in self.unit_progress():
            for status, count in progress.counts.items():
                total.counts[status] = total.counts.get(status, 0) + count
        return total

    def non_adopters(self) -> list[NonAdopter]:
        """Units with at least one initiative not started: the "đề xuất xử lý" list of seed 002."""
        found = []
        for unit in self.units:
            pending = [i for i in self.initiatives
                       if self.cell(unit.id, i.id).status is AdoptionStatus.NOT_STARTED]
            if not pending:
                continue
            overdue = [i for i in pending
                       if self.as_of and (due := self.cell(unit.id, i.id).due) and due < self.as_of]
            found.append(NonAdopter(unit, pending, overdue))
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "initiatives": [{"id": i.id, "number": i.number, "name": i.name, "kind": i.kind.value}
                            for i in self.initiatives],
            "units": [{"id": u.id, "name": u.name, "kind": u.kind.value} for u in self.units],
            "cells": [{"agency": a, "initiative": i, "status": c.status.value if c.status else None,
                       "recorded": c.recorded, "on": c.on.isoformat() if c.on else None, "note": c.note}
                      for (a, i), c in self.cells.items()],
            "initiative_progress": [p.to_dict() for p in self.initiative_progress()],
            "unit_progress": [p.to_dict() for p in self.unit_progress()],
            "non_adopters": [{"agency": n.agency.id, "initiatives": [i.id for i in n.initiatives],
                              "overdue": [i.id for i in n.overdue]} for n in self.non_adopters()],
            "notes": self.notes,
            "hints": self.hints,
        }


def initiative_label(initiative: Initiative) -> str:
    """"Mô hình 1 “Ngày thứ bảy lắng nghe dân nói”" or "Giải pháp 2.1 “…”"."""
    kind = initiative.kind.label.capitalize()
    number = f" {initiative.number}" if initiative.number else ""
    return f"{kind}{number} “{initiative.name}”"


def _select_initiatives(ds: Dataset, ids: list[str] | None, document: str | None) -> list[Initiative]:
    if document is not None:
        doc = ds.documents.get(document)
        if doc is None:
            raise UsageError(f"văn bản «{document}» không có trong dữ liệu",
                             hint="xem mã văn bản trong các tệp documents")
        if not doc.initiatives:
            raise UsageError(f"văn bản «{document}» không ghi mô hình nào (initiatives)",
                             hint="thêm danh sách initiatives vào văn bản, hoặc bỏ --document")
        ids = list(doc.initiatives) + list(ids or [])
    if not ids:
        return list(ds.initiatives.values())
    missing = [i for i in ids if i not in ds.initiatives]
    if missing:
        raise UsageError(f"mô hình «{missing[0]}» không có trong dữ liệu",
                         hint="các mã hiện có: " + ", ".join(ds.initiatives) if ds.initiatives else None)
    return [ds.initiatives[i] for i in dict.fromkeys(ids)]


def adoption_matrix(ds: Dataset, *, as_of: date | None = None, initiatives: list[str] | None = None,
                    document: str | None = None) -> AdoptionMatrix:
    """Units × initiatives with their adoption status on ``as_of`` (all records if None).

    A unit is assigned an initiative when an apply or lead order targets it; its status is the
    latest adoption record dated on or before ``as_of`` (undated records always count), else
    "đã áp dụng" for the initiative's own origin unit, else "chưa triển khai".
    Units that recorded an adoption without being targeted are shown too (voluntary adoption).
    """
    if not ds.initiatives:
        raise UsageError("dữ liệu chưa có mô hình, sáng kiến nào",
                         hint="thêm một tệp `schema: initiatives@1` vào thư mục dữ liệu")
    chosen = _select_initiatives(ds, initiatives, document)
    expansions = expand_all(ds, chosen, as_of=as_of)
    cells: dict[tuple[str, str], Cell] = {}
    units: dict[str, Agency] = {}
    for expansion in expansions:
        if expansion.order.role not in ADOPTING_ROLES:
            continue
        for agency in expansion.agencies:
            units[agency.id] = agency
            key = (agency.id, expansion.initiative.id)
            default = (AdoptionStatus.ADOPTED if agency.id == expansion.initiative.origin_agency
                       else AdoptionStatus.NOT_STARTED)
            note = "đơn vị khởi xướng" if default is AdoptionStatus.ADOPTED else None
            previous = cells.get(key)
            due = expansion.order.due
            if previous is None:
                cells[key] = Cell(default, due=due, note=note)
            elif due and (previous.due is None or due < previous.due):
                previous.due = due
    for initiative in chosen:
        records = [a for order in initiative.replication for a in order.adoption
                   if as_of is None or a.on is None or a.on <= as_of]
        records.sort(key=lambda a: a.on or date.min)
        for record in records:
            agency = ds.agencies.get(record.agency)
            if agency is None:
                continue
            units.setdefault(agency.id, agency)
            key = (agency.id, initiative.id)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = Cell(record.status, assigned=False)
            cell.status = record.status
            cell.recorded = True
            cell.on = record.on
            cell.note = record.note or record.evidence or cell.note
    ended = [a for a in units.values() if as_of is not None and not a.is_valid_on(as_of)]
    if ended:  # the units existing at the as-of date; the others are named in the notes
        units = {key: a for key, a in units.items() if a not in ended}
        cells = {key: cell for key, cell in cells.items() if key[0] in units}
    here = province_at(ds, as_of)
    return AdoptionMatrix(province_level=here.level_label if here else ds.province_level, as_of=as_of, initiatives=chosen,
                          units=sorted(units.values(), key=agency_sort_key), cells=cells,
                          expansions=expansions, ended=sorted(ended, key=agency_sort_key))


# ---------------------------------------------------------------------------
# "Trách nhiệm thực hiện" of a replication dispatch
# ---------------------------------------------------------------------------

@dataclass
class Responsibility:
    """One numbered item: a sentence, or "Sở Nội vụ:" followed by bullets; more paragraphs optional."""

    number: int
    text: str
    bullets: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    agency: str | None = None
    initiatives: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [f"{self.number}. {self.text}"]
        lines += self.paragraphs
        lines += [f"- {b}" for b in self.bullets]
        return "\n\n".join(lines)


_VERB = {
    ReplicationRole.APPLY: "nghiên cứu",
    ReplicationRole.LEAD: "nghiên cứu",
    ReplicationRole.COORDINATE: "triển khai áp dụng",
}
_ROLE_RANK = {ReplicationRole.APPLY: 0, ReplicationRole.LEAD: 1, ReplicationRole.COORDINATE: 2}


def _kinds_phrase(kinds: list[AgencyKind], level: str = "tỉnh") -> list[str]:
    """Names of unit kinds as dispatches write them; sở/ban/văn phòng collapse to one phrase."""
    names: list[str] = []
    ordered = sorted(kinds, key=lambda k: KIND_RANK.get(k, 9))
    for kind in ordered:
        if kind in PROVINCIAL_ADMIN_KINDS:
            phrase = "các cơ quan hành chính cấp tỉnh"
        elif kind is AgencyKind.PROVINCE:
            phrase = f"UBND {level}"
        else:
            phrase = kind.label
        if phrase not in names:
            names.append(phrase)
    return names


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sections(ds: Dataset, document: Document) -> dict[InitiativeKind, str]:
    """Part numbers of the dispatch: each initiative kind in order of first appearance → I, II..."""
    parts: dict[InitiativeKind, str] = {}
    for initiative_id in document.initiatives:
        initiative = ds.initiatives.get(initiative_id)
        if initiative is not None and initiative.kind not in parts:
            parts[initiative.kind] = roman(len(parts) + 1)
    return parts


def _references(items: list[Initiative], parts: dict[InitiativeKind, str], after_verb: str) -> str:
    """"mô hình 1, 2, 3 tại phần I và các giải pháp 1.1, 1.2, 1.3 tại mục 1 phần II văn bản này".

    Groups follow the document's parts (and "mục" for solutions numbered "1.2"). As in seed 002,
    a plural group takes "các" except the first group right after "nghiên cứu".
    """
    groups: list[tuple[InitiativeKind, str | None, list[Initiative]]] = []
    for item in items:
        section = item.number.split(".")[0] if item.number and "." in item.number else None
        if groups and groups[-1][0] == item.kind and groups[-1][1] == section:
            groups[-1][2].append(item)
        else:
            groups.append((item.kind, section, [item]))
    phrases = []
    for position, (kind, section, members) in enumerate(groups):
        numbered = all(m.number for m in members)
        if numbered:
            names = ", ".join(m.number for m in members)  # type: ignore[misc]
        else:
            names = join_names([f"“{m.name}”" for m in members])
        plural = len(members) > 1
        prefix = "các " if plural and not (position == 0 and after_verb == "nghiên cứu") else ""
        phrase = f"{prefix}{kind.label} {names}"
        part = parts.get(kind)
        if numbered and part:
            where = f"mục {section} phần {part}" if section else f"phần {part}"
            phrase += f" tại {where}"
        phrases.append(phrase)
    located = any(m.number for _, _, members in groups for m in members) and parts
    return join_names(phrases) + (" văn bản này" if located else "")


def _agency_names(ds: Dataset, ids: list[str]) -> list[str]:
    return [group_label(ds, agency_id) for agency_id in ids]  # a group by its name, not its id


def _order_level(ds: Dataset, order: ReplicationOrder) -> str:
    """"tỉnh" or "thành phố" as the order's own document names the province (:func:`province_at`)."""
    document = ds.documents.get(order.source) if order.source else None
    found = province_at(ds, document_start(document) if document is not None else None)
    return found.level_label if found is not None else ds.province_level


def _coordination(ds: Dataset, order: ReplicationOrder) -> str:
    partners = _agency_names(ds, order.coordinators) + _kinds_phrase(order.coordinator_kinds, _order_level(ds, order))
    return join_names([*partners, "các cơ quan có liên quan"])


def _order_sentence(ds: Dataset, order: ReplicationOrder, refs: str, *, with_subject: bool) -> str:
    role = order.role
    subject = join_names(_agency_names(ds, order.agencies) + _kinds_phrase(order.agency_kinds, _order_level(ds, order)))
    scope = f" {order.scope}" if order.scope else ""
    if role is ReplicationRole.APPLY:
        body = f"{_VERB[role]} {refs}{scope}"
    elif role is ReplicationRole.LEAD:
        body = f"chủ trì, phối hợp với {_coordination(ds, order)} {_VERB[role]} {refs}{scope}"
    else:
        body = f"phối hợp với {_coordination(ds, order)} {_VERB[role]} {refs}{scope}"
    text = f"{subject} {body}" if with_subject else body
    return _capitalize(text.strip()) + "."


def _order_key(order: ReplicationOrder) -> tuple:
    return (order.role, tuple(order.agencies), tuple(order.agency_kinds), tuple(order.coordinators),
            tuple(order.coordinator_kinds), order.scope or "")


def _responsibility_config(document: Document) -> dict[str, Any]:
    config = document.data.get("responsibilities") or {}
    if not isinstance(config, dict):
        raise UsageError(f"văn bản «{document.id}»: data.responsibilities phải là một ánh xạ",
                         hint="ví dụ `responsibilities: {before: [...], duties: {so-noi-vu: [...]}}`")
    return config


def responsibilities(ds: Dataset, document: Document | str) -> list[Responsibility]:
    """The numbered "Trách nhiệm thực hiện" items of a replication dispatch.

    Items come from the replication orders whose ``source`` is the document (or, without a
    source, whose initiative's source is the document), for the document's initiatives. Orders
    with the same role, units, partners and scope form one item. Items are ordered: units that
    apply (province level, then districts, then communes), units that lead, units that coordinate.

    ``document.data.responsibilities`` may add hand-written parts:
    ``before`` (items placed first; an item is a string or a list of paragraphs) and
    ``duties`` (agency id → extra bullets; that agency's item becomes "Sở Nội vụ:" + bullets).
    """
    if isinstance(document, str):
        found = ds.documents.get(document)
        if found is None:
            raise UsageError(f"văn bản «{document}» không có trong dữ liệu",
                             hint="xem mã văn bản trong các tệp documents")
        document = found
    config = _responsibility_config(document)
    parts = _sections(ds, document)
    chosen = [ds.initiatives[i] for i in document.initiatives if i in ds.initiatives]
    position = {item.id: n for n, item in enumerate(chosen)}

    groups: dict[tuple, tuple[ReplicationOrder, list[Initiative]]] = {}
    for initiative in chosen:
        for order in initiative.replication:
            source = order.source or initiative.source
            if source != document.id:
                continue
            key = _order_key(order)
            if key not in groups:
                groups[key] = (order, [])
            if initiative not in groups[key][1]:
                groups[key][1].append(initiative)

    def sort_key(entry: tuple[ReplicationOrder, list[Initiative]]) -> tuple:
        order, items = entry
        kind_rank = min((KIND_RANK.get(k, 9) for k in order.agency_kinds), default=10)
        return (_ROLE_RANK[order.role], kind_rank, min(position[i.id] for i in items))

    result: list[Responsibility] = []
    for entry in config.get("before") or []:
        paragraphs = [entry] if isinstance(entry, str) else [str(p) for p in entry]
        result.append(Responsibility(len(result) + 1, paragraphs[0], paragraphs=paragraphs[1:]))

    duties: dict[str, list[str]] = {str(k): [str(b) for b in v] for k, v in (config.get("duties") or {}).items()}
    used_duties: set[str] = set()
    for order, items in sorted(groups.values(), key=sort_key):
        items = sorted(items, key=lambda i: position[i.id])
        refs = _references(items, parts, _VERB[order.role])
        single = order.agencies[0] if len(order.agencies) == 1 and not order.agency_kinds else None
        if single and single in duties and single not in used_duties:
            used_duties.add(single)
            result.append(Responsibility(
                len(result) + 1, _agency_names(ds, [single])[0] + ":",
                bullets=[_order_sentence(ds, order, refs, with_subject=False), *duties[single]],
                agency=single, initiatives=[i.id for i in items]))
        else:
            result.append(Responsibility(len(result) + 1, _order_sentence(ds, order, refs, with_subject=True),
                                         agency=single, initiatives=[i.id for i in items]))
    for agency_id, bullets in duties.items():
        if agency_id not in used_duties:
            result.append(Responsibility(len(result) + 1, _agency_names(ds, [agency_id])[0] + ":",
                                         bullets=list(bullets), agency=agency_id))
    return result


# ---------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------

EXPORT_FORMATS = ("xlsx", "md", "json", "csv")
UNIT_COLUMN = "Cơ quan, đơn vị"
PROGRESS_COLUMN = "Đã áp dụng"
TOTAL_ROW = "Tỷ lệ đã áp dụng"


def initiative_column(initiative: Initiative) -> str:
    """Column heading: "1. Ngày thứ bảy lắng nghe dân nói" / "2.1. Lập nhóm Zalo …"."""
    return f"{initiative.number}. {initiative.name}" if initiative.number else initiative.name


def matrix_title(matrix: AdoptionMatrix) -> str:
    when = f" đến ngày {date_short(matrix.as_of)}" if matrix.as_of else ""
    return f"Tình hình triển khai, nhân rộng các mô hình, sáng kiến, giải pháp CCHC{when}"


def matrix_table(matrix: AdoptionMatrix) -> TableData:
    """Units × initiatives with the adopted count, applicable count and share (numbers), and a
    last row of the share per initiative."""
    columns = [Column("stt", "STT", 6, "center", kind="int"), Column("unit", UNIT_COLUMN, 32)]
    columns += [Column(f"i{n}", initiative_column(i), 18, "center") for n, i in enumerate(matrix.initiatives)]
    columns += [Column("adopted", "Số mô hình đã áp dụng", 12, "right", kind="int"),
                Column("applicable", "Số mô hình được giao", 12, "right", kind="int"),
                Column("progress", PROGRESS_COLUMN, 12, "right", kind="percent")]
    rows: list[dict[str, Any]] = []
    for number, (unit, progress) in enumerate(zip(matrix.units, matrix.unit_progress(), strict=True), start=1):
        row: dict[str, Any] = {"stt": number, "unit": unit.display_name, "adopted": progress.adopted,
                               "applicable": progress.applicable, "progress": progress.ratio}
        for n, initiative in enumerate(matrix.initiatives):
            row[f"i{n}"] = matrix.cell(unit.id, initiative.id).label
        rows.append(row)
    overall = matrix.total_progress()
    total: dict[str, Any] = {"stt": None, "unit": TOTAL_ROW, "adopted": overall.adopted,
                             "applicable": overall.applicable, "progress": overall.ratio}
    for n, progress in enumerate(matrix.initiative_progress()):
        total[f"i{n}"] = Percent(progress.ratio) if progress.ratio is not None else "—"
    rows.append(total)
    notes = ["Đơn vị được giao nhưng chưa báo cáo kết quả được tính là «chưa triển khai»; "
             "«—»: không được giao."]
    notes += matrix.notes
    notes += [f"Gợi ý: {hint}" for hint in matrix.hints]
    return TableData(matrix_title(matrix), columns, rows, notes=notes, as_of=matrix.as_of, autofilter=True)


def short_references(initiatives: list[Initiative]) -> str:
    """"mô hình 1, 2, 3; giải pháp 1.1, 1.2" (names in quotes where there is no number)."""
    groups: dict[InitiativeKind, list[str]] = {}
    for item in initiatives:
        groups.setdefault(item.kind, []).append(item.number or f"“{item.name}”")
    return "; ".join(f"{kind.label} {', '.join(names)}" for kind, names in groups.items())


def non_adopters_text(matrix: AdoptionMatrix) -> list[str]:
    """One line per unit that has not started: input for the "đề xuất xử lý" paragraph."""
    lines = []
    for item in matrix.non_adopters():
        names = short_references(item.initiatives)
        line = f"{item.agency.display_name}: chưa triển khai {names}"
        if item.overdue:
            line += f" (quá hạn {len(item.overdue)})"
        lines.append(line)
    return lines


def export_matrix(matrix: AdoptionMatrix, fmt: str, *, path: Path | None = None,
                  force: bool = False, warnings: list[str] | None = None) -> str | None:
    """Write the matrix as xlsx/md/json/csv; text formats are returned when ``path`` is None."""
    table = matrix_table(matrix)
    markdown = to_markdown(table)
    pending = non_adopters_text(matrix)
    if pending:
        markdown += "\n### Đơn vị chưa triển khai\n\n" + "\n".join(f"- {line}" for line in pending) + "\n"
    json_text = json.dumps(matrix.to_dict(), ensure_ascii=False, indent=2) + "\n" if fmt == "json" else None
    return export_table(table, fmt, path=path, force=force, sheet="Nhân rộng mô hình", markdown=markdown,
                        json_text=json_text, formats=EXPORT_FORMATS, warnings=warnings)
