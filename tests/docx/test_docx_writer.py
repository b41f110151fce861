"""Write documents like the seed dispatches, open them again and measure them (ND 30/2020)."""

from __future__ import annotations

import re

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH

from cchc.docx import nd30
from cchc.docx.metrics import text_width_mm
from cchc.docx.spec import (
    AppendixSpec,
    CellSpec,
    Column,
    ParagraphBlock,
    Run,
    SpecError,
    TableBlock,
)
from cchc.docx.writer import build_appendix_document, build_document, write_docx

TOL = 0.2  # mm


def near(value: float, expected: float, tol: float = TOL) -> bool:
    return abs(value - expected) <= tol


@pytest.fixture(scope="module")
def cv(tmp_path_factory, make_cong_van, rb):
    return rb.write_and_open(make_cong_van(), tmp_path_factory.mktemp("cv") / "cong_van.docx")


@pytest.fixture(scope="module")
def tt(tmp_path_factory, make_to_trinh, rb):
    return rb.write_and_open(make_to_trinh(), tmp_path_factory.mktemp("tt") / "to_trinh.docx")


def body_paragraphs(document, rb):
    """Top-level paragraphs of section 1 between the header and the signature tables."""
    body = document.element.body
    header, signature = document.tables[0]._tbl, document.tables[1]._tbl
    out, inside = [], False
    for el in body:
        if el is header:
            inside = True
        elif el is signature:
            break
        elif inside and el.tag == rb.w("p"):
            out.append(el)
    return out


# --- page ---------------------------------------------------------------------------------


def test_every_section_is_a4_with_nd30_margins(cv, tt):
    for document in (cv, tt):
        for section in document.sections:
            assert section.orientation == WD_ORIENT.PORTRAIT
            assert near(section.page_width.mm, 210) and near(section.page_height.mm, 297)
            assert near(section.top_margin.mm, 20) and near(section.bottom_margin.mm, 20)
            assert near(section.left_margin.mm, 30) and near(section.right_margin.mm, 15)
            assert section.header_distance < section.top_margin


