"""Raw WordprocessingML helpers for what python-docx 1.2 has no API for.

Every helper inserts children in the order the OOXML schema (ECMA-376, transitional) requires,
so Word opens the output without offering to "repair" it. Lengths are given in millimetres or
points and stored in twentieths of a point (twips) or the unit the element needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from cchc.docx.nd30 import FONT_NAME

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20

# Schema order of the children of the elements we touch (w: prefix implied).
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath",
)  # fmt: skip
TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
)  # fmt: skip
TRPR_ORDER = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
    "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
)  # fmt: skip
TCPR_ORDER = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange",
)  # fmt: skip
SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
    "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
    "sectPrChange",
)  # fmt: skip
BORDER_ORDER = ("top", "left", "bottom", "right", "insideH", "insideV")
PBDR_ORDER = ("top", "left", "bottom", "right", "between", "bar")
MAR_ORDER = ("top", "left", "bottom", "right")
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_FONT_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def twips_to_mm(twips: float) -> float:
    return twips / TWIPS_PER_MM


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def set_child(
    parent: etree._Element, tag: str, order: Sequence[str], attrs: dict[str, str] | None = None
) -> etree._Element:
    """Get or create ``w:<tag>`` under ``parent`` at its schema position; set ``attrs`` on it.

    ``order`` is the schema sequence of the parent's children (local names). Attribute names
    are local names in the w: namespace.
    """
    child = parent.find(qn(f"w:{tag}"))
    if child is None:
        child = OxmlElement(f"w:{tag}")
        successors = {qn(f"w:{name}") for name in order[order.index(tag) + 1 :]}
        for index, existing in enumerate(parent):
            if existing.tag in successors:
                parent.insert(index, child)
                break
        else:
            parent.append(child)
    for name, value in (attrs or {}).items():
        child.set(qn(f"w:{name}"), value)
    return child


def remove_child(parent: etree._Element, tag: str) -> None:
    for child in parent.findall(qn(f"w:{tag}")):
        parent.remove(child)


def get_or_add(
    parent: etree._Element, tag: str, order: Sequence[str] | None = None
) -> etree._Element:
    """``w:<tag>`` under ``parent``; appended (or inserted by ``order``) if missing."""
    if order is not None:
        return set_child(parent, tag, order)
    child = parent.find(qn(f"w:{tag}"))
    if child is None:
        child = OxmlElement(f"w:{tag}")
        parent.append(child)
    return child


# --- runs and fonts --------------------------------------------------------------------


def set_fonts(rpr: etree._Element, name: str = FONT_NAME) -> None:
    """Set all four font slots of ``w:rPr`` to ``name`` and drop theme fonts and the hint."""
    fonts = set_child(rpr, "rFonts", RPR_ORDER)
    for attr in (*THEME_FONT_ATTRS, "hint"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(f"w:{slot}"), name)


def set_run_format(
    rpr: etree._Element,
    *,
    size_pt: float | None = None,
    bold: bool = False,
    italic: bool = False,
    font: str = FONT_NAME,
) -> None:
    """Write fonts (4 slots), bold/italic (and their complex-script twins) and size on rPr."""
    set_fonts(rpr, font)
    for tag, on in (("b", bold), ("bCs", bold), ("i", italic), ("iCs", italic)):
        if on:
            set_child(rpr, tag, RPR_ORDER)
        else:
            remove_child(rpr, tag)
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        set_child(rpr, "sz", RPR_ORDER, {"val": half_points})
        set_child(rpr, "szCs", RPR_ORDER, {"val": half_points})


def paragraph_ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    return ppr


def set_paragraph_mark_format(p: etree._Element, *, size_pt: float) -> None:
    """Format the paragraph mark (its height matters for empty paragraphs)."""
    ppr = paragraph_ppr(p)
    rpr = set_child(ppr, "rPr", PPR_ORDER)
    set_run_format(rpr, size_pt=size_pt)


def normalize_styles(document: DocxDocument, *, body_size_pt: float, lang: str = "vi-VN") -> None:
    """Make Times New Roman the only font of the document.

    docDefaults get TNR on all four slots, the body size, single spacing with no space after,
    widow control and the Vietnamese language; every style loses its theme font attributes
    and gets explicit TNR names where it had an rFonts element.
    """
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = OxmlElement("w:docDefaults")
        styles.insert(0, doc_defaults)
    rpr_default = get_or_add(doc_defaults, "rPrDefault", ("rPrDefault", "pPrDefault"))
    rpr = get_or_add(rpr_default, "rPr")
    set_fonts(rpr)
    half_points = str(round(body_size_pt * 2))
    set_child(rpr, "sz", RPR_ORDER, {"val": half_points})
    set_child(rpr, "szCs", RPR_ORDER, {"val": half_points})
    lang_el = set_child(rpr, "lang", RPR_ORDER, {"val": lang, "eastAsia": lang})
    lang_el.attrib.pop(qn("w:bidi"), None)
    ppr_default = get_or_add(doc_defaults, "pPrDefault", ("rPrDefault", "pPrDefault"))
    ppr = get_or_add(ppr_default, "pPr")
    set_child(ppr, "widowControl", PPR_ORDER)
    spacing = set_child(ppr, "spacing", PPR_ORDER)
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    for name, value in (("before", "0"), ("after", "0"), ("line", "240"), ("lineRule", "auto")):
        spacing.set(qn(f"w:{name}"), value)
    for fonts in styles.iter(qn("w:rFonts")):
        had_theme = any(fonts.get(qn(f"w:{attr}")) is not None for attr in THEME_FONT_ATTRS)
        for attr in (*THEME_FONT_ATTRS, "hint"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        if had_theme or fonts.get(qn("w:ascii")) is not None:
            for slot in FONT_SLOTS:
                fonts.set(qn(f"w:{slot}"), FONT_NAME)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), lang)
        theme_lang.attrib.pop(qn("w:eastAsia"), None)


COMPATIBILITY_MODE = 15  # Word 2013 and later: no "Compatibility Mode" banner
_WORD_URI = "http://schemas.microsoft.com/office/word"


def compatibility_mode(document: DocxDocument) -> int | None:
    """The ``compatibilityMode`` compat setting of the document (None when absent)."""
    compat = document.settings.element.find(qn("w:compat"))
    if compat is None:
        return None
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            value = setting.get(qn("w:val"))
            return int(value) if value and value.isdigit() else None
    return None


def set_compatibility_mode(document: DocxDocument, mode: int = COMPATIBILITY_MODE) -> None:
    """Declare the Word version the layout targets (``w:compat/w:compatSetting``)."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        # w:compat comes after the proofing/doc-var settings and before w:rsids in CT_Settings.
        rsids = settings.find(qn("w:rsids"))
        if rsids is not None:
            rsids.addprevious(compat)
        else:
            settings.append(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            return
    setting = OxmlElement("w:compatSetting")
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), _WORD_URI)
    setting.set(qn("w:val"), str(mode))
    compat.insert(0, setting)


