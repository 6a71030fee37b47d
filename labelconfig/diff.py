"""`labelconfig diff OLD NEW`: what changed between two configs, and what it does to existing work.

A change is *breaking* when results written under the old config no longer fit the new one: their
`from_name` names no control (control removed or renamed), their `type` or `to_name` is no longer
what the control writes, their labels are gone (label removed or renamed), or the task data key an
object reads was renamed. Everything else (new controls, new labels, layout, colours, hotkeys) is
*cosmetic* for existing annotations. With an export, each breaking change counts the results it
would orphan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .nodes import Element
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
    changes = [*_controls(old, new), *_objects(old, new)]
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


def _controls(old: Config, new: Config) -> Iterator[Change]:
    gone = [n for n in old.controls if n not in new.controls]
    added = [n for n in new.controls if n not in old.controls]
    sig_old = {n: _signature(old.controls[n]) for n in gone}
    sig_new = {n: _signature(new.controls[n]) for n in added}
    renamed = _renames(gone, added, lambda n: sig_old.get(n, sig_new.get(n)))
    for name in gone:
        hit = _from(name)
        if name in renamed:
            msg = f"control `{name}` renamed to `{renamed[name]}`"
            yield Change("control-renamed", True, name, msg, hit)
        else:
            yield Change("control-removed", True, name, f"control `{name}` removed", hit)
    for name in added:
        if name not in renamed.values():
            yield Change("control-added", False, name, f"control `{name}` added")
    for name in (n for n in old.controls if n in new.controls):
        yield from _control(old.controls[name], new.controls[name])


def _from(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: r.get("from_name") == name


def _control(a: Control, b: Control) -> Iterator[Change]:
    name = a.name
    if a.result_type != b.result_type:
        was, now = f"`{a.result_type}` (`<{a.tag}>`)", f"`{b.result_type}` (`<{b.tag}>`)"
        msg = f"`{name}` writes {now} results instead of {was}"
        yield Change("result-type-changed", True, name, msg, _from(name))
    elif a.tag != b.tag:
        yield Change("tag-changed", False, name, f"`{name}` is now `<{b.tag}>` (same results)")
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
    if a.dynamic_labels or b.dynamic_labels:
        return
    yield from _labels(a, b)
    if _attrs(a) != _attrs(b):
        yield Change("attributes-changed", False, name, f"attributes of `{name}` changed")


def _attrs(c: Control) -> dict[str, str]:
    return {x.name: x.value for x in c.element.attributes if x.name not in ("name", "toName")}


def _labels(a: Control, b: Control) -> Iterator[Change]:
    gone = [x for x in a.labels if x not in b.labels]
    added = [x for x in b.labels if x not in a.labels]
    # A label is renamed when it is replaced in place: same position among the options.
    renamed = {
        x: b.labels[i] for x in gone if (i := a.labels.index(x)) < len(b.labels) and b.labels[i] in added
    }
    for label in gone:
        hit = _has_label(a.name, label)
        if label in renamed:
            msg = f'`{a.name}`: label "{label}" renamed to "{renamed[label]}"'
            yield Change("label-renamed", True, a.name, msg, hit)
        else:
            yield Change("label-removed", True, a.name, f'`{a.name}`: label "{label}" removed', hit)
    for label in added:
        if label not in renamed.values():
            yield Change("label-added", False, a.name, f'`{a.name}`: label "{label}" added')


def _has_label(control: str, label: str) -> Callable[[dict[str, Any]], bool]:
    def hit(r: dict[str, Any]) -> bool:
        value = r.get("value")
        if r.get("from_name") != control or not isinstance(value, dict):
            return False
        return any(label in _strings(v) for v in value.values() if isinstance(v, list))

    return hit


def _strings(items: Iterable[object]) -> set[str]:
    """Labels in a value list, flattened (Taxonomy writes paths: lists of lists)."""
    out: set[str] = set()
    for item in items:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, list):
            out |= _strings(item)
    return out


def _objects(old: Config, new: Config) -> Iterator[Change]:
    for name, obj in old.objects.items():
        other = new.objects.get(name)
        if other is None:
            msg = f"object `{name}` removed or renamed"
            yield Change("object-removed", True, name, msg, _to(name))
        elif obj.variable != other.variable and obj.variable is not None:
            msg = f"`{name}` reads `${other.variable}` instead of `${obj.variable}` from task data"
            yield Change("variable-renamed", True, name, msg, _lacks(other.variable), about_tasks=True)


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
