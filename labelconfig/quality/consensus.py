"""Consensus of an export: one annotation per task from its annotators' answers, decided per control.

Policies (documented in the README and `labelconfig consensus --help`). *Support* is the number of
annotators whose answer to that control agrees with the consensus; a control is resolved only with at
least `min_support` (2 by default: a lone answer is not consensus unless asked for).
- Choices, Taxonomy, Pairwise, DateTime: the answer given by more annotators than any other
  (plurality); a tie for the most votes is no consensus.
- TextArea: answers are compared after normalising case, whitespace and punctuation; each answer is
  supported by the answers at least `text_threshold` similar to it (normalised edit similarity), and
  the best supported one (the medoid of its group) wins; two separate groups with equal support tie.
- Rating and Number: the median (the lower median for whole numbers, so a Rating stays a whole
  number of stars), only when the answers lie within `max_spread` of each other.
- Spans: a span (same start, end and labels) is kept when more than half of the task's annotators
  marked it.
- Boxes, ellipses, polygons, keypoints: regions are clustered across annotators (optimal matching at
  the IoU / keypoint threshold, same labels, annotators taken in sorted order so their order in the
  file never matters); a cluster marked by more than half of the annotators is kept, with averaged
  coordinates (boxes, ellipses, keypoints) or its most central member (polygons, whose vertices do
  not correspond).
Every result carries `meta.support` and `meta.annotators` (who answered that control). A control
without consensus (a tie, too little support, too wide a spread) is left out of that task's
annotation and reported; the other controls keep theirs. A task gets no annotation when nothing was
resolved or when an unresolved control is required (the annotation would not lint); it keeps its
data, so the file lints clean and the task can be annotated again.
"""

from __future__ import annotations

import copy
import math
import statistics
import string
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from ..measure.geometry import Box, iou
from ..measure.matching import match
from ..measure.text import text_similarity
from ..payloads.api import Config
from ..payloads.model import ResultModel
from ..tags.model import Geometry
from .agreement import Key, Unit, task_units
from .compare import Settings, _oks, require
from .export import Skipped, Task, read_export
from .items import Family, Region


@dataclass(frozen=True, slots=True)
class Policy:
    """What makes a control's answers a consensus."""

    min_support: int = 2  # annotators agreeing on the answer
    max_spread: float = 1.0  # Rating, Number: largest max - min of the answers
    text_threshold: float = 0.8  # TextArea: normalised similarity at which two answers agree

    def __post_init__(self) -> None:
        # The Python API refuses what the CLI's option ranges refuse, as `Settings` does.
        require("min_support", self.min_support, lambda v: v >= 1, "a whole number of at least 1", (int,))
        require("max_spread", self.max_spread, lambda v: v >= 0, "a number of at least 0")
        require("text_threshold", self.text_threshold, lambda v: 0 <= v <= 1, "a number from 0 to 1")


@dataclass(frozen=True, slots=True)
class Unresolved:
    task: object
    control: str
    reason: str
    kind: str = "tie"  # tie, support, spread, no-annotation: what the tally of an export counts


