"""The findings of an assignment, the same in ``cchc validate`` as in ``cchc assign``.

Both run :func:`cchc.domain.leads.resolve_leads` with the agencies: a code led by two
agencies, a leaf with no lead, a lead that does not exist in the assignment's year, a code
outside the criteria set — one set of findings, one severity.
"""

from __future__ import annotations

from cchc.checks.base import Report


def check_assignment_coverage(report: Report) -> None:
    ds = report.ds
    if not ds.assignments:
        return
    from cchc.domain.leads import resolve_leads  # only a repository with assignments needs it

    for assignment in ds.assignments.values():
        criteria = ds.criteria_sets.get(assignment.criteria_set)
        if criteria is None:
            continue  # reported by check_assignments
        for diagnostic in resolve_leads(criteria, assignment, ds.agencies).diagnostics:
            report.add(diagnostic.severity, assignment, diagnostic.path, diagnostic.message,
                       hint=diagnostic.hint, code=diagnostic.code)
