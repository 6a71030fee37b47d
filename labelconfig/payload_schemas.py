"""Config-independent JSON Schemas of Label Studio tasks, predictions, annotations and JSON exports,
generated from the registry's result declarations (checked into `schemas/`, tested for staleness).

`labelconfig schema CONFIG` narrows these to one config (names, labels, bounds); these general ones
fit any project: a result's `value` must match one of the shapes its `type` can take, whichever tag
wrote it. Results, records and tasks stay open to keys Label Studio adds over time (`created_at`,
`original_width` ...); a `value` is closed unless the registry marks it open, as the linter does.
"""

from __future__ import annotations

import json
from typing import Any, Final

from pydantic import TypeAdapter

from .payloads.kinds import pydantic_type
from .payloads.model import DIRECTIONS
from .tags import ALL
from .tags.model import Role, ValueShape

DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
KINDS: Final = ("task", "prediction", "annotation", "export")
_SCORE: Final = {"type": "number", "minimum": 0, "maximum": 1}
_PREDICTIONS: Final = {"type": "array", "items": {"$ref": "#/$defs/prediction"}}


def _region_keys() -> frozenset[str]:
    """Keys of region values: a perRegion answer repeats its region's geometry (`x`, `start` ...)."""
    return frozenset(
        f.key
        for spec in ALL
        if spec.result is not None and spec.result.role is Role.REGION
        for shape in spec.result.shapes()
        for f in shape.fields
        if not f.holds_labels
    )


def _per_region_types() -> frozenset[str]:
    return frozenset(
        spec.result.type
        for spec in ALL
        if spec.result is not None and spec.result.type and (spec.result.per_region or spec.attr("labeling"))
    )


def _shapes_by_type() -> dict[str, list[ValueShape]]:
    """Every value shape each result type can take, over all tags that write it (registry order)."""
    out: dict[str, list[ValueShape]] = {}
    for spec in ALL:
        if spec.result is None or spec.result.type in (None, "relation"):
            continue
        shapes = out.setdefault(spec.result.type, [])
        shapes += [s for s in spec.result.shapes() if s not in shapes]
    return out


def _value(shape: ValueShape, per_region: bool) -> dict[str, Any]:
    properties = {f.key: _field(f) for f in shape.fields}
    if per_region:
        properties = {**{k: {} for k in sorted(_region_keys()) if k not in properties}, **properties}
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [f.key for f in shape.fields if f.required]
    if required:
        schema["required"] = required
    if not shape.open:
        schema["additionalProperties"] = False
    return schema


def _field(f: Any) -> dict[str, Any]:
    schema = TypeAdapter(pydantic_type(f)).json_schema()
    if f.doc:
        schema["description"] = f.doc
    return dict(schema)


def _result_defs() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    per_region = _per_region_types()
    for rtype, shapes in _shapes_by_type().items():
        values = [_value(s, rtype in per_region) for s in shapes]
        defs[f"value.{rtype}"] = values[0] if len(values) == 1 else {"anyOf": values}
    return defs


def _result() -> dict[str, Any]:
    types = sorted(_shapes_by_type())
    region = {
        "type": "object",
        "required": ["from_name", "to_name", "type", "value"],
        "properties": {
            "id": {"type": "string"},
            "from_name": {"type": "string", "minLength": 1},
            "to_name": {"type": "string", "minLength": 1},
            "type": {"enum": types},
            "value": {"type": "object"},
            "score": _SCORE,
            "parentID": {"type": "string"},
            "origin": {"enum": ["manual", "prediction", "prediction-changed"]},
        },
        "allOf": [
            {
                "if": {"properties": {"type": {"const": t}}},
                "then": {"properties": {"value": {"$ref": f"#/$defs/value.{t}"}}},
            }
            for t in types
        ],
    }
    relation = {
        "type": "object",
        "required": ["type", "from_id", "to_id"],
        "properties": {
            "type": {"const": "relation"},
            "from_id": {"type": "string"},
            "to_id": {"type": "string"},
            "direction": {"enum": list(DIRECTIONS)},
            "labels": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {"oneOf": [relation, {**region, "not": {"properties": {"type": {"const": "relation"}}}}]}


def _record(extra: dict[str, Any]) -> dict[str, Any]:
    properties = {"result": {"type": "array", "items": {"$ref": "#/$defs/result"}}, **extra}
    return {"type": "object", "required": ["result"], "properties": properties}


def _defs() -> dict[str, Any]:
    records = {"type": "array", "items": {"$ref": "#/$defs/annotation"}}
    return {
        "result": _result(),
        **_result_defs(),
        # The linter takes a null record score as none given (Label Studio writes it so).
        "prediction": _record(
            {"score": {**_SCORE, "type": ["number", "null"]}, "model_version": {"type": "string"}}
        ),
        "annotation": _record(
            {
                "was_cancelled": {"type": "boolean"},
                "ground_truth": {"type": "boolean"},
                "lead_time": {"type": "number", "minimum": 0},
            }
        ),
        "task": {
            "type": "object",
            # No `required`: Label Studio imports a task without `data` as its own data.
            "properties": {
                "id": {"type": "integer"},
                "data": {"type": "object"},
                "meta": {"type": "object"},
                "predictions": _PREDICTIONS,
                "annotations": records,
                "completions": records,  # the name before Label Studio 1.0, still in old exports
            },
        },
    }


def json_schema(kind: str) -> dict[str, Any]:
    """The general schema of one `kind`: task, prediction, annotation or export (a JSON export is a
    list of tasks with their annotations)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    top: dict[str, Any] = {"$ref": f"#/$defs/{kind}"}
    if kind == "export":
        top = {"type": "array", "items": {"$ref": "#/$defs/task"}}
    elif kind == "prediction":
        # An ML backend's response (`{"results": [...]}`) is read as predictions, as the linter does.
        response = {"type": "object", "required": ["results"], "properties": {"results": _PREDICTIONS}}
        top = {"anyOf": [top, response]}
    return {
        "$schema": DRAFT,
        "$id": f"https://labelconfig.invalid/schemas/{kind}.schema.json",
        "title": f"Label Studio {kind} (any labeling config)",
        **top,
        "$defs": _defs(),
    }


def schema_text(kind: str) -> str:
    """The file checked into `schemas/<kind>.schema.json`."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
