"""Agreement of an export: tasks are read one at a time; per control, each pair of annotators is
compared and the reliability figures accumulate, so memory grows only with the per-task summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from ..measure.relations import relation_f1
from ..measure.reliability import Coincidences, Confusion, FleissCounts, Level, unit_agreement
from ..payloads.api import Config
from ..payloads.model import ResultModel
from .compare import Outcome, Settings, compare_regions, compare_values
from .export import Skipped, Task, read_export
from .items import Family, category, classify, family, number, region, text, value_field
from .report import (
    AgreementReport,
    ControlAgreement,
    Figure,
    PairAgreement,
    Skip,
    TaskAgreement,
    histogram,
)

Key = tuple[str, Family]  # (control name, family)
CLASSIFICATIONS = (Family.NOMINAL, Family.NUMERIC, Family.TEXT)


@dataclass(slots=True)
class Unit:
    """One control on one task: each annotator's answer (classification) or regions."""

    tag: str
    family: Family
    span: float | None = None  # numeric scale from the config bounds
    answers: dict[str, Any] = field(default_factory=dict)


def task_units(task: Task, model: ResultModel, not_measured: Skipped) -> dict[Key, Unit]:
    """Each measured control of `task` with every annotator's answer or regions."""
    grouped: dict[Key, dict[str, list[tuple[dict[str, Any], Any]]]] = defaultdict(lambda: defaultdict(list))
    tags: dict[Key, tuple[str, Any]] = {}  # tag and value shape of each control
    for annotation in task.annotations:
        for result in annotation.results:
            name, control, shape = classify(model, result)
            if name == "relations":
                grouped[name, Family.RELATIONS][annotation.annotator].append((result, None))
                tags[name, Family.RELATIONS] = ("Relation", None)
                continue
            fam = family(control, shape) if control is not None else "results of no control"
            if not isinstance(fam, Family):  # a reason (Family is a str too, so test for it)
                not_measured.add(fam, f"task {task.id} `{name}`")
                continue
            grouped[name, fam][annotation.annotator].append((result, shape))
            tags[name, fam] = (control.tag if control else "", shape)
    units: dict[Key, Unit] = {}
    for key, by_annotator in grouped.items():
        tag, shape = tags[key]
        unit = Unit(tag, key[1])
        for annotation in task.annotations:
            found = by_annotator.get(annotation.annotator, [])
            unit.answers[annotation.annotator] = _answer(key[1], found)
        if key[1] is Family.NUMERIC:
            scale = value_field(shape).scale  # narrowed by the config (maxRating, min/max)
            if scale is not None:
                unit.span = scale[1] - scale[0]
        units[key] = unit
    return units


def _answer(fam: Family, found: list[tuple[dict[str, Any], Any]]) -> Any:
    if fam in CLASSIFICATIONS:
        if not found:
            return None
        shape = found[0][1]
        values = [r["value"] for r, _ in found]
        if fam is Family.NOMINAL:
            return category(shape, values)
        return number(shape, values) if fam is Family.NUMERIC else text(shape, values)
    if fam is Family.RELATIONS:
        return [r for r, _ in found]
    regions = (region(shape, r, i) for i, (r, shape) in enumerate(found))
    return [x for x in regions if x is not None]


def _relations(results: list[dict[str, Any]]) -> list[tuple[str, str, Hashable]]:
    return [
        (str(r.get("from_id")), str(r.get("to_id")), (r.get("direction"), *sorted(r.get("labels") or ())))
        for r in results
    ]


def label_text(category: Hashable) -> str:
    """A category as a row of the confusion matrix: a label, or labels joined by `+`."""
    if isinstance(category, tuple):
        return " + ".join(label_text(c) for c in category)
    return str(category)


