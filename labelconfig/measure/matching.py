"""Optimal one-to-one matching of two annotators' items, and the F1 of the matched pairs.

The assignment is the Hungarian method (Kuhn-Munkres with potentials, O(n² m)), written here rather than
taken from scipy: matrices are a handful of regions per task, and scipy would be a 40 MB dependency of a
linter for one function. The tests compare it with brute force and, where installed, with
`scipy.optimize.linear_sum_assignment`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

INF = float("inf")


def linear_assignment(cost: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Row/column pairs of a rectangular `cost` matrix with the least total cost; every row is
    assigned when rows <= columns, else every column."""
    rows = len(cost)
    cols = len(cost[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    if rows > cols:
        transposed = [[cost[i][j] for i in range(rows)] for j in range(cols)]
        return sorted((i, j) for j, i in linear_assignment(transposed))
    # 1-based potentials u (rows), v (columns); match[j] is the row holding column j (0 = none).
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    match = [0] * (cols + 1)
    way = [0] * (cols + 1)
    for i in range(1, rows + 1):
        match[0] = i
        j0 = 0
        minv = [INF] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match[j0], INF, 0
            row = cost[i0 - 1]
            for j in range(1, cols + 1):
                if not used[j]:
                    reduced = row[j - 1] - u[i0] - v[j]
                    if reduced < minv[j]:
                        minv[j], way[j] = reduced, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(cols + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:  # flip the augmenting path
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    return sorted((match[j] - 1, j - 1) for j in range(1, cols + 1) if match[j])


@dataclass(frozen=True, slots=True)
class Matched:
    """The outcome of matching two annotators' items."""

    pairs: tuple[tuple[int, int, float], ...]  # (index in a, index in b, similarity) at or above threshold
    a: int  # items of the first annotator
    b: int  # items of the second

    @property
    def f1(self) -> float:
        """2·matches / (|a| + |b|); two empty sets agree completely."""
        if self.a + self.b == 0:
            return 1.0
        return 2 * len(self.pairs) / (self.a + self.b)

    @property
    def mean_similarity(self) -> float | None:
        return sum(s for _, _, s in self.pairs) / len(self.pairs) if self.pairs else None

    @property
    def soft_f1(self) -> float:
        """As `f1`, each match counted by its similarity (OKS-style keypoint agreement)."""
        if self.a + self.b == 0:
            return 1.0
        return 2 * sum(s for _, _, s in self.pairs) / (self.a + self.b)


def match(similarity: Sequence[Sequence[float]], threshold: float, columns: int | None = None) -> Matched:
    """Pairs with the greatest total similarity among those at or above `threshold` (others may not
    pair: a similarity below it counts as zero, so it never displaces a qualifying pair). `columns`
    is the size of the second set, which an empty matrix (no rows) cannot tell."""
    a = len(similarity)
    b = columns if columns is not None else (len(similarity[0]) if a else 0)
    usable = [[s if s >= threshold and s > 0 else 0.0 for s in row] for row in similarity]
    pairs = tuple(
        (i, j, similarity[i][j])
        for i, j in linear_assignment([[-s for s in row] for row in usable])
        if usable[i][j] > 0
    )
    return Matched(pairs, a, b)
