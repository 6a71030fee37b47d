"""What each result is, for comparing annotators: the payload model says which control wrote it
(`ResultModel.lookup`), its role, its value shape and that shape's geometry; this module only turns
the value into the plain values `labelconfig.measure` takes (a category, a number, a text, a span, a
shape in pixels, a point).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..measure.geometry import Box, Ellipse, Shape
from ..payloads.model import ControlModel, ResultModel
from ..tags.model import F, Field, Geometry, Role, ValueShape


class Family(StrEnum):
    """How a control's results are compared."""

    NOMINAL = "nominal"  # Choices, Taxonomy, Pairwise, DateTime: categories
    NUMERIC = "numeric"  # Rating, Number
    TEXT = "text"  # TextArea
    SPANS = "spans"  # Labels on text, hypertext, paragraphs, audio, time series
    AREAS = "areas"  # boxes, polygons, ellipses
    POINTS = "points"  # keypoints
    RELATIONS = "relations"


SPAN_GEOMETRIES = {Geometry.TEXT_SPAN, Geometry.HTML_SPAN, Geometry.PARAGRAPH_SPAN, Geometry.TIME_SPAN}
AREA_GEOMETRIES = {Geometry.BOX, Geometry.POLYGON, Geometry.ELLIPSE, Geometry.PAGE_BOX}
RELATION = "relation"  # the result type of a relation, which names no control


@dataclass(frozen=True, slots=True)
class Region:
    """A region of one annotation: its id (for relations), what it is labelled, where it is."""

    id: str
    label: Hashable  # (to_name, labels...) so regions on different objects never match
    where: Any  # (start, end) of a span, a Shape, or (x, y, image diagonal) of a point
    result: dict[str, Any]
    geometry: Geometry | None = None


def family(control: ControlModel, shape: ValueShape) -> Family | str:
    """The family of results of `shape` written by `control`, or why they are not measured."""
    if control.role is Role.CLASSIFICATION:
        if control.repeats_region:
            return "per-region answers are not measured (they follow their regions)"
        return _classification_family(shape)
    if shape.geometry in SPAN_GEOMETRIES:
        return Family.SPANS
    if shape.geometry in AREA_GEOMETRIES:
        return Family.AREAS
    if shape.geometry is Geometry.POINT:
        return Family.POINTS
    return f"no agreement measure for {shape.geometry or control.type} regions"


def _classification_family(shape: ValueShape) -> Family | str:
    if len(shape.fields) != 1:
        return "no agreement measure for this answer"
    f = shape.fields[0]
    if f.holds_labels or f.type in (F.ENUM, F.STRING):
        return Family.NOMINAL
    if f.type in (F.INTEGER, F.NUMBER):
        return Family.NUMERIC
    if f.type is F.STRING_LIST:
        return Family.TEXT
    return f"no agreement measure for `{f.type}` answers"


def value_field(shape: ValueShape) -> Field:
    return shape.fields[0]


def classify(model: ResultModel, result: dict[str, Any]) -> tuple[str, ControlModel | None, ValueShape]:
    """(control name, control, shape) of a result; relations name no control."""
    if result.get("type") == RELATION:
        return "relations", None, ValueShape()
    found = model.lookup(result.get("from_name"))
    if found is None:
        return str(result.get("from_name")), None, ValueShape()
    control, targets = found
    value = result.get("value")
    value = value if isinstance(value, dict) else {}
    tag = targets.get(str(result.get("to_name")), next(iter(targets.values()), "*"))
    return str(result["from_name"]), control, control.shape_for(tag, value)


def _hashable(v: object) -> Hashable:
    # A Taxonomy path reads as one answer, `Animal / Cat`, not as several labels.
    if isinstance(v, list):
        return " / ".join(str(x) for x in v)
    return v


def category(shape: ValueShape, values: Iterable[dict[str, Any]]) -> Hashable:
    """One annotator's answer: a label, or a sorted tuple of labels (or of Taxonomy paths)."""
    key = value_field(shape).key
    found: list[Hashable] = []
    for v in values:
        answer = v.get(key)
        found.extend(_hashable(x) for x in answer) if isinstance(answer, list) else found.append(answer)
    unique = sorted(set(found), key=repr)
    return unique[0] if len(unique) == 1 else tuple(unique)


def number(shape: ValueShape, values: Iterable[dict[str, Any]]) -> float | None:
    key = value_field(shape).key
    numbers = [float(v[key]) for v in values if isinstance(v.get(key), int | float)]
    return sum(numbers) / len(numbers) if numbers else None


def text(shape: ValueShape, values: Iterable[dict[str, Any]]) -> str:
    key = value_field(shape).key
    return "\n".join(str(t) for v in values for t in (v.get(key) or []))


def region(shape: ValueShape, result: dict[str, Any], index: int) -> Region | None:
    value = result["value"]
    labels_key = shape.labels_key
    labels = tuple(sorted(value.get(labels_key) or ())) if labels_key else ()
    label: Hashable = (result.get("to_name"), *labels)
    where = _span(shape.geometry, value) if shape.geometry in SPAN_GEOMETRIES else _drawn(shape, result)
    if where is None:
        return None
    return Region(str(result.get("id", f"#{index}")), label, where, result, shape.geometry)


def _span(geometry: Geometry | None, v: dict[str, Any]) -> tuple[Any, Any] | None:
    if geometry is Geometry.HTML_SPAN:
        g = v.get("globalOffsets")
        if isinstance(g, dict):
            return (g.get("start"), g.get("end"))
        return ((v["start"], v["startOffset"]), (v["end"], v["endOffset"]))
    if geometry is Geometry.PARAGRAPH_SPAN:
        return ((int(v["start"]), v["startOffset"]), (int(v["end"]), v["endOffset"]))
    return (v["start"], v["end"])


def image_size(result: dict[str, Any]) -> tuple[float, float]:
    """Pixel size of the image; 100 x 100 (percent space) when the result does not say."""
    w, h = result.get("original_width"), result.get("original_height")
    if isinstance(w, int | float) and isinstance(h, int | float) and w > 0 and h > 0:
        return float(w), float(h)
    return 100.0, 100.0


def _drawn(shape: ValueShape, result: dict[str, Any]) -> Shape | tuple[float, float, float] | None:
    v = result["value"]
    w, h = image_size(result)
    sx, sy = w / 100, h / 100
    geometry = shape.geometry
    if geometry is Geometry.PAGE_BOX:  # fractions of the page rather than percent
        sx, sy = w, h
    if geometry in (Geometry.BOX, Geometry.PAGE_BOX):
        rotation = float(v.get("rotation") or 0)
        return Box(v["x"] * sx, v["y"] * sy, v["width"] * sx, v["height"] * sy, rotation)
    if geometry is Geometry.ELLIPSE:
        rotation = float(v.get("rotation") or 0)
        return Ellipse(v["x"] * sx, v["y"] * sy, v["radiusX"] * sx, v["radiusY"] * sy, rotation)
    if geometry is Geometry.POLYGON:
        return tuple((float(x) * sx, float(y) * sy) for x, y in v["points"])
    if geometry is Geometry.POINT:
        return (v["x"] * sx, v["y"] * sy, (w * w + h * h) ** 0.5)
    return None
