"""Free-text agreement: normalised edit-distance similarity (1 identical, 0 nothing in common)."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein


def text_similarity(a: str, b: str) -> float:
    """1 - Levenshtein distance / length of the longer text; two empty texts are identical."""
    return float(Levenshtein.normalized_similarity(a, b))
