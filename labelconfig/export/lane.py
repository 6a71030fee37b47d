"""The export's fast lane: whole tasks decoded straight into the payload shortcut's structs.

A task whose every annotation and prediction the shortcut accepts (`FastPath.consistent`: the complete
checker would report nothing) skips both the generic parse and the lint; its records reach the
writers as the same dicts the general path makes, minus keys no region format reads. Any other task
(a result the shortcut does not model, a span that may not fit its text, JSON the structs refuse)
is parsed and linted in full, so the lane changes the speed of an export, never its output.
"""

from __future__ import annotations

from typing import Any, Final, Optional

import msgspec

from ..payloads.api import Config
from ..payloads.fast import META, FastPath
from .records import Source, Suspect

_KEYS: Final = ("annotations", "completions", "predictions")
ENABLED = True  # tests turn the lane off to hold it to the general path's output


class Lane:
    """Decodes the tasks of one export's config; `task(raw)` is None when the task takes the general path."""

    def __init__(self, cfg: Config, source: Source, suspect: Suspect | None) -> None:
        self.suspect = suspect
        ann = cfg.payloads.shortcut("annotations")
        pred = cfg.payloads.shortcut("predictions")
        reads = {
            "annotations": source != "predictions",
            "completions": source != "predictions",
            "predictions": source != "annotations",
        }
        self.paths: dict[str, FastPath] = {
            "annotations": ann,
            "completions": ann,
            "predictions": pred,
        }
        self.ready = all(self.paths[k].record is not None for k in _KEYS if reads[k])
        self.decoder: msgspec.json.Decoder[Any] | None = None
        if not self.ready:
            return
        spec: list[tuple[Any, ...]] = [("data", dict[str, Any]), ("id", Any, msgspec.UNSET)]
        for key in _KEYS:
            # Records the export does not read may hold anything: they are skipped unread.
            record: Any = self.paths[key].record
            typ: Any = list[record] if reads[key] else msgspec.Raw
            spec.append((key, Optional[typ], None))  # noqa: UP045 - a runtime type expression
        self.read = [k for k in _KEYS if reads[k]]
        self.decoder = msgspec.json.Decoder(msgspec.defstruct("Task", spec, kw_only=True))

    def task(self, raw: Any) -> dict[str, Any] | None:
        """The task as the general path would read it, with clean records only, their results kept as
        structs (`Chosen.typed`); None otherwise."""
        assert self.decoder is not None
        try:
            t = self.decoder.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return None
        task: dict[str, Any] = {"data": t.data}
        if t.id is not msgspec.UNSET:
            task["id"] = t.id
        to_builtins = msgspec.to_builtins
        suspect = self.suspect
        for key in self.read:
            records = getattr(t, key)
            if records is None:
                continue
            consistent = self.paths[key].consistent
            out = []
            for rec in records:
                if not consistent(rec):
                    return None
                if suspect is not None and suspect(task, [to_builtins(r.value) for r in rec.result]):
                    return None
                meta = {k: getattr(rec, k) for k in META}
                meta.update(result=rec.result, score=rec.score, was_cancelled=rec.was_cancelled)
                out.append(meta)
            task[key] = out
        return task
