"""One formatter per output format. Each takes the diagnostics (sorted), the sources for excerpts and
the summary, and returns the text to print."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..diagnostics import Diagnostic
from ..source import Source
from . import github, json_, junit, sarif, text

Formatter = Callable[[Sequence[Diagnostic], Mapping[str, Source], Mapping[str, int]], str]

FORMATS: Mapping[str, Formatter] = {
    "text": text.render,
    "json": json_.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}

__all__ = ["FORMATS", "Formatter"]
