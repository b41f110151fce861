"""The variables a document template sees, built from a :class:`Document` and the dataset.

Every value is frozen plain data (:func:`plain`, :func:`cchc.sandbox.freeze`): records,
mappings, tuples, text, numbers and dates, never a model, a bound method, a module or a class.
The "record" entries below are frozen copies; the "function" entries are vetted helpers
(:func:`cchc.sandbox.vetted`) that take and return plain data.

=================  ==========================================================================
variable           content
=================  ==========================================================================
``doc``            the :class:`~cchc.models.documents.Document` record (+ ``reference``)
``issuer``         its issuing :class:`~cchc.models.agencies.Agency` (None with issuer_name)
``data``           the document's ``data:`` mapping
``today``          the date the document is rendered for (``--as-of``), a ``date``
``province``       the province of the data repository ("Đắk Lắk")
``province_level`` "tỉnh", or "thành phố" for a centrally-run city (from the agencies file):
                   templates write "UBND {{ province_level }}", never a fixed "UBND tỉnh"
``tasks``          the document's tasks (:class:`TaskView`: lead names, effective deadline,
                   state from the deadlines service), in the document's order
``task``           the same, by id: ``task['ke-hoach-cai-thien-chi-so-2021'].due``
``assignment``     the resolved assignment (:class:`cchc.services.assignments.Resolution`)
``initiatives``    the document's initiatives, in the document's order
``responsibilities``  "Trách nhiệm thực hiện" items from the replication orders
                   (:func:`cchc.services.initiatives.responsibilities`)
``results``        :class:`ResultsView`: ``results.get(2020)`` (score, rank, change…),
                   ``results.gap(2021)`` and ``results.losses(2021)`` (gap analysis)
``documents``      every document record, by id; ``agencies`` every agency, by id
``reminders``      with ``data.reminder`` (``{within: 5, agency: …}``): per agency, the
                   overdue and due-soon tasks as of ``today`` (:func:`reminder_data`)
``heads``          function: agency ids → "Giám đốc các Sở Nội vụ, Tư pháp và Chánh Văn phòng
                   UBND tỉnh" (the heads the document addresses)
``units``          function: agency ids → "Văn phòng UBND tỉnh và UBND các huyện, thị xã, thành
                   phố" (complete groups of a kind named as a group)
``add_working_days``  function ``(date, n)`` → the date n working days later
``scoring``        with ``data.scoring`` (``{year, report|explanation|ranking: true, unit, levels}``):
                   plain data of the scoring round (:func:`cchc.services.scoring.document_data`)
=================  ==========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.domain.deadlines import document_start
from cchc.domain.groups import KIND_GROUP_PHRASES, unit_names, units_phrase  # noqa: F401 (re-exported)
from cchc.domain.provinces import names_meaning, province_at
from cchc.errors import DataError, UsageError
from cchc.io.loader import Dataset
from cchc.models.agencies import Agency, AgencyKind
from cchc.models.common import IndexName
from cchc.models.criteria import Criterion
from cchc.models.documents import Document
from cchc.models.results import IndexResult
from cchc.models.tasks import Task
from cchc.sandbox import Record, freeze, vetted
from cchc.services import deadlines as deadline_service
from cchc.textvn import date_short, join_names, rank_change


def _methods() -> dict[type, tuple[str, ...]]:
    from cchc.domain.citation import cite
    from cchc.domain.progress import TaskProgress
    from cchc.services.results import AgencyLosses

    return {Document: (("reference", cite),), Criterion: ("label",), AgencyLosses: ("lines",),
            TaskProgress: ("label",)}


def plain(value: Any) -> Any:
    """``value`` as the frozen plain data templates receive (:func:`cchc.sandbox.freeze`); the
    few methods templates used are carried as text: ``doc.reference``, ``criterion.label``,
    ``group.lines``."""
    return freeze(value, methods=_methods())


@dataclass
class TaskView:
    """A task as templates use it."""

    id: str
    title: str
    lead: list[str]
    lead_names: list[str]
    lead_full_names: list[str]
    coordinators: list[str]
    coordinator_names: list[str]
    report_to: str | None
    report_to_name: str | None
    due: date | None  # effective deadline (extensions, working days from the source)
    due_label: str | None  # the deadline as the plan wrote it ("Quý III/2022", "Thường xuyên")
    state: str  # DeadlineState value
    state_label: str
    days_late: int | None
    working_days_late: int | None
    working_days_left: int | None
    done_on: date | None
    status: str
    source: str | None
    source_ref: str | None
    note: str | None
    product: str | None
    criteria: list[str] = field(default_factory=list)

    @property
    def lead_text(self) -> str:
        return join_names(self.lead_names)

    lead_group_text: str = ""  # leads with complete groups named as such (units_phrase)

    @property
    def coordinator_text(self) -> str:
        return join_names(self.coordinator_names)

    @property
    def reason(self) -> str | None:
        """The note without a leading "Lý do:" (seed 000 writes reasons in task notes)."""
        if not self.note:
            return None
        text = self.note.strip()
        for prefix in ("Lý do:", "Lý do :"):
            if text.startswith(prefix):
                return text[len(prefix):].strip()
        return text


@dataclass
class ResultView:
    index: str
    index_label: str
    province: str
    year: int
    score: float | None
    rank: int | None
    out_of: int | None
    example: bool
    previous: ResultView | None = None
    note: str | None = None

    @property
    def change(self) -> str | None:
        """"tăng 5 bậc" compared with the previous year's rank (None if unknown)."""
        if self.previous is None:
            return None
        return rank_change(self.previous.rank, self.rank)

    @property
    def previous_year(self) -> int | None:
        return self.previous.year if self.previous else None


