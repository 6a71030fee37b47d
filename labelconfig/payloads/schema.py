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

from ..config import Config, Control
from ..tags.model import F, ResultSpec
from ..tags.model import Field as ValueField
from ..tags.values import labeled
from .data import data_uses, steps
from .fields import narrowed
from .results import DIRECTIONS, repeater_flags

_STRICT = ConfigDict(strict=True)
_DATA_TYPES: dict[str, Any] = {
    "url": str,
    "urls": list[str],
    "text": str,
    "html": str,
    "paragraphs": list[dict[str, Any]],
    "timeseries": dict[str, list[Any]],
    "table": dict[str, Any] | list[Any],
    "list_items": list[dict[str, Any]],
    "chat": list[dict[str, Any]],
    "dialog": list[dict[str, Any]],
    "list": list[Any],
    "number": float,
    "any": Any,
}


def _ident(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Control"
    return name if name[0].isalpha() else f"C{name}"


def _literal(values: tuple[str, ...] | list[str]) -> Any:
    return Literal[tuple(values)] if values else str  # type: ignore[valid-type]


def _number(base: type, f: ValueField) -> Any:
    constraints: dict[str, float] = {}
    if f.min is not None:
        constraints["ge"] = f.min
    if f.max is not None:
        constraints["le"] = f.max
    return Annotated[base, Field(description=f.doc, **constraints)] if constraints else base  # type: ignore[call-overload]


def _field_type(f: ValueField, control: Control) -> Any:
    labels = tuple(control.labels) if not control.dynamic_labels else ()
    t = f.type
    if f.holds_labels or t is F.CHOICES:
        item = _literal(tuple(dict.fromkeys(labels)))
        if t in (F.STRING_PATHS,) or (t is F.CHOICES and control.attr("allowNested") is True):
            return list[list[item]]  # type: ignore[valid-type]
        single = (
            control.attr("choice") in ("single", "single-radio")
            and control.spec is not None
            and control.spec.attr("choice") is not None
        )
        empty_ok = control.attr("allowEmpty") is True
        bounds: dict[str, int] = {}
        if not empty_ok:
            bounds["min_length"] = 1
        if single:
            bounds["max_length"] = 1
        return Annotated[list[item], Field(**bounds)]  # type: ignore[valid-type]
    if t is F.NUMBER:
        return _number(float, f)
    if t is F.INTEGER:
        return _number(int, f)
    if t is F.STRING:
        return str
    if t is F.BOOLEAN:
        return bool
    if t is F.OBJECT:
        return dict[str, Any]
    if t is F.ENUM:
        return _literal(f.values)
    if t is F.STRING_LIST:
        return list[str]
    if t is F.INTEGER_LIST:
        return list[_number(int, f)]  # type: ignore[misc]
    if t is F.POINT_LIST:
        coordinate = _number(float, f)
        pair = Annotated[list[coordinate], Field(min_length=2, max_length=2)]  # type: ignore[valid-type]
        return Annotated[list[pair], Field(min_length=3)]  # type: ignore[valid-type]
    if t is F.OBJECT_LIST:
        return list[dict[str, Any]]
    if t is F.STRING_PATHS:
        return list[list[str]]
    if t is F.INTEGER_OR_STRING:
        return Union[_number(int, f), str]  # noqa: UP007 - built at run time from values
    if t is F.NUMBER_OR_STRING:
        return Union[_number(float, f), str]  # noqa: UP007
    raise AssertionError(f"no schema type for {t}")  # pragma: no cover - every F has a branch


def _typed_dict(name: str, fields: dict[str, Any], required: set[str], extra: str = "forbid") -> Any:
    annotations = {k: (v if k in required else NotRequired[v]) for k, v in fields.items()}
    td = TypedDict(name, annotations)  # type: ignore[operator]
    td.__pydantic_config__ = ConfigDict(strict=True, extra=extra)  # type: ignore[attr-defined]
    return td


def _value_type(name: str, control: Control, fields: tuple[ValueField, ...]) -> Any:
    types = {f.key: _field_type(f, control) for f in fields}
    return _typed_dict(f"{name}Value", types, {f.key for f in fields if f.required})


def _name_type(names: tuple[str, ...], flag: str | None) -> Any:
    """A Literal of names, or for Repeater copies (`img_{{idx}}`) a pattern (`^img_[0-9]+$`)."""
    if flag is None or not any(flag in n for n in names):
        return _literal(names)
    alternatives = "|".join(re.escape(n).replace(re.escape(flag), "[0-9]+") for n in names)
    return Annotated[str, Field(pattern=f"^(?:{alternatives})$")]


def _result_type(control: Control, flag: str | None = None) -> Any:
    spec = control.spec
    assert spec is not None and spec.result is not None
    result: ResultSpec = spec.result
    name = _ident(control.name)
    if result.value or not result.by_target:
        value: Any = _value_type(name, control, narrowed(result.value, control.attr))
    else:
        by_target = dict(result.by_target)
        if "Image" in {o for o in control.to_name} or "Image" in result.targets:
            by_target.setdefault("Image", labeled((), "labels"))
        values = [_value_type(f"{name}{_ident(t)}", control, fields) for t, fields in by_target.items()]
        value = Union[tuple(values)]  # noqa: UP007
    targets = tuple(control.to_name) or (control.name,)
    if result.self_referencing:
        targets = tuple(dict.fromkeys((control.name, *targets)))
    fields: dict[str, Any] = {
        "id": str,
        "from_name": _name_type((control.name,), flag),
        "to_name": _name_type(targets, flag),
        "type": Literal[result.type],  # type: ignore[valid-type]
        "value": value,
        "score": Annotated[float, Field(ge=0, le=1)],
        "parentID": str,
        "readonly": bool,
        "hidden": bool,
        "origin": Literal["manual", "prediction", "prediction-changed"],
        "meta": dict[str, Any],
    }
    for extra in result.extra:
        fields[extra] = (
            Annotated[int, Field(gt=0)]
            if extra.startswith("original_") and extra != "original_length"
            else float
            if extra in ("image_rotation", "original_length")
            else int
        )
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
    out = []
    flags = repeater_flags(cfg)
    for control in cfg.controls.values():
        spec = control.spec
        if spec is not None and spec.result is not None and spec.result.type is not None:
            out.append(_result_type(control, flags.get(id(control.element))))
    if cfg.has_relations:
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
        leaf_type = _DATA_TYPES.get(use.expects, Any)
        if use.repeater is not None or any(not isinstance(s, str) for s in path) or "{" in use.reference:
            tree.setdefault(path[0], list[Any])
            continue
        node = tree
        for step in path[:-1]:
            child = node.setdefault(step, {})
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
