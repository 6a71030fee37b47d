"""Agreement metrics against hand-computed and published examples, and against reference packages."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labelconfig.measure.geometry import Box, Ellipse, box_iou, iou, keypoint_similarity, polygon_iou
from labelconfig.measure.matching import linear_assignment, match
from labelconfig.measure.relations import relation_f1
from labelconfig.measure.reliability import (
    Level,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
    mean_absolute_difference,
    percent_agreement,
)
from labelconfig.measure.spans import exact_f1, overlap_f1
from labelconfig.measure.text import text_similarity

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units.
_ = None
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
UNITS_2011 = [list(u) for u in zip(*KRIPPENDORFF_2011, strict=True)]

# The worked example of Fleiss' kappa (10 subjects, 14 raters, 5 categories; column totals 20, 28, 39,
# 21, 32): P = 0.378, Pe = 0.213, kappa = 0.210.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_krippendorff_2011_published_values() -> None:
    # The paper prints nominal 0.743, ordinal 0.815 and interval 0.849 for these data.
    assert krippendorff_alpha(UNITS_2011, Level.NOMINAL) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(UNITS_2011, Level.ORDINAL) == pytest.approx(0.815, abs=5e-4)
    assert krippendorff_alpha(UNITS_2011, Level.INTERVAL) == pytest.approx(0.849, abs=5e-4)


def test_fleiss_worked_example() -> None:
    assert fleiss_kappa_from_counts(FLEISS_TABLE) == pytest.approx(0.210, abs=5e-4)


def test_fleiss_from_units_equals_from_counts() -> None:
    units = [[j for j, c in enumerate(row) for _ in range(c)] for row in FLEISS_TABLE]
    assert fleiss_kappa(units) == pytest.approx(fleiss_kappa_from_counts(FLEISS_TABLE), abs=1e-12)


def test_hand_computed_cohen_and_percent_agreement() -> None:
    # 10 items: both "y" 4 times, both "n" 3 times, disagree 3 times (y/n twice, n/y once).
    a = list("yyyynnnyyn")
    b = list("yyyynnnnny")
    # po = 0.7; a says y 6 of 10, b 5 of 10: pe = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = 0.2/0.5 = 0.4
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert percent_agreement(zip(a, b, strict=True)) == pytest.approx(0.7)
    # Three annotators agreeing on 2 of 3 pairs in one unit, all in another: (1/3 + 1) / 2.
    assert percent_agreement([["a", "a", "b"], ["c", "c", "c"]]) == pytest.approx(2 / 3)


def test_mean_absolute_difference_by_hand() -> None:
    # Pairs: |1-3| = 2, |1-None| skipped, |3-None| skipped; |4-4| = 0, |4-5| = 1, |4-5| = 1.
    assert mean_absolute_difference([[1, 3, None], [4, 4, 5]]) == pytest.approx(4 / 4)


def test_undefined_figures_are_none() -> None:
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None  # no variation
    assert cohen_kappa(["a", "a"], ["a", "a"]) is None
    assert percent_agreement([["a", None]]) is None


def _random_units(rng: random.Random, coders: int, units: int, values: int) -> list[list[int | None]]:
    return [
        [rng.randrange(values) if rng.random() > 0.2 else None for _ in range(coders)] for _ in range(units)
    ]


@pytest.mark.parametrize("seed", range(20))
def test_alpha_equals_krippendorff_package(seed: int) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    np = pytest.importorskip("numpy")
    rng = random.Random(seed)
    units = _random_units(rng, rng.randint(2, 6), rng.randint(5, 60), rng.randint(2, 7))
    data = np.array([[math.nan if v is None else v for v in u] for u in units], dtype=float).T
    for ours, theirs in (
        (Level.NOMINAL, "nominal"),
        (Level.ORDINAL, "ordinal"),
        (Level.INTERVAL, "interval"),
    ):
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement=theirs)
        got = krippendorff_alpha(units, ours)
        assert got is not None
        assert got == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_cohen_equals_scikit_learn(seed: int) -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    rng = random.Random(seed)
    n = rng.randint(5, 200)
    k = rng.randint(2, 6)
    a = [rng.randrange(k) for _ in range(n)]
    b = [x if rng.random() < 0.5 else rng.randrange(k) for x in a]
    assert cohen_kappa(a, b) == pytest.approx(metrics.cohen_kappa_score(a, b), abs=1e-9)


def _brute_force(cost: list[list[float]]) -> float:
    rows, cols = len(cost), len(cost[0])
    if rows <= cols:
        return min(sum(cost[i][p[i]] for i in range(rows)) for p in itertools.permutations(range(cols), rows))
    return min(sum(cost[p[j]][j] for j in range(cols)) for p in itertools.permutations(range(rows), cols))


@settings(max_examples=200)
@given(
    st.integers(1, 5).flatmap(
        lambda r: st.integers(1, 5).flatmap(
            lambda c: st.lists(
                st.lists(st.floats(-10, 10, allow_nan=False), min_size=c, max_size=c), min_size=r, max_size=r
            )
        )
    )
)
def test_assignment_is_optimal(cost: list[list[float]]) -> None:
    pairs = linear_assignment(cost)
    assert len(pairs) == min(len(cost), len(cost[0]))
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert sum(cost[i][j] for i, j in pairs) == pytest.approx(_brute_force(cost), abs=1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_assignment_equals_scipy(seed: int) -> None:
    optimize = pytest.importorskip("scipy.optimize")
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 30), rng.randint(1, 30)
    cost = [[rng.random() for _ in range(cols)] for _ in range(rows)]
    r, c = optimize.linear_sum_assignment(cost)
    ours = linear_assignment(cost)
    assert sum(cost[i][j] for i, j in ours) == pytest.approx(
        sum(cost[i][j] for i, j in zip(r, c, strict=True)), abs=1e-9
    )


def test_matching_prefers_the_better_total_and_respects_the_threshold() -> None:
    # Greedy would take (0, 0) = 0.9 and leave row 1 with nothing; the optimum pairs both.
    m = match([[0.9, 0.8], [0.85, 0.1]], threshold=0.5)
    assert sorted((i, j) for i, j, _ in m.pairs) == [(0, 1), (1, 0)]
    assert m.f1 == 1.0
    assert match([[0.4]], threshold=0.5).f1 == 0.0
    assert match([], threshold=0.5).f1 == 1.0
    assert match([], threshold=0.5, columns=2).f1 == 0.0  # one side drew nothing, the other two
    assert overlap_f1([], [(0, 5, "PER")]) == 0.0


def test_box_iou_by_hand() -> None:
    assert box_iou(Box(0, 0, 10, 10), Box(5, 0, 10, 10)) == pytest.approx(50 / 150)
    assert box_iou(Box(0, 0, 10, 10), Box(20, 20, 5, 5)) == 0.0
    # A rotated box against itself, through shapely.
    assert box_iou(Box(10, 10, 30, 10, 30), Box(10, 10, 30, 10, 30)) == pytest.approx(1.0)
    # 90 degrees clockwise around the top-left corner puts a 10 x 4 box at x in [6, 10], y in [0, 10].
    assert box_iou(Box(10, 0, 10, 4, 90), Box(6, 0, 4, 10)) == pytest.approx(1.0)


def test_polygon_and_ellipse_iou() -> None:
    square = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    half = ((0.0, 0.0), (5.0, 0.0), (5.0, 10.0), (0.0, 10.0))
    assert polygon_iou(square, half) == pytest.approx(0.5)
    bowtie = ((0.0, 0.0), (10.0, 10.0), (10.0, 0.0), (0.0, 10.0))  # self-intersecting: repaired
    assert 0.0 < polygon_iou(square, bowtie) < 1.0
    circle = Ellipse(0, 0, 10, 10)
    assert iou(circle, Ellipse(0, 0, 10, 10)) == pytest.approx(1.0)
    # Concentric circles of radius 10 and 5: IoU = 25 / 100.
    assert iou(circle, Ellipse(0, 0, 5, 5)) == pytest.approx(0.25, abs=0.005)


def test_keypoint_similarity() -> None:
    assert keypoint_similarity((1, 1), (1, 1), 100) == 1.0
    # At sigma*scale apart: exp(-1/2).
    assert keypoint_similarity((0, 0), (5, 0), 100, sigma=0.05) == pytest.approx(math.exp(-0.5))


def test_span_f1_by_hand() -> None:
    a = [(0, 5, "PER"), (10, 20, "ORG")]
    b = [(0, 5, "PER"), (12, 20, "ORG"), (30, 35, "LOC")]
    assert exact_f1(a, b) == pytest.approx(2 * 1 / 5)
    assert overlap_f1(a, b) == pytest.approx(2 * 2 / 5)
    assert overlap_f1([(0, 5, "PER")], [(0, 5, "ORG")]) == 0.0
    assert overlap_f1([(0, 5, "X")], [(5, 9, "X")]) == 0.0  # touching is not overlapping
    assert overlap_f1([((0, 3), (1, 2), "X")], [((1, 0), (2, 5), "X")]) == 1.0  # paragraph positions
    assert overlap_f1([(0, 10, "X")], [(8, 10, "X")], threshold=0.5) == 0.0  # IoU 0.2


def test_text_similarity_and_relations() -> None:
    assert text_similarity("kitten", "sitting") == pytest.approx(1 - 3 / 7)
    assert text_similarity("", "") == 1.0
    a = [("a1", "a2", "near"), ("a2", "a3", "far")]
    b = [("b1", "b2", "near"), ("b2", "b3", "near")]
    assert relation_f1(a, b, {"a1": "b1", "a2": "b2", "a3": "b3"}) == pytest.approx(2 * 1 / 4)
    assert relation_f1(a, b, {}) == 0.0