def test_times_new_roman_on_all_four_slots_everywhere(cv, rb):
    styles = cv.styles.element
    defaults = styles.find(
        f"{rb.w('docDefaults')}/{rb.w('rPrDefault')}/{rb.w('rPr')}/{rb.w('rFonts')}"
    )
    assert {defaults.get(rb.w(s)) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    for fonts in styles.iter(rb.w("rFonts")):
        assert not [a for a in fonts.attrib if a.lower().endswith("theme")], (
            "theme font left in styles"
        )
    parts = [cv.element.body]
    for section in cv.sections:
        parts += [section.header._element, section.first_page_header._element]
    count = 0
    for part in parts:
        for r in part.iter(rb.w("r")):
            props = rb.run_props(r)
            assert props["fonts"] == dict.fromkeys(
                ("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman"
            )
            assert props["theme"] == []
            assert props["size"] == props["size_cs"]
            count += 1
    assert count > 60


# --- header block -------------------------------------------------------------------------


def test_header_table_is_borderless_two_columns_fixed(cv, rb):
    tbl = cv.tables[0]._tbl
    tbl_pr = tbl.find(rb.w("tblPr"))
    assert tbl_pr.find(rb.w("tblStyle")) is None
    borders = tbl_pr.find(rb.w("tblBorders"))
    assert [b.get(rb.w("val")) for b in borders] == ["nil"] * 6
    assert tbl_pr.find(rb.w("tblLayout")).get(rb.w("type")) == "fixed"
    grid = [rb.twips_mm(c.get(rb.w("w"))) for c in tbl.find(rb.w("tblGrid"))]
    assert near(grid[0], 65) and near(grid[1], 100)
    assert near(sum(grid), nd30.TEXT_WIDTH_MM)
    assert len(tbl.findall(rb.w("tr"))) == 2


def test_header_left_cell(cv, rb):
    tbl = cv.tables[0]._tbl
    paragraphs = rb.cell_paragraphs(tbl, 0, 0)
    texts = [rb.para_text(p) for p in paragraphs]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"]
    for p in paragraphs[:2]:
        fmt = rb.para_format(p)
        assert fmt["size"] == 13 and fmt["bold"] and not fmt["any_italic"]
        assert docx.text.paragraph.Paragraph(p, None).alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = paragraphs[2]
    assert rb.is_rule(rule)
    available = 65 - 2 * nd30.LAYOUT_CELL_MARGIN_MM
    length = rb.rule_length_mm(rule, available)
    text = max(text_width_mm(t, 13, bold=True) for t in texts[:2])
    assert 1 / 3 <= length / text <= 1 / 2
    ind = rule.find(f"{rb.w('pPr')}/{rb.w('ind')}")
    assert ind.get(rb.w("left")) == ind.get(rb.w("right"))  # centred


def test_header_with_parent_agency_regular_then_issuer_bold(tt, rb):
    paragraphs = rb.cell_paragraphs(tt.tables[0]._tbl, 0, 0)
    parent, issuer1, issuer2 = (rb.para_format(p) for p in paragraphs[:3])
    assert parent["text"] == "UBND TỈNH ĐẮK LẮK" and not parent["any_bold"] and parent["size"] == 13
    assert issuer1["bold"] and issuer2["bold"] and issuer2["text"] == "HÀNH CHÍNH TỈNH"
    assert rb.is_rule(paragraphs[3])


def test_header_right_cell_national_name_motto_and_rule(cv, rb):
    paragraphs = rb.cell_paragraphs(cv.tables[0]._tbl, 0, 1)
    national, motto, rule = paragraphs[:3]
    fmt = rb.para_format(national)
    assert fmt["text"] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert fmt["size"] == 13 and fmt["bold"] and not fmt["any_italic"]
    fmt = rb.para_format(motto)
    assert fmt["text"] == "Độc lập - Tự do - Hạnh phúc"
    assert fmt["size"] == 14 and fmt["bold"]
    for p in (national, motto):
        paragraph = docx.text.paragraph.Paragraph(p, None)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraph.paragraph_format.line_spacing == 1.0
        assert paragraph.paragraph_format.space_after.pt == 0
    available = 100 - 2 * nd30.LAYOUT_CELL_MARGIN_MM
    length = rb.rule_length_mm(rule, available)
    assert near(length, text_width_mm(nd30.MOTTO, 14, bold=True), 0.1)
    assert near(length, 60.5, 0.1)  # the note's measured width of the motto at bold 14


def test_number_vv_and_date_share_the_second_row(cv, rb):
    tbl = cv.tables[0]._tbl
    number, subject = rb.cell_paragraphs(tbl, 1, 0)[:2]
    (date,) = rb.cell_paragraphs(tbl, 1, 1)
    fmt = rb.para_format(number)
    assert fmt["text"] == "Số:        /UBND-KSTTHC"
    assert fmt["size"] == 13 and not fmt["any_bold"] and not fmt["any_italic"]
    fmt = rb.para_format(subject)
    assert fmt["text"].startswith("V/v tham mưu") and fmt["text"].count("\n") == 3
    assert fmt["size"] in (12, 13) and not fmt["any_bold"]
    subject_par = docx.text.paragraph.Paragraph(subject, None)
    assert subject_par.paragraph_format.space_before.pt >= 6
    assert subject_par.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fmt = rb.para_format(date)
    assert fmt["text"] == "Đắk Lắk, ngày      tháng 7 năm 2021"
    assert fmt["italic"] and not fmt["any_bold"] and fmt["size"] == 14
    number_par = docx.text.paragraph.Paragraph(number, None)
    date_par = docx.text.paragraph.Paragraph(date, None)
    assert number_par.paragraph_format.space_before == date_par.paragraph_format.space_before


def test_size_pairing_12_13_13(tmp_path, make_to_trinh, rb):
    document = rb.write_and_open(make_to_trinh(size_pairing="12/13/13"), tmp_path / "small.docx")
    tbl = document.tables[0]._tbl
    national, motto = rb.cell_paragraphs(tbl, 0, 1)[:2]
    (date,) = rb.cell_paragraphs(tbl, 1, 1)
    assert [rb.para_format(p)["size"] for p in (national, motto, date)] == [12, 13, 13]
    assert rb.para_format(rb.cell_paragraphs(tbl, 1, 0)[0])["size"] == 13  # Số stays 13


# --- title, Kính gửi, body ----------------------------------------------------------------


def test_title_and_summary_with_short_rule(tt, rb):
    paragraphs = body_paragraphs(tt, rb)
    title, summary, rule = paragraphs[:3]
    fmt = rb.para_format(title)
    assert fmt["text"] == "TỜ TRÌNH" and fmt["bold"] and fmt["size"] == 14
    fmt = rb.para_format(summary)
    assert fmt["bold"] and fmt["size"] == 14 and not fmt["text"].isupper()
    for p in (title, summary):
        assert docx.text.paragraph.Paragraph(p, None).alignment == WD_ALIGN_PARAGRAPH.CENTER
    length = rb.rule_length_mm(rule, nd30.TEXT_WIDTH_MM)
    ratio = length / text_width_mm(fmt["text"], 14, bold=True)
    assert 1 / 3 <= ratio <= 1 / 2


def test_single_recipient_on_the_kinh_gui_line(tt, rb):
    texts = [rb.para_text(p) for p in body_paragraphs(tt, rb)]
    line = next(t for t in texts if t.startswith("Kính gửi"))
    assert line == "Kính gửi: Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo CCHC tỉnh."


def test_several_recipients_dashes_aligned_under_the_colon(cv, rb):
    paragraphs = body_paragraphs(cv, rb)
    at = next(i for i, p in enumerate(paragraphs) if rb.para_text(p).startswith("Kính gửi"))
    label = docx.text.paragraph.Paragraph(paragraphs[at], None)
    assert label.text == "Kính gửi:"
    fmt = rb.para_format(paragraphs[at])
    assert fmt["size"] == 14 and not fmt["any_bold"] and not fmt["any_italic"]
    items = [docx.text.paragraph.Paragraph(p, None) for p in paragraphs[at + 1 : at + 3]]
    assert items[0].text.endswith("Kế hoạch và Đầu tư;") and items[0].text.startswith("- Các Sở:")
    assert items[1].text == "- Văn phòng UBND tỉnh."
    expected = label.paragraph_format.left_indent.mm + text_width_mm("Kính gửi: ", 14)
    for item in items:
        fmt = item.paragraph_format
        assert near(fmt.left_indent.mm + fmt.first_line_indent.mm, expected)


def test_body_paragraphs_justified_indented_spaced(cv, rb):
    paragraphs = body_paragraphs(cv, rb)
    start = next(
        i for i, p in enumerate(paragraphs) if rb.para_text(p).startswith("Ngày 24/6/2020")
    )
    content = paragraphs[start:]
    assert len(content) == 8
    for p in content:
        paragraph = docx.text.paragraph.Paragraph(p, None)
        fmt = paragraph.paragraph_format
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert near(fmt.first_line_indent.mm, 12.7)
        assert fmt.space_before.pt >= 6
        assert 1.0 <= fmt.line_spacing <= 1.5
        assert rb.para_format(p)["size"] == 14
    headings = [rb.para_format(p) for p in content if rb.para_text(p)[:2] in ("1.", "2.")]
    assert len(headings) == 2 and all(h["bold"] for h in headings)
    deadline = [
        rb.run_props(r) for r in rb.text_runs(content[3]) if "trước ngày" in rb.para_text(r)
    ]
    assert deadline and deadline[0]["bold"]
    last = docx.text.paragraph.Paragraph(content[-1], None)
    assert last.text.endswith("./.")
    assert last.paragraph_format.keep_with_next


# --- signature ----------------------------------------------------------------------------


def test_signature_block(cv, rb):
    tbl = cv.tables[1]._tbl
    borders = tbl.find(f"{rb.w('tblPr')}/{rb.w('tblBorders')}")
    assert [b.get(rb.w("val")) for b in borders] == ["nil"] * 6
    rows = tbl.findall(rb.w("tr"))
    assert len(rows) == 1
    assert rows[0].find(f"{rb.w('trPr')}/{rb.w('cantSplit')}") is not None
    left = rb.cell_paragraphs(tbl, 0, 0)
    head = rb.para_format(left[0])
    assert head["text"] == "Nơi nhận:" and head["size"] == 12 and head["bold"] and head["italic"]
    items = [rb.para_format(p) for p in left[1:]]
    assert [i["text"] for i in items][0] == "- Như trên;"
    assert items[-1]["text"] == "- Lưu: VT, KSTTHC (D 4)."
    assert all(i["text"].endswith(";") for i in items[:-1])
    assert all(i["size"] == 11 and not i["any_bold"] and not i["any_italic"] for i in items)
    right = rb.cell_paragraphs(tbl, 0, 1)
    texts = [rb.para_text(p) for p in right]
    assert texts == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "", "Nguyễn Tuấn Hà"]
    for p in (right[0], right[1], right[-1]):
        fmt = rb.para_format(p)
        assert fmt["bold"] and fmt["size"] == 14 and not fmt["any_italic"]
        assert docx.text.paragraph.Paragraph(p, None).alignment == WD_ALIGN_PARAGRAPH.CENTER


# --- page numbers, sections, appendix -----------------------------------------------------


def _instr(header) -> str:
    return " ".join(
        t.text or ""
        for t in header._element.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"
        )
    )


