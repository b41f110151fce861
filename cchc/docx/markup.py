r"""Body markup: the small text format that Jinja templates emit for the content of a document.

The text is parsed into blocks (:class:`~cchc.docx.spec.ParagraphBlock`,
:class:`~cchc.docx.spec.TableBlock`) that the writer lays out per Nghị định 30/2020/NĐ-CP.

Paragraphs
    Blocks are separated by one or more blank lines. The lines of a paragraph are joined with a
    space; a line ending in a single ``\`` forces a line break instead. A plain paragraph is body
    text: justified, first line indented. The first characters decide the kind of paragraph
    (the text itself is kept as written, numbers included):

    ==================  ===========  ==========================================================
    starts with         kind         rendering
    ==================  ===========  ==========================================================
    ``I. TIÊU ĐỀ``      section      Roman-numbered mục: the whole paragraph bold
    ``1. …``            item         khoản: plain body text
    ``1.1. …``          subitem      plain body text (any depth: ``1.2.3.``)
    ``a) …``            point        điểm (letters a–z and đ): plain body text
    ``- …``             dash         plain body text starting with "- "
    ``+ …``             plus         plain body text starting with "+ "
    ``## 1. …``         item         a titled khoản: the ``## `` is dropped and the paragraph
                                     is bold; works with any of the forms above or free text
                                     (kind ``heading``)
    ==================  ===========  ==========================================================

    The kind is read from the text as written (``**1.** x`` is plain text) and must still show
    once formats are applied (``I. **  **`` is just "I."). Spaces at both ends of a paragraph and
    next to a line break are dropped; a paragraph with no visible text is dropped.

Inline formats
    ``**bold**``, ``*italic*``, ``***bold italic***``. Stars toggle the format, so they may nest
    (``**a *b* c**``). A backslash before any ASCII punctuation character writes that character
    literally (``\*``, ``\\``, ``\|``, ``\#``, ``\-``, ``1\. not a khoản``); a backslash before
    anything else is kept as it is.

Centred block
    A line ``::: center`` opens and a line ``:::`` closes a group of paragraphs that are
    centred without first-line indent (e.g. "QUYẾT ĐỊNH:").

Tables
    A block whose lines all start with ``|`` is a bordered table. Each line is a row
    ``| a | b | c |``; the first row is the header (bold, centred, repeated on every page).
    An optional second row of dashes sets alignment and width per column:
    ``|:---: 12mm|--- 45mm|---|`` (``:---:`` centre, ``---:`` right, ``---`` left; a column
    without a width shares what is left of the text width). In a cell, ``^^`` merges the cell
    with the one above (vertical merge), ``<<`` merges it with the cell on its left, and
    ``<br>`` starts a new paragraph inside the cell.

Serialising
    :func:`format_markup` writes blocks back as markup such that parsing the result gives the
    same blocks (property-tested); :func:`escape_text` escapes a value for a template.

Errors
    Anything malformed raises :class:`MarkupError` carrying the 1-based line number and a
    Vietnamese message; the parser raises no other exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.docx.spec import (
    Align,
    Block,
    CellSpec,
    Column,
    ParagraphBlock,
    ParagraphKind,
    Run,
    TableBlock,
    invalid_xml_char,
)
from cchc.errors import DataError


class MarkupError(DataError):
    """A syntax error in body markup.

    ``str()`` and ``message`` give "Dòng N: <detail>"; ``line`` is the 1-based line number of
    the markup text and ``detail`` the message without it.
    """

    def __init__(self, line: int, detail: str) -> None:
        super().__init__(f"Dòng {line}: {detail}")
        self.line = line
        self.detail = detail


_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_SECTION_RE = re.compile(r"^[IVXLC]+\.\s")
_SUBITEM_RE = re.compile(r"^\d+(?:\.\d+)+\.?\s")
_ITEM_RE = re.compile(r"^\d+\.\s")
_POINT_RE = re.compile(r"^[a-zđ]\)\s")
_SPEC_CELL_RE = re.compile(r"^(:?)-{3,}(:?)(?:\s*(\d+(?:[.,]\d+)?)\s*mm)?$")
_SPECIAL_RE = re.compile(r"([\\*|])")
_PLAIN_RE = re.compile(r"[^\\*]+")
_FENCE_RE = re.compile(r"^:::\s*(\S*)\s*$")


@dataclass
class _Line:
    number: int
    text: str


def parse_markup(text: str) -> list[Block]:
    """Parse body markup into blocks. Raises :class:`MarkupError` on malformed input."""
    if not isinstance(text, str):
        raise MarkupError(1, "nội dung phải là văn bản (chuỗi ký tự).")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # One look at the whole text without its line breaks (then all printable, nearly always);
    # the position is searched for only when there is a bad character.
    bad = invalid_xml_char(text) if invalid_xml_char(text.replace("\n", "")) else None
    if bad:
        number = text.count("\n", 0, bad.start()) + 1
        raise MarkupError(number, f"ký tự điều khiển không hợp lệ (U+{ord(bad.group()):04X}).")
    lines = text.split("\n")

    blocks: list[Block] = []
    group: list[_Line] = []
    centered_since: int | None = None

    def flush() -> None:
        if group:
            block = _parse_group(group, centered=centered_since is not None)
            if block is not None:
                blocks.append(block)
            group.clear()

    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        fence = _FENCE_RE.match(stripped) if stripped[:3] == ":::" else None
        if fence:
            flush()
            option = fence.group(1)
            if option == "":
                if centered_since is None:
                    raise MarkupError(number, "dòng “:::” đóng một khối chưa được mở.")
                centered_since = None
            elif option == "center":
                if centered_since is not None:
                    raise MarkupError(
                        number,
                        f"khối “::: center” mở ở dòng {centered_since} chưa được đóng bằng “:::”.",
                    )
                centered_since = number
            else:
                raise MarkupError(
                    number, f"khối “::: {option}” không được hỗ trợ (chỉ có “::: center”)."
                )
        elif stripped == "":
            flush()
        else:
            group.append(_Line(number, raw))
    flush()
    if centered_since is not None:
        raise MarkupError(centered_since, "khối “::: center” chưa được đóng bằng “:::”.")
    return blocks


def _parse_group(group: list[_Line], *, centered: bool) -> Block | None:
    is_table = [line.text.lstrip().startswith("|") for line in group]
    if any(is_table):
        if not all(is_table):
            bad = group[is_table.index(False)] if is_table[0] else group[is_table.index(True)]
            raise MarkupError(bad.number, "bảng và đoạn văn phải cách nhau bằng một dòng trống.")
        if centered:
            raise MarkupError(group[0].number, "không đặt bảng trong khối “::: center”.")
        return _parse_table(group)
    return _parse_paragraph(group, centered=centered)


# --- paragraphs --------------------------------------------------------------------------


def _join_lines(group: list[_Line]) -> tuple[str, list[tuple[int, int]]]:
    """Join the lines of a paragraph; return the text and (offset, line number) marks.

    Lines are joined with a space, or with a line break after a line ending in an odd number
    of backslashes. Spaces next to a line break are dropped.
    """
    if len(group) == 1:  # most paragraphs are one line
        return group[0].text.strip(), [(0, group[0].number)]
    text = ""
    marks: list[tuple[int, int]] = []
    previous_hard = False
    for index, line in enumerate(group):
        part = line.text.strip()
        trailing = len(part) - len(part.rstrip("\\"))
        hard = trailing % 2 == 1 and index < len(group) - 1
        if hard:
            part = part[:-1].rstrip()
        if index > 0:
            if previous_hard:
                text = text.rstrip(" \t") + "\n"
            elif not text.endswith("\n"):
                text += " "
        marks.append((len(text), line.number))
        text += part
        previous_hard = hard
    return text, marks


def _line_at(marks: list[tuple[int, int]], position: int) -> int:
    number = marks[0][1]
    for offset, line_number in marks:
        if offset <= position:
            number = line_number
    return number


def _detect_kind(text: str) -> tuple[ParagraphKind, bool, str]:
    """Return (kind, forced bold, text without the ``## `` prefix)."""
    bold = False
    if text.startswith("##"):
        rest = text[2:]
        if not rest.startswith(" ") or not rest.strip():
            raise ValueError("heading")
        text = rest.strip()
        bold = True
    # Dashes and pluses first (a reminder's items): the patterns below all need a digit, a
    # letter or a Roman numeral first, so the order does not change any kind.
    if text[:2] == "- ":
        return "dash", bold, text
    if text[:2] == "+ ":
        return "plus", bold, text
    if _SECTION_RE.match(text):
        return "section", True, text
    if _SUBITEM_RE.match(text):
        return "subitem", bold, text
    if _ITEM_RE.match(text):
        return "item", bold, text
    if _POINT_RE.match(text):
        return "point", bold, text
    return ("heading" if bold else "text"), bold, text


def _parse_paragraph(group: list[_Line], *, centered: bool) -> ParagraphBlock | None:
    """A paragraph block, or None when the paragraph has no visible text (e.g. "**")."""
    if len(group) == 1:  # a one-line "- …" item without format or escape (a reminder's 14,546 items)
        text = group[0].text.strip()
        if text[:2] == "- " and "*" not in text and "\\" not in text:
            # what _parse_any_paragraph makes of it (tests/docx: a property test): kind dash,
            # the stripped line as one run
            return ParagraphBlock(runs=[Run(text)], kind="dash", align="center" if centered else "justify",
                                  first_line_indent=not centered, line=group[0].number)
    return _parse_any_paragraph(group, centered=centered)


def _parse_any_paragraph(group: list[_Line], *, centered: bool) -> ParagraphBlock | None:
    text, marks = _join_lines(group)
    try:
        kind, _, body = _detect_kind(text)
    except ValueError:
        raise MarkupError(group[0].number, "tiêu đề “##” phải có nội dung sau “## ”.") from None
    shift = len(text) - len(body)
    shifted = [(max(0, offset - shift), number) for offset, number in marks]
    runs = _tidy(parse_inline(body, line=group[0].number, marks=shifted))
    if not runs:
        return None
    forced = kind in ("section", "heading") or text.startswith("##")
    if kind not in ("text", "heading"):
        # The kind must still show in the visible text ("I. * *" is just "I.").
        # A line break right after the number does not count as the separating space.
        plain = "".join(run.text for run in runs).replace("\n", "\x00")
        pattern = _KIND_PATTERNS.get(kind)
        shows = pattern.match(plain) if pattern else plain.startswith(body[:2])
        if not shows:
            kind = "heading" if text.startswith("##") else "text"
            forced = kind == "heading"
    if forced:
        runs = _merge([Run(run.text, bold=True, italic=run.italic) for run in runs])
    align: Align = "center" if centered else "justify"
    return ParagraphBlock(
        runs=runs, kind=kind, align=align, first_line_indent=not centered, line=group[0].number
    )


_KIND_PATTERNS = {"section": _SECTION_RE, "subitem": _SUBITEM_RE, "item": _ITEM_RE, "point": _POINT_RE}


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(Run(run.text, run.bold, run.italic))
    return merged


def _tidy(runs: list[Run]) -> list[Run]:
    """Merge neighbours with the same format, drop spaces next to line breaks and at both
    ends, drop empty runs."""
    if len(runs) == 1 and "\n" not in runs[0].text:  # the common case: one run on one line
        only = runs[0]
        text = only.text.strip()
        return [Run(text, only.bold, only.italic)] if text else []
    current = _merge(runs)
    while True:
        before = [(r.text, r.bold, r.italic) for r in current]
        for run in current:
            run.text = re.sub(r"[ \t]*\n[ \t]*", "\n", run.text)
        for index, run in enumerate(current):
            if index and current[index - 1].text.endswith("\n"):
                run.text = run.text.lstrip(" \t")
            if index + 1 < len(current) and current[index + 1].text.startswith("\n"):
                run.text = run.text.rstrip(" \t")
        while current and not current[0].text.strip():
            current.pop(0)
        while current and not current[-1].text.strip():
            current.pop()
        if current:
            current[0].text = current[0].text.lstrip()
            current[-1].text = current[-1].text.rstrip()
        current = _merge(current)
        if [(r.text, r.bold, r.italic) for r in current] == before:
            return current


def parse_inline(
    text: str, *, line: int = 1, marks: list[tuple[int, int]] | None = None
) -> list[Run]:
    """Parse ``**bold**``, ``*italic*`` and backslash escapes into runs.

    Adjacent runs with the same format are merged and empty runs dropped.
    Raises :class:`MarkupError` for an unclosed format or a run of four or more stars.
    """
    if "*" not in text and "\\" not in text:  # no format and no escape: the text is one run
        return [Run(text)] if text else []
    marks = marks or [(0, line)]
    runs: list[Run] = []
    buffer: list[str] = []
    bold = italic = False
    bold_open = italic_open = 0

    def emit() -> None:
        if buffer:
            chunk = "".join(buffer)
            buffer.clear()
            if runs and runs[-1].bold == bold and runs[-1].italic == italic:
                runs[-1].text += chunk
            else:
                runs.append(Run(chunk, bold=bold, italic=italic))

    i = 0
    n = len(text)
    while i < n:
        plain = _PLAIN_RE.match(text, i)  # a stretch without stars or backslashes, at once
        if plain is not None:
            buffer.append(plain.group())
            i = plain.end()
            continue
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCT:
            buffer.append(text[i + 1])
            i += 2
            continue
        if ch == "*":
            j = i
            while j < n and text[j] == "*":
                j += 1
            count = j - i
            if count > 3:
                raise MarkupError(
                    _line_at(marks, i),
                    f"chuỗi “{'*' * count}” không hợp lệ; viết \\* để có dấu sao.",
                )
            emit()
            if count >= 2:
                bold = not bold
                bold_open = i
            if count != 2:
                italic = not italic
                italic_open = i
            i = j
            continue
        buffer.append(ch)
        i += 1
    emit()
    if bold:
        raise MarkupError(_line_at(marks, bold_open), "thiếu dấu “**” đóng chữ đậm.")
    if italic:
        raise MarkupError(_line_at(marks, italic_open), "thiếu dấu “*” đóng chữ nghiêng.")
    return [run for run in runs if run.text]


# --- tables ------------------------------------------------------------------------------


def _split_row(line: _Line) -> list[str]:
    text = line.text.strip()
    backslashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    if len(text) < 2 or not text.endswith("|") or backslashes % 2 == 1:
        raise MarkupError(line.number, "dòng của bảng phải bắt đầu và kết thúc bằng “|”.")
    cells: list[str] = []
    current: list[str] = []
    i = 1
    while i < len(text) - 1:
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) - 1:
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current).strip())
    return cells


