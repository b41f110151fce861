"""Reading YAML data files strictly, fast, and with positions on demand.

Loading composes the document with ruamel.yaml (C parser when available) and
builds plain Python values with a small constructor of our own, because the
data rules differ from generic YAML:

* timestamps stay strings, so Pydantic (not YAML) validates dates and a bad
  date like ``2021-02-30`` becomes a located, translated error;
* duplicate keys are errors with both positions;
* alias expansion is bounded (a "billion laughs" file is rejected);
* text is decoded as UTF-8 (a BOM is accepted), CRLF is accepted, tabs in
  indentation get a clear message, and decomposed (NFD) Vietnamese is
  normalised to NFC with a warning.

Line numbers are only needed for files that have problems, so they are found
lazily: :meth:`SourceFile.locate` re-composes the file once and walks the node
tree along a data path.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # a compiled (Rust) reader, about 8x faster than composing with libyaml in Python
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - optional: the wheel may be missing on some platform
    _yaml_rs = None

from cchc.errors import DataPath, Diagnostic, error, warning

# The strict reader's libraries (PyYAML with libyaml, ruamel.yaml) are imported on first use:
# a repository the compiled reader reads whole never loads them.
_pyyaml: Any = None
_FAST_COMPOSE: bool | None = None  # libyaml through PyYAML (~2x faster than ruamel's composer); None: not yet known


def _libyaml() -> Any:
    """PyYAML when it has libyaml (and `_FAST_COMPOSE` is not switched off), else None."""
    global _pyyaml, _FAST_COMPOSE
    if _FAST_COMPOSE is None:
        try:
            import yaml

            _pyyaml, _FAST_COMPOSE = yaml, bool(getattr(yaml, "__with_libyaml__", False))
        except ImportError:  # pragma: no cover - PyYAML is a dependency; kept optional for safety
            _FAST_COMPOSE = False
    return _pyyaml if _FAST_COMPOSE else None


# An expanded document may hold at most this many nodes (after following aliases).
MAX_EXPANDED_NODES = 2_000_000
MAX_EXPANSION_RATIO = 50
# Data never nests deeper than this; deeper input is refused before it can exhaust the stack
# of anything that walks it (constructor, models, diff, templates).
MAX_DEPTH = 100
# Integers beyond 64 bits are no datum of this domain (and past 4,300 digits Python cannot
# even print them): refused with their position.
MAX_INT = 2**63 - 1

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_OCT_HEX_RE = re.compile(r"^[-+]?(0o[0-7]+|0x[0-9a-f]+)$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
_BOOLS = {"true": True, "false": False}
_NULLS = {"", "~", "null"}

_TAG_STR = "tag:yaml.org,2002:str"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_NULL = "tag:yaml.org,2002:null"
_TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlLoadError(Exception):
    """A file could not be turned into data; carries ready diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics[0].message if diagnostics else "")
        self.diagnostics = diagnostics


# Node duck-typing: PyYAML's and ruamel's node classes both carry ``id``.
Node = Any
SCALAR, SEQUENCE, MAPPING = "scalar", "sequence", "mapping"

@functools.cache
def _plain_resolvers() -> list[tuple[str, Any, set[str]]]:
    """YAML 1.2 core schema for plain scalars, taken from ruamel.yaml's own resolver so that
    reading (fast path) and formatting (ruamel round-trip) agree on every value."""
    from ruamel.yaml import resolver as ruamel_resolver

    return [
        (tag, regexp, set(first))
        for versions, tag, regexp, first in ruamel_resolver.implicit_resolvers
        if (1, 2) in versions and tag.rsplit(":", 1)[-1] in ("bool", "float", "int", "null", "timestamp", "merge")
    ]


def compose(text: str) -> Node | None:
    """The YAML node tree of ``text`` with no implicit typing (we resolve plain scalars ourselves)."""
    pyyaml = _libyaml()
    if pyyaml is not None:
        return pyyaml.compose(text, Loader=pyyaml.CBaseLoader)
    from ruamel.yaml import YAML

    return YAML(typ="base").compose(text)


@functools.cache
def _syntax_errors() -> tuple[type[Exception], ...]:
    """The exceptions of a document either composer rejects (``except`` evaluates this only
    when something was raised)."""
    from ruamel.yaml.error import YAMLError

    _libyaml()
    return (YAMLError, _pyyaml.YAMLError) if _pyyaml is not None else (YAMLError,)


def _resolve_plain(value: str) -> str:
    first = value[:1]
    for tag, regexp, firsts in _plain_resolvers():
        if first in firsts and regexp.match(value):
            return tag
    return _TAG_STR


