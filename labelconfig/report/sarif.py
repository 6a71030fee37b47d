"""SARIF 2.1.0, for code-scanning dashboards. Results are streamed; the log around them is fixed."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from ..diagnostics import Diagnostic
from .base import Report, Tool, omitted_note
from .json_ import _HOLE, JsonList, close, split

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def uri(file: str) -> str:
    """A file name as a URI reference: absolute paths as `file://` URIs, relative ones percent-encoded
    (spaces, `#`, `%`, `?` and non-ASCII would otherwise change or break the reference). A URL (the
    endpoint `labelconfig backend` called) is already a URI and stays as it is."""
    if re.match(r"https?://", file):
        return file
    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(PurePosixPath(*path.parts).as_posix() if path.parts else file, safe="/")


def _log(
    tool: Tool, results: list[Any], invocation: dict[str, Any], properties: dict[str, Any]
) -> dict[str, Any]:
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.why},
            "help": {"text": f"{r.why}\n\nExample:\n{r.example}\n\nUse instead:\n{r.instead}"},
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
        }
        for r in tool.rules
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "labelconfig",
                "version": tool.version,
                "informationUri": "https://pypi.org/project/labelconfig/",
                "rules": rules,
            }
        },
        "results": results,
        "invocations": [invocation],
    }
    if properties:
        run["properties"] = properties
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


class SarifReport(Report):
    def _begin(self) -> None:
        self._index = {r.code: i for i, r in enumerate(self.tool.rules)}
        self._notes: list[dict[str, Any]] = []  # one per unreadable file: few
        head, indent, _ = split(_log(self.tool, [_HOLE], {}, {}))
        self.out.write(head)
        self._items = JsonList(self, indent)

    def _write(self, d: Diagnostic) -> None:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": _LEVEL[d.severity],
            "message": {"text": d.message + (f"\nhelp: {d.help}" if d.help else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(d.file)},
                        **(
                            {
                                "region": {
                                    "startLine": d.line,
                                    "startColumn": d.column,
                                    "endLine": d.end_line,
                                    "endColumn": max(d.end_column, d.column),
                                }
                            }
                            if d.line
                            else {}
                        ),
                    },
                    "logicalLocations": [{"fullyQualifiedName": d.path}] if d.path else [],
                }
            ],
        }
        if d.code in self._index:
            result["ruleIndex"] = self._index[d.code]
        if d.suggestion is not None:
            result["properties"] = {"suggestion": d.suggestion}
        self._items.item(result)

    def _unreadable(self, file: str, message: str) -> None:
        self._notes.append(
            {
                "level": "error",
                "message": {"text": f"not checked: {message}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(file)}}}],
            }
        )

    def _finish(self, summary: dict[str, int]) -> None:
        # A run that skipped input is not successful, whatever the results say.
        invocation: dict[str, Any] = {"executionSuccessful": not self._notes}
        if self._notes:
            invocation["toolExecutionNotifications"] = self._notes
        properties: dict[str, Any] = {}
        if summary["omitted"]:
            properties = {"omitted": summary["omitted"], "note": omitted_note(summary)}
        _, _, tail = split(_log(self.tool, [_HOLE], invocation, properties))
        close(self, self._items, tail)
        self.out.write("\n")