def _parse_spec_row(cells: list[str]) -> list[tuple[Align, float | None]] | None:
    matches = [_SPEC_CELL_RE.match(cell) for cell in cells]
    if not all(matches):
        return None
    spec: list[tuple[Align, float | None]] = []
    for match in matches:
        assert match is not None
        left, right, width = match.groups()
        align: Align = "center" if left and right else "right" if right else "left"
        spec.append((align, float(width.replace(",", ".")) if width else None))
    return spec


_BR_RE = re.compile(r"<br\s*/?>")


def _cell_runs(text: str, line: int) -> list[list[Run]]:
    """Split a cell at unescaped ``<br>`` and parse each part."""
    parts: list[str] = []
    start = i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        match = _BR_RE.match(text, i)
        if match:
            parts.append(text[start:i])
            start = i = match.end()
            continue
        i += 1
    parts.append(text[start:])
    return [_tidy(parse_inline(part.strip(), line=line)) for part in parts]


def _parse_table(group: list[_Line]) -> TableBlock:
    rows = [(line, _split_row(line)) for line in group]
    header_line, header_cells = rows[0]
    width = len(header_cells)
    for line, cells in rows[1:]:
        if len(cells) != width:
            raise MarkupError(
                line.number, f"dòng có {len(cells)} ô nhưng tiêu đề bảng có {width} ô."
            )
    if any(cell in ("^^", "<<") for cell in header_cells):
        raise MarkupError(header_line.number, "không gộp ô trong dòng tiêu đề của bảng.")
    column_spec: list[tuple[Align, float | None]] = [("left", None)] * width
    body = rows[1:]
    if body:
        parsed = _parse_spec_row(body[0][1])
        if parsed is not None:
            column_spec = parsed
            body = body[1:]
    columns = []
    for cell, (align, width_mm) in zip(header_cells, column_spec, strict=True):
        header = "".join(run.text for run in _tidy(parse_inline(cell, line=header_line.number)))
        columns.append(Column(header=header, width_mm=width_mm, align=align))

    table_rows: list[list[CellSpec]] = []
    # span of each grid column's cell in the previous row (None = no row yet)
    previous: list[int | None] = [None] * width
    for row_index, (line, cells) in enumerate(body):
        specs: list[CellSpec] = []
        starts: list[int] = []
        for col, cell in enumerate(cells):
            if cell == "<<":
                if not specs:
                    raise MarkupError(
                        line.number, "ô đầu dòng không thể gộp với ô bên trái (“<<”)."
                    )
                specs[-1].span += 1
                continue
            if cell == "^^":
                if row_index == 0:
                    raise MarkupError(
                        line.number, "dòng dữ liệu đầu tiên không có ô phía trên để gộp (“^^”)."
                    )
                specs.append(CellSpec(vmerge_continue=True))
            else:
                specs.append(CellSpec(_cell_runs(cell, line.number)))
            starts.append(col)
        spans: list[int | None] = [None] * width
        for start, spec in zip(starts, specs, strict=True):
            spans[start] = spec.span
            if spec.vmerge_continue and previous[start] != spec.span:
                raise MarkupError(
                    line.number,
                    f"ô “^^” ở cột {start + 1} không nằm ngay dưới một ô cùng độ rộng.",
                )
        previous = spans
        table_rows.append(specs)
    return TableBlock(columns=columns, rows=table_rows, line=group[0].number)


