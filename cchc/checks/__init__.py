"""Cross-checks over a loaded dataset. Each check adds diagnostics to a Report."""

from __future__ import annotations

from cchc.checks.assessments import check_assessments, check_result_groups
from cchc.checks.base import Check, Report
from cchc.checks.criteria import check_criteria_sets
from cchc.checks.dates import check_document_dates, check_task_dates
from cchc.checks.references import (
    check_agencies,
    check_assignments,
    check_documents,
    check_initiatives,
    check_results,
    check_tasks,
)
from cchc.errors import Diagnostic
from cchc.io.loader import Dataset

CHECKS: list[Check] = [
    check_agencies,
    check_criteria_sets,
    check_assignments,
    check_tasks,
    check_task_dates,
    check_initiatives,
    check_documents,
    check_document_dates,
    check_results,
    check_result_groups,
    check_assessments,
]


def register(check: Check) -> Check:
    """Add a check (used by domain services, e.g. assignment coverage)."""
    if check not in CHECKS:
        CHECKS.append(check)
    return check


def run_checks(ds: Dataset) -> list[Diagnostic]:
    report = Report(ds)
    for check in CHECKS:
        check(report)
    return report.found
