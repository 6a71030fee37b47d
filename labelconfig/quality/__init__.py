"""Quality control of a Label Studio export: agreement between annotators, consensus and review
sampling. `export` reads and lints the export, `items` turns each control's results into the plain
values `labelconfig.measure` compares, `agreement`, `consensus` and `review` build on those, `render`
writes the reports, `api` holds the entry points re-exported here."""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562), so the command line registers these commands without importing
# the metrics for every `labelconfig check`.
_WHERE = {
    "ConsensusSummary": "api",
    "agreement": "api",
    "consensus": "api",
    "review_sample": "api",
    "ExportError": "export",
    "AgreementReport": "report",
    "ControlAgreement": "report",
    "Figure": "report",
    "PairAgreement": "report",
    "TaskAgreement": "report",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)


__all__ = [
    "AgreementReport",
    "ConsensusSummary",
    "ControlAgreement",
    "ExportError",
    "Figure",
    "PairAgreement",
    "TaskAgreement",
    "agreement",
    "consensus",
    "review_sample",
]
