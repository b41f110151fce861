"""`cchc agency end`: record that an agency ended (the 2025 mergers) by editing only its lines.

The agencies file is edited as text, at the positions the YAML composer
reports, so every comment, blank line and layout choice of the rest of the file
stays byte for byte the same: an existing ``valid_until:``/``successor:`` value
is replaced in place, a missing key is inserted as one new line after the
record's last line (or as ``, key: value`` before the ``}`` of a flow-style
record such as ``- {id: ea-sup, ...}``). The result is verified to load to the
same data plus the two keys before it is written atomically.

Afterwards the open tasks and the assignments that still name the agency are
listed, because they now need the successor.
"""

from __future__ import annotations

import copy
import difflib  # unified_diff
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cchc.domain.deadlines import build_calendar, effective_due
from cchc.domain.leads import lead_agencies
from cchc.domain.suggest import did_you_mean
from cchc.errors import DataError, DataPath, UsageError
from cchc.io.atomic import atomic_write_bytes, read_error
from cchc.io.loader import Dataset
from cchc.io.lock import repo_lock
from cchc.io.yamlsource import read_source
from cchc.models.tasks import Task, TaskStatus

# ---- editing one record in place -----------------------------------------------------------


def _node_at(root: Node, path: DataPath) -> Node:
    node = root
    for step in path:
        if isinstance(node, MappingNode):
            node = next(v for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(step))
        elif isinstance(node, SequenceNode) and isinstance(step, int):
            node = node.value[step]
        else:  # pragma: no cover - paths come from the loader
            raise KeyError(step)
    return node


def _line_end(text: str, index: int) -> int:
    """Index just after the newline that ends the line containing ``index``."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def set_record_keys(text: str, path: DataPath, values: dict[str, str]) -> str:
    """Set ``key: value`` (values already written as YAML scalars) in the mapping at ``path``.

    Only the affected characters change: existing values are replaced in place, missing
    keys are added after the record's last line (block style) or before its ``}`` (flow).
    """
    composer = YAML(typ="safe")
    for key, value in values.items():
        record = _node_at(composer.compose(text), path)
        if not isinstance(record, MappingNode):
            raise DataError(f"bản ghi tại {'/'.join(map(str, path))} không phải một ánh xạ")
        pair = next(((k, v) for k, v in record.value if isinstance(k, ScalarNode) and k.value == key), None)
        if pair is not None:
            key_node, value_node = pair
            if not isinstance(value_node, ScalarNode):
                raise DataError(f"trường {key} của bản ghi không phải giá trị đơn; hãy sửa bằng tay")
            start, end = value_node.start_mark.index, value_node.end_mark.index
            if start == end:  # `key:` with no value
                colon = text.index(":", key_node.end_mark.index)
                text = text[:colon + 1] + " " + value + text[colon + 1:]
            else:
                text = text[:start] + value + text[end:]
            continue
        if record.flow_style:
            close = record.end_mark.index - 1  # the "}"
            insert_at = close
            while insert_at > record.start_mark.index + 1 and text[insert_at - 1] in " \t\n":
                insert_at -= 1
            separator = ", " if record.value else ""
            text = text[:insert_at] + f"{separator}{key}: {value}" + text[insert_at:]
            continue
        indent = record.value[0][0].start_mark.column
        after = _last_content_index(text, record.value[-1][1])
        insert_at = _line_end(text, after)
        line = " " * indent + f"{key}: {value}\n"
        if insert_at == len(text) and not text.endswith("\n"):
            line = "\n" + line.rstrip("\n")
        text = text[:insert_at] + line + text[insert_at:]
    return text


def _last_content_index(text: str, node: Node) -> int:
    """Index of the last character that belongs to ``node`` (skipping the whitespace after it)."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\n":
        end -= 1
    return max(end - 1, node.start_mark.index)


# ---- what needs the successor ---------------------------------------------------------------


@dataclass
class AffectedTask:
    task: Task
    roles: list[str]
    deadline: date | None
    file: Path
    line: int | None


@dataclass
class AffectedAssignment:
    assignment_id: str
    year: int
    role: str
    codes: list[str]
    file: Path
    line: int | None


@dataclass
class AgencyEndResult:
    agency_id: str
    agency_name: str
    on: date
    successor_id: str | None
    successor_name: str | None
    file: Path
    previous: dict[str, str | None]
    diff: str
    changed: bool
    tasks: list[AffectedTask] = field(default_factory=list)
    assignments: list[AffectedAssignment] = field(default_factory=list)


def open_tasks_of(ds: Dataset, agency_id: str, on: date) -> list[AffectedTask]:
    """Tasks not done or cancelled, due after ``on`` or undated, that name the agency."""
    found = []
    calendar = build_calendar(ds)
    for task in ds.tasks.values():
        if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
            continue
        roles = []
        if agency_id in task.lead:
            roles.append("chủ trì")
        if agency_id in task.coordinators:
            roles.append("phối hợp")
        if task.report_to == agency_id:
            roles.append("nhận báo cáo")
        if not roles:
            continue
        deadline = effective_due(task, calendar, ds.documents)
        if deadline is not None and deadline <= on:
            continue
        origin = ds.origin(task)
        line = origin.source.locate(origin.path)[0] if origin else None
        found.append(AffectedTask(task, roles, deadline, origin.file if origin else Path(), line))
    return found


