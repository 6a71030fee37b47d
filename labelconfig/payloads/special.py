"""Checks particular to one result type: boxes inside the image, polygons of three points, span
order and text, video keyframes, timeline ranges, dates, rankers and chat messages.

Each takes the control's compiled check, the `value` and the keys in it that passed their type
check (`good`), and reports through the sink; `SPECIAL` maps a result type to its check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from ..config import Config
from ..suggest import did_you_mean
from . import codes
from .context import Sink, describe, key_path
from .data import resolve
from .fields import is_int, is_number

if TYPE_CHECKING:
    from .results import ControlCheck, TaskView

TOLERANCE: Final = 1e-6  # float noise from the editor's own percent arithmetic

IMAGE_SIZE_KEYS: Final = ("original_width", "original_height")

Special = Callable[["ControlCheck", dict[str, Any], set[str], Sink, str, "TaskView | None"], None]


def _rectangle(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if not {"x", "y", "width", "height"} <= good:
        return
    rotation = v.get("rotation", 0) if "rotation" in good or "rotation" not in v else 0
    if rotation and rotation % 360:
        return  # a rotated box may legitimately reach past x + width; its corners are checked by exports
    for start, size in (("x", "width"), ("y", "height")):
        end = v[start] + v[size]
        if end > 100 + TOLERANCE:
            sink.add(
                codes.OUTSIDE_IMAGE,
                f"{path}.{size}",
                f"`{start}` + `{size}` is {end:g}%, past the image's edge",
                help=f"reduce `{size}` to at most {100 - v[start]:g}",
            )


def _polygon(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if "points" in good and len(v["points"]) < 3:
        sink.add(
            codes.BAD_GEOMETRY,
            f"{path}.points",
            f"a polygon needs at least 3 points; this one has {len(v['points'])}",
            help="add points, or use a keypoint or a vector for fewer",
        )


def _brush(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if "rle" in good and not v["rle"]:
        sink.add(codes.BAD_GEOMETRY, f"{path}.rle", "`rle` is empty: the mask has no pixels")


def _ordered(v: dict[str, Any], good: set[str], sink: Sink, path: str, what: str) -> bool:
    start, end = (_num(v["start"]), _num(v["end"])) if {"start", "end"} <= good else (None, None)
    if start is not None and end is not None and start > end:
        sink.add(codes.BAD_SPAN, f"{path}.start", f"{what} starts after it ends ({v['start']} > {v['end']})")
        return False
    return True


def _num(x: object) -> float | None:
    if is_number(x):
        return x  # type: ignore[return-value]
    if type(x) is str and re.fullmatch(r"-?\d+(\.\d+)?", x):
        return float(x)
    return None


def _spans(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    _ordered(v, good, sink, path, "the span")


def _paragraphs(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if not _ordered(v, good, sink, path, "the span"):
        return
    same = {"start", "end", "startOffset", "endOffset"} <= good and _num(v["start"]) == _num(v["end"])
    if same and v["startOffset"] > v["endOffset"]:
        sink.add(codes.BAD_SPAN, f"{path}.startOffset", "the span starts after it ends within one utterance")


def _timeline(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if "ranges" not in good:
        return
    if not v["ranges"]:
        sink.add(codes.BAD_GEOMETRY, f"{path}.ranges", "`ranges` is empty: the region covers no frame")
    for i, span in enumerate(v["ranges"]):
        start, end = span.get("start"), span.get("end")
        if not (is_number(start) and is_number(end)):
            sink.add(
                codes.WRONG_VALUE_TYPE,
                f"{path}.ranges[{i}]",
                "a range needs numeric `start` and `end` frames",
            )
        elif start < 1 or start > end:
            sink.add(
                codes.BAD_SPAN,
                f"{path}.ranges[{i}]",
                f"frames {start}..{end} are not an ordered range from 1",
            )


_FRAME_BOX: Final = ("x", "y", "width", "height")


def _video(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if "sequence" not in good:
        return
    frames = v.get("framesCount") if "framesCount" in good else None
    if not v["sequence"]:
        sink.add(codes.BAD_GEOMETRY, f"{path}.sequence", "`sequence` is empty: the track has no keyframe")
    for i, key in enumerate(v["sequence"]):
        at = f"{path}.sequence[{i}]"
        frame = key.get("frame")
        if not is_int(frame) or frame < 1:
            sink.add(
                codes.BAD_GEOMETRY,
                f"{at}.frame",
                f"keyframe `frame` is {describe(frame)}, not a frame from 1",
            )
        elif frames is not None and frame > frames:
            sink.add(
                codes.OUT_OF_RANGE, f"{at}.frame", f"keyframe {frame} is past the video's {frames} frames"
            )
        if c.type == "videorectangle":
            for k in _FRAME_BOX:
                x = key.get(k)
                if not is_number(x):
                    sink.add(
                        codes.WRONG_VALUE_TYPE, f"{at}.{k}", f"keyframe `{k}` is {describe(x)}, not a number"
                    )
                elif not 0 <= x <= 100:
                    sink.add(
                        codes.OUT_OF_RANGE, f"{at}.{k}", f"keyframe `{k}` is {x:g}, outside 0 to 100 (%)"
                    )


# Label Studio's DateTime `format` uses strftime directives; `only` picks the ISO part otherwise.
_ISO_BY_ONLY: Final = {"date": "%Y-%m-%d", "time": "%H:%M", "month": "%Y-%m", "year": "%Y"}


def _datetime(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if "datetime" not in good:
        return
    text = v["datetime"]
    fmt = c.element.value("format")
    only = c.element.value("only") or ""
    if fmt:
        try:
            datetime.strptime(text, fmt)
        except ValueError:
            sink.add(
                codes.BAD_FORMAT, f"{path}.datetime", f'"{text}" does not match the control\'s format "{fmt}"'
            )
        return
    parts = [p.strip() for p in only.split(",") if p.strip()]
    if len(parts) == 1 and parts[0] in _ISO_BY_ONLY:
        try:
            datetime.strptime(text, _ISO_BY_ONLY[parts[0]])
        except ValueError:
            sink.add(
                codes.BAD_FORMAT,
                f"{path}.datetime",
                f'"{text}" is not a {parts[0]} written as "{_ISO_BY_ONLY[parts[0]]}"',
            )
        return
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        sink.add(
            codes.BAD_FORMAT,
            f"{path}.datetime",
            f'"{text}" is not an ISO 8601 date-time such as 2024-05-17T09:30',
        )


def _ranker(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if "ranker" not in good:
        return
    buckets = {
        el.value("name") for el in c.element.iter() if el.spec is not None and el.spec.name == "Bucket"
    }
    allowed = {c.name, "_"} | {b for b in buckets if b}
    for key, ids in v["ranker"].items():
        if key not in allowed:
            help, best = did_you_mean(key, allowed)
            sink.add(
                codes.BAD_FORMAT,
                key_path(f"{path}.ranker", key),
                f'"{key}" is neither `{c.name}` nor one of its buckets',
                help=help,
                suggestion=best,
            )
        if type(ids) is not list or not all(type(i) is str for i in ids):
            sink.add(
                codes.WRONG_VALUE_TYPE,
                key_path(f"{path}.ranker", key),
                "ranked items are a list of item ids (strings)",
            )


def _chat(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if "chatmessage" not in good:
        return
    message = v["chatmessage"]
    for key in ("role", "content"):
        if type(message.get(key)) is not str:
            sink.add(
                codes.MISSING_VALUE_KEY,
                f"{path}.chatmessage.{key}",
                f"the chat message needs a string `{key}`",
            )


def text_span(
    cfg: Config, to_name: str, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView
) -> None:
    if not {"start", "end"} <= good:
        return
    obj = cfg.objects.get(to_name)
    if (
        obj is None
        or obj.variable is None
        or obj.attr("valueType") == "url"
        or obj.attr("encoding") not in ("none", None)
    ):
        return
    found, text = resolve(task.data, obj.variable)
    if not found or type(text) is not str:
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
        actual = text[start:end]
        where = text.find(v["text"]) if v["text"] else -1
        help = (
            f"the text is at {where}..{where + len(v['text'])}"
            if where >= 0
            else "offsets count characters from 0"
        )
        sink.add(
            codes.BAD_SPAN,
            f"{path}.text",
            f'`text` is "{v["text"]}" but characters {start}..{end} of the task read "{actual}"',
            help=help,
        )


def paragraph_span(
    cfg: Config, to_name: str, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView
) -> None:
    """A span over utterances: indexes inside the task's list, offsets inside those utterances' text."""
    if not {"start", "end", "startOffset", "endOffset"} <= good:
        return
    obj = cfg.objects.get(to_name)
    if obj is None or obj.variable is None or obj.attr("valueType") == "url":
        return
    found, items = resolve(task.data, obj.variable)
    if not found or type(items) is not list:
        return
    text_key = obj.element.value("textKey") or "text"
    indexes = {}
    for key in ("start", "end"):
        index = _num(v[key])
        if index is None or index != int(index) or not 0 <= index < len(items):
            sink.add(
                codes.BAD_SPAN,
                f"{path}.{key}",
                f"`{key}` is {describe(v[key])}, not an utterance index of the task (0..{len(items) - 1})",
            )
            return
        indexes[key] = int(index)
    for key, offset_key in (("start", "startOffset"), ("end", "endOffset")):
        utterance = items[indexes[key]]
        text = utterance.get(text_key) if type(utterance) is dict else None
        if type(text) is str and v[offset_key] > len(text):
            sink.add(
                codes.BAD_SPAN,
                f"{path}.{offset_key}",
                f"`{offset_key}` is {v[offset_key]}, past the end of utterance {indexes[key]} "
                f"({len(text)} characters)",
            )
            return
    if "text" in good and indexes["start"] == indexes["end"]:
        utterance = items[indexes["start"]]
        text = utterance.get(text_key) if type(utterance) is dict else None
        if type(text) is str:
            actual = text[v["startOffset"] : v["endOffset"]]
            if actual != v["text"]:
                sink.add(
                    codes.BAD_SPAN,
                    f"{path}.text",
                    f'`text` is "{v["text"]}" but characters {v["startOffset"]}..{v["endOffset"]} '
                    f'of utterance {indexes["start"]} read "{actual}"',
                    help="offsets count characters inside the utterance's text",
                )


# Checks against the task's data, by the object tag the result points at.
TASK_SPANS: Final = {"Text": text_span, "Paragraphs": paragraph_span}


def _timeseries(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    if None not in c.time_formats:
        return  # formatted times (timeFormat) are written as strings
    for key in ("start", "end"):
        if key in good and type(v[key]) is str:
            sink.add(
                codes.WRONG_VALUE_TYPE,
                f"{path}.{key}",
                f"`{key}` is a string, but the TimeSeries has no `timeFormat`: times are numbers",
                help='write the number from the time column, or set timeFormat="..." on the TimeSeries',
            )
    if {"start", "end"} <= good and all(is_number(v[k]) for k in ("start", "end")) and v["start"] > v["end"]:
        sink.add(
            codes.BAD_SPAN, f"{path}.start", f"the range starts after it ends ({v['start']} > {v['end']})"
        )


SPECIAL: Final[dict[str, Special]] = {
    "timeserieslabels": _timeseries,
    "rectangle": _rectangle,
    "rectanglelabels": _rectangle,
    "polygon": _polygon,
    "polygonlabels": _polygon,
    "brush": _brush,
    "brushlabels": _brush,
    "magicwand": _brush,
    "labels": _spans,
    "hypertextlabels": lambda c, v, good, sink, path, task: None,
    "paragraphlabels": _paragraphs,
    "timelinelabels": _timeline,
    "videorectangle": _video,
    "videovector": _video,
    "videovectorlabels": _video,
    "datetime": _datetime,
    "ranker": _ranker,
    "chatmessage": _chat,
}


def _labels_special(
    c: ControlCheck, v: dict[str, Any], good: set[str], sink: Sink, path: str, task: TaskView | None
) -> None:
    """Generic Labels: spans on text/audio, or the geometry of its image tool (split format)."""
    if "width" in good and "x" in good:
        _rectangle(c, v, good, sink, path, task)
    elif "points" in good:
        _polygon(c, v, good, sink, path, task)
    elif "start" in good:
        _spans(c, v, good, sink, path, task)


SPECIAL["labels"] = _labels_special


def image_size(r: dict[str, Any], sink: Sink, path: str) -> None:
    missing = [k for k in IMAGE_SIZE_KEYS if k not in r]
    if missing:
        sink.add(
            codes.MISSING_IMAGE_SIZE,
            path,
            "image result without " + " and ".join(f"`{k}`" for k in missing),
            help="add the image's pixel size; COCO/VOC/YOLO-OBB exports need it",
        )
    for k in IMAGE_SIZE_KEYS:
        v = r.get(k)
        if k in r and (not is_int(v) or v <= 0):  # type: ignore[operator]
            sink.add(
                codes.OUT_OF_RANGE,
                f"{path}.{k}",
                f"`{k}` is {describe(v)}, not a positive whole number of pixels",
            )


_PIXEL_AXES: Final = {
    "x": "original_width",
    "width": "original_width",
    "y": "original_height",
    "height": "original_height",
}


def pixel_hints(r: dict[str, Any], value: dict[str, Any], sink: Sink, first: int, vpath: str) -> None:
    """Coordinates above 100 that fit the image's pixel size are pixels: say so, with the percentage."""
    for n in range(first, len(sink.out)):
        d = sink.out[n]
        if d.code != codes.OUT_OF_RANGE.code or not d.path.startswith(vpath + "."):
            continue
        key = d.path[len(vpath) + 1 :]
        size = r.get(_PIXEL_AXES.get(key, ""))
        v = value.get(key)
        if is_int(size) and is_number(v) and 100 < v <= size:  # type: ignore[operator]
            pct = v / size * 100  # type: ignore[operator]
            help = f"{v:g} looks like pixels: {v:g} of {size} px is {pct:.4g}%; coordinates are percentages"
            sink.out[n] = replace(d, help=help, suggestion=f"{pct:.4g}")
