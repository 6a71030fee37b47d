"""Small helpers shared by the rule families."""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic, Rule
from ..nodes import Attribute, Element
from ..tags.model import Kind


def on(rule: Rule, el: Element, message: str, help: str = "", suggestion: str | None = None) -> Diagnostic:
    return rule.diag(el.span, message, path=el.path, help=help, suggestion=suggestion)


def on_attr(
    rule: Rule,
    a: Attribute,
    message: str,
    help: str = "",
    suggestion: str | None = None,
    whole: bool = False,
) -> Diagnostic:
    return rule.diag(
        a.span if whole else a.value_span, message, path=a.path, help=help, suggestion=suggestion
    )


def show(el: Element) -> str:
    """How an element is named in messages: `<Choices name="sentiment">`, `<Label value="PER">`, `<View>`."""
    for key in ("name", "value"):
        text = el.value(key)
        if text and (key == "name" or (el.spec is not None and el.spec.kind is Kind.LABEL)):
            return f'`<{el.tag} {key}="{text}">`'
    return f"`<{el.tag}>`"


def tags(names: Iterable[str], limit: int = 4) -> str:
    items = [f"`<{n}>`" for n in names]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" or {len(items) - limit} more"
    if len(items) > 1:
        return ", ".join(items[:-1]) + " or " + items[-1]
    return items[0] if items else "nothing"


def split_list(raw: str) -> list[str]:
    """A comma-separated attribute value, parts kept exactly as written (Label Studio does not trim)."""
    return raw.split(",")
