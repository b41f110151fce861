"""The one Jinja sandbox every template of cchc runs in, and the plain data templates receive.

Data reaches cchc through pull requests and is rendered in CI, so a template or a document
``body`` is untrusted code. Two rules make it harmless:

Plain data only
    :func:`freeze` turns every value a template may see into immutable plain data:
    :class:`Record` (a model or dataclass: its fields and its computed properties, read by
    attribute or key), :class:`FrozenDict` (a mapping), tuples, ``str``, ``int``, ``float``,
    ``Decimal``, ``bool``, ``None`` and dates; an enum member becomes a :class:`Label` (a ``str``
    holding the value, with ``.value`` and ``.label``). A template never holds a Pydantic model
    (``parse_raw``, ``parse_file``, ``model_validate_json`` …), a bound method, a module or a class.
    The only callables are the vetted helpers the renderer registers with :func:`vetted`
    (``heads``, ``units``, ``add_working_days``, ``results.get`` …): pure functions of plain data
    that return frozen data.

A closed sandbox (:class:`SafeEnvironment`)
    * an allow-list of attributes per type (fields of records; ``get``/``keys``/``values``/
      ``items`` of mappings; harmless ``str`` methods — not ``format``, ``format_map`` or the
      padding methods; ``year``/``month``/``day`` of dates; the ``loop`` variable);
    * an allow-list of filters and of globals: ``cycler``, ``lipsum``, ``joiner``, ``namespace``,
      ``dict``, ``attr``, ``pprint``, ``random``, ``indent``, ``center``, ``tojson``, ``xmlattr``,
      ``urlize`` are gone; ``range`` is bounded; ``format`` and ``%`` accept only simple
      conversions (``"%02d"``) of plain values; ``replace``, ``batch`` and ``slice`` are bounded;
    * an execution budget per render: every ``for`` loop, call and attribute access counts
      against :data:`MAX_STEPS` and a limit of :data:`MAX_SECONDS` of CPU time, both growing
      with the data the render is given (:class:`_Budget`), so that work stays linear in the
      data; ``*``, ``**``, ``+`` and ``%`` refuse results beyond :data:`MAX_LENGTH` items or
      :data:`MAX_INT_BITS` bits; macros nest at most :data:`MAX_DEPTH` deep; the output is at
      most :data:`MAX_OUTPUT` characters (also growing with the data).

Every refusal is a :class:`TemplateLimitError` (a :class:`jinja2.sandbox.SecurityError`) with
a Vietnamese message; renderers turn it into a DataError naming the template and line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import time
import weakref
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from types import MappingProxyType
from typing import Any

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError, nodes
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import BlockReference, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from cchc.errors import DataError

MAX_STEPS = 200_000  # loop iterations + calls + attribute accesses per render (plus STEPS_PER_VALUE)
MAX_SECONDS = 5.0  # CPU seconds per render (plus SECONDS_PER_VALUE)
MAX_RANGE = 10_000  # items of one range()
MAX_LENGTH = 1_000_000  # characters of a string / items of a sequence built by an operator
MAX_INT_BITS = 4096  # size of an integer built by an operator
MAX_DEPTH = 50  # nested macro calls
MAX_OUTPUT = 5_000_000  # characters printed by {{ … }} per render (plus OUTPUT_PER_VALUE)
# The budget grows with the data a render is given (data_size of its context): per value held.
STEPS_PER_VALUE = 4
SECONDS_PER_VALUE = 10e-6
OUTPUT_PER_VALUE = 64
_CHECK_EVERY = 1024  # steps between two looks at the clock
MAX_FREEZE_DEPTH = 60
CALL_STEPS = 10  # a call (macro, helper, method) costs this many steps


class TemplateLimitError(SecurityError):
    """A template did something the sandbox refuses (Vietnamese message)."""


# --------------------------------------------------------------------------- plain data


class Record:
    """An immutable record: read-only fields by attribute (``r.name``) or key (``r['name']``)."""

    __slots__ = ("_fields", "_size")

    def __init__(self, fields: Mapping[str, Any], *, size: int | None = None):
        object.__setattr__(self, "_fields", MappingProxyType(dict(fields)))
        object.__setattr__(self, "_size", size if size is not None else 1 + len(fields))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __iter__(self):
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Record is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Record is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and dict(self._fields) == dict(other._fields)

    def __hash__(self) -> int:
        return hash(tuple(self._fields.items()))

    def __repr__(self) -> str:
        return "Record(" + ", ".join(f"{k}={v!r}" for k, v in self._fields.items()) + ")"

    def fields(self) -> Mapping[str, Any]:
        """The fields (for Python code; templates cannot call it)."""
        return self._fields


def _new_record(fields: dict[str, Any], size: int) -> Record:
    """A Record that takes ``fields`` as they are (a dict built for it alone, not copied)."""
    record = object.__new__(Record)
    object.__setattr__(record, "_fields", MappingProxyType(fields))
    object.__setattr__(record, "_size", size)
    return record


class FrozenDict(Mapping):
    """An immutable mapping (a YAML mapping, a lookup table)."""

    __slots__ = ("_data", "_size")

    def __init__(self, data: Mapping[Any, Any], *, size: int | None = None):
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_size", size if size is not None else 1 + 2 * len(data))

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenDict is read-only")

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


class Label(str):
    """An enum value as plain text (``"mo-hinh"``) with ``.value`` and its display properties
    (``.label`` "Mô hình"): equal to and hashed as the value."""

    __slots__ = ("_attrs", "_size")

    def __new__(cls, value: str, attrs: Mapping[str, Any]):
        self = super().__new__(cls, value)
        object.__setattr__(self, "_attrs", MappingProxyType(dict(attrs)))
        return self

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_attrs")[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Label is read-only")

    def __reduce__(self):
        return (str, (str(self),))


_VETTED: weakref.WeakSet = weakref.WeakSet()


def vetted(function: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``function`` as callable from templates. It must take plain data and return
    frozen data (:func:`freeze` its result); the renderer owns that promise."""
    _VETTED.add(function)
    return function


