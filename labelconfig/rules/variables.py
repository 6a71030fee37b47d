"""LC6xx: `$variable` references into task data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..bind import VARIABLE, Bound
from ..diagnostics import Diagnostic, Rule, Severity
from ..nodes import Attribute, Element
from ..tags.model import T
from ._util import on_attr, show

INVALID_VARIABLE = Rule(
    "LC601",
    "invalid-variable",
    Severity.WARNING,
    "A task-data reference that is not a valid `$variable`",
    'Object tags read task data through `$field` references. `value="image"` shows the literal word '
    "`image`; `$review-text` reads the field `review` and appends `-text`. Either way the task's data "
    "never appears.",
    '<Image name="img" value="image_url"/>',
    '<Image name="img" value="$image_url"/>',
    "The editor substitutes only the `$field` parts of `value` (parseValue), so a plain value loads "
    "as a literal text or URL (some configs show a fixed image this way) and `$review-text` loads "
    "the field `review` followed by `-text`; the backend accepts both.",
)

PLACEHOLDER_OUTSIDE_REPEATER = Rule(
    "LC602",
    "placeholder-outside-repeater",
    Severity.ERROR,
    "An index placeholder outside any `<Repeater>`",
    "`{{idx}}` is replaced only inside a `<Repeater>`; elsewhere it stays literal and the reference "
    "names a task field that does not exist.",
    '<Image name="img" value="$images[{{idx}}].url"/>',
    '<Repeater on="$images">\n  <Image name="img_{{idx}}" value="$images[{{idx}}].url"/>\n</Repeater>',
    "Outside a `<Repeater>` nothing replaces `{{idx}}`, so the object reads a task field whose name "
    "contains the literal placeholder; no task has one, and the object cannot load any data (code "
    "reading).",
)

RULES = (INVALID_VARIABLE, PLACEHOLDER_OUTSIDE_REPEATER)

_WHOLE = re.compile(r"\$[\w\[\].{}]+")


def variable_syntax(cfg: Bound) -> Iterator[Diagnostic]:
    for el, _spec, a, declared in cfg.attributes():
        if declared is None or not a.value.strip():
            continue
        value = a.value.strip()
        if declared.type is T.VARIABLE:
            if _WHOLE.fullmatch(value):
                continue
            if not value.startswith("$"):
                yield on_attr(
                    INVALID_VARIABLE,
                    a,
                    f'`{declared.name}="{a.value}"` on {show(el)} is not a `$field` reference',
                    help=f"write `${value}` to read the task field `{value}`",
                    suggestion=f"${_slug(value)}",
                )
                continue
            yield _partial(el, a, declared.name, value)
        elif declared.type is T.TEXT_OR_VARIABLE and value.startswith("$") and not _WHOLE.fullmatch(value):
            head = VARIABLE.match(value)
            if head is not None and value[head.end() : head.end() + 1] in "-:/@#":
                yield _partial(el, a, declared.name, value)


def _partial(el: Element, a: Attribute, name: str, value: str) -> Diagnostic:
    head = VARIABLE.match(value)
    if head is None:
        return on_attr(
            INVALID_VARIABLE,
            a,
            f'`{name}="{a.value}"` on {show(el)} has no field name after `$`',
            help="write `$` directly followed by the task field, e.g. `$text`",
        )
    field = head.group(1)
    rest = value[head.end() :]
    return on_attr(
        INVALID_VARIABLE,
        a,
        f"`{value}` is read as the field `${field}` followed by the text `{rest}`",
        help="task-data keys used in configs may contain only letters, digits, `_`, `.` and `[index]`; "
        "rename the key in your data",
        suggestion=f"${_slug(value[1:])}",
    )


def _slug(text: str) -> str:
    return re.sub(r"[^\w.\[\]{}]+", "_", text).strip("_") or "field"


def placeholders(cfg: Bound) -> Iterator[Diagnostic]:
    for use in cfg.variables:
        if "{{" in use.reference and not use.in_repeater:
            yield on_attr(
                PLACEHOLDER_OUTSIDE_REPEATER,
                use.attribute,
                f"`${use.reference}` uses an index placeholder outside `<Repeater>`",
                help='wrap the element in `<Repeater on="$list">`, or use a fixed index such as `[0]`',
            )


CHECKS = (variable_syntax, placeholders)
