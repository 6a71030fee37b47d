"""Task data against the config's `$variables`: every key present, every value of the right kind."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..bind import VariableUse
from ..nodes import Element
from ..suggest import closest
from ..tags.model import Kind, Shape, T
from ..view import Config
from . import codes
from .context import Sink, describe, json_type
from .shapes import SHAPES

_STEP: Final = re.compile(r"\.?([^.\[\]]+)|\[([^\]]*)\]")


def steps(reference: str) -> list[str | int]:
    """`items[0].url` -> ["items", 0, "url"]; placeholders such as `{{idx}}` stay strings."""
    out: list[str | int] = []
    for m in _STEP.finditer(reference):
        key, index = m.group(1), m.group(2)
        if key is not None:
            out.append(key)
        elif index is not None:
            out.append(int(index) if index.isdigit() else index)
    return out


def resolve(data: Any, reference: str) -> tuple[bool, Any]:
    """Look `reference` up in task data the way Label Studio does: dots and [index] go down a level."""
    current = data
    for step in steps(reference):
        if isinstance(step, int):
            if type(current) is not list or step >= len(current):
                return False, None
            current = current[step]
        else:
            if type(current) is not dict or step not in current:
                return False, None
            current = current[step]
    return True, current


@dataclass(frozen=True, slots=True)
class DataUse:
    """One place the config reads task data, and what it expects to find there."""

    reference: str
    element: Element
    attribute: str
    expects: Shape
    embedded: bool  # a placeholder inside literal text (`Review of $product`)
    repeater: Element | None
    # Every <Repeater> around the element, outermost first (a Repeater's own `on` is read outside it).
    repeaters: tuple[Element, ...] = ()

    @property
    def where(self) -> str:
        name = self.element.value("name")
        return f'`<{self.element.tag} name="{name}">`' if name else f"`<{self.element.tag}>`"

    def problem(self, value: Any) -> str:
        """What is wrong with `value` here ("" when it fits)."""
        return SHAPES[self.expects].problem(self, value)


def data_uses(cfg: Config) -> tuple[DataUse, ...]:
    around = enclosing_repeaters(cfg)
    return tuple(_classify(use, around.get(id(use.element), ())) for use in cfg.variable_uses)


def enclosing_repeaters(cfg: Config) -> dict[int, tuple[Element, ...]]:
    """id(element) -> the <Repeater>s around it, outermost first."""
    found: dict[int, tuple[Element, ...]] = {}

    def walk(el: Element, repeaters: tuple[Element, ...]) -> None:
        if repeaters:
            found[id(el)] = repeaters
        if el.spec is not None and el.spec.name == "Repeater":
            repeaters = (*repeaters, el)
        for child in el.children:
            walk(child, repeaters)

    if cfg.root is not None:
        walk(cfg.root, ())
    return found


def copies(repeaters: tuple[Element, ...], data: Any, fill: int = 0) -> list[dict[str, str]]:
    """One substitution (index placeholder -> item index) per copy the editor makes, nested Repeaters
    multiplied out (`$a[{{idx}}].b` is read per item of `a`); a list missing from `data` counts
    `fill` items (samples fill them in, checks report the missing list where it is read)."""
    subs: list[dict[str, str]] = [{}]
    for repeater in repeaters:
        flag = repeater.setting("indexFlag") or ""
        on = (repeater.value("on") or "").strip().removeprefix("$")
        grown: list[dict[str, str]] = []
        for each in subs:
            found, items = resolve(data, substitute(on, each))
            count = len(items) if found and type(items) is list else fill
            grown.extend({**each, flag: str(i)} for i in range(count))
        subs = grown
    return subs


def substitute(text: str, sub: Mapping[str, str]) -> str:
    for flag, index in sub.items():
        text = text.replace(flag, index)
    return text


def _classify(use: VariableUse, repeaters: tuple[Element, ...]) -> DataUse:
    el = use.element
    spec = el.spec
    assert spec is not None
    declared = spec.attr(use.attribute.name)
    name = declared.name if declared is not None else use.attribute.name
    whole = use.attribute.value.strip() == f"${use.reference}"
    expects = Shape.ANY
    if not whole:
        expects = Shape.TEXT
    elif spec.data is not None and name == spec.data.list_attribute:
        expects = Shape.URLS
    elif spec.data is not None and name == spec.data.attribute:
        expects = spec.data.shape
        value_type = el.value("valueType")
        # A URL instead of inline data (TimeSeries defaults to a CSV URL unless valueType="json").
        if value_type == "url" or (expects is Shape.TIMESERIES and value_type != "json"):
            expects = Shape.URL
    elif spec.name == "Repeater" or (name == "value" and spec.kind is Kind.CONTROL and spec.options):
        expects = Shape.LIST  # Repeater items, or the options of a control loaded from the task
    elif name == "value" and spec.kind is Kind.CONTROL:
        expects = Shape.TEXT  # a control without options pre-filled from the task (TextArea value)
    elif declared is not None and declared.type in (T.NUMBER_OR_VARIABLE, T.INTEGER_OR_VARIABLE):
        expects = Shape.NUMBER
    elif declared is not None and declared.type is T.VARIABLE and name.lower().endswith("url"):
        expects = Shape.URL
    return DataUse(use.reference, el, name, expects, not whole, use.repeater, repeaters)


class DataChecker:
    def __init__(self, cfg: Config) -> None:
        self.uses = data_uses(cfg)

    def check(self, data: Any, sink: Sink, path: str) -> None:
        if type(data) is not dict:
            sink.add(codes.INVALID_TASK, path, f"task data is {json_type(data)}, not an object")
            return
        for use in self.uses:
            if use.repeater is not None:
                self._repeated(use, data, sink, path)
            else:
                self._one(use, use.reference, data, sink, path)

    def _repeated(self, use: DataUse, data: dict[str, Any], sink: Sink, path: str) -> None:
        # Each copy reads its own item; a reference without placeholders is the same for every copy.
        for reference in dict.fromkeys(substitute(use.reference, sub) for sub in copies(use.repeaters, data)):
            self._one(use, reference, data, sink, path)

    def _one(self, use: DataUse, reference: str, data: dict[str, Any], sink: Sink, path: str) -> None:
        found, value = resolve(data, reference)
        where = f"{path}.{reference}" if reference.isidentifier() else f'{path}["{reference}"]'
        if not found:
            self._missing(use, reference, data, sink, where)
            return
        # A chat starts empty by design: annotators (and the LLM) add the messages.
        if value is None or value == "" or (value == [] and use.expects is not Shape.CHAT):
            sink.add(
                codes.EMPTY_DATA_VALUE,
                where,
                f"`{reference}` is {describe(value)}; {use.where} shows nothing",
                help="fill the field, or drop the task",
            )
            return
        problem = use.problem(value)
        if problem:
            sink.add(
                codes.WRONG_DATA_TYPE,
                where,
                f"`{reference}` {problem} ({use.where} `{use.attribute}`)",
                help=SHAPES[use.expects].wanted,
            )

    def _missing(self, use: DataUse, reference: str, data: dict[str, Any], sink: Sink, where: str) -> None:
        parts = steps(reference)
        container: Any = data
        for step in parts[:-1]:
            ok, container = resolve(container, str(step)) if isinstance(step, str) else (False, None)
            if not ok:
                break
        last = parts[-1] if parts else reference
        keys = [k for k in container] if type(container) is dict else list(data)
        if reference in data:
            help = (
                f'the task has a flat key "{reference}"; Label Studio reads `${reference}` as nested keys — '
                "nest the data, or rename the key without dots"
            )
            best: str | None = None
        else:
            best = closest(str(last), keys)
            help = (
                f'did you mean "{best}"?'
                if best
                else (
                    "task data keys: " + ", ".join(f'"{k}"' for k in keys[:8])
                    if keys
                    else "the task data is empty"
                )
            )
        sink.add(
            codes.MISSING_DATA_KEY,
            where,
            f'the task has no `{reference}` for {use.where} (`{use.attribute}="${use.reference}"`)',
            help=help,
            suggestion=best,
        )


def is_wrapped(task: Mapping[str, Any]) -> bool:
    """Label Studio's import rule: a task is `{"data": ...}` only when `data` is truthy; any other
    object is the data itself, whole (`{"text": ..., "annotations": 3}` is two data fields)."""
    return bool(task.get("data"))


def task_data(task: Mapping[str, Any]) -> Any:
    return task["data"] if is_wrapped(task) else task
