"""COCO detection JSON, streamed: images are written as tasks arrive, annotations go to a spool file
and follow them, categories (known only at the end when labels are dynamic) close the object.

Rotated boxes: `bbox` is the pixel hull and `segmentation` the rotated box's polygon, computed in
pixel space. Keypoints attach to their parent box (`parentID`), so two people stay two instances.
Category ids start at 1 (COCO's convention) in the exported controls' declared order.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from typing import Any

import orjson

from ..tags.model import Geometry as G
from . import geometry as geo
from . import rle
from .imagefmt import PerImage, image_size, labels_of, mask_of, outline, upright
from .naming import Names
from .plan import Plan
from .regions import Region


class Writer(PerImage):
    UNUSED = "image not listed"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        assert plan.scratch is not None, "writers are run by export.run"
        self.ann_spool = plan.scratch / "annotations"
        self.fh = open(plan.out, "wb")  # noqa: SIM115 - closed in close()
        self.spool = open(self.ann_spool, "w+b")  # noqa: SIM115
        info = {"description": "Exported by labelconfig", "date_created": datetime.now(UTC).isoformat()}
        self.fh.write(b'{"info":' + orjson.dumps(info) + b',"licenses":[],"images":[')
        self.classes = plan.classes(G.BOX, G.POLYGON, G.MASK)
        self.kp_names = plan.keypoint_names()
        self.with_kp: set[int] = set()  # category ids whose annotations carry keypoints
        self.names = Names()
        self.images = 0
        self.anns = 0
        self._sources: list[Region] = []  # the region of each annotation of the image being written

    def _image(self, task: dict[str, Any], url: str, stem: str, ext: str, regions: list[Region]) -> None:
        self.images += 1
        image_id = self.images
        size = image_size(self.plan, url, regions)
        if size is None:
            self.plan.tally.convert(
                "image without a pixel size (no region tells it; give --image-size or --image-root): "
                "width and height null"
            )
        image = {
            "id": image_id,
            "file_name": stem + ext,
            "width": size and round(size[0]),
            "height": size and round(size[1]),
            "path": url,
            "task_id": task.get("id"),
        }
        self.fh.write((b"," if image_id > 1 else b"") + orjson.dumps(image))
        anns: list[dict[str, Any]] = []
        points = []
        track = bool(self.kp_names)  # keypoints find their box's annotation through its region
        placed = 0  # regions written as one annotation or more (one per label)
        for r in regions:
            if r.geometry is G.POINT:
                points.append(r)
                continue
            out = self._mask(r, image_id) if r.geometry is G.MASK else self._outline(r, image_id)
            if out:
                anns += out
                placed += 1
            if track:
                self._sources += [r] * len(out)
        if placed:
            self.plan.tally.wrote(placed, len(anns))
        if points:
            boxes: dict[tuple[int, str], dict[str, Any]] = {}
            for ann, r in zip(anns, self._sources, strict=True):
                if r.id is not None and r.geometry is G.BOX:
                    boxes.setdefault((id(r.source), r.id), ann)
            anns += self._keypoints(points, boxes, image_id)
        self._sources.clear()
        if anns:
            before = self.anns
            for ann_id, ann in enumerate(anns, before + 1):
                ann["id"] = ann_id
            self.anns = before + len(anns)
            # One dump per image: the list's brackets come off, its commas stay.
            self.spool.write((b"," if before else b"") + orjson.dumps(anns)[1:-1])

    def _base(self, r: Region, image_id: int, label: str | int) -> dict[str, Any]:
        """An annotation's first keys (its `id` is set once the image's annotations are known)."""
        if isinstance(label, int):
            cls = label
        else:
            found = self.classes.ids.get(label)
            cls = self.classes.id(label) if found is None else found
        ann: dict[str, Any] = {"id": 0, "image_id": image_id, "category_id": cls + 1, "iscrowd": 0}
        if r.score is not None:
            ann["score"] = r.score
        source = r.source
        if source.kind == "annotation":
            ann["annotation_id"] = source.record.get("id")
        return ann

    def _outline(self, r: Region, image_id: int) -> list[dict[str, Any]]:
        if r.geometry is G.BOX and not r.rotation % 360:  # an upright box is its bbox
            x0, y0, x1, y1 = upright(self.plan, r)
            w, h = x1 - x0, y1 - y0
            out = []
            for label in labels_of(self.plan, r):
                ann = self._base(r, image_id, label)
                ann["bbox"] = [x0, y0, w, h]
                ann["area"] = w * h
                ann["segmentation"] = []
                if self.kp_names:
                    ann.update(keypoints=[0.0] * (3 * len(self.kp_names)), num_keypoints=0)
                out.append(ann)
            return out
        pts, (x0, y0, x1, y1) = outline(self.plan, r)
        w, h = x1 - x0, y1 - y0
        rotated = r.geometry is G.BOX
        if rotated:
            self.plan.tally.convert("rotated box: bbox is its pixel hull, segmentation its polygon")
        seg, area = [[c for p in pts for c in p]], geo.area(pts)
        out = []
        for label in labels_of(self.plan, r):
            ann = self._base(r, image_id, label)
            ann["bbox"], ann["area"], ann["segmentation"] = [x0, y0, w, h], area, seg
            if rotated:  # tells importers the polygon is a box turned about its first corner
                ann["rotation"] = r.rotation % 360
                if self.kp_names:
                    ann.update(keypoints=[0.0] * (3 * len(self.kp_names)), num_keypoints=0)
            out.append(ann)
        return out

    def _mask(self, r: Region, image_id: int) -> list[dict[str, Any]]:
        decoded = mask_of(self.plan, r)
        if decoded is None:
            return []
        mask, w, h = decoded
        box = rle.mask_bbox(mask, w, h)
        if box is None:
            self.plan.tally.skip("empty brush mask")
            return []
        out = []
        for label in labels_of(self.plan, r):
            ann = self._base(r, image_id, label)
            ann.update(bbox=box[0], area=float(box[1]), segmentation=rle.coco_rle(mask, w, h))
            out.append(ann)
        return out

    def _keypoints(
        self, points: list[Region], boxes: dict[tuple[int, str], dict[str, Any]], image_id: int
    ) -> list[dict[str, Any]]:
        """Keypoints go into their parent box's annotation; the unparented points of one annotation
        form one instance of a category named after their control."""
        orphans: dict[int, list[Region]] = {}
        for p in points:
            ann = boxes.get((id(p.source), p.parent)) if p.parent is not None else None
            if ann is None:
                orphans.setdefault(id(p.source), []).append(p)
            else:
                self._place(ann, p)
        made = []
        for group in orphans.values():
            ann = self._base(group[0], image_id, self.classes.add(str(group[0].label_control)))
            ann.update(keypoints=[0.0] * (3 * len(self.kp_names)), num_keypoints=0, segmentation=[])
            for p in group:
                self._place(ann, p)
            kp = ann["keypoints"]
            pts = [(kp[i], kp[i + 1]) for i in range(0, len(kp), 3) if kp[i + 2]]
            if not pts:
                continue
            x0, y0, x1, y1 = geo.hull(pts)
            ann.update(bbox=[x0, y0, x1 - x0, y1 - y0], area=(x1 - x0) * (y1 - y0))
            made.append(ann)
            self.plan.tally.wrote(0, 1)  # an annotation whose points were counted as placed
        return made

    def _place(self, ann: dict[str, Any], p: Region) -> None:
        assert p.size is not None
        name = p.labels[0]
        if len(p.labels) > 1:
            self.plan.tally.convert("keypoint with several labels: the first names it")
        k = self.kp_names.index(name) if name in self.kp_names else -1
        if k < 0:
            self.plan.tally.skip("keypoint label not declared in the config")
            return
        if ann["keypoints"][3 * k + 2]:
            self.plan.tally.skip(f"second `{name}` keypoint on one instance (link points with parentID)")
            return
        ((x, y),) = geo.to_pixels([(p.value["x"], p.value["y"])], *p.size)
        ann["keypoints"][3 * k : 3 * k + 3] = [x, y, 2]
        ann["num_keypoints"] += 1
        self.with_kp.add(ann["category_id"])
        self.plan.tally.wrote(1, 0)  # into its instance's annotation

    def close(self) -> None:
        """Annotations follow the images; categories (dynamic labels appear as tasks arrive) close
        the file."""
        try:
            self.spool.seek(0)
            self.fh.write(b'],"annotations":[')
            shutil.copyfileobj(self.spool, self.fh, 1 << 20)
            categories = _categories(self.classes.names, self.with_kp, self.kp_names)
            self.fh.write(b'],"categories":' + orjson.dumps(categories) + b"}\n")
        finally:
            self.spool.close()
            self.fh.close()


def _categories(names: list[str], with_kp: set[int], kp_names: list[str]) -> list[dict[str, Any]]:
    cats = []
    for i, name in enumerate(names):
        cat: dict[str, Any] = {"id": i + 1, "name": name, "supercategory": ""}
        if i + 1 in with_kp:
            cat.update(keypoints=kp_names, skeleton=[])
        cats.append(cat)
    return cats
