"""Who leads which criterion: resolving an assignment set against its criteria tree.

An assignment gives codes to agencies. A code covers its whole subtree; a more specific code
given to another agency (or declared unassigned) overrides it. :func:`resolve_leads` turns an
:class:`~cchc.models.assignments.AssignmentSet` into the appendix table of seed 001, with the
exclusions that follow from the overrides written out ("Lĩnh vực 7: Hiện đại hóa hành chính
(không gồm tiêu chí 7.1.10, 7.1.11, 7.4)"), and a coverage report:

* leaf criteria with no lead (unless declared ``unassigned`` with a reason);
* a code given to two agencies at the same level (an error: which one leads is ambiguous);
* leads that are not valid in the assignment's year (with the successor to use);
* codes that are not in the criteria set.

The module also builds the export tables, the .docx appendix spec, the carry-over of an
assignment to a later year (:func:`carry_over`), and registers the coverage check of
``cchc validate``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc import checks
from cchc.checks.base import Report
from cchc.errors import DataError, DataPath, Diagnostic, HasDiagnostics, Severity, UsageError
from cchc.io.atomic import atomic_write_text, ensure_writable, write_output
from cchc.io.loader import Dataset
from cchc.models.agencies import Agency
from cchc.models.assignments import AssignmentSet
from cchc.models.common import code_sort_key, is_within, parent_code
from cchc.models.criteria import CriteriaSet, Criterion
from cchc.models.documents import AppendixKind, Document
from cchc.output.tables import Column, TableData, export_table, to_markdown
from cchc.textvn import number, upper_vi

if TYPE_CHECKING:  # the .docx package is imported only when an appendix is built
    from cchc.docx.spec import AppendixSpec

__all__ = [
    "AgencyGroup",
    "AgencyPoints",
    "AssignedItem",
    "CarryOverReport",
    "CriterionLead",
    "Resolution",
    "agency_points_table",
    "assignment_appendix",
    "assignment_for_year",
    "assignment_table",
    "carry_over",
    "check_assignment_coverage",
    "criteria_table",
    "resolution_json",
    "resolve_for_year",
    "resolve_leads",
]

UNKNOWN_POINTS = "chưa rõ"
DEFAULT_TITLE = ("Phân công các cơ quan chủ trì triển khai, theo dõi, đôn đốc thực hiện các tiêu chí, "
                 "tiêu chí thành phần của {index} năm {year}")
COLUMN_STT = "STT"
COLUMN_AGENCY = "Tên cơ quan"
COLUMN_ITEMS = "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"


# --- result types --------------------------------------------------------------------------


@dataclass
class AssignedItem:
    """One line of the appendix: a code given to an agency, minus what others lead inside it."""

    criterion: Criterion
    exclusions: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    path: DataPath = ()

    @property
    def code(self) -> str:
        return self.criterion.code

    def label(self) -> str:
        """"Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.1.10, 7.1.11, 7.4)"."""
        text = self.criterion.label().rstrip().rstrip(".;")
        if self.exclusions:
            text += f" (không gồm tiêu chí {', '.join(self.exclusions)})"
        return text

    def line(self) -> str:
        """The label as documents write it, ending with a full stop (seed 001)."""
        return self.label() + "."

    def covers(self, code: str) -> bool:
        """True when ``code`` lies in this item and in none of its exclusions."""
        return is_within(code, self.code) and not any(is_within(code, ex) for ex in self.exclusions)


@dataclass
class AgencyGroup:
    """The rows of one agency in the appendix (STT and agency merged over them)."""

    number: int
    agency_id: str
    name: str
    items: list[AssignedItem] = field(default_factory=list)


@dataclass
class CriterionLead:
    """A criterion with the agency that leads it (``--by criterion``)."""

    criterion: Criterion
    lead: str | None  # agency id; None when uncovered or declared unassigned
    lead_name: str | None
    coordinators: list[str]
    inherited_from: str | None  # the assigned code this lead comes from
    unassigned_reason: str | None = None


@dataclass
class AgencyPoints:
    """Max points an agency answers for; ``points`` is None when part of them is unknown."""

    agency_id: str | None  # None: rows "no lead" / "declared unassigned"
    name: str
    points: float | None
    known_points: float
    unknown_codes: list[str] = field(default_factory=list)

    def display(self) -> str:
        if self.points is not None:
            return number(round(self.points, 2))
        if self.known_points:
            return f"{UNKNOWN_POINTS} (đã biết {number(round(self.known_points, 2))})"
        return UNKNOWN_POINTS


@dataclass
class Resolution(HasDiagnostics):
    assignment: AssignmentSet
    criteria: CriteriaSet
    groups: list[AgencyGroup]
    leads: dict[str, str | None]  # every criterion code -> lead agency id (None: none)
    owners: dict[str, str | None]  # every criterion code -> the assigned code it falls under
    unassigned: list[tuple[Criterion, str]]  # declared unassigned (criterion, reason)
    uncovered: list[Criterion]  # leaves without a lead
    diagnostics: list[Diagnostic]
    notes: list[str]
    agency_names: dict[str, str]
    coordinators_of: dict[str, list[str]]  # assigned code -> coordinators

    @property
    def year(self) -> int:
        return self.assignment.year

    @property
    def title(self) -> str:
        return self.assignment.title or DEFAULT_TITLE.format(index=_index_short(self.criteria), year=self.year)

    def name(self, agency_id: str) -> str:
        return self.agency_names.get(agency_id, agency_id)

    def by_criterion(self) -> list[CriterionLead]:
        reasons = {c.code: reason for c, reason in self.unassigned}
        out = []
        for item in sorted(self.criteria.items, key=lambda c: code_sort_key(c.code)):
            owner = self.owners.get(item.code)
            lead = self.leads.get(item.code)
            out.append(CriterionLead(
                criterion=item, lead=lead, lead_name=self.name(lead) if lead else None,
                coordinators=list(self.coordinators_of.get(owner or "", [])) if lead else [],
                inherited_from=owner if owner and owner != item.code else None,
                unassigned_reason=reasons.get(owner or "") if owner and lead is None else None))
        return out

    def points_by_agency(self) -> list[AgencyPoints]:
        """Per agency, the max points of what it leads (the tree partitions the points).

        Each criterion contributes its "own share": its points minus the points of its listed
        children (all of them for a leaf; nothing for an inner node of a complete set). The
        share goes to the criterion's lead. Unknown points make the total unknown, never 0.
        """
        children: dict[str | None, list[Criterion]] = {}
        for item in self.criteria.items:
            children.setdefault(item.parent, []).append(item)
        totals: dict[str, tuple[float, list[str]]] = {}
        for item in self.criteria.items:
            kids = children.get(item.code, [])
            if kids and self.criteria.complete:
                continue
            if item.max_points is None or any(k.max_points is None for k in kids):
                share = None
            else:
                share = item.max_points - sum(k.max_points or 0.0 for k in kids)
            if self.owners.get(item.code) is None:
                key = "#none"
            else:
                key = self.leads.get(item.code) or "#unassigned"
            known, unknown = totals.get(key, (0.0, []))
            totals[key] = (known + share, unknown) if share is not None else (known, [*unknown, item.code])
        out = []
        order = [g.agency_id for g in self.groups]
        for agency_id in order + ["#unassigned", "#none"]:
            if agency_id not in totals and agency_id.startswith("#"):
                continue
            known, unknown = totals.get(agency_id, (0.0, []))
            name = {"#unassigned": "Không phân công (có lý do)",
                    "#none": "Chưa có cơ quan chủ trì"}.get(agency_id) or self.name(agency_id)
            out.append(AgencyPoints(
                agency_id=None if agency_id.startswith("#") else agency_id, name=name,
                points=None if unknown else known, known_points=known,
                unknown_codes=sorted(unknown, key=code_sort_key)))
        return out


# --- resolution ----------------------------------------------------------------------------


@dataclass
class _Marker:
    code: str
    owner: str | None  # agency id; None for a declared-unassigned code
    path: DataPath
    lead_index: int | None = None
    reason: str | None = None


def _index_short(criteria: CriteriaSet) -> str:
    return "Chỉ số CCHC" if criteria.index.value == "PAR_INDEX" else criteria.index.label


def _closest(value: str, candidates: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


def _diag(severity: Severity, message: str, path: DataPath, *, hint: str | None = None,
          code: str) -> Diagnostic:
    return Diagnostic(severity, message, path=path, hint=hint, code=code)


def _ancestors(code: str) -> Iterable[str]:
    """Strict ancestors of ``code``, nearest first."""
    current = parent_code(code)
    while current is not None:
        yield current
        current = parent_code(current)


def successor_in_year(agencies: Mapping[str, Agency], agency: Agency, year: int) -> Agency | None:
    """The agency that took over ``agency``'s duties and is valid in ``year``."""
    seen = {agency.id}
    current = agency
    while current.successor and current.successor in agencies and current.successor not in seen:
        seen.add(current.successor)
        current = agencies[current.successor]
        if current.is_valid_in_year(year):
            return current
    return None


