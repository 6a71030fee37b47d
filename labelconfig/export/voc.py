"""Pascal VOC: `Annotations/<stem>.xml` per image, integer pixel boxes rounded to the nearest pixel
(the SDK truncates, up to 2 px off), a rotated box as its pixel hull (the SDK ignores rotation).
`sources.jsonl` maps each file back to its task and URL."""

from __future__ import annotations

import json
import os
from typing import Any

from lxml import etree

from .files import put
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
        put(os.path.join(self.dir, f"{stem}.xml"), etree.tostring(root, pretty_print=True, encoding="utf-8"))
        record = {"image": f"images/{stem}{ext}", "annotation": f"Annotations/{stem}.xml", "url": url}
        self.sources.write(json.dumps({**record, "task_id": task_id}, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.sources.close()
        (self.plan.out / "classes.txt").write_text("".join(f"{n}\n" for n in self.classes.names), "utf-8")
