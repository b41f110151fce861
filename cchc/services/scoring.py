"""The scoring cycle: totals of an assessment, progress per responsible agency, and the ranking.

* :func:`compute_total` — the one rule for a unit's total: the finest scored level counts, criteria
  that do not apply are handled as the set declares (:class:`RescaleRule`), bonus and penalty items
  are capped, and the index is the total on the set's scale (what bands and ranks compare).
* :func:`unit_score` — one assessment at every stage (self, round 1, final), criterion by criterion,
  with evidence, cuts, open explanation requests and the responsible agency (for the province's
  own PAR INDEX, the lead from the year's assignment).
* :func:`criteria_view`, :func:`agency_progress`, :func:`units_overview`, :func:`ranking` — the
  four listings of ``cchc score``; :func:`export_view` exports any of them.
* :func:`document_data` — plain data for the three scoring documents (templates get no objects).

An assessment or a set marked ``example: true`` is illustrative: every view built on one has
``example`` set and carries :data:`EXAMPLE_BANNER`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.domain.provinces import own_names
from cchc.errors import UsageError
from cchc.io.loader import Dataset
from cchc.models.agencies import Agency
from cchc.models.assessments import LEVEL_LABELS, Assessment, ScoreEntry, level_for_kind
from cchc.models.criteria import (
    AdjustmentKind,
    AssessmentMethod,
    CriteriaLevel,
    CriteriaSet,
    RescaleRule,
)
from cchc.output.tables import Column, TableData, export_table, to_markdown
from cchc.textvn import join_names, points, rank_change

EXAMPLE_BANNER = "Số liệu minh họa: bộ tiêu chí và/hoặc điểm là giả định (example: true), không phải kết quả thật"
TOLERANCE = 1e-6
STAGE_LABELS = {"tu-cham": "đang tự chấm / đã tự chấm", "tham-dinh-1": "đã thẩm định lần 1",
                "ket-qua": "đã có kết quả cuối cùng"}
EXPORT_FORMATS = ("xlsx", "csv", "md", "json")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# ---------------------------------------------------------------------------
# The total (one rule)
# ---------------------------------------------------------------------------

@dataclass
class Total:
    raw: float  # sum of the finest scored criteria
    applicable_max: float | None  # maximum of the criteria that apply (None: the set has no maxima)
    criteria_points: float  # raw after the not-applicable rule
    bonus: float  # capped
    penalty: float  # capped, ≤ 0
    total: float
    maximum: float | None  # the maximum the total is out of
    index: float | None  # the total on the set's scale (bands and ranks compare this)

    def to_dict(self) -> dict[str, Any]:
        return {k: _round(v) for k, v in self.__dict__.items()}


def finest(scores: dict[str, float]) -> dict[str, float]:
    """Drop a scored code whose descendants are scored too, so nothing counts twice."""
    return {code: value for code, value in scores.items()
            if not any(other != code and other.startswith(code + ".") for other in scores)}


def _outermost(codes: set[str]) -> set[str]:
    return {c for c in codes if not any(c != o and c.startswith(o + ".") for o in codes)}


def compute_total(criteria: CriteriaSet, scores: dict[str, float], skipped: set[str] | frozenset = frozenset()
                  ) -> Total:
    """The total of ``scores`` (code → points, criteria and adjustment items) on ``criteria``.

    * Criteria: the finest scored level counts; unscored criteria count 0; codes inside a
      not-applicable code are ignored.
    * Not applicable (``skipped``): with ``quy-doi`` the criteria points are scaled by
      total_points / applicable maximum; with ``giam-toi-da`` the maximum is reduced.
    * Bonus items add up to at most ``bonus_cap``, penalty items (negative) to at least
      ``-penalty_cap``.
    * ``index`` = total × total_points / maximum: the total on the set's scale.
    """
    by_code = criteria.by_code()
    skipped = _outermost({c for c in skipped if c in by_code})

    def inside_skipped(code: str) -> bool:
        return any(code == s or code.startswith(s + ".") for s in skipped)

    criteria_scores = {c: v for c, v in scores.items() if c in by_code and not inside_skipped(c)}
    raw = sum(finest(criteria_scores).values())
    top = [c for c in criteria.items if c.parent is None]
    if top and all(c.max_points is not None for c in top):
        full = sum(c.max_points for c in top)  # type: ignore[misc]
        removed = sum(by_code[s].max_points or 0.0 for s in skipped)
        applicable: float | None = max(full - removed, 0.0)
    else:
        applicable = None
    rule = criteria.not_applicable_rule
    if skipped and applicable and rule is RescaleRule.SCALE:
        criteria_points = raw * criteria.total_points / applicable
        maximum: float | None = criteria.total_points
    elif skipped and rule is RescaleRule.REDUCE:
        criteria_points, maximum = raw, applicable
    else:
        criteria_points = raw
        maximum = criteria.total_points if applicable is not None else None
    bonus = sum(v for c, v in scores.items()
                if (a := criteria.adjustment(c)) is not None and a.kind is AdjustmentKind.BONUS)
    penalty = sum(v for c, v in scores.items()
                  if (a := criteria.adjustment(c)) is not None and a.kind is AdjustmentKind.PENALTY)
    if criteria.bonus_cap is not None:
        bonus = min(bonus, criteria.bonus_cap)
    if criteria.penalty_cap is not None:
        penalty = max(penalty, -criteria.penalty_cap)
    total = criteria_points + bonus + penalty
    index = total * criteria.total_points / maximum if maximum else None
    return Total(raw=round(raw, 6), applicable_max=applicable, criteria_points=round(criteria_points, 6),
                 bonus=round(bonus, 6), penalty=round(penalty, 6), total=round(total, 6), maximum=maximum,
                 index=None if index is None else round(index, 6))


def competition_ranks(values: list[float | None], decimals: int = 2) -> list[int | None]:
    """Ranks of ``values`` (higher is better); equal values (to ``decimals``) share a rank, and the
    next rank skips (1, 2, 2, 4). None is not ranked."""
    keyed = [None if v is None else round(v, decimals) for v in values]
    present = [v for v in keyed if v is not None]
    return [None if v is None else 1 + sum(1 for other in present if other > v) for v in keyed]


# ---------------------------------------------------------------------------
# One assessment, criterion by criterion
# ---------------------------------------------------------------------------

@dataclass
class Line:
    """One criterion (or bonus/penalty item) of an assessment."""

    code: str
    name: str
    depth: int
    max_points: float | None
    adjustment: str | None  # "thuong" / "tru" for bonus and penalty items
    scored: bool  # a finest-level line (parents are sums)
    self_score: float | None = None
    round1: float | None = None
    final: float | None = None
    latest: float | None = None
    evidence: int = 0
    missing_evidence: bool = False
    explanation_requested: bool = False
    explanation_open: bool = False
    explanation: str | None = None
    appraisal_note: str | None = None
    note: str | None = None
    not_applicable: str | None = None  # the reason
    survey: bool = False  # assessed by a survey, not self-scored
    responsible: list[str] = field(default_factory=list)
    responsible_names: list[str] = field(default_factory=list)

    @property
    def cut(self) -> float:
        """Points the appraisal took off the self-score (latest appraisal)."""
        appraised = self.final if self.final is not None else self.round1
        if self.self_score is None or appraised is None:
            return 0.0
        return round(max(self.self_score - appraised, 0.0), 6)

    @property
    def lost(self) -> float:
        """Points below the maximum at the latest stage."""
        if self.max_points is None or self.latest is None or self.adjustment or self.not_applicable:
            return 0.0
        return round(max(self.max_points - self.latest, 0.0), 6)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "depth": self.depth, "max_points": self.max_points,
                "adjustment": self.adjustment, "self_score": self.self_score, "round1": self.round1,
                "final": self.final, "latest": self.latest, "cut": self.cut, "lost": self.lost,
                "evidence": self.evidence, "missing_evidence": self.missing_evidence,
                "explanation_requested": self.explanation_requested, "explanation_open": self.explanation_open,
                "explanation": self.explanation, "appraisal_note": self.appraisal_note, "note": self.note,
                "not_applicable": self.not_applicable, "responsible": self.responsible,
                "responsible_names": self.responsible_names}


@dataclass
class UnitScore:
    assessment: Assessment
    criteria: CriteriaSet
    unit: Agency | None
    lines: list[Line]  # every criterion of the set in code order, then the adjustment items
    self_total: Total
    round1_total: Total | None
    final_total: Total | None
    notes: list[str] = field(default_factory=list)

    @property
    def example(self) -> bool:
        return self.assessment.example or self.criteria.example

    @property
    def unit_name(self) -> str:
        return self.unit.display_name if self.unit else self.assessment.unit

    @property
    def unit_full_name(self) -> str:
        return self.unit.name if self.unit else self.assessment.unit

    @property
    def stage(self) -> str:
        return self.assessment.stage

    @property
    def latest_total(self) -> Total:
        return self.final_total or self.round1_total or self.self_total

    @property
    def scored_lines(self) -> list[Line]:
        return [line for line in self.lines if line.scored]

    @property
    def missing_evidence(self) -> list[Line]:
        return [line for line in self.scored_lines if line.missing_evidence]

    @property
    def open_requests(self) -> list[Line]:
        return [line for line in self.scored_lines if line.explanation_open]

    @property
    def cut_lines(self) -> list[Line]:
        return [line for line in self.scored_lines if line.cut > TOLERANCE
                or (line.adjustment == "tru" and (line.latest or 0) < (line.self_score or 0) - TOLERANCE)]

    @property
    def cut(self) -> float:
        """Points the appraisal took off in all (penalties added by the appraisal included)."""
        return round(self.self_total.total - self.latest_total.total, 4) if self.latest_total is not self.self_total \
            else 0.0

    @property
    def band(self) -> str | None:
        index = self.latest_total.index
        band = self.criteria.band(index) if index is not None else None
        return band.name if band else None

    def to_dict(self) -> dict[str, Any]:
        return {"assessment": self.assessment.id, "year": self.assessment.year, "unit": self.assessment.unit,
                "unit_name": self.unit_name, "criteria_set": self.criteria.id, "stage": self.stage,
                "example": self.example, "banner": EXAMPLE_BANNER if self.example else None,
                "self": self.self_total.to_dict(),
                "round1": self.round1_total.to_dict() if self.round1_total else None,
                "final": self.final_total.to_dict() if self.final_total else None,
                "band": self.band, "cut": self.cut, "notes": self.notes,
                "lines": [line.to_dict() for line in self.lines]}


def _responsible_leads(ds: Dataset, assessment: Assessment, criteria: CriteriaSet, notes: list[str]
                       ) -> dict[str, list[str]]:
    """code → lead agencies (several when joint) from the year's assignment (the province's own index)."""
    from cchc.services.results import assignment_for_year, lead_lookup

    assignment = assignment_for_year(ds, assessment.year, criteria, notes)
    return {code: list(value[3]) for code, value in lead_lookup(ds, criteria, assignment).items()}


def _stage_total(assessment: Assessment, criteria: CriteriaSet, value_of) -> Total | None:
    values = {e.code: v for e in assessment.scores if (v := value_of(e)) is not None}
    if not values and not assessment.scores:
        return None
    return compute_total(criteria, values, assessment.skipped)


def unit_score(ds: Dataset, assessment: Assessment) -> UnitScore:
    criteria = ds.criteria_sets.get(assessment.criteria_set)
    if criteria is None:
        raise UsageError(f"bảng điểm «{assessment.id}»: bộ tiêu chí «{assessment.criteria_set}» không có",
                         hint="chạy `cchc validate` để xem lỗi dữ liệu")
    unit = ds.agencies.get(assessment.unit)
    notes: list[str] = []
    province_own = unit is not None and level_for_kind(unit.kind) is CriteriaLevel.PROVINCE
    leads = _responsible_leads(ds, assessment, criteria, notes) if province_own else {}
    entries = {e.code: e for e in assessment.scores}
    skipped = {n.code: n.reason for n in assessment.not_applicable}
    scored_codes = set(finest({c: 0.0 for c in entries if c in criteria.by_code()}))

    def names(ids: list[str]) -> list[str]:
        return [ds.agencies[a].display_name if a in ds.agencies else a for a in ids]

    def responsible(code: str, entry: ScoreEntry | None) -> list[str]:
        if entry is not None and entry.responsible:
            return list(entry.responsible)
        if province_own:
            return list(leads.get(code, []))
        return [assessment.unit]

    def reason_of(code: str) -> str | None:
        for skipped_code, reason in skipped.items():
            if code == skipped_code or code.startswith(skipped_code + "."):
                return reason
        return None

    def fill(line: Line, entry: ScoreEntry, needs_evidence: bool) -> None:
        line.self_score = entry.self_score
        line.round1 = assessment.round1_score(entry)
        line.final = assessment.final_score(entry)
        line.latest = assessment.latest_score(entry)
        line.evidence = len(entry.evidence)
        line.missing_evidence = bool(needs_evidence and (entry.self_score or 0) > TOLERANCE and not entry.evidence)
        line.explanation_requested = bool(entry.round1 and entry.round1.explanation_requested)
        line.explanation_open = assessment.explanation_open(entry)
        line.explanation = entry.explanation.text if entry.explanation else None
        appraisal = entry.round2 or entry.round1
        line.appraisal_note = appraisal.note if appraisal else None
        line.note = entry.note

    from cchc.services.results import _method_of

    lines: list[Line] = []
    for item in sorted(criteria.items, key=lambda c: tuple(int(p) for p in c.code.split("."))):
        entry = entries.get(item.code)
        line = Line(item.code, item.name, item.depth, item.max_points, None, item.code in scored_codes,
                    not_applicable=reason_of(item.code),
                    survey=_method_of(item, criteria.by_code()) is AssessmentMethod.SURVEY)
        line.responsible = responsible(item.code, entry)
        line.responsible_names = names(line.responsible)
        if entry is not None and line.scored:
            fill(line, entry, criteria.needs_evidence(item.code))
        lines.append(line)
    # Parents: sums of their scored descendants at each stage.
    for line in lines:
        if line.scored:
            continue
        below = [x for x in lines if x.scored and x.code.startswith(line.code + ".")]
        for stage in ("self_score", "round1", "final", "latest"):
            values = [getattr(x, stage) for x in below if getattr(x, stage) is not None]
            setattr(line, stage, round(sum(values), 6) if values else None)
        line.evidence = sum(x.evidence for x in below)
        line.missing_evidence = any(x.missing_evidence for x in below)
        line.explanation_open = any(x.explanation_open for x in below)
        line.explanation_requested = any(x.explanation_requested for x in below)
    for adjustment in criteria.adjustments:
        entry = entries.get(adjustment.code)
        line = Line(adjustment.code, adjustment.name, 1, adjustment.max_points, adjustment.kind.value, True)
        line.responsible = responsible(adjustment.code, entry)
        line.responsible_names = names(line.responsible)
        if entry is not None:
            fill(line, entry, False)
        lines.append(line)
    unscored = [x.code for x in lines if not x.adjustment and x.not_applicable is None and x.self_score is None
                and not x.survey and not any(o.code.startswith(x.code + ".") for o in lines)]
    if unscored:
        notes.append(f"{len(unscored)} tiêu chí chưa có điểm tự chấm (tính 0 điểm): {', '.join(unscored)}.")
    if criteria.example or assessment.example:
        notes.insert(0, EXAMPLE_BANNER)
    self_total = compute_total(criteria, {e.code: e.self_score for e in assessment.scores if e.self_score is not None},
                               assessment.skipped)
    round1 = _stage_total(assessment, criteria, assessment.round1_score) if assessment.round1_on else None
    final = _stage_total(assessment, criteria, assessment.final_score) if assessment.round2_on else None
    if self_total.maximum is None:
        notes.append(f"Bộ tiêu chí «{criteria.id}» chưa có đủ điểm tối đa: chỉ cộng điểm, không tính được chỉ số.")
    return UnitScore(assessment, criteria, unit, lines, self_total, round1, final, notes)


# ---------------------------------------------------------------------------
# Picking assessments
# ---------------------------------------------------------------------------

def assessments_of(ds: Dataset, year: int, level: CriteriaLevel | None = None) -> list[Assessment]:
    found = []
    for assessment in ds.assessments.values():
        if assessment.year != year:
            continue
        criteria = ds.criteria_sets.get(assessment.criteria_set)
        if criteria is None:
            continue
        if level is not None and criteria.level is not level:
            continue
        found.append(assessment)
    return sorted(found, key=lambda a: (_level_order(ds, a), _unit_order(ds, a.unit), a.unit))


def _level_order(ds: Dataset, assessment: Assessment) -> int:
    criteria = ds.criteria_sets[assessment.criteria_set]
    return list(CriteriaLevel).index(criteria.level)


def _unit_order(ds: Dataset, unit: str) -> int:
    agency = ds.agencies.get(unit)
    return agency.order if agency else 10**6


def _years(ds: Dataset) -> str:
    return ", ".join(sorted({str(a.year) for a in ds.assessments.values()})) or "chưa có"


def parse_level(value: str | CriteriaLevel | None) -> CriteriaLevel | None:
    if value is None or isinstance(value, CriteriaLevel):
        return value
    try:
        return CriteriaLevel(value.strip().lower())
    except ValueError:
        raise UsageError(f"cấp «{value}» không có",
                         hint="dùng: " + ", ".join(f"{lv.value} ({LEVEL_LABELS[lv]})" for lv in CriteriaLevel)) from None


def pick_assessment(ds: Dataset, year: int, unit: str | None = None) -> Assessment:
    """The assessment of ``unit`` in ``year``; without a unit, the province's own if there is one."""
    found = assessments_of(ds, year)
    if not found:
        raise UsageError(f"chưa có bảng điểm (assessments) nào năm {year}",
                         hint=f"các năm có bảng điểm: {_years(ds)}")
    if unit is not None:
        mine = [a for a in found if a.unit == unit]
        if not mine:
            from cchc.domain.suggest import did_you_mean

            units = [a.unit for a in found]
            near = did_you_mean(unit, units)
            raise UsageError(f"đơn vị «{unit}» chưa có bảng điểm năm {year}",
                             hint=(f"{near} " if near else "") + "các đơn vị có bảng điểm: " + ", ".join(units))
        return mine[0]
    own = [a for a in found if (ag := ds.agencies.get(a.unit)) is not None
           and level_for_kind(ag.kind) is CriteriaLevel.PROVINCE]
    if own:
        return own[0]
    if len(found) == 1:
        return found[0]
    raise UsageError(f"năm {year} có bảng điểm của {len(found)} đơn vị",
                     hint="chọn đơn vị bằng --unit MÃ, hoặc xem tất cả bằng --by unit")


