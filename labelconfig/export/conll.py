"""CoNLL 2003: `token -X- _ TAG` lines in IOB2, one block per annotation under `-DOCSTART-`.

Tokens are split where a span starts or ends inside them (`Paulo.` becomes `Paulo` `.` when the span
stops before the period), so tags fall exactly on span boundaries; each split is counted.
Overlapping spans cannot both be tagged: the earlier one wins, the other is counted as skipped (the
SDK restarts the later one silently).

One format, one module: the writer (`Writer`) and the reader (`read`, for `labelconfig import`)
live side by side. Read back: one task per block, tokens joined by spaces.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

from ..imports.common import As, ImportInputError, Seen, task, xml_safe
from .plan import Plan
from .records import Chosen
from .textfmt import CJK_CHAR, NOT_SPACE, SPACE, Span, documents, left_out, tokens


def split(plan: Plan, toks: list[tuple[int, int]], spans: list[Span]) -> list[tuple[int, int]]:
    """`toks` cut at every span boundary that falls inside a token."""
    inside: dict[int, list[int]] = {}  # token index -> the boundaries inside it
    for cut in sorted({b for s in spans for b in (s.start, s.end)}):
        i = bisect_right(toks, (cut, _AFTER)) - 1  # the last token starting at or before the cut
        if i >= 0 and toks[i][0] < cut < toks[i][1]:
            inside.setdefault(i, []).append(cut)
    if not inside:
        return toks
    plan.tally.convert("token split where a span starts or ends inside it", len(inside))
    out: list[tuple[int, int]] = []
    done = 0
    for i, cuts in sorted(inside.items()):
        out += toks[done:i]
        s, e = toks[i]
        out.extend(pairwise([s, *cuts, e]))
        done = i + 1
    out += toks[done:]
    return out


OVERLAP: Final = "span overlaps an earlier span (CoNLL tags one entity per token)"
_AFTER: Final = float("inf")  # sorts after any token end: (cut, _AFTER) follows every token starting at cut


def tags(plan: Plan, text: str, spans: list[Span]) -> tuple[list[tuple[int, int]], list[str]]:
    """The tokens of `text` (split at span boundaries) and their IOB2 tags."""
    toks = split(plan, tokens(text), spans)
    out = ["O"] * len(toks)
    taken = [False] * len(toks)
    for span in spans:
        start, end, label = span.start, span.end, span.label
        first = bisect_right(toks, start, key=_end)  # the first token ending after the span starts
        last = first
        while last < len(toks) and toks[last][0] < end:
            last += 1
        if first == last:
            left_out(plan, span, "span covers only whitespace")
            continue
        if any(taken[first:last]):
            left_out(plan, span, OVERLAP)
            continue
        out[first] = f"B-{label}"
        for i in range(first + 1, last):
            out[i] = f"I-{label}"
        taken[first:last] = [True] * (last - first)
        plan.tally.wrote(span.head, 1)
    return toks, out


def _end(token: tuple[int, int]) -> int:
    return token[1]


def conll_lines(plan: Plan, text: str, spans: list[Span]) -> str:
    """The `token -X- _ TAG` lines of one document (spans sorted by start, longest first)."""
    if CJK_CHAR.search(text):
        toks, tagged = tags(plan, text, spans)
        return "".join([f"{text[s:e]} -X- _ {tag}\n" for (s, e), tag in zip(toks, tagged, strict=True)])
    return _by_pieces(plan, text, spans)


def _by_pieces(plan: Plan, text: str, spans: list[Span]) -> str:
    """`conll_lines` for text without CJK characters, where tokens are what `str.split` finds (Python's
    `\\s` is `str.isspace`): the text is cut at every span boundary into a few pieces, and each piece
    is split and tagged whole, so no Python code runs per token. Same lines and tally as `tags`, as a
    property test holds it to."""
    cuts = sorted({b for s in spans for b in (s.start, s.end)})
    inside = [c for c in cuts if 0 < c < len(text) and not text[c - 1].isspace() and not text[c].isspace()]
    # Cuts with no space between them split the same token, which `tags` counts once.
    split = sum(
        1 for a, b in zip([None, *inside], inside, strict=False) if a is None or SPACE.search(text, a, b)
    )
    if split:
        plan.tally.convert("token split where a span starts or ends inside it", split)
    accepted: list[Span] = []
    for span in spans:
        start, end = span.start, span.end
        if not NOT_SPACE.search(text, start, end):
            left_out(plan, span, "span covers only whitespace")
        elif any(NOT_SPACE.search(text, max(start, a.start), min(end, a.end)) for a in accepted):
            left_out(plan, span, OVERLAP)
        else:
            accepted.append(span)
            plan.tally.wrote(span.head, 1)
    accepted.sort()
    out: list[str] = []
    j, started = 0, False
    for p, q in pairwise([0, *cuts, len(text)]):
        words = text[p:q].split()
        if not words:
            continue
        while j < len(accepted) and accepted[j][1] <= p:  # spans that end before this piece
            j, started = j + 1, False
        if j < len(accepted) and accepted[j][0] <= p:
            tag = accepted[j][2]
            if not started:
                out.append(f"{words[0]} -X- _ B-{tag}\n")
                words, started = words[1:], True
            if words:
                out.append(f" -X- _ I-{tag}\n".join(words) + f" -X- _ I-{tag}\n")
        else:
            out.append(" -X- _ O\n".join(words) + " -X- _ O\n")
    return "".join(out)


class Converter:
    """The CoNLL lines of each task: they depend on the task alone, so Dask workers run this part."""

    suspects = True  # spans are linted against the task's text when they may not fit it (TextSuspect)

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def convert(self, task: dict[str, Any], chosen: list[Chosen]) -> str:
        """The blocks of the task's annotations, each followed by its blank line."""
        if not chosen:
            self.plan.tally.skip("task without a usable annotation: not written", unit="task")
            return ""
        blocks = (
            conll_lines(self.plan, text, spans) for text, spans, _ in documents(self.plan, task, chosen)
        )
        return "".join(f"{block}\n" for block in blocks if block)


