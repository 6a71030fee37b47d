"""Checking a result `value` against the registry's `Field` declarations.

Each field becomes one small closure when a config is compiled, so checking a value is a loop over
closures: no per-result interpretation of the registry, no model instances. JSON types are strict:
`"12"` is not a number and `true` is not an integer (Label Studio does not coerce them either).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Final

from ..suggest import did_you_mean
from ..tags.model import F, Field
from . import codes
from .context import Sink, describe, json_type, key_path

# Returns False when the value is unusable (later semantic checks on this key are skipped).
FieldCheck = Callable[[object, Sink, str], bool]

_NUMBER: Final = (int, float)


def is_number(v: object) -> bool:
    return type(v) in _NUMBER  # bool is a subclass of int; `type()` keeps it out


def is_int(v: object) -> bool:
    return type(v) is int


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _range_words(f: Field) -> str:
    if f.min is not None and f.max is not None:
        return f"{_fmt(f.min)} to {_fmt(f.max)}"
    if f.min is not None:
        return f"at least {_fmt(f.min)}"
    return f"at most {_fmt(f.max)}"  # type: ignore[arg-type]


def _range(f: Field) -> Callable[[float, Sink, str], bool]:
    lo, hi = f.min, f.max
    unit = f" ({f.unit})" if f.unit else ""
    words = _range_words(f) if lo is not None or hi is not None else ""

    def check(v: float, sink: Sink, path: str) -> bool:
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            sink.add(codes.OUT_OF_RANGE, path, f"`{f.key}` is {_fmt(v)}, outside {words}{unit}")
            return False
        return True

    return check


# Lists of one JSON type: item type, the items in words, one item in words.
_LISTS: Final = {
    F.STRING_LIST: (str, "strings", "a string"),
    F.INTEGER_LIST: (int, "whole numbers", "a whole number"),
    F.OBJECT_LIST: (dict, "objects", "an object"),
}


def compile_field(f: Field) -> FieldCheck:
    """One closure checking `f` (type, then range or enum) on a present value."""
    kind = f.type
    in_range = _range(f) if (f.min is not None or f.max is not None) else None

    def wrong(value: object, sink: Sink, path: str, wanted: str) -> bool:
        sink.add(
            codes.WRONG_VALUE_TYPE,
            path,
            f"`{f.key}` is {json_type(value)} ({describe(value)}), not {wanted}",
            help=f"`{f.key}`: {f.doc}",
        )
        return False

    if kind is F.NUMBER:

        def number(v: object, sink: Sink, path: str) -> bool:
            if not is_number(v):
                return wrong(v, sink, path, "a number")
            return in_range(v, sink, path) if in_range else True  # type: ignore[arg-type]

        return number
    if kind is F.INTEGER:

        def integer(v: object, sink: Sink, path: str) -> bool:
            if not is_int(v):
                return wrong(v, sink, path, "a whole number")
            return in_range(v, sink, path) if in_range else True  # type: ignore[arg-type]

        return integer
    if kind is F.STRING:
        return lambda v, sink, path: True if type(v) is str else wrong(v, sink, path, "a string")
    if kind is F.BOOLEAN:
        return lambda v, sink, path: True if type(v) is bool else wrong(v, sink, path, "`true` or `false`")
    if kind is F.OBJECT:
        return lambda v, sink, path: True if type(v) is dict else wrong(v, sink, path, "an object")
    if kind is F.ENUM:
        allowed = f.values

        def enum(v: object, sink: Sink, path: str) -> bool:
            if v in allowed:
                return True
            help, best = did_you_mean(str(v), allowed)
            sink.add(
                codes.BAD_FORMAT,
                path,
                f"`{f.key}` is {describe(v)}, not one of " + ", ".join(f'"{a}"' for a in allowed),
                help=help,
                suggestion=best,
            )
            return False

        return enum
    if kind in (F.INTEGER_OR_STRING, F.NUMBER_OR_STRING):
        test = is_int if kind is F.INTEGER_OR_STRING else is_number
        wanted = "a whole number or a string" if kind is F.INTEGER_OR_STRING else "a number or a string"

        def either(v: object, sink: Sink, path: str) -> bool:
            if type(v) is str:
                return True
            if not test(v):
                return wrong(v, sink, path, wanted)
            return in_range(v, sink, path) if in_range else True  # type: ignore[arg-type]

        return either
    if kind in _LISTS:
        item_type, item_words, in_items = _LISTS[kind]

        def items(v: object, sink: Sink, path: str) -> bool:
            if type(v) is not list:
                return wrong(v, sink, path, f"a list of {item_words}")
            for i, x in enumerate(v):
                if type(x) is not item_type:
                    return wrong(x, sink, f"{path}[{i}]", in_items)
                if in_range is not None and not in_range(x, sink, f"{path}[{i}]"):  # type: ignore[arg-type]
                    return False
            return True

        return items
    if kind is F.POINT_LIST:

        def points(v: object, sink: Sink, path: str) -> bool:
            if type(v) is not list:
                return wrong(v, sink, path, "a list of [x, y] points")
            ok = True
            for i, p in enumerate(v):
                if type(p) is not list or len(p) != 2 or not (is_number(p[0]) and is_number(p[1])):
                    return wrong(p, sink, f"{path}[{i}]", "an [x, y] pair of numbers")
                if in_range is not None:
                    ok = in_range(p[0], sink, f"{path}[{i}][0]") and ok
                    ok = in_range(p[1], sink, f"{path}[{i}][1]") and ok
            return ok

        return points
    if kind in (F.STRING_PATHS, F.CHOICES):
        nested_only = kind is F.STRING_PATHS

        def paths(v: object, sink: Sink, path: str) -> bool:
            if type(v) is not list:
                return wrong(v, sink, path, "a list of paths" if nested_only else "a list of strings")
            for i, x in enumerate(v):
                if type(x) is str and not nested_only:
                    continue
                if type(x) is not list or not all(type(s) is str for s in x):
                    return wrong(x, sink, f"{path}[{i}]", "a list of strings (a path)")
            return True

        return paths
    raise AssertionError(f"no check for field type {kind}")  # pragma: no cover - every F has a branch


def narrowed(fields: tuple[Field, ...], attr: Callable[[str], object]) -> tuple[Field, ...]:
    """The value fields of one control: Rating's `maxRating` and Number's `min`/`max` narrow the
    registry's ranges. The checker, the msgspec fast path and the JSON Schema all read these."""
    out = []
    for f in fields:
        lo, hi = f.min, f.max
        if f.key == "rating" and isinstance(attr("maxRating"), int):
            hi = float(attr("maxRating"))  # type: ignore[arg-type]
        elif f.key == "number":
            lo = attr("min") if isinstance(attr("min"), float) else lo  # type: ignore[assignment]
            hi = attr("max") if isinstance(attr("max"), float) else hi  # type: ignore[assignment]
        out.append(f if (lo, hi) == (f.min, f.max) else replace(f, min=lo, max=hi))
    return tuple(out)


