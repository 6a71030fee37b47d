"""Did-you-mean: the closest valid spelling for every unknown name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from difflib import get_close_matches

# difflib costs ~0.1 ms a call. A generated or hostile config can hold tens of thousands of distinct
# unknown names; past this many fresh searches in one run, findings are still reported, unsuggested.
SEARCH_BUDGET = 500
_budget: ContextVar[list[int] | None] = ContextVar("suggest_budget", default=None)


@contextmanager
def budget(searches: int = SEARCH_BUDGET) -> Iterator[None]:
    token = _budget.set([searches])
    try:
        yield
    finally:
        _budget.reset(token)


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to `word`: an exact case-insensitive match first, then difflib's best."""
    pool = candidates if isinstance(candidates, tuple) else tuple(dict.fromkeys(c for c in candidates if c))
    if not pool or not word:
        return None
    key = (word, pool, cutoff)
    if key in _CACHE:
        return _CACHE[key]
    left = _budget.get()
    if left is not None:
        if left[0] <= 0:
            return None
        left[0] -= 1
    found = _search(word, pool, cutoff)
    if len(_CACHE) > 4096:
        _CACHE.clear()
    _CACHE[key] = found
    return found


_CACHE: dict[tuple[str, tuple[str, ...], float], str | None] = {}


def _search(word: str, pool: tuple[str, ...], cutoff: float) -> str | None:
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
