"""Reading attribute values: what each attribute type accepts, and its typed Python value."""

from __future__ import annotations

import json
import math
import re
from typing import Final

from .model import Attr, T

_INT: Final = re.compile(r"[+-]?\d+")
_VAR: Final = re.compile(r"\$[\w\[\].{}]+")
_HEX: Final = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_FUNC_COLOR: Final = re.compile(r"(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(\s*[^()]*\)", re.I)
_CSS_VAR: Final = re.compile(r"var\(\s*--[\w-]+\s*(?:,[^()]*(?:\([^()]*\))?[^()]*)?\)")
_LENGTH: Final = re.compile(
    r"[+-]?(?:\d+\.?\d*|\.\d+)(?:px|%|em|rem|ex|ch|vh|vw|vmin|vmax|dvh|svh|lvh|pt|pc|cm|mm|in|q|fr)?", re.I
)
_LENGTH_WORDS: Final = frozenset(
    {"auto", "inherit", "initial", "unset", "none", "fit-content", "min-content", "max-content"}
)
_LENGTH_FUNC: Final = re.compile(r"(?:calc|min|max|clamp|var)\(.*\)", re.I | re.S)

# CSS named colours (CSS Color Module Level 4) plus the keywords browsers accept as colours.
NAMED_COLORS: Final = frozenset(
    """aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
    burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue
    darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange
    darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise
    darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia
    gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo
    ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue
    lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon
    mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue
    mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin
    navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen
    paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red
    rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue
    slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white
    whitesmoke yellow yellowgreen transparent currentcolor inherit initial unset""".split()  # noqa: SIM905 - a word list reads better than 150 quoted strings
)

_TYPE_WORDS: Final = {
    T.STRING: "text other than the words `true`/`false`",
    T.NAME: "a name other than the words `true`/`false`",
    T.CSS: "CSS declarations",
    T.LIST: "a comma-separated list",
    T.BOOLEAN: "`true` or `false`",
    T.INTEGER: "a whole number",
    T.INTEGER_OR_NONE: "a whole number or `none`",
    T.INTEGER_OR_VARIABLE: "a whole number or a `$field` reference",
    T.NUMBER: "a number",
    T.NUMBER_OR_VARIABLE: "a number or a `$field` reference",
    T.COLOR: "a CSS colour (`#4a90e2`, `rgb(...)`, `red`)",
    T.CSS_LENGTH: "a CSS length (`500px`, `100%`, `calc(...)`)",
    T.JSON: "JSON text",
    T.HOTKEY: "a key combination such as `ctrl+1`",
    T.BOOLEAN_OR_LIST: "`true`, `false` or a comma-separated list",
}


def expected(attr: Attr) -> str:
    return _TYPE_WORDS.get(attr.type, attr.type.value)


def is_color(raw: str) -> bool:
    value = raw.strip()
    return bool(
        value.lower() in NAMED_COLORS
        or _HEX.fullmatch(value)
        or _FUNC_COLOR.fullmatch(value)
        or _CSS_VAR.fullmatch(value)
    )


def _number(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# The editor turns the literal strings `true`/`false` into booleans for every attribute but `value`;
# a text-typed attribute then holds a boolean and fails the editor's type check.
_TEXT_TYPES: Final = frozenset({T.NAME, T.STRING, T.CSS, T.LIST, T.TAGREF, T.TAGREF_LIST, T.HOTKEY})


def type_problem(attr: Attr, raw: str) -> str | None:
    """Why `raw` is not a valid value of `attr`'s type (None when it is). Enums and ranges excepted."""
    t = attr.type
    value = raw.strip()
    if t in _TEXT_TYPES and raw in ("true", "false") and attr.name != "value":
        return "becomes a boolean in Label Studio's editor, which this text attribute rejects"
    if t is T.BOOLEAN:
        return None if raw in ("true", "false") else "is not `true` or `false`"
    if t is T.BOOLEAN_OR_LIST:
        return None if value else "is empty"
    if t in (T.INTEGER, T.INTEGER_OR_NONE, T.INTEGER_OR_VARIABLE):
        if _INT.fullmatch(value):
            return None
        if t is T.INTEGER_OR_NONE and value == "none":
            return None
        if t is T.INTEGER_OR_VARIABLE and _VAR.fullmatch(value):
            return None
        return f"is not {expected(attr)}"
    if t in (T.NUMBER, T.NUMBER_OR_VARIABLE):
        if _number(value) is not None:
            return None
        if t is T.NUMBER_OR_VARIABLE and _VAR.fullmatch(value):
            return None
        return f"is not {expected(attr)}"
    if t is T.COLOR:
        return None if is_color(value) else f"is not {expected(attr)}"
    if t is T.CSS_LENGTH:
        if value.lower() in _LENGTH_WORDS or _LENGTH.fullmatch(value) or _LENGTH_FUNC.fullmatch(value):
            return None
        return f"is not {expected(attr)}"
    if t is T.JSON:
        try:
            json.loads(raw)
        except ValueError:
            return f"is not {expected(attr)}"
        return None
    if t is T.HOTKEY:
        return (
            None if value and not re.search(r"\s", value.replace(", ", ",")) else f"is not {expected(attr)}"
        )
    return None


def convert(attr: Attr, raw: str) -> object:
    """The typed value of a valid attribute (bool, int, float, tuple of strings, or the string)."""
    t = attr.type
    value = raw.strip()
    if t is T.BOOLEAN:
        return raw == "true"
    if t is T.INTEGER or (t in (T.INTEGER_OR_NONE, T.INTEGER_OR_VARIABLE) and _INT.fullmatch(value)):
        return int(value)
    if t is T.NUMBER or (t is T.NUMBER_OR_VARIABLE and _number(value) is not None):
        return _number(value)
    if t in (T.LIST, T.TAGREF_LIST):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if t is T.JSON:
        return json.loads(raw)
    return raw


def numeric(raw: str) -> float | None:
    return _number(raw.strip())
