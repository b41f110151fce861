"""The sandboxed Jinja environment that turns templates into body markup.

Templates come from ``templates/`` folders: the data repository's own first (so a province can
add or override a template), then the templates shipped with cchc. Each template file is named
``<template>.md.j2`` and produces body markup (:mod:`cchc.docx.markup`).

Safety
    * :class:`cchc.sandbox.SafeEnvironment` (an ``ImmutableSandboxedEnvironment`` closed
      further): templates see plain frozen data only (:mod:`cchc.render.context`), an
      allow-list of attributes, filters and globals, and an execution budget; no access to
      private or dunder attributes, no mutation of the data.
    * Templates can only load other ``.j2`` templates by a relative name inside the template
      folders: an absolute path, ``..`` or any other file is refused. Templates have no other
      way to read files.
    * ``StrictUndefined``: a missing variable is an error.
    * Every error becomes a :class:`cchc.errors.DataError` that names the template file and
      line, in Vietnamese.

Escaping (decision)
    Every value printed with ``{{ … }}`` is escaped for the markup by the environment's
    ``finalize`` (:func:`escape_value`): ``*``, ``\\``, ``|`` and ``<br`` are written literally,
    a line-start marker that would change the layout (``#``, ``:::``, ``IV. ``) stays text and
    line breaks become spaces. So data containing ``*`` or ``|`` can never break the layout. Template text
    outside ``{{ }}`` is markup as written. A template that really wants to insert markup
    held in a variable uses the ``raw`` filter (``{{ part|raw }}``).

Filters
    ``ngay`` (date → "ngày 05 tháng 01 năm 2021"), ``ngay_ngan`` ("17/7/2021"), ``ngay_so``
    ("05/01/2021"), ``so`` (number → "83,22", "1.674"; ``so(2)`` fixes the decimals), ``diem``
    (points, two decimals at most), ``co_quan`` (agency id → official name; ``co_quan(ngan=true)``
    → short name), ``ds_co_quan`` (list of ids → "A, B và C"), ``roman`` (4 → "IV"),
    ``chu_hoa`` (Vietnamese upper case), ``viet_thuong_dau`` / ``viet_hoa_dau`` (first letter
    lower / upper case), ``raw`` (see above).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
)

from cchc.docx.markup import escape_text
from cchc.errors import DataError
from cchc.resources import bundled_templates_dir
from cchc.sandbox import SafeEnvironment, render_safely, template_error
from cchc.textvn import date_full, date_numeric, date_short, join_names, number, roman, upper_vi

TEMPLATE_SUFFIX = ".md.j2"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


class Raw(str):
    """A string that is already body markup: printed without escaping."""


class TemplateLoadError(DataError):
    """A template could not be found or was refused."""


# --------------------------------------------------------------------------- escaping


def escape_value(value: Any) -> str:
    """Text of a value as it must appear in markup (see the module docstring)."""
    if type(value) is str:  # most values
        text = value
    elif isinstance(value, Raw):
        return str(value)
    elif value is None:
        raise ValueError("giá trị rỗng (None) không in được; dùng `{{ x or '' }}` hoặc `{% if x %}`")
    elif isinstance(value, bool):
        text = "có" if value else "không"
    elif isinstance(value, float):
        text = number(value)
    elif isinstance(value, date):
        text = date_short(value)
    else:
        text = str(value)
    text = " ".join(unicodedata.normalize("NFC", text).split()) if "\n" in text or "\r" in text else text
    text = escape_text(text).replace("<br", "\\<br")
    return _escape_start(text) if text[:1] in _MARKER_STARTS else text


_ROMAN_DIGITS = frozenset("IVXLC")
_MARKER_STARTS = _ROMAN_DIGITS | frozenset("#:^<")  # the first characters _escape_start looks at
_ROMAN_START = re.compile(r"^([IVXLC]+)\.\s")


def _escape_start(text: str) -> str:
    """Keep a value that starts like a markup marker that changes the layout plain text,
    wherever it lands: a heading ``#``, a fence ``:::``, a Roman-numbered (bold) mục, a lone
    ``^^``/``<<`` table cell. Other markers (``1.``, ``a)``, ``-``) lay out as plain body text."""
    if text in ("^^", "<<") or text[:1] in ("#", ":"):
        return "\\" + text
    if text[:1] not in _ROMAN_DIGITS:
        return text
    match = _ROMAN_START.match(text)
    if match:
        return match.group(1) + "\\" + text[len(match.group(1)):]
    return text


# --------------------------------------------------------------------------- loader


class _FolderLoader(BaseLoader):
    """Loads ``*.j2`` files from one folder; refuses anything that is not a plain relative name."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment, template: str):  # type: ignore[override]
        check_template_name(template)
        path = self.folder.joinpath(*template.split("/"))
        try:
            resolved = path.resolve(strict=True)
            base = self.folder.resolve(strict=True)
        except (OSError, RuntimeError):
            raise TemplateNotFound(template) from None
        if not resolved.is_relative_to(base) or not resolved.is_file():
            raise TemplateNotFound(template)
        text = resolved.read_text(encoding="utf-8-sig")
        mtime = resolved.stat().st_mtime

        def uptodate() -> bool:
            try:
                return resolved.stat().st_mtime == mtime
            except OSError:
                return False

        return unicodedata.normalize("NFC", text), str(path), uptodate

    def list_templates(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.j2") if p.is_file())


def check_template_name(name: str) -> None:
    """Refuse absolute paths, ``..``, hidden files and anything but ``.j2`` templates."""
    if not isinstance(name, str) or not _SAFE_NAME.match(name) or ".." in name.split("/") \
            or not name.endswith(".j2"):
        raise TemplateLoadError(
            f"mẫu «{name}» bị từ chối: mẫu chỉ được nạp mẫu khác trong thư mục templates",
            hint="dùng tên tương đối của một tệp .j2 trong templates/, ví dụ "
                 "{% include 'chung/ket-thuc.md.j2' %}; không dùng đường dẫn tuyệt đối hay '..'")


def template_dirs(data_root: Path | None) -> list[Path]:
    """Template folders in search order: ``<data>/templates``, ``<data>/../templates`` (when the
    data folder is the ``data/`` of a repository), then the templates shipped with cchc."""
    found: list[Path] = []
    candidates: list[tuple[Path, Path | None]] = []  # (folder, the folder it must not leave)
    if data_root is not None:
        candidates.append((data_root / "templates", data_root))
        if data_root.name == "data":
            candidates.append((data_root.parent / "templates", data_root.parent))
    bundled = bundled_templates_dir()
    if bundled is not None:
        candidates.append((bundled, None))
    seen: set[Path] = set()
    for folder, within in candidates:
        if not folder.is_dir():
            continue
        resolved = folder.resolve()
        if within is not None and not resolved.is_relative_to(within.resolve()):
            # a templates link a pull request committed: rendering would read files elsewhere
            raise TemplateLoadError(
                f"thư mục mẫu {folder} là liên kết trỏ ra ngoài kho dữ liệu ({resolved})",
                hint="thay liên kết bằng thư mục templates thật trong kho dữ liệu")
        if resolved not in seen:
            seen.add(resolved)
            found.append(folder)
    return found


def template_file_name(template: str) -> str:
    """``cong-van-don-doc`` → ``cong-van-don-doc.md.j2`` (a name with ``.j2`` is kept)."""
    return template if template.endswith(".j2") else template + TEMPLATE_SUFFIX


# --------------------------------------------------------------------------- filters


def _as_date(value: Any, filter_name: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"bộ lọc «{filter_name}» cần một ngày (YYYY-MM-DD), nhận được «{value}»")


def _as_number(value: Any, filter_name: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"bộ lọc «{filter_name}» cần một số, nhận được «{value}»")
    return value


def ngay(value: Any) -> str:
    return date_full(_as_date(value, "ngay"))


def ngay_ngan(value: Any) -> str:
    return date_short(_as_date(value, "ngay_ngan"))


def ngay_so(value: Any) -> str:
    return date_numeric(_as_date(value, "ngay_so"))


def so(value: Any, decimals: int | None = None) -> str:
    return number(_as_number(value, "so"), decimals)


def diem(value: Any) -> str:
    return number(round(float(_as_number(value, "diem")), 2))


def viet_thuong_dau(text: Any) -> str:
    text = str(text)
    return text[:1].lower() + text[1:]


def viet_hoa_dau(text: Any) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def agency_filters(agencies: dict[str, Any]) -> dict[str, Callable[..., str]]:
    """``co_quan`` and ``ds_co_quan`` bound to a dataset's agencies."""

    def name_of(agency_id: Any, short: bool) -> str:
        agency = agencies.get(str(agency_id))
        if agency is None:
            raise ValueError(f"không có cơ quan mã «{agency_id}» trong danh mục cơ quan")
        return agency.display_name if short else agency.name

    def co_quan(agency_id: Any, ngan: bool = False) -> str:
        return name_of(agency_id, ngan)

    def ds_co_quan(agency_ids: Iterable[Any], ngan: bool = False) -> str:
        if isinstance(agency_ids, str):
            agency_ids = [agency_ids]
        return join_names([name_of(a, ngan) for a in agency_ids])

    return {"co_quan": co_quan, "ds_co_quan": ds_co_quan}


BASE_FILTERS: dict[str, Callable[..., Any]] = {
    "ngay": ngay,
    "ngay_ngan": ngay_ngan,
    "ngay_so": ngay_so,
    "so": so,
    "diem": diem,
    "roman": lambda value: roman(int(value)),
    "chu_hoa": lambda value: upper_vi(str(value)),
    "viet_thuong_dau": viet_thuong_dau,
    "viet_hoa_dau": viet_hoa_dau,
    "ds": lambda values: join_names([str(v) for v in values]),
    "raw": lambda value: Raw(value),
}


# --------------------------------------------------------------------------- environment


def make_environment(data_root: Path | None = None, *, agencies: dict[str, Any] | None = None,
                     folders: Sequence[Path] | None = None) -> SafeEnvironment:
    """The sandboxed environment for ``data_root`` (templates of the data repo first)."""
    dirs = list(folders) if folders is not None else template_dirs(data_root)
    env = SafeEnvironment(
        loader=ChoiceLoader([_FolderLoader(folder) for folder in dirs]),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=escape_value,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(BASE_FILTERS)
    env.filters.update(agency_filters(agencies or {}))
    return env


def list_templates(env: SafeEnvironment) -> list[tuple[str, str]]:
    """(template name, file) of every document template (``*.md.j2``), overrides first wins."""
    loader = env.loader
    assert isinstance(loader, ChoiceLoader)
    found: dict[str, str] = {}
    for sub in loader.loaders:
        assert isinstance(sub, _FolderLoader)
        for name in sub.list_templates():
            if name.endswith(TEMPLATE_SUFFIX) and name not in found:
                found[name] = str(sub.folder / name)
    return [(name[: -len(TEMPLATE_SUFFIX)], path) for name, path in sorted(found.items())]


def load_template(env: SafeEnvironment, template: str, *, where: str) -> Template:
    """The template called ``template`` (without suffix); DataError when missing or invalid."""
    name = template_file_name(template)
    try:
        return env.get_template(name)
    except TemplateNotFound as exc:
        folders = ", ".join(str(getattr(sub, "folder", "?")) for sub in env.loader.loaders)  # type: ignore[union-attr]
        missing = exc.name if exc.name != name else name
        raise TemplateLoadError(
            f"{where}: không tìm thấy mẫu «{missing}»",
            hint=f"các thư mục mẫu: {folders}; xem `cchc render --list`") from None
    except TemplateSyntaxError as exc:
        raise template_error(exc, name) from None
    except TemplateLoadError:
        raise


def compile_string(env: SafeEnvironment, source: str, *, name: str) -> Template:
    """A template from a string (a document's ``body`` or an appendix body)."""
    try:
        return env.from_string(source)
    except TemplateSyntaxError as exc:
        raise template_error(exc, name) from None


def render_template(template: Template, context: dict[str, Any], *, name: str) -> str:
    """Render with every failure turned into a Vietnamese DataError naming template and line
    (:func:`cchc.sandbox.render_safely`)."""
    return render_safely(template, context, name=name)
