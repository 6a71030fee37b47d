"""What the page needs to know about each control, read from the payload model (never restated):
the result `type`, the value key and labels key of its value shape, bounds, single or multiple."""

from __future__ import annotations

import math
from typing import Any, Final

from ..payloads.model import ControlModel, ResultModel
from ..tags.model import Role, ValueShape

# Results that are regions though the payload model counts their control as answering about itself:
# a Chat message an annotator adds (or a model predicts) is a region per-region controls answer about
# (Label Studio's ChatRegion); the task's own messages are not.
MESSAGE_REGIONS: Final = frozenset({"chatmessage"})

# The controls this page can operate, per target object tag (None = the control answers about the
# task). Everything else is shown read-only with its pre-labels and a note.
WIDGETS: Final[dict[str, dict[str | None, str]]] = {
    "Choices": {None: "choices"},
    "TextArea": {None: "textarea"},
    "Rating": {None: "rating"},
    "Number": {None: "number"},
    "DateTime": {None: "datetime"},
    "Taxonomy": {None: "taxonomy"},
    "Pairwise": {None: "pairwise"},
    "Ranker": {None: "ranker"},
    "Chat": {None: "chat"},
    "Labels": {
        "Text": "spans",
        "HyperText": "htmlspans",
        "Paragraphs": "paragraphs",
        "Audio": "audio",
        "AudioPlus": "audio",
        "Video": "videolabels",
    },
    "ParagraphLabels": {"Paragraphs": "paragraphs"},
    "TimeSeriesLabels": {"TimeSeries": "timeseries"},
    "HyperTextLabels": {"HyperText": "htmlspans"},
    "RectangleLabels": {"Image": "rectangle"},
    "Rectangle": {"Image": "rectangle"},
    "PolygonLabels": {"Image": "polygon"},
    "Polygon": {"Image": "polygon"},
    "KeyPointLabels": {"Image": "keypoint"},
    "KeyPoint": {"Image": "keypoint"},
    "EllipseLabels": {"Image": "ellipse"},
    "Ellipse": {"Image": "ellipse"},
    "BrushLabels": {"Image": "brush"},
    "Brush": {"Image": "brush"},
    "VideoRectangle": {"Video": "videorectangle"},
    "TimelineLabels": {"Video": "timeline"},
}


def widget_for(c: ControlModel, targets: dict[str, str]) -> str | None:
    """The page widget that operates this control, or None when it is shown read-only."""
    table = WIDGETS.get(c.tag, {})
    if c.nested:
        return None
    if c.role is Role.CLASSIFICATION:
        return table.get(None)
    if c.per_region:
        return None
    target_tags = set(targets.values())
    if len(target_tags) != 1:
        return None
    return table.get(target_tags.pop())


def _single_field(shape: ValueShape | None) -> dict[str, Any]:
    """The key, bounds and enum of a one-field value (`choices`, `rating`, `number` ...)."""
    if shape is None or len(shape.fields) != 1:
        return {}
    f = shape.fields[0]
    return {"valueKey": f.key, "min": f.min, "max": f.max, "values": list(f.values)}


def control_model(model: ResultModel, name: str) -> dict[str, Any] | None:
    """The JSON the page's scripts read for control `name` (a Repeater copy is looked up as such)."""
    found = model.lookup(name)
    if found is None:
        return None
    c, targets = found
    widget = widget_for(c, targets)
    to_name = next(iter(targets))
    target_tag = targets[to_name]
    shapes = c.shapes.get(target_tag) or c.shapes.get("*") or ()
    labels_key = next((s.labels_key for s in shapes if s.labels_key), None)
    out: dict[str, Any] = {
        "name": name,
        "tag": c.tag,
        "type": c.type,
        "widget": widget,
        "toName": to_name,
        "targetTag": target_tag,
        "labelsKey": labels_key,
        "single": c.single,
        "imageSized": c.image,
        "required": c.required,
        "perRegion": c.per_region,
        "makesRegions": c.makes_regions or c.type in MESSAGE_REGIONS,
        # A per-region answer repeats its region's geometry (box, span); a message's text it does not.
        "geometry": any(s.geometry is not None for s in shapes),
        "requiredMessage": c.control.element.value("requiredMessage") or "",
        "leavesOnly": c.leaves_only,
        "maxUsages": _int(c.attr("maxUsages")),
        "strokeWidth": _stroke_width(c),
        "canRotate": c.attr("canRotate") is not False,
    }
    out.update(_single_field(shapes[0] if len(shapes) == 1 else None))
    return out


def _stroke_width(c: ControlModel) -> float | None:
    """The outline width in screen pixels the editor really draws with (its default where the config is
    silent): a key point records it as its `width`."""
    declared = c.control.spec.attr("strokeWidth") if c.control.spec is not None else None
    if declared is None:
        return None
    raw = c.control.element.value("strokeWidth") or declared.effective_default
    try:
        width = float(raw) if raw is not None else math.nan
    except ValueError:
        return None
    return width if math.isfinite(width) and width > 0 else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def settle(controls: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per-region answers need regions an annotator can select: without an operable region control on
    the same object, a per-region control is shown read-only with its results. Labels on a Video only
    label the boxes of a VideoRectangle (the editor merges them into its result): without one they are
    shown read-only too."""
    tracked = {c["toName"] for c in controls.values() if c["widget"] == "videorectangle"}
    for c in controls.values():
        if c["widget"] == "videolabels" and c["toName"] not in tracked:
            c["widget"] = None
    drawn = {c["toName"] for c in controls.values() if c["widget"] and c["makesRegions"]}
    for c in controls.values():
        if c["perRegion"] and c["toName"] not in drawn:
            c["widget"] = None
    return controls
