"""CoNLL 2003 back to Label Studio tasks: one task per block, tokens joined by spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..export.textfmt import CJK
from .common import As, ImportInputError, Seen, task, xml_safe

_CJK = re.compile(f"[{CJK}]")


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
        if text and not (_CJK.fullmatch(text[-1]) and _CJK.fullmatch(token[0])):
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
