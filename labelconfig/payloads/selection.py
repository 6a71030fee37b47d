"""Which annotations of a task count: the one rule that export, agreement, consensus and review-sample
share, so the tools never disagree about what an annotator said.

1. A cancelled annotation (`was_cancelled: true`, or `skipped: true` in older exports) never counts.
2. Of one annotator's annotations of a task, only the newest counts: the latest `updated_at`, then the
   latest `created_at`, then the highest `id`; a missing or unreadable value sorts below any present
   one, and when everything is equal the later one in the file wins. Timestamps without a zone are
   read as UTC (Label Studio writes UTC).
3. When the caller asks for ground truth, an annotation marked `ground_truth: true` wins over any
   that is not, before recency is compared.

An export keeping one annotation per task takes the newest of all (`newest`); the quality tools keep
the newest per annotator (`counted`), and every annotation left out is returned with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, TypeVar

CANCELLED: Final = "cancelled (`was_cancelled`)"
SUPERSEDED: Final = "an older annotation by the same annotator (the newest counts)"

Record = Mapping[str, Any]
R = TypeVar("R", bound=Record)


def cancelled(annotation: Record) -> bool:
    return annotation.get("was_cancelled") is True or annotation.get("skipped") is True


def _moment(raw: object) -> tuple[int, datetime | None]:
    if isinstance(raw, str):
        try:
            when = datetime.fromisoformat(raw)
        except ValueError:
            return 0, None
        return 1, when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return 0, None


def _ident(raw: object) -> tuple[int, int, str]:
    # Numeric ids compare as numbers and above string ids (Label Studio's ids are integers).
    if type(raw) is int:
        return 2, raw, ""
    if isinstance(raw, str):
        return 1, 0, raw
    return 0, 0, ""


def recency(annotation: Record, position: int = 0, ground_truth: bool = False) -> tuple[Any, ...]:
    """The sort key of the rule: larger is the one that counts."""
    truth = ground_truth and annotation.get("ground_truth") is True
    return (
        truth,
        _moment(annotation.get("updated_at")),
        _moment(annotation.get("created_at")),
        _ident(annotation.get("id")),
        position,
    )


def newest(candidates: list[R], ground_truth: bool = False) -> R:
    """The one of `candidates` (not empty) that counts."""
    best = max(range(len(candidates)), key=lambda i: recency(candidates[i], i, ground_truth))
    return candidates[best]


@dataclass(frozen=True, slots=True)
class Selection:
    """The annotations that count, in file order, and each one left out with its reason."""

    kept: tuple[Record, ...]
    left_out: tuple[tuple[str, Record], ...]


def counted(
    annotations: Iterable[Record],
    annotator: Callable[[Record], Hashable],
    ground_truth: bool = False,
) -> Selection:
    """The rule over one task's annotations: cancelled out, then the newest per `annotator(a)`."""
    left_out: list[tuple[str, Record]] = []
    best: dict[Hashable, tuple[tuple[Any, ...], int]] = {}
    live: list[Record] = []
    for a in annotations:
        if cancelled(a):
            left_out.append((CANCELLED, a))
            continue
        i = len(live)
        live.append(a)
        key, who = recency(a, i, ground_truth), annotator(a)
        if who not in best or key > best[who][0]:
            best[who] = (key, i)
    winners = {i for _, i in best.values()}
    left_out.extend((SUPERSEDED, a) for i, a in enumerate(live) if i not in winners)
    return Selection(tuple(a for i, a in enumerate(live) if i in winners), tuple(left_out))