def test_page_number_field_in_header_hidden_on_page_one(cv, rb):
    section = cv.sections[0]
    assert section.different_first_page_header_footer
    assert not section.header.is_linked_to_previous
    assert re.search(r"\bPAGE\b", _instr(section.header))
    (paragraph,) = section.header.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    sizes = {rb.run_props(r)["size"] for r in paragraph._p.iter(rb.w("r"))}
    assert sizes == {14}
    assert not section.first_page_header.is_linked_to_previous
    assert _instr(section.first_page_header) == ""
    assert all(not p.text for p in section.first_page_header.paragraphs)
    num = section._sectPr.find(rb.w("pgNumType"))
    assert num.get(rb.w("start")) == "1"


def test_appendix_section_new_page_numbered_from_one(cv, rb):
    assert len(cv.sections) == 2
    section = cv.sections[1]
    assert section.start_type == WD_SECTION.NEW_PAGE
    assert section._sectPr.find(rb.w("pgNumType")).get(rb.w("start")) == "1"
    assert section.different_first_page_header_footer
    assert section.header.is_linked_to_previous  # inherits the PAGE header
    assert re.search(r"\bPAGE\b", _instr(section.header))
    assert _instr(section.first_page_header) == ""


def _appendix_items(document, rb):
    body = list(document.element.body)
    breaks = [
        i for i, el in enumerate(body) if el.find(f"{rb.w('pPr')}/{rb.w('sectPr')}") is not None
    ]
    return body[breaks[0] + 1 :]


