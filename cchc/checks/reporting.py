"""Cross-checks of the recurring reporting rules (``reporting@1``)."""

from __future__ import annotations

from cchc.checks.base import Report
from cchc.checks.references import agency_ref, document_ref
from cchc.domain.deadlines import rule_recurrence


def check_reporting_rules(report: Report) -> None:
    """References of the ``reporting@1`` rules resolve (agencies, documents)."""
    ds = report.ds
    if not ds.reporting_rules:
        return
    from cchc.calendar import CalendarError  # the working-day calendar: only for these rules

    for rule in ds.reporting_rules.values():
        try:
            rule_recurrence(rule)
        except CalendarError as exc:
            report.error(rule, ("every",), exc.message, code="recurrence")
        for index, agency_id in enumerate(rule.lead):
            agency_ref(report, rule, ("lead", index), agency_id, role="cơ quan phải báo cáo")
        if rule.report_to:
            agency_ref(report, rule, ("report_to",), rule.report_to, role="cơ quan nhận báo cáo")
        if rule.source:
            document_ref(report, rule, ("source",), rule.source)
        seen: set[tuple[str, str | None]] = set()
        for index, submission in enumerate(rule.submitted):
            if rule.lead and submission.lead and submission.lead not in rule.lead:
                report.warning(rule, ("submitted", index, "lead"),
                               f"cơ quan «{submission.lead}» không nằm trong danh sách phải báo cáo (lead)",
                               code="submission-lead")
            if (submission.period, submission.lead) in seen:
                report.warning(rule, ("submitted", index, "period"),
                               f"kỳ {submission.period} được ghi hai lần", code="duplicate-submission")
            seen.add((submission.period, submission.lead))