class ResultsView:
    """Index results of the dataset, for templates."""

    def __init__(self, ds: Dataset):
        self._ds = ds

    def _view(self, result: IndexResult, with_previous: bool = True) -> ResultView:
        previous = None
        if with_previous:
            same = names_meaning(self._ds, result.province)
            earlier = [r for r in self._ds.results if r.index is result.index and r.province in same
                       and r.year == result.year - 1 and not r.example]
            if earlier:
                previous = self._view(earlier[0], with_previous=False)
        return ResultView(result.index.value, result.index.label, result.province, result.year, result.score,
                          result.rank, result.out_of, result.example, previous, result.note)

    def get(self, year: int, index: str = "PAR_INDEX", province: str | None = None) -> ResultView:
        """The published result of ``year`` (the repository's province by default)."""
        wanted = province or self._ds.province
        names = names_meaning(self._ds, wanted)
        try:
            index_name = IndexName(index)
        except ValueError:
            raise ValueError(f"chỉ số «{index}» không có (dùng PAR_INDEX, SIPAS, PAPI, PCI, DDCI)") from None
        found = [r for r in self._ds.results if r.index is index_name and r.year == int(year)
                 and (names is None or r.province in names)]
        found.sort(key=lambda r: r.example)  # published figures before examples
        if not found:
            raise ValueError(f"không có kết quả {index} năm {year} của {wanted} trong dữ liệu results")
        return self._view(found[0])

    def gap(self, year: int | None = None, index: str = "PAR_INDEX"):
        """Gap analysis (:func:`cchc.services.results.gap_analysis`) of ``year``."""
        from cchc.services.results import gap_analysis

        return gap_analysis(self._ds, year=year, index=index, province=self._ds.province)

    def losses(self, year: int | None = None, index: str = "PAR_INDEX"):
        """Each lead agency's lost criteria (:func:`cchc.services.results.losses_by_agency`)."""
        from cchc.services.results import losses_by_agency

        return losses_by_agency(self.gap(year, index))


def _merge_head(head_title: str, name: str) -> str:
    """"Chánh Văn phòng" + "Văn phòng UBND tỉnh" → "Chánh Văn phòng UBND tỉnh"."""
    head_words = head_title.split()
    name_words = name.split()
    for start in range(len(head_words)):
        tail = [w.casefold() for w in head_words[start:]]
        if [w.casefold() for w in name_words[: len(tail)]] == tail:
            return " ".join(head_words[:start] + name_words)
    return f"{head_title} {name}"


