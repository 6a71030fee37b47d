"""Pascal VOC and CoNLL 2003 back to Label Studio tasks. VOC: one task per XML file. CoNLL: one task
per block, tokens joined by spaces."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from ..export.textfmt import CJK
from .common import As, ImportInputError, Seen, region, task, xml_safe


def read_voc(src: Path, as_: As, seen: Seen, root: str = "") -> Iterator[dict[str, Any]]:
    """One task per XML file; an object that cannot be placed (no or non-numeric bndbox, no name, a
    box outside the image) is counted. `difficult`, `truncated` and a `pose` are kept in `meta`."""
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
        objects = list(doc.iter("object"))
        seen.read += len(objects)
        size = _numbers([doc.findtext("size/width"), doc.findtext("size/height")])
        if size is None or not (size[0] > 0 and size[1] > 0):
            seen.skip("object in a VOC file without size/width and size/height", len(objects))
            seen.note("VOC file without size/width and size/height: not imported")
            continue
        w, h = size
        results = []
        for i, obj in enumerate(objects):
            found = _voc_object(obj, f"{path.stem}-{i}", (w, h), seen)
            if found is not None:
                results.append(found)
                seen.written += 1
        url = doc.findtext("path") or root + (doc.findtext("filename") or f"{path.stem}.jpg")
        yield task({"image": url}, results, as_)


def _numbers(texts: list[str | None]) -> list[float] | None:
    try:
        found = [float(t) for t in texts if t is not None]
    except ValueError:
        return None
    return found if len(found) == len(texts) and all(map(math.isfinite, found)) else None


def _voc_object(obj: Any, rid: str, size: tuple[float, float], seen: Seen) -> dict[str, Any] | None:
    w, h = size
    name = (obj.findtext("name") or "").strip()
    b = _numbers([obj.findtext(f"bndbox/{k}") for k in ("xmin", "ymin", "xmax", "ymax")])
    if not name:
        seen.skip("object without a name")
        return None
    if b is None:
        seen.skip("object whose bndbox is not four numbers (xmin, ymin, xmax, ymax)")
        return None
    # (A box under a pixel is rounded to xmin == xmax by VOC's whole pixels: kept, as it was drawn.)
    if not (0 <= b[0] <= b[2] <= w and 0 <= b[1] <= b[3] <= h):
        seen.skip("object whose bndbox is inverted or reaches outside the image")
        return None
    if obj.find("part") is not None:
        seen.note("object parts (<part>): not imported")
    box = {
        "x": b[0] * 100 / w,
        "y": b[1] * 100 / h,
        "width": (b[2] - b[0]) * 100 / w,
        "height": (b[3] - b[1]) * 100 / h,
        "rotation": 0,
    }
    result = region("rectanglelabels", rid, box, name, size, seen)
    meta: dict[str, Any] = {}
    for flag in ("difficult", "truncated", "occluded"):
        value = (obj.findtext(flag) or "").strip()
        if value in ("0", "1"):
            meta[flag] = int(value)
    pose = (obj.findtext("pose") or "").strip()
    if pose and pose != "Unspecified":
        meta["pose"] = pose
    if meta:
        result["meta"] = meta
    return result


_CJK = re.compile(f"[{CJK}]")


def read_conll(src: Path, as_: As, seen: Seen) -> Iterator[dict[str, Any]]:
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
