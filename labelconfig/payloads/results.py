"""Checking result lists (the `result` of a prediction or annotation) against a config.

A config compiles once into one `ControlCheck` per control; a result list is then checked in one pass
(envelope, value shape, labels, type-specific geometry) plus one pass over region ids for duplicates,
`parentID`, relations and per-region answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

from ..config import Config, Control
from ..suggest import did_you_mean
from ..tags.model import Field, ResultSpec
from ..tags.values import (
    AUDIO_SPAN,
    BITMASK,
    BRUSH,
    ELLIPSE,
    HTML_SPAN,
    KEYPOINT,
    OCR_BOX,
    PARAGRAPH_SPAN,
    POLYGON,
    RECTANGLE,
    TEXT_SPAN,
    TIMELINE,
    TIMESERIES_SPAN,
    VECTOR,
    labeled,
)
from . import codes
from .context import Sink, describe, json_type, key_path
from .fields import ValueShape, is_int, is_number, narrowed
from .special import SPECIAL, TASK_SPANS, Special, image_size, pixel_hints

DIRECTIONS: Final = ("right", "left", "bi")


class TaskView:
    """The task data a result list belongs to, for checks against the text of a span."""

    __slots__ = ("data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data


class ControlCheck:
    """Everything needed to check one control's results, computed once per config."""

    def __init__(self, cfg: Config, control: Control, flag: str | None = None) -> None:
        spec = control.spec
        assert spec is not None and spec.result is not None
        result: ResultSpec = spec.result
        self.name = control.name
        self.tag = spec.name
        self.type = result.type or ""
        self.result = result
        self.element = control.element
        self.targets: dict[str, str] = {}  # to_name -> object tag
        for t in control.to_name:
            obj = cfg.objects.get(t)
            if obj is not None:
                self.targets[t] = obj.tag
        if result.self_referencing or not self.targets:
            self.targets.setdefault(control.name, spec.name)
        # A per-region answer (or a labeling Taxonomy) repeats its region's geometry or span in `value`.
        answers_regions = control.attr("perRegion") is True or control.attr("labeling") is True
        self.value = narrowed(result.value, control.attr)
        self.shapes = _shapes(self.value, result, REGION_KEYS if answers_regions else frozenset())
        self.dynamic = control.dynamic_labels
        self.labels = frozenset(control.labels)
        self.label_values = {o.value: o.label for o in control.options if o.alias}  # value -> alias
        self.paths = frozenset((*o.path, o.label) for o in control.options)
        self.single = control.attr("choice") in ("single", "single-radio") and spec.attr("choice") is not None
        self.allow_empty = control.attr("allowEmpty") is True
        self.per_region = control.attr("perRegion") is True
        self.required = control.attr("required") is True and control.element.value("visibleWhen") is None
        self.nested = control.attr("allowNested") is True
        self.special: Special | None = SPECIAL.get(self.type)
        self.image = any(tag == "Image" for tag in self.targets.values()) and "original_width" in result.extra
        self.attr = control.attr
        # TimeSeries ranges are numbers unless the series parses its time column with `timeFormat`.
        self.time_formats = {
            cfg.objects[t].element.value("timeFormat")
            for t, tag in self.targets.items()
            if tag == "TimeSeries"
        }
        self.leaves_only = control.attr("leafsOnly") is True
        self.inner_paths = frozenset(p[:k] for p in self.paths for k in range(1, len(p)))
        # Inside a <Repeater>, `name_{{idx}}` answers as `name_0`, `name_1` ... (one copy per item).
        self.flag = flag if flag and flag in control.name else None
        self.pattern = (
            re.compile(re.escape(control.name).replace(re.escape(self.flag), r"(\d+)")) if self.flag else None
        )

    def expanded(self, index: str) -> dict[str, str]:
        """The targets of the copy of this control for Repeater item `index`."""
        assert self.flag is not None
        return {t.replace(self.flag, index): tag for t, tag in self.targets.items()}

    def shape_for(self, targets: Mapping[str, str], to_name: str, value: dict[str, Any]) -> ValueShape:
        shapes = self.shapes
        if len(shapes) == 1:
            return next(iter(shapes.values()))
        tag = targets.get(to_name, "")
        if tag == "Image":
            return _image_shape_for(value)
        # Other targets (Video: labels merged into its tracks) carry the labels alone.
        return shapes.get(tag) or _LABELS_ONLY