def _agency_findings(assignment: AssignmentSet, agencies: Mapping[str, Agency]) -> list[Diagnostic]:
    found = []
    year = assignment.year
    for i, lead in enumerate(assignment.leads):
        roles = [("cơ quan chủ trì", ("leads", i, "agency"), lead.agency, Severity.ERROR)]
        roles += [("cơ quan phối hợp", ("leads", i, "coordinators", j), c, Severity.WARNING)
                  for j, c in enumerate(lead.coordinators)]
        for role, path, agency_id, severity in roles:
            agency = agencies.get(agency_id)
            if agency is None:
                close = _closest(agency_id, agencies)
                found.append(_diag(Severity.ERROR, f"{role} «{agency_id}» không có trong danh mục cơ quan", path,
                                   hint=f"có phải ý bạn là «{close}»?" if close else "thêm cơ quan vào agencies.yaml",
                                   code="unknown-agency"))
                continue
            if agency.is_valid_in_year(year):
                continue
            successor = successor_in_year(agencies, agency, year)
            if agency.valid_until and agency.valid_until.year < year:
                why = f"đã kết thúc hoạt động sau ngày {agency.valid_until.day}/{agency.valid_until.month}/{agency.valid_until.year}"
            else:
                why = "chưa được thành lập"
            hint = (f"giao cho cơ quan kế nhiệm «{successor.id}» ({successor.name})" if successor
                    else "chọn cơ quan đang hoạt động tiếp nhận nhiệm vụ này")
            found.append(_diag(severity, f"{role} «{agency.name}» {why}, không còn hợp lệ trong năm {year}",
                               path, hint=hint, code="agency-not-valid"))
    return found


