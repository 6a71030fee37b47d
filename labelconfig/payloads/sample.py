"""A sample task with one prediction that the linter accepts, for any config.

Deterministic: the data comes from each object tag's expected shape, and the prediction holds one
result per control (labels from the config, geometry inside the image, spans inside the sample text),
plus per-region answers attached to a region and a relation when the config has `<Relations>`.
"""

from __future__ import annotations

import copy
from typing import Any

from ..tags.model import F, Role, ValueShape
from ..tags.model import Field as ValueField
from ..view import Config
from .constraints import READERS
from .data import DataUse, data_uses, resolve, steps
from .kinds import example
from .model import ControlModel, ResultModel

TEXT = "Ada Lovelace wrote the first program in London."
_MEDIA = {
    "Image": "https://example.com/image.jpg",
    "Audio": "https://example.com/audio.wav",
    "AudioPlus": "https://example.com/audio.wav",
    "Video": "https://example.com/video.mp4",
    "Pdf": "https://example.com/document.pdf",
}


def sample_task(cfg: Config) -> dict[str, Any]:
    data: dict[str, Any] = {}
    uses = data_uses(cfg)
    for use in uses:  # Repeater lists first, so the items exist before their fields are filled
        if use.element.spec is not None and use.element.spec.name == "Repeater":
            _put(data, use.reference, [{}, {}])
    for use in uses:
        if use.element.spec is not None and use.element.spec.name == "Repeater":
            continue
        if use.repeater is not None:
            flag = use.repeater.value("indexFlag") or "{{idx}}"
            on = (use.repeater.value("on") or "$items")[1:]
            found, items = resolve(data, on)
            count = len(items) if found and isinstance(items, list) else 2
            for i in range(count):
                _put(data, use.reference.replace(flag, str(i)), _example(use, cfg))
        else:
            found, _ = resolve(data, use.reference)
            if not found:
                _put(data, use.reference, _example(use, cfg))
    return data


def _put(data: dict[str, Any], reference: str, value: Any) -> None:
    """Set `reference` (`a.b[0].c`) in nested task data, creating objects and lists on the way; a value
    already there is kept (one key may serve several tags)."""
    path = steps(reference)
    node: Any = data
    for step, following in zip(path, [*path[1:], None], strict=True):
        if isinstance(node, list) and isinstance(step, int):
            node.extend([None] * (step + 1 - len(node)))
            current = node[step]
        elif isinstance(node, dict) and isinstance(step, str):
            current = node.get(step)
        else:
            return  # the data already holds something else here; leave it
        if following is None:
            if current is None:
                node[step] = value
            return
        if not isinstance(current, dict | list):
            current = [] if isinstance(following, int) else {}
            node[step] = current
        node = current


