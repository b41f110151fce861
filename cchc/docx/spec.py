"""Input model of the .docx writer: what a document says, not how it is laid out.

Everything here is plain data (dataclasses). Body content is a list of blocks, usually produced
by :func:`cchc.docx.markup.parse_markup` from the text a Jinja template rendered. The writer
(:mod:`cchc.docx.writer`) owns all layout decisions of Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeAlias

from cchc.docx.nd30 import SizePairing
from cchc.errors import DataError

Align = Literal["justify", "center", "left", "right"]
ParagraphKind = Literal[
    "text",  # plain paragraph
    "section",  # "I. TIÊU ĐỀ" (mục with a Roman numeral)
    "item",  # "1. …" (khoản)
    "subitem",  # "1.1. …"
    "point",  # "a) …" (điểm)
    "dash",  # "- …"
    "plus",  # "+ …"
    "heading",  # any other "## …" heading
]


class SpecError(DataError):
    """The document spec cannot be rendered. The message is Vietnamese, for the end user."""


# Characters XML 1.0 cannot carry (Word would refuse the file): C0 controls but tab, line feed and
# carriage return, surrogates, U+FFFE and U+FFFF.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def invalid_xml_char(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that XML cannot carry, or None. Each of them is
    unprintable (``str.isprintable``, a quick look at every character): text without a line
    break or another unprintable character, nearly all text, needs no search."""
    if text.isprintable():
        return None
    return _INVALID_XML.search(text)


@dataclass
class Run:
    """A piece of text with one character format. ``\\n`` in ``text`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class ParagraphBlock:
    """One paragraph of content.

    ``kind`` records what the markup said (khoản, điểm, …); the writer uses only ``align``,
    ``first_line_indent`` and the run formats. ``line`` is the markup line number (0 if none).
    """

    runs: list[Run]
    kind: ParagraphKind = "text"
    align: Align = "justify"
    first_line_indent: bool = True
    line: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Column:
    """A table column: header text, width (None = share what is left) and default alignment."""

    header: str
    width_mm: float | None = None
    align: Align = "left"


@dataclass
class CellSpec:
    """One table cell.

    ``content`` is plain text (``\\n`` starts a new paragraph) or a list of paragraphs, each a
    list of runs. ``vmerge_continue`` merges the cell with the one above it (the text is then
    ignored). ``span`` is the number of grid columns the cell covers (horizontal merge).
    """

    content: str | Sequence[Sequence[Run]] = ""
    vmerge_continue: bool = False
    span: int = 1
    align: Align | None = None
    bold: bool = False

    def paragraphs(self) -> list[list[Run]]:
        """The content as paragraphs of runs (at least one, possibly empty, paragraph)."""
        if isinstance(self.content, str):
            return [[Run(line, bold=self.bold)] for line in self.content.split("\n")]
        paragraphs = [
            [Run(run.text, bold=run.bold or self.bold, italic=run.italic) for run in para]
            for para in self.content
        ]
        return paragraphs or [[]]

    @property
    def text(self) -> str:
        return "\n".join("".join(run.text for run in para) for para in self.paragraphs())


@dataclass
class TableBlock:
    """A bordered data table.

    The first header row is made of the column headers. With ``header_rows`` > 1 the first
    ``header_rows - 1`` entries of ``rows`` are header rows too. Header rows are bold, centred
    and repeated on every page; all rows are kept from splitting across pages.
    """

    columns: list[Column]
    rows: list[list[CellSpec]] = field(default_factory=list)
    header_rows: int = 1
    font_size_pt: float = 13
    line: int = 0


Block: TypeAlias = ParagraphBlock | TableBlock


@dataclass
class HeaderSpec:
    """The header block (ô 1–4 and 5b).

    ``number_line`` is the whole "Số:" line, e.g. ``"Số:        /UBND-KSTTHC"``.
    ``subject_vv`` is the trích yếu of a công văn, e.g. ``"V/v tham mưu giải pháp…"`` ("V/v " is
    prepended when missing); ``\\n`` marks a manual line break. ``issuer_lines`` are the lines of
    the tên cơ quan ban hành (bold), ``parent_name`` the tên cơ quan chủ quản above it (regular).
    """

    issuer_lines: list[str]
    number_line: str
    place_date: str
    parent_name: str | None = None
    subject_vv: str | None = None


@dataclass
class TitleSpec:
    """Tên loại (e.g. "TỜ TRÌNH") and the trích yếu lines under it (ô 5a)."""

    doc_type_name: str
    summary_lines: list[str] = field(default_factory=list)


@dataclass
class SignatureSpec:
    """Nơi nhận (ô 9b) and the signature (ô 7).

    ``cc`` items are written without the leading "- " and without the final ";"/"."; the writer
    adds them. The last item is the "Lưu: VT, …" line.
    """

    cc: list[str]
    authority_lines: list[str]
    signer_name: str
    blank_lines: int = 4


@dataclass
class AppendixSpec:
    """One appendix, rendered in its own section (R28)."""

    title_lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    label: str = "Phụ lục"
    reference_line: str | None = None
    landscape: bool = False


@dataclass
class PropertiesSpec:
    """Core properties of the file (File > Properties in Word).

    ``title`` is the trích yếu, ``author`` the issuing body, ``created`` the document date of a
    dated document or the generation date otherwise; ``language`` is a BCP 47 tag.
    """

    title: str = ""
    author: str = ""
    created: datetime | None = None
    language: str = "vi-VN"
    subject: str = ""
    keywords: str = ""


@dataclass
class DocumentSpec:
    """A whole document.

    ``title`` is None for a công văn (which has ``header.subject_vv`` instead).
    ``authority`` is the thẩm quyền ban hành line of a quyết định (e.g. "CHỦ TỊCH ỦY BAN NHÂN DÂN
    TỈNH ĐẮK LẮK"). ``recipients`` are written without "- " and final punctuation.
    """

    header: HeaderSpec
    signature: SignatureSpec
    body: list[Block] = field(default_factory=list)
    title: TitleSpec | None = None
    authority: str | None = None
    legal_bases: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    appendices: list[AppendixSpec] = field(default_factory=list)
    size_pairing: SizePairing = "13/14/14"
    properties: PropertiesSpec = field(default_factory=PropertiesSpec)


def merged_rows(
    groups: Sequence[tuple[Sequence[str], Sequence[Sequence[str]]]],
) -> list[list[CellSpec]]:
    """Build table rows where leading cells are merged vertically over a group of rows.

    Each group is ``(leading_texts, rows)``: ``leading_texts`` fill the first columns of the
    group's first row and are merged down over its other rows; every entry of ``rows`` gives the
    remaining cells of one row. Example (STT and agency merged over two criteria)::

        merged_rows([(["1", "Sở Nội vụ"], [["Lĩnh vực 1"], ["Lĩnh vực 4"]])])
    """
    result: list[list[CellSpec]] = []
    for leading, rows in groups:
        if not rows:
            raise SpecError(f"Nhóm “{' '.join(leading)}” không có dòng nào.")
        for index, row in enumerate(rows):
            if index == 0:
                cells = [CellSpec(text) for text in leading]
            else:
                cells = [CellSpec(vmerge_continue=True) for _ in leading]
            result.append(cells + [CellSpec(text) for text in row])
    return result
