"""Published index results: history per province, and where the points were lost.

* :func:`history` — score, rank and the change in rank ("tăng 5 bậc") per year.
* :func:`gap_analysis` — for a year with per-criterion points: every criterion below its
  maximum, the points lost, the lead agency that year (joined from the assignment), totals per
  agency, per lĩnh vực and per assessment method (survey vs appraisal).
* :func:`plan_target` — which criteria close the gap to a target score or rank, largest loss first.
* :func:`losses_by_agency` — each agency's own lost criteria, for the "rà soát, giải trình"
  request of seed 001.

Results or criteria sets marked ``example: true`` are illustrative; every report built on them
has ``example`` set and carries :data:`EXAMPLE_BANNER`, which every output must show.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.domain.provinces import names_meaning, own_names
from cchc.errors import UsageError
from cchc.io.atomic import write_output
from cchc.io.loader import Dataset
from cchc.models.assignments import AssignmentSet
from cchc.models.common import IndexName, code_sort_key, parent_code
from cchc.models.criteria import AssessmentMethod, CriteriaSet, Criterion
from cchc.models.results import IndexResult
from cchc.output.tables import Column, TableData, export_table, to_markdown
from cchc.textvn import number, points, rank_change

EXAMPLE_BANNER = ("Số liệu minh họa: điểm từng tiêu chí và/hoặc bộ tiêu chí là giả định (example: true), "
                  "không phải kết quả công bố")
TOLERANCE = 1e-6
NO_LEAD = "Chưa có cơ quan chủ trì"


def _fold(text: str) -> str:
    """Case- and accent-insensitive key for province names ("dak lak" finds "Đắk Lắk")."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("-", " ").split())


def parse_index(value: str | IndexName | None) -> IndexName:
    if value is None:
        return IndexName.PAR_INDEX
    if isinstance(value, IndexName):
        return value
    key = value.strip().upper().replace("-", "_").replace(" ", "_")
    if key == "PARINDEX":
        key = "PAR_INDEX"
    try:
        return IndexName(key)
    except ValueError:
        raise UsageError(f"chỉ số «{value}» không có",
                         hint="các chỉ số: " + ", ".join(i.value for i in IndexName)) from None


def resolve_province(ds: Dataset, province: str | None, index: IndexName) -> str | None:
    """The province name as written in the results; None means every province."""
    if province is None:
        return None
    names = sorted({r.province for r in ds.results if r.index is index})
    wanted = _fold(province)
    own = own_names(ds)
    if any(_fold(name) == wanted for name in own) and own.intersection(names):
        return next(name for name in own if _fold(name) == wanted)  # any name of the data's own province
    for name in names:
        if _fold(name) == wanted:
            return name
    raise UsageError(f"không có kết quả {index.value} của tỉnh «{province}»",
                     hint=("các tỉnh có kết quả: " + ", ".join(names)) if names
                     else "thêm kết quả vào một tệp `schema: results@1`")


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------

@dataclass
class HistoryRow:
    result: IndexResult
    previous: IndexResult | None = None
    rank_change: str | None = None
    score_change: float | None = None
    comparable: bool = True  # False when the number of ranked provinces changed (63 → 34)

    @property
    def year(self) -> int:
        return self.result.year

    @property
    def province(self) -> str:
        return self.result.province

    @property
    def rank_text(self) -> str:
        r = self.result
        if r.rank is None:
            return "—"
        return f"{r.rank}/{r.out_of}" if r.out_of else str(r.rank)

    @property
    def change_text(self) -> str:
        if self.rank_change is None:
            if not self.comparable:
                return "không so sánh được (số tỉnh xếp hạng khác nhau)"
            return "—"
        return f"{self.rank_change} so với năm {self.previous.year}" if self.previous else self.rank_change

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        return {"index": r.index.value, "province": r.province, "year": r.year, "score": r.score,
                "rank": r.rank, "out_of": r.out_of, "rank_change": self.rank_change,
                "compared_with": self.previous.year if self.previous else None,
                "score_change": self.score_change, "example": r.example, "source": r.source}


@dataclass
class History:
    index: IndexName
    province: str | None
    rows: list[HistoryRow]
    excluded_examples: list[IndexResult] = field(default_factory=list)

    @property
    def example(self) -> bool:
        return any(row.result.example for row in self.rows)

    @property
    def provinces(self) -> list[str]:
        return list(dict.fromkeys(row.province for row in self.rows))

    @property
    def notes(self) -> list[str]:
        notes = []
        if self.example:
            notes.append(EXAMPLE_BANNER)
        if self.excluded_examples:
            years = ", ".join(f"{r.province} {r.year}" for r in self.excluded_examples)
            notes.append(f"Không đưa vào lịch sử {len(self.excluded_examples)} kết quả minh họa ({years}); "
                         "xem bằng --gap --year NĂM.")
        return notes