def test_appendix_heading(cv, rb):
    items = [el for el in _appendix_items(cv, rb) if el.tag == rb.w("p")]
    label, *rest = items
    fmt = rb.para_format(label)
    assert fmt["text"] == "Phụ lục" and fmt["bold"] and fmt["size"] == 14
    titles = [rb.para_format(p) for p in rest[:3]]
    assert all(t["bold"] and t["text"].isupper() and t["size"] == 14 for t in titles)
    reference = rb.para_format(rest[3])
    assert reference["text"].startswith("(Kèm theo Công văn số") and reference["italic"]
    assert rb.is_rule(rest[4])
    for p in items[:4]:
        assert docx.text.paragraph.Paragraph(p, None).alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_appendix_table_header_rows_merges_and_widths(cv, rb):
    (tbl,) = [el for el in _appendix_items(cv, rb) if el.tag == rb.w("tbl")]
    tbl_pr = tbl.find(rb.w("tblPr"))
    assert tbl_pr.find(rb.w("tblLayout")).get(rb.w("type")) == "fixed"
    assert {b.get(rb.w("val")) for b in tbl_pr.find(rb.w("tblBorders"))} == {"single"}
    grid = [rb.twips_mm(c.get(rb.w("w"))) for c in tbl.find(rb.w("tblGrid"))]
    assert [round(g, 1) for g in grid] == [15.0, 50.0, 100.0]
    rows = tbl.findall(rb.w("tr"))
    assert len(rows) == 1 + 16
    for index, row in enumerate(rows):
        tr_pr = row.find(rb.w("trPr"))
        assert tr_pr.find(rb.w("cantSplit")) is not None
        assert (tr_pr.find(rb.w("tblHeader")) is not None) == (index == 0)
        for tc, width in zip(row.findall(rb.w("tc")), grid, strict=True):
            assert near(rb.twips_mm(tc.find(f"{rb.w('tcPr')}/{rb.w('tcW')}").get(rb.w("w"))), width)
    header = [
        rb.para_format(p) for tc in rows[0].findall(rb.w("tc")) for p in tc.findall(rb.w("p"))
    ]
    assert [h["text"] for h in header] == [
        "STT",
        "Tên cơ quan",
        "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
    ]
    assert all(h["bold"] and h["size"] == 13 for h in header)

    def spans(col: int) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for row in rows[1:]:
            tc = row.findall(rb.w("tc"))[col]
            merge = tc.find(f"{rb.w('tcPr')}/{rb.w('vMerge')}")
            if merge is not None and merge.get(rb.w("val")) != "restart":
                assert rb.para_text(tc) == ""
                out[-1] = (out[-1][0], out[-1][1] + 1)
            else:
                out.append((rb.para_text(tc), 1))
                if merge is not None:
                    valign = tc.find(f"{rb.w('tcPr')}/{rb.w('vAlign')}")
                    assert valign.get(rb.w("val")) == "center"
        return out

    assert spans(0) == [("1", 3), ("2", 1), ("3", 4), ("4", 2), ("5", 1), ("6", 1), ("7", 4)]
    assert [name for name, _ in spans(1)][:3] == ["Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh"]
    assert all(n == 1 for _, n in spans(2))
    # A merge starting cell is "restart", single cells carry no vMerge at all.
    first_col = [
        row.findall(rb.w("tc"))[0].find(f"{rb.w('tcPr')}/{rb.w('vMerge')}") for row in rows[1:]
    ]
    assert first_col[0].get(rb.w("val")) == "restart" and first_col[3] is None