def decode_text(raw: bytes, path: Path) -> tuple[str, list[Diagnostic]]:
    """Decode bytes as UTF-8 (BOM accepted), normalise newlines and Unicode."""
    notes: list[Diagnostic] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlLoadError([
            error(
                f"tệp không phải văn bản UTF-8 (byte 0x{raw[exc.start]:02X} không hợp lệ)",
                file=path, line=line, column=col, code="not-utf8",
                hint="lưu lại tệp với mã hóa UTF-8 (trong Notepad/VS Code: Save with Encoding → UTF-8)",
            )
        ]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        first = next(
            i for i, line in enumerate(text.split("\n"))
            if not unicodedata.is_normalized("NFC", line)
        )
        text = unicodedata.normalize("NFC", text)
        notes.append(warning(
            "tệp có chữ tiếng Việt ở dạng tổ hợp (NFD); đã chuẩn hóa sang dạng dựng sẵn (NFC) khi đọc",
            file=path, line=first + 1, code="nfd-text",
            hint="chạy `cchc fmt` để ghi lại tệp ở dạng NFC",
        ))
    return text, notes


def _tab_diagnostic(text: str, path: Path) -> Diagnostic | None:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return error(
                "dòng thụt lề bằng ký tự tab; YAML chỉ cho phép thụt lề bằng dấu cách",
                file=path, line=number, column=len(line) - len(stripped) + 1, code="tab-indent",
                hint="thay tab bằng 2 dấu cách (trong trình soạn thảo: Convert Indentation to Spaces)",
            )
    return None


def _syntax_diagnostic(exc: Exception, text: str, path: Path) -> Diagnostic:
    """A Vietnamese diagnostic with line and column for any libyaml / ruamel.yaml error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    if mark is None and isinstance(getattr(exc, "position", None), int):  # reader errors
        line, column = _line_column(text, exc.position)  # type: ignore[attr-defined]
    if "\t" in text:
        tab = _tab_diagnostic(text, path)
        if tab is not None:
            return tab
    control = control_character_diagnostic(text, path)
    if control is not None:
        return control
    problem = getattr(exc, "problem", None) or str(exc)
    message, known = _translate_problem(str(problem))
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and mark is not None and context_mark.line != mark.line:
        opened = _translate_context(str(context))
        if opened:
            message += f"; {opened} bắt đầu ở dòng {context_mark.line + 1}"
    hint = "kiểm tra thụt lề, dấu hai chấm sau tên trường và dấu nháy đóng/mở"
    if not known:
        hint += f"; chi tiết kỹ thuật: {' '.join(str(problem).split())}"
    return error(f"lỗi cú pháp YAML: {message}", file=path, line=line or 1, column=column or 1,
                 code="yaml-syntax", hint=hint)


def _line_column(text: str, position: int) -> tuple[int, int]:
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


# YAML 1.2 printable characters (what libyaml and ruamel.yaml accept) are TAB, LF, CR, U+0020-7E,
# U+0085, U+00A0-D7FF, U+E000-FFFD and U+10000-10FFFF. The class below is their complement, spelled
# positively: the same set (tests/core/test_fast_reader.py compares the two on every code point),
# but it compiles in well under a millisecond where the negated class over all of Unicode took ten.
_PRINTABLE_CLASS = "[\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]"
_NON_PRINTABLE_CLASS = "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]"


@functools.cache
def _non_printable() -> re.Pattern[str]:
    return re.compile(_NON_PRINTABLE_CLASS)


_CONTROL_NAMES = {0: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x08: "BS", 0x0C: "FF", 0x0B: "VT"}


# Bidirectional embedding/override/isolate controls: valid YAML, but they make text display in
# another order than it is stored ("Trojan Source"), so a reviewed pull request, a terminal or a
# rendered document would show something other than the data. No Vietnamese text needs them.
_BIDI_CONTROLS = re.compile("[\u202A-\u202E\u2066-\u2069]")
_BIDI_NAMES = {0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
               0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI"}


def control_character_diagnostic(text: str, path: Path, scan: Scan | None = None) -> Diagnostic | None:
    """The first character YAML does not allow (NUL, ESC, other control characters), or the first
    bidirectional control (which would show the text in another order than it is stored), located.
    ``scan`` (of ``text``) lets a text whose bytes hold no candidate skip the search."""
    if scan is not None and not scan.may_hold_controls:
        return None
    found = _non_printable().search(text)
    if found is None:
        bidi = _BIDI_CONTROLS.search(text)
        if bidi is None:
            return None
        code = ord(bidi.group())
        line, column = _line_column(text, bidi.start())
        return error(
            f"tệp chứa ký tự điều khiển hướng chữ U+{code:04X} ({_BIDI_NAMES[code]}): nó làm chữ hiện ra "
            "theo thứ tự khác với nội dung thật (khi xem lại pull request, trên màn hình, trong văn bản)",
            file=path, line=line, column=column, code="bidi-control",
            hint="xóa ký tự này (không nhìn thấy được; thường lẫn vào khi sao chép từ trang web hay tệp khác)")
    code = ord(found.group())
    line, column = _line_column(text, found.start())
    name = _CONTROL_NAMES.get(code)
    shown = f"U+{code:04X}" + (f" ({name})" if name else "")
    return error(
        f"tệp chứa ký tự điều khiển {shown}, YAML không cho phép",
        file=path, line=line, column=column, code="control-character",
        hint="xóa ký tự này (thường lẫn vào khi sao chép từ Word, Excel hay một tệp nhị phân); "
             f"nếu thật cần, viết nó trong chuỗi nháy kép dạng \"\\u{code:04x}\"",
    )


# (start of the English problem of libyaml / ruamel.yaml, Vietnamese sentence)
_PROBLEMS = [
    ("mapping values are not allowed", "không được đặt giá trị ánh xạ ở đây (thiếu dấu cách sau «:», "
                                       "thụt lề sai, hay chữ có «: » cần đặt trong dấu nháy?)"),
    ("block sequence entries are not allowed", "không được mở mục danh sách «- » ở đây (thụt lề sai?)"),
    ("could not find expected ':'", "không tìm thấy dấu «:» như mong đợi"),
    ("found character '\\t' that cannot start any token", "gặp ký tự tab không hợp lệ"),
    ("found character that cannot start any token", "gặp ký tự không thể bắt đầu một giá trị YAML "
                                                     "(«@», «`», «%»… ở đầu giá trị cần đặt trong dấu nháy)"),
    ("found character", "gặp ký tự không thể bắt đầu một giá trị YAML (đặt giá trị trong dấu nháy)"),
    ("found unexpected end of stream", "tệp kết thúc đột ngột (thiếu dấu nháy đóng?)"),
    ("found unexpected document indicator", "gặp «---» hoặc «...» giữa chuỗi trong dấu nháy (thiếu dấu nháy đóng?)"),
    ("found unknown escape character", "ký tự thoát «\\» không hợp lệ trong chuỗi nháy kép "
                                       "(dùng nháy đơn, hoặc viết «\\\\»)"),
    ("expected escape sequence of", "mã thoát «\\x», «\\u» trong chuỗi nháy kép thiếu chữ số thập lục phân"),
    ("did not find expected hexdecimal number", "mã thoát «\\x», «\\u» trong chuỗi nháy kép thiếu chữ số "
                                                "thập lục phân"),
    ("found invalid Unicode character escape code", "mã thoát Unicode trong chuỗi nháy kép không hợp lệ"),
    ("did not find expected alphabetic or numeric character", "sau «&» (neo) hoặc «*» (bí danh) phải là tên "
                                                               "gồm chữ hoặc số (đặt giá trị trong dấu nháy)"),
    ("expected alphabetic or numeric character", "sau «&» (neo) hoặc «*» (bí danh) phải là tên gồm chữ hoặc số "
                                                 "(đặt giá trị trong dấu nháy)"),
    ("did not find expected whitespace or line break", "thiếu dấu cách hoặc xuống dòng sau thẻ «!» hay chỉ thị"),
    ("expected ' ', but found", "thiếu dấu cách sau thẻ «!» (đặt giá trị bắt đầu bằng «!» trong dấu nháy)"),
    ("did not find expected tag URI", "thẻ «!<…>» rỗng hoặc sai"),
    ("expected URI", "thẻ «!<…>» rỗng hoặc sai"),
    ("did not find expected '!'", "thẻ «!» sai"),
    ("expected '!', but found", "thẻ «!» sai"),
    ("found undefined tag handle", "thẻ «!…!» chưa được khai báo"),
    ("found a tab character where an indentation space is expected", "thụt lề bằng tab; YAML chỉ cho phép dấu cách"),
    ("found a tab character that violates indentation", "ký tự tab làm sai thụt lề; YAML chỉ cho phép dấu cách"),
    ("found an indentation indicator equal to 0", "chỉ số thụt lề của khối chữ («|», «>») không được bằng 0"),
    ("expected indentation indicator in the range 1-9", "chỉ số thụt lề của khối chữ («|», «>») phải từ 1 đến 9"),
    ("did not find expected comment or line break", "sau dấu «|» hoặc «>» của khối chữ chỉ được có chú thích "
                                                     "hoặc xuống dòng"),
    ("expected a comment or a line break", "sau dấu «|» hoặc «>» của khối chữ chỉ được có chú thích hoặc xuống dòng"),
    ("expected chomping or indentation indicators", "sau dấu «|» hoặc «>» chỉ được có «+», «-» hoặc một chữ số"),
    ("found unexpected ':'", "gặp dấu «:» không mong đợi (đặt giá trị có dấu «:» trong dấu nháy)"),
    ("found unknown directive name", "chỉ thị «%…» không hợp lệ (giá trị bắt đầu bằng «%» cần đặt trong dấu nháy)"),
    ("did not find expected directive name", "chỉ thị «%…» không hợp lệ"),
    ("expected alphabetic or numeric character, but found", "chỉ thị «%…» không hợp lệ"),
    ("found unexpected non-alphabetical character", "chỉ thị «%…» không hợp lệ"),
    ("did not find expected digit or '.' character", "phiên bản trong chỉ thị «%YAML» không hợp lệ"),
    ("found extremely long version number", "phiên bản trong chỉ thị «%YAML» không hợp lệ"),
    ("found incompatible YAML document", "phiên bản YAML không được hỗ trợ (chỉ dùng YAML 1.1/1.2)"),
    ("found duplicate %YAML directive", "chỉ thị «%YAML» bị lặp"),
    ("found duplicate %TAG directive", "chỉ thị «%TAG» bị lặp"),
    ("did not find expected <document start>", "thiếu «---» ở đầu tài liệu (hoặc có nội dung thừa sau dữ liệu)"),
    ("expected '<document start>'", "thiếu «---» ở đầu tài liệu (hoặc có nội dung thừa sau dữ liệu)"),
    ("did not find expected node content", "thiếu giá trị ở đây"),
    ("expected the node content", "thiếu giá trị ở đây"),
    ("did not find expected key", "thụt lề không khớp với các trường phía trên"),
    ("did not find expected '-' indicator", "thụt lề không khớp với danh sách phía trên"),
    ("did not find expected ',' or ']'", "danh sách trong ngoặc vuông «[…]» thiếu dấu «,» hoặc «]» đóng"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông «[…]» thiếu dấu «,» hoặc «]» đóng"),
    ("did not find expected ',' or '}'", "ánh xạ trong ngoặc nhọn «{…}» thiếu dấu «,» hoặc «}» đóng"),
    ("expected ',' or '}'", "ánh xạ trong ngoặc nhọn «{…}» thiếu dấu «,» hoặc «}» đóng"),
    ("found undefined alias", "dùng bí danh (alias) chưa được định nghĩa"),
    ("found duplicate anchor", "tên neo «&…» bị dùng hai lần"),
    ("second occurrence", "tên neo «&…» bị dùng hai lần"),
    ("but found another document", "tệp có nhiều tài liệu YAML (gặp «---» thứ hai); mỗi tệp chỉ được một"),
    ("expected a single document", "tệp có nhiều tài liệu YAML (gặp «---» thứ hai); mỗi tệp chỉ được một"),
    ("expected <block end>, but found", "thụt lề không khớp (cần kết thúc khối)"),
    ("exceeded max depth", "dữ liệu lồng nhau quá sâu"),
    ("found unacceptable key", "khóa (tên trường) không hợp lệ"),
    ("while constructing", "khóa (tên trường) không hợp lệ"),
    ("unacceptable character", "tệp chứa ký tự điều khiển, YAML không cho phép"),
    ("control characters are not allowed", "tệp chứa ký tự điều khiển, YAML không cho phép"),
    ("invalid leading UTF-8 octet", "tệp không phải văn bản UTF-8"),
    ("incomplete UTF-8 octet sequence", "tệp không phải văn bản UTF-8"),
    ("invalid trailing UTF-8 octet", "tệp không phải văn bản UTF-8"),
    ("invalid Unicode character", "tệp chứa ký tự Unicode không hợp lệ"),
]

_CONTEXTS = [
    ("while scanning a quoted scalar", "chuỗi trong dấu nháy"),
    ("while scanning a double-quoted scalar", "chuỗi trong dấu nháy kép"),
    ("while scanning a single-quoted scalar", "chuỗi trong dấu nháy đơn"),
    ("while scanning a simple key", "tên trường"),
    ("while parsing a flow sequence", "danh sách «[»"),
    ("while parsing a flow mapping", "ánh xạ «{»"),
    ("while parsing a block mapping", "khối ánh xạ"),
    ("while parsing a block collection", "khối"),
    ("while scanning a block scalar", "khối chữ «|»/«>»"),
    ("while parsing a block node", "khối"),
]


def _translate_problem(problem: str) -> tuple[str, bool]:
    """(Vietnamese sentence, whether the problem was recognised)."""
    text = " ".join(problem.split())
    for english, vietnamese in _PROBLEMS:
        if text.startswith(english) or english in text:
            return vietnamese, True
    return "cấu trúc YAML không hợp lệ ở vị trí này", False


def _translate_context(context: str) -> str | None:
    for english, vietnamese in _CONTEXTS:
        if context.startswith(english):
            return vietnamese
    return None


def _expanded_size(node: Node, memo: dict[int, int], limit: int) -> int:
    """Number of nodes after alias expansion, stopping early past ``limit``."""
    key = id(node)
    cached = memo.get(key)
    if cached is not None:
        return cached
    memo[key] = 1  # guards against recursive structures
    total = 1
    if node.id == MAPPING:
        for k, v in node.value:
            total += _expanded_size(k, memo, limit) + _expanded_size(v, memo, limit)
            if total > limit:
                break
    elif node.id == SEQUENCE:
        for item in node.value:
            total += _expanded_size(item, memo, limit)
            if total > limit:
                break
    memo[key] = total
    return total


def _uses_aliases(text: str) -> bool:
    return "*" in text and "&" in text


def _scalar(node: Node) -> Any:
    value = node.value
    if node.style:  # quoted or block scalar: always a string
        return value
    tag = _resolve_plain(value) if node.tag in (_TAG_STR, None, "?") else node.tag
    if tag == _TAG_STR:
        return value
    if tag == _TAG_NULL:
        return None
    if tag == _TAG_BOOL:
        return _BOOLS.get(value.lower(), value)
    if tag == _TAG_INT:
        text = value.replace("_", "")
        try:
            if _OCT_HEX_RE.match(text.lower()):
                return int(text, 0)
            if text.lstrip("+-").startswith("0b"):
                return int(text.replace("0b", "", 1), 2)
            return int(text)
        except ValueError:
            return value
    if tag == _TAG_FLOAT:
        low = value.lower()
        if low in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[low]
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == _TAG_TIMESTAMP:
        return value  # dates are validated by the models, not by YAML
    return value


class _Refused(Exception):
    """The document's shape cannot be built: too deep, or an alias that contains itself."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _at(node: Node) -> dict[str, int]:
    return {"line": node.start_mark.line + 1, "column": node.start_mark.column + 1}


class _Constructor:
    def __init__(self, path: Path):
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.memo: dict[int, Any] = {}
        self.open: set[int] = set()  # containers being built (on the current path)

    def build(self, node: Node, where: DataPath = ()) -> Any:
        kind = node.id
        if kind == SCALAR:
            value = _scalar(node)
            if (isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT) or (
                    isinstance(value, str) and len(value) > 20 and not node.style
                    and node.tag in (_TAG_STR, None, "?") and _resolve_plain(value) == _TAG_INT):
                self.diagnostics.append(error(
                    f"số nguyên quá lớn ({len(node.value)} ký tự); cchc chỉ nhận số trong khoảng ±{MAX_INT}",
                    file=self.path, code="number-too-large", **_at(node),
                    hint="nếu đây là văn bản, đặt trong dấu nháy: \"...\""))
                return node.value
            return value
        key = id(node)
        if key in self.open:
            raise _Refused(error(
                "bí danh (alias «*») tham chiếu tới chính khối chứa nó, tạo dữ liệu vô hạn",
                file=self.path, code="recursive-alias", **_at(node),
                hint="viết dữ liệu trực tiếp thay vì dùng bí danh tự tham chiếu"))
        if key in self.memo:
            return self.memo[key]
        if len(self.open) >= MAX_DEPTH:
            raise _Refused(error(
                f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} mức)", file=self.path, code="too-deep",
                **_at(node), hint="giảm số mức lồng danh sách/ánh xạ; dữ liệu CCHC không cần sâu như vậy"))
        self.open.add(key)
        try:
            return self._build_container(node, kind, key, where)
        finally:
            self.open.discard(key)

    def _build_container(self, node: Node, kind: str, key: int, where: DataPath) -> Any:
        if kind == SEQUENCE:
            result: list = []
            self.memo[key] = result
            for index, item in enumerate(node.value):
                result.append(self.build(item, (*where, index)))
            return result
        if kind == MAPPING:
            mapping: dict = {}
            self.memo[key] = mapping
            seen: dict[Any, Node] = {}
            for key_node, value_node in node.value:
                if key_node.id == SCALAR and not key_node.style and key_node.value == "<<":
                    merged = self.build(value_node, where)
                    for part in merged if isinstance(merged, list) else [merged]:
                        if isinstance(part, dict):
                            for k, v in part.items():
                                mapping.setdefault(k, v)
                    continue
                k = self.build(key_node, where)
                if isinstance(k, list | dict):
                    self.diagnostics.append(error(
                        "khóa của ánh xạ phải là giá trị đơn, không phải danh sách/ánh xạ",
                        file=self.path, line=key_node.start_mark.line + 1,
                        column=key_node.start_mark.column + 1, code="complex-key"))
                    continue
                if k in seen:
                    first = seen[k].start_mark.line + 1
                    self.diagnostics.append(error(
                        f"khóa «{k}» bị lặp lại (đã có ở dòng {first})",
                        file=self.path, line=key_node.start_mark.line + 1,
                        column=key_node.start_mark.column + 1, code="duplicate-key",
                        hint="xóa một trong hai dòng hoặc gộp nội dung lại; YAML chỉ giữ một giá trị",
                    ))
                    continue
                seen[k] = key_node
                mapping[k] = self.build(value_node, (*where, k))
            return mapping
        return None


