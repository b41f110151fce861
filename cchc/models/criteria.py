"""Criteria sets: an index's tree of lĩnh vực → tiêu chí → tiêu chí thành phần, per legal basis."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, PrivateAttr

from cchc.models.common import (
    Code,
    IndexName,
    LegalRef,
    Model,
    Slug,
    Text,
    code_sort_key,
    parent_code,
)


class AssessmentMethod(StrEnum):
    APPRAISAL = "tham-dinh"  # self-assessed by the province, appraised by the ministry
    SURVEY = "dieu-tra-xhh"  # sociological survey (điều tra xã hội học)

    @property
    def label(self) -> str:
        return "tự đánh giá, thẩm định" if self is AssessmentMethod.APPRAISAL else "điều tra xã hội học"


class CriteriaLevel(StrEnum):
    PROVINCE = "tinh"
    DEPARTMENT = "so"
    DISTRICT = "huyen"
    COMMUNE = "xa"


class Criterion(Model):
    code: Code = Field(description="Mã, ví dụ \"7.1.10\"; dấu chấm thể hiện cấp")
    name: Text
    max_points: float | None = Field(default=None, ge=0, description="Điểm tối đa; bỏ trống nếu chưa xác minh")
    method: AssessmentMethod | None = None
    note: str | None = None

    @property
    def parent(self) -> str | None:
        return parent_code(self.code)

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1

    @property
    def level_label(self) -> str:
        return ("Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần")[min(self.depth, 3) - 1]

    def label(self) -> str:
        """As officials write it: "Lĩnh vực 7: Hiện đại hóa hành chính", "Tiêu chí 7.4 - Áp dụng ..."."""
        if self.depth == 1:
            return f"Lĩnh vực {self.code}: {self.name}"
        return f"Tiêu chí {self.code} - {self.name}"


class CriteriaSet(Model):
    schema_: str = Field(alias="schema")
    id: Slug
    index: IndexName
    level: CriteriaLevel = CriteriaLevel.PROVINCE
    name: Text
    legal_basis: LegalRef
    years: list[Annotated[int, Field(ge=2000, le=2100)]] = Field(min_length=1, description="Các năm đánh giá áp dụng bộ tiêu chí")
    total_points: float = Field(gt=0)
    complete: bool = Field(
        default=True, description="false: bộ chỉ gồm các mục đã xác minh, chưa đủ mọi tiêu chí của văn bản")
    example: bool = Field(default=False, description="true: số liệu minh họa, không phải văn bản gốc")
    predecessor: Slug | None = Field(default=None, description="Bộ tiêu chí trước đó (để chuyển phân công)")
    code_map: dict[Code, Code | None] = Field(
        default_factory=dict,
        description="Ánh xạ mã của bộ trước → mã của bộ này (null: không còn tương ứng)")
    items: list[Criterion] = Field(min_length=1)

    _index: dict[str, Criterion] | None = PrivateAttr(default=None)

    def by_code(self) -> dict[str, Criterion]:
        """Items by code; built once (cross-checks ask for it once per task)."""
        index = self._index
        if index is None or len(index) != len(self.items):
            index = self._index = {item.code: item for item in self.items}
        return index

    def children(self, code: str | None) -> list[Criterion]:
        return sorted((i for i in self.items if i.parent == code), key=lambda i: code_sort_key(i.code))

    def leaves(self) -> list[Criterion]:
        parents = {i.parent for i in self.items}
        return [i for i in self.items if i.code not in parents]