def resolve_leads(criteria_set: CriteriaSet, assignment: AssignmentSet,
                  agencies: Mapping[str, Agency] | None = None) -> Resolution:
    """Resolve ``assignment`` against ``criteria_set``: the appendix groups and the coverage report.

    ``agencies`` (id → Agency) gives names, the official order and validity in the year; without
    it agencies keep their order of appearance and are named by id. Diagnostics carry paths into
    the assignment file (file and line are filled in by :func:`resolve_for_year`).
    """
    agencies = agencies or {}
    by_code = criteria_set.by_code()
    found: list[Diagnostic] = []
    notes: list[str] = []

    # 1. Markers: every assigned or declared-unassigned code that exists in the set.
    markers: dict[str, list[_Marker]] = {}
    for i, lead in enumerate(assignment.leads):
        for j, code in enumerate(lead.codes):
            path = ("leads", i, "codes", j)
            if code not in by_code:
                close = _closest(code, by_code)
                found.append(_diag(
                    Severity.ERROR, f"mã «{code}» không có trong bộ tiêu chí «{criteria_set.id}»", path,
                    hint=f"có phải ý bạn là «{close}»?" if close else "sửa mã hoặc bổ sung tiêu chí vào bộ tiêu chí",
                    code="unknown-criterion"))
                continue
            markers.setdefault(code, []).append(_Marker(code, lead.agency, path, lead_index=i))
    for k, item in enumerate(assignment.unassigned):
        path = ("unassigned", k, "code")
        if item.code not in by_code:
            found.append(_diag(Severity.ERROR, f"mã «{item.code}» không có trong bộ tiêu chí «{criteria_set.id}»",
                               path, code="unknown-criterion"))
            continue
        markers.setdefault(item.code, []).append(_Marker(item.code, None, path, reason=item.reason))

    # 2. The same code twice: another agency (ambiguous lead) or the same one (redundant).
    primary: dict[str, _Marker] = {}
    for code, found_markers in markers.items():
        first = found_markers[0]
        primary[code] = first
        seen_owners = [first.owner]
        for other in found_markers[1:]:
            if other.owner in seen_owners:
                found.append(_diag(Severity.WARNING, f"mã «{code}» được ghi hai lần cho cùng một cơ quan",
                                   other.path, hint="xóa lần ghi thừa", code="duplicate-code"))
                continue
            seen_owners.append(other.owner)
            names = [_owner_label(m.owner, agencies) for m in found_markers]
            found.append(_diag(
                Severity.ERROR,
                f"mã «{code}» được giao cho nhiều cơ quan ở cùng cấp: {', '.join(dict.fromkeys(names))}",
                other.path, hint="mỗi mã chỉ có một cơ quan chủ trì; giữ một cơ quan, "
                                 "các cơ quan còn lại ghi vào coordinators (phối hợp)",
                code="duplicate-lead"))

    def owner_marker(code: str) -> _Marker | None:
        if code in primary:
            return primary[code]
        return next((primary[a] for a in _ancestors(code) if a in primary), None)

    # 3. Every criterion's lead.
    leads: dict[str, str | None] = {}
    owners: dict[str, str | None] = {}
    for item in criteria_set.items:
        marker = owner_marker(item.code)
        owners[item.code] = marker.code if marker else None
        leads[item.code] = marker.owner if marker else None

    # 4. A code already inside a code of the same agency says nothing new.
    for code, marker in primary.items():
        above = next((primary[a] for a in _ancestors(code) if a in primary), None)
        if above is not None and above.owner == marker.owner and marker.owner is not None:
            found.append(_diag(Severity.WARNING,
                               f"mã «{code}» đã nằm trong mã «{above.code}» giao cho cùng cơ quan",
                               marker.path, hint="có thể bỏ mã này", code="redundant-code"))

    # 5. Groups: one per agency, official order, items by code with their exclusions.
    coordinators_of: dict[str, list[str]] = {}
    per_agency: dict[str, dict[str, AssignedItem]] = {}
    appearance: dict[str, int] = {}
    for i, lead in enumerate(assignment.leads):
        appearance.setdefault(lead.agency, i)
        items = per_agency.setdefault(lead.agency, {})
        for j, code in enumerate(lead.codes):
            if code not in by_code or code in items:
                continue
            if primary[code].lead_index == i:
                coordinators_of[code] = list(lead.coordinators)
            items[code] = AssignedItem(
                criterion=by_code[code], exclusions=_exclusions(code, lead.agency, primary),
                coordinators=list(lead.coordinators), path=("leads", i, "codes", j))

    def order_key(agency_id: str) -> tuple[int, int]:
        agency = agencies.get(agency_id)
        return (agency.order if agency else 10**6, appearance[agency_id])

    groups: list[AgencyGroup] = []
    for agency_id in sorted(per_agency, key=order_key):
        items = sorted(per_agency[agency_id].values(), key=lambda it: code_sort_key(it.code))
        if not items:
            continue
        groups.append(AgencyGroup(number=len(groups) + 1, agency_id=agency_id,
                                  name=_display_name(agency_id, agencies), items=items))

    # 6. Coverage of leaves.
    unassigned = [(by_code[m.code], m.reason or "") for m in primary.values() if m.owner is None]
    unassigned.sort(key=lambda pair: code_sort_key(pair[0].code))
    uncovered = sorted((leaf for leaf in criteria_set.leaves() if owners[leaf.code] is None),
                       key=lambda c: code_sort_key(c.code))
    for leaf in uncovered:
        found.append(_diag(Severity.ERROR, f"{leaf.label()} chưa có cơ quan chủ trì", ("leads",),
                           hint=f"giao mã \"{leaf.code}\" (hoặc một mã cha) cho một cơ quan, hoặc khai báo "
                                "trong unassigned kèm lý do (reason)", code="uncovered-criterion"))

    # 7. An incomplete set: say so, and point at implied criteria outside every lead's scope.
    if not criteria_set.complete:
        notes.append(f"Bộ tiêu chí «{criteria_set.id}» chưa đầy đủ (complete: false): chỉ gồm "
                     f"{len(criteria_set.items)} mục đã xác minh, nên báo cáo phủ kín chỉ xét các mục này.")
        for parent, missing in _implied_missing(criteria_set):
            if parent is not None and owners.get(parent) is not None:
                continue
            where = f"mục {parent}" if parent else "bộ tiêu chí"
            found.append(_diag(
                Severity.WARNING,
                f"bộ tiêu chí chưa đầy đủ: {where} thiếu mã {', '.join(missing)}; các mã này không nằm trong "
                "phạm vi của cơ quan chủ trì nào", ("leads",),
                hint="bổ sung tiêu chí vào bộ tiêu chí rồi phân công, hoặc khai báo trong unassigned",
                code="implied-uncovered"))

    if agencies:
        found.extend(_agency_findings(assignment, agencies))
    names = {agency_id: _display_name(agency_id, agencies)
             for agency_id in {lead.agency for lead in assignment.leads}
             | {c for lead in assignment.leads for c in lead.coordinators}}
    return Resolution(assignment=assignment, criteria=criteria_set, groups=groups, leads=leads,
                      owners=owners, unassigned=unassigned, uncovered=uncovered, diagnostics=found,
                      notes=notes, agency_names=names, coordinators_of=coordinators_of)


def _owner_label(owner: str | None, agencies: Mapping[str, Agency]) -> str:
    return "không phân công" if owner is None else _display_name(owner, agencies)


def _display_name(agency_id: str, agencies: Mapping[str, Agency]) -> str:
    agency = agencies.get(agency_id)
    return agency.display_name if agency else agency_id


