"""spaCy training data without spaCy: JSON Lines of `{"text", "spans": [{"start", "end", "label"}]}`
(code-point offsets, what `Doc.char_span` takes), plus `task_id`. Overlapping spans are kept (span
categorisation); `ents` lists the non-overlapping ones for NER."""

from __future__ import annotations

from typing import Any

import orjson

from .plan import Plan
from .records import Chosen
from .textfmt import NOT_SPACE, documents, left_out


class Converter:
    """The JSON lines of each task: they depend on the task alone, so Dask workers run this part."""

    suspects = True  # spans are linted against the task's text when they may not fit it (TextSuspect)

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def convert(self, task: dict[str, Any], chosen: list[Chosen]) -> bytes:
        if not chosen:
            self.plan.tally.skip("task without a usable annotation: not written", unit="task")
            return b""
        out = []
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
            out.append(orjson.dumps(doc) + b"\n")
        return b"".join(out)


class Writer(Converter):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.fh = open(plan.out, "wb")  # noqa: SIM115 - see close()

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        self.put(self.convert(task, chosen))

    def put(self, lines: bytes) -> None:
        """Write converted lines (of one task, or of a run of tasks converted elsewhere)."""
        self.fh.write(lines)

    def close(self) -> None:
        self.fh.close()
