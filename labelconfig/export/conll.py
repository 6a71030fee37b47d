"""CoNLL 2003: `token -X- _ TAG` lines in IOB2, one block per annotation under `-DOCSTART-`.

Tokens are split where a span starts or ends inside them (`Paulo.` becomes `Paulo` `.` when the span
stops before the period), so tags fall exactly on span boundaries; each split is counted.
Overlapping spans cannot both be tagged: the earlier one wins, the other is counted as skipped (the
SDK restarts the later one silently).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import pairwise
from typing import Any

from .parts import OneFile
from .plan import Plan
from .records import Chosen
from .textfmt import Span, documents, tokens


def split(plan: Plan, toks: list[tuple[int, int]], spans: list[Span]) -> list[tuple[int, int]]:
    """`toks` cut at every span boundary that falls inside a token."""
    cuts = sorted({b for s, e, _ in spans for b in (s, e)})
    if not cuts:
        return toks
    out: list[tuple[int, int]] = []
    for s, e in toks:
        lo, hi = bisect_right(cuts, s), bisect_left(cuts, e)
        if lo < hi:
            plan.tally.convert("token split where a span starts or ends inside it")
            out.extend(pairwise([s, *cuts[lo:hi], e]))
        else:
            out.append((s, e))
    return out


def tags(plan: Plan, text: str, spans: list[Span]) -> list[tuple[str, str]]:
    """(token, IOB2 tag) for each token of `text`."""
    toks = split(plan, tokens(text), spans)
    ends = [e for _, e in toks]
    out = [[text[s:e], "O"] for s, e in toks]
    taken = [False] * len(toks)
    for start, end, label in spans:
        first = bisect_right(ends, start)  # the first token ending after the span starts
        last = first
        while last < len(toks) and toks[last][0] < end:
            last += 1
        if first == last:
            plan.tally.skip("span covers only whitespace")
            continue
        if any(taken[first:last]):
            plan.tally.skip("span overlaps an earlier span (CoNLL tags one entity per token)")
            continue
        for i in range(first, last):
            out[i][1] = f"{'B' if i == first else 'I'}-{label}"
            taken[i] = True
        plan.tally.written += 1
    return [(token, tag) for token, tag in out]


class Writer(OneFile):
    suspects = True  # spans are linted against the task's text when they may not fit it (TextSuspect)
    HEAD = b"-DOCSTART- -X- O\n\n"

    def __init__(self, plan: Plan, part: int = 0) -> None:
        self.plan = plan
        self._open(plan, part, text=True)

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        if not chosen:
            self.plan.tally.skip("task without a usable annotation: not written")
            return
        for text, spans, _ in documents(self.plan, task, chosen):
            lines = [f"{token} -X- _ {tag}\n" for token, tag in tags(self.plan, text, spans)]
            if lines:
                self.fh.write("".join(lines) + "\n")
