"""Tasks set by dispatches and meeting conclusions, with their deadlines."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cchc.models.common import (
    PERIOD_PATTERN,
    PERIOD_RE,
    SLUG_PATTERN,
    CodeList,
    Model,
    Slug,
    SlugList,
    Text,
)


class TaskStatus(StrEnum):
    NOT_STARTED = "chua-thuc-hien"
    IN_PROGRESS = "dang-thuc-hien"
    UNKNOWN = "chua-ro"  # the source says nothing about progress: never done, never "fine"
    DONE = "hoan-thanh"
    CANCELLED = "huy"

    @property
    def label(self) -> str:
        return TASK_STATUS_LABELS[self]


TASK_STATUS_LABELS = {
    TaskStatus.NOT_STARTED: "chưa thực hiện",
    TaskStatus.IN_PROGRESS: "đang thực hiện",
    TaskStatus.UNKNOWN: "chưa rõ",
    TaskStatus.DONE: "hoàn thành",
    TaskStatus.CANCELLED: "hủy bỏ",
}


class DuePeriod(Model):
    """A deadline written as a period ("trong tháng 7/2022", "quý III/2022", "6 tháng đầu năm",
    "trong năm 2026"), as continuous work ("thường xuyên") or as periodic work whose period the
    source does not state ("định kỳ tổng hợp, báo cáo"). Written in YAML as ``2022-07``,
    ``2022-Q3``, ``2022-H1``, ``2026``, ``thường xuyên`` or ``định kỳ``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["month", "quarter", "half", "year", "continuous", "periodic"]
    year: int | None = None
    index: int | None = None  # month 1-12, quarter 1-4, half 1-2

    @property
    def written(self) -> str:
        """The YAML form: "2022-07", "2022-Q3", "2022-H1", "2026", "thường xuyên", "định kỳ"."""
        if self.kind == "continuous":
            return CONTINUOUS
        if self.kind == "periodic":
            return PERIODIC
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        return str(self.year)


