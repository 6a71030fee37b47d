"""Config elements -> view nodes: each tag's partial (found through the registry), its attributes with
task data substituted, the data an object shows, and Repeater blocks expanded once per item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from ..bind import VARIABLE
from ..nodes import Element
from ..payloads.data import resolve
from ..tags.model import Kind, TagSpec
from .env import template_dir

# Plain HTML that old configs put inside <View>; anything else becomes a neutral container.
HTML_TAGS: Final = frozenset(
    "h1 h2 h3 h4 h5 h6 p div span b i u em strong small br hr ul ol li pre code blockquote".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Node:
    """One element as the page shows it."""

    tag: str  # the registry's spelling, or the HTML tag name (lower case) for markup
    template: str
    element: Element
    attrs: Mapping[str, str]  # lower-cased names -> values with `$field` substituted
    data: Any = None  # what an object tag shows (the resolved `$field`), else None
    found: bool = True  # the object's `$field` exists in the task data
    text: str = ""  # element text with `$field` substituted (Header, Markdown, Style)
    children: tuple[Node, ...] = ()
    index: str | None = None  # the Repeater item this copy belongs to
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> TagSpec | None:
        return self.element.spec

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name.lower(), default)

    def setting(self, name: str) -> str:
        """The attribute (task data filled in), else the registry's default for it (see
        `Element.setting`)."""
        filled = self.extra.get("filled", {}).get(name.lower())
        return filled or self.get(name) or self.element.setting(name) or ""

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.attrs.get(name.lower())
        return default if value is None else value == "true"


@cache
def partial_for(tag: str, kind: str) -> str:
    """`tags/<tag>.html.j2` when the tag has its own partial, else the one for its kind."""
    own = f"tags/{tag.lower()}.html.j2"
    if (template_dir() / own).is_file():
        return own
    return f"kinds/{kind}.html.j2"


def substitute(text: str, data: Any) -> str:
    """`Review of $product` with task data filled in; unknown references stay as written."""

    def one(m: Any) -> str:
        found, value = resolve(data, m.group(1))
        if not found or isinstance(value, dict | list):
            return str(m.group(0))
        return str(value)

    return VARIABLE.sub(one, text) if "$" in text else text


class Builder:
    """Walks the config once for one task."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def build(self, el: Element, flag: str | None = None, index: str | None = None) -> list[Node]:
        spec = el.spec
        if el.markup:
            return []  # HyperText's inline markup is its content, shown by the HyperText partial
        if spec is not None and spec.name == "Repeater":
            return self._repeat(el)
        attrs = {a.name.lower(): self._fill(a.value, flag, index) for a in el.attributes}
        if spec is not None and spec.kind is Kind.VISUAL and "value" in attrs:
            # What a Header or Markdown shows may be or contain `$field`s, filled in as Label Studio does.
            attrs["value"] = substitute(attrs["value"], self.data)
        children = _headed(tuple(n for c in el.children for n in self.build(c, flag, index)))
        if spec is None:
            tag = el.tag.lower() if el.tag.lower() in HTML_TAGS else "div"
            return [
                Node(
                    tag,
                    "kinds/html.html.j2",
                    el,
                    attrs,
                    text=substitute(el.text, self.data),
                    children=children,
                )
            ]
        node = Node(
            spec.name,
            partial_for(spec.name, spec.kind.value),
            el,
            attrs,
            text=substitute(el.text, self.data),
            children=children,
            index=index,
        )
        return [self._with_data(node, spec, el, flag, index)] if spec.kind is Kind.OBJECT else [node]

    def _fill(self, value: str, flag: str | None, index: str | None) -> str:
        if flag is not None and index is not None:
            value = value.replace(flag, index)
        return value

    def _with_data(self, node: Node, spec: TagSpec, el: Element, flag: str | None, index: str | None) -> Node:
        if spec.data is None:
            return node
        raw = node.attrs.get(spec.data.attribute.lower())
        if raw is None and spec.data.list_attribute:
            raw = node.attrs.get(spec.data.list_attribute.lower())
        # Settings that may name task data (a Video's `frameRate="$fps"`), with it filled in.
        data_attrs = {spec.data.attribute.lower(), (spec.data.list_attribute or "").lower()}
        filled = {
            k: substitute(v, self.data) for k, v in node.attrs.items() if "$" in v and k not in data_attrs
        }
        node = Node(**{**_fields(node), "extra": {**node.extra, "filled": filled}}) if filled else node
        if raw is None:
            return Node(**{**_fields(node), "found": False})
        ref = raw.strip()
        if ref.startswith("$") and VARIABLE.fullmatch(ref):
            found, value = resolve(self.data, ref[1:])
            return Node(**{**_fields(node), "data": value, "found": found})
        return Node(**{**_fields(node), "data": substitute(raw, self.data)})

    def _repeat(self, el: Element) -> list[Node]:
        flag = el.setting("indexFlag") or ""
        on = (el.value("on") or "").strip()
        found, items = resolve(self.data, on[1:]) if on.startswith("$") else (False, None)
        count = len(items) if found and isinstance(items, list) else 0
        blocks: list[Node] = []
        for i in range(count):
            children = tuple(n for c in el.children for n in self.build(c, flag, str(i)))
            blocks.append(Node("Repeater", "tags/repeater.html.j2", el, {}, children=children, index=str(i)))
        return blocks


def _headed(children: tuple[Node, ...]) -> tuple[Node, ...]:
    """The first control after a Header takes the Header as its caption: the Header asks the question,
    and the control's internal name beside it would only repeat it in other words."""
    out: list[Node] = []
    heading = ""
    for n in children:
        if n.tag == "Header":
            heading = n.get("value") or n.text
        elif heading and n.spec is not None and n.spec.kind is Kind.CONTROL:
            n = Node(**{**_fields(n), "extra": {**n.extra, "heading": heading}})
            heading = ""
        out.append(n)
    return tuple(out)


def _fields(node: Node) -> dict[str, Any]:
    return {name: getattr(node, name) for name in Node.__dataclass_fields__}
