"""What the image formats share: the task's image, its pixel size, and a region's pixel outline."""

from __future__ import annotations

from typing import Any

from . import geometry as geo
from . import rle
from .naming import Names, image_url
from .plan import Plan
from .records import Chosen
from .regions import Region


def image_key(plan: Plan, regions: list[Region]) -> str | None:
    """The task-data key of the image the regions are on (else of the exported controls' image)."""
    on = tuple({r.to_name: None for r in regions})
    memo = plan.memo.setdefault("image_key", {})  # one lookup per task instead of a walk
    if on not in memo:
        memo[on] = _image_key(plan, [*on, *(t for c in plan.controls for t in c.targets)])
    return memo[on]  # type: ignore[no-any-return]


def _image_key(plan: Plan, names: list[str]) -> str | None:
    for name in names:
        obj = plan.cfg.objects.get(name)
        if obj is not None and obj.tag in plan.fmt.targets:
            listed = (obj.element.value("valueList") or "").strip()  # multi-image tasks
            return obj.variable or (listed[1:] if listed.startswith("$") else None)
    return None


def images_of(
    plan: Plan, names: Names, task: dict[str, Any], regions: list[Region]
) -> list[tuple[str, str, str, list[Region]]]:
    """(URL, unique stem, extension, its regions) of each image of the task: its one image, or every
    image of a multi-image task (`valueList`), each with the regions drawn on it (`item_index`)."""
    repeats = names.repeats
    found = _images_of(plan, names, task, regions)
    if names.repeats > repeats:
        plan.tally.convert("task repeated in the input (same id and image): a file of its own")
    return found


def _images_of(
    plan: Plan, names: Names, task: dict[str, Any], regions: list[Region]
) -> list[tuple[str, str, str, list[Region]]]:
    key = image_key(plan, regions)
    listed = task.get("data", {}).get(key) if key else None
    count = len(listed) if isinstance(listed, list) and listed else 1
    if count == 1 and all(not r.item for r in regions):  # the common case: one image
        url = image_url(task, key)
        return [(url, *names.stem(url, task.get("id")), regions)]
    on: list[list[Region]] = [[] for _ in range(count)]
    for r in regions:
        if r.item < count:
            on[r.item].append(r)
        else:
            plan.tally.skip("region on an image the task does not have (item_index past its images)")
    out = []
    for item, rs in enumerate(on):
        url = image_url(task, key, item)
        stem, ext = names.stem(url, task.get("id"), item)
        out.append((url, stem, ext, rs))
    return out


def size_of(regions: list[Region]) -> tuple[float, float] | None:
    return next((r.size for r in regions if r.size is not None), None)


def sized(plan: Plan, regions: list[Region]) -> list[Region]:
    """Regions that carry the image's pixel size (pixel formats cannot place the others)."""
    kept = [r for r in regions if r.size is not None]
    if len(kept) < len(regions):
        plan.tally.skip(
            "region without original_width/original_height (the pixel size is unknown)",
            len(regions) - len(kept),
        )
    return kept


def outline(plan: Plan, r: Region) -> tuple[list[geo.Point], tuple[float, float, float, float]]:
    """A box's four corners or a polygon's points in pixels, and their bounds; clamped when the plan
    says so."""
    assert r.size is not None
    w, h = r.size
    v = r.value
    if "points" in v:
        pts = geo.to_pixels(v["points"], w, h)
    elif "radiusX" in v:
        raise ValueError("not a box or polygon")
    elif not r.rotation % 360:
        b = upright(plan, r)
        return geo.corners(b), b
    else:
        pts = geo.box_corners(v["x"], v["y"], v["width"], v["height"], r.rotation, w, h)
    bounds = geo.hull(pts)
    if geo.outside(bounds, w, h):
        if plan.clamp:
            plan.tally.convert("clamped to the image (--clamp)")
            pts = geo.clamp(pts, w, h)
            bounds = geo.hull(pts)
        else:
            plan.tally.convert("reaches outside the image (kept; --clamp clips it)")
    return pts, bounds


def bounds(plan: Plan, r: Region) -> tuple[float, float, float, float]:
    """A box's or a polygon's pixel bounds, clamped when the plan says so."""
    if "points" not in r.value and not r.rotation % 360:
        return upright(plan, r)
    return outline(plan, r)[1]


def upright(plan: Plan, r: Region) -> tuple[float, float, float, float]:
    """An upright box's pixel bounds, clamped when the plan says so: `outline` without building the
    corners (most regions of most exports are upright boxes)."""
    assert r.size is not None
    w, h = r.size
    v = r.value
    bounds = geo.box_bounds(v["x"], v["y"], v["width"], v["height"], w, h)
    if geo.outside(bounds, w, h):
        if plan.clamp:
            plan.tally.convert("clamped to the image (--clamp)")
            # The hull of the clamped corners: clamping each bound is the same, as clamping keeps order.
            x0, y0, x1, y1 = bounds
            return min(max(x0, 0.0), w), min(max(y0, 0.0), h), min(max(x1, 0.0), w), min(max(y1, 0.0), h)
        plan.tally.convert("reaches outside the image (kept; --clamp clips it)")
    return bounds


def labels_of(plan: Plan, r: Region) -> tuple[str, ...]:
    """Its labels; a region with several yields one object per label, counted."""
    if len(r.labels) > 1:
        plan.tally.convert("region with several labels: written once per label")
    return r.labels


class PerImage:
    """The loop of the per-image writers (COCO, YOLO, VOC): each image of a task with a usable
    annotation goes to `_image` with the regions drawn on it."""

    plan: Plan
    names: Names
    UNUSED = "image not written"  # what a task without a usable annotation costs, for the tally

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        if not chosen:
            self.plan.tally.skip(f"task without a usable annotation: {self.UNUSED}")
            return
        regions = sized(self.plan, self.plan.regions(chosen))
        for url, stem, ext, on in images_of(self.plan, self.names, task, regions):
            self._image(task, url, stem, ext, on)

    def _image(self, task: dict[str, Any], url: str, stem: str, ext: str, regions: list[Region]) -> None:
        raise NotImplementedError


def mask_of(plan: Plan, r: Region) -> tuple[bytes, int, int] | None:
    """A brush region's decoded mask (one byte a pixel, row-major) with its width and height; None,
    counted, when its RLE does not decode."""
    assert r.size is not None
    w, h = int(r.size[0]), int(r.size[1])
    try:
        return rle.alpha(r.value.get("rle", []), w, h), w, h
    except rle.RLEError as exc:
        plan.tally.skip(f"brush mask that does not decode: {exc}")
        return None
