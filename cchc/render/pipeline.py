"""From a document record to a laid-out .docx (and PDF).

:func:`render_document` builds the :class:`~cchc.docx.spec.DocumentSpec`: the header block
(tên cơ quan, "Số:", địa danh and date, V/v or tên loại + trích yếu), Kính gửi, the body from
the Jinja template through :func:`~cchc.docx.markup.parse_markup`, the signature block with
Nơi nhận, and the appendices. :func:`write_document` writes it atomically, :func:`to_pdf`
converts with LibreOffice.

Layout decisions taken here (the writer owns the rest):

* Tên cơ quan: ``header_lines`` (bold) under ``header_parent_lines`` (regular) when the record
  gives them, e.g. an advisory body; otherwise the parent
  agency in capitals (regular; "ỦY BAN NHÂN DÂN" shortened to "UBND" when the name does not
  fit on one line, as ND 30 allows) and the issuer in capitals, bold, broken into lines at a
  natural place ("ỦY BAN NHÂN DÂN" / "TỈNH ĐẮK LẮK"). A part of the issuer's name that repeats
  the parent ("Văn phòng Ủy ban nhân dân tỉnh" under "UBND TỈNH ĐẮK LẮK") is dropped.
* "Số:      /UBND-KSTTHC" for a draft (number left blank), "Số: 05/UBND-KSTTHC" otherwise. Without
  a ``symbol`` the ký hiệu is built from the abbreviations (tên loại, issuer, drafting unit).
* Signature: quyền hạn (``authority``), chức vụ (``title``) and, for an advisory body, the
  chức vụ in the parent agency (``agency_title``, R39), all in capitals; the name, or a clean
  empty line to write it on when the record has none (the checker reports it as a warning).
* Nơi nhận: "Như trên" first when the document has Kính gửi, the ``cc`` items, then
  "Lưu: VT, …" (``archive``, default "VT" + drafting unit).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cchc.docx import nd30
from cchc.docx.markup import MarkupError, parse_markup
from cchc.docx.metrics import text_width_mm
from cchc.docx.spec import (
    AppendixSpec,
    Block,
    CellSpec,
    Column,
    DocumentSpec,
    HeaderSpec,
    PropertiesSpec,
    SignatureSpec,
    TableBlock,
    TitleSpec,
)
from cchc.docx.writer import prepare_document
from cchc.domain.citation import NUMBER_BLANK, appendix_reference, number_written, symbol_of
from cchc.domain.deadlines import document_start
from cchc.domain.provinces import province_at
from cchc.domain.suggest import did_you_mean
from cchc.errors import DataError, UsageError
from cchc.io.atomic import WriteError, display_path, write_output
from cchc.io.loader import Dataset
from cchc.models.agencies import Agency
from cchc.models.documents import ELEMENT_LABELS, Appendix, AppendixKind, DocType, Document, Element
from cchc.render.context import build_context, task_views
from cchc.render.environment import (
    compile_string,
    load_template,
    make_environment,
    render_template,
)
from cchc.services.deadlines import ReminderPlan
from cchc.textvn import date_line, date_short, join_names, roman, upper_vi

SIGNER_NAME_BLANK = ""  # an unnamed signer: a clean empty line to write the name on
_HEADER_TEXT_MM = nd30.HEADER_LEFT_MM - 2 * nd30.LAYOUT_CELL_MARGIN_MM - 2.0
_TITLE_TEXT_MM = 150.0
_BREAK_BEFORE = ("ỦY BAN", "UBND", "TỈNH", "HUYỆN", "THÀNH PHỐ", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN",
                 "SỞ", "BAN", "TỔ", "HỘI ĐỒNG", "CẢI CÁCH")


# --------------------------------------------------------------------------- text helpers


def _width(text: str, size: float, bold: bool) -> float:
    return text_width_mm(text, size, bold=bold)


def wrap_lines(text: str, width_mm: float, *, size: float, bold: bool = True,
               prefer: tuple[str, ...] = _BREAK_BEFORE) -> list[str]:
    """Break ``text`` into as few lines as fit ``width_mm``; with two lines, break before a
    preferred word ("ỦY BAN NHÂN DÂN" / "TỈNH ĐẮK LẮK") when that fits, else balance them."""
    words = text.split()
    if not words or _width(text, size, bold) <= width_mm:
        return [" ".join(words)] if words else []
    two = []
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if _width(first, size, bold) <= width_mm and _width(second, size, bold) <= width_mm:
            preferred = any(second.startswith(p + " ") or second == p for p in prefer)
            two.append((not preferred, max(_width(first, size, bold), _width(second, size, bold)),
                        [first, second]))
    if two:
        return min(two)[2]
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and _width(candidate, size, bold) > width_mm:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _strip_parent(issuer_name: str, parent_name: str) -> str:
    """Drop the end of the issuer's name that repeats the start of the parent's name."""
    issuer_words, parent_words = issuer_name.split(), parent_name.split()
    for start in range(1, len(issuer_words)):
        tail = [w.casefold() for w in issuer_words[start:]]
        if len(tail) >= 2 and [w.casefold() for w in parent_words[: len(tail)]] == tail:
            return " ".join(issuer_words[:start])
    return issuer_name


def _parent_line(parent: Agency, size: float) -> str:
    text = upper_vi(parent.name)
    if _width(text, size, False) > _HEADER_TEXT_MM:
        text = text.replace("ỦY BAN NHÂN DÂN", "UBND").replace("HỘI ĐỒNG NHÂN DÂN", "HĐND")
    return text


def number_line(document: Document, issuer: Agency | None) -> str:
    symbol = symbol_of(document, issuer)  # required: a document always shows its ký hiệu
    if document.number is None:
        return f"Số:{NUMBER_BLANK}/{symbol}"
    return f"Số: {number_written(document)}/{symbol}"


# --------------------------------------------------------------------------- spec parts


def _header(ds: Dataset, document: Document, issuer: Agency | None, today: date, agency_size: float) -> HeaderSpec:
    parent = ds.agencies.get(issuer.parent) if issuer is not None and issuer.parent else None
    if document.header_lines:
        issuer_lines = [upper_vi(line) for line in document.header_lines]
        parent_name = "\n".join(upper_vi(line) for line in document.header_parent_lines) or None
    else:
        name = issuer.name if issuer is not None else (document.issuer_name or "")
        parent_name = _parent_line(parent, agency_size) if parent is not None else None
        if parent is not None:
            name = _strip_parent(name, parent.name)
        issuer_lines = wrap_lines(upper_vi(name), _HEADER_TEXT_MM, size=agency_size)
    here = province_at(ds, document_start(document) or today)
    place = document.place or (issuer.place if issuer is not None else None) or (here.name if here else "")
    if not place:
        raise DataError(f"văn bản «{document.id}» thiếu địa danh", hint="ghi place, ví dụ \"Đắk Lắk\"")
    year = document.effective_year or today.year
    place_date = date_line(place, document.date, year=year, month=document.month)
    subject_vv = None
    if document.type is DocType.CONG_VAN:
        if not document.subject:
            raise DataError(f"công văn «{document.id}» thiếu trích yếu (subject)",
                            hint="ghi subject, ví dụ \"đôn đốc thực hiện nhiệm vụ CCHC\"")
        subject = document.subject.strip()
        subject_vv = subject if subject.startswith("V/v") else "V/v " + subject
    return HeaderSpec(issuer_lines=issuer_lines, number_line=number_line(document, issuer),
                      place_date=place_date, parent_name=parent_name, subject_vv=subject_vv)


def _title(document: Document, size: float) -> TitleSpec | None:
    if document.type is DocType.CONG_VAN:
        return None
    summary = _capitalize(document.subject.strip()) if document.subject else ""
    lines = wrap_lines(summary, _TITLE_TEXT_MM, size=size, prefer=()) if summary else []
    return TitleSpec(doc_type_name=upper_vi(document.type.label), summary_lines=lines)


def _signature(ds: Dataset, document: Document, issuer: Agency | None, has_recipients: bool) -> SignatureSpec:
    signer = document.signer
    if signer is not None:
        lines = [signer.authority, signer.title, signer.agency_title]
        name = signer.name
    else:
        lines = [issuer.head_title if issuer is not None and issuer.head_title else "Thủ trưởng cơ quan"]
        name = None
    authority = [upper_vi(line.strip()) for line in lines if line and line.strip()]
    cc = [item.strip() for item in document.cc if item.strip()]
    if has_recipients and (not cc or cc[0].rstrip(";.").strip() != "Như trên"):
        cc.insert(0, "Như trên")
    archive = document.archive or ("VT, " + document.drafting_unit if document.drafting_unit else "VT")
    archive = archive.strip()
    if archive.startswith("Lưu:"):
        archive = archive[4:].strip()
    cc.append(f"Lưu: {archive}")
    return SignatureSpec(cc=cc, authority_lines=authority, signer_name=(name or SIGNER_NAME_BLANK).strip())


def _parse(text: str, template_name: str) -> list[Block]:
    try:
        return parse_markup(text)
    except MarkupError as exc:
        lines = text.split("\n")
        shown = lines[exc.line - 1].strip() if 0 < exc.line <= len(lines) else ""
        raise DataError(
            f"mẫu {template_name}: văn bản sinh ra sai cú pháp trình bày ở dòng {exc.line} của kết quả: {exc.detail}",
            hint=f"dòng đó là: «{shown[:120]}»; xem cú pháp ở templates/README.md") from None


def _task_table(ds: Dataset, document: Document, today: date) -> TableBlock:
    views = task_views(ds, list(document.tasks), today, where=f"văn bản «{document.id}»: ")
    columns = [Column("STT", 12, "center"), Column("Nhiệm vụ", None, "left"),
               Column("Cơ quan chủ trì", 40, "left"), Column("Cơ quan phối hợp", 35, "left"),
               Column("Thời hạn", 24, "center")]
    rows = []
    for number, view in enumerate(views, start=1):
        rows.append([CellSpec(str(number)), CellSpec(view.title), CellSpec(join_names(view.lead_names)),
                     CellSpec(join_names(view.coordinator_names)),
                     CellSpec(view.due_label or (date_short(view.due) if view.due else ""))])
    return TableBlock(columns=columns, rows=rows, font_size_pt=12)


def _appendices(ds: Dataset, document: Document, env, context: dict[str, Any], today: date) -> list[AppendixSpec]:
    specs: list[AppendixSpec] = []
    many = len(document.appendices) > 1
    for number, appendix in enumerate(document.appendices, start=1):
        label = f"Phụ lục {roman(number)}" if many else "Phụ lục"
        specs.append(_appendix(ds, document, appendix, label, env, context, today))
    return specs


def _appendix(ds: Dataset, document: Document, appendix: Appendix, label: str, env,
              context: dict[str, Any], today: date) -> AppendixSpec:
    from cchc.render.context import resolution_for
    from cchc.services.assignments import assignment_appendix, wrap_reference_line, wrap_title

    reference = wrap_reference_line(appendix_reference(document, ds.agencies, year=today.year))
    title_lines = wrap_title(upper_vi(appendix.title))
    if appendix.kind is AppendixKind.ASSIGNMENT:
        resolution = resolution_for(ds, appendix.assignment or "", document.id)
        spec = assignment_appendix(resolution, ds, document, label=label)
        spec.landscape = appendix.landscape
        spec.reference_line = reference
        return spec
    if appendix.kind is AppendixKind.TASKS:
        blocks: list[Block] = [_task_table(ds, document, today)]
    else:
        name = f"phụ lục «{appendix.title}» của văn bản «{document.id}»"
        text = render_template(compile_string(env, appendix.body or "", name=name), context, name=name)
        blocks = _parse(text, name)
    return AppendixSpec(title_lines=title_lines, blocks=blocks, label=label, reference_line=reference,
                        landscape=appendix.landscape)


# --------------------------------------------------------------------------- entry points


def find_document(ds: Dataset, doc_id: str) -> Document:
    document = ds.documents.get(doc_id)
    if document is None:
        raise UsageError(f"văn bản «{doc_id}» không có trong dữ liệu",
                         hint=did_you_mean(doc_id, ds.documents, "xem danh sách: cchc render --list"))
    return document


def render_body(ds: Dataset, document: Document, *, today: date, extra: dict[str, Any] | None = None,
                env=None, reminders: ReminderPlan | None = None) -> tuple[str, Any, dict[str, Any]]:
    """(markup text, environment, context) of the document's body (``reminders``: the plan of
    its ``data.reminder`` when the caller has computed it, see :func:`build_context`)."""
    if not document.renderable:
        raise UsageError(f"văn bản «{document.id}» không có mẫu (template) hay nội dung (body) để soạn",
                         hint="đây là văn bản đã ban hành được trích dẫn; chọn văn bản khác (cchc render --list)")
    env = env or make_environment(ds.root, agencies=ds.agencies)
    context = build_context(ds, document, today=today, extra=extra, reminders=reminders)
    if document.template:
        template = load_template(env, document.template, where=f"văn bản «{document.id}»")
        name = template.filename or document.template
    else:
        name = f"nội dung (body) của văn bản «{document.id}»"
        template = compile_string(env, document.body or "", name=name)
    return render_template(template, context, name=name), env, context


def render_spec(ds: Dataset, document: Document, *, today: date,
                extra: dict[str, Any] | None = None, reminders: ReminderPlan | None = None) -> DocumentSpec:
    """The full DocumentSpec of ``document`` rendered for ``today``."""
    issuer = ds.agencies.get(document.issuer) if document.issuer else None
    if document.issuer and issuer is None:
        raise DataError(f"văn bản «{document.id}»: cơ quan ban hành «{document.issuer}» không có trong danh mục",
                        hint="chạy `cchc validate` để xem các tham chiếu sai")
    size_pairing = str(document.data.get("size_pairing", "13/14/14"))
    if size_pairing not in nd30.SIZE_PAIRINGS:
        raise DataError(f"văn bản «{document.id}»: data.size_pairing «{size_pairing}» không hợp lệ",
                        hint="dùng \"13/14/14\" hoặc \"12/13/13\"")
    sizes = nd30.SIZE_PAIRINGS[size_pairing]
    text, env, context = render_body(ds, document, today=today, extra=extra, reminders=reminders)
    body = _parse(text, document.template or f"body của «{document.id}»")
    recipients = [r.strip() for r in document.recipients if r.strip()]
    if not recipients and "reminder_recipients" in context:
        recipients = list(context["reminder_recipients"])
    if not recipients and "scoring_recipients" in context:
        recipients = list(context["scoring_recipients"])
    header = _header(ds, document, issuer, today, sizes.agency)
    title = _title(document, sizes.title)
    return DocumentSpec(
        header=header,
        signature=_signature(ds, document, issuer, bool(recipients)),
        body=body,
        title=title,
        legal_bases=list(document.legal_bases),
        recipients=recipients,
        appendices=_appendices(ds, document, env, context, today),
        size_pairing=size_pairing,  # type: ignore[arg-type]
        properties=document_properties(ds, document, issuer, today),
    )


def document_properties(ds: Dataset, document: Document, issuer: Agency | None, today: date) -> PropertiesSpec:
    """File properties: title = tên loại + trích yếu, author = the issuer, created = the
    document's date (or ``today`` for an undated draft), language Vietnamese."""
    summary = (document.subject or "").strip()
    if document.type is DocType.CONG_VAN:
        title = summary if summary.startswith("V/v") else f"V/v {summary}".strip()
    else:
        title = f"{document.type.label} {summary}".strip()
    author = issuer.name if issuer is not None else (document.issuer_name or "")
    stamp = document.date or today
    return PropertiesSpec(title=title, author=author, created=datetime(stamp.year, stamp.month, stamp.day),
                          subject=summary, keywords="cải cách hành chính")


