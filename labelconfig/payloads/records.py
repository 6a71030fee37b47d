"""Records of a payload file: tasks (with embedded predictions and annotations), predictions,
annotations, and ML-backend responses (`{"results": [...]}`), recognised by their keys."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic
from ..view import Config
from . import codes
from .context import Kind, Sink, json_type
from .data import DataChecker, is_wrapped, task_data
from .fast import FastPath
from .results import ResultChecker, TaskView, check_score


class PayloadChecker:
    """A config compiled for payloads; build once, check any number of records."""

    def __init__(self, cfg: Config, shortcuts: bool = True) -> None:
        """`shortcuts=False` checks every record in full (the reference the fast path is tested against)."""
        self.cfg = cfg
        self.shortcuts = shortcuts
        self.results = ResultChecker(cfg)
        self.data = DataChecker(cfg)
        self._fast: dict[str, FastPath] = {}

    def shortcut(self, kind: Kind) -> FastPath:
        """The msgspec fast path for predictions or annotations (built on first use)."""
        fast = self._fast.get(kind)
        if fast is None:
            fast = self._fast[kind] = FastPath(self.cfg, self.results.model, kind)
        return fast

    def _clean(self, record: Any, kind: Kind, task: TaskView | None) -> bool:
        if not self.shortcuts:
            return False
        fast = self.shortcut(kind)
        return not (task is not None and fast.reads_task) and fast.accepts_object(record)

    # --- public entry points, one record at a time -------------------------------------------------

    def check_task(
        self, task: Any, file: str = "", item: int | None = None, line: int = 0
    ) -> list[Diagnostic]:
        sink = Sink(file, item, line)
        self.task(task, sink, _root(item))
        return sink.out

    def check_prediction(
        self, prediction: Any, task: Any = None, file: str = "", item: int | None = None, line: int = 0
    ) -> list[Diagnostic]:
        sink = Sink(file, item, line)
        self.prediction(prediction, sink, _root(item), _view(task))
        return sink.out

    def check_annotation(
        self, annotation: Any, task: Any = None, file: str = "", item: int | None = None, line: int = 0
    ) -> list[Diagnostic]:
        sink = Sink(file, item, line)
        self.annotation(annotation, sink, _root(item), _view(task))
        return sink.out

    def check_record(self, record: Any, kind: Kind, sink: Sink, path: str) -> None:
        """One record of a file given as --tasks/--predictions/--annotations, recognised by its keys."""
        if kind == "tasks":
            self.task(record, sink, path)  # as Label Studio imports it: wrapped, or the data whole
            return
        if type(record) is dict:
            if "data" in record:
                self.task(record, sink, path)
                return
            if type(record.get("results")) is list and "result" not in record:
                for j, p in enumerate(record["results"]):
                    self.prediction(p, sink, f"{path}.results[{j}]", None)
                return
        if kind == "annotations":
            self.annotation(record, sink, path, None)
        else:
            self.prediction(record, sink, path, None)

    # --- the record kinds ---------------------------------------------------------------------------

    def task(self, task: Any, sink: Sink, path: str) -> None:
        if type(task) is not dict:
            sink.add(
                codes.INVALID_TASK,
                path,
                f"the task is {json_type(task)}, not an object",
                help='a task is {"data": {...}} (or the data object itself)',
            )
            return
        wrapped = is_wrapped(task)
        data = task_data(task)
        self.data.check(data, sink, f"{path}.data" if wrapped else path)
        if not wrapped:
            return  # its `predictions`/`annotations` keys, if any, are data fields
        view = TaskView(data) if type(data) is dict else None
        for key, annotation in (("predictions", False), ("annotations", True), ("completions", True)):
            items = task.get(key)
            if items is None:
                continue
            if type(items) is not list:
                sink.add(codes.INVALID_RECORD, f"{path}.{key}", f"`{key}` is {json_type(items)}, not a list")
                continue
            for j, record in enumerate(items):
                at = f"{path}.{key}[{j}]"
                if annotation:
                    self.annotation(record, sink, at, view)
                else:
                    self.prediction(record, sink, at, view)

    def prediction(self, p: Any, sink: Sink, path: str, task: TaskView | None) -> None:
        if self._clean(p, "predictions", task):
            return
        if not self._envelope(p, sink, path, "prediction"):
            return
        if "score" in p and p["score"] is not None:
            check_score(p["score"], sink, f"{path}.score")
        self.results.check(p["result"], sink, f"{path}.result", task)

    def annotation(self, a: Any, sink: Sink, path: str, task: TaskView | None) -> None:
        if self._clean(a, "annotations", task):
            return
        if not self._envelope(a, sink, path, "annotation"):
            return
        cancelled = a.get("was_cancelled") is True
        self.results.check(a["result"], sink, f"{path}.result", task, annotation=not cancelled)

    @staticmethod
    def _envelope(record: Any, sink: Sink, path: str, what: str) -> bool:
        if type(record) is not dict:
            sink.add(
                codes.INVALID_RECORD,
                path,
                f"the {what} is {json_type(record)}, not an object",
                help=f'{_article(what)} {what} is {{"result": [...]}}',
            )
            return False
        if "result" not in record:
            keys = set(record)
            if "results" in keys:
                help = "`results` (plural) wraps a list of predictions; each prediction has a `result` list"
            elif keys & {"prediction", "predictions", "annotation", "annotations"}:
                help = 'put the results directly in `result`: {"result": [...]}'
            else:
                help = f'{_article(what)} {what} carries its regions in "result": [...]'
            sink.add(codes.INVALID_RECORD, path, f"the {what} has no `result`", help=help)
            return False
        return True


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _root(item: int | None) -> str:
    return "$" if item is None else f"$[{item}]"


def _view(task: Any) -> TaskView | None:
    if type(task) is not dict:
        return None
    data = task_data(task)
    return TaskView(data) if type(data) is dict else None