def is_vetted(obj: Any) -> bool:
    try:
        return obj in _VETTED
    except TypeError:  # unhashable
        return False


def _class_properties(cls: type) -> tuple[str, ...]:
    return _properties_cached(cls)


@functools.cache
def _properties_cached(cls: type) -> tuple[str, ...]:
    from pydantic import BaseModel

    names: list[str] = []
    for klass in cls.__mro__:
        if klass in (object, BaseModel, Enum, str, int) or klass.__module__.startswith(("pydantic", "enum")):
            continue
        for name, value in vars(klass).items():
            if not name.startswith("_") and isinstance(value, property | functools.cached_property) \
                    and name not in names:
                names.append(name)
    return tuple(names)


def freeze(value: Any, *, methods: Mapping[type, tuple[str, ...]] | None = None) -> Any:
    """``value`` as immutable plain data (see the module docstring). ``methods`` names
    zero-argument methods whose results a record carries as fields, e.g.
    ``{Criterion: ("label",)}`` gives ``criterion.label`` (text, not a method); a
    ``(name, function)`` pair carries ``function(record)``, e.g. ``{Document: (("reference",
    cite),)}`` gives ``doc.reference`` from the domain's citation rule.

    Records and mappings remember how many values they hold (:func:`data_size`): a render's
    budget grows with the data it is given."""
    return _Freezer(methods).freeze(value, 0)


_EMPTY = FrozenDict({})
_PLAIN_TYPES = frozenset({str, int, float, bool, Decimal, date, type(None)})
_SCALAR_BASES = {bool: bool, str: str, int: int, float: float, Decimal: Decimal}  # in this order
_KINDS: dict[type, str] = {}


def _kind_of(cls: type) -> str:
    """How :func:`freeze` treats instances of ``cls`` (decided once per type)."""
    if issubclass(cls, Label):
        kind = "label"
    elif issubclass(cls, Record | FrozenDict):
        kind = "frozen"
    elif issubclass(cls, Enum):
        kind = "enum"
    elif issubclass(cls, bool | str | int | float | Decimal):
        kind = "scalar"
    elif issubclass(cls, date):
        kind = "date"
    elif issubclass(cls, PurePath):
        kind = "path"
    elif issubclass(cls, Mapping):
        kind = "mapping"
    elif issubclass(cls, list | tuple):
        kind = "sequence"
    elif issubclass(cls, set | frozenset):
        kind = "set"
    else:
        kind = "record"  # a model or dataclass, or refused
    _KINDS[cls] = kind
    return kind