@dataclass(frozen=True)
class Unfilled:
    """An ND 30 element the data could not fill; ``reason`` is the data's own statement
    (``unknown:``) when it says the element is unknown, None when it is simply missing."""

    element: Element
    detail: str
    reason: str | None = None

    @property
    def label(self) -> str:
        return ELEMENT_LABELS[self.element]

    def __str__(self) -> str:
        text = f"{self.label}: {self.detail}"
        return text + (f" (dữ liệu ghi: chưa rõ, {self.reason})" if self.reason else "")


_APPENDIX_MENTION = re.compile(r"(kèm(?: theo)?\s+(?:các\s+)?phụ lục|phụ lục\s+kèm\s+theo)", re.IGNORECASE)


def unfilled_elements(ds: Dataset, document: Document, spec: DocumentSpec) -> list[Unfilled]:
    """Every ND 30 element of ``document`` that its data could not fill, in the order of the
    page. Elements a draft leaves blank by design (number and day of an undated draft, for the
    văn thư to fill at issue) are not listed."""
    found: list[Unfilled] = []

    def add(element: Element, detail: str) -> None:
        found.append(Unfilled(element, detail, document.unknown.get(element)))

    if document.number is None and document.date is not None:
        add(Element.NUMBER, f"đã ghi ngày ban hành {date_short(document.date)} nhưng chưa có số")
    if not document.symbol and not document.drafting_unit:
        add(Element.DRAFTING_UNIT, f"ký hiệu chỉ là «{spec.header.number_line.split('/')[-1]}», dòng lưu chỉ "
                                   "«Lưu: VT»; ghi drafting_unit (ví dụ \"KSTTHC\")")
    elif not document.drafting_unit and not document.archive:
        add(Element.DRAFTING_UNIT, "dòng lưu chỉ «Lưu: VT»; ghi drafting_unit hoặc archive")
    if document.signer is None:
        add(Element.SIGNER, f"không có signer; đang ghi tạm «{' / '.join(spec.signature.authority_lines)}»")
    elif not (document.signer.name or "").strip():
        add(Element.SIGNER_NAME, "signer.name trống; để một dòng trống để điền tên")
    if document.type is DocType.CONG_VAN and not spec.recipients:
        add(Element.RECIPIENTS, "công văn chưa có nơi gửi (recipients)")
    if not document.appendices:
        body = "\n".join(block.text for block in spec.body if hasattr(block, "text"))
        # Both forms of the mention hold "phụ lục": a case-blind regex over a long body (a
        # reminder: 2 MB) is slow, a look for the lower-case words is not.
        mention = _APPENDIX_MENTION.search(body) if "phụ lục" in body.lower() else None
        if mention:
            add(Element.APPENDIX, f"nội dung ghi «{mention.group(0)}» nhưng dữ liệu không có phụ lục (appendices)")
    return found