# --- paragraphs ------------------------------------------------------------------------


def set_bottom_border_rule(
    p: etree._Element,
    *,
    indent_left_mm: float,
    indent_right_mm: float,
    height_pt: float,
    weight_eighths: int,
) -> None:
    """Turn an empty paragraph into a horizontal rule line.

    The line is the paragraph's bottom border; its length is the available width minus both
    indents. The paragraph has an exact height of ``height_pt`` and no spacing.
    """
    ppr = paragraph_ppr(p)
    pbdr = set_child(ppr, "pBdr", PPR_ORDER)
    set_child(
        pbdr,
        "bottom",
        PBDR_ORDER,
        {"val": "single", "sz": str(weight_eighths), "space": "0", "color": "000000"},
    )
    set_child(
        ppr,
        "spacing",
        PPR_ORDER,
        {"before": "0", "after": "0", "line": str(pt_to_twips(height_pt)), "lineRule": "exact"},
    )
    set_child(
        ppr,
        "ind",
        PPR_ORDER,
        {"left": str(mm_to_twips(indent_left_mm)), "right": str(mm_to_twips(indent_right_mm))},
    )
    set_child(ppr, "jc", PPR_ORDER, {"val": "center"})
    rpr = set_child(ppr, "rPr", PPR_ORDER)
    set_run_format(rpr, size_pt=max(1.0, height_pt - 1))


