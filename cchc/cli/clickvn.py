"""Click's own words in Vietnamese: parse errors, the usage line, the type labels of ``--help``.

Typer's Click (vendored as ``typer._click``, or Click itself in older Typer) writes its messages
in English, mostly with f-strings, so a gettext catalogue cannot translate them. Instead:

- every parse error is told again from the exception's class and attributes (which parameter,
  which option, which value, the pydantic error that caused it) by :func:`explain`, and the
  root command prints it the way cchc prints its own usage errors (``cchc.cli.app``);
- the usage line ("Cách dùng: cchc assign [TÙY_CHỌN]") and the type column of ``--help`` come
  from methods patched here on Click's command and Typer's parameter classes: a flag shows no
  type (the meaningless ``<bool>``), the other types are named in Vietnamese.

Only the wording lives here; which text a user sees is tested in tests/core/test_click_vietnamese.py.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from collections.abc import Iterable
from typing import Any

import typer.core

from cchc.domain.suggest import close_matches

try:  # Typer >= 0.20 vendors Click
    from typer._click import exceptions as click_exceptions
    from typer._click.core import Command as ClickCommand
except ImportError:  # pragma: no cover - older Typer on top of Click
    from click import exceptions as click_exceptions  # type: ignore[no-redef]
    from click.core import Command as ClickCommand  # type: ignore[no-redef]

ClickException = click_exceptions.ClickException
UsageError = click_exceptions.UsageError
NoArgsIsHelpError = getattr(click_exceptions, "NoArgsIsHelpError", ())  # a group without its command

USAGE_PREFIX = "Cách dùng: "
USAGE_WORDS = {"[OPTIONS]": "[TÙY_CHỌN]", "COMMAND [ARGS]...": "LỆNH [THAM_SỐ]..."}
HELP_TEXT = "Hiện hướng dẫn này rồi thoát."

# Typer's type names in --help ("<int>", "<list[Path]>..."), then what a value of that type must
# be in an error message.
TYPE_NAMES = {
    "int": "số nguyên", "float": "số", "str": "chữ", "path": "đường dẫn", "Path": "đường dẫn",
    "file": "tệp", "dir": "thư mục", "datetime": "ngày giờ", "date": "ngày",
}
_TYPE_LABEL = re.compile(r"^<(?:list\[)?(?P<name>\w+)\]?>(?P<more>(?:\.\.\.)?)$")
PYDANTIC_REASONS = {
    "int_parsing": "phải là một số nguyên", "int_from_float": "phải là một số nguyên",
    "int_type": "phải là một số nguyên", "float_parsing": "phải là một số (dấu chấm thập phân: 7.5)",
    "float_type": "phải là một số", "finite_number": "phải là một số hữu hạn",
    "bool_parsing": "phải là true hoặc false", "bool_type": "phải là true hoặc false",
    "date_parsing": "phải là một ngày", "date_from_datetime_parsing": "phải là một ngày",
    "datetime_parsing": "phải là ngày giờ", "datetime_from_date_parsing": "phải là ngày giờ",
    "string_type": "phải là chữ", "path_type": "phải là một đường dẫn",
}
# Messages Click and Typer write without a dedicated exception class or attribute.
_EXTRA_ARGS = re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)$", re.S)
_NO_COMMAND = re.compile(r"^No such command '(?P<name>.*?)'\.")
_MISSING_COMMAND = re.compile(r"^Missing command\.?$")
_NO_VALUE = re.compile(r"does not take a value")
_NEEDS_VALUE = re.compile(r"requires (?:an argument|(?P<n>\d+) arguments)")
_ARGUMENT_VALUES = re.compile(r"^Argument '(?P<name>.*?)' takes (?P<n>\d+) values")
_PATH_STATE = re.compile(r"^(?:file|dir|directory|path) '(?P<value>.*)' (?P<state>does not exist|is a file|"
                         r"is a directory|is not readable|is not writable)\.?$", re.S)
_PATH_REASONS = {
    "does not exist": "không tồn tại", "is a file": "là một tệp, cần một thư mục",
    "is a directory": "là một thư mục, cần một tệp", "is not readable": "không đọc được",
    "is not writable": "không ghi được",
}
_CLICK_VALUE = re.compile(r"^'?(?P<value>.*?)'? is not (?:one of |a valid )(?P<kind>.*)$", re.S)


# --- the wording of errors ------------------------------------------------------------------


def help_command(ctx: Any | None, fallback: str = "cchc") -> str:
    """``cchc assign --help``: where the user reads how a command is used."""
    path = getattr(ctx, "command_path", None) or fallback
    names = list(getattr(ctx, "help_option_names", None) or ["--help"])
    option = "--help" if "--help" in names else names[-1]
    return f"{path} {option}"


def param_label(param: Any) -> str:
    """``--year / -y`` for an option, ``ID`` for an argument."""
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or (param.name or "").upper())
    return " / ".join([*param.opts, *getattr(param, "secondary_opts", [])])


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ").strip()


def _choices(param: Any) -> list[str]:
    """The values a choice parameter accepts (Typer's descriptor, or Click's Choice type)."""
    descriptor = getattr(param, "type_descriptor", None)
    choices: Iterable[Any] | None = getattr(descriptor, "choices", None) if descriptor is not None else None
    if choices is None:
        choices = getattr(getattr(param, "type", None), "choices", None)
    return [str(getattr(c, "value", c)) for c in choices or ()]


def _option_names(ctx: Any | None) -> list[str]:
    if ctx is None:
        return []
    names: list[str] = []
    for param in ctx.command.get_params(ctx):
        if getattr(param, "param_type_name", "") == "option":
            names += [*param.opts, *getattr(param, "secondary_opts", [])]
    return names


def _suggest_option(name: str, ctx: Any | None) -> str | None:
    """The one "did you mean" helper, on the names without their dashes (``--fromm`` → ``--from``)."""
    known = {n.lstrip("-"): n for n in _option_names(ctx) if n.startswith("--")}
    near = close_matches(name.lstrip("-"), known, n=2)
    if not near:
        return None
    return "có phải ý bạn là " + " hoặc ".join(f"«{known[n]}»" for n in near) + "?"


def _bad_value(exc: Any) -> tuple[str | None, str | None, list[str]]:
    """The value the user gave, why it is wrong, and the choices when it had to be one of them."""
    param = getattr(exc, "param", None)
    choices = _choices(param) if param is not None else []
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):  # a pydantic ValidationError (Typer converts values with pydantic)
        try:
            first = errors()[0]
        except (IndexError, TypeError):
            first = {}
        value = first.get("input")
        shown = None if value is None else str(value)
        if choices:
            return shown, "phải là một trong: " + ", ".join(choices), choices
        return shown, PYDANTIC_REASONS.get(str(first.get("type")), "không đúng dạng"), choices
    message = str(getattr(exc, "message", "") or "")
    match = _PATH_STATE.match(message)
    if match:
        return match["value"], _PATH_REASONS[match["state"]], choices
    match = _CLICK_VALUE.match(message)
    if match:
        if choices:
            return match["value"], "phải là một trong: " + ", ".join(choices), choices
        kind = match["kind"].lower()
        reason = ("phải là một số nguyên" if "integer" in kind else "phải là một số" if "float" in kind
                  else "phải là true hoặc false" if "bool" in kind else "không đúng dạng")
        return match["value"], reason, choices
    if message and not message.isascii():  # already Vietnamese (raised by cchc's own code)
        return None, message, choices
    return None, ("phải là một trong: " + ", ".join(choices)) if choices else None, choices


def explain(exc: Any, *, command_path: str = "cchc") -> tuple[str, list[str]]:
    """A Click exception as cchc says it: the Vietnamese message and its hints (the last one
    always tells where the help is). ``command_path`` stands in when Click kept no context."""
    ctx = getattr(exc, "ctx", None)
    hints: list[str] = []
    see = f"xem cách dùng: {help_command(ctx, command_path)}"
    message = str(getattr(exc, "message", "") or "")
    param = getattr(exc, "param", None)

    if isinstance(exc, click_exceptions.MissingParameter):
        if param is None:
            text = "thiếu một tham số bắt buộc"
        else:
            kind = "tùy chọn" if getattr(param, "param_type_name", "") == "option" else "tham số"
            text = f"thiếu {kind} bắt buộc {param_label(param)}"
            if _first_line(getattr(param, "help", None)):
                hints.append(f"{param_label(param)}: {_first_line(param.help)}")
    elif isinstance(exc, click_exceptions.BadParameter):
        label = param_label(param) if param is not None else (
            " / ".join(exc.param_hint) if isinstance(exc.param_hint, list | tuple) else exc.param_hint or "")
        value, reason, choices = _bad_value(exc)
        shown = f" «{value}»" if value is not None else ""
        text = f"giá trị{shown} của {label} không hợp lệ" if label else f"giá trị{shown} không hợp lệ"
        if reason:
            text += f": {reason}"
        if value is not None and choices:
            near = close_matches(value, choices, n=1)
            if near:
                hints.append(f"có phải ý bạn là «{near[0]}»?")
        if param is not None and _first_line(getattr(param, "help", None)) and not choices:
            hints.append(f"{label}: {_first_line(param.help)}")
    elif isinstance(exc, click_exceptions.NoSuchOption):
        name = str(exc.option_name)
        text = f"không có tùy chọn {name}"
        if ctx is not None:
            text += f" trong lệnh {ctx.command_path}"
        root = ctx.find_root() if ctx is not None else None
        if root is not None and root is not ctx and name.split("=")[0] in _option_names(root):
            option = name.split("=")[0]
            hints.append(f"{option} là tùy chọn chung, đặt trước tên lệnh: "
                         f"cchc {option} … {ctx.command_path.split(' ', 1)[-1]}")
        elif (suggestion := _suggest_option(name, ctx)) is not None:
            hints.append(suggestion)
    elif isinstance(exc, click_exceptions.BadOptionUsage):
        name = str(exc.option_name)
        needs = _NEEDS_VALUE.search(message)
        if _NO_VALUE.search(message):
            text = f"tùy chọn {name} là một cờ, không nhận giá trị"
            hints.append(f"viết {name} (không có «=…» phía sau)")
        elif needs:
            count = needs["n"]
            text = f"tùy chọn {name} cần {count + ' giá trị' if count else 'một giá trị'} ngay phía sau"
        else:
            text = f"tùy chọn {name} dùng chưa đúng"
    elif isinstance(exc, click_exceptions.BadArgumentUsage) and _ARGUMENT_VALUES.match(message):
        match = _ARGUMENT_VALUES.match(message)
        assert match is not None
        text = f"tham số {match['name']} cần {match['n']} giá trị"
    elif (match := _EXTRA_ARGS.match(message)) is not None:
        extra = match["args"].split()
        text = "thừa tham số: " + ", ".join(f"«{a}»" for a in extra)
        hints.append("lệnh không nhận thêm các giá trị này; giá trị có dấu cách phải đặt trong ngoặc kép")
    elif (match := _NO_COMMAND.match(message)) is not None:
        name = match["name"]
        text = f"không có lệnh «{name}»"
        if ctx is not None:
            near = close_matches(name, ctx.command.list_commands(ctx), n=2)
            if near:
                hints.append("có phải ý bạn là " + " hoặc ".join(f"«{n}»" for n in near) + "?")
        see = f"xem danh sách lệnh: {help_command(ctx, command_path)}"
    elif _MISSING_COMMAND.match(message):
        text = "thiếu tên lệnh"
        see = f"xem danh sách lệnh: {help_command(ctx, command_path)}"
    elif message and not message.isascii():
        text = message
    else:  # a message this module does not know yet: say it is a command-line error, keep the detail
        text = f"dòng lệnh không hợp lệ ({message})" if message else "dòng lệnh không hợp lệ"
    return text, [*hints, see]


def usage_line(exc: Any) -> str | None:
    """``Cách dùng: cchc assign [TÙY_CHỌN]`` for the command the error is about."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    try:
        return str(ctx.get_usage()).strip()
    except Exception:  # pragma: no cover - a usage line is a courtesy, never a second error
        return None


