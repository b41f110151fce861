"""Word documents laid out per Nghị định 30/2020/NĐ-CP: body markup, writer and checker.

Pure library (no CLI imports). Typical use::

    from cchc.docx import DocumentSpec, parse_markup, write_docx, check_document

    spec = DocumentSpec(header=..., signature=..., body=parse_markup(rendered_text))
    write_docx(spec, "out/cong-van.docx")
    findings = check_document("out/cong-van.docx", doc_type="cong-van")
"""

from cchc.docx.check import Finding, check_document
from cchc.docx.markup import MarkupError, format_markup, parse_inline, parse_markup
from cchc.docx.metrics import text_width_mm
from cchc.docx.spec import (
    AppendixSpec,
    Block,
    CellSpec,
    Column,
    DocumentSpec,
    HeaderSpec,
    ParagraphBlock,
    Run,
    SignatureSpec,
    SpecError,
    TableBlock,
    TitleSpec,
    merged_rows,
)
from cchc.docx.writer import build_appendix_document, build_document, write_docx

__all__ = [
    "AppendixSpec",
    "Block",
    "CellSpec",
    "Column",
    "DocumentSpec",
    "Finding",
    "HeaderSpec",
    "MarkupError",
    "ParagraphBlock",
    "Run",
    "SignatureSpec",
    "SpecError",
    "TableBlock",
    "TitleSpec",
    "build_appendix_document",
    "build_document",
    "check_document",
    "format_markup",
    "merged_rows",
    "parse_inline",
    "parse_markup",
    "text_width_mm",
    "write_docx",
]
