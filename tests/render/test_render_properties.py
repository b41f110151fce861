"""Word opens every produced file as a current document with its real properties (issue item 6)."""

from __future__ import annotations

from datetime import datetime

import docx
from render_cases import DATA

from cchc.docx.check import check_document
from cchc.docx.oxml import compatibility_mode
from cchc.io.loader import load_dataset
from cchc.services.assignments import resolve_for_year, write_assignment_docx


def test_rendered_documents_have_real_properties(rendered):
    for doc_id, (_path, document, record) in rendered.items():
        core = document.core_properties
        assert compatibility_mode(document) == 15, doc_id
        assert core.language == "vi-VN", doc_id
        assert "python-docx" not in (core.comments or "") + (core.last_modified_by or ""), doc_id
        assert core.author and core.author != "cchc", doc_id
        assert record.subject and record.subject.strip()[:20] in core.title, doc_id
        if record.date is not None:
            assert core.created.replace(tzinfo=None) == datetime(record.date.year, record.date.month, record.date.day), doc_id
        else:
            assert core.created.year >= 2021, doc_id
        assert core.modified == core.created, doc_id


def test_kept_properties_of_thong_bao(rendered):
    core = rendered["tb-bcd-2022-10-ket-luan"][1].core_properties
    assert core.title.startswith("Thông báo Kết luận của Chủ tịch UBND tỉnh")
    assert core.author.startswith("Văn phòng Ủy ban nhân dân tỉnh")  # the issuer as the data names it


def test_assignment_appendix_properties(tmp_path):
    ds = load_dataset(DATA)
    path = write_assignment_docx(resolve_for_year(ds, 2021), ds, tmp_path / "pl.docx")
    document = docx.Document(str(path))
    assert compatibility_mode(document) == 15
    assert document.core_properties.language == "vi-VN"
    assert document.core_properties.title.startswith("PHÂN CÔNG")
    assert "Ủy ban nhân dân tỉnh Đắk Lắk" in document.core_properties.author


def test_checker_flags_default_template_properties(tmp_path):
    bare = docx.Document()  # python-docx's template: compatibilityMode 14, created 2013
    findings = [f for f in check_document(bare, doc_type="cong-van") if f.rule_id == "P2"]
    messages = " ".join(f.message_vi for f in findings)
    assert "compatibilityMode 14" in messages
    assert "vi-VN" in messages and "Ngày tạo" in messages


def test_checker_flags_a_normal_spacer_after_the_last_table(rendered, tmp_path):
    from docx.oxml.ns import qn

    path, _document, _record = rendered["tb-bcd-2022-10-ket-luan"]
    document = docx.Document(str(path))
    assert not [f for f in check_document(document, doc_type="thong-bao") if f.rule_id == "P1"]
    last = document.element.body.findall(qn("w:p"))[-1]
    spacing = last.find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    assert [f for f in check_document(document, doc_type="thong-bao") if f.rule_id == "P1"]