def history(ds: Dataset, index: IndexName | str | None = None, province: str | None = None, *,
            year: int | None = None, include_examples: bool = False) -> History:
    """Results of ``index`` per province and year, with the change in rank on the previous result.

    Example results are left out unless ``include_examples``; a rank change is only given when
    both years ranked the same number of provinces.
    """
    index = parse_index(index)
    name = resolve_province(ds, province, index)
    wanted = names_meaning(ds, name)
    chosen = [r for r in ds.results if r.index is index and (wanted is None or r.province in wanted)]
    excluded = [r for r in chosen if r.example and not include_examples]
    chosen = [r for r in chosen if include_examples or not r.example]
    own = own_names(ds)
    line = {name: min(own, key=_fold) for name in own}  # one key for every name of the data's province
    chosen.sort(key=lambda r: (_fold(line.get(r.province, r.province)), r.year))
    rows: list[HistoryRow] = []
    previous: IndexResult | None = None
    for result in chosen:
        if previous is not None and line.get(previous.province, previous.province) != \
                line.get(result.province, result.province):
            previous = None
        row = HistoryRow(result, previous)
        if previous is not None:
            if previous.out_of and result.out_of and previous.out_of != result.out_of:
                row.comparable = False
            else:
                row.rank_change = rank_change(previous.rank, result.rank)
            if previous.score is not None and result.score is not None:
                row.score_change = round(result.score - previous.score, 2)
        rows.append(row)
        previous = result
    if year is not None:
        rows = [r for r in rows if r.year == year]
        excluded = [r for r in excluded if r.year == year]
    if not rows and not excluded:
        raise UsageError(f"không có kết quả {index.value}" + (f" của {name}" if name else "")
                         + (f" năm {year}" if year else ""), hint=_available_hint(ds, wanted))
    return History(index, name, rows, excluded)


def _available_hint(ds: Dataset, provinces: set[str] | None) -> str:
    """What results the data does hold (of ``provinces``, or all), to choose with --index/--year."""
    years: dict[str, set[int]] = {}
    for result in ds.results:
        if provinces is None or result.province in provinces:
            years.setdefault(result.index.value, set()).add(result.year)
    if not years:
        return "dữ liệu chưa có kết quả chỉ số nào: thêm kết quả đã công bố vào một tệp `schema: results@1`"
    held = "; ".join(f"{index} năm {', '.join(map(str, sorted(found)))}" for index, found in sorted(years.items()))
    return f"kết quả hiện có: {held} (chọn bằng --index, --year)"


# ---------------------------------------------------------------------------
# Gap analysis
# ---------------------------------------------------------------------------

@dataclass
class GapRow:
    criterion: Criterion
    domain: Criterion | None  # the lĩnh vực (top-level criterion)
    points: float
    method: AssessmentMethod | None
    lead: str | None  # agency id (the first, when several agencies lead jointly)
    lead_name: str  # every lead: "Sở TT&TT, Sở KH&CN" for joint leads (đồng chủ trì)
    coordinators: list[str] = field(default_factory=list)
    unassigned_reason: str | None = None
    leads: list[str] = field(default_factory=list)  # every lead agency id

    @property
    def lead_key(self) -> str | None:
        """Whom a loss is counted for: one agency, or joint leads together ("a,b")."""
        return ",".join(self.leads) if self.leads else self.lead

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def max_points(self) -> float:
        return self.criterion.max_points or 0.0

    @property
    def lost(self) -> float:
        return round(max(self.max_points - self.points, 0.0), 6)

    @property
    def survey(self) -> bool:
        return self.method is AssessmentMethod.SURVEY

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.criterion.name, "domain": self.domain.code if self.domain else None,
                "max_points": self.max_points, "points": self.points, "lost": self.lost,
                "method": self.method.value if self.method else None, "lead": self.lead,
                "leads": list(self.leads), "lead_name": self.lead_name, "unassigned_reason": self.unassigned_reason}


@dataclass
class Total:
    key: str | None
    label: str
    count: int = 0
    lost: float = 0.0
    max_points: float = 0.0
    survey_lost: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "criteria": self.count, "lost": round(self.lost, 4),
                "max_points": round(self.max_points, 4), "survey_lost": round(self.survey_lost, 4)}


