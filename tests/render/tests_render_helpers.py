"""Small readers for python-docx objects used by the render tests."""

from __future__ import annotations


def text_of(paragraph) -> str:
    return paragraph.text.strip()


def cell_paragraphs(cell) -> list:
    return list(cell.paragraphs)


def nonblank(paragraphs) -> list:
    return [p for p in paragraphs if p.text.strip()]


def main_paragraphs(document) -> list:
    """Top-level paragraphs between the header block and the signature block."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = document.element.body
    tables = [el for el in body if el.tag == qn("w:tbl")]
    header, signature = tables[0], tables[1]
    out, inside = [], False
    for el in body:
        if el is header:
            inside = True
        elif el is signature:
            break
        elif inside and el.tag == qn("w:p"):
            out.append(Paragraph(el, document._body))
    return out
