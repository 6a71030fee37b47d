"""COCO detection JSON, streamed: images are written as tasks arrive, annotations go to a spool file
and follow them, categories (known only at the end when labels are dynamic) close the object.

Rotated boxes: `bbox` is the pixel hull and `segmentation` the rotated box's polygon, computed in
pixel space. Keypoints attach to their parent box (`parentID`), so two people stay two instances.
Category ids start at 1 (COCO's convention) in the exported controls' declared order.

One format, one module: the writer (`Writer`) and the reader (`read`, for `labelconfig import`) live
side by side. Read back: one task per image, every record checked first. An instance with a polygon
becomes that polygon (the SDK added its bbox as a second rectangle); a multi-part polygon becomes
one polygon per part; a box `labelconfig export` wrote for a rotated rectangle (`rotation` set, its
polygon in `segmentation`) comes back as that rotated rectangle; keypoints become points whose
`parentID` is their box. A record that cannot be read as COCO (a bbox of three numbers, a category
without a name, an annotation on an image the file does not list) is counted with its reason; a file
whose shape is not COCO's is refused with its line. `iscrowd` is kept in the region's `meta`; RLE
masks are counted, not imported.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeGuard

import orjson

from ..imports.common import As, ImportInputError, Seen, region, task, xml_safe
from ..tags.model import Geometry as G
from . import geometry as geo
from . import rle
from .imagefmt import Image, PerImage, image_size, labels_of, mask_of, outline, upright
from .naming import Names
from .plan import Plan
from .regions import Region


class Converter(PerImage):
    """COCO's images and annotations of each task, numbered later (`emit`): what a task converts to
    does not depend on the tasks before it, so Dask workers run this part."""

    UNUSED = "image not listed"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.classes = plan.classes(G.BOX, G.POLYGON, G.MASK)
        self.kp_names = plan.keypoint_names()
        self.with_kp: set[int] = set()  # category ids whose annotations carry keypoints
        self._sources: list[Region] = []  # the region of each annotation of the image being converted

    def _convert(self, task: dict[str, Any], url: str, regions: list[Region]) -> Converted:
        size = image_size(self.plan, url, regions)
        if size is None:
            self.plan.tally.convert(
                "image without a pixel size (no region tells it; give --image-size or --image-root): "
                "width and height null"
            )
        anns: list[dict[str, Any]] = []
        points = []
        track = bool(self.kp_names)  # keypoints find their box's annotation through its region
        placed = 0  # regions written as one annotation or more (one per label)
        for r in regions:
            if r.geometry is G.POINT:
                points.append(r)
                continue
            out = self._mask(r, 0) if r.geometry is G.MASK else self._outline(r, 0)
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
            anns += self._keypoints(points, boxes, 0)
        self._sources.clear()
        return Converted(size and round(size[0]), size and round(size[1]), anns)

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


@dataclass(frozen=True, slots=True)
class Converted:
    """One image's size and annotations (ids 0 until `emit` numbers them)."""

    width: int | None
    height: int | None
    annotations: list[dict[str, Any]]


def emit(
    images: Iterable[tuple[Image, str, str]],
    first_image: int,
    first_ann: int,
    classes: Sequence[int] | None = None,
) -> tuple[bytes, bytes]:
    """(images, annotations) of converted images with their file names, as COCO's two lists hold
    them: images numbered from `first_image`, annotations from `first_ann`, each element but the first
    of its list preceded by a comma. `classes` maps the converter's class ids to the output's (a Dask
    worker met dynamic labels in another order than the whole export)."""
    image_out: list[bytes] = []
    ann_out: list[bytes] = []
    image_id, ann_id = first_image, first_ann
    for im, stem, ext in images:
        rec: Converted = im.record
        image = {"id": image_id, "file_name": stem + ext, "width": rec.width, "height": rec.height,
                 "path": im.url, "task_id": im.task_id}  # fmt: skip
        image_out.append((b"," if image_id > 1 else b"") + orjson.dumps(image))
        if rec.annotations:
            comma = b"," if ann_id > 1 else b""
            for ann in rec.annotations:
                ann["id"], ann["image_id"] = ann_id, image_id
                if classes is not None:
                    ann["category_id"] = classes[ann["category_id"] - 1] + 1
                ann_id += 1
            # One dump per image: the list's brackets come off, its commas stay.
            ann_out.append(comma + orjson.dumps(rec.annotations)[1:-1])
        image_id += 1
    return b"".join(image_out), b"".join(ann_out)


