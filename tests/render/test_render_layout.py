"""Every bundled document renders, and the .docx read back follows Nghị định 30/2020."""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from render_cases import RENDERABLE
from tests_render_helpers import cell_paragraphs, main_paragraphs, nonblank, text_of

from cchc.docx.check import check_document

DOC_IDS = [doc_id for _, doc_id, _ in RENDERABLE]
# The Bà Rịa - Vũng Tàu example has no ký hiệu in its source (seed 002), so "Số:" stays incomplete.
# Drafts whose signer is not named yet keep a clean empty line for the name (R22 warning).
EXPECTED_RULES = {"cv-nhan-rong-mo-hinh-2022": {"R10", "R22"}, "tb-bcd-2022-10-ket-luan": {"R22"},
                  "cv-ubnd-don-doc-nhiem-vu-cchc": {"R22"}, "vi-du-cv-giai-trinh-chi-so-2021": {"R22"},
                  "vi-du-bc-tu-danh-gia-chi-so-cchc-2021": {"R22"}, "vi-du-cv-de-nghi-giai-trinh-2025": {"R22"},
                  "vi-du-qd-cong-bo-chi-so-cchc-2025": {"R22"}}


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_rendered_document_passes_the_nd30_checker(rendered, doc_id):
    path, _, record = rendered[doc_id]
    findings = check_document(path, doc_type=record.type.value)
    assert {f.rule_id for f in findings} == EXPECTED_RULES.get(doc_id, set()), [str(f) for f in findings]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_page_setup_fonts_and_page_numbers(rendered, doc_id):
    _, document, _ = rendered[doc_id]
    for section in document.sections:
        portrait = section.orientation == WD_ORIENT.PORTRAIT
        width, height = (210, 297) if portrait else (297, 210)
        assert abs(section.page_width.mm - width) < 0.2 and abs(section.page_height.mm - height) < 0.2
        assert 20 - 0.2 <= section.top_margin.mm <= 25.2
        assert 20 - 0.2 <= section.bottom_margin.mm <= 25.2
        assert 30 - 0.2 <= section.left_margin.mm <= 35.2
        assert 15 - 0.2 <= section.right_margin.mm <= 20.2
        # page number: PAGE field in the header, none on the first page (titlePg)
        assert section.different_first_page_header_footer
        header_xml = section.header._element.xml
        assert "PAGE" in header_xml
        assert "PAGE" not in section.first_page_header._element.xml
    # Times New Roman on the four font slots of every text run
    for run in document.element.body.iter(qn("w:r")):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(qn(f"w:{slot}")) == "Times New Roman"


def test_header_block_of_the_cong_van(rendered):
    _, document, _ = rendered["cv-ubnd-2021-nang-cao-chi-so"]
    header = document.tables[0]
    left = nonblank(cell_paragraphs(header.cell(0, 0)))
    assert [text_of(p) for p in left] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"]
    assert all(run.bold for p in left for run in p.runs)
    number, subject = nonblank(cell_paragraphs(header.cell(1, 0)))
    assert text_of(number) == "Số:      /UBND-KSTTHC"  # a draft: number left blank
    assert {run.font.size.pt for run in number.runs} == {13}
    assert text_of(subject).startswith("V/v tham mưu giải pháp nâng cao kết quả Chỉ số CCHC")
    assert all(12 <= run.font.size.pt <= 13 and not run.bold for run in subject.runs)
    assert subject.paragraph_format.space_before.pt >= 6
    (place_date,) = nonblank(cell_paragraphs(header.cell(1, 1)))
    assert text_of(place_date) == "Đắk Lắk, ngày      tháng      năm 2021"
    assert all(run.italic for run in place_date.runs)
    right = [text_of(p) for p in nonblank(cell_paragraphs(header.cell(0, 1)))]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def test_kinh_gui_list_and_body_paragraphs(rendered):
    _, document, _ = rendered["cv-ubnd-2021-nang-cao-chi-so"]
    paragraphs = main_paragraphs(document)
    texts = [p.text for p in paragraphs]
    start = texts.index("Kính gửi:")
    assert texts[start + 1].startswith("- Các Sở: Nội vụ, Tư pháp") and texts[start + 1].endswith(";")
    assert texts[start + 2] == "- Văn phòng UBND tỉnh."
    dashes = [paragraphs[start + 1], paragraphs[start + 2]]
    assert dashes[0].paragraph_format.left_indent == dashes[1].paragraph_format.left_indent
    body = [p for p in paragraphs[start + 3:] if p.text.strip()]
    assert body[0].text.startswith("Ngày 24/6/2020, Bộ Nội vụ")
    for paragraph in body:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert abs(paragraph.paragraph_format.first_line_indent.mm - 12.7) < 0.2
        assert paragraph.paragraph_format.space_before.pt >= 6
        assert {run.font.size.pt for run in paragraph.runs} == {14}
    assert body[-1].text.endswith("./.")
    bold = [run.text for p in body for run in p.runs if run.bold]
    assert bold == ["trước ngày 17/7/2021", "trước ngày 30/7/2021"]