class DueRecurring(Model):
    """A recurring deadline: ``{every: month, day: 15}`` = "trước ngày 15 hằng tháng"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    every: Literal["month", "quarter", "half", "year"]
    day: int | None = Field(default=None, ge=1, le=31,
                            description="Hạn trước ngày này của kỳ; bỏ trống nếu văn bản chỉ ghi \"hằng quý\"")
    month: int | None = Field(default=None, ge=1, le=12,
                              description="Với every: year, tháng của hạn (mặc định tháng 12)")


CONTINUOUS = "thường xuyên"
PERIODIC = "định kỳ"  # periodic work, period not stated by the source


# Parsed deadlines by the value as written: the same few hundred strings ("2021-06-20",
# "2022-Q3") recur across tens of thousands of tasks, and what they parse to (a date, a frozen
# DuePeriod) is immutable, so one parse is shared. Bounded; errors are not kept.
_DUE_MEMO: dict[tuple[type, Any], Any] = {}
_DUE_MEMO_MAX = 20_000


def _due(value: Any) -> Any:
    """Read a ``due:`` as the plan writes it (COMMON contract 2)."""
    if type(value) is str or type(value) is int:
        key = (type(value), value)
        found = _DUE_MEMO.get(key)
        if found is None:
            found = _parse_due(value)
            if len(_DUE_MEMO) < _DUE_MEMO_MAX:
                _DUE_MEMO[key] = found
        return found
    return _parse_due(value)


def _parse_due(value: Any) -> Any:
    """The deadline a ``due:`` value stands for (``_due`` shares the result of a repeated value)."""
    if isinstance(value, bool):
        raise PydanticCustomError("due_form", DUE_HINT)
    if isinstance(value, int):
        if 2000 <= value <= 2100:
            return DuePeriod(kind="year", year=value)
        raise PydanticCustomError("due_form", DUE_HINT)
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", " ".join(value.split())).casefold()
        if text in (CONTINUOUS, "thuong xuyen", "continuous"):
            return DuePeriod(kind="continuous")
        if text in (PERIODIC, "dinh ky", "periodic"):
            return DuePeriod(kind="periodic")
        match = PERIOD_RE.fullmatch(value.strip())
        if match:
            year, month, quarter, half = match.groups()
            if month is not None:
                return DuePeriod(kind="month", year=int(year), index=int(month))
            if quarter is not None:
                return DuePeriod(kind="quarter", year=int(year), index=int(quarter))
            if half is not None:
                return DuePeriod(kind="half", year=int(year), index=int(half))
            return DuePeriod(kind="year", year=int(year))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise PydanticCustomError("date_parsing", "ngày không hợp lệ") from None
        raise PydanticCustomError("due_form", DUE_HINT)
    if isinstance(value, dict):
        try:
            return DueRecurring.model_validate(value)
        except ValidationError:
            raise PydanticCustomError("due_form", DUE_HINT) from None
    return value


DUE_HINT = ("hạn ghi theo một trong các dạng: ngày 2022-07-15, tháng 2022-07, quý 2022-Q3, "
            "6 tháng 2022-H1/2022-H2, năm 2026, \"thường xuyên\", \"định kỳ\" (không rõ kỳ), "
            "hoặc {every: month, day: 15}")

DUE_SCHEMA = {
    "description": "Hạn như kế hoạch ghi: ngày (2022-07-15), tháng (2022-07), quý (2022-Q3), 6 tháng "
                   "(2022-H1, 2022-H2), năm (2026), \"thường xuyên\", \"định kỳ\" (văn bản không nêu kỳ), "
                   "hoặc định kỳ có kỳ {every: month, day: 15}",
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": PERIOD_PATTERN},
        {"type": "integer", "minimum": 2000, "maximum": 2100},
        {"type": "string", "enum": [CONTINUOUS, PERIODIC]},
        {"type": "object", "properties": {
            "every": {"enum": ["month", "quarter", "half", "year"]},
            "day": {"type": "integer", "minimum": 1, "maximum": 31},
            "month": {"type": "integer", "minimum": 1, "maximum": 12}},
         "required": ["every"], "additionalProperties": False},
        {"type": "null"},
    ],
}

Due = Annotated[date | DuePeriod | DueRecurring, BeforeValidator(_due), WithJsonSchema(DUE_SCHEMA)]
"""A task deadline as plans write it (COMMON contract 2)."""


class Extension(Model):
    """A deadline extension (gia hạn), approved by a document."""

    due: date
    source: Slug | None = Field(default=None, description="Văn bản cho phép gia hạn")
    note: str | None = None


def check_done_on(status: TaskStatus, done_on: date | None, whose: str = "") -> None:
    """The one rule of a finish day: ``done_on`` goes with status ``hoan-thanh`` and only with it
    (a task's own, or ``whose=" của đơn vị"`` for one unit's progress)."""
    if done_on is not None and status is not TaskStatus.DONE:
        raise PydanticCustomError(
            "done_without_status", f"có done_on nhưng status{whose} không phải \"hoan-thanh\"")
    if status is TaskStatus.DONE and done_on is None:
        raise PydanticCustomError(
            "status_without_done", f"status \"hoan-thanh\"{whose} cần ghi ngày hoàn thành (done_on)")


class MemberProgress(Model):
    """One unit's progress on a task led by a group or by several agencies ("UBND các xã,
    phường": each commune reports on its own). A unit not listed has the task's own status."""

    agency: Slug = Field(description="Đơn vị: một cơ quan chủ trì, hoặc thành viên của nhóm chủ trì")
    status: TaskStatus = Field(description="Tình trạng của đơn vị, ví dụ hoan-thanh")
    done_on: date | None = Field(default=None, description="Ngày đơn vị hoàn thành (khi status hoan-thanh)")
    evidence: str | None = Field(default=None, description="Văn bản báo cáo của đơn vị, ví dụ \"Báo cáo số 12/BC-UBND\"")
    note: str | None = None

    @model_validator(mode="after")
    def _done_iff_date(self) -> MemberProgress:
        check_done_on(self.status, self.done_on, " của đơn vị")
        return self