@dataclass(slots=True)
class ControlStats:
    """What accumulates for one control over the tasks."""

    control: str
    tag: str
    family: Family
    tasks: int = 0
    annotations: int = 0
    pair_sum: float = 0.0
    pairs: int = 0
    figures: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0]))
    similarities: list[float] = field(default_factory=lambda: [0.0, 0])
    coincidences: Coincidences = field(default_factory=Coincidences)
    fleiss: FleissCounts = field(default_factory=FleissCounts)
    agreement: list[float] = field(default_factory=lambda: [0.0, 0])  # percent agreement over units
    absolute: list[float] = field(default_factory=lambda: [0.0, 0])  # |a - b| over pairs
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_pair: dict[tuple[str, str], Confusion] = field(default_factory=lambda: defaultdict(Confusion))

    def add_pair(self, pair: tuple[str, str], outcome: Outcome, x: Any, y: Any) -> None:
        self.pair_sum += outcome.score
        self.pairs += 1
        for name, v in outcome.figures.items():
            self.figures[name][0] += v
            self.figures[name][1] += 1
        self.similarities[0] += sum(outcome.similarities)
        self.similarities[1] += len(outcome.similarities)
        if self.family is Family.NOMINAL:
            self.by_pair[pair].add(x, y)
            self.confusion[label_text(x), label_text(y)] += 1
            self.confusion[label_text(y), label_text(x)] += 1
        elif self.family is Family.NUMERIC:
            self.absolute[0] += abs(x - y)
            self.absolute[1] += 1

    def add_unit(self, values: list[Any]) -> None:
        self.coincidences.add(values)
        if self.family is Family.NOMINAL:
            self.fleiss.add(values)
        share = unit_agreement(values)
        if share is not None:
            self.agreement[0] += share
            self.agreement[1] += 1

    def figure(self, value: float | None) -> Figure:
        return Figure(value, self.tasks, self.annotations)

    def metrics(self, two_annotators: bool) -> dict[str, Figure]:
        out = {"mean_pairwise": self.figure(_mean(self.pair_sum, self.pairs))}
        if self.family is Family.NOMINAL:
            out["percent_agreement"] = self.figure(_mean(*self.agreement))
            out["fleiss_kappa"] = self.figure(self.fleiss.kappa())
            out["krippendorff_alpha_nominal"] = self.figure(self.coincidences.alpha(Level.NOMINAL))
            if two_annotators and len(self.by_pair) == 1:
                out["cohen_kappa"] = self.figure(next(iter(self.by_pair.values())).kappa())
        elif self.family is Family.NUMERIC:
            out["krippendorff_alpha_ordinal"] = self.figure(self.coincidences.alpha(Level.ORDINAL))
            out["krippendorff_alpha_interval"] = self.figure(self.coincidences.alpha(Level.INTERVAL))
            out["mean_absolute_difference"] = self.figure(_mean(*self.absolute))
        for name, (total, n) in self.figures.items():
            out[name] = self.figure(_mean(total, int(n)))
        if self.family is Family.AREAS:
            out["mean_iou_of_matches"] = self.figure(_mean(*self.similarities))
        return out


def _mean(total: float, n: float) -> float | None:
    return total / n if n else None


