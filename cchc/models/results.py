"""Published index results (PAR INDEX, SIPAS, PAPI, PCI, DDCI) per province and year."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import Code, IndexName, Model, Slug, Text


class ScoreGroup(StrEnum):
    """The groups in which the Ministry publishes a province's PAR INDEX (QĐ 876/QĐ-BNV)."""

    APPRAISAL = "tham-dinh"  # điểm thẩm định (61,5 under 876)
    IMPACT = "tac-dong-kt-xh"  # tác động của CCHC đến phát triển kinh tế - xã hội (6,5)
    LEADERS_SURVEY = "khao-sat-lanh-dao"  # khảo sát lãnh đạo, quản lý (22)
    SIPAS = "sipas"  # khảo sát sự hài lòng của người dân, tổ chức (10)

    @property
    def label(self) -> str:
        return SCORE_GROUP_LABELS[self]

    @property
    def survey(self) -> bool:
        return self in (ScoreGroup.LEADERS_SURVEY, ScoreGroup.SIPAS)


SCORE_GROUP_LABELS = {
    ScoreGroup.APPRAISAL: "Điểm thẩm định",
    ScoreGroup.IMPACT: "Tác động của CCHC đến phát triển kinh tế - xã hội",
    ScoreGroup.LEADERS_SURVEY: "Khảo sát lãnh đạo, quản lý",
    ScoreGroup.SIPAS: "Khảo sát sự hài lòng của người dân, tổ chức (SIPAS)",
}


class GroupScore(Model):
    group: ScoreGroup = Field(description="tham-dinh, tac-dong-kt-xh, khao-sat-lanh-dao hoặc sipas")
    points: float = Field(ge=0)
    max_points: float | None = Field(default=None, gt=0, description="Điểm tối đa của nhóm (nếu công bố)")


class CriterionScore(Model):
    code: Code
    points: float = Field(ge=0)
    note: str | None = None


class IndexResult(Model):
    index: IndexName
    province: Text
    year: int = Field(ge=2000, le=2100)
    score: float | None = Field(default=None, ge=0)
    rank: int | None = Field(default=None, ge=1)
    out_of: int | None = Field(default=None, ge=1)
    criteria_set: Slug | None = None
    criteria: list[CriterionScore] = Field(default_factory=list, description="Điểm từng tiêu chí (nếu có)")
    groups: list[GroupScore] = Field(
        default_factory=list, description="Điểm theo nhóm như Bộ Nội vụ công bố (thẩm định, tác động KT-XH, khảo sát)")
    example: bool = Field(default=False, description="Số liệu minh họa, không phải số liệu công bố")
    source: str | None = Field(default=None, description="Nguồn số liệu")
    note: str | None = None

    @model_validator(mode="after")
    def _rank_in_range(self) -> IndexResult:
        if self.rank is not None and self.out_of is not None and self.rank > self.out_of:
            raise PydanticCustomError(
                "rank_range", "thứ hạng {rank} lớn hơn tổng số {out_of}",
                {"rank": self.rank, "out_of": self.out_of})
        for group in self.groups:
            if group.max_points is not None and group.points > group.max_points + 1e-9:
                raise PydanticCustomError(
                    "group_over_max", "điểm nhóm «{group}» {points} vượt điểm tối đa {max}",
                    {"group": group.group.label, "points": f"{group.points:g}", "max": f"{group.max_points:g}"})
        if len({g.group for g in self.groups}) != len(self.groups):
            raise PydanticCustomError("group_twice", "mỗi nhóm điểm chỉ ghi một lần")
        if self.criteria and not self.criteria_set:
            raise PydanticCustomError(
                "scores_without_set", "có điểm từng tiêu chí thì phải ghi criteria_set")
        return self


class ResultsFile(Model):
    schema_: str = Field(alias="schema")
    results: list[IndexResult] = Field(min_length=1)
