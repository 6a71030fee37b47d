"""Did-you-mean: the closest valid spelling for every unknown name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from difflib import SequenceMatcher

# A generated or hostile config can hold tens of thousands of distinct unknown names; past this many
# fresh searches in one run, findings are still reported, unsuggested.
SEARCH_BUDGET = 500
# difflib scores at most this many candidates per search; the index orders them best-first, so in
# practice the first few decide. This is what bounds a search against a huge pool.
EXACT_SCORES = 32
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
    # Tuples and frozensets are hashable as they are (a frozenset caches its hash), so a pool of
    # thousands of labels is prepared once and found again by the cache below, not rebuilt per call.
    pool = candidates if isinstance(candidates, tuple | frozenset) else tuple(candidates)
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
    found = _search(word, _index(pool), cutoff)
    if len(_CACHE) > 4096:
        _CACHE.clear()
    _CACHE[key] = found
    return found


Pool = tuple[str, ...] | frozenset[str]
_CACHE: dict[tuple[str, Pool, float], str | None] = {}


def _squash(s: str) -> str:
    return s.lower().replace(" ", "").replace("_", "").replace("-", "")


@dataclass(frozen=True, slots=True)
class _Index:
    """One pool prepared once: exact and squashed spellings by dict, lowered names for rapidfuzz."""

    exact: dict[str, str]  # lowered -> first candidate spelled so
    squashed: dict[str, str]  # squashed -> first candidate squashing so
    by_lower: dict[str, str]  # lowered -> last candidate spelled so (as difflib's pass saw them)
    lowered: list[str]


_INDEXES: dict[Pool, _Index] = {}


def _index(pool: Pool) -> _Index:
    found = _INDEXES.get(pool)
    if found is None:
        exact: dict[str, str] = {}
        squashed: dict[str, str] = {}
        kept = [c for c in dict.fromkeys(pool) if c]
        for c in kept:
            exact.setdefault(c.lower(), c)
            squashed.setdefault(_squash(c), c)
        by_lower = {c.lower(): c for c in kept}
        found = _Index(exact, squashed, by_lower, list(by_lower))
        if len(_INDEXES) > 256:
            _INDEXES.clear()
        _INDEXES[pool] = found
    return found


def _search(word: str, index: _Index, cutoff: float) -> str | None:
    lowered = word.lower()
    if lowered in index.exact:
        return index.exact[lowered]
    squashed = _squash(word)
    if squashed in index.squashed:
        return index.squashed[squashed]
    # difflib's ratio is 2*M/(len(a)+len(b)) where M counts characters in matching blocks: a common
    # subsequence, so never more than the longest one. rapidfuzz's Indel similarity is exactly
    # 2*LCS/(len(a)+len(b)), an upper bound computed in C for the whole pool at once. Candidates are
    # scored with difflib best-bound-first until no bound can beat the best score: the same answer
    # as scanning everything with difflib.get_close_matches, at a bounded cost.
    from rapidfuzz import process  # loaded with the first unknown name, not at start-up
    from rapidfuzz.distance import Indel

    bounds = process.extract(
        lowered,
        index.lowered,
        scorer=Indel.normalized_similarity,
        score_cutoff=cutoff - 1e-9,
        limit=EXACT_SCORES,
    )
    matcher = SequenceMatcher()
    matcher.set_seq2(lowered)
    best: tuple[float, str] | None = None
    for candidate, bound, _ in bounds:  # best bound first
        if best is not None and bound < best[0] - 1e-9:
            break
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return index.by_lower[best[1]] if best else None


def did_you_mean(word: str, candidates: Iterable[str]) -> tuple[str, str | None]:
    """A help sentence and the suggestion itself (None when nothing is close)."""
    best = closest(word, candidates)
    return (f"did you mean `{best}`?" if best else ""), best
