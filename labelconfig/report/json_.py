"""`{"diagnostics": [...], "summary": {...}}`; each diagnostic has exactly the documented keys.

Written as a stream, byte for byte what `json.dumps(..., indent=2)` would give for the whole report."""

from __future__ import annotations

import json
from typing import Any

from ..diagnostics import Diagnostic
from .base import Report

_HOLE = "\0items\0"  # stands for the list the stream fills in; cannot occur in real output


class JsonList:
    """Writes one list of a larger JSON document as items arrive, indented as `json.dumps` would."""

    def __init__(self, report: Report, indent: str) -> None:
        self.report = report
        self.indent = indent
        self.count = 0

    def item(self, value: Any) -> None:
        text = json.dumps(value, indent=2).replace("\n", "\n" + self.indent)
        self.report.out.write(("," if self.count else "") + "\n" + self.indent + text)
        self.count += 1


def split(document: Any) -> tuple[str, str, str]:
    """`document` (holding `[_HOLE]` once) as text: before the list's items, the indent of an item,
    and the text after them."""
    text = json.dumps(document, indent=2)
    quoted = json.dumps(_HOLE)
    at = text.index(quoted)
    line_start = text.rindex("\n", 0, at) + 1
    head = text[: line_start - 1]  # ends with `[`
    tail = text[at + len(quoted) :]  # starts with `\n<indent>]`
    return head, text[line_start:at], tail


def close(report: Report, items: JsonList, tail: str) -> None:
    # An empty list is `[]` on the same line, as json.dumps writes it.
    report.out.write(tail if items.count else "]" + tail.lstrip("\n").lstrip(" ")[1:])


class JsonReport(Report):
    def _begin(self) -> None:
        head, indent, _ = split({"diagnostics": [_HOLE], "summary": {}})
        self.out.write(head)
        self._items = JsonList(self, indent)

    def _write(self, d: Diagnostic) -> None:
        self._items.item(d.to_dict())

    def _finish(self, summary: dict[str, int]) -> None:
        _, _, tail = split({"diagnostics": [_HOLE], "summary": summary})
        close(self, self._items, tail)
        self.out.write("\n")
