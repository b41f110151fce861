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

from cchc.cli import clickvn, console
from cchc.cli.lazy import LazyHelpGroup
from cchc.errors import CchcError, DataError, UsageError
from cchc.io.atomic import display_path, os_reason, read_error
from cchc.resources import is_installed_sample, locate_data_dir, repository_data_dir

clickvn.install()


def debug_requested() -> bool:
    """``--debug`` or ``CCHC_DEBUG`` (any value but empty, 0, false, no, off): show tracebacks."""
    env = os.environ.get("CCHC_DEBUG", "").strip().lower()
    return state.debug or env not in ("", "0", "false", "no", "off", "không")


ERROR_LABEL = ("lỗi: ", "bold red")  # the first words of every error message (console.say parts)
HINT_LABEL = ("gợi ý: ", "cyan")
NOTE_LABEL = ("Lưu ý: ", "cyan")  # an informational note on stderr


def print_usage_error(exc: clickvn.ClickException, argv: list[str] | None) -> None:
    """A parse error of Click in Vietnamese, the way cchc prints its own usage errors."""
    from cchc.cli.entry import command_name

    name = command_name(list(argv or []))
    text, hints = clickvn.explain(exc, command_path=f"cchc {name}" if name else "cchc")
    usage = clickvn.usage_line(exc)
    if usage:
        console.say(usage, stderr=True)
    console.say(ERROR_LABEL, text, stderr=True)
    *advice, see = hints
    for hint in advice:
        console.say("    ", HINT_LABEL, hint, stderr=True)
    console.say("    ", see, stderr=True)


