"""`labelconfig fmt`: one canonical layout of a config that keeps its meaning.

Two-space indentation, one element per line, attributes in the order the registry declares them
(others after, as written), double quotes, `&`, `<`, `>`, `"` and control whitespace escaped in
values. Comments (suppression comments included), processing instructions and an XML declaration
stay where they are. Content that carries text — a `<Header>`'s words, `<Style>` CSS, HyperText
markup, text the editor ignores — is kept verbatim, since whitespace there can be meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from lxml import etree

from .diagnostics import Diagnostic
from .parse import parse_source
from .source import Source
from .tags import lookup
from .tags.model import Children, Text

INDENT: Final = "  "
XML_NS: Final = "http://www.w3.org/XML/1998/namespace"
_DECL: Final = re.compile(r"\A\s*<\?xml[^>]*\?>")
_ATTR_ESCAPES: Final = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


class FormatError(ValueError):
    """The text is not a config `fmt` can lay out (it does not parse); `diagnostics` say why."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = tuple(diagnostics)


def format_config(text: str, file: str = "<string>") -> str:
    """`text` in canonical layout; raises `FormatError` when it does not parse as a config."""
    return format_source(Source(text, file))


def format_source(source: Source) -> str:
    """`format_config` for a config read from a file (positions in its diagnostics point there)."""
    text, file = source.text, source.file
    parsed = parse_source(source)
    if parsed.root is None:
        raise FormatError(f"{file}: not formatted: the config does not parse", parsed.diagnostics)
    decl = _DECL.match(text)
    body = " " * decl.end() + text[decl.end() :] if decl else text
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, strip_cdata=False)
    root = etree.fromstring(body, parser)
    lines = [decl.group(0).strip()] if decl else []
    lines += [_misc(n) for n in reversed(list(root.itersiblings(preceding=True)))]
    lines.append(_element(root, 0, {}))
    lines += [_misc(n) for n in root.itersiblings()]
    return "\n".join(lines) + "\n"


def _misc(node: etree._Element) -> str:
    """A comment or processing instruction, exactly as written."""
    return etree.tostring(node, encoding="unicode", with_tail=False)


def _name(qname: str, nsmap: dict[str | None, str]) -> str:
    if not qname.startswith("{"):
        return qname
    uri, local = qname[1:].split("}", 1)
    if uri == XML_NS:
        return f"xml:{local}"
    prefix = next((p for p, u in nsmap.items() if u == uri), None)
    return f"{prefix}:{local}" if prefix else local


def _attributes(el: etree._Element, outer: dict[str | None, str]) -> str:
    nsmap = dict(el.nsmap)
    declared = [
        f' xmlns{":" + p if p else ""}="{u.translate(_ATTR_ESCAPES)}"'
        for p, u in nsmap.items()
        if outer.get(p) != u
    ]
    values = {str(k): str(v) for k, v in el.attrib.items()}
    names = list(values)
    spec = lookup(_name(str(el.tag), nsmap)) if isinstance(el.tag, str) else None
    if spec is not None:
        order = {a.name.lower(): i for i, a in enumerate(spec.attrs)}
        # Declared attributes in registry order, then the rest as written (a stable sort keeps them).
        names.sort(key=lambda n: order.get(_name(n, nsmap).lower(), len(order)))
    pairs = [f' {_name(n, nsmap)}="{values[n].translate(_ATTR_ESCAPES)}"' for n in names]
    return "".join(declared + pairs)


def _verbatim(el: etree._Element) -> bool:
    """Content kept as written: markup and text-bearing tags, and any element with text in it."""
    spec = lookup(_name(str(el.tag), dict(el.nsmap)))
    if spec is not None and (spec.children == Children.HTML or spec.text is Text.HTML):
        return True
    return bool((el.text or "").strip() or any((c.tail or "").strip() for c in el))


def _element(el: etree._Element, depth: int, outer: dict[str | None, str]) -> str:
    name = _name(str(el.tag), dict(el.nsmap))
    start = f"<{name}{_attributes(el, outer)}"
    children = list(el)
    if _verbatim(el):
        inner = _inner(el)
        return f"{start}>{inner}</{name}>" if inner else f"{start}/>"
    if not children:
        return f"{start}/>"
    pad = INDENT * (depth + 1)
    nsmap = dict(el.nsmap)
    lines = [pad + (_element(c, depth + 1, nsmap) if isinstance(c.tag, str) else _misc(c)) for c in children]
    return f"{start}>\n" + "\n".join(lines) + f"\n{INDENT * depth}</{name}>"


def _inner(el: etree._Element) -> str:
    """The element's content as written (text, children with their tails), re-serialised by lxml."""
    whole = etree.tostring(el, encoding="unicode", with_tail=False)
    if whole.endswith("/>") and not len(el) and not el.text:
        return ""
    open_end = _start_tag_end(whole)
    return whole[open_end : whole.rindex("</")]


def _start_tag_end(serialised: str) -> int:
    """The offset just past the start tag's `>` (values are escaped, so `>` only closes tags)."""
    quote = ""
    for i, ch in enumerate(serialised):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == ">":
            return i + 1
    raise ValueError("unterminated start tag")
