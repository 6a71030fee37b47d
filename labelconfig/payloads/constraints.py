"""Each constraint of the registry (`labelconfig.tags.model.Constraint`) and its readings, in one table.

A reading is: the complete check (reports through the sink), the shortcut's check on a decoded
msgspec struct (or `None`: the shortcut cannot replicate it, so the control always takes the complete
path), what the JSON Schema says of it (a narrower field type, or words for what JSON Schema cannot
express), and how the samples satisfy it. `READERS` must have an entry for every constraint class;
a test holds it to that, and to every result type's example passing every reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Literal

import msgspec

from ..diagnostics import Rule
from ..suggest import did_you_mean
from ..tags.model import (
    Constraint,
    DateFormat,
    F,
    FramesWithin,
    InsideImage,
    OffsetsOrdered,
    Ordered,
    RankerColumns,
    TaskText,
    TaskUtterances,
    TimeFormat,
    ValueShape,
)
from . import codes
from .context import Sink, describe, key_path
from .data import resolve
from .kinds import is_int, is_number

if TYPE_CHECKING:
    from .model import ControlModel

TOLERANCE: Final = 1e-6
_NUMERIC: Final = frozenset({F.INTEGER, F.NUMBER})  # float noise from the editor's own percent arithmetic


@dataclass(frozen=True, slots=True)
class Target:
    """Where a result points: its object (`to_name`) and the task's data, when known."""

    to_name: str
    data: Mapping[str, Any] | None


TaskData = Mapping[str, Any] | None
# What a check sees: the control, the value, the keys whose own type check passed, where it points.
Check = Callable[[Any, "ControlModel", dict[str, Any], set[str], Sink, str, Target], None]
# A post check of the shortcut on a decoded struct: True when the complete check would be silent.
Fast = Callable[[Any], bool]


class Expr(str):
    """A shortcut check written as a Python expression over `v`, the decoded value struct, from declared
    field names only: the shortcut compiles all of a struct's expressions into one function, so the
    hot loop pays one call per result instead of one per constraint and field."""

    @classmethod
    def of(cls, template: str, *fields: str) -> Expr:
        assert all(f.isidentifier() for f in fields), fields  # registry names, never payload data
        return cls(template.format(*(f"v.{f}" for f in fields)))


NEEDS_TASK: Final = "needs task"  # the shortcut is sound for this constraint only without task data


def _nothing(*_: Any) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Reader:
    code: Rule  # what the complete check reports
    check: Check
    # The shortcut's post check for this control, NEEDS_TASK, or None when it cannot replicate it.
    fast: Callable[[Any, ControlModel, ValueShape], Fast | Expr | Literal["needs task"] | None]
    # Field types this constraint narrows for the control ({key: type}, read by msgspec and pydantic).
    types: Callable[[Any, ControlModel], dict[str, Any]]
    # What the JSON Schema cannot say ("" when `types` says it all).
    unexpressed: Callable[[Any], str]
    # Makes the sample value satisfy the constraint (given the control and the sample task's data).
    sample: Callable[[Any, ControlModel, dict[str, Any], TaskData], None]
    # The config facts the check reads from the control; a frozenset is a set of accepted values (a
    # config accepting more is no narrowing), anything else must stay equal. `labelconfig diff` compares
    # these between two configs, so a new constraint's settings are compared without a word in diff.
    settings: Callable[[Any, ControlModel], object] = _nothing


def _no_types(*_: Any) -> dict[str, Any]:
    return {}


# --- ordered start and end ---------------------------------------------------------------------------


def number_of(x: object) -> float | None:
    """A number, or an utterance index written as a digit string ("3")."""
    if is_number(x):
        return x  # type: ignore[return-value]
    if type(x) is str and re.fullmatch(r"-?\d+(\.\d+)?", x):
        return float(x)
    return None


def _ordered(
    c: Ordered, control: ControlModel, v: dict[str, Any], good: set[str], sink: Sink, path: str, at: Target
) -> None:
    if not {c.start, c.end} <= good:
        return
    start, end = number_of(v[c.start]), number_of(v[c.end])
    if start is not None and end is not None and start > end:
        sink.add(
            codes.BAD_SPAN, key_path(path, c.start), f"it starts after it ends ({v[c.start]} > {v[c.end]})"
        )


