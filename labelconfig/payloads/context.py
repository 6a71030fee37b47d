"""Where a payload finding is: file, record (`item`), line, and a JSON path built only when needed."""

from __future__ import annotations

from typing import Literal

from ..diagnostics import Diagnostic, Rule
from ..source import Position, Span

# What a payload file holds, as given on the command line (--tasks/--predictions/--annotations).
Kind = Literal["tasks", "predictions", "annotations"]


class Sink:
    """Collects the diagnostics of one record. Paths are strings from the file root: `$[3].result[1]`."""

    __slots__ = ("file", "item", "out", "span")

    def __init__(self, file: str = "", item: int | None = None, line: int = 0) -> None:
        self.file = file
        self.item = item
        self.out: list[Diagnostic] = []
        p = Position(line, 1 if line else 0)
        self.span = Span(p, p) if line else None

    def add(self, rule: Rule, path: str, message: str, help: str = "", suggestion: str | None = None) -> None:
        self.out.append(
            rule.diag(
                self.span,
                message,
                path=path,
                help=help,
                suggestion=suggestion,
                item=self.item,
                file=self.file,
            )
        )


def key_path(base: str, key: str) -> str:
    """`base.key`, or `base["odd key"]` when the key is not an identifier."""
    if key.isidentifier():
        return f"{base}.{key}"
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{base}["{escaped}"]'


def describe(value: object) -> str:
    """A short JSON-ish rendering of a value for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'"{shown}"'
    if isinstance(value, list):
        if len(value) <= 3 and all(isinstance(v, str | int | float) for v in value):
            return "[" + ", ".join(describe(v) for v in value) + "]"
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return repr(value)


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class PayloadError(ValueError):
    """A built result or prediction that Label Studio would not accept; carries the diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        lines = [f"{d.code} {d.path}: {d.message}" + (f" ({d.help})" if d.help else "") for d in diagnostics]
        super().__init__("invalid payload:\n  " + "\n  ".join(lines))
