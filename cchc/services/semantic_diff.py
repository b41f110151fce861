"""`cchc diff`: what a change to the data means, in Vietnamese sentences.

Each side of the comparison is a git revision (or the working tree). The data
folder of a revision is materialised with ``git archive`` into a temporary
folder and loaded like any other data repository; records are then compared
by id. Assignments are compared per criterion code on the *resolved* lead (the
agency whose most specific listed code covers the criterion), so moving a code
from one agency to another reads "Tiêu chí 7.4: Sở Khoa học và Công nghệ → Sở
Thông tin và Truyền thông", however the YAML lines were rearranged.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cchc.domain.citation import cite
from cchc.domain.deadlines import parse_due
from cchc.domain.groups import label as group_label
from cchc.domain.leads import CodeHolder, holder_of
from cchc.errors import UsageError, file_name
from cchc.io.loader import Dataset, load_dataset
from cchc.models.assignments import AssignmentSet
from cchc.models.common import code_depth, code_sort_key, parent_code
from cchc.models.criteria import CriteriaSet
from cchc.models.registry import KIND_LABELS
from cchc.models.tasks import Task
from cchc.textvn import date_short, join_names, points

WORKING_TREE_LABEL = "bản làm việc (chưa commit)"
DEFAULT_BRANCHES = ("main", "master", "origin/main", "origin/master")
TITLE_LENGTH = 90

# Order of the sections in the output.
KIND_ORDER = ("agencies", "criteria", "assignments", "tasks", "initiatives", "results", "documents", "calendar")

FIELD_LABELS = {
    "name": "tên", "short_name": "tên ngắn", "abbreviation": "chữ viết tắt", "kind": "loại",
    "order": "thứ tự", "parent": "cơ quan chủ quản", "place": "địa danh", "head_title": "chức danh người đứng đầu",
    "valid_from": "ngày bắt đầu", "valid_until": "ngày kết thúc", "successor": "cơ quan kế nhiệm",
    "note": "ghi chú", "source": "văn bản nguồn", "title": "nội dung", "lead": "cơ quan chủ trì",
    "coordinators": "cơ quan phối hợp", "report_to": "nơi nhận báo cáo", "due": "hạn",
    "due_working_days": "hạn theo ngày làm việc", "status": "trạng thái", "done_on": "ngày hoàn thành",
    "criteria": "tiêu chí liên quan", "product": "sản phẩm", "evidence": "tài liệu kiểm chứng",
    "extensions": "gia hạn", "number": "số", "origin_agency": "đơn vị khởi xướng", "origin": "nơi khởi xướng",
    "started_on": "ngày bắt đầu", "description": "mô tả", "indices": "chỉ số hướng tới",
    "replication": "nhân rộng", "score": "điểm", "rank": "thứ hạng", "out_of": "tổng số",
    "criteria_set": "bộ tiêu chí", "example": "đánh dấu số liệu minh họa", "type": "loại văn bản",
    "issuer": "cơ quan ban hành", "issuer_name": "cơ quan ban hành", "symbol": "ký hiệu", "date": "ngày",
    "subject": "trích yếu", "recipients": "nơi nhận (kính gửi)", "body": "nội dung", "signer": "người ký",
    "cc": "nơi nhận", "appendices": "phụ lục", "tasks": "nhiệm vụ", "year": "năm", "leads": "phân công",
    "unassigned": "mục không phân công", "max_points": "điểm tối đa", "method": "phương pháp đánh giá",
    "legal_basis": "văn bản căn cứ", "years": "năm áp dụng", "total_points": "tổng điểm",
    "items": "danh mục tiêu chí", "code_map": "bảng chuyển mã", "complete": "đánh dấu đầy đủ",
}


# ---- results ----------------------------------------------------------------------------


@dataclass
class Change:
    """One statement about the data: what changed, in one Vietnamese sentence."""

    kind: str  # a key of KIND_LABELS
    action: str  # "added" | "removed" | "changed"
    record: str  # id of the record (or a readable key)
    text: str
    group: str | None = None  # e.g. "Phân công năm 2021" for assignment changes

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "action": self.action, "record": self.record,
                "group": self.group, "text": self.text}


@dataclass
class SemanticDiff:
    base: str
    head: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def by_kind(self) -> dict[str, list[Change]]:
        grouped: dict[str, list[Change]] = {}
        for kind in dict.fromkeys([*KIND_ORDER, *(c.kind for c in self.changes)]):
            items = [c for c in self.changes if c.kind == kind]
            if items:
                grouped[kind] = items
        return grouped


# ---- comparing datasets -----------------------------------------------------------------


def _short(text: str, limit: int = TITLE_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fields(record: Any) -> dict[str, Any]:
    return record.model_dump(mode="json", by_alias=True, exclude_none=False)


def _other_fields(before: Any, after: Any, described: Iterable[str]) -> list[str]:
    old, new = _fields(before), _fields(after)
    skip = set(described)
    return [FIELD_LABELS.get(k, k) for k in dict.fromkeys([*old, *new])
            if k not in skip and old.get(k) != new.get(k)]


def _edited(label: str, fields: list[str]) -> str:
    return f"{label}: sửa {join_names(list(dict.fromkeys(fields)))}"


def _names(ds: Dataset, ids: Iterable[str]) -> str:
    names = [group_label(ds, i) for i in ids]  # a group by its name ("UBND các xã, phường"), not its id
    return join_names(names) if names else "không có"


def _code_label(code: str) -> str:
    depth = code_depth(code)
    kind = "Lĩnh vực" if depth == 1 else "Tiêu chí" if depth == 2 else "Tiêu chí thành phần"
    return f"{kind} {code}"


def _day(value: date | None, empty: str = "không có") -> str:
    return date_short(value) if value else empty


def _compare_by_id(kind: str, before: dict[str, Any], after: dict[str, Any],
                   added: Callable[[Any], str], removed: Callable[[Any], str],
                   changed: Callable[[Any, Any], list[str]]) -> list[Change]:
    out: list[Change] = []
    for key, record in after.items():
        if key not in before:
            out.append(Change(kind, "added", key, added(record)))
    for key, record in before.items():
        if key not in after:
            out.append(Change(kind, "removed", key, removed(record)))
    for key, record in after.items():
        old = before.get(key)
        if old is not None and _fields(old) != _fields(record):
            out.extend(Change(kind, "changed", key, text) for text in changed(old, record))
    return out


def _agency_changes(a: Dataset, b: Dataset) -> list[Change]:
    def added(agency) -> str:
        text = f"Thêm cơ quan {agency.name} ({agency.id})"
        if agency.valid_until:
            text += f", hoạt động đến hết ngày {_day(agency.valid_until)}"
        return text

    def changed(old, new) -> list[str]:
        out = []
        label = new.name
        if old.name != new.name:
            out.append(f"Đổi tên cơ quan {new.id}: {old.name} → {new.name}")
        if old.valid_until != new.valid_until:
            if old.valid_until is None:
                text = f"{label} kết thúc hoạt động sau ngày {_day(new.valid_until)}"
                if new.successor:
                    text += f"; cơ quan kế nhiệm: {_names(b, [new.successor])}"
                out.append(text)
            elif new.valid_until is None:
                out.append(f"{label}: bỏ ngày kết thúc {_day(old.valid_until)} (cơ quan còn hoạt động)")
            else:
                out.append(f"{label}: ngày kết thúc {_day(old.valid_until)} → {_day(new.valid_until)}")
        if old.successor != new.successor and not (old.valid_until is None and new.valid_until and new.successor):
            out.append(f"{label}: cơ quan kế nhiệm {_names(a, [old.successor] if old.successor else [])}"
                       f" → {_names(b, [new.successor] if new.successor else [])}")
        rest = _other_fields(old, new, ("name", "valid_until", "successor"))
        if rest:
            out.append(_edited(f"Cơ quan {label}", rest))
        return out

    return _compare_by_id("agencies", a.agencies, b.agencies, added,
                          lambda agency: f"Xóa cơ quan {agency.name} ({agency.id})", changed)


# ---- assignments: resolved lead per code ------------------------------------------------


def _holder_text(ds: Dataset, holder: CodeHolder | None) -> str:
    if holder is None:
        return "chưa phân công"
    if holder.unassigned is not None:
        return f"không phân công ({holder.unassigned})"
    return _names(ds, holder.leads)


def _codes_of(ds: Dataset, assignment: AssignmentSet) -> set[str]:
    codes = {c for lead in assignment.leads for c in lead.codes}
    codes |= {item.code for item in assignment.unassigned}
    criteria = ds.criteria_sets.get(assignment.criteria_set)
    if criteria is not None:
        codes |= {item.code for item in criteria.items}
    return codes


def _nearest_ancestor(code: str, universe: set[str]) -> str | None:
    parent = parent_code(code)
    while parent is not None:
        if parent in universe:
            return parent
        parent = parent_code(parent)
    return None


def _assignment_code_changes(a: Dataset, b: Dataset, old: AssignmentSet, new: AssignmentSet) -> list[str]:
    universe = _codes_of(a, old) | _codes_of(b, new)
    lead_change: dict[str, tuple] = {}
    coordinator_change: dict[str, tuple] = {}
    for code in universe:
        before, after = holder_of(old, code), holder_of(new, code)
        lead_key = (_holder_text(a, before), _holder_text(b, after))
        if lead_key[0] != lead_key[1]:
            lead_change[code] = lead_key
        if before and after and before.leads and after.leads and before.coordinators != after.coordinators:
            coordinator_change[code] = (_names(a, before.coordinators), _names(b, after.coordinators))
    out = []
    for code in sorted(universe, key=code_sort_key):
        ancestor = _nearest_ancestor(code, universe)
        if code in lead_change and (ancestor is None or lead_change.get(ancestor) != lead_change[code]):
            before_text, after_text = lead_change[code]
            out.append(f"{_code_label(code)}: {before_text} → {after_text}")
        if code in coordinator_change and (
                ancestor is None or coordinator_change.get(ancestor) != coordinator_change[code]):
            before_text, after_text = coordinator_change[code]
            out.append(f"{_code_label(code)}: phối hợp {before_text} → {after_text}")
    return out


def _assignment_changes(a: Dataset, b: Dataset) -> list[Change]:
    out: list[Change] = []
    for key, new in b.assignments.items():
        group = f"Phân công năm {new.year} ({new.id})"
        old = a.assignments.get(key)
        if old is None:
            out.append(Change("assignments", "added", key,
                              f"Thêm bảng phân công năm {new.year} ({new.id}): "
                              f"{len(new.leads)} cơ quan chủ trì, bộ tiêu chí {new.criteria_set}"))
            continue
        if _fields(old) == _fields(new):
            continue
        if old.criteria_set != new.criteria_set:
            out.append(Change("assignments", "changed", key,
                              f"Bộ tiêu chí: {old.criteria_set} → {new.criteria_set}", group))
        if old.year != new.year:
            out.append(Change("assignments", "changed", key, f"Năm: {old.year} → {new.year}", group))
        for text in _assignment_code_changes(a, b, old, new):
            out.append(Change("assignments", "changed", key, text, group))
        rest = _other_fields(old, new, ("leads", "unassigned", "criteria_set", "year"))
        if rest:
            out.append(Change("assignments", "changed", key, _edited("Bảng phân công", rest), group))
        if not any(c.record == key for c in out):
            out.append(Change("assignments", "changed", key,
                              "Sắp xếp lại các dòng phân công (không đổi cơ quan chủ trì của mã nào)", group))
    for key, old in a.assignments.items():
        if key not in b.assignments:
            out.append(Change("assignments", "removed", key, f"Xóa bảng phân công năm {old.year} ({old.id})"))
    return out


# ---- tasks, initiatives, results, documents, criteria, calendar --------------------------


def _deadline(task: Task) -> str:
    if task.due is not None:
        return parse_due(task.due).label()
    if task.due_working_days:
        return f"{task.due_working_days} ngày làm việc"
    return "không có hạn"


def _task_changes(a: Dataset, b: Dataset) -> list[Change]:
    def added(task: Task) -> str:
        text = f"Thêm nhiệm vụ {task.id}: {_short(task.title)}"
        details = [f"chủ trì {_names(b, task.lead)}"]
        if task.due or task.due_working_days:
            details.append(f"hạn {_deadline(task)}")
        return text + " (" + "; ".join(details) + ")"

    def changed(old: Task, new: Task) -> list[str]:
        label = f"Nhiệm vụ {new.id}"
        out = []
        if (old.due, old.due_working_days) != (new.due, new.due_working_days):
            out.append(f"{label}: hạn {_deadline(old)} → {_deadline(new)}")
        if old.status != new.status or old.done_on != new.done_on:
            text = f"{label}: {old.status.label} → {new.status.label}"
            if new.done_on:
                text += f" (ngày {date_short(new.done_on)})"
            out.append(text)
        if old.lead != new.lead:
            out.append(f"{label}: chủ trì {_names(a, old.lead)} → {_names(b, new.lead)}")
        if old.coordinators != new.coordinators:
            out.append(f"{label}: phối hợp {_names(a, old.coordinators)} → {_names(b, new.coordinators)}")
        old_ext = {(e.due, e.source) for e in old.extensions}
        for extension in new.extensions:
            if (extension.due, extension.source) not in old_ext:
                out.append(f"{label}: gia hạn đến {date_short(extension.due)}")
        if old.title != new.title:
            out.append(f"{label}: sửa nội dung thành «{_short(new.title)}»")
        before = {e.agency: e for e in old.progress}
        for entry in new.progress:  # each unit's progress (cchc.domain.progress), as a unit reports it
            prior = before.pop(entry.agency, None)
            if prior is not None and (prior.status, prior.done_on) == (entry.status, entry.done_on):
                continue
            was = prior.status.label if prior is not None else f"{old.status.label} (theo nhiệm vụ)"
            text = f"{label}: {group_label(b, entry.agency)} {was} → {entry.status.label}"
            out.append(text + (f" (ngày {date_short(entry.done_on)})" if entry.done_on else ""))
        for agency in before:
            out.append(f"{label}: bỏ tiến độ của {group_label(a, agency)}")
        rest = _other_fields(old, new, ("due", "due_working_days", "status", "done_on", "lead",
                                        "coordinators", "extensions", "title", "progress"))
        if rest:
            out.append(_edited(label, rest))
        if not out:
            out.append(_edited(label, ["gia hạn"]))
        return out

    return _compare_by_id("tasks", a.tasks, b.tasks, added,
                          lambda task: f"Xóa nhiệm vụ {task.id}: {_short(task.title)}", changed)


def _adoptions(initiative) -> dict[str, Any]:
    found = {}
    for order in initiative.replication:
        for adoption in order.adoption:
            found[adoption.agency] = adoption.status
    return found


def _initiative_changes(a: Dataset, b: Dataset) -> list[Change]:
    def added(item) -> str:
        text = f"Thêm {item.kind.label} «{item.name}»"
        if item.origin:
            text += f" ({item.origin})"
        return text

    def changed(old, new) -> list[str]:
        label = f"{_capital(new.kind.label)} «{new.name}»"
        out = []
        if old.name != new.name:
            out.append(f"Đổi tên {new.kind.label} «{old.name}» → «{new.name}»")
        before, after = _adoptions(old), _adoptions(new)
        for agency in dict.fromkeys([*before, *after]):
            if before.get(agency) != after.get(agency):
                old_status = before[agency].label if agency in before else "chưa ghi nhận"
                new_status = after[agency].label if agency in after else "bỏ ghi nhận"
                out.append(f"{label}: {_names(b if agency in b.agencies else a, [agency])} "
                           f"{old_status} → {new_status}")
        described = ("name", "replication") if before != after else ("name",)
        rest = _other_fields(old, new, described)
        if rest:
            out.append(_edited(label, rest))
        return out

    return _compare_by_id("initiatives", a.initiatives, b.initiatives, added,
                          lambda item: f"Xóa {item.kind.label} «{item.name}»", changed)


def _result_key(result) -> str:
    return f"{result.index.value.replace('_', ' ')} năm {result.year} của {result.province}"


def _result_changes(a: Dataset, b: Dataset) -> list[Change]:
    def describe(result) -> str:
        parts = []
        if result.score is not None:
            parts.append(f"{points(result.score)} điểm")
        if result.rank is not None:
            parts.append(f"xếp thứ {result.rank}" + (f"/{result.out_of}" if result.out_of else ""))
        return ", ".join(parts) or "chưa có điểm, thứ hạng"

    def changed(old, new) -> list[str]:
        label = f"Kết quả {_result_key(new)}"
        out = []
        if old.score != new.score:
            out.append(f"{label}: điểm {points(old.score)} → {points(new.score)}")
        if old.rank != new.rank or old.out_of != new.out_of:
            out.append(f"{label}: xếp thứ {old.rank or '—'}/{old.out_of or '—'} → {new.rank or '—'}/{new.out_of or '—'}")
        rest = _other_fields(old, new, ("score", "rank", "out_of"))
        if rest:
            out.append(_edited(label, rest))
        return out

    before = {_result_key(r): r for r in a.results}
    after = {_result_key(r): r for r in b.results}
    return _compare_by_id("results", before, after,
                          lambda r: f"Thêm kết quả {_result_key(r)}: {describe(r)}",
                          lambda r: f"Xóa kết quả {_result_key(r)}", changed)


def _document_changes(a: Dataset, b: Dataset) -> list[Change]:
    def added(doc) -> str:
        text = f"Thêm văn bản {doc.id}: {cite(doc)}"
        if doc.subject:
            text += f" về {_short(doc.subject, 70)}"
        return text

    def changed(old, new) -> list[str]:
        label = f"Văn bản {new.id}"
        out = []
        if old.number != new.number or old.symbol != new.symbol:
            out.append(f"{label}: số, ký hiệu {old.number or '…'}/{old.symbol or '…'} → "
                       f"{new.number or '…'}/{new.symbol or '…'}")
        if old.date != new.date:
            out.append(f"{label}: ngày {_day(old.date, 'chưa ghi')} → {_day(new.date, 'chưa ghi')}")
        if old.subject != new.subject:
            out.append(f"{label}: trích yếu «{_short(old.subject or '', 60)}» → «{_short(new.subject or '', 60)}»")
        rest = _other_fields(old, new, ("number", "symbol", "date", "subject"))
        if rest:
            out.append(_edited(label, rest))
        return out

    return _compare_by_id("documents", a.documents, b.documents, added,
                          lambda doc: f"Xóa văn bản {doc.id}: {cite(doc)}", changed)


def _max_points(value: float | None) -> str:
    return points(value) if value is not None else "chưa xác định"


def _criteria_changes(a: Dataset, b: Dataset) -> list[Change]:
    def changed(old: CriteriaSet, new: CriteriaSet) -> list[str]:
        label = f"Bộ tiêu chí {new.id}"
        out = []
        before, after = old.by_code(), new.by_code()
        for code in sorted(set(before) | set(after), key=code_sort_key):
            if code not in before:
                out.append(f"{label}: thêm {_code_label(code)} - {after[code].name}"
                           + (f" ({_max_points(after[code].max_points)} điểm)"
                              if after[code].max_points is not None else ""))
            elif code not in after:
                out.append(f"{label}: xóa {_code_label(code)} - {before[code].name}")
            else:
                o, n = before[code], after[code]
                if o.max_points != n.max_points:
                    out.append(f"{label}, {_code_label(code)}: điểm tối đa "
                               f"{_max_points(o.max_points)} → {_max_points(n.max_points)}")
                if o.name != n.name:
                    out.append(f"{label}, {_code_label(code)}: đổi tên «{o.name}» → «{n.name}»")
                rest = _other_fields(o, n, ("max_points", "name", "code"))
                if rest:
                    out.append(_edited(f"{label}, {_code_label(code)}", rest))
        if old.total_points != new.total_points:
            out.append(f"{label}: tổng điểm {points(old.total_points)} → {points(new.total_points)}")
        if old.years != new.years:
            out.append(f"{label}: năm áp dụng {', '.join(map(str, old.years))} → {', '.join(map(str, new.years))}")
        rest = _other_fields(old, new, ("items", "total_points", "years"))
        if rest:
            out.append(_edited(label, rest))
        return out

    return _compare_by_id("criteria", a.criteria_sets, b.criteria_sets,
                          lambda c: f"Thêm bộ tiêu chí {c.name} ({c.id}), {len(c.items)} mục",
                          lambda c: f"Xóa bộ tiêu chí {c.name} ({c.id})", changed)


def _calendar_changes(a: Dataset, b: Dataset) -> list[Change]:
    out = []
    for attribute, label in (("days_off", "ngày nghỉ"), ("working_days", "ngày làm việc bù")):
        before = {d.date: d for d in getattr(a, attribute)}
        after = {d.date: d for d in getattr(b, attribute)}
        for day in sorted(set(after) - set(before)):
            out.append(Change("calendar", "added", day.isoformat(),
                              f"Thêm {label} {date_short(day)} ({after[day].name})"))
        for day in sorted(set(before) - set(after)):
            out.append(Change("calendar", "removed", day.isoformat(),
                              f"Xóa {label} {date_short(day)} ({before[day].name})"))
    return out


def _files_of_kinds(ds: Dataset, skip: Iterable[str]) -> dict[str, tuple[str, Any]]:
    """relative path → (kind, data) of the files whose kind has no sentence-level comparison."""
    skipped = set(skip)
    found = {}
    for source in ds.sources:
        kind = ds.kinds.get(source.path)
        if kind is None or kind in skipped:
            continue
        found[source.path.relative_to(ds.root).as_posix()] = (kind, source.data)
    return found


def _other_kind_changes(a: Dataset, b: Dataset) -> list[Change]:
    """Kinds without a dedicated comparison are compared file by file."""
    before, after = _files_of_kinds(a, KIND_ORDER), _files_of_kinds(b, KIND_ORDER)
    out = []
    for name in sorted(set(before) | set(after)):
        kind = (after.get(name) or before[name])[0]
        label = KIND_LABELS.get(kind, kind)
        if name not in before:
            out.append(Change(kind, "added", name, f"Thêm tệp {name} ({label})"))
        elif name not in after:
            out.append(Change(kind, "removed", name, f"Xóa tệp {name} ({label})"))
        elif before[name] != after[name]:
            out.append(Change(kind, "changed", name, f"Sửa tệp {name} ({label})"))
    return out


def diff_datasets(before: Dataset, after: Dataset) -> list[Change]:
    """Every change from ``before`` to ``after``, as Vietnamese sentences."""
    changes: list[Change] = []
    for compare in (_agency_changes, _criteria_changes, _assignment_changes, _task_changes,
                    _initiative_changes, _result_changes, _document_changes, _calendar_changes,
                    _other_kind_changes):
        changes.extend(compare(before, after))
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(changes, key=lambda c: order.get(c.kind, len(order)))  # stable: keeps order inside kinds


def _error_files(ds: Dataset) -> set[str]:
    """The files (relative to the data folder) in which loading found an error."""
    return {file_name(d.file, ds.root) for d in ds.diagnostics if d.is_error and d.file is not None}


def _record_file(ds: Dataset, kind: str, key: str) -> str | None:
    collections = {"agencies": ds.agencies, "criteria": ds.criteria_sets, "assignments": ds.assignments,
                   "tasks": ds.tasks, "initiatives": ds.initiatives, "documents": ds.documents,
                   "assessments": ds.assessments}
    record = collections.get(kind, {}).get(key)
    origin = ds.origin(record) if record is not None else None
    return file_name(origin.file, ds.root) if origin is not None else None


def _set_aside_unreadable(changes: list[Change], before: Dataset, after: Dataset,
                          label_a: str, label_b: str) -> tuple[list[Change], list[str]]:
    """A record missing on one side because its file there has errors was not removed (or added):
    say that it could not be compared instead of reporting a change that did not happen."""
    bad = {"removed": (before, _error_files(after), label_b), "added": (after, _error_files(before), label_a)}
    kept: list[Change] = []
    notes: list[str] = []
    for change in changes:
        side, broken, label = bad.get(change.action, (None, set(), ""))
        file = _record_file(side, change.kind, change.record) if side is not None and broken else None
        if file is not None and file in broken:
            notes.append(f"không so sánh được {KIND_LABELS.get(change.kind, change.kind)} «{change.record}»: "
                         f"tệp {file} ở {label} có lỗi nên bản ghi này không đọc được "
                         f"(không phải {'bị xóa' if change.action == 'removed' else 'mới thêm'})")
        else:
            kept.append(change)
    return kept, notes


# ---- git ------------------------------------------------------------------------------------


def _git(args: list[str], cwd: Path, *, binary: bool = False) -> Any:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                                   text=not binary)
    except FileNotFoundError:
        raise UsageError("không tìm thấy lệnh git trên máy",
                         hint="cài git (https://git-scm.com) rồi chạy lại") from None
    if completed.returncode != 0:
        stderr = completed.stderr if isinstance(completed.stderr, str) else completed.stderr.decode(
            "utf-8", "replace")
        raise _GitFailed(stderr.strip())
    return completed.stdout


class _GitFailed(Exception):
    pass


def repository_root(path: Path) -> Path:
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], path).strip()).resolve()
    except _GitFailed:
        raise UsageError(f"{path} không nằm trong một kho git",
                         hint="cchc diff so sánh các phiên bản trong git; chạy `git init` "
                              "hoặc chuyển vào thư mục của kho dữ liệu") from None


def _verify(rev: str, root: Path) -> str:
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).strip()
    except _GitFailed:
        raise UsageError(f"không tìm thấy phiên bản «{rev}» trong kho git",
                         hint="dùng tên nhánh, thẻ hoặc mã commit, ví dụ `main` hoặc `HEAD~1`") from None


def default_base(root: Path) -> tuple[str, str]:
    """(commit, label) of the merge base of HEAD with main (or master); HEAD when there is none."""
    try:
        _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root)
    except _GitFailed:
        raise UsageError("kho git chưa có commit nào để so sánh",
                         hint="commit dữ liệu lần đầu (`git add . && git commit`) rồi chạy lại") from None
    for branch in DEFAULT_BRANCHES:
        try:
            _git(["rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}"], root)
            base = _git(["merge-base", "HEAD", branch], root).strip()
        except _GitFailed:
            continue
        return base, f"{base[:7]} (điểm rẽ nhánh với {branch})"
    head = _git(["rev-parse", "HEAD"], root).strip()
    return head, f"{head[:7]} (HEAD)"


def materialise(rev: str, root: Path, relative: Path, target: Path) -> Path:
    """Extract the data folder as it was at ``rev`` into ``target``; return the data folder there."""
    spec = "." if str(relative) in ("", ".") else relative.as_posix()
    target.mkdir(parents=True, exist_ok=True)
    try:
        archive = _git(["archive", "--format=tar", rev, "--", spec], root, binary=True)
    except _GitFailed:
        archive = b""  # the data folder did not exist at that revision: an empty dataset
    if archive:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            try:
                tar.extractall(target, filter="data")
            except TypeError:  # Python before 3.11.4: git archive output is trusted anyway
                tar.extractall(target)
    folder = target / relative
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def semantic_diff(data_root: Path, rev_a: str | None = None, rev_b: str | None = None) -> SemanticDiff:
    """Compare the data folder at ``rev_a`` (default: merge base with main) with ``rev_b``
    (default: the working tree)."""
    data_root = data_root.resolve()
    if not data_root.is_dir():
        raise UsageError(f"thư mục dữ liệu {data_root} không tồn tại")
    root = repository_root(data_root)
    relative = data_root.relative_to(root)
    if rev_a is None:
        commit_a, label_a = default_base(root)
    else:
        commit_a = _verify(rev_a, root)
        label_a = f"{rev_a} ({commit_a[:7]})" if not commit_a.startswith(rev_a) else commit_a[:7]
    with tempfile.TemporaryDirectory(prefix="cchc-diff-") as tmp:
        before = load_dataset(materialise(commit_a, root, relative, Path(tmp) / "a"), keep_raw=True, allow_empty=True)
        if rev_b is None:
            after, label_b = load_dataset(data_root, keep_raw=True), WORKING_TREE_LABEL
        else:
            commit_b = _verify(rev_b, root)
            label_b = f"{rev_b} ({commit_b[:7]})" if not commit_b.startswith(rev_b) else commit_b[:7]
            after = load_dataset(materialise(commit_b, root, relative, Path(tmp) / "b"), keep_raw=True, allow_empty=True)
        changes, unsure = _set_aside_unreadable(diff_datasets(before, after), before, after, label_a, label_b)
        result = SemanticDiff(base=label_a, head=label_b, changes=changes, notes=unsure)
        for ds, label in ((before, label_a), (after, label_b)):
            errors = sum(1 for d in ds.diagnostics if d.is_error)
            if errors:
                result.notes.append(f"dữ liệu ở {label} có {errors} lỗi; các bản ghi lỗi không được so sánh "
                                    "(chạy `cchc validate` để xem)")
    return result


# ---- rendering ---------------------------------------------------------------------------------

SECTION_TITLES = {
    "agencies": "Cơ quan", "criteria": "Bộ tiêu chí", "assignments": "Phân công", "tasks": "Nhiệm vụ",
    "initiatives": "Mô hình, sáng kiến", "results": "Kết quả chỉ số", "documents": "Văn bản",
    "calendar": "Lịch nghỉ, làm bù",
}

MARKDOWN_MARKER = "<!-- cchc-diff -->"


def _section_title(kind: str) -> str:
    return SECTION_TITLES.get(kind) or _capital(KIND_LABELS.get(kind, kind))


def _summary(diff: SemanticDiff) -> str:
    if not diff.changes:
        return "Không có thay đổi nào về dữ liệu."
    parts = [f"{len(items)} {_section_title(kind).lower()}" for kind, items in diff.by_kind().items()]
    return f"{len(diff.changes)} thay đổi: " + ", ".join(parts) + "."


def render_text(diff: SemanticDiff) -> str:
    lines = [f"So sánh dữ liệu: {diff.base} → {diff.head}", ""]
    for kind, items in diff.by_kind().items():
        lines.append(_section_title(kind))
        group = None
        for change in items:
            if change.group != group:
                group = change.group
                if group:
                    lines.append(f"  {group}:")
            indent = "    " if change.group else "  "
            lines.append(f"{indent}- {change.text}")
        lines.append("")
    lines.extend(f"Lưu ý: {note}" for note in diff.notes)
    lines.append(_summary(diff))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    for char in ("\\", "*", "_", "`", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text


def render_markdown(diff: SemanticDiff) -> str:
    """Markdown for a pull-request comment (the marker lets CI update its previous comment)."""
    lines = [MARKDOWN_MARKER, "### Thay đổi dữ liệu (cchc diff)", "",
             f"So sánh `{diff.base}` → `{diff.head}`.", ""]
    for kind, items in diff.by_kind().items():
        lines.append(f"#### {_section_title(kind)}")
        lines.append("")
        group = None
        for change in items:
            if change.group != group:
                group = change.group
                if group:
                    lines.append(f"- **{_md(group)}**")
            indent = "  " if change.group else ""
            lines.append(f"{indent}- {_md(change.text)}")
        lines.append("")
    lines.extend(f"> ⚠️ {_md(note)}" for note in diff.notes)
    if diff.notes:
        lines.append("")
    lines.append(f"_{_md(_summary(diff))}_")
    return "\n".join(lines) + "\n"


def render_json(diff: SemanticDiff) -> str:
    return json.dumps({"base": diff.base, "head": diff.head, "notes": diff.notes,
                       "changes": [c.to_dict() for c in diff.changes]},
                      ensure_ascii=False, indent=2) + "\n"
