"""Cross-checks of replication orders: their unit kinds name somebody at their date."""

from __future__ import annotations

from cchc.checks.base import Report
from cchc.domain.agencies import expand_all


def check_replication_targets(report: Report) -> None:
    """Warn when an order's unit kinds name nobody at its date (e.g. districts in 2026)."""
    for expansion in expand_all(report.ds):
        if not expansion.when.known:
            continue
        for kind, message, hint in expansion.empty_kinds:
            report.warning(expansion.initiative, ("replication", expansion.index, "agency_kinds"),
                           f"lệnh nhân rộng giao «{kind.label}»: {message}", hint=hint,
                           code="replication-no-units")
