"""Each unit's progress on a task led by a group or by joint leads (#13 item 4), the unknown
status ``chua-ro`` and the ``định kỳ`` deadline (#13 follow-up): one rule in
``cchc.domain.progress``, used by deadlines (every format), ``--agency``, the reminder and report."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from datetime import date

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.cli.main import app
from cchc.domain.deadline_text import parse_deadline_text
from cchc.domain.deadlines import parse_due
from cchc.domain.progress import task_progress
from cchc.io.loader import load_dataset
from cchc.models.tasks import Task, TaskStatus
from cchc.services.deadlines import DeadlineState, deadline_report, reminder_plan
from cchc.services.report import build_overview
from cchc.services.validation import validate_repo
from tests.conftest import DATA

TASKS = """\
schema: tasks@1
source: ct-012-2025
tasks:
  - id: tien-do-xa
    title: Rà soát quy trình nội bộ giải quyết TTHC tại cấp xã
    lead: [ubnd-cac-xa-phuong]
    report_to: van-phong-ubnd
    due: 2026-03-31
    progress:
      - {agency: phuong-buon-ma-thuot, status: hoan-thanh, done_on: 2026-03-10, evidence: "Báo cáo số 12/BC-UBND"}
      - {agency: xa-hoa-phu, status: dang-thuc-hien}
  - id: chua-ro-qua-han
    title: Báo cáo kết quả rà soát (nguồn không nói đã thực hiện chưa)
    lead: [so-noi-vu]
    due: 2026-02-27
    status: chua-ro
  - id: bao-cao-dinh-ky
    title: Định kỳ tổng hợp, báo cáo UBND tỉnh
    lead: [van-phong-ubnd]
    due: định kỳ
