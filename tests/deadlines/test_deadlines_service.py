"""cchc.services.deadlines: states, working days late, extensions, recurring reports, summaries."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.calendar import WorkCalendar
from cchc.errors import UsageError
from cchc.io.loader import Dataset, load_dataset
from cchc.models.agencies import Agency
from cchc.models.documents import Document
from cchc.models.tasks import Task
from cchc.services.deadlines import (
    DeadlineState,
    build_calendar,
    deadline_report,
    deadline_rows,
    parse_states,
    reminder_data,
    render_text_summary,
)
from cchc.services.validation import check_dataset

DATA = Path(__file__).resolve().parents[2] / "data"
D = date
S = DeadlineState

AGENCIES = {
    "ubnd-tinh": {"name": "Ủy ban nhân dân tỉnh", "short_name": "UBND tỉnh", "kind": "tinh", "order": 1},
    "so-noi-vu": {"name": "Sở Nội vụ", "kind": "so", "order": 2},
    "so-tu-phap": {"name": "Sở Tư pháp", "kind": "so", "order": 3},
    "huyen-a": {"name": "UBND huyện A", "kind": "huyen", "order": 4},
    "huyen-b": {"name": "UBND huyện B", "kind": "huyen", "order": 5, "valid_until": "2025-06-30"},
}


def make_ds(*tasks: dict, documents: tuple[dict, ...] = ()) -> Dataset:
    ds = Dataset(root=Path("."), province="Thử")
    for agency_id, fields in AGENCIES.items():
        ds.agencies[agency_id] = Agency.model_validate({"id": agency_id, **fields})
    for document in documents:
        ds.documents[document["id"]] = Document.model_validate(
            {"type": "cong-van", "issuer": "ubnd-tinh", **document})
    for index, task in enumerate(tasks):
        record = Task.model_validate({"id": f"t{index}", "title": f"Nhiệm vụ {index}", "lead": "so-noi-vu", **task})
        ds.tasks[record.id] = record
    return ds


def one(ds: Dataset, as_of: date, within: int = 5, calendar: WorkCalendar | None = None):
    rows = deadline_rows(ds, as_of, within, calendar=calendar)
    assert len(rows) == 1
    return rows[0]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    ds = load_dataset(DATA)
    assert not [d for d in ds.diagnostics if d.is_error]
    return ds


# --------------------------------------------------------------------------- acceptance


def test_seed_001_report_overdue_and_plan_open_on_bundled_data(bundled):
    report = deadline_report(bundled, D(2021, 7, 20))
    rows = {row.id: row for row in report.rows}
    proposal = rows["de-xuat-giai-phap-chi-so-2021"]
    assert D(2021, 7, 17).weekday() == 5  # a Saturday
    assert (proposal.state, proposal.due) == (S.OVERDUE, D(2021, 7, 17))
    assert proposal.days_late == 3
    assert proposal.working_days_late == 2  # Monday 19 and Tuesday 20; the weekend does not count
    plan = rows["ke-hoach-cai-thien-chi-so-2021"]
    assert plan.state is S.IN_PROGRESS and plan.state.is_open
    assert plan.due == D(2021, 7, 30) and plan.working_days_left == 8
    assert report.has_overdue


def test_seed_001_report_not_overdue_once_marked_done(data_copy):
    path = data_copy / "tasks" / "2021-nang-cao-chi-so.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    due: 2021-07-17\n    status: dang-thuc-hien\n"
    assert old in text
    path.write_text(text.replace(old, "    due: 2021-07-17\n    status: hoan-thanh\n    done_on: 2021-07-16\n"),
                    encoding="utf-8")
    rows = {row.id: row for row in deadline_rows(load_dataset(data_copy), D(2021, 7, 20))}
    assert rows["de-xuat-giai-phap-chi-so-2021"].state is S.DONE_ON_TIME


def test_deadline_on_saturday_counts_no_working_day_until_monday():
    ds = make_ds({"due": "2021-07-17"})
    sunday = one(ds, D(2021, 7, 18))
    assert (sunday.state, sunday.days_late, sunday.working_days_late) == (S.OVERDUE, 1, 0)
    monday = one(ds, D(2021, 7, 19))
    assert (monday.days_late, monday.working_days_late) == (2, 1)
    on_the_day = one(ds, D(2021, 7, 17))
    assert on_the_day.state is S.DUE_SOON and on_the_day.days_left == 0


# --------------------------------------------------------------------------- holidays


def test_tet_2021_is_not_counted_as_working_days_late():
    # Tết Tân Sửu: 10–16/2/2021 off; due the day before, checked the first day back.
    row = one(make_ds({"due": "2021-02-09"}), D(2021, 2, 17))
    assert (row.state, row.days_late, row.working_days_late) == (S.OVERDUE, 8, 1)


def test_due_soon_window_skips_tet_2021():
    ds = make_ds({"due": "2021-02-19"})
    row = one(ds, D(2021, 2, 8))  # 11 calendar days, but only 9/2 and 17–19/2 are working days
    assert (row.state, row.working_days_left, row.days_left) == (S.DUE_SOON, 4, 11)
    assert one(ds, D(2021, 2, 8), within=3).state is S.IN_PROGRESS


def test_due_working_days_from_dated_document_over_tet_2021():
    ds = make_ds({"due_working_days": 10, "source": "cv-1"},
                 documents=({"id": "cv-1", "number": 1, "symbol": "UBND-NV", "date": "2021-02-05"},))
    row = one(ds, D(2021, 2, 10))
    assert (row.due, row.due_basis) == (D(2021, 2, 26), "working_days")
    assert row.source_ref == "Công văn số 01/UBND-NV ngày 5/2/2021"


def test_tet_2022_due_working_days_and_lateness():
    # Tết Nhâm Dần: 31/1–4/2/2022 off (plus the weekends around it).
    doc = ({"id": "tb-1", "number": 7, "symbol": "TB-UBND", "date": "2022-01-28"},)
    relative = one(make_ds({"due_working_days": 5, "source": "tb-1"}, documents=doc), D(2022, 2, 1))
    assert relative.due == D(2022, 2, 11)
    assert relative.working_days_left == 5 and relative.state is S.DUE_SOON
    late = one(make_ds({"due": "2022-01-28"}), D(2022, 2, 7))
    assert (late.days_late, late.working_days_late) == (10, 1)


def test_30_4_and_1_5_with_observed_days():
    # 2021: 30/4 Friday, 1/5 Saturday → observed Monday 3/5.
    row = one(make_ds({"due": "2021-04-29"}), D(2021, 5, 4))
    assert (row.days_late, row.working_days_late) == (5, 1)
    # 2022: 30/4 Saturday, 1/5 Sunday → observed Monday 2/5 and Tuesday 3/5.
    done = one(make_ds({"due": "2022-04-29", "status": "hoan-thanh", "done_on": "2022-05-04"}), D(2022, 6, 1))
    assert (done.state, done.days_late, done.working_days_late) == (S.DONE_LATE, 5, 1)


def test_national_day_2021_two_days_off():
    row = one(make_ds({"due": "2021-09-01"}), D(2021, 9, 6))  # 2/9 and 3/9 off, then the weekend
    assert (row.days_late, row.working_days_late) == (5, 1)


def test_month_and_year_ends():
    # Year end: 1/1/2022 Saturday → observed Monday 3/1.
    new_year = one(make_ds({"due": "2021-12-31"}), D(2022, 1, 4))
    assert (new_year.days_late, new_year.working_days_late) == (4, 1)
    # Month end on a Saturday.
    month_end = one(make_ds({"due": "2021-07-31"}), D(2021, 8, 2))
    assert (month_end.days_late, month_end.working_days_late) == (2, 1)
    # Due soon across a month end.
    soon = one(make_ds({"due": "2021-07-02"}), D(2021, 6, 28))
    assert (soon.state, soon.working_days_left) == (S.DUE_SOON, 4)


CALENDAR_2026 = """\
schema: calendar@1
days_off:
  - date: 2026-01-02
    name: Nghỉ Tết Dương lịch (hoán đổi)
    source: Công văn số 12729/VPCP-KGVX
