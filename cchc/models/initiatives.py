"""Reform initiatives (mô hình, sáng kiến, giải pháp) and their replication across units."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.agencies import AgencyKind
from cchc.models.common import CodeList, IndexName, Model, Slug, Text


class InitiativeKind(StrEnum):
    MODEL = "mo-hinh"
    INITIATIVE = "sang-kien"
    SOLUTION = "giai-phap"

    @property
    def label(self) -> str:
        return {"mo-hinh": "mô hình", "sang-kien": "sáng kiến", "giai-phap": "giải pháp"}[self.value]


class AdoptionStatus(StrEnum):
    NOT_STARTED = "chua-trien-khai"
    IN_PROGRESS = "dang-trien-khai"
    ADOPTED = "da-ap-dung"
    NOT_APPLICABLE = "khong-phu-hop"

    @property
    def label(self) -> str:
        return ADOPTION_LABELS[self]


ADOPTION_LABELS = {
    AdoptionStatus.NOT_STARTED: "chưa triển khai",
    AdoptionStatus.IN_PROGRESS: "đang triển khai",
    AdoptionStatus.ADOPTED: "đã áp dụng",
    AdoptionStatus.NOT_APPLICABLE: "không phù hợp",
}


class ReplicationRole(StrEnum):
    APPLY = "ap-dung"  # study and apply in the unit
    LEAD = "chu-tri"  # lead the study and advise the province
    COORDINATE = "phoi-hop"


class Adoption(Model):
    agency: Slug
    status: AdoptionStatus
    on: date | None = Field(default=None, description="Ngày bắt đầu áp dụng / cập nhật")
    evidence: str | None = None
    note: str | None = None


class ReplicationOrder(Model):
    """One instruction of a dispatch: who must study or apply the initiative."""

    source: Slug | None = Field(default=None, description="Văn bản chỉ đạo nhân rộng")
    role: ReplicationRole = ReplicationRole.APPLY
    agencies: list[Slug] = Field(default_factory=list, description="Các đơn vị cụ thể")
    agency_kinds: list[AgencyKind] = Field(
        default_factory=list, description="Loại đơn vị, ví dụ huyen: mọi UBND cấp huyện còn hiệu lực")
    scope: str | None = Field(default=None, description="Phạm vi áp dụng, ví dụ \"tại UBND cấp huyện và cấp xã\"")
    coordinators: list[Slug] = Field(default_factory=list)
    coordinator_kinds: list[AgencyKind] = Field(
        default_factory=list, description="Loại đơn vị phối hợp, ví dụ huyen: \"phối hợp với UBND cấp huyện\"")
    due: date | None = None
    adoption: list[Adoption] = Field(default_factory=list, description="Tình trạng theo từng đơn vị")

    @model_validator(mode="after")
    def _has_target(self) -> ReplicationOrder:
        if not self.agencies and not self.agency_kinds:
            raise PydanticCustomError(
                "no_target", "lệnh nhân rộng cần agencies (đơn vị cụ thể) hoặc agency_kinds (loại đơn vị)")
        return self


class Initiative(Model):
    id: Slug
    number: str | None = Field(default=None, description="Số thứ tự trong văn bản nguồn, ví dụ \"2.1\"")
    name: Text = Field(description="Tên, ví dụ \"Ngày thứ năm không chờ\"")
    kind: InitiativeKind
    origin_agency: Slug | None = Field(default=None, description="Đơn vị khởi xướng (nếu có trong agencies)")
    origin: str | None = Field(default=None, description="Đơn vị, địa phương khởi xướng, ghi bằng chữ")
    started_on: date | None = None
    description: str | None = None
    indices: list[IndexName] = Field(default_factory=list, description="Chỉ số hướng tới")
    criteria: CodeList = Field(default_factory=list)
    source: Slug | None = Field(default=None, description="Văn bản giới thiệu mô hình")
    replication: list[ReplicationOrder] = Field(default_factory=list)


class InitiativesFile(Model):
    schema_: str = Field(alias="schema")
    initiatives: list[Initiative] = Field(min_length=1)