def render_document(ds: Dataset, doc_id: str, *, today: date) -> DocumentSpec:
    """The DocumentSpec of the document ``doc_id`` of ``ds``, rendered for ``today``."""
    return render_spec(ds, find_document(ds, doc_id), today=today)


REMINDER_TEMPLATE = "cong-van-don-doc"


def reminder_document(ds: Dataset, as_of: date, within: int = 5, agency: str | None = None, *,
                      plan: ReminderPlan | None = None) -> tuple[Document, DocumentSpec]:
    """The công văn đôn đốc as of ``as_of``: each agency's overdue and due-soon tasks
    (``plan``: :func:`cchc.services.deadlines.reminder_plan` of the same arguments, when the
    caller needs it too, so that it is computed once).

    The record of the data repository whose template is ``cong-van-don-doc`` gives the issuer,
    ký hiệu, signer and Nơi nhận; without one, a công văn of the province's UBND is drafted.
    Recipients are the agencies that owe something (a complete group of districts is named
    as a group). Raises UsageError when nothing is overdue or due soon.
    """
    base = next((d for d in ds.documents.values() if d.template == REMINDER_TEMPLATE), None)
    reminder = {"within": within, **({"agency": agency} if agency else {})}
    if base is None:
        issuer = next((a for a in sorted(ds.agencies.values(), key=lambda a: a.order)
                       if a.kind.value == "tinh" and a.is_valid_on(as_of)), None)
        if issuer is None:
            raise DataError("không tìm thấy UBND tỉnh (cơ quan kind: tinh) để ban hành công văn đôn đốc",
                            hint=f"thêm một văn bản có template: {REMINDER_TEMPLATE} vào data/documents")
        base = Document(id="cv-don-doc", type=DocType.CONG_VAN, issuer=issuer.id,
                        subject="đôn đốc thực hiện nhiệm vụ cải cách hành chính", template=REMINDER_TEMPLATE)
    data = {**base.data, "reminder": {**(base.data.get("reminder") or {}), **reminder}}
    update: dict[str, Any] = {"id": f"{base.id}-{as_of.isoformat()}", "data": data, "recipients": []}
    if base.date is None and base.year is None:
        update["year"] = as_of.year
    document = base.model_copy(update=update)
    return document, render_spec(ds, document, today=as_of, reminders=plan)


