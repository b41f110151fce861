"""The overview report for leaders: every figure of the repository on one page.

:func:`build_overview` collects, for one day (``as_of``), what the other services compute —
it never re-implements a rule:

* deadlines: :func:`cchc.services.deadlines.deadline_report` (states, days and working days
  late, per lead agency);
* assignment coverage of a year: :func:`cchc.services.assignments.resolve_for_year` (the
  criteria tree with leads and coordinators, uncovered criteria) and the agencies' own validity
  rule (:meth:`~cchc.models.agencies.Agency.is_valid_in_year`, successor via
  :func:`cchc.domain.agencies.successor_at`);
* initiatives: :func:`cchc.services.initiatives.adoption_matrix`;
* results: :func:`cchc.services.results.history` per index, and
  :func:`~cchc.services.results.gap_analysis` for where the points were lost.

A part that cannot be built (no data of that kind, or data the service refuses) becomes a
:class:`Problem` that the report shows; records skipped because their file has errors are
counted too, so the page never looks complete when it is not. Whatever figure comes from data
marked ``example: true`` is listed in :attr:`Overview.examples`, and the page then carries
the "Số liệu minh họa" banner.

The HTML is drawn by :mod:`cchc.render.html_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cchc import __version__
from cchc.domain.agencies import successor_at
from cchc.domain.leads import lead_agencies
from cchc.domain.provinces import province_at
from cchc.errors import CchcError
from cchc.io.gitrev import Revision, read_revision
from cchc.io.loader import Dataset
from cchc.models.agencies import Agency
from cchc.models.common import IndexName
from cchc.services.assignments import Resolution, resolve_for_year
from cchc.services.deadlines import (
    DEFAULT_WITHIN,
    DeadlineReport,
    DeadlineState,
    deadline_report,
    rate_text,
)
from cchc.services.initiatives import AdoptionMatrix, adoption_matrix
from cchc.services.results import GapReport, History, gap_analysis, history
from cchc.textvn import points

DEFAULT_OUTPUT = "bao-cao-cchc.html"

SECTION_DEADLINES = "han"
SECTION_COVERAGE = "phan-cong"
SECTION_INITIATIVES = "mo-hinh"
SECTION_RESULTS = "ket-qua"


@dataclass
class Problem:
    """Something the report could not show, in Vietnamese, with the section it belongs to."""

    section: str  # one of the SECTION_* anchors, or "" for the whole data
    message: str
    hint: str | None = None


@dataclass
class EndedLead:
    """An agency named in the year's assignment that does not exist in that year."""

    agency_id: str
    name: str
    role: str  # "chủ trì" | "phối hợp"
    codes: list[str]
    successor: str | None  # display name of the successor valid in the year


@dataclass
class Coverage:
    """One assignment of the year resolved against its criteria set."""

    resolution: Resolution
    ended: list[EndedLead] = field(default_factory=list)

    @property
    def example(self) -> bool:
        return self.resolution.criteria.example

    @property
    def ended_ids(self) -> set[str]:
        return {e.agency_id for e in self.ended}

    @property
    def errors(self) -> list[str]:
        return [d.message for d in self.resolution.diagnostics
                if d.is_error and d.code not in ("uncovered-criterion", "agency-not-valid")]


@dataclass
class SummaryItem:
    """One phrase of the summary line at the top, linking to its section."""

    text: str
    anchor: str
    tone: str  # "bad" | "warn" | "good" | "info"


