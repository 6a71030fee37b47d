"""What the image formats share: the task's image, its pixel size, and a region's pixel outline."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlsplit

from . import files, rle
from . import geometry as geo
from .naming import Names, image_url, split_url
from .plan import Plan
from .records import Chosen
from .regions import Region


def image_key(plan: Plan, regions: list[Region]) -> str | None:
    """The task-data key of the image the regions are on (else of the exported controls' image)."""
    on = tuple({r.to_name: None for r in regions})
    memo = plan.memo.setdefault("image_key", {})  # one lookup per task instead of a walk
    if on not in memo:
        memo[on] = _image_key(plan, [*on, *(t for c in plan.controls for t in c.targets)])
    return memo[on]


def _image_key(plan: Plan, names: list[str]) -> str | None:
    for name in names:
        obj = plan.cfg.objects.get(name)
        if obj is not None and obj.tag in plan.fmt.targets:
            listed = (obj.element.value("valueList") or "").strip()  # multi-image tasks
            return obj.variable or (listed[1:] if listed.startswith("$") else None)
    return None


def images_of(
    plan: Plan, task: dict[str, Any], regions: list[Region], dropped: Sequence[Region] = ()
) -> list[tuple[str, int, list[Region], bool]]:
    """(URL, item, its regions, whether regions on it were left out) of each image of the task: its
    one image, or every image of a multi-image task (`valueList`), each with the regions drawn on it
    (`item_index`)."""
    key = image_key(plan, [*regions, *dropped])
    listed = task.get("data", {}).get(key) if key else None
    count = len(listed) if isinstance(listed, list) and listed else 1
    if count == 1 and all(not r.item for r in regions):  # the common case: one image
        return [(image_url(task, key), 0, regions, bool(dropped))]
    on: list[list[Region]] = [[] for _ in range(count)]
    for r in regions:
        if r.item < count:
            on[r.item].append(r)
        else:
            plan.tally.skip("region on an image the task does not have (item_index past its images)")
    lost = {r.item for r in dropped}
    return [(image_url(task, key, item), item, rs, item in lost) for item, rs in enumerate(on)]


def name(
    plan: Plan, names: Names, task_id: Any, url: str, item: int, split: tuple[str, str] | None = None
) -> tuple[str, str]:
    """(stem, extension) of the files of one image of a task, never another image's (`split`: the
    URL's `split_url`, when known)."""
    repeats = names.repeats
    found = names.stem(url, task_id, item, split)
    if names.repeats > repeats:
        plan.tally.convert("task repeated in the input (same id and image): a file of its own")
    return found


def size_of(regions: list[Region]) -> tuple[float, float] | None:
    return next((r.size for r in regions if r.size is not None), None)


def image_size(plan: Plan, url: str, regions: list[Region]) -> tuple[float, float] | None:
    """The pixel size of an image: its regions', else --image-size, else its header (--image-root)."""
    return size_of(regions) or plan.image_size or root_size(plan, url)


PERCENT: Final = (100.0, 100.0)  # a region's own coordinates: what normalised formats need


def sized(
    plan: Plan, url: str, regions: list[Region], needs_pixels: Callable[[Region], bool]
) -> list[Region]:
    """The regions with the image's pixel size filled in where they lack it (from another region of
    the image, --image-size, or the image file's header under --image-root). A region that still has
    none is kept when `needs_pixels(region)` is false (normalised formats write it as drawn) and
    counted and left out otherwise."""
    for r in regions:
        if r.size is None:
            break
    else:
        return regions  # every region has its size (the common case)
    size = size_of(regions) or plan.image_size or root_size(plan, url)
    kept = []
    for r in regions:
        if r.size is None and size is not None:
            r.size = size
        if r.size is not None or not needs_pixels(r):
            kept.append(r)
        else:
            what = r.geometry.value if r.geometry is not None else "region"
            plan.tally.skip(
                f"{what} region without a pixel size (no original_width/height; give --image-size or "
                "--image-root)"
            )
    return kept


def root_size(plan: Plan, url: str) -> tuple[float, float] | None:
    """The pixel size in the header of the image file `url` names under --image-root: the path the
    URL names (local-files `?d=` included), else its file name."""
    if plan.image_root is None:
        return None
    path = unquote(urlsplit(url).path) if "://" in url else url
    query = parse_qs(urlsplit(url).query).get("d")
    for candidate in (query[0] if query else None, path.lstrip("/"), posixpath.basename(path)):
        if not candidate:
            continue
        file = plan.image_root / candidate
        if file.is_file():
            return files.header_size(file)
    return None


def outline(
    plan: Plan, r: Region, box: bool = False
) -> tuple[list[geo.Point], tuple[float, float, float, float]]:
    """A box's four corners or a polygon's points in pixels, and their bounds; clipped to the image
    when the plan says so, except where the format needs a `box` (four corners) back."""
    w, h = r.size or PERCENT
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
        clipped = geo.clip(pts, w, h) if plan.clamp else []
        if plan.clamp and box:
            plan.tally.convert("rotated box reaching outside the image: kept as drawn (clipped, no box)")
        elif plan.clamp and len(clipped) < 3:
            plan.tally.convert("region wholly outside the image: kept as drawn (clipping leaves nothing)")
        elif plan.clamp:
            plan.tally.convert("clamped to the image (--clamp)")
            pts = clipped
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
    w, h = r.size or PERCENT
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


@dataclass(slots=True)
class Image:
    """One image of a task, converted by its format (`record`), not yet named: its file name comes
    from (url, task id, item) by the one naming rule, in input order, once every earlier image is named."""

    url: str
    task_id: Any
    item: int
    record: Any
    split: tuple[str, str]  # `split_url(url)`: the file name it suggests, worked out with the rest


class PerImage:
    """The loop of the per-image writers (COCO, YOLO, VOC, brush masks): each image of a task with a usable
    annotation goes to `_convert` with the regions drawn on it. An image gets a file with no regions
    only when its annotation has none (a negative sample); one whose every region was left out gets
    none, counted: an empty label file would tell a trainer there is nothing there.

    Converting an image (`convert`) depends on its task alone, so it can run anywhere (a Dask worker);
    naming it and writing it (`_emit`) depend on the images before it and run in input order."""

    plan: Plan
    names: Names
    UNUSED = "image not written"  # what a task without a usable annotation costs, for the tally

    def needs_pixels(self, r: Region) -> bool:
        """Whether the format cannot place `r` without the image's pixel size."""
        return True

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        for image in self.convert(task, chosen):
            stem, ext = name(self.plan, self.names, image.task_id, image.url, image.item, image.split)
            self._emit(image, stem, ext)

    def convert(self, task: dict[str, Any], chosen: list[Chosen]) -> Iterator[Image]:
        """The task's images to write, each converted, in order."""
        plan = self.plan
        if not chosen:
            plan.tally.skip(f"task without a usable annotation: {self.UNUSED}", unit="task")
            return
        dropped: list[Region] = []
        regions = plan.regions(chosen, dropped=dropped)
        refused = {
            r.get("item_index") or 0 for c in chosen for r in c.refused if r.get("from_name") in plan.names
        }
        for url, item, on, lost in images_of(plan, task, regions, dropped):
            placed = sized(plan, url, on, self.needs_pixels)
            if not placed and (lost or on or item in refused):
                why = f"image whose every region was left out: {self.UNUSED} (no negative sample)"
                plan.tally.skip(why, unit="image")
                continue
            yield Image(url, task.get("id"), item, self._convert(task, url, placed), split_url(url))

    def _convert(self, task: dict[str, Any], url: str, regions: list[Region]) -> Any:
        raise NotImplementedError

    def _emit(self, image: Image, stem: str, ext: str) -> None:
        raise NotImplementedError


Emitted = tuple[list[tuple[str, bytes]], bytes]  # what a format's `emit` gives: files and sources lines


class ImageFiles:
    """The writing half of a per-image format whose module's `emit` gives (files as (name, contents),
    lines of `sources.jsonl`): YOLO, VOC and brush masks. Each file goes to `<folder>/<name><suffix>`
    under the output (a name may hold a folder of its own: brush masks have one per image), created
    in batches (`files.NewFiles`). A writer lists it before its Converter, names its `emit`, calls
    `open_files` when it starts and `close_files` when it closes."""

    emit: Callable[..., Emitted]  # the format's `emit`, as a staticmethod of the writer

    def open_files(self, out: Path, folder: str, suffix: str) -> None:
        (out / folder).mkdir(parents=True, exist_ok=True)
        self._prefix = os.path.join(out / folder, "")  # with its separator: names are appended
        self._suffix = suffix
        self._folders: set[str] = set()
        self._files = files.NewFiles()
        self._sources = open(out / "sources.jsonl", "wb")  # noqa: SIM115 - closed in close_files()

    def _emit(self, image: Image, stem: str, ext: str) -> None:
        self.put(*self.emit([(image, stem, ext)]))

    def put(self, images: list[tuple[str, bytes]], sources: bytes) -> None:
        """Write the output of the format's `emit` (a Dask client calls this with a partition's)."""
        for name, data in images:
            if "/" in name:
                folder = name.rpartition("/")[0]
                if folder not in self._folders:
                    os.makedirs(f"{self._prefix}{folder}", exist_ok=True)
                    self._folders.add(folder)
            self._files.add(f"{self._prefix}{name}{self._suffix}", data)
        self._sources.write(sources)

    def close_files(self) -> None:
        self._files.flush()
        self._sources.close()


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
