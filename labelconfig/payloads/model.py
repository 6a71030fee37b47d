"""The payload model of one config: for each control, the registry's result declaration narrowed by
the config (labels, single or multiple choice, `maxRating`, `min`/`max`, Repeater copies, targets).

Every reader derives from this one model: the complete checker (`results`), the msgspec shortcut
(`fast`), the JSON Schema (`schema`), the samples (`sample`) and the builders (`builders`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from ..nodes import Element
from ..tags.model import NO_VALUE, F, Field, ResultSpec, Role, ValueShape
from ..view import Config, Control
from .data import enclosing_repeaters, substitute
from .visibility import conditions

DIRECTIONS: Final = ("right", "left", "bi")


def _narrow_field(f: Field, control: Control) -> Field:
    lo, hi = f.min, f.max
    lo_attr, hi_attr = f.bounds_from
    if lo_attr is not None and isinstance(control.attr(lo_attr), int | float):
        lo = float(control.attr(lo_attr))  # type: ignore[arg-type]
    if hi_attr is not None and isinstance(control.attr(hi_attr), int | float):
        hi = float(control.attr(hi_attr))  # type: ignore[arg-type]
    kind = f.type
    if kind is F.CHOICES and control.attr("allowNested") is not True:
        kind = F.STRING_LIST  # paths of nested choices only with allowNested
    if (lo, hi, kind) == (f.min, f.max, f.type):
        return f
    return replace(f, min=lo, max=hi, type=kind)


def _narrow(shape: ValueShape, control: Control) -> ValueShape:
    fields = tuple(_narrow_field(f, control) for f in shape.fields)
    return shape if fields == shape.fields else replace(shape, fields=fields)


class ControlModel:
    """One control's results, as this config declares them."""

    def __init__(self, cfg: Config, control: Control, repeaters: tuple[Element, ...] = ()) -> None:
        spec = control.spec
        assert spec is not None and spec.result is not None
        self.spec: ResultSpec = spec.result
        self.config = cfg
        self.control = control
        self.name = control.name
        self.tag = spec.name
        self.type = self.spec.type or ""
        self.role = self.spec.role
        self.element: Element = control.element
        self.attr = control.attr
        self.targets: dict[str, str] = {}  # to_name -> object tag
        for t in control.to_name:
            obj = cfg.objects.get(t)
            if obj is not None:
                self.targets[t] = obj.tag
        if self.spec.self_referencing or not self.targets:
            self.targets.setdefault(control.name, spec.name)
        by_tag = {tag: self.spec.shapes(tag) for tag in self.targets.values()} if self.spec.by_target else {}
        self.shapes: dict[str, tuple[ValueShape, ...]] = {
            tag: tuple(_narrow(s, control) for s in shapes)
            for tag, shapes in (by_tag.items() if by_tag else [("*", self.spec.shapes())])
            if shapes
        }
        self.label_order = tuple(dict.fromkeys(control.labels))  # as declared, without repeats
        self.labels = frozenset(control.labels)
        self.label_values = {o.value: o.label for o in control.options if o.alias}  # value -> alias
        self.paths = frozenset((*o.path, o.label) for o in control.options)
        self.inner_paths = frozenset(p[:k] for p in self.paths for k in range(1, len(p)))
        self.dynamic = control.dynamic_labels
        self.single = control.attr("choice") in ("single", "single-radio") and spec.attr("choice") is not None
        self.allow_empty = control.attr("allowEmpty") is True
        self.per_region = control.attr("perRegion") is True
        # A per-region answer (or a labeling Taxonomy) repeats its region's geometry or span in `value`.
        self.repeats_region = self.per_region or control.attr("labeling") is True
        # Shown only under these conditions (its own `visibleWhen` and those around it); required only
        # where an annotation can tell whether it was shown.
        self.conditions = conditions(cfg.root, control.element)
        self.required = control.attr("required") is True and all(c.decidable for c in self.conditions)
        # An annotation must answer it (a per-region control answers per region, if any region exists).
        self.must_answer = self.required and not self.per_region
        self.nested = control.attr("allowNested") is True
        self.leaves_only = control.attr("leafsOnly") is True
        self.image = "Image" in self.targets.values() and self.spec.image_sized
        self.time_formats = {
            cfg.objects[t].element.value("timeFormat")
            for t, tag in self.targets.items()
            if tag == "TimeSeries"
        }
        self.buckets = tuple(
            name
            for el in control.element.iter()
            if el.spec is not None and el.spec.name == "Bucket" and (name := el.value("name"))
        )
        # Inside a <Repeater>, `name_{{idx}}` answers as `name_0`, `name_1` ... (one copy per item);
        # inside nested ones, `name_{{idx}}_{{idx2}}` as `name_0_1` (each Repeater's placeholder).
        flags = [r.setting("indexFlag") or "" for r in repeaters]
        self.flags = tuple(f for f in flags if f and f in control.name)
        innermost = repeaters[-1] if repeaters else None
        self.flag = flags[-1] if flags and flags[-1] in self.flags else None
        # The task list the innermost Repeater copies its children for (`on="$images"`), without the
        # `$`; outer placeholders in it (`a[{{idx}}].b`) are filled per copy.
        on = (innermost.value("on") or "").lstrip("$") if innermost is not None else ""
        self.repeated_over = on if self.flag and on else None
        self.pattern = _copy_pattern(control.name, self.flags) if self.flags else None

    def shown(self, chosen: Mapping[str, set[str]]) -> bool:
        """Whether the editor shows this control for an annotation with these choices."""
        return all(c.holds(chosen) for c in self.conditions)

    def copy_of(self, from_name: str) -> dict[str, str] | None:
        """The Repeater copy `from_name` answers for, as placeholder -> index (`cls_2` -> {"{{idx}}": "2"});
        None for a plain control or a name that is no copy of it."""
        m = self.pattern.fullmatch(from_name) if self.pattern is not None else None
        return {flag: m.group(f"i{k}") for k, flag in enumerate(self.flags)} if m is not None else None

    def first_copy(self, text: str) -> str:
        """`text` (a name or target) as the first copy writes it: every placeholder 0."""
        return substitute(text, dict.fromkeys(self.flags, "0"))

    @property
    def makes_regions(self) -> bool:
        """Its results are regions other results can point at (by id, relation or parentID)."""
        return self.role is Role.REGION and not self.spec.self_referencing and not self.per_region

    def expanded(self, copy: Mapping[str, str]) -> dict[str, str]:
        """The targets of the copy of this control for Repeater item(s) `copy` (see `copy_of`)."""
        return {substitute(t, copy): tag for t, tag in self.targets.items()}

    def shape_for(self, target_tag: str, value: Mapping[str, Any]) -> ValueShape:
        """The value shape of a result on an object of tag `target_tag`."""
        shapes = self.shapes.get(target_tag) or self.shapes.get("*") or next(iter(self.shapes.values()), ())
        if not shapes:
            return NO_VALUE
        return next((s for s in shapes if s.matches(value)), shapes[-1])

    @property
    def only_shape(self) -> ValueShape | None:
        """The one value shape of this control's results, when there is exactly one."""
        distinct = {s for shapes in self.shapes.values() for s in shapes}
        return next(iter(distinct)) if len(distinct) == 1 else None


