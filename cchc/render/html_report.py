"""The overview report as one self-contained HTML page (:func:`render_html`, :func:`write_html`).

The page is drawn by the Jinja template ``templates/html/bao-cao.html.j2`` shipped with cchc (a
data repository cannot replace it) in an autoescaping sandbox, from a context of plain values
only — strings, numbers, booleans, lists and dicts built here from the
:class:`~cchc.services.report.Overview`. Every text that comes from data is escaped by the
template engine, so a ``<script>`` in a task title stays text.

Self-contained by construction: no script, no external style, font or image; inline SVG
charts; a Content-Security-Policy ``default-src 'none'; style-src 'unsafe-inline'; img-src
data:`` so a browser refuses any request the page might try. Printable on A4
(``@media print``) and readable on a phone (tables turn into cards below 640 px).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from cchc.errors import DataError
from cchc.io.atomic import write_output
from cchc.models.initiatives import AdoptionStatus
from cchc.models.results import IndexResult, ScoreGroup
from cchc.output.formats import output_format
from cchc.resources import bundled_templates_dir
from cchc.services.deadlines import (
    DEFAULT_WITHIN,
    DeadlineRow,
    DeadlineState,
    GroupSummary,
    rate_text,
    state_text,
)
from cchc.services.report import Coverage, Overview, build_overview, state_counts
from cchc.services.results import EXAMPLE_BANNER
from cchc.textvn import date_full, date_short, number, points, upper_vi

TEMPLATE = "html/bao-cao.html.j2"
LIST_LIMIT = 300  # rows per task list on the page; the rest are counted ("và … nhiệm vụ khác")
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

ADOPTION_GLYPHS = {
    AdoptionStatus.ADOPTED: "●",
    AdoptionStatus.IN_PROGRESS: "◐",
    AdoptionStatus.NOT_STARTED: "○",
    AdoptionStatus.NOT_APPLICABLE: "✕",
}
BAR_STATES = (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN, DeadlineState.DUE_SOON, DeadlineState.IN_PROGRESS,
              DeadlineState.NO_DEADLINE, DeadlineState.DONE_LATE, DeadlineState.DONE_ON_TIME,
              DeadlineState.CANCELLED)


def _index_name(value: str) -> str:
    return value.replace("_", " ")  # "PAR_INDEX" → "PAR INDEX"


# --------------------------------------------------------------------------- deadlines


def _days(row: DeadlineRow) -> str:
    if row.state in (DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN):
        return f"quá {row.days_late} ngày ({row.working_days_late} ngày làm việc)"
    if row.state is DeadlineState.DONE_LATE:
        return f"trễ {row.days_late} ngày ({row.working_days_late} ngày làm việc)"
    if row.working_days_left is not None:
        if row.days_left == 0:
            return "hạn hôm nay"
        return f"còn {row.days_left} ngày ({row.working_days_left} ngày làm việc)"
    return ""


def _due(row: DeadlineRow) -> str:
    if row.worded_due:
        return row.worded_due
    if row.due is None:
        return row.due_problem or "chưa có hạn"
    text = date_short(row.due)
    if row.due_basis == "extension":
        text += " (gia hạn" + (f", hạn đầu {date_short(row.original_due)}" if row.original_due else "") + ")"
    elif row.due_basis == "working_days":
        text += " (theo ngày làm việc)"
    return text


def _row(row: DeadlineRow) -> dict[str, Any]:
    return {
        "id": row.id, "title": row.title, "kind": row.kind, "period": row.period_label or "",
        "leads": ", ".join(row.lead_names), "due": _due(row), "state": row.state.value,
        "state_label": state_text(row), "days": _days(row),
        "days_late": row.days_late, "working_days_late": row.working_days_late,
        "working_days_left": row.working_days_left,
        "done_on": date_short(row.done_on) if row.done_on else "", "source": row.source_ref or row.source or "",
    }


def _segments(counts: Any, total: int) -> list[dict[str, Any]]:
    out = []
    for state in BAR_STATES:
        count = counts[state]
        if count:
            out.append({"state": state.value, "label": state.label, "count": count,
                        "percent": round(100 * count / total, 2) if total else 0})
    return out


def _group(group: GroupSummary) -> dict[str, Any]:
    counts = group.counts
    return {"label": group.label, "total": counts.total, "open": counts.open, "overdue": counts.overdue,
            "due_soon": counts.due_soon, "in_progress": counts[DeadlineState.IN_PROGRESS],
            "no_deadline": counts[DeadlineState.NO_DEADLINE], "done_late": counts.done_late,
            "done_on_time": counts.done_on_time, "rate": rate_text(counts.on_time_rate),
            "segments": _segments(counts, counts.total)}


def _deadlines(overview: Overview) -> dict[str, Any] | None:
    report = overview.deadlines
    if report is None:
        return None
    rows = report.rows

    def pick(*states: DeadlineState, limit: int = LIST_LIMIT) -> dict[str, Any]:
        chosen = [r for r in rows if r.state in states]
        return {"rows": [_row(r) for r in chosen[:limit]], "total": len(chosen),
                "more": max(len(chosen) - limit, 0)}

    counts = report.counts
    return {
        "total": counts.total, "open": counts.open, "overdue_count": counts.overdue + counts.overdue_unknown,
        "due_soon_count": counts.due_soon, "rate": rate_text(counts.on_time_rate),
        "states": [{"state": s.value, "label": s.label, "count": n} for s, n in state_counts(report)],
        "segments": _segments(counts, counts.total),
        "overdue": pick(DeadlineState.OVERDUE, DeadlineState.OVERDUE_UNKNOWN),
        "due_soon": pick(DeadlineState.DUE_SOON),
        "open_other": pick(DeadlineState.IN_PROGRESS, DeadlineState.NO_DEADLINE),
        "closed": pick(DeadlineState.DONE_LATE, DeadlineState.DONE_ON_TIME, DeadlineState.CANCELLED),
        "by_agency": [_group(g) for g in report.by_agency],
    }


# --------------------------------------------------------------------------- coverage


def _coverage(part: Coverage, ds_names: dict[str, str]) -> dict[str, Any]:
    resolution = part.resolution
    ended = {e.agency_id: e for e in part.ended}
    rows = []
    for entry in resolution.by_criterion():
        item = entry.criterion
        flags = []
        state, state_label = "ok", ""
        if entry.lead is None and entry.unassigned_reason is not None:
            state, state_label = "unassigned", f"không phân công: {entry.unassigned_reason}"
        elif entry.lead is None:
            is_leaf = not any(other.parent == item.code for other in resolution.criteria.items)
            state = "uncovered" if is_leaf else "partial"
            state_label = "chưa có cơ quan chủ trì" if is_leaf else "chỉ giao một phần (xem các mục con)"
        elif any(lead in ended for lead in entry.leads):
            state = "ended"
            gone = [lead for lead in entry.leads if lead in ended]
            successors = [s for s in (ended[lead].successor for lead in gone) if s]
            who = "" if len(entry.leads) == 1 else " " + ", ".join(resolution.name(lead) for lead in gone)
            state_label = f"cơ quan chủ trì{who} đã kết thúc hoạt động" + (
                f"; kế nhiệm: {', '.join(successors)}" if successors else "")
        coordinators = []
        for agency_id in entry.coordinators:
            name = resolution.name(agency_id)
            if agency_id in ended:
                flags.append(f"cơ quan phối hợp «{name}» đã kết thúc hoạt động")
            coordinators.append(name)
        rows.append({
            "code": item.code, "depth": min(item.depth, 4), "label": item.label(),
            "lead": entry.lead_name or "", "inherited": entry.inherited_from or "",
            "coordinators": ", ".join(coordinators), "points": points(item.max_points) if item.max_points is not None
            else "chưa rõ", "state": state, "state_label": state_label, "flags": flags,
        })
    criteria = resolution.criteria
    return {
        "year": resolution.year, "title": resolution.title, "criteria_id": criteria.id,
        "criteria_name": criteria.name, "legal_basis": criteria.legal_basis.number or "",
        "example": part.example, "complete": criteria.complete,
        "rows": rows, "uncovered": len(resolution.uncovered),
        "uncovered_codes": [c.code for c in resolution.uncovered],
        "unassigned": len(resolution.unassigned),
        "ended": [{"name": e.name, "role": e.role, "codes": ", ".join(e.codes), "successor": e.successor or ""}
                  for e in part.ended],
        "agencies": [{"name": p.name, "points": p.display(), "none": p.agency_id is None}
                     for p in resolution.points_by_agency()],
        "points_known": any(item.max_points is not None for item in criteria.items),
        "notes": list(resolution.notes), "errors": part.errors,
    }


# --------------------------------------------------------------------------- initiatives


def _progress(progress: Any) -> dict[str, Any]:
    applicable = progress.applicable
    pct = (lambda n: round(100 * n / applicable, 2)) if applicable else (lambda n: 0)
    return {"label": progress.label, "text": progress.text(), "adopted": progress.adopted,
            "in_progress": progress.in_progress, "not_started": progress.not_started, "applicable": applicable,
            "adopted_pct": pct(progress.adopted), "in_progress_pct": pct(progress.in_progress),
            "not_started_pct": pct(progress.not_started)}


def _initiatives(overview: Overview) -> dict[str, Any] | None:
    matrix = overview.matrix
    if matrix is None:
        return None
    from cchc.services.initiatives import initiative_label, short_references

    columns = [{"short": i.number or str(n + 1), "label": initiative_label(i)}
               for n, i in enumerate(matrix.initiatives)]
    units = []
    for unit, progress in zip(matrix.units, matrix.unit_progress(), strict=True):
        cells = []
        for initiative in matrix.initiatives:
            cell = matrix.cell(unit.id, initiative.id)
            if cell.status is None:
                cells.append({"status": "none", "glyph": "·", "label": "không được giao", "note": ""})
            else:
                note = cell.note or ""
                if cell.on:
                    note = (f"từ {date_short(cell.on)}; " + note).rstrip("; ")
                cells.append({"status": cell.status.value, "glyph": ADOPTION_GLYPHS[cell.status],
                              "label": cell.status.label, "note": note})
        units.append({"name": unit.display_name, "cells": cells, "progress": _progress(progress)})
    pending = []
    for item in matrix.non_adopters():
        line = f"chưa triển khai {short_references(item.initiatives)}"
        if item.overdue:
            line += f" (quá hạn {len(item.overdue)})"
        pending.append({"name": item.agency.display_name, "text": line})
    return {
        "columns": columns, "units": units,
        "per_initiative": [_progress(p) for p in matrix.initiative_progress()],
        "total": _progress(matrix.total_progress()),
        "pending": pending, "notes": matrix.notes,
        "legend": [{"status": s.value, "glyph": g, "label": s.label} for s, g in ADOPTION_GLYPHS.items()],
    }


# --------------------------------------------------------------------------- charts


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if span / step <= 6:
            return step
    return 10 ** math.ceil(math.log10(span))


def line_chart(series: list[tuple[int, float | None, str]], *, low: float, high: float, invert: bool = False,
               ticks: Iterable[float] | None = None, years: list[int] | None = None,
               width: int = 460, height: int = 220) -> dict[str, Any]:
    """Geometry of a small line chart of one value per year (plain numbers for the template).

    ``series``: (year, value or None, label). ``invert``: smaller values at the top (ranks).
    Consecutive years with values are joined; a missing value breaks the line.
    """
    left, right, top, bottom = 48, 20, 18, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    years = years or [year for year, _, _ in series]
    first, last = min(years), max(years)
    span_years = max(last - first, 1)

    inset = 34  # keeps the first and last points (and their labels) off the axes

    def x_of(year: int) -> float:
        if first == last:
            return left + plot_w / 2
        return round(left + inset + (plot_w - 2 * inset) * (year - first) / span_years, 1)

    def y_of(value: float) -> float:
        share = (value - low) / (high - low) if high > low else 0.5
        if invert:
            share = 1 - share
        return round(top + plot_h * (1 - share), 1)

    step = _nice_step(high - low)
    tick_values = list(ticks) if ticks is not None else [
        low + step * k for k in range(int((high - low) / step) + 1)]
    dots, lines, current = [], [], []
    for year, value, label in sorted(series):
        if value is None:
            if len(current) > 1:
                lines.append(" ".join(current))
            current = []
            continue
        x, y = x_of(year), y_of(value)
        dots.append({"x": x, "y": y, "label": label, "year": year, "above": y > top + 16})
        current.append(f"{x},{y}")
    if len(current) > 1:
        lines.append(" ".join(current))
    return {
        "width": width, "height": height, "left": left, "right": width - right, "top": top,
        "bottom": height - bottom,
        "y_ticks": [{"y": y_of(v), "label": number(round(v, 2))} for v in tick_values],
        "x_ticks": [{"x": x_of(y), "label": str(y)} for y in range(first, last + 1)]
        if last - first <= 12 else [{"x": x_of(y), "label": str(y)} for y in sorted(set(years))],
        "lines": lines, "dots": dots,
    }


def _rank_ticks(out_of: int) -> list[int]:
    ticks = [1] + [v for v in range(10, out_of, 10) if out_of - v >= max(4, out_of // 12)]
    if out_of not in ticks:
        ticks.append(out_of)
    return ticks


def _histories(overview: Overview) -> list[dict[str, Any]]:
    out = []
    for hist in overview.histories:
        provinces = hist.provinces
        provinces.sort(key=lambda p: p != overview.province)
        blocks = []
        for province in provinces:
            rows = [r for r in hist.rows if r.province == province]
            years = [r.year for r in rows]
            scores = [r.result.score for r in rows if r.result.score is not None]
            charts = []
            if scores:
                low = max(0.0, math.floor((min(scores) - 5) / 5) * 5)
                high = 100.0 if max(scores) <= 100 else math.ceil(max(scores) / 10) * 10
                charts.append({"kind": "score", "title": f"Điểm {_index_name(hist.index.value)} của {province}",
                               **line_chart([(r.year, r.result.score, points(r.result.score)
                                              if r.result.score is not None else "") for r in rows],
                                            low=low, high=high, years=years)})
            ranked = [r for r in rows if r.result.rank is not None]
            if ranked:
                out_of = max([r.result.out_of or 0 for r in ranked] + [max(r.result.rank or 1 for r in ranked)])
                charts.append({"kind": "rank", "title": f"Thứ hạng {_index_name(hist.index.value)} của {province}",
                               **line_chart([(r.year, float(r.result.rank) if r.result.rank else None,
                                              r.rank_text) for r in rows],
                                            low=1, high=float(max(out_of, 2)), invert=True,
                                            ticks=_rank_ticks(out_of), years=years)})
            blocks.append({
                "province": province, "own": province == overview.province, "charts": charts,
                "groups": group_chart(rows),
                "rows": [{"year": r.year, "score": points(r.result.score) if r.result.score is not None else "—",
                          "rank": r.rank_text, "change": r.change_text, "example": r.result.example,
                          "source": r.result.source or "", "note": r.result.note or "",
                          "groups": _score_groups(r.result)} for r in rows],
            })
        notes = [n for n in hist.notes if n != EXAMPLE_BANNER]
        out.append({"index": _index_name(hist.index.value), "label": hist.index.label, "provinces": blocks,
                    "notes": notes, "example": hist.example})
    return out


def _score_groups(result: IndexResult) -> list[dict[str, Any]]:
    """The published score groups of a result (thẩm định, tác động KT-XH, khảo sát, SIPAS)."""
    order = {group: n for n, group in enumerate(ScoreGroup)}
    return [{"key": g.group.value, "label": g.group.label, "points": points(g.points),
             "max": points(g.max_points) if g.max_points is not None else "",
             "survey": g.group.survey}
            for g in sorted(result.groups, key=lambda g: order[g.group])]


def group_chart(rows: list[Any], *, width: int = 460) -> dict[str, Any] | None:
    """Geometry of horizontal bars, one per year with published score groups: for each group a
    filled part (points obtained) and a light part (points lost up to the group's maximum)."""
    years = [r for r in rows if r.result.groups]
    if not years:
        return None
    order = {group: n for n, group in enumerate(ScoreGroup)}
    totals = [sum((g.max_points if g.max_points is not None else g.points) for g in r.result.groups) for r in years]
    scale_max = max([100.0, *totals])
    left, right, bar_h, gap = 48, 12, 22, 12
    plot_w = width - left - right
    bars = []
    for n, row in enumerate(years):
        y = 8 + n * (bar_h + gap)
        x = float(left)
        segments = []
        for g in sorted(row.result.groups, key=lambda g: order[g.group]):
            got = plot_w * g.points / scale_max
            lost = plot_w * ((g.max_points or g.points) - g.points) / scale_max
            segments.append({"key": g.group.value, "x": round(x, 1), "w": round(got, 1), "lost_x": round(x + got, 1),
                             "lost_w": round(lost, 1),
                             "title": f"{g.group.label}: {points(g.points)}"
                                      + (f"/{points(g.max_points)}" if g.max_points is not None else "")})
            x += got + lost
        bars.append({"year": row.year, "y": y, "text_y": y + bar_h / 2 + 4, "segments": segments,
                     "total": points(sum(g.points for g in row.result.groups))})
    height = 8 + len(years) * (bar_h + gap) + 4
    return {"width": width, "height": height, "left": left, "bar_h": bar_h, "bars": bars,
            "legend": [{"key": group.value, "label": group.label} for group in ScoreGroup
                       if any(g.group is group for r in years for g in r.result.groups)]}


def _gap(overview: Overview) -> dict[str, Any] | None:
    report = overview.gap
    if report is None:
        return None
    totals = report.by_agency()
    top = max((t.lost for t in totals), default=0.0)
    return {
        "summary": report.summary(), "example": report.example,
        "year": report.result.year,
        "agencies": [{"label": t.label, "lost": points(t.lost), "count": t.count,
                      "percent": round(100 * t.lost / top, 2) if top else 0} for t in totals],
    }


# --------------------------------------------------------------------------- page


def build_context(overview: Overview) -> dict[str, Any]:
    """The template's variables: plain values only (no model objects, no callables)."""
    revision = overview.revision
    problems = [{"section": p.section, "message": p.message, "hint": p.hint or ""} for p in overview.problems]
    return {
        "csp": CONTENT_SECURITY_POLICY,
        "place": overview.place,
        "place_upper": upper_vi(overview.place),
        "as_of": date_full(overview.as_of),
        "as_of_short": date_short(overview.as_of),
        "as_of_iso": overview.as_of.isoformat(),
        "within": overview.within,
        "version": overview.version,
        "revision": {"short": revision.short, "commit": revision.commit, "branch": revision.branch or ""}
        if revision else None,
        "summary": [{"text": s.text, "anchor": s.anchor, "tone": s.tone} for s in overview.summary()],
        "examples": overview.examples,
        "example_banner": EXAMPLE_BANNER,
        "problems": problems,
        "deadlines": _deadlines(overview),
        "year": overview.year,
        "year_note": overview.year_note or "",
        "coverage": [_coverage(part, {}) for part in overview.coverage],
        "initiatives": _initiatives(overview),
        "results": _histories(overview),
        "gap": _gap(overview),
    }


def _environment() -> ImmutableSandboxedEnvironment:
    folder = bundled_templates_dir()
    if folder is None:
        raise DataError("không tìm thấy thư mục mẫu của cchc (templates)")
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(folder)), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True)