def _shapes(value: tuple[Field, ...], result: ResultSpec, tolerated: frozenset[str]) -> dict[str, ValueShape]:
    if value or not result.by_target:
        return {"*": ValueShape(value, tolerated)}
    return {tag: ValueShape(fields, tolerated) for tag, fields in result.by_target.items()}


REGION_KEYS: Final = frozenset(
    f.key
    for fields in (
        RECTANGLE,
        POLYGON,
        KEYPOINT,
        ELLIPSE,
        BRUSH,
        BITMASK,
        VECTOR,
        TEXT_SPAN,
        HTML_SPAN,
        AUDIO_SPAN,
        PARAGRAPH_SPAN,
        TIMESERIES_SPAN,
        TIMELINE,
        OCR_BOX,
    )
    for f in fields
)


# Generic <Labels> on an Image: the labels result repeats the geometry of its tool (split format).
_IMAGE_GEOMETRIES: Final = (
    ("x", "width", RECTANGLE),
    ("points", None, POLYGON),
    ("radiusX", None, ELLIPSE),
    ("rle", None, BRUSH),
    ("imageDataURL", None, BITMASK),
    ("vertices", None, VECTOR),
    ("x", None, KEYPOINT),
)
_IMAGE_SHAPES: Final = {id(g): ValueShape(labeled(g, "labels")) for _, _, g in _IMAGE_GEOMETRIES}
_LABELS_ONLY: Final = ValueShape(labeled((), "labels"))


def _image_shape_for(value: Mapping[str, Any]) -> ValueShape:
    for key, also, geometry in _IMAGE_GEOMETRIES:
        if key in value and (also is None or also in value):
            return _IMAGE_SHAPES[id(geometry)]
    return _LABELS_ONLY