# --- serialisation -----------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Escape the characters that markup would interpret inside a line (``*``, ``\\``, ``|``)."""
    if "\\" not in text and "*" not in text and "|" not in text:  # most text: nothing to escape
        return text
    return _SPECIAL_RE.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    """Escape a line start that would otherwise be read as a kind, fence or table marker."""
    if line[:1] in ("#", "-", "+", ":", "<", "^"):
        return "\\" + line
    match = re.match(r"^(\d+|[IVXLC]+|[a-zđ])([.)])", line)
    if match:
        return match.group(1) + "\\" + line[len(match.group(1)) :]
    return line


def format_inline(runs: list[Run]) -> str:
    """Inverse of :func:`parse_inline`: ``parse_inline(format_inline(runs))`` gives the same runs
    (merged) for text without line breaks and without leading or trailing spaces."""
    out: list[str] = []
    bold = italic = False
    for run in runs:
        if not run.text:
            continue
        out.append(("**" if run.bold != bold else "") + ("*" if run.italic != italic else ""))
        bold, italic = run.bold, run.italic
        lines = [escape_text(part) for part in run.text.split("\n")]
        out.append("\\\n".join([lines[0], *(_escape_line_start(line) for line in lines[1:])]))
    out.append(("**" if bold else "") + ("*" if italic else ""))
    return "".join(out)


