"""Migrating an export to a changed config: `labelconfig migrate EXPORT --config NEW [--from OLD]`.

Label Studio refuses a config edit while "labels still exist in annotations". This rewrites the
export so every result fits the new config: the renames `diff` detects between OLD and NEW (controls,
objects, labels and aliases, Taxonomy paths moved, relation labels, task data `$variables`) and the
ones given by hand are applied, then every annotation and prediction is linted against NEW. A result
that still fails (a label removed, a range narrowed) is not written: it is listed with its reason and
counted, so `written + unmapped == read` for every export, and the output lints clean under NEW.
Only the renamed fields change; everything else in each task is written as it was read.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from .diff import control_renames, object_renames, relation_renames
from .payloads.api import Config
from .payloads.model import ResultModel
from .payloads.reader import PayloadFileError, records
from .payloads.space import label_renames, path_moves

_RESULT = re.compile(r"^\$\.result\[(\d+)\]")
_RENAME = re.compile(r"^(?:(?P<var>\$)(?P<key>[^=]+)|(?P<control>[^:=]+)(?::(?P<label>[^=]+))?)=(?P<new>.+)$")


class MigrationError(Exception):
    """The export or a rename cannot be read; the message names the file and line, or the rename."""


@dataclass(slots=True)
class Renames:
    """Old name -> new name, by kind; labels and paths per control (keyed by its old name)."""

    controls: dict[str, str] = field(default_factory=dict)
    objects: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    paths: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)

    def add(self, spec: str) -> None:
        """One hand-written rename: `CONTROL:OLD=NEW` (a label), `CONTROL=NEW` (a control) or
        `$OLD=NEW` (a task data key)."""
        m = _RENAME.match(spec)
        if m is None:
            raise MigrationError(
                f"--rename {spec!r}: write CONTROL:OLD=NEW for a label, CONTROL=NEW for a control, "
                "or $OLD=NEW for a task data key"
            )
        new = m["new"]
        if m["var"]:
            self.variables[m["key"]] = new
        elif m["label"] is not None:
            self.labels.setdefault(m["control"], {})[m["label"]] = new
        else:
            self.controls[m["control"]] = new


def detected(old: Config, new: Config, given: Renames | None = None) -> Renames:
    """The renames `diff` finds from `old` to `new`, with the `given` ones first: a control renamed by
    hand still has its label renames detected, and a hand-written rename wins over a detected one."""
    given = given or Renames()
    r = Renames(
        controls={**control_renames(old, new), **given.controls},
        objects={**object_renames(old, new), **given.objects},
    )
    mo, mn = ResultModel(old), ResultModel(new)
    for name, c in mo.controls.items():
        other = mn.controls.get(r.controls.get(name, name))
        if other is None or other.type != c.type:
            continue
        labels, _ = label_renames(c, other)
        moved, _ = path_moves(c, other)
        if labels or name in given.labels:
            r.labels[name] = {**labels, **given.labels.get(name, {})}
        if moved:
            r.paths[name] = moved
    for name, labels in given.labels.items():
        r.labels.setdefault(name, dict(labels))
    r.relations = relation_renames(mo, mn)[0]
    for name, obj in old.objects.items():
        now = new.objects.get(r.objects.get(name, name))
        if now is None or not obj.variable or not now.variable or obj.variable == now.variable:
            continue
        if _plain(obj.variable) and _plain(now.variable):  # a nested path is not one data key
            r.variables[obj.variable] = now.variable
    r.variables.update(given.variables)
    return r


def _plain(variable: str) -> bool:
    return not any(ch in variable for ch in ".[")


@dataclass(frozen=True, slots=True)
class Unmapped:
    task: object  # the task's id, or its position in the export
    record: str  # "annotation 2" / "prediction 0": which record of the task held it
    result: dict[str, Any]
    reason: str


@dataclass(slots=True)
class Migration:
    tasks: int = 0
    read: int = 0  # results read
    written: int = 0  # results written
    unmapped: list[Unmapped] = field(default_factory=list)
    renamed: Counter[str] = field(default_factory=Counter)  # what was renamed, by kind
    data_problems: list[str] = field(default_factory=list)  # tasks whose data NEW cannot read


def _map_labels(values: list[Any], labels: Mapping[str, str], paths: Mapping[tuple[str, ...], Any]) -> list:
    out: list[Any] = []
    for x in values:
        if isinstance(x, str):
            out.append(labels.get(x, x))
        elif isinstance(x, list) and all(isinstance(s, str) for s in x):
            whole = paths.get(tuple(x))
            out.append(list(whole) if whole is not None else [labels.get(s, s) for s in x])
        else:
            out.append(x)
    return out


class Migrator:
    """Applies `renames` to tasks and keeps only the results NEW accepts."""

    def __init__(self, new: Config, renames: Renames) -> None:
        self.new = new
        self.model = ResultModel(new)
        self.r = renames
        self.summary = Migration()

    def _labels_keys(self, control: str) -> set[str]:
        c = self.model.controls.get(control)
        if c is None:
            return set()
        return {s.labels_key for shapes in c.shapes.values() for s in shapes if s.labels_key}

    def result(self, r: Any) -> Any:
        """`r` with the renames applied (a copy; `r` itself is left as read)."""
        if not isinstance(r, dict):
            return r
        out = copy.deepcopy(r)
        if out.get("type") == "relation":
            labels = out.get("labels")
            if isinstance(labels, list) and any(x in self.r.relations for x in labels):
                out["labels"] = [self.r.relations.get(x, x) for x in labels]
                self.summary.renamed["relation label"] += 1
            return out
        old = out.get("from_name")
        if isinstance(old, str) and old in self.r.controls:
            out["from_name"] = self.r.controls[old]
            self.summary.renamed["control"] += 1
        to = out.get("to_name")
        if isinstance(to, str) and to in self.r.objects:
            out["to_name"] = self.r.objects[to]
            self.summary.renamed["object"] += 1
        labels, paths = self.r.labels.get(str(old), {}), self.r.paths.get(str(old), {})
        value = out.get("value")
        if (labels or paths) and isinstance(value, dict):
            for key in self._labels_keys(str(out.get("from_name"))):
                if isinstance(value.get(key), list):
                    mapped = _map_labels(value[key], labels, paths)
                    if mapped != value[key]:
                        value[key] = mapped
                        self.summary.renamed["label"] += 1
        return out

    def data(self, data: Any) -> Any:
        if not isinstance(data, dict) or not any(k in data for k in self.r.variables):
            return data
        self.summary.renamed["task data key"] += 1
        return {self.r.variables.get(k, k): v for k, v in data.items()}

    def task(self, task: Any, index: int) -> Any:
        """The migrated task (a new dict), with the results NEW rejects taken out and listed."""
        self.summary.tasks += 1
        if not isinstance(task, dict):
            return task
        tid = task.get("id", index)
        out = dict(task)
        out["data"] = self.data(task.get("data"))
        for kind in ("annotations", "predictions"):
            if isinstance(task.get(kind), list):
                out[kind] = list(self._records(task[kind], kind, tid, out))
        problems = [d for d in self.new.check_task({"data": out["data"]}) if d.is_error]
        if problems:
            self.summary.data_problems.append(f"task {tid}: {problems[0].code} {problems[0].message}")
        return out

    def _records(self, found: list[Any], kind: str, tid: object, task: dict[str, Any]) -> Iterator[Any]:
        for n, record in enumerate(found):
            if not isinstance(record, dict) or not isinstance(record.get("result"), list):
                yield record
                continue
            where = f"{kind[:-1]} {n}"
            self.summary.read += len(record["result"])
            mapped = {**record, "result": [self.result(r) for r in record["result"]]}
            kept = self._fit(mapped, kind, tid, where, task)
            if kept is not None:
                self.summary.written += len(kept["result"])
                yield kept

    def _fit(
        self, record: dict[str, Any], kind: str, tid: object, where: str, task: dict[str, Any]
    ) -> dict[str, Any] | None:
        """`record` without the results NEW rejects; None when the record itself cannot be written
        (an answer NEW requires is missing): then all its results are listed."""
        check = self.new.check_annotation if kind == "annotations" else self.new.check_prediction
        # Taking a result out can orphan another (a relation, a per-region answer): check again.
        while True:
            errors = [d for d in check(record, task) if d.is_error]
            if not errors:
                return record
            bad: dict[int, str] = {}
            for d in errors:
                m = _RESULT.match(d.path or "")
                if m is not None:
                    bad.setdefault(int(m.group(1)), f"{d.code} {d.message}")
            if not bad:
                reason = f"{errors[0].code} {errors[0].message}"
                self._unmap(tid, where, record["result"], reason)
                return None
            results = record["result"]
            for i in sorted(bad):
                self._unmap(tid, where, [results[i]], bad[i])
            record = {**record, "result": [r for i, r in enumerate(results) if i not in bad]}

    def _unmap(self, tid: object, where: str, results: list[Any], reason: str) -> None:
        for r in results:
            shown = r if isinstance(r, dict) else {"result": r}
            self.summary.unmapped.append(Unmapped(tid, where, shown, reason))


def migrate(export: str, new: Config, renames: Renames, out: IO[bytes]) -> Migration:
    """Write the migrated export to `out` (a JSON array, one task at a time) and return the summary."""
    m = Migrator(new, renames)
    out.write(b"[")
    try:
        for record in records(export):
            if record.error is not None:
                line = record.line or (record.locate()[0] if record.locate else 0)
                raise MigrationError(f"{export}:{line}: invalid JSON ({record.error})")
            task = m.task(record.value, record.item or 0)
            out.write(b",\n" if m.summary.tasks > 1 else b"\n")
            out.write(orjson.dumps(task))
    except PayloadFileError as exc:
        raise MigrationError(str(exc)) from exc
    out.write(b"\n]\n")
    return m.summary
