"""Build configs in Python and serialise them; read a config back into the same objects.

    from labelconfig.builder import tag, to_xml

    text = tag("Text", name="text", value="$text")
    config = tag("View", text, tag("Choices", tag("Choice", value="Yes"), name="answer", to_name=text))

Tag and attribute names are checked against the registry (`to_name` is `toName`; any case works, the
documented spelling is written), Python values are written as Label Studio reads them (`True` ->
`"true"`, lists comma-joined, a tag stands for its `name`), and values the registry can judge
(enums, booleans, numbers) are checked when the tag is built. `to_xml` writes `labelconfig fmt`'s
canonical layout; `from_xml` reads any config, comments and mixed text included, so parse -> build ->
serialise round-trips.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .fmt import FormatError, format_config
from .parse import parse_source
from .source import Source
from .tags import lookup
from .tags.model import T
from .tags.types import type_problem


@dataclass(frozen=True, slots=True)
class Comment:
    text: str


@dataclass(frozen=True, slots=True)
class Tag:
    """One element: its tag, attributes in order, and content (tags, comments and text, in order)."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[Node, ...] = ()

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k.lower() == name.lower()), None)

    @property
    def name(self) -> str | None:
        return self.get("name")

    def find(self, name: str) -> Tag | None:
        """The first tag below (or this one) whose `name` attribute is `name`."""
        if self.name == name:
            return self
        return next((t for c in self.children if isinstance(c, Tag) and (t := c.find(name))), None)


Node = Union[Tag, Comment, str]  # noqa: UP007 - a runtime alias used in annotations of the dataclass
AttrValue = Union[str, bool, int, float, Sequence[str], Tag]  # noqa: UP007


def _attr_name(spec_tag: str, key: str) -> str:
    """The documented spelling of a keyword: `to_name` -> `toName`; unknown names are kept as given."""
    spec = lookup(spec_tag)
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key.rstrip("_"))  # `class_` -> `class`
    declared = spec.attr(camel) if spec is not None else None
    return declared.name if declared is not None else camel


def _attr_value(value: AttrValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Tag):
        if value.name is None:
            raise ValueError(f"<{value.tag}> has no name to refer to")
        return value.name
    if isinstance(value, int | float | str):
        return str(value)
    return ",".join(_attr_value(v) for v in value)


def tag(tag_name: str, /, *children: Node, **attrs: AttrValue) -> Tag:
    """A config element; raises ValueError for an unknown tag or a value its attribute cannot take."""
    spec = lookup(tag_name)
    if spec is None:
        raise ValueError(f"unknown tag <{tag_name}>")
    pairs: list[tuple[str, str]] = []
    for key, value in attrs.items():
        attr_name, text = _attr_name(spec.name, key), _attr_value(value)
        declared = spec.attr(attr_name)
        if declared is not None:
            problem = type_problem(declared, text)
            if problem is None and declared.type is T.ENUM and text not in declared.values:
                problem = f"is not one of {', '.join(declared.values)}"
            if problem is not None:
                raise ValueError(f'<{spec.name} {attr_name}="{text}">: the value {problem}')
        pairs.append((attr_name, text))
    return Tag(spec.name, tuple(pairs), tuple(children))


@dataclass(frozen=True, slots=True)
class Document:
    """A config with the comments around its root (file-wide suppression comments live there)."""

    root: Tag
    before: tuple[Comment, ...] = ()
    after: tuple[Comment, ...] = ()


def to_xml(config: Tag | Document) -> str:
    """The config as text, in `labelconfig fmt`'s canonical layout."""
    doc = config if isinstance(config, Document) else Document(config)
    nodes: list[Node] = [*doc.before, doc.root, *doc.after]
    return format_config("".join(_write(n) for n in nodes))


def _write(node: Node) -> str:
    if isinstance(node, str):
        return escape(node)
    if isinstance(node, Comment):
        return f"<!--{node.text}-->"
    attrs = "".join(f" {k}={_quote(v)}" for k, v in node.attrs)
    if not node.children:
        return f"<{node.tag}{attrs}/>"
    return f"<{node.tag}{attrs}>{''.join(_write(c) for c in node.children)}</{node.tag}>"


def _quote(value: str) -> str:
    # Newlines and tabs as references: literal ones would be read back as spaces.
    return quoteattr(value, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def from_xml(text: str) -> Document:
    """A config read into builder objects (the XML declaration aside: output is Unicode text); raises
    `FormatError` when it does not parse (its diagnostics say where)."""
    parsed = parse_source(Source(text, "<string>"))
    if parsed.root is None:
        raise FormatError("the config does not parse", parsed.diagnostics)
    body = re.sub(r"\A\s*<\?xml[^>]*\?>", lambda m: " " * len(m.group(0)), text)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(body, parser)
    before = [Comment(str(n.text or "")) for n in root.itersiblings(preceding=True) if n.tag is etree.Comment]
    after = [Comment(str(n.text or "")) for n in root.itersiblings() if n.tag is etree.Comment]
    return Document(_read(root), tuple(reversed(before)), tuple(after))


def _read(el: etree._Element) -> Tag:
    content: list[Node] = [el.text] if el.text else []
    for child in el:
        if child.tag is etree.Comment:
            content.append(Comment(str(child.text or "")))
        elif isinstance(child.tag, str):
            content.append(_read(child))
        if child.tail:
            content.append(child.tail)
    if not any(isinstance(c, str) and c.strip() for c in content):
        content = [c for c in content if not isinstance(c, str)]  # layout whitespace, not content
    attrs = tuple((str(k), str(v)) for k, v in el.attrib.items())
    return Tag(str(el.tag), attrs, tuple(content))