class _Freezer:
    """One call of :func:`freeze`: the enum labels and record layouts it has built (a big
    document freezes tens of thousands of rows of the same few types), and ``count``, the
    number of values below the one being frozen."""

    __slots__ = ("methods", "labels", "layouts", "count")

    def __init__(self, methods: Mapping[type, tuple[str, ...]] | None):
        self.methods = methods
        self.labels: dict[Enum, Label] = {}
        self.layouts: dict[type, tuple[tuple[str, ...], tuple[str, ...], tuple]] = {}
        self.count = 0

    def freeze(self, value: Any, depth: int) -> Any:
        if depth > MAX_FREEZE_DEPTH:
            raise ValueError("dữ liệu lồng nhau quá sâu để đưa vào mẫu")
        cls = type(value)
        if cls in _PLAIN_TYPES:
            return value
        kind = _KINDS.get(cls) or _kind_of(cls)
        if kind == "frozen":
            self.count += object.__getattribute__(value, "_size") - 1
            return value
        if kind == "label":
            return value
        depth += 1
        if kind == "enum":
            return self._label(value, depth)
        if kind == "scalar":  # a subclass of bool, str, int, float or Decimal: the plain value
            return _SCALAR_BASES[next(base for base in _SCALAR_BASES if isinstance(value, base))](value)
        if kind == "date":  # datetime and subclasses: immutable already
            return value
        if kind == "path":
            return value.as_posix()
        start = self.count
        if kind == "mapping":
            if not value:  # an empty mapping (a row's taken_over, mostly): one serves every row
                return _EMPTY
            frozen = {self.freeze(k, depth): self.freeze(v, depth) for k, v in value.items()}
            self.count += 2 * len(frozen)
            return FrozenDict(frozen, size=self.count - start + 1)
        if kind == "sequence" or kind == "set":
            items = sorted(value, key=repr) if kind == "set" else value
            self.count += len(items)
            if depth > MAX_FREEZE_DEPTH:  # every item would be too deep: let freeze() say so
                return tuple([self.freeze(v, depth) for v in items])
            freeze = self.freeze
            return tuple([v if type(v) in _PLAIN_TYPES else freeze(v, depth) for v in items])
        layout = self.layouts.get(cls)
        if layout is None:
            layout = self.layouts[cls] = _record_layout(cls, value, self.methods)
        if layout is None:
            raise TypeError(f"cannot pass a {type(value).__name__} to a template")
        return self._record(value, layout, depth)

    def _record(self, value: Any, layout: tuple[tuple[str, ...], tuple[str, ...], tuple], depth: int) -> Record:
        """A model or dataclass as a Record: its fields, computed properties and carried methods
        (:func:`_record_layout`). A big document freezes tens of thousands of rows whose values
        are mostly plain already or short lists of plain values: those are taken as they are
        (what :meth:`freeze` would make of them, without a call)."""
        names, properties, wanted = layout
        start = self.count
        freeze = self.freeze
        count = 0  # values below this record frozen here (freeze() counts its own)
        if depth < MAX_FREEZE_DEPTH:
            plain_types = _PLAIN_TYPES
            frozen: dict[str, Any] = {}
            for name in names:
                v = getattr(value, name)
                kind = type(v)
                if kind in plain_types:
                    frozen[name] = v
                elif kind is list or kind is tuple:
                    for item in v:
                        if type(item) not in plain_types:
                            frozen[name] = freeze(v, depth)
                            break
                    else:
                        frozen[name] = tuple(v)
                        count += len(v)
                else:
                    frozen[name] = freeze(v, depth)
        else:  # at the depth limit: freeze() judges every value
            plain_types = frozenset()
            frozen = {name: freeze(getattr(value, name), depth) for name in names}
        for name in properties:
            try:
                v = getattr(value, name)
            except Exception:  # noqa: BLE001 - a property that cannot be computed is absent
                continue
            frozen[name] = v if type(v) in plain_types else freeze(v, depth)
        for name in wanted:
            if isinstance(name, tuple):  # (field, function of the record): a domain rule's text
                v = name[1](value)
                name = name[0]
            else:
                v = getattr(value, name)()
            frozen[name] = v if type(v) in plain_types else freeze(v, depth)
        self.count += count + len(frozen)
        return _new_record(frozen, self.count - start + 1)

    def _label(self, value: Enum, depth: int) -> Label:
        label = self.labels.get(value)
        if label is None:  # a Label is immutable: one per member serves every row
            start = self.count
            attrs = {"value": value.value, "name": value.name}
            for name in _class_properties(type(value)):
                try:
                    attrs[name] = self.freeze(getattr(value, name), depth)
                except Exception:  # noqa: BLE001 - a property that cannot be computed is absent
                    continue
            label = self.labels[value] = Label(str(value.value), attrs)
            object.__setattr__(label, "_size", 1 + self.count - start + len(attrs))
            self.count = start
        self.count += object.__getattribute__(label, "_size") - 1  # its values (the parent counts it)
        return label


