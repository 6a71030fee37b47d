"""What a task brings to the form: its data, and the results the form starts from (the latest
annotation for review, else the first prediction as pre-labels)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..payloads.api import Config
from ..payloads.data import task_data
from ..payloads.sample import sample_task


@dataclass(frozen=True, slots=True)
class Start:
    data: Any
    results: list[Any]
    origin: str | None  # "prediction" or "annotation" when the form starts from one
    editing: int | None = None  # which of the task's annotations the form starts from


def start(cfg: Config, task: Mapping[str, Any] | None) -> Start:
    """Bare data or a task (`data`, `predictions`, `annotations`); no task shows the sample data, so a
    config alone still renders as a form worth looking at."""
    if task is None:
        return Start(sample_task(cfg), [], None)
    if not isinstance(task, Mapping):
        raise TypeError(f"a task is a JSON object, not {type(task).__name__}")
    data = task_data(task) if "data" in task else task
    latest = _latest(task.get("annotations")) if "data" in task else None
    if latest is not None:
        index, annotation = latest
        return Start(data, _results(annotation), "annotation", index)
    predictions = task.get("predictions") if "data" in task else None
    if isinstance(predictions, list) and predictions and isinstance(predictions[0], Mapping):
        results = _results(predictions[0])
        for r in results:  # Label Studio marks results an annotator takes over from a model
            if isinstance(r, dict):
                r.setdefault("origin", "prediction")
        return Start(data, results, "prediction")
    return Start(data, [], None)


def _latest(annotations: Any) -> tuple[int, Mapping[str, Any]] | None:
    """The annotation a reviewer should see, with its index: the last one written that was not cancelled."""
    if not isinstance(annotations, list):
        return None
    kept = [
        (i, a) for i, a in enumerate(annotations) if isinstance(a, Mapping) and not a.get("was_cancelled")
    ]
    if not kept:
        return None
    if all(isinstance(a.get("updated_at") or a.get("created_at"), str) for _, a in kept):
        return max(kept, key=lambda ia: str(ia[1].get("updated_at") or ia[1].get("created_at")))
    return kept[-1]


def _results(record: Mapping[str, Any]) -> list[Any]:
    results = record.get("result")
    return copy.deepcopy(results) if isinstance(results, list) else []