def heads_phrase(ds: Dataset, agency_ids: list[str]) -> str:
    """The heads of the agencies as a dispatch addresses them (seed 001): departments grouped
    ("Giám đốc các Sở Nội vụ, Tư pháp, Tài chính"), then the others ("Chánh Văn phòng UBND
    tỉnh"), joined with "và"."""
    departments: list[Agency] = []
    others: list[str] = []
    for agency_id in agency_ids:
        agency = ds.agencies.get(agency_id)
        if agency is None:
            raise ValueError(f"không có cơ quan mã «{agency_id}» trong danh mục cơ quan")
        if agency.kind is AgencyKind.DEPARTMENT and agency.name.startswith("Sở "):
            departments.append(agency)
        else:
            others.append(_merge_head(agency.head_title or "Thủ trưởng", agency.display_name))
    parts: list[str] = []
    if departments:
        title = departments[0].head_title or "Giám đốc"
        if len(departments) == 1:
            parts.append(f"{title} {departments[0].name}")
        else:
            parts.append(f"{title} các Sở " + ", ".join(a.name[3:] for a in departments))
    return join_names(parts + others)


def task_views(ds: Dataset, task_ids: list[str], today: date, *, within: int = deadline_service.DEFAULT_WITHIN,
               where: str = "") -> list[TaskView]:
    calendar = deadline_service.build_calendar(ds)
    views = []
    for task_id in task_ids:
        task: Task | None = ds.tasks.get(task_id)
        if task is None:
            raise DataError(f"{where}nhiệm vụ «{task_id}» không có trong dữ liệu tasks",
                            hint="chạy `cchc validate` để xem các tham chiếu sai")
        row = deadline_service.task_row(task, ds, today, within, calendar)
        views.append(TaskView(
            id=task.id, title=task.title, lead=list(task.lead), lead_names=list(row.lead_names),
            lead_full_names=[ds.agency_name(a) for a in task.lead],
            coordinators=list(task.coordinators),
            coordinator_names=[ds.agencies[a].display_name if a in ds.agencies else a for a in task.coordinators],
            report_to=task.report_to,
            report_to_name=(ds.agencies[task.report_to].display_name if task.report_to in ds.agencies
                            else task.report_to),
            due=row.due, due_label=row.due_label, state=row.state.value, state_label=deadline_service.state_text(row), days_late=row.days_late,
            working_days_late=row.working_days_late, working_days_left=row.working_days_left,
            done_on=task.done_on, status=task.status.value, source=task.source, source_ref=row.source_ref,
            note=task.note, product=task.product, criteria=list(task.criteria),
            lead_group_text=units_phrase(ds, list(task.lead), row.due or today)))
    return views


