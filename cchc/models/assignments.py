"""Assignments: which agency leads which criteria in a year (the "Phụ lục phân công")."""

from __future__ import annotations

from pydantic import Field, model_validator

from cchc.models.common import Code, CodeList, Model, Slug, SlugList, SlugOrList, Text


class LeadAssignment(Model):
    agency: SlugOrList = Field(
        description="Cơ quan chủ trì: một mã cơ quan, hoặc danh sách mã khi các cơ quan cùng chủ trì "
                    "(đồng chủ trì), ví dụ [so-tttt, so-khcn, van-phong-ubnd]")
    codes: CodeList = Field(min_length=1, description="Mã lĩnh vực/tiêu chí; một mã bao gồm cả các mã con")
    coordinators: SlugList = Field(default_factory=list,
                                   description="Cơ quan phối hợp, ví dụ [so-tai-chinh]; phụ lục có thêm cột "
                                               "«Cơ quan phối hợp» khi có mục ghi trường này")
    note: str | None = None

    @model_validator(mode="after")
    def _joint_leads(self) -> LeadAssignment:
        if isinstance(self.agency, list):
            if not self.agency:
                raise ValueError("danh sách cơ quan chủ trì (agency) trống: ghi ít nhất một mã cơ quan")
            repeated = sorted({a for a in self.agency if self.agency.count(a) > 1})
            if repeated:
                raise ValueError(f"cơ quan chủ trì ghi hai lần trong cùng một mục: {', '.join(repeated)}")
        return self


class Unassigned(Model):
    code: Code = Field(description="Mã tiêu chí cố ý không phân công")
    reason: Text = Field(description="Lý do, ví dụ \"đánh giá qua điều tra xã hội học\"")


class AssignmentSet(Model):
    schema_: str = Field(alias="schema")
    id: Slug
    year: int = Field(ge=2000, le=2100)
    criteria_set: Slug
    title: str | None = None
    source: Slug | None = Field(default=None, description="Mã văn bản giao (trong documents)")
    leads: list[LeadAssignment] = Field(min_length=1)
    unassigned: list[Unassigned] = Field(default_factory=list)
    order: SlugList = Field(
        default_factory=list,
        description="Thứ tự cơ quan trong phụ lục như văn bản ghi, ví dụ [so-noi-vu, so-tu-phap], khi khác thứ tự "
                    "xuất hiện lần đầu trong leads (mặc định); cơ quan không ghi ở đây đứng sau, theo thứ tự trong leads")

    @model_validator(mode="after")
    def _order_once(self) -> AssignmentSet:
        repeated = sorted({a for a in self.order if self.order.count(a) > 1})
        if repeated:
            raise ValueError(f"order ghi một cơ quan hai lần: {', '.join(repeated)}")
        return self
