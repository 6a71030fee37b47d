"""Pascal VOC: `Annotations/<stem>.xml` per image, integer pixel boxes rounded to the nearest pixel
(the SDK truncates, up to 2 px off), a rotated box as its pixel hull (the SDK ignores rotation).
`sources.jsonl` maps each file back to its task and URL.

One format, one module: the writer (`Writer`) and the reader (`read`, for `labelconfig import`)
live side by side. Read back: one task per XML file.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from ..imports.common import As, ImportInputError, Seen, region, task
from .files import NewFiles
from .imagefmt import Image, PerImage, bounds, image_size, labels_of
from .naming import Names
from .plan import Plan
from .regions import Region


def _sub(parent: etree._Element, tag: str, text: object = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = str(text)
    return el


class Writer(PerImage):
    UNUSED = "no annotation file"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.dir = plan.out / "Annotations"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.classes = plan.classes()
        self.names = Names()
        self.files = NewFiles()
        self.sources = open(plan.out / "sources.jsonl", "w", encoding="utf-8")  # noqa: SIM115

    def _convert(self, task: dict[str, Any], url: str, regions: list[Region]) -> list[Region]:
        return regions  # the XML holds the file name, so the whole image is written in `_emit`

    def _emit(self, image: Image, stem: str, ext: str) -> None:
        url, task_id, regions = image.url, image.task_id, image.record
        size = image_size(self.plan, url, regions)
        if size is None:
            self.plan.tally.convert(
                "image without a pixel size (no region tells it; give --image-size or --image-root): "
                "<width> and <height> left empty"
            )
        root = etree.Element("annotation")
        _sub(root, "folder", "images")
        _sub(root, "filename", stem + ext)
        _sub(root, "path", url)
        source = _sub(root, "source")
        _sub(source, "database", "Label Studio")
        _sub(source, "task_id", task_id)
        dims = _sub(root, "size")
        _sub(dims, "width", round(size[0]) if size else "")
        _sub(dims, "height", round(size[1]) if size else "")
        _sub(dims, "depth", 3)
        _sub(root, "segmented", 0)
        for r in regions:
            x0, y0, x1, y1 = bounds(self.plan, r)
            if r.rotation % 360:
                self.plan.tally.convert("rotated box: written as its pixel hull")
            for label in labels_of(self.plan, r):
                self.classes.id(label)
                obj = _sub(root, "object")
                _sub(obj, "name", label)
                _sub(obj, "pose", "Unspecified")
                _sub(obj, "truncated", 0)
                _sub(obj, "difficult", 0)
                box = _sub(obj, "bndbox")
                for tag, v in (("xmin", x0), ("ymin", y0), ("xmax", x1), ("ymax", y1)):
                    _sub(box, tag, round(v))
            self.plan.tally.wrote(1, len(r.labels))
        xml = etree.tostring(root, pretty_print=True, encoding="utf-8")
        self.files.add(os.path.join(self.dir, f"{stem}.xml"), xml)
        record = {"image": f"images/{stem}{ext}", "annotation": f"Annotations/{stem}.xml", "url": url}
        self.sources.write(json.dumps({**record, "task_id": task_id}, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.files.flush()
        self.sources.close()
        (self.plan.out / "classes.txt").write_text("".join(f"{n}\n" for n in self.classes.names), "utf-8")


# Reading the format back: `labelconfig import` (`labelconfig.imports.import_tasks`).


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
