"""check_document: silent on the writer's output, precise on deliberately broken documents."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from cchc.docx import nd30
from cchc.docx.check import _DATE_RE, Finding, check_document
from cchc.docx.oxml import RPR_ORDER, set_child
from cchc.docx.spec import AppendixSpec
from cchc.docx.writer import build_document, write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def rules(findings: list[Finding], severity: str | None = "error") -> set[str]:
    return {f.rule_id for f in findings if severity is None or f.severity == severity}


def header_cell(document, row: int, col: int):
    tbl = document.tables[0]._tbl
    return tbl.findall(f"{W}tr")[row].findall(f"{W}tc")[col]


def signature_cell(document, col: int):
    return document.tables[1]._tbl.find(f"{W}tr").findall(f"{W}tc")[col]


def paragraphs(tc) -> list:
    return tc.findall(f"{W}p")


def set_size(p, size: float) -> None:
    for r in p.iter(f"{W}r"):
        rpr = r.find(f"{W}rPr")
        for tag in ("sz", "szCs"):
            rpr.find(f"{W}{tag}").set(f"{W}val", str(int(size * 2)))


def set_text(p, text: str) -> None:
    runs = p.findall(f"{W}r")
    for r in runs[1:]:
        p.remove(r)
    runs[0].find(f"{W}t").text = text


def body_paragraph(document, startswith: str):
    for p in document.paragraphs:
        if p.text.startswith(startswith):
            return p
    raise AssertionError(startswith)


# --- clean output -------------------------------------------------------------------------


def test_cong_van_from_writer_has_no_findings(tmp_path, make_cong_van):
    path = write_docx(make_cong_van(), tmp_path / "cv.docx")
    assert check_document(path, doc_type="Công văn") == []
    assert check_document(str(path), doc_type="cong-van") == []


def test_to_trinh_from_writer_has_no_findings(make_to_trinh):
    assert check_document(build_document(make_to_trinh()), doc_type="Tờ trình") == []
    small = build_document(make_to_trinh(size_pairing="12/13/13"))
    assert check_document(small, doc_type="to-trinh") == []


def test_landscape_appendix_has_no_findings(make_cong_van):
    spec = make_cong_van()
    spec.appendices[0].landscape = True
    assert check_document(build_document(spec), doc_type="Công văn") == []


def test_quyet_dinh_from_writer_has_no_findings(make_quyet_dinh):
    assert check_document(build_document(make_quyet_dinh()), doc_type="quyet-dinh") == []


def test_legal_bases_italic_and_punctuation(make_quyet_dinh):
    spec = make_quyet_dinh()
    spec.legal_bases[0] = spec.legal_bases[0].rstrip(";")
    document = build_document(spec)
    findings = check_document(document, doc_type="Quyết định")
    assert [(f.rule_id, f.message_vi) for f in findings] == [
        ("R17", "Mỗi căn cứ kết thúc bằng dấu “;”, căn cứ cuối cùng bằng dấu “.”.")
    ]
    for p in document.paragraphs:
        if p.text.startswith("Theo đề nghị"):
            for run in p.runs:
                run.font.italic = False
    assert "Căn cứ ban hành phải in nghiêng." in {
        f.message_vi for f in check_document(document, doc_type="Quyết định")
    }


def test_article_number_must_be_bold(make_quyet_dinh):
    document = build_document(make_quyet_dinh())
    for p in document.paragraphs:
        if p.text.startswith("Điều 2."):
            p.runs[0].font.bold = False
    assert [f.rule_id for f in check_document(document, doc_type="Quyết định")] == ["R19"]


def test_unknown_doc_type_is_refused(make_cong_van):
    with pytest.raises(ValueError, match="không có trong danh mục"):
        check_document(build_document(make_cong_van()), doc_type="Thư tình")


# --- broken documents ---------------------------------------------------------------------


@pytest.fixture
def cv(cong_van_bytes):
    return docx.Document(io.BytesIO(cong_van_bytes))


@pytest.fixture
def tt(to_trinh_bytes):
    return docx.Document(io.BytesIO(to_trinh_bytes))


def test_letter_paper_is_flagged(cv):
    cv.sections[0].page_width, cv.sections[0].page_height = Mm(215.9), Mm(279.4)
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R1"}
    assert "215,9 × 279,4" in findings[0].message_vi and "A4" in findings[0].message_vi
    assert findings[0].location == "phần 1 (khổ giấy)"


def test_margin_out_of_range(cv):
    cv.sections[1].left_margin = Mm(25)
    findings = check_document(cv, doc_type="Công văn")
    assert [(f.rule_id, f.location) for f in findings] == [("R2", "phần 2 (lề trang)")]
    assert findings[0].message_vi == "Lề trái 25,0 mm, phải từ 30 đến 35 mm."


def test_landscape_without_table_is_flagged(make_cong_van):
    spec = make_cong_van()
    spec.appendices[0].landscape = True
    spec.appendices[0].blocks = []
    findings = check_document(build_document(spec), doc_type="Công văn")
    assert "R1" in rules(findings)


def test_wrong_font_and_theme_font(cv):
    date = paragraphs(header_cell(cv, 1, 1))[0]
    date.find(f"{W}r/{W}rPr/{W}rFonts").set(f"{W}hAnsi", "Arial")
    number = paragraphs(header_cell(cv, 1, 0))[0]
    fonts = number.find(f"{W}r/{W}rPr/{W}rFonts")
    fonts.set(f"{W}asciiTheme", "minorHAnsi")
    findings = check_document(cv, doc_type="Công văn")
    messages = [f.message_vi for f in findings if f.rule_id == "R3"]
    assert any("“Arial” (w:hAnsi)" in m for m in messages)
    assert any("chủ đề “minorHAnsi”" in m for m in messages)
    assert rules(findings) == {"R3"}


def test_font_resolved_through_styles(cv):
    """H-eff: without direct rFonts the run inherits docDefaults; a theme there is caught."""
    motto = paragraphs(header_cell(cv, 0, 1))[1]
    for r in motto.iter(f"{W}r"):
        rpr = r.find(f"{W}rPr")
        rpr.remove(rpr.find(f"{W}rFonts"))
    assert check_document(cv, doc_type="Công văn") == []  # docDefaults say TNR
    defaults = cv.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    defaults.set(f"{W}hAnsiTheme", "minorHAnsi")
    findings = check_document(cv, doc_type="Công văn")
    assert [f.rule_id for f in findings] == ["R3"]
    assert "Độc lập" in findings[0].location


def test_size_resolved_through_styles(cv):
    date = paragraphs(header_cell(cv, 1, 1))[0]
    for r in date.iter(f"{W}r"):
        rpr = r.find(f"{W}rPr")
        for tag in ("sz", "szCs"):
            rpr.remove(rpr.find(f"{W}{tag}"))
    assert check_document(cv, doc_type="Công văn") == []  # docDefaults: body size 14
    normal = cv.styles["Normal"].element
    rpr = normal.find(f"{W}rPr")
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        normal.append(rpr)
    set_child(rpr, "sz", RPR_ORDER, {"val": "24"})
    findings = check_document(cv, doc_type="Công văn")
    assert {"R14", "R4"} <= rules(findings)


def test_wrong_size_on_date_line(cv):
    set_size(paragraphs(header_cell(cv, 1, 1))[0], 12)
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R14", "R4"}
    r14 = next(f for f in findings if f.rule_id == "R14")
    assert r14.message_vi == "Địa danh, ngày tháng: cỡ chữ 12, phải là 13 hoặc 14."


def test_number_line_size_and_format(cv):
    number = paragraphs(header_cell(cv, 1, 0))[0]
    set_size(number, 14)
    set_text(number, "Số: 5/UBND-KSTTHC")
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R10"}
    assert len(findings) == 2


def test_abbreviation_must_match_type(tt):
    set_text(paragraphs(header_cell(tt, 1, 0))[0], "Số:        /UBND-KSTTHC")
    findings = check_document(tt, doc_type="Tờ trình")
    assert [(f.rule_id, f.message_vi) for f in findings] == [
        ("R11", "Ký hiệu phải bắt đầu bằng chữ viết tắt “TTr” của tờ trình (đang là “UBND”).")
    ]


def test_cong_van_symbol_without_type_abbreviation(cv):
    set_text(paragraphs(header_cell(cv, 1, 0))[0], "Số:        /KH-UBND")
    assert rules(check_document(cv, doc_type="Công văn")) == {"R10"}


def test_national_name_variant_hoa_is_accepted_but_typos_are_not(cv):
    national = paragraphs(header_cell(cv, 0, 1))[0]
    set_text(national, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert check_document(cv, doc_type="Công văn") == []
    set_text(national, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ")
    assert check_document(cv, doc_type="Công văn") == []
    set_text(national, "CỘNG HÒA XHCN VIỆT NAM")
    assert rules(check_document(cv, doc_type="Công văn")) == {"R7"}


def test_motto_rule_too_short(cv):
    rule = paragraphs(header_cell(cv, 0, 1))[2]
    ind = rule.find(f"{W}pPr/{W}ind")
    ind.set(f"{W}left", "1800")
    ind.set(f"{W}right", "1800")
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R8"}
    assert "phải bằng độ dài dòng chữ (60,5 mm)" in findings[0].message_vi


def test_issuer_rule_too_long_or_off_centre(cv):
    rule = paragraphs(header_cell(cv, 0, 0))[2]
    ind = rule.find(f"{W}pPr/{W}ind")
    ind.set(f"{W}left", "0")
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R9"}
    assert {f.message_vi.split(" dài")[0] for f in findings} >= {"Đường kẻ dưới tên cơ quan"}
    assert any("căn giữa" in f.message_vi for f in findings)


def test_issuer_not_bold(cv):
    for p in paragraphs(header_cell(cv, 0, 0))[:2]:
        for b in p.iter(f"{W}b"):
            b.getparent().remove(b)
    findings = check_document(cv, doc_type="Công văn")
    assert "R9" in rules(findings)


def test_date_without_leading_zero(cv):
    set_text(paragraphs(header_cell(cv, 1, 1))[0], "Đắk Lắk, ngày 5 tháng 1 năm 2021")
    assert rules(check_document(cv, doc_type="Công văn")) == {"R13"}


def test_date_not_level_with_number(cv):
    number_cell = header_cell(cv, 1, 0)
    first = paragraphs(number_cell)[0]
    extra = OxmlElement("w:p")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "SỞ NỘI VỤ"
    run.append(text)
    extra.append(run)
    first.addprevious(extra)
    findings = check_document(cv, doc_type="Công văn")
    assert "R14" in rules(findings)


def test_vv_spacing_and_missing_vv(cv, make_cong_van):
    subject = paragraphs(header_cell(cv, 1, 0))[1]
    Paragraph(subject, None).paragraph_format.space_before = 0
    assert rules(check_document(cv, doc_type="Công văn")) == {"R16"}
    spec = make_cong_van()
    spec.title = None
    document = build_document(spec)
    cell = header_cell(document, 1, 0)
    cell.remove(paragraphs(cell)[1])
    findings = check_document(document, doc_type="Công văn")
    assert [f.message_vi for f in findings] == [
        "Công văn phải có trích yếu “V/v …” dưới số, ký hiệu."
    ]


def test_header_table_with_borders(cv):
    borders = cv.tables[0]._tbl.find(f"{W}tblPr/{W}tblBorders")
    borders.find(f"{W}top").set(f"{W}val", "single")
    assert rules(check_document(cv, doc_type="Công văn")) == {"R42"}


def test_table_grid_style_on_signature(cv):
    cv.tables[1].style = cv.styles["Table Grid"]
    findings = check_document(cv, doc_type="Công văn")
    assert "R42" in rules(findings)
    assert any("Table Grid" in f.message_vi for f in findings)


def test_missing_end_mark(cv):
    last = body_paragraph(cv, "Nhận được Công văn này")
    set_text(
        last._p, "Nhận được Công văn này, Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện."
    )
    findings = check_document(cv, doc_type="Công văn")
    assert [(f.rule_id, f.message_vi) for f in findings] == [
        ("R32", "Nội dung văn bản phải kết thúc bằng dấu “./.”.")
    ]
    assert "Nhận được Công văn này" in findings[0].location


def test_body_alignment_indent_and_spacing(cv):
    p = body_paragraph(cv, "Ngày 24/6/2020")
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.first_line_indent = Mm(5)
    p.paragraph_format.space_before = 0
    findings = check_document(cv, doc_type="Công văn")
    messages = sorted(f.message_vi for f in findings)
    assert rules(findings) == {"R20"}
    assert messages == [
        "Dòng đầu đoạn phải lùi vào 1 cm hoặc 1,27 cm (đang là 0,50 cm).",
        "Khoảng cách giữa các đoạn tối thiểu 6 pt.",
        "Đoạn nội dung phải căn đều hai bên.",
    ]


def test_body_size_and_line_spacing(cv):
    p = body_paragraph(cv, "Ngày 24/6/2020")
    set_size(p._p, 12)
    p.paragraph_format.line_spacing = 2.0
    messages = {f.message_vi for f in check_document(cv, doc_type="Công văn")}
    assert messages == {
        "Nội dung: cỡ chữ 12, phải là 13 hoặc 14.",
        "Giãn dòng 2 dòng; phải từ 1 đến 1,5 dòng.",
    }


def test_roman_heading_must_be_caps_and_bold(make_to_trinh):
    from cchc.docx.markup import parse_markup

    spec = make_to_trinh()
    spec.body[1:1] = parse_markup("I. Các mô hình sáng kiến\n")
    spec.body[1].runs[0].bold = False
    findings = check_document(build_document(spec), doc_type="Tờ trình")
    assert [f.rule_id for f in findings] == ["R19"]


def test_kinh_gui_dash_misaligned(cv):
    item = body_paragraph(cv, "- Văn phòng UBND tỉnh")
    item.paragraph_format.left_indent = Mm(10)
    findings = check_document(cv, doc_type="Công văn")
    assert [f.message_vi for f in findings] == [
        "Các gạch đầu dòng sau “Kính gửi:” phải thẳng hàng."
    ]


def test_kinh_gui_punctuation(cv):
    item = body_paragraph(cv, "- Văn phòng UBND tỉnh")
    set_text(item._p, "- Văn phòng UBND tỉnh;")
    assert rules(check_document(cv, doc_type="Công văn")) == {"R24"}


def test_to_trinh_needs_kinh_gui(make_to_trinh):
    document = build_document(make_to_trinh(recipients=[]))
    findings = check_document(document, doc_type="Tờ trình")
    assert "R24" in rules(findings)


def test_title_missing_or_wrong(tt, make_to_trinh):
    title = body_paragraph(tt, "TỜ TRÌNH")
    set_size(title._p, 16)
    assert rules(check_document(tt, doc_type="Tờ trình")) == {"R15"}
    assert "R15" in rules(check_document(build_document(make_to_trinh()), doc_type="Kế hoạch"))


def test_summary_rule_ratio(tt):
    paragraphs_ = tt.paragraphs
    summary_at = next(i for i, p in enumerate(paragraphs_) if p.text.startswith("Đề xuất nội dung"))
    rule = paragraphs_[summary_at + 1]._p
    ind = rule.find(f"{W}pPr/{W}ind")
    ind.set(f"{W}left", "300")
    ind.set(f"{W}right", "300")
    findings = check_document(tt, doc_type="Tờ trình")
    assert rules(findings) == {"R15"}
    assert "phải từ 1/3 đến 1/2 dòng chữ" in findings[0].message_vi


def test_cong_van_must_not_have_type_name(make_cong_van, make_to_trinh):
    spec = make_cong_van(title=make_to_trinh().title)
    spec.title.doc_type_name = "CÔNG VĂN"
    findings = check_document(build_document(spec), doc_type="Công văn")
    assert "R34" in rules(findings)


def test_noi_nhan_sizes_and_items(cv):
    left = signature_cell(cv, 0)
    head, first, *_ = paragraphs(left)
    set_size(head, 13)
    set_text(first, "- Như trên")
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R25"}
    messages = {f.message_vi for f in findings}
    assert "“Nơi nhận:”: cỡ chữ 13, phải là 12." in messages
    assert any(m.startswith("Mỗi nơi nhận bắt đầu bằng “- ”") for m in messages)
    assert "Văn bản có “Kính gửi” thì nơi nhận đầu tiên là “- Như trên;”." in messages


def test_noi_nhan_last_line_is_luu(cv):
    last = paragraphs(signature_cell(cv, 0))[-1]
    set_text(last, "- Lưu VT.")
    assert rules(check_document(cv, doc_type="Công văn")) == {"R25"}


def test_signer_name_and_authority(cv):
    right = paragraphs(signature_cell(cv, 1))
    set_text(right[-1], "NGUYỄN TUẤN HÀ")
    for b in right[0].iter(f"{W}b"):
        b.getparent().remove(b)
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R21", "R22"}


def test_signer_academic_title_and_blank_lines(cv):
    cell = signature_cell(cv, 1)
    right = paragraphs(cell)
    set_text(right[-1], "TS. Nguyễn Tuấn Hà")
    for p in right[2:4]:
        cell.remove(p)
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"R22"}
    assert rules(findings, "warning") == {"R23"}


def test_page_number_missing_or_on_first_page(cv):
    section = cv.sections[0]
    header_p = section.header.paragraphs[0]._p
    first_p = section.first_page_header.paragraphs[0]._p
    for r in list(header_p.findall(f"{W}r")):
        first_p.append(r)  # move the PAGE field to the first-page header
    findings = check_document(cv, doc_type="Công văn")
    messages = {f.message_vi for f in findings if f.rule_id == "R5"}
    assert messages == {
        "Thiếu số trang (trường PAGE) ở đầu trang.",
        "Trang thứ nhất không được hiện số trang.",
    }


def test_page_number_without_title_page(cv):
    cv.sections[0].different_first_page_header_footer = False
    findings = check_document(cv, doc_type="Công văn")
    assert "R5" in rules(findings)


def test_page_number_size(cv):
    set_size(cv.sections[0].header.paragraphs[0]._p, 10)
    assert rules(check_document(cv, doc_type="Công văn")) == {"R5"}


def test_caps_formatting_is_flagged(cv):
    p = body_paragraph(cv, "Ngày 24/6/2020")
    p.runs[0].font.all_caps = True
    assert rules(check_document(cv, doc_type="Công văn")) == {"R43"}


def test_colour_and_highlight(cv):
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    p = body_paragraph(cv, "Ngày 24/6/2020")
    p.runs[0].font.color.rgb = RGBColor(0xFF, 0, 0)
    p.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    findings = check_document(cv, doc_type="Công văn")
    assert {f.message_vi for f in findings} == {
        "Chữ phải màu đen (đang là #FF0000).",
        "Chữ không được tô nền (highlight).",
    }


def test_appendix_numbering_and_heading(cv):
    sect_pr = cv.sections[1]._sectPr
    sect_pr.remove(sect_pr.find(f"{W}pgNumType"))
    findings = check_document(cv, doc_type="Công văn")
    assert [f.message_vi for f in findings] == ["Phụ lục phải đánh số trang riêng, bắt đầu từ 1."]


def test_appendix_label_must_be_lower_case_14(make_cong_van):
    spec = make_cong_van()
    spec.appendices[0].label = "PHỤ LỤC"
    findings = check_document(build_document(spec), doc_type="Công văn")
    assert rules(findings) == {"R28"}


def test_two_appendices_need_roman_numbers(make_cong_van):
    spec = make_cong_van()
    spec.appendices.append(
        AppendixSpec(title_lines=["DANH SÁCH"], blocks=list(spec.appendices[0].blocks))
    )
    findings = check_document(build_document(spec), doc_type="Công văn")
    assert [f.rule_id for f in findings] == ["R28"]
    spec.appendices[0].label, spec.appendices[1].label = "Phụ lục I", "Phụ lục II"
    assert check_document(build_document(spec), doc_type="Công văn") == []


def test_reference_line_with_slashes_is_an_error(make_cong_van):
    # What `assign --format docx` used to write (issue 12, item 4): ND 30 writes the date in words.
    spec = make_cong_van()
    spec.appendices[0].reference_line = (
        "(Kèm theo Công văn số      /UBND-KSTTHC ngày      /     /2021 của UBND tỉnh Đắk Lắk)"
    )
    findings = check_document(build_document(spec), doc_type="Công văn")
    assert {(f.rule_id, f.severity) for f in findings} == {("R28", "error")}
    assert any("ngày … tháng … năm" in f.message_vi for f in findings)


@pytest.mark.parametrize("line", [
    "(Kèm theo Công văn số      /UBND-KSTTHC ngày      tháng      năm 2021 của Ủy ban nhân dân tỉnh Đắk Lắk)",
    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2021 của Ủy ban nhân dân tỉnh Đắk Lắk)",
])
def test_reference_lines_in_the_nd30_form_pass(make_cong_van, line):
    spec = make_cong_van()
    spec.appendices[0].reference_line = line
    assert not [f for f in check_document(build_document(spec), doc_type="Công văn") if f.rule_id == "R28"]


def test_reference_line_without_a_date_is_an_error(make_cong_van):
    spec = make_cong_van()
    spec.appendices[0].reference_line = "(Kèm theo Công văn số /UBND-KSTTHC của UBND tỉnh Đắk Lắk)"
    assert [f.rule_id for f in check_document(build_document(spec), doc_type="Công văn")] == ["R28"]


def test_data_table_without_repeated_header(cv):
    tbl = cv.element.body.findall(f"{W}tbl")[-1]
    header = tbl.find(f"{W}tr/{W}trPr/{W}tblHeader")
    header.getparent().remove(header)
    findings = check_document(cv, doc_type="Công văn")
    assert [(f.rule_id, f.severity) for f in findings] == [("R40", "warning")]


def test_missing_signature_and_header_tables(cv):
    body = cv.element.body
    body.remove(cv.tables[1]._tbl)
    body.remove(cv.tables[0]._tbl)
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) >= {"R6"}


def test_findings_are_merged_and_printable(cv):
    for p in cv.paragraphs:
        if p.text.startswith("- "):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    findings = [f for f in check_document(cv, doc_type="Công văn") if f.rule_id == "R20"]
    assert len(findings) == 1
    assert "chỗ khác" in findings[0].location
    assert str(findings[0]).startswith("R20 (lỗi) tại phần 1, đoạn")


# --- R13 date format ----------------------------------------------------------------------


def vn_date(place: str, day: dt.date) -> str:
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def test_date_regex_accepts_every_day_of_a_leap_year_and_drafts():
    start = dt.date(2024, 1, 1)
    for offset in range(366):
        day = start + dt.timedelta(days=offset)
        assert _DATE_RE.match(vn_date("Đắk Lắk", day)), day
        assert not _DATE_RE.match(f"Đắk Lắk, ngày {day.day} tháng {day.month} năm 2024") or (
            day.day >= 10 and day.month >= 3
        )
    assert _DATE_RE.match("Đắk Lắk, ngày      tháng 7 năm 2022")
    assert _DATE_RE.match("Thành phố Hồ Chí Minh, ngày      tháng      năm 2021")
    assert not _DATE_RE.match("Đắk Lắk, ngày 05 tháng 07 năm 2021")


def test_nd30_constants_are_consistent():
    assert nd30.HEADER_LEFT_MM + nd30.HEADER_RIGHT_MM == nd30.TEXT_WIDTH_MM
    assert nd30.HEADER_DISTANCE_MM < nd30.MARGIN_TOP_MM
    assert 1 / 3 <= nd30.SHORT_RULE_RATIO <= 1 / 2
    for side, (low, high) in nd30.MARGIN_RANGES_MM.items():
        value = getattr(nd30, f"MARGIN_{side.upper()}_MM")
        assert low <= value <= high


@pytest.mark.parametrize("text", ["**Công tác chỉ đạo, điều hành CCHC**", "Lĩnh vực 1<br>Lĩnh vực 4",
                                  "Kính gửi: {{ doc.recipients }}", "^^"])
def test_markup_printed_as_text_is_flagged(cv, text):
    # P3: a template that meant bold but wrote "**" (an escaped expression) prints the stars.
    set_text(body_paragraph(cv, "Ngày")._p, text)
    findings = check_document(cv, doc_type="Công văn")
    assert rules(findings) == {"P3"}
    assert "lỗi của mẫu" in findings[0].message_vi
