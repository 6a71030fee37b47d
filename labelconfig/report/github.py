"""GitHub Actions workflow commands: findings appear as annotations on the pull request."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ._safe import clean
from .base import Report, omitted_note

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    # The log viewer renders ANSI sequences; `clean` also turns CR/LF into visible escapes.
    return clean(value).replace("%", "%25")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


class GithubReport(Report):
    def _write(self, d: Diagnostic) -> None:
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
        self.out.write(f"::{_LEVEL[d.severity]} {','.join(props)}::{_data(message)}\n")

    def _unreadable(self, file: str, message: str) -> None:
        self.out.write(f"::error file={_prop(file)},title=unreadable::{_data(f'not checked: {message}')}\n")

    def _finish(self, summary: dict[str, int]) -> None:
        note = omitted_note(summary)
        if note:
            self.out.write(f"::warning title=labelconfig::{_data(note)}\n")
