"""Who leads which criterion: the one lead rule, and an assignment resolved against its tree.

An assignment gives codes to agencies. A code covers its whole subtree; a more specific code
given to another agency (or declared unassigned) overrides it. :func:`holder_of` answers who
leads one code (the rule itself). :func:`resolve_leads` turns an
:class:`~cchc.models.assignments.AssignmentSet` into the appendix table of seed 001, with the
exclusions that follow from the overrides written out ("Lĩnh vực 7: Hiện đại hóa hành chính
(không gồm tiêu chí 7.1.10, 7.1.11, 7.4)"), and the findings shared by ``cchc validate`` and
``cchc assign`` (one set, one severity):

* leaf criteria with no lead (unless declared ``unassigned`` with a reason);
* a code written in two entries at the same level (an error: which one leads is ambiguous;
  agencies that lead together are written as one entry, ``agency: [so-a, so-b]``);
* leads that are not valid in the assignment's year (with the successor to use);
* codes that are not in the criteria set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cchc.domain.agencies import successor_at
from cchc.domain.suggest import did_you_mean
from cchc.errors import DataPath, Diagnostic, HasDiagnostics, Severity
from cchc.models.agencies import Agency
from cchc.models.assignments import AssignmentSet
from cchc.models.common import code_depth, code_sort_key, is_within, parent_code
from cchc.models.criteria import CriteriaSet, Criterion
from cchc.textvn import date_short, number

UNKNOWN_POINTS = "chưa rõ"
JOINT_WITH = "đồng chủ trì với"
"""How an appendix line marks a code led jointly: "(đồng chủ trì với Sở KH&CN, Văn phòng UBND tỉnh)"."""
DEFAULT_TITLE = ("Phân công các cơ quan chủ trì triển khai, theo dõi, đôn đốc thực hiện các tiêu chí, "
                 "tiêu chí thành phần của {index} năm {year}")


# --- the lead of one code ----------------------------------------------------------------------


def lead_agencies(lead) -> list[str]:
    """The agency ids of one ``leads[]`` entry (one id, or several for joint leads)."""
    agency = lead.agency
    return list(agency) if isinstance(agency, (list, tuple)) else [agency]


@dataclass(frozen=True)
class CodeHolder:
    """Who leads a code: the lead agencies and their coordinators, or the reason it is
    deliberately unassigned; ``code`` is the listed code the answer comes from."""

    code: str
    leads: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    unassigned: str | None = None  # reason, when the code is deliberately not assigned


def holder_of(assignment: AssignmentSet, code: str) -> CodeHolder | None:
    """Who leads ``code``: the entries whose most specific listed code covers it (a listed
    code covers its whole subtree). A code declared ``unassigned`` more specifically than any
    lead wins over the lead. ``None``: nobody leads it."""
    best_depth = -1
    chosen: list = []
    listed_code = ""
    for lead in assignment.leads:
        for listed in lead.codes:
            if is_within(code, listed):
                depth = code_depth(listed)
                if depth > best_depth:
                    best_depth, chosen, listed_code = depth, [lead], listed
                elif depth == best_depth and lead not in chosen:
                    chosen.append(lead)
    reason: str | None = None
    for item in assignment.unassigned:
        if is_within(code, item.code) and code_depth(item.code) > best_depth:
            best_depth, listed_code, reason, chosen = code_depth(item.code), item.code, item.reason or "", []
    if reason is not None:
        return CodeHolder(listed_code, unassigned=reason)
    if not chosen:
        return None
    leads = tuple(dict.fromkeys(agency for lead in chosen for agency in lead_agencies(lead)))
    coordinators = tuple(dict.fromkeys(c for lead in chosen for c in lead.coordinators))
    return CodeHolder(listed_code, leads, coordinators)


# --- result types --------------------------------------------------------------------------


@dataclass
class AssignedItem:
    """One line of the appendix: a code given to an agency, minus what others lead inside it."""

    criterion: Criterion
    exclusions: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    path: DataPath = ()
    partners: list[str] = field(default_factory=list)  # the other joint leads (đồng chủ trì), ids
    partner_names: list[str] = field(default_factory=list)
    coordinator_names: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.criterion.code

    def label(self) -> str:
        """"Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.1.10, 7.1.11, 7.4)"; a joint
        lead adds "đồng chủ trì với Sở KH&CN, Văn phòng UBND tỉnh" in the same parenthesis."""
        text = self.criterion.label().rstrip().rstrip(".;")
        remarks = []
        if self.exclusions:
            remarks.append(f"không gồm tiêu chí {', '.join(self.exclusions)}")
        if self.partner_names:
            remarks.append(f"{JOINT_WITH} {', '.join(self.partner_names)}")
        if remarks:
            text += f" ({'; '.join(remarks)})"
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
    lead: str | None  # the first lead's agency id; None when uncovered or declared unassigned
    lead_name: str | None  # every lead, as the plan writes them: "Sở TT&TT, Sở KH&CN, Văn phòng UBND tỉnh"
    coordinators: list[str]
    inherited_from: str | None  # the assigned code this lead comes from
    unassigned_reason: str | None = None
    leads: list[str] = field(default_factory=list)  # every lead agency id (several: đồng chủ trì)


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
    leads: dict[str, str | None]  # every criterion code -> its first lead agency id (None: none)
    owners: dict[str, str | None]  # every criterion code -> the assigned code it falls under
    unassigned: list[tuple[Criterion, str]]  # declared unassigned (criterion, reason)
    uncovered: list[Criterion]  # leaves without a lead
    diagnostics: list[Diagnostic]
    notes: list[str]
    agency_names: dict[str, str]
    coordinators_of: dict[str, list[str]]  # assigned code -> coordinators
    leads_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> every lead (joint leads)

    @property
    def has_coordinators(self) -> bool:
        """True when some item names coordinators: the appendix then gains "Cơ quan phối hợp"."""
        return any(item.coordinators for group in self.groups for item in group.items)

    @property
    def has_joint_leads(self) -> bool:
        return any(len(leads) > 1 for leads in self.leads_of.values())

    def lead_ids(self, code: str) -> tuple[str, ...]:
        """Every lead of ``code`` (empty: none), first as the file writes them."""
        return self.leads_of.get(code, ())

    def names(self, agency_ids) -> str:
        """"Sở TT&TT, Sở KH&CN, Văn phòng UBND tỉnh": agencies as a plan lists them."""
        return ", ".join(self.name(a) for a in agency_ids)

    @property
    def year(self) -> int:
        return self.assignment.year

    @property
    def covered(self) -> bool:
        """No error and every leaf has a lead (or is declared unassigned): the appendix is complete."""
        return self.ok and not self.uncovered

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
            every = list(self.lead_ids(item.code))
            out.append(CriterionLead(
                criterion=item, lead=lead, lead_name=self.names(every) if lead else None,
                coordinators=list(self.coordinators_of.get(owner or "", [])) if lead else [],
                inherited_from=owner if owner and owner != item.code else None,
                unassigned_reason=reasons.get(owner or "") if owner and lead is None else None,
                leads=every))
        return out

    def points_by_agency(self) -> list[AgencyPoints]:
        """Per agency, the max points of what it leads (the tree partitions the points).

        Each criterion contributes its "own share": its points minus the points of its listed
        children (all of them for a leaf; nothing for an inner node of a complete set). The
        share goes to the criterion's lead; joint leads (đồng chủ trì) each answer for the whole
        share, so the rows then add up to more than the total (:attr:`has_joint_leads`). Unknown
        points make the total unknown, never 0.
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
                keys: tuple[str, ...] = ("#none",)
            else:
                keys = self.lead_ids(item.code) or ("#unassigned",)
            for key in keys:
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
    owner: tuple[str, ...] | None  # the lead agency ids of the entry; None for a declared-unassigned code
    path: DataPath
    lead_index: int | None = None
    reason: str | None = None