class _NoConsensus(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.reason = kind, reason


DROPPED = "resolved result of a task whose required control has no consensus"


def consensus_task(
    task: Task,
    model: ResultModel,
    settings: Settings,
    min_support: int = 2,
    left_out: Skipped | None = None,
    policy: Policy | None = None,
) -> tuple[list[dict[str, Any]] | None, list[Unresolved]]:
    """The consensus results of `task` with what stayed unresolved; None when the task gets no
    annotation (nothing resolved, or a required control unresolved)."""
    p = policy or Policy(min_support=min_support)
    if not task.annotations:
        return None, [Unresolved(task.id, "", "no usable annotation", "no-annotation")]
    left_out = left_out if left_out is not None else Skipped()
    units = task_units(task, model, left_out)
    results: list[dict[str, Any]] = []
    problems: list[Unresolved] = []
    for key in sorted(units):
        if key[1] is Family.RELATIONS:
            left_out.add("relations are not carried into the consensus", f"task {task.id}")
            continue
        try:
            results.extend(_decide(key, units[key], task, len(task.annotations), settings, p))
        except _NoConsensus as no:
            problems.append(Unresolved(task.id, key[0], no.reason, no.kind))
    required = [u.control for u in problems if (c := model.controls.get(u.control)) and c.must_answer]
    if problems and (not results or required):
        for _ in results:  # decided, yet the task gets no annotation: counted, not lost
            left_out.add(DROPPED, f"task {task.id}")
        return None, problems
    for k, r in enumerate(results):
        r["id"] = f"consensus-{k}"
    return results, problems


def _results_of(task: Task, annotator: str, control: str) -> list[dict[str, Any]]:
    annotation = next(a for a in task.annotations if a.annotator == annotator)
    return [r for r in annotation.results if r.get("from_name") == control]


def _with_support(result: dict[str, Any], support: int, answered: int) -> dict[str, Any]:
    out = copy.deepcopy(result)
    out.pop("id", None)
    out["meta"] = {**(out.get("meta") or {}), "support": support, "annotators": answered}
    return out


def _decide(key: Key, unit: Unit, task: Task, n: int, s: Settings, p: Policy) -> list[dict[str, Any]]:
    control, fam = key
    answers = {a: v for a, v in sorted(unit.answers.items()) if v is not None}
    if fam in (Family.NOMINAL, Family.TEXT, Family.NUMERIC):
        if not answers:
            return []
        decide = {Family.NOMINAL: _vote, Family.TEXT: _text, Family.NUMERIC: _median}[fam]
        return decide(control, answers, task, p)
    if fam is Family.SPANS:
        return _span_vote(unit, n, p.min_support)
    return _clusters(unit, fam, n, s, p.min_support)


def _enough(support: int, answered: int, p: Policy) -> None:
    if support < p.min_support:
        raise _NoConsensus(
            "support",
            f"support {support} of {answered} answer(s), {p.min_support} needed (see --min-support)",
        )


def _vote(control: str, answers: dict[str, Any], task: Task, p: Policy) -> list[dict[str, Any]]:
    votes = Counter[Hashable](answers.values()).most_common()
    if len(votes) > 1 and votes[0][1] == votes[1][1]:
        tied = ", ".join(f"{v!r} ({c})" for v, c in votes if c == votes[0][1])
        raise _NoConsensus("tie", f"tie between {tied}")
    winner, support = votes[0]
    _enough(support, len(answers), p)
    first = next(a for a, v in answers.items() if v == winner)
    return [_with_support(r, support, len(answers)) for r in _results_of(task, first, control)]


_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalised(text: str) -> str:
    """Case, whitespace and punctuation removed from the comparison (Unicode punctuation too)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCTUATION)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    return " ".join(text.split())


def _text(control: str, answers: dict[str, Any], task: Task, p: Policy) -> list[dict[str, Any]]:
    forms = {a: normalised(str(v)) for a, v in answers.items()}
    names = list(forms)
    near = {a: [b for b in names if text_similarity(forms[a], forms[b]) >= p.text_threshold] for a in names}
    best = max(len(v) for v in near.values())
    leaders = [a for a in names if len(near[a]) == best]
    # Leaders that do not agree with each other are separate groups of equal support: a tie.
    if any(b not in near[a] for a in leaders for b in leaders):
        groups = sorted({forms[a] for a in leaders})
        raise _NoConsensus("tie", "tie between texts " + ", ".join(repr(g) for g in groups))
    medoid = max(
        leaders, key=lambda a: (sum(text_similarity(forms[a], forms[b]) for b in near[a]), -names.index(a))
    )
    _enough(best, len(answers), p)
    # Of the answers reading as the medoid, the wording most of them used (ties: annotator order).
    same = [a for a in names if forms[a] == forms[medoid]]
    wording = Counter(str(answers[a]) for a in same).most_common()
    chosen = next(a for a in same if str(answers[a]) == wording[0][0])
    return [_with_support(r, best, len(answers)) for r in _results_of(task, chosen, control)]


def _median(control: str, answers: dict[str, Any], task: Task, p: Policy) -> list[dict[str, Any]]:
    values = list(answers.values())
    spread = max(values) - min(values)
    if spread > p.max_spread:
        raise _NoConsensus(
            "spread",
            f"answers {_num(min(values))} to {_num(max(values))} spread over {_num(spread)}, "
            f"more than {_num(p.max_spread)} (see --max-spread)",
        )
    _enough(len(values), len(values), p)
    first = next(iter(answers))
    template = _results_of(task, first, control)[0]
    shape_key = next(iter(template["value"]))  # a Rating or Number value has its one key
    integer = all(float(v).is_integer() for v in values)
    middle = statistics.median_low(values) if integer else statistics.median(values)
    value: float | int = int(middle) if integer else float(middle)
    out = _with_support(template, len(values), len(values))
    out["value"][shape_key] = value
    return [out]


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _span_vote(unit: Unit, n: int, min_support: int) -> list[dict[str, Any]]:
    votes: Counter[tuple[Any, Hashable]] = Counter()
    first: dict[tuple[Any, Hashable], Region] = {}
    for _, regions in sorted(unit.answers.items()):
        for key in dict.fromkeys((r.where, r.label) for r in regions):  # one vote per annotator
            votes[key] += 1
        for r in regions:
            first.setdefault((r.where, r.label), r)
    kept = [k for k, c in votes.items() if c * 2 > n and c >= min_support]
    return [_with_support(first[k].result, votes[k], n) for k in sorted(kept, key=repr)]


def _similarity(fam: Family, a: Region, b: Region, s: Settings) -> float:
    if a.label != b.label:
        return 0.0
    return _oks(a, b, s) if fam is Family.POINTS else iou(a.where, b.where)


def _clusters(unit: Unit, fam: Family, n: int, s: Settings, min_support: int) -> list[dict[str, Any]]:
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
    kept = [c for c in clusters if len(c) * 2 > n and len(c) >= min_support]
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
    policy: Policy | None = None,
    skipped: Skipped | None = None,
    left_out: Skipped | None = None,
    ground_truth: bool = False,
) -> Iterator[tuple[dict[str, Any], list[Unresolved]]]:
    """Each task of the export as a Label Studio import record (with its consensus annotation when
    there is one), with what stayed unresolved; what reading skipped and what the consensus left out
    are counted into `skipped` and `left_out`. Streams: one task in memory at a time."""
    model = ResultModel(cfg)
    s = settings or Settings()
    skipped = skipped if skipped is not None else Skipped()
    left_out = left_out if left_out is not None else Skipped()
    p = policy or Policy()
    for task in read_export(export, cfg, skipped, ground_truth=ground_truth):
        results, problems = consensus_task(task, model, s, p.min_support, left_out, p)
        record: dict[str, Any] = {"data": task.record.get("data", {})}
        if "id" in task.record:
            record["id"] = task.record["id"]
        if results is not None:
            record["annotations"] = [{"result": results}]
        yield record, problems