def _exclusions(code: str, agency_id: str, primary: Mapping[str, _Marker]) -> list[str]:
    """Maximal assigned codes strictly inside ``code`` whose lead is not ``agency_id``."""
    out = []
    for inner, marker in primary.items():
        if inner == code or not is_within(inner, code) or marker.owner == agency_id:
            continue
        between = (a for a in _ancestors(inner) if a != code and is_within(a, code))
        if any(a in primary and primary[a].owner != agency_id for a in between):
            continue
        out.append(inner)
    return sorted(out, key=code_sort_key)


def _implied_missing(criteria_set: CriteriaSet) -> list[tuple[str | None, list[str]]]:
    """Codes implied by numbering but absent: children 8.2-8.6 imply an 8.1 somewhere."""
    numbers: dict[str | None, set[int]] = {}
    for item in criteria_set.items:
        numbers.setdefault(item.parent, set()).add(int(item.code.rsplit(".", 1)[-1]))
    out = []
    for parent, present in sorted(numbers.items(), key=lambda kv: code_sort_key(kv[0]) if kv[0] else ()):
        missing = [n for n in range(1, max(present)) if n not in present]
        if missing:
            prefix = f"{parent}." if parent else ""
            out.append((parent, [_range_text(prefix, missing)]))
    return out


def _range_text(prefix: str, values: list[int]) -> str:
    """[1] -> "8.1"; [1..9] -> "7.1.1-7.1.9"."""
    if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
        return f"{prefix}{values[0]}-{prefix}{values[-1]}"
    return ", ".join(f"{prefix}{v}" for v in values)


# --- selecting and locating ----------------------------------------------------------------


def assignment_for_year(ds: Dataset, year: int, criteria_id: str | None = None) -> AssignmentSet:
    """The assignment set of ``year`` (preferring one on ``criteria_id``)."""
    candidates = [a for a in ds.assignments.values() if a.year == year]
    if criteria_id and len(candidates) > 1:
        candidates = [a for a in candidates if a.criteria_set == criteria_id] or candidates
    if not candidates:
        years = sorted({a.year for a in ds.assignments.values()})
        _raise_if_load_errors(ds)
        raise UsageError(f"không có bảng phân công cho năm {year}",
                         hint=("các năm có phân công: " + ", ".join(map(str, years))) if years
                         else "thêm tệp assignments/<năm>.yaml, hoặc chuyển từ năm trước bằng --from NĂM")
    if len(candidates) > 1:
        raise UsageError(f"năm {year} có nhiều bảng phân công: " + ", ".join(a.id for a in candidates),
                         hint="chọn bộ tiêu chí bằng --criteria MÃ_BỘ")
    return candidates[0]


def _raise_if_load_errors(ds: Dataset) -> None:
    relevant = [d for d in ds.diagnostics if d.is_error and ds.kinds.get(d.file) in
                (None, "agencies", "criteria", "assignments")]
    if relevant:
        raise DataError("tệp cơ quan, bộ tiêu chí, phân công (hoặc tệp không đọc được) có lỗi",
                        hint="chạy `cchc validate` để xem và sửa", diagnostics=relevant)


def _criteria_set(ds: Dataset, set_id: str) -> CriteriaSet:
    found = ds.criteria_sets.get(set_id)
    if found is None:
        close = _closest(set_id, ds.criteria_sets)
        raise UsageError(f"bộ tiêu chí «{set_id}» không tồn tại",
                         hint=f"có phải ý bạn là «{close}»?" if close
                         else "các bộ hiện có: " + ", ".join(ds.criteria_sets))
    return found


def resolve_for_year(ds: Dataset, year: int, criteria_id: str | None = None) -> Resolution:
    """Resolve the assignment of ``year`` with diagnostics located at file and line."""
    _raise_if_load_errors(ds)
    assignment = assignment_for_year(ds, year, criteria_id)
    criteria = _criteria_set(ds, criteria_id or assignment.criteria_set)
    resolution = resolve_leads(criteria, assignment, ds.agencies)
    if year not in criteria.years:
        resolution.notes.append(f"Bộ tiêu chí «{criteria.id}» áp dụng cho năm "
                                f"{', '.join(map(str, criteria.years))}, không phải năm {year}.")
    _locate(ds, assignment, resolution.diagnostics)
    return resolution


def _locate(ds: Dataset, assignment: AssignmentSet, diagnostics: list[Diagnostic]) -> None:
    origin = ds.origin(assignment)
    if origin is None:
        return
    for diagnostic in diagnostics:
        diagnostic.path = (*origin.path, *diagnostic.path)
        origin.source.resolve(diagnostic)


# --- validate cross-check -------------------------------------------------------------------

_VALIDATE_CODES = {"duplicate-lead": Severity.ERROR, "uncovered-criterion": Severity.WARNING}


def check_assignment_coverage(report: Report) -> None:
    """`cchc validate`: a code led by two agencies is an error, a leaf with no lead a warning.

    Unknown codes and agencies are reported by the reference checks already.
    """
    ds = report.ds
    for assignment in ds.assignments.values():
        criteria = ds.criteria_sets.get(assignment.criteria_set)
        if criteria is None:
            continue
        for diagnostic in resolve_leads(criteria, assignment).diagnostics:
            severity = _VALIDATE_CODES.get(diagnostic.code)
            if severity is not None:
                report.add(severity, assignment, diagnostic.path, diagnostic.message,
                           hint=diagnostic.hint, code=diagnostic.code)


checks.register(check_assignment_coverage)


# --- tables and JSON ------------------------------------------------------------------------


def assignment_table(resolution: Resolution) -> TableData:
    """The appendix as a flat table (the agency repeats on each of its rows)."""
    rows = []
    for group in resolution.groups:
        for item in group.items:
            rows.append({"stt": group.number, "agency": group.name, "code": item.code, "item": item.line(),
                         "exclusions": ", ".join(item.exclusions)})
    return TableData(
        title=resolution.title,
        subtitle=f"Bộ tiêu chí: {resolution.criteria.name} ({resolution.criteria.legal_basis.number})",
        columns=[Column("stt", COLUMN_STT, 6, "center"), Column("agency", COLUMN_AGENCY, 28),
                 Column("code", "Mã", 9, "center"), Column("item", COLUMN_ITEMS, 70),
                 Column("exclusions", "Không gồm", 18)],
        rows=rows, notes=_table_notes(resolution))


