"""`cchc import assignment`: a "Phụ lục phân công" → an ``assignments@1`` file.

The layout is the 2021 Đắk Lắk appendix (seed 001) and what ``cchc assign --format docx/xlsx``
writes: STT | Tên cơ quan | Lĩnh vực/Tiêu chí/Tiêu chí thành phần, one agency over several rows
(merged cells) or several lines of one cell, each line "Lĩnh vực 7: Hiện đại hóa hành chính (không
gồm tiêu chí 7.1.10, 7.1.11, 7.4)." or "Tiêu chí 1.6 - …". A code column ("Mã") is used when present.

Checks, each reported with its cell: the code exists in the criteria set; the level word agrees
with the code ("Lĩnh vực" is one number); the name agrees with the set's name (a warning); the
written exclusions agree with what the other rows give away (an exclusion nobody else leads
becomes an ``unassigned`` entry, said so; an exclusion the document forgot is a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cchc.domain.agencies import successor_at
from cchc.domain.deadline_text import fold
from cchc.errors import UsageError
from cchc.importers.common import (
    ImportResult,
    cell_error,
    cell_warning,
    check_and_write,
    closest_ids,
    comment,
    import_target,
    yaml_scalar,
)
from cchc.importers.headers import ColumnSpec, best_layout
from cchc.importers.tables import Cell, pick_table, read_tables
from cchc.importers.tasks import _check_name, agency_index
from cchc.models.common import code_sort_key, is_within

ASSIGNMENT_COLUMNS = [
    ColumnSpec("stt", "STT", (r"^(stt|tt|so tt)$",)),
    ColumnSpec("code", "Mã", (r"^ma( tieu chi| linh vuc)?$",)),
    ColumnSpec("exclusions", "Không gồm", (r"^khong gom",)),
    ColumnSpec("coordinators", "Cơ quan phối hợp", (r"phoi hop",)),
    ColumnSpec("items", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", (r"linh vuc", r"tieu chi", r"noi dung"),
               required=True),
    ColumnSpec("agency", "Tên cơ quan", (r"co quan", r"don vi", r"chu tri"), required=True),
]

_ITEM = re.compile(r"^(linh vuc|tieu chi thanh phan|tieu chi|tctp|tc|lv)?\s*(\d+(?:\.\d+)*)\s*[:.\-–]?\s*(.*)$")
_EXCLUDED = re.compile(r"\(\s*khong (?:gom|bao gom)\s+(?:cac\s+)?(?:tieu chi thanh phan|tieu chi|linh vuc)?\s*"
                       r"([\d.,\s]+(?:va\s+[\d.]+)?)\s*[;)]")
# "(đồng chủ trì với Sở KH&CN, Văn phòng UBND tỉnh)", alone or after "không gồm …; " (what
# `cchc assign` writes for a code led jointly); the names are read from the unfolded line
_JOINT = re.compile(r"[(;]\s*[đĐ]ồng chủ trì(?: với| cùng)?\s+([^();]+?)\s*\)")
# a line of the coordinators cell that names its item: "Tiêu chí 7.4: Sở Tài chính"
_COORDINATOR_LINE = re.compile(r"^(?:linh vuc|tieu chi thanh phan|tieu chi)\s+(\d+(?:\.\d+)*)\s*:\s*(.+)$")
_LEVEL_DEPTH = {"linh vuc": 1, "lv": 1, "tieu chi": 2, "tc": 2, "tieu chi thanh phan": 3, "tctp": 3}


@dataclass
class _Item:
    code: str
    name: str
    exclusions: list[str]
    ref: str
    partners: list[str] = field(default_factory=list)  # joint leads named in the line ("đồng chủ trì với")


@dataclass
class _Lead:
    agencies: list[str]
    codes: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    ref: str = ""
    item_coordinators: dict[str, list[str]] = field(default_factory=dict)  # code -> coordinators of that item


def _items_of(text: str) -> list[tuple[str, str]]:
    """Lines of an item cell that start a new item (continuation lines are joined to it)."""
    out: list[tuple[str, str]] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        folded = fold(line)
        if _ITEM.match(folded) and _ITEM.match(folded).group(2) and (
                _ITEM.match(folded).group(1) or re.match(r"^\d+(\.\d+)*\s*[:.\-–]\s", folded)
                or re.fullmatch(r"\d+(\.\d+)*", folded)):
            out.append((line, folded))
        elif out:
            out[-1] = (out[-1][0] + " " + line, out[-1][1] + " " + folded)
        else:
            out.append((line, folded))
    return out


def _name_part(line: str) -> str:
    """"Lĩnh vực 7: Hiện đại hóa hành chính (không gồm …)." → "Hiện đại hóa hành chính"."""
    text = re.sub(r"\(\s*(?:[Kk]hông (?:gồm|bao gồm)|[Đđ]ồng chủ trì)[^)]*\)", "", line)
    text = re.sub(r"^\s*(?:[Ll]ĩnh vực|[Tt]iêu chí thành phần|[Tt]iêu chí|TCTP|TC|LV)?\s*\d+(?:\.\d+)*\s*[:.\-–]?\s*",
                  "", text)
    return text.strip().rstrip(".;").strip()


def import_assignment(ds, file: Path, *, year: int, criteria_id: str, output: Path | None = None,
                      source: str | None = None, table: int | None = None,
                      mapping: dict[str, list[str]] | None = None, dry_run: bool = False,
                      force: bool = False) -> ImportResult:
    file = Path(file)
    criteria = ds.criteria_sets.get(criteria_id)
    if criteria is None:
        raise UsageError(f"bộ tiêu chí «{criteria_id}» (--criteria) không có trong dữ liệu",
                         hint=closest_ids(criteria_id, ds.criteria_sets) or
                         "các bộ hiện có: " + ", ".join(ds.criteria_sets))
    if source is not None and source not in ds.documents:
        raise UsageError(f"văn bản «{source}» (--source) không có trong dữ liệu documents",
                         hint=closest_ids(source, ds.documents))
    result = ImportResult("assignments", file)
    if criteria.year_note(year):
        result.notes.append(criteria.year_note(year))
    layout = best_layout(pick_table(read_tables(file), table, file), ASSIGNMENT_COLUMNS)
    result.notes.extend(layout.table.notes)
    names = agency_index(ds, mapping, year=year)
    by_code = criteria.by_code()
    leads: list[_Lead] = []
    by_agencies: dict[tuple[str, ...], _Lead] = {}
    current: _Lead | None = None
    current_origin: str | None = None
    mid_year = date(year, 7, 1)
    for row in layout.body:
        agency_cell = layout.cell(row, "agency")
        items_cell = layout.cell(row, "items")
        if agency_cell is None or items_cell is None:
            continue
        origin = agency_cell.origin or agency_cell.ref
        if agency_cell.empty and current is not None and not items_cell.empty:
            origin = current_origin  # a continuation row whose agency cell was left blank
        if origin != current_origin or current is None:
            if agency_cell.empty:
                result.diagnostics.append(cell_error(file, agency_cell.ref, "dòng không có tên cơ quan",
                                                     hint="ghi tên cơ quan chủ trì hoặc gộp ô với dòng trên"))
                continue
            ids = _agency_ids(result, file, names, agency_cell, year, ds.agencies)
            key = tuple(ids)
            if not ids:
                current, current_origin = None, origin
                continue
            if key in by_agencies:
                current = by_agencies[key]
            else:
                current = _Lead(ids, ref=agency_cell.ref)
                by_agencies[key] = current
                leads.append(current)
            current_origin = origin
            coordinators_cell = layout.cell(row, "coordinators")
            if coordinators_cell is not None and not coordinators_cell.empty:
                _read_coordinators(result, file, names, coordinators_cell, current, mid_year, ds.agencies)
        if current is None:
            continue
        code_column = layout.text(row, "code")
        lines = _items_of(items_cell.text) if not items_cell.continued else []
        if code_column and len(lines) <= 1:
            lines = [(items_cell.text.replace("\n", " "), fold(items_cell.text.replace("\n", " ")))]
        for line, folded in lines:
            item = _parse_item(result, file, items_cell, line, folded, code_column if len(lines) == 1 else "",
                               by_code)
            if item is None:
                continue
            if item.code in current.codes:
                continue
            item.partners = _partners(result, file, names, items_cell, line, mid_year, ds.agencies)
            current.codes.append(item.code)
            current.items.append(item)
    holders = _holders(leads)
    _check_exclusions(result, file, leads, holders)
    unassigned = _unassigned(result, leads, by_code)
    result.records = len(holders)
    if not leads and not result.errors:
        result.diagnostics.append(cell_error(file, layout.table.label, "bảng không có dòng phân công nào"))
    target = import_target(output, ds.root / "assignments" / f"{year}.yaml")
    for other in ds.assignments.values():
        origin = ds.origin(other)
        if other.year == year and origin is not None and origin.file.resolve() != target.resolve():
            raise UsageError(f"năm {year} đã có bảng phân công «{other.id}» trong {origin.file.name}",
                             hint=f"ghi đè tệp đó: -o {origin.file} --force (xem trước bằng --dry-run)")
    result.files[target] = _assignment_yaml(file, layout.table.label, year, criteria.id, source, leads, holders,
                                            unassigned)
    return check_and_write(result, ds.root, dry_run=dry_run, force=force)


def _read_coordinators(result, file, names, cell: Cell, lead: _Lead, day: date, agencies) -> None:
    """The "Cơ quan phối hợp" cell: names for the whole row, or lines naming their item
    ("Tiêu chí 7.4: Sở Tài chính", as `cchc assign` writes when the row's items differ)."""
    for text in cell.text.split("\n"):
        text = text.strip()
        if not text:
            continue
        match_line = _COORDINATOR_LINE.match(fold(text))
        target = lead.coordinators
        if match_line:
            target = lead.item_coordinators.setdefault(match_line.group(1), [])
            text = text.split(":", 1)[1]
        for match in names.split(text):
            _check_name(result, file, names, cell.ref, match, role="cơ quan phối hợp", day=day, agencies=agencies)
            if match.ok:
                target.extend(i for i in match.ids if i not in target)


def _partners(result, file, names, cell: Cell, line: str, day: date, agencies) -> list[str]:
    """The joint leads an item line names: "(đồng chủ trì với Sở KH&CN, Văn phòng UBND tỉnh)"."""
    found = _JOINT.search(line)
    if not found:
        return []
    ids: list[str] = []
    for match in names.split(found.group(1)):
        _check_name(result, file, names, cell.ref, match, role="cơ quan đồng chủ trì", day=None, agencies=agencies)
        if match.ok:
            ids.extend(i for i in match.ids if i not in ids)
    return ids


def _holders(leads: list[_Lead]) -> dict[str, tuple[str, ...]]:
    """code → its lead agencies: every row that lists the code, and the joint leads its lines
    name ("đồng chủ trì với …"), in the document's order. A code under several rows is led
    jointly (that is how `cchc assign` writes a joint code: under each of its leads)."""
    holders: dict[str, list[str]] = {}
    rows: dict[str, list[tuple[list[str], list[str]]]] = {}
    for lead in leads:
        for item in lead.items:
            found = holders.setdefault(item.code, [])
            found.extend(a for a in [*lead.agencies, *item.partners] if a not in found)
            rows.setdefault(item.code, []).append((lead.agencies, item.partners))
    return {code: _plan_order(agencies, rows[code]) for code, agencies in holders.items()}


def _plan_order(found: list[str], rows: list[tuple[list[str], list[str]]]) -> tuple[str, ...]:
    """The joint leads of a code in the plan's order. `cchc assign` lists each row's partners in
    the plan's order, so the plan's order is the one list that, without a row's own agency, gives
    every row's partners; rows that do not fit (one agency a row, partners named) keep the
    document's order."""
    if len(found) < 2 or any(len(agencies) != 1 or not partners for agencies, partners in rows):
        return tuple(found)
    for agencies, partners in rows:
        candidate = [*agencies, *partners]
        if set(candidate) == set(found) and all(
                [a for a in candidate if a != own[0]] == theirs for own, theirs in rows):
            return tuple(candidate)
    return tuple(found)


def _agency_ids(result, file, names, cell: Cell, year: int, agencies) -> list[str]:
    ids = []
    for match in names.split(cell.text):
        # validity is checked over the year: an agency existing on some day of the year is fine
        _check_name(result, file, names, cell.origin or cell.ref, match, role="cơ quan chủ trì",
                    day=None, agencies=agencies)
        if match.generic:
            result.diagnostics.append(cell_error(
                file, cell.origin or cell.ref, f"«{match.text}» không phải một cơ quan cụ thể",
                hint=f"ánh xạ sang cơ quan hoặc nhóm cơ quan: --map \"{match.text}=MÃ\""))
        elif match.ok:
            for agency_id in match.ids:
                agency = agencies.get(agency_id)
                if agency is not None and not agency.is_valid_in_year(year):
                    found = successor_at(agencies, agency, year=year)
                    hint = (f"dùng cơ quan kế nhiệm: --map \"{match.text}={found.id}\"" if found is not None
                            else f"ánh xạ sang cơ quan đang hoạt động: --map \"{match.text}=MÃ\"")
                    result.diagnostics.append(cell_error(
                        file, cell.origin or cell.ref,
                        f"«{match.text}» là {names.describe(agency_id)}, không hoạt động trong năm {year}",
                        hint=hint, code="agency-not-valid"))
                if agency_id not in ids:
                    ids.append(agency_id)
    return ids


def _parse_item(result, file, cell: Cell, line: str, folded: str, code_column: str, by_code) -> _Item | None:
    match = _ITEM.match(folded)
    level = match.group(1) if match else None
    code = code_column.strip() if code_column else (match.group(2) if match else None)
    if not code or not re.fullmatch(r"\d+(\.\d+)*", code):
        result.diagnostics.append(cell_error(
            file, cell.ref, f"không đọc được mã lĩnh vực/tiêu chí trong «{line}»",
            hint="mỗi dòng bắt đầu bằng «Lĩnh vực N:» hoặc «Tiêu chí N.N -», ví dụ «Tiêu chí 7.4 - Áp dụng ISO»"))
        return None
    excluded = []
    if ex := _EXCLUDED.search(folded):
        excluded = re.findall(r"\d+(?:\.\d+)*", ex.group(1))
    if code not in by_code:
        near = closest_ids(code, by_code)
        result.diagnostics.append(cell_error(
            file, cell.ref, f"mã «{code}» («{comment(line)}») không có trong bộ tiêu chí",
            hint=near or "kiểm tra bộ tiêu chí chọn bằng --criteria", code="unknown-criterion"))
        return None
    criterion = by_code[code]
    depth = _LEVEL_DEPTH.get(level or "")
    # "Tiêu chí 7.1.10" is how appendices name a component too (seed 001): only "Lĩnh vực" and
    # "Tiêu chí thành phần" pin the level
    if depth and (depth == 2 and criterion.depth < 2 or depth != 2 and depth != criterion.depth):
        result.diagnostics.append(cell_warning(
            file, cell.ref, f"«{comment(line)}»: mã {code} là {criterion.level_label.lower()}, "
                            f"không phải {line.split(code)[0].strip().lower() or level}"))
    written = _name_part(line)
    if written and fold(written) != fold(criterion.name):
        result.diagnostics.append(cell_warning(
            file, cell.ref, f"tên của mã {code} trong bảng («{written}») khác tên trong bộ tiêu chí "
                            f"(«{criterion.name}»); dùng mã {code}"))
    for ex_code in excluded:
        if ex_code not in by_code:
            result.diagnostics.append(cell_error(
                file, cell.ref, f"mã «{ex_code}» ghi trong phần «không gồm» không có trong bộ tiêu chí"))
        elif not is_within(ex_code, code) or ex_code == code:
            result.diagnostics.append(cell_error(
                file, cell.ref, f"«không gồm {ex_code}» nhưng {ex_code} không thuộc mã {code}"))
    return _Item(code, written, [e for e in excluded if e in by_code], cell.ref)


def _check_exclusions(result, file, leads: list[_Lead], holders: dict[str, tuple[str, ...]]) -> None:
    """The exclusions written in the document against what the other rows give away (a code
    inside the item held by another agency or another set of joint leads)."""
    for lead in leads:
        for item in lead.items:
            mine = set(holders[item.code])
            implied = sorted((c for c in holders if c != item.code and is_within(c, item.code)
                              and set(holders[c]) != mine), key=code_sort_key)
            # only the outermost codes are written ("không gồm 7.1" covers 7.1.2)
            implied = [c for c in implied if not any(o != c and is_within(c, o) for o in implied)]
            missing = [c for c in implied if not any(is_within(c, w) for w in item.exclusions)]
            if missing:
                result.diagnostics.append(cell_warning(
                    file, item.ref, f"mã {item.code}: bảng không ghi «không gồm {', '.join(missing)}» nhưng các mã "
                                    "này được giao cho cơ quan khác; dữ liệu theo phần giao cụ thể hơn"))


def _unassigned(result, leads: list[_Lead], by_code) -> list[tuple[str, str]]:
    """Codes written as excluded that no other row gives to anyone: declared unassigned."""
    given = {code for lead in leads for code in lead.codes}
    out: list[tuple[str, str]] = []
    for lead in leads:
        for item in lead.items:
            for code in item.exclusions:
                # given away when a code inside this item's code, and holding ``code``, is listed
                covered = any(g != item.code and is_within(g, item.code) and is_within(code, g) for g in given)
                if not covered and code not in [c for c, _ in out]:
                    reason = f"phụ lục ghi «không gồm» tại {item.ref} nhưng không giao cho cơ quan nào"
                    out.append((code, reason))
                    result.notes.append(f"mã {code}: {reason}; ghi vào unassigned")
    return out


def _assignment_yaml(file: Path, label: str, year: int, criteria_id: str, source: str | None,
                     leads: list[_Lead], holders: dict[str, tuple[str, ...]],
                     unassigned: list[tuple[str, str]]) -> str:
    lines = [
        f"# Phân công năm {year} nhập từ {file.name} ({label}) bằng `cchc import assignment`.",
        "# Rà soát trước khi hợp nhất.",
        "schema: assignments@1",
        f"id: phan-cong-{year}",
        f"year: {year}",
        f"criteria_set: {criteria_id}",
    ]
    if source:
        lines.append(f"source: {source}")
    # One entry per (lead agencies, coordinators), in the order the document first gives it.
    entries: dict[tuple[tuple[str, ...], tuple[str, ...]], dict] = {}
    for lead in leads:
        for item in lead.items:
            agencies = holders[item.code]
            coordinators = tuple(c for c in lead.item_coordinators.get(item.code, lead.coordinators)
                                 if c not in agencies)
            entry = entries.setdefault((agencies, coordinators), {"codes": [], "refs": []})
            if item.code not in entry["codes"]:
                entry["codes"].append(item.code)
                if lead.ref not in entry["refs"]:
                    entry["refs"].append(lead.ref)
    document_order = list(dict.fromkeys(a for lead in leads if lead.items for a in lead.agencies))
    file_order = list(dict.fromkeys(a for agencies, _ in entries for a in agencies))
    lines.append("leads:")
    for (agencies, coordinators), entry in entries.items():
        agency = agencies[0] if len(agencies) == 1 else "[" + ", ".join(agencies) + "]"
        joint = "   # đồng chủ trì" if len(agencies) > 1 else ""
        lines.append(f"  - agency: {agency}   # {', '.join(entry['refs'])}{joint}")
        lines.append("    codes: [" + ", ".join(f'"{c}"' for c in entry["codes"]) + "]")
        if coordinators:
            lines.append("    coordinators: [" + ", ".join(coordinators) + "]")
    if unassigned:
        lines.append("unassigned:")
        for code, reason in unassigned:
            lines.append(f"  - code: \"{code}\"")
            lines.append(f"    reason: {yaml_scalar(reason)}")
    wanted = [a for a in document_order if a in file_order]
    if file_order[:len(wanted)] != wanted:
        lines.append("# thứ tự các cơ quan trong phụ lục, như văn bản ghi (các mục đồng chủ trì làm thứ tự trong "
                     "leads khác đi)")
        lines.append("order: [" + ", ".join(wanted) + "]")
    return "\n".join(lines) + "\n"
