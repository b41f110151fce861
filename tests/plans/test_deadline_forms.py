"""Deadlines as plans write them (COMMON contract 2): parsed by the model, printed as written,
overdue by the one rule from the end of the period, continuous work never overdue."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from cchc.domain.deadlines import build_calendar, parse_due, resolve_due
from cchc.io.loader import load_dataset
from cchc.models.tasks import Task
from cchc.services.deadlines import DeadlineState, task_row
from tests.conftest import DATA


@pytest.mark.parametrize(("written", "label", "end"), [
    ("2022-07-15", "15/7/2022", date(2022, 7, 15)),
    ("2022-07", "Tháng 7/2022", date(2022, 7, 31)),
    ("2022-Q3", "Quý III/2022", date(2022, 9, 30)),
    ("2022-H1", "6 tháng đầu năm 2022", date(2022, 6, 30)),
    ("2022-H2", "6 tháng cuối năm 2022", date(2022, 12, 31)),
    (2026, "Năm 2026", date(2026, 12, 31)),
    ("thường xuyên", "Thường xuyên", None),
    ({"every": "month", "day": 15}, "Trước ngày 15 hằng tháng", None),
])
def test_each_form_parses_prints_as_written_and_falls_due_at_the_end(written, label, end):
    deadline = parse_due(written)
    assert deadline.label() == label
    assert deadline.end == end


@pytest.mark.parametrize("bad", ["2022-13", "2022-Q5", "tháng 7", True, {"every": "week", "day": 1}])
def test_a_form_not_in_the_contract_is_refused_with_the_forms_listed(bad):
    with pytest.raises(ValidationError) as info:
        Task(id="t", title="x", lead="a", due=bad)
    assert "2022-Q3" in str(info.value)


def _row(due, as_of, **extra):
    ds = load_dataset(DATA)
    task = Task(id="t", title="Nhiệm vụ", lead="so-noi-vu", due=due, **extra)
    return task_row(task, ds, as_of, 5, build_calendar(ds))


def test_a_period_is_on_time_through_its_last_day_then_overdue():
    assert _row("2022-07", date(2022, 7, 31)).state is not DeadlineState.OVERDUE
    late = _row("2022-07", date(2022, 8, 2))
    assert late.state is DeadlineState.OVERDUE and late.days_late == 2
    assert late.due_label == "Tháng 7/2022" and late.to_dict()["due_label"] == "Tháng 7/2022"


def test_continuous_work_is_never_overdue_but_is_reported_in_progress():
    row = _row("thường xuyên", date(2030, 1, 1), status="dang-thuc-hien")
    assert row.state is DeadlineState.IN_PROGRESS and row.due is None and row.due_label == "Thường xuyên"


def test_a_recurring_deadline_is_its_next_occurrence_and_never_overdue():
    ds = load_dataset(DATA)
    task = Task(id="t", title="x", lead="so-noi-vu", due={"every": "month", "day": 15})
    assert resolve_due(task, ds.documents, build_calendar(ds), date(2026, 12, 16)).due == date(2027, 1, 15)
    assert _row({"every": "month", "day": 15}, date(2026, 12, 16)).state is not DeadlineState.OVERDUE


def test_bundled_chi_thi_012_tasks_are_continuous_and_group_led():
    ds = load_dataset(DATA)
    task = ds.tasks["ct-012-2025-1a"]
    assert parse_due(task.due).continuous
    assert task.lead == ["cac-so-ban-nganh", "ubnd-cac-xa-phuong"]


def test_a_commune_sees_the_tasks_it_holds_as_a_group_member_and_reminders_reach_existing_bodies():
    from cchc.services.deadlines import deadline_report, reminder_data

    ds = load_dataset(DATA)
    today = date(2026, 12, 1)
    ids = {row.id for row in deadline_report(ds, today, agency="phuong-buon-ma-thuot").rows}
    assert "ct-012-2025-1a" in ids and "ct-012-2025-2a" not in ids  # 2a is Sở KH&CN's alone
    assert all(ds.agencies[r.agency].is_valid_on(today) for r in reminder_data(ds, today) if r.agency in ds.agencies)
