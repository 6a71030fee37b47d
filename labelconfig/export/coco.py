"""COCO detection JSON, streamed: images are written as tasks arrive, annotations go to a spool file
and follow them, categories (known only at the end when labels are dynamic) close the object.

Rotated boxes: `bbox` is the pixel hull and `segmentation` the rotated box's polygon, computed in
pixel space. Keypoints attach to their parent box (`parentID`), so two people stay two instances.
Category ids start at 1 (COCO's convention) in the exported controls' declared order.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import accumulate, chain, count, repeat
from pathlib import Path
from typing import Any

import orjson

from ..tags.model import Geometry as G
from . import geometry as geo
from . import parts, rle
from .imagefmt import PerImage, labels_of, mask_of, outline, size_of, upright
from .naming import Names
from .parts import spool
from .plan import Plan
from .regions import Region


@dataclass(frozen=True)
class State:
    """What one part leaves for the merge."""

    images: tuple[Path, ...]  # comma-separated image objects, ids from first[0] + 1
    annotations: tuple[Path, ...]  # comma-separated annotation objects, ids from first[1] + 1
    count: tuple[int, int]  # images, annotations
    classes: list[str]
    names: Names
    keypoint_classes: set[int]  # category ids whose annotations carry keypoints
    per_image: array[int] = field(default_factory=lambda: array("I"))  # annotations of each image
    first: tuple[int, int] = (0, 0)  # images and annotations before this part's ids


class Writer(PerImage):
    UNUSED = "image not listed"

    def __init__(self, plan: Plan, part: int = 0) -> None:
        self.plan = plan
        self.image_spool = spool(plan, f"{part}.images")
        self.ann_spool = spool(plan, f"{part}.annotations")
        self.fh = open(self.image_spool, "wb")  # noqa: SIM115 - closed in close()
        self.spool = open(self.ann_spool, "wb")  # noqa: SIM115
        self.classes = plan.classes(G.BOX, G.POLYGON, G.MASK)
        self.kp_names = plan.keypoint_names()
        self.with_kp: set[int] = set()  # category ids whose annotations carry keypoints
        self.names = Names()
        self.images = 0
        self.anns = 0
        self.per_image = array("I")
        self._sources: list[Region] = []  # the region of each annotation of the image being written

    def _image(self, task: dict[str, Any], url: str, stem: str, ext: str, regions: list[Region]) -> None:
        self.images += 1
        image_id = self.images
        size = size_of(regions)
        if size is None:
            self.plan.tally.convert("annotation without regions: image listed with unknown width/height")
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
        for r in regions:
            if r.geometry is G.POINT:
                points.append(r)
                continue
            out = self._mask(r, image_id) if r.geometry is G.MASK else self._outline(r, image_id)
            anns += out
            if track:
                self._sources += [r] * len(out)
        self.plan.tally.written += len(anns)
        if points:
            boxes: dict[tuple[int, str], dict[str, Any]] = {}
            for ann, r in zip(anns, self._sources, strict=True):
                if r.id is not None and r.geometry is G.BOX:
                    boxes.setdefault((id(r.source), r.id), ann)
            anns += self._keypoints(points, boxes, image_id)
        self._sources.clear()
        self.per_image.append(len(anns))
        if anns:
            for ann in anns:
                self.anns += 1
                ann["id"] = self.anns
            # One dump per image: the list's brackets come off, its commas stay.
            self.spool.write((b"," if self.anns > len(anns) else b"") + orjson.dumps(anns)[1:-1])

    def _base(self, r: Region, image_id: int, label: str | int) -> dict[str, Any]:
        """An annotation's first keys, in the order every COCO writer here uses (`id` first: merging
        parts shifts it)."""
        if isinstance(label, int):
            cls = label
        else:
            found = self.classes.ids.get(label)
            cls = self.classes.id(label) if found is None else found
        ann: dict[str, Any] = {"id": 0, "image_id": image_id, "category_id": cls + 1, "iscrowd": 0}
        if r.score is not None:
            ann["score"] = r.score
        if r.source.kind == "annotation":
            ann["annotation_id"] = r.source.id
        return ann

    def _outline(self, r: Region, image_id: int) -> list[dict[str, Any]]:
        if r.geometry is G.BOX and not r.rotation % 360:  # an upright box is its bbox
            x0, y0, x1, y1 = upright(self.plan, r)
            w, h = x1 - x0, y1 - y0
            out = [self._base(r, image_id, label) for label in labels_of(self.plan, r)]
            for ann in out:
                ann["bbox"], ann["area"], ann["segmentation"] = [x0, y0, w, h], w * h, []
                if self.kp_names:
                    ann.update(keypoints=[0.0] * (3 * len(self.kp_names)), num_keypoints=0)
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
        self.plan.tally.written += 1

    def close(self) -> State:
        self.fh.close()
        self.spool.close()
        return State(
            (self.image_spool,),
            (self.ann_spool,),
            (self.images, self.anns),
            self.classes.names,
            self.names,
            self.with_kp,
            self.per_image,
        )

    @classmethod
    def prepare(cls, plan: Plan, state: State, before: list[State], run: Run | None = None) -> State:
        """`state` with its ids final: shifted past the images and annotations of the parts before
        it (run as soon as those are known, while later parts are still being exported). With `run`
        (a pool's `submit`), a large annotation spool is renumbered in two halves at once."""
        images = sum(s.count[0] for s in before)
        anns = sum(s.count[1] for s in before)
        if (images, anns) == state.first:
            return state
        assert state.first == (0, 0), "a part is prepared once"
        (source,) = state.annotations
        # (byte range, annotations and images before, annotations of each image) of each half
        halves: list[tuple[int, int | None, int, int, array[int]]] = [
            (0, None, anns, images, state.per_image)
        ]
        size = source.stat().st_size
        split = parts.object_start(source, size // 2) if run is not None and size > SPLIT_ABOVE else None
        if split:  # (an object at 0 has no comma before it, and no first half)
            # The second half starts at annotation n, inside image i with `done` of its annotations
            # already in the first half; the comma before the split stays out of both halves.
            n = parts.objects_before(source, split)
            totals = list(accumulate(state.per_image))
            i = bisect_right(totals, n)
            done = n - (totals[i - 1] if i else 0)
            rest = array("I", [state.per_image[i] - done]) + state.per_image[i + 1 :]
            halves = [
                (0, split - 1, anns, images, state.per_image),
                (split, None, anns + n, images + i, rest),
            ]
        targets = [spool(plan, f"{source.name}.{k}.final") for k in range(len(halves))]
        jobs = [(source, t, *half) for t, half in zip(targets, halves, strict=True)]
        if run is not None and len(jobs) > 1:
            for f in [run(renumber_annotations, *job) for job in jobs]:
                f.result()
        else:
            for job in jobs:
                renumber_annotations(*job)
        (image_spool,) = state.images
        image_target = spool(plan, image_spool.name + ".final")
        with open(image_target, "wb") as out:
            parts.renumbered(image_spool, out, 1, map(b'{"id":%d,'.__mod__, count(images + 1)))
        return replace(state, images=(image_target,), annotations=tuple(targets), first=(images, anns))

    @classmethod
    def merge(cls, plan: Plan, states: list[State]) -> None:
        """The COCO file: the parts' images and annotations in order (ids made final by `prepare`),
        and the categories of all."""
        names = parts.classes([s.classes for s in states])
        parts.names([s.names for s in states])
        states = [cls.prepare(plan, s, states[:k]) for k, s in enumerate(states)]  # no-ops once prepared
        with_kp = set().union(*(s.keypoint_classes for s in states))
        info = {"description": "Exported by labelconfig", "date_created": datetime.now(UTC).isoformat()}
        with open(plan.out, "wb") as out:
            out.write(b'{"info":' + orjson.dumps(info) + b',"licenses":[],"images":[')
            parts.concat([p for s in states for p in s.images], out, b",")
            out.write(b'],"annotations":[')
            parts.concat([p for s in states for p in s.annotations], out, b",")
            categories = _categories(names, with_kp, plan.keypoint_names())
            out.write(b'],"categories":' + orjson.dumps(categories) + b"}\n")

    @staticmethod
    def undo(plan: Plan, states: list[State]) -> None:
        """Nothing to undo: a COCO part writes only its spools."""


Run = Callable[..., Future[Any]]  # a process pool's submit

# An annotation spool this large is renumbered by two workers at once (halving the last part's
# renumbering, which runs after every part is exported).
SPLIT_ABOVE = 8 * 1024 * 1024


def renumber_annotations(
    source: Path,
    target: Path,
    start: int,
    end: int | None,
    anns: int,
    images: int,
    per_image: array[int],
) -> None:
    """Write the annotations of `source` (bytes `start` to `end`) to `target` with ids from `anns`
    + 1, on images numbered from `images` + 1 holding `per_image` annotations each in turn."""
    of_annotation = chain.from_iterable(map(repeat, count(images + 1), per_image))
    heads = map(b'{"id":%d,"image_id":%d,'.__mod__, zip(count(anns + 1), of_annotation))
    with open(target, "wb") as out:
        parts.renumbered(source, out, 2, heads, start, end)


def _categories(names: list[str], with_kp: set[int], kp_names: list[str]) -> list[dict[str, Any]]:
    cats = []
    for i, name in enumerate(names):
        cat: dict[str, Any] = {"id": i + 1, "name": name, "supercategory": ""}
        if i + 1 in with_kp:
            cat.update(keypoints=kp_names, skeleton=[])
        cats.append(cat)
    return cats