class ValueShape:
    """The compiled `value` of one result type: required keys, allowed keys and per-key checks."""

    __slots__ = ("checks", "keys", "labels_key", "required", "tolerated")

    def __init__(self, fields: tuple[Field, ...], tolerated: frozenset[str] = frozenset()) -> None:
        self.checks = tuple((f.key, compile_field(f)) for f in fields)
        self.required = tuple(f.key for f in fields if f.required)
        self.keys = frozenset(f.key for f in fields)
        self.labels_key = next((f.key for f in fields if f.holds_labels), None)
        # Keys another result type puts here legitimately (a per-region answer repeats its region).
        self.tolerated = tolerated

    def check(self, value: dict[str, object], sink: Sink, path: str) -> set[str]:
        """Report missing, extra and ill-typed keys; return the keys that are present and usable."""
        good: set[str] = set()
        for key in self.required:
            if key not in value:
                extra = [k for k in value if k not in self.keys]
                help, best = did_you_mean(key, extra) if extra else ("", None)
                expected = ", ".join(f"`{k}`" for k in self.required)
                sink.add(
                    codes.MISSING_VALUE_KEY,
                    key_path(path, key),
                    f"`value` has no `{key}`",
                    help=(help.replace("did you mean", "rename") if help else f"this type needs {expected}"),
                    suggestion=best and key,
                )
        for key, check in self.checks:
            if key in value and check(value[key], sink, key_path(path, key)):
                good.add(key)
        if len(value) > len(good):
            for key in value:
                if key not in self.keys and key not in self.tolerated:
                    help, best = did_you_mean(key, self.keys)
                    sink.add(
                        codes.UNEXPECTED_VALUE_KEY,
                        key_path(path, key),
                        f"`value` has a key `{key}` this result type does not use",
                        help=help
                        or "Label Studio ignores it; expected keys: " + ", ".join(sorted(self.keys)),
                        suggestion=best,
                    )
        return good
