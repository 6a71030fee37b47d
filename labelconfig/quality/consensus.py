"""Consensus of an export: one annotation per task from its annotators' answers.

Policies (documented in the README and `labelconfig consensus --help`):
- Choices, Taxonomy, Pairwise, DateTime, TextArea: the answer given by more annotators than any other
  (plurality); a tie for the most votes is no consensus.
- Rating and Number: the median of the answers (the lower median for integer answers, so a Rating
  stays a whole number of stars).
- Spans: a span (same start, end and labels) is kept when more than half of the task's annotators
  marked it.
- Boxes, ellipses, polygons, keypoints: regions are clustered across annotators (optimal matching at
  the IoU / keypoint threshold, same labels, annotators taken in sorted order so their order in the
  file never matters); a cluster marked by more than half of the annotators is kept, with averaged
  coordinates (boxes, ellipses, keypoints) or its most central member (polygons, whose vertices do
  not correspond).
Every result carries `meta.support` (annotators who agreed) and `meta.annotators` (who answered).
A task with a tie, or with fewer annotators than required, keeps its data and gets no annotation,
so it lints clean and can be annotated again; it is listed as unresolved with the reason.
"""

from __future__ import annotations

import copy
import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from ..measure.geometry import Box, iou
from ..measure.matching import match
from ..payloads.api import Config
from ..payloads.model import ResultModel
from ..tags.model import Geometry
from .agreement import Key, Unit, task_units
from .compare import Settings, _oks
from .export import Skipped, Task, read_export
from .items import Family, Region


@dataclass(frozen=True, slots=True)
class Unresolved:
    task: object
    control: str
    reason: str


def consensus_task(
    task: Task,
    model: ResultModel,
    settings: Settings,
    min_annotators: int = 2,
    left_out: Skipped | None = None,
) -> tuple[list[dict[str, Any]] | None, list[Unresolved]]:
    """The consensus results of `task`, or None with the reasons when there is none."""
    n = len(task.annotations)
    if n < min_annotators:
        return None, [Unresolved(task.id, "", f"{n} usable annotation(s), {min_annotators} needed")]
    left_out = left_out if left_out is not None else Skipped()
    units = task_units(task, model, left_out)
    results: list[dict[str, Any]] = []
    problems: list[Unresolved] = []
    for key in sorted(units):
        if key[1] is Family.RELATIONS:
            left_out.add("relations are not carried into the consensus", f"task {task.id}")
            continue
        found = _decide(key, units[key], task, n, settings)
        if isinstance(found, str):
            problems.append(Unresolved(task.id, key[0], found))
        else:
            results.extend(found)
    if problems:
        return None, problems
    for k, r in enumerate(results):
        r["id"] = f"consensus-{k}"
    return results, []


def _results_of(task: Task, annotator: str, control: str) -> list[dict[str, Any]]:
    annotation = next(a for a in task.annotations if a.annotator == annotator)
    return [r for r in annotation.results if r.get("from_name") == control]


def _with_support(result: dict[str, Any], support: int, answered: int) -> dict[str, Any]:
    out = copy.deepcopy(result)
    out.pop("id", None)
    out["meta"] = {**(out.get("meta") or {}), "support": support, "annotators": answered}
    return out


def _decide(key: Key, unit: Unit, task: Task, n: int, s: Settings) -> list[dict[str, Any]] | str:
    control, fam = key
    if fam in (Family.NOMINAL, Family.TEXT):
        return _vote(control, unit, task)
    if fam is Family.NUMERIC:
        return _median(control, unit, task)
    if fam is Family.SPANS:
        return _span_vote(unit, n)
    return _clusters(unit, fam, n, s)


def _vote(control: str, unit: Unit, task: Task) -> list[dict[str, Any]] | str:
    answers = {a: v for a, v in sorted(unit.answers.items()) if v is not None}
    if not answers:
        return []
    votes = Counter[Hashable](answers.values()).most_common()
    if len(votes) > 1 and votes[0][1] == votes[1][1]:
        tied = ", ".join(f"{v!r} ({c})" for v, c in votes if c == votes[0][1])
        return f"tie between {tied}"
    winner, support = votes[0]
    first = next(a for a, v in answers.items() if v == winner)
    return [_with_support(r, support, len(answers)) for r in _results_of(task, first, control)]


def _median(control: str, unit: Unit, task: Task) -> list[dict[str, Any]] | str:
    answers = {a: v for a, v in sorted(unit.answers.items()) if v is not None}
    if not answers:
        return []
    first = next(iter(answers))
    template = _results_of(task, first, control)[0]
    shape_key = next(iter(template["value"]))  # a Rating or Number value has its one key
    integer = all(float(v).is_integer() for v in answers.values())
    middle = statistics.median_low(answers.values()) if integer else statistics.median(answers.values())
    value: float | int = int(middle) if integer else float(middle)
    support = sum(1 for v in answers.values() if v == value)
    out = _with_support(template, support, len(answers))
    out["value"][shape_key] = value
    return [out]