@dataclass
class GapReport:
    result: IndexResult
    criteria_set: CriteriaSet
    assignment: AssignmentSet | None
    scored: list[GapRow]  # every scored criterion (the finest level given)
    unscored: list[Criterion] = field(default_factory=list)  # leaves with max points but no score
    notes: list[str] = field(default_factory=list)

    @property
    def example(self) -> bool:
        return self.result.example or self.criteria_set.example

    @property
    def rows(self) -> list[GapRow]:
        """Criteria below their maximum, in code order."""
        return [r for r in self.scored if r.lost > TOLERANCE]

    @property
    def score(self) -> float:
        if self.result.score is not None:
            return self.result.score
        return round(sum(r.points for r in self.scored), 4)

    @property
    def lost(self) -> float:
        return round(sum(r.lost for r in self.rows), 4)

    @property
    def survey_lost(self) -> float:
        return round(sum(r.lost for r in self.rows if r.survey), 4)

    def _totals(self, key_of, label_of) -> list[Total]:
        totals: dict[Any, Total] = {}
        for row in self.scored:
            key = key_of(row)
            total = totals.setdefault(key, Total(key, label_of(row)))
            total.max_points += row.max_points
            if row.lost > TOLERANCE:
                total.count += 1
                total.lost += row.lost
                if row.survey:
                    total.survey_lost += row.lost
        return list(totals.values())

    def by_agency(self) -> list[Total]:
        """Points lost per lead agency, largest loss first; "no lead" last."""
        totals = [t for t in self._totals(lambda r: r.lead_key, lambda r: r.lead_name if r.lead else NO_LEAD)
                  if t.count]
        return sorted(totals, key=lambda t: (t.key is None, -t.lost, t.label))

    def by_domain(self) -> list[Total]:
        """Points lost per lĩnh vực, in code order."""
        totals = self._totals(lambda r: r.domain.code if r.domain else r.code,
                              lambda r: r.domain.label() if r.domain else r.criterion.label())
        return sorted(totals, key=lambda t: code_sort_key(t.key))

    def by_method(self) -> list[Total]:
        """Survey vs appraisal (and unknown method)."""
        def label(row: GapRow) -> str:
            return row.method.label if row.method else "chưa rõ phương pháp"
        totals = self._totals(lambda r: r.method.value if r.method else "", label)
        return sorted(totals, key=lambda t: t.key or "~")

    def title(self) -> str:
        r = self.result
        return f"Các tiêu chí chưa đạt điểm tối đa - {r.index.label}, {r.province}, năm {r.year}"

    def summary(self) -> str:
        r = self.result
        text = (f"{r.province} năm {r.year}: {points(self.score)}/{number(self.criteria_set.total_points)} điểm; "
                f"{len(self.rows)} tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa, mất {points(self.lost)} điểm")
        if self.survey_lost:
            text += f" (trong đó {points(self.survey_lost)} điểm đánh giá qua điều tra xã hội học)"
        return text + "."

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "index": r.index.value, "province": r.province, "year": r.year, "score": self.score,
            "rank": r.rank, "out_of": r.out_of, "criteria_set": self.criteria_set.id,
            "assignment": self.assignment.id if self.assignment else None,
            "example": self.example, "banner": EXAMPLE_BANNER if self.example else None,
            "lost": self.lost, "survey_lost": self.survey_lost,
            "rows": [row.to_dict() for row in self.rows],
            "by_agency": [t.to_dict() for t in self.by_agency()],
            "by_domain": [t.to_dict() for t in self.by_domain()],
            "by_method": [t.to_dict() for t in self.by_method()],
            "unscored": [c.code for c in self.unscored], "notes": self.notes,
        }


def _results_with_scores(ds: Dataset, index: IndexName, province: str | None) -> list[IndexResult]:
    wanted = names_meaning(ds, province)
    return [r for r in ds.results
            if r.index is index and r.criteria and (wanted is None or r.province in wanted)]


