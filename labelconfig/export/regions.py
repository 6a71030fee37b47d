"""Regions read through the payload model: the results of one region (a `rectangle` and the `labels`
of a separate Labels tag share the region id) become one `Region` with its geometry and labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import msgspec

from ..payloads.model import ControlModel, ResultModel
from ..tags.model import Geometry, Role
from .records import Chosen


# A msgspec Struct: built in C, at half a slotted dataclass's cost (exports build millions of
# regions); mutable, as `sized` fills in a missing pixel size.
class Region(msgspec.Struct):
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
    item: int = 0  # item_index: which image of a multi-image (valueList) task
    rotation: float = 0.0  # degrees, from the value (0 when absent or not a number)


def _rotation(value: Mapping[str, Any]) -> float:
    r = value.get("rotation")
    return float(r) if isinstance(r, _NUMBER) else 0.0


@dataclass(frozen=True, slots=True)
class Other:
    """A result that is not a region (a classification, a relation, a per-region answer)."""

    control: str
    result: Mapping[str, Any]


def _size(results: list[Mapping[str, Any]]) -> tuple[float, float] | None:
    for r in results:
        w, h = r.get("original_width"), r.get("original_height")
        if isinstance(w, _NUMBER) and isinstance(h, _NUMBER) and w > 0 and h > 0:
            return float(w), float(h)
    return None


_Member = tuple[ControlModel, Geometry | None, Mapping[str, Any], str | None]  # ... and its labels key
_UNSEEN: Final = object()
_NUMBER: Final = (int, float)  # a tuple: `int | float` builds a union object on every isinstance
_MATCH: Final = object()  # the geometry depends on the value: match it against the shapes


class RegionReader:
    """Reads regions through the payload model; what it learns per control is kept (exports read the
    same few controls millions of times)."""

    def __init__(self, model: ResultModel) -> None:
        self.model = model
        self._controls: dict[object, tuple[ControlModel, dict[str, str], str | None] | None] = {}
        # (from_name, to_name) -> (control, object tag, geometry or _MATCH) | None: not a region
        self._shapes: dict[tuple[object, object], Any] = {}
        self._by_struct: dict[type, dict[str, Any]] = {}  # the same, by the shortcut's struct and to_name

    def _control(self, from_name: object) -> tuple[ControlModel, dict[str, str], str | None] | None:
        key = from_name if isinstance(from_name, str) else None
        if key in self._controls:
            return self._controls[key]
        found = self.model.lookup(from_name)
        info = None
        if found is not None:
            c, targets = found
            if c.role is Role.REGION and not c.per_region and not c.spec.self_referencing:
                info = (c, targets, c.spec.labels_key)
        if key is not None:
            self._controls[key] = info
        return info

    def _known(self, from_name: object, to_name: object) -> Any:
        """(control, object tag, geometry or _MATCH, labels key) of results of `from_name` on
        `to_name`, or None when they are not regions; learned once per pair."""
        info = self._control(from_name)
        known = None
        if info is not None:
            c, targets, key = info
            tag = targets.get(str(to_name), "")
            shapes = c.shapes.get(tag) or c.shapes.get("*") or next(iter(c.shapes.values()), ())
            # One shape (or none) on this object: its geometry, whatever the value holds.
            fixed = len(shapes) <= 1
            known = (c, tag, (shapes[0].geometry if shapes else None) if fixed else _MATCH, key)
        self._shapes[(from_name, to_name)] = known
        return known

    def regions(self, chosen: Chosen) -> tuple[list[Region], list[Other]]:
        """The regions of one linted annotation or prediction, in result order, and the other results."""
        if chosen.typed is not None:
            found = self._typed(chosen)
            if found is not None:
                return found
            chosen = Chosen(chosen.kind, chosen.record, [msgspec.to_builtins(r) for r in chosen.typed])
        groups: dict[tuple[str, str], list[_Member]] = {}
        others: list[Other] = []
        shapes = self._shapes
        for i, r in enumerate(chosen.results):
            from_name, to_name = r.get("from_name"), r.get("to_name")
            try:
                known = shapes.get((from_name, to_name), _UNSEEN)
            except TypeError:  # unhashable names: no control has them
                known = None
            if known is _UNSEEN:
                known = self._known(from_name, to_name)
            if known is None:
                others.append(Other(str(r.get("from_name", r.get("type", ""))), r))
                continue
            c, tag, geometry, _ = known
            if (
                geometry is _MATCH
            ):  # several shapes on this object: the value tells which (Labels on an Image)
                value = r.get("value")
                geometry = c.shape_for(tag, value if isinstance(value, Mapping) else {}).geometry
            rid = r.get("id")
            key = (str(rid) if rid is not None else f"#{i}", str(to_name))
            group = groups.get(key)
            if group is None:
                groups[key] = [(c, geometry, r, known[3])]
            else:
                group.append((c, geometry, r, known[3]))
        return [
            self._single(chosen, *members[0]) if len(members) == 1 else self._merge(chosen, members)
            for members in groups.values()
        ], others

    def _merge(self, chosen: Chosen, members: list[_Member]) -> Region:
        shaped = next((m for m in members if m[1] is not None), members[0])
        labels: tuple[str, ...] = ()
        label_control = None
        for c, _, r, key in members:
            found = r.get("value", {}).get(key) if key is not None else None
            if isinstance(found, list):
                label_control, labels = c.name, tuple(str(x) for x in found)
                break
        tool = next((c.name for c, _, r, _ in members if c.type != "labels"), shaped[0].name)
        score = next((r["score"] for _, _, r, _ in members if isinstance(r.get("score"), _NUMBER)), None)
        if score is None and chosen.kind == "prediction" and isinstance(chosen.record.get("score"), _NUMBER):
            score = chosen.record["score"]
        parent = next((str(r["parentID"]) for _, _, r, _ in members if r.get("parentID") is not None), None)
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
            item=first.get("item_index") or 0,
            rotation=_rotation(first.get("value") or {}),
        )

    def _single(
        self,
        chosen: Chosen,
        c: ControlModel,
        geometry: Geometry | None,
        r: Mapping[str, Any],
        key: str | None,
    ) -> Region:
        """A region written as one result (RectangleLabels ...): the common case, kept cheap."""
        value = r.get("value") or {}
        found = value.get(key) if key is not None else None
        score = r.get("score")
        if not isinstance(score, _NUMBER):
            score = chosen.record.get("score") if chosen.kind == "prediction" else None
        w, h = r.get("original_width"), r.get("original_height")
        sized = isinstance(w, _NUMBER) and isinstance(h, _NUMBER) and w > 0 and h > 0
        rid, parent, rotation = r.get("id"), r.get("parentID"), value.get("rotation")
        labelled = isinstance(found, list)
        # Positional: keywords cost a third more, and exports build millions of regions.
        return Region(
            None if rid is None else str(rid),
            c.name,
            c.name if labelled else None,
            str(r.get("to_name")),
            geometry,
            value,
            tuple(map(str, found)) if labelled else (),  # type: ignore[arg-type]
            (float(w), float(h)) if sized else None,  # type: ignore[arg-type]
            None if parent is None else str(parent),
            float(score) if isinstance(score, _NUMBER) else None,
            chosen,
            r.get("item_index") or 0,
            float(rotation) if isinstance(rotation, _NUMBER) else 0.0,
        )

    def _typed(self, chosen: Chosen) -> tuple[list[Region], list[Other]] | None:
        """`regions` for results the fast lane decoded into the shortcut's structs, which hold valid
        values only (so none of the dict path's checks apply); None when two results share a region
        id (Rectangle + Labels), which the dict path merges."""
        assert chosen.typed is not None
        out: list[Region] = []
        others: list[Other] = []
        seen: set[tuple[str, str]] = set()
        by_struct, to_builtins = self._by_struct, msgspec.to_builtins
        score_of_record = chosen.record.get("score") if chosen.kind == "prediction" else None
        for r in chosen.typed:
            struct, to_name = type(r), r.to_name
            on = by_struct.get(struct)
            if on is None:
                on = by_struct[struct] = {}
            known = on.get(to_name, _UNSEEN)
            if known is _UNSEEN:
                name = struct.__struct_config__.tag
                known = self._shapes.get((name, to_name), _UNSEEN)
                if known is _UNSEEN:
                    known = self._known(name, to_name)
                on[to_name] = known
            if known is None:
                others.append(Other(struct.__struct_config__.tag, to_builtins(r)))
                continue
            c, tag, geometry, key = known
            value = to_builtins(r.value)
            if geometry is _MATCH:
                geometry = c.shape_for(tag, value).geometry
            rid = r.id
            if rid is not None:
                rid = str(rid)  # as the dict path groups: 1 and "1" are one region
                held = (rid, to_name)
                if held in seen:
                    return None
                seen.add(held)
            found = value.get(key) if key is not None else None
            score = r.score if r.score is not None else score_of_record
            w = getattr(r, "original_width", None)
            rotation = value.get("rotation")
            labelled = type(found) is list
            control = c.name
            out.append(
                Region(
                    rid,
                    control,
                    control if labelled else None,
                    to_name,
                    geometry,
                    value,
                    tuple(found) if labelled else (),  # type: ignore[arg-type]
                    None if w is None else (float(w), float(r.original_height)),
                    None,  # the shortcut takes no parentID
                    None if score is None else float(score),
                    chosen,
                    r.item_index or 0,
                    float(rotation) if rotation is not None else 0.0,
                )
            )
        return out, others


def regions(model: ResultModel, chosen: Chosen) -> tuple[list[Region], list[Other]]:
    """The regions of one annotation or prediction (a one-off reader; exports keep one)."""
    return RegionReader(model).regions(chosen)