class ResultChecker:
    """A compiled config: checks result lists of predictions and annotations."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.controls: dict[str, ControlCheck] = {}
        flags = repeater_flags(cfg)
        for name, control in cfg.controls.items():
            spec = control.spec
            if spec is None or spec.result is None or spec.result.type is None:
                continue
            self.controls[name] = ControlCheck(cfg, control, flags.get(id(control.element)))
        self.templates = [(c.pattern, c) for c in self.controls.values() if c.pattern is not None]
        # Video tracks carry the labels of the <Labels> that names the same video (merged results).
        for c in self.controls.values():
            if c.type in ("videorectangle", "videovector"):
                companions = [
                    o
                    for o in cfg.controls.values()
                    if o.name != c.name
                    and o.spec is not None
                    and "Label" in o.spec.options
                    and set(o.to_name) & set(c.targets)
                ]
                c.labels = frozenset(label for o in companions for label in o.labels)
                c.label_values = (
                    {k: v for o in companions for k, v in self.controls[o.name].label_values.items()}
                    if all(o.name in self.controls for o in companions)
                    else {}
                )
                c.dynamic = any(o.dynamic_labels for o in companions)
        self.relation_labels = frozenset(cfg.relation_labels)
        self.has_relation_tag = cfg.has_relations

    def check(
        self,
        results: object,
        sink: Sink,
        path: str,
        task: TaskView | None = None,
        annotation: bool = False,
        lone: bool = False,
    ) -> None:
        """Check a result list; `lone` checks results one by one, before ids can point at each other."""
        if type(results) is not list:
            sink.add(
                codes.INVALID_RECORD,
                path,
                f"`result` is {json_type(results)}, not a list",
                help='put the results in a list: "result": [{...}, {...}]',
            )
            return
        ids: dict[tuple[str, str], int] = {}
        region_ids: set[str] = set()
        answered: set[str] = set()
        relations: list[tuple[int, dict[str, Any]]] = []
        parents: list[tuple[int, str]] = []
        per_region: list[tuple[int, str, object]] = []
        controls = self.controls
        for i, r in enumerate(results):
            if type(r) is not dict:
                sink.add(
                    codes.INVALID_RESULT,
                    f"{path}[{i}]",
                    f"result {i} is {json_type(r)} ({describe(r)}), not an object",
                    help="each result is an object with from_name, to_name, type and value",
                )
                continue
            if r.get("type") == "relation" and "from_name" not in r:
                relations.append((i, r))
                continue
            from_name = r.get("from_name")
            c = controls.get(from_name) if type(from_name) is str else None
            targets = c.targets if c is not None else {}
            if c is None and self.templates and type(from_name) is str:
                for pattern, template in self.templates:
                    m = pattern.fullmatch(from_name)
                    if m is not None:
                        c, targets = template, template.expanded(m.group(1))
                        break
            if c is None:
                self._unknown_control(r, sink, f"{path}[{i}]")
                continue
            answered.add(c.name)
            rid = r.get("id")
            if rid is not None:
                if type(rid) is not str and not is_int(rid):
                    sink.add(
                        codes.WRONG_VALUE_TYPE, f"{path}[{i}].id", f"`id` is {json_type(rid)}, not a string"
                    )
                else:
                    rid = str(rid)
                    key = (str(from_name), rid)
                    if key in ids:
                        sink.add(
                            codes.DUPLICATE_ID,
                            f"{path}[{i}].id",
                            f'result {i} reuses region id "{rid}" of result {ids[key]} (`{c.name}`)',
                            help="give every region of a control its own id",
                        )
                    else:
                        ids[key] = i
                    if c.per_region:
                        per_region.append((i, rid, c.name))
                    else:
                        region_ids.add(rid)
            elif c.per_region:
                per_region.append((i, "", c.name))
            parent = r.get("parentID")
            if parent is not None:
                parents.append((i, str(parent)))
            self._check_result(c, targets, r, sink, f"{path}[{i}]", task)
        if lone:
            parents, per_region = [], []
        for i, parent in parents:
            if parent not in region_ids:
                sink.add(
                    codes.DANGLING_REFERENCE,
                    f"{path}[{i}].parentID",
                    f'`parentID` "{parent}" matches no region id in this result list',
                    help=_ids_help(region_ids),
                )
        for i, rid, name in per_region:
            if not rid:
                sink.add(
                    codes.DANGLING_REFERENCE,
                    f"{path}[{i}]",
                    f"`{name}` answers per region, but result {i} has no `id`",
                    help="set `id` to the id of the region this answer is about",
                )
            elif rid not in region_ids:
                sink.add(
                    codes.DANGLING_REFERENCE,
                    f"{path}[{i}].id",
                    f'`{name}` answers per region, but no region has id "{rid}"',
                    help=_ids_help(region_ids),
                )
        for i, rel in relations:
            self.check_relation(rel, region_ids, sink, f"{path}[{i}]")
        if annotation:
            for c in controls.values():
                if c.required and not c.per_region and c.name not in answered:
                    sink.add(
                        codes.UNANSWERED_REQUIRED,
                        path,
                        f'`{c.name}` is required="true" but the annotation has no result for it',
                        help=f'add a result with "from_name": "{c.name}"',
                    )

    def _unknown_control(self, r: dict[str, Any], sink: Sink, path: str) -> None:
        missing = [k for k in ("from_name", "to_name", "type", "value") if k not in r]
        if missing:
            sink.add(
                codes.INVALID_RESULT,
                path,
                "result has no " + ", ".join(f"`{k}`" for k in missing),
                help="each result needs from_name, to_name, type and value",
            )
            return
        from_name = r.get("from_name")
        if type(from_name) is not str:
            sink.add(
                codes.WRONG_VALUE_TYPE,
                f"{path}.from_name",
                f"`from_name` is {json_type(from_name)}, not a string",
            )
            return
        help, best = did_you_mean(from_name, self.controls)
        if not help and len(self.controls) == 1:
            best = next(iter(self.controls))
            help = f"the config's only control is `{best}`"
        sink.add(
            codes.UNKNOWN_FROM_NAME,
            f"{path}.from_name",
            f'`from_name` "{from_name}" is not a control of the config',
            help=help or ("controls: " + ", ".join(f"`{n}`" for n in self.controls) if self.controls else ""),
            suggestion=best,
        )

    def _check_result(
        self,
        c: ControlCheck,
        targets: Mapping[str, str],
        r: dict[str, Any],
        sink: Sink,
        path: str,
        task: TaskView | None,
    ) -> None:
        to_name = r.get("to_name")
        first = next(iter(targets))
        if "to_name" not in r:
            sink.add(codes.INVALID_RESULT, path, "result has no `to_name`", help=f'add "to_name": "{first}"')
        elif type(to_name) is not str or to_name not in targets:
            help, best = did_you_mean(str(to_name), targets) if type(to_name) is str else ("", None)
            if type(to_name) is list:
                help = "`to_name` is one object name, not a list"
                head = to_name[0] if to_name else None
                best = head if type(head) is str and head in targets else first
            elif type(to_name) is str and "," in to_name:
                help = "`to_name` is one object name; write one result per object"
                best = first
            sink.add(
                codes.INVALID_TO_NAME,
                f"{path}.to_name",
                f"`to_name` {describe(to_name)} is not an object `{c.name}` labels",
                help=help or "valid: " + ", ".join(f'"{t}"' for t in targets),
                suggestion=best or first,
            )
        rtype = r.get("type")
        if rtype != c.type:
            if "type" not in r:
                sink.add(codes.INVALID_RESULT, path, "result has no `type`", help=f'add "type": "{c.type}"')
            else:
                sink.add(
                    codes.WRONG_TYPE,
                    f"{path}.type",
                    f'`type` is {describe(rtype)}, but `<{c.tag} name="{c.name}">` writes "{c.type}" results',
                    help=f'write "type": "{c.type}"',
                    suggestion=c.type,
                )
        if "value" not in r:
            sink.add(
                codes.INVALID_RESULT, path, "result has no `value`", help="add the control's `value` object"
            )
            return
        value = r["value"]
        if type(value) is not dict:
            sink.add(codes.WRONG_VALUE_TYPE, f"{path}.value", f"`value` is {json_type(value)}, not an object")
            return
        vpath = f"{path}.value"
        if c.name in value and type(value[c.name]) is dict and len(value) == 1:
            value = value[c.name]  # the SDK's nested form {"<control>": {...}}
            vpath = key_path(vpath, c.name)
        shape = c.shape_for(targets, to_name if type(to_name) is str else "", value)
        first = len(sink.out)
        good = shape.check(value, sink, vpath)
        if c.image and len(sink.out) > first:
            pixel_hints(r, value, sink, first, vpath)
        labels_key = shape.labels_key
        if labels_key is not None and labels_key in good:
            self._check_labels(c, value[labels_key], sink, key_path(vpath, labels_key))
        if c.image:
            image_size(r, sink, path)
        score = r.get("score")
        if score is not None:
            check_score(score, sink, f"{path}.score")
        if c.special is not None:
            c.special(c, value, good, sink, vpath, task)
        if task is not None and type(to_name) is str:
            against_task = TASK_SPANS.get(targets.get(to_name, ""))
            if against_task is not None:
                against_task(self.cfg, to_name, value, good, sink, vpath, task)

    def _check_labels(self, c: ControlCheck, labels: list[Any], sink: Sink, path: str) -> None:
        if c.type == "taxonomy" or (c.nested and any(type(x) is list for x in labels)):
            self._check_paths(c, labels, sink, path)
            return
        if not labels and not c.allow_empty:
            sink.add(
                codes.LABEL_COUNT,
                path,
                f"`{path.rsplit('.', 1)[-1]}` is empty: the region has no label",
                help=f'give it one of the labels of `{c.name}`, or set allowEmpty="true" on the control',
            )
        noun = "choice" if c.type == "choices" else "label"
        if c.single and len(labels) > 1:
            sink.add(
                codes.LABEL_COUNT,
                path,
                f'`{c.name}` takes one {noun} (choice="{c.attr("choice")}"); this result has {len(labels)}',
                help='keep one, or set choice="multiple" on the control',
            )
        if c.dynamic:
            return
        for i, label in enumerate(labels):
            if type(label) is not str:
                sink.add(
                    codes.WRONG_VALUE_TYPE,
                    f"{path}[{i}]",
                    f"{noun} {i} is {json_type(label)}, not a string",
                    help='paths of nested choices need allowNested="true" on the control',
                )
                continue
            if label in c.labels:
                continue
            if label in c.label_values:
                sink.add(
                    codes.UNKNOWN_LABEL,
                    f"{path}[{i}]",
                    f'"{label}" has the alias "{c.label_values[label]}"; results carry the alias',
                    help=f'write "{c.label_values[label]}"',
                    suggestion=c.label_values[label],
                )
                continue
            help, best = did_you_mean(label, c.labels)
            shown = ", ".join(f'"{x}"' for x in sorted(c.labels)[:8]) + (" ..." if len(c.labels) > 8 else "")
            sink.add(
                codes.UNKNOWN_LABEL,
                f"{path}[{i}]",
                f'"{label}" is not a label of `{c.name}`',
                help=help or f"labels: {shown}",
                suggestion=best,
            )

    def _check_paths(self, c: ControlCheck, paths: list[Any], sink: Sink, path: str) -> None:
        if c.dynamic:
            return
        for i, p in enumerate(paths):
            steps = tuple(p) if type(p) is list else (p,)
            if steps in c.paths and c.leaves_only and steps in c.inner_paths:
                sink.add(
                    codes.BAD_FORMAT,
                    f"{path}[{i}]",
                    f'{" / ".join(map(str, steps))} is not a leaf, and `{c.name}` has leafsOnly="true"',
                    help="select a choice that has no nested choices",
                )
                continue
            if steps not in c.paths:
                leaf = steps[-1] if steps else ""
                options = [x for x in c.paths if x and x[-1] == leaf]
                help = (
                    "the tree has it at " + " / ".join(options[0])
                    if options
                    else "paths start at a top-level choice"
                )
                sink.add(
                    codes.BAD_FORMAT,
                    f"{path}[{i}]",
                    f"{' / '.join(map(str, steps)) or 'an empty path'} is not a path in `{c.name}`",
                    help=help,
                    suggestion=" / ".join(options[0]) if options else None,
                )

    def check_relation(self, rel: dict[str, Any], region_ids: set[str], sink: Sink, path: str) -> None:
        for key in ("from_id", "to_id"):
            ref = rel.get(key)
            if ref is None:
                sink.add(
                    codes.INVALID_RESULT,
                    path,
                    f"relation has no `{key}`",
                    help="relations join two region ids",
                )
            elif str(ref) not in region_ids:
                sink.add(
                    codes.DANGLING_REFERENCE,
                    f"{path}.{key}",
                    f'relation `{key}` "{ref}" matches no region id in this result list',
                    help=_ids_help(region_ids),
                )
        direction = rel.get("direction")
        if direction not in DIRECTIONS:
            help, best = did_you_mean(str(direction), DIRECTIONS) if direction is not None else ("", "right")
            sink.add(
                codes.BAD_RELATION,
                f"{path}.direction",
                f"relation `direction` is {describe(direction)}, not one of right, left, bi",
                help=help or 'use "right" (from -> to), "left" or "bi"',
                suggestion=best or "right",
            )
        labels = rel.get("labels")
        if labels is None:
            return
        if type(labels) is not list or not all(type(x) is str for x in labels):
            sink.add(
                codes.WRONG_VALUE_TYPE,
                f"{path}.labels",
                f"relation `labels` is {json_type(labels)}, not a list",
            )
            return
        for i, label in enumerate(labels):
            if label not in self.relation_labels:
                help, best = did_you_mean(label, self.relation_labels)
                where = "`<Relations>`" if self.has_relation_tag else "the config (it has no `<Relations>`)"
                sink.add(
                    codes.BAD_RELATION,
                    f"{path}.labels[{i}]",
                    f'relation label "{label}" is not a `<Relation>` of {where}',
                    help=help or 'declare it as <Relation value="..."/> inside <Relations>',
                    suggestion=best,
                )


def check_score(score: object, sink: Sink, path: str) -> None:
    if not is_number(score) or math.isnan(score) or not 0 <= score <= 1:  # type: ignore[arg-type]
        hint = ""
        if is_number(score) and 1 < score <= 100:  # type: ignore[operator]
            hint = f"scores are 0 to 1; {score} looks like a percentage: {score / 100:g}"  # type: ignore[operator]
        sink.add(
            codes.INVALID_SCORE,
            path,
            f"`score` is {describe(score)}, not a number from 0 to 1",
            help=hint or "use a confidence from 0 to 1",
            suggestion=f"{score / 100:g}" if hint else None,  # type: ignore[operator]
        )


def repeater_flags(cfg: Config) -> dict[int, str]:
    """id(element) -> index placeholder of the innermost <Repeater> around it."""
    flags: dict[int, str] = {}

    def walk(el: Any, flag: str | None) -> None:
        if flag is not None:
            flags[id(el)] = flag
        if el.spec is not None and el.spec.name == "Repeater":
            flag = el.value("indexFlag") or "{{idx}}"
        for child in el.children:
            walk(child, flag)

    if cfg.root is not None:
        walk(cfg.root, None)
    return flags


def _ids_help(region_ids: set[str]) -> str:
    if not region_ids:
        return "this result list has no region ids; give regions an `id`"
    shown = ", ".join(f'"{x}"' for x in sorted(region_ids)[:6])
    return f"region ids here: {shown}" + (" ..." if len(region_ids) > 6 else "")
