"""`visibleWhen` as the editor applies it to `required`: a required control hidden by its own condition
or by an element around it is not asked for (Label Studio's RequiredMixin skips a control whose
`isVisible` is false, or whose parent's is). Choice conditions are decided by the annotation's own
choices, so the form and `check --annotations` agree; region conditions follow which region the
annotator has selected, which no annotation records, so such a control is never required."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..nodes import Element

CHOICE_CONDITIONS: Final = ("choice-selected", "choice-unselected")


@dataclass(frozen=True, slots=True)
class Condition:
    """One `visibleWhen` with its `whenTagName` and `whenChoiceValue` refinements."""

    when: str
    tag: str | None  # None: the choices of any control count
    values: frozenset[str]  # empty: any choice counts

    @classmethod
    def of(cls, el: Element) -> Condition | None:
        when = (el.value("visibleWhen") or "").strip()
        if not when:
            return None
        values = (v.strip() for v in (el.value("whenChoiceValue") or "").split(","))
        return cls(when, (el.value("whenTagName") or "").strip() or None, frozenset(v for v in values if v))

    @property
    def decidable(self) -> bool:
        """Whether an annotation alone says if the element is shown."""
        return self.when in CHOICE_CONDITIONS

    def holds(self, chosen: Mapping[str, set[str]]) -> bool:
        picked = chosen.get(self.tag, set()) if self.tag else set().union(*chosen.values())
        hit = bool(picked & self.values) if self.values else bool(picked)
        return hit if self.when == "choice-selected" else not hit


def conditions(root: Element | None, target: Element) -> tuple[Condition, ...]:
    """The conditions on `target` and on every element around it, outermost first."""
    path = _path(root, target) if root is not None else None
    return tuple(c for el in (path or [target]) if (c := Condition.of(el)) is not None)


def _path(node: Element, target: Element) -> list[Element] | None:
    if node is target:
        return [node]
    for child in node.children:
        found = _path(child, target)
        if found is not None:
            return [node, *found]
    return None


def chosen(results: Iterable[Any]) -> dict[str, set[str]]:
    """Per control name, the choices an annotation selects (nested paths by their items)."""
    out: dict[str, set[str]] = {}
    for r in results:
        value = r.get("value") if isinstance(r, dict) else None
        picked = value.get("choices") if isinstance(value, dict) else None
        if isinstance(picked, list) and isinstance(r.get("from_name"), str):
            out.setdefault(r["from_name"], set()).update(_flat(picked))
    return out


def _flat(items: list[Any]) -> Iterator[str]:
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, list):
            yield from (x for x in item if isinstance(x, str))
