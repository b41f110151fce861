"""`cchc import`: bring received Word and Excel tables into the data (tasks, assignment, criteria,
and the tracker's status updates). Each command calls one function of :mod:`cchc.importers`."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.cli import console
from cchc.cli.app import NOTE_LABEL, app, command, data_dir, resolve_today
from cchc.errors import Diagnostic
from cchc.importers.common import ImportResult, parse_mapping

import_app = typer.Typer(
    help="Nhập bảng từ tệp Word (.docx) hoặc Excel (.xlsx): nhiệm vụ, phân công, bộ tiêu chí, "
         "tình trạng thực hiện. Không đoán: tên cơ quan, thời hạn không nhận ra được đều được báo "
         "kèm ô trong bảng.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

FILE = typer.Argument(..., metavar="TỆP", help="Tệp .docx hoặc .xlsx nhận được.", exists=False, dir_okay=False)
DRY_RUN = typer.Option(False, "--dry-run", help="Chỉ in những gì sẽ thay đổi (như cchc diff), không ghi tệp.")
FORCE = typer.Option(False, "--force", help="Cho phép ghi đè tệp kết quả đã có.")
TABLE = typer.Option(None, "--table", min=1, help="Số thứ tự bảng (Word) hoặc trang tính (Excel) cần nhập.")
MAP = typer.Option(None, "--map", help="Ánh xạ tên cơ quan sang mã: \"Sở TT&TT=so-khcn\" (lặp lại được; "
                                       "để trống mã nếu tên không phải một cơ quan).")
MAP_FILE = typer.Option(None, "--map-file", dir_okay=False, help="Tệp ánh xạ, mỗi dòng TÊN=MÃ.")
OUTPUT = typer.Option(None, "-o", "--output", dir_okay=False, help="Tệp YAML kết quả.")


def _print_diagnostic(diagnostic: Diagnostic) -> None:
    colour = "red" if diagnostic.is_error else "yellow"
    text = diagnostic.format()
    head, _, rest = text.partition(": ")
    console.say((f"{head}:", colour), f" {rest}", stderr=True)


def _report(result: ImportResult, dry_run: bool) -> None:
    for note in result.notes:
        console.say(NOTE_LABEL, note, stderr=True)
    for diagnostic in result.diagnostics:
        _print_diagnostic(diagnostic)
    if dry_run:
        console.out.print(result.diff_text, markup=False, highlight=False, soft_wrap=True, end="", emoji=False)
        console.err.print(f"[bold]Chạy thử:[/] không ghi tệp nào ({result.records} mục đọc được).", emoji=False)
        return
    for skipped in result.skipped:
        console.say(("Bỏ qua:", "yellow"), f" {skipped}", stderr=True)
    console.out.print(result.diff_text, markup=False, highlight=False, soft_wrap=True, end="", emoji=False)
    for path in result.written:
        console.say(("Đã ghi", "green"), f" {path}", stderr=True)
    if not result.written:
        console.err.print("Không có gì thay đổi.", emoji=False)


@import_app.command("tasks")
@command
def import_tasks_command(
    file: Path = FILE,
    source: str = typer.Option(..., "--source", help="Mã văn bản giao nhiệm vụ (trong documents)."),
    output: Path | None = OUTPUT,
    table: int | None = TABLE,
    year: int | None = typer.Option(None, "--year", help="Năm của kế hoạch, cho thời hạn không ghi năm "
                                                         "(mặc định: năm của văn bản giao)."),
    mapping: list[str] | None = MAP,
    map_file: Path | None = MAP_FILE,
    dry_run: bool = DRY_RUN,
    force: bool = FORCE,
) -> None:
    """Nhập bảng nhiệm vụ của kế hoạch, công văn thành tệp tasks."""
    from cchc.importers.tasks import import_tasks
    from cchc.io.loader import load_dataset

    ds = load_dataset(data_dir(None, write=not dry_run))
    result = import_tasks(ds, file, source=source, output=output, table=table,
                          mapping=parse_mapping(mapping, map_file), year=year, dry_run=dry_run, force=force)
    _report(result, dry_run)


@import_app.command("assignment")
@command
def import_assignment_command(
    file: Path = FILE,
    year: int = typer.Option(..., "--year", help="Năm phân công."),
    criteria: str = typer.Option(..., "--criteria", help="Mã bộ tiêu chí (trong criteria)."),
    output: Path | None = OUTPUT,
    source: str | None = typer.Option(None, "--source", help="Mã văn bản kèm phụ lục (trong documents)."),
    table: int | None = TABLE,
    mapping: list[str] | None = MAP,
    map_file: Path | None = MAP_FILE,
    dry_run: bool = DRY_RUN,
    force: bool = FORCE,
) -> None:
    """Nhập phụ lục phân công cơ quan chủ trì theo lĩnh vực, tiêu chí."""
    from cchc.importers.assignment import import_assignment
    from cchc.io.loader import load_dataset

    ds = load_dataset(data_dir(None, write=not dry_run))
    result = import_assignment(ds, file, year=year, criteria_id=criteria, output=output, source=source,
                               table=table, mapping=parse_mapping(mapping, map_file), dry_run=dry_run,
                               force=force)
    _report(result, dry_run)


@import_app.command("criteria")
@command
def import_criteria_command(
    file: Path = FILE,
    set_id: str = typer.Option(..., "--id", help="Mã bộ tiêu chí mới, ví dụ par-index-tinh-876."),
    index: str = typer.Option(..., "--index", help="Chỉ số: PAR_INDEX, SIPAS, PAPI, PCI, DDCI."),
    basis: str = typer.Option(..., "--basis", help="Số, ký hiệu văn bản ban hành, ví dụ \"876/QĐ-BNV\"."),
    years: str = typer.Option(..., "--years", help="Các năm đánh giá áp dụng, ví dụ 2022,2023."),
    level: str = typer.Option("tinh", "--level", help="Cấp: tinh, so, huyen, xa."),
    basis_date: str | None = typer.Option(None, "--basis-date", help="Ngày ban hành văn bản (NĂM-THÁNG-NGÀY)."),
    name: str | None = typer.Option(None, "--name", help="Tên bộ tiêu chí (mặc định: tên chỉ số)."),
    total: float | None = typer.Option(None, "--total", help="Tổng điểm (mặc định: dòng tổng của bảng, "
                                                             "hoặc tổng điểm các lĩnh vực)."),
    output: Path | None = OUTPUT,
    table: int | None = TABLE,
    dry_run: bool = DRY_RUN,
    force: bool = FORCE,
) -> None:
    """Nhập bảng tiêu chí (mã, tên, điểm tối đa, tiêu chí điều tra xã hội học)."""
    from cchc.cli.app import parse_day
    from cchc.importers.criteria import import_criteria
    from cchc.io.loader import load_dataset

    ds = load_dataset(data_dir(None, write=not dry_run))
    result = import_criteria(ds, file, set_id=set_id, index=index, basis=basis, years=years, level=level,
                             basis_date=parse_day(basis_date, "--basis-date") if basis_date else None,
                             name=name, total=total, output=output, table=table, dry_run=dry_run, force=force)
    _report(result, dry_run)


@import_app.command("status")
@command
def import_status_command(
    file: Path = FILE,
    as_of: str | None = typer.Option(None, "--as-of", help="Hôm nay (để kiểm tra ngày hoàn thành không ở "
                                                           "tương lai); mặc định: CCHC_TODAY hoặc đồng hồ máy."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Ghi các dòng hợp lệ, bỏ qua (và liệt kê) dòng lỗi."),
    dry_run: bool = DRY_RUN,
) -> None:
    """Cập nhật tình trạng, ngày hoàn thành, kết quả từ bảng theo dõi (cchc deadlines --format xlsx)."""
    from cchc.importers.status import import_status
    from cchc.io.loader import load_dataset

    ds = load_dataset(data_dir(None, write=not dry_run))
    result = import_status(ds, file, today=resolve_today(as_of), skip_bad=skip_bad, dry_run=dry_run)
    _report(result, dry_run)
