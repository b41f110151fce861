"""`cchc deadlines` on the bundled data: table, formats, today, filters and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.cli.main import app

DATA = str(Path(__file__).resolve().parents[2] / "data")
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def run(runner, *args: str, **env: str):
    return runner.invoke(app, ["--data", DATA, "deadlines", *args], env={**ENV, **env})


def line_of(output: str, task_id: str) -> str:
    return next(line for line in output.splitlines() if task_id in line)


def test_acceptance_table_as_of_2021_07_20(runner):
    result = run(runner, "--as-of", "2021-07-20")
    assert result.exit_code == 0, result.output
    proposal = line_of(result.output, "de-xuat-giai-phap-chi-so-2021")
    assert "17/7/2021" in proposal and "quá hạn" in proposal and "quá 3 ngày (2 ngày LV)" in proposal
    plan = line_of(result.output, "ke-hoach-cai-thien-chi-so-2021")
    assert "30/7/2021" in plan and "đang thực hiện" in plan and "quá" not in plan
    assert "Tổng hợp theo cơ quan chủ trì" in result.output
    assert "1 quá hạn" in result.output


def test_today_from_environment(runner):
    from_env = run(runner, "--format", "json", CCHC_TODAY="2021-07-20")
    from_option = run(runner, "--format", "json", "--as-of", "2021-07-20")
    assert from_env.exit_code == 0
    assert json.loads(from_env.stdout) == json.loads(from_option.stdout)
    bad = run(runner, CCHC_TODAY="20.7.2021")
    assert bad.exit_code == 2
    assert "CCHC_TODAY" in bad.output


def test_json_is_a_list_of_rows(runner):
    result = run(runner, "--as-of", "2021-07-20", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and rows
    for row in rows:
        assert {"id", "title", "lead", "due", "state", "days_late", "working_days_late"} <= set(row)
    first = rows[0]
    assert (first["id"], first["due"], first["state"], first["days_late"], first["working_days_late"]) == (
        "de-xuat-giai-phap-chi-so-2021", "2021-07-17", "overdue", 3, 2)


def test_fail_on_overdue_exits_3_only_when_something_is_overdue(runner):
    late = run(runner, "--as-of", "2021-07-20", "--fail-on-overdue")
    assert late.exit_code == 3
    assert "de-xuat-giai-phap-chi-so-2021" in late.output
    early = run(runner, "--as-of", "2021-07-01", "--fail-on-overdue")
    assert early.exit_code == 0, early.output
    assert run(runner, "--as-of", "2021-07-20").exit_code == 0


def test_status_and_agency_filters(runner):
    result = run(runner, "--as-of", "2021-07-20", "--status", "in_progress", "--agency", "so-noi-vu",
                 "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == ["ke-hoach-cai-thien-chi-so-2021"]
    both = run(runner, "--as-of", "2021-07-20", "-s", "overdue,in_progress", "-a", "so-noi-vu", "-f", "json")
    assert len(json.loads(both.stdout)) == 2


def test_unknown_agency_and_state_are_usage_errors(runner):
    agency = run(runner, "--as-of", "2021-07-20", "--agency", "so-noi-v")
    assert agency.exit_code == 2
    assert "so-noi-v" in agency.output and "«so-noi-vu»" in agency.output
    state = run(runner, "--as-of", "2021-07-20", "--status", "qua-han")
    assert state.exit_code == 2
    assert "overdue" in state.output
    within = run(runner, "--as-of", "2021-07-20", "--within", "-1")
    assert within.exit_code == 2


def test_markdown_and_text_formats(runner):
    markdown = run(runner, "--as-of", "2021-07-20", "--format", "md")
    assert markdown.exit_code == 0
    assert "| de-xuat-giai-phap-chi-so-2021 |" in markdown.stdout
    assert "## Tổng hợp theo cơ quan chủ trì" in markdown.stdout
    assert "## Tổng hợp theo văn bản giao" in markdown.stdout
    text = run(runner, "--as-of", "2021-07-20", "--format", "text")
    assert text.exit_code == 0
    assert "QUÁ HẠN (1):" in text.stdout
    assert "quá 3 ngày (2 ngày làm việc)" in text.stdout


def test_empty_result_says_so(runner):
    result = run(runner, "--as-of", "2021-07-20", "--status", "done_late")
    assert result.exit_code == 0
    assert "không có nhiệm vụ nào khớp điều kiện lọc" in result.output


def test_as_of_never_sees_the_future(runner):
    """Issue 11 item 2: on 20/7/2021 the tasks of the October 2022 Thông báo do not exist yet."""
    import datetime

    from cchc.domain.deadlines import task_start
    from cchc.io.loader import load_dataset

    ds = load_dataset(Path(DATA))
    for as_of in (datetime.date(2021, 7, 20), datetime.date(2023, 1, 1)):
        rows = json.loads(run(runner, "--format", "json", "--all", "--as-of", as_of.isoformat()).stdout)
        shown = {row["id"] for row in rows if row.get("kind") == "task"}
        existing = {key for key, task in ds.tasks.items()
                    if task_start(task, ds.documents) is None or task_start(task, ds.documents) <= as_of}
        assert shown == existing
    assert {key for key, task in ds.tasks.items() if task.source == "tb-bcd-2022-10-ket-luan"} <= existing
    early = json.loads(run(runner, "--format", "json", "--all", "--as-of", "2021-07-20").stdout)
    assert not any(row["source"] == "tb-bcd-2022-10-ket-luan" for row in early)


def test_open_work_of_an_ended_lead_goes_to_its_successor(runner):
    """Issue 11 item 3: after the 2025 merger the Sở TT&TT's open tasks are the Sở KH&CN's."""
    rows = json.loads(run(runner, "--format", "json", "--as-of", "2025-06-01", "--agency", "so-khcn").stdout)
    taken = [row for row in rows if row.get("taken_over", {}).get("so-khcn") == "so-tttt"]
    assert taken, rows
    assert all("(tiếp nhận từ Sở TT&TT)" in " ".join(row["lead_names"]) or "tiếp nhận từ" in " ".join(row["lead_names"])
               for row in taken)
    old = json.loads(run(runner, "--format", "json", "--as-of", "2025-06-01", "--agency", "so-tttt").stdout)
    assert not [row for row in old if row["state"] in ("overdue", "due_soon", "in_progress", "no_deadline")]
    # Before the merger the work is still the Sở TT&TT's own.
    before = json.loads(run(runner, "--format", "json", "--as-of", "2024-06-01", "--agency", "so-tttt").stdout)
    assert {row["id"] for row in taken} <= {row["id"] for row in before}


def test_reminders_address_the_successor(runner):
    from cchc.io.loader import load_dataset
    from cchc.services.deadlines import reminder_data
    from tests.conftest import DATA

    ds = load_dataset(Path(DATA))
    agencies = {r.agency for r in reminder_data(ds, __import__("datetime").date(2025, 6, 1), 5)}
    assert "so-tttt" not in agencies and "so-khdt" not in agencies
    assert all(ds.agencies[a].is_valid_on(__import__("datetime").date(2025, 6, 1)) for a in agencies if a in ds.agencies)


def test_validate_warns_on_open_tasks_of_ended_leads(runner):
    result = runner.invoke(app, ["validate", "--no-cache", "--format", "json", str(DATA)], catch_exceptions=False)
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "open-task-ended-lead"]
    assert any("Sở Thông tin và Truyền thông" in d["message"] and "Sở Khoa học và Công nghệ" in d["hint"] for d in found)


def test_the_holiday_answers_are_kept_in_the_cache_and_give_the_same_output(runner, tmp_path, monkeypatch):
    import shutil

    from cchc.calendar import library
    from cchc.io.cachedir import read_cached

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    args = ["--data", str(data), "deadlines", "--as-of", "2021-07-20", "--format", "json"]
    monkeypatch.setattr(library, "_years", {})
    monkeypatch.setattr(library, "_range", None)
    first = runner.invoke(app, args, env=ENV)
    assert first.exit_code == 0
    kept = json.loads(read_cached(data, "holidays-vn.json"))
    assert kept["key"] == library.library_key() and "2021" in kept["years"]

    def refuse():
        raise AssertionError("holidays consulted although the cache holds the answer")

    monkeypatch.setattr(library, "_years", {})  # as a new process
    monkeypatch.setattr(library, "_range", None)
    monkeypatch.setattr(library, "_library", refuse)
    second = runner.invoke(app, args, env=ENV)
    assert (second.exit_code, second.stdout) == (0, first.stdout)



def test_the_holiday_answers_are_never_written_into_the_bundled_sample(tmp_path, monkeypatch):
    from datetime import date

    from cchc import resources
    from cchc.calendar import WorkCalendar, library
    from cchc.services.deadlines import HOLIDAYS_FILE, kept_holidays

    sample, repo = tmp_path / "sample", tmp_path / "repo"
    sample.mkdir()
    repo.mkdir()
    # the rule of where a cache may be kept (cchc.io.cachedir.may_keep) asks cchc.resources
    monkeypatch.setattr(resources, "is_installed_sample", lambda path: path == sample)
    for root in (sample, repo):
        monkeypatch.setattr(library, "_years", {})
        monkeypatch.setattr(library, "_range", None)
        with kept_holidays(root):
            WorkCalendar().is_working_day(date(2021, 9, 2))
    assert not (sample / ".cchc-cache").exists()
    assert (repo / ".cchc-cache" / HOLIDAYS_FILE).is_file()
