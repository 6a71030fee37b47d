"""Quick fixes: a finding's did-you-mean applied where it belongs (a tag name, in its start and end
tag; an attribute's name; an attribute's value), and a `labelconfig: ignore` comment for its code.
Edits are computed on the config text and mapped into the document, so they land in the right place
inside a project JSON (escaped as JSON) or a template YAML too."""

from __future__ import annotations

import json
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..bind import Bound
from ..diagnostics import Diagnostic
from ..nodes import Attribute, Element
from ..source import Source
from .cursor import tags


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace config text `start:end` (offsets) with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


def fixes(d: Diagnostic, bound: Bound | None, source: Source, kind: str = "xml") -> list[Fix]:
    """The quick fixes for one finding of the config `source` (bound as `bound`), in a document of
    `kind` (`xml`, `json` or `yaml`)."""
    if bound is None or not d.path:
        return []
    element, attribute = _target(bound, d.path)
    found: list[Fix] = []
    if d.suggestion is not None and element is not None:
        edits = _suggestion_edits(d, element, attribute, source)
        if edits:
            found.append(Fix(f"Replace with `{d.suggestion}`", edits, preferred=True))
    if element is not None and element.span is not None and element.span.offsets is not None:
        found.append(_ignore(d.code, element.span.offsets[0], source.text, newline=kind != "yaml"))
    return found


def _target(bound: Bound, path: str) -> tuple[Element | None, Attribute | None]:
    element_path, _, attribute_name = path.partition("/@")
    for el in bound.root.iter():
        if el.path == element_path:
            if not attribute_name:
                return el, None
            return el, next((a for a in el.attributes if a.path == path), None)
    return None, None


def _suggestion_edits(d: Diagnostic, el: Element, a: Attribute | None, source: Source) -> tuple[Edit, ...]:
    suggestion = d.suggestion
    assert suggestion is not None
    where = (d.line, d.column, d.end_line, d.end_column)
    if a is not None:
        whole, inner = a.span.offsets, a.value_span.offsets
        if whole is None or inner is None:
            return ()
        if where == _where(a.span):  # the finding is on `name="value"`: the suggestion is a name
            return (Edit(whole[0], whole[0] + len(a.name), suggestion),)
        if "," in a.value and "," not in suggestion:
            return _list_entry(d.message, a, inner, source.text, suggestion)
        return (Edit(inner[0], inner[1], escape(suggestion, {'"': "&quot;"})),)
    if el.span is None or el.span.offsets is None or where != _where(el.span):
        return ()
    start, end = el.span.offsets
    # A replacement may bring attributes (`<Repeater mode="pagination">` for `<PagedView>`): those
    # go into the start tag; the end tag takes the name alone.
    replacement = suggestion.strip().removeprefix("<").removesuffix(">")
    edits = [Edit(start + 1, end, replacement)]
    closing = _closing_tag(source.text, start)
    if closing is not None:
        edits.append(Edit(closing[0], closing[1], replacement.split()[0]))
    return tuple(edits)


def _list_entry(
    message: str, a: Attribute, inner: tuple[int, int], text: str, suggestion: str
) -> tuple[Edit, ...]:
    """In a comma-separated value (`toName="img,txt"`), the one entry the finding names (quoted in its
    message) is replaced; no fix when that entry is ambiguous or the value is written with entities."""
    if text[inner[0] : inner[1]] != a.value:
        return ()
    entries, at = [], inner[0]
    for part in a.value.split(","):
        name = part.strip()
        if name and any(f"{q}{x}{q}" in message for q in '"`' for x in (part, name)):
            lead = len(part) - len(part.lstrip())
            entries.append(Edit(at + lead, at + lead + len(name), suggestion))
        at += len(part) + 1
    return tuple(entries) if len(entries) == 1 else ()


def _where(span: object) -> tuple[int, int, int, int]:
    start, end = span.start, span.end  # type: ignore[attr-defined]
    return (start.line, start.column, end.line, end.column)


def _closing_tag(text: str, start: int) -> tuple[int, int] | None:
    """The offsets of the name in the end tag matching the start tag at `start` (None if it closes
    itself)."""
    depth = 0
    for m in tags(text, start):
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.start(2), m.end(2)
        elif not m.group(3):
            depth += 1
        elif depth == 0:
            return None  # the element closes itself
    return None


def _ignore(code: str, at: int, text: str, newline: bool) -> Fix:
    # On a line of its own when the element starts one, indented alike; a YAML block's indentation is
    # not the config's, so there the comment stays on the element's line.
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    comment = f"<!-- labelconfig: ignore {code} -->"
    insert = f"{comment}\n{before}" if newline and not before.strip() else f"{comment} "
    return Fix(f"Ignore {code} for this element (`{comment}`)", (Edit(at, at, insert),))


def in_document(text: str, kind: str) -> str:
    """Replacement text as it must be written in the document around the config."""
    return json.dumps(text, ensure_ascii=False)[1:-1] if kind == "json" else text
