"""Small layout points of issue 12, item 8, read back from the produced files."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn


def _body_paragraphs(document, section: int):
    """Body-level paragraphs of the ``section``-th section (0-based)."""
    current, out = 0, []
    for el in document.element.body:
        if el.tag == qn("w:p"):
            if current == section:
                out.append(el)
            if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                current += 1
    return out


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def test_kinh_gui_lines_are_left_aligned_with_a_hanging_indent(rendered):
    document = rendered["cv-ubnd-2021-nang-cao-chi-so"][1]
    items = [p for p in document.paragraphs if p.text.startswith("- ") and p.paragraph_format.first_line_indent
             is not None and p.paragraph_format.first_line_indent < 0]
    assert len(items) == 2  # "- Các Sở: …;" and "- Văn phòng UBND tỉnh."
    for p in items:
        assert p.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert p.paragraph_format.left_indent > 0


def test_subject_writes_hai_long_as_the_body_does(rendered):
    document = rendered["cv-ubnd-2021-nang-cao-chi-so"][1]
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Chỉ số Hài lòng" not in text + cells
    assert "Chỉ số hài lòng về sự phục vụ" in cells  # the V/v sits in the header table


def test_every_appendix_ends_with_the_end_mark(rendered):
    seen = 0
    for doc_id, (_path, document, _record) in rendered.items():
        for index in range(1, len(document.sections)):
            texts = [_text(p).strip() for p in _body_paragraphs(document, index) if _text(p).strip()]
            assert texts[-1].endswith("./."), (doc_id, index, texts[-1])
            seen += 1
    assert seen >= 1
