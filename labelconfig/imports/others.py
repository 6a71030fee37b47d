"""COCO, Pascal VOC and CoNLL 2003 back to Label Studio tasks.

COCO: one task per image. An instance with a polygon becomes a polygon only (the SDK added its bbox as
a second, duplicate rectangle); a box `labelconfig export` wrote for a rotated rectangle (`rotation`
set, its polygon in `segmentation`) comes back as that rotated rectangle; keypoints become points
whose `parentID` is their box. RLE masks are counted as skipped. The file is one JSON object, so it
is read whole. VOC: one task per XML file. CoNLL: one task per block, tokens joined by spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from lxml import etree

from ..export import geometry as geo
from ..export.textfmt import CJK
from .common import As, ImportInputError, Seen, region, task


def _load_coco(src: Path) -> dict[str, Any]:
    try:
        doc = orjson.loads(src.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise ImportInputError(
            f"{src}:{getattr(exc, 'lineno', 0)}: invalid JSON; give a COCO JSON file"
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("images"), list):
        raise ImportInputError(f"{src}: not COCO (no `images` list); give the annotations JSON file")
    return doc


def read_coco(src: Path, as_: As, seen: Seen, root: str = "") -> Iterator[dict[str, Any]]:
    doc = _load_coco(src)
    cats = {c["id"]: c for c in doc.get("categories", [])}
    for c in cats.values():
        kind = "keypointlabels" if c.get("keypoints") else "rectanglelabels"
        seen.add("rectanglelabels", str(c["name"]))
        for k in c.get("keypoints") or []:
            seen.add(kind, str(k))
    by_image: dict[Any, list[dict[str, Any]]] = {}
    for a in doc.get("annotations", []):
        by_image.setdefault(a.get("image_id"), []).append(a)
    for image in doc["images"]:
        w, h = image.get("width"), image.get("height")
        anns = by_image.get(image.get("id"), [])
        if not (isinstance(w, int | float) and isinstance(h, int | float) and w > 0 and h > 0):
            seen.skip("image without width/height: its annotations cannot be placed")
            continue
        results = [r for a in anns for r in _coco_ann(a, cats, (float(w), float(h)), seen)]
        url = image.get("path") or root + str(image.get("file_name", ""))
        yield task({"image": url}, results, as_)


def _coco_ann(
    a: dict[str, Any], cats: dict[Any, dict[str, Any]], size: tuple[float, float], seen: Seen
) -> list[dict[str, Any]]:
    cat = cats.get(a.get("category_id"))
    if cat is None:
        seen.skip("annotation whose category_id is not in categories")
        return []
    label, rid, (w, h) = str(cat["name"]), f"a{a.get('id')}", size
    seg = a.get("segmentation")
    if isinstance(seg, dict):
        seen.skip("RLE mask (iscrowd) annotation: not imported")
        return []
    if "rotation" in a and seg and len(seg[0]) == 8:
        ring = seg[0]
        box = geo.corners_to_box([(ring[i], ring[i + 1]) for i in range(0, 8, 2)], w, h)
        out = [region("rectanglelabels", rid, box, label, size, seen)]
    elif seg:
        out = [
            region(
                "polygonlabels",
                f"{rid}" if i == 0 else f"{rid}-{i}",
                {"points": geo.to_percent(zip(r[0::2], r[1::2], strict=True), w, h), "closed": True},
                label,
                size,
                seen,
            )
            for i, r in enumerate(seg)
            if len(r) >= 6
        ]
    else:
        x, y, bw, bh = a["bbox"]
        box = {
            "x": x * 100 / w,
            "y": y * 100 / h,
            "width": bw * 100 / w,
            "height": bh * 100 / h,
            "rotation": 0,
        }
        out = [region("rectanglelabels", rid, box, label, size, seen)]
    names = cat.get("keypoints") or []
    kps = a.get("keypoints") or []
    for k, name in enumerate(names):
        if 3 * k + 2 < len(kps) and kps[3 * k + 2]:
            value = {"x": kps[3 * k] * 100 / w, "y": kps[3 * k + 1] * 100 / h, "width": 1.0}
            point = region("keypointlabels", f"{rid}-k{k}", value, str(name), size, seen)
            point["parentID"] = rid
            out.append(point)
    return out


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
