"""console.say: a message line that Rich prints on a terminal and cchc writes plain elsewhere,
with the same characters either way (cli/console.py)."""

from __future__ import annotations

import contextlib
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from cchc.cli import console
from cchc.cli.main import app

_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\t"),
                max_size=80) | st.sampled_from(["[bold]x[/bold]", ":smile: :100:", "C:\\thư-mục\\", "\\[z]", ""])
_PART = _TEXT | st.tuples(_TEXT, st.sampled_from(["bold yellow", "green", "bold red"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PART, min_size=1, max_size=4))
def test_a_plain_line_is_what_rich_prints(monkeypatch, parts):
    """Data is never markup: brackets, emoji codes and a trailing backslash come out as they are,
    on a terminal and in a log alike (rich.markup.escape would show that backslash twice)."""
    monkeypatch.setattr(console, "styled", lambda: False)
    written = io.StringIO()
    with contextlib.redirect_stdout(written):
        console.say(*parts)
    drawn = io.StringIO()
    Console(file=drawn, width=40, highlight=False, emoji=False, color_system=None).print(
        Text.assemble(*parts), soft_wrap=True)
    assert written.getvalue() == drawn.getvalue()
    assert written.getvalue() == "".join(p if isinstance(p, str) else p[0] for p in parts) + "\n"


def test_the_reminder_messages_are_plain_in_a_log_and_styled_on_a_terminal(runner, tmp_path):
    args = ["deadlines", "--as-of", "2021-07-20", "--remind", "-o", str(tmp_path / "r.docx")]
    plain = runner.invoke(app, args)
    styled = runner.invoke(app, [*args, "--force"], env={"FORCE_COLOR": "1"})
    assert plain.exit_code == styled.exit_code == 0, plain.output
    assert plain.stdout.startswith("Đã ghi công văn đôn đốc: ") and "\x1b[" not in plain.output
    assert "Để trống vì nguồn không có" in plain.stderr
    strip = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
    assert strip.sub("", styled.stdout) == plain.stdout and strip.sub("", styled.stderr) == plain.stderr


def test_an_error_message_shows_a_path_as_it_is(runner, tmp_path):
    """Brackets, emoji codes and a trailing backslash in a path come out literally, on a terminal
    too (where rich.markup.escape used to show that backslash twice)."""
    missing = str(tmp_path / "khong-co [bold]x[/bold] :smile: \\")
    for env in ({}, {"FORCE_COLOR": "1"}):
        result = runner.invoke(app, ["--data", missing, "deadlines"], env=env)
        assert result.exit_code == 2
        shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)
        assert f"lỗi: thư mục dữ liệu {missing} không tồn tại\n" in shown, shown


_LITERAL = "Rà soát [bold]x[/bold] :smile: C:\\thư-mục\\"


def test_a_title_in_the_deadlines_table_shows_as_it_is(runner, data_copy):
    """A task's title with brackets, an emoji code and a trailing backslash is shown literally
    in the terminal table, plain and styled (Rich's escape showed that backslash twice)."""
    path = data_copy / "tasks" / "2021-nang-cao-chi-so.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("    title: >-")
    end = text.index("    lead:", first)
    path.write_text(text[:first] + f"    title: '{_LITERAL}'\n" + text[end:], encoding="utf-8")
    args = ["--data", str(data_copy), "deadlines", "--as-of", "2021-07-10", "--all"]
    strip = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
    for env in ({}, {"FORCE_COLOR": "1"}):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
        shown = strip.sub("", result.stdout)
        assert f"{_LITERAL} " in shown and "thư-mục\\\\" not in shown, shown


def test_a_library_table_shows_every_title_and_cell_as_it_is():
    from cchc.cli.tables import rich_table
    from cchc.output.tables import Column, TableData

    data = TableData(f"Bảng {_LITERAL}", [Column("a", f"Cột {_LITERAL}")], [{"a": _LITERAL}],
                     warnings=[_LITERAL])
    drawn = io.StringIO()
    Console(file=drawn, width=200, highlight=False, emoji=False, color_system=None).print(rich_table(data))
    shown = drawn.getvalue()
    assert shown.count(_LITERAL) == 4 and "\\\\" not in shown, shown


def test_the_cli_gives_data_to_rich_as_text_never_as_markup():
    """Rich's escape is the wrong tool for data (a trailing backslash shows twice where no tag
    follows): no CLI module uses it; messages go through console.say, table cells are rich.text.Text."""
    from pathlib import Path

    import cchc.cli

    folder = Path(cchc.cli.__file__).parent
    users = [p.name for p in sorted(folder.glob("*.py")) if re.search(r"\bescape\(|rich\.markup", p.read_text("utf-8"))]
    assert users == [] and not hasattr(console, "escape")
