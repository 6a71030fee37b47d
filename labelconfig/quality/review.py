"""Picking tasks for review, weighted toward low agreement and reproducible from a seed.

Weighted sampling without replacement (Efraimidis and Spirakis 2006): each task draws u in (0, 1) from
the seeded generator, in file order, and the tasks with the largest u ** (1 / weight) are picked. The
weight is `floor + (1 - agreement)`: a task with perfect agreement can still be picked (rarely), and a
task with one annotation (no agreement to measure) weighs as much as total disagreement. A task
nobody annotated (no annotation that counts) has nothing to review: it is never drawn, and is listed
apart (`unannotated`), so the rate is a share of the annotated tasks.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable
from dataclasses import dataclass

from .report import TaskAgreement

FLOOR = 0.05


@dataclass(frozen=True, slots=True)
class Pick:
    id: object
    index: int
    agreement: float | None
    weight: float


def weight(agreement: float | None, floor: float = FLOOR) -> float:
    return floor + (1.0 if agreement is None else 1.0 - max(0.0, min(1.0, agreement)))


def sample_size(total: int, rate: float) -> int:
    """round(rate × total), and at least one task when the rate and the export are not empty."""
    if total == 0 or rate <= 0:
        return 0
    return min(total, max(1, int(rate * total + 0.5)))


def unannotated(tasks: Iterable[TaskAgreement]) -> list[TaskAgreement]:
    """The tasks without any annotation that counts, in file order."""
    return [t for t in tasks if t.annotations == 0]


def review_sample(tasks: Iterable[TaskAgreement], rate: float, seed: int, floor: float = FLOOR) -> list[Pick]:
    """The picked tasks, in file order, drawn from the annotated tasks only."""
    rng = random.Random(seed)
    keyed: list[tuple[float, int, Pick]] = []
    for t in tasks:
        if t.annotations == 0:
            continue
        w = weight(t.agreement, floor)
        u = rng.random() or 1e-300  # random() may return 0.0; 0 ** x would tie every such task
        keyed.append((u ** (1.0 / w), t.index, Pick(t.id, t.index, t.agreement, w)))
    chosen = heapq.nlargest(sample_size(len(keyed), rate), keyed, key=lambda k: (k[0], -k[1]))
    return sorted((p for _, _, p in chosen), key=lambda p: p.index)