# ---------------------------------------------------------------------------
# Listings
# ---------------------------------------------------------------------------

@dataclass
class View:
    """A listing of ``cchc score``: a table plus the structured data for JSON."""

    table: TableData
    payload: dict[str, Any]
    example: bool
    summary: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # one per row: "" / "good" / "bad" / "warn" / "head"


def _cell(value: float | None) -> str:
    return points(value) if value is not None else ""


def criteria_view(ds: Dataset, year: int, unit: str | None = None) -> View:
    """Per lĩnh vực and criterion: max, self-score, appraised, points lost, evidence, open requests."""
    score = unit_score(ds, pick_assessment(ds, year, unit))
    columns = [Column("code", "Mã", 8, "center"), Column("name", "Lĩnh vực, tiêu chí", 46),
               Column("max", "Điểm tối đa", 9, "right"), Column("self", "Tự chấm", 9, "right"),
               Column("round1", "Thẩm định lần 1", 10, "right"), Column("final", "Điểm cuối cùng", 10, "right"),
               Column("cut", "Bị trừ", 8, "right"), Column("lost", "Mất so với tối đa", 10, "right"),
               Column("evidence", "Tài liệu kiểm chứng", 12, "center"), Column("request", "Giải trình", 14),
               Column("responsible", "Cơ quan chịu trách nhiệm", 26)]
    rows, styles = [], []
    for line in score.lines:
        if line.not_applicable is not None:
            request = ""
            evidence = "không áp dụng"
        else:
            request = ("chờ giải trình" if line.explanation_open else
                       "đã giải trình" if line.explanation_requested and line.scored else "")
            evidence = ("thiếu" if line.missing_evidence and line.scored else
                        str(line.evidence) if line.scored and line.evidence else "")
        name = line.name if line.not_applicable is None else f"{line.name} (không áp dụng: {line.not_applicable})"
        if line.adjustment:
            name = f"[{'điểm thưởng' if line.adjustment == 'thuong' else 'điểm trừ'}] {name}"
        if line.survey and line.self_score is None and line.scored is False and line.depth > 1:
            request = "điều tra xã hội học"
        rows.append({"code": line.code, "name": name, "max": _cell(line.max_points),
                     "self": _cell(line.self_score), "round1": _cell(line.round1), "final": _cell(line.final),
                     "cut": points(line.cut) if line.cut > TOLERANCE else "",
                     "lost": points(line.lost) if line.lost > TOLERANCE and line.scored else "",
                     "evidence": evidence, "request": request,
                     "responsible": join_names(line.responsible_names)})
        styles.append("head" if line.depth == 1 and not line.adjustment else
                      "bad" if line.missing_evidence or line.explanation_open else
                      "warn" if line.cut > TOLERANCE else "")
    totals = {"self": score.self_total, "round1": score.round1_total, "final": score.final_total}
    rows.append({"code": "", "name": "Tổng điểm", "max": _cell(score.self_total.maximum),
                 **{k: _cell(t.total if t else None) for k, t in totals.items()},
                 "cut": points(score.cut) if score.cut > TOLERANCE else "", "lost": "", "evidence": "",
                 "request": "", "responsible": ""})
    styles.append("head")
    title = (f"Bảng điểm công tác CCHC năm {year} - {score.unit_full_name} "
             f"(bộ «{score.criteria.id}», {STAGE_LABELS[score.stage]})")
    summary = [_unit_summary(score)]
    notes = [n for n in score.notes if n != EXAMPLE_BANNER]
    table = TableData(title, columns, rows, subtitle=EXAMPLE_BANNER if score.example else None,
                      notes=summary + notes)
    return View(table, score.to_dict(), score.example, summary, styles)


