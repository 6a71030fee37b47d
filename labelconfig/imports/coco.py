"""COCO detection JSON back to Label Studio tasks, one task per image, every record checked first.

An instance with a polygon becomes that polygon (the SDK added its bbox as a second rectangle); a
multi-part polygon becomes one polygon per part; a box `labelconfig export` wrote for a rotated
rectangle (`rotation` set, its polygon in `segmentation`) comes back as that rotated rectangle;
keypoints become points whose `parentID` is their box. A record that cannot be read as COCO (a bbox
of three numbers, a category without a name, an annotation on an image the file does not list) is
counted with its reason; a file whose shape is not COCO's is refused with its line. `iscrowd` is kept
in the region's `meta`; RLE masks are counted, not imported.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeGuard

import orjson

from ..export import geometry as geo
from .common import As, ImportInputError, Seen, region, task, xml_safe

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


def _categories(doc: dict[str, Any], seen: Seen) -> tuple[dict[Any, dict[str, Any]], set[Any]]:
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
    cats, nameless = _categories(doc, seen)
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
