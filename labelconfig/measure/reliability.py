"""Reliability of categorical and numeric judgements: percent agreement, Cohen's kappa, Fleiss' kappa,
Krippendorff's alpha (nominal, ordinal, interval; missing values allowed), mean absolute difference.

Units are sequences of values, one per annotator, `None` where an annotator gave none. The
accumulating classes (`Coincidences`, `Confusion`, `FleissCounts`) let a caller feed units one at a
time, so memory stays flat in the number of tasks; the functions are the same sums over a list.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from enum import StrEnum
from itertools import combinations, permutations
from typing import Any


class Level(StrEnum):
    """Krippendorff's levels of measurement: which differences between values count, and how much."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"


def _present(unit: Sequence[Any]) -> list[Any]:
    return [v for v in unit if v is not None]


class Coincidences:
    """Krippendorff's coincidence matrix, built unit by unit (Krippendorff 2011, section C)."""

    def __init__(self) -> None:
        self.matrix: defaultdict[tuple[Hashable, Hashable], float] = defaultdict(float)
        self.units = 0  # pairable units: two values or more
        self.values = 0  # pairable values

    def add(self, unit: Sequence[Hashable | None]) -> None:
        values = _present(unit)
        m = len(values)
        if m < 2:
            return  # a lone value has nothing to agree with (Krippendorff drops it)
        self.units += 1
        self.values += m
        weight = 1.0 / (m - 1)
        for a, b in permutations(values, 2):
            self.matrix[a, b] += weight

    def alpha(self, level: Level = Level.NOMINAL) -> float | None:
        """Alpha, or None when there is no variation to measure against (all values alike or none)."""
        totals: defaultdict[Hashable, float] = defaultdict(float)
        for (a, _), w in self.matrix.items():
            totals[a] += w
        n = sum(totals.values())
        if n <= 1 or len(totals) < 2:
            return None
        delta = _distance(level, totals)
        observed = sum(w * delta(a, b) for (a, b), w in self.matrix.items())
        expected = sum(totals[a] * totals[b] * delta(a, b) for a in totals for b in totals)
        if expected == 0:
            return None
        return 1.0 - (n - 1) * observed / expected


def _distance(level: Level, totals: Mapping[Hashable, float]) -> Any:
    if level is Level.NOMINAL:
        return lambda a, b: 0.0 if a == b else 1.0
    if level is Level.INTERVAL:
        return lambda a, b: (float(a) - float(b)) ** 2
    # Ordinal: the distance between two ranks is the mass of values between them, halved at the ends.
    ordered = sorted(totals, key=float)  # type: ignore[arg-type]
    cumulative: dict[Hashable, float] = {}
    running = 0.0
    for v in ordered:
        cumulative[v] = running + totals[v] / 2  # mass strictly below v plus half of v's own
        running += totals[v]
    return lambda a, b: (cumulative[a] - cumulative[b]) ** 2


def krippendorff_alpha(
    units: Iterable[Sequence[Hashable | None]], level: Level = Level.NOMINAL
) -> float | None:
    """Krippendorff's alpha of `units` (one value per annotator, None when missing)."""
    c = Coincidences()
    for unit in units:
        c.add(unit)
    return c.alpha(level)


class Confusion:
    """Two annotators' joint counts, for Cohen's kappa; units where either is missing are left out."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[Hashable, Hashable]] = Counter()

    def add(self, a: Hashable | None, b: Hashable | None) -> None:
        if a is not None and b is not None:
            self.counts[a, b] += 1

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def kappa(self) -> float | None:
        n = self.n
        if n == 0:
            return None
        observed = sum(c for (a, b), c in self.counts.items() if a == b) / n
        rows: Counter[Hashable] = Counter()
        cols: Counter[Hashable] = Counter()
        for (a, b), c in self.counts.items():
            rows[a] += c
            cols[b] += c
        expected = sum(rows[k] * cols[k] for k in rows) / (n * n)
        if expected == 1.0:
            # Both always said the same one thing: kappa is undefined (scikit-learn returns nan).
            return None
        return (observed - expected) / (1.0 - expected)


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> float | None:
    """Cohen's kappa of two annotators over the same units (pairs with a missing value left out)."""
    c = Confusion()
    for x, y in zip(a, b, strict=True):
        c.add(x, y)
    return c.kappa()


class FleissCounts:
    """Fleiss' kappa, fed unit by unit. Units may have different numbers of ratings (two or more);
    each unit's agreement uses its own count, the category shares pool every rating."""

    def __init__(self) -> None:
        self.units = 0
        self.agreement = 0.0  # sum of the units' P_i
        self.categories: Counter[Hashable] = Counter()
        self.ratings = 0

    def add_counts(self, counts: Counter[Hashable] | dict[Hashable, int]) -> None:
        n = sum(counts.values())
        if n < 2:
            return
        self.units += 1
        self.agreement += sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))
        self.categories.update(counts)
        self.ratings += n

    def add(self, unit: Sequence[Hashable | None]) -> None:
        self.add_counts(Counter(_present(unit)))

    def kappa(self) -> float | None:
        if self.units == 0:
            return None
        p_bar = self.agreement / self.units
        p_e = sum((c / self.ratings) ** 2 for c in self.categories.values())
        if p_e == 1.0:
            return None
        return (p_bar - p_e) / (1.0 - p_e)


def fleiss_kappa(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Fleiss' kappa of `units` (one value per rating, None when missing)."""
    f = FleissCounts()
    for unit in units:
        f.add(unit)
    return f.kappa()


def fleiss_kappa_from_counts(table: Iterable[Sequence[int]]) -> float | None:
    """Fleiss' kappa from a subjects × categories table of counts, as Fleiss (1971) tabulates it."""
    f = FleissCounts()
    for row in table:
        f.add_counts({j: c for j, c in enumerate(row) if c})
    return f.kappa()


def unit_agreement(unit: Sequence[Hashable | None]) -> float | None:
    """The share of agreeing pairs among a unit's values (None with fewer than two)."""
    values = _present(unit)
    pairs = len(values) * (len(values) - 1) // 2
    if pairs == 0:
        return None
    return sum(1 for a, b in combinations(values, 2) if a == b) / pairs


def percent_agreement(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Mean over units of the share of agreeing annotator pairs (units with under two values skipped)."""
    scores = [s for u in units if (s := unit_agreement(u)) is not None]
    return sum(scores) / len(scores) if scores else None


def mean_absolute_difference(units: Iterable[Sequence[float | None]]) -> float | None:
    """Mean of |a - b| over every pair of values within a unit, across units."""
    total, pairs = 0.0, 0
    for unit in units:
        for a, b in combinations(_present(unit), 2):
            total += abs(a - b)
            pairs += 1
    return total / pairs if pairs else None