def _record_layout(cls: type, value: Any, methods: Mapping[type, tuple[str, ...]] | None):
    """(fields, computed properties, carried methods) of a model or dataclass type, else None."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        names = [name for name in cls.model_fields]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
    else:
        return None
    names = [name for name in names if not name.startswith("_")]
    properties = tuple(name for name in _class_properties(cls) if name not in names)
    wanted: list = []
    for klass, extra in (methods or {}).items():
        if issubclass(cls, klass):
            wanted += extra
    return tuple(names), properties, tuple(wanted)


def data_size(value: Any) -> int:
    """How many values ``value`` holds (frozen data: records and mappings know their size)."""
    if isinstance(value, Record | FrozenDict | Label):
        try:
            return object.__getattribute__(value, "_size")
        except AttributeError:  # a Label made outside freeze()
            return 1
    if isinstance(value, tuple | list):
        return 1 + sum(data_size(item) for item in value)
    if isinstance(value, Mapping):
        return 1 + sum(data_size(item) for item in value.values()) + len(value)
    return 1


# --------------------------------------------------------------------------- budget


def _n(value: int) -> str:
    """1000000 → "1.000.000" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def _seconds(value: float) -> str:
    """5.0 → "5", 7.25 → "7,3" (Vietnamese decimal comma)."""
    return f"{value:g}" if value == int(value) else f"{value:.1f}".replace(".", ",")


class _Budget:
    """The limits of one render. They grow with the data the template is given (``size``
    values, :func:`data_size`), so a template may do work linear in its data and no more: a
    reminder over 50,000 tasks renders, a loop nested in a loop over the same rows stops."""

    __slots__ = ("steps", "checkpoint", "max_steps", "max_seconds", "max_output", "started", "depth",
                 "output")

    def __init__(self, size: int = 0) -> None:
        self.max_steps = MAX_STEPS + STEPS_PER_VALUE * size
        self.max_seconds = MAX_SECONDS + SECONDS_PER_VALUE * size
        self.max_output = MAX_OUTPUT + OUTPUT_PER_VALUE * size
        self.started = time.process_time()
        self.steps = 0
        self.checkpoint = min(_CHECK_EVERY, self.max_steps + 1)
        self.depth = 0
        self.output = 0

    def check(self) -> None:
        """Every few thousand steps, and past the last one: the step and time limits."""
        if self.steps > self.max_steps:
            raise TemplateLimitError(
                f"mẫu chạy quá giới hạn {_n(self.max_steps)} bước (vòng lặp, lời gọi) nên bị dừng")
        if time.process_time() - self.started > self.max_seconds:
            raise TemplateLimitError(f"mẫu chạy quá {_seconds(self.max_seconds)} giây nên bị dừng")
        self.checkpoint = min(self.steps + _CHECK_EVERY, self.max_steps + 1)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | tuple | list) else 0


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimitError(f"số quá lớn (quá {MAX_INT_BITS} bit) trong mẫu")
    return value


