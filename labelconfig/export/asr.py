"""NeMo-style ASR manifest: one `{"audio_filepath", "duration", "text"}` line per annotation.

Audio is not downloaded, so `duration` comes from the task (`data.duration`) or an audio region's
`original_length`, else it is null and counted. The text is every TextArea answer of the exported
controls, joined with spaces (the SDK took the first and reused the previous task's on a miss).
"""

from __future__ import annotations

from typing import Any

import orjson

from .plan import Plan
from .records import Chosen


def _audio_key(plan: Plan) -> str | None:
    for c in plan.controls:
        for name, tag in c.targets.items():
            obj = plan.cfg.objects.get(name)
            if tag in plan.fmt.targets and obj is not None:
                return obj.variable
    return None


class Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        plan.out.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(plan.out, "wb")  # noqa: SIM115
        self.key = _audio_key(plan)

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        audio = task["data"].get(self.key) if self.key else None
        if not isinstance(audio, str):
            self.plan.tally.skip("task without an audio URL", unit="task")
            left = sum(len(c.results) for c in chosen)
            if left:
                self.plan.tally.skip("result of a task without an audio URL: no manifest line", left)
            return
        names = self.plan.names
        for c in chosen:
            texts: list[str] = []
            carried = 0
            for r in c.results:
                value = r.get("value") or {}
                said = value.get("text") if r.get("from_name") in names else None
                if not isinstance(said, list):
                    kind = r.get("type", "result")
                    self.plan.tally.skip(
                        f"`{r.get('from_name')}` {kind} result: asr-manifest carries transcriptions only"
                    )
                    continue
                if "start" in value or "end" in value:
                    self.plan.tally.convert("segment transcription: its start/end dropped, text joined")
                texts += [str(t) for t in said]
                carried += 1
            if not texts:
                self.plan.tally.skip("annotation without a transcription", unit="record")
                if carried:  # TextArea results holding no text
                    self.plan.tally.skip("transcription without text: no manifest line", carried)
                continue
            if len(texts) > 1:
                self.plan.tally.convert("several transcriptions joined with spaces")
            duration = task["data"].get("duration")
            if not isinstance(duration, int | float):
                length = [
                    r["original_length"]
                    for r in c.results
                    if isinstance(r.get("original_length"), int | float)
                ]
                duration = length[0] if length else None
            if duration is None:
                self.plan.tally.convert("duration unknown (no data.duration or original_length): null")
            line = {
                "audio_filepath": audio,
                "duration": duration,
                "text": " ".join(texts),
                "task_id": task.get("id"),
                "annotator": c.annotator,
            }
            self.fh.write(orjson.dumps(line) + b"\n")
            self.plan.tally.wrote(carried, 1)

    def close(self) -> None:
        self.fh.close()
