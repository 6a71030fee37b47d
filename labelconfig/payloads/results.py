"""The complete checker of result lists (the `result` of a prediction or annotation).

It reads the config's payload model (`model.ResultModel`): the envelope of each result, its value
through the registry's field kinds (`kinds`) and constraints (`constraints`), its labels, then one pass
over region ids for duplicates, `parentID`, relations and per-region answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

from ..suggest import did_you_mean
from ..tags import ALL
from ..tags.model import Field, Role, ValueShape
from ..view import Config
from . import codes, kinds
from .constraints import READERS, Target
from .context import Sink, describe, json_type, key_path
from .data import resolve, substitute
from .model import DIRECTIONS, ControlModel, ResultModel
from .visibility import chosen

IMAGE_SIZE_KEYS: Final = ("original_width", "original_height")

# Keys of every region shape: a per-region answer repeats its region's geometry or span in `value`.
REGION_KEYS: Final = frozenset(
    f.key
    for spec in ALL
    if spec.result is not None and spec.result.role is Role.REGION
    for shape in spec.result.shapes()
    for f in shape.fields
    if not f.holds_labels
)


class TaskView:
    """The task data a result list belongs to, for checks against the text of a span."""

    __slots__ = ("data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data


class RegionIds:
    """Region ids are unique per control (`from_name`): the first result to use an id holds it. Read by
    the complete checker and the shortcut (`fast.py`) alike."""

    __slots__ = ("_held",)

    def __init__(self) -> None:
        self._held: dict[tuple[str, str], int] = {}

    def claim(self, control: str, rid: str, index: int) -> int | None:
        """None when result `index` is the first of `control` with id `rid`; else the earlier one's index."""
        held = self._held.setdefault((control, rid), index)
        return None if held == index else held


def unanswered(
    controls: Mapping[str, ControlModel],
    answered: Collection[str],
    picked: Mapping[str, set[str]] | None = None,
) -> list[str]:
    """The controls an annotation must answer (`required="true"`) that have no result in it. With the
    annotation's choices (`picked`), a control its `visibleWhen` hides is not owed, as in Label Studio's
    editor; without them every required control counts, which callers use as a sound "maybe"."""
    return [
        name
        for name, c in controls.items()
        if c.must_answer and name not in answered and (picked is None or c.shown(picked))
    ]


@dataclass
class _Refs:
    """What one result list declares and references, resolved after every result was seen."""

    ids: RegionIds = field(default_factory=RegionIds)
    regions: set[str] = field(default_factory=set)  # ids other results may point at
    answered: set[str] = field(default_factory=set)  # controls with a result
    relations: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    parents: list[tuple[int, str]] = field(default_factory=list)
    per_region: list[tuple[int, str, str]] = field(default_factory=list)  # (index, id, control)


