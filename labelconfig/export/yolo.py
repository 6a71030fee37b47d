"""Ultralytics YOLO layouts: `labels/<stem>.txt` per image, `classes.txt`, `data.yaml`, and
`sources.jsonl` saying which task and URL each `images/<stem><ext>` stands for (images are not
downloaded). Lines per format: `yolo` boxes (a rotated box as its pixel hull), `yolo-obb` four
corners, `yolo-seg` polygons, `yolo-pose` boxes with their keypoints (linked by `parentID`).

Only an annotation without regions makes an empty label file (a negative sample); a task with no
usable annotation gets none, so unlabelled images never pass for empty ones.

One format, one module: the writer (`Writer`) and the reader (`read`, for `labelconfig import`) live
side by side. Read back: `yolo` boxes, `yolo-obb` corners (rotation recovered in pixel space),
`yolo-seg` polygons and `yolo-pose` boxes with keypoints (`parentID`). The layout is told by the
caller, not guessed from column counts (the SDK read OBB and polygon lines as boxes with a score).
Class names come from `classes.txt`, else `data.yaml`; image sizes from `sources.jsonl` (written by
`labelconfig export`), else the image's PNG/JPEG header, else `size`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..imports.common import As, ImportInputError, Seen, lines, numbers, region, task, xml_safe
from ..tags.model import Geometry as G
from . import geometry as geo
from .files import header_size
from .imagefmt import PERCENT, Image, ImageFiles, PerImage, bounds, labels_of, outline, size_of
from .naming import Names
from .plan import Plan
from .regions import Region


def num(v: float) -> str:
    """12 significant digits: within 1e-6 px on any image up to a million pixels wide."""
    return format(v, ".12g")


class Converter(PerImage):
    """The label lines of each image (class ids mapped at `emit`): what a task converts to does not
    depend on the tasks before it, so Dask workers run this part."""

    UNUSED = "no label file"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.line = plan.fmt.options["line"]
        self.boxes = self.line in ("box", "pose")
        kinds = (G.POLYGON,) if self.line == "seg" else (G.BOX,)
        self.classes = plan.classes(*kinds)
        self.kp_names = plan.keypoint_names()

    def needs_pixels(self, r: Region) -> bool:
        """Coordinates are fractions of the image, so only a rotated box needs its pixel size (the
        angle turns pixels, not percentages, when the image is not square)."""
        return r.geometry is G.BOX and bool(r.rotation % 360)

    def _convert(self, task: dict[str, Any], url: str, regions: list[Region]) -> Converted:
        lines = self._pose(regions) if self.line == "pose" else self._lines(regions)
        size = size_of(regions)
        return Converted(lines, size and round(size[0]), size and round(size[1]))

    def _lines(self, regions: list[Region]) -> list[Line]:
        out: list[Line] = []
        ids, plan = self.classes.ids, self.plan
        for r in regions:
            if self.boxes:
                coords = self._box(r)
            else:
                w, h = r.size or PERCENT
                pts, _ = outline(plan, r, box=self.line == "obb")
                coords = " ".join([num(c) for x, y in pts for c in (x / w, y / h)])
            labels = r.labels if len(r.labels) == 1 else labels_of(plan, r)
            for label in labels:
                found = ids.get(label)
                out.append((self.classes.id(label) if found is None else found, coords))
        plan.tally.wrote(len(regions), len(out))  # each region, as its labels' lines
        return out

    def _box(self, r: Region) -> str:
        """`xc yc w h` of a box, as fractions of the image (each as `num` writes it)."""
        w, h = r.size or PERCENT
        if r.rotation % 360:
            self.plan.tally.convert("rotated box: written as its pixel hull (yolo-obb keeps the angle)")
        x0, y0, x1, y1 = bounds(self.plan, r)
        # `num` of each, in one literal format string (most lines of most exports are boxes; four
        # calls, or a format spec taken from a constant, cost twice as much).
        return f"{(x0 + x1) / 2 / w:.12g} {(y0 + y1) / 2 / h:.12g} {(x1 - x0) / w:.12g} {(y1 - y0) / h:.12g}"

    def _pose(self, regions: list[Region]) -> list[Line]:
        boxes = [r for r in regions if r.geometry is G.BOX]
        points: dict[tuple[int, str], list[Region]] = {}
        for p in regions:
            if p.geometry is G.POINT:
                if p.parent is None or not any(b.id == p.parent and b.source is p.source for b in boxes):
                    self.plan.tally.skip("keypoint without a parent box (parentID): yolo-pose needs one")
                    continue
                points.setdefault((id(p.source), p.parent), []).append(p)
        out = []
        for b in boxes:
            kps = self._keypoints(b, points.get((id(b.source), str(b.id)), []))
            for cls, tail in self._lines([b]):
                out.append((cls, " ".join([tail, *kps])))
        return out

    def _keypoints(self, box: Region, points: list[Region]) -> list[str]:
        slots: list[list[str]] = [["0", "0", "0"] for _ in self.kp_names]
        for p in points:
            k = self.kp_names.index(p.labels[0]) if p.labels[0] in self.kp_names else -1
            if k < 0 or slots[k][2] != "0":
                self.plan.tally.skip("keypoint label undeclared or repeated on one box")
                continue
            slots[k] = [num(p.value["x"] / 100), num(p.value["y"] / 100), "2"]
            self.plan.tally.wrote(1, 0)  # on its box's line
        return [c for s in slots for c in s]


Line = tuple[int, str]  # a label line: its class id and what follows it


@dataclass(slots=True)  # not frozen: a frozen one costs 4x to build, and every image makes one
class Converted:
    """One image's label lines and pixel size."""

    lines: list[Line]
    width: int | None
    height: int | None