# --- the help and usage texts ----------------------------------------------------------------


def type_label(shown: str) -> str:
    """``<int>`` → ``<số nguyên>``, ``<list[Path]>`` → ``<đường dẫn>``; choices stay as they are."""
    match = _TYPE_LABEL.match(shown)
    if match is None or match["name"] not in TYPE_NAMES:
        return shown
    return f"<{TYPE_NAMES[match['name']]}>{match['more']}"


def _format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    pieces = [USAGE_WORDS.get(piece, piece) for piece in self.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)


def _vietnamese_help_option(command_class: type) -> None:
    """The built-in --help option says what it does in Vietnamese."""
    original = command_class.get_help_option

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    command_class.get_help_option = get_help_option  # type: ignore[method-assign]


def _vietnamese_types(param_class: type) -> None:
    """The type column of --help: nothing for a flag, Vietnamese names for the others."""
    original = getattr(param_class, "display_type_rich", None)
    if original is None:  # pragma: no cover - older Typer: Click's own metavars, no <bool>
        return

    def display_type_rich(self, ctx):  # type: ignore[no-untyped-def]
        if getattr(self, "is_flag", False) and not getattr(self, "count", False):
            return None
        shown = original(self, ctx)
        return type_label(shown) if isinstance(shown, str) else shown

    param_class.display_type_rich = display_type_rich  # type: ignore[attr-defined]