class Task(Model):
    id: Slug
    title: Text = Field(description="Nội dung nhiệm vụ")
    source: Slug | None = Field(default=None, description="Văn bản giao nhiệm vụ (mã trong documents)")
    lead: SlugList = Field(min_length=1, description="Cơ quan chủ trì (một hoặc nhiều; mã cơ quan hoặc mã nhóm), "
                                                      "ví dụ [so-noi-vu] hoặc [cac-so-ban-nganh, ubnd-cac-xa-phuong]")
    coordinators: SlugList = Field(default_factory=list, description="Cơ quan phối hợp (mã cơ quan hoặc mã nhóm), "
                                                                     "ví dụ [so-tai-chinh]")
    report_to: Slug | None = Field(default=None, description="Gửi kết quả về cơ quan")
    due: Due | None = Field(
        default=None, description="Hạn như văn bản ghi: ngày 2022-07-15, tháng 2022-07, quý 2022-Q3, 6 tháng "
                                  "2022-H1, năm 2026, \"thường xuyên\", \"định kỳ\" (không rõ kỳ), "
                                  "{every: month, day: 15}; bỏ trống nếu không có hạn")
    due_working_days: int | None = Field(
        default=None, ge=1, le=1000,
        description="Hạn tính bằng N ngày làm việc kể từ ngày ký văn bản giao (tối đa 1000, khoảng 4 năm)")
    status: TaskStatus = Field(
        default=TaskStatus.NOT_STARTED,
        description="Tình trạng: chua-thuc-hien, dang-thuc-hien, chua-ro (nguồn không nói; không bao giờ tính là "
                    "xong, quá hạn thì \"quá hạn, chưa rõ tình trạng\"), hoan-thanh (cần done_on), huy")
    done_on: date | None = Field(default=None, description="Ngày hoàn thành")
    criteria: CodeList = Field(default_factory=list, description="Mã tiêu chí liên quan")
    product: str | None = Field(default=None, description="Sản phẩm, kết quả")
    evidence: str | None = Field(default=None, description="Văn bản báo cáo kết quả, tài liệu kiểm chứng")
    extensions: list[Extension] = Field(default_factory=list)
    progress: list[MemberProgress] = Field(
        default_factory=list,
        description="Tiến độ của từng đơn vị khi chủ trì là một nhóm hoặc nhiều cơ quan, ví dụ "
                    "[{agency: phuong-buon-ma-thuot, status: hoan-thanh, done_on: 2026-03-10, "
                    "evidence: \"Báo cáo số 12/BC-UBND\"}]; đơn vị không ghi lấy tình trạng của nhiệm vụ")
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Task:
        if self.due is not None and self.due_working_days is not None:
            raise PydanticCustomError(
                "two_deadlines", "chỉ ghi một trong hai: due (ngày cụ thể) hoặc due_working_days (số ngày làm việc)")
        check_done_on(self.status, self.done_on)
        if self.status is TaskStatus.DONE and any(
                entry.status not in (TaskStatus.DONE, TaskStatus.CANCELLED) for entry in self.progress):
            raise PydanticCustomError(
                "done_with_open_units", "status \"hoan-thanh\" nhưng tiến độ (progress) còn đơn vị chưa hoàn thành; "
                                        "để status theo đơn vị chưa xong, hoặc sửa tiến độ của đơn vị đó")
        if self.due_working_days is not None and self.source is None:
            raise PydanticCustomError(
                "relative_without_source", "hạn tính theo ngày làm việc cần văn bản giao (source) có ngày ký")
        return self


def with_file_defaults(data: Any) -> Any:
    """A tasks file's data with its file-level defaults (``source:``) given to every task that has
    none of its own, *before* validation: a task with ``due_working_days`` and no own ``source``
    then validates against the file's source. The one place of this rule (the file model and the
    loader, which validates the tasks of a partly invalid file one by one, both call it).

    A default that is not itself a valid id is left alone: its own error is reported once, on
    the file's ``source:`` line, and not again on every task."""
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        return data
    default = data.get("source")
    if not isinstance(default, str) or not re.match(SLUG_PATTERN, default.strip()):
        return data
    tasks = [{**task, "source": default} if isinstance(task, dict) and task.get("source") is None else task
             for task in data["tasks"]]
    return {**data, "tasks": tasks}


class TasksFile(Model):
    schema_: str = Field(alias="schema")
    source: Slug | None = Field(default=None, description="Văn bản giao mặc định cho mọi nhiệm vụ trong tệp")
    tasks: list[Task] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _file_defaults(cls, data: Any) -> Any:
        return with_file_defaults(data)