class ResultChecker:
    """A compiled config: checks result lists of predictions and annotations."""

    def __init__(self, cfg: Config, model: ResultModel | None = None) -> None:
        self.cfg = cfg
        self.model = model or ResultModel(cfg)
        self.controls = self.model.controls
        self.relation_labels = frozenset(self.model.relation_labels)

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
        refs = _Refs()
        data = task.data if task is not None else None
        for i, r in enumerate(results):
            self._one(i, r, refs, sink, f"{path}[{i}]", data)
        if not lone:
            self._references(refs, sink, path)
        for i, rel in refs.relations:
            self.check_relation(rel, refs.regions, sink, f"{path}[{i}]")
        for name in unanswered(self.controls, refs.answered, chosen(results)) if annotation else ():
            sink.add(
                codes.UNANSWERED_REQUIRED,
                path,
                f'`{name}` is required="true" but the annotation has no result for it',
                help=f'add a result with "from_name": "{name}"',
            )

    def _one(
        self, i: int, r: object, refs: _Refs, sink: Sink, path: str, data: Mapping[str, Any] | None
    ) -> None:
        if type(r) is not dict:
            sink.add(
                codes.INVALID_RESULT,
                path,
                f"result {i} is {json_type(r)} ({describe(r)}), not an object",
                help="each result is an object with from_name, to_name, type and value",
            )
            return
        if r.get("type") == "relation":  # some tools also write from_name/to_name on relations
            refs.relations.append((i, r))
            return
        found = self.model.lookup(r.get("from_name"))
        rid = self._region_id(r, sink, path)
        if found is None:
            if rid is not None:
                refs.regions.add(rid)  # its own error is reported; references to it still resolve
            self._unknown_control(r, sink, path)
            return
        c, targets = found
        if not self._copy_exists(c, r["from_name"], data, sink, path):
            return
        refs.answered.add(c.name)
        held = None if rid is None else refs.ids.claim(str(r["from_name"]), rid, i)
        if held is not None:
            sink.add(
                codes.DUPLICATE_ID,
                f"{path}.id",
                f'result {i} reuses region id "{rid}" of result {held} (`{c.name}`)',
                help="give every region of a control its own id",
            )
        if c.per_region:
            refs.per_region.append((i, rid or "", c.name))
        elif rid is not None:
            refs.regions.add(rid)
        if r.get("parentID") is not None:
            refs.parents.append((i, str(r["parentID"])))
        self._check_result(c, targets, r, sink, path, data)

    @staticmethod
    def _copy_exists(
        c: ControlModel, from_name: str, data: Mapping[str, Any] | None, sink: Sink, path: str
    ) -> bool:
        """A Repeater copy past the end of the task's list has no control in the editor: it is dropped."""
        copy = c.copy_of(from_name)
        if copy is None or c.flag is None or data is None or c.repeated_over is None:
            return True
        index, over = int(copy[c.flag]), substitute(c.repeated_over, copy)
        found, items = resolve(data, over)
        if not found or type(items) is not list or index < len(items):
            return True
        sink.add(
            codes.UNKNOWN_FROM_NAME,
            f"{path}.from_name",
            f'`from_name` "{from_name}" is copy {index} of `{c.name}`, but the task\'s '
            f"`{over}` has {len(items)} item{'s' if len(items) != 1 else ''}",
            help=f"copies are numbered 0 to {len(items) - 1}"
            if items
            else "the Repeater shows nothing for an empty list",
        )
        return False

    @staticmethod
    def _region_id(r: dict[str, Any], sink: Sink, path: str) -> str | None:
        rid = r.get("id")
        if rid is None:
            return None
        if type(rid) is not str and not kinds.is_int(rid):
            sink.add(codes.WRONG_VALUE_TYPE, f"{path}.id", f"`id` is {json_type(rid)}, not a string")
            return None
        return str(rid)

    def _references(self, refs: _Refs, sink: Sink, path: str) -> None:
        for i, parent in refs.parents:
            if parent not in refs.regions:
                sink.add(
                    codes.DANGLING_REFERENCE,
                    f"{path}[{i}].parentID",
                    f'`parentID` "{parent}" matches no region id in this result list',
                    help=_ids_help(refs.regions),
                )
        for i, rid, name in refs.per_region:
            if not rid:
                sink.add(
                    codes.DANGLING_REFERENCE,
                    f"{path}[{i}]",
                    f"`{name}` answers per region, but result {i} has no `id`",
                    help="set `id` to the id of the region this answer is about",
                )
            elif rid not in refs.regions:
                sink.add(
                    codes.DANGLING_REFERENCE,
                    f"{path}[{i}].id",
                    f'`{name}` answers per region, but no region has id "{rid}"',
                    help=_ids_help(refs.regions),
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
        template = self.controls.get(from_name)
        best: str | None
        if template is not None and template.flags:
            best = template.first_copy(from_name)
            help = f"each Repeater copy answers under its own name: `{best}`, ..."
        else:
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

    def _check_envelope(
        self, c: ControlModel, targets: Mapping[str, str], r: dict[str, Any], sink: Sink, path: str
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
        if rtype == c.type:
            return
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

    def _check_result(
        self,
        c: ControlModel,
        targets: Mapping[str, str],
        r: dict[str, Any],
        sink: Sink,
        path: str,
        data: Mapping[str, Any] | None,
    ) -> None:
        self._check_envelope(c, targets, r, sink, path)
        for key in ("score", "item_index"):
            if r.get(key) is not None:
                (check_score if key == "score" else check_index)(r[key], sink, f"{path}.{key}")
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
        to_name: str = r["to_name"] if type(r.get("to_name")) is str else ""
        shape = c.shape_for(targets.get(to_name, ""), value)
        if (
            c.name in value
            and type(value[c.name]) is dict
            and len(value) == 1
            and shape.field(c.name) is None
        ):
            value = value[c.name]  # the SDK's nested form {"<control>": {...}}
            vpath = key_path(vpath, c.name)
        first = len(sink.out)
        self.check_value(c, shape, value, sink, vpath, Target(to_name, data))
        if c.image and len(sink.out) > first:
            pixel_hints(r, value, sink, first, vpath)
        if c.image:
            image_size(r, sink, path)

    def check_value(
        self, c: ControlModel, shape: ValueShape, value: dict[str, Any], sink: Sink, path: str, at: Target
    ) -> set[str]:
        """Report missing, extra and ill-typed keys and broken constraints; return the usable keys."""
        good: set[str] = set()
        keys = {f.key for f in shape.fields}
        required = [f.key for f in shape.fields if f.required]
        for key in required:
            if key not in value:
                extra = [k for k in value if k not in keys]
                help, best = did_you_mean(key, extra) if extra else ("", None)
                expected = ", ".join(f"`{k}`" for k in required)
                sink.add(
                    codes.MISSING_VALUE_KEY,
                    key_path(path, key),
                    f"`value` has no `{key}`"
                    if path.endswith(".value")
                    else f"`{path.rsplit('.', 1)[-1]}` has no `{key}`",
                    help=(help.replace("did you mean", "rename") if help else f"this type needs {expected}"),
                    suggestion=best and key,
                )

        def nested(f: Field, obj: dict[str, Any], sink: Sink, at_path: str) -> bool:
            before = len(sink.out)
            assert f.items is not None
            self.check_value(c, f.items, obj, sink, at_path, at)
            return len(sink.out) == before

        for f in shape.fields:
            if f.key in value and kinds.check(f, value[f.key], sink, key_path(path, f.key), nested):
                good.add(f.key)
        if not shape.open and len(value) > len(good):
            tolerated = REGION_KEYS if c.repeats_region else frozenset()
            for key in value:
                if key not in keys and key not in tolerated:
                    help, best = did_you_mean(key, keys)
                    sink.add(
                        codes.UNEXPECTED_VALUE_KEY,
                        key_path(path, key),
                        f"`value` has a key `{key}` this result type does not use",
                        help=help or "Label Studio ignores it; expected keys: " + ", ".join(sorted(keys)),
                        suggestion=best,
                    )
        labels_key = shape.labels_key
        if labels_key is not None and labels_key in good:
            self._check_labels(c, value[labels_key], sink, key_path(path, labels_key))
        for constraint in shape.constraints:
            READERS[type(constraint)].check(constraint, c, value, good, sink, path, at)
        return good

    def _check_labels(self, c: ControlModel, labels: list[Any], sink: Sink, path: str) -> None:
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
            if type(label) is str and label not in c.labels:
                self._unknown_label(c, label, noun, sink, f"{path}[{i}]")

    @staticmethod
    def _unknown_label(c: ControlModel, label: str, noun: str, sink: Sink, path: str) -> None:
        if label in c.label_values:
            alias = c.label_values[label]
            sink.add(
                codes.UNKNOWN_LABEL,
                path,
                f'"{label}" has the alias "{alias}"; results carry the alias',
                help=f'write "{alias}"',
                suggestion=alias,
            )
            return
        help, best = did_you_mean(label, c.labels)
        shown = ", ".join(f'"{x}"' for x in sorted(c.labels)[:8]) + (" ..." if len(c.labels) > 8 else "")
        sink.add(
            codes.UNKNOWN_LABEL,
            path,
            f'"{label}" is not a label of `{c.name}`',
            help=help or f"labels: {shown}",
            suggestion=best,
        )

    def _check_paths(self, c: ControlModel, paths: list[Any], sink: Sink, path: str) -> None:
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
            elif steps not in c.paths:
                leaf = steps[-1] if steps else ""
                options = [x for x in c.paths if x and x[-1] == leaf]
                sink.add(
                    codes.BAD_FORMAT,
                    f"{path}[{i}]",
                    f"{' / '.join(map(str, steps)) or 'an empty path'} is not a path in `{c.name}`",
                    help="the tree has it at " + " / ".join(options[0])
                    if options
                    else "paths start at a top-level choice",
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
                where = (
                    "`<Relations>`" if self.model.has_relations else "the config (it has no `<Relations>`)"
                )
                sink.add(
                    codes.BAD_RELATION,
                    f"{path}.labels[{i}]",
                    f'relation label "{label}" is not a `<Relation>` of {where}',
                    help=help or 'declare it as <Relation value="..."/> inside <Relations>',
                    suggestion=best,
                )


def check_score(score: object, sink: Sink, path: str) -> None:
    if not kinds.is_number(score) or not 0 <= score <= 1:  # type: ignore[operator]
        percent = kinds.is_number(score) and 1 < score <= 100  # type: ignore[operator]
        hint = f"scores are 0 to 1; {score} looks like a percentage: {score / 100:g}" if percent else ""  # type: ignore[operator]
        sink.add(
            codes.INVALID_SCORE,
            path,
            f"`score` is {describe(score)}, not a number from 0 to 1",
            help=hint or "use a confidence from 0 to 1",
            suggestion=f"{score / 100:g}" if percent else None,  # type: ignore[operator]
        )


def check_index(index: object, sink: Sink, path: str) -> None:
    """`item_index`: which image of a multi-image task (`valueList`) the region is on."""
    if not kinds.is_int(index) or index < 0:  # type: ignore[operator]
        sink.add(
            codes.WRONG_VALUE_TYPE,
            path,
            f"`item_index` is {describe(index)}, not an image index from 0",
            help="item_index counts the images of valueList from 0",
        )


def image_size(r: dict[str, Any], sink: Sink, path: str) -> None:
    missing = [k for k in IMAGE_SIZE_KEYS if k not in r]
    if missing:
        sink.add(
            codes.MISSING_IMAGE_SIZE,
            path,
            "image result without " + " and ".join(f"`{k}`" for k in missing),
            help="add the image's pixel size; COCO/VOC/YOLO-OBB exports need it",
        )
    for k in IMAGE_SIZE_KEYS:
        v = r.get(k)
        if k in r and (not kinds.is_int(v) or v <= 0):  # type: ignore[operator]
            sink.add(
                codes.OUT_OF_RANGE,
                f"{path}.{k}",
                f"`{k}` is {describe(v)}, not a positive whole number of pixels",
            )


_PIXEL_AXES: Final = {
    "x": "original_width",
    "width": "original_width",
    "y": "original_height",
    "height": "original_height",
}


def pixel_hints(r: dict[str, Any], value: dict[str, Any], sink: Sink, first: int, vpath: str) -> None:
    """Coordinates above 100 that fit the image's pixel size are pixels: say so, with the percentage."""
    for n in range(first, len(sink.out)):
        d = sink.out[n]
        if d.code != codes.OUT_OF_RANGE.code or not d.path.startswith(vpath + "."):
            continue
        key = d.path[len(vpath) + 1 :]
        size = r.get(_PIXEL_AXES.get(key, ""))
        v = value.get(key)
        if kinds.is_int(size) and kinds.is_number(v) and 100 < v <= size:  # type: ignore[operator]
            pct = v / size * 100  # type: ignore[operator]
            help = f"{v:g} looks like pixels: {v:g} of {size} px is {pct:.4g}%; coordinates are percentages"
            sink.out[n] = replace(d, help=help, suggestion=f"{pct:.4g}")


def _ids_help(region_ids: set[str]) -> str:
    if not region_ids:
        return "this result list has no region ids; give regions an `id`"
    shown = ", ".join(f'"{x}"' for x in sorted(region_ids)[:6])
    return f"region ids here: {shown}" + (" ..." if len(region_ids) > 6 else "")
