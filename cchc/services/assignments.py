"""Who leads which criterion: resolving an assignment set against its criteria tree.

An assignment gives codes to agencies. A code covers its whole subtree; a more specific code
given to another agency (or declared unassigned) overrides it. :func:`resolve_leads` turns an
:class:`~cchc.models.assignments.AssignmentSet` into the appendix table of seed 001, with the
exclusions that follow from the overrides written out ("Lĩnh vực 7: Hiện đại hóa hành chính
(không gồm tiêu chí 7.1.10, 7.1.11, 7.4)"), and a coverage report:

* leaf criteria with no lead (unless declared ``unassigned`` with a reason);
* a code written in two entries at the same level (an error: which one leads is ambiguous;
  agencies that lead together are written as one entry, ``agency: [so-a, so-b]``);
* leads that are not valid in the assignment's year (with the successor to use);
* codes that are not in the criteria set.

The module also builds the export tables, the .docx appendix spec, the carry-over of an
assignment to a later year (:func:`carry_over`), and registers the coverage check of
``cchc validate``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.domain.agencies import successor_at
from cchc.domain.citation import appendix_reference
from cchc.domain.leads import (  # noqa: F401  (re-exported: the lead rule lives in the domain)
    DEFAULT_TITLE,
    UNKNOWN_POINTS,
    AgencyGroup,
    AgencyPoints,
    AssignedItem,
    CriterionLead,
    Resolution,
    ancestors,
    lead_agencies,
    resolve_leads,
)
from cchc.domain.provinces import province_at
from cchc.domain.suggest import did_you_mean
from cchc.errors import DataError, Diagnostic, UsageError
from cchc.io.atomic import atomic_write_text, ensure_writable, write_output
from cchc.io.loader import Dataset
from cchc.io.yamlsource import yaml_comment, yaml_scalar
from cchc.models.assignments import AssignmentSet
from cchc.models.common import code_sort_key
from cchc.models.criteria import CriteriaSet
from cchc.models.documents import AppendixKind, Document
from cchc.output.tables import Column, TableData, export_table, to_markdown
from cchc.textvn import date_short, number, upper_vi

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
    "criteria_table",
    "resolution_json",
    "resolve_for_year",
    "resolve_leads",
]

COLUMN_STT = "STT"
COLUMN_AGENCY = "Tên cơ quan"
COLUMN_ITEMS = "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"
COLUMN_COORDINATORS = "Cơ quan phối hợp"


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
                        hint="chạy `cchc validate` để xem và sửa", diagnostics=ds.located(relevant))


def _criteria_set(ds: Dataset, set_id: str) -> CriteriaSet:
    found = ds.criteria_sets.get(set_id)
    if found is None:
        raise UsageError(f"bộ tiêu chí «{set_id}» không tồn tại",
                         hint=did_you_mean(set_id, ds.criteria_sets, "các bộ hiện có: " + ", ".join(ds.criteria_sets)))
    return found


def resolve_for_year(ds: Dataset, year: int, criteria_id: str | None = None) -> Resolution:
    """Resolve the assignment of ``year`` with diagnostics located at file and line."""
    if ds.skipped is None:  # --skip-invalid: computed from the valid records, the output says so
        _raise_if_load_errors(ds)
    assignment = assignment_for_year(ds, year, criteria_id)
    criteria = _criteria_set(ds, criteria_id or assignment.criteria_set)
    resolution = resolve_leads(criteria, assignment, ds.agencies)
    if criteria.year_note(year):
        resolution.notes.append(criteria.year_note(year))
    _skipped_agencies(ds, assignment, resolution.diagnostics)
    _locate(ds, assignment, resolution.diagnostics)
    return resolution


def _skipped_agencies(ds: Dataset, assignment: AssignmentSet, diagnostics: list[Diagnostic]) -> None:
    """A lead or coordinator that was left out for its own error (``--skip-invalid``) says so,
    with where that error is, instead of "không có trong danh mục cơ quan"."""
    for diagnostic in diagnostics:
        if diagnostic.code != "unknown-agency":
            continue
        value: Any = assignment
        for step in diagnostic.path:
            value = value[step] if isinstance(step, int) else getattr(value, step, None)
        if not isinstance(value, str):
            continue
        role = "cơ quan phối hợp" if "coordinators" in diagnostic.path else "cơ quan chủ trì"
        dropped = ds.dropped_reference("agencies", value, role)
        if dropped is not None:
            diagnostic.message, diagnostic.hint = dropped
            diagnostic.code = "skipped-reference"


def _locate(ds: Dataset, assignment: AssignmentSet, diagnostics: list[Diagnostic]) -> None:
    origin = ds.origin(assignment)
    if origin is None:
        return
    for diagnostic in diagnostics:
        diagnostic.path = (*origin.path, *diagnostic.path)
        origin.source.resolve(diagnostic)




# --- tables and JSON ------------------------------------------------------------------------


def assignment_table(resolution: Resolution) -> TableData:
    """The appendix as a flat table (the agency repeats on each of its rows). A "Cơ quan phối
    hợp" column is added when some item has coordinators (and only then: the 2021 appendix has
    none), and a "Đồng chủ trì" column when some code is led jointly."""
    rows = []
    for group in resolution.groups:
        for item in group.items:
            rows.append({"stt": group.number, "agency": group.name, "code": item.code, "item": item.line(),
                         "exclusions": ", ".join(item.exclusions),
                         "joint": ", ".join(item.partner_names),
                         "coordinators": ", ".join(item.coordinator_names)})
    columns = [Column("stt", COLUMN_STT, 6, "center"), Column("agency", COLUMN_AGENCY, 28),
               Column("code", "Mã", 9, "center"), Column("item", COLUMN_ITEMS, 70),
               Column("exclusions", "Không gồm", 18)]
    if resolution.has_joint_leads:
        columns.append(Column("joint", "Đồng chủ trì với", 24))
    if resolution.has_coordinators:
        columns.append(Column("coordinators", COLUMN_COORDINATORS, 28))
    return TableData(
        title=resolution.title,
        subtitle=f"Bộ tiêu chí: {resolution.criteria.name} ({resolution.criteria.legal_basis.number})",
        columns=columns, rows=rows, notes=_table_notes(resolution))


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
    notes = ["Tiêu chí do nhiều cơ quan đồng chủ trì được tính cho mỗi cơ quan, nên tổng các dòng lớn hơn "
             "thang điểm."] if resolution.has_joint_leads else []
    return TableData(
        title=f"Tổng điểm tối đa mỗi cơ quan chủ trì năm {resolution.year} "
              f"(thang điểm {number(resolution.criteria.total_points)})",
        columns=[Column("agency", "Cơ quan", 30), Column("points", "Điểm tối đa", 22, "right"),
                 Column("unknown", "Mã chưa rõ điểm", 30)],
        rows=rows, notes=notes)


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
        "covered": resolution.covered,
    }
    if by == "criterion":
        payload["criteria"] = [{
            "code": e.criterion.code, "name": e.criterion.name, "lead": e.lead, "lead_name": e.lead_name,
            "leads": e.leads, "inherited_from": e.inherited_from, "coordinators": e.coordinators,
            "max_points": e.criterion.max_points, "unassigned_reason": e.unassigned_reason,
        } for e in resolution.by_criterion()]
        payload["points_by_agency"] = [{
            "agency": p.agency_id, "name": p.name, "points": p.points, "known_points": p.known_points,
            "unknown_codes": p.unknown_codes} for p in resolution.points_by_agency()]
    else:
        payload["agencies"] = [{
            "stt": g.number, "id": g.agency_id, "name": g.name,
            "items": [{"code": it.code, "level": it.criterion.level_label, "name": it.criterion.name,
                       "label": it.label(), "exclusions": it.exclusions, "joint_with": it.partners,
                       "coordinators": it.coordinators}
                      for it in g.items],
        } for g in resolution.groups]
    payload["unassigned"] = [{"code": c.code, "reason": r} for c, r in resolution.unassigned]
    payload["uncovered"] = [c.code for c in resolution.uncovered]
    payload["notes"] = resolution.notes
    payload["findings"] = [d.to_dict(base) for d in resolution.diagnostics]
    return json.dumps(payload, ensure_ascii=False, indent=2)


# --- the .docx appendix ---------------------------------------------------------------------

APPENDIX_WIDTHS_MM = (14.0, 45.0, None)  # STT, agency, items (the rest of the text width)
# With a "Cơ quan phối hợp" column (some item has coordinators), agency and coordinators share
# the room so the items keep the widest column.
COORDINATED_WIDTHS_MM = (14.0, 38.0, None, 38.0)  # STT, agency, items, coordinators
_TITLE_WIDTH_MM = 160.0  # inside the 165 mm text width
_TITLE_SIZE_PT = 14.0


def _appendix_title(resolution: Resolution, document: Document | None) -> str:
    if document is not None:
        for appendix in document.appendices:
            if appendix.kind is AppendixKind.ASSIGNMENT and appendix.assignment == resolution.assignment.id:
                return appendix.title
    return resolution.title


# Two-syllable words of CCHC titles a line break must not split ("CHỈ | SỐ" reads as two words).
_KEEP_TOGETHER = frozenset({
    "CHỈ SỐ", "CẢI CÁCH", "HÀNH CHÍNH", "TIÊU CHÍ", "THÀNH PHẦN", "CƠ QUAN", "ĐÁNH GIÁ", "CHẤM ĐIỂM",
    "THỰC HIỆN", "NHIỆM VỤ", "QUYẾT ĐỊNH", "BAN HÀNH", "NỘI VỤ", "TRIỂN KHAI", "THEO DÕI", "ĐÔN ĐỐC",
    "PHÂN CÔNG", "CHỦ TRÌ", "XẾP HẠNG", "KẾ HOẠCH", "BÁO CÁO", "KẾT QUẢ", "SÁNG KIẾN", "MÔ HÌNH"})


def _title_words(text: str) -> list[str]:
    """The units a title may break between: words, with the syllables of a known word and a
    number with what it numbers ("NĂM 2021", "SỐ 1149/QĐ-BNV") kept together."""
    words, units = text.split(), []
    i = 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        if i + 1 < len(words) and (pair in _KEEP_TOGETHER or (words[i] in ("NĂM", "SỐ", "NGÀY")
                                                               and words[i + 1][:1].isdigit())):
            units.append(pair)
            i += 2
        else:
            units.append(words[i])
            i += 1
    return units


def wrap_title(text: str, *, width_mm: float = _TITLE_WIDTH_MM, size_pt: float = _TITLE_SIZE_PT) -> list[str]:
    """Break a capitalised title into balanced centred lines no wider than ``width_mm`` (bold TNR).

    Greedy breaking gives the fewest lines; the width is then narrowed as long as the line count
    stays the same, so the last line is not left with a single word. A line never breaks inside
    a known two-syllable word (:func:`_title_words`).
    """
    from cchc.docx.metrics import text_width_mm

    def greedy(limit: float) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in _title_words(text):
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


def wrap_reference_line(line: str) -> str:
    """Break a reference line too long for the page before "của", as seed 001 does."""
    from cchc.docx.metrics import text_width_mm

    if " của " not in line or text_width_mm(line, _TITLE_SIZE_PT, italic=True) <= _TITLE_WIDTH_MM:
        return line
    head, tail = line.rsplit(" của ", 1)
    return f"{head}\ncủa {tail}"


def reference_line(document: Document, ds: Dataset | None = None, year: int | None = None) -> str:
    """The appendix's "(Kèm theo …)" line (:func:`cchc.domain.citation.appendix_reference`),
    wrapped for the page."""
    return wrap_reference_line(appendix_reference(document, ds.agencies if ds is not None else None, year=year))


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
    with_coordinators = resolution.has_coordinators
    rows = []
    for g in resolution.groups:
        row = [CellSpec(str(g.number)), CellSpec(g.name), CellSpec([[Run(item.line())] for item in g.items])]
        if with_coordinators:
            row.append(CellSpec([[Run(line)] for line in coordinator_lines(g)] or [[Run("")]]))
        rows.append(row)
    stt, agency, items, coordinators = COORDINATED_WIDTHS_MM if with_coordinators else (*APPENDIX_WIDTHS_MM, None)
    columns = [Column(COLUMN_STT, width_mm=stt, align="center"), Column(COLUMN_AGENCY, width_mm=agency),
               Column(COLUMN_ITEMS, width_mm=items, align="justify")]
    if with_coordinators:
        columns.append(Column(COLUMN_COORDINATORS, width_mm=coordinators))
    table = TableBlock(columns=columns, rows=rows, font_size_pt=13)
    return AppendixSpec(
        title_lines=wrap_title(title), blocks=[table], label=label,
        reference_line=reference_line(document, ds, resolution.year) if document is not None else None)


def coordinator_lines(group: AgencyGroup) -> list[str]:
    """The "Cơ quan phối hợp" cell of one agency's row: the names alone when every item of the
    row has the same coordinators, else one line per item that has some ("Tiêu chí 7.4: Sở Tài chính")."""
    sets = {tuple(item.coordinator_names) for item in group.items}
    if len(sets) == 1:
        return [", ".join(next(iter(sets)))] if next(iter(sets)) else []
    return [f"{item.criterion.level_label} {item.code}: {', '.join(item.coordinator_names)}"
            for item in group.items if item.coordinator_names]


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
        successor = successor_at(ds.agencies, agency, year=to_year)
        if successor is None:
            return None, f"{agency.name} không còn hoạt động trong năm {to_year} và không có cơ quan kế nhiệm"
        until = agency.valid_until
        when = f" từ sau ngày {date_short(until)}" if until else ""
        return successor.id, f"{agency.name} hết hoạt động{when}; {successor.name} kế nhiệm"

    # lead ids (one, or several joint leads) -> {"codes": [(code, comment)], "coordinators": [...],
    # "comments": [...], "notes": [...]}; in the source file's order (the appendix order)
    entries: dict[tuple[str, ...], dict[str, Any]] = {}
    orphans: list[str] = []  # comment lines for codes whose agency has no successor
    mapped_seen: set[str] = set()
    for lead in source.leads:
        old_ids = lead_agencies(lead)
        written = ", ".join(old_ids)
        new_ids: list[str] = []
        whys: list[str] = []
        lost: list[str] = []
        for old_id in old_ids:
            new_agency, why = replace(old_id)
            if why and new_agency and new_agency != old_id:
                report.replaced.append((old_id, new_agency, why))
                whys.append(f"thay {old_id}: {why}")
            elif why and new_agency == old_id:
                report.warnings.append(why)
            if new_agency is None:
                lost.append(why)
            elif new_agency not in new_ids:
                new_ids.append(new_agency)
        codes: list[tuple[str, str]] = []
        for code in lead.codes:
            new_code, reason = mapper(code)
            if new_code is None:
                report.unmapped.append((written, code, reason))
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
        if not new_ids:
            orphans.append(f"{written}: {', '.join(c for c, _ in codes) or '(không còn mã)'} — {'; '.join(lost)}")
            for code, _ in codes:
                report.unmapped.append((written, code, "; ".join(lost)))
            continue
        key = tuple(new_ids)
        entry = entries.setdefault(key, {"codes": [], "coordinators": [], "comments": [], "notes": []})
        entry["comments"].extend(whys)
        entry["comments"].extend(f"đồng chủ trì: bỏ {why}" for why in lost)
        for code, comment in codes:
            if code not in [c for c, _ in entry["codes"]]:
                entry["codes"].append((code, comment))
        for coordinator in lead.coordinators:
            new_coordinator, cwhy = replace(coordinator)
            if new_coordinator and new_coordinator != coordinator:
                report.replaced.append((coordinator, new_coordinator, cwhy))
                entry["comments"].append(f"phối hợp: thay {coordinator}: {cwhy}")
            if new_coordinator and new_coordinator not in key and new_coordinator not in entry["coordinators"]:
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

    # Who holds each new code; two entries on one code is left for the reviewer to settle.
    holders: dict[str, tuple[str, ...] | None] = {}
    for agency_id, entry in entries.items():
        for code, _ in entry["codes"]:
            if code in holders and holders[code] != agency_id:
                report.warnings.append(f"mã {code} được chuyển cho cả {', '.join(holders[code] or ())} và "
                                       f"{', '.join(agency_id)}; cần chọn cơ quan chủ trì (hoặc ghi chung "
                                       "một mục nếu đồng chủ trì)")
            holders.setdefault(code, agency_id)
    for code, _, _ in unassigned:
        holders.setdefault(code, None)
    # Drop a code whose nearest assigned ancestor already belongs to the same agency.
    for agency_id, entry in entries.items():
        keep = []
        for code, comment in entry["codes"]:
            holder = next((a for a in ancestors(code) if a in holders), None)
            if holder is not None and holders[holder] == agency_id:
                why = f"đã nằm trong mã {holder} của cùng cơ quan"
                report.dropped.append((", ".join(agency_id), code, why))
                entry["comments"].append(f"bỏ mã {code}: {why}")
                continue
            keep.append((code, comment))
        entry["codes"] = keep

    order = list(dict.fromkeys(new for new, _ in (replace(a) for a in source.order) if new is not None))
    text = _carry_over_yaml(ds, source, target, to_year, entries, unassigned, orphans, report, order)
    return text, report


def _carry_over_yaml(ds: Dataset, source: AssignmentSet, target: CriteriaSet, to_year: int,
                     entries: dict[tuple[str, ...], dict[str, Any]], unassigned: list[tuple[str, str, str]],
                     orphans: list[str], report: CarryOverReport, order: list[str] = ()) -> str:
    from_year = source.year
    lines = [
        f"# Đề xuất phân công năm {to_year}, chuyển từ «{source.id}» (năm {from_year}) bằng",
        f"# `cchc assign --year {to_year} --from {from_year}`. CẦN RÀ SOÁT trước khi dùng.",
    ]
    for note in report.notes + report.warnings:
        lines.append(f"# - {yaml_comment(note)}")
    if report.unmapped:
        lines.append("# Không chuyển được (cần phân công lại):")
        for agency_id, code, why in report.unmapped:
            who = f" (của {agency_id})" if agency_id else " (không phân công)"
            lines.append(f"#   - mã {code}{who}: {yaml_comment(why)}")
    if orphans:
        lines.append("# Cơ quan không có cơ quan kế nhiệm:")
        lines += [f"#   - {yaml_comment(line)}" for line in orphans]
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
        lines.append(f"title: {yaml_scalar(title)}")
    if source.source:
        lines.append(f"# source: {source.source} là văn bản giao năm {from_year}; ghi văn bản giao năm {to_year} khi có")

    lead_lines: list[str] = []
    for lead_ids, entry in entries.items():  # the source file's order: the appendix keeps it
        agency = lead_ids[0] if len(lead_ids) == 1 else "[" + ", ".join(lead_ids) + "]"
        for comment in entry["comments"]:
            lead_lines.append(f"  # {yaml_comment(comment)}")
        if not entry["codes"]:
            lead_lines.append(f"  # - agency: {agency}   (không còn mã nào chuyển được)")
            continue
        lead_lines.append(f"  - agency: {agency}")
        lead_lines.append("    codes:")
        for code, comment in sorted(entry["codes"], key=lambda pair: code_sort_key(pair[0])):
            suffix = f"   # {yaml_comment(comment)}" if comment else ""
            lead_lines.append(f"      - \"{code}\"{suffix}")
        if entry["coordinators"]:
            lead_lines.append("    coordinators: [" + ", ".join(entry["coordinators"]) + "]")
        if entry["notes"]:
            lead_lines.append(f"    note: {yaml_scalar('; '.join(entry['notes']))}")
    if not any(line.startswith("  - ") for line in lead_lines):
        raise DataError(f"không chuyển được mã nào của bảng phân công năm {from_year} sang bộ «{target.id}»",
                        hint="ghi code_map trong bộ tiêu chí mới, hoặc chọn bộ khác bằng --criteria")
    lines.append("leads:")
    lines += lead_lines
    if unassigned:
        lines.append("unassigned:")
        for code, reason, comment in unassigned:
            suffix = f"   # {yaml_comment(comment)}" if comment else ""
            lines.append(f"  - code: \"{code}\"{suffix}")
            lines.append(f"    reason: {yaml_scalar(reason)}")
    if order:
        lines.append("order: [" + ", ".join(order) + "]")
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
                      path: Path | None = None, force: bool = False,
                      warnings: list[str] | None = None) -> str | None:
    """Export in ``fmt``. Text formats are returned when ``path`` is None, else written there.

    Files are written atomically and never replace an existing file without ``force``.
    ``warnings`` (records left out) are carried by every format; the Word appendix is a
    document and is never written from part of the data.
    """
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"định dạng «{fmt}» không hỗ trợ", hint="dùng: " + ", ".join(EXPORT_FORMATS))
    if fmt in ("docx", "xlsx") and path is None:
        raise UsageError(f"định dạng {fmt} cần tệp kết quả", hint="thêm -o TỆP")
    if fmt == "docx" and by != "agency":
        raise UsageError("phụ lục .docx chỉ có dạng nhóm theo cơ quan", hint="bỏ --by criterion")
    table = assignment_table(resolution) if by == "agency" else criteria_table(resolution)
    if by != "agency" and fmt != "md":
        # Markdown carries the points per agency as its own table (below), not as notes too.
        table.notes += [f"{p.name}: {p.display()} điểm" for p in resolution.points_by_agency()]
    if fmt == "docx" and warnings:
        raise DataError("phụ lục .docx là văn bản, không soạn từ một phần dữ liệu: " + "; ".join(warnings),
                        hint="sửa các lỗi (chạy `cchc validate`), rồi xuất lại")
    if fmt == "docx" and path is not None:
        write_output(path, lambda tmp: write_assignment_docx(resolution, ds, tmp), force=force)
        return None
    markdown = to_markdown(table)
    if by != "agency":
        markdown += "\n" + to_markdown(agency_points_table(resolution))
    json_text = resolution_json(resolution, by=by, base=ds.root if ds else None) + "\n" if fmt == "json" else None
    return export_table(table, fmt, path=path, force=force, sheet="Phân công", markdown=markdown,
                        json_text=json_text, formats=EXPORT_FORMATS, warnings=warnings)


def write_assignment_docx(resolution: Resolution, ds: Dataset | None, path: Path) -> Path:
    """The appendix alone as a .docx laid out per ND 30/2020 (A4, its own page numbering)."""
    from datetime import UTC, date, datetime

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
    here = province_at(ds, source.date if source is not None and source.date else date(resolution.year, 12, 31)) if ds else None
    properties = PropertiesSpec(title=" ".join(appendix.title_lines), author=author or (f"Ủy ban nhân dân {here.title}" if here else ""),
                                created=created, subject=resolution.title, keywords="cải cách hành chính")
    document = build_appendix_document(appendix, properties=properties)
    document.save(str(path))
    return Path(path)


