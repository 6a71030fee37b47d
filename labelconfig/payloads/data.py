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
    # url, urls, text, html, paragraphs, timeseries, table, list_items, chat, dialog, list, number, any
    expects: str
    embedded: bool  # a placeholder inside literal text (`Review of $product`)
    repeater: Element | None

    @property
    def where(self) -> str:
        name = self.element.value("name")
        return f'`<{self.element.tag} name="{name}">`' if name else f"`<{self.element.tag}>`"


_SHAPE_EXPECTS: Final = {
    Shape.URL: "url",
    Shape.TEXT: "text",
    Shape.HTML: "html",
    Shape.PARAGRAPHS: "paragraphs",
    Shape.TIMESERIES: "timeseries",
    Shape.TABLE: "table",
    Shape.LIST_ITEMS: "list_items",
    Shape.CHAT: "chat",
    Shape.DIALOG: "dialog",
    Shape.ANY: "any",
}


def data_uses(cfg: Config) -> tuple[DataUse, ...]:
    uses: list[DataUse] = []
    for use in cfg.variable_uses:
        uses.append(_classify(use))
    return tuple(uses)


def _classify(use: VariableUse) -> DataUse:
    el = use.element
    spec = el.spec
    assert spec is not None
    declared_attr = spec.attr(use.attribute.name)
    name = declared_attr.name if declared_attr is not None else use.attribute.name
    whole = use.attribute.value.strip() == f"${use.reference}"
    expects = "any"
    declared = spec.attr(name)
    if not whole:
        expects = "text"
    elif spec.data is not None and name == spec.data.list_attribute:
        expects = "urls"
    elif spec.data is not None and name == spec.data.attribute:
        expects = _SHAPE_EXPECTS[spec.data.shape]
        value_type = el.value("valueType")
        # A URL instead of inline data (TimeSeries defaults to a CSV URL unless valueType="json").
        if value_type == "url" or (expects == "timeseries" and value_type != "json"):
            expects = "url"
    elif spec.name == "Repeater" or (name == "value" and spec.kind is Kind.CONTROL):
        expects = "list"  # Repeater items, or the options of a control loaded from the task
    elif declared is not None and declared.type in (T.NUMBER_OR_VARIABLE, T.INTEGER_OR_VARIABLE):
        expects = "number"
    elif declared is not None and declared.type is T.VARIABLE and name.lower().endswith("url"):
        expects = "url"
    return DataUse(use.reference, el, name, expects, not whole, use.repeater)


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
        flag = use.repeater.value("indexFlag") or "{{idx}}"  # type: ignore[union-attr]
        on = (use.repeater.value("on") or "").strip()  # type: ignore[union-attr]
        found, items = resolve(data, on[1:]) if on.startswith("$") else (False, None)
        if not found or type(items) is not list:
            return  # the Repeater's own `on` use reports that
        if flag not in use.reference:
            self._one(use, use.reference, data, sink, path)
            return
        for i in range(len(items)):
            self._one(use, use.reference.replace(flag, str(i)), data, sink, path)

    def _one(self, use: DataUse, reference: str, data: dict[str, Any], sink: Sink, path: str) -> None:
        found, value = resolve(data, reference)
        where = f"{path}.{reference}" if reference.isidentifier() else f'{path}["{reference}"]'
        if not found:
            self._missing(use, reference, data, sink, where)
            return
        # A chat starts empty by design: annotators (and the LLM) add the messages.
        if value is None or value == "" or (value == [] and use.expects != "chat"):
            sink.add(
                codes.EMPTY_DATA_VALUE,
                where,
                f"`{reference}` is {describe(value)}; {use.where} shows nothing",
                help="fill the field, or drop the task",
            )
            return
        problem = _problem(use, value)
        if problem:
            sink.add(
                codes.WRONG_DATA_TYPE,
                where,
                f"`{reference}` {problem} ({use.where} `{use.attribute}`)",
                help=_WANTED.get(use.expects, ""),
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


_WANTED: Final = {
    "url": "give a URL or storage path as a string",
    "urls": "give a list of URL strings",
    "text": "give the text as a string",
    "html": "give the HTML as a string",
    "paragraphs": "give a list of objects, each with the speaker and text keys the tag names",
    "timeseries": 'give an object of equal-length column lists (valueType="json") or a CSV URL',
    "table": "give an object or a list",
    "list_items": "give a list of objects with an `id` and title/body/html",
    "chat": 'give a list of messages {"role": ..., "content": ...}',
    "dialog": 'give a list of replicas {"name": ..., "text": ...}',
    "list": "give a list",
    "number": "give a number",
}


def _problem(use: DataUse, value: Any) -> str:
    expects = use.expects
    el = use.element
    if expects in ("url", "text", "html"):
        if type(value) is str:
            return ""
        if (
            expects == "url"
            and type(value) is list
            and el.spec is not None
            and el.spec.data is not None
            and el.spec.data.list_attribute
        ):
            return (
                f"is a list; `{use.attribute}` takes one URL (use `{el.spec.data.list_attribute}` for a list)"
            )
        if use.embedded and type(value) in (int, float, bool):
            return ""  # numbers read fine inside literal text
        return f"is {json_type(value)}, not a string"
    if expects == "urls":
        if type(value) is list and all(type(v) is str for v in value):
            return ""
        return f"is {json_type(value)}, not a list of URL strings"
    if expects == "paragraphs":
        if type(value) is not list:
            return f"is {json_type(value)}, not a list of utterances"
        name_key = el.value("nameKey") or "author"
        text_key = el.value("textKey") or "text"
        for i, item in enumerate(value):
            if type(item) is not dict:
                return f"item {i} is {json_type(item)}, not an object"
            for key in (name_key, text_key):
                if key not in item:
                    return f'item {i} has no "{key}" (nameKey="{name_key}", textKey="{text_key}")'
        return ""
    if expects == "timeseries":
        if type(value) is not dict:
            return f"is {json_type(value)}, not an object of columns"
        columns = [c.value("column") for c in el.iter() if c.spec is not None and c.spec.name == "Channel"]
        time_column = el.value("timeColumn")
        for column in [*columns, time_column]:
            if column and column not in value:
                return f'has no column "{column}"'
        return ""
    if expects == "table":
        return "" if type(value) in (dict, list) else f"is {json_type(value)}, not an object or a list"
    if expects == "list_items":
        if type(value) is not list:
            return f"is {json_type(value)}, not a list of items"
        for i, item in enumerate(value):
            if type(item) is not dict or "id" not in item:
                return f"item {i} is not an object with an `id`"
        return ""
    if expects == "chat":
        if type(value) is not list:
            return f"is {json_type(value)}, not a list of messages"
        for i, item in enumerate(value):
            if type(item) is not dict or "role" not in item or "content" not in item:
                return f"message {i} is not an object with `role` and `content`"
        return ""
    if expects == "dialog":
        if type(value) is not list:
            return f"is {json_type(value)}, not a list of replicas"
        return ""
    if expects == "list":
        return "" if type(value) is list else f"is {json_type(value)}, not a list"
    if expects == "number":
        return "" if type(value) in (int, float) else f"is {json_type(value)}, not a number"
    return ""


def is_wrapped(task: Mapping[str, Any]) -> bool:
    """Label Studio's import rule: a task is `{"data": ...}` only when `data` is truthy; any other
    object is the data itself, whole (`{"text": ..., "annotations": 3}` is two data fields)."""
    return bool(task.get("data"))


def task_data(task: Mapping[str, Any]) -> Any:
    return task["data"] if is_wrapped(task) else task
