"""One annotator against another on one control of one task: the pair's agreement score in [0, 1]
and the figures behind it, plus the region ids matched (relations are compared through them)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from ..measure.geometry import iou, keypoint_similarity
from ..measure.matching import Matched, match
from ..measure.spans import exact_f1, overlap
from ..measure.text import text_similarity
from .items import Family, Region


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds of the matched measures."""

    iou_threshold: float = 0.5  # boxes, polygons, ellipses pair up at this IoU or more
    span_threshold: float = 0.0  # spans pair up when their IoU exceeds this (any overlap by default)
    keypoint_sigma: float = 0.05  # OKS spread, as a fraction of the image diagonal
    keypoint_threshold: float = 0.5  # keypoints pair up at this similarity or more

    def __post_init__(self) -> None:
        # The Python API refuses what the CLI's FloatRange(0, 1) refuses: a threshold of 2 matches nothing.
        for name in ("iou_threshold", "span_threshold", "keypoint_threshold"):
            require(name, getattr(self, name), lambda v: 0 <= v <= 1, "a number from 0 to 1")
        require("keypoint_sigma", self.keypoint_sigma, lambda v: v > 0, "a positive number")


def require(
    name: str, value: object, ok: Callable[[float], bool], wanted: str, kinds: tuple[type, ...] = (int, float)
) -> None:
    """Refuse an option the CLI's range types would refuse (a bool is no number here), with its name."""
    if isinstance(value, bool) or not isinstance(value, kinds) or not ok(value):  # type: ignore[arg-type]
        raise ValueError(f"{name} must be {wanted}, not {value!r}")


@dataclass(slots=True)
class Outcome:
    score: float
    figures: dict[str, float] = field(default_factory=dict)  # family figures for this pair
    matched: dict[str, str] = field(default_factory=dict)  # region id of a -> region id of b
    similarities: tuple[float, ...] = ()  # IoU of each matched pair of areas


def _pairs(m: Matched, a: Sequence[Region], b: Sequence[Region]) -> dict[str, str]:
    return {a[i].id: b[j].id for i, j, _ in m.pairs}


def compare_regions(family: Family, a: Sequence[Region], b: Sequence[Region], s: Settings) -> Outcome:
    if family is Family.SPANS:
        # A threshold of 0 means any overlap: the smallest positive similarity still qualifies.
        m = match(_span_matrix(a, b), max(s.span_threshold, 1e-12), len(b))
        exact = exact_f1([(*x.where, x.label) for x in a], [(*y.where, y.label) for y in b])
        return Outcome(m.f1, {"exact_f1": exact, "overlap_f1": m.f1}, _pairs(m, a, b))
    if family is Family.AREAS:
        similarity = [[iou(x.where, y.where) if x.label == y.label else 0.0 for y in b] for x in a]
        m = match(similarity, s.iou_threshold, len(b))
        ious = tuple(sim for _, _, sim in m.pairs)
        return Outcome(m.f1, {"f1": m.f1}, _pairs(m, a, b), ious)
    m = match([[_oks(x, y, s) for y in b] for x in a], s.keypoint_threshold, len(b))
    return Outcome(m.soft_f1, {"oks": m.soft_f1}, _pairs(m, a, b))


def _span_matrix(a: Sequence[Region], b: Sequence[Region]) -> list[list[float]]:
    return [[overlap((*x.where, x.label), (*y.where, y.label)) for y in b] for x in a]


def _oks(x: Region, y: Region, s: Settings) -> float:
    if x.label != y.label:
        return 0.0
    (ax, ay, diagonal), (bx, by, _) = x.where, y.where
    return keypoint_similarity((ax, ay), (bx, by), diagonal, s.keypoint_sigma)


def compare_values(family: Family, a: Hashable, b: Hashable, span: float | None) -> Outcome:
    """Classification answers: equal or not; numbers by distance over the scale (`span`, when the
    config bounds it), else equal or not; texts by edit-distance similarity."""
    if family is Family.TEXT:
        return Outcome(text_similarity(str(a), str(b)))
    if family is Family.NUMERIC and span:
        return Outcome(max(0.0, 1.0 - abs(float(a) - float(b)) / span))  # type: ignore[arg-type]
    return Outcome(1.0 if a == b else 0.0)
