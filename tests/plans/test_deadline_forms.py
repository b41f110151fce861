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


PERIODS = ["2022", "2022-01", "2022-12", "2022-Q1", "2022-Q4", "2022-H1", "2022-H2"]
NOT_PERIODS = ["2022-00", "2022-13", "2022-Q0", "2022-Q5", "2022-H3", "22-Q1", "2022-q1", "2022-7",
               "2022-07-15", "2022-Q1x", "2022-\n"]


@pytest.mark.parametrize("text", PERIODS + NOT_PERIODS)
def test_one_period_rule_for_task_deadlines_report_periods_and_their_schemas(text):
    """A task's period deadline, a report's period and both JSON Schemas read one pattern
    (cchc.models.common.PERIOD_PATTERN); the importer quotes what it does not match."""
    import re

    from cchc.models.common import PERIOD_PATTERN, PERIOD_RE
    from cchc.models.reporting import Submission
    from cchc.models.tasks import DUE_SCHEMA

    expected = text in PERIODS
    assert bool(PERIOD_RE.fullmatch(text)) is expected
    try:
        Submission(period=text, done_on=date(2022, 1, 1))
        report_ok = True
    except ValidationError:
        report_ok = False
    assert report_ok is expected
    if expected:  # the task model reads it as a period, not as a day or an error
        assert Task(id="t", title="x", lead="a", due=text).due.kind in ("year", "month", "quarter", "half")
    schemas = [s["pattern"] for s in DUE_SCHEMA["anyOf"] if "pattern" in s]
    schemas.append(Submission.model_json_schema()["properties"]["period"]["pattern"])
    assert schemas == [PERIOD_PATTERN, PERIOD_PATTERN]
    # JSON Schema validators search (ECMA-262): the anchors make it a whole-string match
    assert bool(re.search(PERIOD_PATTERN, text) and "\n" not in text) is expected
