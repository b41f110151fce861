"""Checks of assessments (self-scores, appraisals) against their criteria set, unit and year,
and of published score groups against the total."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from cchc.checks.base import Report
from cchc.checks.references import agency_ref, criteria_set_ref, document_ref
from cchc.domain.suggest import did_you_mean

# The models of assessments and results are imported where a record of theirs is checked (the
# loader has imported them then): every validate runs these checks, few repositories hold both.
if TYPE_CHECKING:
    from cchc.models.assessments import Assessment, Evidence, ScoreEntry
    from cchc.models.criteria import CriteriaSet

TOLERANCE = 1e-6
STAGES = (("self_score", "điểm tự chấm"), ("round1", "điểm thẩm định lần 1"), ("round2", "điểm thẩm định lần 2"))


def _stage_value(entry: ScoreEntry, stage: str) -> float | None:
    value = getattr(entry, stage)
    if value is None:
        return None
    return value if isinstance(value, int | float) else value.score


def _stage_path(stage: str) -> tuple:
    return (stage,) if stage == "self_score" else (stage, "score")


def check_assessments(report: Report) -> None:
    seen: dict[tuple, Assessment] = {}
    for assessment in report.ds.assessments.values():
        key = (assessment.year, assessment.criteria_set, assessment.unit)
        if key in seen:
            report.error(assessment, ("unit",),
                         f"đơn vị «{assessment.unit}» đã có bảng điểm năm {assessment.year} theo bộ "
                         f"«{assessment.criteria_set}» («{seen[key].id}»)",
                         hint="mỗi đơn vị một bảng điểm cho một năm; gộp hai tệp", code="duplicate-assessment")
        else:
            seen[key] = assessment
        _check_one(report, assessment)


def _check_one(report: Report, assessment: Assessment) -> None:
    from cchc.models.assessments import LEVEL_KINDS, LEVEL_LABELS, level_for_kind
    from cchc.models.criteria import AdjustmentKind

    ds = report.ds
    criteria = criteria_set_ref(report, assessment, ("criteria_set",), assessment.criteria_set)
    agency_ref(report, assessment, ("unit",), assessment.unit, year=assessment.year, role="đơn vị được đánh giá")
    if criteria is None:
        return
    unit = ds.agencies.get(assessment.unit)
    if unit is not None and level_for_kind(unit.kind) is not criteria.level:
        kinds = ", ".join(k.label for k in LEVEL_KINDS[criteria.level])
        report.error(assessment, ("unit",),
                     f"«{unit.display_name}» ({unit.kind.label}) được chấm theo bộ «{criteria.id}» dành cho "
                     f"{LEVEL_LABELS[criteria.level]}",
                     hint=f"bộ này chỉ dùng cho: {kinds}; chọn bộ tiêu chí đúng cấp", code="criteria-level")
    if not criteria.applies_to(assessment.year):
        report.error(assessment, ("year",),
                     f"bộ tiêu chí «{criteria.id}» không áp dụng cho năm {assessment.year}",
                     hint="các năm áp dụng: " + ", ".join(map(str, criteria.years)), code="criteria-year")
    if criteria.example and not assessment.example:
        report.error(assessment, ("example",),
                     f"bộ tiêu chí «{criteria.id}» là số liệu minh họa nên bảng điểm cũng phải ghi example: true",
                     hint="thêm `example: true`, hoặc chấm theo bộ tiêu chí thật", code="example-set")
    by_code = criteria.by_code()
    skipped = _check_not_applicable(report, assessment, criteria, by_code)
    seen: dict[str, int] = {}
    for index, entry in enumerate(assessment.scores):
        path = ("scores", index)
        if entry.code in seen:
            report.error(assessment, (*path, "code"),
                         f"tiêu chí {entry.code} được chấm hai lần (mục thứ {seen[entry.code] + 1} và {index + 1})",
                         code="duplicate-score")
            continue
        seen[entry.code] = index
        item = by_code.get(entry.code)
        adjustment = criteria.adjustment(entry.code)
        if item is None and adjustment is None:
            report.error(assessment, (*path, "code"), f"mã «{entry.code}» không có trong bộ tiêu chí «{criteria.id}»",
                         hint=did_you_mean(entry.code, [*by_code, *(a.code for a in criteria.adjustments)]),
                         code="unknown-criterion")
            continue
        if any(entry.code == s or entry.code.startswith(s + ".") for s in skipped):
            report.error(assessment, (*path, "code"),
                         f"tiêu chí {entry.code} đã ghi là không áp dụng (not_applicable) nhưng vẫn được chấm",
                         hint="bỏ điểm của tiêu chí này hoặc bỏ khỏi not_applicable", code="scored-not-applicable")
        for stage, label in STAGES:
            value = _stage_value(entry, stage)
            if value is None:
                continue
            if adjustment is not None:
                low, high = ((0.0, adjustment.max_points) if adjustment.kind is AdjustmentKind.BONUS
                             else (-adjustment.max_points, 0.0))
            elif item is not None and item.max_points is not None:
                low, high = 0.0, item.max_points
            else:
                low, high = 0.0, None
            if value < low - TOLERANCE or (high is not None and value > high + TOLERANCE):
                where = f"{low:g}..{high:g}" if high is not None else f"từ {low:g}"
                what = adjustment.kind.label if adjustment is not None else "điểm"
                report.error(assessment, (*path, *_stage_path(stage)),
                             f"{label} {value:g} của {entry.code} ngoài khoảng {what} cho phép {where}",
                             hint="điểm trừ ghi số âm, ví dụ -1" if adjustment is not None
                             and adjustment.kind is AdjustmentKind.PENALTY else None,
                             code="score-range")
        if (entry.self_score is not None and entry.self_score > TOLERANCE and not entry.evidence
                and item is not None and criteria.needs_evidence(entry.code)):
            report.error(assessment, (*path, "self_score"),
                         f"tiêu chí {entry.code} tự chấm {entry.self_score:g} điểm nhưng chưa có tài liệu kiểm chứng",
                         hint="ghi evidence: số, ngày, cơ quan ban hành, trích yếu của văn bản (hoặc document/file/url)",
                         code="missing-evidence")
        for j, evidence in enumerate(entry.evidence):
            _check_evidence(report, assessment, (*path, "evidence", j), evidence)
        if entry.explanation is not None:
            for j, evidence in enumerate(entry.explanation.evidence):
                _check_evidence(report, assessment, (*path, "explanation", "evidence", j), evidence)
        for j, agency_id in enumerate(entry.responsible):
            agency_ref(report, assessment, (*path, "responsible", j), agency_id, year=assessment.year,
                        role="cơ quan chịu trách nhiệm")
    _check_sums(report, assessment, criteria, seen)
    _check_caps(report, assessment, criteria)


def _check_not_applicable(report: Report, assessment: Assessment, criteria: CriteriaSet, by_code) -> set[str]:
    skipped: set[str] = set()
    for index, item in enumerate(assessment.not_applicable):
        path = ("not_applicable", index, "code")
        if item.code not in by_code:
            report.error(assessment, path, f"mã «{item.code}» không có trong bộ tiêu chí «{criteria.id}»",
                         hint=did_you_mean(item.code, by_code), code="unknown-criterion")
            continue
        skipped.add(item.code)
        if criteria.not_applicable_rule is None:
            report.error(assessment, path,
                         f"bộ tiêu chí «{criteria.id}» không quy định cách tính khi có tiêu chí không áp dụng",
                         hint="ghi not_applicable_rule (quy-doi hoặc giam-toi-da) trong bộ tiêu chí",
                         code="not-applicable-rule")
        elif not criteria.may_skip(item.code):
            report.error(assessment, path,
                         f"tiêu chí {item.code} không thuộc các tiêu chí được phép không áp dụng của bộ «{criteria.id}»",
                         hint="bộ tiêu chí đánh dấu các tiêu chí này bằng optional: true", code="not-optional")
    return skipped


def _check_evidence(report: Report, assessment: Assessment, path: tuple, evidence: Evidence) -> None:
    ds = report.ds
    if evidence.document:
        document_ref(report, assessment, (*path, "document"), evidence.document)
    if evidence.file:
        relative = PurePosixPath(evidence.file.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts or ":" in relative.parts[0]:
            report.error(assessment, (*path, "file"),
                         f"tệp kiểm chứng «{evidence.file}» phải là đường dẫn tương đối trong kho dữ liệu",
                         hint="ví dụ file: kiem-chung/2025/so-tu-phap/ke-hoach.pdf", code="evidence-outside")
            return
        root = Path(ds.root)
        if not (root / relative).is_file() and not (root.parent / relative).is_file():
            report.error(assessment, (*path, "file"), f"tệp kiểm chứng «{evidence.file}» không có trong kho dữ liệu",
                         hint="đường dẫn tính từ thư mục dữ liệu hoặc thư mục gốc của kho", code="evidence-missing")


def _check_sums(report: Report, assessment: Assessment, criteria: CriteriaSet, seen: dict[str, int]) -> None:
    """A scored criterion whose children are also scored must equal their sum, at every stage."""
    for code, index in seen.items():
        children = [c.code for c in criteria.children(code)]
        if not children or not all(c in seen for c in children):
            continue
        parent = assessment.scores[index]
        for stage, label in STAGES:
            value = _stage_value(parent, stage)
            parts = [_stage_value(assessment.scores[seen[c]], stage) for c in children]
            if value is None or any(p is None for p in parts):
                continue
            total = sum(parts)  # type: ignore[arg-type]
            if abs(total - value) > 0.005:
                report.error(assessment, ("scores", index, *_stage_path(stage)),
                             f"{label} của {code} là {value:g} nhưng các tiêu chí con cộng lại được {total:g}",
                             hint="chỉ chấm tiêu chí con, hoặc sửa cho khớp", code="score-sum")


def _check_caps(report: Report, assessment: Assessment, criteria: CriteriaSet) -> None:
    from cchc.models.criteria import AdjustmentKind

    for kind, cap in ((AdjustmentKind.BONUS, criteria.bonus_cap), (AdjustmentKind.PENALTY, criteria.penalty_cap)):
        if cap is None:
            continue
        codes = {a.code for a in criteria.adjustments if a.kind is kind}
        total = sum(abs(e.self_score or 0) for e in assessment.scores if e.code in codes)
        if total > cap + TOLERANCE:
            report.warning(assessment, ("scores",),
                           f"tổng {kind.label} tự chấm {total:g} vượt mức tối đa {cap:g} của bộ «{criteria.id}»; "
                           f"chỉ tính {cap:g}", code="adjustment-cap")


def check_result_groups(report: Report) -> None:
    """Published score groups should add up to the published total (sources sometimes disagree)."""
    if not report.ds.results:
        return
    from cchc.models.results import SCORE_GROUP_LABELS

    for result in report.ds.results:
        if not result.groups or result.score is None:
            continue
        total = sum(g.points for g in result.groups)
        if abs(total - result.score) > 0.015:
            parts = " + ".join(f"{SCORE_GROUP_LABELS[g.group]} {g.points:g}" for g in result.groups)
            report.warning(result, ("groups",),
                           f"các nhóm điểm cộng lại được {total:g} ({parts}), khác điểm công bố {result.score:g}",
                           hint="đối chiếu lại nguồn; nếu nguồn tự mâu thuẫn, ghi rõ trong note", code="groups-sum")
