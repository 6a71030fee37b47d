"""Tasks in, one at a time: which annotations and predictions an export reads, linted first.

The choice between several annotators is explicit (`newest`, `all` or `consensus`), never the SDK's
accident of keeping the oldest; cancelled and skipped annotations are counted, not silently dropped.
`consensus` is decided by the quality package (`labelconfig consensus`), so both commands agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

import orjson

from ..payloads.api import Config
from ..payloads.reader import Record, json_error, records
from ..payloads.selection import cancelled, newest
from .errors import ExportInputError
from .tally import Tally

Which = Literal["newest", "all", "consensus"]
Source = Literal["annotations", "predictions", "both"]
WHICH: Final = ("newest", "all", "consensus")
SOURCES: Final = ("annotations", "predictions", "both")
_RESULT_INDEX: Final = re.compile(r"^\$\.result\[(\d+)\]")
# Exports stream JSON arrays above 4 MiB (the linter waits for 32): a whole parsed export takes ~10x
# its size in memory, and an exporter's memory should not grow with the number of tasks.
STREAM_ABOVE: Final = 4 * 1024 * 1024
MIN_ANNOTATORS: Final = 2  # a consensus of one annotator would be that annotator's answer


# Not frozen, like `payloads.reader.Record`: a frozen dataclass sets each field through
# object.__setattr__, and an export makes one or two per record.
@dataclass(slots=True)
class Chosen:
    """One annotation or prediction of a task, with the results that passed the lint."""

    kind: Literal["annotation", "prediction"]
    record: dict[str, Any]
    # The linted results as dicts; empty when `typed` holds them instead, as the payload shortcut's
    # structs (the export's fast lane; region formats read both through `RegionReader`).
    results: list[dict[str, Any]]
    typed: list[Any] | None = None
    refused: tuple[dict[str, Any], ...] = ()  # the results the lint refused (counted already)

    @property
    def id(self) -> Any:
        return self.record.get("id")

    @property
    def annotator(self) -> Any:
        who = self.record.get("completed_by")
        return who.get("email", who.get("id")) if isinstance(who, dict) else who


def _where(path: str, rec: Record) -> str:
    """`path:line`; array elements are located only here, on error (locating scans the file)."""
    line = rec.line or (rec.locate()[0] if rec.locate is not None else 0)
    return f"{path}:{line}" if line else path


class Decoder(Protocol):
    def task(self, raw: Any) -> dict[str, Any] | None: ...


def read_tasks(
    path: str, tally: Tally, lane: Decoder | None = None
) -> Iterator[tuple[int, dict[str, Any], bool]]:
    """(task index, task, linted) for each task of a JSON array, JSON Lines file or single task
    object; `linted` when `lane` decoded the task with only clean records."""
    for rec in records(path, stream_above=STREAM_ABOVE, parse=lane is None):
        task, error = rec.value, rec.error
        if rec.raw is not None:
            assert lane is not None
            task = lane.task(rec.raw)
            if task is not None:
                yield (rec.item or 0), task, True
                continue
            try:
                task = orjson.loads(memoryview(rec.raw))
            except orjson.JSONDecodeError as exc:
                error = json_error(exc)
        if error is not None:
            raise ExportInputError(
                f"{_where(path, rec)}: invalid JSON ({error}); fix the record or export the project again"
            )
        if isinstance(task, dict) and "data" not in task and rec.item is None:
            raise ExportInputError(
                f"{_where(path, rec)}: not a Label Studio export (one object without `data`); give the JSON "
                "export of the project (a list of tasks) or JSON Lines of tasks"
            )
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            tally.skip("record is not a task (no `data` object)", unit="task")
            continue
        yield (rec.item or 0), task, False


class Consensus:
    """The consensus annotation of a task, decided by `labelconfig.quality.consensus` (majority vote,
    median, span vote, IoU clusters; results carry `meta.support`). A task without one (a tie, fewer
    than two usable annotations) gets none, counted by reason."""

    def __init__(self, cfg: Config, path: str) -> None:
        # The quality package (and shapely, for polygons) loads only when consensus is asked for.
        from ..payloads.model import ResultModel
        from ..quality.compare import Settings

        self.cfg = cfg
        self.path = path
        self.model = ResultModel(cfg)
        self.settings = Settings()

    def __call__(self, task: dict[str, Any], index: int, tally: Tally) -> list[Chosen]:
        from ..quality.consensus import consensus_task
        from ..quality.export import Skipped, task_of

        skipped, left_out = Skipped(), Skipped()
        read = task_of(task, index, f"{self.path} task {index + 1}", self.cfg, skipped)
        few = read is None or len(read.annotations) < MIN_ANNOTATORS
        results, problems = (
            (None, [])
            if read is None
            else consensus_task(read, self.model, self.settings, MIN_ANNOTATORS, left_out)
        )
        for reason, n in (skipped.counts + left_out.counts).items():
            tally.skip(f"{reason} (--annotations consensus)", n, unit="record")
        for p in problems:  # every unresolved control, whether or not the task gets an annotation
            if p.control:  # (none: the task had no usable annotation, counted as the task's reason)
                tally.skip(f"control without consensus: {p.kind} (--annotations consensus)", unit="record")
        if results is None:
            if few:
                why = f"fewer than {MIN_ANNOTATORS} usable annotations"
            elif any((c := self.model.controls.get(p.control)) and c.must_answer for p in problems):
                why = "a required control has none"
            else:
                why = "no control resolved"
            tally.skip(f"task without consensus: {why} (--annotations consensus)", unit="task")
            return []
        return [Chosen("annotation", {"result": results}, [])]


def choose(task: dict[str, Any], which: Which, source: Source, tally: Tally) -> list[Chosen]:
    """The annotations and/or predictions of `task` an export reads (results not yet linted); with
    `consensus`, only the newest prediction (the consensus annotation comes from `Consensus`)."""
    chosen: list[Chosen] = []
    if source in ("annotations", "both") and which != "consensus":
        anns = [a for a in task.get("annotations") or task.get("completions") or [] if isinstance(a, dict)]
        live = [a for a in anns if not cancelled(a)]
        if len(live) < len(anns):
            tally.skip("cancelled or skipped annotation", len(anns) - len(live), unit="record")
        if which == "newest" and len(live) > 1:
            tally.skip(
                "older annotation of the same task (--annotations newest)", len(live) - 1, unit="record"
            )
            live = [newest(live)]
        chosen.extend(Chosen("annotation", a, []) for a in live)
    if source in ("predictions", "both"):
        preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
        if which in ("newest", "consensus") and len(preds) > 1:
            tally.skip(
                "older prediction of the same task (--annotations newest)", len(preds) - 1, unit="record"
            )
            preds = [newest(preds)]
        chosen.extend(Chosen("prediction", p, []) for p in preds)
    return chosen


Suspect = Callable[[dict[str, Any], Iterable[Any]], bool]  # (task, its results' values)


def lint(
    cfg: Config, task: dict[str, Any], chosen: Chosen, tally: Tally, suspect: Suspect | None = None
) -> Chosen | None:
    """`chosen` with only the results the linter accepts; None when the whole record is unusable.

    With `suspect`, records are first linted alone (the linter's fast path) and against their task
    only when `suspect(task, results)` sees a span that may not fit its text: checking every span
    against the text costs ~40x more, and clean records are the rule."""
    result = chosen.record.get("result")
    if not isinstance(result, list):
        tally.skip(f"{chosen.kind} without a `result` list", unit="record")
        return None
    check = cfg.check_annotation if chosen.kind == "annotation" else cfg.check_prediction
    values = (r.get("value") for r in result if isinstance(r, dict))
    against = None if suspect is not None and not suspect(task, values) else task
    bad: dict[int, str] = {}
    for d in check(chosen.record, against):
        if not d.is_error:
            continue
        m = _RESULT_INDEX.match(d.path)
        if m is not None:
            bad.setdefault(int(m.group(1)), f"invalid result: {d.code} {d.name}")
    for reason in bad.values():
        tally.skip(reason)
    kept = [r for i, r in enumerate(result) if i not in bad and isinstance(r, dict)]
    refused = tuple(r for i, r in enumerate(result) if i in bad and isinstance(r, dict))
    return Chosen(chosen.kind, chosen.record, kept, refused=refused)


def selected(
    cfg: Config,
    path: str,
    which: Which,
    source: Source,
    tally: Tally,
    suspect: Suspect | None = None,
    lane: Decoder | None = None,
) -> Iterator[tuple[int, dict[str, Any], list[Chosen]]]:
    """(task index, task, its linted records) for every task of `path`, streamed."""
    consensus = Consensus(cfg, path) if which == "consensus" and source != "predictions" else None
    for index, task, linted in read_tasks(path, tally, lane):
        tally.tasks += 1
        picked = []
        agreed = consensus(task, index, tally) if consensus is not None else []
        for c in [*agreed, *choose(task, which, source, tally)]:
            tally.records += 1
            if linted:
                picked.append(Chosen(c.kind, c.record, [], c.record["result"]))
                continue
            found = lint(cfg, task, c, tally, suspect)
            if found is not None:
                picked.append(found)
        yield index, task, picked
