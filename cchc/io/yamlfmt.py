"""One canonical layout for data files (`cchc fmt`), keeping every comment and key order.

The layout is the one the bundled data already uses: mappings indented by 2,
sequence items written ``  - item`` (sequence indent 4, dash offset 2), long
lines never wrapped, LF line endings, one final newline, text in NFC.
Criterion codes are always written as double-quoted strings (``"7.10"``), so
YAML can never read them as numbers: where the file's model says a field is a code
(:mod:`cchc.models.code_fields`), and nowhere else (not in a document's ``data:``).

Formatting goes through ruamel.yaml's round-trip mode. Because a formatter
that silently drops a comment or changes a value would be worse than none,
every result is verified before it is returned: the formatted text must load
to the same data and keep every comment of the original, otherwise the file
is refused with a message instead of being rewritten.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cchc.errors import DataError, Diagnostic, UsageError, printable
from cchc.io.atomic import atomic_write_bytes, read_error
from cchc.io.discovery import require_files, scan
from cchc.io.lock import repo_lock, repo_root_for
from cchc.io.yamlsource import YamlLoadError, decode_text, read_source
from cchc.models.code_fields import CODE, CODE_MAP, MappingOf, ModelShape, Shape, code_shape

MAPPING_INDENT = 2
SEQUENCE_INDENT = 4
SEQUENCE_DASH_OFFSET = 2
LINE_WIDTH = 4096  # never wrap: wrapping makes noisy diffs

DOTTED_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)*$")

# Runs of the formatter until the text no longer changes (ruamel settles in one or two).
MAX_PASSES = 3


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=MAPPING_INDENT, sequence=SEQUENCE_INDENT, offset=SEQUENCE_DASH_OFFSET)
    yaml.width = LINE_WIDTH
    yaml.allow_unicode = True
    return yaml


def round_trip_yaml() -> YAML:
    """The ruamel.yaml instance of the canonical layout, for code that edits files in place."""
    return _round_trip_yaml()


def _composer() -> YAML:
    return YAML(typ="safe")


# ---- criterion codes -----------------------------------------------------------


def _file_shape(root: Node | None) -> ModelShape | None:
    """The code fields of the model named by the file's ``schema:`` (None: unknown schema)."""
    if not isinstance(root, MappingNode):
        return None
    from cchc.models.registry import SchemaLookupError, model_for  # the models only when formatting

    schema = next((v.value for k, v in root.value if isinstance(k, ScalarNode) and k.value == "schema"
                   and isinstance(v, ScalarNode)), None)
    try:
        _kind, _version, model = model_for(schema)
    except SchemaLookupError:
        return None
    return code_shape(model)


def _code_scalars(root: Node | None) -> list[ScalarNode]:
    """Scalar nodes that hold criterion codes: where the file's model says a field is a code
    (:mod:`cchc.models.code_fields`), never by key name alone, so a ``criteria:`` or ``code:``
    inside a document's free-form ``data:`` is left as written."""
    found: dict[int, ScalarNode] = {}
    seen: set[tuple[int, int]] = set()

    def add(node: Node) -> None:
        if isinstance(node, ScalarNode):
            found[id(node)] = node
        elif isinstance(node, SequenceNode):
            for item in node.value:
                if isinstance(item, ScalarNode):
                    found[id(item)] = item

    def walk(node: Node, shape: Shape) -> None:
        if (id(node), id(shape)) in seen:
            return
        seen.add((id(node), id(shape)))
        if shape is CODE:
            add(node)
        elif shape is CODE_MAP:
            if isinstance(node, MappingNode):
                for map_key, map_value in node.value:
                    add(map_key)
                    add(map_value)
        elif isinstance(shape, MappingOf):
            if isinstance(node, MappingNode):
                for _key, value in node.value:
                    walk(value, shape.shape)
        elif isinstance(shape, ModelShape):
            if isinstance(node, SequenceNode):  # a list of records
                for item in node.value:
                    walk(item, shape)
            elif isinstance(node, MappingNode):
                for key, value in node.value:
                    sub = shape.fields.get(key.value) if isinstance(key, ScalarNode) else None
                    if sub is not None:
                        walk(value, sub)

    shape = _file_shape(root)
    if root is not None and shape is not None:
        walk(root, shape)
    return list(found.values())


