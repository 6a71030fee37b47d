"""Diagnostics are values: every finding of every stage is a `Diagnostic`; exceptions are only for
callers that ask to fail fast (`parse(..., strict=True)`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .source import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Rule:
    """One diagnostic code: declared exactly once, next to the check that emits it."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    instead: str
    # What Label Studio (editor, backend or SDK) does with such input: the reason for `severity`.
    behaviour: str
    # Label Studio cannot load a config with this finding at all (its backend refuses to save it, or
    # its editor shows an error list instead of the labeling UI). Other errors load and then lose
    # results; `render` draws those configs and refuses only these.
    refused: bool = False

    def diag(
        self,
        span: Span | None,
        message: str,
        *,
        path: str = "",
        help: str = "",
        suggestion: str | None = None,
        item: int | None = None,
        file: str = "",
    ) -> Diagnostic:
        line = column = end_line = end_column = 0
        if span is not None:
            line, column = span.start.line, span.start.column
            end_line, end_column = span.end.line, span.end.column
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            path=path,
            item=item,
            help=help,
            suggestion=suggestion,
            file=file,
        )


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    path: str = ""
    item: int | None = None
    help: str = ""
    suggestion: str | None = None
    file: str = field(default="")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape (exactly these keys, in this order)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "path": self.path,
            "item": self.item,
            "help": self.help,
            "suggestion": self.suggestion,
        }


def sort_key(d: Diagnostic) -> tuple[str, int, int, int, int, str]:
    return (d.file, d.item if d.item is not None else -1, d.line, d.column, d.severity.rank, d.code)


def summarize(diagnostics: Iterable[Diagnostic], files: int) -> dict[str, int]:
    counts = {"files": files, "errors": 0, "warnings": 0, "infos": 0}
    for d in diagnostics:
        counts[{"error": "errors", "warning": "warnings", "info": "infos"}[d.severity]] += 1
    return counts


class ConfigError(ValueError):
    """Raised by `parse(..., strict=True)` when a config has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.is_error]
        first = errors[0] if errors else diagnostics[0]
        where = f"{first.file or '<string>'}:{first.line}:{first.column}"
        extra = len(errors) - 1
        more = f" (and {extra} more error{'s' if extra > 1 else ''})" if extra else ""
        super().__init__(f"{where}: {first.code} {first.message}{more}")
