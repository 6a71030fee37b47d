"""Stage 2: AST -> bound config. Names, toName edges and `$variable` uses are resolved from the
tree (never by regex over the text), so quoting, comments, CSS and markup cannot fool them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from .nodes import Attribute, Element
from .source import Source
from .tags.model import Attr, T, TagSpec

# Label Studio's own pattern for a task-data reference: `$name`, `$a.b`, `$items[0].url`, `$x[{{idx}}]`.
VARIABLE: Final = re.compile(r"\$([\w\[\].{}]+)")
_VARIABLE_TYPES: Final = frozenset(
    {T.VARIABLE, T.TEXT_OR_VARIABLE, T.NUMBER_OR_VARIABLE, T.INTEGER_OR_VARIABLE}
)


@dataclass(frozen=True, slots=True)
class Placed:
    element: Element
    ancestors: tuple[Element, ...]  # the root first

    @property
    def parent(self) -> Element | None:
        return self.ancestors[-1] if self.ancestors else None


@dataclass(frozen=True, slots=True)
class VariableUse:
    reference: str  # as written after `$`: "review_text", "items[{{idx}}].url"
    element: Element
    attribute: Attribute
    repeater: Element | None  # the innermost enclosing <Repeater>, whose index placeholder applies

    @property
    def in_repeater(self) -> bool:
        return self.repeater is not None

    @property
    def key(self) -> str:
        """The top-level task-data key the reference starts with."""
        return re.split(r"[.\[]", self.reference, maxsplit=1)[0]


@dataclass(frozen=True, slots=True)
class Bound:
    source: Source
    root: Element
    placed: tuple[Placed, ...]  # every config element (not HTML markup), in document order
    names: Mapping[str, tuple[Element, ...]]  # name -> the elements declaring it
    variables: tuple[VariableUse, ...]

    def elements(self) -> Iterator[Element]:
        for p in self.placed:
            yield p.element

    def named(self, name: str) -> Element | None:
        found = self.names.get(name)
        return found[0] if found else None

    def attributes(self) -> Iterator[tuple[Element, TagSpec, Attribute, Attr | None]]:
        """Every attribute of every known tag, with its declaration (None when the tag has no such one)."""
        for p in self.placed:
            el = p.element
            spec = el.spec
            if spec is None:
                continue
            for a in el.attributes:
                yield el, spec, a, spec.attr(a.name)

    def produces_results(self, el: Element) -> bool:
        return el.spec is not None and el.spec.result is not None and el.spec.result.type is not None


def bind(source: Source, root: Element) -> Bound:
    placed: list[Placed] = []
    names: dict[str, list[Element]] = {}
    variables: list[VariableUse] = []

    def walk(el: Element, ancestors: tuple[Element, ...], repeater: Element | None) -> None:
        placed.append(Placed(el, ancestors))
        name = el.value("name")
        if name is not None and el.get("name") is not None:
            names.setdefault(name, []).append(el)
        if el.spec is not None:
            for a in el.attributes:
                declared = el.spec.attr(a.name)
                if declared is not None and declared.type in _VARIABLE_TYPES:
                    for m in VARIABLE.finditer(a.value):
                        # A Repeater's own `on` list is read outside its copies.
                        variables.append(VariableUse(m.group(1), el, a, repeater))
        inner = el if el.spec is not None and el.spec.name == "Repeater" else repeater
        below = (*ancestors, el)
        for child in el.children:
            if not child.markup:
                walk(child, below, inner)

    walk(root, (), None)
    return Bound(
        source=source,
        root=root,
        placed=tuple(placed),
        names=MappingProxyType({k: tuple(v) for k, v in names.items()}),
        variables=tuple(variables),
    )
