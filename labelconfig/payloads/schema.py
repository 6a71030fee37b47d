"""Per-config JSON Schemas for tasks, predictions and annotations, generated with pydantic.

The types are built from the registry (`ResultSpec.value` fields) and the config (names, targets,
labels as enums, `maxRating`, `min`/`max`, single or multiple choice), so other tools and LLM
structured output get exactly the shape `labelconfig check` accepts.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, NotRequired, Union

from pydantic import ConfigDict, Field, TypeAdapter
from typing_extensions import TypedDict

from ..tags.model import F, ValueShape
from ..tags.model import Field as ValueField
from ..view import Config
from .constraints import READERS
from .data import data_uses, steps, substitute
from .kinds import pydantic_type
from .model import DIRECTIONS, ControlModel, ResultModel
from .shapes import SHAPES

_STRICT = ConfigDict(strict=True)


def _ident(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Control"
    return name if name[0].isalpha() else f"C{name}"


def _literal(values: tuple[str, ...] | list[str]) -> Any:
    return Literal[tuple(values)] if values else str


def _value_type(name: str, c: ControlModel, shape: ValueShape) -> Any:
    """A TypedDict of one value shape: field kinds, labels from the config, constraints' narrowings."""
    overrides: dict[str, Any] = {}
    unsaid = []
    for constraint in shape.constraints:
        reader = READERS[type(constraint)]
        overrides.update(reader.types(constraint, c))
        if words := reader.unexpressed(constraint):
            unsaid.append(words)
    nested = _Nested(name, c)
    types = {f.key: overrides.get(f.key) or _field_type(f, c, nested) for f in shape.fields}
    extra = "allow" if shape.open or c.repeats_region else "forbid"
    description = (
        "Also checked by labelconfig, not expressible here: " + "; ".join(unsaid) if unsaid else None
    )
    return _typed_dict(f"{name}Value", types, {f.key for f in shape.fields if f.required}, extra, description)


class _Nested:
    """Names and builds the TypedDicts of objects inside a value (keyframes, messages)."""

    def __init__(self, name: str, c: ControlModel) -> None:
        self.name, self.c = name, c

    def __call__(self, f: ValueField) -> Any:
        assert f.items is not None
        return _value_type(f"{self.name}{_ident(f.key)}", self.c, f.items)


def _field_type(f: ValueField, c: ControlModel, nested: _Nested) -> Any:
    if not f.holds_labels:
        return pydantic_type(f, nested=nested)
    item = _literal(c.label_order) if c.labels and not c.dynamic else str
    typ = pydantic_type(f, item, nested)
    if f.type is F.STRING_PATHS:
        return typ
    bounds: dict[str, int] = {} if c.allow_empty else {"min_length": 1}
    if c.single and f.type is not F.CHOICES:
        bounds["max_length"] = 1
    return Annotated[typ, Field(**bounds)] if bounds else typ  # type: ignore[call-overload]


def _typed_dict(
    name: str,
    fields: dict[str, Any],
    required: set[str],
    extra: str = "forbid",
    description: str | None = None,
) -> Any:
    annotations = {k: (v if k in required else NotRequired[v]) for k, v in fields.items()}
    td = TypedDict(name, annotations)  # type: ignore[misc]
    config = ConfigDict(strict=True, extra=extra)  # type: ignore[typeddict-item]
    if description:
        config["json_schema_extra"] = {"description": description}
    td.__pydantic_config__ = config  # type: ignore[attr-defined]
    return td


def _name_type(names: tuple[str, ...], flags: tuple[str, ...]) -> Any:
    """A Literal of names, or for Repeater copies (`img_{{idx}}`) a pattern (`^img_[0-9]+$`)."""
    if not any(f in n for f in flags for n in names):
        return _literal(names)
    alternatives = "|".join(substitute(re.escape(n), {re.escape(f): "[0-9]+" for f in flags}) for n in names)
    return Annotated[str, Field(pattern=f"^(?:{alternatives})$")]


_EXTRA_TYPES: dict[str, Any] = {
    "original_width": Annotated[int, Field(gt=0)],
    "original_height": Annotated[int, Field(gt=0)],
    "image_rotation": float,
    "original_length": float,
    "item_index": Annotated[int, Field(ge=0)],
}