DEFAULT_OUTPUT_DIR = "out"


def default_output_path(name: str, cwd: Path | None = None) -> Path:
    """``out/<name>.docx`` relative to the working directory: where a document goes when the user
    names no file (``render``: the document's id; ``deadlines --remind``: ``don-doc-<date>``).

    The folder and the file must not be symbolic links: documents are rendered in CI from data a
    pull request brings, and a committed ``out`` (or ``out/<name>.docx``) that is a link would send
    the write outside the checkout. Such a place is refused; ``-o`` names one explicitly."""
    folder = (cwd or Path.cwd()) / DEFAULT_OUTPUT_DIR
    path = folder / f"{name}.docx"
    for place in (folder, path):
        if place.is_symlink():
            raise WriteError(f"không ghi vào {display_path(place)}: đây là liên kết tượng trưng, có thể trỏ ra "
                             "ngoài thư mục làm việc",
                             hint="chọn tệp kết quả bằng -o, hoặc thay liên kết bằng thư mục, tệp thật")
    return path


def write_document(spec: DocumentSpec, path: Path, *, force: bool = False) -> Path:
    """Lay ``spec`` out and write it to ``path`` atomically; never overwrite without ``force``."""
    document = prepare_document(spec)  # build first: a bad spec leaves nothing behind
    return write_output(Path(path), lambda tmp: document.save(str(tmp)), force=force)


