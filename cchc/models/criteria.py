"""Criteria sets: an index's tree of lĩnh vực → tiêu chí → tiêu chí thành phần, per legal basis."""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Annotated

from pydantic import Field

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


class RescaleRule(StrEnum):
    """How a set scores a unit for which some criteria do not apply (không áp dụng)."""

    SCALE = "quy-doi"  # points of the applicable criteria scaled to the set's total
    REDUCE = "giam-toi-da"  # the maximum is reduced by the points of the criteria that do not apply

    @property
    def label(self) -> str:
        return RESCALE_LABELS[self]


RESCALE_LABELS = {
    RescaleRule.SCALE: "quy đổi về thang điểm của bộ tiêu chí",
    RescaleRule.REDUCE: "giảm điểm tối đa tương ứng",
}


class AdjustmentKind(StrEnum):
    BONUS = "thuong"  # điểm thưởng
    PENALTY = "tru"  # điểm trừ

    @property
    def label(self) -> str:
        return "điểm thưởng" if self is AdjustmentKind.BONUS else "điểm trừ"


class Adjustment(Model):
    """A bonus or penalty item (điểm thưởng, điểm trừ) outside the criteria tree."""

    code: Code = Field(description="Mã, khác mọi mã tiêu chí của bộ, ví dụ \"9.1\"")
    name: Text
    kind: AdjustmentKind = Field(description="thuong (cộng điểm) hoặc tru (trừ điểm)")
    max_points: float = Field(gt=0, description="Mức tối đa của mục (điểm trừ ghi số dương)")
    note: str | None = None


class Band(Model):
    """A classification band of the set, e.g. "Tốt" from 80 points."""

    name: Text = Field(description="Tên xếp loại, ví dụ \"Xuất sắc\"")
    min_score: float = Field(ge=0, description="Điểm tối thiểu (tính cả mức này)")


class Criterion(Model):
    code: Code = Field(description="Mã, ví dụ \"7.1.10\"; dấu chấm thể hiện cấp")
    name: Text
    max_points: float | None = Field(default=None, ge=0, description="Điểm tối đa; bỏ trống nếu chưa xác minh")
    method: AssessmentMethod | None = None
    optional: bool = Field(
        default=False, description="true: có thể không áp dụng cho một số đơn vị (ví dụ đơn vị không có TTHC)")
    evidence_required: bool | None = Field(
        default=None, description="Ghi đè evidence_required của bộ cho riêng mục này")
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
    provisional_years: list[Annotated[int, Field(ge=2000, le=2100)]] = Field(
        default_factory=list,
        description="Các năm dùng tạm bộ tiêu chí này khi chưa xác minh được bộ tiêu chí áp dụng cho năm đó "
                    "(được ghi rõ là chưa xác minh; ví dụ kho mới do cchc init tạo cho năm hiện tại)")
    total_points: float = Field(gt=0)
    complete: bool = Field(
        default=True, description="false: bộ chỉ gồm các mục đã xác minh, chưa đủ mọi tiêu chí của văn bản")
    example: bool = Field(default=False, description="true: số liệu minh họa, không phải văn bản gốc")
    predecessor: Slug | None = Field(default=None, description="Bộ tiêu chí trước đó (để chuyển phân công)")
    code_map: dict[Code, Code | None] = Field(
        default_factory=dict,
        description="Ánh xạ mã của bộ trước → mã của bộ này (null: không còn tương ứng)")
    items: list[Criterion] = Field(min_length=1)
    not_applicable_rule: RescaleRule | None = Field(
        default=None, description="Cách tính khi có tiêu chí không áp dụng: quy-doi hoặc giam-toi-da")
    evidence_required: bool = Field(
        default=False, description="true: điểm tự chấm lớn hơn 0 phải có tài liệu kiểm chứng")
    adjustments: list[Adjustment] = Field(default_factory=list, description="Các mục điểm thưởng, điểm trừ")
    bonus_cap: float | None = Field(default=None, gt=0, description="Tổng điểm thưởng tối đa")
    penalty_cap: float | None = Field(default=None, gt=0, description="Tổng điểm trừ tối đa")
    bands: list[Band] = Field(default_factory=list, description="Các mức xếp loại, ví dụ Tốt từ 80 điểm")
    source: str | None = Field(default=None, description="Nguồn công bố của bộ tiêu chí")

    @functools.cached_property
    def _code_index(self) -> dict[str, Criterion]:
        # A plain attribute once computed (pydantic supports cached_property): cross-checks ask
        # for it once per task, and a private attribute would go through pydantic's __getattr__.
        return {item.code: item for item in self.items}

    def applies_to(self, year: int) -> bool:
        """Whether the set is used for ``year``: a confirmed year, or one it stands in for
        provisionally (``provisional_years``). The one rule every check and service asks."""
        return year in self.years or year in self.provisional_years

    def year_note(self, year: int) -> str | None:
        """What a reader must know about using the set for ``year``; None for a confirmed year."""
        confirmed = ", ".join(map(str, self.years))
        if year in self.years:
            return None
        if year in self.provisional_years:
            return (f"Bộ tiêu chí «{self.id}» được dùng tạm cho năm {year} (chưa xác minh; các năm áp dụng "
                    f"đã xác minh: {confirmed}).")
        return f"Bộ tiêu chí «{self.id}» áp dụng cho năm {confirmed}, không phải năm {year}."

    def by_code(self) -> dict[str, Criterion]:
        """Items by code; built once."""
        return self._code_index

    def children(self, code: str | None) -> list[Criterion]:
        return sorted((i for i in self.items if i.parent == code), key=lambda i: code_sort_key(i.code))

    def leaves(self) -> list[Criterion]:
        parents = {i.parent for i in self.items}
        return [i for i in self.items if i.code not in parents]

    def adjustment(self, code: str) -> Adjustment | None:
        return next((a for a in self.adjustments if a.code == code), None)

    def needs_evidence(self, code: str) -> bool:
        """Whether a positive self-score of ``code`` needs evidence (the item, else its ancestors, else the set)."""
        by_code = self.by_code()
        current: str | None = code
        while current is not None:
            item = by_code.get(current)
            if item is not None and item.evidence_required is not None:
                return item.evidence_required
            current = parent_code(current)
        return self.evidence_required

    def may_skip(self, code: str) -> bool:
        """Whether ``code`` (or an ancestor) is declared as possibly not applicable."""
        by_code = self.by_code()
        current: str | None = code
        while current is not None:
            item = by_code.get(current)
            if item is not None and item.optional:
                return True
            current = parent_code(current)
        return False

    def band(self, score: float) -> Band | None:
        """The highest band whose minimum ``score`` reaches."""
        reached = [b for b in self.bands if score >= b.min_score - 1e-9]
        return max(reached, key=lambda b: b.min_score) if reached else None