def _unit_summary(score: UnitScore) -> str:
    latest = score.latest_total
    text = f"{score.unit_full_name}: tự chấm {points(score.self_total.total)}"
    if score.self_total.maximum is not None:
        text += f"/{points(score.self_total.maximum)}"
    text += " điểm"
    if score.round1_total is not None:
        text += f"; thẩm định lần 1 {points(score.round1_total.total)}"
    if score.final_total is not None:
        text += f"; kết quả cuối cùng {points(score.final_total.total)}"
    if latest.maximum is not None and latest.index is not None and abs(latest.index - latest.total) > TOLERANCE:
        text += f" (quy đổi {points(latest.index)}/{points(score.criteria.total_points)})"
    if score.band:
        text += f", xếp loại {score.band}"
    parts = []
    if score.missing_evidence:
        parts.append(f"{len(score.missing_evidence)} tiêu chí thiếu tài liệu kiểm chứng")
    if score.open_requests:
        parts.append(f"{len(score.open_requests)} đề nghị giải trình chưa trả lời")
    return text + (f"; {', '.join(parts)}" if parts else "") + "."


@dataclass
class AgencyProgress:
    agency: str | None
    name: str
    criteria: int = 0
    self_scored: int = 0
    missing_evidence: int = 0
    open_requests: int = 0
    cut: float = 0.0
    lost: float = 0.0
    codes: list[str] = field(default_factory=list)

    def self_text(self) -> str:
        """The self-assessment only (before any appraisal): "Sở Tư pháp: 12/15 tiêu chí đã tự chấm"."""
        text = f"{self.name}: {self.self_scored}/{self.criteria} tiêu chí đã tự chấm"
        if self.missing_evidence:
            text += f", {self.missing_evidence} tiêu chí thiếu tài liệu kiểm chứng"
        return text

    def text(self) -> str:
        """"Sở Tư pháp: 12/15 đã tự chấm, 3 thiếu tài liệu kiểm chứng"."""
        parts = [f"{self.self_scored}/{self.criteria} đã tự chấm"]
        if self.missing_evidence:
            parts.append(f"{self.missing_evidence} thiếu tài liệu kiểm chứng")
        if self.open_requests:
            parts.append(f"{self.open_requests} chờ giải trình")
        if self.cut > TOLERANCE:
            parts.append(f"bị trừ {points(self.cut)} điểm")
        return f"{self.name}: " + ", ".join(parts)