class Writer(Converter):
    HEAD = "-DOCSTART- -X- O\n\n"

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.fh = open(plan.out, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - see close()
        self.fh.write(self.HEAD)

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        self.put(self.convert(task, chosen))

    def put(self, lines: str) -> None:
        """Write converted lines (of one task, or of a run of tasks converted elsewhere)."""
        self.fh.write(lines)

    def close(self) -> None:
        self.fh.close()


# Reading the format back: `labelconfig import` (`labelconfig.imports.import_tasks`).


def read(
    src: Path, fmt: str, as_: As, seen: Seen, root: str = "", size: tuple[float, float] | None = None
) -> Iterator[dict[str, Any]]:
    """One task per block of token lines; tags in IOB1, IOB2, BIOES or BILOU (read alike: `B`
    begins, `I` goes on, `E`/`L` ends, `S`/`U` is a one-token entity, and an `I` after another
    label begins one, as IOB1 says)."""
    block: list[tuple[str, str]] = []
    with open(src, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            fields = line.split()
            if not fields:
                if block:
                    yield _conll_task(block, as_, seen)
                block = []
            elif fields[0] != "-DOCSTART-":
                if len(fields) < 2:
                    raise ImportInputError(f"{src}:{n}: a CoNLL line is `token ... TAG`; this one has no tag")
                block.append((fields[0], fields[-1]))
    if block:
        yield _conll_task(block, as_, seen)


_BEGINS, _GOES_ON, _ENDS, _SINGLE = frozenset("B"), frozenset("I"), frozenset("EL"), frozenset("SU")


def _conll_task(block: list[tuple[str, str]], as_: As, seen: Seen) -> dict[str, Any]:
    text, starts = "", []
    for token, _ in block:
        if text and not (CJK_CHAR.fullmatch(text[-1]) and CJK_CHAR.fullmatch(token[0])):
            text += " "  # CJK characters were split apart by the exporter, not by spaces
        starts.append(len(text))
        text += token
    spans: list[list[Any]] = []
    open_span = False  # whether the last span may go on with the next token
    for (token, tag), start in zip(block, starts, strict=True):
        end = start + len(token)
        kind, _, label = tag.partition("-")
        if tag == "O":
            open_span = False
            continue
        if not label or kind not in _BEGINS | _GOES_ON | _ENDS | _SINGLE or not xml_safe(label):
            seen.read += 1
            seen.skip("token with a tag that is not O, B-, I-, E-, L-, S- or U-")
            open_span = False
            continue
        goes_on = open_span and spans[-1][2] == label and (kind in _GOES_ON or kind in _ENDS)
        if goes_on:
            spans[-1][1] = end
        else:
            spans.append([start, end, label])
            seen.read += 1
        open_span = kind in _BEGINS or kind in _GOES_ON
    results = []
    for i, (start, end, label) in enumerate(spans):
        seen.add("labels", label)
        seen.regions += 1
        seen.written += 1
        results.append(
            {
                "id": f"s{seen.tasks}-{i}",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
            }
        )
    return task({"text": text}, results, as_)