def emit(
    images: Iterable[tuple[Image, str, str]], classes: Sequence[int] | None = None
) -> tuple[list[tuple[str, bytes]], bytes]:
    """(label files as (stem, text), lines of `sources.jsonl`) of converted images with their file
    names. `classes` maps the converter's class ids to the output's (a Dask worker met dynamic labels
    in another order than the whole export)."""
    files = []
    sources = []
    for im, stem, ext in images:
        rec: Converted = im.record
        lines = rec.lines if classes is None else [(classes[c], tail) for c, tail in rec.lines]
        text = "".join([f"{c} {tail}\n" if tail else f"{c}\n" for c, tail in lines])
        files.append((stem, text.encode()))
        record = {
            "image": f"images/{stem}{ext}",
            "label": f"labels/{stem}.txt",
            "url": im.url,
            "task_id": im.task_id,
            "width": rec.width,
            "height": rec.height,
        }
        sources.append(orjson.dumps(record) + b"\n")
    return files, b"".join(sources)


class Writer(ImageFiles, Converter):
    emit = staticmethod(emit)

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        (plan.out / "images").mkdir(parents=True, exist_ok=True)
        self.open_files(plan.out, "labels", ".txt")
        self.names = Names()

    def close(self) -> None:
        """`classes.txt` and `data.yaml` last: dynamic labels add classes as tasks arrive."""
        self.close_files()
        plan, names = self.plan, self.classes.names
        (plan.out / "classes.txt").write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
        yaml = [
            "# Written by labelconfig export; class ids follow the config's declared label order.",
            "path: .",
            "train: images",
            "val: images",
            f"nc: {len(names)}",
            "names:",
        ]
        yaml += [f"  {i}: {json.dumps(n, ensure_ascii=False)}" for i, n in enumerate(names)]
        if self.line == "pose":
            yaml.append(f"kpt_shape: [{len(self.kp_names)}, 3]")
            yaml.append("kpt_names: " + json.dumps(self.kp_names, ensure_ascii=False))
        (plan.out / "data.yaml").write_text("\n".join(yaml) + "\n", encoding="utf-8")


# Reading the format back: `labelconfig import` (`labelconfig.imports.import_tasks`).

_SLACK = 1e-6  # rounding in a written label file, not a region outside the image
_COLUMNS = {
    "yolo": "cls xc yc w h [confidence]",
    "yolo-obb": "cls x1 y1 x2 y2 x3 y3 x4 y4",
    "yolo-seg": "cls x1 y1 x2 y2 x3 y3 ...",
    "yolo-pose": "cls xc yc w h px py v ...",
}


