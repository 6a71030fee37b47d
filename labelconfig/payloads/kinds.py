"""The JSON type of each value field kind (`F`), declared once as a small type expression, and the
three readings of it: the complete check, the msgspec type of the shortcut and the pydantic type of
the JSON Schema. A field's bounds, pattern, enum and item count apply inside those expressions (to
every number of a point list, to the outer list), and objects with an `items` shape recurse.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, Union

import msgspec

from ..suggest import did_you_mean
from ..tags.model import F, Field
from . import codes
from .context import Sink, describe, json_type


@dataclass(frozen=True, slots=True)
class Scalar:
    name: str  # number, integer, string, boolean, object


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Type


@dataclass(frozen=True, slots=True)
class Pair:
    item: Type


@dataclass(frozen=True, slots=True)
class AnyOf:
    options: tuple[Type, ...]


Type = Scalar | ListOf | Pair | AnyOf

NUMBER: Final = Scalar("number")
INTEGER: Final = Scalar("integer")
STRING: Final = Scalar("string")
BOOLEAN: Final = Scalar("boolean")
OBJECT: Final = Scalar("object")

TYPES: Final[dict[F, Type]] = {
    F.NUMBER: NUMBER,
    F.INTEGER: INTEGER,
    F.STRING: STRING,
    F.ENUM: STRING,
    F.BOOLEAN: BOOLEAN,
    F.OBJECT: OBJECT,
    F.STRING_LIST: ListOf(STRING),
    F.INTEGER_LIST: ListOf(INTEGER),
    F.POINT_LIST: ListOf(Pair(NUMBER)),
    F.OBJECT_LIST: ListOf(OBJECT),
    F.STRING_PATHS: ListOf(ListOf(STRING)),
    F.CHOICES: ListOf(AnyOf((STRING, ListOf(STRING)))),
    F.INTEGER_OR_STRING: AnyOf((INTEGER, STRING)),
    F.NUMBER_OR_STRING: AnyOf((NUMBER, STRING)),
}

# Values the samples use when a field declares no example.
DEFAULT_EXAMPLES: Final[dict[F, object]] = {
    F.NUMBER: 1.0,
    F.INTEGER: 1,
    F.STRING: "sample",
    F.ENUM: None,  # the first declared value
    F.BOOLEAN: False,
    F.OBJECT: {},
    F.STRING_LIST: ["sample"],
    F.INTEGER_LIST: [0],
    F.POINT_LIST: [[10.0, 10.0], [30.0, 10.0], [20.0, 30.0]],
    F.OBJECT_LIST: [],
    F.STRING_PATHS: [["sample"]],
    F.CHOICES: ["sample"],
    F.INTEGER_OR_STRING: 0,
    F.NUMBER_OR_STRING: 0.0,
}


def example(f: Field) -> object:
    if f.example is not None:
        return f.example
    if f.items is not None:
        item = {g.key: example(g) for g in f.items.fields if g.required}
        return [item] if f.type is F.OBJECT_LIST else item
    if f.type is F.ENUM:
        return f.values[0]
    return DEFAULT_EXAMPLES[f.type]


# --- JSON type tests (bool is an int in Python; `type()` keeps it out) -----------------------------


def is_number(v: object) -> bool:
    return type(v) is int or (type(v) is float and math.isfinite(v))


def is_int(v: object) -> bool:
    return type(v) is int


_TESTS: Final[dict[str, Callable[[object], bool]]] = {
    "number": lambda v: type(v) in (int, float),
    "integer": is_int,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "object": lambda v: type(v) is dict,
}
_ONE: Final = {
    "number": "a number",
    "integer": "a whole number",
    "string": "a string",
    "boolean": "`true` or `false`",
    "object": "an object",
}
_MANY: Final = {
    "number": "numbers",
    "integer": "whole numbers",
    "string": "strings",
    "boolean": "booleans",
    "object": "objects",
}


def _matches(t: Type, v: object) -> bool:
    """The outer JSON type only (which branch of a union applies)."""
    if isinstance(t, Scalar):
        return _TESTS[t.name](v)
    if isinstance(t, ListOf | Pair):
        return type(v) is list
    return any(_matches(o, v) for o in t.options)


def words(t: Type, plural: bool = False) -> str:
    if isinstance(t, Scalar):
        return _MANY[t.name] if plural else _ONE[t.name]
    if isinstance(t, Pair):
        return "[x, y] pairs of numbers" if plural else "an [x, y] pair of numbers"
    if isinstance(t, ListOf):
        return f"lists of {words(t.item, True)}" if plural else f"a list of {words(t.item, True)}"
    return " or ".join(words(o, plural) for o in t.options)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def range_words(f: Field) -> str:
    if f.min is not None and f.max is not None:
        return f"{_fmt(f.min)} to {_fmt(f.max)}"
    if f.min is not None:
        return f"at least {_fmt(f.min)}"
    return f"at most {_fmt(f.max)}" if f.max is not None else "any number"


# --- the complete check ------------------------------------------------------------------------------

# Checks an object against a nested shape (bound by the caller, which knows the constraints).
Nested = Callable[[Field, dict[str, Any], Sink, str], bool]


def check(f: Field, v: object, sink: Sink, path: str, nested: Nested) -> bool:
    """Report what is wrong with `v` as the value of field `f`; False when it is unusable."""
    return _check(TYPES[f.type], f, v, sink, path, nested, top=True)


def _check(t: Type, f: Field, v: object, sink: Sink, path: str, nested: Nested, top: bool) -> bool:
    if not _matches(t, v):
        return _wrong(f, v, sink, path, t)
    if isinstance(t, AnyOf):
        return _check(next(o for o in t.options if _matches(o, v)), f, v, sink, path, nested, top)
    if isinstance(t, Scalar):
        return _scalar(t, f, v, sink, path, nested)
    items: list[Any] = v  # type: ignore[assignment]
    if isinstance(t, Pair):
        if len(items) != 2:
            return _wrong(f, v, sink, path, t)
        return all([_check(t.item, f, x, sink, f"{path}[{i}]", nested, False) for i, x in enumerate(items)])
    if top and len(items) < f.min_items:
        sink.add(
            codes.BAD_GEOMETRY,
            path,
            f"`{f.key}` has {len(items)} item(s); it needs at least {f.min_items}",
            help=f"`{f.key}`: {f.doc}",
        )
        return False
    return all(_check(t.item, f, x, sink, f"{path}[{i}]", nested, False) for i, x in enumerate(items))


def _scalar(t: Scalar, f: Field, v: Any, sink: Sink, path: str, nested: Nested) -> bool:
    if t.name in ("number", "integer"):
        if not is_number(v):
            sink.add(codes.WRONG_VALUE_TYPE, path, f"`{f.key}` is {describe(v)}, not a finite number")
            return False
        if (f.min is not None and v < f.min) or (f.max is not None and v > f.max):
            unit = f" ({f.unit})" if f.unit else ""
            sink.add(codes.OUT_OF_RANGE, path, f"`{f.key}` is {_fmt(v)}, outside {range_words(f)}{unit}")
            return False
        return True
    if t.name == "string":
        if f.values and v not in f.values:
            help, best = did_you_mean(v, f.values)
            allowed = ", ".join(f'"{a}"' for a in f.values)
            sink.add(codes.BAD_FORMAT, path, f"`{f.key}` is {describe(v)}, not one of {allowed}", help, best)
            return False
        if f.pattern is not None and not re.fullmatch(f.pattern, v, re.S):
            sink.add(codes.BAD_FORMAT, path, f"`{f.key}` is {describe(v)}: {f.doc}")
            return False
        return True
    if t.name == "object" and f.items is not None:
        return nested(f, v, sink, path)
    return True


def _wrong(f: Field, v: object, sink: Sink, path: str, t: Type) -> bool:
    sink.add(
        codes.WRONG_VALUE_TYPE,
        path,
        f"`{f.key}` is {json_type(v)} ({describe(v)}), not {words(t)}",
        help=f"`{f.key}`: {f.doc}",
    )
    return False


# --- the msgspec type (the shortcut) ------------------------------------------------------------------

_MAX = sys.float_info.max  # finite bounds also keep NaN and infinities out


def _meta(**bounds: Any) -> msgspec.Meta | None:
    given = {k: v for k, v in bounds.items() if v is not None}
    return msgspec.Meta(**given) if given else None


def _annotated(base: Any, meta: msgspec.Meta | None) -> Any:
    return Annotated[base, meta] if meta is not None else base


Struct = Callable[[Field], Any]  # the msgspec struct of a nested shape, or None when unsupported


def msgspec_type(f: Field, item: Any | None = None, struct: Struct | None = None) -> Any:
    """The msgspec type of field `f`; `item` replaces the innermost string type (labels as Literal)."""
    return _msgspec(TYPES[f.type], f, True, item, struct)


def _msgspec(t: Type, f: Field, top: bool, item: Any | None, struct: Struct | None) -> Any:
    if isinstance(t, Scalar):
        if t.name == "number":
            return _annotated(float, _meta(ge=_or(f.min, -_MAX), le=_or(f.max, _MAX)))
        if t.name == "integer":
            lo = math.ceil(f.min) if f.min is not None else None
            hi = math.floor(f.max) if f.max is not None else None
            return _annotated(int, _meta(ge=lo, le=hi))
        if t.name == "string":
            if item is not None:
                return item
            if f.values:
                return Literal[f.values]
            return _annotated(str, _meta(pattern=f"^(?:{f.pattern})$" if f.pattern else None))
        if t.name == "boolean":
            return bool
        if f.items is not None:
            return struct(f) if struct is not None else None
        return dict[str, Any]
    if isinstance(t, Pair):
        x = _msgspec(t.item, f, False, item, struct)
        return tuple[x, x]  # type: ignore[valid-type]
    if isinstance(t, ListOf):
        x = _msgspec(t.item, f, False, item, struct)
        if x is None:
            return None
        return _annotated(list[x], _meta(min_length=f.min_items or None) if top else None)  # type: ignore[valid-type]
    options = [_msgspec(o, f, top, item, struct) for o in t.options]
    return None if None in options else Union[tuple(options)]  # noqa: UP007 - built at run time


def _or(x: float | None, default: float) -> float:
    return default if x is None else x


# --- the pydantic type (the JSON Schema) --------------------------------------------------------------


def pydantic_type(f: Field, item: Any | None = None, nested: Struct | None = None) -> Any:
    """The pydantic type of field `f` (for JSON Schema); `item` replaces the innermost string type."""
    return _pydantic(TYPES[f.type], f, True, item, nested)


def _field(**constraints: Any) -> Any:
    # pydantic loads only when a schema is asked for: checking payloads never needs it
    from pydantic import Field

    return Field(**constraints)


def _pydantic(t: Type, f: Field, top: bool, item: Any | None, nested: Struct | None) -> Any:
    if isinstance(t, Scalar):
        if t.name in ("number", "integer"):
            bounds = {k: v for k, v in (("ge", f.min), ("le", f.max)) if v is not None}
            base = float if t.name == "number" else int
            return Annotated[base, _field(**bounds)] if bounds else base
        if t.name == "string":
            if item is not None:
                return item
            if f.values:
                return Literal[f.values]
            return Annotated[str, _field(pattern=f"^(?:{f.pattern})$")] if f.pattern else str
        if t.name == "boolean":
            return bool
        if f.items is not None and nested is not None:
            return nested(f)
        return dict[str, Any]
    if isinstance(t, Pair):
        x = _pydantic(t.item, f, False, item, nested)
        return Annotated[list[x], _field(min_length=2, max_length=2)]  # type: ignore[valid-type]
    if isinstance(t, ListOf):
        x = _pydantic(t.item, f, False, item, nested)
        if top and f.min_items:
            return Annotated[list[x], _field(min_length=f.min_items)]  # type: ignore[valid-type]
        return list[x]  # type: ignore[valid-type]
    return Union[tuple(_pydantic(o, f, top, item, nested) for o in t.options)]  # noqa: UP007