def criteria_table(resolution: Resolution) -> TableData:
    """Every criterion with its lead, coordinators and max points (``--by criterion``)."""
    rows = []
    for entry in resolution.by_criterion():
        item = entry.criterion
        if entry.lead:
            lead = entry.lead_name or entry.lead
        elif entry.unassigned_reason is not None:
            lead = f"không phân công: {entry.unassigned_reason}"
        else:
            lead = "CHƯA CÓ"
        rows.append({
            "code": item.code, "criterion": item.label(),
            "lead": lead,
            "inherited": entry.inherited_from or "",
            "coordinators": ", ".join(resolution.name(c) for c in entry.coordinators),
            "points": item.max_points if item.max_points is not None else UNKNOWN_POINTS,
        })
    return TableData(
        title=f"Cơ quan chủ trì theo tiêu chí năm {resolution.year}",
        subtitle=f"Bộ tiêu chí: {resolution.criteria.name} ({resolution.criteria.legal_basis.number})",
        columns=[Column("code", "Mã", 9, "center"), Column("criterion", "Lĩnh vực/Tiêu chí", 60),
                 Column("lead", "Cơ quan chủ trì", 28), Column("inherited", "Theo mã", 9, "center"),
                 Column("coordinators", "Cơ quan phối hợp", 24), Column("points", "Điểm tối đa", 12, "right")],
        rows=rows, notes=_table_notes(resolution))


def agency_points_table(resolution: Resolution) -> TableData:
    rows = [{"agency": p.name, "points": p.display(), "unknown": ", ".join(p.unknown_codes)}
            for p in resolution.points_by_agency()]
    return TableData(
        title=f"Tổng điểm tối đa mỗi cơ quan chủ trì năm {resolution.year} "
              f"(thang điểm {number(resolution.criteria.total_points)})",
        columns=[Column("agency", "Cơ quan", 30), Column("points", "Điểm tối đa", 22, "right"),
                 Column("unknown", "Mã chưa rõ điểm", 30)],
        rows=rows)


def _table_notes(resolution: Resolution) -> list[str]:
    notes = list(resolution.notes)
    notes += [f"{c.label()}: không phân công ({reason})." for c, reason in resolution.unassigned]
    return notes


def resolution_json(resolution: Resolution, *, by: str = "agency", base: Path | None = None) -> str:
    """Structured JSON: agencies with their items (code, label, exclusions), findings, points."""
    payload: dict[str, Any] = {
        "year": resolution.year,
        "assignment": resolution.assignment.id,
        "title": resolution.title,
        "criteria_set": {"id": resolution.criteria.id, "complete": resolution.criteria.complete,
                         "total_points": resolution.criteria.total_points},
        "ok": resolution.ok,
    }
    if by == "criterion":
        payload["criteria"] = [{
            "code": e.criterion.code, "name": e.criterion.name, "lead": e.lead, "lead_name": e.lead_name,
            "inherited_from": e.inherited_from, "coordinators": e.coordinators,
            "max_points": e.criterion.max_points, "unassigned_reason": e.unassigned_reason,
        } for e in resolution.by_criterion()]
        payload["points_by_agency"] = [{
            "agency": p.agency_id, "name": p.name, "points": p.points, "known_points": p.known_points,
            "unknown_codes": p.unknown_codes} for p in resolution.points_by_agency()]
    else:
        payload["agencies"] = [{
            "stt": g.number, "id": g.agency_id, "name": g.name,
            "items": [{"code": it.code, "level": it.criterion.level_label, "name": it.criterion.name,
                       "label": it.label(), "exclusions": it.exclusions, "coordinators": it.coordinators}
                      for it in g.items],
        } for g in resolution.groups]
    payload["unassigned"] = [{"code": c.code, "reason": r} for c, r in resolution.unassigned]
    payload["uncovered"] = [c.code for c in resolution.uncovered]
    payload["notes"] = resolution.notes
    payload["findings"] = [d.to_dict(base) for d in resolution.diagnostics]
    return json.dumps(payload, ensure_ascii=False, indent=2)


# --- the .docx appendix ---------------------------------------------------------------------

APPENDIX_WIDTHS_MM = (14.0, 45.0, None)  # STT, agency, items (the rest of the text width)
_TITLE_WIDTH_MM = 160.0  # inside the 165 mm text width
_TITLE_SIZE_PT = 14.0


def _appendix_title(resolution: Resolution, document: Document | None) -> str:
    if document is not None:
        for appendix in document.appendices:
            if appendix.kind is AppendixKind.ASSIGNMENT and appendix.assignment == resolution.assignment.id:
                return appendix.title
    return resolution.title


def wrap_title(text: str, *, width_mm: float = _TITLE_WIDTH_MM, size_pt: float = _TITLE_SIZE_PT) -> list[str]:
    """Break a capitalised title into balanced centred lines no wider than ``width_mm`` (bold TNR).

    Greedy breaking gives the fewest lines; the width is then narrowed as long as the line count
    stays the same, so the last line is not left with a single word.
    """
    from cchc.docx.metrics import text_width_mm

    def greedy(limit: float) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and text_width_mm(candidate, size_pt, bold=True) > limit:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current] if current else lines

    fewest = greedy(width_mm)
    low, high = 0.0, width_mm
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(greedy(middle)) <= len(fewest):
            high = middle
        else:
            low = middle
    return greedy(high)


def reference_line(document: Document, ds: Dataset | None = None, year: int | None = None) -> str:
    """"(Kèm theo Công văn số      /UBND-KSTTHC ngày      /      /2021 của Ủy ban nhân dân tỉnh Đắk Lắk)".

    A draft keeps the number and the day/month blank for the clerk, as seed 001 does. A line
    too long for the page is broken before "của".
    """
    from cchc.docx.metrics import text_width_mm

    blank = "      "
    kind = document.type.label
    if document.number is not None and document.symbol:
        ref = f"{kind} số {document.number:02d}/{document.symbol}"
    elif document.symbol:
        ref = f"{kind} số{blank}/{document.symbol}"
    else:
        ref = f"{kind} số{blank}"
    if document.date is not None:
        ref += f" ngày {document.date.day:02d}/{document.date.month:02d}/{document.date.year}"
    else:
        ref += f" ngày{blank}/{blank}/{document.year or year or ''}"
    issuer = document.issuer_name
    if ds is not None and document.issuer and document.issuer in ds.agencies:
        issuer = ds.agencies[document.issuer].name
    line = f"(Kèm theo {ref}"
    if issuer:
        tail = f"của {issuer})"
        one_line = f"{line} {tail}"
        if text_width_mm(one_line, _TITLE_SIZE_PT, italic=True) <= _TITLE_WIDTH_MM:
            return one_line
        return f"{line}\n{tail}"  # break before "của", as seed 001 does
    return line + ")"