def test_landscape_appendix(tmp_path, make_cong_van, rb):
    spec = make_cong_van()
    spec.appendices[0].landscape = True
    spec.appendices[0].blocks[0].columns[2].width_mm = None
    document = rb.write_and_open(spec, tmp_path / "landscape.docx")
    first, appendix = document.sections
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert near(appendix.page_width.mm, 297) and near(appendix.page_height.mm, 210)
    assert near(appendix.left_margin.mm, 30) and near(appendix.right_margin.mm, 15)
    tbl = document.element.body.findall(rb.w("tbl"))[-1]
    grid = [rb.twips_mm(c.get(rb.w("w"))) for c in tbl.find(rb.w("tblGrid"))]
    assert near(sum(grid), nd30.LANDSCAPE_TEXT_WIDTH_MM, 0.5)


def test_two_header_rows_and_horizontal_span(tmp_path, make_to_trinh, rb):
    table = TableBlock(
        columns=[Column("STT", 12, "center"), Column("Tiêu chí", 80), Column("Điểm", 30, "center")],
        rows=[
            [CellSpec(vmerge_continue=True), CellSpec("(2)"), CellSpec("(3)")],
            [CellSpec("Lĩnh vực 1", span=3, bold=True)],
            [CellSpec("1"), CellSpec("Tiêu chí 1.1"), CellSpec("2,5")],
        ],
        header_rows=2,
    )
    spec = make_to_trinh(appendices=[AppendixSpec(title_lines=["BẢNG ĐIỂM"], blocks=[table])])
    document = rb.write_and_open(spec, tmp_path / "spans.docx")
    tbl = document.element.body.findall(rb.w("tbl"))[-1]
    rows = tbl.findall(rb.w("tr"))
    flags = [r.find(f"{rb.w('trPr')}/{rb.w('tblHeader')}") is not None for r in rows]
    assert flags == [True, True, False, False]
    merges = [r.findall(rb.w("tc"))[0].find(f"{rb.w('tcPr')}/{rb.w('vMerge')}") for r in rows[:2]]
    assert merges[0].get(rb.w("val")) == "restart" and merges[1].get(rb.w("val")) is None
    (group,) = rows[2].findall(rb.w("tc"))
    assert group.find(f"{rb.w('tcPr')}/{rb.w('gridSpan')}").get(rb.w("val")) == "3"
    assert rb.para_format(group.find(rb.w("p")))["bold"]