@dataclass
class Overview:
    root: Path
    as_of: date
    within: int
    year: int | None  # the assignment year shown
    year_note: str | None
    province: str | None
    place: str  # "tỉnh Đắk Lắk", "thành phố Hà Nội"; "" when unknown
    revision: Revision | None
    deadlines: DeadlineReport | None
    coverage: list[Coverage]
    matrix: AdoptionMatrix | None
    histories: list[History]
    gap: GapReport | None
    problems: list[Problem]
    load_errors: int
    version: str = __version__

    @property
    def examples(self) -> list[str]:
        """What the shown figures take from illustrative data (``example: true``)."""
        found = []
        for part in self.coverage:
            if part.example:
                found.append(f"bộ tiêu chí «{part.resolution.criteria.id}» của bảng phân công năm "
                             f"{part.resolution.year}")
        for hist in self.histories:
            years = sorted({f"{row.province} {row.year}" for row in hist.rows if row.result.example})
            if years:
                found.append(f"kết quả {hist.index.value.replace('_', ' ')}: {', '.join(years)}")
        if self.gap is not None and (self.gap.example):
            found.append(f"điểm từng tiêu chí {self.gap.result.index.value.replace('_', ' ')} {self.gap.result.province} "
                         f"năm {self.gap.result.year}")
        return found

    @property
    def failed(self) -> bool:
        """True when some data could not be used (the command's exit code says so)."""
        return bool(self.problems) or self.load_errors > 0

    def problems_of(self, section: str) -> list[Problem]:
        return [p for p in self.problems if p.section == section]

    def summary(self) -> list[SummaryItem]:
        items: list[SummaryItem] = []
        if self.deadlines is not None:
            counts = self.deadlines.counts
            items.append(SummaryItem(f"{counts.overdue} nhiệm vụ quá hạn", "qua-han",
                                     "bad" if counts.overdue else "good"))
            if counts.overdue_unknown:  # past due with unknown progress: never shown as fine
                items.append(SummaryItem(f"{counts.overdue_unknown} nhiệm vụ quá hạn, chưa rõ tình trạng",
                                         "qua-han", "bad"))
            items.append(SummaryItem(f"{counts.due_soon} sắp đến hạn (trong {self.within} ngày làm việc)",
                                     "sap-den-han", "warn" if counts.due_soon else "good"))
            if counts.on_time_rate is not None:
                items.append(SummaryItem(f"tỷ lệ hoàn thành đúng hạn {rate_text(counts.on_time_rate)}",
                                         SECTION_DEADLINES, "info"))
        for part in self.coverage:
            uncovered = len(part.resolution.uncovered)
            where = f"năm {part.resolution.year}" if len(self.coverage) == 1 else (
                f"năm {part.resolution.year}, bộ «{part.resolution.criteria.id}»")
            items.append(SummaryItem(
                f"{uncovered} tiêu chí chưa có cơ quan chủ trì ({where})" if uncovered
                else f"phân công {where} phủ kín các tiêu chí", SECTION_COVERAGE, "bad" if uncovered else "good"))
            ended = {e.agency_id for e in part.ended if e.role == "chủ trì"}
            if ended:
                items.append(SummaryItem(f"{len(ended)} cơ quan chủ trì đã kết thúc hoạt động", SECTION_COVERAGE,
                                         "bad"))
        if self.year_note:
            items.append(SummaryItem(self.year_note, SECTION_COVERAGE, "warn"))
        if self.matrix is not None and not self.matrix.units:
            items.append(SummaryItem("không đơn vị nào đang được giao nhân rộng mô hình", SECTION_INITIATIVES, "info"))
        elif self.matrix is not None:
            pending = len(self.matrix.non_adopters())
            total = self.matrix.total_progress()
            text = f"{pending}/{len(self.matrix.units)} đơn vị chưa triển khai mô hình được giao"
            if total.ratio is not None:
                text += f" (đã áp dụng {total.text()})"
            items.append(SummaryItem(text, SECTION_INITIATIVES, "warn" if pending else "good"))
        latest = self.latest_result()
        if latest is not None:
            row = latest
            text = f"{row.result.index.value.replace('_', ' ')} {row.year} của {row.province}: "
            parts = []
            if row.result.score is not None:
                parts.append(f"{points(row.result.score)} điểm")
            if row.result.rank is not None:
                parts.append(f"xếp hạng {row.rank_text}")
            if row.rank_change:
                parts.append(row.rank_change)
            items.append(SummaryItem(text + ", ".join(parts), SECTION_RESULTS, "info"))
        return items

    def latest_result(self):
        """The newest published result of the repository's province (PAR INDEX first)."""
        for hist in self.histories:
            rows = [r for r in hist.rows if self.province is None or r.province == self.province]
            rows = [r for r in rows if r.result.score is not None or r.result.rank is not None]
            if rows:
                return max(rows, key=lambda r: r.year)
        return None


# --------------------------------------------------------------------------- building


def place_name(ds: Dataset, on: date | None = None) -> str:
    """"tỉnh Đắk Lắk", "thành phố Hà Nội": the province's title on ``on``
    (:func:`cchc.domain.provinces.province_at`: its level and name then decide the words)."""
    found = province_at(ds, on)
    return found.title if found is not None else ""


def coverage_year(ds: Dataset, as_of: date) -> tuple[int | None, str | None]:
    """The assignment year to show: ``as_of``'s year when it has one, else the latest before it,
    else the earliest after it."""
    years = sorted({a.year for a in ds.assignments.values()})
    if not years:
        return None, None
    if as_of.year in years:
        return as_of.year, None
    earlier = [y for y in years if y < as_of.year]
    if earlier:
        return earlier[-1], f"năm {as_of.year} chưa có bảng phân công; hiện bảng phân công năm {earlier[-1]}"
    return years[0], f"năm {as_of.year} chưa có bảng phân công; hiện bảng phân công năm {years[0]}"


