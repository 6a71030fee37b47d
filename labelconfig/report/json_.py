"""`{"diagnostics": [...], "summary": {...}}`; each diagnostic has exactly the documented keys."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ..diagnostics import Diagnostic
from ..source import Source


def render(
    diagnostics: Sequence[Diagnostic], sources: Mapping[str, Source], summary: Mapping[str, int]
) -> str:
    return json.dumps({"diagnostics": [d.to_dict() for d in diagnostics], "summary": dict(summary)}, indent=2)