class Writer(Converter):
    """Streams COCO: images are written as tasks arrive, annotations go to a spool file and follow them."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        assert plan.scratch is not None, "writers are run by export.run"
        self.ann_spool = plan.scratch / "annotations"
        self.fh = open(plan.out, "wb")  # noqa: SIM115 - closed in close()
        self.spool = open(self.ann_spool, "w+b")  # noqa: SIM115
        info = {"description": "Exported by labelconfig", "date_created": datetime.now(UTC).isoformat()}
        self.fh.write(b'{"info":' + orjson.dumps(info) + b',"licenses":[],"images":[')
        self.names = Names()
        self.images = 0
        self.anns = 0

    def _emit(self, image: Image, stem: str, ext: str) -> None:
        self.put(*emit([(image, stem, ext)], self.images + 1, self.anns + 1))
        self.images += 1
        self.anns += len(image.record.annotations)

    def put(self, images: bytes, annotations: bytes) -> None:
        """Write the output of `emit` (the counters are the caller's to advance)."""
        self.fh.write(images)
        self.spool.write(annotations)

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


# Reading the format back: `labelconfig import` (`labelconfig.imports.import_tasks`).

_NUMBER = (int, float)


def _finite(v: Any) -> TypeGuard[float]:
    return isinstance(v, _NUMBER) and not isinstance(v, bool) and math.isfinite(v)


def _line_of(data: bytes, key: str) -> int:
    at = data.find(f'"{key}"'.encode())
    return data.count(b"\n", 0, max(at, 0)) + 1


def load(src: Path) -> dict[str, Any]:
    """The COCO object; `ImportInputError` with the file and line when its shape is not COCO's."""
    data = src.read_bytes()
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ImportInputError(
            f"{src}:{getattr(exc, 'lineno', 0)}: invalid JSON ({exc.msg}); give a COCO JSON file"
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("images"), list):
        raise ImportInputError(f"{src}:1: not COCO (no `images` list); give the annotations JSON file")
    for key in ("annotations", "categories"):
        if key in doc and not isinstance(doc[key], list):
            raise ImportInputError(
                f"{src}:{_line_of(data, key)}: `{key}` is a {type(doc[key]).__name__}; COCO keeps a list "
                "of objects there"
            )
    return doc


def _read_categories(doc: dict[str, Any], seen: Seen) -> tuple[dict[Any, dict[str, Any]], set[Any]]:
    """(usable categories by id, ids of categories without a usable name)."""
    cats: dict[Any, dict[str, Any]] = {}
    nameless: set[Any] = set()
    names: dict[str, Any] = {}
    for c in doc.get("categories", []):
        if not isinstance(c, dict) or c.get("id") is None:
            seen.note("category that is not an object with an id: ignored")
            continue
        name = c.get("name")
        if not isinstance(name, str) or not name.strip() or not xml_safe(name):
            nameless.add(c["id"])
            continue
        if names.setdefault(name, c["id"]) != c["id"]:
            seen.note(f"two categories named `{name}`: one label")
        cats[c["id"]] = c
        seen.add("rectanglelabels", name)
        for k in c.get("keypoints") or []:
            if xml_safe(str(k)):
                seen.add("keypointlabels", str(k))
    return cats, nameless


def read(
    src: Path, fmt: str, as_: As, seen: Seen, root: str = "", size: tuple[float, float] | None = None
) -> Iterator[dict[str, Any]]:
    doc = load(src)
    cats, nameless = _read_categories(doc, seen)
    images: dict[Any, dict[str, Any]] = {}
    for image in doc["images"]:
        if isinstance(image, dict) and image.get("id") is not None:
            images[image["id"]] = image
        else:
            seen.note("image record that is not an object with an id: ignored")
    by_image: dict[Any, list[dict[str, Any]]] = {}
    for a in doc.get("annotations", []):
        seen.read += 1
        if not isinstance(a, dict):
            seen.skip("annotation that is not an object")
        elif a.get("image_id") not in images:
            seen.skip("annotation on an image_id the file does not list")
        else:
            by_image.setdefault(a["image_id"], []).append(a)
    for image_id, image in images.items():
        w, h = image.get("width"), image.get("height")
        anns = by_image.get(image_id, [])
        if not (_finite(w) and _finite(h) and w > 0 and h > 0):
            seen.skip("annotation on an image without width/height (it cannot be placed)", len(anns))
            seen.note("image without width/height: not imported")
            continue
        results = []
        for a in anns:
            found = _annotation(a, cats, nameless, (float(w), float(h)), seen)
            seen.written += bool(found)
            results += found
        name = image.get("path") if isinstance(image.get("path"), str) else None
        url = name or root + str(image.get("file_name", f"image-{image_id}.jpg"))
        yield task({"image": url}, results, as_)


def _annotation(
    a: dict[str, Any],
    cats: dict[Any, dict[str, Any]],
    nameless: set[Any],
    size: tuple[float, float],
    seen: Seen,
) -> list[dict[str, Any]]:
    """The results of one annotation; none, counted, when it cannot be read."""
    cat = cats.get(a.get("category_id"))
    if cat is None:
        unnamed = a.get("category_id") in nameless
        seen.skip("annotation of a category without a name" if unnamed else "category_id not in categories")
        return []
    label, rid = str(cat["name"]), f"a{a.get('id')}"
    seg = a.get("segmentation")
    if isinstance(seg, dict):
        seen.skip("RLE mask (iscrowd) annotation: not imported")
        return []
    if seg and not isinstance(seg, list):
        seen.skip("segmentation that is neither a list of polygons nor an RLE object")
        return []
    out = _polygons(a, seg, rid, label, size, seen) if seg else _box(a, rid, label, size, seen)
    if out is None:
        return []
    out += _keypoints(a, cat, rid if out else None, size, seen)
    if not out:
        seen.skip("annotation with neither a usable box, polygon nor keypoint")
    crowd = a.get("iscrowd")
    if crowd:
        for r in out:
            r["meta"] = {"iscrowd": crowd}
    return out


def _polygons(
    a: dict[str, Any], seg: list[Any], rid: str, label: str, size: tuple[float, float], seen: Seen
) -> list[dict[str, Any]] | None:
    w, h = size
    parts = []
    for ring in seg:
        if not isinstance(ring, list) or not all(_finite(v) for v in ring):
            seen.skip("polygon with a coordinate that is not a number")
            return None
        if len(ring) % 2:
            seen.skip("polygon with an odd number of coordinates")
            return None
        if len(ring) < 6:
            seen.skip("polygon of fewer than 3 points")
            return None
        parts.append(ring)
    if "rotation" in a and len(parts) == 1 and len(parts[0]) == 8:
        ring = parts[0]
        corners = [(ring[i], ring[i + 1]) for i in range(0, 8, 2)]
        if _rectangle(corners):
            box = geo.corners_to_box(corners, w, h)
            return [region("rectanglelabels", rid, box, label, size, seen)]
        seen.note("`rotation` on a polygon that is no rectangle: imported as the polygon")
    if any(geo.outside(geo.hull(list(zip(r[0::2], r[1::2], strict=True))), w, h) for r in parts):
        seen.skip("polygon reaching outside the image")  # Label Studio refuses points past 100%
        return None
    if len(parts) > 1:
        seen.note("multi-part polygon: one polygon per part (ids <annotation>-<part>)")
    return [
        region(
            "polygonlabels",
            rid if i == 0 else f"{rid}-{i}",
            {"points": geo.to_percent(zip(r[0::2], r[1::2], strict=True), w, h), "closed": True},
            label,
            size,
            seen,
        )
        for i, r in enumerate(parts)
    ]


def _rectangle(c: list[tuple[float, float]]) -> bool:
    """Whether four corners (in order) make a rectangle of some area: what a rotated box exports as."""
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = c
    u, v = (bx - ax, by - ay), (dx - ax, dy - ay)
    side = max(math.hypot(*u), math.hypot(*v))
    tol = 1e-6 * max(side, 1.0)
    square = abs(u[0] * v[0] + u[1] * v[1]) <= tol * side  # TL->TR is perpendicular to TL->BL
    closes = math.hypot(ax + u[0] + v[0] - cx, ay + u[1] + v[1] - cy) <= tol  # BR = TL + both edges
    # Some area: a side longer than float noise. (`tol` is the corners' tolerance; a box a millionth
    # as thick as it is long, 0.0025 px by 2500 px on a 1 px tall image, is still a box.)
    return square and closes and min(math.hypot(*u), math.hypot(*v)) > 1e-9 * max(side, 1.0)


def _box(
    a: dict[str, Any], rid: str, label: str, size: tuple[float, float], seen: Seen
) -> list[dict[str, Any]] | None:
    """The bbox as a rectangle: [] for a keypoint-only instance (a bbox without area), None when the
    bbox is unusable (counted)."""
    bbox = a.get("bbox")
    if not isinstance(bbox, list) or len(bbox) != 4 or not all(_finite(v) for v in bbox):
        seen.skip("bbox that is not 4 numbers [x, y, width, height]")
        return None
    x, y, bw, bh = bbox
    w, h = size
    if bw == 0 == bh and a.get("keypoints"):
        return []
    if bw <= 0 or bh <= 0:
        seen.skip("bbox with a zero or negative width or height")
        return None
    if x < 0 or y < 0 or x + bw > w * (1 + 1e-9) or y + bh > h * (1 + 1e-9):
        seen.skip("bbox reaching outside the image")
        return None
    box = {"x": x * 100 / w, "y": y * 100 / h, "width": bw * 100 / w, "height": bh * 100 / h, "rotation": 0}
    return [region("rectanglelabels", rid, box, label, size, seen)]


def _keypoints(
    a: dict[str, Any], cat: dict[str, Any], parent: str | None, size: tuple[float, float], seen: Seen
) -> list[dict[str, Any]]:
    names = cat.get("keypoints") or []
    kps = a.get("keypoints") or []
    if not isinstance(kps, list) or not isinstance(names, list):
        return []
    w, h = size
    out = []
    for k, name in enumerate(names):
        if 3 * k + 2 >= len(kps) or not kps[3 * k + 2]:
            continue
        x, y = kps[3 * k], kps[3 * k + 1]
        if not (_finite(x) and _finite(y) and 0 <= x <= w and 0 <= y <= h):
            seen.note("keypoint that is not a point in the image: left out")
            continue
        value = {"x": x * 100 / w, "y": y * 100 / h, "width": 1.0}
        point = region("keypointlabels", f"a{a.get('id')}-k{k}", value, str(name), size, seen)
        if parent is not None:
            point["parentID"] = parent
        out.append(point)
    return out
