"""A sample task with one prediction that the linter accepts, for any config.

Deterministic: the data comes from each object tag's expected shape, and the prediction holds one
result per control (labels from the config, geometry inside the image, spans inside the sample text),
plus per-region answers attached to a region and a relation when the config has `<Relations>`.
"""

from __future__ import annotations

from typing import Any

from ..config import Config, Control
from ..tags.model import F
from .data import DataUse, data_uses, resolve, steps
from .results import ResultChecker

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
    checker = ResultChecker(cfg)
    results: list[dict[str, Any]] = []
    regions: list[str] = []
    later: list[Control] = []
    wants_two = cfg.has_relations
    for name, c in checker.controls.items():
        control = cfg.controls[name]
        if c.per_region:
            later.append(control)
            continue
        result = _result(cfg, control, c.type, next(iter(c.targets)), data)
        if result is None:
            continue
        if c.flag is not None:  # the copy for the first Repeater item
            result["from_name"] = result["from_name"].replace(c.flag, "0")
            result["to_name"] = result["to_name"].replace(c.flag, "0")
        makes_region = c.type not in _CLASSIFIERS and not c.result.self_referencing
        # With <Relations>, two regions of the first region tool so a relation can join them.
        for _ in range(2 if makes_region and wants_two and len(regions) < 2 else 1):
            copy = {"id": f"r{len(results) + 1}", **result}
            if makes_region:
                regions.append(copy["id"])
            results.append(copy)
    for control in later:
        if not regions:
            continue
        c = checker.controls[control.name]
        result = _result(cfg, control, c.type, next(iter(c.targets)), data)
        if result is not None:
            results.append({"id": regions[0], **result})
    if cfg.has_relations and len(regions) >= 2:
        relation: dict[str, Any] = {
            "type": "relation",
            "from_id": regions[0],
            "to_id": regions[1],
            "direction": "right",
        }
        if cfg.relation_labels:
            relation["labels"] = [cfg.relation_labels[0]]
        results.append(relation)
    return {"model_version": "sample", "score": 0.5, "result": results}


_CLASSIFIERS = {
    "choices",
    "textarea",
    "rating",
    "number",
    "datetime",
    "taxonomy",
    "pairwise",
    "ranker",
    "chatmessage",
    "reactcode",
}


def _result(
    cfg: Config, control: Control, rtype: str, to_name: str, data: dict[str, Any] | None
) -> dict[str, Any] | None:
    spec = control.spec
    assert spec is not None and spec.result is not None
    fields = spec.result.value
    target_tag = cfg.objects[to_name].tag if to_name in cfg.objects else ""
    if not fields and spec.result.by_target:
        fields = spec.result.by_target.get(target_tag, ())
        if not fields and target_tag not in spec.result.by_target:
            return None  # generic Labels on an image/video pairs with its tool's result instead
    value: dict[str, Any] = {}
    for f in fields:
        if f.holds_labels:
            labels = _labels(control)
            if labels is None:
                return None
            value[f.key] = labels
        elif f.required or f.key in ("rotation",):
            value[f.key] = _value(control, rtype, f.key, f.type, data, to_name, cfg)
    if rtype in ("labels",) and target_tag in ("Text",) and data is not None:
        value.update(_span(cfg, to_name, data))
    result: dict[str, Any] = {"from_name": control.name, "to_name": to_name, "type": rtype, "value": value}
    if "original_width" in spec.result.extra and target_tag == "Image":
        result["original_width"], result["original_height"] = 1920, 1080
    return result


def _labels(control: Control) -> list[Any] | None:
    if control.dynamic_labels:
        return ["Option A"]
    if not control.options:
        return [] if control.attr("allowEmpty") is True else None
    inner = {o.path for o in control.options}
    leaves = [o for o in control.options if (*o.path, o.label) not in inner]
    first = leaves[0] if control.attr("leafsOnly") is True and leaves else control.options[0]
    if (control.spec is not None and control.spec.name == "Taxonomy") or control.attr("allowNested") is True:
        return [[*first.path, first.label]]
    return [first.label]


