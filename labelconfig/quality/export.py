"""Reading a Label Studio export (a JSON array or JSON Lines of tasks, streamed) into tasks with the
usable annotation of each annotator, after linting every annotation against the config.

Which annotations count is the shared rule of `labelconfig.payloads.selection` (cancelled ones out,
per annotator the newest; ground truth first when asked). What is left out is counted by reason,
never dropped silently: cancelled annotations, an annotator's older annotations of the task,
annotations the linter rejects (by diagnostic code), annotations without an annotator, and records
that are not tasks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..payloads.api import Config
from ..payloads.reader import PayloadFileError, records
from ..payloads.selection import counted


class ExportError(Exception):
    """The export cannot be read (a missing file, broken JSON): named with its file and line."""


@dataclass(frozen=True, slots=True)
class Annotation:
    annotator: str
    results: tuple[dict[str, Any], ...]
    id: object = None


@dataclass(frozen=True, slots=True)
class Task:
    id: object  # the task's `id`, or its position in the file when it has none
    index: int  # 0-based position in the export
    line: int  # 1-based line when known (JSON Lines), else 0
    record: dict[str, Any]
    annotations: tuple[Annotation, ...]


@dataclass(slots=True)
class Skipped:
    """What reading left out, by reason; `examples` keeps the first place of each reason."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, reason: str, where: str) -> None:
        self.counts[reason] += 1
        self.examples.setdefault(reason, where)


def annotator_of(annotation: Mapping[str, Any]) -> str | None:
    """`completed_by` as a stable name: an id (int) or an object with `email` or `id`."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    if isinstance(who, bool) or who is None or who == "":
        return None
    return str(who) if isinstance(who, int | str) else None


def _who(annotation: Mapping[str, Any]) -> Hashable:
    # Annotations without an annotator are not one person's: each stays apart (and is skipped later).
    return annotator_of(annotation) or ("no annotator", id(annotation))


def read_export(
    path: str, cfg: Config, skipped: Skipped, lint: bool = True, ground_truth: bool = False
) -> Iterator[Task]:
    """The tasks of `path` one at a time, each with the linted annotation of each annotator that
    counts (`ground_truth`: an annotator's ground-truth annotation wins over newer ones)."""
    try:
        found = records(path)
        for record in found:
            if record.error is not None:
                line = record.line or (record.locate()[0] if record.locate else 0)
                where = f"{path}:{line}" if line else path
                raise ExportError(f"{where}: invalid JSON ({record.error}); export the project again as JSON")
            index = record.item or 0
            where = f"{path}:{record.line}" if record.line else f"{path} record {index + 1}"
            task = _task(record.value, index, record.line, where, cfg, skipped, lint, ground_truth)
            if task is not None:
                yield task
    except PayloadFileError as exc:
        raise ExportError(str(exc)) from exc


def task_of(
    value: object, index: int, where: str, cfg: Config, skipped: Skipped, ground_truth: bool = False
) -> Task | None:
    """One task record (already read) with one linted annotation per annotator, as `read_export`
    gives it; for callers that stream the file themselves (`labelconfig export`)."""
    return _task(value, index, 0, where, cfg, skipped, True, ground_truth)


def _task(
    value: object,
    index: int,
    line: int,
    where: str,
    cfg: Config,
    skipped: Skipped,
    lint: bool,
    ground_truth: bool = False,
) -> Task | None:
    if not isinstance(value, dict) or not isinstance(value.get("annotations"), list):
        skipped.add("not a task with an `annotations` list", where)
        return None
    shaped: list[dict[str, Any]] = []
    for a in value["annotations"]:
        if isinstance(a, dict) and isinstance(a.get("result"), list):
            shaped.append(a)
        else:
            skipped.add("not an annotation with a `result` list", where)
    selection = counted(shaped, _who, ground_truth)
    for reason, _ in selection.left_out:
        skipped.add(reason, where)
    chosen: list[Annotation] = []
    for a in selection.kept:
        usable = _annotation(a, value, where, cfg, skipped, lint)
        if usable is not None:
            chosen.append(usable)
    task_id = value.get("id", index)
    return Task(task_id, index, line, value, tuple(chosen))


def _annotation(
    a: Any, task: dict[str, Any], where: str, cfg: Config, skipped: Skipped, lint: bool
) -> Annotation | None:
    annotator = annotator_of(a)
    if annotator is None:
        skipped.add("no annotator (`completed_by`)", where)
        return None
    if lint:
        errors = [d for d in cfg.check_annotation(a, task) if d.is_error]
        if errors:
            first = errors[0]
            skipped.add(f"{first.code} {first.name}", f"{where} {first.path}: {first.message}")
            return None
    return Annotation(annotator, tuple(r for r in a["result"] if isinstance(r, dict)), a.get("id"))
