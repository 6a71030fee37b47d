"""Pascal VOC back to Label Studio tasks: one task per XML file."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from .common import As, ImportInputError, Seen, region, task


def read(
    src: Path, fmt: str, as_: As, seen: Seen, root: str = "", size: tuple[float, float] | None = None
) -> Iterator[dict[str, Any]]:
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
        dims = _numbers([doc.findtext("size/width"), doc.findtext("size/height")]) or size  # --image-size
        if dims is None or not (dims[0] > 0 and dims[1] > 0):
            seen.skip("object in a VOC file without size/width and size/height", len(objects))
            seen.note("VOC file without size/width and size/height: not imported")
            continue
        w, h = dims
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