def assignment_appendix(resolution: Resolution, ds: Dataset | None = None,
                        document: Document | None = None, *, label: str = "Phụ lục") -> AppendixSpec:
    """The ND 30 appendix of the assignment: title, reference line and the merged table.

    ``document`` is the dispatch the appendix goes with; by default the assignment's ``source``
    document. Without one the reference line is left out.
    """
    from cchc.docx.spec import AppendixSpec, CellSpec, Column, Run, TableBlock

    if document is None and ds is not None and resolution.assignment.source:
        document = ds.documents.get(resolution.assignment.source)
    title = upper_vi(_appendix_title(resolution, document))
    # One row per agency, its items as lines of one cell (as seed 001's appendix): a row never
    # splits across pages, so every page shows whose items it lists (a vertically merged
    # agency cell would show its name only on the first page of the group).
    rows = [[CellSpec(str(g.number)), CellSpec(g.name), CellSpec([[Run(item.line())] for item in g.items])]
            for g in resolution.groups]
    stt, agency, items = APPENDIX_WIDTHS_MM
    columns = [Column(COLUMN_STT, width_mm=stt, align="center"), Column(COLUMN_AGENCY, width_mm=agency),
               Column(COLUMN_ITEMS, width_mm=items, align="justify")]
    table = TableBlock(columns=columns, rows=rows, font_size_pt=13)
    return AppendixSpec(
        title_lines=wrap_title(title), blocks=[table], label=label,
        reference_line=reference_line(document, ds, resolution.year) if document is not None else None)


# --- carry-over -----------------------------------------------------------------------------


@dataclass
class CarryOverReport:
    source: AssignmentSet
    target_criteria: CriteriaSet
    to_year: int
    replaced: list[tuple[str, str, str]] = field(default_factory=list)  # (old id, new id, why)
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (old code, new code) when different
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (code, old name, new name)
    unmapped: list[tuple[str, str, str]] = field(default_factory=list)  # (agency or "", code, why)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)  # (agency, code, why): redundant
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _target_criteria(ds: Dataset, to_year: int, criteria_id: str | None,
                     report_notes: list[str]) -> CriteriaSet:
    if criteria_id:
        return _criteria_set(ds, criteria_id)
    # Illustrative sets (example: true) are never picked on their own.
    sets = [s for s in ds.criteria_for_year(to_year) if not s.example]
    if len(sets) == 1:
        return sets[0]
    if len(sets) > 1:
        raise UsageError(f"năm {to_year} có nhiều bộ tiêu chí: " + ", ".join(s.id for s in sets),
                         hint="chọn bằng --criteria MÃ_BỘ")
    earlier = [s for s in ds.criteria_sets.values() if min(s.years) <= to_year and not s.example]
    if not earlier:
        raise UsageError(f"không có bộ tiêu chí nào áp dụng cho năm {to_year} hoặc trước đó",
                         hint="chỉ rõ bằng --criteria MÃ_BỘ")
    newest = max(earlier, key=lambda s: (max(s.years), s.id))
    report_notes.append(f"Không có bộ tiêu chí ghi áp dụng cho năm {to_year}; dùng bộ mới nhất "
                        f"«{newest.id}» (áp dụng năm {', '.join(map(str, newest.years))}). "
                        "Cần kiểm tra lại khi có bộ tiêu chí của năm này.")
    return newest


def _code_mapper(ds: Dataset, source: CriteriaSet, target: CriteriaSet, notes: list[str]):
    """Return ``map(code) -> (new code | None, why)`` from ``source``'s codes to ``target``'s."""
    chain: list[CriteriaSet] = []  # sets from target back to (excluding) source
    current: CriteriaSet | None = target
    seen = set()
    while current is not None and current.id != source.id and current.id not in seen:
        seen.add(current.id)
        chain.append(current)
        current = ds.criteria_sets.get(current.predecessor or "")
    linked = current is not None and current.id == source.id
    if source.id != target.id and not linked:
        notes.append(f"Bộ «{target.id}» không ghi predecessor dẫn về «{source.id}»: mã nào có trong cả hai "
                     "bộ được giữ nguyên, mã khác không chuyển được.")
    target_codes = target.by_code()

    def mapper(code: str) -> tuple[str | None, str]:
        if source.id == target.id:
            return code, ""
        if not linked:
            if code in target_codes:
                return code, ""
            return None, f"không có mã «{code}» trong bộ «{target.id}»"
        value: str | None = code
        previous_codes = source.by_code()
        for step in reversed(chain):
            assert value is not None
            if value in step.code_map:
                new = step.code_map[value]
                if new is None:
                    return None, f"bộ «{step.id}» ghi mã «{value}» không còn tương ứng"
                value = new
            elif value not in step.by_code() or value not in previous_codes:
                return None, f"bộ «{step.id}» không có mã «{value}» và code_map không ghi ánh xạ"
            previous_codes = step.by_code()
        return value, ""

    return mapper


