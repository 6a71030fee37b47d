"""The agreement report: typed values, every figure with the tasks and annotations it rests on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Figure:
    """A metric value (None when undefined, e.g. kappa without variation) and what it rests on."""

    value: float | None
    tasks: int
    annotations: int


@dataclass(frozen=True, slots=True)
class ControlAgreement:
    control: str
    tag: str
    family: str
    metrics: dict[str, Figure]
    labels: tuple[str, ...] = ()  # rows and columns of `confusion` (nominal controls)
    confusion: tuple[tuple[int, ...], ...] = ()  # answer pairs of every two annotators, both ways


@dataclass(frozen=True, slots=True)
class PairAgreement:
    a: str
    b: str
    agreement: Figure  # mean pairwise score over every control of their shared tasks
    kappa: dict[str, Figure] = field(default_factory=dict)  # Cohen's kappa per nominal control


@dataclass(frozen=True, slots=True)
class TaskAgreement:
    id: object
    index: int
    agreement: float | None  # mean over controls of the mean pairwise score; None with one annotator
    annotations: int
    annotators: tuple[str, ...]
    controls: dict[str, float]


@dataclass(frozen=True, slots=True)
class Skip:
    reason: str
    count: int
    example: str  # where it first happened


@dataclass(frozen=True, slots=True)
class AgreementReport:
    export: str
    overall: Figure
    controls: tuple[ControlAgreement, ...]
    pairs: tuple[PairAgreement, ...]
    tasks: tuple[TaskAgreement, ...]
    skipped: tuple[Skip, ...]  # annotations and records left out before measuring
    not_measured: tuple[Skip, ...]  # results left out of the measures, by reason
    histogram: tuple[int, ...]  # tasks per tenth of agreement: [0, 0.1), ... [0.9, 1.0]
    settings: dict[str, float]

    def least_agreed(self, n: int = 10) -> list[TaskAgreement]:
        scored = [t for t in self.tasks if t.agreement is not None]
        return sorted(scored, key=lambda t: (t.agreement, t.index))[:n]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def histogram(values: list[float], bins: int = 10) -> tuple[int, ...]:
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins)))] += 1
    return tuple(counts)