def assignments_of(ds: Dataset, agency_id: str, on: date) -> list[AffectedAssignment]:
    """Assignment entries naming the agency for years it no longer exists at the end of."""
    found = []
    for assignment in ds.assignments.values():
        if date(assignment.year, 12, 31) <= on:
            continue
        origin = ds.origin(assignment)
        for index, lead in enumerate(assignment.leads):
            roles = (["chủ trì"] if agency_id in lead_agencies(lead) else []) + (
                ["phối hợp"] if agency_id in lead.coordinators else [])
            for role in roles:
                line = origin.source.locate((*origin.path, "leads", index))[0] if origin else None
                found.append(AffectedAssignment(assignment.id, assignment.year, role, list(lead.codes),
                                                origin.file if origin else Path(), line))
    return found


# ---- the operation ------------------------------------------------------------------------------


def _closest_hint(value: str, candidates) -> str:
    return did_you_mean(value, candidates, "xem mã cơ quan trong agencies.yaml") or ""


def end_agency(root: Path, agency_id: str, on: date, successor_id: str | None = None) -> AgencyEndResult:
    """Set ``valid_until: on`` (and ``successor``) on the agency, then list what needs the successor.

    Runs under the repository's write lock; the file is replaced only if its bytes are still
    those that were read (no update of a concurrent writer is lost).
    """
    with repo_lock(root):
        return _end_agency(root, agency_id, on, successor_id)


def _end_agency(root: Path, agency_id: str, on: date, successor_id: str | None) -> AgencyEndResult:
    from cchc.services.integrity import usable_dataset

    # The work to hand over is listed from every task and assignment: never from part of them.
    ds = usable_dataset(root, what="ghi ngày kết thúc cơ quan (danh sách việc cần chuyển giao sẽ thiếu)")
    agency = ds.agencies.get(agency_id)
    if agency is None:
        raise UsageError(f"cơ quan «{agency_id}» không có trong danh mục", hint=_closest_hint(agency_id, ds.agencies))
    successor = None
    if successor_id is not None:
        successor = ds.agencies.get(successor_id)
        if successor is None:
            raise UsageError(f"cơ quan kế nhiệm «{successor_id}» không có trong danh mục",
                             hint=_closest_hint(successor_id, ds.agencies))
        if successor_id == agency_id:
            raise UsageError("cơ quan không thể là cơ quan kế nhiệm của chính nó")
        if successor.valid_until is not None and successor.valid_until <= on:
            raise UsageError(f"cơ quan kế nhiệm «{successor.name}» cũng đã kết thúc hoạt động "
                             f"({successor.valid_until.isoformat()})",
                             hint="chọn cơ quan còn hoạt động sau ngày kết thúc")
    if agency.valid_from is not None and on < agency.valid_from:
        raise UsageError(f"ngày kết thúc {on.isoformat()} trước ngày bắt đầu "
                         f"{agency.valid_from.isoformat()} của «{agency.name}»")
    origin = ds.origin(agency)
    if origin is None:  # pragma: no cover - every loaded agency has an origin
        raise DataError(f"không tìm thấy tệp chứa cơ quan «{agency_id}»")
    path = origin.file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise read_error(path, exc) from None
    if b"\r" in raw or raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(f"{path.name} có ký tự xuống dòng CRLF hoặc BOM; chạy `cchc fmt` trước rồi thử lại",
                        hint="cchc chỉ sửa đúng các dòng cần thiết trên tệp đã chuẩn hóa")
    text = raw.decode("utf-8")
    before = read_source(path, raw).data
    values = {"valid_until": on.isoformat()}
    if successor_id is not None:
        values["successor"] = successor_id
    edited = set_record_keys(text, origin.path, values)
    after = read_source(path, edited.encode("utf-8"))
    if any(d.is_error for d in after.diagnostics) or not _only_keys_changed(before, after.data, origin.path, values):
        raise DataError(f"không sửa được {path.name} mà giữ nguyên phần còn lại; tệp được để nguyên",
                        hint=f"thêm `valid_until: {on.isoformat()}` vào bản ghi «{agency_id}» bằng tay")
    record = before
    for step in origin.path:
        record = record[step]
    previous = {key: record.get(key) for key in values}
    changed = edited != text
    if changed:
        atomic_write_bytes(path, edited.encode("utf-8"), inside=root, expect=raw)
    diff = "".join(difflib.unified_diff(text.splitlines(True), edited.splitlines(True),
                                        f"a/{path.name}", f"b/{path.name}", n=1))
    return AgencyEndResult(
        agency_id=agency_id, agency_name=agency.name, on=on, successor_id=successor_id,
        successor_name=successor.name if successor else None, file=path,
        previous={k: (str(v) if v is not None else None) for k, v in previous.items()},
        diff=diff, changed=changed,
        tasks=open_tasks_of(ds, agency_id, on), assignments=assignments_of(ds, agency_id, on))


def _only_keys_changed(before, after, path: DataPath, values: dict[str, str]) -> bool:
    expected = copy.deepcopy(before)
    record = expected
    for step in path:
        record = record[step]
    record.update(values)
    return expected == after