def _result_type(c: ControlModel) -> Any:
    name = _ident(c.name)
    shapes = list(dict.fromkeys(s for shapes in c.shapes.values() for s in shapes))
    values = [_value_type(f"{name}{i or ''}", c, s) for i, s in enumerate(shapes)]
    fields: dict[str, Any] = {
        "id": str,
        "from_name": _name_type((c.name,), c.flags),
        "to_name": _name_type(tuple(c.targets), c.flags),
        "type": Literal[c.type],
        "value": Union[tuple(values)] if len(values) > 1 else values[0],  # noqa: UP007
        "score": Annotated[float, Field(ge=0, le=1)],
        "parentID": str,
        "readonly": bool,
        "hidden": bool,
        "origin": Literal["manual", "prediction", "prediction-changed"],
        "meta": dict[str, Any],
        "item_index": _EXTRA_TYPES["item_index"],
    }
    for extra in c.spec.extra:
        fields[extra] = _EXTRA_TYPES.get(extra, int)
    return _typed_dict(f"{name}Result", fields, {"from_name", "to_name", "type", "value"}, extra="allow")


def _relation_type(cfg: Config) -> Any:
    labels = cfg.relation_labels
    fields: dict[str, Any] = {
        "type": Literal["relation"],
        "from_id": str,
        "to_id": str,
        "direction": _literal(DIRECTIONS),
        "labels": list[_literal(labels)] if labels else list[str],  # type: ignore[misc]
    }
    return _typed_dict("Relation", fields, {"type", "from_id", "to_id", "direction"})


def result_types(cfg: Config) -> list[Any]:
    model = ResultModel(cfg)
    out = [_result_type(c) for c in model.controls.values()]
    if model.has_relations:
        out.append(_relation_type(cfg))
    return out


def _results_list(cfg: Config) -> Any:
    types = result_types(cfg)
    if not types:
        return list[dict[str, Any]]
    return list[Union[tuple(types)] if len(types) > 1 else types[0]]  # type: ignore[misc]  # noqa: UP007


def prediction_type(cfg: Config) -> Any:
    fields = {
        "result": _results_list(cfg),
        "score": Annotated[float, Field(ge=0, le=1)],
        "model_version": str,
    }
    return _typed_dict("Prediction", fields, {"result"}, extra="allow")


def annotation_type(cfg: Config) -> Any:
    fields = {
        "result": _results_list(cfg),
        "was_cancelled": bool,
        "ground_truth": bool,
        "lead_time": float,
        "completed_by": Any,
    }
    return _typed_dict("Annotation", fields, {"result"}, extra="allow")


def data_type(cfg: Config) -> Any:
    """The task `data` object: one key per top-level key the config reads, nested where it uses dots."""
    tree: dict[str, Any] = {}
    for use in data_uses(cfg):
        path = steps(use.reference)
        if not path or not isinstance(path[0], str):
            continue
        leaf_type = SHAPES[use.expects].json_type
        if use.repeater is not None or any(not isinstance(s, str) for s in path) or "{" in use.reference:
            tree.setdefault(path[0], list[Any])
            continue
        node = tree
        for step in path[:-1]:
            child = node.setdefault(str(step), {})
            if not isinstance(child, dict):
                break  # the config also reads this key whole; its type stands
            node = child
        else:
            node.setdefault(str(path[-1]), leaf_type)
    return _nested("Data", tree)


def _nested(name: str, tree: dict[str, Any]) -> Any:
    fields = {k: _nested(f"{name}{_ident(k)}", v) if isinstance(v, dict) else v for k, v in tree.items()}
    return _typed_dict(name, fields, set(fields), extra="allow")


def task_type(cfg: Config) -> Any:
    fields = {
        "data": data_type(cfg),
        "predictions": list[prediction_type(cfg)],  # type: ignore[misc]
        "annotations": list[annotation_type(cfg)],  # type: ignore[misc]
        "meta": dict[str, Any],
    }
    return _typed_dict("Task", fields, {"data"}, extra="allow")


BUILDERS = {"task": task_type, "prediction": prediction_type, "annotation": annotation_type}


def json_schema(cfg: Config, kind: str = "prediction") -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a task, prediction or annotation for this config."""
    schema = TypeAdapter(BUILDERS[kind](cfg)).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Label Studio {kind}"
    return schema