working_days:
  - date: 2026-01-10
    name: Làm bù cho ngày 02/01/2026
"""


def test_compensating_saturday_from_data_file(base_repo):
    (base_repo / "documents.yaml").write_text(
        "schema: documents@1\ndocuments:\n"
        "  - {id: cv-9, type: cong-van, issuer: ubnd-tinh, number: 9, symbol: UBND-NV, date: 2026-01-09}\n",
        encoding="utf-8")
    (base_repo / "tasks.yaml").write_text(
        "schema: tasks@1\ntasks:\n"
        "  - {id: tuyet-doi, title: Hạn ngày, lead: so-noi-vu, due: 2026-01-09}\n"
        "  - {id: tuong-doi, title: Hạn một ngày làm việc, lead: so-noi-vu, source: cv-9, due_working_days: 1}\n",
        encoding="utf-8")
    plain = {row.id: row for row in deadline_rows(load_dataset(base_repo), D(2026, 1, 12))}
    assert plain["tuyet-doi"].working_days_late == 1
    assert plain["tuong-doi"].due == D(2026, 1, 12)

    (base_repo / "calendar").mkdir()
    (base_repo / "calendar" / "2026.yaml").write_text(CALENDAR_2026, encoding="utf-8")
    ds = load_dataset(base_repo)
    assert not [d for d in ds.diagnostics if d.is_error]
    rows = {row.id: row for row in deadline_rows(ds, D(2026, 1, 12))}
    assert rows["tuyet-doi"].working_days_late == 2  # Saturday 10/1 is a working day
    assert rows["tuong-doi"].due == D(2026, 1, 10)
    assert rows["tuong-doi"].state is S.OVERDUE
    calendar = build_calendar(ds)
    assert not calendar.is_working_day(D(2026, 1, 2))


def test_bundled_calendar_has_the_2026_new_year_swap(bundled):
    calendar = build_calendar(bundled)
    assert calendar.is_working_day(D(2026, 1, 10))
    assert not calendar.is_working_day(D(2026, 1, 2))
    assert calendar.is_working_day(D(2025, 4, 26))  # from holidays: not repeated in the data file


# --------------------------------------------------------------------------- extensions, states


def test_last_extension_wins():
    ds = make_ds({"due": "2021-07-17", "extensions": [{"due": "2021-07-24"}, {"due": "2021-07-30"}]})
    row = one(ds, D(2021, 7, 20))
    assert (row.due, row.original_due, row.due_basis) == (D(2021, 7, 30), D(2021, 7, 17), "extension")
    assert row.state is S.IN_PROGRESS
    assert one(ds, D(2021, 8, 2)).state is S.OVERDUE


def test_done_before_extended_deadline_is_on_time():
    ds = make_ds({"due": "2021-07-17", "extensions": [{"due": "2021-07-30"}],
                  "status": "hoan-thanh", "done_on": "2021-07-28"})
    assert one(ds, D(2021, 8, 1)).state is S.DONE_ON_TIME


def test_extension_of_a_relative_deadline_keeps_the_original():
    ds = make_ds({"due_working_days": 3, "source": "cv-1", "extensions": [{"due": "2021-03-31"}]},
                 documents=({"id": "cv-1", "number": 1, "symbol": "UBND-NV", "date": "2021-03-01"},))
    row = one(ds, D(2021, 3, 10))
    assert (row.due, row.original_due) == (D(2021, 3, 31), D(2021, 3, 4))


def test_completion_after_as_of_is_still_open_on_that_day():
    ds = make_ds({"due": "2021-07-17", "status": "hoan-thanh", "done_on": "2021-07-25"})
    assert one(ds, D(2021, 7, 20)).state is S.OVERDUE
    late = one(ds, D(2021, 7, 26))
    assert (late.state, late.days_late, late.working_days_late) == (S.DONE_LATE, 8, 5)


def test_cancelled_no_deadline_and_done_without_deadline():
    ds = make_ds({"due": "2021-01-01", "status": "huy"}, {}, {"status": "hoan-thanh", "done_on": "2021-02-01"})
    states = {row.id: row.state for row in deadline_rows(ds, D(2021, 7, 1))}
    assert states == {"t0": S.CANCELLED, "t1": S.NO_DEADLINE, "t2": S.DONE_ON_TIME}


def test_relative_deadline_of_undated_document_has_no_deadline_and_says_why():
    ds = make_ds({"due_working_days": 5, "source": "du-thao"},
                 documents=({"id": "du-thao", "symbol": "UBND-NV", "year": 2021},))
    row = one(ds, D(2021, 7, 1))
    assert row.state is S.NO_DEADLINE and row.due is None
    assert "chưa có ngày ký" in row.due_problem
    assert row.source_ref == "Công văn của UBND tỉnh năm 2021"  # cited as officials write it, no data note


def test_rows_sorted_overdue_first_oldest_first():
    ds = make_ds({"due": "2021-07-10"}, {"due": "2021-07-01"}, {"due": "2021-09-01"}, {})
    assert [row.id for row in deadline_rows(ds, D(2021, 7, 20))] == ["t1", "t0", "t2", "t3"]


def test_negative_within_is_a_usage_error():
    with pytest.raises(UsageError):
        deadline_rows(make_ds({}), D(2021, 1, 1), -1)


def test_parse_states():
    assert parse_states(["overdue", "due-soon,done_late"]) == (S.OVERDUE, S.DUE_SOON, S.DONE_LATE)
    assert parse_states([]) is None
    with pytest.raises(UsageError) as info:
        parse_states(["overdu"])
    assert "overdue" in info.value.hint


@settings(max_examples=80, deadline=None)
@given(due=st.dates(D(2020, 12, 1), D(2023, 1, 31)), offset=st.integers(-60, 60), within=st.integers(0, 15))
def test_state_agrees_with_the_dates(due, offset, within):
    as_of = due + timedelta(days=offset)
    row = one(make_ds({"due": due.isoformat()}), as_of, within, calendar=_CALENDAR)
    if as_of > due:
        assert row.state is S.OVERDUE
        assert row.days_late == offset
        assert 0 <= row.working_days_late <= row.days_late
    else:
        assert row.state in (S.DUE_SOON, S.IN_PROGRESS)
        assert (row.state is S.DUE_SOON) == (row.working_days_left <= within)
        assert row.working_days_left <= row.days_left == -offset


_CALENDAR = WorkCalendar()


# --------------------------------------------------------------------------- summaries


def test_summaries_expand_multi_lead_tasks_and_compute_rates():
    ds = make_ds(
        {"due": "2021-07-01", "lead": ["so-noi-vu", "so-tu-phap"], "criteria": ["1.1"], "source": "cv-1"},
        {"due": "2021-07-01", "status": "hoan-thanh", "done_on": "2021-06-30", "criteria": ["1.1", "2"]},
        {"due": "2021-07-01", "status": "hoan-thanh", "done_on": "2021-07-05", "source": "cv-1"},
        {"due": "2021-07-01", "lead": "so-tu-phap", "status": "huy"},
        documents=({"id": "cv-1", "number": 5, "symbol": "UBND-NV", "date": "2021-06-01", "subject": "giao việc"},),
    )
    report = deadline_report(ds, D(2021, 7, 20))
    by_agency = {group.key: group.counts for group in report.by_agency}
    assert [group.key for group in report.by_agency] == ["so-noi-vu", "so-tu-phap"]
    interior = by_agency["so-noi-vu"]
    assert (interior.total, interior.overdue, interior.done_on_time, interior.done_late) == (3, 1, 1, 1)
    assert interior.on_time_rate == pytest.approx(1 / 3)
    justice = by_agency["so-tu-phap"]
    assert (justice.total, justice.overdue, justice[S.CANCELLED], justice.open) == (2, 1, 1, 1)
    assert report.counts.total == 4 and report.counts.overdue == 1
    by_source = {group.key: group for group in report.by_source}
    assert by_source["cv-1"].counts.total == 2
    assert by_source["cv-1"].label == "Công văn số 05/UBND-NV ngày 1/6/2021 về giao việc"
    assert by_source[""].counts.total == 2
    by_criterion = {group.key: group.counts.total for group in report.by_criterion}
    assert by_criterion == {"1.1": 2, "2": 1}


def test_agency_and_state_filters():
    ds = make_ds({"due": "2021-07-01"}, {"due": "2021-07-01", "lead": "so-tu-phap"},
                 {"due": "2021-09-01", "lead": "so-tu-phap"})
    report = deadline_report(ds, D(2021, 7, 20), agency="so-tu-phap", states=[S.OVERDUE])
    assert [row.id for row in report.rows] == ["t1"]
    assert report.counts.total == 2  # the summary covers every state of the agency
    assert [group.key for group in report.by_agency] == ["so-tu-phap"]
    with pytest.raises(UsageError) as info:
        deadline_report(ds, D(2021, 7, 20), agency="so-tu-phap-x")
    assert "so-tu-phap" in info.value.hint


def test_json_rows_shape(bundled):
    rows = deadline_report(bundled, D(2021, 7, 20)).to_json_rows()
    text = json.dumps(rows, ensure_ascii=False)
    assert json.loads(text) == rows
    first = rows[0]
    assert {"id", "title", "lead", "due", "state", "days_late", "working_days_late"} <= set(first)
    assert first["due"] == "2021-07-17" and first["state"] == "overdue"
    assert isinstance(first["lead"], list)


# --------------------------------------------------------------------------- recurring reports


def test_bundled_bnv_581_rules_give_the_next_reports(bundled):
    rows = [row for row in deadline_rows(bundled, D(2021, 7, 20)) if row.kind == "report"]
    due = {row.id: (row.due, row.state) for row in rows}
    assert due["bao-cao-cchc-quy-2021-q3"] == (D(2021, 9, 20), S.IN_PROGRESS)
    assert due["bao-cao-cchc-nam-2021"] == (D(2021, 12, 20), S.IN_PROGRESS)
    assert due["bao-cao-cchc-6-thang-2022-h1"] == (D(2022, 6, 20), S.IN_PROGRESS)
    assert not any(row.due < D(2021, 7, 20) for row in rows)  # no track_from: nothing past
    soon = {row.id: row for row in deadline_rows(bundled, D(2021, 9, 14)) if row.kind == "report"}
    assert soon["bao-cao-cchc-quy-2021-q3"].state is S.DUE_SOON
    assert soon["bao-cao-cchc-quy-2021-q3"].lead == ["ubnd-tinh"]
    assert "581/BNV-CCHC" in soon["bao-cao-cchc-quy-2021-q3"].source_ref


RULES = """\
schema: reporting@1
rules:
  - id: bao-cao-quy
    title: Báo cáo CCHC quý
    agency_kinds: [huyen]
    report_to: so-noi-vu
    every: quarter
    day: 20
    track_from: 2021-01-01
    submitted:
      - {period: 2021-Q1, lead: huyen-a, done_on: 2021-03-18}
      - {period: 2021-Q2, done_on: 2021-06-25}