def _check_length(value: Any) -> Any:
    if _length(value) > MAX_LENGTH:
        raise TemplateLimitError(f"chuỗi hoặc danh sách quá dài (quá {_n(MAX_LENGTH)} phần tử) trong mẫu")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# one conversion: %[flags][width][.precision]type, small widths, no '*' and no '%(name)'
_PERCENT_SPEC = re.compile(r"%(?:%|[-+ #0]*(?:\d{1,2})?(?:\.\d{1,2})?[sdiufFeEgGxXo])")


def safe_percent(template: Any, args: Any) -> str:
    """``template % args`` for simple conversions of plain scalars only (``"%02d"``, ``"%s"``,
    ``"%.2f"``); anything else (``%(name)s``, ``%*d``, a width over 99, objects) is refused."""
    if not isinstance(template, str):
        raise TemplateLimitError("toán tử % chỉ dùng để định dạng chuỗi")
    if "%" in _PERCENT_SPEC.sub("", template):
        raise TemplateLimitError(f"chuỗi định dạng «{template[:40]}» không được phép: chỉ dùng %s, %d, %02d, %.2f")
    values = args if isinstance(args, tuple) else (args,)
    for value in values:
        if not (value is None or isinstance(value, str | int | float | Decimal | date)):
            raise TemplateLimitError("chỉ định dạng được chữ, số hoặc ngày bằng %")
    return str(template % args)


# --------------------------------------------------------------------------- filters and globals


def safe_range(*args: Any) -> range:
    for value in args:
        if not _is_int(value):
            raise TemplateLimitError("range() chỉ nhận số nguyên")
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise TemplateLimitError(
            f"range() quá lớn ({_n(len(result))} phần tử, tối đa {_n(MAX_RANGE)})")
    return result


def safe_format(value: Any, *args: Any, **kwargs: Any) -> str:
    """The ``format`` filter restricted to :func:`safe_percent`."""
    if kwargs:
        if args:
            raise TemplateLimitError("bộ lọc format không nhận đồng thời tham số vị trí và tên")
        raise TemplateLimitError("bộ lọc format không nhận tham số tên (%(name)s)")
    return safe_percent(str(value), args if len(args) != 1 else args[0])


def safe_replace(value: Any, old: Any, new: Any, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    if not old:
        raise TemplateLimitError("bộ lọc replace cần chuỗi cần thay khác rỗng")
    occurrences = text.count(old) if count is None else min(text.count(old), int(count))
    if len(text) + occurrences * max(len(new) - len(old), 0) > MAX_LENGTH:
        raise TemplateLimitError("bộ lọc replace tạo ra chuỗi quá dài")
    return text.replace(old, new, -1 if count is None else int(count))


def _bounded(name: str, position: int = 1) -> Callable[..., Any]:
    original = JINJA_FILTERS[name]

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        size = args[0] if len(args) >= position else kwargs.get("linecount", kwargs.get("slices"))
        if size is not None and (not _is_int(size) or not 0 < size <= MAX_RANGE):
            raise TemplateLimitError(f"bộ lọc {name} cần số nguyên từ 1 đến {MAX_RANGE}")
        return original(value, *args, **kwargs)

    return bounded


SAFE_JINJA_FILTERS = (
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "filesizeformat", "first",
    "float", "groupby", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min",
    "reject", "rejectattr", "reverse", "round", "safe", "select", "selectattr", "sort", "string",
    "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount", "wordwrap",
)

#: Jinja's filters and globals that templates of cchc do not get (named in error messages)
REFUSED_FILTERS = frozenset({"attr", "center", "forceescape", "indent", "pprint", "random", "tojson",
                             "urlencode", "urlize", "xmlattr"})
REFUSED_GLOBALS = frozenset({"cycler", "dict", "joiner", "lipsum", "namespace"})

_STR_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha", "isdecimal",
    "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "lower", "lstrip",
    "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rpartition", "rsplit",
    "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper",
})
_MAPPING_METHODS = frozenset({"get", "keys", "values", "items"})
_SEQUENCE_METHODS = frozenset({"index", "count"})
_DATE_ATTRIBUTES = frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat"})
_LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                              "depth", "depth0", "previtem", "nextitem", "cycle", "changed"})


