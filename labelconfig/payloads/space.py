"""What results one control accepts under two configs, and every way the new config accepts less.

Read from the payload model (`ControlModel`), facet by facet: value shapes per target (keys, types,
ranges, constraints; the object kind picks the shape), the constraints' config settings (`Reader.
settings`), labels (with aliases: results carry the alias), Taxonomy paths, single or multiple choice,
empty label lists, per-region answers and required answers. A facet yields a `Narrowing` exactly when
some result valid under the old config fails the new one's check; a wider space yields nothing.
`labelconfig diff` reports them, `labelconfig migrate` maps what can be mapped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..tags.model import Field, ValueShape
from .constraints import READERS
from .model import ControlModel

Hit = Callable[[dict[str, Any]], bool]  # does this (old) result fall outside the new space?


@dataclass(frozen=True, slots=True)
class Narrowing:
    kind: str  # stable: scripts match on it
    message: str
    hit: Hit | None  # None when no single result shows it (an answer the new config requires)
    renamed: tuple[Any, Any] | None = None  # (old, new) label or path, when one replaces the other


def _of(c: ControlModel) -> Hit:
    return lambda r: r.get("from_name") == c.name


def _value(r: dict[str, Any]) -> dict[str, Any]:
    v = r.get("value")
    return v if isinstance(v, dict) else {}


def _labels_in(c: ControlModel, r: dict[str, Any]) -> list[Any]:
    keys = {s.labels_key for shapes in c.shapes.values() for s in shapes if s.labels_key}
    found = next((v for k, v in _value(r).items() if k in keys), None)
    return found if isinstance(found, list) else []


# --- labels and paths -------------------------------------------------------------------------------


def replaced_in_place(before: Sequence[str], after: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """(old -> new for names replaced in place, names removed without a replacement). A name is
    replaced when a new name stands at its position and was not there before."""
    gone = [x for x in before if x not in after]
    renamed = {x: after[i] for x in gone if (i := before.index(x)) < len(after) and after[i] not in before}
    return renamed, [x for x in gone if x not in renamed]


def label_renames(old: ControlModel, new: ControlModel) -> tuple[dict[str, str], list[str]]:
    """Labels renamed (replaced in place among the options) and removed."""
    return replaced_in_place(old.label_order, new.label_order)


def accepted_paths(c: ControlModel) -> frozenset[tuple[str, ...]]:
    return frozenset(p for p in c.paths if not (c.leaves_only and p in c.inner_paths))


def path_moves(old: ControlModel, new: ControlModel) -> tuple[dict[tuple[str, ...], tuple[str, ...]], list]:
    """(old path -> new path, old paths with no new one) for the paths the new config no longer
    accepts and its label renames do not explain: a path moves to the one new path ending in the same
    choice; a path through a removed label is that label's change, not listed here."""
    now = accepted_paths(new)
    renamed, removed = label_renames(old, new)
    moved: dict[tuple[str, ...], tuple[str, ...]] = {}
    lost: list[tuple[str, ...]] = []
    for p in sorted(accepted_paths(old) - now):
        if tuple(renamed.get(x, x) for x in p) in now or any(x in removed for x in p):
            continue
        same = [q for q in now if q and p and q[-1] == p[-1]]
        if len(same) == 1:
            moved[p] = same[0]
        else:
            lost.append(p)
    return moved, lost


def _uses_paths(c: ControlModel) -> bool:
    return c.type == "taxonomy" or c.nested


