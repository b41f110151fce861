"""Gap analysis when a code is led jointly (đồng chủ trì): the row names every lead, and the
loss is counted once, for the joint leads together (the per-agency totals still add up)."""

from __future__ import annotations

from cchc.io.loader import load_dataset
from cchc.services.results import gap_analysis, losses_by_agency
from tests.results.conftest import ASSIGNMENT


def test_joint_leads_share_one_line_of_losses(gap_repo):
    (gap_repo / "assignment.yaml").write_text(
        ASSIGNMENT.replace('{agency: so-b, codes: ["2", "1.1.2"]}',
                           '{agency: so-b, codes: ["2"]}\n  - {agency: [so-a, so-b], codes: ["1.1.2"]}'),
        encoding="utf-8")
    report = gap_analysis(load_dataset(gap_repo), year=2023, province="Tỉnh Thử")
    row = next(r for r in report.rows if r.code == "1.1.2")
    assert row.leads == ["so-a", "so-b"] and row.lead_name == "Sở A, Sở B"
    totals = {t.key: (t.label, t.lost) for t in report.by_agency()}
    assert totals["so-a,so-b"] == ("Sở A, Sở B", 1)
    assert totals["so-b"] == ("Sở B", 1.5) and totals["so-a"] == ("Sở A", 1.5)
    assert round(sum(t.lost for t in report.by_agency()), 4) == report.lost
    assert any(group.name == "Sở A, Sở B" for group in losses_by_agency(report))