def _span_vote(unit: Unit, n: int) -> list[dict[str, Any]]:
    votes: Counter[tuple[Any, Hashable]] = Counter()
    first: dict[tuple[Any, Hashable], Region] = {}
    for _, regions in sorted(unit.answers.items()):
        for key in dict.fromkeys((r.where, r.label) for r in regions):  # one vote per annotator
            votes[key] += 1
        for r in regions:
            first.setdefault((r.where, r.label), r)
    kept = [k for k, c in votes.items() if c * 2 > n]
    return [_with_support(first[k].result, votes[k], n) for k in sorted(kept, key=repr)]


def _similarity(fam: Family, a: Region, b: Region, s: Settings) -> float:
    if a.label != b.label:
        return 0.0
    return _oks(a, b, s) if fam is Family.POINTS else iou(a.where, b.where)


def _clusters(unit: Unit, fam: Family, n: int, s: Settings) -> list[dict[str, Any]]:
    threshold = s.keypoint_threshold if fam is Family.POINTS else s.iou_threshold
    clusters: list[list[Region]] = []
    for _, regions in sorted(unit.answers.items()):
        # Each annotator's regions join the clusters they best overlap (one region per cluster).
        similarity = [[_similarity(fam, r, c[0], s) for c in clusters] for r in regions]
        m = match(similarity, threshold, len(clusters))
        joined = {i for i, _, _ in m.pairs}
        for i, j, _ in m.pairs:
            clusters[j].append(regions[i])
        clusters.extend([r] for i, r in enumerate(regions) if i not in joined)
    kept = [c for c in clusters if len(c) * 2 > n]
    return [_with_support(_merged(c, fam, s), len(c), n) for c in kept]


def _merged(members: list[Region], fam: Family, s: Settings) -> dict[str, Any]:
    """One result for a cluster: averaged coordinates, or the most central polygon."""
    if len(members) == 1 or (isinstance(members[0].where, tuple) and fam is Family.AREAS):
        return _central(members, fam, s).result
    out = copy.deepcopy(members[0].result)
    values = [m.result["value"] for m in members]
    keys: tuple[str, ...] = ("x", "y")
    if fam is Family.AREAS:
        keys += ("width", "height") if isinstance(members[0].where, Box) else ("radiusX", "radiusY")
    for k in keys:
        if k in out["value"]:
            out["value"][k] = _mean([v[k] for v in values])
    if "rotation" in out["value"]:
        out["value"]["rotation"] = _angle([v.get("rotation") or 0 for v in values])
    if not out["value"].get("rotation") and "width" in out["value"] and "height" in out["value"]:
        # Averages of boxes inside the image stay inside up to rounding; keep them exactly inside.
        edge = 1.0 if members[0].geometry is Geometry.PAGE_BOX else 100.0  # fractions, not percent
        for start, size in (("x", "width"), ("y", "height")):
            if out["value"][start] + out["value"][size] > edge:
                out["value"][size] = edge - out["value"][start]
    return out


def _central(members: list[Region], fam: Family, s: Settings) -> Region:
    def closeness(m: Region) -> float:
        return sum(_similarity(fam, m, o, s) for o in members if o is not m)

    return max(members, key=closeness)  # ties: the earliest annotator in sorted order


def _mean(values: list[float]) -> float:
    # Equal values give themselves back exactly, type included (a float sum divided back may not).
    return values[0] if all(v == values[0] for v in values) else math.fsum(values) / len(values)


def _angle(degrees: list[float]) -> float:
    """Circular mean: 350 and 10 degrees average to 0, not 180."""
    if all(d == degrees[0] for d in degrees):
        return degrees[0]
    sin = math.fsum(math.sin(math.radians(d)) for d in degrees)
    cos = math.fsum(math.cos(math.radians(d)) for d in degrees)
    return math.degrees(math.atan2(sin, cos)) % 360


def consensus_tasks(
    export: str,
    cfg: Config,
    settings: Settings | None = None,
    min_annotators: int = 2,
    skipped: Skipped | None = None,
    left_out: Skipped | None = None,
) -> Iterator[tuple[dict[str, Any], list[Unresolved]]]:
    """Each task of the export as a Label Studio import record (with its consensus annotation when
    there is one), with what stayed unresolved; what reading skipped and what the consensus left out
    are counted into `skipped` and `left_out`. Streams: one task in memory at a time."""
    model = ResultModel(cfg)
    s = settings or Settings()
    skipped = skipped if skipped is not None else Skipped()
    left_out = left_out if left_out is not None else Skipped()
    for task in read_export(export, cfg, skipped):
        results, problems = consensus_task(task, model, s, min_annotators, left_out)
        record: dict[str, Any] = {"data": task.record.get("data", {})}
        if "id" in task.record:
            record["id"] = task.record["id"]
        if results is not None:
            record["annotations"] = [{"result": results}]
        yield record, problems
