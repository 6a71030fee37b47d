"""Hover text, all of it from declarations: a tag's and an attribute's documentation from the
registry, a rule's explanation from the rule table (the same text as `labelconfig rules CODE`), and a
`$variable`'s value in the sample task."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..diagnostics import Rule
from ..tags import lookup
from ..tags.model import Attr, TagSpec
from .completion import describe_type
from .cursor import Cursor, Place


def describe(cursor: Cursor, word: str, data: Callable[[], Mapping[str, Any]]) -> str | None:
    """Markdown for the tag, attribute or `$variable` `word` ending at the cursor, or None; `data` gives
    the sample task's data (read only when a variable is hovered)."""
    if cursor.place is Place.VALUE and word.startswith("$"):
        key = word[1:]
        sample = data()
        if key not in sample:
            return None
        shown = json.dumps(sample[key], ensure_ascii=False)
        return f"**`{word}`** in the sample task:\n\n```json\n{shown[:500]}\n```"
    spec = lookup(cursor.tag)
    if spec is None:
        return None
    if cursor.place is Place.TAG:
        return tag_doc(spec)
    if cursor.place is Place.ATTRIBUTE:
        attr = spec.attr(word)
        return None if attr is None else attribute_doc(spec, attr)
    return None


def tag_doc(spec: TagSpec) -> str:
    lines = [f"**`<{spec.name}>`** — {spec.kind} tag", "", spec.doc]
    if spec.status.value != "core":
        lines += ["", f"Status: {spec.status.value.replace('_', ' ')}"]
    if spec.parents:
        lines += ["", "Inside: " + ", ".join(f"`<{p}>`" for p in spec.parents)]
    if spec.attrs:
        lines += ["", "Attributes: " + ", ".join(f"`{a.name}`" for a in spec.attrs)]
    return "\n".join(lines)


def attribute_doc(spec: TagSpec, attr: Attr) -> str:
    lines = [f"**`{attr.name}`** on `<{spec.name}>` — {describe_type(attr)}", "", attr.doc]
    default = attr.effective_default
    if default is not None:
        lines += ["", f"Default: `{default}`"]
    return "\n".join(lines)


def rule_doc(rule: Rule) -> str:
    return "\n".join(
        [
            f"**{rule.code} {rule.name}** ({rule.severity})",
            "",
            f"{rule.summary}.",
            "",
            f"**Why it matters:** {rule.why}",
            "",
            "**Example:**",
            "```xml",
            rule.example,
            "```",
            "**Use instead:**",
            "```xml",
            rule.instead,
            "```",
            f"**Label Studio's behaviour:** {rule.behaviour}",
        ]
    )