def _index_short(criteria: CriteriaSet) -> str:
    return "Chỉ số CCHC" if criteria.index.value == "PAR_INDEX" else criteria.index.label


def _diag(severity: Severity, message: str, path: DataPath, *, hint: str | None = None,
          code: str) -> Diagnostic:
    return Diagnostic(severity, message, path=path, hint=hint, code=code)


def ancestors(code: str) -> Iterable[str]:
    """Strict ancestors of ``code``, nearest first."""
    current = parent_code(code)
    while current is not None:
        yield current
        current = parent_code(current)


def lead_paths(lead, index: int) -> list[tuple[str, DataPath]]:
    """Each lead agency id of ``leads[index]`` with the path of where it is written."""
    if isinstance(lead.agency, (list, tuple)):
        return [(agency_id, ("leads", index, "agency", j)) for j, agency_id in enumerate(lead.agency)]
    return [(lead.agency, ("leads", index, "agency"))]


def _agency_findings(assignment: AssignmentSet, agencies: Mapping[str, Agency]) -> list[Diagnostic]:
    found = []
    year = assignment.year
    for i, lead in enumerate(assignment.leads):
        roles = [("cơ quan chủ trì", path, agency_id, Severity.ERROR) for agency_id, path in lead_paths(lead, i)]
        roles += [("cơ quan phối hợp", ("leads", i, "coordinators", j), c, Severity.WARNING)
                  for j, c in enumerate(lead.coordinators)]
        for role, path, agency_id, severity in roles:
            agency = agencies.get(agency_id)
            if agency is None:
                found.append(_diag(Severity.ERROR, f"{role} «{agency_id}» không có trong danh mục cơ quan", path,
                                   hint=did_you_mean(agency_id, agencies, "thêm cơ quan vào agencies.yaml"),
                                   code="unknown-agency"))
                continue
            if agency.is_valid_in_year(year):
                continue
            successor = successor_at(agencies, agency, year=year)
            if agency.valid_until and agency.valid_until.year < year:
                why = f"đã kết thúc hoạt động sau ngày {date_short(agency.valid_until)}"
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

    ``agencies`` (id → Agency) gives names and validity in the year; without it agencies are
    named by id. The appendix lists agencies in the order the assignment file first names them
    in ``leads`` (the order of its source document: the file is written, and imported, in that
    order), or as its ``order:`` list gives when joint leads make that order differ.
    A ``leads[]`` entry naming several agencies (đồng chủ trì) puts its codes under each of them,
    marked "đồng chủ trì với …". Diagnostics carry paths into the assignment file (file and line
    are filled in by :func:`resolve_for_year`).
    """
    agencies = agencies or {}
    by_code = criteria_set.by_code()
    found: list[Diagnostic] = []
    notes: list[str] = []

    # 1. Markers: every assigned or declared-unassigned code that exists in the set.
    markers: dict[str, list[_Marker]] = {}
    for i, lead in enumerate(assignment.leads):
        owner = tuple(lead_agencies(lead))
        for j, code in enumerate(lead.codes):
            path = ("leads", i, "codes", j)
            if code not in by_code:
                found.append(_diag(
                    Severity.ERROR, f"mã «{code}» không có trong bộ tiêu chí «{criteria_set.id}»", path,
                    hint=did_you_mean(code, by_code, "sửa mã hoặc bổ sung tiêu chí vào bộ tiêu chí"),
                    code="unknown-criterion"))
                continue
            markers.setdefault(code, []).append(_Marker(code, owner, path, lead_index=i))
    for k, item in enumerate(assignment.unassigned):
        path = ("unassigned", k, "code")
        if item.code not in by_code:
            found.append(_diag(Severity.ERROR, f"mã «{item.code}» không có trong bộ tiêu chí «{criteria_set.id}»",
                               path, code="unknown-criterion"))
            continue
        markers.setdefault(item.code, []).append(_Marker(item.code, None, path, reason=item.reason))

    # 2. The same code twice: other agencies (ambiguous lead) or the same ones (redundant).
    primary: dict[str, _Marker] = {}
    for code, found_markers in markers.items():
        first = found_markers[0]
        primary[code] = first
        seen_owners = [_owner_key(first.owner)]
        for other in found_markers[1:]:
            if _owner_key(other.owner) in seen_owners:
                found.append(_diag(Severity.WARNING, f"mã «{code}» được ghi hai lần cho cùng cơ quan chủ trì",
                                   other.path, hint="xóa lần ghi thừa", code="duplicate-code"))
                continue
            seen_owners.append(_owner_key(other.owner))
            names = [_owner_label(m.owner, agencies) for m in found_markers]
            found.append(_diag(
                Severity.ERROR,
                f"mã «{code}» được giao cho nhiều cơ quan ở cùng cấp: {', '.join(dict.fromkeys(names))}",
                other.path, hint="ghi mã ở một mục; nếu các cơ quan cùng chủ trì (đồng chủ trì), ghi chung một "
                                 "mục: agency: [so-a, so-b]; cơ quan chỉ phối hợp ghi vào coordinators",
                code="duplicate-lead"))

    # 3. Every criterion's leads (the one lead rule: holder_of).
    leads: dict[str, str | None] = {}
    leads_of: dict[str, tuple[str, ...]] = {}
    owners: dict[str, str | None] = {}
    for item in criteria_set.items:
        holder = holder_of(assignment, item.code)
        owners[item.code] = holder.code if holder else None
        leads[item.code] = holder.leads[0] if holder and holder.leads else None
        if holder and holder.leads:
            leads_of[item.code] = holder.leads

    # 4. A code already inside a code of the same lead(s) says nothing new.
    for code, marker in primary.items():
        above = next((primary[a] for a in ancestors(code) if a in primary), None)
        if above is not None and marker.owner is not None and _owner_key(above.owner) == _owner_key(marker.owner):
            found.append(_diag(Severity.WARNING,
                               f"mã «{code}» đã nằm trong mã «{above.code}» giao cho cùng cơ quan chủ trì",
                               marker.path, hint="có thể bỏ mã này", code="redundant-code"))

    # 5. Groups: one per agency, in the order the file names them; items by code with their
    #    exclusions (what another lead or set of joint leads holds inside the code).
    coordinators_of: dict[str, list[str]] = {}
    per_agency: dict[str, dict[str, AssignedItem]] = {}
    for i, lead in enumerate(assignment.leads):
        owner = tuple(lead_agencies(lead))
        for j, code in enumerate(lead.codes):
            if code not in by_code:
                continue
            if primary[code].lead_index == i:
                coordinators_of[code] = list(lead.coordinators)
            exclusions = _exclusions(code, owner, primary)
            for agency_id in owner:
                items = per_agency.setdefault(agency_id, {})
                if code in items:
                    continue
                partners = [a for a in owner if a != agency_id]
                items[code] = AssignedItem(
                    criterion=by_code[code], exclusions=exclusions, coordinators=list(lead.coordinators),
                    path=("leads", i, "codes", j), partners=partners,
                    partner_names=[_display_name(a, agencies) for a in partners],
                    coordinator_names=[_display_name(c, agencies) for c in lead.coordinators])

    listed = {agency_id: k for k, agency_id in enumerate(assignment.order)}
    appearance = {agency_id: k for k, agency_id in enumerate(per_agency)}  # as the file names them
    for k, agency_id in enumerate(assignment.order):
        if agency_id not in per_agency:
            found.append(_diag(Severity.WARNING, f"order ghi «{agency_id}» nhưng cơ quan này không chủ trì mã nào",
                               ("order", k), hint="xóa khỏi order, hoặc giao mã cho cơ quan này",
                               code="order-not-lead"))
    ordered = sorted(per_agency, key=lambda a: (listed.get(a, len(listed)), appearance[a]))
    groups: list[AgencyGroup] = []
    for agency_id in ordered:
        by_item = per_agency[agency_id]
        # The partners stay in the plan's order (the order of the joint lead's list, as written),
        # so each row's «đồng chủ trì với …» keeps it and `import assignment` can read it back.
        items = sorted(by_item.values(), key=lambda it: code_sort_key(it.code))
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
        # A warning in validate and assign alike (work in progress is valid data); `cchc assign`
        # still answers "not covered" with exit code 1 (Resolution.covered).
        found.append(_diag(Severity.WARNING, f"{leaf.label()} chưa có cơ quan chủ trì", ("leads",),
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
             for agency_id in {a for lead in assignment.leads for a in lead_agencies(lead)}
             | {c for lead in assignment.leads for c in lead.coordinators}}
    return Resolution(assignment=assignment, criteria=criteria_set, groups=groups, leads=leads,
                      owners=owners, unassigned=unassigned, uncovered=uncovered, diagnostics=found,
                      notes=notes, agency_names=names, coordinators_of=coordinators_of, leads_of=leads_of)


def _owner_key(owner: tuple[str, ...] | None) -> frozenset[str] | None:
    """Two entries have the same lead when they name the same agencies, in any order."""
    return None if owner is None else frozenset(owner)


def _owner_label(owner: tuple[str, ...] | None, agencies: Mapping[str, Agency]) -> str:
    if owner is None:
        return "không phân công"
    names = [_display_name(a, agencies) for a in owner]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]} (đồng chủ trì)"


def _display_name(agency_id: str, agencies: Mapping[str, Agency]) -> str:
    agency = agencies.get(agency_id)
    return agency.display_name if agency else agency_id


def _exclusions(code: str, owner: tuple[str, ...] | None, primary: Mapping[str, _Marker]) -> list[str]:
    """Maximal assigned codes strictly inside ``code`` whose lead (or set of joint leads) is not
    ``owner``'s: what the item's line says it does not include."""
    key = _owner_key(owner)
    out = []
    for inner, marker in primary.items():
        if inner == code or not is_within(inner, code) or _owner_key(marker.owner) == key:
            continue
        between = (a for a in ancestors(inner) if a != code and is_within(a, code))
        if any(a in primary and _owner_key(primary[a].owner) != key for a in between):
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