def _example(use: DataUse, cfg: Config) -> Any:
    el = use.element
    tag = el.spec.name if el.spec is not None else ""
    expects = use.expects
    if expects == "url":
        return _MEDIA.get(tag, f"https://example.com/{use.reference.split('.')[-1] or 'file'}.txt")
    if expects == "urls":
        return ["https://example.com/page-1.jpg", "https://example.com/page-2.jpg"]
    if expects == "text":
        return TEXT
    if expects == "html":
        return f"<p>{TEXT}</p>"
    if expects == "paragraphs":
        name_key = el.value("nameKey") or "author"
        text_key = el.value("textKey") or "text"
        return [
            {name_key: "Alice", text_key: "Hello, can you help me?", "start": 0.0, "end": 1.5},
            {name_key: "Bob", text_key: "Of course, what do you need?", "start": 1.6, "end": 3.0},
        ]
    if expects == "timeseries":
        columns = [c.value("column") for c in el.iter() if c.spec is not None and c.spec.name == "Channel"]
        series: dict[str, list[Any]] = {el.value("timeColumn") or "time": [0, 1, 2, 3]}
        for column in columns:
            if column:
                series[column] = [0.1, 0.4, 0.2, 0.9]
        return series
    if expects == "table":
        return {"Name": "Ada", "Year": 1843}
    if expects == "list_items":
        return [
            {"id": "item-1", "title": "First", "body": "First answer"},
            {"id": "item-2", "title": "Second", "body": "Second answer"},
        ]
    if expects == "chat":
        return [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"}]
    if expects == "dialog":
        return [{"name": "Alice", "text": "Hi"}, {"name": "Bob", "text": "Hello"}]
    if expects == "list":
        return [{"value": "Option A"}, {"value": "Option B"}]
    if expects == "number":
        return 24
    return TEXT


def sample_prediction(cfg: Config, data: dict[str, Any] | None = None) -> dict[str, Any]:
    model = ResultModel(cfg)
    results: list[dict[str, Any]] = []
    regions: list[str] = []
    wants_two = model.has_relations
    for c in model.controls.values():
        if c.per_region:
            continue
        result = _result(c, data)
        if result is None:
            continue
        # With <Relations>, two regions of the first region tool so a relation can join them.
        for _ in range(2 if c.makes_regions and wants_two and len(regions) < 2 else 1):
            copy = {"id": f"r{len(results) + 1}", **result}
            if c.makes_regions:
                regions.append(copy["id"])
            results.append(copy)
    for c in model.controls.values():
        if c.per_region and regions and (result := _result(c, data)) is not None:
            results.append({"id": regions[0], **result})
    if model.has_relations and len(regions) >= 2:
        relation: dict[str, Any] = {
            "type": "relation",
            "from_id": regions[0],
            "to_id": regions[1],
            "direction": "right",
        }
        if model.relation_labels:
            relation["labels"] = [model.relation_labels[0]]
        results.append(relation)
    return {"model_version": "sample", "score": 0.5, "result": results}


def _result(c: ControlModel, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """One result of control `c` on its first target, built from the model's examples."""
    to_name = next(iter(c.targets))
    shapes = c.shapes.get(c.targets[to_name]) or c.shapes.get("*") or ()
    if len(shapes) != 1 or (c.role is Role.REGION and all(f.holds_labels for f in shapes[0].fields)):
        return None  # generic Labels on an Image or Video: its tool draws the region, not a result of its own
    value = sample_value(c, shapes[0], data)
    if value is None:
        return None
    if c.flag is not None:  # the copy for the first Repeater item
        to_name = to_name.replace(c.flag, "0")
    name = c.name.replace(c.flag, "0") if c.flag is not None else c.name
    result: dict[str, Any] = {"from_name": name, "to_name": to_name, "type": c.type, "value": value}
    if c.image:
        result["original_width"], result["original_height"] = 1920, 1080
    return result


def sample_value(c: ControlModel, shape: ValueShape, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """A value of `shape` that control `c` accepts: the registry's examples, narrowed by the config."""
    value: dict[str, Any] = {}
    for f in shape.fields:
        if f.holds_labels:
            labels = _labels(c)
            if labels is None and f.required:
                return None
            if labels is not None:
                value[f.key] = labels
        elif f.required or f.example is not None:
            value[f.key] = _within(f, copy.deepcopy(example(f)))
    for constraint in shape.constraints:
        READERS[type(constraint)].sample(constraint, c, value, data)
    return value


def _within(f: ValueField, x: Any) -> Any:
    """Numbers moved inside the field's bounds, as narrowed by the config (maxRating, min/max)."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return x
    if f.min is not None and x < f.min:
        x = f.min
    if f.max is not None and x > f.max:
        x = f.max
    return int(x) if f.type is F.INTEGER else x


def _labels(c: ControlModel) -> list[Any] | None:
    control = c.control
    if c.dynamic:
        return ["Option A"]
    if not control.options:  # a video track carries the labels of its companion <Labels>
        return [c.label_order[0]] if c.label_order else [] if c.allow_empty else None
    inner = {o.path for o in control.options}
    leaves = [o for o in control.options if (*o.path, o.label) not in inner]
    first = leaves[0] if c.leaves_only and leaves else control.options[0]
    if c.type == "taxonomy" or c.nested:
        return [[*first.path, first.label]]
    return [first.label]


def sample(cfg: Config) -> dict[str, Any]:
    """`{"data": ..., "predictions": [...]}`: a task with one prediction, ready to import."""
    data = sample_task(cfg)
    return {"data": data, "predictions": [sample_prediction(cfg, data)]}
