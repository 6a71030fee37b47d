"""Completion from the tag registry and the bound config: tags valid where the cursor is, a tag's
attributes, enumerated and boolean values, names of the tags a reference may point at (`toName`), and
`$variables` from the sample task's data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lsprotocol import types as lsp

from ..bind import Bound
from ..tags import ALL, lookup
from ..tags.model import Attr, Children, Status, T, TagSpec
from .cursor import Cursor, Place

_OFFERED = {Status.CORE, Status.UNDOCUMENTED, Status.ENTERPRISE}
_VARIABLE_TYPES = {T.VARIABLE, T.TEXT_OR_VARIABLE, T.INTEGER_OR_VARIABLE, T.NUMBER_OR_VARIABLE}


def complete(
    cursor: Cursor, typed: str, bound: Bound | None, data: dict[str, Any]
) -> list[lsp.CompletionItem]:
    """Items for `cursor`; `typed` is the text from the start of the word to the cursor."""
    if cursor.place is Place.TAG:
        if cursor.closing:
            return [_item(cursor.ancestors[-1], lsp.CompletionItemKind.Class)] if cursor.ancestors else []
        return [_tag_item(spec) for spec in tags_under(cursor.ancestors)]
    spec = lookup(cursor.tag)
    if spec is None:
        return []
    if cursor.place is Place.ATTRIBUTE:
        written = {w.lower() for w in cursor.written}
        return [_attribute_item(a) for a in spec.attrs if a.name.lower() not in written]
    if cursor.place is Place.VALUE:
        attr = spec.attr(cursor.attribute)
        return [] if attr is None else list(_values(attr, typed, bound, data))
    return []


def tags_under(ancestors: tuple[str, ...]) -> list[TagSpec]:
    """The tags that may stand inside `ancestors` (outermost first), as the placement rules say."""
    specs = [s for s in (lookup(a) for a in ancestors) if s is not None]
    if not ancestors:
        return [s for s in ALL if s.name == "View"]
    parent = lookup(ancestors[-1])
    allowed = Children.ANY if parent is None else parent.children
    if allowed in (Children.NONE, Children.HTML):
        return []
    above = {s.name for s in specs}
    return [
        s
        for s in ALL
        if s.status in _OFFERED
        and (allowed is Children.ANY or s.name in allowed)
        and (not s.parents or above.intersection(s.parents))
    ]


def _values(
    attr: Attr, typed: str, bound: Bound | None, data: dict[str, Any]
) -> Iterator[lsp.CompletionItem]:
    if attr.is_reference and bound is not None:
        for el in bound.elements():
            if (
                el.name
                and el.spec is not None
                and (el.spec.name in attr.refers or el.spec.kind in attr.refers)
            ):
                yield _item(el.name, lsp.CompletionItemKind.Reference, detail=f"<{el.spec.name}>")
        return
    if attr.type is T.ENUM:
        yield from (_item(v, lsp.CompletionItemKind.EnumMember) for v in attr.values)
    elif attr.type is T.BOOLEAN:
        yield from (_item(v, lsp.CompletionItemKind.Value) for v in ("true", "false"))
    if attr.type in _VARIABLE_TYPES or typed.startswith("$"):
        for key in data:
            yield _item(f"${key}", lsp.CompletionItemKind.Variable, detail=_preview(data[key]))


def _preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _item(label: str, kind: lsp.CompletionItemKind, detail: str | None = None) -> lsp.CompletionItem:
    return lsp.CompletionItem(label=label, kind=kind, detail=detail)


def _tag_item(spec: TagSpec) -> lsp.CompletionItem:
    return lsp.CompletionItem(
        label=spec.name,
        kind=lsp.CompletionItemKind.Class,
        detail=f"{spec.kind} tag" + (" (Enterprise)" if spec.status is Status.ENTERPRISE else ""),
        documentation=spec.doc,
    )


def _attribute_item(a: Attr) -> lsp.CompletionItem:
    return lsp.CompletionItem(
        label=a.name,
        kind=lsp.CompletionItemKind.Property,
        detail=describe_type(a),
        documentation=a.doc,
        insert_text=f'{a.name}="$1"',
        insert_text_format=lsp.InsertTextFormat.Snippet,
    )


def describe_type(a: Attr) -> str:
    if a.type is T.ENUM:
        return " | ".join(a.values)
    return str(a.type) + ("" if a.need.value == "optional" else f", {a.need}")
