"""Human output: `file:line:col: CODE message`, the source line with a caret, then help."""

from __future__ import annotations

from collections.abc import Mapping

from ..diagnostics import Diagnostic
from ..source import Source
from ._safe import clean
from .base import Report, omitted_note


class TextReport(Report):
    _source: Source | None = None
    _source_file = ""

    def _file(self, file: str, source: Source | None) -> None:
        self._source, self._source_file = source, file

    def _write(self, d: Diagnostic) -> None:
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        out = [f"{clean(where)}: {d.code} [{d.severity}] {clean(d.message)}"]
        source = self._source if d.file == self._source_file else None
        if d.item is not None or (d.path.startswith("$")):
            out.append(f"  at {clean(d.path)}")  # payload findings: the JSON path says where
        elif source is not None and d.line:
            out.extend(_excerpt(source, d))
        if d.help:
            out.append(f"  = help: {clean(d.help)}")
        self.out.write("\n".join(out) + "\n\n")

    def _unreadable(self, file: str, message: str) -> None:
        self.out.write(f"{clean(file)}: error: could not be checked: {clean(message)}\n\n")

    def _finish(self, summary: dict[str, int]) -> None:
        self.out.write(summary_line(summary) + "\n")


WINDOW = 100  # longest excerpt shown; embedded configs (JSON exports) live on very long lines


def _excerpt(source: Source, d: Diagnostic) -> list[str]:
    raw = source.line_text(d.line).expandtabs(1)
    if not raw.strip():
        return []
    width = max(1, (d.end_column - d.column) if d.end_line == d.line else len(raw) - d.column + 1)
    # Escaping changes widths, so the caret is placed on the escaped text, piece by piece.
    before = clean(raw[: d.column - 1])
    marked = clean(raw[d.column - 1 : d.column - 1 + width])
    line = before + marked + clean(raw[d.column - 1 + width :])
    column = len(before) + 1
    width = max(1, len(marked))
    if len(line) > WINDOW:
        start = max(0, min(column - 1 - WINDOW // 3, len(line) - WINDOW))
        line = (
            ("…" if start else "")
            + line[start : start + WINDOW]
            + ("…" if start + WINDOW < len(line) else "")
        )
        column = column - start + (1 if start else 0)
    gutter = " " * len(str(d.line))
    caret = " " * (column - 1) + "^" * min(width, max(1, len(line) - column + 1))
    return [f" {gutter} |", f" {d.line} | {line}", f" {gutter} | {caret}"]


def summary_line(summary: Mapping[str, int]) -> str:
    files = summary.get("files", 0)
    parts = []
    for key, word in (("errors", "error"), ("warnings", "warning"), ("infos", "info")):
        n = summary.get(key, 0)
        if n:
            parts.append(f"{n:,} {word}{'s' if n != 1 and word != 'info' else ''}")
    checked = f"{files} file{'s' if files != 1 else ''}"
    unreadable = summary.get("unreadable", 0)
    if unreadable:
        # Never "All checks passed" when input was skipped: the run is incomplete.
        missed = f"{unreadable} file{'s' if unreadable != 1 else ''}"
        found = f"found {', '.join(parts)}" if parts else "no problems found"
        line = f"Incomplete: {missed} could not be checked (see above); {found} in {checked}."
    else:
        line = f"Found {', '.join(parts)} in {checked}." if parts else f"All checks passed ({checked})."
    note = omitted_note(dict(summary))
    return f"{line}\n{note}." if note else line
