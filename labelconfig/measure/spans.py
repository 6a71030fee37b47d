"""Span agreement: exact and overlap F1 with label match, over character offsets, utterance positions
or times. A span is `(start, end, label)`; `start` and `end` are numbers or tuples compared in order
(a paragraph position is `(utterance, offset)`), `label` any hashable (a tuple for several labels)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from .matching import Matched, match

Span = tuple[Any, Any, Hashable]


def exact_f1(a: Sequence[Span], b: Sequence[Span]) -> float:
    """F1 of spans equal in start, end and label (duplicates count as often as they occur)."""
    if not a and not b:
        return 1.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def overlap(a: Span, b: Span) -> float:
    """How much two spans of the same label overlap: IoU of numeric ranges; 1.0 for any overlap of
    tuple positions (no length to divide by); 0.0 across labels or without overlap."""
    if a[2] != b[2]:
        return 0.0
    if a[:2] == b[:2]:
        return 1.0  # also instants (start == end), which have no length
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if not lo < hi:
        return 0.0
    if isinstance(lo, int | float) and isinstance(hi, int | float):
        union = max(a[1], b[1]) - min(a[0], b[0])
        return (hi - lo) / union if union > 0 else 1.0
    return 1.0


def overlap_match(a: Sequence[Span], b: Sequence[Span], threshold: float = 0.0) -> Matched:
    """One-to-one matching of spans of equal label that overlap (IoU above `threshold`)."""
    similarity = [[overlap(x, y) for y in b] for x in a]
    return match(similarity, max(threshold, 1e-12), len(b))


def overlap_f1(a: Sequence[Span], b: Sequence[Span], threshold: float = 0.0) -> float:
    return overlap_match(a, b, threshold).f1