def quote_codes(text: str) -> str:
    """Write every criterion code that is not double-quoted as ``"7.4"``.

    Works on the text (by node positions) so the code is kept exactly as the
    user wrote it: ``7.10`` becomes ``"7.10"``, never ``"7.1"``.
    """
    root = _composer().compose(text)
    edits = []
    for node in _code_scalars(root):
        written = text[node.start_mark.index:node.end_mark.index]
        if node.style == '"' or not DOTTED_NUMBER.match(node.value):
            continue
        if node.style not in (None, "", "'") or "\n" in written:
            continue
        # Keep an anchor or tag written before the value (``&a 7.4``, ``!!str 7.4``).
        core = f"'{node.value}'" if node.style == "'" else node.value
        if not written.endswith(core):
            continue
        edits.append((node.end_mark.index - len(core), node.end_mark.index, f'"{node.value}"'))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


# ---- comments ----------------------------------------------------------------------


def comments(text: str) -> list[str]:
    """The comments of a YAML text (``# ...`` outside every scalar), right-stripped."""
    root = _composer().compose(text)
    spans: list[tuple[int, int]] = []
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    spans.sort()
    found = []
    position = 0
    span_index = 0
    while True:
        hash_at = text.find("#", position)
        if hash_at < 0:
            break
        while span_index < len(spans) and spans[span_index][1] <= hash_at:
            span_index += 1
        inside = span_index < len(spans) and spans[span_index][0] <= hash_at < spans[span_index][1]
        if inside:
            position = spans[span_index][1]
            continue
        if hash_at == 0 or text[hash_at - 1] in " \t\n":
            end = text.find("\n", hash_at)
            end = len(text) if end < 0 else end
            found.append(text[hash_at:end].rstrip())
            position = end
        else:
            position = hash_at + 1
    return found


# ---- formatting ----------------------------------------------------------------------