def test_appendix_alone_is_its_own_numbered_section(tmp_path, make_cong_van, rb):
    appendix = make_cong_van().appendices[0]
    appendix.landscape = True
    path = tmp_path / "appendix.docx"
    build_appendix_document(appendix, size_pairing="12/13/13").save(str(path))
    document = docx.Document(str(path))
    (section,) = document.sections
    assert section.orientation == WD_ORIENT.LANDSCAPE and near(section.page_width.mm, 297)
    assert section._sectPr.find(rb.w("pgNumType")).get(rb.w("start")) == "1"
    assert section.different_first_page_header_footer
    assert re.search(r"\bPAGE\b", _instr(section.header))
    assert {rb.run_props(r)["size"] for r in section.header.paragraphs[0]._p.iter(rb.w("r"))} == {
        13
    }
    assert document.paragraphs[0].text == "Phụ lục"
    assert rb.para_format(document.paragraphs[0]._p)["size"] == 14  # "Phụ lục" is always 14
    assert len(document.tables) == 1
    with pytest.raises(SpecError, match="Cặp cỡ chữ"):
        build_appendix_document(appendix, size_pairing="14/15/15")
    _assert_schema_order(document.element, rb)


# --- XML validity -------------------------------------------------------------------------

ORDERS = {
    "pPr": "PPR_ORDER",
    "rPr": "RPR_ORDER",
    "tblPr": "TBLPR_ORDER",
    "trPr": "TRPR_ORDER",
    "tcPr": "TCPR_ORDER",
    "sectPr": "SECTPR_ORDER",
}


def _assert_schema_order(root, rb):
    from cchc.docx import oxml

    checked = 0
    for local, name in ORDERS.items():
        order = getattr(oxml, name)
        for el in root.iter(rb.w(local)):
            if local == "rPr" and el.getparent().tag == rb.w("pPr"):
                pass  # paragraph mark properties follow the same order
            names = [c.tag.split("}")[1] for c in el if isinstance(c.tag, str)]
            positions = [order.index(n) for n in names]
            assert positions == sorted(positions), f"{local}: {names}"
            checked += 1
    assert checked > 0


def test_children_in_schema_order_in_every_part(cv, rb):
    _assert_schema_order(cv.element, rb)
    _assert_schema_order(cv.styles.element, rb)
    for section in cv.sections:
        _assert_schema_order(section.header._element, rb)
    body = cv.element.body
    assert body[-1].tag == rb.w("sectPr")
    assert body[-2].tag == rb.w("p")  # the body never ends with a table
    for tc in body.iter(rb.w("tc")):
        assert tc[-1].tag == rb.w("p"), "a cell must end with a paragraph"
        assert tc[0].tag == rb.w("tcPr")


def test_write_docx_returns_path_and_builds_same_document(tmp_path, make_cong_van):
    path = write_docx(make_cong_van(), tmp_path / "x.docx")
    assert path.exists() and path.stat().st_size > 10_000
    assert len(build_document(make_cong_van()).sections) == 2


# --- spec errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: setattr(s, "size_pairing", "12/14/14"), "Cặp cỡ chữ"),
        (lambda s: setattr(s.header, "issuer_lines", []), "tên cơ quan"),
        (lambda s: setattr(s.header, "subject_vv", None), "V/v"),
        (lambda s: setattr(s.header, "number_line", "05/UBND-VP"), "Số:"),
        (lambda s: s.body.append(ParagraphBlock([Run("a\x01b")])), "ký tự điều khiển"),
        (
            lambda s: s.appendices[0].blocks[0].columns.__setitem__(2, Column("X", 150)),
            "vượt quá bề rộng",
        ),
        (
            lambda s: (
                s.appendices[0].blocks[0].rows.__setitem__(0, [CellSpec(vmerge_continue=True)] * 3)
            ),
            "gộp dọc",
        ),
        (
            lambda s: s.appendices[0].blocks[0].rows.__setitem__(0, [CellSpec("1"), CellSpec("2")]),
            "có 2 cột nhưng bảng có 3 cột",
        ),
    ],
)
def test_spec_errors_are_vietnamese(make_cong_van, change, message):
    spec = make_cong_van()
    change(spec)
    with pytest.raises(SpecError, match=message):
        build_document(spec)


def test_core_properties_take_a_trich_yeu_longer_than_word_allows() -> None:
    """Fuzz case: a 5,000-character subject crashed the writer (core properties hold 255)."""
    from cchc.docx.writer import MAX_PROPERTY_CHARS, _property_text

    long = "Rất dài " * 700
    shortened = _property_text(long)
    assert len(shortened) == MAX_PROPERTY_CHARS and shortened.endswith("…")
    assert _property_text("  ngắn\n gọn ") == "ngắn gọn"