def _pick_result(ds: Dataset, index: IndexName, province: str | None, year: int | None) -> IndexResult:
    candidates = _results_with_scores(ds, index, province)
    where = f" của {province}" if province else ""
    if not candidates:
        raise UsageError(f"chưa có kết quả {index.value}{where} nào có điểm từng tiêu chí",
                         hint="ghi điểm từng tiêu chí (criteria: [{code, points}]) và criteria_set trong results")
    if year is not None:
        found = [r for r in candidates if r.year == year]
        if not found:
            years = ", ".join(sorted({str(r.year) for r in candidates}))
            raise UsageError(f"kết quả {index.value}{where} năm {year} không có điểm từng tiêu chí",
                             hint=f"các năm có điểm từng tiêu chí: {years}")
        candidates = found
    # Published results first, then the newest year; one province when several share a year.
    candidates.sort(key=lambda r: (r.example, -r.year))
    best = candidates[0]
    same = [r for r in candidates if r.year == best.year and r.example == best.example]
    if len({r.province for r in same}) > 1:
        names = ", ".join(sorted({r.province for r in same}))
        raise UsageError(f"năm {best.year} có điểm từng tiêu chí của nhiều tỉnh: {names}",
                         hint="chọn tỉnh bằng --province TÊN")
    return best


def _pick_assignment(ds: Dataset, result: IndexResult, criteria: CriteriaSet,
                     notes: list[str]) -> AssignmentSet | None:
    return assignment_for_year(ds, result.year, criteria, notes)


def assignment_for_year(ds: Dataset, year: int, criteria: CriteriaSet,
                        notes: list[str]) -> AssignmentSet | None:
    """The assignment of ``year``; else the nearest year on the same criteria set."""
    same_index = [a for a in ds.assignments.values()
                  if (cs := ds.criteria_sets.get(a.criteria_set)) is not None and cs.index is criteria.index]
    this_year = [a for a in same_index if a.year == year]
    this_year.sort(key=lambda a: a.criteria_set != criteria.id)
    if this_year:
        chosen = this_year[0]
        if chosen.criteria_set != criteria.id:
            notes.append(f"Cơ quan chủ trì lấy theo bảng phân công «{chosen.id}» (bộ «{chosen.criteria_set}»), "
                         f"ghép theo mã tiêu chí với bộ «{criteria.id}».")
        return chosen
    same_set = sorted((a for a in same_index if a.criteria_set == criteria.id),
                      key=lambda a: (abs(a.year - year), -a.year))
    if same_set:
        chosen = same_set[0]
        notes.append(f"Không có bảng phân công năm {year}; cơ quan chủ trì lấy theo bảng phân công "
                     f"năm {chosen.year} («{chosen.id}») cùng bộ tiêu chí.")
        return chosen
    notes.append(f"Không có bảng phân công cho năm {year}: chưa xác định được cơ quan chủ trì.")
    return None


def lead_lookup(ds: Dataset, criteria: CriteriaSet, assignment: AssignmentSet | None
                ) -> dict[str, tuple[str | None, list[str], str | None, list[str]]]:
    """code → (first lead agency id, coordinators, unassigned reason, every lead), via the assign
    service (:func:`cchc.domain.leads.resolve_leads`)."""
    if assignment is None:
        return {}
    from cchc.services.assignments import resolve_leads

    resolution = resolve_leads(criteria, assignment, ds.agencies)
    return {item.criterion.code: (item.lead, item.coordinators, item.unassigned_reason, item.leads)
            for item in resolution.by_criterion()}


def _method_of(criterion: Criterion, by_code: dict[str, Criterion]) -> AssessmentMethod | None:
    code: str | None = criterion.code
    while code is not None:
        item = by_code.get(code)
        if item is not None and item.method is not None:
            return item.method
        code = parent_code(code)
    return None


def _domain_of(code: str, by_code: dict[str, Criterion]) -> Criterion | None:
    return by_code.get(code.split(".")[0])