class ResultModel:
    """Every control of a config that produces results, plus what relations may carry."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.controls: dict[str, ControlModel] = {}
        repeaters = enclosing_repeaters(cfg)
        for name, control in cfg.controls.items():
            spec = control.spec
            if spec is None or spec.result is None or spec.result.type is None:
                continue
            self.controls[name] = ControlModel(cfg, control, repeaters.get(id(control.element), ()))
        self.templates = [c for c in self.controls.values() if c.pattern is not None]
        for c in self.controls.values():
            if c.type in ("videorectangle", "videovector"):
                self._merge_companion_labels(c)
        self.relation_labels = tuple(cfg.relation_labels)
        self.has_relations = cfg.has_relations

    def _merge_companion_labels(self, c: ControlModel) -> None:
        """Video tracks carry the labels of the <Labels> that names the same video (merged results)."""
        companions = [
            o
            for o in self.cfg.controls.values()
            if o.name != c.name
            and o.spec is not None
            and "Label" in o.spec.options
            and set(o.to_name) & set(c.targets)
        ]
        c.label_order = tuple(dict.fromkeys(label for o in companions for label in o.labels))
        c.labels = frozenset(c.label_order)
        c.label_values = {o.value: o.label for comp in companions for o in comp.options if o.alias}
        c.dynamic = any(o.dynamic_labels for o in companions)

    def lookup(self, from_name: object) -> tuple[ControlModel, dict[str, str]] | None:
        """The control a result's `from_name` names, with its targets (Repeater copies expanded: the
        copy's indices are `copy_of(from_name)`)."""
        if type(from_name) is not str:
            return None
        c = self.controls.get(from_name)
        if c is not None and not c.flags:
            return c, c.targets  # a Repeater template's own name (`cls_{{idx}}`) answers nothing
        for template in self.templates:
            copy = template.copy_of(from_name)
            if copy is not None:
                return template, template.expanded(copy)
        return None


def _copy_pattern(name: str, flags: tuple[str, ...]) -> re.Pattern[str]:
    """`name` with each placeholder matching an index; a placeholder written twice matches one index."""
    pattern, rest = "", name
    seen: set[int] = set()
    while rest:
        at = min(((rest.find(f), k) for k, f in enumerate(flags) if f in rest), default=None)
        if at is None:
            pattern += re.escape(rest)
            break
        start, k = at
        pattern += re.escape(rest[:start]) + (f"(?P=i{k})" if k in seen else f"(?P<i{k}>\\d+)")
        seen.add(k)
        rest = rest[start + len(flags[k]) :]
    return re.compile(pattern)
