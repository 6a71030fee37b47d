"""Text spans for CONLL 2003 and spaCy: the task's text and the labelled spans on it, per annotation.

Offsets are Unicode code points, as Label Studio writes them and as Python indexes strings. Tokens are
runs of non-space characters, except that each Chinese or Japanese character is a token of its own
(those scripts write no spaces; the SDK makes a whole CJK sentence one token).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final, NamedTuple

from .plan import Plan
from .records import Chosen

CJK: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
TOKEN: Final = re.compile(f"[{CJK}]|[^\\s{CJK}]+")
CJK_CHAR: Final = re.compile(f"[{CJK}]")
SPACE: Final = re.compile(r"\s")
NOT_SPACE: Final = re.compile(r"\S")


class Span(NamedTuple):
    """One label of a span result; a result with several labels gives one Span each, and only the
    first (`head`) stands for the result in the tally, so the result is written or skipped once."""

    start: int
    end: int
    label: str
    head: bool = True


def left_out(plan: Plan, span: Span, reason: str) -> None:
    """Count a span label left out: its result, or (a further label of a result) the label alone."""
    if span.head:
        plan.tally.skip(reason)
    else:
        plan.tally.skip(f"another label of the same span: {reason}", unit="label")


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) code-point offsets of each token."""
    return [m.span() for m in TOKEN.finditer(text)]


def text_key(plan: Plan) -> str | None:
    """The task-data key of the text the exported spans are on (None: none, or a URL to the text)."""
    if "text_key" not in plan.memo:
        plan.memo["text_key"] = _text_key(plan)
    return plan.memo["text_key"]


def _text_key(plan: Plan) -> str | None:
    for c in plan.controls:
        for name, tag in c.targets.items():
            obj = plan.cfg.objects.get(name)
            if tag in plan.fmt.targets and obj is not None and obj.variable:
                if obj.element.value("valueType") == "url":
                    return None
                return obj.variable
    return None


class TextSuspect:
    """Whether any span of a record may not fit the task's text: offsets past it, or a `text` that
    differs from the characters at its offsets. Only such records are linted against the task."""

    def __init__(self, plan: Plan) -> None:
        self.key = text_key(plan)

    def __call__(self, task: dict[str, Any], values: Iterable[Any]) -> bool:
        """`values`: the `value` of each result of the record."""
        text = task.get("data", {}).get(self.key) if self.key else None
        if not isinstance(text, str):
            return True
        for v in values:
            if not isinstance(v, dict) or "start" not in v:
                continue
            s, e = v.get("start"), v.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)):
                return True
            if "text" in v and text[s:e] != v["text"]:
                return True
        return False


def documents(
    plan: Plan, task: dict[str, Any], chosen: list[Chosen]
) -> Iterator[tuple[str, list[Span], Chosen]]:
    """(text, spans sorted by start, record) for each chosen annotation of a task with text."""
    key = text_key(plan)
    text = task["data"].get(key) if key else None
    if not isinstance(text, str):
        plan.tally.skip("task without its text (missing, not a string, or valueType=url)", unit="task")
        return
    for c in chosen:
        spans: list[Span] = []
        for r in plan.regions([c]):
            start, end = r.value.get("start"), r.value.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                plan.tally.skip("span outside the text or empty")
                continue
            if len(r.labels) > 1:
                plan.tally.convert("span with several labels: written once per label")
            spans.extend(Span(start, end, label, k == 0) for k, label in enumerate(r.labels))
        yield text, sorted(spans, key=lambda s: (s[0], -s[1])), c
