"""Cross-file checks: every reference resolves, and agencies exist when they are referenced."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from cchc.checks.base import Report
from cchc.domain.agencies import successor_at, successor_cycle
from cchc.domain.deadlines import is_open, task_reference_date
from cchc.domain.groups import group_members
from cchc.domain.progress import task_units
from cchc.domain.suggest import did_you_mean
from cchc.textvn import date_short, join_names

if TYPE_CHECKING:
    from cchc.models.criteria import CriteriaSet


def agency_ref(report: Report, record: Any, path: tuple, agency_id: str, *,
                on: date | None = None, year: int | None = None, role: str = "cơ quan") -> None:
    """Whether ``agency_id`` names an agency (or group) that exists at ``on`` / in ``year``;
    what is wrong is reported at ``path`` of ``record``. What is found depends only on
    (id, day, year), not on the record: references found fine are remembered on the report
    (``report.quiet``), so a caller checking many records may skip them."""
    key = (agency_id, on, year)
    if key in report.quiet:
        return
    before = len(report.found)
    _agency_ref(report, record, path, agency_id, on=on, year=year, role=role)
    if len(report.found) == before:
        report.quiet.add(key)


def _agency_ref(report: Report, record: Any, path: tuple, agency_id: str, *,
                on: date | None, year: int | None, role: str) -> None:
    ds = report.ds
    agency = ds.agencies.get(agency_id)
    if agency is None and agency_id in ds.groups:
        _group_ref(report, record, path, ds.groups[agency_id], on=on, year=year, role=role)
        return
    if agency is None:
        report.unknown(record, path, "agencies", agency_id, f"{role} «{agency_id}» không có trong danh mục cơ quan",
                       label=role,
                       hint=did_you_mean(agency_id, [*ds.agencies, *ds.groups], "thêm cơ quan vào agencies.yaml hoặc sửa mã"),
                       code="unknown-agency")
        return
    if on is not None and agency.is_valid_on(on):
        return
    if year is not None and on is None and agency.is_valid_in_year(year):
        return
    if on is None and year is None:
        return
    when = date_short(on) if on is not None else f"năm {year}"
    successor = successor_at(ds.agencies, agency, on=on, year=year if on is None else None)
    if agency.valid_until and (on is not None and on > agency.valid_until or
                               year is not None and on is None and year > agency.valid_until.year):
        ended = f"đã kết thúc hoạt động từ sau ngày {date_short(agency.valid_until)}"
        hint = (f"chuyển sang cơ quan kế nhiệm «{successor.id}» ({successor.name})" if successor
                else "chọn cơ quan đang hoạt động tiếp nhận nhiệm vụ này")
        report.warning(record, path, f"{role} «{agency.name}» {ended}, nhưng được dùng cho {when}",
                       hint=hint, code="agency-ended")
    else:
        report.warning(record, path, f"{role} «{agency.name}» chưa được thành lập vào {when}",
                       hint=f"cơ quan có hiệu lực từ {date_short(agency.valid_from)}" if agency.valid_from else None,
                       code="agency-not-yet")


def _group_ref(report: Report, record: Any, path: tuple, group, *, on: date | None, year: int | None,
               role: str) -> None:
    """A group stands for its members at the date; a group with no member then is a warning."""
    if not group_members(report.ds, group, on, year=year):
        when = date_short(on) if on is not None else f"năm {year}"
        hint = "chọn nhóm hoặc cơ quan còn hoạt động vào ngày đó"
        members = group_members(report.ds, group)  # at any date
        if not members:
            kinds = ", ".join(kind.value for kind in group.kinds)
            hint = (f"danh mục cơ quan chưa có cơ quan nào thuộc loại của nhóm (kinds: {kinds}); thêm các cơ "
                    "quan đó vào tệp agencies, hoặc ghi chủ trì là cơ quan cụ thể")
        elif all(a.valid_until for a in members):
            hint += f" (các cơ quan của nhóm hoạt động đến {date_short(max(a.valid_until for a in members))})"
        elif all(a.valid_from for a in members):
            hint += f" (các cơ quan của nhóm hoạt động từ {date_short(min(a.valid_from for a in members))})"
        report.warning(record, path, f"{role} «{group.name}» không có cơ quan nào còn hoạt động vào {when}",
                       hint=hint, code="empty-group")


def document_ref(report: Report, record: Any, path: tuple, doc_id: str) -> None:
    if doc_id not in report.ds.documents:
        report.unknown(record, path, "documents", doc_id,
                       f"văn bản «{doc_id}» không có trong danh mục văn bản (documents)",
                       hint=did_you_mean(doc_id, report.ds.documents, "thêm văn bản vào một tệp documents"),
                       code="unknown-document")


def criteria_set_ref(report: Report, record: Any, path: tuple, set_id: str) -> CriteriaSet | None:
    found = report.ds.criteria_sets.get(set_id)
    if found is None:
        report.unknown(record, path, "criteria", set_id, f"bộ tiêu chí «{set_id}» không tồn tại",
                       hint=did_you_mean(set_id, report.ds.criteria_sets,
                                         "các bộ hiện có: " + ", ".join(report.ds.criteria_sets)),
                       code="unknown-criteria-set")
    return found


def _code_ref(report: Report, record: Any, path: tuple, code: str, sets: list[CriteriaSet]) -> None:
    if not sets:
        return
    if any(code in s.by_code() for s in sets):
        return
    names = ", ".join(s.id for s in sets)
    report.error(record, path, f"mã tiêu chí «{code}» không có trong bộ tiêu chí {names}",
                 hint=did_you_mean(code, [c for s in sets for c in s.by_code()]), code="unknown-criterion")


def check_agencies(report: Report) -> None:
    ds = report.ds
    for group in ds.groups.values():
        if group.id in ds.agencies:
            report.error(group, ("id",), f"mã nhóm «{group.id}» trùng với mã một cơ quan",
                         hint="nhóm và cơ quan dùng chung không gian mã; đổi mã nhóm", code="group-id-clash")
    for agency in ds.agencies.values():
        if agency.parent:
            agency_ref(report, agency, ("parent",), agency.parent, role="cơ quan chủ quản")
        if agency.successor:
            agency_ref(report, agency, ("successor",), agency.successor, role="cơ quan kế nhiệm")
            successor = ds.agencies.get(agency.successor)
            if successor and agency.valid_until is None:
                report.error(agency, ("successor",), f"«{agency.name}» có cơ quan kế nhiệm nhưng thiếu valid_until",
                             hint="ghi ngày cuối cùng cơ quan còn hoạt động", code="successor-without-end")
            if (successor and agency.valid_until and successor.valid_from
                    and successor.valid_from > agency.valid_until.fromordinal(agency.valid_until.toordinal() + 1)):
                report.warning(agency, ("successor",),
                               f"khoảng trống giữa ngày kết thúc của «{agency.name}» và ngày thành lập của «{successor.name}»",
                               code="successor-gap")
        if successor_cycle(ds.agencies, agency):
            report.error(agency, ("successor",), "chuỗi cơ quan kế nhiệm tạo thành vòng lặp",
                         code="successor-cycle")


def check_assignments(report: Report) -> None:
    ds = report.ds
    for assignment in ds.assignments.values():
        criteria = criteria_set_ref(report, assignment, ("criteria_set",), assignment.criteria_set)
        if criteria is not None and not criteria.applies_to(assignment.year):
            report.warning(assignment, ("year",),
                           f"bộ tiêu chí «{criteria.id}» không áp dụng cho năm {assignment.year}",
                           hint="các năm áp dụng: " + ", ".join(map(str, criteria.years)),
                           code="criteria-year")
        if assignment.source:
            document_ref(report, assignment, ("source",), assignment.source)
        if criteria is not None:
            continue  # leads, codes and agencies: check_assignment_coverage, as `cchc assign` sees them
        from cchc.domain.leads import lead_agencies  # only a repository with assignments needs it

        for i, lead in enumerate(assignment.leads):
            for j, agency_id in enumerate(lead_agencies(lead)):
                agency_ref(report, assignment, ("leads", i, "agency", j) if isinstance(lead.agency, list)
                           else ("leads", i, "agency"), agency_id, role="cơ quan chủ trì")
            for j, coordinator in enumerate(lead.coordinators):
                agency_ref(report, assignment, ("leads", i, "coordinators", j), coordinator,
                           role="cơ quan phối hợp")


def _open_task_of_ended_leads(report: Report, task, on: date | None) -> None:
    """An open task whose leads have ended since it was given: one warning naming them and the
    successors that take the work over (as deadlines and reminders attribute it)."""
    ds = report.ds
    if not is_open(task):
        return
    ended = []
    for agency_id in task.lead:
        agency = ds.agencies.get(agency_id)
        if agency is None or agency.valid_until is None or (on is not None and on > agency.valid_until):
            continue  # unknown, still existing, or already reported as not existing when given
        ended.append((agency, successor_at(ds.agencies, agency, on=agency.valid_until + timedelta(days=1))))
    if not ended:
        return
    names = join_names([agency.name for agency, _ in ended])
    last = max(agency.valid_until for agency, _ in ended)
    takers = sorted({s.name for _, s in ended if s is not None})
    orphans = [agency.name for agency, s in ended if s is None]
    hint = ("cơ quan tiếp nhận: " + join_names(takers) if takers else "")
    if orphans:
        hint += ("; " if hint else "") + f"chưa có cơ quan kế nhiệm: {join_names(orphans)}"
    index = task.lead.index(ended[0][0].id)
    report.warning(task, ("lead", index) if len(ended) == 1 else ("lead",),
                   f"nhiệm vụ chưa hoàn thành nhưng cơ quan chủ trì {names} đã kết thúc hoạt động"
                   f"{'' if len(ended) > 1 else f' sau ngày {date_short(last)}'}",
                   hint=hint + "; sửa lead hoặc ghi kết quả nếu đã hoàn thành", code="open-task-ended-lead")


def _progress_units(report: Report, task: Any, on: date | None) -> None:
    """Each ``progress:`` entry names a unit holding the task (a lead, or a member of a lead
    group existing at the task's date: :func:`cchc.domain.progress.task_units`), once."""
    ds = report.ds
    units = task_units(ds, task)
    seen: set[str] = set()
    for i, entry in enumerate(task.progress):
        path = ("progress", i, "agency")
        if entry.agency in seen:
            report.error(task, path, f"đơn vị «{entry.agency}» được ghi tiến độ hai lần",
                         hint="gộp thành một mục", code="duplicate-progress")
            continue
        seen.add(entry.agency)
        if entry.agency not in ds.agencies and entry.agency not in ds.groups:
            agency_ref(report, task, path, entry.agency, on=on, role="đơn vị")
        elif entry.agency not in units:
            when = f" vào ngày {date_short(on)}" if on else ""
            group = entry.agency in ds.groups
            report.error(task, path,
                         f"«{ds.agency_name(entry.agency)}» không chủ trì nhiệm vụ này và không thuộc nhóm chủ trì{when}"
                         if not group else f"tiến độ ghi cho từng đơn vị, không cho nhóm «{ds.agency_name(entry.agency)}»",
                         hint=did_you_mean(entry.agency, units, "ghi một cơ quan chủ trì hoặc một thành viên của nhóm chủ trì")
                         if units else None, code="progress-not-a-unit")


def check_tasks(report: Report) -> None:
    ds = report.ds
    quiet = report.quiet  # (agency id, day, year) that agency_ref found nothing to report about
    documents = ds.documents
    # leads that end at some day: only a task led by one of them can be open with an ended lead
    ending = {agency_id for agency_id, agency in ds.agencies.items() if agency.valid_until is not None}
    sets_of_year: dict[int | None, tuple[list[CriteriaSet], frozenset[str]]] = {}
    every_set = list(ds.criteria_sets.values())
    for task in ds.tasks.values():
        on = task_reference_date(task, documents)
        for i, agency_id in enumerate(task.lead):
            if (agency_id, on, None) not in quiet:
                agency_ref(report, task, ("lead", i), agency_id, on=on, role="cơ quan chủ trì")
        for i, agency_id in enumerate(task.coordinators):
            if (agency_id, on, None) not in quiet:
                agency_ref(report, task, ("coordinators", i), agency_id, on=on, role="cơ quan phối hợp")
        if ending and not ending.isdisjoint(task.lead):
            _open_task_of_ended_leads(report, task, on)
        if task.progress:
            _progress_units(report, task, on)
        if task.report_to and (task.report_to, on, None) not in quiet:
            agency_ref(report, task, ("report_to",), task.report_to, on=on, role="cơ quan nhận báo cáo")
        if task.source and task.source not in documents:
            document_ref(report, task, ("source",), task.source)
        for i, extension in enumerate(task.extensions):
            if extension.source:
                document_ref(report, task, ("extensions", i, "source"), extension.source)
        if task.criteria:
            year = on.year if on else None
            known = sets_of_year.get(year)
            if known is None:
                sets = (ds.criteria_for_year(year) if year else every_set) or every_set
                known = sets_of_year[year] = (sets, frozenset(code for s in sets for code in s.by_code()))
            sets, codes = known
            for i, code in enumerate(task.criteria):
                if code not in codes:
                    _code_ref(report, task, ("criteria", i), code, sets)


def check_initiatives(report: Report) -> None:
    ds = report.ds
    for initiative in ds.initiatives.values():
        if initiative.origin_agency:
            agency_ref(report, initiative, ("origin_agency",), initiative.origin_agency, role="đơn vị khởi xướng")
        if initiative.source:
            document_ref(report, initiative, ("source",), initiative.source)
        if initiative.criteria:
            for i, code in enumerate(initiative.criteria):
                _code_ref(report, initiative, ("criteria", i), code, list(ds.criteria_sets.values()))
        for i, order in enumerate(initiative.replication):
            source_doc = ds.documents.get(order.source) if order.source else None
            on = order.due or (source_doc.date if source_doc else None)
            if order.source:
                document_ref(report, initiative, ("replication", i, "source"), order.source)
            for j, agency_id in enumerate(order.agencies):
                agency_ref(report, initiative, ("replication", i, "agencies", j), agency_id, on=on)
            for j, agency_id in enumerate(order.coordinators):
                agency_ref(report, initiative, ("replication", i, "coordinators", j), agency_id, on=on,
                            role="cơ quan phối hợp")
            for j, adoption in enumerate(order.adoption):
                agency_ref(report, initiative, ("replication", i, "adoption", j, "agency"), adoption.agency,
                            on=adoption.on)


def check_documents(report: Report) -> None:
    ds = report.ds
    for document in ds.documents.values():
        on = document.date
        year = document.effective_year
        if document.issuer:
            agency_ref(report, document, ("issuer",), document.issuer, on=on, year=year if on is None else None,
                        role="cơ quan ban hành")
        for i, task_id in enumerate(document.tasks):
            if task_id not in ds.tasks:
                report.unknown(document, ("tasks", i), "tasks", task_id, f"nhiệm vụ «{task_id}» không tồn tại",
                               hint=did_you_mean(task_id, ds.tasks), code="unknown-task")
        for i, initiative_id in enumerate(document.initiatives):
            if initiative_id not in ds.initiatives:
                report.unknown(document, ("initiatives", i), "initiatives", initiative_id,
                               f"mô hình «{initiative_id}» không tồn tại",
                               hint=did_you_mean(initiative_id, ds.initiatives), code="unknown-initiative")
        refs = [(("assignment",), document.assignment)] + [
            (("appendices", i, "assignment"), a.assignment) for i, a in enumerate(document.appendices)]
        for path, assignment_id in refs:
            if assignment_id and assignment_id not in ds.assignments:
                report.unknown(document, path, "assignments", assignment_id,
                               f"bảng phân công «{assignment_id}» không tồn tại",
                               hint=did_you_mean(assignment_id, ds.assignments), code="unknown-assignment")


def check_results(report: Report) -> None:
    ds = report.ds
    for result in ds.results:
        if result.criteria_set:
            criteria = criteria_set_ref(report, result, ("criteria_set",), result.criteria_set)
            if criteria is None:
                continue
            by_code = criteria.by_code()
            for i, score in enumerate(result.criteria):
                item = by_code.get(score.code)
                if item is None:
                    _code_ref(report, result, ("criteria", i, "code"), score.code, [criteria])
                elif item.max_points is not None and score.points > item.max_points + 1e-9:
                    report.error(result, ("criteria", i, "points"),
                                 f"điểm {score.points:g} của tiêu chí {score.code} vượt điểm tối đa {item.max_points:g}",
                                 code="points-over-max")