def _labels(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    if old.dynamic or new.dynamic or not old.labels:
        return
    renamed, removed = label_renames(old, new)
    for label, now in renamed.items():
        message = f'`{old.name}`: label "{label}" renamed to "{now}"'
        yield Narrowing("label-renamed", message, _has_label(old, label), (label, now))
    for label in removed:
        yield Narrowing("label-removed", f'`{old.name}`: label "{label}" removed', _has_label(old, label))


def _has_label(c: ControlModel, label: str) -> Hit:
    def hit(r: dict[str, Any]) -> bool:
        found = _labels_in(c, r)  # labels, or paths of labels (Taxonomy)
        return r.get("from_name") == c.name and any(
            x == label or (isinstance(x, list) and label in x) for x in found
        )

    return hit


def _paths(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    if old.dynamic or new.dynamic or not (_uses_paths(old) or _uses_paths(new)):
        return
    moved, lost = path_moves(old, new)
    for p, q in moved.items():
        message = f"`{old.name}`: {' / '.join(p)} moved to {' / '.join(q)}"
        yield Narrowing("path-moved", message, _has_path(old, p), (p, q))
    for p in lost:
        yield Narrowing(
            "path-removed", f"`{old.name}`: {' / '.join(p)} is no longer a path", _has_path(old, p)
        )


def _has_path(c: ControlModel, path: tuple[str, ...]) -> Hit:
    def hit(r: dict[str, Any]) -> bool:
        steps = (tuple(x) if isinstance(x, list) else (x,) for x in _labels_in(c, r))
        return r.get("from_name") == c.name and path in steps

    return hit


def _single(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    if new.single and not old.single:
        message = f"`{old.name}` takes one choice now (results with several fail)"
        yield Narrowing("choice-single", message, lambda r: _of(old)(r) and len(_labels_in(old, r)) > 1)


def _empty(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    if old.allow_empty and not new.allow_empty:
        message = f"`{old.name}` no longer allows regions without a label (allowEmpty)"
        yield Narrowing("allow-empty-removed", message, lambda r: _of(old)(r) and not _labels_in(old, r))


def _per_region(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    if new.per_region and not old.per_region:
        message = f"`{old.name}` answers per region now (perRegion): whole-task answers fail"
        yield Narrowing("per-region-added", message, _of(old))


def _required(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    if new.must_answer and not old.must_answer:
        yield Narrowing("required-added", f"`{old.name}` is required now: annotations without it fail", None)


# --- value shapes, ranges and constraint settings ---------------------------------------------------


def _unbounded(f: Field) -> Field:
    return replace(f, min=None, max=None, example=None, doc="", scale_from=None)


def _within(new: Field, old: Field) -> bool:
    low = new.min is None or (old.min is not None and old.min >= new.min)
    high = new.max is None or (old.max is not None and old.max <= new.max)
    return low and high


def _field_fits(new: Field, old: Field | None) -> tuple[bool, bool]:
    """(the old field's values all pass the new field, the only difference is a range)."""
    if old is None:
        return not new.required, False
    if new.required and not old.required:
        return False, False
    if _unbounded(new) != _unbounded(old):
        return False, False
    if new.items is not None and old.items is not None and not _shape_fits(new.items, old.items)[0]:
        return False, False
    return _within(new, old), True


def _shape_fits(new: ValueShape, old: ValueShape) -> tuple[bool, bool]:
    """(every value of `old` passes `new`, any failure is only a narrower range). Keys `new` no longer
    declares are at most a warning (Label Studio ignores them), so they do not count."""
    if not set(new.constraints) <= set(old.constraints):
        return False, False
    fits, ranges = True, True
    for f in new.fields:
        ok, only_range = _field_fits(f, old.field(f.key))
        fits, ranges = fits and ok, ranges and (ok or only_range)
    return fits, ranges


def _shapes(c: ControlModel, tag: str) -> tuple[ValueShape, ...]:
    return c.shapes.get(tag) or c.shapes.get("*") or ()


def _value_shapes(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    for target, was in old.targets.items():
        now = new.targets.get(target)
        if now is None:
            continue  # a lost target is its own change (toName)
        for shape in _shapes(old, was):
            verdicts = [_shape_fits(t, shape) for t in _shapes(new, now)]
            if any(fits for fits, _ in verdicts):
                continue
            kind = f" (now `<{now}>`, was `<{was}>`)" if was != now else ""
            on_target = lambda r, t=target: _of(old)(r) and r.get("to_name") == t  # noqa: E731
            if any(only_range for _, only_range in verdicts):
                yield Narrowing("range-narrowed", _ranges(old, shape, _shapes(new, now)), on_target)
            else:
                message = f"`{old.name}` on `{target}`{kind} writes values the new config does not accept"
                yield Narrowing("value-shape-changed", message, on_target)


def _ranges(c: ControlModel, old: ValueShape, new: tuple[ValueShape, ...]) -> str:
    parts = []
    for t in new:
        for f in t.fields:
            o = old.field(f.key)
            if o is not None and not _within(f, o):
                parts.append(f"`{f.key}` {_range(f)}, was {_range(o)}")
    return f"`{c.name}` accepts a narrower range: " + "; ".join(dict.fromkeys(parts))


def _range(f: Field) -> str:
    def show(x: float | None) -> str:
        return "any" if x is None else (str(int(x)) if float(x).is_integer() else str(x))

    return f"{show(f.min)}..{show(f.max)}"


def _settings(old: ControlModel, new: ControlModel) -> Iterator[Narrowing]:
    seen: set[object] = set()
    for shapes in old.shapes.values():
        for shape in shapes:
            for k in shape.constraints:
                if k in seen:
                    continue
                seen.add(k)
                was, now = READERS[type(k)].settings(k, old), READERS[type(k)].settings(k, new)
                rule = READERS[type(k)].unexpressed(k) or type(k).__name__
                if isinstance(was, frozenset) and isinstance(now, frozenset):
                    if not was <= now:
                        lost = ", ".join(sorted(map(str, was - now)))
                        message = f"`{old.name}`: {rule}; no longer accepted: {lost}"
                        yield Narrowing("format-changed", message, _of(old))
                elif was != now:
                    message = f"`{old.name}`: {rule}, under other settings now ({was!r} -> {now!r})"
                    yield Narrowing("format-changed", message, _of(old))


FACETS: tuple[Callable[[ControlModel, ControlModel], Iterator[Narrowing]], ...] = (
    _value_shapes,
    _settings,
    _labels,
    _paths,
    _single,
    _empty,
    _per_region,
    _required,
)


def narrowings(old: ControlModel, new: ControlModel) -> list[Narrowing]:
    """Every way `new` (same control, same result type) accepts less than `old`."""
    return [n for facet in FACETS for n in facet(old, new)]