def test_signature_and_noi_nhan(rendered):
    _, document, _ = rendered["cv-ubnd-2021-nang-cao-chi-so"]
    signature = next(t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    left = nonblank(cell_paragraphs(signature.cell(0, 0)))
    assert text_of(left[0]) == "Nơi nhận:"
    assert all(r.bold and r.italic and r.font.size.pt == 12 for r in left[0].runs)
    items = [text_of(p) for p in left[1:]]
    assert items[0] == "- Như trên;" and items[-1] == "- Lưu: VT, KSTTHC (D 4)."
    assert all(r.font.size.pt == 11 for p in left[1:] for r in p.runs)
    right = cell_paragraphs(signature.cell(0, 1))
    filled = nonblank(right)
    assert [text_of(p) for p in filled] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Tuấn Hà"]
    assert all(r.bold for p in filled for r in p.runs)
    assert len(right) - len(filled) >= 3  # room to sign


def test_unnamed_signer_leaves_a_clean_blank_line(rendered):
    _, document, _ = rendered["tb-bcd-2022-10-ket-luan"]
    signature = next(t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    paragraphs = cell_paragraphs(signature.cell(0, 1))
    filled = [text_of(p) for p in nonblank(paragraphs)]
    assert filled == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]  # no "……" where the name goes
    assert all(not text_of(p).strip() for p in paragraphs[-4:])  # signing space and the name's line


def test_appendix_is_its_own_section_with_repeated_header_and_one_row_per_agency(rendered):
    _, document, _ = rendered["cv-ubnd-2021-nang-cao-chi-so"]
    assert len(document.sections) == 2
    appendix = document.sections[1]
    assert appendix.start_type == WD_SECTION.NEW_PAGE
    page_start = appendix._sectPr.find(qn("w:pgNumType"))
    assert page_start is not None and page_start.get(qn("w:start")) == "1"
    table = document.tables[-1]
    first_row = table.rows[0]._tr
    assert first_row.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"]
    # Every row names its agency (a merged agency cell shows its text only on its first page).
    assert not list(table._tbl.iter(qn("w:vMerge")))
    assert all(row.cells[1].text.strip() for row in table.rows[1:])
    assert max(len(row.cells[2].paragraphs) for row in table.rows[1:]) >= 3
    labels = [p.text for p in document.paragraphs if p.text.startswith("Phụ lục")]
    assert labels == ["Phụ lục"]
    reference = next(p for p in document.paragraphs if p.text.startswith("(Kèm theo"))
    # The same line as `cchc assign --format docx` (one rule: cchc.domain.citation): the issuer's
    # full name as seed 001 writes it, broken before "của" when too long for the page.
    assert reference.text == ("(Kèm theo Công văn số      /UBND-KSTTHC ngày      tháng      năm 2021\n"
                              "của Ủy ban nhân dân tỉnh Đắk Lắk)")
    assert all(run.italic for run in reference.runs)


def test_thong_bao_has_type_name_and_summary_and_no_kinh_gui(rendered):
    _, document, _ = rendered["tb-bcd-2022-10-ket-luan"]
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "THÔNG BÁO"
    assert texts[1].startswith("Kết luận của Chủ tịch UBND tỉnh")
    assert not any(t.startswith("Kính gửi") for t in texts)
    header_left = [text_of(p) for p in nonblank(cell_paragraphs(document.tables[0].cell(0, 0)))]
    assert header_left == ["UBND TỈNH ĐẮK LẮK", "VĂN PHÒNG"]
    number = text_of(nonblank(cell_paragraphs(document.tables[0].cell(1, 0)))[0])
    assert number == "Số:      /TB-VPUBND"
    assert "Đến ngày 15/9/2022, Hệ thống cổng dịch vụ công tỉnh cung cấp 1.674 thủ tục" in "\n".join(texts)
    assert "912.304 hồ sơ" in "\n".join(texts) and "95,89%" in "\n".join(texts)
    sections = [t for t in texts if t[:2] in ("I.", "II", "II")]
    assert sections[0] == "I. KẾT QUẢ ĐẠT ĐƯỢC"


def test_advisory_body_signs_with_both_titles(rendered):
    _, document, _ = rendered["tgv-2022-de-xuat-nhiem-vu"]
    paragraphs = nonblank(cell_paragraphs(document.tables[0].cell(0, 0)))
    # The parent body with the province's name (ND 30, PL I §II.2: "UBND TỈNH ĐẮK LẮK").
    assert [text_of(p) for p in paragraphs] == ["BAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH ĐẮK LẮK", "TỔ GIÚP VIỆC"]
    # R9: the parent body (tên cơ quan chủ quản) is regular, the issuing body bold.
    assert not any(run.bold for run in paragraphs[0].runs if run.text.strip())
    assert all(run.bold for run in paragraphs[1].runs if run.text.strip())
    signature = next(t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    filled = [text_of(p) for p in nonblank(cell_paragraphs(signature.cell(0, 1)))]
    assert filled == ["TỔ TRƯỞNG", "PHÓ GIÁM ĐỐC SỞ NỘI VỤ", "Hoàng Mạnh Hùng"]
    texts = [p.text for p in document.paragraphs]
    assert "Kính gửi: Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo CCHC tỉnh." in texts
    reasons = [t for t in texts if t.startswith("Lý do:")]
    assert len(reasons) == 4
    assert reasons[1].startswith("Lý do: Tổ chức Hội thảo, tọa đàm khoa học")
