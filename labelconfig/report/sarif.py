"""SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ..diagnostics import Diagnostic
from ..source import Source

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(
    diagnostics: Sequence[Diagnostic], sources: Mapping[str, Source], summary: Mapping[str, int]
) -> str:
    from .. import __version__
    from ..rules import RULES

    index = {r.code: i for i, r in enumerate(RULES)}
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.why},
            "help": {"text": f"{r.why}\n\nExample:\n{r.example}\n\nUse instead:\n{r.instead}"},
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
        }
        for r in RULES
    ]
    results = []
    for d in diagnostics:
        result: dict[str, object] = {
            "ruleId": d.code,
            "level": _LEVEL[d.severity],
            "message": {"text": d.message + (f"\nhelp: {d.help}" if d.help else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.file},
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
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.suggestion is not None:
            result["properties"] = {"suggestion": d.suggestion}
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "labelconfig",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/labelconfig/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2)
