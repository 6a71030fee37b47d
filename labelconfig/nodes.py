"""The AST: frozen, slotted nodes. Positions and registry links are excluded from equality, so two
configs that say the same thing compare equal however they are laid out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .source import Span
from .tags.model import Attr, Kind, TagSpec


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str  # as written
    value: str  # after XML unescaping and attribute-value normalisation
    span: Span = field(compare=False)  # `name="value"`
    value_span: Span = field(compare=False)  # inside the quotes
    path: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Element:
    tag: str  # as written
    attributes: tuple[Attribute, ...] = ()
    children: tuple[Element, ...] = ()
    text: str = ""  # the element's own character data (its text and its children's tails), stripped
    span: Span | None = field(default=None, compare=False)  # from `<` to the end of the tag name
    path: str = field(default="", compare=False)  # XPath-like: /View[1]/Choices[2]
    spec: TagSpec | None = field(default=None, compare=False)
    # Raw HTML inside a HyperText: markup, not config tags.
    markup: bool = field(default=False, compare=False)
    # Codes suppressed by a preceding `<!-- labelconfig: ignore ... -->` comment ("*" = all).
    ignores: frozenset[str] = field(default=frozenset(), compare=False)
    _by_name: dict[str, Attribute] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Attribute] = {}
        for a in self.attributes:
            index.setdefault(a.name.lower(), a)
            index[a.name] = a
        object.__setattr__(self, "_by_name", index)

    def get(self, name: str) -> Attribute | None:
        """The attribute called `name`, matched case-insensitively as the editor does."""
        found = self._by_name.get(name)
        return found if found is not None else self._by_name.get(name.lower())

    def value(self, name: str) -> str | None:
        a = self.get(name)
        return None if a is None else a.value

    def setting(self, name: str) -> str | None:
        """The attribute as written, else the default the registry declares for it and the editor
        applies (`indexFlag` -> `{{idx}}`, Paragraphs' `nameKey` -> `author`): the one place defaults
        are read, so no caller restates them."""
        value = self.value(name)
        if value:
            return value
        declared = self.declared(name)
        return None if declared is None else declared.effective_default

    @property
    def loads_options(self) -> bool:
        """A control whose options come from task data (`value="$field"`) or a Taxonomy's `apiUrl`
        rather than from its children."""
        return (self.value("value") or "").startswith("$") or bool(self.value("apiUrl"))

    def declared(self, name: str) -> Attr | None:
        return None if self.spec is None else self.spec.attr(name)

    @property
    def kind(self) -> Kind | None:
        return None if self.spec is None else self.spec.kind

    @property
    def name(self) -> str | None:
        return self.value("name")

    def iter(self) -> Iterator[Element]:
        """This element and all its descendants, in document order."""
        stack = [self]
        while stack:
            el = stack.pop()
            yield el
            stack.extend(reversed(el.children))