def _ordered_fast(c: Ordered, control: ControlModel, shape: ValueShape) -> Fast | Expr:
    if all(f is not None and f.type in _NUMERIC for f in (shape.field(c.start), shape.field(c.end))):
        return Expr.of("{} <= {}", c.start, c.end)  # the struct already holds two numbers

    def ok(v: Any) -> bool:
        start, end = number_of(getattr(v, c.start)), number_of(getattr(v, c.end))
        return start is None or end is None or start <= end

    return ok


def _offsets(
    c: OffsetsOrdered,
    control: ControlModel,
    v: dict[str, Any],
    good: set[str],
    sink: Sink,
    path: str,
    at: Target,
) -> None:
    if not {c.start, c.end, c.start_offset, c.end_offset} <= good:
        return
    if _same(v[c.start], v[c.end]) and v[c.start_offset] > v[c.end_offset]:
        sink.add(
            codes.BAD_SPAN,
            key_path(path, c.start_offset),
            f"the span starts after it ends within one node ({v[c.start_offset]} > {v[c.end_offset]})",
        )


def _same(a: object, b: object) -> bool:
    na, nb = number_of(a), number_of(b)
    return a == b if na is None or nb is None else na == nb


def _offsets_fast(c: OffsetsOrdered, control: ControlModel, shape: ValueShape) -> Fast:
    def ok(v: Any) -> bool:
        if not _same(getattr(v, c.start), getattr(v, c.end)):
            return True
        return bool(getattr(v, c.start_offset) <= getattr(v, c.end_offset))

    return ok


# --- boxes inside the image --------------------------------------------------------------------------


def _is_rotated(angle: object) -> bool:
    return is_number(angle) and bool(angle % 360)  # type: ignore[operator]


def _attr(v: Any, key: str) -> Any:
    value = getattr(v, key, None)
    return None if value is msgspec.UNSET else value


def _inside(
    c: InsideImage,
    control: ControlModel,
    v: dict[str, Any],
    good: set[str],
    sink: Sink,
    path: str,
    at: Target,
) -> None:
    if not {k for axis in c.axes for k in axis} <= good or _is_rotated(v.get(c.rotation)):
        return  # a rotated box may legitimately reach past x + width; exports check its corners
    for start, size in c.axes:
        end = v[start] + v[size]
        if end > 100 + TOLERANCE:
            sink.add(
                codes.OUTSIDE_IMAGE,
                key_path(path, size),
                f"`{start}` + `{size}` is {end:g}%, past the image's edge",
                help=f"reduce `{size}` to at most {100 - v[start]:g}",
            )


def _inside_fast(c: InsideImage, control: ControlModel, shape: ValueShape) -> Expr:
    ends = " and ".join(f"{{}} + {{}} <= {100 + TOLERANCE!r}" for _ in c.axes)
    keys = [k for axis in c.axes for k in axis]
    if shape.field(c.rotation) is None:
        return Expr.of(ends, *keys)
    # A rotated box may reach past x + width; exports check its corners.
    rotated = "({} is not UNSET and {} % 360)"
    return Expr.of(f"{rotated} or ({ends})", c.rotation, c.rotation, *keys)


# --- video keyframes within the video -----------------------------------------------------------------


def _frames(
    c: FramesWithin,
    control: ControlModel,
    v: dict[str, Any],
    good: set[str],
    sink: Sink,
    path: str,
    at: Target,
) -> None:
    if not {c.items, c.count} <= good:
        return
    count = v[c.count]
    for i, key in enumerate(v[c.items]):
        frame = key.get(c.frame)
        if is_int(frame) and frame > count:
            sink.add(
                codes.OUT_OF_RANGE,
                f"{path}.{c.items}[{i}].{c.frame}",
                f"keyframe {frame} is past the video's {count} frames",
            )


def _frames_fast(c: FramesWithin, control: ControlModel, shape: ValueShape) -> Fast:
    def ok(v: Any) -> bool:
        count = _attr(v, c.count)
        return count is None or all(getattr(k, c.frame) <= count for k in getattr(v, c.items))

    return ok


# --- time series times --------------------------------------------------------------------------------