# --------------------------------------------------------------------------- PDF


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(docx_path: Path, *, force: bool = True, timeout: float = 180.0) -> Path:
    """Convert a .docx to PDF next to it with LibreOffice (``soffice --headless``)."""
    docx_path = Path(docx_path)
    soffice = soffice_path()
    if soffice is None:
        raise UsageError("không tìm thấy LibreOffice (lệnh soffice) để chuyển sang PDF",
                         hint="cài LibreOffice: sudo apt-get install libreoffice-writer-nogui "
                              "(hoặc tải tại libreoffice.org), rồi chạy lại với --pdf")
    target = docx_path.with_suffix(".pdf")

    def produce(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as work:
            profile = Path(work) / "profile"
            env = dict(os.environ, HOME=work)
            command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                       "--convert-to", "pdf", "--outdir", work, str(docx_path.resolve())]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env,
                                      check=False)
            except subprocess.TimeoutExpired:
                raise DataError(f"LibreOffice không chuyển xong {docx_path.name} sau {timeout:g} giây") from None
            produced = Path(work) / (docx_path.stem + ".pdf")
            if done.returncode != 0 or not produced.is_file():
                detail = (done.stderr or done.stdout or "").strip().splitlines()
                raise DataError(f"LibreOffice không chuyển được {docx_path.name} sang PDF",
                                hint=detail[-1] if detail else "thử mở tệp bằng LibreOffice để xem lỗi")
            shutil.copyfile(produced, tmp)

    return write_output(target, produce, force=force)


def pdf_pages_text(pdf: Path, *, timeout: float = 60.0) -> list[str] | None:
    """The text of each page of ``pdf`` (poppler's ``pdftotext``), or None without poppler."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    done = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        detail = (done.stderr or "").strip().splitlines()
        raise DataError(f"không đọc được chữ của {Path(pdf).name} (pdftotext)", hint=detail[-1] if detail else None)
    pages = done.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pages_with_only_a_number(pages: list[str]) -> list[int]:
    """1-based numbers of the pages that hold nothing but a page number (or nothing at all)."""
    import re

    def body(page: str) -> str:
        return "\n".join(line for line in page.splitlines() if not re.fullmatch(r"\s*\d+\s*", line)).strip()

    return [number for number, page in enumerate(pages, start=1) if not body(page)]
