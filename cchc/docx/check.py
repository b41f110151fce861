"""Check a .docx against the layout rules of Nghị định 30/2020/NĐ-CP.

:func:`check_document` implements the "Check" lines of the project note ``nd30-format.md`` for
R1–R11, R13–R17, R19–R25, R28, R32, R34, R40, R42 and R43, plus two project rules: P1 (the
paragraph closing a section after a table is too small to spill onto a page of its own), P2
(compatibility mode 15 and real file properties) and P3 (no markup or template syntax left in the
text, such as a literal "**" a template wrote where it meant bold). It reads any .docx (not only ours):
run and paragraph properties are resolved through the style hierarchy (H-eff: direct →
character style → paragraph style → table style → document defaults), lengths are compared
with a 0.2 mm tolerance (H-mm) and text widths come from Times New Roman metrics (H-width).

Findings carry the rule id, a Vietnamese message and a Vietnamese location. Identical findings
at several places are merged into one ("… và N chỗ khác").

Structure is found the way the note describes it: H-hdr is the first two-column table of the
first section, H-sig the table whose first cell starts with "Nơi nhận:", the content is what
lies between them, and every later section is an appendix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree

from cchc.docx import nd30
from cchc.docx.metrics import MM_PER_PT, longest_line_mm, text_width_mm
from cchc.docx.oxml import has_field, twips_to_mm

Severity = Literal["error", "warning"]

_MAX_SPACER_PT = 0.5  # the closing paragraph after a table (P1)
# Markup of cchc's body syntax or Jinja left in the text (P3): bold/italic stars, a cell break,
# a template tag.
_LEFTOVER_MARKUP = re.compile(r"\*\*|<br\s*/?>|\{\{|\}\}|\{%|%\}|\{#|#\}")
_WORD_DEFAULT_CELL_MARGIN_TWIPS = 108  # 0.19 cm, Word's "Normal Table"
_TOL = nd30.LENGTH_TOLERANCE_MM
_FALSE = {"0", "false", "off", "none"}

_NUMBER_RE = re.compile(r"^Số: ?(0[1-9]|[1-9]\d+|\s+)/[A-ZĐ][A-Za-zĐđ.]*(-[A-ZĐ][A-Za-zĐđ.]*)+$")
_DATE_RE = re.compile(
    r"^(?P<place>[^,]+), ngày\s+(?P<day>0[1-9]|[12]\d|3[01])?\s+tháng\s+"
    r"(?P<month>0[12]|[3-9]|1[0-2])?\s*năm \d{4}$"
)
_DATE_IN_TEXT_RE = re.compile(r"ngày\s+(\S*)\s+tháng\s+(\S*)\s+năm\s+(\d{4})")
_SLASH_DATE_RE = re.compile(r"ngày\s*[\d\s]*/[\d\s]*/\s*\d{4}")
_REFERENCE_RE = re.compile(
    r"^\(Kèm theo [A-ZĐ][^\s]*(?: [^\s]+)*? số(?: \d+| )?(?:/\S+)? ngày(?: \d{1,2})? tháng(?: \d{1,2})? "
    r"năm \d{4}(?: của .+)?\)$"
)
_CC_ITEM_RE = re.compile(r"^- .+;$")
_CC_LAST_RE = re.compile(r"^- Lưu: VT(, .+)?\.$")
_DRAFTER_RE = re.compile(r"^[A-ZĐ]+\.\(\d+\)$")
_APPENDIX_LABEL_RE = re.compile(r"^Phụ lục( [IVXLC]+)?$")
_SECTION_HEADING_RE = re.compile(r"^[IVXLC]+\. ")
_ARTICLE_RE = re.compile(r"^Điều \d+\.")
_POINT_RE = re.compile(r"^[a-zđ]\) ")
_PART_RE = re.compile(r"^(Phần|Chương) [IVXLC]+$")
_SIGNING_RE = re.compile(r"^(TM\.|Q\.|KT\.|TL\.|TUQ\.) ")
_ACADEMIC_RE = re.compile(r"^(GS|PGS|TS|ThS|BS|KS|CN)\.? ")


@dataclass(frozen=True)
class Finding:
    """One violation: rule id (e.g. "R7"), Vietnamese message and location, severity."""

    rule_id: str
    message_vi: str
    location: str
    severity: Severity = "error"

    def __str__(self) -> str:
        label = "lỗi" if self.severity == "error" else "cảnh báo"
        return f"{self.rule_id} ({label}) tại {self.location}: {self.message_vi}"


def check_document(source: str | Path | DocxDocument, *, doc_type: str) -> list[Finding]:
    """Check a document (path or python-docx ``Document``) of type ``doc_type``.

    ``doc_type`` is a type name of ND 30 ("Công văn", "Tờ trình", …) or its slug ("cong-van").
    Returns the findings, errors first; an empty list means no rule was violated.
    """
    kind = nd30.canonical_doc_type(doc_type)
    document = source if isinstance(source, DocxDocument) else docx.Document(str(source))
    checker = _Checker(document, kind)
    checker.run()
    return checker.findings()


# --- text and property helpers ----------------------------------------------------------


def _n(value: float, digits: int | None = 1) -> str:
    """A number the Vietnamese way: decimal comma ("25,0", "0,50", "12")."""
    text = f"{value:g}" if digits is None else f"{value:.{digits}f}"
    return text.replace(".", ",")


@lru_cache(maxsize=256)
def _w(tag: str) -> str:
    return qn(f"w:{tag}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _para_text(p: etree._Element) -> str:
    """Visible text of a paragraph: w:t, line breaks as "\\n", tabs as "\\t"."""
    out: list[str] = []
    for el in p.iter(_w("t"), _w("br"), _w("cr"), _w("tab")):
        if el.tag == _w("t"):
            out.append(el.text or "")
        elif el.tag == _w("tab"):
            if el.getparent() is not None and el.getparent().tag == _w("r"):
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _text_runs(p: etree._Element) -> list[etree._Element]:
    """Runs of ``p`` that carry non-blank text."""
    runs = []
    for r in p.iter(_w("r")):
        text = "".join(t.text or "" for t in r.findall(_w("t")))
        if text.strip():
            runs.append(r)
    return runs


def _excerpt(text: str, length: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def _is_upper(text: str) -> bool:
    return text.upper() == text and any(ch.isalpha() for ch in text)


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return (el.get(_w("val")) or "true").lower() not in _FALSE


def _twips(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class _Styles:
    """Effective formatting through the style hierarchy (H-eff)."""

    def __init__(self, document: DocxDocument) -> None:
        root = document.styles.element
        self.by_id: dict[str, etree._Element] = {
            s.get(_w("styleId")): s for s in root.findall(_w("style"))
        }
        self.default_paragraph_style = next(
            (
                sid
                for sid, s in self.by_id.items()
                if s.get(_w("type")) == "paragraph"
                and (s.get(_w("default")) or "").lower() in ("1", "true", "on")
            ),
            None,
        )
        defaults = root.find(_w("docDefaults"))
        self.default_rpr = (
            defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}") if defaults is not None else None
        )
        self.default_ppr = (
            defaults.find(f"{_w('pPrDefault')}/{_w('pPr')}") if defaults is not None else None
        )

    def chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else None
        return chain

    def _paragraph_style(self, p: etree._Element) -> str | None:
        ppr = p.find(_w("pPr"))
        pstyle = ppr.find(_w("pStyle")) if ppr is not None else None
        return pstyle.get(_w("val")) if pstyle is not None else self.default_paragraph_style

    def _table_style(self, p: etree._Element) -> str | None:
        for ancestor in p.iterancestors(_w("tbl")):
            tbl_pr = ancestor.find(_w("tblPr"))
            style = tbl_pr.find(_w("tblStyle")) if tbl_pr is not None else None
            return style.get(_w("val")) if style is not None else None
        return None

    def rpr_levels(self, r: etree._Element, p: etree._Element) -> list[etree._Element]:
        levels: list[etree._Element | None] = []
        rpr = r.find(_w("rPr"))
        levels.append(rpr)
        rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
        if rstyle is not None:
            levels += [s.find(_w("rPr")) for s in self.chain(rstyle.get(_w("val")))]
        levels += [s.find(_w("rPr")) for s in self.chain(self._paragraph_style(p))]
        levels += [s.find(_w("rPr")) for s in self.chain(self._table_style(p))]
        levels.append(self.default_rpr)
        return [level for level in levels if level is not None]

    def ppr_levels(self, p: etree._Element) -> list[etree._Element]:
        levels: list[etree._Element | None] = [p.find(_w("pPr"))]
        levels += [s.find(_w("pPr")) for s in self.chain(self._paragraph_style(p))]
        levels += [s.find(_w("pPr")) for s in self.chain(self._table_style(p))]
        levels.append(self.default_ppr)
        return [level for level in levels if level is not None]

    # run properties
    def toggle(self, r: etree._Element, p: etree._Element, tag: str) -> bool:
        for level in self.rpr_levels(r, p):
            value = _on(level.find(_w(tag)))
            if value is not None:
                return value
        return False

    def size(self, r: etree._Element, p: etree._Element) -> float | None:
        for level in self.rpr_levels(r, p):
            sz = level.find(_w("sz"))
            if sz is not None and sz.get(_w("val")):
                return int(sz.get(_w("val"))) / 2
        return None

    def font(self, r: etree._Element, p: etree._Element, slot: str) -> tuple[str, str] | None:
        """("name", font) or ("theme", theme id) winning for ``slot``; None if never set."""
        theme_attr = "cstheme" if slot == "cs" else f"{slot}Theme"
        for level in self.rpr_levels(r, p):
            fonts = level.find(_w("rFonts"))
            if fonts is None:
                continue
            if fonts.get(_w(theme_attr)) is not None:
                return ("theme", fonts.get(_w(theme_attr)))
            if fonts.get(_w(slot)) is not None:
                return ("name", fonts.get(_w(slot)))
        return None

    def run_value(self, r: etree._Element, p: etree._Element, tag: str) -> str | None:
        for level in self.rpr_levels(r, p):
            el = level.find(_w(tag))
            if el is not None:
                return el.get(_w("val"))
        return None

    # paragraph properties
    def para_attr(self, p: etree._Element, tag: str, *attrs: str) -> str | None:
        for level in self.ppr_levels(p):
            el = level.find(_w(tag))
            if el is None:
                continue
            for attr in attrs:
                if el.get(_w(attr)) is not None:
                    return el.get(_w(attr))
        return None

    def alignment(self, p: etree._Element) -> str:
        value = self.para_attr(p, "jc", "val") or "left"
        return {"both": "justify", "distribute": "justify", "start": "left", "end": "right"}.get(
            value, value
        )

    def indents_mm(self, p: etree._Element) -> tuple[float, float, float]:
        """(left, right, first line) in mm; first line is negative for a hanging indent."""
        left = _twips(self.para_attr(p, "ind", "left", "start")) or 0.0
        right = _twips(self.para_attr(p, "ind", "right", "end")) or 0.0
        first = 0.0
        for level in self.ppr_levels(p):
            ind = level.find(_w("ind"))
            if ind is None:
                continue
            if ind.get(_w("hanging")) is not None:
                first = -(_twips(ind.get(_w("hanging"))) or 0.0)
                break
            if ind.get(_w("firstLine")) is not None:
                first = _twips(ind.get(_w("firstLine"))) or 0.0
                break
        return twips_to_mm(left), twips_to_mm(right), twips_to_mm(first)

    def spacing_pt(self, p: etree._Element) -> tuple[float, float]:
        before = _twips(self.para_attr(p, "spacing", "before")) or 0.0
        after = _twips(self.para_attr(p, "spacing", "after")) or 0.0
        return before / 20, after / 20

    def line_spacing(self, p: etree._Element) -> tuple[str, float]:
        """("multiple", lines) or ("exact"/"atLeast", points)."""
        line = _twips(self.para_attr(p, "spacing", "line"))
        rule = self.para_attr(p, "spacing", "lineRule") or "auto"
        if line is None:
            return ("multiple", 1.0)
        if rule == "auto":
            return ("multiple", line / 240)
        return (rule, line / 20)


# --- document structure -----------------------------------------------------------------


@dataclass
class _Item:
    element: etree._Element  # w:p or w:tbl
    section: int


@dataclass
class _Table:
    tbl: etree._Element
    grid_mm: list[float]
    rows: list[list[tuple[etree._Element, int, int]]] = field(
        default_factory=list
    )  # (tc, start, span)

    @classmethod
    def read(cls, tbl: etree._Element) -> _Table:
        grid = tbl.find(_w("tblGrid"))
        widths = (
            [twips_to_mm(_twips(c.get(_w("w"))) or 0) for c in grid.findall(_w("gridCol"))]
            if grid is not None
            else []
        )
        table = cls(tbl, widths)
        for tr in tbl.findall(_w("tr")):
            row = []
            col = 0
            for tc in tr.findall(_w("tc")):
                tc_pr = tc.find(_w("tcPr"))
                span_el = tc_pr.find(_w("gridSpan")) if tc_pr is not None else None
                span = int(span_el.get(_w("val"))) if span_el is not None else 1
                row.append((tc, col, span))
                col += span
            table.rows.append(row)
        return table

    @property
    def ncols(self) -> int:
        return len(self.grid_mm) or max((len(r) for r in self.rows), default=0)

    def cell_width_mm(self, tc: etree._Element, start: int, span: int) -> float:
        if self.grid_mm and start + span <= len(self.grid_mm):
            return sum(self.grid_mm[start : start + span])
        tc_w = tc.find(f"{_w('tcPr')}/{_w('tcW')}")
        if tc_w is not None and tc_w.get(_w("type")) in (None, "dxa"):
            return twips_to_mm(_twips(tc_w.get(_w("w"))) or 0)
        return 0.0

    def cell_margins_mm(self, tc: etree._Element) -> float:
        total = 0.0
        for sides in (("left", "start"), ("right", "end")):
            value = None
            for container in (
                tc.find(f"{_w('tcPr')}/{_w('tcMar')}"),
                self.tbl.find(f"{_w('tblPr')}/{_w('tblCellMar')}"),
            ):
                if container is None:
                    continue
                for side in sides:
                    el = container.find(_w(side))
                    if el is not None and el.get(_w("type")) in (None, "dxa"):
                        value = _twips(el.get(_w("w")))
                        break
                if value is not None:
                    break
            total += twips_to_mm(value if value is not None else _WORD_DEFAULT_CELL_MARGIN_TWIPS)
        return total

    def first_text(self) -> str:
        for row in self.rows:
            for tc, _, _ in row:
                for p in tc.findall(_w("p")):
                    text = _para_text(p).strip()
                    if text:
                        return text
                return ""
        return ""


def _is_rule_paragraph(p: etree._Element) -> bool:
    """An empty paragraph drawing a line: bottom border, drawing/VML shape, or underscores."""
    text = _para_text(p).strip()
    if text and set(text) != {"_"}:
        return False
    if text:
        return True
    bottom = p.find(f"{_w('pPr')}/{_w('pBdr')}/{_w('bottom')}")
    if bottom is not None and (bottom.get(_w("val")) or "none") not in ("none", "nil"):
        return True
    for el in p.iter():
        tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if tag in ("drawing", "pict", "line"):
            return True
    return False


# --- the checker ------------------------------------------------------------------------


class _Checker:
    def __init__(self, document: DocxDocument, doc_type: str) -> None:
        self.doc = document
        self.doc_type = doc_type
        self.is_cong_van = doc_type == nd30.CONG_VAN
        self.styles = _Styles(document)
        self.sections: list[Section] = list(document.sections)
        self.items = list(self._body_items())
        self._found: list[Finding] = []
        self.hdr: _Table | None = None
        self.sig: _Table | None = None
        self.national_size: float | None = None
        self.motto_size: float | None = None
        self.date_size: float | None = None

    # -- findings
    def add(self, rule: str, message: str, location: str, severity: Severity = "error") -> None:
        self._found.append(Finding(rule, message, location, severity))

    def findings(self) -> list[Finding]:
        merged: dict[tuple[str, str, str], list[str]] = {}
        for f in self._found:
            merged.setdefault((f.rule_id, f.message_vi, f.severity), []).append(f.location)
        out = []
        for (rule, message, severity), locations in merged.items():
            unique = list(dict.fromkeys(locations))
            location = (
                unique[0] if len(unique) == 1 else f"{unique[0]} (và {len(unique) - 1} chỗ khác)"
            )
            out.append(Finding(rule, message, location, severity))  # type: ignore[arg-type]
        order = {"error": 0, "warning": 1}
        return sorted(
            out,
            key=lambda f: (
                order[f.severity],
                int(f.rule_id[1:]) if f.rule_id[1:].isdigit() else 99,
            ),
        )

    # -- structure
    def _body_items(self) -> Iterator[_Item]:
        section = 0
        body = self.doc.element.body
        for el in body:
            if el.tag == _w("p"):
                yield _Item(el, section)
                if el.find(f"{_w('pPr')}/{_w('sectPr')}") is not None:
                    section += 1
            elif el.tag == _w("tbl"):
                yield _Item(el, section)
            elif el.tag == _w("sdt"):
                content = el.find(_w("sdtContent"))
                for child in content if content is not None else []:
                    if child.tag in (_w("p"), _w("tbl")):
                        yield _Item(child, section)

    def _section_items(self, index: int) -> list[_Item]:
        return [item for item in self.items if item.section == index]

    # -- generic run checks
    def _runs_check(
        self,
        p: etree._Element,
        location: str,
        rule: str,
        *,
        sizes: Iterable[float] | None = None,
        bold: bool | None = None,
        italic: bool | None = None,
        what: str,
    ) -> None:
        runs = _text_runs(p)
        allowed = tuple(sizes) if sizes is not None else None
        for r in runs:
            if allowed is not None:
                size = self.styles.size(r, p)
                if size is None or all(abs(size - s) > 0.01 for s in allowed):
                    wanted = " hoặc ".join(f"{_n(s, None)}" for s in allowed)
                    shown = "không xác định" if size is None else f"{_n(size, None)}"
                    self.add(rule, f"{what}: cỡ chữ {shown}, phải là {wanted}.", location)
                    break
        if bold is not None and runs:
            actual = [self.styles.toggle(r, p, "b") for r in runs]
            if bold and not all(actual):
                self.add(rule, f"{what} phải in đậm.", location)
            if not bold and any(actual):
                self.add(rule, f"{what} không được in đậm.", location)
        if italic is not None and runs:
            actual = [self.styles.toggle(r, p, "i") for r in runs]
            if italic and not all(actual):
                self.add(rule, f"{what} phải in nghiêng.", location)
            if not italic and any(actual):
                self.add(rule, f"{what} không được in nghiêng.", location)

    def _size_of(self, p: etree._Element) -> float | None:
        runs = _text_runs(p)
        return self.styles.size(runs[0], p) if runs else None

    def _center(self, p: etree._Element, rule: str, location: str, what: str) -> None:
        if self.styles.alignment(p) != "center":
            self.add(rule, f"{what} phải căn giữa.", location)

    # -- run all
    def run(self) -> None:
        self.check_pages()
        self.check_fonts()
        self.find_tables()
        if self.hdr is not None:
            self.check_header()
        body = self.main_paragraphs()
        self.check_title_and_recipients(body)
        if self.sig is not None:
            self.check_signature()
        self.check_data_tables()
        self.check_appendices()
        self.check_section_ends()
        self.check_properties()
        self.check_leftover_markup()

    # R1, R2, R5 ---------------------------------------------------------------------------
    def check_pages(self) -> None:
        for index, section in enumerate(self.sections):
            where = f"phần {index + 1} (khổ giấy)"
            width = section.page_width.mm if section.page_width is not None else 0
            height = section.page_height.mm if section.page_height is not None else 0
            portrait = (
                abs(width - nd30.A4_WIDTH_MM) <= _TOL and abs(height - nd30.A4_HEIGHT_MM) <= _TOL
            )
            landscape = (
                abs(width - nd30.A4_HEIGHT_MM) <= _TOL and abs(height - nd30.A4_WIDTH_MM) <= _TOL
            )
            if not (portrait or landscape):
                self.add(
                    "R1",
                    f"Khổ giấy {_n(width)} × {_n(height)} mm, phải là A4 (210 × 297 mm).",
                    where,
                )
            elif landscape or section.orientation == WD_ORIENT.LANDSCAPE:
                has_table = any(
                    item.element.tag == _w("tbl") for item in self._section_items(index)
                )
                if not has_table:
                    self.add("R1", "Trang nằm ngang chỉ dùng cho phần có bảng biểu.", where)
                elif not landscape:
                    self.add(
                        "R1", "Hướng trang nằm ngang nhưng kích thước trang là trang đứng.", where
                    )
            margins = {
                "top": (section.top_margin, "trên"),
                "bottom": (section.bottom_margin, "dưới"),
                "left": (section.left_margin, "trái"),
                "right": (section.right_margin, "phải"),
            }
            for side, (length, name) in margins.items():
                low, high = nd30.MARGIN_RANGES_MM[side]
                mm = length.mm if length is not None else 0.0
                if not (low - _TOL <= mm <= high + _TOL):
                    self.add(
                        "R2",
                        f"Lề {name} {_n(mm)} mm, phải từ {_n(low, None)} đến {_n(high, None)} mm.",
                        f"phần {index + 1} (lề trang)",
                    )
        if self.sections:
            self._check_page_numbers(0, self.sections[0], rule="R5")

    def _check_page_numbers(self, index: int, section: Section, *, rule: str) -> None:
        where = f"phần {index + 1} (đầu trang)"
        sect_pr = section._sectPr
        if not section.different_first_page_header_footer:
            self.add(
                rule, "Không được đánh số trang thứ nhất (cần “trang đầu khác”, w:titlePg).", where
            )
        num_type = sect_pr.find(_w("pgNumType"))
        if num_type is not None:
            if num_type.get(_w("start")) not in (None, "1"):
                self.add(rule, "Số trang phải bắt đầu từ 1.", where)
            if num_type.get(_w("fmt")) not in (None, "decimal"):
                self.add(rule, "Số trang phải dùng chữ số Ả Rập.", where)
        header = section.header
        field_paragraphs = [p for p in header.paragraphs if has_field(p._p, "PAGE")]
        if not field_paragraphs:
            self.add(rule, "Thiếu số trang (trường PAGE) ở đầu trang.", where)
        for paragraph in field_paragraphs:
            p = paragraph._p
            self._center(p, rule, where, "Số trang")
            for r in p.iter(_w("r")):
                if r.find(_w("t")) is None and r.find(_w("instrText")) is None:
                    continue
                size = self.styles.size(r, p)
                if size is None or not 13 <= size <= 14:
                    self.add(rule, "Số trang phải cỡ chữ 13 đến 14.", where)
                    break
                if self.styles.toggle(r, p, "b") or self.styles.toggle(r, p, "i"):
                    self.add(rule, "Số trang phải chữ đứng, không đậm.", where)
                    break
        if section.different_first_page_header_footer:
            first = section.first_page_header
            if any(has_field(p._p, "PAGE") for p in first.paragraphs):
                self.add(rule, "Trang thứ nhất không được hiện số trang.", where)
        if (
            section.header_distance is not None
            and section.top_margin is not None
            and section.header_distance >= section.top_margin
        ):
            self.add(rule, "Khoảng cách đầu trang phải nhỏ hơn lề trên.", where)

    # R3, R43 ------------------------------------------------------------------------------
    def _all_paragraphs(self) -> Iterator[tuple[etree._Element, str]]:
        for index, item in enumerate(self.items):
            if item.element.tag == _w("p"):
                yield item.element, f"phần {item.section + 1}, đoạn {index + 1}"
            else:
                for n, p in enumerate(item.element.iter(_w("p")), start=1):
                    yield p, f"phần {item.section + 1}, bảng (mục {index + 1}), đoạn {n}"
        for s_index, section in enumerate(self.sections):
            for header in (section.header, section.first_page_header):
                if header.is_linked_to_previous:
                    continue
                for p in header._element.iter(_w("p")):
                    yield p, f"phần {s_index + 1}, đầu trang"

    def check_fonts(self) -> None:
        for p, where in self._all_paragraphs():
            location = f"{where} (“{_excerpt(_para_text(p))}”)"
            for r in _text_runs(p):
                for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                    font = self.styles.font(r, p, slot)
                    severity: Severity = "error" if slot in ("ascii", "hAnsi") else "warning"
                    if font is None:
                        self.add(
                            "R3",
                            f"Phông chữ (w:{slot}) không được chỉ định; phải là Times New Roman.",
                            location,
                            severity,
                        )
                    elif font[0] == "theme":
                        self.add(
                            "R3",
                            f"Phông chữ (w:{slot}) lấy theo chủ đề “{font[1]}”; phải ghi rõ Times New Roman.",
                            location,
                            severity,
                        )
                    elif font[1] != nd30.FONT_NAME:
                        self.add(
                            "R3",
                            f"Phông chữ “{font[1]}” (w:{slot}); phải là Times New Roman.",
                            location,
                            severity,
                        )
                color = self.styles.run_value(r, p, "color")
                if color not in (None, "000000", "auto"):
                    self.add("R3", f"Chữ phải màu đen (đang là #{color}).", location)
                if self.styles.run_value(r, p, "highlight") not in (None, "none"):
                    self.add("R3", "Chữ không được tô nền (highlight).", location)
                text = "".join(t.text or "" for t in r.findall(_w("t")))
                if _nfc(text) != text:
                    self.add(
                        "R3", "Văn bản phải dựng sẵn Unicode (chuẩn NFC, TCVN 6909:2001).", location
                    )
                for tag, name in (("caps", "chữ hoa"), ("smallCaps", "chữ hoa nhỏ")):
                    if self.styles.toggle(r, p, tag):
                        self.add(
                            "R43",
                            f"Không dùng định dạng {name} (w:{tag}); gõ trực tiếp chữ in hoa.",
                            location,
                        )

    # structure ----------------------------------------------------------------------------
    def find_tables(self) -> None:
        for item in self._section_items(0):
            if item.element.tag != _w("tbl"):
                continue
            table = _Table.read(item.element)
            if self.hdr is None and table.ncols == 2 and table.rows and len(table.rows[0]) == 2:
                self.hdr = table
            elif self.sig is None and table.first_text().startswith("Nơi nhận"):
                self.sig = table
        if self.hdr is None:
            self.add(
                "R6",
                "Không tìm thấy khối tiêu đề (bảng 2 cột chứa tên cơ quan và Quốc hiệu) ở đầu văn bản.",
                "phần 1, đầu văn bản",
            )
        if self.sig is None:
            self.add(
                "R6",
                "Không tìm thấy khối chữ ký (bảng có ô đầu “Nơi nhận:”).",
                "phần 1, cuối văn bản",
            )
        for table, name in ((self.hdr, "khối tiêu đề"), (self.sig, "khối chữ ký")):
            if table is not None:
                self._check_borderless(table, name)

    def _check_borderless(self, table: _Table, name: str) -> None:
        tbl_pr = table.tbl.find(_w("tblPr"))
        style = tbl_pr.find(_w("tblStyle")) if tbl_pr is not None else None
        style_ids = [style.get(_w("val"))] if style is not None else []
        for sid in list(style_ids):
            for s in self.styles.chain(sid):
                name_el = s.find(_w("name"))
                style_ids.append((name_el.get(_w("val")) if name_el is not None else "") or "")
        if any(sid.replace(" ", "").lower() == "tablegrid" for sid in style_ids if sid):
            self.add(
                "R42",
                f"{name.capitalize()} không được dùng kiểu bảng có đường kẻ (Table Grid).",
                name,
            )
        borders = tbl_pr.find(_w("tblBorders")) if tbl_pr is not None else None
        sources = [borders] if borders is not None else []
        for s in self.styles.chain(style_ids[0] if style_ids else None):
            sb = s.find(f"{_w('tblPr')}/{_w('tblBorders')}")
            if sb is not None and borders is None:
                sources.append(sb)
        for source in sources:
            for side in source:
                if (side.get(_w("val")) or "none") not in ("nil", "none"):
                    self.add("R42", f"{name.capitalize()} không được có đường viền.", name)
                    return
        for tc in table.tbl.iter(_w("tc")):
            cell_borders = tc.find(f"{_w('tcPr')}/{_w('tcBorders')}")
            if cell_borders is not None and any(
                (side.get(_w("val")) or "none") not in ("nil", "none") for side in cell_borders
            ):
                self.add("R42", f"{name.capitalize()} không được có đường viền ô.", name)
                return

    def _rule_length_mm(self, p: etree._Element, available_mm: float) -> float | None:
        """H-line: length of the rule drawn by paragraph ``p``; None if it cannot be measured."""
        text = _para_text(p).strip()
        if text:
            runs = _text_runs(p)
            size = (self.styles.size(runs[0], p) if runs else None) or 13
            vert = self.styles.run_value(runs[0], p, "vertAlign") if runs else None
            scale = 2 / 3 if vert == "superscript" else 1.0
            return len(text) * 0.5 * size * MM_PER_PT * scale
        extent = None
        for el in p.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
        ):
            extent = el
            break
        if extent is not None:
            return (_twips(extent.get("cx")) or 0) / 36000
        bottom = p.find(f"{_w('pPr')}/{_w('pBdr')}/{_w('bottom')}")
        if bottom is not None:
            left, right, _ = self.styles.indents_mm(p)
            return available_mm - left - right
        return None

    def _rule_centered(self, p: etree._Element) -> bool:
        if _para_text(p).strip() or p.find(f"{_w('pPr')}/{_w('pBdr')}") is None:
            return self.styles.alignment(p) == "center"
        left, right, _ = self.styles.indents_mm(p)
        return abs(left - right) <= _TOL

    # header block (R4, R6–R10, R13, R14, R16) ---------------------------------------------
    def _cell_paragraphs(self, tc: etree._Element) -> list[etree._Element]:
        return list(tc.findall(_w("p")))

    def check_header(self) -> None:
        assert self.hdr is not None
        table = self.hdr
        cells = [(tc, start, span) for row in table.rows for tc, start, span in row]
        left_cells = [c for c in cells if c[1] == 0]
        right_cells = [c for c in cells if c[1] > 0]
        self._check_right_header(table, right_cells[0] if right_cells else None)
        self._check_left_header(table, left_cells[0] if left_cells else None)
        number = self._find_in_cells(table, lambda t: t.startswith("Số"), column=0)
        date = self._find_date(table)
        if number is None:
            self.add(
                "R10",
                "Không tìm thấy dòng “Số:” trong khối tiêu đề (ô trái).",
                "khối tiêu đề, ô trái",
            )
        else:
            self._check_number(table, number)
        if date is None:
            self.add(
                "R14",
                "Không tìm thấy dòng địa danh, ngày tháng năm trong khối tiêu đề (ô phải).",
                "khối tiêu đề, ô phải",
            )
        else:
            self._check_date(date)
        if number is not None and date is not None:
            (n_row, n_tc, n_index), (d_row, d_tc, d_index) = number, date
            above_n = sum(
                1
                for q in self._cell_paragraphs(n_tc)[:n_index]
                if _para_text(q).strip() and not _is_rule_paragraph(q)
            )
            above_d = sum(
                1
                for q in self._cell_paragraphs(d_tc)[:d_index]
                if _para_text(q).strip() and not _is_rule_paragraph(q)
            )
            if n_row != d_row or above_n != above_d:
                self.add(
                    "R14",
                    "Dòng địa danh, ngày tháng năm phải ngang hàng với dòng “Số:”.",
                    "khối tiêu đề",
                )
        sizes = (self.national_size, self.motto_size, self.date_size)
        if all(s is not None for s in sizes):
            national, motto, date_size = sizes
            assert national is not None and motto is not None and date_size is not None
            if abs(motto - national - 1) > 0.01 or abs(date_size - motto) > 0.01:
                self.add(
                    "R4",
                    f"Cỡ chữ Quốc hiệu/Tiêu ngữ/ngày tháng là {_n(national, None)}/{_n(motto, None)}/{_n(date_size, None)}; "
                    "phải cùng tăng hoặc giảm: 13/14/14 hoặc 12/13/13.",
                    "khối tiêu đề",
                )
        self._check_vv(table, number)

    def _find_in_cells(self, table: _Table, predicate, *, column: int | None = None):
        for row_index, row in enumerate(table.rows):
            for tc, start, _ in row:
                if column is not None and (start == 0) != (column == 0):
                    continue
                for index, p in enumerate(self._cell_paragraphs(tc)):
                    if predicate(_nfc(_para_text(p).strip())):
                        return row_index, tc, index
        return None

    def _find_date(self, table: _Table):
        return self._find_in_cells(
            table,
            lambda t: ", ngày" in t or t.startswith("ngày") or bool(_DATE_RE.match(t)),
            column=1,
        )

    def _check_right_header(self, table: _Table, cell) -> None:
        where = "khối tiêu đề, ô phải"
        if cell is None:
            self.add("R6", "Khối tiêu đề phải có ô bên phải chứa Quốc hiệu và Tiêu ngữ.", where)
            return
        tc, start, span = cell
        paragraphs = [
            p for p in self._cell_paragraphs(tc) if _para_text(p).strip() or _is_rule_paragraph(p)
        ]
        if not paragraphs:
            self.add("R7", "Thiếu Quốc hiệu.", where)
            return
        national = paragraphs[0]
        text = _nfc(_para_text(national).strip())
        if text not in nd30.NATIONAL_NAME_VARIANTS:
            self.add(
                "R7",
                f"Quốc hiệu phải là “{nd30.NATIONAL_NAME}” (đang là “{_excerpt(text)}”).",
                where,
            )
        self._runs_check(
            national, where, "R7", sizes=(12, 13), bold=True, italic=False, what="Quốc hiệu"
        )
        self._center(national, "R7", where, "Quốc hiệu")
        self.national_size = self._size_of(national)
        available = table.cell_width_mm(tc, start, span) - table.cell_margins_mm(tc)
        if self.national_size and text in nd30.NATIONAL_NAME_VARIANTS:
            needed = text_width_mm(text, self.national_size, bold=True)
            if available + _TOL < needed:
                self.add(
                    "R7",
                    f"Ô Quốc hiệu rộng {_n(available)} mm, không đủ {_n(needed)} mm để Quốc hiệu nằm trên một dòng.",
                    where,
                )
        if len(paragraphs) < 2:
            self.add("R8", "Thiếu Tiêu ngữ dưới Quốc hiệu.", where)
            return
        motto = paragraphs[1]
        motto_text = _nfc(_para_text(motto).strip())
        if motto_text != nd30.MOTTO:
            self.add(
                "R8", f"Tiêu ngữ phải là “{nd30.MOTTO}” (đang là “{_excerpt(motto_text)}”).", where
            )
        self._runs_check(
            motto, where, "R8", sizes=(13, 14), bold=True, italic=False, what="Tiêu ngữ"
        )
        self._center(motto, "R8", where, "Tiêu ngữ")
        self.motto_size = self._size_of(motto)
        for p, name in ((national, "Quốc hiệu"), (motto, "Tiêu ngữ")):
            kind, value = self.styles.line_spacing(p)
            if kind != "multiple" or abs(value - 1.0) > 0.01:
                self.add("R8", f"{name} phải giãn dòng đơn (single).", where)
        if self.styles.spacing_pt(national)[1] > 0 or self.styles.spacing_pt(motto)[0] > 0:
            self.add(
                "R8", "Quốc hiệu và Tiêu ngữ phải liền nhau, không có khoảng cách đoạn.", where
            )
        rule = paragraphs[2] if len(paragraphs) > 2 and _is_rule_paragraph(paragraphs[2]) else None
        if rule is None:
            self.add("R8", "Thiếu đường kẻ ngang dưới Tiêu ngữ.", where)
        elif self.motto_size:
            length = self._rule_length_mm(rule, available)
            wanted = text_width_mm(nd30.MOTTO, self.motto_size, bold=True)
            if length is None or abs(length - wanted) > 0.1 * wanted:
                shown = "không đo được" if length is None else f"{_n(length)} mm"
                self.add(
                    "R8",
                    f"Đường kẻ dưới Tiêu ngữ dài {shown}, phải bằng độ dài dòng chữ ({_n(wanted)} mm).",
                    where,
                )

    def _check_left_header(self, table: _Table, cell) -> None:
        where = "khối tiêu đề, ô trái"
        if cell is None:
            return
        tc, start, span = cell
        paragraphs = self._cell_paragraphs(tc)
        names: list[etree._Element] = []
        rule = None
        for p in paragraphs:
            if _is_rule_paragraph(p):
                rule = p
                break
            text = _para_text(p).strip()
            if text.startswith("Số"):
                break
            if text:
                names.append(p)
        if not names:
            self.add("R9", "Thiếu tên cơ quan, tổ chức ban hành văn bản.", where)
            return
        bold_flags = [all(self.styles.toggle(r, p, "b") for r in _text_runs(p)) for p in names]
        issuer = [p for p, b in zip(names, bold_flags, strict=True) if b]
        parents = names[: bold_flags.index(True)] if True in bold_flags else names
        issuer_bold: bool | None = True
        if not issuer:
            self.add("R9", "Tên cơ quan, tổ chức ban hành phải in đậm.", where)
            issuer_bold = None  # reported once above
            issuer = names[-1:]
            parents = names[:-1]
        for p in parents:
            text = _para_text(p)
            if not _is_upper(text):
                self.add(
                    "R9", f"Tên cơ quan chủ quản phải viết in hoa (“{_excerpt(text)}”).", where
                )
            self._runs_check(
                p,
                where,
                "R9",
                sizes=(12, 13),
                bold=False,
                italic=False,
                what="Tên cơ quan chủ quản",
            )
        lines: list[str] = []
        size = None
        for p in issuer:
            text = _para_text(p)
            if not _is_upper(text):
                self.add(
                    "R9", f"Tên cơ quan ban hành phải viết in hoa (“{_excerpt(text)}”).", where
                )
            self._runs_check(
                p,
                where,
                "R9",
                sizes=(12, 13),
                bold=issuer_bold,
                italic=False,
                what="Tên cơ quan ban hành",
            )
            self._center(p, "R9", where, "Tên cơ quan ban hành")
            lines += [line.strip() for line in text.split("\n") if line.strip()]
            size = size or self._size_of(p)
        available = table.cell_width_mm(tc, start, span) - table.cell_margins_mm(tc)
        if rule is None:
            self.add("R9", "Thiếu đường kẻ ngang dưới tên cơ quan ban hành.", where)
            return
        if not self._rule_centered(rule):
            self.add("R9", "Đường kẻ dưới tên cơ quan ban hành phải căn giữa.", where)
        length = self._rule_length_mm(rule, available)
        text_length = min(longest_line_mm(lines, size or 13, bold=True), available)
        if length is None:
            self.add(
                "R9", "Không đo được độ dài đường kẻ dưới tên cơ quan ban hành.", where, "warning"
            )
        elif text_length > 0 and not (1 / 3 - 0.01 <= length / text_length <= 1 / 2 + 0.01):
            self.add(
                "R9",
                f"Đường kẻ dưới tên cơ quan dài {_n(length)} mm, phải từ 1/3 đến 1/2 dòng chữ "
                f"({_n(text_length / 3)}–{_n(text_length / 2)} mm).",
                where,
            )

    def _check_number(self, table: _Table, found) -> None:
        _, tc, index = found
        p = self._cell_paragraphs(tc)[index]
        where = "khối tiêu đề, dòng “Số”"
        text = _nfc(_para_text(p).strip())
        if not _NUMBER_RE.match(text):
            self.add(
                "R10",
                f"Số, ký hiệu “{text}” sai thể thức (ví dụ đúng: “Số: 05/UBND-VP”, số dưới 10 có số 0 đứng trước).",
                where,
            )
        self._runs_check(
            p, where, "R10", sizes=(13,), bold=False, italic=False, what="Dòng số, ký hiệu"
        )
        self._center(p, "R10", where, "Dòng số, ký hiệu")
        if "/" in text:
            first_group = text.split("/", 1)[1].split("-")[0].strip()
            abbreviations = set(nd30.ABBREVIATIONS.values())
            if self.doc_type in nd30.TYPES_WITHOUT_ABBREVIATION:
                if first_group in abbreviations:
                    self.add(
                        "R10",
                        f"Ký hiệu của {self.doc_type.lower()} không có chữ viết tắt tên loại (“{first_group}”).",
                        where,
                    )
            else:
                wanted = nd30.ABBREVIATIONS[self.doc_type]
                if first_group != wanted:
                    self.add(
                        "R11",
                        f"Ký hiệu phải bắt đầu bằng chữ viết tắt “{wanted}” của {self.doc_type.lower()} (đang là “{first_group}”).",
                        where,
                    )

    def _check_date(self, found) -> None:
        _, tc, index = found
        p = self._cell_paragraphs(tc)[index]
        where = "khối tiêu đề, dòng ngày tháng"
        text = _nfc(_para_text(p).strip())
        if not _DATE_RE.match(text):
            self.add(
                "R13",
                f"Ngày tháng “{text}” sai thể thức (ví dụ đúng: “Đắk Lắk, ngày 05 tháng 01 năm 2021”, "
                "“ngày 29 tháng 6 năm 2019”).",
                where,
            )
        self._runs_check(
            p, where, "R14", sizes=(13, 14), bold=False, italic=True, what="Địa danh, ngày tháng"
        )
        self._center(p, "R14", where, "Địa danh, ngày tháng")
        self.date_size = self._size_of(p)

    def _check_vv(self, table: _Table, number) -> None:
        where = "khối tiêu đề, trích yếu “V/v”"
        found = self._find_in_cells(table, lambda t: t.startswith("V/v"), column=0)
        if not self.is_cong_van:
            if found is not None:
                self.add(
                    "R16",
                    "Chỉ công văn mới ghi trích yếu “V/v” dưới số, ký hiệu.",
                    where,
                    "warning",
                )
            return
        if found is None:
            self.add("R16", "Công văn phải có trích yếu “V/v …” dưới số, ký hiệu.", where)
            return
        _, tc, index = found
        p = self._cell_paragraphs(tc)[index]
        self._runs_check(
            p, where, "R16", sizes=(12, 13), bold=False, italic=False, what="Trích yếu công văn"
        )
        self._center(p, "R16", where, "Trích yếu công văn")
        before = self.styles.spacing_pt(p)[0]
        after_number = 0.0
        if number is not None:
            _, n_tc, n_index = number
            if n_tc is tc and n_index == index - 1:
                after_number = self.styles.spacing_pt(self._cell_paragraphs(tc)[n_index])[1]
        if before < 6 - 0.01 and after_number < 6 - 0.01:
            self.add("R16", "Trích yếu công văn phải cách dòng số, ký hiệu 6 pt.", where)

    # content (R15, R17, R19, R20, R24, R32, R34) ------------------------------------------
    def main_paragraphs(self) -> list[tuple[int, etree._Element]]:
        """Top-level paragraphs of section 1 between H-hdr and H-sig, with item indexes."""
        out = []
        started = self.hdr is None
        for index, item in enumerate(self.items):
            if item.section != 0:
                break
            if self.hdr is not None and item.element is self.hdr.tbl:
                started = True
                continue
            if self.sig is not None and item.element is self.sig.tbl:
                break
            if started and item.element.tag == _w("p"):
                out.append((index, item.element))
        return out

    def check_title_and_recipients(self, paragraphs: list[tuple[int, etree._Element]]) -> None:
        position = 0
        texts = [_nfc(_para_text(p).strip()) for _, p in paragraphs]
        if self.is_cong_van:
            for (index, _), text in zip(paragraphs, texts, strict=True):
                if text == "CÔNG VĂN":
                    self.add(
                        "R34", "Công văn không có dòng tên loại “CÔNG VĂN”.", f"đoạn {index + 1}"
                    )
        else:
            position = self._check_title(paragraphs, texts)
        # Legal bases and other lines before Kính gửi / content.
        kinh_gui = next((i for i, t in enumerate(texts) if t.startswith("Kính gửi")), None)
        needs_kinh_gui = self.is_cong_van or self.doc_type == "Tờ trình"
        if kinh_gui is None and needs_kinh_gui:
            self.add("R24", f"{self.doc_type} phải có “Kính gửi:”.", "phần 1, sau khối tiêu đề")
        selected = list(zip(paragraphs, texts, strict=True))[position:]
        if kinh_gui is not None:
            end = self._check_kinh_gui(paragraphs, texts, kinh_gui)
            selected = [
                ((i, p), t)
                for n, ((i, p), t) in enumerate(zip(paragraphs, texts, strict=True))
                if n >= position and not kinh_gui <= n < end
            ]
        body = [(i, p, t) for (i, p), t in selected]
        self._check_body(body)

    def _check_title(self, paragraphs, texts) -> int:
        name = self.doc_type.upper()
        where = "tên loại và trích yếu"
        try:
            title_at = texts.index(name)
        except ValueError:
            self.add("R15", f"Không tìm thấy tên loại “{name}” dưới khối tiêu đề.", where)
            return 0
        index, title = paragraphs[title_at]
        self._runs_check(
            title, where, "R15", sizes=(13, 14), bold=True, italic=False, what="Tên loại văn bản"
        )
        self._center(title, "R15", where, "Tên loại văn bản")
        summary: list[etree._Element] = []
        position = title_at + 1
        rule = None
        while position < len(paragraphs):
            p = paragraphs[position][1]
            if _is_rule_paragraph(p):
                rule = p
                position += 1
                break
            if not texts[position] or texts[position].startswith(("Kính gửi", "Căn cứ")):
                break
            summary.append(p)
            position += 1
        if not summary:
            self.add("R15", "Thiếu trích yếu nội dung dưới tên loại.", where)
        lines: list[str] = []
        size = None
        for p in summary:
            text = _para_text(p)
            self._runs_check(
                p, where, "R15", sizes=(13, 14), bold=True, italic=False, what="Trích yếu"
            )
            self._center(p, "R15", where, "Trích yếu")
            if _is_upper(text):
                self.add("R15", "Trích yếu viết chữ thường, không viết in hoa toàn bộ.", where)
            lines += [line.strip() for line in text.split("\n") if line.strip()]
            size = size or self._size_of(p)
        if rule is None:
            self.add("R15", "Thiếu đường kẻ ngang dưới trích yếu.", where)
        elif lines:
            width = self._section_text_width(0)
            length = self._rule_length_mm(rule, width)
            text_length = min(longest_line_mm(lines, size or 14, bold=True), width)
            if length is None:
                self.add("R15", "Không đo được độ dài đường kẻ dưới trích yếu.", where, "warning")
            elif not (1 / 3 - 0.01 <= length / text_length <= 1 / 2 + 0.01):
                self.add(
                    "R15",
                    f"Đường kẻ dưới trích yếu dài {_n(length)} mm, phải từ 1/3 đến 1/2 dòng chữ "
                    f"({_n(text_length / 3)}–{_n(text_length / 2)} mm).",
                    where,
                )
            if not self._rule_centered(rule):
                self.add("R15", "Đường kẻ dưới trích yếu phải căn giữa.", where)
        return position

    def _section_text_width(self, index: int) -> float:
        section = self.sections[index]
        width = section.page_width.mm if section.page_width is not None else nd30.A4_WIDTH_MM
        left = section.left_margin.mm if section.left_margin is not None else 0
        right = section.right_margin.mm if section.right_margin is not None else 0
        return width - left - right

    def _check_kinh_gui(self, paragraphs, texts, at: int) -> int:
        index, p = paragraphs[at]
        where = f"phần 1, đoạn {index + 1} (Kính gửi)"
        text = texts[at]
        if not text.startswith(nd30.KINH_GUI):
            self.add("R24", "Sau “Kính gửi” phải có dấu hai chấm.", where)
        self._runs_check(
            p, where, "R24", sizes=(13, 14), bold=False, italic=False, what="Dòng Kính gửi"
        )
        rest = text[len(nd30.KINH_GUI) :].strip() if text.startswith(nd30.KINH_GUI) else ""
        if rest:
            return at + 1  # single recipient on the same line
        items = []
        position = at + 1
        while position < len(paragraphs) and texts[position].startswith("-"):
            items.append(paragraphs[position])
            position += 1
            if texts[position - 1].endswith("."):
                break  # the last recipient; content may start with "- " too
        if not items:
            self.add("R24", "Thiếu nơi nhận sau “Kính gửi:”.", where)
            return position
        if len(items) == 1:
            self.add("R24", "Chỉ có một nơi nhận thì ghi cùng dòng với “Kính gửi:”.", where)
        label_left, _, label_first = self.styles.indents_mm(p)
        label_start = label_left + label_first
        size = self._size_of(p) or 14
        expected = label_start + text_width_mm(nd30.KINH_GUI + " ", size)
        starts = []
        for n, (item_index, item) in enumerate(items):
            item_where = f"phần 1, đoạn {item_index + 1} (Kính gửi)"
            item_text = _nfc(_para_text(item).strip())
            last = n == len(items) - 1
            pattern = r"^- .+\.$" if last else r"^- .+;$"
            if not re.match(pattern, item_text, re.S):
                end = "dấu chấm" if last else "dấu chấm phẩy"
                self.add(
                    "R24", f"Mỗi nơi nhận bắt đầu bằng “- ” và kết thúc bằng {end}.", item_where
                )
            self._runs_check(
                item,
                item_where,
                "R24",
                sizes=(13, 14),
                bold=False,
                italic=False,
                what="Nơi nhận sau Kính gửi",
            )
            left, _, first = self.styles.indents_mm(item)
            starts.append(left + first)
        if max(starts) - min(starts) > _TOL:
            self.add("R24", "Các gạch đầu dòng sau “Kính gửi:” phải thẳng hàng.", where)
        elif abs(starts[0] - expected) > 2.0:
            self.add(
                "R24",
                f"Gạch đầu dòng phải thẳng dưới vị trí sau dấu hai chấm của “Kính gửi:” "
                f"(cách lề {_n(expected)} mm, đang là {_n(starts[0])} mm).",
                where,
            )
        return position

    def _check_body(self, body: list[tuple[int, etree._Element, str]]) -> None:
        legal_types = ("Quyết định", "Nghị quyết", "Chỉ thị", "Quy chế", "Quy định")
        content = []
        legal: list[tuple[int, etree._Element, str]] = []
        for index, p, text in body:
            if not text or _is_rule_paragraph(p):
                continue
            runs = _text_runs(p)
            italic = bool(runs) and all(self.styles.toggle(r, p, "i") for r in runs)
            started = any(self.styles.alignment(q) != "center" for _, q, _ in content)
            if (
                text.startswith(("Căn cứ ", "Theo đề nghị"))
                and (italic or self.doc_type in legal_types)
                and not started
            ):
                legal.append((index, p, text))
                continue
            content.append((index, p, text))
        for n, (index, p, text) in enumerate(legal):
            where = f"phần 1, đoạn {index + 1} (căn cứ)"
            self._runs_check(p, where, "R17", sizes=(13, 14), italic=True, what="Căn cứ ban hành")
            last = n == len(legal) - 1
            if not text.endswith("." if last else ";"):
                self.add(
                    "R17", "Mỗi căn cứ kết thúc bằng dấu “;”, căn cứ cuối cùng bằng dấu “.”.", where
                )
        for index, p, text in content:
            where = f"phần 1, đoạn {index + 1} (“{_excerpt(text)}”)"
            align = self.styles.alignment(p)
            self._runs_check(p, where, "R20", sizes=(13, 14), what="Nội dung")
            if align != "center":
                if align != "justify":
                    self.add("R20", "Đoạn nội dung phải căn đều hai bên.", where)
                _, _, first = self.styles.indents_mm(p)
                if all(abs(first - ok) > _TOL for ok in nd30.ACCEPTED_FIRST_LINE_INDENTS_MM):
                    self.add(
                        "R20",
                        f"Dòng đầu đoạn phải lùi vào 1 cm hoặc 1,27 cm (đang là {_n(first / 10, 2)} cm).",
                        where,
                    )
                before, after = self.styles.spacing_pt(p)
                if before + after < 6 - 0.01:
                    self.add("R20", "Khoảng cách giữa các đoạn tối thiểu 6 pt.", where)
                kind, value = self.styles.line_spacing(p)
                size = self._size_of(p) or 14
                if kind == "multiple" and not 1.0 - 0.01 <= value <= 1.5 + 0.01:
                    self.add(
                        "R20", f"Giãn dòng {_n(value, None)} dòng; phải từ 1 đến 1,5 dòng.", where
                    )
                elif (
                    kind != "multiple" and not 1.15 * size - 0.5 <= value <= 1.5 * 1.15 * size + 0.5
                ):
                    self.add(
                        "R20",
                        f"Giãn dòng {_n(value, None)} pt; phải tương đương 1 đến 1,5 dòng.",
                        where,
                    )
            self._check_heading(p, text, where)
        if not content:
            self.add("R32", "Không có nội dung văn bản trước khối chữ ký.", "phần 1, nội dung")
            return
        index, _, last_text = content[-1]
        if not last_text.endswith(nd30.END_MARK):
            self.add(
                "R32",
                "Nội dung văn bản phải kết thúc bằng dấu “./.”.",
                f"phần 1, đoạn {index + 1} (“{_excerpt(last_text)}”)",
            )

    def _check_heading(self, p: etree._Element, text: str, where: str) -> None:
        runs = _text_runs(p)
        if not runs:
            return
        bold = [self.styles.toggle(r, p, "b") for r in runs]
        if _SECTION_HEADING_RE.match(text):
            if not _is_upper(text) or not all(bold):
                self.add("R19", "Đề mục số La Mã phải viết in hoa, in đậm.", where)
        elif _ARTICLE_RE.match(text):
            if not bold[0]:
                self.add("R19", "“Điều …” phải in đậm.", where)
        elif _POINT_RE.match(text):
            if all(bold):
                self.add("R19", "Điểm (a, b, c…) trình bày chữ đứng, không in đậm.", where)
        elif _PART_RE.match(text) and (self.styles.alignment(p) != "center" or not all(bold)):
            self.add("R19", "“Phần”, “Chương” phải căn giữa, in đậm.", where)

    # signature (R21–R23, R25) -------------------------------------------------------------
    def check_signature(self) -> None:
        assert self.sig is not None
        first_row = self.sig.rows[0]
        if len(first_row) < 2:
            self.add(
                "R6",
                "Khối chữ ký phải có hai cột: nơi nhận bên trái, chữ ký bên phải.",
                "khối chữ ký",
            )
            return
        left_tc = first_row[0][0]
        right_tc = first_row[-1][0]
        self._check_cc(left_tc)
        self._check_signer(right_tc)
        tr_pr = self.sig.tbl.find(f"{_w('tr')}/{_w('trPr')}")
        if tr_pr is None or tr_pr.find(_w("cantSplit")) is None:
            self.add(
                "R40",
                "Nên giữ khối chữ ký không bị tách sang trang sau (w:cantSplit).",
                "khối chữ ký",
                "warning",
            )

    def _check_cc(self, tc: etree._Element) -> None:
        where = "khối chữ ký, nơi nhận"
        paragraphs = [p for p in tc.findall(_w("p")) if _para_text(p).strip()]
        if not paragraphs:
            self.add("R25", "Thiếu “Nơi nhận:”.", where)
            return
        head = paragraphs[0]
        if _nfc(_para_text(head).strip()) != nd30.NOI_NHAN:
            self.add("R25", "Dòng đầu phải là “Nơi nhận:”.", where)
        self._runs_check(
            head, where, "R25", sizes=(12,), bold=True, italic=True, what="“Nơi nhận:”"
        )
        items = paragraphs[1:]
        if items and _DRAFTER_RE.match(_para_text(items[-1]).strip()):
            self._runs_check(items[-1], where, "R26", sizes=(11,), what="Ký hiệu người đánh máy")
            items = items[:-1]
        if not items:
            self.add("R25", "Thiếu danh sách nơi nhận và dòng “- Lưu: VT, …”.", where)
            return
        texts = [_nfc(_para_text(p).strip()) for p in items]
        for n, (p, text) in enumerate(zip(items, texts, strict=True)):
            item_where = f"{where}, dòng {n + 1}"
            last = n == len(items) - 1
            if last and not _CC_LAST_RE.match(text):
                self.add(
                    "R25",
                    f"Dòng cuối nơi nhận phải là “- Lưu: VT, ….” (đang là “{_excerpt(text)}”).",
                    item_where,
                )
            elif not last and not _CC_ITEM_RE.match(text):
                self.add(
                    "R25",
                    f"Mỗi nơi nhận bắt đầu bằng “- ” và kết thúc bằng “;” (“{_excerpt(text)}”).",
                    item_where,
                )
            self._runs_check(
                p,
                item_where,
                "R25",
                sizes=(11,),
                bold=False,
                italic=False,
                what="Danh sách nơi nhận",
            )
            left, _, first = self.styles.indents_mm(p)
            if abs(left) > _TOL or abs(first) > _TOL:
                self.add("R25", "Danh sách nơi nhận phải sát lề trái của ô.", item_where)
        has_kinh_gui = any(
            _para_text(p).strip().startswith("Kính gửi") for _, p in self.main_paragraphs()
        )
        if (self.is_cong_van or has_kinh_gui) and texts[0] != "- Như trên;":
            self.add("R25", "Văn bản có “Kính gửi” thì nơi nhận đầu tiên là “- Như trên;”.", where)

    def _check_signer(self, tc: etree._Element) -> None:
        where = "khối chữ ký, chữ ký"
        paragraphs = tc.findall(_w("p"))
        texts = [_nfc(_para_text(p).strip()) for p in paragraphs]
        filled = [i for i, t in enumerate(texts) if t]
        # A draft without the signer's name: the chức vụ, the signing space, an empty name line.
        unnamed = bool(filled) and _is_upper(texts[filled[-1]]) and len(paragraphs) - filled[-1] - 1 >= 3
        if len(filled) < (1 if unnamed else 2):
            self.add("R21", "Thiếu quyền hạn, chức vụ hoặc họ tên người ký.", where)
            return
        name_at = filled[-1]
        if unnamed:
            self.add("R22", "Chưa có họ tên người ký (dòng để trống để điền).", where, "warning")
            authority = filled
        else:
            authority = [i for i in filled[:-1]]
        first = texts[authority[0]]
        if not (_SIGNING_RE.match(first) or _is_upper(first)):
            self.add(
                "R21",
                f"Quyền hạn ký phải là TM., Q., KT., TL., TUQ. hoặc chức vụ (“{_excerpt(first)}”).",
                where,
            )
        for i in authority:
            p = paragraphs[i]
            if not _is_upper(texts[i]):
                self.add(
                    "R21",
                    f"Quyền hạn, chức vụ người ký phải viết in hoa (“{_excerpt(texts[i])}”).",
                    where,
                )
            self._runs_check(
                p,
                where,
                "R21",
                sizes=(13, 14),
                bold=True,
                italic=False,
                what="Quyền hạn, chức vụ người ký",
            )
            self._center(p, "R21", where, "Quyền hạn, chức vụ người ký")
        if unnamed:
            return
        name = paragraphs[name_at]
        name_text = texts[name_at]
        self._runs_check(
            name, where, "R22", sizes=(13, 14), bold=True, italic=False, what="Họ tên người ký"
        )
        self._center(name, "R22", where, "Họ tên người ký")
        if _is_upper(name_text):
            self.add(
                "R22",
                "Họ tên người ký viết chữ thường, hoa chữ cái đầu, không in hoa toàn bộ.",
                where,
            )
        if _ACADEMIC_RE.match(name_text):
            self.add("R22", "Không ghi học hàm, học vị trước họ tên người ký.", where)
        blanks = name_at - authority[-1] - 1
        if blanks < 3:
            self.add(
                "R23", "Nên để ít nhất 3 dòng trống để ký giữa chức vụ và họ tên.", where, "warning"
            )

    # tables (R40) ---------------------------------------------------------------------------
    def check_data_tables(self) -> None:
        layout = {t.tbl for t in (self.hdr, self.sig) if t is not None}
        for index, item in enumerate(self.items):
            if item.element.tag != _w("tbl") or item.element in layout:
                continue
            where = f"phần {item.section + 1}, bảng (mục {index + 1})"
            rows = item.element.findall(_w("tr"))
            if not rows:
                continue
            header = rows[0].find(f"{_w('trPr')}/{_w('tblHeader')}")
            if header is None or not _on(header):
                self.add(
                    "R40",
                    "Dòng tiêu đề của bảng nên lặp lại ở đầu mỗi trang (w:tblHeader).",
                    where,
                    "warning",
                )
            if any(r.find(f"{_w('trPr')}/{_w('cantSplit')}") is None for r in rows[1:]):
                self.add(
                    "R40",
                    "Các dòng của bảng không nên bị ngắt sang trang sau (w:cantSplit).",
                    where,
                    "warning",
                )

    # appendices (R28) -------------------------------------------------------------------------
    def check_appendices(self) -> None:
        appendix_sections = list(range(1, len(self.sections)))
        if not appendix_sections:
            return
        main_text = " ".join(_para_text(item.element) for item in self._section_items(0))
        if "phụ lục" not in main_text.lower():
            self.add(
                "R28", "Văn bản chính phải dẫn chiếu đến phụ lục kèm theo.", "phần 1, nội dung"
            )
        labels = []
        for index in appendix_sections:
            section = self.sections[index]
            where = f"phần {index + 1} (phụ lục)"
            if section.start_type not in (
                WD_SECTION.NEW_PAGE,
                WD_SECTION.ODD_PAGE,
                WD_SECTION.EVEN_PAGE,
            ):
                self.add("R28", "Phụ lục phải bắt đầu từ trang mới.", where)
            num_type = section._sectPr.find(_w("pgNumType"))
            if num_type is None or num_type.get(_w("start")) != "1":
                self.add("R28", "Phụ lục phải đánh số trang riêng, bắt đầu từ 1.", where)
            if not section.different_first_page_header_footer:
                self.add(
                    "R28", "Nên ẩn số trang ở trang đầu của phụ lục (w:titlePg).", where, "warning"
                )
            paragraphs = [
                item.element
                for item in self._section_items(index)
                if item.element.tag == _w("p")
                and (_para_text(item.element).strip() or _is_rule_paragraph(item.element))
            ]
            if not paragraphs:
                self.add("R28", "Phụ lục không có nội dung.", where)
                continue
            label = paragraphs[0]
            label_text = _nfc(_para_text(label).strip())
            labels.append(label_text)
            if not _APPENDIX_LABEL_RE.match(label_text):
                self.add(
                    "R28",
                    f"Dòng đầu phụ lục phải là “Phụ lục” hoặc “Phụ lục I”… (đang là “{_excerpt(label_text)}”).",
                    where,
                )
            self._runs_check(
                label, where, "R28", sizes=(14,), bold=True, italic=False, what="Chữ “Phụ lục”"
            )
            self._center(label, "R28", where, "Chữ “Phụ lục”")
            titles = []
            reference = None
            for p in paragraphs[1:]:
                text = _nfc(_para_text(p).strip())
                if _is_rule_paragraph(p):
                    break
                if text.startswith("(Kèm theo"):
                    reference = (p, text)
                    break
                titles.append(p)
            if not titles:
                self.add("R28", "Thiếu tên phụ lục.", where)
            for p in titles:
                if not _is_upper(_para_text(p)):
                    self.add("R28", "Tên phụ lục phải viết in hoa.", where)
                self._runs_check(p, where, "R28", sizes=(13, 14), bold=True, what="Tên phụ lục")
            if reference is not None:
                p, text = reference
                self._runs_check(
                    p, where, "R28", sizes=(13, 14), italic=True, what="Dòng “(Kèm theo …)”"
                )
                self._center(p, "R28", where, "Dòng “(Kèm theo …)”")
                if not text.endswith(")"):
                    self.add("R28", "Dòng “(Kèm theo …)” phải đặt trong ngoặc đơn.", where)
                self._check_reference_date(text, where)
        for index in appendix_sections:
            texts = [
                _nfc(_para_text(item.element).strip())
                for item in self._section_items(index)
                if item.element.tag == _w("p") and _para_text(item.element).strip()
            ]
            if len(texts) > 1 and not texts[-1].endswith(nd30.END_MARK):
                self.add(
                    "R32",
                    "Nội dung phụ lục phải kết thúc bằng dấu “./.” (Mẫu 2.1).",
                    f"phần {index + 1} (phụ lục, cuối phụ lục)",
                )
        if len(labels) >= 2 and any(not re.match(r"^Phụ lục [IVXLC]+$", label) for label in labels):
            self.add(
                "R28",
                "Có từ hai phụ lục trở lên thì phải đánh số La Mã (Phụ lục I, Phụ lục II…).",
                "phụ lục",
            )
        for index in appendix_sections:
            if self.sections[index].different_first_page_header_footer:
                self._check_page_numbers_appendix(index)

    # P1: a page holding only its page number ----------------------------------------------
    def check_section_ends(self) -> None:
        """The paragraph that closes a section right after a table (the end of the body, or the
        section break before an appendix) must be too small to need a line of its own: when the
        table ends at the bottom of the text area, a normal empty paragraph is pushed onto a new
        page that holds nothing but the page number."""
        items = self.items
        for position, item in enumerate(items):
            closes = position == len(items) - 1 or items[position + 1].section != item.section
            if not closes or item.element.tag != _w("p") or position == 0:
                continue
            if items[position - 1].element.tag != _w("tbl") or _para_text(item.element).strip():
                continue
            rule, line = self.styles.line_spacing(item.element)
            height = line if rule == "exact" else None
            if height is None or height > _MAX_SPACER_PT:
                self.add(
                    "P1",
                    "Đoạn trống ngay sau bảng cuối phần phải cao không quá "
                    f"{_n(_MAX_SPACER_PT, 2)} pt (dãn dòng “chính xác”): nếu bảng chạm đáy trang, đoạn này "
                    "bị đẩy sang một trang chỉ có số trang.",
                    f"phần {item.section + 1}, cuối phần",
                )

    # P2: file properties --------------------------------------------------------------------
    def check_properties(self) -> None:
        from cchc.docx.oxml import COMPATIBILITY_MODE, compatibility_mode

        where = "thuộc tính tệp"
        mode = compatibility_mode(self.doc)
        if mode is None or mode < COMPATIBILITY_MODE:
            self.add(
                "P2",
                f"Word sẽ mở tệp ở chế độ tương thích (compatibilityMode {mode if mode is not None else 'không có'}); "
                f"dùng {COMPATIBILITY_MODE}.",
                where,
            )
        core = self.doc.core_properties
        if not (core.title or "").strip():
            self.add("P2", "Thiếu tiêu đề tệp (trích yếu văn bản).", where)
        author = (core.author or "").strip()
        if not author or author.casefold() in {"python-docx", "cchc"}:
            self.add("P2", f"Tác giả của tệp phải là cơ quan ban hành (đang là “{author}”).", where)
        if "python-docx" in (core.comments or "") or "python-docx" in (core.last_modified_by or ""):
            self.add("P2", "Thuộc tính tệp còn dòng “generated by python-docx” của mẫu trống.", where)
        created = core.created
        if created is None or created.year <= 2013:
            shown = created.strftime("%d/%m/%Y") if created is not None else "không có"
            self.add("P2", f"Ngày tạo tệp phải là ngày văn bản hoặc ngày soạn (đang là {shown}).", where)
        if (core.language or "") != "vi-VN":
            self.add("P2", f"Ngôn ngữ của tệp phải là vi-VN (đang là “{core.language or ''}”).", where)

    # P3: markup or template syntax printed as text --------------------------------------------
    def check_leftover_markup(self) -> None:
        for p, where in self._all_paragraphs():
            text = _para_text(p)
            found = _LEFTOVER_MARKUP.search(text)
            if found or text.strip() in ("^^", "<<"):
                shown = found.group(0) if found else text.strip()
                self.add("P3", f"Văn bản in ra ký hiệu trình bày “{shown}” thay vì định dạng (lỗi của mẫu).",
                         f"{where} (“{_excerpt(text)}”)")

    def _check_page_numbers_appendix(self, index: int) -> None:
        section = self.sections[index]
        where = f"phần {index + 1} (phụ lục, đầu trang)"
        if not any(has_field(p._p, "PAGE") for p in section.header.paragraphs):
            self.add("R28", "Phụ lục thiếu số trang ở đầu trang.", where)
        if any(has_field(p._p, "PAGE") for p in section.first_page_header.paragraphs):
            self.add("R28", "Không hiện số trang ở trang đầu của phụ lục.", where, "warning")

    def _check_reference_date(self, text: str, where: str) -> None:
        match = _DATE_IN_TEXT_RE.search(text)
        if match:
            day, month = match.group(1), match.group(2)
            if day and not re.fullmatch(r"0[1-9]|[12]\d|3[01]", day):
                self.add("R13", f"Ngày “{day}” phải viết hai chữ số (ví dụ “05”).", where)
            if month and not re.fullmatch(r"0[12]|[3-9]|1[0-2]", month):
                self.add(
                    "R13",
                    f"Tháng “{month}” sai: tháng 1, 2 viết “01”, “02”; từ tháng 3 không có số 0.",
                    where,
                )
        elif _SLASH_DATE_RE.search(text):
            self.add(
                "R28",
                "Dòng “(Kèm theo …)” phải ghi ngày đầy đủ “ngày … tháng … năm …” như Phụ lục I "
                "Nghị định 30/2020, không dùng dấu “/”.",
                where,
            )
        flat = " ".join(text.split())
        if not _REFERENCE_RE.match(flat):
            self.add(
                "R28",
                "Dòng tham chiếu phải theo mẫu “(Kèm theo <tên loại> số …/… ngày … tháng … năm … của …)” "
                f"(đang là “{_excerpt(flat, 80)}”).",
                where,
            )