class Agreement:
    """Feed tasks with `add`; `report` gives the figures so far."""

    def __init__(self, cfg: Config, settings: Settings | None = None) -> None:
        self.cfg = cfg
        self.model = ResultModel(cfg)
        self.settings = settings or Settings()
        self.stats: dict[Key, ControlStats] = {}
        self.pair_totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0, 0])
        self.tasks: list[TaskAgreement] = []
        self.not_measured = Skipped()
        self.annotators: set[str] = set()

    def add(self, task: Task) -> TaskAgreement:
        units = task_units(task, self.model, self.not_measured)
        annotators = sorted(a.annotator for a in task.annotations)
        self.annotators.update(annotators)
        pairs = list(combinations(annotators, 2))
        matched: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        per_control: dict[str, float] = {}
        pair_seen: set[tuple[str, str]] = set()
        # Relations last: they are compared through the regions matched before them.
        for key in sorted(units, key=lambda k: (k[1] is Family.RELATIONS, k)):
            unit = units[key]
            stats = self.stats.get(key) or self.stats.setdefault(key, ControlStats(key[0], unit.tag, key[1]))
            scores = []
            for pair in pairs:
                x, y = unit.answers[pair[0]], unit.answers[pair[1]]
                outcome = self._compare(unit, x, y, matched[pair])
                if outcome is None:
                    continue
                scores.append(outcome.score)
                stats.add_pair(pair, outcome, x, y)
                totals = self.pair_totals[pair]
                totals[0] += outcome.score
                totals[1] += 1
                pair_seen.add(pair)
            if not scores:
                continue
            stats.tasks += 1
            stats.annotations += sum(1 for v in unit.answers.values() if v is not None)
            per_control[key[0] if key[1] is not Family.RELATIONS else "relations"] = sum(scores) / len(scores)
            if unit.family in (Family.NOMINAL, Family.NUMERIC):
                stats.add_unit([unit.answers[a] for a in annotators])
        for pair in pair_seen:
            self.pair_totals[pair][2] += 1
        score = sum(per_control.values()) / len(per_control) if per_control else None
        summary = TaskAgreement(task.id, task.index, score, len(annotators), tuple(annotators), per_control)
        self.tasks.append(summary)
        return summary

    def _compare(self, unit: Unit, x: Any, y: Any, matched: dict[str, str]) -> Outcome | None:
        if unit.family in CLASSIFICATIONS:
            return None if x is None or y is None else compare_values(unit.family, x, y, unit.span)
        if not x and not y:
            return None  # neither drew anything: nothing to agree on, and no free 1.0 either
        if unit.family is Family.RELATIONS:
            f1 = relation_f1(_relations(x), _relations(y), matched)
            return Outcome(f1, {"f1": f1})
        outcome = compare_regions(unit.family, x, y, self.settings)
        matched.update(outcome.matched)
        return outcome

    def report(self, export: str, skipped: Skipped) -> AgreementReport:
        two = len(self.annotators) == 2
        controls = tuple(self._control(s, two) for _, s in sorted(self.stats.items()))
        pairs = tuple(self._pair(pair, totals) for pair, totals in sorted(self.pair_totals.items()))
        scored = [t.agreement for t in self.tasks if t.agreement is not None]
        overall = Figure(
            sum(scored) / len(scored) if scored else None,
            len(scored),
            sum(t.annotations for t in self.tasks if t.agreement is not None),
        )
        return AgreementReport(
            export,
            overall,
            controls,
            pairs,
            tuple(self.tasks),
            _skips(skipped),
            _skips(self.not_measured),
            histogram(scored),
            {
                "iou_threshold": self.settings.iou_threshold,
                "span_threshold": self.settings.span_threshold,
                "keypoint_sigma": self.settings.keypoint_sigma,
                "keypoint_threshold": self.settings.keypoint_threshold,
            },
        )

    def _control(self, s: ControlStats, two: bool) -> ControlAgreement:
        labels: tuple[str, ...] = ()
        matrix: tuple[tuple[int, ...], ...] = ()
        if s.family is Family.NOMINAL:
            seen = {a for a, _ in s.confusion}
            control = self.model.controls.get(s.control)
            declared = [label for label in (control.label_order if control else ()) if label in seen]
            labels = (*declared, *sorted(seen - set(declared)))
            matrix = tuple(tuple(s.confusion[r, c] for c in labels) for r in labels)
        return ControlAgreement(s.control, s.tag, str(s.family), s.metrics(two), labels, matrix)

    def _pair(self, pair: tuple[str, str], totals: list[float]) -> PairAgreement:
        tasks = int(totals[2])
        kappa = {
            s.control: Figure(s.by_pair[pair].kappa(), s.by_pair[pair].n, 2 * s.by_pair[pair].n)
            for s in self.stats.values()
            if s.family is Family.NOMINAL and pair in s.by_pair
        }
        return PairAgreement(pair[0], pair[1], Figure(_mean(totals[0], totals[1]), tasks, 2 * tasks), kappa)


def _skips(skipped: Skipped) -> tuple[Skip, ...]:
    return tuple(Skip(r, n, skipped.examples[r]) for r, n in skipped.counts.most_common())


def measure(
    export: str,
    cfg: Config,
    settings: Settings | None = None,
    tasks: Iterable[Task] | None = None,
    ground_truth: bool = False,
) -> AgreementReport:
    """The agreement report of an export file (or of `tasks` already read)."""
    skipped = Skipped()
    agreement = Agreement(cfg, settings)
    found = tasks if tasks is not None else read_export(export, cfg, skipped, ground_truth=ground_truth)
    for task in found:
        agreement.add(task)
    return agreement.report(export, skipped)
