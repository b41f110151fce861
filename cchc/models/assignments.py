"""Assignments: which agency leads which criteria in a year (the "Phụ lục phân công")."""

from __future__ import annotations

from pydantic import Field

from cchc.models.common import Code, CodeList, Model, Slug, SlugList, Text


class LeadAssignment(Model):
    agency: Slug = Field(description="Cơ quan chủ trì")
    codes: CodeList = Field(min_length=1, description="Mã lĩnh vực/tiêu chí; một mã bao gồm cả các mã con")
    coordinators: SlugList = Field(default_factory=list, description="Cơ quan phối hợp")
    note: str | None = None


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