def class_names(src: Path) -> dict[int, str]:
    """Class id -> name (see `_class_names`); a name a config cannot hold is refused."""
    names = _class_names(src)
    for i, name in names.items():
        if not xml_safe(name):
            raise ImportInputError(f"{src}: class {i} ({name!r}) holds control characters; rename it")
    return names


def _class_names(src: Path) -> dict[int, str]:
    """Class id -> name, exactly as declared: `classes.txt` (one per line, ids from 0), else data.yaml
    `names` as a list or as a dict whose ids may have gaps (a gap never shifts a class)."""
    classes = src / "classes.txt"
    if classes.exists():
        listed = [line.strip() for line in classes.read_text(encoding="utf-8").splitlines() if line.strip()]
        return dict(enumerate(listed))
    data = src / "data.yaml"
    if data.exists():
        names = _yaml(data).get("names")
        if isinstance(names, list):
            return {i: str(n) for i, n in enumerate(names)}
        if isinstance(names, dict):
            out = {}
            for k, v in names.items():
                if isinstance(k, bool) or not (isinstance(k, int) or (isinstance(k, str) and k.isdigit())):
                    raise ImportInputError(f"{data}: `names` key {k!r} is not a class id (0, 1, 2 ...)")
                out[int(k)] = str(v)
            return dict(sorted(out.items()))
    raise ImportInputError(
        f"{src}: no classes.txt or data.yaml `names`; add one listing the classes in id order"
    )


def _yaml(path: Path) -> dict[str, Any]:
    import yaml  # PyYAML loads only to read a data.yaml back, never on export

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ImportInputError(f"{path}{line}: invalid YAML; fix data.yaml") from None
    return doc if isinstance(doc, dict) else {}


def _kpt_names(src: Path) -> list[str]:
    """Keypoint names in column order: `kpt_names` of data.yaml (as `labelconfig export` writes)."""
    data = src / "data.yaml"
    names = _yaml(data).get("kpt_names") if data.exists() else None
    return [str(n) for n in names] if isinstance(names, list) else []


def _sources(src: Path) -> dict[str, dict[str, Any]]:
    """`sources.jsonl` (written by `labelconfig export`) by label file, relative to labels/."""
    path = src / "sources.jsonl"
    if not path.exists():
        return {}
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportInputError(f"{path}:{n}: invalid JSON ({exc.msg}); fix or remove the line") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("label"), str):
            raise ImportInputError(f"{path}:{n}: a sources line is an object with a `label` path")
        out[Path(rec["label"]).relative_to("labels").with_suffix("").as_posix()] = rec
    return out


def _images(src: Path) -> dict[str, Path]:
    """Images under images/ by their path there without extension (`train/a`: split layouts)."""
    folder = src / "images"
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).with_suffix("").as_posix(): p for p in folder.rglob("*") if p.is_file()}


def read(
    src: Path, layout: str, as_: As, seen: Seen, root: str = "", size: tuple[float, float] | None = None
) -> Iterator[dict[str, Any]]:
    """One task per label file (labels/ and its split folders, such as labels/train), in path
    order; a line whose class or coordinates do not fit is counted."""
    names = class_names(src)
    for name in names.values():  # the config lists every class in id order, used or not
        seen.add("polygonlabels" if layout == "yolo-seg" else "rectanglelabels", name)
    kpt_names = _kpt_names(src)
    for name in kpt_names if layout == "yolo-pose" else ():
        seen.add("keypointlabels", name)
    labels_dir = src / "labels"
    if not labels_dir.is_dir():
        raise ImportInputError(
            f"{src}: no labels/ folder; give the folder that holds labels/ (and images/, data.yaml)"
        )
    sources, images = _sources(src), _images(src)
    for path in sorted(labels_dir.rglob("*.txt")):
        key = path.relative_to(labels_dir).with_suffix("").as_posix()
        rec = sources.get(key, {})
        wh = (rec.get("width"), rec.get("height"))
        dims: tuple[float, float] | None = (float(wh[0]), float(wh[1])) if all(wh) else None  # type: ignore[arg-type]
        if dims is None and key in images:
            dims = header_size(images[key])
        dims = dims or size
        image = images[key].relative_to(src / "images").as_posix() if key in images else f"{key}.jpg"
        url = rec.get("url") or root + image
        results: list[dict[str, Any]] = []
        for n, fields in lines(path):
            seen.read += 1
            where = f"{path}:{n}"
            found = _line(layout, numbers(fields, where, _COLUMNS[layout]), (names, kpt_names), dims,
                          f"{key.replace('/', '-')}-{n}", where, seen)  # fmt: skip
            seen.written += bool(found)
            results += found
        yield task({"image": url}, results, as_)