def carry_over(ds: Dataset, from_year: int, to_year: int,
               criteria_set: str | None = None) -> tuple[str, CarryOverReport]:
    """Propose the assignment of ``to_year`` from that of ``from_year``.

    Agencies no longer valid are replaced by their successor valid in ``to_year``; codes are
    mapped to the newer criteria set through its ``code_map`` (identity where the code exists
    in both sets and the map says nothing). Returns the YAML text, with comments explaining
    every change, and a report listing what could not be carried over.
    """
    if to_year <= from_year:
        raise UsageError(f"năm đích ({to_year}) phải sau năm nguồn ({from_year})",
                         hint="ví dụ: cchc assign --year 2026 --from 2021")
    _raise_if_load_errors(ds)
    source = assignment_for_year(ds, from_year)
    source_criteria = _criteria_set(ds, source.criteria_set)
    notes: list[str] = []
    target = _target_criteria(ds, to_year, criteria_set, notes)
    report = CarryOverReport(source=source, target_criteria=target, to_year=to_year, notes=notes)
    mapper = _code_mapper(ds, source_criteria, target, report.notes)
    old_names = source_criteria.by_code()
    new_names = target.by_code()

    def replace(agency_id: str) -> tuple[str | None, str]:
        agency = ds.agencies.get(agency_id)
        if agency is None:
            return agency_id, f"«{agency_id}» không có trong danh mục cơ quan"
        if agency.is_valid_in_year(to_year):
            return agency_id, ""
        successor = successor_in_year(ds.agencies, agency, to_year)
        if successor is None:
            return None, f"{agency.name} không còn hoạt động trong năm {to_year} và không có cơ quan kế nhiệm"
        until = agency.valid_until
        when = f" từ sau ngày {until.day}/{until.month}/{until.year}" if until else ""
        return successor.id, f"{agency.name} hết hoạt động{when}; {successor.name} kế nhiệm"

    # agency id -> {"codes": [(code, comment)], "coordinators": [...], "comments": [...], "note": ...}
    entries: dict[str, dict[str, Any]] = {}
    orphans: list[str] = []  # comment lines for codes whose agency has no successor
    mapped_seen: set[str] = set()
    for lead in source.leads:
        new_agency, why = replace(lead.agency)
        if why and new_agency and new_agency != lead.agency:
            report.replaced.append((lead.agency, new_agency, why))
        elif why and new_agency == lead.agency:
            report.warnings.append(why)
        codes: list[tuple[str, str]] = []
        for code in lead.codes:
            new_code, reason = mapper(code)
            if new_code is None:
                report.unmapped.append((lead.agency, code, reason))
                continue
            comment = ""
            if new_code != code:
                report.mapped.append((code, new_code))
                comment = f"mã {code} của bộ «{source_criteria.id}»"
            old, new = old_names.get(code), new_names.get(new_code)
            if old and new and old.name != new.name and new_code not in mapped_seen:
                report.renamed.append((new_code, old.name, new.name))
                comment = (comment + "; " if comment else "") + f"tên cũ: {old.name}"
            mapped_seen.add(new_code)
            codes.append((new_code, comment))
        if new_agency is None:
            orphans.append(f"{lead.agency}: {', '.join(c for c, _ in codes) or '(không còn mã)'} — {why}")
            for code, _ in codes:
                report.unmapped.append((lead.agency, code, why))
            continue
        entry = entries.setdefault(new_agency, {"codes": [], "coordinators": [], "comments": [],
                                                "notes": []})
        if new_agency != lead.agency:
            entry["comments"].append(f"thay {lead.agency}: {why}")
        for code, comment in codes:
            if code not in [c for c, _ in entry["codes"]]:
                entry["codes"].append((code, comment))
        for coordinator in lead.coordinators:
            new_coordinator, cwhy = replace(coordinator)
            if new_coordinator and new_coordinator != coordinator:
                report.replaced.append((coordinator, new_coordinator, cwhy))
                entry["comments"].append(f"phối hợp: thay {coordinator}: {cwhy}")
            if new_coordinator and new_coordinator != new_agency and new_coordinator not in entry["coordinators"]:
                entry["coordinators"].append(new_coordinator)
        if lead.note:
            entry["notes"].append(lead.note)

    unassigned: list[tuple[str, str, str]] = []
    for item in source.unassigned:
        new_code, reason = mapper(item.code)
        if new_code is None:
            report.unmapped.append(("", item.code, reason))
            continue
        unassigned.append((new_code, item.reason, f"mã {item.code} của bộ «{source_criteria.id}»"
                           if new_code != item.code else ""))

    # Who holds each new code; two agencies on one code is left for the reviewer to settle.
    holders: dict[str, str | None] = {}
    for agency_id, entry in entries.items():
        for code, _ in entry["codes"]:
            if code in holders and holders[code] != agency_id:
                report.warnings.append(f"mã {code} được chuyển cho cả {holders[code]} và {agency_id}; "
                                       "cần chọn một cơ quan chủ trì")
            holders.setdefault(code, agency_id)
    for code, _, _ in unassigned:
        holders.setdefault(code, None)
    # Drop a code whose nearest assigned ancestor already belongs to the same agency.
    for agency_id, entry in entries.items():
        keep = []
        for code, comment in entry["codes"]:
            holder = next((a for a in _ancestors(code) if a in holders), None)
            if holder is not None and holders[holder] == agency_id:
                why = f"đã nằm trong mã {holder} của cùng cơ quan"
                report.dropped.append((agency_id, code, why))
                entry["comments"].append(f"bỏ mã {code}: {why}")
                continue
            keep.append((code, comment))
        entry["codes"] = keep

    text = _carry_over_yaml(ds, source, target, to_year, entries, unassigned, orphans, report)
    return text, report


