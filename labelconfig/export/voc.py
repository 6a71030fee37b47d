"""Pascal VOC: `Annotations/<stem>.xml` per image, integer pixel boxes rounded to the nearest pixel
(the SDK truncates, up to 2 px off), a rotated box as its pixel hull (the SDK ignores rotation).
`sources.jsonl` maps each file back to its task and URL.

One format, one module: the writer (`Writer`) and the reader (`read`, for `labelconfig import`)
live side by side. Read back: one task per XML file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..imports.common import As, ImportInputError, Seen, region, task
from .imagefmt import Image, ImageFiles, PerImage, bounds, image_size, labels_of
from .naming import Names
from .plan import Plan
from .regions import Region


def _sub(parent: etree._Element, tag: str, text: object = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = str(text)
    return el


class Converter(PerImage):
    """Each image's objects (label and pixel box) and size: what a task converts to does not depend
    on the tasks before it, so Dask workers run this part; the file name goes in at `emit`."""

    UNUSED = "no annotation file"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.classes = plan.classes()

    def _convert(self, task: dict[str, Any], url: str, regions: list[Region]) -> Converted:
        plan = self.plan
        size = image_size(plan, url, regions)
        if size is None:
            plan.tally.convert(
                "image without a pixel size (no region tells it; give --image-size or --image-root): "
                "<width> and <height> left empty"
            )
        objects = []
        for r in regions:
            x0, y0, x1, y1 = bounds(plan, r)
            if r.rotation % 360:
                plan.tally.convert("rotated box: written as its pixel hull")
            for label in labels_of(plan, r):
                self.classes.id(label)
                objects.append((label, round(x0), round(y0), round(x1), round(y1)))
            plan.tally.wrote(1, len(r.labels))
        return Converted(objects, size and round(size[0]), size and round(size[1]))


@dataclass(slots=True)
class Converted:
    """One image's objects, (label, xmin, ymin, xmax, ymax) in whole pixels, and its pixel size."""

    objects: list[tuple[str, int, int, int, int]]
    width: int | None
    height: int | None


def emit(
    images: Iterable[tuple[Image, str, str]], classes: Sequence[int] | None = None
) -> tuple[list[tuple[str, bytes]], bytes]:
    """(annotation files as (stem, XML), lines of `sources.jsonl`) of converted images with their file
    names. `classes` (the export's class id of each of a Dask worker's) is not needed: VOC names its
    classes."""
    files = []
    sources = []
    for im, stem, ext in images:
        rec: Converted = im.record
        root = etree.Element("annotation")
        _sub(root, "folder", "images")
        _sub(root, "filename", stem + ext)
        _sub(root, "path", im.url)
        source = _sub(root, "source")
        _sub(source, "database", "Label Studio")
        _sub(source, "task_id", im.task_id)
        dims = _sub(root, "size")
        _sub(dims, "width", "" if rec.width is None else rec.width)
        _sub(dims, "height", "" if rec.height is None else rec.height)
        _sub(dims, "depth", 3)
        _sub(root, "segmented", 0)
        for label, *box in rec.objects:
            obj = _sub(root, "object")
            _sub(obj, "name", label)
            _sub(obj, "pose", "Unspecified")
            _sub(obj, "truncated", 0)
            _sub(obj, "difficult", 0)
            bndbox = _sub(obj, "bndbox")
            for tag, v in zip(("xmin", "ymin", "xmax", "ymax"), box, strict=True):
                _sub(bndbox, tag, v)
        files.append((stem, etree.tostring(root, pretty_print=True, encoding="utf-8")))
        record = {"image": f"images/{stem}{ext}", "annotation": f"Annotations/{stem}.xml", "url": im.url}
        sources.append(json.dumps({**record, "task_id": im.task_id}, ensure_ascii=False) + "\n")
    return files, "".join(sources).encode("utf-8")


class Writer(ImageFiles, Converter):
    emit = staticmethod(emit)

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.open_files(plan.out, "Annotations", ".xml")
        self.names = Names()

    def close(self) -> None:
        self.close_files()
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