def gap_analysis(ds: Dataset, *, year: int | None = None, index: IndexName | str | None = None,
                 province: str | None = None) -> GapReport:
    """Points lost per criterion for ``year`` (default: the newest year with per-criterion points).

    The scored level is the finest one given: a scored criterion whose descendants are also
    scored is left out so that nothing is counted twice.
    """
    index = parse_index(index)
    name = resolve_province(ds, province if province is not None else None, index) if province else None
    from cchc.services.scoring import final_result

    final = final_result(ds, index=index, year=year, province=name)
    result = final if final is not None else _pick_result(ds, index, name, year)
    assert result.criteria_set is not None  # the model requires it when criteria are scored
    criteria = ds.criteria_sets.get(result.criteria_set)
    if criteria is None:
        raise UsageError(f"bộ tiêu chí «{result.criteria_set}» của kết quả {result.province} năm {result.year} "
                         "không tồn tại", hint="chạy `cchc validate` để xem lỗi dữ liệu")
    by_code = criteria.by_code()
    notes: list[str] = []
    if criteria.example or result.example:
        notes.append(EXAMPLE_BANNER)
    if final is not None and final.note:
        notes.append(final.note)
    assignment = _pick_assignment(ds, result, criteria, notes)
    leads = lead_lookup(ds, criteria, assignment)

    scores = {s.code: s for s in result.criteria if s.code in by_code}
    unknown = [s.code for s in result.criteria if s.code not in by_code]
    if unknown:
        notes.append(f"Bỏ qua mã không có trong bộ «{criteria.id}»: {', '.join(unknown)}.")
    finest = [code for code in scores
              if not any(other != code and other.startswith(code + ".") for other in scores)]
    rows: list[GapRow] = []
    no_max: list[str] = []
    for code in sorted(finest, key=code_sort_key):
        item = by_code[code]
        if item.max_points is None:
            no_max.append(code)
            continue
        lead, coordinators, reason, every = leads.get(code, (None, [], None, []))
        if lead is not None:
            lead_name = ", ".join(ds.agencies[a].display_name if a in ds.agencies else a for a in every or [lead])
        else:
            lead_name = f"Không phân công ({reason})" if reason else NO_LEAD
        rows.append(GapRow(item, _domain_of(code, by_code), scores[code].points, _method_of(item, by_code),
                           lead, lead_name, coordinators, reason, list(every)))
    if no_max:
        notes.append(f"Không tính được điểm mất của {', '.join(no_max)}: bộ tiêu chí chưa có điểm tối đa.")
    covered = set(finest)
    unscored = [leaf for leaf in criteria.leaves()
                if leaf.max_points is not None
                and not any(leaf.code == c or leaf.code.startswith(c + ".") for c in covered)]
    if unscored:
        notes.append(f"{len(unscored)} tiêu chí chưa có điểm trong kết quả: "
                     + ", ".join(c.code for c in sorted(unscored, key=lambda c: code_sort_key(c.code))) + ".")
    report = GapReport(result, criteria, assignment, rows, unscored, notes)
    if result.score is not None and not unscored and not no_max:
        total = round(sum(r.points for r in rows), 4)
        if abs(total - result.score) > 0.01:
            notes.append(f"Điểm tổng ghi trong kết quả ({points(result.score)}) khác tổng điểm các tiêu chí "
                         f"({points(total)}).")
    return report


# ---------------------------------------------------------------------------
# Target: which criteria to recover first
# ---------------------------------------------------------------------------

@dataclass
class TargetStep:
    row: GapRow
    score_after: float


@dataclass
class TargetPlan:
    report: GapReport
    target: float
    basis: str  # how the target score was set
    steps: list[TargetStep]
    reached: bool

    @property
    def needed(self) -> float:
        return round(max(self.target - self.report.score, 0.0), 4)

    @property
    def recovered(self) -> float:
        return round(sum(s.row.lost for s in self.steps), 4)

    @property
    def shortfall(self) -> float:
        return round(max(self.target - (self.report.score + self.recovered), 0.0), 4)

    def summary(self) -> str:
        current = points(self.report.score)
        if self.needed <= TOLERANCE:
            return f"Điểm hiện tại {current} đã đạt mục tiêu {points(self.target)} ({self.basis})."
        text = (f"Mục tiêu {points(self.target)} điểm ({self.basis}): cần thêm {points(self.needed)} điểm so với "
                f"{current}. ")
        if self.reached:
            text += (f"Khắc phục {len(self.steps)} tiêu chí mất nhiều điểm nhất "
                     f"(lấy lại {points(self.recovered)} điểm) là đạt mục tiêu.")
        else:
            text += (f"Kể cả lấy lại toàn bộ {points(self.recovered)} điểm đã mất vẫn thiếu "
                     f"{points(self.shortfall)} điểm.")
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "basis": self.basis, "current": self.report.score,
                "needed": self.needed, "reached": self.reached, "recovered": self.recovered,
                "shortfall": self.shortfall, "example": self.report.example,
                "steps": [{**s.row.to_dict(), "score_after": s.score_after} for s in self.steps]}


