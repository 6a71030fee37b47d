"""Relation agreement: a relation of one annotator agrees with one of another when both ends are
regions matched to each other (by the region matching of their controls) and the labels and
direction are equal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence

Relation = tuple[str, str, Hashable]  # (from region id, to region id, labels and direction)


def relation_f1(a: Sequence[Relation], b: Sequence[Relation], matched: Mapping[str, str]) -> float:
    """F1 of `a` against `b`, with `a`'s region ids translated through `matched` (a id -> b id);
    an end without a matched region cannot agree."""
    if not a and not b:
        return 1.0
    translated = Counter(
        (matched[f], matched[t], label) for f, t, label in a if f in matched and t in matched
    )
    common = sum((translated & Counter(b)).values())
    return 2 * common / (len(a) + len(b))