def agency_progress(score: UnitScore, ds: Dataset | None = None) -> list[AgencyProgress]:
    """Each responsible agency's criteria (finest scored level and unscored leaves) and their state."""
    groups: dict[str | None, AgencyProgress] = {}
    leaves = [line for line in score.lines if line.not_applicable is None and (
        line.scored or not any(o.code.startswith(line.code + ".") for o in score.lines if not o.adjustment))]
    for line in leaves:
        if (line.adjustment or line.survey) and line.self_score is None:
            continue
        key = line.responsible[0] if line.responsible else None
        name = join_names(line.responsible_names) if line.responsible else "Chưa có cơ quan chịu trách nhiệm"
        group = groups.setdefault(key, AgencyProgress(key, name))
        group.criteria += 1
        group.codes.append(line.code)
        if line.self_score is not None:
            group.self_scored += 1
        group.missing_evidence += int(line.missing_evidence)
        group.open_requests += int(line.explanation_open)
        group.cut += line.cut
        group.lost += line.lost
    orders = {a.id: a.order for a in ds.agencies.values()} if ds is not None else {}
    return sorted(groups.values(), key=lambda p: (p.agency is None, orders.get(p.agency or "", 10**6)))


def agency_view(ds: Dataset, year: int, unit: str | None = None) -> View:
    score = unit_score(ds, pick_assessment(ds, year, unit))
    progress = agency_progress(score, ds)
    columns = [Column("stt", "STT", 5, "center"), Column("agency", "Cơ quan chịu trách nhiệm", 30),
               Column("criteria", "Số tiêu chí", 9, "center"), Column("scored", "Đã tự chấm", 9, "center"),
               Column("missing", "Thiếu tài liệu kiểm chứng", 12, "center"),
               Column("open", "Chờ giải trình", 10, "center"), Column("cut", "Bị trừ", 8, "right"),
               Column("lost", "Mất so với tối đa", 10, "right"), Column("codes", "Tiêu chí", 30)]
    rows, styles = [], []
    for n, p in enumerate(progress, start=1):
        rows.append({"stt": n, "agency": p.name, "criteria": p.criteria, "scored": f"{p.self_scored}/{p.criteria}",
                     "missing": p.missing_evidence, "open": p.open_requests, "cut": points(p.cut),
                     "lost": points(p.lost), "codes": ", ".join(p.codes)})
        styles.append("bad" if p.missing_evidence or p.open_requests or p.self_scored < p.criteria else "good")
    title = f"Tiến độ tự chấm theo cơ quan chịu trách nhiệm - {score.unit_full_name}, năm {year}"
    summary = [p.text() for p in progress]
    notes = [n for n in score.notes if n != EXAMPLE_BANNER]
    payload = {"year": year, "unit": score.assessment.unit, "example": score.example,
               "banner": EXAMPLE_BANNER if score.example else None,
               "agencies": [{**p.__dict__, "text": p.text()} for p in progress], "notes": notes}
    return View(TableData(title, columns, rows, subtitle=EXAMPLE_BANNER if score.example else None,
                          notes=summary + notes), payload, score.example, summary, styles)


