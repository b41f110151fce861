"""What every import shares: problems located by table cell, the user's name mapping, and the
one way results are checked and written.

Writing follows the rules of the whole project: the new or changed YAML is formatted by
``cchc fmt``'s formatter, loaded together with the rest of the repository in a scratch copy and
cross-checked exactly as ``cchc validate`` does; only a result without errors is written, atomically,
never over an existing file without ``force``. ``--dry-run`` stops before writing and returns the
semantic diff ``cchc diff`` would show.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cchc.errors import DataError, Diagnostic, HasDiagnostics, Severity, UsageError
from cchc.io.atomic import atomic_write_text, ensure_writable
from cchc.io.yamlsource import yaml_comment as comment  # noqa: F401  (re-exported for the importers)
from cchc.io.yamlsource import yaml_scalar  # noqa: F401  (re-exported for the importers)
from cchc.output.formats import output_format


@dataclass
class CellDiagnostic(Diagnostic):
    """A problem in the imported table, located by its cell: "ke-hoach.docx (bảng 1, dòng 5, cột 3)"."""

    ref: str = ""

    def location(self, base: Path | None = None) -> str:
        name = self.file.name if self.file is not None else "bảng"
        if self.ref and "!" in self.ref:
            return f"{name}: {self.ref}"
        return f"{name} ({self.ref})" if self.ref else name


def cell_error(file: Path, ref: str, message: str, hint: str | None = None, code: str = "") -> CellDiagnostic:
    return CellDiagnostic(Severity.ERROR, message, file=file, ref=ref, hint=hint, code=code)


def cell_warning(file: Path, ref: str, message: str, hint: str | None = None, code: str = "") -> CellDiagnostic:
    return CellDiagnostic(Severity.WARNING, message, file=file, ref=ref, hint=hint, code=code)


# ---- the user's mapping of names -----------------------------------------------------------


def parse_mapping(items: list[str] | None, mapping_file: Path | None = None) -> dict[str, list[str]]:
    """``--map "Sở TT&TT=so-khcn"`` (repeatable) and a mapping file of ``NAME=ID`` lines.

    Several ids separated by commas map one name to several agencies (``"UBND các huyện=ea-kar,lak"``);
    an empty id (``"Các cơ quan liên quan="``) says the name is no agency: it is kept as a note.
    """
    lines: list[tuple[str, str]] = [(item, "--map") for item in items or []]
    if mapping_file is not None:
        try:
            text = Path(mapping_file).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise UsageError(f"không đọc được tệp ánh xạ {mapping_file}: {exc.strerror}") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                lines.append((line, f"{Path(mapping_file).name}:{number}"))
    mapping: dict[str, list[str]] = {}
    for raw, where in lines:
        name, sep, target = raw.rpartition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"ánh xạ «{raw}» ({where}) không đúng dạng TÊN=MÃ",
                             hint="ví dụ --map \"Sở TT&TT=so-khcn\"; để trống MÃ nếu tên không phải một cơ quan")
        ids = [t.strip() for t in target.split(",") if t.strip()]
        for agency_id in ids:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", agency_id):
                raise UsageError(f"mã «{agency_id}» trong ánh xạ «{raw}» ({where}) không hợp lệ",
                                 hint="mã cơ quan viết thường, không dấu, nối bằng dấu gạch ngang, ví dụ so-noi-vu")
        mapping[name] = ids
    return mapping


# ---- results -------------------------------------------------------------------------------


@dataclass
class ImportResult(HasDiagnostics):
    """What an import found and (unless a dry run) wrote."""

    kind: str  # "tasks", "assignments", "criteria", "status"
    source: Path  # the imported .docx/.xlsx
    files: dict[Path, str] = field(default_factory=dict)  # target → YAML text
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0
    diff_text: str = ""
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seen_names: set = field(default_factory=set, repr=False)  # (cell, name) already reported
    originals: dict[Path, bytes | None] = field(default_factory=dict, repr=False)  # bytes read, per target

    def has_problem_at(self, cell) -> bool:
        refs = {getattr(cell, "ref", None), getattr(cell, "origin", None)} - {None}
        return any(getattr(d, "ref", None) in refs for d in self.diagnostics)


def closest_ids(value: str, ids) -> str | None:
    """A "did you mean" hint for an unknown id (up to three candidates)."""
    from cchc.domain.suggest import did_you_mean

    return did_you_mean(value, ids, n=3)


def refuse(result: ImportResult, what: str, hint: str | None = None) -> DataError:
    errors = result.errors
    return DataError(
        f"{result.source.name}: {len(errors)} lỗi, {what}",
        hint=hint or "sửa trong tệp Word/Excel rồi nhập lại, hoặc dùng --map TÊN=MÃ cho tên cơ quan",
        diagnostics=[*errors, *result.warnings])


def _scratch_copy(root: Path, target: Path) -> Path:
    shutil.copytree(root, target, ignore=shutil.ignore_patterns(".cchc-cache", ".git"), symlinks=False)
    return target


def _inside(path: Path, root: Path) -> Path | None:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return None


def check_and_write(result: ImportResult, root: Path, *, dry_run: bool, force: bool,
                    new_files: bool = True) -> ImportResult:
    """Format, validate with the whole repository, diff, and (unless ``dry_run``) write
    ``result.files``. ``new_files``: the targets are new files (never replaced without ``force``);
    otherwise they are existing files edited in place."""
    from cchc.io.loader import load_dataset
    from cchc.io.yamlfmt import format_text
    from cchc.services.semantic_diff import SemanticDiff, diff_datasets, render_text
    from cchc.services.validation import check_dataset

    if result.errors:
        raise refuse(result, "nên không ghi gì")
    for path in result.files:
        if path not in result.originals:
            result.originals[path] = path.read_bytes() if path.is_file() else None
    formatted = {path: format_text(text, path) for path, text in result.files.items()}
    if new_files and not dry_run:
        for path in formatted:
            ensure_writable(path, force=force)
    with tempfile.TemporaryDirectory(prefix="cchc-import-") as tmp:
        scratch = _scratch_copy(root, Path(tmp) / "data")
        placed: dict[Path, Path] = {}
        for path, text in formatted.items():
            relative = _inside(path, root) or Path("_nhap-moi") / path.name
            where = scratch / relative
            where.parent.mkdir(parents=True, exist_ok=True)
            where.write_text(text, encoding="utf-8")
            placed[where.resolve()] = path
        before = load_dataset(root)
        after = load_dataset(scratch)
        findings = []
        for diagnostic in check_dataset(after):
            real = placed.get(Path(diagnostic.file).resolve()) if diagnostic.file else None
            if real is None:
                continue  # a problem the repository already had: validate reports it, not the import
            diagnostic.file = _inside(real, root) or real
            findings.append(diagnostic)
        changes = diff_datasets(before, after)
    errors = [d for d in findings if d.is_error]
    result.diagnostics.extend(findings)
    if errors:
        raise DataError(
            f"kết quả nhập sẽ không qua được cchc validate ({len(errors)} lỗi), nên không ghi gì",
            hint="xem các lỗi dưới đây; sửa tệp nguồn hoặc dữ liệu rồi nhập lại",
            diagnostics=findings)
    result.diff_text = render_text(SemanticDiff(base="dữ liệu hiện tại", head=f"sau khi nhập {result.source.name}",
                                                changes=changes))
    result.files = formatted
    if dry_run:
        return result
    from cchc.io.lock import repo_lock

    with repo_lock(root):
        for path, text in formatted.items():
            original = result.originals.get(path)
            inside = root if _inside(path, root) is not None else None
            if original is None:
                ensure_writable(path, force=force)  # nobody created it meanwhile
            atomic_write_text(path, text, inside=inside, expect=original)
            result.written.append(path)
    return result


def slug(text: str, *, words: int = 7, limit: int = 60) -> str:
    """An id from a title: ASCII, lower case, the first few words ("Rà soát, đánh giá..." → "ra-soat-danh-gia")."""
    from cchc.domain.deadline_text import fold

    parts = re.findall(r"[a-z0-9]+", fold(text))
    out = "-".join(parts[:words])[:limit].strip("-")
    return out or "muc"


def import_target(output: Path | None, default: Path) -> Path:
    """The YAML file an import writes: ``-o`` when given (it must end in .yaml/.yml, the one
    ``-o`` rule of every command), else the data folder's usual place for the kind."""
    if output is None:
        return default
    output_format(output, None, ("yaml",), what="dữ liệu nhập là một tệp YAML của kho dữ liệu")
    return Path(output)