"""
AS_OF = "2026-04-10"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    target = tmp_path_factory.mktemp("progress") / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".cchc-cache"))
    (target / "tasks" / "2026-tien-do.yaml").write_text(TASKS, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def ds(repo):
    return load_dataset(repo)


def _cli(runner, repo, *args, code=0):
    result = runner.invoke(app, ["--data", str(repo), *args])
    assert result.exit_code == code, result.output
    return result


def _json_rows(runner, repo, *args):
    return {r["id"]: r for r in json.loads(_cli(runner, repo, "deadlines", "--as-of", AS_OF, "--format", "json",
                                                *args, code=None if "--fail-on-overdue" in args else 0).stdout)
            if "id" in r}


def test_the_rule_counts_units_at_the_task_date(ds):
    progress = task_progress(ds, ds.tasks["tien-do-xa"], date(2026, 4, 10))
    assert (progress.done, progress.total, progress.label()) == (1, 102, "1/102 đơn vị hoàn thành")
    assert progress.status is TaskStatus.IN_PROGRESS and "phuong-buon-ma-thuot" not in progress.pending
    assert progress.unit("phuong-buon-ma-thuot").evidence == "Báo cáo số 12/BC-UBND"
    before = task_progress(ds, ds.tasks["tien-do-xa"], date(2026, 3, 9))  # finished later: open then
    assert before.done == 0


def test_done_when_every_unit_is_done(ds):
    task = ds.tasks["tien-do-xa"]
    units = [{"agency": a, "status": "hoan-thanh", "done_on": f"2026-03-{10 + n % 15:02d}"}
             for n, a in enumerate(u.agency for u in task_progress(ds, task, None).units)]
    done = Task.model_validate({**task.model_dump(mode="json", exclude_none=True), "progress": units})
    progress = task_progress(ds, done, date(2026, 4, 10))
    assert progress.status is TaskStatus.DONE and progress.done_on == date(2026, 3, 24)
    assert progress.label() == "102/102 đơn vị hoàn thành"


STATUSES = st.sampled_from([s.value for s in TaskStatus if s is not TaskStatus.DONE] + ["done"])


@settings(max_examples=60, deadline=None)
@given(st.lists(STATUSES, min_size=3, max_size=3), STATUSES)
def test_property_done_iff_every_unit_done_or_cancelled(ds, statuses, own):
    leads = ["so-noi-vu", "so-tu-phap", "van-phong-ubnd"]
    entries = [{"agency": a, "status": "hoan-thanh", "done_on": "2026-03-01"} if s == "done" else {"agency": a, "status": s}
               for a, s in zip(leads[:2], statuses[:2], strict=True)]
    task = Task.model_validate({"id": "t", "title": "x", "lead": leads, "progress": entries,
                                **({"status": "hoan-thanh", "done_on": "2026-03-02"} if own == "done" else {"status": own})}
                               ) if not (own == "done" and any(s not in ("done", "huy") for s in statuses[:2])) else None
    if task is None:
        return  # a done task with an open unit is a validation error (tested below)
    progress = task_progress(ds, task, date(2026, 4, 1))
    unit_done = [s == "done" for s in statuses[:2]] + [own == "done"]
    unit_cancelled = [s == "huy" for s in statuses[:2]] + [own == "huy"]
    finished = all(d or c for d, c in zip(unit_done, unit_cancelled, strict=True))
    assert (progress.status is TaskStatus.DONE) == (finished and any(unit_done))
    assert progress.done == sum(unit_done)
    if progress.status is TaskStatus.UNKNOWN:  # unknown only when nothing open is known
        assert all(s in ("done", "huy", "chua-ro") for s in [*statuses[:2], own])


def test_deadlines_in_every_format_show_the_units(runner, repo, tmp_path):
    row = _json_rows(runner, repo)["tien-do-xa"]
    assert row["state"] == "overdue" and row["progress"]["label"] == "1/102 đơn vị hoàn thành"
    assert len(row["progress"]["units"]) == 102 and sum(u["recorded"] for u in row["progress"]["units"]) == 2
    markdown = _cli(runner, repo, "deadlines", "--as-of", AS_OF, "--format", "md").stdout
    assert "quá hạn (1/102 đơn vị hoàn thành)" in markdown
    rows = list(csv.reader(io.StringIO(_cli(runner, repo, "deadlines", "--as-of", AS_OF, "--format", "csv").stdout)))
    assert any("quá hạn (1/102 đơn vị hoàn thành)" in cell for r in rows for cell in r)
    table = _cli(runner, repo, "deadlines", "--as-of", AS_OF).stdout
    assert "(1/102 đơn vị" in table  # the terminal may fold the cell
    out = tmp_path / "theo-doi.xlsx"
    _cli(runner, repo, "deadlines", "--as-of", AS_OF, "-o", str(out))
    sheet = openpyxl.load_workbook(out)["Theo dõi"]
    header = [c.value for c in sheet[1]]
    found = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Mã nhiệm vụ")] == "tien-do-xa")
    assert "1/102 đơn vị hoàn thành" in found[header.index("Ghi chú")]
    assert found[header.index("Tình trạng")] == "chưa thực hiện"  # the stored status, read back by import status


def test_agency_sees_its_own_state_as_a_member(runner, repo):
    done = _json_rows(runner, repo, "--agency", "phuong-buon-ma-thuot")["tien-do-xa"]
    assert (done["state"], done["member"], done["done_on"]) == ("done_on_time", "phuong-buon-ma-thuot", "2026-03-10")
    late = _json_rows(runner, repo, "--agency", "xa-hoa-phu")["tien-do-xa"]
    assert (late["state"], late["status"]) == ("overdue", "dang-thuc-hien")
    group = _json_rows(runner, repo, "--agency", "ubnd-cac-xa-phuong")["tien-do-xa"]
    assert group["member"] is None and group["progress"]["done"] == 1


def test_reminder_goes_only_to_units_not_done(ds):
    plan = reminder_plan(ds, date(2026, 4, 10))
    section = next(s for s in plan.sections if any(r.id == "tien-do-xa" for r in s.overdue))
    assert "phuong-buon-ma-thuot" not in section.agencies and "xa-hoa-phu" in section.agencies
    assert len(section.agencies) == 101
    for own in reminder_plan(ds, date(2026, 4, 10), agency="phuong-buon-ma-thuot").sections:
        assert all(r.id != "tien-do-xa" for r in own.overdue + own.due_soon)  # its part is done
    # 101 of 102: named as the group less the one done, not as 101 names
    assert section.name == "UBND các xã, phường (trừ UBND phường Buôn Ma Thuột)"
    (own,) = reminder_plan(ds, date(2026, 4, 10), agency="xa-hoa-phu").sections
    assert "tien-do-xa" in [r.id for r in own.overdue]


def test_unknown_status_past_due_is_its_own_state(runner, repo, ds):
    report = deadline_report(ds, date(2026, 4, 10))
    row = next(r for r in report.rows if r.id == "chua-ro-qua-han")
    assert row.state is DeadlineState.OVERDUE_UNKNOWN and row.state.label == "quá hạn, chưa rõ tình trạng"
    assert report.counts.overdue_unknown >= 1 and report.has_overdue
    assert row.state.is_open  # never counted done
    markdown = _cli(runner, repo, "deadlines", "--as-of", AS_OF, "--format", "md").stdout
    assert "Quá hạn, chưa rõ" in markdown and "kể cả quá hạn chưa rõ tình trạng" in markdown
    _cli(runner, repo, "deadlines", "--as-of", AS_OF, "--agency", "so-noi-vu", "--status", "overdue_unknown",
         "--fail-on-overdue", code=3)
    footer = _cli(runner, repo, "deadlines", "--as-of", AS_OF, "--agency", "so-noi-vu").stdout
    assert "quá hạn chưa rõ tình trạng" in footer
    texts = [item.text for item in build_overview(ds, date(2026, 4, 10)).summary()]
    assert any("quá hạn, chưa rõ tình trạng" in text for text in texts)


def test_unknown_only_when_every_open_unit_is_unknown(ds):
    base = {"id": "t", "title": "x", "lead": ["so-noi-vu", "so-tu-phap"], "due": "2026-01-30"}
    unknown = Task.model_validate({**base, "status": "chua-ro",
                                   "progress": [{"agency": "so-noi-vu", "status": "hoan-thanh", "done_on": "2026-01-20"}]})
    assert task_progress(ds, unknown, date(2026, 4, 1)).status is TaskStatus.UNKNOWN
    known = Task.model_validate({**base, "status": "chua-ro",
                                 "progress": [{"agency": "so-noi-vu", "status": "chua-thuc-hien"}]})
    assert task_progress(ds, known, date(2026, 4, 1)).status is TaskStatus.NOT_STARTED


def test_periodic_without_a_period_is_never_overdue(runner, repo):
    assert parse_due("định kỳ").label() == "Định kỳ" and parse_due("dinh ky").end is None
    assert parse_deadline_text("Định kỳ").value == "định kỳ"
    row = _json_rows(runner, repo)["bao-cao-dinh-ky"]
    assert (row["due_label"], row["state"], row["due_basis"]) == ("Định kỳ", "in_progress", "periodic")


def _diagnostics(repo_dir):
    return [(d.file.name if hasattr(d.file, "name") else str(d.file), d.line, d.message, d.code)
            for d in validate_repo(repo_dir, use_cache=False).diagnostics if d.severity.value == "error"]


@pytest.mark.parametrize(("entry", "expected"), [
    ("{agency: so-noi-vu, status: hoan-thanh, done_on: 2026-03-01}", "không chủ trì nhiệm vụ này"),
    ("{agency: ubnd-cac-xa-phuong, status: dang-thuc-hien}", "không cho nhóm"),
    ("{agency: xa-hoa-phu, status: dang-thuc-hien, done_on: 2026-03-01}", "không phải \"hoan-thanh\""),
    ("{agency: xa-hoa-phu, status: hoan-thanh}", "cần ghi ngày hoàn thành"),
    ("{agency: phuong-buon-ma-thuot, status: chua-ro}", "ghi tiến độ hai lần"),
    ("{agency: xa-khong-co, status: chua-ro}", "không có trong danh mục cơ quan"),
])
def test_bad_progress_is_reported_at_its_line(tmp_path, entry, expected):
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".cchc-cache"))
    text = TASKS.replace("      - {agency: xa-hoa-phu, status: dang-thuc-hien}\n", f"      - {entry}\n")
    (target / "tasks" / "2026-tien-do.yaml").write_text(text, encoding="utf-8")
    errors = _diagnostics(target)
    assert any(expected in message and line == 11 and "2026-tien-do" in name for name, line, message, _ in errors), errors


def test_json_schema_knows_the_new_fields():
    from cchc.services.schemas import schema_for

    text = json.dumps(schema_for("tasks", 1), ensure_ascii=False)
    assert "MemberProgress" in text and '"chua-ro"' in text and '"định kỳ"' in text


def test_diff_names_a_unit_s_progress(ds):
    from cchc.services.semantic_diff import diff_datasets

    task = ds.tasks["tien-do-xa"]
    data = task.model_dump(mode="json", exclude_none=True)
    data["progress"] = [data["progress"][0], {"agency": "xa-hoa-phu", "status": "hoan-thanh", "done_on": "2026-04-02"},
                        {"agency": "phuong-tan-an", "status": "chua-ro"}]
    after = dataclasses.replace(ds, tasks={**ds.tasks, "tien-do-xa": Task.model_validate(data)})
    texts = [c.text for c in diff_datasets(ds, after)]
    assert texts == ["Nhiệm vụ tien-do-xa: UBND xã Hòa Phú đang thực hiện → hoàn thành (ngày 2/4/2026)",
                     "Nhiệm vụ tien-do-xa: UBND phường Tân An chưa thực hiện (theo nhiệm vụ) → chưa rõ"]


def test_report_shows_the_units_and_the_unknown(runner, repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--data", str(repo), "report", "--as-of", AS_OF, "-o", "bao-cao.html"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "bao-cao.html").read_text(encoding="utf-8")
    assert "quá hạn (1/102 đơn vị hoàn thành)" in page
    assert "quá hạn, chưa rõ tình trạng" in page
