"""Lay a :class:`~cchc.docx.spec.DocumentSpec` out as a .docx per Nghị định 30/2020/NĐ-CP.

Layout (rule ids of ``nd30-format.md``):

* A4 portrait, margins top/bottom 20, left 30, right 15 mm (R1, R2); Times New Roman on all four
  font slots everywhere, theme fonts removed (R3).
* Header block: a borderless two-row table (R6, R14, R42). Row 1: tên cơ quan chủ quản
  (regular) and ban hành (bold) with a short rule line | Quốc hiệu, Tiêu ngữ and a rule line as
  long as the Tiêu ngữ. Row 2: "Số:" (13 pt) and the công văn's "V/v" (6 pt above) | địa danh
  and date (italic), so the Số and date lines always start level.
* Tên loại + trích yếu centred and bold with a short rule line (R15); căn cứ in italic (R17);
  Kính gửi with aligned dashes (R24); body justified with a 12.7 mm first-line indent, 6 pt
  before, single spacing (R20).
* Signature block: a borderless table whose single row cannot split; the last content
  paragraph keeps with it (R21, R22, R25).
* Page number: PAGE field centred in the header, hidden on page 1 (``titlePg`` with an empty
  first-page header), numbering starting at 1 (R5).
* Each appendix is a new section on a new page, numbered from 1 with page 1 unnumbered, A4
  portrait or landscape (R28); data tables have single borders, a repeated bold header row,
  rows that cannot split and real ``w:vMerge`` merges (R40).

Rule lines are empty paragraphs with a bottom border; the indents make the border exactly as
long as the rule requires (R41), computed from Times New Roman metrics (:mod:`.metrics`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.oxml import serialize_part_xml
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from cchc.docx import nd30, oxml
from cchc.docx.metrics import longest_line_mm, text_width_mm
from cchc.docx.nd30 import SizePairing
from cchc.docx.spec import (
    Align,
    AppendixSpec,
    Block,
    CellSpec,
    DocumentSpec,
    HeaderSpec,
    ParagraphBlock,
    PropertiesSpec,
    Run,
    SignatureSpec,
    SpecError,
    TableBlock,
    invalid_xml_char,
)

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_SECTPR = qn("w:sectPr")
_W_NS = nsmap["w"]
_BODY_OPEN = f'<w:body xmlns:w="{_W_NS}">'.encode("ascii")
_XML_SPACE = qn("xml:space")

# Vertical rhythm (points).
_TITLE_SPACE_BEFORE = 12.0
_KINH_GUI_SPACE_BEFORE = 12.0
_SIGNATURE_SPACE_BEFORE = 12.0
_HEADER_ROW2_SPACE_BEFORE = 6.0
_VV_SPACE_BEFORE = 6.0
_TABLE_CELL_SPACING = 3.0
# The spacer paragraph after a table (a .docx body ends with a paragraph; the main section of a
# document with appendices ends with the section-break paragraph): 0.5 pt text, exactly 1 twip
# high, so it fits under a signature table that ends at the very bottom of the text area instead
# of spilling onto a page of its own (which would hold nothing but the page number).
_TINY_PT = 0.5
_TINY_LINE_PT = 0.05
ZIP_LEVEL = 3  # deflate level of the saved .docx (PreparedDocument.save)

Container = DocxDocument | _Cell


def write_docx(spec: DocumentSpec, path: str | Path) -> Path:
    """Build the document and save it to ``path``; return the path."""
    target = Path(path)
    prepare_document(spec).save(str(target))
    return target


def prepare_document(spec: DocumentSpec) -> PreparedDocument:
    """The document of ``spec`` laid out, to be saved (:meth:`PreparedDocument.save`): the
    same file as ``build_document(spec).save(path)``, made without parsing its body paragraphs
    into the XML tree only to serialise them again (a reminder over a big repository: 10 MB of
    paragraphs). Raises :class:`~cchc.docx.spec.SpecError` as :func:`build_document` does."""
    _validate(spec)
    writer = _Writer(spec, spliced=[])
    return PreparedDocument(writer.build(), writer.spliced or [])


def build_document(spec: DocumentSpec) -> DocxDocument:
    """Return a python-docx ``Document`` laid out from ``spec``.

    Raises :class:`~cchc.docx.spec.SpecError` (Vietnamese message) for a spec that cannot be
    rendered.
    """
    _validate(spec)
    return _Writer(spec).build()


class PreparedDocument:
    """A laid-out document whose runs of body paragraphs are still XML text: the body holds a
    comment ``<!--cchc-N-->`` where each run goes, and :meth:`save` writes the text there as the
    document part is serialised."""

    def __init__(self, document: DocxDocument, spliced: list[tuple[bytes, bytes]]) -> None:
        self._document = document
        self._spliced = spliced

    def save(self, target: str | Path | IO[bytes]) -> None:
        """Write the .docx to ``target`` (a path or a binary stream) as python-docx's
        ``Document.save`` does."""
        main = self._document.part
        package = main.package
        parts = package.parts
        for part in parts:
            part.before_marshal()
        rest = serialize_part_xml(main.element)
        pieces: list[bytes] = []
        for marker, xml in self._spliced:  # in the order of the body
            head, found, rest = rest.partition(marker)
            if not found:
                raise AssertionError(f"the body lost its place holder {marker!r}")
            pieces += [head, xml]
        pieces.append(rest)
        blob = b"".join(pieces)
        # PackageWriter.write, step by step, into a zip compressed at level 3 instead of zlib's
        # default 6: a reminder over 50,000 tasks has 10 MB of document.xml, which level 3
        # compresses in half the time, to a file a third larger (the .docx 408 KB instead of
        # 299 KB; a document of a few pages, a few KB more).
        writer = _ZipWriter(str(target) if isinstance(target, str | Path) else target)
        try:
            parts = [_Blob(part, blob) if part is main else part for part in parts]
            PackageWriter._write_content_types_stream(writer, parts)
            PackageWriter._write_pkg_rels(writer, package.rels)
            PackageWriter._write_parts(writer, parts)
        finally:
            writer.close()


class _ZipWriter:
    """The package writer's physical writer (python-docx's ``_ZipPkgWriter``), at
    :data:`ZIP_LEVEL`."""

    def __init__(self, target: str | IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(pack_uri.membername, blob)

    def close(self) -> None:
        self._zip.close()


class _Blob:
    """A package part as the package writer sees it, with the given serialised content."""

    def __init__(self, part: Any, blob: bytes) -> None:
        self.partname = part.partname
        self.content_type = part.content_type
        self.rels = part.rels
        self.blob = blob


def build_appendix_document(
    appendix: AppendixSpec,
    *,
    size_pairing: SizePairing = "13/14/14",
    properties: PropertiesSpec | None = None,
) -> DocxDocument:
    """A document holding one appendix on its own, laid out as in :func:`build_document`.

    A4 (or landscape), pages numbered from 1 with no number on page 1; used when an appendix
    (e.g. the assignment table) is printed separately. Raises :class:`SpecError`.
    """
    if size_pairing not in nd30.SIZE_PAIRINGS:
        raise SpecError(
            f"Cặp cỡ chữ “{size_pairing}” không hợp lệ; chỉ dùng “13/14/14” hoặc “12/13/13”."
        )
    _validate_appendix(appendix, 1)
    holder = DocumentSpec(
        header=HeaderSpec(issuer_lines=[], number_line="", place_date=""),
        signature=SignatureSpec(cc=[], authority_lines=[], signer_name=""),
        size_pairing=size_pairing,
        properties=properties or PropertiesSpec(),
    )
    return _Writer(holder).build_appendix_only(appendix)


# --- validation --------------------------------------------------------------------------


def _strings(spec: DocumentSpec) -> list[tuple[str, str]]:
    """(where, text) for every user text of the spec."""
    h = spec.header
    out = [("tên cơ quan", line) for line in h.issuer_lines]
    out += [("cơ quan chủ quản", h.parent_name or ""), ("dòng Số", h.number_line)]
    out += [("trích yếu V/v", h.subject_vv or ""), ("địa danh, ngày", h.place_date)]
    if spec.title:
        out += [("tên loại", spec.title.doc_type_name)]
        out += [("trích yếu", line) for line in spec.title.summary_lines]
    out += [("thẩm quyền ban hành", spec.authority or "")]
    out += [("căn cứ", line) for line in spec.legal_bases]
    out += [("Kính gửi", line) for line in spec.recipients]
    out += [("Nơi nhận", line) for line in spec.signature.cc]
    out += [("chức vụ", line) for line in spec.signature.authority_lines]
    out += [("người ký", spec.signature.signer_name)]
    for appendix in spec.appendices:
        out += [("phụ lục", appendix.label), ("phụ lục", appendix.reference_line or "")]
        out += [("phụ lục", line) for line in appendix.title_lines]
    return out


def _validate(spec: DocumentSpec) -> None:
    if spec.size_pairing not in nd30.SIZE_PAIRINGS:
        raise SpecError(
            f"Cặp cỡ chữ “{spec.size_pairing}” không hợp lệ; chỉ dùng “13/14/14” hoặc “12/13/13”."
        )
    for where, text in _strings(spec):
        if invalid_xml_char(text):
            raise SpecError(f"{where}: có ký tự điều khiển không hợp lệ.")
    h = spec.header
    if not [line for line in h.issuer_lines if line.strip()]:
        raise SpecError("Thiếu tên cơ quan, tổ chức ban hành văn bản.")
    if not h.number_line.strip().startswith("Số"):
        raise SpecError(f"Dòng số, ký hiệu phải bắt đầu bằng “Số:” (đang là “{h.number_line}”).")
    if not h.place_date.strip():
        raise SpecError("Thiếu địa danh và thời gian ban hành văn bản.")
    if spec.title is None and not (h.subject_vv or "").strip():
        raise SpecError("Công văn phải có trích yếu “V/v …”; văn bản có tên loại phải có tên loại.")
    if spec.title is not None and not spec.title.doc_type_name.strip():
        raise SpecError("Tên loại văn bản không được để trống.")
    sig = spec.signature
    if not [line for line in sig.authority_lines if line.strip()]:
        raise SpecError("Thiếu quyền hạn, chức vụ của người ký.")
    if not [line for line in sig.cc if line.strip()]:
        raise SpecError("Thiếu nơi nhận (ít nhất dòng “Lưu: VT, …”).")
    if not 0 <= sig.blank_lines <= 10:
        raise SpecError("Số dòng trống để ký phải từ 0 đến 10.")
    for block in spec.body:
        _validate_block(block, nd30.TEXT_WIDTH_MM, "nội dung")
    for number, appendix in enumerate(spec.appendices, start=1):
        _validate_appendix(appendix, number)


def _validate_appendix(appendix: AppendixSpec, number: int) -> None:
    if not [line for line in appendix.title_lines if line.strip()]:
        raise SpecError(f"Phụ lục thứ {number} thiếu tên phụ lục.")
    texts = [appendix.label, appendix.reference_line or "", *appendix.title_lines]
    if any(invalid_xml_char(text) for text in texts):
        raise SpecError(f"Phụ lục thứ {number}: có ký tự điều khiển không hợp lệ.")
    width = nd30.LANDSCAPE_TEXT_WIDTH_MM if appendix.landscape else nd30.TEXT_WIDTH_MM
    for block in appendix.blocks:
        _validate_block(block, width, f"phụ lục thứ {number}")


def _validate_block(block: Block, available_mm: float, where: str) -> None:
    if isinstance(block, ParagraphBlock):
        for run in block.runs:
            if invalid_xml_char(run.text):
                raise SpecError(f"{where}: có ký tự điều khiển không hợp lệ.")
        return
    _column_widths(block, available_mm, where)
    if block.header_rows < 1 or block.header_rows - 1 > len(block.rows):
        raise SpecError(f"{where}: số dòng tiêu đề của bảng không hợp lệ ({block.header_rows}).")
    ncols = len(block.columns)
    if any(invalid_xml_char(column.header) for column in block.columns):
        raise SpecError(f"{where}: tiêu đề bảng có ký tự điều khiển không hợp lệ.")
    # Spans of the previous row by start column; the column-header row may be merged into
    # only by further header rows.
    previous: dict[int, int] | None = (
        dict.fromkeys(range(ncols), 1) if block.header_rows > 1 else None
    )
    for index, row in enumerate(block.rows, start=1):
        starts: dict[int, int] = {}
        col = 0
        for cell in row:
            if cell.span < 1:
                raise SpecError(f"{where}: bảng, dòng {index}: độ rộng gộp ô phải ≥ 1.")
            if cell.vmerge_continue and (previous is None or previous.get(col) != cell.span):
                raise SpecError(
                    f"{where}: bảng, dòng {index}, cột {col + 1}: ô gộp dọc không nằm dưới một ô cùng độ rộng."
                )
            if not cell.vmerge_continue and any(
                invalid_xml_char(run.text) for para in cell.paragraphs() for run in para
            ):
                raise SpecError(f"{where}: bảng, dòng {index}: có ký tự điều khiển không hợp lệ.")
            starts[col] = cell.span
            col += cell.span
        if col != ncols:
            raise SpecError(f"{where}: bảng, dòng {index} có {col} cột nhưng bảng có {ncols} cột.")
        previous = starts


def _column_widths(table: TableBlock, available_mm: float, where: str) -> list[float]:
    if not table.columns:
        raise SpecError(f"{where}: bảng không có cột nào.")
    given = [c.width_mm for c in table.columns if c.width_mm is not None]
    if any(w <= 0 for w in given):
        raise SpecError(f"{where}: độ rộng cột phải lớn hơn 0.")
    free = [c for c in table.columns if c.width_mm is None]
    used = sum(given)
    if used > available_mm + 0.05:
        raise SpecError(
            f"{where}: tổng độ rộng các cột ({used:g} mm) vượt quá bề rộng vùng văn bản ({available_mm:g} mm)."
        )
    if free:
        share = (available_mm - used) / len(free)
        if share < 5:
            raise SpecError(f"{where}: không còn đủ chỗ cho các cột không ghi độ rộng.")
        return [c.width_mm if c.width_mm is not None else share for c in table.columns]
    return [float(w) for w in given]


# --- helpers -----------------------------------------------------------------------------


def _leads_in(block: ParagraphBlock) -> bool:
    """A heading (mục "I. …", a bold line) or a paragraph that introduces what follows (ends with ":")."""
    return block.kind in ("section", "heading") or block.text.rstrip().endswith(":")


def _visual_lines(lines: Sequence[str]) -> list[str]:
    """The printed lines of ``lines`` (manual breaks split), blank ones dropped."""
    return [part.strip() for line in lines for part in line.split("\n") if part.strip()]


def _punctuate(items: Sequence[str]) -> list[str]:
    """ "- item;" for all but the last item, "- item." for the last."""
    cleaned = [item.strip() for item in items if item.strip()]
    out = []
    for index, item in enumerate(cleaned):
        if item.startswith("- "):
            item = item[2:].strip()
        item = item.rstrip(";.").rstrip()
        out.append(f"- {item}{'.' if index == len(cleaned) - 1 else ';'}")
    return out


# The file's core properties (title, subject, author…) hold at most this many characters; a
# trích yếu can be longer (the document itself keeps it whole).
MAX_PROPERTY_CHARS = 255


def _property_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_PROPERTY_CHARS else text[: MAX_PROPERTY_CHARS - 1].rstrip() + "…"


class _Writer:
    def __init__(self, spec: DocumentSpec, *, spliced: list[tuple[bytes, bytes]] | None = None) -> None:
        self.spec = spec
        # With a list: runs of body paragraphs stay XML text, written into the file on saving
        # (PreparedDocument); without, they are parsed into the tree.
        self.spliced = spliced
        self.sizes = nd30.SIZE_PAIRINGS[spec.size_pairing]
        self.doc: DocxDocument = docx.Document()
        self._paragraph_protos: dict[tuple, etree._Element] = {}
        self._rpr_protos: dict[tuple, etree._Element] = {}
        self._paragraph_texts: dict[tuple, bytes] = {}  # "<w:p>" and the pPr of a prototype, as XML
        self._rpr_texts: dict[tuple, bytes] = {}  # "<w:r>" and a w:rPr, as XML

    def build_appendix_only(self, appendix: AppendixSpec) -> DocxDocument:
        """A document whose only section is ``appendix``."""
        oxml.normalize_styles(self.doc, body_size_pt=self.sizes.body, lang=self.spec.properties.language)
        self._properties(" ".join(_visual_lines(appendix.title_lines)))
        section = self.doc.sections[0]
        self._setup_section(section, landscape=appendix.landscape)
        self._page_number_header(section)
        self._appendix_content(appendix)
        self._close_body()
        return self.doc

    # -- entry point
    def build(self) -> DocxDocument:
        spec = self.spec
        oxml.normalize_styles(self.doc, body_size_pt=self.sizes.body, lang=spec.properties.language)
        self._properties(
            " ".join(spec.title.summary_lines if spec.title else [spec.header.subject_vv or ""]).strip()
        )
        section = self.doc.sections[0]
        self._setup_section(section, landscape=False)
        self._page_number_header(section)
        self._header_block()
        if spec.title is not None:
            self._title_block()
        if spec.authority:
            self._paragraph(
                self.doc,
                [Run(spec.authority, bold=True)],
                size=self.sizes.title,
                align="center",
                space_before=_TITLE_SPACE_BEFORE,
            )
        for basis in spec.legal_bases:
            self._body_paragraph(self.doc, [Run(basis, italic=True)])
        self._recipients()
        last = self._blocks(spec.body, nd30.TEXT_WIDTH_MM)
        if last is not None:
            last.paragraph_format.keep_with_next = True
        self._signature_block()
        for appendix in spec.appendices:
            self._appendix(appendix)
        self._close_body()
        return self.doc

    # -- file properties
    def _properties(self, fallback_title: str) -> None:
        """Core properties and compatibility mode: Word opens the file as a current document,
        File > Properties shows the trích yếu, the issuer, the document's date and Vietnamese."""
        props = self.spec.properties
        core = self.doc.core_properties
        core.title = _property_text(props.title or fallback_title)
        core.subject = _property_text(props.subject)
        author = _property_text(props.author or " ".join(_visual_lines(self.spec.header.issuer_lines)))
        core.author = author
        core.last_modified_by = author
        core.keywords = _property_text(props.keywords)
        core.comments = ""  # the template says "generated by python-docx"
        core.category = ""
        core.language = props.language
        core.revision = 1
        stamp = props.created or datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        core.created = stamp
        core.modified = stamp
        oxml.set_compatibility_mode(self.doc)

    # -- page setup
    def _setup_section(self, section: Section, *, landscape: bool) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(nd30.A4_HEIGHT_MM), Mm(nd30.A4_WIDTH_MM)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(nd30.A4_WIDTH_MM), Mm(nd30.A4_HEIGHT_MM)
        section.top_margin = Mm(nd30.MARGIN_TOP_MM)
        section.bottom_margin = Mm(nd30.MARGIN_BOTTOM_MM)
        section.left_margin = Mm(nd30.MARGIN_LEFT_MM)
        section.right_margin = Mm(nd30.MARGIN_RIGHT_MM)
        section.header_distance = Mm(nd30.HEADER_DISTANCE_MM)
        section.footer_distance = Mm(nd30.FOOTER_DISTANCE_MM)
        section.gutter = Mm(0)
        section.different_first_page_header_footer = True
        oxml.set_page_number_start(section._sectPr, 1)

    def _page_number_header(self, section: Section) -> None:
        size = self.sizes.page_number
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        oxml.set_paragraph_mark_format(paragraph._p, size_pt=size)
        rpr = oxml.OxmlElement("w:rPr")
        oxml.set_run_format(rpr, size_pt=size)
        oxml.add_field(paragraph._p, "PAGE", "2", rpr)
        first = section.first_page_header
        first.is_linked_to_previous = False
        first_paragraph = first.paragraphs[0] if first.paragraphs else first.add_paragraph()
        oxml.set_paragraph_mark_format(first_paragraph._p, size_pt=size)

    # -- generic paragraphs
    def _paragraph(
        self,
        container: Container,
        runs: Sequence[Run],
        *,
        size: float,
        align: Align = "center",
        space_before: float = 0.0,
        space_after: float = 0.0,
        first_line_mm: float | None = None,
        left_mm: float | None = None,
        line_spacing: float = 1.0,
    ) -> Paragraph:
        # A document has as many paragraphs as its data has rows (a reminder over a big
        # repository: tens of thousands), so the formatted w:p and w:rPr are built once per
        # distinct format and copied, and the paragraph is placed without python-docx's scan
        # for the body's sectPr (quadratic in the number of paragraphs).
        key = (size, align, space_before, space_after, first_line_mm, left_mm, line_spacing)
        proto = self._paragraph_protos.get(key)
        if proto is None:
            proto = self._paragraph_protos[key] = _paragraph_prototype(*key)
        p = deepcopy(proto)
        parent = _place_paragraph(container, p)
        for run in runs:
            if not run.text:
                continue
            r = OxmlElement("w:r")
            r.append(deepcopy(self._run_format(size, run.bold, run.italic)))
            _set_run_text(r, run.text)
            p.append(r)
        return Paragraph(p, parent)

    def _run_format(self, size: float, bold: bool, italic: bool) -> etree._Element:
        key = (size, bold, italic)
        rpr = self._rpr_protos.get(key)
        if rpr is None:
            rpr = self._rpr_protos[key] = OxmlElement("w:rPr")
            oxml.set_run_format(rpr, size_pt=size, bold=bold, italic=italic)
        return rpr

    def _body_paragraph(
        self,
        container: Container,
        runs: Sequence[Run],
        *,
        align: Align = "justify",
        indent: bool = True,
    ) -> Paragraph:
        return self._paragraph(
            container,
            runs,
            size=self.sizes.body,
            align=align,
            space_before=nd30.BODY_SPACE_BEFORE_PT,
            first_line_mm=nd30.BODY_FIRST_LINE_INDENT_MM if indent and align != "center" else None,
            line_spacing=nd30.BODY_LINE_SPACING,
        )

    def _rule(self, container: Container, *, length_mm: float, available_mm: float) -> Paragraph:
        """A centred rule line of ``length_mm`` inside ``available_mm``."""
        length = min(length_mm, available_mm)
        indent = (available_mm - length) / 2
        p = OxmlElement("w:p")
        paragraph = Paragraph(p, _place_paragraph(container, p))
        oxml.set_bottom_border_rule(
            paragraph._p,
            indent_left_mm=indent,
            indent_right_mm=indent,
            height_pt=nd30.RULE_LINE_HEIGHT_PT,
            weight_eighths=nd30.RULE_LINE_WEIGHT_EIGHTHS,
        )
        return paragraph

    def _tiny_paragraph(self) -> Paragraph:
        """An empty 1 pt paragraph (after a table, or to carry a section break)."""
        p = OxmlElement("w:p")
        return self._make_tiny(Paragraph(p, _place_paragraph(self.doc, p)))

    def _close_body(self) -> None:
        """The body never ends with a table: close it with a spacer paragraph if it does."""
        last = self.doc.element.body.find(qn("w:sectPr"))
        previous = last.getprevious() if last is not None else None
        if previous is None or previous.tag != qn("w:p"):
            self._tiny_paragraph()

    @staticmethod
    def _make_tiny(paragraph: Paragraph) -> Paragraph:
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(_TINY_LINE_PT)
        oxml.set_paragraph_mark_format(paragraph._p, size_pt=_TINY_PT)
        return paragraph

    # -- layout tables (header, signature)
    def _layout_table(self, widths: Sequence[float], rows: int) -> tuple[Table, list[list[_Cell]]]:
        table = self.doc.add_table(rows=0, cols=len(widths))
        tbl = table._tbl
        oxml.set_table_geometry(tbl, widths, cell_margin_mm=nd30.LAYOUT_CELL_MARGIN_MM)
        oxml.set_table_borders(tbl, visible=False)
        cells: list[list[_Cell]] = []
        for _ in range(rows):
            tr = oxml.new_row(tbl)
            row = []
            for width in widths:
                tc = oxml.new_cell(tr)
                tc.remove(tc.find(qn("w:p")))
                oxml.set_cell(tc, width_mm=width)
                row.append(_Cell(tc, table))
            cells.append(row)
        return table, cells

    @staticmethod
    def _close_cells(cells: list[list[_Cell]]) -> None:
        for row in cells:
            for cell in row:
                if cell._tc.find(qn("w:p")) is None:
                    cell.add_paragraph()

    def _header_block(self) -> None:
        h, s = self.spec.header, self.sizes
        widths = (nd30.HEADER_LEFT_MM, nd30.HEADER_RIGHT_MM)
        margin = 2 * nd30.LAYOUT_CELL_MARGIN_MM
        table, cells = self._layout_table(widths, rows=2)
        left, right = cells[0]
        if h.parent_name:
            self._paragraph(left, [Run(h.parent_name)], size=s.agency)
        issuer = [line.strip() for line in h.issuer_lines if line.strip()]
        for line in issuer:
            self._paragraph(left, [Run(line, bold=True)], size=s.agency)
        self._rule(
            left,
            length_mm=nd30.SHORT_RULE_RATIO
            * min(longest_line_mm(_visual_lines(issuer), s.agency, bold=True), widths[0] - margin),
            available_mm=widths[0] - margin,
        )
        self._paragraph(right, [Run(nd30.NATIONAL_NAME, bold=True)], size=s.national)
        self._paragraph(right, [Run(nd30.MOTTO, bold=True)], size=s.motto)
        self._rule(
            right,
            length_mm=text_width_mm(nd30.MOTTO, s.motto, bold=True),
            available_mm=widths[1] - margin,
        )
        left2, right2 = cells[1]
        self._paragraph(
            left2, [Run(h.number_line)], size=s.number, space_before=_HEADER_ROW2_SPACE_BEFORE
        )
        if h.subject_vv and h.subject_vv.strip():
            subject = h.subject_vv.strip()
            if not subject.startswith("V/v"):
                subject = "V/v " + subject
            self._paragraph(left2, [Run(subject)], size=s.subject_vv, space_before=_VV_SPACE_BEFORE)
        self._paragraph(
            right2,
            [Run(h.place_date, italic=True)],
            size=s.place_date,
            space_before=_HEADER_ROW2_SPACE_BEFORE,
        )
        for row in table._tbl.findall(qn("w:tr")):
            oxml.set_row_flags(row, cant_split=True)
        self._close_cells(cells)

    def _title_block(self) -> None:
        title, s = self.spec.title, self.sizes
        assert title is not None
        self._paragraph(
            self.doc,
            [Run(title.doc_type_name.strip(), bold=True)],
            size=s.title,
            space_before=_TITLE_SPACE_BEFORE,
        )
        lines = [line.strip() for line in title.summary_lines if line.strip()]
        for line in lines:
            self._paragraph(self.doc, [Run(line, bold=True)], size=s.title)
        basis = _visual_lines(lines) or [title.doc_type_name.strip()]
        self._rule(
            self.doc,
            length_mm=nd30.SHORT_RULE_RATIO
            * min(longest_line_mm(basis, s.title, bold=True), nd30.TEXT_WIDTH_MM),
            available_mm=nd30.TEXT_WIDTH_MM,
        )

    def _recipients(self) -> None:
        recipients = [r.strip() for r in self.spec.recipients if r.strip()]
        if not recipients:
            return
        size = self.sizes.body
        if len(recipients) == 1:
            text = recipients[0].rstrip(";.").rstrip() + "."
            paragraph = self._paragraph(
                self.doc,
                [Run(f"{nd30.KINH_GUI} {text}")],
                size=size,
                align="center",
                space_before=_KINH_GUI_SPACE_BEFORE,
            )
            paragraph.paragraph_format.space_after = Pt(nd30.BODY_SPACE_BEFORE_PT)
            return
        items = _punctuate(recipients)
        label_width = text_width_mm(nd30.KINH_GUI + " ", size)
        dash_width = text_width_mm("- ", size)
        widest = longest_line_mm(items, size)
        indent = (nd30.TEXT_WIDTH_MM - label_width - widest) / 2
        indent = max(nd30.KINH_GUI_MIN_INDENT_MM, min(nd30.KINH_GUI_MAX_INDENT_MM, indent))
        self._paragraph(
            self.doc,
            [Run(nd30.KINH_GUI)],
            size=size,
            align="left",
            left_mm=indent,
            space_before=_KINH_GUI_SPACE_BEFORE,
        )
        last = None
        for item in items:
            last = self._paragraph(
                self.doc,
                [Run(item)],
                size=size,
                align="left",
                left_mm=indent + label_width + dash_width,
                first_line_mm=-dash_width,
            )
        assert last is not None
        last.paragraph_format.space_after = Pt(nd30.BODY_SPACE_BEFORE_PT)

    # -- content blocks
    def _blocks(self, blocks: Sequence[Block], available_mm: float) -> Paragraph | None:
        """Render blocks; return the last paragraph written (None if the last is a table)."""
        last: Paragraph | None = None
        batch: list[tuple[ParagraphBlock, bool]] = []
        for block in blocks:
            if isinstance(block, TableBlock):
                self._body_paragraphs(batch)
                batch = []
                self._data_table(block, available_mm)
                last = None
            else:
                # A heading or a lead-in ("… như sau:") never ends a page without what it introduces.
                batch.append((block, _leads_in(block) and block is not blocks[-1]))
        return self._body_paragraphs(batch) or last

    def _body_paragraphs(self, blocks: Sequence[tuple[ParagraphBlock, bool]]) -> Paragraph | None:
        """Body paragraphs at the end of the document, as :meth:`_body_paragraph` writes them
        (with keep-with-next when the block says so); return the last. A long document (a
        reminder over a big repository: tens of thousands of paragraphs in hundreds of
        sections) has its paragraphs written as XML text and parsed at once."""
        last: Paragraph | None = None
        pending: list[bytes] = []
        for block, keep_with_next in blocks:
            xml = self._paragraph_xml(block, keep_with_next)
            if xml is not None:
                pending.append(xml)
                continue
            self._insert_xml(pending)  # a tab or a line break: python-docx writes those
            pending = []
            last = self._body_paragraph(self.doc, block.runs, align=block.align,
                                        indent=block.first_line_indent)
            if keep_with_next:
                last.paragraph_format.keep_with_next = True
        inserted = self._insert_xml(pending)
        if inserted is not None:
            last = Paragraph(inserted, self.doc._body)
        return last

    def _paragraph_xml(self, block: ParagraphBlock, keep_with_next: bool = False) -> bytes | None:
        """The w:p of a body paragraph as UTF-8 XML (no namespace declarations), or None when a
        run holds a tab or a line break. Bytes: the markup around the text is encoded once per
        format, not with every paragraph."""
        size = self.sizes.body
        indent = block.first_line_indent and block.align != "center"
        key = (size, block.align, nd30.BODY_SPACE_BEFORE_PT, 0.0,
               nd30.BODY_FIRST_LINE_INDENT_MM if indent else None, None, nd30.BODY_LINE_SPACING)
        head = self._paragraph_texts.get((key, keep_with_next))
        if head is None:
            proto = self._paragraph_protos.get(key)
            if proto is None:
                proto = self._paragraph_protos[key] = _paragraph_prototype(*key)
            if keep_with_next:  # python-docx puts w:keepNext where the schema wants it
                proto = deepcopy(proto)
                Paragraph(proto, None).paragraph_format.keep_with_next = True  # type: ignore[arg-type]
            head = self._paragraph_texts[(key, keep_with_next)] = b"<w:p>" + _inner_xml(proto).encode("utf-8")
        parts = [head]
        for run in block.runs:
            text = run.text
            if not text:
                continue
            if "\t" in text or "\n" in text or "\r" in text:
                return None
            rpr = self._rpr_texts.get((size, run.bold, run.italic))
            if rpr is None:
                rpr = self._rpr_texts[(size, run.bold, run.italic)] = b"<w:r>" + _element_xml(
                    self._run_format(size, run.bold, run.italic)).encode("utf-8")
            parts += [rpr, b'<w:t xml:space="preserve">' if len(text.strip()) < len(text) else b"<w:t>",
                      _xml_escape(text).encode("utf-8"), b"</w:t></w:r>"]
        parts.append(b"</w:p>")
        return b"".join(parts)

    def _insert_xml(self, paragraphs: list[bytes]) -> etree._Element | None:
        """Parse the paragraphs' XML at once and put them at the end of the body; return the last."""
        if not paragraphs:
            return None
        if self.spliced is not None and len(paragraphs) > 1:
            # All but the last stay text (the last is a paragraph callers may still change:
            # keep with the signature, the appendix's end mark).
            marker = f"cchc-{len(self.spliced)}"
            self.spliced.append((f"<!--{marker}-->".encode("ascii"), b"".join(paragraphs[:-1])))
            _place_paragraph(self.doc, etree.Comment(marker))
            paragraphs = paragraphs[-1:]
        holder = parse_xml(b"".join([_BODY_OPEN, *paragraphs, b"</w:body>"]))
        new = list(holder)
        body = self.doc._body._element
        end = _last_child(body)
        if end is not None and end.tag == _SECTPR:  # before the final sectPr, as python-docx does
            body.remove(end)
            body.extend(new)
            body.append(end)
        else:
            body.extend(new)
        return new[-1]

    def _data_table(self, block: TableBlock, available_mm: float) -> Table:
        widths = _column_widths(block, available_mm, "bảng")
        table = self.doc.add_table(rows=0, cols=len(widths))
        tbl = table._tbl
        oxml.set_table_geometry(
            tbl, widths, cell_margin_mm=nd30.DATA_CELL_MARGIN_MM, align_center=True
        )
        oxml.set_table_borders(tbl, visible=True)
        size = block.font_size_pt
        header_cells = [
            CellSpec(column.header, align="center", bold=True) for column in block.columns
        ]
        all_rows = [header_cells, *block.rows]
        header_count = block.header_rows
        for index, row in enumerate(all_rows):
            is_header = index < header_count
            tr = oxml.new_row(tbl)
            oxml.set_row_flags(tr, repeat_header=is_header, cant_split=True)
            next_row = all_rows[index + 1] if index + 1 < len(all_rows) else []
            continued = _continued_starts(next_row)
            col = 0
            for cell in row:
                width = sum(widths[col : col + cell.span])
                tc = oxml.new_cell(tr)
                tc.remove(tc.find(qn("w:p")))
                if cell.vmerge_continue:
                    vmerge = "continue"
                elif col in continued:
                    vmerge = "restart"
                else:
                    vmerge = None
                oxml.set_cell(
                    tc,
                    width_mm=width,
                    span=cell.span,
                    vmerge=vmerge,
                    valign="center" if (is_header or vmerge) else None,
                )
                c = _Cell(tc, table)
                if cell.vmerge_continue:
                    self._cell_paragraph(c, [], size=size, align="left")
                else:
                    align = "center" if is_header else cell.align or block.columns[col].align
                    for runs in cell.paragraphs():
                        styled = [
                            Run(r.text, bold=r.bold or is_header, italic=r.italic) for r in runs
                        ]
                        self._cell_paragraph(c, styled, size=size, align=align)
                col += cell.span
        return table

    def _cell_paragraph(
        self, cell: _Cell, runs: Sequence[Run], *, size: float, align: Align
    ) -> Paragraph:
        return self._paragraph(
            cell,
            runs,
            size=size,
            align=align,
            space_before=_TABLE_CELL_SPACING,
            space_after=_TABLE_CELL_SPACING,
        )

    # -- signature
    def _signature_block(self) -> None:
        sig, s = self.spec.signature, self.sizes
        widths = (nd30.SIGNATURE_LEFT_MM, nd30.SIGNATURE_RIGHT_MM)
        table, cells = self._layout_table(widths, rows=1)
        left, right = cells[0]
        self._paragraph(
            left,
            [Run(nd30.NOI_NHAN, bold=True, italic=True)],
            size=s.cc_heading,
            align="left",
            space_before=_SIGNATURE_SPACE_BEFORE,
        )
        for item in _punctuate(sig.cc):
            self._paragraph(left, [Run(item)], size=s.cc_item, align="left")
        authority = [line.strip() for line in sig.authority_lines if line.strip()]
        for index, line in enumerate(authority):
            self._paragraph(
                right,
                [Run(line, bold=True)],
                size=s.signature,
                space_before=_SIGNATURE_SPACE_BEFORE if index == 0 else 0.0,
            )
        for _ in range(sig.blank_lines):
            self._paragraph(right, [], size=s.signature)
        self._paragraph(right, [Run(sig.signer_name.strip(), bold=True)], size=s.signature)
        oxml.set_row_flags(table._tbl.findall(qn("w:tr"))[0], cant_split=True)
        self._close_cells(cells)

    # -- appendices
    def _appendix(self, appendix: AppendixSpec) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        # add_section() ended the previous section with a new empty paragraph: make it tiny.
        breaker = self.doc.element.body.findall(qn("w:p"))[-1]
        self._make_tiny(Paragraph(breaker, self.doc._body))
        self._setup_section(section, landscape=appendix.landscape)
        self._appendix_content(appendix)

    def _appendix_content(self, appendix: AppendixSpec) -> None:
        """Label, title, reference line, rule line and blocks of an appendix (current section)."""
        s = self.sizes
        available = nd30.LANDSCAPE_TEXT_WIDTH_MM if appendix.landscape else nd30.TEXT_WIDTH_MM
        self._paragraph(self.doc, [Run(appendix.label.strip(), bold=True)], size=s.appendix_label)
        titles = [line.strip() for line in appendix.title_lines if line.strip()]
        for line in titles:
            self._paragraph(self.doc, [Run(line, bold=True)], size=s.body)
        if appendix.reference_line and appendix.reference_line.strip():
            self._paragraph(
                self.doc, [Run(appendix.reference_line.strip(), italic=True)], size=s.body
            )
        rule = self._rule(
            self.doc,
            length_mm=nd30.SHORT_RULE_RATIO
            * min(longest_line_mm(_visual_lines(titles), s.body, bold=True), available),
            available_mm=available,
        )
        rule.paragraph_format.space_after = Pt(nd30.BODY_SPACE_BEFORE_PT * 2)
        last = self._blocks(appendix.blocks, available)
        self._end_mark(last)

    def _end_mark(self, last: Paragraph | None) -> None:
        """End an appendix's content with "./." (Mẫu 2.1, R32): after its last word, or on a
        right-aligned line of its own under a closing table."""
        if last is not None:
            runs = [r for r in last.runs if r.text]
            if runs and not last.text.rstrip().endswith(nd30.END_MARK):
                tail = runs[-1]
                text = tail.text.rstrip()
                tail.text = (text[:-1] if text.endswith(".") else text) + nd30.END_MARK
            return
        self._paragraph(
            self.doc, [Run(nd30.END_MARK)], size=self.sizes.body, align="right", space_before=3.0
        )


