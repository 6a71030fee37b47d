"""Did-you-mean: the closest valid spelling for every unknown name."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to `word`: an exact case-insensitive match first, then difflib's best."""
    pool = list(dict.fromkeys(c for c in candidates if c))
    if not pool or not word:
        return None
    lowered = word.lower()
    for c in pool:
        if c.lower() == lowered:
            return c
    squashed = lowered.replace(" ", "").replace("_", "").replace("-", "")
    for c in pool:
        if c.lower().replace(" ", "").replace("_", "").replace("-", "") == squashed:
            return c
    by_lower = {c.lower(): c for c in pool}
    match = get_close_matches(lowered, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[match[0]] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> tuple[str, str | None]:
    """A help sentence and the suggestion itself (None when nothing is close)."""
    best = closest(word, candidates)
    return (f"did you mean `{best}`?" if best else ""), best