def _numbers_only(control: ControlModel) -> bool:
    """Times are numbers unless a targeted TimeSeries parses its time column with `timeFormat`."""
    return None in control.time_formats


def _time_format(
    c: TimeFormat, control: ControlModel, v: dict[str, Any], good: set[str], sink: Sink, path: str, at: Target
) -> None:
    if not _numbers_only(control):
        return
    for key in c.keys:
        if key in good and type(v[key]) is str:
            sink.add(
                codes.WRONG_VALUE_TYPE,
                key_path(path, key),
                f"`{key}` is a string, but the TimeSeries has no `timeFormat`: times are numbers",
                help='write the number from the time column, or set timeFormat="..." on the TimeSeries',
            )


def _time_format_fast(c: TimeFormat, control: ControlModel, shape: ValueShape) -> Fast:
    numbers = _numbers_only(control)
    return lambda v: not numbers or all(type(getattr(v, k)) is not str for k in c.keys)


def _time_format_types(c: TimeFormat, control: ControlModel) -> dict[str, Any]:
    return dict.fromkeys(c.keys, float) if _numbers_only(control) else {}


# --- dates ----------------------------------------------------------------------------------------------

# Label Studio's DateTime `format` uses strftime directives; `only` picks the ISO part otherwise.
_ISO_BY_ONLY: Final = {"date": "%Y-%m-%d", "time": "%H:%M", "month": "%Y-%m", "year": "%Y"}


def date_problem(text: str, fmt: str | None, only: str) -> str | None:
    """Why `text` is not a date-time this control writes (None when it is)."""
    parts = [p.strip() for p in only.split(",") if p.strip()]
    if fmt:
        pattern, words = fmt, f'the control\'s format "{fmt}"'
    elif len(parts) == 1 and parts[0] in _ISO_BY_ONLY:
        pattern, words = _ISO_BY_ONLY[parts[0]], f'a {parts[0]} written as "{_ISO_BY_ONLY[parts[0]]}"'
    else:
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return "an ISO 8601 date-time such as 2024-05-17T09:30"
        return None
    try:
        datetime.strptime(text, pattern)
    except ValueError:
        return words
    return None


def _date_settings(control: ControlModel) -> tuple[str | None, str]:
    return control.element.value("format"), control.element.value("only") or ""


def _date_accepts(c: DateFormat, control: ControlModel) -> frozenset[str]:
    """Which of the date-times the editor can write (every `only` part, the control's own `format`)
    this control accepts: what `labelconfig diff` compares between two configs."""
    fmt, only = _date_settings(control)
    moment = datetime(2024, 5, 17, 9, 30)
    probes = {moment.isoformat(timespec="minutes"), *(moment.strftime(p) for p in _ISO_BY_ONLY.values())}
    if fmt:
        probes.add(moment.strftime(fmt))
    return frozenset(text for text in probes if date_problem(text, fmt, only) is None)


def _date(
    c: DateFormat, control: ControlModel, v: dict[str, Any], good: set[str], sink: Sink, path: str, at: Target
) -> None:
    if c.key not in good:
        return
    problem = date_problem(v[c.key], *_date_settings(control))
    if problem is not None:
        sink.add(codes.BAD_FORMAT, key_path(path, c.key), f'"{v[c.key]}" does not match {problem}')


def _date_fast(c: DateFormat, control: ControlModel, shape: ValueShape) -> Fast:
    settings = _date_settings(control)
    return lambda v: date_problem(getattr(v, c.key), *settings) is None


def _date_sample(c: DateFormat, control: ControlModel, value: dict[str, Any], data: TaskData) -> None:
    fmt, only = _date_settings(control)
    moment = datetime(2024, 5, 17, 9, 30)
    iso = {"date": "2024-05-17", "time": "09:30", "month": "2024-05", "year": "2024"}
    value[c.key] = moment.strftime(fmt) if fmt else iso.get(only.strip(), "2024-05-17T09:30")


# --- ranker columns -------------------------------------------------------------------------------------


def _columns(control: ControlModel) -> tuple[str, ...]:
    return tuple(dict.fromkeys((control.name, "_", *control.buckets)))