def target_for_rank(ds: Dataset, report: GapReport, rank: int) -> tuple[float, str]:
    """The score to reach ``rank``: that of the province holding it that year, if recorded."""
    r = report.result
    if rank < 1 or (r.out_of and rank > r.out_of):
        raise UsageError(f"thứ hạng mục tiêu {rank} không hợp lệ",
                         hint=f"chọn từ 1 đến {r.out_of}" if r.out_of else "thứ hạng bắt đầu từ 1")
    peers = [p for p in ds.results if p.index is r.index and p.year == r.year and not p.example
             and p.rank is not None and p.score is not None and p.province != r.province]
    exact = [p for p in peers if p.rank == rank]
    if exact:
        peer = exact[0]
        return peer.score, f"bằng điểm của tỉnh xếp thứ {rank} năm {r.year}: {peer.province}"  # type: ignore[return-value]
    better = sorted((p for p in peers if p.rank is not None and p.rank < rank), key=lambda p: -p.rank)  # type: ignore[operator]
    if better:
        peer = better[0]
        return peer.score, (f"chưa có điểm của tỉnh xếp thứ {rank}; lấy điểm của {peer.province} "  # type: ignore[return-value]
                            f"(thứ {peer.rank} năm {r.year}), mức cao hơn cần thiết")
    raise UsageError(f"không biết điểm của tỉnh xếp thứ {rank} năm {r.year} {r.index.value}",
                     hint="thêm kết quả của tỉnh đó vào results (score, rank), hoặc dùng --target ĐIỂM")


def plan_target(report: GapReport, *, score: float | None = None, rank: int | None = None,
                ds: Dataset | None = None) -> TargetPlan:
    """Recover the largest losses first until the target score is reached."""
    if (score is None) == (rank is None):
        raise UsageError("chọn một trong hai: --target ĐIỂM hoặc --target-rank THỨ_HẠNG")
    if score is not None:
        maximum = report.criteria_set.total_points
        if score <= 0 or score > maximum:
            raise UsageError(f"điểm mục tiêu {points(score)} không hợp lệ",
                             hint=f"chọn một số trong khoảng 0-{number(maximum)}")
        target, basis = score, "điểm mục tiêu"
    else:
        if ds is None:
            raise UsageError("cần dữ liệu kết quả của các tỉnh khác để tính theo thứ hạng")
        target, basis = target_for_rank(ds, report, rank)  # type: ignore[arg-type]
    current = report.score
    steps: list[TargetStep] = []
    ordered = sorted(report.rows, key=lambda r: (-r.lost, code_sort_key(r.code)))
    running = current
    for row in ordered:
        if running >= target - TOLERANCE:
            break
        running = round(running + row.lost, 4)
        steps.append(TargetStep(row, running))
    return TargetPlan(report, target, basis, steps, reached=running >= target - TOLERANCE)


# ---------------------------------------------------------------------------
# Per-agency lists for the "rà soát, giải trình" request (seed 001)
# ---------------------------------------------------------------------------

@dataclass
class AgencyLosses:
    agency: str | None
    name: str
    rows: list[GapRow]

    @property
    def lost(self) -> float:
        return round(sum(r.lost for r in self.rows), 4)

    @property
    def survey_rows(self) -> list[GapRow]:
        return [r for r in self.rows if r.survey]

    def lines(self) -> list[str]:
        """"Tiêu chí 3.2 - Giải quyết ... : đạt 4/5 điểm, mất 1 điểm (điều tra xã hội học)"."""
        out = []
        for row in self.rows:
            method = f" ({row.method.label})" if row.method else ""
            out.append(f"{row.criterion.label()}: đạt {points(row.points)}/{points(row.max_points)} điểm, "
                       f"mất {points(row.lost)} điểm{method}")
        return out


def losses_by_agency(report: GapReport) -> list[AgencyLosses]:
    """Each lead agency's lost criteria (in code order); criteria without a lead come last."""
    groups: dict[str | None, AgencyLosses] = {}
    for row in report.rows:
        group = groups.setdefault(row.lead_key, AgencyLosses(row.lead_key, row.lead_name if row.lead else NO_LEAD, []))
        group.rows.append(row)

    def key(group: AgencyLosses) -> tuple:
        return (group.agency is None, -group.lost, group.name)
    return sorted(groups.values(), key=key)


# ---------------------------------------------------------------------------
# Tables and exports
# ---------------------------------------------------------------------------

EXPORT_FORMATS = ("md", "json", "xlsx", "png")
CHART_HINT = "pip install 'cchc[chart]'"


def _method_text(row: GapRow) -> str:
    return row.method.label if row.method else "chưa rõ"


def history_table(hist: History) -> TableData:
    columns = [Column("province", "Tỉnh, thành phố", 18), Column("year", "Năm", 8, "center"),
               Column("score", "Điểm", 10, "right", kind="number"), Column("rank", "Xếp hạng", 10, "center"),
               Column("change", "Thay đổi thứ hạng", 30), Column("source", "Nguồn", 40)]
    rows = [{"province": r.province, "year": r.year, "score": r.result.score, "rank": r.rank_text,
             "change": r.change_text, "source": r.result.source or ""} for r in hist.rows]
    title = f"Kết quả {hist.index.label}" + (f" - {hist.province}" if hist.province else "")
    return TableData(title, columns, rows, subtitle=EXAMPLE_BANNER if hist.example else None, notes=hist.notes)