"""


def test_tracked_rule_expands_per_agency_with_submissions(base_repo):
    (base_repo / "agencies.yaml").write_text(
        (base_repo / "agencies.yaml").read_text(encoding="utf-8")
        + "  - {id: huyen-a, name: UBND huyện A, kind: huyen}\n"
        + "  - {id: huyen-b, name: UBND huyện B, kind: huyen, valid_until: 2021-05-31}\n",
        encoding="utf-8")
    (base_repo / "reporting.yaml").write_text(RULES, encoding="utf-8")
    ds = load_dataset(base_repo)
    assert not [d for d in ds.diagnostics if d.is_error]
    assert not [d for d in check_dataset(ds) if d.is_error]
    rows = {row.id: row for row in deadline_rows(ds, D(2021, 7, 20))}
    # 20/3/2021 is a Saturday: moved to Friday 19/3 (adjust: previous).
    assert rows["bao-cao-quy-2021-q1-huyen-a"].due == D(2021, 3, 19)
    assert rows["bao-cao-quy-2021-q1-huyen-a"].original_due == D(2021, 3, 20)
    assert rows["bao-cao-quy-2021-q1-huyen-a"].state is S.DONE_ON_TIME
    assert rows["bao-cao-quy-2021-q1-huyen-b"].state is S.OVERDUE
    # huyen-b no longer exists in June; the Q2 report (due Friday 18/6) was sent late.
    assert "bao-cao-quy-2021-q2-huyen-b" not in rows
    q2 = rows["bao-cao-quy-2021-q2"]
    assert (q2.lead, q2.state, q2.days_late) == (["huyen-a"], S.DONE_LATE, 7)
    assert rows["bao-cao-quy-2021-q3"].state is S.IN_PROGRESS
    assert rows["bao-cao-quy-2021-q3"].period_label == "Quý III/2021"


def test_invalid_reporting_rules_are_located(base_repo):
    (base_repo / "reporting.yaml").write_text(
        "schema: reporting@1\nrules:\n"
        "  - {id: khong-ai, title: Báo cáo, every: quarter, day: 20}\n"
        "  - {id: sai-thang, title: Báo cáo, lead: so-noi-vu, every: quarter, day: 20, months: [4]}\n"
        "  - {id: sai-co-quan, title: Báo cáo, lead: so-noi-vuu, every: year, day: 20}\n",
        encoding="utf-8")
    ds = load_dataset(base_repo)
    messages = [d.message for d in check_dataset(ds) if d.is_error]
    assert any("agency_kinds" in m for m in messages)
    assert any("months" in m for m in messages)
    assert any("so-noi-vuu" in m for m in messages)
    # A rule whose fields make no recurrence is loaded and reported by the cross-check (models
    # import only pydantic; the calendar's rule is applied once, in cchc.checks.reporting).
    assert list(ds.reporting_rules) == ["sai-thang", "sai-co-quan"]
    assert any(d.code == "recurrence" and d.line == 4 for d in check_dataset(ds))


# --------------------------------------------------------------------------- reminders, text


def test_reminder_data_lists_a_shared_task_once_with_all_its_agencies(bundled):
    reminders = reminder_data(bundled, D(2021, 7, 20), 5)
    assert len(reminders) == 1  # the one overdue task is shared by six agencies: one section
    [shared] = reminders
    assert set(shared.agencies) == {"so-noi-vu", "so-tu-phap", "so-tai-chinh", "so-khdt", "so-tttt",
                                    "van-phong-ubnd"}
    assert shared.agencies[0] == "so-noi-vu"
    assert shared.name.startswith("Sở Nội vụ, ") and " và " in shared.name
    assert [row.id for row in shared.overdue] == ["de-xuat-giai-phap-chi-so-2021"]
    assert shared.due_soon == []
    assert [source.id for source in shared.sources] == ["cv-ubnd-2021-nang-cao-chi-so"]
    json.dumps([reminder.to_dict() for reminder in reminders], ensure_ascii=False)
    # A reminder to one agency lists all its tasks, shared or not, under it; a wider window
    # brings the plan due 30/7 in.
    only = reminder_data(bundled, D(2021, 7, 20), 10, agency="so-noi-vu")
    assert [reminder.agencies for reminder in only] == [["so-noi-vu"]]
    assert [row.id for row in only[0].overdue] == ["de-xuat-giai-phap-chi-so-2021"]
    assert [row.id for row in only[0].due_soon] == ["ke-hoach-cai-thien-chi-so-2021"]
    with pytest.raises(UsageError):
        reminder_data(bundled, D(2021, 7, 20), agency="khong-co")


def test_reminder_addresses_agencies_existing_on_its_date(bundled):
    from cchc.services.deadlines import reminder_plan

    plan = reminder_plan(bundled, D(2026, 12, 1), 5)
    for key in plan.recipients:
        assert bundled.agencies[key].is_valid_on(D(2026, 12, 1)), key
    # Sở TT&TT ended in 2025: its tasks are Sở KH&CN's now, and the section says so.
    assert "so-tttt" not in plan.recipients and "so-khcn" in plan.recipients
    assert any(section.agencies == ["so-khcn"] and section.taken_over == ["Sở Thông tin và Truyền thông"]
               for section in plan.sections)
    # The districts ended without a successor: their tasks are reported, not sent to nobody.
    assert plan.unaddressed and all(name.startswith("UBND") for _, name in plan.unaddressed)
    ids = [row.id for section in plan.sections for row in section.overdue + section.due_soon]
    assert len(ids) == len(set(ids))  # every task listed once


def test_a_task_of_a_group_with_no_agency_that_day_is_reported_not_dropped(tmp_path):
    """A group with no agency on the day holds nothing (the bundled "UBND các huyện…" after the
    districts ended in 2025; "UBND các xã, phường" of a catalogue without its communes): its task
    is not sent to nobody in silence, the plan says so, and a task it shares still goes to the rest."""
    import shutil

    from cchc.io.loader import load_dataset
    from cchc.services.deadlines import reminder_notes, reminder_plan

    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    (root / "tasks" / "nhom-trong.yaml").write_text(
        "schema: tasks@1\ntasks:\n"
        "  - {id: chi-nhom-trong, title: Báo cáo của các huyện, lead: ubnd-cac-huyen, due: 2026-11-20}\n"
        "  - {id: co-ca-so, title: Báo cáo chung, lead: [so-noi-vu, ubnd-cac-huyen], due: 2026-11-20}\n",
        encoding="utf-8")
    ds = load_dataset(root)
    assert not ds.load_errors()
    plan = reminder_plan(ds, D(2026, 12, 1), 5)
    listed = {row.id: section.agencies for section in plan.sections for row in section.overdue}
    assert "chi-nhom-trong" not in listed and listed["co-ca-so"] == ["so-noi-vu"]
    group = ds.groups["ubnd-cac-huyen"].name
    assert sorted(plan.unstaffed) == [("chi-nhom-trong", group), ("co-ca-so", group)]
    notes = [n for n in reminder_notes(plan, D(2026, 12, 1)) if "thuộc nhóm" in n]
    assert len(notes) == 2 and notes[0].startswith(f"nhiệm vụ «chi-nhom-trong» giao cho {group}, nhưng ngày 1/12/2026")


def test_text_summary(bundled):
    text = render_text_summary(deadline_report(bundled, D(2021, 7, 20)), bundled)
    assert text.startswith("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TỈNH ĐẮK LẮK\n")
    assert "QUÁ HẠN (1):" in text
    assert "hạn 17/7/2021, quá 3 ngày (2 ngày làm việc)" in text
    assert "- Sở Nội vụ: 1 quá hạn, 0 sắp đến hạn." in text
    assert "{{" not in text and "{%" not in text


def test_text_summary_template_is_strict_and_sandboxed(tmp_path, bundled):
    from cchc.errors import DataError

    report = deadline_report(bundled, D(2021, 7, 20))
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "tom-tat-han.txt.j2").write_text("{{ khong_co }}", encoding="utf-8")
    with pytest.raises(DataError, match="tom-tat-han.txt.j2, dòng 1: biến «khong_co» không có"):
        render_text_summary(report, bundled, templates_dir=tmp_path)
    (tmp_path / "text" / "tom-tat-han.txt.j2").write_text(
        "\n{{ as_of.__class__.__subclasses__() }}", encoding="utf-8")
    with pytest.raises(DataError, match="dòng 2: .*hộp cát"):
        render_text_summary(report, bundled, templates_dir=tmp_path)
    (tmp_path / "text" / "tom-tat-han.txt.j2").write_text("{% for i in range(10**10) %}{% endfor %}",
                                                          encoding="utf-8")
    with pytest.raises(DataError, match="range"):
        render_text_summary(report, bundled, templates_dir=tmp_path)


def test_a_takeover_changes_its_row_never_the_task_nor_other_rows(bundled):
    """Rows share their task's lists (memory at 50,000 tasks); a successor taking over copies
    them first, so the data and every other row keep the agencies as written."""
    before = {key: (list(task.lead), list(task.criteria)) for key, task in bundled.tasks.items()}
    later = deadline_rows(bundled, D(2026, 12, 1), 5)
    taken = [row for row in later if row.taken_over]
    assert taken and all(set(row.taken_over) <= set(row.lead) for row in taken)
    assert {key: (list(task.lead), list(task.criteria)) for key, task in bundled.tasks.items()} == before
    for row in taken:
        assert bundled.tasks[row.id].lead != row.lead  # the task still names the ended agency
    earlier = {row.id: row for row in deadline_rows(bundled, D(2021, 7, 20), 5)}
    assert all(not row.taken_over for row in earlier.values())
    names = {key: group.name for key, group in getattr(bundled, "groups", {}).items()}
    names.update((agency.id, agency.display_name) for agency in bundled.agencies.values())
    for row in earlier.values():
        if row.kind == "task":
            assert row.lead_names == [names.get(key, key) for key in row.lead]


# Few days around a day off and a working Saturday that only the second calendar has.
_DAYS = st.sampled_from([D(2021, 4, 27), D(2021, 4, 29), D(2021, 5, 4), D(2021, 5, 8), D(2021, 5, 10)])
_CALENDARS = (WorkCalendar(), WorkCalendar(extra_days_off={D(2021, 4, 29): "Nghỉ"},
                                           extra_working_days={D(2021, 5, 8): "Làm bù"}))
# (due, done on, cancelled, unknown, as of, within, calendar): each call differs from the one
# before in one of them, so every argument is seen to matter.
_ARGUMENTS = (st.none() | _DAYS, st.none() | _DAYS, st.booleans(), st.booleans(), _DAYS,
              st.sampled_from([0, 2, 5]), st.sampled_from(_CALENDARS))


@st.composite
def _calls(draw) -> list[tuple]:
    call = [draw(strategy) for strategy in _ARGUMENTS]
    calls = [tuple(call)]
    for _ in range(draw(st.integers(1, 30))):
        which = draw(st.integers(0, len(_ARGUMENTS) - 1))
        call[which] = draw(_ARGUMENTS[which])
        calls.append(tuple(call))
    return calls


@settings(max_examples=200, deadline=None)
@given(_calls())
def test_remembered_states_are_the_rule(calls) -> None:
    """Rows remember the state of each (deadline, completion, status) at a day, window and
    calendar (_Names.classified): in any order of calls, it answers what classify computes."""
    from cchc.services.deadlines import _Names, classify

    names = _Names(make_ds())
    for due, done_on, cancelled, unknown, as_of, within, calendar in calls + calls:  # each call twice
        assert names.classified(due, done_on, cancelled, unknown, as_of, within, calendar) == classify(
            due, done_on, cancelled=cancelled, unknown=unknown, as_of=as_of, within=within, calendar=calendar)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(DeadlineState)), st.none() | st.dates(),
                          st.sampled_from(["a", "b", "nv-1", "nv-10", "nv-2", "Đ"])), max_size=40))
def test_sorting_rows_follows_row_order(items) -> None:
    """sort_rows (two fast stable sorts) and row_order put rows in the order the rule says: by
    state in display order, then the oldest deadline first (none last), then by id."""
    from cchc.services.deadlines import DeadlineRow, row_order, sort_rows

    rows = [DeadlineRow(id=key, title=str(index), kind="task", lead=[], lead_names=[], state=state, due=due)
            for index, (state, due, key) in enumerate(items)]
    rule = [row.title for row in sorted(rows, key=lambda r: (list(DeadlineState).index(r.state), r.due or D.max, r.id))]
    assert [row.title for row in sorted(rows, key=row_order)] == rule
    sort_rows(rows)
    assert [row.title for row in rows] == rule


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Dataset:
    from bench.generate import generate

    root = tmp_path_factory.mktemp("generated")
    generate(root, agencies=40, tasks=600, files=3)
    return load_dataset(root)


@settings(max_examples=25, deadline=None)
@given(st.frozensets(st.sampled_from(list(DeadlineState))), st.dates(D(2020, 6, 1), D(2023, 6, 1)),
       st.integers(0, 20), st.booleans())
def test_rows_of_some_states_are_the_rows_in_those_states(generated, states, as_of, within, open_only):
    """``states`` builds no row for the others: the rows are exactly those of the full list in
    those states, field for field and in the same order."""
    every = deadline_rows(generated, as_of, within, open_only=open_only)
    some = deadline_rows(generated, as_of, within, open_only=open_only, states=states)
    assert [row.to_dict() for row in some] == [row.to_dict() for row in every if row.state in states]
