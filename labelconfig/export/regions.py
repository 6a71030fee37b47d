"""Regions read through the payload model: the results of one region (a `rectangle` and the `labels`
of a separate Labels tag share the region id) become one `Region` with its geometry and labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..payloads.model import ControlModel, ResultModel
from ..tags.model import Geometry, Role
from .records import Chosen


@dataclass(frozen=True, slots=True)
class Region:
    id: str | None
    tool: str  # the control whose result carries the geometry
    label_control: str | None  # the control whose labels it carries (None: unlabeled)
    to_name: str
    geometry: Geometry | None
    value: Mapping[str, Any]
    labels: tuple[str, ...]
    size: tuple[float, float] | None  # original_width, original_height in pixels
    parent: str | None
    score: float | None
    source: Chosen

    @property
    def rotation(self) -> float:
        r = self.value.get("rotation")
        return float(r) if isinstance(r, int | float) else 0.0


@dataclass(frozen=True, slots=True)
class Other:
    """A result that is not a region (a classification, a relation, a per-region answer)."""

    control: str
    result: Mapping[str, Any]


def _size(results: list[Mapping[str, Any]]) -> tuple[float, float] | None:
    for r in results:
        w, h = r.get("original_width"), r.get("original_height")
        if isinstance(w, int | float) and isinstance(h, int | float) and w > 0 and h > 0:
            return float(w), float(h)
    return None


def _member(model: ResultModel, r: Mapping[str, Any]) -> tuple[ControlModel, Geometry | None] | None:
    found = model.lookup(r.get("from_name"))
    if found is None:
        return None
    c, targets = found
    if c.role is not Role.REGION or c.per_region or c.spec.self_referencing:
        return None
    tag = targets.get(str(r.get("to_name")), "")
    value = r.get("value")
    shape = c.shape_for(tag, value if isinstance(value, Mapping) else {})
    return c, shape.geometry


def regions(model: ResultModel, chosen: Chosen) -> tuple[list[Region], list[Other]]:
    """The regions of one linted annotation or prediction, in result order, and the other results."""
    groups: dict[tuple[str, str], list[tuple[ControlModel, Geometry | None, Mapping[str, Any]]]] = {}
    others: list[Other] = []
    for i, r in enumerate(chosen.results):
        m = _member(model, r)
        if m is None:
            others.append(Other(str(r.get("from_name", r.get("type", ""))), r))
            continue
        rid = r.get("id")
        key = (str(rid) if rid is not None else f"#{i}", str(r.get("to_name")))
        groups.setdefault(key, []).append((m[0], m[1], r))
    return [_merge(chosen, members) for members in groups.values()], others


def _merge(chosen: Chosen, members: list[tuple[ControlModel, Geometry | None, Mapping[str, Any]]]) -> Region:
    shaped = next((m for m in members if m[1] is not None), members[0])
    labelled = [
        (c, r)
        for c, _, r in members
        if (key := c.spec.labels_key) is not None and isinstance(r.get("value", {}).get(key), list)
    ]
    labels: tuple[str, ...] = ()
    label_control = None
    if labelled:
        c, r = labelled[0]
        label_control = c.name
        labels = tuple(str(x) for x in r["value"][c.spec.labels_key or ""])
    tool = next((c.name for c, _, r in members if c.type != "labels"), shaped[0].name)
    score = next((r["score"] for _, _, r in members if isinstance(r.get("score"), int | float)), None)
    if score is None and chosen.kind == "prediction" and isinstance(chosen.record.get("score"), int | float):
        score = chosen.record["score"]
    parent = next((str(r["parentID"]) for _, _, r in members if r.get("parentID") is not None), None)
    first = shaped[2]
    rid = first.get("id")
    return Region(
        id=str(rid) if rid is not None else None,
        tool=tool,
        label_control=label_control,
        to_name=str(first.get("to_name")),
        geometry=shaped[1],
        value=first.get("value") or {},
        labels=labels,
        size=_size([m[2] for m in members]),
        parent=parent,
        score=float(score) if score is not None else None,
        source=chosen,
    )
