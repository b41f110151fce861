"""Shared building blocks of the data models: ids, criterion codes, dates, legal references."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)
from pydantic_core import PydanticCustomError

MAX_WITHIN = 1000
"""At most this many working days (about four years) for "due soon" windows and reply deadlines:
beyond it no calendar date exists for the working-day arithmetic."""

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CODE_PATTERN = re.compile(r"^[0-9]+(\.[0-9]+)*$")

PERIOD_PATTERN = r"^([0-9]{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$"
"""A period as plans and reports write it: ``2026`` (year), ``2022-07`` (month), ``2022-Q3``
(quarter), ``2022-H1``/``2022-H2`` (half year). The one home of the rule: task deadlines
(``tasks.Due``), report periods (``reporting.Submission.period``), their JSON Schemas and the
importer's YAML writer use it. Groups: year, month, quarter, half (unset ones are None).
Plain ECMA/Rust syntax, so JSON Schema and pydantic-core read it as Python does."""
PERIOD_RE = re.compile(PERIOD_PATTERN)


class Model(BaseModel):
    """Base of every data model: unknown keys are errors, names are validated, text is stripped."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        populate_by_name=True,
        use_enum_values=False,
        frozen=False,
        # Build each validator on first use: a command pays only for the kinds it reads.
        defer_build=True,
    )


# Valid codes as written → as kept: the same few dozen codes recur on every task.
_CODE_MEMO: dict[str, str] = {}


def _code(value: Any) -> Any:
    if type(value) is str:
        found = _CODE_MEMO.get(value)
        if found is not None:
            return found
        checked = _check_code(value)
        if len(_CODE_MEMO) < 20_000:
            _CODE_MEMO[value] = checked
        return checked
    return _check_code(value)


def _check_code(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("code_type", "mã tiêu chí phải là chuỗi, ví dụ \"7.1.10\"")
    if isinstance(value, int | float):
        raise PydanticCustomError(
            "code_number",
            "mã tiêu chí {value} bị YAML đọc thành số; hãy đặt mã trong dấu nháy",
            {"value": value},
        )
    if isinstance(value, str):
        value = value.strip()
        if not CODE_PATTERN.match(value):
            raise PydanticCustomError(
                "code_format",
                "mã tiêu chí «{value}» không hợp lệ: dùng các số ngăn cách bởi dấu chấm, ví dụ \"7.1.10\"",
                {"value": value},
            )
    return value


SLUG_MESSAGE = ("mã định danh «{value}» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang, "
                "ví dụ \"so-noi-vu\"")
"""Wording of a malformed id (the check itself is pydantic-core's ``pattern``: messages.py words it)."""


def _listify(value: Any) -> Any:
    """Accept a single value where a list is expected (``lead: so-noi-vu``)."""
    if value is None:
        return []
    if isinstance(value, str | int | float):
        return [value]
    return value


Code = Annotated[str, BeforeValidator(_code)]
"""A criterion code such as "7.1.10"; the dots give the hierarchy."""

Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80, pattern=SLUG_PATTERN)]
"""A short, stable identifier (agencies, tasks, documents...); checked in pydantic-core, not in Python."""

SlugList = Annotated[list[Slug], BeforeValidator(_listify)]

UNION_TAGS = frozenset({"one_id", "id_list"})
"""Branch names pydantic puts in an error's location for :data:`SlugOrList`; diagnostics drop them."""


def _one_or_list(value: Any) -> str:
    return "id_list" if isinstance(value, list | tuple) else "one_id"


SlugOrList = Annotated[
    Annotated[Slug, Tag("one_id")] | Annotated[list[Slug], Tag("id_list")],
    Discriminator(_one_or_list),
]
"""One id or a list of ids (joint leads: ``agency: [so-tttt, so-khcn]``), kept as written. The
discriminator picks the branch from the value's shape, so an error names only what is wrong."""
CodeList = Annotated[list[Code], BeforeValidator(_listify)]
Text = Annotated[str, StringConstraints(min_length=1)]


def parent_code(code: str) -> str | None:
    """"7.1.10" → "7.1"; a top-level code has no parent."""
    head, dot, _ = code.rpartition(".")
    return head if dot else None


def code_depth(code: str) -> int:
    return code.count(".") + 1


def code_sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


def is_within(code: str, ancestor: str) -> bool:
    """True when ``code`` is ``ancestor`` or lies in its subtree."""
    return code == ancestor or code.startswith(ancestor + ".")


class IndexName(StrEnum):
    PAR_INDEX = "PAR_INDEX"
    SIPAS = "SIPAS"
    PAPI = "PAPI"
    PCI = "PCI"
    DDCI = "DDCI"

    @property
    def label(self) -> str:
        return INDEX_LABELS[self]


INDEX_LABELS = {
    IndexName.PAR_INDEX: "Chỉ số cải cách hành chính (PAR INDEX)",
    IndexName.SIPAS: "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    IndexName.PAPI: "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
    IndexName.PCI: "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    IndexName.DDCI: "Chỉ số năng lực cạnh tranh cấp sở, ngành và địa phương (DDCI)",
}


class LegalRef(Model):
    """A reference to a document by its number, date and issuer (e.g. 1149/QĐ-BNV, 30/12/2020)."""

    number: Text = Field(description="Số, ký hiệu, ví dụ \"1149/QĐ-BNV\"")
    date: dt.date | None = Field(default=None, description="Ngày ban hành (YYYY-MM-DD)")
    issuer: str | None = Field(default=None, description="Cơ quan ban hành")
    title: str | None = Field(default=None, description="Trích yếu")
    url: str | None = None