def add_field(
    paragraph_el: etree._Element, instruction: str, placeholder: str, rpr: etree._Element
) -> None:
    """Append a complex field (``fldChar begin`` … ``end``) to a paragraph.

    ``rpr`` is copied into every run of the field so the result has the intended format.
    """

    def run(*children: etree._Element) -> None:
        r = OxmlElement("w:r")
        r.append(_clone(rpr))
        for child in children:
            r.append(child)
        paragraph_el.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run(separate)
    text = OxmlElement("w:t")
    text.text = placeholder
    run(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


def _clone(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


# --- sections --------------------------------------------------------------------------


def set_page_number_start(sect_pr: etree._Element, start: int = 1) -> None:
    """``w:pgNumType w:start`` (decimal numbering restarting at ``start``)."""
    set_child(sect_pr, "pgNumType", SECTPR_ORDER, {"start": str(start), "fmt": "decimal"})


def table_properties(tbl: etree._Element) -> etree._Element:
    tbl_pr = tbl.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        tbl.insert(0, tbl_pr)
    return tbl_pr


def set_table_borders(tbl: etree._Element, *, visible: bool, size_eighths: int = 4) -> None:
    """All six table borders single (``visible``) or ``nil``."""
    borders = set_child(table_properties(tbl), "tblBorders", TBLPR_ORDER)
    for side in BORDER_ORDER:
        attrs = (
            {"val": "single", "sz": str(size_eighths), "space": "0", "color": "000000"}
            if visible
            else {"val": "nil"}
        )
        el = set_child(borders, side, BORDER_ORDER)
        el.attrib.clear()
        for name, value in attrs.items():
            el.set(qn(f"w:{name}"), value)


def set_table_geometry(
    tbl: etree._Element,
    widths_mm: Sequence[float],
    *,
    cell_margin_mm: float,
    align_center: bool = False,
) -> None:
    """Fixed layout: ``tblW``, ``tblLayout fixed``, ``tblInd 0``, cell margins and grid."""
    tbl_pr = table_properties(tbl)
    remove_child(tbl_pr, "tblStyle")
    total = sum(mm_to_twips(w) for w in widths_mm)
    set_child(tbl_pr, "tblW", TBLPR_ORDER, {"w": str(total), "type": "dxa"})
    if align_center:
        set_child(tbl_pr, "jc", TBLPR_ORDER, {"val": "center"})
    else:
        remove_child(tbl_pr, "jc")
        set_child(tbl_pr, "tblInd", TBLPR_ORDER, {"w": "0", "type": "dxa"})
    set_child(tbl_pr, "tblLayout", TBLPR_ORDER, {"type": "fixed"})
    margins = set_child(tbl_pr, "tblCellMar", TBLPR_ORDER)
    margin = str(mm_to_twips(cell_margin_mm))
    for side in MAR_ORDER:
        value = margin if side in ("left", "right") else "0"
        set_child(margins, side, MAR_ORDER, {"w": value, "type": "dxa"})
    grid = tbl.find(qn("w:tblGrid"))
    if grid is None:
        grid = OxmlElement("w:tblGrid")
        tbl_pr.addnext(grid)
    for child in list(grid):
        grid.remove(child)
    for width in widths_mm:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(mm_to_twips(width)))
        grid.append(col)


def row_properties(tr: etree._Element) -> etree._Element:
    """The ``w:trPr`` of a row, created after ``w:tblPrEx`` (if any) and before the cells."""
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = OxmlElement("w:trPr")
        ex = tr.find(qn("w:tblPrEx"))
        if ex is not None:
            ex.addnext(tr_pr)
        else:
            tr.insert(0, tr_pr)
    return tr_pr


def set_row_flags(
    tr: etree._Element, *, repeat_header: bool = False, cant_split: bool = True
) -> None:
    """``w:cantSplit`` and ``w:tblHeader`` on a row."""
    tr_pr = row_properties(tr)
    if cant_split:
        set_child(tr_pr, "cantSplit", TRPR_ORDER)
    if repeat_header:
        set_child(tr_pr, "tblHeader", TRPR_ORDER)


def cell_properties(tc: etree._Element) -> etree._Element:
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        tc_pr = OxmlElement("w:tcPr")
        tc.insert(0, tc_pr)
    return tc_pr


def set_cell(
    tc: etree._Element,
    *,
    width_mm: float,
    span: int = 1,
    vmerge: str | None = None,
    valign: str | None = None,
) -> None:
    """Cell width, grid span, vertical merge (``"restart"``/``"continue"``) and alignment."""
    tc_pr = cell_properties(tc)
    set_child(tc_pr, "tcW", TCPR_ORDER, {"w": str(mm_to_twips(width_mm)), "type": "dxa"})
    if span > 1:
        set_child(tc_pr, "gridSpan", TCPR_ORDER, {"val": str(span)})
    if vmerge == "restart":
        set_child(tc_pr, "vMerge", TCPR_ORDER, {"val": "restart"})
    elif vmerge == "continue":
        merge = set_child(tc_pr, "vMerge", TCPR_ORDER)
        merge.attrib.pop(qn("w:val"), None)
    if valign is not None:
        set_child(tc_pr, "vAlign", TCPR_ORDER, {"val": valign})


def new_row(tbl: etree._Element) -> etree._Element:
    tr = OxmlElement("w:tr")
    tbl.append(tr)
    return tr


def new_cell(tr: etree._Element) -> etree._Element:
    """Append ``<w:tc><w:tcPr/><w:p/></w:tc>`` to a row."""
    tc = OxmlElement("w:tc")
    tc.append(OxmlElement("w:tcPr"))
    tc.append(OxmlElement("w:p"))
    tr.append(tc)
    return tc


# --- reading ---------------------------------------------------------------------------


def has_field(el: etree._Element, name: str = "PAGE") -> bool:
    """H-field: a ``w:fldSimple`` or ``w:instrText`` whose instruction names ``name``."""
    import re

    pattern = re.compile(rf"(^|\s){re.escape(name)}(\s|$|\\)")
    for simple in el.iter(qn("w:fldSimple")):
        if pattern.search((simple.get(qn("w:instr")) or "").strip()):
            return True
    return any(pattern.search((instr.text or "").strip()) for instr in el.iter(qn("w:instrText")))


