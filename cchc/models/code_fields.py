"""Where the models hold criterion codes: the single source for tools that must treat a code as
text (``cchc fmt`` quotes ``7.10`` as ``"7.10"`` there and nowhere else).

:func:`code_shape` walks a model's fields: a field annotated :data:`~cchc.models.common.Code`
or :data:`~cchc.models.common.CodeList` holds codes; ``dict[Code, Code | None]`` (``code_map``)
holds codes as keys and values; a nested model, a list of models or a mapping of models is
walked in turn; anything else (``data: dict[str, Any]`` of a document, free text) holds none.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator

from cchc.models import common


class _Code:
    """A code, or a list of codes."""


class _CodeMap:
    """A mapping whose keys and values are codes."""


CODE = _Code()
CODE_MAP = _CodeMap()


@dataclass(eq=False)
class ModelShape:
    """The code-holding fields of a model, by every key a file may use (name and alias)."""

    model: type[BaseModel]
    fields: dict[str, Shape] = field(default_factory=dict)


@dataclass(eq=False)
class MappingOf:
    """A mapping whose values have ``shape`` (``dict[str, Model]``)."""

    shape: Shape


Shape = _Code | _CodeMap | ModelShape | MappingOf


def _is_code_validator(item: Any) -> bool:
    return isinstance(item, BeforeValidator) and item.func is common._code  # noqa: SLF001


def _shape_of(annotation: Any, memo: dict[type, ModelShape], metadata: typing.Sequence[Any] = ()) -> Shape | None:
    if any(_is_code_validator(item) for item in metadata):
        return CODE
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return _shape_of(args[0], memo, args[1:])
    if origin in (Union, types.UnionType):
        shapes = [s for s in (_shape_of(a, memo) for a in args if a is not type(None)) if s is not None]
        return shapes[0] if shapes else None
    if origin in (list, tuple, set, frozenset) and args:
        return _shape_of(args[0], memo)
    if origin is dict and len(args) == 2:
        key, value = (_shape_of(a, memo) for a in args)
        if key is CODE and value is CODE:
            return CODE_MAP
        return MappingOf(value) if value is not None and value is not CODE else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return code_shape(annotation, memo)
    return None


def code_shape(model: type[BaseModel], memo: dict[type, ModelShape] | None = None) -> ModelShape:
    """The code-holding fields of ``model`` (recursively; empty when it holds no code)."""
    memo = {} if memo is None else memo
    if model in memo:
        return memo[model]
    shape = ModelShape(model)
    memo[model] = shape  # before the fields: models may refer to themselves
    for name, info in model.model_fields.items():
        sub = _shape_of(info.annotation, memo, info.metadata)
        if sub is None or (isinstance(sub, ModelShape) and sub is not shape and not _holds_codes(sub, set())):
            continue
        for key in {name, info.alias or name, info.validation_alias if isinstance(info.validation_alias, str)
                    else name}:
            shape.fields[key] = sub
    return shape


def _holds_codes(shape: Shape, seen: set[int]) -> bool:
    if shape is CODE or shape is CODE_MAP:
        return True
    if id(shape) in seen:
        return False
    seen.add(id(shape))
    if isinstance(shape, MappingOf):
        return _holds_codes(shape.shape, seen)
    assert isinstance(shape, ModelShape)
    return any(_holds_codes(sub, seen) for sub in shape.fields.values())