def _ranker(
    c: RankerColumns,
    control: ControlModel,
    v: dict[str, Any],
    good: set[str],
    sink: Sink,
    path: str,
    at: Target,
) -> None:
    if c.key not in good:
        return
    allowed = _columns(control)
    for key, ids in v[c.key].items():
        where = key_path(key_path(path, c.key), key)
        if key not in allowed:
            help, best = did_you_mean(key, allowed)
            sink.add(
                codes.BAD_FORMAT,
                where,
                f'"{key}" is neither `{control.name}` nor one of its buckets',
                help,
                best,
            )
        if type(ids) is not list or not all(type(i) is str for i in ids):
            sink.add(codes.WRONG_VALUE_TYPE, where, "ranked items are a list of item ids (strings)")


def _ranker_fast(c: RankerColumns, control: ControlModel, shape: ValueShape) -> Fast:
    return lambda v: True  # its field type (below) says it all


def _ranker_types(c: RankerColumns, control: ControlModel) -> dict[str, Any]:
    return {c.key: dict[Literal[_columns(control)], list[str]]}  # type: ignore[misc]


def _ranker_sample(c: RankerColumns, control: ControlModel, value: dict[str, Any], data: TaskData) -> None:
    items = _task_value(control, data)
    ids = (
        [str(i["id"]) for i in items if isinstance(i, dict) and "id" in i] if isinstance(items, list) else []
    )
    value[c.key] = {control.name: ids}


def _task_value(control: ControlModel, data: TaskData) -> Any:
    """The task data the control's first object shows, or None."""
    obj = control.config.objects.get(next(iter(control.targets)))
    if obj is None or obj.variable is None or data is None:
        return None
    found, value = resolve(data, obj.variable)
    return value if found else None


# --- spans against the task's text ------------------------------------------------------------------


def _text_of(control: ControlModel, to_name: str, data: TaskData) -> str | None:
    obj = control.config.objects.get(to_name)
    if obj is None or obj.variable is None or data is None or obj.tag != "Text":
        return None
    if obj.attr("valueType") == "url" or obj.attr("encoding") not in ("none", None):
        return None
    found, text = resolve(data, obj.variable)
    return text if found and type(text) is str else None


def _task_text(
    c: TaskText, control: ControlModel, v: dict[str, Any], good: set[str], sink: Sink, path: str, at: Target
) -> None:
    text = _text_of(control, at.to_name, at.data) if {"start", "end"} <= good else None
    if text is None:
        return
    start, end = v["start"], v["end"]
    if end > len(text):
        sink.add(
            codes.BAD_SPAN,
            f"{path}.end",
            f"`end` is {end}, past the end of the {len(text)}-character text",
            help="offsets count characters (not bytes or tokens) of the task text",
        )
        return
    if "text" in good and start <= end and text[start:end] != v["text"]:
        where = text.find(v["text"]) if v["text"] else -1
        sink.add(
            codes.BAD_SPAN,
            f"{path}.text",
            f'`text` is "{v["text"]}" but characters {start}..{end} of the task read "{text[start:end]}"',
            help=f"the text is at {where}..{where + len(v['text'])}"
            if where >= 0
            else "offsets count from 0",
        )


def _task_text_sample(c: TaskText, control: ControlModel, value: dict[str, Any], data: TaskData) -> None:
    text = _text_of(control, next(iter(control.targets)), data)
    if text is not None:
        end = min(len(text), 12)
        value.update(start=0, end=end, text=text[:end])