class RootGroup(LazyHelpGroup):
    """The root command: Click's own errors (unknown option, missing value...) reach the user in
    Vietnamese with exit code 2, and nothing ever ends in a traceback unless --debug/CCHC_DEBUG."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        argv = list(args) if args is not None else sys.argv[1:]
        try:
            # Not standalone: Click hands every error back here instead of printing it in English;
            # commands return nothing (see `command`), so a number is the exit code of typer.Exit.
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except clickvn.NoArgsIsHelpError as exc:  # the help was printed already
            sys.exit(exc.exit_code)
        except clickvn.ClickException as exc:
            if isinstance(exc, clickvn.UsageError):
                print_usage_error(exc, argv)
            else:
                text, _ = clickvn.explain(exc)
                console.say(ERROR_LABEL, text, stderr=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            console.err.print("Đã hủy.")
            sys.exit(1)
        except Exception as exc:  # outside any command (e.g. importing one): still no traceback
            if debug_requested():
                raise
            _internal_error(exc)
            sys.exit(70)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    name="cchc",
    cls=RootGroup,
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
    sample_announced: bool = False  # "Đang dùng dữ liệu mẫu đi kèm" is said once per command


state = State()


def data_dir(explicit: Path | None = None, *, write: bool = False) -> Path:
    """The data repository to work on: argument, --data, $CCHC_DATA, the ``data/`` folder of the
    repository around the working folder (walking up as git does), else the bundled sample, which
    is announced on stderr and which a writing command (``write``) refuses."""
    if explicit is None and state.data is None and os.environ.get("CCHC_DATA") == "":
        raise UsageError("biến CCHC_DATA được đặt nhưng rỗng",
                         hint="đặt CCHC_DATA là đường dẫn thư mục dữ liệu, hoặc bỏ hẳn biến (unset CCHC_DATA)")
    chosen = explicit or state.data
    if chosen is not None:
        root: Path | None = repository_data_dir(chosen)
        sample = is_installed_sample(chosen)
    else:
        location = locate_data_dir()
        root, sample = location.path, location.sample
    if root is not None and sample:
        if write:
            raise UsageError(f"cchc không ghi vào dữ liệu mẫu đi kèm ({display_path(root)})",
                             hint="chạy lệnh trong kho dữ liệu của mình (tạo bằng `cchc init THƯ_MỤC "
                                  "--province …`), hoặc chỉ rõ kho bằng --data THƯ_MỤC")
        if not state.sample_announced:
            state.sample_announced = True
            console.say(("Đang dùng dữ liệu mẫu đi kèm:", "yellow"), f" {display_path(root)} (không có kho dữ "
                        "liệu ở thư mục này hay thư mục cha; chỉ rõ bằng --data THƯ_MỤC)", stderr=True)
    if root is None:
        raise UsageError("không tìm thấy thư mục dữ liệu", hint="chỉ rõ bằng --data THƯ_MỤC hoặc biến CCHC_DATA")
    if not root.is_dir():
        raise UsageError(f"thư mục dữ liệu {root} không tồn tại",
                         hint="chỉ rõ bằng --data THƯ_MỤC hoặc biến CCHC_DATA")
    return root


SKIP_INVALID_HELP = ("Tính trên các bản ghi hợp lệ khi dữ liệu có lỗi; kết quả ghi rõ số bản ghi bị bỏ qua "
                     "(mặc định: từ chối, liệt kê các lỗi đầu tiên).")


def skip_invalid_option() -> Any:
    """``--skip-invalid``: the explicit opt-in to compute from the valid records only (contract 7)."""
    return typer.Option(False, "--skip-invalid", help=SKIP_INVALID_HELP)


def computing_dataset(skip_invalid: bool = False, *, root: Path | None = None, document: bool = False,
                      what: str = "tính kết quả") -> Any:
    """The dataset of a command that computes from the data: loaded from ``root`` (default: the
    data folder), refused when loading dropped records unless ``skip_invalid`` (then what was
    dropped is said on stderr here and in the output by the command); see services/integrity.py."""
    from cchc.services.integrity import usable_dataset

    ds = usable_dataset(root or data_dir(), skip_invalid=skip_invalid, document=document, what=what)
    announce_skipped(ds)
    return ds


def announce_skipped(ds: Any) -> None:
    """The stderr line of a command that left records out (``--skip-invalid``)."""
    if getattr(ds, "skipped", None) is not None:
        console.say(("Lưu ý:", "bold yellow"), f" {ds.skipped.note}", stderr=True)


def skipped_footer(ds: Any) -> None:
    """The same sentence at the foot of what a command prints on stdout (terminal tables)."""
    if getattr(ds, "skipped", None) is not None:
        console.say((f"Lưu ý: {ds.skipped.note}", "bold yellow"))


def skipped_notes(ds: Any) -> list[str]:
    """What a listing must carry about left-out records (``warnings`` of the export functions)."""
    skipped = getattr(ds, "skipped", None)
    return [skipped.note] if skipped is not None else []


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
    console.say(ERROR_LABEL, exc.message, stderr=True)
    for diagnostic in exc.diagnostics[:50]:
        console.say(diagnostic.format(state.data), stderr=True)
    if exc.hint:  # after the problems it is about: "chạy `cchc validate` để xem tất cả"
        console.say("    ", HINT_LABEL, exc.hint, stderr=True)


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


def _internal_error(exc: BaseException) -> None:
    console.say(("lỗi nội bộ của cchc:", "bold red"), f" {type(exc).__name__}: {exc}", stderr=True)
    console.say("    ", HINT_LABEL, "chạy lại với --debug (hoặc CCHC_DEBUG=1) để xem chi tiết và báo cho người bảo trì",
                stderr=True)


def command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a command so that library errors become Vietnamese messages and exit codes.

    With ``--debug`` or ``CCHC_DEBUG=1`` every error, the library's included, keeps its traceback.
    A command returns nothing: its outcome is what it printed and its exit code.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except CchcError as exc:
            if debug_requested():
                raise
            print_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except OSError as exc:  # a file the library did not guard: still a clean message, exit 1
            if debug_requested():
                raise
            print_error(_os_error(exc))
            raise typer.Exit(1) from None
        except RecursionError:
            if debug_requested():
                raise
            print_error(DataError("dữ liệu lồng nhau quá sâu, cchc không xử lý được",
                                  hint="chạy `cchc validate` để xem tệp và dòng có cấu trúc lồng quá sâu"))
            raise typer.Exit(1) from None
        except Exception as exc:  # an unexpected bug: say so plainly, keep the traceback for --debug
            if debug_requested():
                raise
            _internal_error(exc)
            raise typer.Exit(70) from None

    return wrapper


@app.callback()
def root(
    data: Path | None = typer.Option(
        None, "--data", envvar="CCHC_DATA", help="Thư mục dữ liệu (mặc định: ./data hoặc dữ liệu mẫu).",
        file_okay=False),
    debug: bool = typer.Option(False, "--debug", help="Hiện traceback khi có lỗi, như biến CCHC_DEBUG=1 "
                                                      "(dành cho người bảo trì)."),
) -> None:
    """Bộ công cụ cải cách hành chính cấp tỉnh."""
    state.data = data
    state.debug = debug
    state.sample_announced = False


def run() -> None:
    console.setup_streams()
    try:
        app(prog_name="cchc")
    except KeyboardInterrupt:
        console.err.print("Đã hủy.")
        sys.exit(130)
