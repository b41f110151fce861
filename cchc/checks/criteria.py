"""Checks of a criteria set on its own: codes unique, parents present, points adding up."""

from __future__ import annotations

from cchc.checks.base import Report
from cchc.models.common import code_sort_key

TOLERANCE = 1e-6


def check_criteria_sets(report: Report) -> None:
    for criteria in report.ds.criteria_sets.values():
        _check_one(report, criteria)


def _check_one(report: Report, criteria) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(criteria.items):
        if item.code in seen:
            report.error(criteria, ("items", index, "code"),
                         f"mã tiêu chí «{item.code}» bị trùng trong bộ «{criteria.id}» (mục thứ {seen[item.code] + 1})",
                         code="duplicate-code")
            continue
        seen[item.code] = index
    for index, item in enumerate(criteria.items):
        parent = item.parent
        if parent is not None and parent not in seen:
            report.error(criteria, ("items", index, "code"),
                         f"tiêu chí «{item.code}» không có mục cha «{parent}» trong bộ tiêu chí",
                         hint=f"thêm mục có code \"{parent}\" phía trên", code="missing-parent")
        elif parent is not None and seen[parent] > index:
            report.warning(criteria, ("items", index, "code"),
                           f"tiêu chí «{item.code}» đứng trước mục cha «{parent}»",
                           hint="xếp mục cha trước các mục con cho dễ đọc", code="parent-order")
    by_code = criteria.by_code()
    # Children add up to their parent.
    for code, item in by_code.items():
        children = [c for c in criteria.items if c.parent == code]
        if not children or item.max_points is None:
            continue
        if any(c.max_points is None for c in children):
            continue
        total = sum(c.max_points for c in children)
        if abs(total - item.max_points) > TOLERANCE:
            parts = " + ".join(f"{c.code}: {c.max_points:g}" for c in sorted(children, key=lambda c: code_sort_key(c.code)))
            report.error(criteria, ("items", seen[code], "max_points"),
                         f"điểm tối đa của «{code}» là {item.max_points:g} nhưng các mục con cộng lại được {total:g} ({parts})",
                         code="points-sum")
    top = [c for c in criteria.items if c.parent is None]
    if top and all(c.max_points is not None for c in top):
        total = sum(c.max_points for c in top)
        if abs(total - criteria.total_points) > TOLERANCE:
            report.error(criteria, ("total_points",),
                         f"tổng điểm các lĩnh vực là {total:g}, khác total_points {criteria.total_points:g}",
                         code="points-total")
    if criteria.predecessor and criteria.predecessor not in report.ds.criteria_sets:
        report.unknown(criteria, ("predecessor",), "criteria", criteria.predecessor,
                       f"bộ tiêu chí trước «{criteria.predecessor}» không tồn tại", label="bộ tiêu chí trước",
                       code="unknown-criteria-set")
    if criteria.code_map:
        previous = report.ds.criteria_sets.get(criteria.predecessor or "")
        for old, new in criteria.code_map.items():
            if previous is not None and old not in previous.by_code():
                report.error(criteria, ("code_map",), f"mã «{old}» không có trong bộ trước «{previous.id}»",
                             code="unknown-criterion")
            if new is not None and new not in by_code:
                report.error(criteria, ("code_map",), f"mã «{new}» không có trong bộ «{criteria.id}»",
                             code="unknown-criterion")
