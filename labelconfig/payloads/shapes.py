"""Each task-data `Shape` declared once: how a value is checked, what a sample holds, the JSON type the
schema gives it and the advice for a wrong one. The data checker (`data`), the samples (`sample`) and
the JSON Schema (`schema`) all read this table, so a new shape is one entry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from ..nodes import Element
from ..tags.model import Shape
from .context import json_type

if TYPE_CHECKING:
    from .data import DataUse

TEXT: Final = "Ada Lovelace wrote the first program in London."
# A media URL per tag, so a sample reads as what it is (an image, a recording ...); public:
# `labelconfig backend` recognises these in sampled tasks and swaps them for files it serves.
MEDIA: Final = {
    "Image": "https://example.com/image.jpg",
    "Audio": "https://example.com/audio.wav",
    "AudioPlus": "https://example.com/audio.wav",
    "Video": "https://example.com/video.mp4",
    "Pdf": "https://example.com/document.pdf",
}


@dataclass(frozen=True, slots=True)
class ShapeRule:
    problem: Callable[[DataUse, Any], str]  # "" when the value fits, else what is wrong with it
    example: Callable[[DataUse], Any]  # a value that fits, for samples
    json_type: Any  # the Python type the JSON Schema is generated from
    wanted: str  # the help line for a value that does not fit


def _channels(el: Element) -> list[str]:
    return [
        c
        for ch in el.iter()
        if ch.spec is not None and ch.spec.name == "Channel" and (c := ch.value("column"))
    ]


def _string(use: DataUse, value: Any) -> str:
    if type(value) is str:
        return ""
    spec = use.element.spec
    listed = spec.data.list_attribute if spec is not None and spec.data is not None else None
    if use.expects is Shape.URL and type(value) is list and listed:
        return f"is a list; `{use.attribute}` takes one URL (use `{listed}` for a list)"
    if use.embedded and type(value) in (int, float, bool):
        return ""  # numbers read fine inside literal text
    return f"is {json_type(value)}, not a string"


def _urls(use: DataUse, value: Any) -> str:
    if type(value) is list and all(type(v) is str for v in value):
        return ""
    return f"is {json_type(value)}, not a list of URL strings"


def _paragraphs(use: DataUse, value: Any) -> str:
    if type(value) is not list:
        return f"is {json_type(value)}, not a list of utterances"
    name_key, text_key = use.element.setting("nameKey"), use.element.setting("textKey")
    for i, item in enumerate(value):
        if type(item) is not dict:
            return f"item {i} is {json_type(item)}, not an object"
        for key in (name_key, text_key):
            if key not in item:
                return f'item {i} has no "{key}" (nameKey="{name_key}", textKey="{text_key}")'
    return ""


def _utterances(use: DataUse) -> list[dict[str, Any]]:
    name_key, text_key = use.element.setting("nameKey") or "", use.element.setting("textKey") or ""
    return [
        {name_key: "Alice", text_key: "Hello, can you help me?", "start": 0.0, "end": 1.5},
        {name_key: "Bob", text_key: "Of course, what do you need?", "start": 1.6, "end": 3.0},
    ]


def _timeseries(use: DataUse, value: Any) -> str:
    if type(value) is not dict:
        return f"is {json_type(value)}, not an object of columns"
    for column in [*_channels(use.element), use.element.value("timeColumn")]:
        if column and column not in value:
            return f'has no column "{column}"'
    return ""


def _series(use: DataUse) -> dict[str, list[Any]]:
    series: dict[str, list[Any]] = {use.element.value("timeColumn") or "time": [0, 1, 2, 3]}
    series.update({column: [0.1, 0.4, 0.2, 0.9] for column in _channels(use.element)})
    return series


def _list_of(what: str, keys: tuple[str, ...], item: str) -> Callable[[DataUse, Any], str]:
    """A list whose items are objects holding `keys` (`what` names the list, `item` one entry)."""

    def problem(use: DataUse, value: Any) -> str:
        if type(value) is not list:
            return f"is {json_type(value)}, not a list of {what}"
        for i, entry in enumerate(value):
            if type(entry) is not dict or not all(k in entry for k in keys):
                return f"{item} {i} is not an object with " + " and ".join(f"`{k}`" for k in keys)
        return ""

    return problem


def _typed(kinds: tuple[type, ...], words: str) -> Callable[[DataUse, Any], str]:
    def problem(use: DataUse, value: Any) -> str:
        return "" if type(value) in kinds else f"is {json_type(value)}, not {words}"

    return problem


def _media(use: DataUse) -> str:
    tag = use.element.spec.name if use.element.spec is not None else ""
    return MEDIA.get(tag, f"https://example.com/{use.reference.split('.')[-1] or 'file'}.txt")


SHAPES: Final[Mapping[Shape, ShapeRule]] = MappingProxyType(
    {
        Shape.URL: ShapeRule(_string, _media, str, "give a URL or storage path as a string"),
        Shape.URLS: ShapeRule(
            _urls,
            lambda use: ["https://example.com/page-1.jpg", "https://example.com/page-2.jpg"],
            list[str],
            "give a list of URL strings",
        ),
        Shape.TEXT: ShapeRule(_string, lambda use: TEXT, str, "give the text as a string"),
        Shape.HTML: ShapeRule(_string, lambda use: f"<p>{TEXT}</p>", str, "give the HTML as a string"),
        Shape.PARAGRAPHS: ShapeRule(
            _paragraphs,
            _utterances,
            list[dict[str, Any]],
            "give a list of objects, each with the speaker and text keys the tag names",
        ),
        Shape.TIMESERIES: ShapeRule(
            _timeseries,
            _series,
            dict[str, list[Any]],
            'give an object of equal-length column lists (valueType="json") or a CSV URL',
        ),
        Shape.TABLE: ShapeRule(
            _typed((dict, list), "an object or a list"),
            lambda use: {"Name": "Ada", "Year": 1843},
            dict[str, Any] | list[Any],
            "give an object or a list",
        ),
        Shape.LIST_ITEMS: ShapeRule(
            _list_of("items", ("id",), "item"),
            lambda use: [
                {"id": "item-1", "title": "First", "body": "First answer"},
                {"id": "item-2", "title": "Second", "body": "Second answer"},
            ],
            list[dict[str, Any]],
            "give a list of objects with an `id` and title/body/html",
        ),
        Shape.CHAT: ShapeRule(
            _list_of("messages", ("role", "content"), "message"),
            lambda use: [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello! How can I help?"},
            ],
            list[dict[str, Any]],
            'give a list of messages {"role": ..., "content": ...}',
        ),
        Shape.DIALOG: ShapeRule(
            _typed((list,), "a list of replicas"),
            lambda use: [{"name": "Alice", "text": "Hi"}, {"name": "Bob", "text": "Hello"}],
            list[dict[str, Any]],
            'give a list of replicas {"name": ..., "text": ...}',
        ),
        Shape.LIST: ShapeRule(
            _typed((list,), "a list"),
            lambda use: [{"value": "Option A"}, {"value": "Option B"}],
            list[Any],
            "give a list",
        ),
        Shape.NUMBER: ShapeRule(_typed((int, float), "a number"), lambda use: 24, float, "give a number"),
        Shape.ANY: ShapeRule(lambda use, value: "", lambda use: TEXT, Any, ""),
    }
)
assert set(SHAPES) == set(Shape), "every Shape has its rule"