def build_context(ds: Dataset, document: Document, *, today: date,
                  extra: dict[str, Any] | None = None,
                  reminders: deadline_service.ReminderPlan | None = None) -> dict[str, Any]:
    """All template variables for ``document`` (see the module docstring), as frozen plain
    data (:func:`plain`): templates never hold a model, a method, a module or a class. The only
    callables are the vetted helpers ``heads``, ``units``, ``add_working_days`` and
    ``results.get`` / ``results.gap`` / ``results.losses``, pure functions returning plain data.
    ``reminders`` is the :func:`~cchc.services.deadlines.reminder_plan` of ``data.reminder`` at
    ``today`` when the caller has already computed it (``cchc deadlines --remind``)."""
    where = f"văn bản «{document.id}»: "
    issuer = ds.agencies.get(document.issuer) if document.issuer else None
    calendar = deadline_service.build_calendar(ds)
    view = ResultsView(ds)
    here = province_at(ds, document_start(document) or today)  # Thừa Thiên Huế in 2018, Huế in 2026
    context: dict[str, Any] = {
        "doc": plain(document),
        "issuer": plain(issuer),
        "data": plain(document.data),
        "today": today,
        "province": here.name if here else "",  # as the document's own day names it
        "province_level": here.level_label if here else ds.province_level,
        "documents": plain(ds.documents),
        "agencies": plain(ds.agencies),
        "results": Record({
            "get": vetted(lambda year, index="PAR_INDEX", province=None: plain(view.get(year, index, province))),
            "gap": vetted(lambda year=None, index="PAR_INDEX": plain(view.gap(year, index))),
            "losses": vetted(lambda year=None, index="PAR_INDEX": plain(view.losses(year, index))),
        }),
        "heads": vetted(lambda ids: heads_phrase(ds, _ids(ids))),
        "units": vetted(lambda ids: units_phrase(ds, _ids(ids), today)),
        "add_working_days": vetted(lambda day, n: calendar.add_working_days(_day(day), _count(n))),
    }

    tasks = task_views(ds, list(document.tasks), today, where=where)
    context["tasks"] = plain(tasks)
    context["task"] = plain({view.id: view for view in tasks})

    context["assignment"] = (plain(resolution_for(ds, document.assignment, document.id))
                             if document.assignment else None)

    missing = [i for i in document.initiatives if i not in ds.initiatives]
    if missing:
        raise DataError(f"{where}mô hình, giải pháp «{', '.join(missing)}» không có trong dữ liệu initiatives",
                        hint="chạy `cchc validate` để xem các tham chiếu sai")
    context["initiatives"] = plain([ds.initiatives[i] for i in document.initiatives])
    if document.initiatives:
        from cchc.services.initiatives import responsibilities

        context["responsibilities"] = plain(responsibilities(ds, document))
    else:
        context["responsibilities"] = ()

    if "scoring" in document.data:
        from cchc.services.scoring import document_data

        context["scoring"] = document_data(ds, document.data["scoring"])
        explanation = context["scoring"].get("explanation")
        if explanation:
            # Addressed to the units asked to explain, never to the issuer itself (the Sở Nội vụ
            # appraises its own criteria too, but does not send itself a công văn).
            context["scoring_recipients"] = [name for name, unit in zip(
                explanation["recipients"], (u["unit"] for u in explanation["units"]), strict=True)
                if unit != document.issuer]

    settings = reminder_settings(document)
    if settings is not None:
        within, agency = settings
        context["within"] = within
        plan = reminders or deadline_service.reminder_plan(ds, today, within, agency)
        reminders = plan.sections
        if not reminders:
            raise UsageError(f"đến ngày {date_short(today)} không có nhiệm vụ quá hạn "
                             f"hoặc sắp đến hạn (trong {within} ngày làm việc) nên không cần công văn đôn đốc",
                             hint="xem tình hình bằng `cchc deadlines --as-of NGÀY`")
        context["reminders"] = plain(reminders)
        recipients = list(dict.fromkeys(key for r in reminders for key in r.agencies))
        context["reminder_recipients"] = plain(unit_names(ds, recipients, today))
    if extra:
        context.update({key: plain(value) for key, value in extra.items()})
    return context


def reminder_settings(document: Document) -> tuple[int, str | None] | None:
    """(within, agency) of a công văn đôn đốc's ``data.reminder``; None for any other document."""
    reminder = document.data.get("reminder")
    if reminder is None:
        return None
    if not isinstance(reminder, dict):
        raise DataError(f"văn bản «{document.id}»: data.reminder phải là một ánh xạ, "
                        "ví dụ {within: 5, agency: so-noi-vu}")
    return int(reminder.get("within", deadline_service.DEFAULT_WITHIN)), reminder.get("agency")


def _ids(value: Any) -> list[str]:
    """Agency ids passed by a template: one id or a sequence of ids."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [str(item) for item in value]
    raise ValueError(f"cần mã cơ quan hoặc danh sách mã cơ quan, nhận được «{value}»")


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"add_working_days cần một ngày (YYYY-MM-DD), nhận được «{value}»") from None


def _count(value: Any) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"add_working_days cần số ngày làm việc là số nguyên, nhận được «{value}»") from None
    if not -3660 <= count <= 3660:
        raise ValueError(f"add_working_days: {count} ngày làm việc quá lớn (tối đa 3660)")
    return count


def resolution_for(ds: Dataset, assignment_id: str, doc_id: str):
    """The resolved assignment ``assignment_id`` (:func:`cchc.services.assignments.resolve_leads`)."""
    from cchc.services.assignments import resolve_leads

    assignment = ds.assignments.get(assignment_id)
    if assignment is None:
        raise UsageError(f"văn bản «{doc_id}»: bảng phân công «{assignment_id}» không có trong dữ liệu",
                         hint="xem mã bảng phân công trong data/assignments")
    criteria = ds.criteria_sets.get(assignment.criteria_set)
    if criteria is None:
        raise DataError(f"bảng phân công «{assignment.id}»: bộ tiêu chí «{assignment.criteria_set}» không có",
                        hint="chạy `cchc validate` để xem lỗi dữ liệu")
    return resolve_leads(criteria, assignment, ds.agencies)