def _dump(text: str) -> str:
    yaml = _round_trip_yaml()
    data = yaml.load(text)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _tidy(text: str) -> str:
    """LF only, no trailing blank lines, exactly one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"


def _refuse(path: Path | None, diagnostics: list[Diagnostic], message: str | None = None) -> DataError:
    name = str(path) if path is not None else "văn bản YAML"
    first = diagnostics[0] if diagnostics else None
    return DataError(
        message or f"không định dạng được {name}: tệp không đọc được"
        + (f" ({first.message})" if first is not None else ""),
        hint="sửa lỗi cú pháp trước (chạy `cchc validate` để xem vị trí), rồi chạy lại `cchc fmt`",
        diagnostics=diagnostics,
    )


def _unchanged_data(original: object, formatted: object) -> bool:
    return original == formatted


def format_text(text: str, path: Path | None = None) -> str:
    """The canonical form of one YAML document. Raises :class:`DataError` when it does not parse."""
    where = path or Path("<văn bản>")
    try:
        decoded, _notes = decode_text(text.encode("utf-8"), where)
    except YamlLoadError as exc:  # pragma: no cover - str input is always valid UTF-8
        raise _refuse(path, exc.diagnostics) from None
    return _format_decoded(decoded, where, path)


def format_bytes(raw: bytes, path: Path | None = None) -> str:
    """Like :func:`format_text`, from the bytes of a file (BOM, CRLF and NFD accepted)."""
    where = path or Path("<văn bản>")
    try:
        decoded, _notes = decode_text(raw, where)
    except YamlLoadError as exc:
        raise _refuse(path, exc.diagnostics) from None
    return _format_decoded(decoded, where, path)


def _format_decoded(decoded: str, where: Path, path: Path | None) -> str:
    decoded = unicodedata.normalize("NFC", decoded)
    source = read_source(where, decoded.encode("utf-8"))
    errors = [d for d in source.diagnostics if d.is_error]
    if errors:
        raise _refuse(path, errors)
    try:
        quoted = quote_codes(decoded)
        expected = read_source(where, quoted.encode("utf-8")).data
        result = quoted
        for _ in range(MAX_PASSES):
            formatted = _tidy(_dump(result))
            if formatted == result:
                break
            result = formatted
    except YAMLError as exc:  # ruamel's round-trip loader is stricter in a few corners
        raise _refuse(path, [], f"không định dạng được {where}: {exc}") from None
    except (ValueError, OverflowError):  # it also builds dates: `2021-13-01` cannot be one
        raise _refuse(path, [], f"không định dạng được {where}: tệp có giá trị ngày, giờ không hợp lệ "
                                "(chạy `cchc validate` để xem vị trí); tệp được để nguyên") from None
    after = read_source(where, result.encode("utf-8"))
    if any(d.is_error for d in after.diagnostics) or not _unchanged_data(expected, after.data):
        raise _refuse(path, [], f"cchc fmt không thể định dạng {where} mà giữ nguyên dữ liệu; "
                                "tệp được để nguyên")
    missing = Counter(comments(decoded)) - Counter(comments(result))
    if missing:
        lost = next(iter(missing))
        raise _refuse(path, [], f"cchc fmt không thể định dạng {where} mà giữ nguyên mọi chú thích "
                                f"(ví dụ «{lost}»); tệp được để nguyên")
    return result


# ---- files ----------------------------------------------------------------------------


@dataclass
class FormattedFile:
    """One file: its bytes on disk and its canonical text."""

    path: Path
    original: bytes
    formatted: str

    @property
    def changed(self) -> bool:
        return self.original != self.formatted.encode("utf-8")

    def diff(self, base: Path | None = None) -> str:
        """A unified diff from the file on disk to its canonical form."""
        name = str(self.path)
        if base is not None:
            try:
                name = str(self.path.relative_to(base))
            except ValueError:
                pass
        before = self.original.decode("utf-8", errors="replace")
        before_lines = before.splitlines(keepends=True)
        after_lines = self.formatted.splitlines(keepends=True)
        # Make line-ending and BOM changes visible instead of showing identical-looking lines.
        before_lines = [_visible(line) for line in before_lines]
        if before_lines and not before_lines[-1].endswith("\n"):
            before_lines[-1] += "\n\\ Không có ký tự xuống dòng ở cuối tệp\n"
        return "".join(difflib.unified_diff(before_lines, after_lines, f"a/{name}", f"b/{name}"))


def _visible(line: str) -> str:
    if line.startswith("\ufeff"):
        line = "<BOM>" + line[1:]
    if line.endswith("\r\n"):
        return line[:-2] + "<CR>\n"
    if line.endswith("\r"):
        return line[:-1] + "<CR>\n"
    return line


@dataclass
class FormatReport:
    files: list[FormattedFile] = field(default_factory=list)
    failures: list[DataError] = field(default_factory=list)

    @property
    def changed(self) -> list[FormattedFile]:
        return [f for f in self.files if f.changed]


def format_file(path: Path) -> FormattedFile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise read_error(path, exc) from None
    return FormattedFile(path=path, original=raw, formatted=format_bytes(raw, path))


def yaml_files(paths: list[Path]) -> list[Path]:
    """The YAML files named by ``paths`` (files as given, folders searched like the loader does)."""
    return [path for path, _root in _files_with_roots(paths, [])]


def _files_with_roots(paths: list[Path], problems: list[Diagnostic]) -> list[tuple[Path, Path]]:
    """Each YAML file with the repository it belongs to (a folder given is its own repository);
    links and folders the listing refused are added to ``problems``."""
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            listing = scan(path)
            require_files(listing)
            problems.extend(listing.problems)
            for file in listing.files:
                found.setdefault(file, path)
        elif path.is_file():
            found.setdefault(path, repo_root_for(path))
        else:
            raise UsageError(f"không tìm thấy {printable(path)}",
                             hint="chỉ rõ một tệp .yaml hoặc một thư mục dữ liệu")
    return list(found.items())


def format_paths(paths: list[Path], *, write: bool) -> FormatReport:
    """Format every YAML file under ``paths``; with ``write``, replace changed files atomically.

    Files that cannot be read are collected in ``failures`` and never touched. Writing holds
    the lock of each repository (:func:`cchc.io.lock.repo_lock`) and replaces a file only if
    its bytes are still those that were formatted; a symlinked file stays a link (its target
    is rewritten, and only when that lies inside the repository).
    """
    report = FormatReport()
    groups: dict[Path, list[Path]] = {}
    problems: list[Diagnostic] = []
    for path, root in _files_with_roots(paths, problems):
        groups.setdefault(root, []).append(path)
    for root, files in groups.items():
        if not write:
            _format_group(report, files, root, write=False)
            continue
        with repo_lock(root):
            _format_group(report, files, root, write=True)
    for problem in problems:
        report.failures.append(DataError(f"{problem.location()}: {problem.message}", hint=problem.hint))
    return report


def _format_group(report: FormatReport, files: list[Path], root: Path, *, write: bool) -> None:
    for path in files:
        try:
            formatted = format_file(path)
        except DataError as exc:
            report.failures.append(exc)
            continue
        report.files.append(formatted)
        if write and formatted.changed:
            atomic_write_bytes(path, formatted.formatted.encode("utf-8"), inside=root,
                               expect=formatted.original)
