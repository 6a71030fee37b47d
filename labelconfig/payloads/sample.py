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
from .data import DataUse, copies, data_uses, resolve, steps, substitute
from .kinds import example
from .model import ControlModel, ResultModel
from .shapes import SHAPES


def sample_task(cfg: Config) -> dict[str, Any]:
    """Task data for `cfg`: every `$variable` filled with a value each tag reading it accepts."""
    data: dict[str, Any] = {}
    uses = data_uses(cfg)
    # Repeater lists first, outer ones before inner ones, so the items exist before their fields.
    for use in sorted((u for u in uses if _is_repeater(u)), key=lambda u: len(u.repeaters)):
        for sub in copies(use.repeaters, data, fill=2):
            _put(data, substitute(use.reference, sub), [{}, {}])
    readers: dict[str, list[DataUse]] = {}
    for use in uses:
        if not _is_repeater(use):
            for sub in copies(use.repeaters, data, fill=2):
                readers.setdefault(substitute(use.reference, sub), []).append(use)
    for reference, those in readers.items():
        found, _ = resolve(data, reference)
        if not found:
            _put(data, reference, _fitting(those)[0])
    return data


def sample_conflicts(cfg: Config) -> list[str]:
    """Why no sample task passes `check`: each task field read by tags that accept no common value."""
    readers: dict[str, list[DataUse]] = {}
    for use in data_uses(cfg):
        if not _is_repeater(use):
            readers.setdefault(use.reference, []).append(use)
    return [reason for those in readers.values() if (reason := _fitting(those)[1])]


def _fitting(uses: list[DataUse]) -> tuple[Any, str]:
    """A value every one of `uses` accepts, or the first tag's value and why none fits all."""
    candidates = [SHAPES[u.expects].example(u) for u in uses]
    for value in candidates:
        if all(not u.problem(value) for u in uses):
            return value, ""
    wants = "; ".join(
        f"{u.where} `{u.attribute}` wants {SHAPES[u.expects].wanted.removeprefix('give ')}" for u in uses
    )
    return candidates[0], f"no value of `${uses[0].reference}` fits every tag that reads it ({wants})"


def _is_repeater(use: DataUse) -> bool:
    return use.element.spec is not None and use.element.spec.name == "Repeater"


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
            if current is None or current == {}:  # an empty Repeater item is filled in
                node[step] = value
            return
        if not isinstance(current, dict | list):
            current = [] if isinstance(following, int) else {}
            node[step] = current
        node = current


def sample_prediction(cfg: Config, data: dict[str, Any] | None = None) -> dict[str, Any]:
    model = ResultModel(cfg)
    results: list[dict[str, Any]] = []
    regions: list[str] = []
    wants_two = model.has_relations
    for c in model.controls.values():
        # `<Relations>` has no result of its own: relations are the `"type": "relation"` items below.
        if c.per_region or c.role is Role.RELATION:
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
    # The copy for the first item of each Repeater around the control.
    result: dict[str, Any] = {
        "from_name": c.first_copy(c.name),
        "to_name": c.first_copy(to_name),
        "type": c.type,
        "value": value,
    }
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
    if c.dynamic:  # options loaded from the task (or a Taxonomy's apiUrl): a path where paths are due
        return [["Option A"]] if c.type == "taxonomy" or c.nested else ["Option A"]
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
