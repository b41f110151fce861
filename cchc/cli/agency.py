"""`cchc agency ...`: edits of the agency list (the 2025 mergers)."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.cli import console
from cchc.cli.app import app, command, data_dir, parse_day
from cchc.services.agency_end import AgencyEndResult, end_agency
from cchc.textvn import date_short

agency_app = typer.Typer(help="Sửa danh mục cơ quan (sáp nhập, giải thể, đổi tên).", no_args_is_help=True)
app.add_typer(agency_app, name="agency")


def _print(result: AgencyEndResult, base: Path) -> None:
    try:
        name = result.file.relative_to(base)
    except ValueError:
        name = result.file
    successor = f", cơ quan kế nhiệm {result.successor_name} ({result.successor_id})" if result.successor_id else ""
    if result.changed:
        console.say(f"Đã ghi {name}: {result.agency_name} kết thúc hoạt động "
                    f"sau ngày {date_short(result.on)}{successor}.")
        console.write_plain(result.diff, end="")
    else:
        console.say(f"{name} đã ghi đúng như vậy; không thay đổi gì.")
    who = result.successor_name or "cơ quan tiếp nhận nhiệm vụ"
    if result.tasks:
        console.say("\n", (f"Nhiệm vụ chưa hoàn thành cần chuyển cho {who} ({len(result.tasks)}):", "bold"))
        for item in result.tasks:
            deadline = f"hạn {date_short(item.deadline)}" if item.deadline else "không có hạn"
            where = f"{item.file.name}:{item.line}" if item.line else item.file.name
            console.say(f"  - {item.task.id} ({', '.join(item.roles)}; {deadline}) — {where}")
    if result.assignments:
        console.say("\n", (f"Phân công cần chuyển cho {who} ({len(result.assignments)}):", "bold"))
        for entry in result.assignments:
            where = f"{entry.file.name}:{entry.line}" if entry.line else entry.file.name
            console.say(f"  - năm {entry.year} ({entry.assignment_id}): {entry.role} "
                        f"mã {', '.join(entry.codes)} — {where}")
    if not result.tasks and not result.assignments:
        console.say("Không có nhiệm vụ đang mở hay phân công nào sau ngày kết thúc cần chuyển.")


@agency_app.command("end")
@command
def end_command(
    agency_id: str = typer.Argument(..., metavar="MÃ_CƠ_QUAN", help="Mã cơ quan kết thúc hoạt động, ví dụ so-tttt."),
    on: str = typer.Option(..., "--on", help="Ngày cuối cùng cơ quan còn hoạt động (2025-02-28 hoặc 28/02/2025)."),
    successor: str | None = typer.Option(None, "--successor", help="Mã cơ quan kế nhiệm, ví dụ so-khcn."),
    path: Path | None = typer.Argument(None, metavar="THƯ_MỤC", help="Thư mục dữ liệu (mặc định: --data).",
                                       file_okay=False),
) -> None:
    """Ghi ngày kết thúc và cơ quan kế nhiệm (chỉ sửa đúng các dòng đó), rồi liệt kê việc cần chuyển giao."""
    root = data_dir(path, write=True)
    _print(end_agency(root, agency_id, parse_day(on, "--on"), successor), root)
