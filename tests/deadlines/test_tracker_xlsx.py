"""`cchc deadlines --format xlsx -o theo-doi.xlsx`: the tracker of contract 5, read back with
openpyxl, then filled in as an agency would and imported with `cchc import status`."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from cchc.cli.main import app
from cchc.io.loader import load_dataset
from cchc.models.tasks import TASK_STATUS_LABELS, TaskStatus

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
HEADER = ["STT", "Mã nhiệm vụ", "Nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Cơ quan phối hợp", "Hạn",
          "Tình trạng", "Số ngày quá hạn", "Ngày hoàn thành", "Sản phẩm, kết quả", "Ghi chú"]


@pytest.fixture
def tracker_file(runner, data_copy, tmp_path):
    path = tmp_path / "theo-doi.xlsx"
    result = runner.invoke(app, ["--data", str(data_copy), "deadlines", "--as-of", "2021-07-20", "--format", "xlsx",
                                 "-o", str(path)], env=ENV)
    assert result.exit_code == 0, result.output
    from cchc.domain.deadlines import exists_on

    ds = load_dataset(data_copy)
    # Only the tasks existing on 20/7/2021: those of later documents do not exist yet (issue 11 item 2).
    count = sum(exists_on(t, ds.documents, dt.date(2021, 7, 20)) for t in ds.tasks.values())
    assert "Đã ghi" in result.output and f"{count} nhiệm vụ" in result.output
    return path


def _rows(ws):
    return {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value}


def test_sheets_columns_and_metadata(tracker_file, data_copy):
    book = load_workbook(tracker_file)
    assert book.sheetnames == ["Theo dõi", "Tổng hợp", "_cchc"]
    ws = book["Theo dõi"]
    assert [c.value for c in ws[1]] == HEADER
    ds = load_dataset(data_copy)
    rows = _rows(ws)
    from cchc.domain.deadlines import exists_on

    existing = {key for key, task in ds.tasks.items() if exists_on(task, ds.documents, dt.date(2021, 7, 20))}
    assert set(rows) == existing  # one row per task existing on the as-of date, nothing else
    assert [ws.cell(r, 1).value for r in sorted(rows.values())] == list(range(1, len(rows) + 1))
    meta_ws = book["_cchc"]
    assert meta_ws.sheet_state == "hidden"
    meta = {ws_row[0].value: ws_row[1].value for ws_row in meta_ws.iter_rows()}
    assert meta["generator"] == "cchc" and meta["as_of"] == "2021-07-20" and meta["version"]
    assert not meta["data_root"].startswith("/")
    for task_id, task in ds.tasks.items():
        if task_id not in existing:
            continue
        assert meta[f"task:{task_id}"] == ds.origin(task).file.relative_to(ds.root).as_posix()
    summary = book["Tổng hợp"]
    assert any("Tổng hợp theo cơ quan chủ trì" in str(c.value) for c in summary["A"] if c.value)


def test_cells_are_typed_validated_coloured_and_printable(tracker_file):
    ws = load_workbook(tracker_file)["Theo dõi"]
    rows = _rows(ws)
    # The plan of seed 001: due 17/7/2021 (a Saturday), overdue on 20/7.
    overdue = next(r for r in rows.values() if isinstance(ws.cell(r, 9).value, int))
    due = ws.cell(overdue, 7)
    assert isinstance(due.value, dt.datetime) and due.number_format == "dd/mm/yyyy"
    assert isinstance(ws.cell(overdue, 9).value, int) and ws.cell(overdue, 9).value > 0
    assert ws.cell(overdue, 1).fill.fgColor.rgb.endswith("F8CBAD")  # red like the terminal
    assert isinstance(ws.cell(overdue, 1).value, int)
    done = [r for r in rows.values() if ws.cell(r, 10).value is not None]
    assert all(isinstance(ws.cell(r, 10).value, dt.datetime) for r in done)
    assert all(ws.cell(r, 10).number_format == "dd/mm/yyyy" for r in rows.values())
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:L")
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    status = next(dv for ref, dv in validations.items() if ref.startswith("H2"))
    assert status.type == "list" and status.formula1 == '"' + ",".join(TASK_STATUS_LABELS.values()) + '"'
    date_rule = next(dv for ref, dv in validations.items() if ref.startswith("J2"))
    assert date_rule.type == "date"
    rules = [rule for rng in ws.conditional_formatting for rule in rng.rules]
    assert any('="hoàn thành"' in rule.formula[0] for rule in rules)
    assert "Tính đến ngày 20/7/2021" in ws.oddHeader.right.text
    assert "&P" in ws.oddFooter.center.text
    single = [r for r in rows.values() if len(str(ws.cell(r, 3).value)) < 40]
    assert all(ws.row_dimensions[r].height < 20 for r in single)  # a one-line row is not double height


def test_filled_in_tracker_imports_back(runner, tracker_file, data_copy):
    book = load_workbook(tracker_file)
    ws = book["Theo dõi"]
    row = _rows(ws)["ke-hoach-cai-thien-chi-so-2021"]
    ws.cell(row, 8).value = TaskStatus.DONE.label
    ws.cell(row, 10).value = dt.datetime(2021, 7, 28)
    ws.cell(row, 11).value = "Kế hoạch số 99/KH-UBND"
    book.save(tracker_file)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(tracker_file),
                                 "--as-of", "2022-12-01"], env=ENV)
    assert result.exit_code == 0, result.output
    task = load_dataset(data_copy).tasks["ke-hoach-cai-thien-chi-so-2021"]
    assert (task.status, task.done_on, task.product) == (TaskStatus.DONE, dt.date(2021, 7, 28),
                                                         "Kế hoạch số 99/KH-UBND")


def test_an_unchanged_tracker_imports_as_no_change(runner, tracker_file, data_copy):
    before = {p: p.read_bytes() for p in (data_copy / "tasks").glob("*.yaml")}
    result = runner.invoke(app, ["--data", str(data_copy), "import", "status", str(tracker_file),
                                 "--as-of", "2022-12-01"], env=ENV)
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in before} == before


def test_format_and_output_must_agree(runner, data_copy, tmp_path):
    no_file = runner.invoke(app, ["--data", str(data_copy), "deadlines", "--format", "xlsx"], env=ENV)
    assert no_file.exit_code == 2 and "-o" in no_file.output
    clash = runner.invoke(app, ["--data", str(data_copy), "deadlines", "--format", "json", "-o",
                                str(tmp_path / "x.xlsx")], env=ENV)
    assert clash.exit_code == 2 and "mâu thuẫn" in clash.output
    inferred = runner.invoke(app, ["--data", str(data_copy), "deadlines", "--as-of", "2021-07-20", "-o",
                                   str(tmp_path / "x.xlsx")], env=ENV)
    assert inferred.exit_code == 0, inferred.output
    again = runner.invoke(app, ["--data", str(data_copy), "deadlines", "-o", str(tmp_path / "x.xlsx")], env=ENV)
    assert again.exit_code != 0  # never overwritten without --force