def _ended_agencies(ds: Dataset, resolution: Resolution) -> list[EndedLead]:
    year = resolution.year
    found: dict[tuple[str, str], EndedLead] = {}
    for lead in resolution.assignment.leads:
        leads = lead_agencies(lead)  # one, or several joint leads
        roles = [("chủ trì", a) for a in leads] + [("phối hợp", c) for c in lead.coordinators]
        for role, agency_id in roles:
            agency: Agency | None = ds.agencies.get(agency_id)
            if agency is None or agency.is_valid_in_year(year):
                continue
            entry = found.get((agency_id, role))
            if entry is None:
                successor = successor_at(ds.agencies, agency, year=year)
                entry = found[(agency_id, role)] = EndedLead(
                    agency_id, agency.display_name, role, [],
                    successor.display_name if successor else None)
            entry.codes.extend(c for c in lead.codes if c not in entry.codes)
    return list(found.values())


def _coverage(ds: Dataset, year: int, problems: list[Problem]) -> list[Coverage]:
    parts = []
    sets = list(dict.fromkeys(a.criteria_set for a in ds.assignments.values() if a.year == year))
    for set_id in sets:
        try:
            resolution = resolve_for_year(ds, year, set_id if len(sets) > 1 else None)
        except CchcError as exc:
            problems.append(Problem(SECTION_COVERAGE, exc.message, exc.hint))
            continue
        parts.append(Coverage(resolution, _ended_agencies(ds, resolution)))
    return parts


def _histories(ds: Dataset, as_of: date, problems: list[Problem]) -> list[History]:
    found = []
    present = {r.index for r in ds.results}
    for index in IndexName:
        if index not in present:
            continue
        try:
            hist = history(ds, index)
        except CchcError as exc:  # only illustrative results: nothing to chart
            problems.append(Problem(SECTION_RESULTS, exc.message, exc.hint))
            continue
        hist.rows = [row for row in hist.rows if row.year <= as_of.year]
        if hist.rows:
            found.append(hist)
    # The repository's own province first in each index.
    return found


def _gap(ds: Dataset, as_of: date) -> GapReport | None:
    """Where the points were lost in the newest year with per-criterion points (None: no such year)."""
    years = sorted({r.year for r in ds.results if r.index is IndexName.PAR_INDEX and r.criteria
                    and (ds.province is None or r.province == ds.province) and r.year <= as_of.year})
    if not years:
        return None
    try:
        return gap_analysis(ds, year=years[-1], index=IndexName.PAR_INDEX, province=ds.province)
    except CchcError:
        return None


def build_overview(ds: Dataset, as_of: date, *, within: int = DEFAULT_WITHIN, year: int | None = None) -> Overview:
    """Every figure of the report for ``as_of`` (``year``: the assignment year; see :func:`coverage_year`)."""
    problems: list[Problem] = []
    load_errors = len(ds.load_errors())
    if ds.skipped is not None:
        problems.append(Problem("", ds.skipped.note, "sửa các lỗi rồi lập lại báo cáo"))
    elif load_errors:
        problems.append(Problem("", f"dữ liệu có {load_errors} lỗi; các bản ghi lỗi không được tính trong báo cáo",
                                "chạy `cchc validate` để xem và sửa"))

    deadlines = None
    try:
        deadlines = deadline_report(ds, as_of, within=within)
    except CchcError as exc:
        problems.append(Problem(SECTION_DEADLINES, exc.message, exc.hint))

    note = None
    if year is None:
        year, note = coverage_year(ds, as_of)
    elif not any(a.year == year for a in ds.assignments.values()):
        problems.append(Problem(SECTION_COVERAGE, f"không có bảng phân công cho năm {year}",
                                "các năm có phân công: " + ", ".join(
                                    str(y) for y in sorted({a.year for a in ds.assignments.values()})) or None))
        year = None
    coverage = _coverage(ds, year, problems) if year is not None else []

    matrix = None
    if ds.initiatives:
        try:
            matrix = adoption_matrix(ds, as_of=as_of)
        except CchcError as exc:
            problems.append(Problem(SECTION_INITIATIVES, exc.message, exc.hint))

    histories = _histories(ds, as_of, problems)
    return Overview(
        root=ds.root, as_of=as_of, within=within, year=year, year_note=note, province=ds.province,
        place=place_name(ds, as_of), revision=read_revision(ds.root), deadlines=deadlines, coverage=coverage,
        matrix=matrix, histories=histories, gap=_gap(ds, as_of), problems=problems, load_errors=load_errors,
    )


def state_counts(report: DeadlineReport) -> list[tuple[DeadlineState, int]]:
    """Every state in display order with its count (zeros included)."""
    return [(state, report.counts[state]) for state in DeadlineState]


def score_text(value: float | None) -> str:
    return points(value) if value is not None else "—"


__all__ = [
    "DEFAULT_OUTPUT",
    "Coverage",
    "EndedLead",
    "Overview",
    "Problem",
    "SummaryItem",
    "build_overview",
    "coverage_year",
    "place_name",
    "state_counts",
]