# --- the fast paragraph path ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["Chữ thường", " đầu cách", "cuối cách ", "a\tb", "dòng\nmới", "x\r\ny", "\t"])
def test_runs_are_written_as_python_docx_writes_them(text):
    """The writer builds runs without python-docx's Run.text (slow on big documents): the XML is
    the same, tabs, line breaks and edge spaces included."""
    from docx.oxml import OxmlElement

    from cchc.docx.writer import _set_run_text

    def shape(element):
        return [(e.tag, dict(e.attrib), e.text) for e in element.iter()]

    reference = docx.Document().add_paragraph().add_run(text)._r
    fast = OxmlElement("w:r")
    _set_run_text(fast, text)
    assert shape(fast) == shape(reference)


def test_many_paragraphs_keep_their_order_before_the_section_properties(make_cong_van, tmp_path, rb):
    spec = make_cong_van()
    spec.body = [ParagraphBlock(runs=[Run(f"Đoạn {i}", bold=i % 2 == 0)]) for i in range(300)]
    document = rb.write_and_open(spec, tmp_path / "dai.docx")
    texts = [p.text for p in document.paragraphs if p.text.startswith("Đoạn ")]
    assert texts == [f"Đoạn {i}" for i in range(300)]
    body = document.element.body
    assert body[-1].tag == rb.w("sectPr") and len(body.findall(rb.w("sectPr"))) == 1
    bold = [bool(p.runs[0].bold) for p in document.paragraphs if p.text.startswith("Đoạn ")]
    assert bold == [i % 2 == 0 for i in range(300)]


def test_headings_and_lead_ins_keep_with_what_they_introduce(make_cong_van, rb, tmp_path):
    # A heading alone at the bottom of a page (seen on the self-assessment report's page 1).
    from cchc.docx.markup import parse_markup

    body = parse_markup("I. KẾT QUẢ\n\nCăn cứ bộ tiêu chí, kết quả như sau:\n\n- Lĩnh vực 1.\n\n"
                        "## Nội dung khác\n\nĐoạn cuối./.")
    document = rb.write_and_open(make_cong_van(body=body), tmp_path / "giu-dong.docx")
    kept = {p.text: p.paragraph_format.keep_with_next for p in document.paragraphs if p.text.strip()}
    assert kept["I. KẾT QUẢ"] and kept["Căn cứ bộ tiêu chí, kết quả như sau:"] and kept["Nội dung khác"]
    assert not kept["- Lĩnh vực 1."]  # an ordinary paragraph may end a page


def test_prepared_document_saves_the_built_document_byte_for_byte(make_cong_van):
    """prepare_document (body paragraphs written into the file as text, what `cchc render` and
    `cchc deadlines --remind` save) gives every part exactly as build_document's tree does:
    headings kept with the next paragraph, a line break (written by python-docx), paragraphs
    around a table, and an appendix whose last paragraph receives the end mark."""
    import io
    import zipfile
    from datetime import datetime

    from cchc.docx.markup import parse_markup
    from cchc.docx.spec import PropertiesSpec
    from cchc.docx.writer import prepare_document

    body = parse_markup(
        "## 1. Sở Nội vụ:\n\n- Báo cáo quý (Quý III/2021), theo Công văn số 12/UBND: hạn 15/7/2021.\n\n"
        "- Nhiệm vụ có *nghiêng* và **đậm** & <ký tự>:\n\n- dòng một\\\ndòng hai\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n## 2. Sở Tư pháp:\n\n- Nhiệm vụ cuối: hạn 01/8/2021."
    )
    appendix = AppendixSpec(title_lines=["DANH MỤC"], blocks=parse_markup("Đoạn một.\n\nĐoạn hai.\n\nĐoạn ba."))
    spec = make_cong_van(body=body, appendices=[appendix],
                         properties=PropertiesSpec(title="V/v x", created=datetime(2021, 7, 20)))
    built, prepared = io.BytesIO(), io.BytesIO()
    build_document(spec).save(built)
    document = prepare_document(spec)
    assert document._spliced, "nothing was left as text: the test would compare a tree with itself"
    document.save(prepared)
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(prepared) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
        assert b"<!--cchc-" not in b.read("word/document.xml")