def units_overview(ds: Dataset, year: int, level: CriteriaLevel | None = None) -> View:
    """Every unit assessed in ``year``: stage, totals, cuts, missing evidence, open requests."""
    found = assessments_of(ds, year, level)
    if not found:
        raise UsageError(f"chưa có bảng điểm năm {year}" + (f" của {LEVEL_LABELS[level]}" if level else ""),
                         hint=f"các năm có bảng điểm: {_years(ds)}")
    scores = [unit_score(ds, a) for a in found]
    columns = [Column("stt", "STT", 5, "center"), Column("unit", "Đơn vị", 30), Column("set", "Bộ tiêu chí", 24),
               Column("stage", "Bước", 20), Column("self", "Tự chấm", 9, "right"),
               Column("round1", "Thẩm định lần 1", 10, "right"), Column("final", "Điểm cuối cùng", 10, "right"),
               Column("cut", "Bị trừ", 8, "right"), Column("missing", "Thiếu tài liệu kiểm chứng", 12, "center"),
               Column("open", "Chờ giải trình", 10, "center")]
    rows, styles = [], []
    for n, s in enumerate(scores, start=1):
        rows.append({"stt": n, "unit": s.unit_name, "set": s.criteria.id, "stage": STAGE_LABELS[s.stage],
                     "self": points(s.self_total.total),
                     "round1": _cell(s.round1_total.total if s.round1_total else None),
                     "final": _cell(s.final_total.total if s.final_total else None),
                     "cut": points(s.cut), "missing": len(s.missing_evidence), "open": len(s.open_requests)})
        styles.append("bad" if s.missing_evidence or s.open_requests else "good" if s.final_total else "")
    example = any(s.example for s in scores)
    title = f"Các đơn vị tự chấm, thẩm định năm {year}" + (f" - {LEVEL_LABELS[level]}" if level else "")
    payload = {"year": year, "level": level.value if level else None, "example": example,
               "banner": EXAMPLE_BANNER if example else None, "units": [s.to_dict() for s in scores]}
    return View(TableData(title, columns, rows, subtitle=EXAMPLE_BANNER if example else None), payload, example,
                [], styles)