class SafeEnvironment(ImmutableSandboxedEnvironment):
    """The closed sandbox of the module docstring."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, *args: Any, **kwargs: Any):
        finalize = kwargs.pop("finalize", None)

        def counted(value: Any) -> Any:
            text = finalize(value) if finalize is not None else value
            budget = self._budget
            if budget is not None and isinstance(text, str):
                budget.output += len(text)
                if budget.output > budget.max_output:
                    raise TemplateLimitError(f"mẫu sinh ra quá {_n(budget.max_output)} ký tự")
            return text

        super().__init__(*args, finalize=counted, **kwargs)
        self._budget: _Budget | None = None
        self.globals.clear()
        self.globals["range"] = vetted(safe_range)
        self.filters.clear()
        self.filters.update({name: JINJA_FILTERS[name] for name in SAFE_JINJA_FILTERS})
        self.filters.update({"format": safe_format, "replace": safe_replace,
                             "batch": _bounded("batch"), "slice": _bounded("slice"),
                             "_cchc_budget": self._iterate})

    # -- budget

    def start_render(self, size: int = 0) -> None:
        """Reset the execution budget for a render given ``size`` values of data (called
        before each render)."""
        self._budget = _Budget(size)

    def _tick(self, count: int = 1) -> None:
        budget = self._budget
        if budget is None:
            budget = self._budget = _Budget()
        budget.steps += count
        if budget.steps >= budget.checkpoint:
            budget.check()

    def _iterate(self, iterable: Any):
        if isinstance(iterable, Undefined):
            return iterable
        return self._counting(iterable)

    def _counting(self, iterable: Any):
        tick = self._tick
        for item in iterable:
            tick()
            yield item

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, "_cchc_budget", [], [], None, None, lineno=loop.iter.lineno)
        return tree

    # -- operators

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "**":
            if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1 \
                    and left.bit_length() * right > MAX_INT_BITS:
                raise TemplateLimitError(f"lũy thừa quá lớn (quá {MAX_INT_BITS} bit) trong mẫu")
            if isinstance(left, Decimal) or isinstance(right, Decimal):
                raise TemplateLimitError("không dùng lũy thừa với số thập phân trong mẫu")
        elif operator == "*":
            if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimitError(f"số quá lớn (quá {MAX_INT_BITS} bit) trong mẫu")
            for seq, times in ((left, right), (right, left)):
                if _is_int(times) and _length(seq) * max(times, 0) > MAX_LENGTH:
                    raise TemplateLimitError(f"chuỗi hoặc danh sách quá dài (quá {_n(MAX_LENGTH)} phần tử) "
                                             "trong mẫu")
        elif operator == "+":
            if _length(left) + _length(right) > MAX_LENGTH:
                raise TemplateLimitError("chuỗi hoặc danh sách quá dài trong mẫu")
        elif operator == "%" and isinstance(left, str):
            return safe_percent(left, right)
        return _check_int(super().call_binop(context, operator, left, right))

    # -- attributes and calls

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, Record):
            return attr in obj.fields()
        if isinstance(obj, Label):
            return attr in object.__getattribute__(obj, "_attrs") or attr in _STR_METHODS
        if isinstance(obj, Markup):
            return False
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, Mapping):
            return attr in _MAPPING_METHODS
        if type(obj).__name__ == "_GroupTuple":  # groupby() results
            return attr in ("grouper", "list") or attr in _SEQUENCE_METHODS
        if isinstance(obj, tuple | list):
            return attr in _SEQUENCE_METHODS
        if isinstance(obj, date):
            return attr in _DATE_ATTRIBUTES
        if isinstance(obj, LoopContext):
            return attr in _LOOP_ATTRIBUTES
        from jinja2.environment import TemplateModule

        if isinstance(obj, TemplateModule):  # {% import 'x' as m %}: its macros and variables
            return isinstance(value, Macro) or not callable(value)
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        if is_vetted(obj) or isinstance(obj, Macro | LoopContext | BlockReference):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if owner is None or name.startswith("_"):
            return False
        if isinstance(owner, Label | str):
            return not isinstance(owner, Markup) and name in _STR_METHODS
        if isinstance(owner, Mapping):
            return name in _MAPPING_METHODS
        if isinstance(owner, tuple | list):
            return name in _SEQUENCE_METHODS
        if isinstance(owner, date):
            return name in _DATE_ATTRIBUTES
        if isinstance(owner, LoopContext):
            return name in ("cycle", "changed")
        if isinstance(owner, BlockReference):
            return name == "super"
        return False

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        self = __self
        self._tick(CALL_STEPS)
        if isinstance(__obj, Undefined):
            return __obj()  # raises the undefined (or unsafe attribute) error
        if not self.is_safe_callable(__obj):
            what = getattr(__obj, "__name__", None) or type(__obj).__name__
            raise TemplateLimitError(f"mẫu gọi «{what}»: không được phép (mẫu chỉ gọi được các hàm của cchc)")
        for value in (*args, *kwargs.values()):
            _check_length(value)
        budget = self._budget
        assert budget is not None
        budget.depth += 1
        try:
            if budget.depth > MAX_DEPTH:
                raise TemplateLimitError(f"macro gọi lồng nhau quá {MAX_DEPTH} tầng trong mẫu")
            result = __context.call(__obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return _check_length(result)

    def getattr(self, obj: Any, attribute: str) -> Any:
        budget = self._budget  # self._tick(), without a call: templates read fields all the time
        if budget is None:
            self._tick()
        else:
            budget.steps += 1
            if budget.steps >= budget.checkpoint:
                budget.check()
        if type(obj) is Record and attribute[:1] != "_":  # the common case: a field of a record
            fields = object.__getattribute__(obj, "_fields")
            if attribute in fields:
                return fields[attribute]
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()  # name the missing variable, not its dunders
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._tick()
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """Refuse at once (Jinja would return an Undefined that fails only when printed)."""
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format / format_map are not on the allow-list at all


# --------------------------------------------------------------------------- errors


_UNSAFE_RE = re.compile(r"^access to attribute '([^']+)' of '([^']+)' object is unsafe\.?$")
_UNDEFINED_PATTERNS = [
    (re.compile(r"^'([^']+)' is undefined$"), "biến «{0}» không có trong dữ liệu của mẫu"),
    (re.compile(r"^'(.+)' has no attribute '([^']+)'$"), "«{0}» không có thuộc tính «{1}»"),
    (re.compile(r"^'(.+)' has no element (.+)$"), "«{0}» không có phần tử {1}"),
    (re.compile(r"^access to attribute '([^']+)' of '([^']+)' object is unsafe\.?$"),
     "mẫu truy cập thuộc tính «{0}» của đối tượng «{1}»: không được phép (mẫu chạy trong hộp cát)"),
]


def _describe(exc: BaseException) -> tuple[str, str | None]:
    """Vietnamese message and hint for a template failure."""
    text = str(getattr(exc, "message", None) or exc)
    text = text.replace("cchc.sandbox.Record object", "bản ghi").replace("cchc.sandbox.FrozenDict object", "ánh xạ")
    if isinstance(exc, DataError):
        return exc.message, exc.hint
    if isinstance(exc, TemplateNotFound):
        return (f"không tìm thấy mẫu «{exc.name}» để nạp",
                "mẫu chỉ nạp được các tệp .j2 trong thư mục templates")
    if isinstance(exc, TemplateLimitError):
        return (f"{text} (mẫu chạy trong hộp cát)",
                "mẫu chỉ được dùng dữ liệu, bộ lọc và hàm của cchc (xem templates/README.md), "
                "với vòng lặp và số liệu có giới hạn")
    if isinstance(exc, RecursionError):
        return ("mẫu gọi đệ quy quá sâu nên bị dừng", "kiểm tra macro hoặc vòng lặp recursive")
    if isinstance(exc, SecurityError):
        match = _UNSAFE_RE.match(text)
        if match:
            text = f"truy cập thuộc tính «{match.group(1)}» của đối tượng «{match.group(2)}»"
        return (f"thao tác không được phép trong mẫu (hộp cát): {text}",
                "mẫu chỉ được dùng dữ liệu và bộ lọc của cchc, không truy cập thuộc tính ẩn hay tệp")
    match = re.match(r"^No (filter|test) named '([^']+)'", text)
    if match:
        kind = "bộ lọc" if match.group(1) == "filter" else "phép thử"
        if match.group(2) in REFUSED_FILTERS:
            return (f"{kind} «{match.group(2)}» không được phép (mẫu chạy trong hộp cát)",
                    "mẫu chỉ được dùng dữ liệu, bộ lọc và hàm của cchc (xem templates/README.md)")
        return f"không có {kind} «{match.group(2)}»", "xem danh sách bộ lọc ở templates/README.md"
    if isinstance(exc, TemplateSyntaxError):
        return f"lỗi cú pháp Jinja: {text}", "xem cú pháp ở templates/README.md"
    if isinstance(exc, UndefinedError):
        match = re.match(r"^'([^']+)' is undefined$", text)
        if match and match.group(1) in REFUSED_GLOBALS:
            return (f"«{match.group(1)}» không được phép (mẫu chạy trong hộp cát)",
                    "mẫu chỉ được dùng dữ liệu, bộ lọc và hàm của cchc (xem templates/README.md)")
        match = re.match(r"^'(bản ghi|ánh xạ)' has no attribute '([^']+)'$", text)
        if match and _is_model_method(match.group(2)):
            return (f"«{match.group(2)}» không được phép: mẫu chỉ nhận dữ liệu thuần, không có phương thức "
                    "của mô hình (mẫu chạy trong hộp cát)",
                    "dùng các trường dữ liệu, ví dụ doc.reference, doc.subject (xem templates/README.md)")
        for pattern, message in _UNDEFINED_PATTERNS:
            match = pattern.match(text)
            if match:
                unsafe = "unsafe" in text
                hint = ("mẫu chỉ được dùng dữ liệu và bộ lọc của cchc, không truy cập thuộc tính ẩn"
                        if unsafe else "kiểm tra tên biến, hoặc bổ sung trường data: của văn bản")
                return message.format(*match.groups()), hint
        return f"biến không xác định: {text}", "kiểm tra tên biến trong mẫu"
    return f"lỗi khi điền mẫu: {text}", None


def template_error(exc: BaseException, name: str) -> DataError:
    """A DataError "mẫu <file>, dòng N: …" for an exception raised while compiling or rendering."""
    line = getattr(exc, "lineno", None) if isinstance(exc, TemplateSyntaxError) else None
    filename = getattr(exc, "filename", None) if isinstance(exc, TemplateSyntaxError) else None
    if line is None:
        filename, line = _template_frame(exc, name)
    where = f"mẫu {filename or name}"
    if line:
        where += f", dòng {line}"
    message, hint = _describe(exc)
    return DataError(f"{where}: {message}", hint=hint)


def _template_frame(exc: BaseException, name: str) -> tuple[str | None, int | None]:
    """The innermost traceback frame that belongs to a template (Jinja rewrites frames so that
    their file name is the template's and their line the template line)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename == "<template>" or filename == name:
            found = (None if filename == "<template>" else filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


RENDER_ERRORS = (TemplateError, SecurityError, ValueError, TypeError, AttributeError, KeyError, IndexError,
                 ArithmeticError, RecursionError, DataError)


def render_safely(template: Any, context: Mapping[str, Any], *, name: str) -> str:
    """Render ``template`` (of a :class:`SafeEnvironment`) with a fresh budget; every failure
    becomes a DataError "mẫu <file>, dòng N: <Vietnamese message>"."""
    environment = template.environment
    if isinstance(environment, SafeEnvironment):
        environment.start_render(sum(data_size(value) for value in context.values()))
    try:
        return template.render(context)
    except RENDER_ERRORS as exc:
        filename = template.filename if template.filename not in (None, "<template>") else None
        raise template_error(exc, filename or name) from None


def _is_model_method(name: str) -> bool:
    """A method of Pydantic models (``parse_raw``, ``model_dump`` …) a template tried to reach."""
    from pydantic import BaseModel

    return hasattr(BaseModel, name)