_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9]")
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def _scalar(value: str) -> str:
    """A YAML scalar: plain when that is safe, otherwise JSON-quoted (valid YAML double quotes)."""
    plain = (bool(_PLAIN_START.match(value)) and value == value.strip() and "\n" not in value
             and ": " not in value and " #" not in value and not value.endswith(":")
             and value.lower() not in _YAML_WORDS)
    return value if plain else json.dumps(value, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def _carry_over_yaml(ds: Dataset, source: AssignmentSet, target: CriteriaSet, to_year: int,
                     entries: dict[str, dict[str, Any]], unassigned: list[tuple[str, str, str]],
                     orphans: list[str], report: CarryOverReport) -> str:
    from_year = source.year
    lines = [
        f"# Đề xuất phân công năm {to_year}, chuyển từ «{source.id}» (năm {from_year}) bằng",
        f"# `cchc assign --year {to_year} --from {from_year}`. CẦN RÀ SOÁT trước khi dùng.",
    ]
    for note in report.notes + report.warnings:
        lines.append(f"# - {_comment(note)}")
    if report.unmapped:
        lines.append("# Không chuyển được (cần phân công lại):")
        for agency_id, code, why in report.unmapped:
            who = f" (của {agency_id})" if agency_id else " (không phân công)"
            lines.append(f"#   - mã {code}{who}: {_comment(why)}")
    if orphans:
        lines.append("# Cơ quan không có cơ quan kế nhiệm:")
        lines += [f"#   - {_comment(line)}" for line in orphans]
    title = source.title
    if title and str(from_year) in title:
        title = title.replace(str(from_year), str(to_year))
    lines += [
        "schema: assignments@1",
        f"id: phan-cong-{to_year}",
        f"year: {to_year}",
        f"criteria_set: {target.id}",
    ]
    if title:
        lines.append(f"title: {_scalar(title)}")
    if source.source:
        lines.append(f"# source: {source.source} là văn bản giao năm {from_year}; ghi văn bản giao năm {to_year} khi có")

    def order_key(agency_id: str) -> tuple[int, str]:
        agency = ds.agencies.get(agency_id)
        return (agency.order if agency else 10**6, agency_id)

    lead_lines: list[str] = []
    for agency_id in sorted(entries, key=order_key):
        entry = entries[agency_id]
        for comment in entry["comments"]:
            lead_lines.append(f"  # {_comment(comment)}")
        if not entry["codes"]:
            lead_lines.append(f"  # - agency: {agency_id}   (không còn mã nào chuyển được)")
            continue
        lead_lines.append(f"  - agency: {agency_id}")
        lead_lines.append("    codes:")
        for code, comment in sorted(entry["codes"], key=lambda pair: code_sort_key(pair[0])):
            suffix = f"   # {_comment(comment)}" if comment else ""
            lead_lines.append(f"      - \"{code}\"{suffix}")
        if entry["coordinators"]:
            lead_lines.append("    coordinators: [" + ", ".join(entry["coordinators"]) + "]")
        if entry["notes"]:
            lead_lines.append(f"    note: {_scalar('; '.join(entry['notes']))}")
    if not any(line.startswith("  - ") for line in lead_lines):
        raise DataError(f"không chuyển được mã nào của bảng phân công năm {from_year} sang bộ «{target.id}»",
                        hint="ghi code_map trong bộ tiêu chí mới, hoặc chọn bộ khác bằng --criteria")
    lines.append("leads:")
    lines += lead_lines
    if unassigned:
        lines.append("unassigned:")
        for code, reason, comment in unassigned:
            suffix = f"   # {_comment(comment)}" if comment else ""
            lines.append(f"  - code: \"{code}\"{suffix}")
            lines.append(f"    reason: {_scalar(reason)}")
    return "\n".join(lines) + "\n"


def carry_over_path(root: Path, to_year: int) -> Path:
    """Default place of the proposed file: ``<data>/assignments/<year>.yaml``."""
    return root / "assignments" / f"{to_year}.yaml"



def write_carry_over(ds: Dataset, from_year: int, to_year: int, *, criteria_set: str | None = None,
                     path: Path | None = None, force: bool = False) -> tuple[Path, CarryOverReport]:
    """Write the proposal of :func:`carry_over` (default ``<data>/assignments/<year>.yaml``).

    Never replaces an existing file without ``force``; the write is atomic.
    """
    target = path or carry_over_path(ds.root, to_year)
    ensure_writable(target, force=force)
    text, report = carry_over(ds, from_year, to_year, criteria_set)
    atomic_write_text(target, text)
    return target, report


# --- export ---------------------------------------------------------------------------------

EXPORT_FORMATS = ("docx", "xlsx", "csv", "md", "json")


def export_assignment(resolution: Resolution, ds: Dataset | None, fmt: str, *, by: str = "agency",
                      path: Path | None = None, force: bool = False) -> str | None:
    """Export in ``fmt``. Text formats are returned when ``path`` is None, else written there.

    Files are written atomically and never replace an existing file without ``force``.
    """
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"định dạng «{fmt}» không hỗ trợ", hint="dùng: " + ", ".join(EXPORT_FORMATS))
    if fmt in ("docx", "xlsx") and path is None:
        raise UsageError(f"định dạng {fmt} cần tệp kết quả", hint="thêm -o TỆP")
    if fmt == "docx" and by != "agency":
        raise UsageError("phụ lục .docx chỉ có dạng nhóm theo cơ quan", hint="bỏ --by criterion")
    table = assignment_table(resolution) if by == "agency" else criteria_table(resolution)
    if by != "agency":
        table.notes += [f"{p.name}: {p.display()} điểm" for p in resolution.points_by_agency()]
    if fmt == "docx" and path is not None:
        write_output(path, lambda tmp: write_assignment_docx(resolution, ds, tmp), force=force)
        return None
    markdown = to_markdown(table)
    if by != "agency":
        markdown += "\n" + to_markdown(agency_points_table(resolution))
    json_text = resolution_json(resolution, by=by, base=ds.root if ds else None) + "\n" if fmt == "json" else None
    return export_table(table, fmt, path=path, force=force, sheet="Phân công", markdown=markdown,
                        json_text=json_text, formats=EXPORT_FORMATS)


def write_assignment_docx(resolution: Resolution, ds: Dataset | None, path: Path) -> Path:
    """The appendix alone as a .docx laid out per ND 30/2020 (A4, its own page numbering)."""
    from datetime import UTC, datetime

    from cchc.docx import build_appendix_document
    from cchc.docx.spec import PropertiesSpec

    appendix = assignment_appendix(resolution, ds)
    source = ds.documents.get(resolution.assignment.source) if ds is not None and resolution.assignment.source else None
    issuer = ds.agencies.get(source.issuer) if ds is not None and source is not None and source.issuer else None
    author = issuer.name if issuer is not None else (source.issuer_name or "" if source is not None else "")
    if source is not None and source.date is not None:
        created = datetime(source.date.year, source.date.month, source.date.day)
    else:
        created = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties = PropertiesSpec(title=" ".join(appendix.title_lines), author=author or " ".join(["Ủy ban nhân dân tỉnh", ds.province or ""] if ds else []).strip(),
                                created=created, subject=resolution.title, keywords="cải cách hành chính")
    document = build_appendix_document(appendix, properties=properties)
    document.save(str(path))
    return Path(path)


