"""How a document is cited: in running text, and in an appendix's reference line.

* :func:`symbol_of` — the ký hiệu after "/": the record's ``symbol``, else built from the
  type, issuer and drafting unit abbreviations ("CV-UBND-KSTTHC").
* :func:`number_text` — "Công văn số 1315/UBND-NVK"; a draft leaves the number blank for
  the clerk: "Công văn số      /UBND-NVK".
* :func:`cite` — "Công văn số 1315/UBND-NVK ngày 1/8/2022 của UBND tỉnh Đắk Lắk"; a document
  recorded without its number is cited by its date and subject: "Công văn của UBND tỉnh về việc
  tham mưu giải pháp … năm 2021".
* :func:`appendix_reference` — the line under an appendix title, ND 30/2020 Phụ lục I
  (R28, with the date written in full as R13 wants): "(Kèm theo Công văn số      /UBND-KSTTHC
  ngày      tháng      năm 2021 của Ủy ban nhân dân tỉnh Đắk Lắk)".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from cchc.errors import DataError
from cchc.models.agencies import Agency
from cchc.models.documents import Document
from cchc.textvn import date_in_words, date_numeric, date_short

if TYPE_CHECKING:  # a deadline listing cites documents, never evidence: it need not import assessments
    from cchc.models.assessments import Evidence

NUMBER_BLANK = "      "  # room for the clerk to write the number by hand


def _issuer(document: Document, agencies: Mapping[str, Agency] | None) -> Agency | None:
    if agencies is None or not document.issuer:
        return None
    return agencies.get(document.issuer)


def symbol_of(document: Document, issuer: Agency | None = None, *, required: bool = True) -> str | None:
    """The ký hiệu after "/": ``symbol``, else built from abbreviations; ``None`` (or, when
    ``required``, a :class:`DataError`) when nothing is known."""
    if document.symbol:
        return document.symbol
    parts = []
    if document.type.abbreviation:
        parts.append(document.type.abbreviation)
    if issuer is not None and issuer.abbreviation:
        parts.append(issuer.abbreviation)
    if document.drafting_unit:
        parts.append(document.drafting_unit)
    if not parts:
        if not required:
            return None
        raise DataError(f"văn bản «{document.id}» thiếu ký hiệu (symbol)",
                        hint="ghi symbol, ví dụ \"UBND-KSTTHC\", hoặc abbreviation của cơ quan ban hành")
    return "-".join(parts)


def number_written(document: Document) -> str | None:
    """The number as the document prints it: "01", "1315"; one recorded with its leading zeros
    (the new Đắk Lắk writes "012/CT-UBND", "0156/KH-UBND") exactly as recorded."""
    if document.number is None:
        return None
    return document.number if isinstance(document.number, str) else f"{document.number:02d}"


def number_text(document: Document, issuer: Agency | None = None) -> str:
    """"Công văn số 1315/UBND-NVK"; a draft leaves the number blank: "Công văn số      /UBND-NVK"."""
    symbol = symbol_of(document, issuer, required=False)
    number = f" {number_written(document)}" if document.number is not None else NUMBER_BLANK
    return f"{document.type.label} số{number}" + (f"/{symbol}" if symbol else "")


def issuer_name(document: Document, agencies: Mapping[str, Agency] | None = None, *, short: bool = False) -> str | None:
    issuer = _issuer(document, agencies)
    if issuer is not None:
        return issuer.display_name if short else issuer.name
    return document.issuer_name


def _about(subject: str | None) -> str:
    """" về việc …" from a trích yếu ("V/v …" or plain text); empty without one."""
    text = (subject or "").strip().rstrip(".")
    if not text:
        return ""
    if text.startswith("V/v "):
        text = text[4:]
    return f" về việc {text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text}"


def cite(document: Document, agencies: Mapping[str, Agency] | None = None, *, with_issuer: bool = False) -> str:
    """How running text cites ``document``, as officials write it: "Công văn số 1315/UBND-NVK
    ngày 1/8/2022" (``with_issuer``: "… của UBND tỉnh"). A document recorded without its number
    is cited by its date (or year) and its subject, never with a data note: "Công văn ngày
    17/7/2021 của UBND tỉnh về việc tham mưu giải pháp …"."""
    if document.number is None:
        text = document.type.label
        if document.date:
            text += f" ngày {date_short(document.date)}"
        name = issuer_name(document, agencies, short=True)
        if name:
            text += f" của {name}"
        about = _about(document.subject)
        year = document.effective_year
        if not document.date and year and str(year) not in about:
            text += f" năm {year}"
        return text + about
    text = number_text(document, _issuer(document, agencies))
    if document.date:
        text += f" ngày {date_short(document.date)}"
    if with_issuer:
        name = issuer_name(document, agencies, short=True)
        if name:
            text += f" của {name}"
    return text


def appendix_reference(document: Document, agencies: Mapping[str, Agency] | None = None, *,
                       year: int | None = None) -> str:
    """"(Kèm theo Công văn số      /UBND-KSTTHC ngày      tháng      năm 2021 của Ủy ban nhân dân
    tỉnh Đắk Lắk)": the date in words (a draft leaves day and month blank for the clerk, the
    year from the record or ``year``), the issuer's full name."""
    issuer = _issuer(document, agencies)
    ref = number_text(document, issuer)
    ref += " " + date_in_words(document.date, year=document.effective_year or year, month=document.month)
    name = issuer_name(document, agencies)
    if name:
        ref += f" của {name}"
    return f"(Kèm theo {ref})"


def evidence_text(evidence: Evidence) -> str:
    """"số 125/KH-STP ngày 15/01/2025 của Sở Tư pháp …" for an assessment's evidence, as far as
    known (else its document id, file or URL)."""
    parts = []
    if evidence.number:
        parts.append(f"số {evidence.number}")
    if evidence.date:
        parts.append(f"ngày {date_numeric(evidence.date)}")
    if evidence.issuer:
        parts.append(f"của {evidence.issuer}")
    text = " ".join(parts)
    if evidence.title:
        text = f"{text} {evidence.title}".strip() if text else evidence.title
    return text or evidence.document or evidence.file or evidence.url or ""
