"""Assessments: one unit's scores on a criteria set for a year, through the scoring rounds.

A round goes: the unit's self-assessment (tự đánh giá, chấm điểm) with its evidence (tài liệu
kiểm chứng), appraisal round 1 (thẩm định) by the appraisal team or the Ministry, the unit's
explanation (giải trình) where points were cut, and round 2, the final score.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.agencies import AgencyKind
from cchc.models.common import Code, Model, Slug, SlugList, Text
from cchc.models.criteria import CriteriaLevel


class Evidence(Model):
    """A piece of evidence: a document by number, date, issuer and title; a document of the
    repository by id; a file inside the repository; or a link."""

    number: str | None = Field(default=None, description="Số, ký hiệu, ví dụ \"125/KH-STP\"")
    date: dt.date | None = Field(default=None, description="Ngày ban hành")
    issuer: str | None = Field(default=None, description="Cơ quan ban hành")
    title: str | None = Field(default=None, description="Trích yếu")
    document: Slug | None = Field(default=None, description="Mã văn bản trong documents")
    file: str | None = Field(default=None, description="Đường dẫn tương đối tới tệp trong kho dữ liệu")
    url: str | None = Field(default=None, description="Đường dẫn công khai (http/https)")

    @model_validator(mode="after")
    def _points_somewhere(self) -> Evidence:
        if not (self.number or self.document or self.file or self.url):
            raise PydanticCustomError(
                "evidence_empty",
                "tài liệu kiểm chứng phải ghi số văn bản (number), mã văn bản (document), tệp (file) hoặc đường dẫn (url)")
        if self.url is not None and not self.url.startswith(("http://", "https://")):
            raise PydanticCustomError("evidence_url", "đường dẫn «{url}» phải bắt đầu bằng http:// hoặc https://",
                                      {"url": self.url})
        return self


class Appraisal(Model):
    score: float = Field(description="Điểm thẩm định")
    note: str | None = Field(default=None, description="Nhận xét của tổ thẩm định (lý do trừ điểm)")
    explanation_requested: bool = Field(default=False, description="true: đề nghị đơn vị giải trình")


class Explanation(Model):
    text: Text = Field(description="Nội dung giải trình của đơn vị")
    evidence: list[Evidence] = Field(default_factory=list, description="Tài liệu kiểm chứng bổ sung")


def _explanation(value):
    return {"text": value} if isinstance(value, str) else value


class ScoreEntry(Model):
    code: Code = Field(description="Mã tiêu chí hoặc mục điểm thưởng, điểm trừ")
    self_score: float | None = Field(default=None, description="Điểm tự chấm")
    evidence: list[Evidence] = Field(default_factory=list, description="Tài liệu kiểm chứng")
    note: str | None = Field(default=None, description="Ghi chú, thuyết minh của đơn vị")
    round1: Appraisal | None = Field(default=None, description="Thẩm định lần 1")
    explanation: Explanation | None = Field(default=None, description="Giải trình của đơn vị")
    round2: Appraisal | None = Field(default=None, description="Thẩm định lần 2 (điểm cuối cùng)")
    responsible: SlugList = Field(
        default_factory=list, description="Cơ quan chịu trách nhiệm (mặc định: theo phân công của năm)")

    @model_validator(mode="before")
    @classmethod
    def _explanation_text(cls, data):
        if isinstance(data, dict) and isinstance(data.get("explanation"), str):
            data = {**data, "explanation": _explanation(data["explanation"])}
        return data

    @model_validator(mode="after")
    def _rounds_in_order(self) -> ScoreEntry:
        if self.round1 is not None and self.self_score is None:
            raise PydanticCustomError(
                "appraisal_before_self", "tiêu chí {code} có điểm thẩm định nhưng chưa có điểm tự chấm (self_score)",
                {"code": self.code})
        if self.explanation is not None and self.round1 is None:
            raise PydanticCustomError(
                "explanation_without_round1",
                "tiêu chí {code} có giải trình nhưng thẩm định lần 1 (round1) không trừ điểm hay đề nghị giải trình",
                {"code": self.code})
        return self


class NotApplicable(Model):
    code: Code = Field(description="Mã tiêu chí không áp dụng cho đơn vị")
    reason: Text = Field(description="Lý do, ví dụ \"đơn vị không có thủ tục hành chính\"")


class Assessment(Model):
    schema_: str = Field(alias="schema")
    id: Slug
    year: int = Field(ge=2000, le=2100, description="Năm đánh giá")
    criteria_set: Slug
    unit: Slug = Field(description="Đơn vị được đánh giá (mã cơ quan); UBND tỉnh khi tỉnh tự chấm Chỉ số CCHC")
    example: bool = Field(default=False, description="true: số liệu minh họa")
    self_assessed_on: dt.date | None = Field(default=None, description="Ngày đơn vị gửi kết quả tự chấm")
    round1_on: dt.date | None = Field(
        default=None, description="Ngày có kết quả thẩm định lần 1; tiêu chí không ghi round1 giữ điểm tự chấm")
    round2_on: dt.date | None = Field(
        default=None, description="Ngày có kết quả thẩm định lần 2 (cuối cùng); tiêu chí không ghi round2 giữ điểm lần 1")
    source: str | None = Field(default=None, description="Nguồn số liệu (văn bản, biên bản thẩm định)")
    note: str | None = None
    not_applicable: list[NotApplicable] = Field(default_factory=list, description="Tiêu chí không áp dụng")
    scores: list[ScoreEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Assessment:
        if self.round1_on and self.self_assessed_on and self.round1_on < self.self_assessed_on:
            raise PydanticCustomError(
                "appraisal_before_self_date", "ngày thẩm định lần 1 ({r1}) trước ngày tự chấm ({s})",
                {"r1": self.round1_on.isoformat(), "s": self.self_assessed_on.isoformat()})
        if self.round2_on and not self.round1_on:
            raise PydanticCustomError("round2_without_round1_date",
                                      "có ngày thẩm định lần 2 (round2_on) nhưng chưa có lần 1 (round1_on)")
        if self.round1_on is None and any(e.round1 is not None for e in self.scores):
            raise PydanticCustomError("round1_without_date",
                                      "có điểm thẩm định lần 1 (round1) nhưng chưa ghi ngày thẩm định (round1_on)")
        if self.round2_on is None and any(e.round2 is not None for e in self.scores):
            raise PydanticCustomError("round2_without_date",
                                      "có điểm thẩm định lần 2 (round2) nhưng chưa ghi ngày thẩm định lần 2 (round2_on)")
        if self.round2_on and self.round2_on < self.round1_on:  # type: ignore[operator]
            raise PydanticCustomError(
                "round2_before_round1", "ngày thẩm định lần 2 ({r2}) trước lần 1 ({r1})",
                {"r2": self.round2_on.isoformat(), "r1": self.round1_on.isoformat()})
        return self

    # ---- the score of an entry at each stage (entries not re-scored keep the previous stage) ----
    def round1_score(self, entry: ScoreEntry) -> float | None:
        if entry.round1 is not None:
            return entry.round1.score
        return entry.self_score if self.round1_on is not None else None

    def final_score(self, entry: ScoreEntry) -> float | None:
        """Round 2 (the final score); None until round 2 is done."""
        if entry.round2 is not None:
            return entry.round2.score
        return self.round1_score(entry) if self.round2_on is not None else None

    def latest_score(self, entry: ScoreEntry) -> float | None:
        for value in (self.final_score(entry), self.round1_score(entry)):
            if value is not None:
                return value
        return entry.self_score

    def explanation_open(self, entry: ScoreEntry) -> bool:
        """An explanation was requested and neither the unit's answer nor round 2 has come."""
        return bool(entry.round1 and entry.round1.explanation_requested and entry.explanation is None
                    and self.round2_on is None)

    @property
    def stage(self) -> str:
        """"tu-cham", "tham-dinh-1" or "ket-qua" (round 2 done)."""
        if self.round2_on is not None:
            return "ket-qua"
        if self.round1_on is not None:
            return "tham-dinh-1"
        return "tu-cham"

    def entry(self, code: str) -> ScoreEntry | None:
        return next((s for s in self.scores if s.code == code), None)

    @property
    def skipped(self) -> set[str]:
        return {n.code for n in self.not_applicable}


# Which kinds of agency a criteria set of each level scores (one place: checks, scoring, CLI).
LEVEL_KINDS: dict[CriteriaLevel, tuple[AgencyKind, ...]] = {
    CriteriaLevel.PROVINCE: (AgencyKind.PROVINCE,),
    CriteriaLevel.DEPARTMENT: (AgencyKind.DEPARTMENT, AgencyKind.SECTOR, AgencyKind.OFFICE),
    CriteriaLevel.DISTRICT: (AgencyKind.DISTRICT,),
    CriteriaLevel.COMMUNE: (AgencyKind.COMMUNE,),
}

LEVEL_LABELS: dict[CriteriaLevel, str] = {
    CriteriaLevel.PROVINCE: "UBND tỉnh",
    CriteriaLevel.DEPARTMENT: "các sở, ban, ngành",
    CriteriaLevel.DISTRICT: "UBND các huyện, thị xã, thành phố",
    CriteriaLevel.COMMUNE: "UBND các xã, phường",
}


def level_for_kind(kind: AgencyKind) -> CriteriaLevel | None:
    return next((level for level, kinds in LEVEL_KINDS.items() if kind in kinds), None)
