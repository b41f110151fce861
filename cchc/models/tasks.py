"""Tasks set by dispatches and meeting conclusions, with their deadlines."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import CodeList, Model, Slug, SlugList, Text


class TaskStatus(StrEnum):
    NOT_STARTED = "chua-thuc-hien"
    IN_PROGRESS = "dang-thuc-hien"
    DONE = "hoan-thanh"
    CANCELLED = "huy"

    @property
    def label(self) -> str:
        return TASK_STATUS_LABELS[self]


TASK_STATUS_LABELS = {
    TaskStatus.NOT_STARTED: "chưa thực hiện",
    TaskStatus.IN_PROGRESS: "đang thực hiện",
    TaskStatus.DONE: "hoàn thành",
    TaskStatus.CANCELLED: "hủy bỏ",
}


class Extension(Model):
    """A deadline extension (gia hạn), approved by a document."""

    due: date
    source: Slug | None = Field(default=None, description="Văn bản cho phép gia hạn")
    note: str | None = None


class Task(Model):
    id: Slug
    title: Text = Field(description="Nội dung nhiệm vụ")
    source: Slug | None = Field(default=None, description="Văn bản giao nhiệm vụ (mã trong documents)")
    lead: SlugList = Field(min_length=1, description="Cơ quan chủ trì (một hoặc nhiều)")
    coordinators: SlugList = Field(default_factory=list)
    report_to: Slug | None = Field(default=None, description="Gửi kết quả về cơ quan")
    due: date | None = Field(default=None, description="Hạn cuối (YYYY-MM-DD) như văn bản ghi; bỏ trống nếu không có hạn")
    due_working_days: int | None = Field(
        default=None, ge=1, le=1000,
        description="Hạn tính bằng N ngày làm việc kể từ ngày ký văn bản giao (tối đa 1000, khoảng 4 năm)")
    status: TaskStatus = TaskStatus.NOT_STARTED
    done_on: date | None = Field(default=None, description="Ngày hoàn thành")
    criteria: CodeList = Field(default_factory=list, description="Mã tiêu chí liên quan")
    product: str | None = Field(default=None, description="Sản phẩm, kết quả")
    evidence: str | None = Field(default=None, description="Văn bản báo cáo kết quả, tài liệu kiểm chứng")
    extensions: list[Extension] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Task:
        if self.due is not None and self.due_working_days is not None:
            raise PydanticCustomError(
                "two_deadlines", "chỉ ghi một trong hai: due (ngày cụ thể) hoặc due_working_days (số ngày làm việc)")
        if self.done_on is not None and self.status is not TaskStatus.DONE:
            raise PydanticCustomError(
                "done_without_status", "có done_on nhưng status không phải \"hoan-thanh\"")
        if self.status is TaskStatus.DONE and self.done_on is None:
            raise PydanticCustomError(
                "status_without_done", "status \"hoan-thanh\" cần ghi ngày hoàn thành (done_on)")
        if self.due_working_days is not None and self.source is None:
            raise PydanticCustomError(
                "relative_without_source", "hạn tính theo ngày làm việc cần văn bản giao (source) có ngày ký")
        return self


class TasksFile(Model):
    schema_: str = Field(alias="schema")
    source: Slug | None = Field(default=None, description="Văn bản giao mặc định cho mọi nhiệm vụ trong tệp")
    tasks: list[Task] = Field(min_length=1)
