"""One streaming report per output format (see `base.Report`), plus `render` for callers that hold a
finished list of diagnostics and want the whole text."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from typing import TextIO

from ..diagnostics import Diagnostic
from ..source import Source
from .base import NO_LIMITS, NO_TOOL, Limits, Report, Tool
from .github import GithubReport
from .json_ import JsonReport
from .junit import JunitReport
from .sarif import SarifReport
from .text import TextReport

FORMATS: Mapping[str, Callable[[TextIO, Limits, Tool], Report]] = {
    "text": TextReport,
    "json": JsonReport,
    "github": GithubReport,
    "sarif": SarifReport,
    "junit": JunitReport,
}


def render(
    fmt: str, diagnostics: Iterable[Diagnostic], sources: Mapping[str, Source], tool: Tool = NO_TOOL
) -> str:
    """The whole report for `diagnostics`, grouped by file in order of first appearance; every file of
    `sources` counts as checked."""
    out = io.StringIO()
    report = FORMATS[fmt](out, NO_LIMITS, tool)
    by_file: dict[str, list[Diagnostic]] = {f: [] for f in sources}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(d)
    for file, found in by_file.items():
        report.begin_file(file, sources.get(file))
        report.add_all(found)
        report.end_file()
    report.finish()
    return out.getvalue()


__all__ = ["FORMATS", "NO_LIMITS", "NO_TOOL", "Limits", "Report", "Tool", "render"]
