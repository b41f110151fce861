"""Body markup: syntax, errors with line numbers, and property tests."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.docx.markup import (
    MarkupError,
    format_inline,
    format_markup,
    parse_inline,
    parse_markup,
)
from cchc.docx.spec import ParagraphBlock, Run, TableBlock
from cchc.errors import CchcError

SAMPLE = r"""I. MỤC ĐÍCH, YÊU CẦU

## 1. Giao Sở Nội vụ

1. Chỉ đạo **các Sở**, *ngành* tăng cường \*

1.1. Nội dung con

a) điểm một
tiếp tục\
dòng mới

đ) điểm đ

- gạch đầu dòng

+ dấu cộng

::: center
**QUYẾT ĐỊNH:**
:::

| STT | Tên cơ quan | Lĩnh vực |
|:---: 12mm|--- 50mm|---|
| 1 | Sở Nội vụ | Lĩnh vực 1 |
| ^^ | ^^ | Lĩnh vực 4<br>*ghi chú* |
| 2 | Sở Tư pháp | << |
"""


def strip_lines(blocks):
    return [dataclasses.replace(b, line=0) for b in blocks]


def test_paragraph_kinds_and_formats():
    blocks = parse_markup(SAMPLE)
    paragraphs = [b for b in blocks if isinstance(b, ParagraphBlock)]
    assert [p.kind for p in paragraphs] == [
        "section",
        "item",
        "item",
        "subitem",
        "point",
        "point",
        "dash",
        "plus",
        "text",
    ]
    section, heading, item = paragraphs[:3]
    assert section.runs == [Run("I. MỤC ĐÍCH, YÊU CẦU", bold=True)]
    assert heading.runs == [Run("1. Giao Sở Nội vụ", bold=True)]
    assert item.runs == [
        Run("1. Chỉ đạo "),
        Run("các Sở", bold=True),
        Run(", "),
        Run("ngành", italic=True),
        Run(" tăng cường *"),
    ]
    assert paragraphs[4].text == "a) điểm một tiếp tục\ndòng mới"
    assert [p.line for p in paragraphs[:5]] == [1, 3, 5, 7, 9]
    centred = paragraphs[-1]
    assert centred.align == "center" and not centred.first_line_indent
    assert centred.runs == [Run("QUYẾT ĐỊNH:", bold=True)]
    assert all(p.align == "justify" and p.first_line_indent for p in paragraphs[:-1])


def test_table_with_widths_alignment_and_merges():
    (table,) = [b for b in parse_markup(SAMPLE) if isinstance(b, TableBlock)]
    assert [(c.header, c.width_mm, c.align) for c in table.columns] == [
        ("STT", 12.0, "center"),
        ("Tên cơ quan", 50.0, "left"),
        ("Lĩnh vực", None, "left"),
    ]
    assert table.line == 23
    first, second, third = table.rows
    assert [c.text for c in first] == ["1", "Sở Nội vụ", "Lĩnh vực 1"]
    assert [c.vmerge_continue for c in second] == [True, True, False]
    assert second[2].paragraphs() == [[Run("Lĩnh vực 4")], [Run("ghi chú", italic=True)]]
    assert [(c.text, c.span) for c in third] == [("2", 1), ("Sở Tư pháp", 2)]


def test_bold_italic_nesting_and_escapes():
    assert parse_inline("***a*** b") == [Run("a", bold=True, italic=True), Run(" b")]
    assert parse_inline("**a *b* c**") == [
        Run("a ", bold=True),
        Run("b", bold=True, italic=True),
        Run(" c", bold=True),
    ]
    assert parse_inline(r"5 \* 3 \\ \| \# x\y") == [Run(r"5 * 3 \ | # x\y")]
    assert parse_markup(r"1\. không phải khoản")[0].kind == "text"
    assert parse_markup(r"\- không phải gạch")[0].text == "- không phải gạch"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("đoạn một\n\n**chưa đóng", 3, "thiếu dấu “**” đóng chữ đậm"),
        ("a *b\nc", 1, "thiếu dấu “*” đóng chữ nghiêng"),
        ("x\n\ny ****z", 3, "chuỗi “****” không hợp lệ"),
        ("::: left\nx\n:::", 1, "không được hỗ trợ"),
        ("::: center\nx", 1, "chưa được đóng"),
        ("x\n:::", 2, "chưa được mở"),
        ("::: center\n::: center\n:::", 2, "chưa được đóng"),
        ("| a | b |\n| c |", 2, "dòng có 1 ô nhưng tiêu đề bảng có 2 ô"),
        ("| a | b |\n| c | d", 2, "bắt đầu và kết thúc bằng “|”"),
        ("| a |\n| b \\|", 2, "bắt đầu và kết thúc bằng “|”"),
        ("| a |\n| ^^ |", 2, "không có ô phía trên"),
        ("| a | b |\n| << | x |", 2, "ô đầu dòng"),
        ("| ^^ |\n| x |", 1, "dòng tiêu đề"),
        ("| a | b |\n| x | << |\n| ^^ | y |", 3, "cùng độ rộng"),
        ("đoạn\n| a |", 2, "phải cách nhau bằng một dòng trống"),
        ("::: center\n| a |\n:::", 2, "không đặt bảng"),
        ("##", 1, "phải có nội dung"),
        ("a\x00b", 1, "U+0000"),
        ("ok\n\nx\x1fy", 3, "U+001F"),
    ],
)
def test_errors_carry_line_and_vietnamese_message(text, line, fragment):
    with pytest.raises(MarkupError) as info:
        parse_markup(text)
    assert info.value.line == line
    assert fragment in info.value.detail
    assert str(info.value) == f"Dòng {line}: {info.value.detail}"
    assert isinstance(info.value, CchcError)


def test_format_markup_round_trip_of_sample():
    blocks = parse_markup(SAMPLE)
    again = parse_markup(format_markup(blocks))
    assert strip_lines(again) == strip_lines(blocks)


def test_blank_lines_and_crlf():
    assert parse_markup("") == []
    assert parse_markup("\n\n  \n") == []
    blocks = parse_markup("a\r\nb\r\n\r\nc")
    assert [b.text for b in blocks] == ["a b", "c"]


# --- property tests -----------------------------------------------------------------------

MARKUP_ALPHABET = st.sampled_from(
    [*"ab đệ ữ12.)-+#|*\\^<>:\t", "\n", "\n\n", "::: center\n", ":::\n", "| ", " |", "^^", "<<"]
    + ["<br>", "I. ", "## ", "1. ", "1.1. ", "a) ", "- ", "+ ", "* *", "** **", "\\\n", "\r"]
    + ["|---|", ":---: 12mm", "\n| a | b |\n", "|:---:|---|\n"]
)
markup_text = st.lists(MARKUP_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(markup_text, st.text(max_size=80)))
def test_parser_only_raises_markup_error(text):
    try:
        blocks = parse_markup(text)
    except MarkupError as error:
        assert error.line >= 1
        return
    for block in blocks:
        assert isinstance(block, ParagraphBlock | TableBlock)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup_text)
def test_format_then_parse_is_identity_on_parsed_markup(text):
    try:
        blocks = parse_markup(text)
    except MarkupError:
        return
    assert strip_lines(parse_markup(format_markup(blocks))) == strip_lines(blocks)


run_text = st.text(
    alphabet=st.sampled_from(list("aăâđêôơư ệữ*\\|#-_1.)[]")), min_size=1, max_size=8
)
runs_strategy = st.lists(st.builds(Run, run_text, st.booleans(), st.booleans()), max_size=6)


def merged(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.italic)
        else:
            out.append(Run(run.text, run.bold, run.italic))
    return out


@settings(max_examples=300, deadline=None)
@given(runs_strategy)
def test_inline_round_trip(runs):
    assert parse_inline(format_inline(runs)) == merged(runs)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.builds(Run, run_text.filter(lambda t: t.strip() == t), st.booleans(), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_paragraph_round_trip_through_markup(runs):
    if not merged(runs) or not "".join(r.text for r in runs).strip():
        return
    block = ParagraphBlock(runs=merged(runs))
    (parsed,) = parse_markup(format_markup([block]))
    assert parsed.runs == block.runs
    assert parsed.kind == "text"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("- +*\\|#abcđĐ1.)I \t") + ["Sở", "**", "\\*"]), max_size=20).map("".join),
       st.booleans(), st.integers(1, 9))
def test_the_one_line_item_shortcut_is_the_general_rule(line, centered, number):
    """A one-line "- …" item takes a shortcut (a reminder has thousands): whatever the line, the
    block is the one the general rule makes of it."""
    from cchc.docx.markup import _Line, _parse_any_paragraph, _parse_paragraph

    group = [_Line(number, line)]
    try:
        expected = _parse_any_paragraph(group, centered=centered)
    except CchcError as exc:
        with pytest.raises(type(exc)):
            _parse_paragraph(group, centered=centered)
        return
    assert _parse_paragraph(group, centered=centered) == expected
    group = [_Line(number, "- " + line)]
    assert _parse_paragraph(group, centered=centered) == _parse_any_paragraph(group, centered=centered)