@dataclass
class SourceFile:
    """A data file as read from disk: its text, its data, and where things are."""

    path: Path
    text: str
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _root: Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)
    fast: bool = field(default=False, repr=False)  # read by the compiled reader (see read_source)
    # (text, its UTF-8) when read_source had the bytes at hand: pack keeps them instead of
    # encoding the text again, as long as ``text`` is still that very string
    _utf8: tuple[str, bytes] | None = field(default=None, repr=False, compare=False)

    # ---- memory ---------------------------------------------------------
    def pack(self) -> None:
        """Keep the text as UTF-8 bytes until it is needed again (for locating a problem).

        Vietnamese text takes two bytes a character as a Python string and about 1.1 as UTF-8;
        on a large repository the texts are the largest single part of the memory.
        """
        text = self.__dict__.pop("text", None)
        if text is not None:
            known, self._utf8 = self._utf8, None
            self.__dict__["_packed"] = known[1] if known is not None and known[0] is text \
                else text.encode("utf-8")

    def forget_utf8(self) -> None:
        """Drop the UTF-8 kept for :meth:`pack` (a source kept as text)."""
        self._utf8 = None

    def __getattr__(self, name: str) -> Any:
        packed = self.__dict__.get("_packed")
        if name == "text" and packed is not None:
            text = self.__dict__["text"] = packed.decode("utf-8")
            del self.__dict__["_packed"]
            return text
        raise AttributeError(name)

    # ---- locating -------------------------------------------------------
    def _root_node(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = compose(self.text)
            except _syntax_errors():
                self._root = None
        return self._root

    def locate(self, path: DataPath, *, at_key: bool = False) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value at ``path`` (of its key with ``at_key``).

        When the path does not exist (e.g. a missing field), the nearest existing
        ancestor is returned, which is where the user has to add it.
        """
        node = self._root_node()
        if node is None:
            return None, None
        target: Node = node
        for index, step in enumerate(path):
            last = index == len(path) - 1
            if node.id == MAPPING:
                pair = next(
                    ((k, v) for k, v in node.value if k.id == SCALAR and k.value == str(step)),
                    None,
                )
                if pair is None:
                    break
                node = pair[1]
                target = pair[0] if (at_key and last) else node
            elif node.id == SEQUENCE and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                target = node
            else:
                break
        mark = target.start_mark
        return mark.line + 1, mark.column + 1

    def source_text(self, path: DataPath) -> str | None:
        """The scalar exactly as written at ``path`` (e.g. ``7.10`` that YAML read as 7.1)."""
        node = self._root_node()
        for step in path:
            if node.id == MAPPING:
                node = next((v for k, v in node.value if k.id == SCALAR and k.value == str(step)), None)
            elif node.id == SEQUENCE and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                return None
            if node is None:
                return None
        return node.value if node.id == SCALAR else None

    def resolve(self, diagnostic: Diagnostic) -> Diagnostic:
        """Fill in file, line and column of a diagnostic that only has a data path."""
        diagnostic.file = diagnostic.file or self.path
        if diagnostic.line is None:
            diagnostic.line, diagnostic.column = self.locate(diagnostic.path, at_key=diagnostic.at_key)
        return diagnostic


def _empty_file(path: Path) -> Diagnostic:
    return error("tệp rỗng: không có dữ liệu", file=path, line=1, column=1, code="empty-file",
                 hint="thêm dòng `schema: <loại>@<phiên bản>` và nội dung, hoặc xóa tệp")


# Text the compiled reader would read differently from the strict reader, or that the strict
# reader alone reports on: tabs and control characters, tags (``!``), merge keys, directives,
# several documents, explicit keys (``?``) and empty keys (``[:]``), upper-case hex and numbers with a leading underscore
# (which YAML 1.2 as ruamel.yaml implements keeps as text). Such files take the strict path;
# everything else is read by both alike, which tests/core/test_fast_reader.py checks as a property.
#
# All of it is decided from one pass over the UTF-8 bytes (:class:`Scan`): ``bytes.translate``
# maps every byte to its class, and short substring tests on that class string answer what a
# regular expression over the text would (a character class over 15 MB of Vietnamese text costs
# more than the compiled reader itself). The exact character-class searches run only on a file
# whose bytes hold a candidate (a C0/C1 control, U+2028/2029, U+FEFF/FFFE/FFFF or a bidi control
# can only be written with the lead bytes 0xC2, 0xE2, 0xED (surrogates) and 0xEF, which Vietnamese text
# does not use).
_UNSAFE_CHARS = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff!]")
_UNSAFE_SUBSTRINGS = (b"0X", b"<<", b"\n%", b"\n---", b"\n...", b":]", b":,", b":}")
# Each with a byte of it that data seldom holds, looked for first (``bytes in`` of one byte is a
# memchr, 25 times as fast as a search for two bytes; where that byte is absent, so is the whole):
# the eight searches were 95 ms of a cold validate of 50,000 tasks, now 44.
_UNSAFE_SEARCHES = tuple((part, next((bytes([b]) for b in part if bytes([b]) in b"X<%]}"), None))
                         for part in _UNSAFE_SUBSTRINGS)


def _byte_classes() -> bytes:
    table = bytearray(b"x" * 256)
    classes = {
        b"U": bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xE2, 0xED, 0xEF]),
        b"B": b"\t!",  # the strict reader's, but no control character
        b"A": b" \n[{,",  # what may stand before a token
        b"S": b"+-",  # a sign, which may stand between the two
        b"T": b"_?:&>|",  # characters whose meaning changes when they start a token
        b"H": b"0123456789abcdefABCDEF",  # hexadecimal digits (long runs: MAX_INT)
    }
    for cls, members in classes.items():
        for byte in members:
            table[byte] = cls[0]
    return bytes(table)


_CLASSES = _byte_classes()


class Scan:
    """One pass over a text's UTF-8 bytes: what the pre-checks of reading need to know."""

    __slots__ = ("data", "classes")

    def __init__(self, data: bytes):
        self.data = data
        self.classes = data.translate(_CLASSES)

    @classmethod
    def of(cls, text: str) -> Scan:
        return cls(text.encode("utf-8", "surrogatepass"))

    @property
    def may_hold_controls(self) -> bool:
        """False when the text surely holds no control, C1, bidi or non-character code point."""
        return b"U" in self.classes

    def starts_token(self) -> bool:
        """Whether one of ``_ ? : & > |`` (optionally after a sign) starts a token: at the start
        of the text or after a space, line break, ``[``, ``{`` or ``,``."""
        classes = self.classes
        return classes.startswith((b"T", b"ST")) or b"AT" in classes or b"AST" in classes


def _strict_reader_needed(text: str, scan: Scan | None = None) -> bool:
    scan = scan or Scan.of(text)
    data = scan.data
    return (
        data.startswith((b"%", b"---", b"..."))
        or any((rare is None or rare in data) and part in data for part, rare in _UNSAFE_SEARCHES)
        or b"B" in scan.classes  # tabs and tags
        or (scan.may_hold_controls and _UNSAFE_CHARS.search(text) is not None)
        # numbers with a leading underscore, explicit and empty keys, anchors (even malformed
        # ones are the strict reader's), block scalars (the compiled reader keeps a newline in
        # an empty one, `id: >`, and accepts `[>]`, which YAML forbids)
        or scan.starts_token()
        or (b"*" in data and b"&" in data)  # aliases
    )


def _declined(text: str, scan: Scan) -> bool:
    """Whether the strict reader must read ``text``. What makes the pre-checks decline is looked
    for again without the full-line comments (a line whose first non-space character is ``#``;
    file headers cite sources with "->", "?" and "&"): in plain and flow context such a line is a
    comment to both readers; inside a quoted scalar it is text, where none of the constructs the
    pre-checks look for means anything. Tabs and control characters count anywhere."""
    if not (_strict_reader_needed(text, scan) or _maybe_out_of_bounds(text, scan)):
        return False
    data = scan.data
    if b"#" not in data or b"\t" in data or (scan.may_hold_controls and (
            _UNSAFE_CHARS.search(text) or _BIDI_CONTROLS.search(text) or _non_printable().search(text))):
        return True
    lines = data.split(b"\n")
    bare = b"\n".join(b"" if line.lstrip(b" ").startswith(b"#") else line for line in lines)
    if len(bare) == len(data):
        return True
    rescan = Scan(bare)
    bare_text = bare.decode("utf-8", "surrogatepass")
    return _strict_reader_needed(bare_text, rescan) or _maybe_out_of_bounds(bare_text, rescan)


def fast_read(text: str, scan: Scan | None = None, *, controls_checked: bool = False) -> dict | None:
    """The data of ``text`` read by the compiled reader, or None when the strict reader must read it.

    None is returned for anything the compiled reader might read differently (see
    ``_strict_reader_needed``), for files with anchors and aliases (bounded expansion is checked by
    the strict reader), for any error (duplicate keys, syntax: the strict reader words the
    diagnostic, control and bidirectional characters: ``controls_checked`` when the caller has
    looked for them already), and for anything but one mapping. ``scan`` is :meth:`Scan.of`
    ``text``, when the caller has it.
    """
    if _yaml_rs is None:
        return None
    scan = scan or Scan.of(text)
    if _declined(text, scan) or (not controls_checked and scan.may_hold_controls
                                 and control_character_diagnostic(text, Path("-")) is not None):
        return None
    try:
        # The text's UTF-8 bytes (the file's own, mostly): given the text, the reader would
        # encode it to UTF-8 again first, a fortieth of a cold validate of 50,000 tasks.
        data = _yaml_rs.load(scan.data, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any failure: the strict reader reports it properly
        return None
    # Nesting is not measured here (walking every record of a large file costs more than the
    # reading): a caller that takes this shortcut must re-read strictly any file whose records
    # fail validation or whose free-form values nest deeply (`nests_deeper`), as `Loader` does
    # (deep data can only survive validation in free-form values).
    return data if isinstance(data, dict) else None


# What the strict reader alone bounds (MAX_INT, MAX_DEPTH): long digit runs, and lines that are
# indented past MAX_DEPTH columns or nest many block sequences on one line (``- - - - x``).
_LONG_DIGIT_RUN = b"H" * 19
_DEEP_LINES = (b"\n" + b" " * MAX_DEPTH, b"- " * (MAX_DEPTH // 2))


def _maybe_out_of_bounds(text: str, scan: Scan | None = None) -> bool:
    scan = scan or Scan.of(text)
    data = scan.data
    return data.startswith(b" " * MAX_DEPTH) or any(part in data for part in _DEEP_LINES) \
        or _LONG_DIGIT_RUN in scan.classes


def nests_deeper(data: Any, limit: int) -> bool:
    """Whether lists and mappings in ``data`` nest more than ``limit`` levels (the top one is 1)."""
    level: list[Any] = [data]
    for _ in range(limit):
        level = [v for item in level
                 for v in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ())
                 if isinstance(v, dict | list)]
        if not level:
            return False
    return True


_DATA_LINE = re.compile(r"^\s*[^\s#]", re.MULTILINE)


def holds_data(text: str) -> bool:
    """Whether some line of ``text`` is neither blank nor a comment. Found at the first such line
    (the ``schema:`` line, mostly), without splitting a 150 kB file into its lines or copying it
    to strip it, which was a fiftieth of a cold validate."""
    return _DATA_LINE.search(text) is not None


def read_source(path: Path, raw: bytes | None = None, *, fast: bool = False) -> SourceFile:
    """Read and parse one YAML file. Problems are collected on ``SourceFile.diagnostics``.

    ``data`` is ``None`` when the file could not be parsed at all. With ``fast``, a file that the
    compiled reader reads exactly as the strict reader would is read by it (``SourceFile.fast``);
    the caller must then re-read strictly a file whose data turns out invalid or free-form (see
    :func:`fast_read`). Every other file goes through the strict reader.
    """
    if raw is None:
        raw = path.read_bytes()
    try:
        text, notes = decode_text(raw, path)
    except YamlLoadError as exc:
        return SourceFile(path=path, text="", diagnostics=exc.diagnostics)
    source = SourceFile(path=path, text=text, diagnostics=list(notes))
    if not holds_data(text):
        source.diagnostics.append(_empty_file(path))
        return source
    # The bytes as read are the text's UTF-8 unless decoding changed something (BOM, CR, NFD).
    same = not notes and b"\r" not in raw and not raw.startswith(codecs.BOM_UTF8)
    scan = Scan(raw) if same else Scan.of(text)
    source._utf8 = (text, scan.data)
    control = control_character_diagnostic(text, path, scan)
    if control is not None:
        source.diagnostics.append(control)
        return source
    if fast:
        data = fast_read(text, scan, controls_checked=True)
        if data is not None:
            source.data, source.fast = data, True
            return source
    try:
        root = compose(text)
    except _syntax_errors() as exc:
        source.diagnostics.append(_syntax_diagnostic(exc, text, path))
        return source
    source._root, source._composed = root, True
    if root is None or (root.id == SCALAR and _scalar(root) is None):  # nothing, `---` or `~`
        source.diagnostics.append(_empty_file(path))
        return source
    # Building first is safe (aliases become shared objects, not copies) and bounds the depth,
    # so the expansion count below cannot exhaust the stack.
    constructor = _Constructor(path)
    try:
        data = constructor.build(root)
    except _Refused as exc:
        source.diagnostics.append(exc.diagnostic)
        return source
    if _uses_aliases(text):
        memo: dict[int, int] = {}
        plain_count = text.count("\n") + 1
        limit = min(MAX_EXPANDED_NODES, max(10_000, plain_count * MAX_EXPANSION_RATIO))
        if _expanded_size(root, memo, limit) > limit:
            source.diagnostics.append(error(
                "tệp dùng bí danh (alias «*») lồng nhau quá nhiều, khi mở rộng sẽ quá lớn",
                file=path, line=1, column=1, code="alias-bomb",
                hint="viết dữ liệu trực tiếp thay vì dùng &neo/*bí danh lồng nhau",
            ))
            return source
    source.data = data
    source.diagnostics.extend(constructor.diagnostics)
    # Keep memory low on big repos: the node tree is rebuilt on demand for locating.
    source._root, source._composed = None, False
    return source


# ---- writing a scalar this reader reads back ---------------------------------------------
# (the one rule for every generated YAML file: `cchc init`, `cchc import`, `assign --from`)

_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9]")
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}
_FLOW_INDICATOR = re.compile(r"[,\[\]{}]")
_OTHER_SPACE = re.compile(r"[^\S ]")  # tabs, line breaks (also NEL, LS, PS), no-break spaces
_MUST_ESCAPE = f"{_NON_PRINTABLE_CLASS}|[\x85\u2028\u2029]"  # compiled (and cached) by re on use


def yaml_scalar(value: str, *, flow: bool = False) -> str:
    """A string as a YAML scalar: plain when this reader reads it back as the same string,
    otherwise double-quoted (JSON quoting is valid YAML). Words other YAML readers take for
    booleans (yes, no, on, off) are quoted too. ``flow``: the scalar stands inside ``[…]`` or
    ``{…}``, where a comma or bracket would end it."""
    import json

    plain = (not (flow and _FLOW_INDICATOR.search(value)) and bool(_PLAIN_START.match(value)) and value == value.strip() and not _OTHER_SPACE.search(value)
             and ": " not in value and " #" not in value and not value.endswith(":")
             and value.lower() not in _YAML_WORDS and not _non_printable().search(value)
             and _resolve_plain(value) == _TAG_STR)
    if plain:
        return value
    # JSON escapes C0 controls; YAML also forbids DEL, C1 controls and U+FFFE/FFFF unescaped,
    # and folds the line breaks NEL, LS and PS inside quotes
    return re.sub(_MUST_ESCAPE, lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def yaml_comment(text: str) -> str:
    """Text for a ``# comment``: one line, runs of white space folded."""
    return " ".join(text.split())
