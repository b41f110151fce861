"""`cchc import tasks`: the task table of a plan or dispatch → a ``tasks@1`` file.

The table has columns such as STT | Nội dung/Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
Thời gian hoàn thành | Sản phẩm/Kết quả | Ghi chú, found by their headers. Section rows
("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", or "1. Cải cách thể chế" heading rows 1.1, 1.2…) become comments
above their tasks. A task whose content cell is merged down over several rows (one task, one
lead per row) is one task with all those leads. Agencies are matched by name
(:mod:`cchc.domain.agency_names`), deadlines parsed from the plan's words
(:mod:`cchc.domain.deadline_text`); anything that does not match is an error naming its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cchc.domain.agencies import successor_at
from cchc.domain.agency_names import AgencyNameIndex, NameMatch
from cchc.domain.deadline_text import DeadlineTextError, deadline_yaml, fold, parse_deadline_text
from cchc.errors import UsageError
from cchc.importers.common import (
    ImportResult,
    cell_error,
    cell_warning,
    check_and_write,
    closest_ids,
    comment,
    import_target,
    slug,
    yaml_scalar,
)
from cchc.importers.headers import ColumnSpec, Layout, best_layout
from cchc.importers.tables import Row, pick_table, read_tables
from cchc.models.common import PERIOD_RE
from cchc.textvn import date_short

TASK_COLUMNS = [
    ColumnSpec("stt", "STT", (r"^(stt|tt|so tt|so thu tu)$",)),
    ColumnSpec("lead", "Cơ quan chủ trì", (r"chu tri", r"^co quan thuc hien$", r"^don vi thuc hien$",
                                            r"^co quan thuc hien chu tri", r"trach nhiem thuc hien$"), required=True),
    ColumnSpec("coordinators", "Cơ quan phối hợp", (r"phoi hop",)),
    ColumnSpec("due", "Thời gian hoàn thành/Thời hạn",
               (r"thoi gian", r"thoi han", r"han hoan thanh", r"tien do", r"^han$", r"moc thoi gian"),
               prefer=(r"hoan thanh", r"ket thuc", r"han"), avoid=(r"bat dau",)),
    ColumnSpec("product", "Sản phẩm/Kết quả", (r"san pham", r"ket qua")),
    ColumnSpec("criteria", "Tiêu chí liên quan", (r"tieu chi",), avoid=(r"noi dung",)),
    ColumnSpec("note", "Ghi chú", (r"ghi chu",)),
    ColumnSpec("title", "Nội dung/Nhiệm vụ",
               (r"noi dung", r"nhiem vu", r"cong viec", r"hoat dong", r"giai phap", r"ten nhiem vu"),
               required=True),
]

_ROMAN_STT = re.compile(r"^(?=[ivxlc]+\.?$)[ivxlc]+\.?$", re.IGNORECASE)
_LETTER_STT = re.compile(r"^[A-ZĐ]\.?$")
_NUMBER_STT = re.compile(r"^\d+(\.\d+)*\.?$")
_INLINE_HEADING = re.compile(r"^((?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)/])\s+\S")


@dataclass
class _Draft:
    rows: list[Row]
    title: str
    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    due: Any = None
    due_key: str = "due"
    due_text: str = ""
    product: str | None = None
    note_parts: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # section headings printed above this task
    title_origin: str | None = None
    id: str = ""


def _is_section(layout: Layout, row: Row, rows: list[Row], index: int) -> str | None:
    """The heading text when ``row`` is a section row, else None."""
    texts = [c.text.strip() for c in row.cells if not c.empty]
    distinct = list(dict.fromkeys(texts))
    stt = layout.text(row, "stt")
    title = layout.text(row, "title")
    details = [layout.text(row, k) for k in ("lead", "due", "product")]
    if len(distinct) == 1 and len(texts) > 1 and all(c.span or c is row.cells[0] or c.empty for c in row.cells
                                                      if not c.empty and c.text.strip() == distinct[0]):
        return distinct[0]  # one text merged across the row
    if any(details):
        return None
    if not title and stt and not _NUMBER_STT.match(stt):
        return stt
    if not title:
        return None
    if stt and not title.startswith(stt):
        heading = f"{stt}{'' if stt.endswith(('.', ')')) else '.'} {title}"
    else:
        heading = title
    if stt and (_ROMAN_STT.match(stt) or _LETTER_STT.match(stt)):
        return heading
    if not stt and (_INLINE_HEADING.match(title) or title.isupper()):
        return heading
    if stt and _NUMBER_STT.match(stt):
        prefix = stt.rstrip(".") + "."
        following = [layout.text(r, "stt") for r in rows[index + 1:index + 4]]
        if any(f.startswith(prefix) for f in following if f):
            return heading
    if title.isupper():
        return heading
    return None


def _agencies(result: ImportResult, file: Path, names: AgencyNameIndex, cell, *, role: str,
              day: date | None, agencies) -> tuple[list[str], list[str]]:
    """Ids of the agencies in a cell, and the generic phrases kept as text."""
    ids: list[str] = []
    generic: list[str] = []
    if cell is None or cell.empty:
        return ids, generic
    if cell.continued and cell.origin and cell.origin in result.skipped:
        return ids, generic
    for match in names.split(cell.text):
        _check_name(result, file, names, cell.origin or cell.ref, match, role=role, day=day, agencies=agencies)
        if match.generic:
            generic.append(match.text)
        elif match.ok:
            ids.extend(i for i in match.ids if i not in ids)
    return ids, generic


def _check_name(result: ImportResult, file: Path, names: AgencyNameIndex, ref: str, match: NameMatch, *,
                role: str, day: date | None, agencies) -> None:
    key = (ref, match.text)
    if key in result.seen_names:
        return
    result.seen_names.add(key)
    if match.ambiguous:
        result.diagnostics.append(cell_error(
            file, ref, f"tên {role} «{match.text}» khớp nhiều cơ quan: "
                       + ", ".join(names.describe(i) for i in match.ids),
            hint=f"chỉ rõ bằng --map \"{match.text}={match.ids[0]}\"", code="ambiguous-agency"))
        return
    if match.generic or match.ok:
        for agency_id in match.ids if match.ok and day is not None else []:
            agency = agencies.get(agency_id)
            if agency is not None and not agency.is_valid_on(day):
                found = successor_at(agencies, agency, on=day)
                successor = found.id if found is not None else None
                hint = (f"dùng cơ quan kế nhiệm: --map \"{match.text}={successor}\"" if successor
                        else f"ánh xạ sang cơ quan đang hoạt động: --map \"{match.text}=MÃ\"")
                result.diagnostics.append(cell_error(
                    file, ref, f"{role} «{match.text}» là {names.describe(agency_id)}, cơ quan không còn "
                               f"(hoặc chưa) hoạt động vào ngày {date_short(day)} của văn bản",
                    hint=hint, code="agency-not-valid"))
        return
    candidates = ", ".join(names.describe(c) for c in match.candidates)
    result.diagnostics.append(cell_error(
        file, ref, f"tên {role} «{match.text}» không khớp cơ quan nào trong danh mục"
                   + (f"; gần nhất: {candidates}" if candidates else ""),
        hint=f"thêm cơ quan vào agencies.yaml, hoặc ánh xạ: --map \"{match.text}="
             f"{match.candidates[0] if match.candidates else 'MÃ'}\"", code="unknown-agency"))


def _lines(text: str) -> str:
    """A multi-line cell as one line: bullet lines joined with "; "."""
    parts = [re.sub(r"^[-+•*]\s*", "", line).strip() for line in text.split("\n")]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    joined = parts[0]
    for part in parts[1:]:
        joined += (" " if joined.endswith((":", ",", ".", ";")) else "; ") + part
    return joined


def document_year(ds, source: str | None) -> tuple[int | None, date | None]:
    document = ds.documents.get(source) if source else None
    if document is None:
        return None, None
    if document.date:
        return document.date.year, document.date
    return document.year, None


def agency_index(ds, mapping, *, on: date | None = None, year: int | None = None) -> AgencyNameIndex:
    """Names of the data's agencies and groups (contract 3), seen at the document's date."""
    groups = getattr(ds, "groups", None) or {}
    if isinstance(groups, dict):
        groups = list(groups.values())
    return AgencyNameIndex.from_agencies(ds.agencies.values(), groups, province=ds.province, mapping=mapping,
                                         on=on, year=year)


def import_tasks(ds, file: Path, *, source: str, output: Path | None = None, table: int | None = None,
                 mapping: dict[str, list[str]] | None = None, year: int | None = None,
                 dry_run: bool = False, force: bool = False) -> ImportResult:
    """Read the task table of ``file`` and write (or, with ``dry_run``, show) the tasks file."""
    result = read_tasks(ds, file, source=source, output=output, table=table, mapping=mapping, year=year)
    return check_and_write(result, ds.root, dry_run=dry_run, force=force)


def read_tasks(ds, file: Path, *, source: str, output: Path | None = None, table: int | None = None,
               mapping: dict[str, list[str]] | None = None, year: int | None = None) -> ImportResult:
    """The tasks file :func:`import_tasks` would write (``result.files``), and what was found on
    the way; nothing is validated against the repository or written."""
    file = Path(file)
    if source not in ds.documents:
        raise UsageError(f"văn bản «{source}» (--source) không có trong dữ liệu documents",
                         hint=closest_ids(source, ds.documents) or
                         "thêm văn bản vào documents/ trước (số, ngày, trích yếu), rồi nhập bảng nhiệm vụ")
    doc_year, doc_date = document_year(ds, source)
    plan_year = year or doc_year
    target = import_target(output, ds.root / "tasks" / f"{source}.yaml")
    result = ImportResult("tasks", file)
    tables = read_tables(file)
    layout = best_layout(pick_table(tables, table, file), TASK_COLUMNS)
    result.notes.extend(layout.table.notes)
    if layout.ignored:
        result.notes.append("các cột không dùng: " + ", ".join(f"«{h}»" for h in layout.ignored))
    names = agency_index(ds, mapping, on=doc_date, year=plan_year)
    drafts = _drafts(result, file, layout, names, plan_year, doc_date, ds.agencies)
    if not drafts and not result.errors:
        result.diagnostics.append(cell_error(file, layout.table.label, "bảng không có nhiệm vụ nào"))
    existing = {tid for tid, task in ds.tasks.items()
                if (origin := ds.origin(task)) is None or origin.file.resolve() != target.resolve()}
    _assign_ids(drafts, existing, plan_year)
    result.records = len(drafts)
    result.files[target] = _tasks_yaml(file, layout, source, drafts)
    return result


def _drafts(result: ImportResult, file: Path, layout: Layout, names: AgencyNameIndex, plan_year: int | None,
            doc_date: date | None, agencies) -> list[_Draft]:
    rows = layout.body
    drafts: list[_Draft] = []
    sections: list[str] = []
    for index, row in enumerate(rows):
        heading = _is_section(layout, row, rows, index)
        if heading is not None:
            sections.append(_lines(heading))
            continue
        title_cell = layout.cell(row, "title")
        title = _lines(layout.text(row, "title"))
        if not title:
            result.diagnostics.append(cell_error(
                file, title_cell.ref if title_cell else row.ref, "dòng có dữ liệu nhưng không có nội dung nhiệm vụ",
                hint="ghi nội dung nhiệm vụ, hoặc xóa dòng"))
            continue
        lead, lead_generic = _agencies(result, file, names, layout.cell(row, "lead"), role="cơ quan chủ trì",
                                       day=doc_date, agencies=agencies)
        coordinators, generic = _agencies(result, file, names, layout.cell(row, "coordinators"),
                                          role="cơ quan phối hợp", day=doc_date, agencies=agencies)
        lead_cell = layout.cell(row, "lead")
        if lead_generic:
            result.diagnostics.append(cell_error(
                file, lead_cell.ref, f"cơ quan chủ trì «{'; '.join(lead_generic)}» không chỉ một cơ quan cụ thể",
                hint=f"ánh xạ sang cơ quan hoặc nhóm cơ quan: --map \"{lead_generic[0]}=MÃ\""))
        due_cell = layout.cell(row, "due")
        parsed = None
        if due_cell is not None and not due_cell.empty:
            try:
                parsed = parse_deadline_text(due_cell.text, year=plan_year)
            except DeadlineTextError as exc:
                result.diagnostics.append(cell_error(file, due_cell.origin or due_cell.ref, str(exc),
                                                     code="deadline-text"))
        criteria = re.findall(r"\d+(?:\.\d+)*", layout.text(row, "criteria"))
        product = _lines(layout.text(row, "product")) or None
        note = _lines(layout.text(row, "note"))
        previous = drafts[-1] if drafts else None
        if (previous is not None and title_cell is not None and title_cell.continued
                and previous.title_origin == title_cell.origin and not sections):
            # the same task over several rows: one more lead (and maybe coordinators)
            for agency in lead:
                if agency not in previous.lead:
                    previous.lead.append(agency)
            previous.coordinators += [c for c in coordinators if c not in previous.coordinators]
            if parsed is not None and (parsed.key, parsed.value) != (previous.due_key, previous.due):
                result.diagnostics.append(cell_error(
                    file, due_cell.ref, f"một nhiệm vụ (ô nội dung gộp từ {title_cell.origin}) ghi hai thời hạn "
                                        f"khác nhau: «{previous.due_text}» và «{due_cell.text}»",
                    hint="tách thành các nhiệm vụ riêng (bỏ gộp ô nội dung) hoặc ghi một thời hạn"))
            previous.rows.append(row)
            continue
        if not lead and not lead_generic and not result.has_problem_at(lead_cell):
            result.diagnostics.append(cell_error(
                file, lead_cell.ref if lead_cell else row.ref, "nhiệm vụ không có cơ quan chủ trì",
                hint="ghi cơ quan chủ trì vào bảng"))
        draft = _Draft([row], title, lead=lead, coordinators=coordinators, product=product,
                       criteria=criteria, sections=sections,
                       title_origin=(title_cell.origin or title_cell.ref) if title_cell else None)
        sections = []
        if parsed is not None:
            draft.due_key, draft.due, draft.due_text = parsed.key, parsed.value, parsed.text
            if parsed.key == "due" and isinstance(parsed.value, date) and doc_date and parsed.value < doc_date:
                result.diagnostics.append(cell_warning(
                    file, due_cell.ref, f"thời hạn {due_cell.text} trước ngày ban hành văn bản "
                                        f"({date_short(doc_date)})"))
        if generic:
            draft.note_parts.append("Phối hợp: " + "; ".join(generic))
        if note:
            draft.note_parts.append(note)
        drafts.append(draft)
    if sections and drafts:
        result.notes.append("dòng tiêu đề mục ở cuối bảng không có nhiệm vụ nào: " + "; ".join(sections))
    return drafts


def _assign_ids(drafts: list[_Draft], existing: set[str], year: int | None) -> None:
    used = set(existing)
    for draft in drafts:
        base = slug(draft.title)
        if year and str(year) not in base:
            base = f"{base}-{year}"
        candidate, n = base, 2
        while candidate in used:
            candidate = f"{base}-{n}"
            n += 1
        used.add(candidate)
        draft.id = candidate


def _flow_list(values: list[str], *, quote: bool = False) -> str:
    items = [yaml_scalar(v, flow=True) if quote else v for v in values]
    return items[0] if len(items) == 1 and not quote else "[" + ", ".join(items) + "]"


def _tasks_yaml(file: Path, layout: Layout, source: str, drafts: list[_Draft]) -> str:
    lines = [
        f"# Nhiệm vụ nhập từ {file.name} ({layout.table.label}) bằng `cchc import tasks`;",
        f"# nguồn: văn bản {source} (xem documents). Rà soát trước khi hợp nhất.",
        "schema: tasks@1",
        f"source: {source}",
        "tasks:",
    ]
    for draft in drafts:
        for heading in draft.sections:
            lines.append(f"  # {comment(heading)}")
        first = draft.rows[0]
        lines.append(f"  - id: {draft.id}   # {first.ref}")
        lines.append(f"    title: {yaml_scalar(draft.title)}")
        lines.append(f"    lead: {_flow_list(draft.lead) if draft.lead else '[]'}")
        if draft.coordinators:
            lines.append(f"    coordinators: {_flow_list(draft.coordinators)}")
        if draft.due is not None:
            suffix = f"   # «{comment(draft.due_text)}»" if draft.due_text else ""
            value = deadline_yaml(draft.due)
            if isinstance(draft.due, str) and not PERIOD_RE.fullmatch(draft.due):
                value = yaml_scalar(draft.due)
            lines.append(f"    {draft.due_key}: {value}{suffix}")
        if draft.criteria:
            lines.append(f"    criteria: {_flow_list(draft.criteria, quote=True)}")
        if draft.product:
            lines.append(f"    product: {yaml_scalar(draft.product)}")
        if draft.note_parts:
            lines.append(f"    note: {yaml_scalar('. '.join(p.rstrip('.') for p in draft.note_parts))}")
    return "\n".join(lines) + "\n"


__all__ = ["TASK_COLUMNS", "agency_index", "import_tasks", "read_tasks", "fold"]
