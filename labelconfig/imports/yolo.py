"""Ultralytics YOLO folders back to Label Studio tasks: `yolo` boxes, `yolo-obb` corners (rotation
recovered in pixel space), `yolo-seg` polygons and `yolo-pose` boxes with keypoints (`parentID`).

The layout is told by the caller, not guessed from column counts (the SDK read OBB and polygon lines
as boxes with a score). Class names come from `classes.txt`, else `data.yaml`; image sizes from
`sources.jsonl` (written by `labelconfig export`), else the image's PNG/JPEG header, else `size`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..export import geometry as geo
from .common import As, ImportInputError, Seen, image_size, lines, numbers, region, task

_COLUMNS = {
    "yolo": "cls xc yc w h [confidence]",
    "yolo-obb": "cls x1 y1 x2 y2 x3 y3 x4 y4",
    "yolo-seg": "cls x1 y1 x2 y2 x3 y3 ...",
    "yolo-pose": "cls xc yc w h px py v ...",
}


def class_names(src: Path) -> list[str]:
    classes = src / "classes.txt"
    if classes.exists():
        return [line.strip() for line in classes.read_text(encoding="utf-8").splitlines() if line.strip()]
    data = src / "data.yaml"
    if data.exists():
        names = (yaml.safe_load(data.read_text(encoding="utf-8")) or {}).get("names")
        if isinstance(names, dict):
            return [str(names[k]) for k in sorted(names)]
        if isinstance(names, list):
            return [str(n) for n in names]
    raise ImportInputError(
        f"{src}: no classes.txt or data.yaml `names`; add one listing the classes in id order"
    )


def _kpt_names(src: Path) -> list[str]:
    """Keypoint names in column order: `kpt_names` of data.yaml (as `labelconfig export` writes)."""
    data = src / "data.yaml"
    names = (
        (yaml.safe_load(data.read_text(encoding="utf-8")) or {}).get("kpt_names") if data.exists() else None
    )
    return [str(n) for n in names] if isinstance(names, list) else []


def _sources(src: Path) -> dict[str, dict[str, Any]]:
    path = src / "sources.jsonl"
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out[Path(rec["label"]).stem] = rec
    return out


def _images(src: Path) -> dict[str, Path]:
    folder = src / "images"
    return {p.stem: p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def read(
    src: Path, layout: str, as_: As, seen: Seen, size: tuple[float, float] | None = None, root: str = ""
) -> Iterator[dict[str, Any]]:
    """One task per label file, in file-name order."""
    names = class_names(src)
    for name in names:  # the config lists every class in id order, used or not
        seen.add("polygonlabels" if layout == "yolo-seg" else "rectanglelabels", name)
    kpt_names = _kpt_names(src)
    for name in kpt_names if layout == "yolo-pose" else ():
        seen.add("keypointlabels", name)
    labels_dir = src / "labels"
    if not labels_dir.is_dir():
        raise ImportInputError(
            f"{src}: no labels/ folder; give the folder that holds labels/ and classes.txt"
        )
    sources, images = _sources(src), _images(src)
    for path in sorted(labels_dir.glob("*.txt")):
        stem = path.stem
        rec = sources.get(stem, {})
        wh = (rec.get("width"), rec.get("height"))
        dims: tuple[float, float] | None = (float(wh[0]), float(wh[1])) if all(wh) else None  # type: ignore[arg-type]
        if dims is None and stem in images:
            dims = image_size(images[stem])
        dims = dims or size
        url = rec.get("url") or root + (images[stem].name if stem in images else f"{stem}.jpg")
        results: list[dict[str, Any]] = []
        for n, fields in lines(path):
            results += _line(
                layout,
                numbers(fields, f"{path}:{n}", _COLUMNS[layout]),
                (names, kpt_names),
                dims,
                f"{stem}-{n}",
                f"{path}:{n}",
                seen,
            )
        yield task({"image": url}, results, as_)


def _label(names: list[str], value: float, where: str) -> str:
    if value != int(value) or not 0 <= value < len(names):
        raise ImportInputError(f"{where}: class {value:g} is not in classes.txt ({len(names)} classes)")
    return names[int(value)]


def _line(
    layout: str,
    v: list[float],
    names: tuple[list[str], list[str]],  # classes, keypoint names
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
    label = _label(names[0], v[0], where)
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