def _span(cfg: Config, to_name: str, data: dict[str, Any]) -> dict[str, Any]:
    obj = cfg.objects[to_name]
    found, text = resolve(data, obj.variable or "")
    if not found or not isinstance(text, str) or obj.attr("valueType") == "url":
        return {"start": 0, "end": 3}
    end = min(len(text), 12)
    return {"start": 0, "end": end, "text": text[:end]}


_GEOMETRY: dict[str, Any] = {
    "x": 10.0,
    "y": 10.0,
    "width": 20.0,
    "height": 15.0,
    "rotation": 0,
    "radiusX": 5.0,
    "radiusY": 5.0,
    "points": [[10.0, 10.0], [30.0, 10.0], [20.0, 30.0]],
    "closed": True,
    "format": "rle",
    "rle": [0, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "imageDataURL": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "vertices": [{"id": "v1", "x": 10.0, "y": 10.0}, {"id": "v2", "x": 40.0, "y": 20.0, "prevPointId": "v1"}],
    "startOffset": 0,
    "endOffset": 5,
    "instant": False,
    "framesCount": 100,
    "duration": 4.0,
    "ranges": [{"start": 1, "end": 10}],
    "text": ["A short answer."],
    "selected": "left",
}


def _value(
    control: Control, rtype: str, key: str, kind: F, data: dict[str, Any] | None, to_name: str, cfg: Config
) -> Any:
    if rtype == "ocrlabels" and key in ("x", "y", "width", "height"):
        return {"x": 0.1, "y": 0.1, "width": 0.3, "height": 0.05}[key]
    if rtype in ("videorectangle", "videovector", "videovectorlabels") and key == "sequence":
        frame: dict[str, Any] = {"frame": 1, "enabled": True, "time": 0.0}
        if rtype == "videorectangle":
            frame.update(x=10.0, y=10.0, width=20.0, height=15.0, rotation=0)
        else:
            frame.update(closed=False, vertices=_GEOMETRY["vertices"])
        return [frame]
    if key in ("start", "end"):
        if kind is F.STRING:
            return "/p[1]/text()[1]"
        if kind is F.NUMBER:
            return 0.5 if key == "start" else 1.5
        if kind is F.NUMBER_OR_STRING:
            return 1 if key == "start" else 2
        return 0
    if key == "rating":
        top = control.attr("maxRating")
        return min(3, top) if isinstance(top, int) and top > 0 else 1
    if key == "number":
        lo, hi = control.attr("min"), control.attr("max")
        if isinstance(lo, float):
            return lo
        return hi if isinstance(hi, float) and hi < 1 else 1
    if key == "datetime":
        fmt = control.element.value("format")
        only = (control.element.value("only") or "").strip()
        from datetime import datetime

        moment = datetime(2024, 5, 17, 9, 30)
        if fmt:
            return moment.strftime(fmt)
        return {"date": "2024-05-17", "time": "09:30", "month": "2024-05", "year": "2024"}.get(
            only, "2024-05-17T09:30"
        )
    if key == "ranker":
        items = _list_ids(cfg, to_name, data)
        return {control.name: items}
    if key == "chatmessage":
        return {"role": "assistant", "content": "Sample reply."}
    if key == "reactcode":
        return {}
    if key in _GEOMETRY:
        return _GEOMETRY[key]
    return {F.NUMBER: 1.0, F.INTEGER: 1, F.STRING: "sample", F.BOOLEAN: False, F.OBJECT: {}}.get(kind, [])


def _list_ids(cfg: Config, to_name: str, data: dict[str, Any] | None) -> list[str]:
    obj = cfg.objects.get(to_name)
    if obj is None or data is None or obj.variable is None:
        return []
    found, items = resolve(data, obj.variable)
    if not found or not isinstance(items, list):
        return []
    return [str(i["id"]) for i in items if isinstance(i, dict) and "id" in i]


def sample(cfg: Config) -> dict[str, Any]:
    """`{"data": ..., "predictions": [...]}`: a task with one prediction, ready to import."""
    data = sample_task(cfg)
    return {"data": data, "predictions": [sample_prediction(cfg, data)]}
