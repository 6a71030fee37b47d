"""The public, typed view of a checked config: `cfg.controls["sentiment"].labels`, `cfg.objects`,
`cfg.variables` and every diagnostic."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar

from .bind import Bound, VariableUse
from .diagnostics import Diagnostic
from .nodes import Element
from .rules.options import option_elements
from .tags.model import Kind, ResultSpec, TagSpec
from .tags.types import convert, type_problem


@dataclass(frozen=True, slots=True)
class Option:
    """One Label / Choice / Relation of a control."""

    value: str
    alias: str | None
    element: Element = field(compare=False)
    path: tuple[str, ...] = ()  # enclosing options, for nested Choice trees (Taxonomy)

    @property
    def label(self) -> str:
        """The text results carry: the alias when set, else the value."""
        return self.alias or self.value

    def attr(self, name: str) -> object:
        return _typed(self.element, name)


@dataclass(frozen=True, slots=True)
class Tag:
    """A named tag of the config, with its registry entry."""

    name: str
    element: Element = field(compare=False)

    @property
    def tag(self) -> str:
        return self.spec.name if self.spec is not None else self.element.tag

    @property
    def spec(self) -> TagSpec | None:
        return self.element.spec

    def attr(self, name: str) -> object:
        """The typed value of an attribute (bool, int, float, tuple for lists), or its default."""
        return _typed(self.element, name)


@dataclass(frozen=True, slots=True)
class Control(Tag):
    to_name: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    config: Config | None = field(default=None, compare=False, repr=False)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(o.label for o in self.options)

    @property
    def result_spec(self) -> ResultSpec | None:
        """The registry's declaration of what this control writes (`result` builds one)."""
        return None if self.spec is None else self.spec.result

    @property
    def result_type(self) -> str | None:
        return None if self.result_spec is None else self.result_spec.type

    @property
    def dynamic_labels(self) -> bool:
        """Options come from task data (`value="$field"`) rather than the config."""
        return self.element.loads_options


@dataclass(frozen=True, slots=True)
class Object(Tag):
    @property
    def value(self) -> str | None:
        data = self.spec.data if self.spec is not None else None
        attribute = data.attribute if data is not None else "value"
        return self.element.value(attribute)

    @property
    def variable(self) -> str | None:
        """The task-data reference (without `$`) when `value` is one `$field`."""
        v = (self.value or "").strip()
        return v[1:] if v.startswith("$") and len(v) > 1 else None


class Config:
    """A parsed and checked labeling config, immutable. Build it with `labelconfig.parse`.

    This is the typed view of the config alone; `labelconfig.Config` (`payloads.api`) adds the
    payload checks and builders on top, so this module never imports the payload layer."""

    control_class: ClassVar[type[Control]] = Control

    def __init__(self, bound: Bound | None, diagnostics: list[Diagnostic], text: str) -> None:
        self._bound = bound
        self.text = text
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        controls: dict[str, Control] = {}
        objects: dict[str, Object] = {}
        if bound is not None:
            for el in bound.elements():
                name = el.value("name")
                if el.spec is None or not name or name in controls or name in objects:
                    continue
                if el.spec.kind is Kind.CONTROL or (
                    el.spec.result is not None and el.spec.kind is not Kind.OBJECT
                ):
                    controls[name] = _control(name, el, self)
                elif el.spec.kind is Kind.OBJECT:
                    objects[name] = Object(name, el)
                    if el.spec.result is not None:  # Chat, ReactCode: objects that also produce results
                        controls[name] = _control(name, el, self)
        self.controls: Mapping[str, Control] = MappingProxyType(controls)
        self.objects: Mapping[str, Object] = MappingProxyType(objects)
        self._frozen = True

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_frozen", False):
            raise AttributeError(f"Config is immutable; cannot set {name!r}")
        object.__setattr__(self, name, value)

    @property
    def root(self) -> Element | None:
        return None if self._bound is None else self._bound.root

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def has_relations(self) -> bool:
        """The config declares `<Relations>` (relation labels); relations themselves need no tag."""
        return any(el.spec is not None and el.spec.name == "Relations" for el in self.elements())

    @property
    def relation_labels(self) -> tuple[str, ...]:
        """The `<Relation>` values inside `<Relations>`, in order, without repeats."""
        labels = [
            r.value("value") or ""
            for el in self.elements()
            if el.spec is not None and el.spec.name == "Relations"
            for r in el.iter()
            if r.spec is not None and r.spec.name == "Relation"
        ]
        return tuple(dict.fromkeys(label for label in labels if label))

    @property
    def variables(self) -> tuple[str, ...]:
        """Every `$reference` the config reads from task data, without `$`, in order of appearance."""
        return tuple(dict.fromkeys(u.reference for u in self.variable_uses))

    @property
    def variable_uses(self) -> tuple[VariableUse, ...]:
        return () if self._bound is None else self._bound.variables

    def elements(self) -> Iterator[Element]:
        if self._bound is not None:
            yield from self._bound.elements()

    def __repr__(self) -> str:
        counts = f"controls={list(self.controls)} objects={list(self.objects)}"
        return f"<Config {counts} diagnostics={len(self.diagnostics)}>"


def _control(name: str, el: Element, config: Config) -> Control:
    to_name = tuple(p for p in (el.value("toName") or "").split(",") if p)
    options: tuple[Option, ...] = ()
    if el.spec is not None and el.spec.options:
        options = tuple(
            Option(o.value("value") or "", o.value("alias") or None, o, trail)
            for trail, o in option_elements(el, el.spec.options)
        )
    elif el.spec is not None:
        children = [c for c in el.iter() if c is not el and c.spec is not None and c.spec.kind is Kind.LABEL]
        options = tuple(
            Option(c.value("value") or c.value("name") or "", c.value("alias") or None, c) for c in children
        )
    return config.control_class(name, el, to_name, options, config)


def _typed(el: Element, name: str) -> object:
    declared = el.declared(name)
    raw = el.value(name)
    if declared is None:
        return raw
    if raw is None:
        raw = declared.default
        if raw is None:
            return None
    if type_problem(declared, raw) is not None:
        return raw
    return convert(declared, raw)
