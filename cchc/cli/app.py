"""The Typer application object, shared options, and the one place errors become messages."""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import typer
import typer.core
import typer.rich_utils as rich_utils
from rich.markup import escape

from cchc.cli import console
from cchc.cli.lazy import LazyHelpGroup
from cchc.errors import CchcError, DataError, UsageError
from cchc.io.atomic import display_path, os_reason, read_error
from cchc.resources import default_data_dir

# Vietnamese panel titles in --help.
rich_utils.OPTIONS_PANEL_TITLE = "Tùy chọn"
rich_utils.ARGUMENTS_PANEL_TITLE = "Tham số"
rich_utils.COMMANDS_PANEL_TITLE = "Lệnh"
rich_utils.ERRORS_PANEL_TITLE = "Lỗi"
rich_utils.ABORTED_TEXT = "Đã hủy."
rich_utils.REQUIRED_LONG_STRING = "[bắt buộc]"
rich_utils.DEFAULT_STRING = "[mặc định: {}]"
rich_utils.ENVVAR_STRING = "[biến môi trường: {}]"



def _vietnamese_help_option(command_class: type) -> None:
    """Give the built-in --help option a Vietnamese description (works with any click version)."""
    original = command_class.get_help_option

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = original(self, ctx)
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option

    command_class.get_help_option = get_help_option


for _command_class in (typer.core.TyperCommand, typer.core.TyperGroup):
    _vietnamese_help_option(_command_class)

app = typer.Typer(
    name="cchc",
    cls=LazyHelpGroup,
    help="Bộ công cụ cải cách hành chính: dữ liệu YAML có phiên bản, phân công tiêu chí, "
         "theo dõi hạn và soạn văn bản theo Nghị định 30/2020/NĐ-CP.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode="rich",
)


class State:
    """Options of the root command, available to every command."""

    data: Path | None = None
    debug: bool = False


state = State()


def data_dir(explicit: Path | None = None) -> Path:
    """The data repository to work on: argument, --data, $CCHC_DATA, ./data, bundled sample."""
    if explicit is None and state.data is None and os.environ.get("CCHC_DATA") == "":
        raise UsageError("biến CCHC_DATA được đặt nhưng rỗng",
                         hint="đặt CCHC_DATA là đường dẫn thư mục dữ liệu, hoặc bỏ hẳn biến (unset CCHC_DATA)")
    root = explicit or state.data or default_data_dir()
    if root is None:
        raise UsageError("không tìm thấy thư mục dữ liệu", hint="chỉ rõ bằng --data THƯ_MỤC hoặc biến CCHC_DATA")
    if not root.is_dir():
        raise UsageError(f"thư mục dữ liệu {root} không tồn tại",
                         hint="chỉ rõ bằng --data THƯ_MỤC hoặc biến CCHC_DATA")
    return root


def parse_day(text: str, where: str) -> date:
    """A date given on the command line or in an environment variable: 2021-07-17 or 17/07/2021
    (:func:`cchc.textvn.parse_date`, the one parser of people's dates)."""
    from cchc.textvn import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise UsageError(f"ngày «{text}» ({where}) không hợp lệ",
                         hint="ghi theo dạng 2021-07-17 hoặc 17/07/2021") from None


def given_date(as_of: str | None) -> date | None:
    """``--as-of``, else ``$CCHC_TODAY``, else None."""
    if as_of:
        return parse_day(as_of, "--as-of")
    env = os.environ.get("CCHC_TODAY")
    return parse_day(env, "biến CCHC_TODAY") if env else None


def resolve_today(as_of: str | None = None) -> date:
    """"Today" for a command: --as-of, else $CCHC_TODAY, else the clock.

    The CLI is the only place that reads the clock; the library always receives the date.
    """
    return given_date(as_of) or date.today()


def print_error(exc: CchcError) -> None:
    console.err.print(f"[bold red]lỗi:[/] {escape(exc.message)}", soft_wrap=True)
    if exc.hint:
        console.err.print(f"    [cyan]gợi ý:[/] {escape(exc.hint)}")
    for diagnostic in exc.diagnostics[:50]:
        console.err.print(escape(diagnostic.format(state.data)), soft_wrap=True)


def _os_error(exc: OSError) -> CchcError:
    """An OS error that reached the CLI: name the file and the reason in Vietnamese."""
    name = exc.filename if exc.filename is not None else "tệp"
    if isinstance(exc, PermissionError | IsADirectoryError | NotADirectoryError | FileNotFoundError):
        return read_error(Path(os.fsdecode(name)), exc)
    return DataError(f"lỗi đọc/ghi {display_path(os.fsdecode(name))}: {os_reason(exc)}")


def check_number(value: float | int | None, option: str, low: float, high: float) -> None:
    """A numeric command-line option must be a real number in [low, high] (exit 2 otherwise)."""
    if value is None:
        return
    if not math.isfinite(value) or not low <= value <= high:
        raise UsageError(f"giá trị {option} «{value}» không hợp lệ: phải là một số từ {low:g} đến {high:g}")


YEAR_MIN, YEAR_MAX = 1900, 2200


def check_year(value: int | None, option: str) -> None:
    check_number(value, option, YEAR_MIN, YEAR_MAX)


def command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a command so that library errors become Vietnamese messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CchcError as exc:
            if state.debug:
                raise
            print_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except OSError as exc:  # a file the library did not guard: still a clean message, exit 1
            if state.debug or os.environ.get("CCHC_DEBUG"):
                raise
            print_error(_os_error(exc))
            raise typer.Exit(1) from None
        except RecursionError:
            if state.debug or os.environ.get("CCHC_DEBUG"):
                raise
            print_error(DataError("dữ liệu lồng nhau quá sâu, cchc không xử lý được",
                                  hint="chạy `cchc validate` để xem tệp và dòng có cấu trúc lồng quá sâu"))
            raise typer.Exit(1) from None
        except Exception as exc:  # an unexpected bug: say so plainly, keep the traceback for --debug
            if state.debug or os.environ.get("CCHC_DEBUG"):
                raise
            console.err.print(f"[bold red]lỗi nội bộ của cchc:[/] {escape(type(exc).__name__)}: {escape(str(exc))}")
            console.err.print("    [cyan]gợi ý:[/] chạy lại với --debug để xem chi tiết và báo cho người bảo trì")
            raise typer.Exit(70) from None

    return wrapper


@app.callback()
def root(
    data: Path | None = typer.Option(
        None, "--data", envvar="CCHC_DATA", help="Thư mục dữ liệu (mặc định: ./data hoặc dữ liệu mẫu).",
        file_okay=False),
    debug: bool = typer.Option(False, "--debug", help="Hiện traceback khi có lỗi (dành cho người bảo trì)."),
) -> None:
    """Bộ công cụ cải cách hành chính cấp tỉnh."""
    state.data = data
    state.debug = debug


def run() -> None:
    console.setup_streams()
    try:
        app(prog_name="cchc")
    except KeyboardInterrupt:
        console.err.print("Đã hủy.")
        sys.exit(130)
