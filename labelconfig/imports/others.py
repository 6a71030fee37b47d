"""Pascal VOC and CoNLL 2003 back to Label Studio tasks. VOC: one task per XML file. CoNLL: one task
per block, tokens joined by spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from ..export.textfmt import CJK
from .common import As, ImportInputError, Seen, region, task


def read_voc(src: Path, as_: As, seen: Seen, root: str = "") -> Iterator[dict[str, Any]]:
    folder = src / "Annotations" if (src / "Annotations").is_dir() else src
    files = sorted(folder.glob("*.xml"))
    if not files:
        raise ImportInputError(
            f"{src}: no VOC XML files (looked in {folder}); give the folder holding Annotations/"
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for path in files:
        try:
            doc = etree.parse(str(path), parser).getroot()
        except etree.XMLSyntaxError as exc:
            raise ImportInputError(f"{path}:{exc.lineno}: invalid XML ({exc.msg})") from None
        w, h = float(doc.findtext("size/width") or 0), float(doc.findtext("size/height") or 0)
        if not (w > 0 and h > 0):
            seen.skip("VOC file without size/width and size/height")
            continue
        results = []
        for i, obj in enumerate(doc.iter("object")):
            b = [float(obj.findtext(f"bndbox/{k}") or "nan") for k in ("xmin", "ymin", "xmax", "ymax")]
            box = {
                "x": b[0] * 100 / w,
                "y": b[1] * 100 / h,
                "width": (b[2] - b[0]) * 100 / w,
                "height": (b[3] - b[1]) * 100 / h,
                "rotation": 0,
            }
            results.append(
                region("rectanglelabels", f"{path.stem}-{i}", box, obj.findtext("name") or "", (w, h), seen)
            )
        url = doc.findtext("path") or root + (doc.findtext("filename") or f"{path.stem}.jpg")
        yield task({"image": url}, results, as_)


_CJK = re.compile(f"[{CJK}]")


def read_conll(src: Path, as_: As, seen: Seen) -> Iterator[dict[str, Any]]:
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


def _conll_task(block: list[tuple[str, str]], as_: As, seen: Seen) -> dict[str, Any]:
    text, starts = "", []
    for token, _ in block:
        if text and not (_CJK.fullmatch(text[-1]) and _CJK.fullmatch(token[0])):
            text += " "  # CJK characters were split apart by the exporter, not by spaces
        starts.append(len(text))
        text += token
    spans: list[list[Any]] = []
    for (token, tag), start in zip(block, starts, strict=True):
        end = start + len(token)
        kind, _, label = tag.partition("-")
        if kind == "I" and spans and spans[-1][2] == label and text[spans[-1][1] : start].strip() == "":
            spans[-1][1] = end
        elif kind in ("B", "I") and label:
            spans.append([start, end, label])
    results = []
    for i, (start, end, label) in enumerate(spans):
        seen.add("labels", label)
        seen.regions += 1
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