def install() -> None:
    """Put the Vietnamese texts in place (idempotent; cchc.cli.app calls it on import)."""
    if getattr(ClickCommand, "_cchc_vietnamese", False):
        return
    ClickCommand._cchc_vietnamese = True  # type: ignore[attr-defined]
    ClickCommand.format_usage = _format_usage  # type: ignore[method-assign]
    for command_class in (typer.core.TyperCommand, typer.core.TyperGroup):
        _vietnamese_help_option(command_class)
    for param_class in (getattr(typer.core, "TyperOption", None), getattr(typer.core, "TyperArgument", None)):
        if param_class is not None:
            _vietnamese_types(param_class)
    rich_utils = sys.modules.get(_RICH_UTILS)
    if rich_utils is not None:
        _rich_texts(rich_utils)
    elif not any(isinstance(finder, _RichTextsOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RichTextsOnImport())


_RICH_UTILS = "typer.rich_utils"
_RICH_TEXTS = {
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "ARGUMENTS_PANEL_TITLE": "Tham số",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "ABORTED_TEXT": "Đã hủy.",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "DEPRECATED_STRING": "(không còn dùng) ",
    "RICH_HELP": "Xem hướng dẫn: [blue]'{command_path} {help_option}'[/].",
}


def _rich_texts(module: Any) -> None:
    for name, text in _RICH_TEXTS.items():
        setattr(module, name, text)


class _RichTextsOnImport(importlib.abc.MetaPathFinder):
    """Puts the Vietnamese panel titles into ``typer.rich_utils`` when it is first imported.
    Typer imports it only to print help or an error; importing it up front would load
    rich.markdown and markdown_it into every command (50 ms)."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != _RICH_UTILS:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            _rich_texts(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]  # this loader serves this import only
        return spec