def _label(names: dict[int, str], value: float) -> str | None:
    return names.get(int(value)) if value == int(value) else None


def _line(
    layout: str,
    v: list[float],
    names: tuple[dict[int, str], list[str]],  # classes, keypoint names
    dims: tuple[float, float] | None,
    rid: str,
    where: str,
    seen: Seen,
) -> list[dict[str, Any]]:
    n = len(v)
    ok = {
        "yolo": n in (5, 6),  # a 6th column is a model's confidence
        "yolo-obb": n == 9,
        "yolo-seg": n >= 7 and n % 2 == 1,
        "yolo-pose": n > 5 and (n - 5) % 3 == 0,
    }
    if not ok[layout]:
        raise ImportInputError(f"{where}: {n} columns; a `{layout}` line is `{_COLUMNS[layout]}`")
    label = _label(names[0], v[0])
    if label is None:
        seen.skip("line whose class id is not in the class names (classes.txt or data.yaml)")
        return []
    coords = v[1:5] if layout in ("yolo", "yolo-pose") else v[1:]
    if layout == "yolo-obb":  # a turned box may reach past the image: Label Studio places it anyway
        inside = True
    elif layout in ("yolo", "yolo-pose"):
        xc, yc, bw, bh = coords
        inside = bw > 0 and bh > 0 and xc - bw / 2 >= -_SLACK and xc + bw / 2 <= 1 + _SLACK
        inside = inside and yc - bh / 2 >= -_SLACK and yc + bh / 2 <= 1 + _SLACK
    else:
        inside = all(-_SLACK <= c <= 1 + _SLACK for c in coords)
    if not inside:
        seen.skip("line whose region is empty or reaches outside the image")
        return []
    if layout in ("yolo", "yolo-pose"):
        xc, yc, w, h = v[1:5]
        box = {
            "x": (xc - w / 2) * 100,
            "y": (yc - h / 2) * 100,
            "width": w * 100,
            "height": h * 100,
            "rotation": 0,
        }
        out = [region("rectanglelabels", rid, box, label, dims, seen)]
        if n == 6:
            out[0]["score"] = v[5]  # 0.0 included (the SDK dropped falsy scores)
        if layout == "yolo-pose":
            out += _keypoints(v[5:], rid, dims, seen, names[1])
        return out
    if layout == "yolo-seg":
        points = [[v[i] * 100, v[i + 1] * 100] for i in range(1, n, 2)]
        return [region("polygonlabels", rid, {"points": points, "closed": True}, label, dims, seen)]
    if dims is None:
        seen.skip("oriented box without the image size (no sources.jsonl, readable image or --image-size)")
        return []
    w, h = dims
    corners = [(v[i] * w, v[i + 1] * h) for i in range(1, 9, 2)]
    return [region("rectanglelabels", rid, geo.corners_to_box(corners, w, h), label, dims, seen)]


def _keypoints(
    v: list[float], parent: str, dims: tuple[float, float] | None, seen: Seen, kp_names: list[str]
) -> list[dict[str, Any]]:
    out = []
    for k in range(0, len(v), 3):
        x, y, visible = v[k : k + 3]
        if not visible:
            continue
        value = {"x": x * 100, "y": y * 100, "width": 1.0}
        name = kp_names[k // 3] if k // 3 < len(kp_names) else f"kp{k // 3}"
        result = region("keypointlabels", f"{parent}-k{k // 3}", value, name, dims, seen)
        result["parentID"] = parent
        out.append(result)
    return out
