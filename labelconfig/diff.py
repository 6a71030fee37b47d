"""`labelconfig diff OLD NEW`: what changed between two configs, and what it does to existing work.

A change is *breaking* exactly when some result valid under the old config fails the new one's check.
That is read from the payload model, not from a list of edits: a control whose name is gone (removed
or renamed), whose result type changed or whose target was dropped; a control whose value space
narrowed (`labelconfig.payloads.space`: shapes per object kind, ranges, constraint settings, labels
and aliases, Taxonomy paths, single choice, empty labels, per-region or required answers); a relation
label gone; an object gone or reading another task data key. Everything else (new controls, labels,
wider ranges, layout, colours, hotkeys) is *cosmetic* for existing annotations. With an export, each
breaking change counts the results it would orphan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .nodes import Element
from .payloads.model import ControlModel, ResultModel
from .payloads.space import narrowings, replaced_in_place
from .view import Config, Control


@dataclass(frozen=True)
class Change:
    kind: str  # control-removed, label-renamed, ... (stable: scripts match on it)
    breaking: bool
    subject: str  # the control or object concerned
    message: str
    # Does this change orphan a result? (None for changes that cannot; task-level for variables.)
    orphans: Callable[[dict[str, Any]], bool] | None = field(default=None, compare=False, repr=False)
    about_tasks: bool = field(default=False, compare=False)  # `orphans` takes a task, not a result


def diff(old: Config, new: Config) -> list[Change]:
    """Changes from `old` to `new`, breaking ones first, each group in config order."""
    models = ResultModel(old), ResultModel(new)
    changes = [*_controls(old, new, *models), *_relations(*models), *_objects(old, new)]
    # Elements compare without positions, and attribute order means nothing to Label Studio:
    # reformatting (`labelconfig fmt`) alone is no change at all.
    if not changes and _unordered(old.root) != _unordered(new.root):
        changes.append(Change("layout-changed", False, "", "layout, text or attributes changed"))
    return sorted(changes, key=lambda c: not c.breaking)


def _unordered(el: Element | None) -> Element | None:
    return None if el is None else _sorted(el)


def _sorted(el: Element) -> Element:
    attributes = tuple(sorted(el.attributes, key=lambda a: a.name))
    return replace(el, attributes=attributes, children=tuple(_sorted(c) for c in el.children))


def _signature(c: Control) -> tuple[object, ...]:
    return (c.tag, c.to_name, c.labels)


def _renames(gone: list[str], added: list[str], key: Callable[[str], object]) -> dict[str, str]:
    """Old -> new for names that vanished while one added name has the very same signature."""
    out: dict[str, str] = {}
    for name in gone:
        same = [a for a in added if key(a) == key(name) and a not in out.values()]
        if len(same) == 1:
            out[name] = same[0]
    return out


def control_renames(old: Config, new: Config) -> dict[str, str]:
    """Old -> new control names: a control gone while one added control has the same tag, targets and
    labels."""
    gone = [n for n in old.controls if n not in new.controls]
    added = [n for n in new.controls if n not in old.controls]
    sig_old = {n: _signature(old.controls[n]) for n in gone}
    sig_new = {n: _signature(new.controls[n]) for n in added}
    return _renames(gone, added, lambda n: sig_old.get(n, sig_new.get(n)))


def object_renames(old: Config, new: Config) -> dict[str, str]:
    """Old -> new object names: an object gone while one added object has the same tag and reads the
    same task data."""
    gone = [n for n in old.objects if n not in new.objects]
    added = [n for n in new.objects if n not in old.objects]
    sig = {n: (old.objects[n].tag, old.objects[n].variable) for n in gone}
    sig |= {n: (new.objects[n].tag, new.objects[n].variable) for n in added}
    return _renames(gone, added, sig.__getitem__)


def _controls(old: Config, new: Config, mo: ResultModel, mn: ResultModel) -> Iterator[Change]:
    renamed = control_renames(old, new)
    for name in (n for n in old.controls if n not in new.controls):
        hit = _from(name)
        if name in renamed:
            msg = f"control `{name}` renamed to `{renamed[name]}`"
            yield Change("control-renamed", True, name, msg, hit)
        else:
            yield Change("control-removed", True, name, f"control `{name}` removed", hit)
    for name in (n for n in new.controls if n not in old.controls):
        if name not in renamed.values():
            yield Change("control-added", False, name, f"control `{name}` added")
    for name in (n for n in old.controls if n in new.controls):
        yield from _control(
            old.controls[name], new.controls[name], mo.controls.get(name), mn.controls.get(name)
        )


def _from(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: r.get("from_name") == name


def _control(a: Control, b: Control, ma: ControlModel | None, mb: ControlModel | None) -> Iterator[Change]:
    name = a.name
    if a.result_type != b.result_type:
        was, now = f"`{a.result_type}` (`<{a.tag}>`)", f"`{b.result_type}` (`<{b.tag}>`)"
        msg = f"`{name}` writes {now} results instead of {was}"
        yield Change("result-type-changed", True, name, msg, _from(name))
        return
    if a.tag != b.tag:
        yield Change("tag-changed", False, name, f"`{name}` is now `<{b.tag}>` (same result type)")
    if set(a.to_name) != set(b.to_name):
        lost = [t for t in a.to_name if t not in b.to_name]
        msg = f"`{name}` toName {','.join(a.to_name)} -> {','.join(b.to_name)}"
        yield Change(
            "to-name-changed",
            bool(lost),
            name,
            msg,
            lambda r: r.get("from_name") == name and r.get("to_name") in lost,
        )
    narrowed = narrowings(ma, mb) if ma is not None and mb is not None else []
    for n in narrowed:
        yield Change(n.kind, True, name, n.message, n.hit)
    renamed_to = {n.renamed[1] for n in narrowed if n.kind == "label-renamed" and n.renamed}
    if not (a.dynamic_labels or b.dynamic_labels):
        for label in (x for x in dict.fromkeys(b.labels) if x not in a.labels and x not in renamed_to):
            yield Change("label-added", False, name, f'`{name}`: label "{label}" added')
    if not narrowed and _attrs(a) != _attrs(b):
        yield Change("attributes-changed", False, name, f"attributes of `{name}` changed")


def _attrs(c: Control) -> dict[str, str]:
    return {x.name: x.value for x in c.element.attributes if x.name not in ("name", "toName")}


def relation_renames(mo: ResultModel, mn: ResultModel) -> tuple[dict[str, str], list[str]]:
    """(old -> new relation labels replaced in place, relation labels removed)."""
    return replaced_in_place(mo.relation_labels, mn.relation_labels)


def _relations(mo: ResultModel, mn: ResultModel) -> Iterator[Change]:
    renamed, removed = relation_renames(mo, mn)
    for label, now in renamed.items():
        msg = f'relation label "{label}" renamed to "{now}"'
        yield Change("relation-label-renamed", True, "relations", msg, _relation_with(label))
    for label in removed:
        msg = f'relation label "{label}" removed'
        yield Change("relation-label-removed", True, "relations", msg, _relation_with(label))
    for label in (x for x in mn.relation_labels if x not in mo.relation_labels and x not in renamed.values()):
        yield Change("relation-label-added", False, "relations", f'relation label "{label}" added')


def _relation_with(label: str) -> Callable[[dict[str, Any]], bool]:
    def hit(r: dict[str, Any]) -> bool:
        labels = r.get("labels")
        return r.get("type") == "relation" and isinstance(labels, list) and label in labels

    return hit


def _objects(old: Config, new: Config) -> Iterator[Change]:
    renamed = object_renames(old, new)
    for name, obj in old.objects.items():
        other = new.objects.get(name)
        if other is None and name in renamed:
            msg = f"object `{name}` renamed to `{renamed[name]}`"
            yield Change("object-renamed", True, name, msg, _to(name))
        elif other is None:
            msg = f"object `{name}` removed or renamed"
            yield Change("object-removed", True, name, msg, _to(name))
        else:
            if obj.variable != other.variable and obj.variable is not None:
                msg = f"`{name}` reads `${other.variable}` instead of `${obj.variable}` from task data"
                yield Change("variable-renamed", True, name, msg, _lacks(other.variable), about_tasks=True)
            if obj.tag != other.tag:
                # What that means for results is read per control (their value shapes per object kind).
                msg = f"object `{name}` is now `<{other.tag}>` (was `<{obj.tag}>`)"
                yield Change("object-kind-changed", False, name, msg)


def _to(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: r.get("to_name") == name


def _lacks(key: str | None) -> Callable[[dict[str, Any]], bool]:
    top = (key or "").split(".")[0].split("[")[0]
    return lambda task: isinstance(task.get("data"), dict) and top not in task["data"]


def count_orphans(changes: list[Change], tasks: Iterable[dict[str, Any]]) -> dict[int, int]:
    """For each breaking change (by index), how many existing results (or tasks) it orphans."""
    counts = {i: 0 for i, c in enumerate(changes) if c.breaking and c.orphans is not None}
    for task in tasks:
        records = [*(task.get("annotations") or []), *(task.get("completions") or [])]
        results = [r for rec in records if isinstance(rec, dict) for r in rec.get("result") or []]
        for i in counts:
            change = changes[i]
            assert change.orphans is not None
            if change.about_tasks:
                counts[i] += change.orphans(task)
            else:
                counts[i] += sum(1 for r in results if isinstance(r, dict) and change.orphans(r))
    return counts
