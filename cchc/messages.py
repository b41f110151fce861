"""Vietnamese wording of Pydantic validation errors, with hints.

Messages from our own validators (PydanticCustomError) are already Vietnamese
and pass through; the built-in error types are translated here, in one place.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from cchc.domain.suggest import did_you_mean
from cchc.models.common import SLUG_MESSAGE, SLUG_PATTERN
from cchc.textvn import join_names

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _choices(expected: str) -> str:
    """Pydantic's list of allowed values ("'a', 'b' or 'c'") in Vietnamese: "«a», «b» hoặc «c»"."""
    values = _QUOTED.findall(expected)
    if not values:
        return expected.replace(" or ", " hoặc ")
    return join_names([f"«{v}»" for v in values], last=" hoặc ")


def _fmt(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def _allowed_fields(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    names = []
    for name, info in model.model_fields.items():
        names.append(info.alias or name)
    return names


def _model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc``."""
    from typing import get_args, get_origin

    current: Any = root
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next(
            (f for n, f in current.model_fields.items() if n == step or f.alias == step), None)
        if field is None:
            return None
        annotation = field.annotation
        # Unwrap list[X], X | None, Annotated[...]
        for _ in range(4):
            origin = get_origin(annotation)
            if origin is None:
                break
            args = [a for a in get_args(annotation) if a is not type(None)]
            model_args = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = model_args[0] if model_args else (args[0] if args else annotation)
        current = annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def error_code(err: dict) -> str:
    """The diagnostic code of a validation error, e.g. ``slug-format``."""
    kind = err["type"]
    if kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") == SLUG_PATTERN:
        kind = "slug_format"
    return kind.replace("_", "-")


def translate(err: dict, root: type[BaseModel]) -> tuple[str, str | None, bool]:
    """Return (message, hint, at_key) for one entry of ``ValidationError.errors()``."""
    kind = err["type"]
    loc = tuple(err.get("loc", ()))
    field = str(loc[-1]) if loc else ""
    value = err.get("input")
    ctx = err.get("ctx") or {}

    if kind == "extra_forbidden":
        allowed = _allowed_fields(_model_at(root, loc))
        hint = did_you_mean(field, allowed, "các trường hợp lệ: " + ", ".join(allowed) if allowed else None)
        return f"trường «{field}» không hợp lệ ở đây", hint, True
    if kind == "missing":
        return f"thiếu trường bắt buộc «{field}»", f"thêm dòng `{field}: …`", False
    if kind in ("string_type",):
        return f"«{field}» phải là chuỗi văn bản, không phải {_fmt(value)}", "đặt giá trị trong dấu nháy", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"«{field}» phải là số nguyên, không phải «{_fmt(value)}»", None, False
    if kind in ("float_type", "float_parsing"):
        return f"«{field}» phải là số, không phải «{_fmt(value)}»", "dùng dấu chấm thập phân, ví dụ 83.22", False
    if kind == "finite_number":
        return f"«{field}» phải là một số hữu hạn, không phải {_fmt(value)}", "ghi số cụ thể, ví dụ 83.22", False
    if kind in ("bool_type", "bool_parsing"):
        return f"«{field}» phải là true hoặc false", None, False
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        text = _fmt(value)
        reason = "không phải ngày hợp lệ"
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            reason = "không có trong lịch"
        return (f"«{field}»: «{text}» {reason}",
                "ghi ngày theo dạng YYYY-MM-DD, ví dụ 2021-07-17", False)
    if kind in ("enum", "literal_error"):
        choices = _choices(str(ctx.get("expected", "")))
        close = did_you_mean(str(value), _QUOTED.findall(str(ctx.get("expected", "")))) if isinstance(value, str) else None
        hint = f"chọn một trong: {choices}" + (f" ({close})" if close else "")
        return f"«{field}»: giá trị «{_fmt(value)}» không hợp lệ", hint, False
    if kind in ("list_type",):
        return f"«{field}» phải là danh sách (mỗi phần tử một dòng bắt đầu bằng «- »)", None, False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"«{field or 'tệp'}» phải là ánh xạ (các dòng «tên: giá trị»)", None, False
    if kind == "too_short":
        return f"«{field}» cần ít nhất {ctx.get('min_length', 1)} phần tử/ký tự", None, False
    if kind == "too_long":
        return f"«{field}» dài quá mức cho phép ({ctx.get('max_length')})", None, False
    if kind == "string_too_short":
        return f"«{field}» không được để trống", None, False
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        ops = {"greater_than_equal": ("≥", "ge"), "greater_than": (">", "gt"),
               "less_than_equal": ("≤", "le"), "less_than": ("<", "lt")}
        sign, key = ops[kind]
        return f"«{field}» phải {sign} {ctx.get(key)}, không phải {_fmt(value)}", None, False
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return SLUG_MESSAGE.format(value=value), None, False
    if kind == "string_pattern_mismatch":
        return f"«{field}»: «{_fmt(value)}» không đúng định dạng", None, False
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", ""))), None, False
    # Custom errors from our validators are Vietnamese already.
    return err.get("msg", kind), None, False
