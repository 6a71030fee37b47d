"""GitHub Actions workflow commands: findings appear as annotations on the pull request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..diagnostics import Diagnostic
from ..source import Source

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(
    diagnostics: Sequence[Diagnostic], sources: Mapping[str, Source], summary: Mapping[str, int]
) -> str:
    lines = []
    for d in diagnostics:
        props = [f"file={_prop(d.file)}"]
        if d.line:
            props += [
                f"line={d.line}",
                f"col={d.column}",
                f"endLine={d.end_line}",
                f"endColumn={d.end_column}",
            ]
        props.append(f"title={_prop(f'{d.code} {d.name}')}")
        message = d.message + (f" (help: {d.help})" if d.help else "")
        if d.item is not None:
            message = f"item {d.item}: {message}"
        lines.append(f"::{_LEVEL[d.severity]} {','.join(props)}::{_data(message)}")
    return "\n".join(lines)
