"""One call per command: load the data, render, write (.docx, optional PDF), optionally check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cchc.docx.check import Finding, check_document
from cchc.io.atomic import ensure_writable
from cchc.io.loader import Dataset, load_dataset
from cchc.output.formats import output_format
from cchc.render.context import reminder_settings
from cchc.render.environment import list_templates, make_environment
from cchc.render.fidelity import Edit, Fidelity, compare, docx_blocks
from cchc.render.pipeline import (
    Unfilled,
    default_output_path,
    find_document,
    pages_with_only_a_number,
    pdf_pages_text,
    reminder_document,
    render_spec,
    to_pdf,
    unfilled_elements,
    write_document,
)
from cchc.services.deadlines import reminder_notes, reminder_plan


@dataclass
class RenderResult:
    document_id: str
    path: Path
    pdf_path: Path | None = None
    findings: list[Finding] = field(default_factory=list)
    unfilled: list[Unfilled] = field(default_factory=list)  # ND 30 elements the data could not fill
    notes: list[str] = field(default_factory=list)  # what the document could not include, for stderr
    fidelity: Fidelity | None = None  # the comparison with the original (--source)
    corrections: list[str] = field(default_factory=list)  # the document's corrections, as shown to people

    @property
    def missing(self) -> list[Unfilled]:
        """Unfilled elements the data does not declare unknown: the draft is not ready."""
        return [u for u in self.unfilled if u.reason is None]


@dataclass
class CatalogueEntry:
    id: str
    type_label: str
    subject: str
    template: str


def _load(root: Path) -> Dataset:
    """Documents are never drafted from part of the data (services/integrity.py)."""
    from cchc.services.integrity import usable_dataset

    return usable_dataset(root, document=True, what="soạn được văn bản")


def catalogue(root: Path) -> tuple[list[CatalogueEntry], list[tuple[str, str]]]:
    """Renderable documents of the repository and the templates available to it."""
    ds = load_dataset(root)
    entries = [CatalogueEntry(d.id, d.type.label, d.subject or "", d.template or "(nội dung body)")
               for d in sorted(ds.documents.values(), key=lambda d: d.id) if d.renderable]
    return entries, list_templates(make_environment(root))


def _finish(ds_document_id: str, spec, doc_type: str, path: Path, *, force: bool, pdf: bool,
            check: bool) -> RenderResult:
    if pdf:
        ensure_writable(path.with_suffix(".pdf"), force=force)
    write_document(spec, path, force=force)
    result = RenderResult(ds_document_id, path)
    if check:
        result.findings = check_document(path, doc_type=doc_type)
    if pdf:
        result.pdf_path = to_pdf(path, force=True)
        if check:
            result.findings += pdf_findings(result.pdf_path)
    return result


def pdf_findings(pdf: Path) -> list[Finding]:
    """What only the laid-out pages show (rule P1): a page holding nothing but its page number."""
    pages = pdf_pages_text(pdf)
    if pages is None:
        return [Finding("P1", "Không kiểm tra được từng trang PDF: thiếu lệnh pdftotext (apt-get install "
                              "poppler-utils).", "tệp PDF", "warning")]
    return [Finding("P1", f"Trang {number}/{len(pages)} chỉ có số trang, không có nội dung.", "tệp PDF")
            for number in pages_with_only_a_number(pages)]


def render_to_file(root: Path, doc_id: str, *, today: date, output: Path | None = None, force: bool = False,
                   pdf: bool = False, check: bool = False, cwd: Path | None = None,
                   source: Path | None = None) -> RenderResult:
    """Render document ``doc_id`` of the data repository ``root`` to ``output`` (default
    ``out/<id>.docx``); convert to PDF, check the ND 30 layout and compare with the original's text
    (``source``) on request."""
    ds = _load(root)
    document = find_document(ds, doc_id)
    path = Path(output) if output is not None else default_output_path(doc_id, cwd)
    output_format(path, None, ("docx",), what="văn bản là một tệp Word, ví dụ -o cong-van.docx")
    ensure_writable(path, force=force)
    source_text = read_source_text(source) if source is not None else None  # before anything is written
    plan = None
    settings = reminder_settings(document)  # a công văn đôn đốc: what it leaves out is said, as by --remind
    if settings is not None:
        plan = reminder_plan(ds, today, *settings)
    spec = render_spec(ds, document, today=today, reminders=plan)
    result = _finish(document.id, spec, document.type.value, path, force=force, pdf=pdf, check=check)
    result.unfilled = unfilled_elements(ds, document, spec)
    if plan is not None:
        result.notes = reminder_notes(plan, today)
    if source_text is not None:
        result.fidelity = compare_with_source(result.path, source_text, document.corrections)
        result.corrections = [_shown_correction(c.from_, c.to) for c in document.corrections]
    return result


def read_source_text(path: Path) -> str:
    """The text of an original document given on the command line (UTF-8 text or Markdown)."""
    from cchc.errors import UsageError

    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"không có tệp văn bản gốc «{path}»", hint="ghi đường dẫn tệp .txt của văn bản gốc") from None
    except UnicodeDecodeError:
        raise UsageError(f"tệp văn bản gốc «{path}» không phải chữ UTF-8",
                         hint="lưu văn bản gốc thành tệp .txt (UTF-8), ví dụ bằng LibreOffice: Lưu thành… Văn bản") from None
    except OSError as error:
        raise UsageError(f"không đọc được tệp văn bản gốc «{path}»: {error.strerror}") from None


def compare_with_source(docx_path: Path, source: str, corrections) -> Fidelity:
    """The rendered .docx against the text of its original, word by word, allowing only the
    document's ``corrections`` (:func:`cchc.render.fidelity.compare`)."""
    return compare(docx_blocks(docx_path), source, [Edit(c.from_, c.to) for c in corrections])


def _shown_correction(source: str | None, rendered: str | None) -> str:
    if source and rendered:
        return f"«{source}» → «{rendered}»"
    return f"bỏ «{source}»" if source else f"thêm «{rendered}»"


def reminder_to_file(root: Path, *, as_of: date, within: int, agency: str | None, output: Path | None,
                     force: bool = False, check: bool = False, cwd: Path | None = None) -> RenderResult:
    """The công văn đôn đốc as of ``as_of`` written to ``output`` (default
    ``out/don-doc-<date>.docx``)."""
    ds = _load(root)
    path = Path(output) if output is not None else default_output_path(f"don-doc-{as_of.isoformat()}", cwd)
    output_format(path, None, ("docx",), what="công văn đôn đốc là một tệp Word")
    ensure_writable(path, force=force)
    plan = reminder_plan(ds, as_of, within, agency)
    document, spec = reminder_document(ds, as_of, within, agency, plan=plan)
    result = _finish(document.id, spec, document.type.value, path, force=force, pdf=False, check=check)
    result.unfilled = unfilled_elements(ds, document, spec)
    result.notes = reminder_notes(plan, as_of)
    return result