def _paragraph_prototype(
    size: float,
    align: Align,
    space_before: float,
    space_after: float,
    first_line_mm: float | None,
    left_mm: float | None,
    line_spacing: float,
) -> etree._Element:
    """An empty ``w:p`` with this paragraph format (python-docx writes it, in schema order)."""
    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]  # detached
    fmt = paragraph.paragraph_format
    paragraph.alignment = _ALIGN[align]
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = line_spacing
    if left_mm is not None:
        fmt.left_indent = Mm(left_mm)
    if first_line_mm is not None:
        fmt.first_line_indent = Mm(first_line_mm)
    oxml.set_paragraph_mark_format(paragraph._p, size_pt=size)
    return paragraph._p


def _place_paragraph(container: Container, p: etree._Element) -> Any:
    """Put the new paragraph ``p`` at the end of ``container`` (in a body: before its final
    sectPr, as python-docx does, without scanning the body for it); return its parent object."""
    if isinstance(container, DocxDocument):
        parent = container._body
        body = parent._element
        last = _last_child(body)  # (len(body) would count every child)
        if last is not None and last.tag == _SECTPR:
            last.addprevious(p)
        else:
            body._insert_p(p)
        return parent
    container._element._insert_p(p)
    return container


def _element_xml(element: etree._Element) -> str:
    """``element`` as XML text with the w: prefix and no namespace declaration."""
    return etree.tostring(element, encoding="unicode").replace(f' xmlns:w="{_W_NS}"', "")


def _inner_xml(element: etree._Element) -> str:
    """The children of ``element`` as XML text (see :func:`_element_xml`)."""
    return "".join(_element_xml(child) for child in element)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _last_child(element: etree._Element) -> etree._Element | None:
    try:
        return element[-1]  # lxml walks back from the last child
    except IndexError:
        return None


def _set_run_text(r: etree._Element, text: str) -> None:
    """The text of a new run, as python-docx's ``Run.text`` writes it (tabs become w:tab,
    line breaks w:br), with the common case of plain text written in one step."""
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text  # python-docx's CT_R.text setter
        return
    t = OxmlElement("w:t")
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")
    r.append(t)


def _continued_starts(row: Sequence[CellSpec]) -> set[int]:
    """Grid columns at which ``row`` has a cell continuing a vertical merge."""
    starts: set[int] = set()
    col = 0
    for cell in row:
        if cell.vmerge_continue:
            starts.add(col)
        col += cell.span
    return starts
