"""Build configs in Python and serialise them; read a config back into the same objects.

    from labelconfig.builder import tag, to_xml

    text = tag("Text", name="text", value="$text")
    config = tag("View", text, tag("Choices", tag("Choice", value="Yes"), name="answer", to_name=text))

Tag and attribute names are checked against the registry (`to_name` is `toName`; any case works, the
documented spelling is written), Python values are written as Label Studio reads them (`True` ->
`"true"`, lists comma-joined, a tag stands for its `name`), and what the linter calls an error in an
element (a value its attribute cannot take, a control without options, a `<Label>` inside
`<Choices>`) is refused when the tag is built, with the rule's code and message. `to_xml` writes
`labelconfig fmt`'s canonical layout; `from_xml` reads any config, comments and mixed text included,
so parse -> build -> serialise round-trips.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Union
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .check import Selection, run
from .fmt import FormatError, format_config
from .parse import parse_source
from .rules.structure import MISPLACED_TAG
from .source import Source
from .tags import lookup
from .tags.model import Kind


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


def _attr_value(key: str, value: AttrValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Tag):
        if value.name is None:
            raise ValueError(f"<{value.tag}> has no name to refer to")
        return value.name
    if isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, Sequence) and not isinstance(value, bytes):
        return ",".join(_attr_value(key, v) for v in value)
    raise TypeError(
        f"`{key}={value!r}`: an attribute value is a str, bool, int, float, Tag or a list of them"
        + ("; leave the keyword out to omit the attribute" if value is None else "")
    )


# What the linter calls an error that no enclosing tag can change: attribute values and their
# conflicts, and a control's options. Placement (LC107) is settled only inside a control: any tag
# may still sit below a `<View>` that a later call puts under the right parent.
_JUDGED_WHEN_BUILT: Final = Selection.of(["LC204", "LC205", "LC206", "LC209", "LC401", "LC402", "LC107"])


def tag(tag_name: str, /, *children: Node, **attrs: AttrValue) -> Tag:
    """A config element: `tag("Choices", tag("Choice", value="Yes"), name="answer", to_name=text)`.

    Keyword names may be snake_case (`to_name` is written `toName`); values are written as Label
    Studio reads them. Raises `ValueError` for an unknown tag and for what the linter calls an error
    in the element as built (`opacity=60`, `choice="multi"`, a `<Label>` inside `<Choices>`, a
    control without options), with the rule's code and message; `TypeError` for a value that is not
    a str, bool, number, Tag or list of them, or a child that is not a Tag, Comment or str."""
    if not isinstance(tag_name, str):
        raise TypeError(f'tag() takes the tag name as a str ("Choices"), not {type(tag_name).__name__}')
    spec = lookup(tag_name)
    if spec is None:
        raise ValueError(f"unknown tag <{tag_name}>")
    for child in children:
        if not isinstance(child, Tag | Comment | str):
            raise TypeError(f"<{spec.name}>: a child is a Tag, Comment or str, not {type(child).__name__}")
    pairs = tuple((_attr_name(spec.name, key), _attr_value(key, value)) for key, value in attrs.items())
    built = Tag(spec.name, pairs, tuple(children))
    _refuse_errors(built, inside_control=spec.kind is Kind.CONTROL)
    return built


def _refuse_errors(built: Tag, *, inside_control: bool) -> None:
    """Lint the element as built, with the linter's own rules, and raise its errors."""
    _, _, found = run(Source(_write(built), f"<{built.tag}>"), _JUDGED_WHEN_BUILT)
    errors = [
        d
        for d in found
        if d.is_error and (d.code != MISPLACED_TAG.code or (inside_control and d.path.count("/") > 1))
    ]
    if errors:
        raise ValueError(
            "; ".join(f"{d.code} {d.message}" + (f" ({d.help})" if d.help else "") for d in errors)
        )


@dataclass(frozen=True, slots=True)
class Document:
    """A config with the comments around its root (file-wide suppression comments live there)."""

    root: Tag
    before: tuple[Comment, ...] = ()
    after: tuple[Comment, ...] = ()


def to_xml(config: Tag | Document) -> str:
    """The config as text, in `labelconfig fmt`'s canonical layout; raises `TypeError` for anything
    but a `Tag` (from `tag`) or a `Document` (from `from_xml`)."""
    if not isinstance(config, Tag | Document):
        raise TypeError(f"to_xml() takes a Tag or Document, not {type(config).__name__}")
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
    """A config's XML text read into builder objects (the XML declaration aside: output is Unicode
    text). Raises `TypeError` when `text` is not a str and `FormatError` (a ValueError) when it does
    not parse, naming the line and column; its `diagnostics` hold every syntax error."""
    if not isinstance(text, str):
        hint = "; decode it first" if isinstance(text, bytes) else ""
        raise TypeError(f"from_xml() takes the config's XML text as a str, not {type(text).__name__}{hint}")
    parsed = parse_source(Source(text, "<string>"))
    if parsed.root is None:
        first = next((d for d in parsed.diagnostics if d.is_error), None)
        where = f": line {first.line}, column {first.column}: {first.code} {first.message}" if first else ""
        raise FormatError(f"the config does not parse{where}", parsed.diagnostics)
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
