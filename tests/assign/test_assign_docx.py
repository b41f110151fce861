"""The ND 30 appendix of the assignment: spec built from data, and the .docx read back."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from cchc.cli.main import app
from cchc.docx.spec import TableBlock
from cchc.io.loader import load_dataset
from cchc.services.assignments import assignment_appendix, resolve_for_year
from tests.assign.test_assign_golden import EXPECTED
from tests.conftest import DATA

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def resolution_and_ds():
    ds = load_dataset(DATA)
    return resolve_for_year(ds, 2021), ds


def test_spec_title_reference_and_one_row_per_agency(resolution_and_ds):
    resolution, ds = resolution_and_ds
    spec = assignment_appendix(resolution, ds)
    assert spec.label == "Phụ lục"
    title = " ".join(spec.title_lines)
    assert title == title.upper()
    assert title.startswith("PHÂN CÔNG CÁC CƠ QUAN CHỦ TRÌ TRIỂN KHAI, THEO DÕI, ĐÔN ĐỐC THỰC HIỆN")
    assert "QUYẾT ĐỊNH SỐ 1149/QĐ-BNV NGÀY 30/12/2020" in title
    assert len(spec.title_lines) > 1
    # Draft dispatch: number and day/month blank, year known (seed 001).
    assert spec.reference_line == ("(Kèm theo Công văn số      /UBND-KSTTHC ngày      tháng      năm 2021\n"
                                   "của Ủy ban nhân dân tỉnh Đắk Lắk)")
    # Seed 001's line breaks, from the text width (160 mm of bold 14 pt).
    assert spec.title_lines == [
        "PHÂN CÔNG CÁC CƠ QUAN CHỦ TRÌ TRIỂN KHAI, THEO DÕI,",
        "ĐÔN ĐỐC THỰC HIỆN CÁC TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN",
        "CỦA CHỈ SỐ CCHC NĂM 2021 THEO BỘ CHỈ SỐ CCHC BỘ NỘI VỤ",
        "BAN HÀNH TẠI QUYẾT ĐỊNH SỐ 1149/QĐ-BNV NGÀY 30/12/2020",
    ]
    [table] = spec.blocks
    assert isinstance(table, TableBlock)
    assert [c.header for c in table.columns] == ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"]
    # One row per agency, its items as lines (paragraphs) of one cell: no vertical merge, so a
    # page never shows items without their agency.
    assert len(table.rows) == len(EXPECTED)
    assert not any(cell.vmerge_continue for row in table.rows for cell in row)
    assert [(r[0].text, r[1].text) for r in table.rows] == [(str(i), n) for i, (_, n, _) in enumerate(EXPECTED, 1)]
    assert [row[2].text.split("\n") for row in table.rows] == [list(items) for _, _, items in EXPECTED]


def test_without_source_document_there_is_no_reference_line(resolution_and_ds):
    resolution, _ = resolution_and_ds
    assert assignment_appendix(resolution, None).reference_line is None


def _effective_size(run, paragraph) -> float | None:
    if run.font.size is not None:
        return run.font.size.pt
    return paragraph.style.font.size.pt if paragraph.style.font.size else None


def test_docx_reads_back_with_nd30_layout(runner, tmp_path):
    target = tmp_path / "phu-luc.docx"
    result = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021", "--format", "docx",
                                 "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    document = Document(str(target))
    for section in document.sections:
        assert abs(section.page_width.mm - 210) < 0.2 and abs(section.page_height.mm - 297) < 0.2
        assert 20 - 0.2 <= section.top_margin.mm <= 25 + 0.2
        assert 20 - 0.2 <= section.bottom_margin.mm <= 25 + 0.2
        assert 30 - 0.2 <= section.left_margin.mm <= 35 + 0.2
        assert 15 - 0.2 <= section.right_margin.mm <= 20 + 0.2
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    label, *rest = paragraphs
    assert label.text == "Phụ lục"
    assert all(r.bold for r in label.runs) and _effective_size(label.runs[0], label) == 14
    reference = next(p for p in rest if p.text.startswith("(Kèm theo"))
    assert all(r.italic for r in reference.runs if r.text.strip())
    assert 13 <= _effective_size(reference.runs[0], reference) <= 14
    titles = rest[:rest.index(reference)]
    assert titles and all(p.text == p.text.upper() and all(r.bold for r in p.runs) for p in titles)
    # Times New Roman on every run with text, sizes 13-14.
    for paragraph in document.paragraphs + [p for t in document.tables for c in t._cells for p in c.paragraphs]:
        for run in paragraph.runs:
            if not run.text.strip():
                continue
            fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
            names = {fonts.get(qn("w:ascii")), fonts.get(qn("w:hAnsi"))} if fonts is not None else {None}
            assert names == {"Times New Roman"} or (names == {None} and paragraph.style.font.name == "Times New Roman")
            assert 13 <= (_effective_size(run, paragraph) or 0) <= 14

    [table] = document.tables
    rows = table._tbl.findall(qn("w:tr"))
    assert len(rows) == 1 + len(EXPECTED)  # header + one row per agency
    header_flags = [tr.find(qn("w:trPr")) for tr in rows]
    assert header_flags[0].find(qn("w:tblHeader")) is not None
    assert all(flags is not None and flags.find(qn("w:cantSplit")) is not None for flags in header_flags)
    assert all(flags.find(qn("w:tblHeader")) is None for flags in header_flags[1:])
    assert not list(table._tbl.iter(qn("w:vMerge")))  # every row names its agency
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[0] == ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"]
    assert [row[1] for row in texts[1:]] == [name for _, name, _ in EXPECTED]
    lines = [[p.text for p in row.cells[2].paragraphs] for row in table.rows[1:]]
    assert lines == [list(items) for _, _, items in EXPECTED]
    assert "Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.1.10, 7.1.11, 7.4)." in lines[4]


def test_docx_by_criterion_is_refused(runner, tmp_path):
    result = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021", "--format", "docx",
                                 "--by", "criterion", "-o", str(tmp_path / "x.docx")], env=ENV)
    assert result.exit_code == 2


def test_appendix_spec_goes_into_a_dispatch(resolution_and_ds):
    from cchc.docx import DocumentSpec, HeaderSpec, SignatureSpec, build_document

    resolution, ds = resolution_and_ds
    spec = DocumentSpec(
        header=HeaderSpec(issuer_lines=["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"], number_line="Số:      /UBND-KSTTHC",
                          place_date="Đắk Lắk, ngày      tháng      năm 2021", subject_vv="V/v nâng cao Chỉ số CCHC"),
        signature=SignatureSpec(cc=["Như trên", "Lưu: VT, KSTTHC"], authority_lines=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                                signer_name="Nguyễn Tuấn Hà"),
        appendices=[assignment_appendix(resolution, ds)],
    )
    document = build_document(spec)
    assert len(document.sections) == 2
    assert any(p.text == "Phụ lục" for p in document.paragraphs)
    assert document.tables[-1].rows[0].cells[2].text == "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"


def test_docx_is_not_overwritten_without_force(runner, tmp_path):
    target = tmp_path / "phu-luc.docx"
    target.write_bytes(b"ban cua nguoi dung")
    args = ["--data", str(DATA), "assign", "--year", "2021", "--format", "docx", "-o", str(target)]
    assert runner.invoke(app, args, env=ENV).exit_code == 2
    assert target.read_bytes() == b"ban cua nguoi dung"
    assert runner.invoke(app, [*args, "--force"], env=ENV).exit_code == 0
    assert Document(str(target)).tables


def test_title_lines_never_split_a_known_word():
    from cchc.services.assignments import wrap_title

    lines = wrap_title("BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021")
    assert lines == ["BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ", "CẢI CÁCH HÀNH CHÍNH NĂM 2021"]  # not "CHỈ | SỐ"
    for line in lines:
        assert not line.endswith(("CHỈ", "CẢI", "NĂM")) and not line.startswith(("SỐ ", "CÁCH "))
