"""Human output: `file:line:col: CODE message`, the source line with a caret, then help."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..diagnostics import Diagnostic
from ..source import Source


def render(
    diagnostics: Sequence[Diagnostic], sources: Mapping[str, Source], summary: Mapping[str, int]
) -> str:
    out: list[str] = []
    for d in diagnostics:
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        out.append(f"{where}: {d.code} [{d.severity}] {d.message}")
        source = sources.get(d.file)
        if d.item is not None or (d.path.startswith("$")):
            out.append(f"  at {d.path}")  # payload findings: the JSON path says where
        elif source is not None and d.line:
            out.extend(_excerpt(source, d))
        if d.help:
            out.append(f"  = help: {d.help}")
        out.append("")
    out.append(_summary_line(summary))
    return "\n".join(out)


WINDOW = 100  # longest excerpt shown; embedded configs (JSON exports) live on very long lines


def _excerpt(source: Source, d: Diagnostic) -> list[str]:
    line = source.line_text(d.line).expandtabs(1)
    if not line.strip():
        return []
    column = d.column
    width = max(1, (d.end_column - d.column) if d.end_line == d.line else len(line) - d.column + 1)
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


def _summary_line(summary: Mapping[str, int]) -> str:
    files = summary.get("files", 0)
    parts = []
    for key, word in (("errors", "error"), ("warnings", "warning"), ("infos", "info")):
        n = summary.get(key, 0)
        if n:
            parts.append(f"{n} {word}{'s' if n != 1 and word != 'info' else ''}")
    checked = f"{files} file{'s' if files != 1 else ''}"
    return f"Found {', '.join(parts)} in {checked}." if parts else f"All checks passed ({checked})."