def gap_table(report: GapReport) -> TableData:
    columns = [Column("stt", "STT", 6, "center", kind="int"), Column("code", "Mã", 9, "center"),
               Column("name", "Tiêu chí, tiêu chí thành phần", 48),
               Column("max", "Điểm tối đa", 10, "right", kind="number"),
               Column("points", "Điểm đạt", 10, "right", kind="number"),
               Column("lost", "Điểm mất", 10, "right", kind="number"),
               Column("method", "Phương pháp", 16), Column("lead", "Cơ quan chủ trì", 24)]
    rows = [{"stt": n, "code": r.code, "name": r.criterion.name, "max": r.max_points,
             "points": r.points, "lost": r.lost, "method": _method_text(r), "lead": r.lead_name}
            for n, r in enumerate(report.rows, start=1)]
    rows.append({"stt": "", "code": "", "name": "Tổng cộng", "max": "", "points": "",
                 "lost": report.lost, "method": "", "lead": ""})
    notes = [report.summary()]
    notes += [f"{t.label}: {t.count} tiêu chí, mất {points(t.lost)} điểm"
              + (f" (điều tra xã hội học {points(t.survey_lost)})" if t.survey_lost else "")
              for t in report.by_agency()]
    notes += [n for n in report.notes if n != EXAMPLE_BANNER]
    return TableData(report.title(), columns, rows,
                     subtitle=EXAMPLE_BANNER if report.example else None, notes=notes)


def totals_table(report: GapReport, by: str) -> TableData:
    """Totals ``by`` "agency", "domain" or "method"."""
    totals, heading, title = {
        "agency": (report.by_agency(), "Cơ quan chủ trì", "Điểm mất theo cơ quan chủ trì"),
        "domain": (report.by_domain(), "Lĩnh vực", "Điểm mất theo lĩnh vực"),
        "method": (report.by_method(), "Phương pháp đánh giá", "Điểm mất theo phương pháp đánh giá"),
    }[by]
    columns = [Column("label", heading, 48), Column("count", "Số tiêu chí mất điểm", 12, "center", kind="int"),
               Column("lost", "Điểm mất", 10, "right", kind="number"),
               Column("survey", "Trong đó điều tra XHH", 12, "right", kind="number")]
    rows = [{"label": t.label, "count": t.count, "lost": t.lost, "survey": t.survey_lost}
            for t in totals]
    return TableData(title, columns, rows, subtitle=EXAMPLE_BANNER if report.example else None)


def target_table(plan: TargetPlan) -> TableData:
    columns = [Column("stt", "STT", 6, "center"), Column("code", "Mã", 9, "center"),
               Column("name", "Tiêu chí cần khắc phục", 48), Column("lost", "Điểm lấy lại", 10, "right"),
               Column("after", "Điểm sau khắc phục", 12, "right"), Column("lead", "Cơ quan chủ trì", 24)]
    rows = [{"stt": n, "code": s.row.code, "name": s.row.criterion.name, "lost": points(s.row.lost),
             "after": points(s.score_after), "lead": s.row.lead_name} for n, s in enumerate(plan.steps, start=1)]
    return TableData(f"Lộ trình đạt {points(plan.target)} điểm", columns, rows,
                     subtitle=EXAMPLE_BANNER if plan.report.example else None, notes=[plan.summary()])


def export_history(hist: History, fmt: str, *, path: Path | None = None, force: bool = False,
                   warnings: list[str] | None = None) -> str | None:
    if fmt == "png":
        if path is None:
            raise UsageError("biểu đồ cần tệp kết quả", hint="thêm -o TỆP.png")
        write_history_chart(hist, path, force=force)
        return None
    payload = {"index": hist.index.value, "province": hist.province, "example": hist.example,
               "banner": EXAMPLE_BANNER if hist.example else None, "notes": hist.notes,
               "rows": [r.to_dict() for r in hist.rows]}
    json_text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else None
    return export_table(history_table(hist), fmt, path=path, force=force, sheet="Kết quả chỉ số",
                        json_text=json_text, formats=EXPORT_FORMATS, warnings=warnings)


