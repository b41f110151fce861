"""`cchc import status`: the tracker, filled in by agencies, back into the task files."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from tracker import row_of, tracker

from cchc.cli.main import app
from cchc.importers.status import import_status
from cchc.io.loader import load_dataset
from cchc.models.tasks import TASK_STATUS_LABELS, TaskStatus

TODAY = dt.date(2022, 12, 1)


def _edit(path, changes: dict[str, dict[int, object]]):
    wb = load_workbook(path)
    ws = wb["Theo dõi"]
    for task_id, cells in changes.items():
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == task_id)
        for column, value in cells.items():
            ws.cell(row, column).value = value
    wb.save(path)


def test_filled_in_tracker_updates_exactly_those_tasks_keeping_comments(runner, data_copy, tmp_path):
    ds = load_dataset(data_copy)
    path = tracker(ds, tmp_path / "theo-doi.xlsx")
    _edit(path, {"ke-hoach-cai-thien-chi-so-2021": {8: "hoàn thành", 10: dt.datetime(2021, 7, 28),
                                                    11: "Kế hoạch số 99/KH-UBND"}})
    before = {p: p.read_text(encoding="utf-8") for p in (data_copy / "tasks").glob("*.yaml")}
    result = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(path), "--as-of", "2022-12-01"])
    assert result.exit_code == 0, result.output
    assert "Nhiệm vụ ke-hoach-cai-thien-chi-so-2021: đang thực hiện → hoàn thành (ngày 28/7/2021)" in result.output
    changed = {p for p in before if p.read_text(encoding="utf-8") != before[p]}
    assert [p.name for p in changed] == ["2021-nang-cao-chi-so.yaml"]
    text = (data_copy / "tasks" / "2021-nang-cao-chi-so.yaml").read_text(encoding="utf-8")
    old = before[data_copy / "tasks" / "2021-nang-cao-chi-so.yaml"]
    assert text.splitlines()[:2] == old.splitlines()[:2]  # the source comments are kept
    assert "    status: hoan-thanh\n    done_on: 2021-07-28\n" in text
    assert "product: Kế hoạch số 99/KH-UBND" in text
    after = load_dataset(data_copy)
    task = after.tasks["ke-hoach-cai-thien-chi-so-2021"]
    assert (task.status, task.done_on) == (TaskStatus.DONE, dt.date(2021, 7, 28))


def test_bad_rows_are_refused_with_their_cells_and_nothing_is_written(runner, data_copy, tmp_path):
    ds = load_dataset(data_copy)
    path = tracker(ds, tmp_path / "theo-doi.xlsx")
    _edit(path, {"ke-hoach-cai-thien-chi-so-2021": {8: "xong rồi"},
                 "ky-cam-ket-cchc-2021": {8: "hoàn thành", 10: dt.datetime(2030, 1, 1)},
                 "de-xuat-khen-thuong-cchc-2020": {3: "Một nhiệm vụ khác"},
                 "cong-khai-tien-do-tthc-2022": {8: "hoàn thành", 10: dt.datetime(2022, 11, 30)}})
    before = {p: p.read_bytes() for p in (data_copy / "tasks").glob("*.yaml")}
    result = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(path), "--as-of", "2022-12-01"])
    assert result.exit_code == 1
    r1, r2, r3 = (row_of(path, t) for t in ("ke-hoach-cai-thien-chi-so-2021", "ky-cam-ket-cchc-2021",
                                              "de-xuat-khen-thuong-cchc-2020"))
    assert f"Theo dõi!H{r1}" in result.output and "«xong rồi»" in result.output
    assert f"Theo dõi!J{r2}" in result.output and "tương lai" in result.output
    assert f"Theo dõi!C{r3}" in result.output
    assert {p: p.read_bytes() for p in before} == before
    skipped = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(path), "--as-of", "2022-12-01",
                                  "--skip-bad"])
    assert skipped.exit_code == 0, skipped.output
    assert "Bỏ qua" in skipped.output and f"Theo dõi!{r1}" in skipped.output
    assert load_dataset(data_copy).tasks["cong-khai-tien-do-tthc-2022"].status is TaskStatus.DONE


def test_workbook_not_made_by_cchc_is_refused(runner, data_copy, tmp_path):
    path = tracker(load_dataset(data_copy), tmp_path / "khac.xlsx", meta=False)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(path)])
    assert result.exit_code == 2 and "không do cchc tạo" in result.output


def _real_tracker(data_copy, path):
    """The workbook `cchc deadlines --format xlsx` writes (contract 5)."""
    from tests.conftest import Runner

    result = Runner().invoke(app, ["--data", str(data_copy), "deadlines", "--as-of", "2022-12-01",
                                      "--format", "xlsx", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_real_tracker_round_trip(runner, data_copy, tmp_path):
    path = _real_tracker(data_copy, tmp_path / "theo-doi.xlsx")
    _edit(path, {"dvctt-muc-do-3-4-2022": {8: "hoàn thành", 10: dt.datetime(2022, 11, 20)}})
    before = {p: p.read_text(encoding="utf-8") for p in (data_copy / "tasks").glob("*.yaml")}
    result = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(path), "--as-of", "2022-12-01"])
    assert result.exit_code == 0, result.output
    changed = [p.name for p in before if p.read_text(encoding="utf-8") != before[p]]
    assert changed == ["2022-ket-luan-bcd.yaml"]
    task = load_dataset(data_copy).tasks["dvctt-muc-do-3-4-2022"]
    assert (task.status, task.done_on) == (TaskStatus.DONE, dt.date(2022, 11, 20))
    again = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(path), "--as-of", "2022-12-01"])
    assert again.exit_code == 0 and "không có thay đổi" in again.output


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_changing_some_statuses_changes_exactly_those_tasks(data_copy, tmp_path_factory, data):
    ds = load_dataset(data_copy)
    path = _real_tracker(data_copy, tmp_path_factory.mktemp("t") / "theo-doi.xlsx")
    # The tracker is filled in on TODAY (2022): only tasks assigned by then can be marked done then.
    ids = sorted(t.id for t in ds.tasks.values()
                 if t.source is None or ds.documents[t.source].date is None
                 or ds.documents[t.source].date <= dt.date(2022, 11, 1))
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=5))
    edits, expected = {}, {}
    for task_id in chosen:
        status = data.draw(st.sampled_from([s for s in TaskStatus if s is not ds.tasks[task_id].status]))
        cells = {8: TASK_STATUS_LABELS[status], 10: None}
        done = None
        if status is TaskStatus.DONE:
            done = dt.date(2022, 11, data.draw(st.integers(1, 30)))
            cells[10] = dt.datetime(done.year, done.month, done.day)
        edits[task_id] = cells
        expected[task_id] = (status, done)
    _edit(path, edits)
    result = import_status(ds, path, today=TODAY, dry_run=True)
    scratch = tmp_path_factory.mktemp("after") / "data"
    import shutil

    shutil.copytree(data_copy, scratch)
    for target, text in result.files.items():
        (scratch / target.relative_to(data_copy)).write_text(text, encoding="utf-8")
    after = load_dataset(scratch)
    for task_id, task in after.tasks.items():
        old = ds.tasks[task_id]
        if task_id in expected:
            assert (task.status, task.done_on) == expected[task_id]
        else:
            assert task.model_dump() == old.model_dump()