def _utterances(
    c: TaskUtterances,
    control: ControlModel,
    v: dict[str, Any],
    good: set[str],
    sink: Sink,
    path: str,
    at: Target,
) -> None:
    """A span over utterances: indexes inside the task's list, offsets inside those utterances' text."""
    if not {"start", "end", "startOffset", "endOffset"} <= good:
        return
    obj = control.config.objects.get(at.to_name)
    if obj is None or obj.variable is None or at.data is None or obj.attr("valueType") == "url":
        return
    found, items = resolve(at.data, obj.variable)
    if not found or type(items) is not list:
        return
    text_key = obj.element.setting("textKey")
    texts: dict[str, str | None] = {}
    for key, offset_key in (("start", "startOffset"), ("end", "endOffset")):
        index = number_of(v[key])
        if index is None or index != int(index) or not 0 <= index < len(items):
            sink.add(
                codes.BAD_SPAN,
                f"{path}.{key}",
                f"`{key}` is {describe(v[key])}, not an utterance index of the task (0..{len(items) - 1})",
            )
            return
        utterance = items[int(index)]
        text = utterance.get(text_key) if type(utterance) is dict else None
        texts[key] = text if type(text) is str else None
        if type(text) is str and v[offset_key] > len(text):
            sink.add(
                codes.BAD_SPAN,
                f"{path}.{offset_key}",
                f"`{offset_key}` is {v[offset_key]}, past the end of utterance {int(index)} "
                f"({len(text)} characters)",
            )
            return
    text = texts["start"]
    if "text" in good and _same(v["start"], v["end"]) and text is not None:
        actual = text[v["startOffset"] : v["endOffset"]]
        if actual != v["text"]:
            sink.add(
                codes.BAD_SPAN,
                f"{path}.text",
                f'`text` is "{v["text"]}" but characters {v["startOffset"]}..{v["endOffset"]} '
                f'of utterance {v["start"]} read "{actual}"',
                help="offsets count characters inside the utterance's text",
            )


def _utterances_sample(
    c: TaskUtterances, control: ControlModel, value: dict[str, Any], data: TaskData
) -> None:
    items = _task_value(control, data)
    obj = control.config.objects.get(next(iter(control.targets)))
    text_key = obj.element.setting("textKey") if obj is not None else None
    first = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
    text = first.get(text_key)
    if isinstance(text, str):
        end = min(len(text), 5)
        value.update(start=0, end=0, startOffset=0, endOffset=end, text=text[:end])


def _needs_task(c: Constraint, control: ControlModel, shape: ValueShape) -> Literal["needs task"]:
    return NEEDS_TASK


def _fixed(words: str) -> Callable[[Any], str]:
    return lambda c: words


READERS: Final[dict[type[Constraint], Reader]] = {
    Ordered: Reader(
        codes.BAD_SPAN, _ordered, _ordered_fast, _no_types, lambda c: f"`{c.start}` <= `{c.end}`", _nothing
    ),
    OffsetsOrdered: Reader(
        codes.BAD_SPAN,
        _offsets,
        _offsets_fast,
        _no_types,
        lambda c: f"`{c.start_offset}` <= `{c.end_offset}` when `{c.start}` equals `{c.end}`",
        _nothing,
    ),
    InsideImage: Reader(
        codes.OUTSIDE_IMAGE,
        _inside,
        _inside_fast,
        _no_types,
        _fixed("an unrotated box ends inside the image (x + width <= 100, y + height <= 100)"),
        _nothing,
    ),
    FramesWithin: Reader(
        codes.OUT_OF_RANGE,
        _frames,
        _frames_fast,
        _no_types,
        lambda c: f"each keyframe's `{c.frame}` is at most `{c.count}`",
        _nothing,
    ),
    TimeFormat: Reader(
        codes.WRONG_VALUE_TYPE,
        _time_format,
        _time_format_fast,
        _time_format_types,
        _fixed(""),
        _nothing,
        lambda c, control: frozenset({"number"} if _numbers_only(control) else {"number", "string"}),
    ),
    DateFormat: Reader(
        codes.BAD_FORMAT,
        _date,
        _date_fast,
        _no_types,
        _fixed("the date-time matches the control's `format` or `only`"),
        _date_sample,
        _date_accepts,
    ),
    RankerColumns: Reader(
        codes.BAD_FORMAT,
        _ranker,
        _ranker_fast,
        _ranker_types,
        _fixed(""),
        _ranker_sample,
        lambda c, control: frozenset(_columns(control)),
    ),
    TaskText: Reader(
        codes.BAD_SPAN,
        _task_text,
        _needs_task,
        _no_types,
        _fixed("offsets fall inside the task's text and `text` repeats it"),
        _task_text_sample,
    ),
    TaskUtterances: Reader(
        codes.BAD_SPAN,
        _utterances,
        _needs_task,
        _no_types,
        _fixed("indexes and offsets fall inside the task's utterances"),
        _utterances_sample,
    ),
}
