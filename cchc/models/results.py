"""Published index results (PAR INDEX, SIPAS, PAPI, PCI, DDCI) per province and year."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import Code, IndexName, Model, Slug, Text


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
    example: bool = Field(default=False, description="Số liệu minh họa, không phải số liệu công bố")
    source: str | None = Field(default=None, description="Nguồn số liệu")
    note: str | None = None

    @model_validator(mode="after")
    def _rank_in_range(self) -> IndexResult:
        if self.rank is not None and self.out_of is not None and self.rank > self.out_of:
            raise PydanticCustomError(
                "rank_range", "thứ hạng {rank} lớn hơn tổng số {out_of}",
                {"rank": self.rank, "out_of": self.out_of})
        if self.criteria and not self.criteria_set:
            raise PydanticCustomError(
                "scores_without_set", "có điểm từng tiêu chí thì phải ghi criteria_set")
        return self


class ResultsFile(Model):
    schema_: str = Field(alias="schema")
    results: list[IndexResult] = Field(min_length=1)
