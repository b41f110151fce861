"""Loading a data repository into one :class:`Dataset`.

Every ``*.yaml`` file under the data folder declares its kind on a
``schema: <kind>@<version>`` line and is validated by that kind's model. All
problems are collected; nothing stops at the first error.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import ValidationError

from cchc.errors import DataPath, Diagnostic, error, file_name
from cchc.io.discovery import SKIPPED_DIRS, discover, require_files, scan  # noqa: F401  (re-exported)
from cchc.io.yamlsource import SourceFile, nests_deeper, read_source
from cchc.models.registry import SchemaLookupError, model_for

# Each kind's model is imported when a file of that kind is read (cchc.models.registry): a
# repository without assessments never imports them.
if TYPE_CHECKING:
    from cchc.models.agencies import Agency, AgencyGroup, Province
    from cchc.models.assessments import Assessment
    from cchc.models.assignments import AssignmentSet
    from cchc.models.calendar import CalendarDay
    from cchc.models.common import Model
    from cchc.models.criteria import CriteriaSet
    from cchc.models.documents import Document
    from cchc.models.initiatives import Initiative
    from cchc.models.reporting import ReportingRule
    from cchc.models.results import IndexResult
    from cchc.models.tasks import Task

# Kinds whose models hold free-form values (a document's `data:`), where deep nesting could
# survive validation: a file of these kinds read by the compiled reader is kept only when its
# data nests at most FAST_FREE_FORM_DEPTH levels (well inside the strict reader's MAX_DEPTH),
# else it is read by the strict reader, which bounds the depth and words the error.
FREE_FORM_KINDS = frozenset({"documents"})
FAST_FREE_FORM_DEPTH = 40


class Origin(NamedTuple):
    """Where a record was read from: its file and its path inside the file (a tuple: one is
    made for every record loaded, and a frozen dataclass costs several times more to create)."""

    source: SourceFile
    path: DataPath

    @property
    def file(self) -> Path:
        return self.source.path

    def at(self, *more: str | int) -> Origin:
        return Origin(self.source, (*self.path, *more))

    def diagnostic(self, diagnostic: Diagnostic) -> Diagnostic:
        diagnostic.file = self.source.path
        if not diagnostic.path:
            diagnostic.path = self.path
        return diagnostic


@dataclass(frozen=True)
class Skipped:
    """The records a command left out because of their own errors (``--skip-invalid``)."""

    records: int  # records (or whole files that could not be read as data) left out
    errors: int  # error diagnostics behind them

    @property
    def note(self) -> str:
        """The sentence every output of such a command carries."""
        return (f"Đã bỏ qua {self.records} bản ghi lỗi ({self.errors} lỗi); kết quả chỉ tính các bản ghi "
                "hợp lệ — chạy `cchc validate` để xem tất cả")


def dropped_record(diagnostic: Diagnostic, kinds: dict[Path, str]) -> tuple:
    """The record a loading error dropped: ``(file, list, index)`` for a record of a list
    (``tasks[3]``), ``(file,)`` for a whole file (unreadable, no schema, or a one-record kind)."""
    path = diagnostic.path
    if diagnostic.file in kinds and len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        return (diagnostic.file, path[0], path[1])
    return (diagnostic.file,)


@dataclass
class Dataset:
    root: Path
    province: str | None = None
    province_record: Province | None = None  # level (tỉnh / thành phố), code, predecessors
    sources: list[SourceFile] = field(default_factory=list)
    kinds: dict[Path, str] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    groups: dict[str, AgencyGroup] = field(default_factory=dict)  # groups by kind ("UBND các xã, phường")
    criteria_sets: dict[str, CriteriaSet] = field(default_factory=dict)
    assignments: dict[str, AssignmentSet] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    results: list[IndexResult] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    days_off: list[CalendarDay] = field(default_factory=list)
    working_days: list[CalendarDay] = field(default_factory=list)
    reporting_rules: dict[str, ReportingRule] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Set by a command that computes from the valid records only (``--skip-invalid``): what was
    # left out, so that every output can say so (services/integrity.py).
    skipped: Skipped | None = None
    # Records left out because of their own errors, by (kind, id): where they are, so that a
    # reference to one says so instead of "không tồn tại" (#11 item 5).
    dropped: dict[tuple[str, str], Origin] = field(default_factory=dict)
    _origins: dict[int, Origin] = field(default_factory=dict, repr=False)

    # ---- provenance -----------------------------------------------------
    def origin(self, record: Any) -> Origin | None:
        return self._origins.get(id(record))

    def _remember(self, record: Any, origin: Origin) -> None:
        self._origins[id(record)] = origin

    def counts(self) -> Counter:
        """Number of files per kind."""
        return Counter(self.kinds.values())

    def record_counts(self) -> dict[str, int]:
        """Number of records per kind, as shown in the validation summary."""
        return {
            "agencies": len(self.agencies),
            "criteria": sum(len(c.items) for c in self.criteria_sets.values()),
            "assignments": sum(len(a.leads) for a in self.assignments.values()),
            "tasks": len(self.tasks),
            "initiatives": len(self.initiatives),
            "results": len(self.results),
            "documents": len(self.documents),
            "calendar": len(self.days_off) + len(self.working_days),
            "reporting": len(self.reporting_rules),
            "assessments": sum(len(a.scores) for a in self.assessments.values()),
        }

    # ---- lookups used by services ----------------------------------------
    def agency(self, agency_id: str) -> Agency | None:
        return self.agencies.get(agency_id)

    def agency_name(self, agency_id: str) -> str:
        agency = self.agencies.get(agency_id)
        if agency is None and agency_id in self.groups:
            return self.groups[agency_id].name
        return agency.name if agency else agency_id

    @property
    def province_level(self) -> str:
        """"tỉnh" or "thành phố": the word every text puts before the province's name."""
        return self.province_record.level.label if self.province_record else "tỉnh"

    def criteria_for_year(self, year: int) -> list[CriteriaSet]:
        return [c for c in self.criteria_sets.values() if c.applies_to(year)]

    def located(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Give each diagnostic about a loaded file its line and column (in place); returns them."""
        sources = {s.path: s for s in self.sources}
        for diagnostic in diagnostics:
            if diagnostic.line is None and diagnostic.file in sources:
                sources[diagnostic.file].resolve(diagnostic)
                if diagnostic.line is None:  # a file read but no node known: its start is the nearest line
                    diagnostic.line, diagnostic.column = 1, 1
        return diagnostics

    def dropped_at(self, kind: str, record_id: str) -> str | None:
        """``tasks/a.yaml:12`` when the record ``record_id`` of ``kind`` was left out because of
        its own error, else None."""
        origin = self.dropped.get((kind, record_id))
        if origin is None:
            return None
        line, _column = origin.source.locate(origin.path)
        return f"{file_name(origin.file, self.root)}:{line or 1}"

    def dropped_reference(self, kind: str, record_id: str, label: str) -> tuple[str, str] | None:
        """(message, hint) of a reference to a record left out for its own error, else None:
        the one wording of that follow-on error (checks and services call it)."""
        where = self.dropped_at(kind, record_id)
        if where is None:
            return None
        return (f"{label} «{record_id}» bị bỏ qua vì lỗi của chính nó ở {where}",
                f"sửa lỗi ở {where} (chạy `cchc validate` để xem); tham chiếu này hết lỗi theo")

    def load_errors(self) -> list[Diagnostic]:
        """The errors met while loading (each one dropped its record or file), unlocated."""
        return [d for d in self.diagnostics if d.is_error]

    def dropped_records(self) -> int:
        """How many records (or whole files) the loading errors left out."""
        return len({dropped_record(d, self.kinds) for d in self.load_errors()})

    def located_errors(self) -> list[Diagnostic]:
        """The loading errors, located: what a command that refuses invalid data shows."""
        return self.located([d for d in self.diagnostics if d.is_error])


def _bare(record: Province) -> bool:
    return record.model_fields_set <= {"name"}


def _validation_diagnostics(exc: ValidationError, model: type[Model], source: SourceFile,
                            prefix: DataPath = ()) -> list[Diagnostic]:
    from cchc.messages import error_code, translate  # only data with errors needs the wording
    from cchc.models.common import UNION_TAGS

    found = []
    for err in exc.errors(include_url=False):
        # Pydantic puts the branch of a tagged union in the location; keep data keys only.
        err["loc"] = tuple(step for step in err.get("loc", ()) if step not in UNION_TAGS)
        loc = tuple(prefix) + tuple(err["loc"])
        message, hint, at_key = translate(err, model)
        if err["type"] in ("code_number",):
            written = source.source_text(loc)
            if written is not None:
                message = f"mã tiêu chí {written} bị YAML đọc thành số {err['input']}; hãy đặt trong dấu nháy: \"{written}\""
                hint = f"viết \"{written}\" thay vì {written}"
        found.append(Diagnostic(
            severity=error("").severity, message=message, file=source.path, path=loc,
            hint=hint, code=error_code(err), at_key=at_key,
        ))
    return found


class Loader:
    """Turns source files into a Dataset; one instance per load."""

    def __init__(self, root: Path, *, keep_raw: bool = False):
        self.dataset = Dataset(root=root)
        # The plain data of each file is only needed while its records are validated; keeping
        # it doubles the memory of a large repository. `cchc diff` compares raw data: it keeps it.
        self.keep_raw = keep_raw

    def load(self, paths: list[Path] | None = None,
             progress: Callable[[int, int], None] | None = None, *, allow_empty: bool = False) -> Dataset:
        # Loading creates millions of small objects that all stay alive; the cyclic garbage
        # collector would rescan them again and again (measured: half of the load time on a
        # 50,000-task repository), so it is paused while the files are read.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._load_files(paths, progress, allow_empty)
        finally:
            if was_enabled:
                # The loaded records live as long as the command: move them out of the
                # collector's sight so that later collections do not rescan them.
                gc.freeze()
                gc.enable()

    def _load_files(self, paths: list[Path] | None,
                    progress: Callable[[int, int], None] | None, allow_empty: bool = False) -> Dataset:
        ds = self.dataset
        if paths is None:
            found = scan(ds.root)
            if not allow_empty:
                require_files(found)
            ds.diagnostics.extend(found.problems)
            files = found.files
        else:
            files = paths
        for number, path in enumerate(files, start=1):
            if progress is not None:
                progress(number, len(files))
            try:
                raw = path.read_bytes()
            except OSError as exc:
                reason = "không có quyền đọc" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
                ds.diagnostics.append(error(f"không đọc được tệp: {reason}", file=path, code="unreadable",
                                            hint="kiểm tra quyền đọc của tệp (chmod, chủ sở hữu)"))
                continue
            source = read_source(path, raw, fast=True)
            loaded = source.fast and self._load_source(source)
            if source.fast and not loaded:
                source = read_source(path, raw)  # a problem, or free-form data: read it strictly
            ds.sources.append(source)
            ds.diagnostics.extend(source.diagnostics)
            if not loaded and source.data is not None:
                self._load_source(source)
            self._release(source)
        return ds

    def _release(self, source: SourceFile) -> None:
        if self.keep_raw:
            source.forget_utf8()
        else:
            source.data = None
            source.pack()

    def _load_source(self, source: SourceFile) -> bool:
        """Validate a file's records into the dataset.

        A file read by the compiled reader (``source.fast``) is only accepted when its records
        validate and, for a kind with free-form values, its data nests no deeper than
        ``FAST_FREE_FORM_DEPTH``: otherwise nothing is recorded and False is returned, and the
        caller reads it again with the strict reader, whose diagnostics (and depth bound) are
        the reference.
        """
        data = source.data
        if source.fast:
            try:
                kind = model_for(data.get("schema"))[0] if isinstance(data, dict) else None
            except SchemaLookupError:
                kind = None
            if kind is None or (kind in FREE_FORM_KINDS and nests_deeper(data, FAST_FREE_FORM_DEPTH)):
                return False
        if not isinstance(data, dict):
            self.dataset.diagnostics.append(error(
                "tệp dữ liệu phải là một ánh xạ bắt đầu bằng dòng `schema: <loại>@<phiên bản>`",
                file=source.path, line=1, column=1, code="not-a-mapping"))
            return True
        if "schema" not in data:
            self.dataset.diagnostics.append(error(
                "thiếu dòng `schema:` cho biết loại dữ liệu của tệp",
                file=source.path, line=1, column=1, code="missing-schema",
                hint="thêm dòng đầu tiên, ví dụ `schema: tasks@1`"))
            return True
        try:
            kind, _version, model = model_for(data["schema"])
        except SchemaLookupError as exc:
            hint = exc.hint
            if exc.unknown_kind is not None:
                from cchc.domain.suggest import did_you_mean
                from cchc.models.registry import KIND_NAMES

                close = did_you_mean(exc.unknown_kind, KIND_NAMES)
                hint = f"{close} {hint}" if close else hint
            self.dataset.diagnostics.append(source.resolve(error(
                exc.message, path=("schema",), hint=hint, code="unknown-schema")))
            return True
        try:
            parsed = model.model_validate(data)
        except ValidationError as exc:
            if source.fast:
                return False
            self.dataset.diagnostics.extend(_validation_diagnostics(exc, model, source))
            if kind in ("criteria", "assignments", "assessments"):  # a one-record file: all of it
                self._drop(kind, data.get("id"), Origin(source, ()))
            self._load_valid_parts(kind, model, source, data)
            return True
        self.dataset.kinds[source.path] = kind
        self._add(kind, parsed, source)
        return True

    def _load_valid_parts(self, kind: str, model: type[Model], source: SourceFile, data: dict) -> None:
        """Keep the valid records of a partly invalid file so cross-checks still run on them."""
        list_field = {"agencies": "agencies", "tasks": "tasks", "initiatives": "initiatives",
                      "results": "results", "documents": "documents", "reporting": "rules"}.get(kind)
        self.dataset.kinds[source.path] = kind
        if list_field is None or not isinstance(data.get(list_field), list):
            return
        item_model = model.model_fields[list_field].annotation.__args__[0]  # type: ignore[union-attr]
        if kind == "tasks":
            from cchc.models.tasks import with_file_defaults

            data = with_file_defaults(data)  # the file's defaults, as the file model applies them
        ok = []
        for index, item in enumerate(data[list_field]):
            try:
                ok.append((index, item_model.model_validate(item)))
            except ValidationError:
                self._drop(kind, item.get("id") if isinstance(item, dict) else None,
                           Origin(source, (list_field, index)))
                continue
        self._add_items(kind, ok, source, data)

    def _drop(self, kind: str, record_id: Any, origin: Origin) -> None:
        if isinstance(record_id, str) and record_id.strip():
            self.dataset.dropped.setdefault((kind, record_id.strip()), origin)

    def _add(self, kind: str, parsed: Model, source: SourceFile) -> None:
        ds = self.dataset
        if kind == "criteria":
            self._register(ds.criteria_sets, parsed, Origin(source, ()), "bộ tiêu chí")
        elif kind == "assignments":
            self._register(ds.assignments, parsed, Origin(source, ()), "bảng phân công")
        elif kind == "assessments":
            self._register(ds.assessments, parsed, Origin(source, ()), "bảng điểm")
        elif kind == "calendar":
            for index, day in enumerate(parsed.days_off):
                ds.days_off.append(day)
                ds._remember(day, Origin(source, ("days_off", index)))
            for index, day in enumerate(parsed.working_days):
                ds.working_days.append(day)
                ds._remember(day, Origin(source, ("working_days", index)))
        else:
            list_field = "rules" if kind == "reporting" else kind
            items = list(enumerate(getattr(parsed, list_field)))
            self._add_items(kind, items, source, source.data, parsed)

    def _add_items(self, kind: str, items: list[tuple[int, Any]], source: SourceFile,
                   data: dict, parsed: Model | None = None) -> None:
        ds = self.dataset
        if kind == "agencies":
            from cchc.models.agencies import Province

            record = getattr(parsed, "province", None)
            # A file may name the province only ("province: Đắk Lắk"); a full record wins.
            if isinstance(record, Province) and (ds.province_record is None or (
                    _bare(ds.province_record) and not _bare(record) and ds.province_record.name == record.name)):
                ds.province_record = record
                ds.province = record.name
            for index, group in enumerate(getattr(parsed, "groups", None) or []):
                self._register(ds.groups, group, Origin(source, ("groups", index)), "nhóm cơ quan")
            for index, agency in items:
                self._register(ds.agencies, agency, Origin(source, ("agencies", index)), "cơ quan")
        elif kind == "tasks":
            for index, task in items:  # the file's default source was applied before validation
                self._register(ds.tasks, task, Origin(source, ("tasks", index)), "nhiệm vụ")
        elif kind == "initiatives":
            for index, item in items:
                self._register(ds.initiatives, item, Origin(source, ("initiatives", index)), "mô hình")
        elif kind == "documents":
            for index, item in items:
                self._register(ds.documents, item, Origin(source, ("documents", index)), "văn bản")
        elif kind == "reporting":
            for index, item in items:
                self._register(ds.reporting_rules, item, Origin(source, ("rules", index)), "báo cáo định kỳ")
        elif kind == "results":
            for index, item in items:
                ds.results.append(item)
                ds._remember(item, Origin(source, ("results", index)))

    def _register(self, table: dict[str, Any], record: Any, origin: Origin, label: str) -> None:
        ds = self.dataset
        ds._remember(record, origin)
        previous = table.get(record.id)
        if previous is not None:
            first = ds.origin(previous)
            where = ""
            if first is not None:
                line, _ = first.source.locate((*first.path, "id"))
                where = f" (đã dùng tại {first.file.name}:{line})"
            ds.diagnostics.append(origin.diagnostic(error(
                f"mã {label} «{record.id}» bị trùng{where}",
                path=(*origin.path, "id"), code="duplicate-id",
                hint="mỗi mã phải là duy nhất trong toàn bộ dữ liệu; đổi mã hoặc gộp hai bản ghi")))
            return
        table[record.id] = record


def load_dataset(root: Path, progress: Callable[[int, int], None] | None = None, *,
                 keep_raw: bool = False, allow_empty: bool = False) -> Dataset:
    """Load every data file under ``root``; problems are on ``dataset.diagnostics``.

    ``keep_raw`` keeps each file's plain data on its ``SourceFile`` (for comparing files).
    A folder without any data file raises :class:`DataError` naming it, unless ``allow_empty``
    (a git revision from before the data existed, in ``cchc diff``).
    """
    return Loader(root, keep_raw=keep_raw).load(progress=progress, allow_empty=allow_empty)
