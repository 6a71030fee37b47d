"""The streaming report every format shares: diagnostics are written as they arrive (per config, per
payload record) and never collected, so memory does not grow with the number of findings.

Counting and output are separate: every diagnostic is counted (the summary and the exit status see
them all), but only those within `--max-diagnostics` / `--max-per-code` are written; the summary says
how many were left out. Files that could not be read are reported too, so that a run which skipped
input never looks like a clean one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from ..diagnostics import Diagnostic, Rule
from ..source import Source

_KEY = {"error": "errors", "warning": "warnings", "info": "infos"}


@dataclass(frozen=True, slots=True)
class Limits:
    """How many diagnostics are written in all (`total`) and per code; None is no limit."""

    total: int | None = None
    per_code: int | None = None


NO_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Tool:
    """What writes the report: SARIF names its version and describes every rule it may report. The
    front end passes it in, so the formats need not know the rule table."""

    version: str = ""
    rules: Sequence[Rule] = ()


NO_TOOL = Tool()


class Report:
    """Base class of the formats: call `begin_file`, `add` (any number), `end_file` per file, `unreadable`
    for a file that could not be read, then `finish` once. Subclasses write through the `_` hooks."""

    def __init__(self, out: TextIO, limits: Limits = NO_LIMITS, tool: Tool = NO_TOOL) -> None:
        self.out = out
        self.limits = limits
        self.tool = tool
        self.counts = {"files": 0, "errors": 0, "warnings": 0, "infos": 0, "omitted": 0, "unreadable": 0}
        self._shown = 0
        self._per_code: dict[str, int] = {}
        self._begun = False
        self.by_code: dict[str, int] = {}  # every finding, shown or not (for --statistics)

    # --- what the command line calls -----------------------------------------------------------------

    def begin_file(self, file: str, source: Source | None = None) -> None:
        self._start()
        self.counts["files"] += 1
        self._file(file, source)

    def add(self, d: Diagnostic) -> None:
        self.counts[_KEY[d.severity]] += 1
        self.by_code[d.code] = self.by_code.get(d.code, 0) + 1
        if self.limits.total is not None and self._shown >= self.limits.total:
            self.counts["omitted"] += 1
            return
        if self.limits.per_code is not None:
            seen = self._per_code.get(d.code, 0)
            if seen >= self.limits.per_code:
                self.counts["omitted"] += 1
                return
            self._per_code[d.code] = seen + 1
        self._shown += 1
        self._write(d)

    def add_all(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    def end_file(self) -> None:
        self._file_end()

    def unreadable(self, file: str, message: str) -> None:
        """`file` could not be checked at all (or not to its end); `message` says why."""
        self._start()
        self.counts["unreadable"] += 1
        self._unreadable(file, message)

    def finish(self) -> dict[str, int]:
        self._start()
        summary = dict(self.counts)
        self._finish(summary)
        self.out.flush()
        return summary

    # --- hooks ------------------------------------------------------------------------------------------

    def _start(self) -> None:
        if not self._begun:
            self._begun = True
            self._begin()

    def _begin(self) -> None:
        pass

    def _file(self, file: str, source: Source | None) -> None:
        pass

    def _write(self, d: Diagnostic) -> None:
        raise NotImplementedError

    def _file_end(self) -> None:
        pass

    def _unreadable(self, file: str, message: str) -> None:
        pass

    def _finish(self, summary: dict[str, int]) -> None:
        pass


def omitted_note(summary: dict[str, int]) -> str:
    """The sentence saying how many diagnostics the limits left out ('' when none)."""
    n = summary.get("omitted", 0)
    if not n:
        return ""
    return (
        f"{n:,} more diagnostic{'s' if n != 1 else ''} not shown "
        "(raise --max-diagnostics / --max-per-code to see them)"
    )