def export_gap(report: GapReport, fmt: str, *, plan: TargetPlan | None = None, path: Path | None = None,
               force: bool = False, warnings: list[str] | None = None) -> str | None:
    if fmt == "png":
        if path is None:
            raise UsageError("biểu đồ cần tệp kết quả", hint="thêm -o TỆP.png")
        write_gap_chart(report, path, force=force)
        return None
    table = target_table(plan) if plan is not None else gap_table(report)
    markdown = None
    if fmt == "md":
        parts = [to_markdown(table)]
        if plan is None:
            parts += [to_markdown(totals_table(report, by)) for by in ("agency", "domain", "method")]
        markdown = "\n".join(parts)
    json_text = None
    if fmt == "json":
        payload = report.to_dict()
        if plan is not None:
            payload["target"] = plan.to_dict()
        json_text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return export_table(table, fmt, path=path, force=force, sheet="Điểm mất", markdown=markdown,
                        json_text=json_text, formats=EXPORT_FORMATS, warnings=warnings)


# ---------------------------------------------------------------------------
# Charts (matplotlib is optional: the `chart` extra)
# ---------------------------------------------------------------------------

def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise UsageError("vẽ biểu đồ PNG cần thư viện matplotlib, chưa được cài",
                         hint=f"cài bằng: {CHART_HINT}") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _watermark(fig) -> None:
    fig.text(0.5, 0.5, "SỐ LIỆU MINH HỌA", fontsize=40, color="red", alpha=0.15, ha="center", va="center",
             rotation=25)
    fig.text(0.5, 0.01, EXAMPLE_BANNER, fontsize=8, color="red", ha="center", va="bottom")


def _save(fig, plt, path: Path, force: bool) -> None:
    try:
        write_output(path, lambda tmp: fig.savefig(tmp, format="png", dpi=150), force=force)
    finally:
        plt.close(fig)


def write_history_chart(hist: History, path: Path, *, force: bool = False) -> Path:
    """Score and rank per year, one line per province (rank axis inverted: 1 at the top)."""
    plt = _pyplot()
    fig, (ax_score, ax_rank) = plt.subplots(1, 2, figsize=(10, 4))
    for province in hist.provinces:
        rows = [r for r in hist.rows if r.province == province]
        scored = [r for r in rows if r.result.score is not None]
        ranked = [r for r in rows if r.result.rank is not None]
        if scored:
            ax_score.plot([r.year for r in scored], [r.result.score for r in scored], marker="o", label=province)
            for r in scored:
                ax_score.annotate(points(r.result.score), (r.year, r.result.score), textcoords="offset points",
                                  xytext=(0, 6), ha="center", fontsize=8)
        if ranked:
            ax_rank.plot([r.year for r in ranked], [r.result.rank for r in ranked], marker="o", label=province)
            for r in ranked:
                ax_rank.annotate(r.rank_text, (r.year, r.result.rank), textcoords="offset points",
                                 xytext=(0, 6), ha="center", fontsize=8)
    ax_score.set_title("Điểm")
    ax_rank.set_title("Xếp hạng (1 là cao nhất)")
    ax_rank.invert_yaxis()
    years = sorted({r.year for r in hist.rows})
    for ax in (ax_score, ax_rank):
        ax.margins(x=0.1, y=0.15)
        ax.set_xticks(years)
        ax.grid(alpha=0.3)
        if len(hist.provinces) > 1:
            ax.legend(fontsize=8)
    fig.suptitle(history_table(hist).title)
    if hist.example:
        _watermark(fig)
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    _save(fig, plt, path, force)
    return path


def write_gap_chart(report: GapReport, path: Path, *, force: bool = False) -> Path:
    """Points lost per lead agency, split into appraisal and survey."""
    plt = _pyplot()
    totals = list(reversed(report.by_agency()))
    labels = [t.label for t in totals]
    survey = [t.survey_lost for t in totals]
    appraisal = [t.lost - t.survey_lost for t in totals]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(totals) + 2))
    ax.barh(labels, appraisal, label="tự đánh giá, thẩm định", color="#4472c4")
    ax.barh(labels, survey, left=appraisal, label="điều tra xã hội học", color="#ed7d31")
    for y, t in enumerate(totals):
        ax.text(t.lost, y, f" {points(t.lost)}", va="center", fontsize=8)
    ax.set_xlabel("Điểm mất")
    ax.legend(fontsize=8, loc="lower right")
    r = report.result
    fig.suptitle(f"Điểm mất theo cơ quan chủ trì - {r.province}, năm {r.year}")
    if report.example:
        _watermark(fig)
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    _save(fig, plt, path, force)
    return path
