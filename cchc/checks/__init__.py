"""Cross-checks over a loaded dataset. Each check adds diagnostics to a Report.

:data:`CHECKS` is the complete, explicit list: ``cchc validate`` (and every command that
validates) runs exactly these, whatever else has been imported.
"""

from __future__ import annotations

from cchc.checks.assessments import check_assessments, check_result_groups
from cchc.checks.assignments import check_assignment_coverage
from cchc.checks.base import Check, Report
from cchc.checks.criteria import check_criteria_sets
from cchc.checks.dates import check_calendar_overrides, check_document_dates, check_task_dates
from cchc.checks.initiatives import check_replication_targets
from cchc.checks.references import (
    check_agencies,
    check_assignments,
    check_documents,
    check_initiatives,
    check_results,
    check_tasks,
)
from cchc.checks.reporting import check_reporting_rules
from cchc.errors import Diagnostic
from cchc.io.loader import Dataset

CHECKS: tuple[Check, ...] = (
    check_agencies,
    check_calendar_overrides,
    check_criteria_sets,
    check_assignments,
    check_assignment_coverage,
    check_tasks,
    check_task_dates,
    check_initiatives,
    check_replication_targets,
    check_documents,
    check_document_dates,
    check_results,
    check_result_groups,
    check_assessments,
    check_reporting_rules,
)


def run_checks(ds: Dataset) -> list[Diagnostic]:
    report = Report(ds)
    for check in CHECKS:
        check(report)
    return report.found