@dataclass
class RankRow:
    score: UnitScore
    rank: int | None
    previous_rank: int | None
    previous_year: int | None

    @property
    def change(self) -> str | None:
        return rank_change(self.previous_rank, self.rank)

    def to_dict(self) -> dict[str, Any]:
        latest = self.score.latest_total
        return {"rank": self.rank, "unit": self.score.assessment.unit, "unit_name": self.score.unit_name,
                "unit_full_name": self.score.unit_full_name, "total": latest.total, "maximum": latest.maximum,
                "index": latest.index, "band": self.score.band, "stage": self.score.stage,
                "previous_rank": self.previous_rank, "previous_year": self.previous_year, "change": self.change}


@dataclass
class Ranking:
    year: int
    level: CriteriaLevel
    rows: list[RankRow]
    notes: list[str]

    @property
    def example(self) -> bool:
        return any(r.score.example for r in self.rows)

    @property
    def final(self) -> bool:
        return all(r.score.final_total is not None for r in self.rows)

    @property
    def bands(self) -> list[dict[str, Any]]:
        sets = {r.score.criteria.id: r.score.criteria for r in self.rows}
        out = []
        for criteria in sets.values():
            ordered = sorted(criteria.bands, key=lambda b: -b.min_score)
            for band in ordered:
                out.append({"name": band.name, "min_score": band.min_score,
                            "count": sum(1 for r in self.rows if r.score.band == band.name)})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "level": self.level.value, "level_label": LEVEL_LABELS[self.level],
                "final": self.final, "example": self.example, "banner": EXAMPLE_BANNER if self.example else None,
                "bands": self.bands, "rows": [r.to_dict() for r in self.rows], "notes": self.notes}


def _rank(scores: list[UnitScore]) -> list[int | None]:
    return competition_ranks([s.latest_total.index for s in scores])


def ranking(ds: Dataset, year: int, level: CriteriaLevel | str) -> Ranking:
    """Units of ``level`` ranked on their latest index (ties share a rank), with the change on the
    previous year's ranking of the same level."""
    level = parse_level(level)  # type: ignore[assignment]
    assert level is not None
    found = assessments_of(ds, year, level)
    if not found:
        raise UsageError(f"chưa có bảng điểm năm {year} của {LEVEL_LABELS[level]}",
                         hint=f"các năm có bảng điểm: {_years(ds)}")
    scores = [unit_score(ds, a) for a in found]
    ranks = _rank(scores)
    previous = [unit_score(ds, a) for a in assessments_of(ds, year - 1, level)]
    previous_ranks = dict(zip((s.assessment.unit for s in previous), _rank(previous), strict=True))
    rows = [RankRow(s, r, previous_ranks.get(s.assessment.unit), year - 1 if previous else None)
            for s, r in zip(scores, ranks, strict=True)]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, _unit_order(ds, row.score.assessment.unit)))
    notes = []
    if rows and any(r.score.example for r in rows):
        notes.append(EXAMPLE_BANNER)
    pending = [r.score.unit_name for r in rows if r.score.final_total is None]
    if pending:
        notes.append(f"Xếp hạng tạm thời: {len(pending)} đơn vị chưa có kết quả thẩm định cuối cùng "
                     f"({', '.join(pending)}); dùng điểm của bước gần nhất.")
    if not previous:
        notes.append(f"Chưa có bảng điểm năm {year - 1} của {LEVEL_LABELS[level]} nên chưa so sánh thứ hạng.")
    sets = {r.score.criteria.id for r in rows}
    if len(sets) > 1:
        notes.append(f"Các đơn vị được chấm theo {len(sets)} bộ tiêu chí khác nhau: {', '.join(sorted(sets))}.")
    if any(r.rank is None for r in rows):
        notes.append("Đơn vị có bộ tiêu chí chưa đủ điểm tối đa không được xếp hạng.")
    return Ranking(year, level, rows, notes)


def ranking_view(ds: Dataset, year: int, level: CriteriaLevel | str) -> View:
    result = ranking(ds, year, level)
    columns = [Column("rank", "Xếp hạng", 8, "center"), Column("unit", "Đơn vị", 32),
               Column("total", "Điểm đạt", 9, "right"), Column("max", "Điểm tối đa", 9, "right"),
               Column("index", "Chỉ số (quy đổi)", 10, "right"), Column("band", "Xếp loại", 12),
               Column("change", "So với năm trước", 22), Column("stage", "Bước", 20)]
    rows, styles = [], []
    for row in result.rows:
        latest = row.score.latest_total
        change = row.change
        if change and row.previous_year:
            change = f"{change} (năm {row.previous_year}: thứ {row.previous_rank})"
        rows.append({"rank": row.rank if row.rank is not None else "—", "unit": row.score.unit_name,
                     "total": points(latest.total), "max": _cell(latest.maximum), "index": _cell(latest.index),
                     "band": row.score.band or "", "change": change or "—", "stage": STAGE_LABELS[row.score.stage]})
        styles.append("good" if (row.change or "").startswith("tăng") else
                      "bad" if (row.change or "").startswith("giảm") else "")
    title = f"Xếp hạng Chỉ số CCHC năm {year} - {LEVEL_LABELS[result.level]}"
    bands = "; ".join(f"{b['name']} (từ {points(b['min_score'])} điểm): {b['count']}" for b in result.bands)
    summary = [f"Xếp loại: {bands}."] if bands else []
    notes = summary + [n for n in result.notes if n != EXAMPLE_BANNER]
    return View(TableData(title, columns, rows, subtitle=EXAMPLE_BANNER if result.example else None, notes=notes),
                result.to_dict(), result.example, summary, styles)


