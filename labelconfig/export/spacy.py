"""spaCy training data without spaCy: JSON Lines of `{"text", "spans": [{"start", "end", "label"}]}`
(code-point offsets, what `Doc.char_span` takes), plus `task_id`. Overlapping spans are kept (span
categorisation); `ents` lists the non-overlapping ones for NER."""

from __future__ import annotations

from typing import Any

import orjson

from .plan import Plan
from .records import Chosen
from .textfmt import NOT_SPACE, documents, left_out


class Writer:
    suspects = True  # spans are linted against the task's text when they may not fit it (TextSuspect)

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.fh = open(plan.out, "wb")  # noqa: SIM115 - see close()

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        if not chosen:
            self.plan.tally.skip("task without a usable annotation: not written", unit="task")
            return
        for text, found, c in documents(self.plan, task, chosen):
            spans = []
            for s in found:
                if NOT_SPACE.search(text, s.start, s.end):
                    spans.append(s)
                else:  # no token to label: spaCy refuses such an entity
                    left_out(self.plan, s, "span covers only whitespace")
            ents, end = [], -1
            for s in spans:
                if s[0] >= end:
                    ents.append(s)
                    end = s[1]
            doc = {
                "text": text,
                "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans],
                "ents": [{"start": s.start, "end": s.end, "label": s.label} for s in ents],
                "task_id": task.get("id"),
                "annotation_id": c.id,
            }
            self.plan.tally.wrote(sum(s.head for s in spans), len(spans))
            self.fh.write(orjson.dumps(doc) + b"\n")

    def close(self) -> None:
        self.fh.close()