def format_paragraph(block: ParagraphBlock) -> str:
    """Markup for one paragraph; parsing it gives back the same kind and runs.

    Bold paragraphs of kind item, subitem, point, dash, plus and heading are written with ``## ``.
    Alignment other than justify/center cannot be expressed and is dropped.
    """
    all_bold = any(run.text.strip() for run in block.runs) and all(
        run.bold for run in block.runs if run.text.strip()
    )
    if block.kind == "section" or (block.kind != "text" and all_bold):
        plain = format_inline([Run(run.text, italic=run.italic) for run in block.runs])
        if block.kind == "heading":
            plain = _escape_line_start(plain)
        return plain if block.kind == "section" else "## " + plain
    text = format_inline(block.runs)
    return _escape_line_start(text) if block.kind == "text" else text


def _format_cell(cell: CellSpec) -> str:
    if cell.vmerge_continue:
        text = "^^"
    else:
        parts = [format_inline(list(para)).replace("<br", "\\<br") for para in cell.paragraphs()]
        text = "<br>".join(parts)
        if text in ("^^", "<<"):
            text = "\\" + text
    return " | ".join([text, *(["<<"] * (cell.span - 1))])


def format_table(table: TableBlock) -> str:
    """Markup for a table (header row, a width/alignment row, then the rows)."""
    headers = []
    for column in table.columns:
        header = escape_text(column.header).replace("<br", "\\<br")
        headers.append("\\" + header if header in ("^^", "<<") else header)
    lines = ["| " + " | ".join(headers) + " |"]
    specs = []
    for column in table.columns:
        dashes = {"center": ":---:", "right": "---:"}.get(column.align, "---")
        width = f" {column.width_mm:g}mm" if column.width_mm is not None else ""
        specs.append(dashes + width)
    lines.append("|" + "|".join(specs) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_format_cell(cell) for cell in row) + " |")
    return "\n".join(lines)


def format_markup(blocks: list[Block]) -> str:
    """Serialise blocks back to markup (centred paragraphs are grouped in ``::: center``)."""
    chunks: list[str] = []
    centered = False
    for block in blocks:
        want_center = isinstance(block, ParagraphBlock) and block.align == "center"
        if want_center != centered:
            chunks.append("::: center" if want_center else ":::")
            centered = want_center
        if isinstance(block, TableBlock):
            chunks.append(format_table(block))
        else:
            chunks.append(format_paragraph(block))
    if centered:
        chunks.append(":::")
    return "\n\n".join(chunks) + "\n"