def score_view(ds: Dataset, *, year: int, unit: str | None = None, by: str = "criterion",
               rank: bool = False, level: str | None = None) -> View:
    """The one entry point of ``cchc score``."""
    parsed = parse_level(level)
    if rank:
        if parsed is None:
            raise UsageError("xếp hạng cần chọn cấp", hint="thêm --level so hoặc --level xa")
        if unit is not None:
            raise UsageError("--rank xếp hạng mọi đơn vị cùng cấp nên không dùng cùng --unit")
        return ranking_view(ds, year, parsed)
    if by == "unit":
        return units_overview(ds, year, parsed)
    if parsed is not None:
        raise UsageError("--level chỉ dùng với --rank hoặc --by unit")
    if by == "agency":
        return agency_view(ds, year, unit)
    if by == "criterion":
        return criteria_view(ds, year, unit)
    raise UsageError(f"--by «{by}» không có", hint="dùng criterion, agency hoặc unit")


def export_view(view: View, fmt: str, *, path: Path | None = None, force: bool = False,
                warnings: list[str] | None = None) -> str | None:
    markdown = None
    if fmt == "md":
        markdown = to_markdown(view.table)
    json_text = json.dumps(view.payload, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else None
    return export_table(view.table, fmt, path=path, force=force, sheet="Chấm điểm", markdown=markdown,
                        json_text=json_text, formats=EXPORT_FORMATS, warnings=warnings)


# ---------------------------------------------------------------------------
# Plain data for the scoring documents (templates see dicts, lists, strings and numbers only)
# ---------------------------------------------------------------------------

def _line_data(line: Line) -> dict[str, Any]:
    return {"code": line.code, "name": line.name, "depth": line.depth, "max": line.max_points,
            "self": line.self_score, "round1": line.round1, "final": line.final, "latest": line.latest,
            "cut": line.cut, "lost": line.lost, "evidence": line.evidence, "missing_evidence": line.missing_evidence,
            "appraisal_note": line.appraisal_note or "", "explanation": line.explanation or "",
            "explanation_open": line.explanation_open, "not_applicable": line.not_applicable or "",
            "adjustment": line.adjustment or "", "responsible": join_names(line.responsible_names)}


def self_report_data(ds: Dataset, year: int, unit: str | None = None) -> dict[str, Any]:
    score = unit_score(ds, pick_assessment(ds, year, unit))
    criteria_lines = [line for line in score.lines if not line.adjustment]
    leaves = [line for line in criteria_lines if not any(o.code.startswith(line.code + ".") for o in criteria_lines)]

    def self_max(code: str | None) -> float:
        """Maximum of the self-assessed part (survey and not-applicable criteria left out)."""
        return round(sum(line.max_points or 0.0 for line in leaves if not line.survey and not line.not_applicable
                         and (code is None or line.code == code or line.code.startswith(code + "."))), 6)

    domains = [{**_line_data(line), "self_max": self_max(line.code)}
               for line in score.lines if line.depth == 1 and not line.adjustment]
    scored = [line for line in score.scored_lines if not line.adjustment]
    from cchc.domain.citation import evidence_text

    evidence = [{"code": line.code, "items": [evidence_text(e) for e in entry.evidence]}
                for line in scored if (entry := score.assessment.entry(line.code)) is not None and entry.evidence]
    return {
        "year": year, "unit": score.assessment.unit, "unit_name": score.unit_full_name,
        "criteria_set": score.criteria.name, "legal_basis": score.criteria.legal_basis.number,
        "example": score.example, "stage": score.stage,
        "self_total": score.self_total.total, "maximum": score.self_total.maximum, "self_max": self_max(None),
        "round1_total": score.round1_total.total if score.round1_total else None,
        "final_total": score.final_total.total if score.final_total else None,
        "domains": domains, "criteria": [_line_data(line) for line in score.lines if not line.adjustment],
        "adjustments": [_line_data(line) for line in score.lines if line.adjustment and line.self_score is not None],
        "below_max": [_line_data(line) for line in scored if line.max_points is not None and line.self_score is not None
                      and line.self_score < line.max_points - TOLERANCE],
        "scored_count": sum(1 for line in scored if line.self_score is not None), "criteria_count": len(scored),
        "missing_evidence": [line.code for line in score.missing_evidence],
        "agencies": [{"name": p.name, "text": p.text(), "self_text": p.self_text(), "criteria": p.criteria,
                      "self_scored": p.self_scored, "missing_evidence": p.missing_evidence}
                     for p in agency_progress(score, ds)],
        "evidence": evidence,
        "notes": [n for n in score.notes if n != EXAMPLE_BANNER],
    }


def explanation_data(ds: Dataset, year: int, levels: list[str] | None = None, unit: str | None = None
                     ) -> dict[str, Any]:
    """Each unit with cut items after round 1: the items, the cut, the appraisal's note, whether
    an explanation is requested."""
    wanted = [parse_level(v) for v in levels] if levels else [None]
    found: list[Assessment] = []
    for level in wanted:
        found += assessments_of(ds, year, level)
    if unit is not None:
        found = [a for a in found if a.unit == unit]
    units = []
    example = False
    for assessment in found:
        if assessment.round1_on is None:
            continue
        score = unit_score(ds, assessment)
        cut = [line for line in score.cut_lines]
        if not cut:
            continue
        example = example or score.example
        units.append({"unit": assessment.unit, "name": score.unit_full_name, "short_name": score.unit_name,
                      "self_total": score.self_total.total,
                      "round1_total": score.round1_total.total if score.round1_total else None,
                      "cut": round(sum(max((line.self_score or 0) - (line.round1 or 0), 0) for line in cut), 4),
                      "requested": sum(1 for line in cut if line.explanation_requested),
                      "items": [{**_line_data(line),
                                 "round1_cut": round(max((line.self_score or 0) - (line.round1 or 0), 0), 4),
                                 "requested": line.explanation_requested} for line in cut]})
    if not units:
        raise UsageError(f"năm {year} không có đơn vị nào bị trừ điểm ở thẩm định lần 1",
                         hint="kiểm tra round1 và round1_on trong các bảng điểm (cchc score --by unit)")
    return {"year": year, "example": example, "units": units,
            "recipients": [u["short_name"] for u in units]}


def ranking_data(ds: Dataset, year: int, level: str) -> dict[str, Any]:
    result = ranking(ds, year, level)
    data = result.to_dict()
    data["rows"] = [{**r, "change": r["change"] or ""} for r in data["rows"]]
    data["notes"] = [n for n in result.notes if n != EXAMPLE_BANNER]
    return data


def document_data(ds: Dataset, spec: dict[str, Any]) -> dict[str, Any]:
    """The ``scoring`` variable of a document whose ``data.scoring`` is
    ``{year: 2025, unit: ubnd-tinh}`` (self-assessment report), ``{year, explanation: true,
    levels: [so, xa]}`` (request for explanation) or ``{year, levels: [so, xa]}`` (the ranking)."""
    if not isinstance(spec, dict) or "year" not in spec:
        raise UsageError("data.scoring phải là một ánh xạ có year, ví dụ {year: 2025, levels: [so, xa]}")
    year = int(spec["year"])
    levels = spec.get("levels") or []
    if isinstance(levels, str):
        levels = [levels]
    out: dict[str, Any] = {"year": year, "example": False}
    if spec.get("report"):
        out["report"] = self_report_data(ds, year, spec.get("unit"))
        out["example"] = out["example"] or out["report"]["example"]
    if spec.get("explanation"):
        out["explanation"] = explanation_data(ds, year, list(levels), spec.get("unit"))
        out["example"] = out["example"] or out["explanation"]["example"]
    if spec.get("ranking"):
        out["rankings"] = [ranking_data(ds, year, level) for level in levels]
        out["example"] = out["example"] or any(r["example"] for r in out["rankings"])
    return out


def load_scoring_data(root: Path, *, skip_invalid: bool = False) -> Dataset:
    """Load the repository; refuse to score on data with errors in what scoring reads (a wrong
    total is worse than none). Records dropped by their own errors are refused by the one rule
    of services/integrity.py (or left out with ``skip_invalid``, and the listing says so)."""
    from cchc.checks.assessments import check_assessments
    from cchc.checks.base import Report
    from cchc.checks.criteria import check_criteria_sets
    from cchc.errors import DataError
    from cchc.services.integrity import usable_dataset

    ds = usable_dataset(root, skip_invalid=skip_invalid, what="tính điểm được")
    report = Report(ds)
    check_criteria_sets(report)
    check_assessments(report)
    errors = ds.located([d for d in report.found if d.is_error])  # checks' errors, at file:line
    if errors:
        raise DataError(f"dữ liệu có {len(errors)} lỗi nên không tính điểm được",
                        hint="chạy `cchc validate` để xem và sửa", diagnostics=errors)
    return ds


def score(root: Path, *, skip_invalid: bool = False, **options: Any) -> View:
    """``cchc score``: load ``root`` and build the listing asked for (see :func:`score_view`)."""
    from cchc.services.integrity import mark

    ds = load_scoring_data(root, skip_invalid=skip_invalid)
    view = score_view(ds, **options)
    mark(ds, view.table)
    return view


def final_result(ds: Dataset, *, index, year: int | None = None, province: str | None = None):
    """The province's own index result built from the final (round 2) scores of its assessment,
    for the gap analysis of ``cchc results --gap``: published figures (score, rank, survey criteria)
    of the same year are kept, and every criterion with a final score takes that score.

    None when the repository's province has no assessment with round 2 done for ``year`` (the
    newest such year when ``year`` is None) or when ``province`` names another province.
    """
    from cchc.models.results import CriterionScore, IndexResult

    own_province = own_names(ds)
    if province is not None and province not in own_province:
        return None
    own = []
    for assessment in ds.assessments.values():
        criteria = ds.criteria_sets.get(assessment.criteria_set)
        unit = ds.agencies.get(assessment.unit)
        if (criteria is None or unit is None or criteria.index is not index or assessment.round2_on is None
                or level_for_kind(unit.kind) is not CriteriaLevel.PROVINCE):
            continue
        if year is None or assessment.year == year:
            own.append(assessment)
    if not own:
        return None
    assessment = max(own, key=lambda a: a.year)
    published_years = [r.year for r in ds.results if r.index is index and r.criteria and r.province in own_province]
    if year is None and published_years and max(published_years) > assessment.year:
        return None  # a newer published per-criterion result wins
    criteria = ds.criteria_sets[assessment.criteria_set]
    finals = {e.code: v for e in assessment.scores
              if criteria.adjustment(e.code) is None and (v := assessment.final_score(e)) is not None}
    published = [r for r in ds.results if r.index is index and r.year == assessment.year
                 and r.province in own_province]
    published.sort(key=lambda r: (r.example, not r.criteria))
    base = published[0] if published else None
    points_of = {s.code: s.points for s in base.criteria} if base is not None and base.criteria_set == criteria.id \
        else {}
    points_of.update(finals)
    note = f"Điểm các tiêu chí tự đánh giá lấy theo kết quả thẩm định cuối cùng của bảng điểm «{assessment.id}»."
    return IndexResult(
        index=index, province=ds.province or (base.province if base else assessment.unit), year=assessment.year,
        score=base.score if base is not None else None, rank=base.rank if base else None,
        out_of=base.out_of if base else None, criteria_set=criteria.id,
        criteria=[CriterionScore(code=c, points=max(v, 0.0)) for c, v in points_of.items()],
        example=assessment.example or criteria.example or bool(base and base.example),
        source=assessment.source or (base.source if base else None),
        note=note if base is None or not base.note else f"{note} {base.note}")