def render_html(overview: Overview) -> str:
    """The report page as a string."""
    template = _environment().get_template(TEMPLATE)
    return template.render(**build_context(overview))


def write_html(overview: Overview, path: Path, *, force: bool = False) -> Path:
    """Write the page atomically (never over an existing file without ``force``)."""
    html = render_html(overview)

    def produce(tmp: Path) -> None:
        tmp.write_text(html, encoding="utf-8")

    return write_output(path, produce, force=force)


def report_to_file(root: Path, output: Path, *, as_of: date, within: int = DEFAULT_WITHIN,
                   year: int | None = None, force: bool = False, skip_invalid: bool = False) -> Overview:
    """Load the data folder ``root``, build the overview for ``as_of`` and write it to ``output``.

    Data with records dropped by their own errors is refused, or with ``skip_invalid`` reported
    on from the valid records, the page saying how many were left out (services/integrity.py)."""
    from cchc.services.integrity import usable_dataset

    output_format(output, None, ("html",), what="báo cáo là một trang HTML, ví dụ -o bao-cao-cchc.html")
    ds = usable_dataset(root, skip_invalid=skip_invalid, what="lập được báo cáo")
    overview = build_overview(ds, as_of, within=within, year=year)
    write_html(overview, output, force=force)
    return overview
