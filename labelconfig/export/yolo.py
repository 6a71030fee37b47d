"""Ultralytics YOLO layouts: `labels/<stem>.txt` per image, `classes.txt`, `data.yaml`, and
`sources.jsonl` saying which task and URL each `images/<stem><ext>` stands for (images are not
downloaded). Lines per format: `yolo` boxes (a rotated box as its pixel hull), `yolo-obb` four
corners, `yolo-seg` polygons, `yolo-pose` boxes with their keypoints (linked by `parentID`).

Only an annotation without regions makes an empty label file (a negative sample); a task with no
usable annotation gets none, so unlabelled images never pass for empty ones.
"""

from __future__ import annotations

import json
import os
from typing import Any

import orjson

from ..tags.model import Geometry as G
from .files import put
from .imagefmt import PERCENT, PerImage, bounds, labels_of, outline, size_of
from .naming import Names
from .plan import Plan
from .regions import Region


def num(v: float) -> str:
    """12 significant digits: within 1e-6 px on any image up to a million pixels wide."""
    return format(v, ".12g")


class Writer(PerImage):
    UNUSED = "no label file"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.line = plan.fmt.options["line"]
        self.labels_dir = plan.out / "labels"
        self.labels_dir.mkdir(parents=True, exist_ok=True)
        (plan.out / "images").mkdir(exist_ok=True)
        self.labels = os.path.join(self.labels_dir, "")  # with its separator: names are appended
        kinds = (G.POLYGON,) if self.line == "seg" else (G.BOX,)
        self.classes = plan.classes(*kinds)
        self.kp_names = plan.keypoint_names()
        self.names = Names()
        self.sources = open(plan.out / "sources.jsonl", "wb")  # noqa: SIM115 - closed in close()

    def needs_pixels(self, r: Region) -> bool:
        """Coordinates are fractions of the image, so only a rotated box needs its pixel size (the
        angle turns pixels, not percentages, when the image is not square)."""
        return r.geometry is G.BOX and bool(r.rotation % 360)

    def _image(self, task: dict[str, Any], url: str, stem: str, ext: str, regions: list[Region]) -> None:
        lines = self._pose(regions) if self.line == "pose" else self._lines(regions)
        text = "".join(f"{line}\n" for line in lines).encode()
        put(f"{self.labels}{stem}.txt", text)
        size = size_of(regions)
        record = {
            "image": f"images/{stem}{ext}",
            "label": f"labels/{stem}.txt",
            "url": url,
            "task_id": task.get("id"),
            "width": size and round(size[0]),
            "height": size and round(size[1]),
        }
        self.sources.write(orjson.dumps(record) + b"\n")

    def _lines(self, regions: list[Region]) -> list[str]:
        out = []
        boxes = self.line in ("box", "pose")
        ids, tally = self.classes.ids, self.plan.tally
        for r in regions:
            if boxes:
                coords = self._box(r, bounds(self.plan, r))
            else:
                w, h = r.size or PERCENT
                pts, _ = outline(self.plan, r, box=self.line == "obb")
                coords = " ".join([num(c) for x, y in pts for c in (x / w, y / h)])
            labels = labels_of(self.plan, r)
            for label in labels:
                found = ids.get(label)
                out.append(f"{self.classes.id(label) if found is None else found} {coords}")
            tally.wrote(1, len(labels))
        return out

    def _box(self, r: Region, hull: tuple[float, float, float, float]) -> str:
        """`xc yc w h` of a box, as fractions of the image (each as `num` writes it)."""
        w, h = r.size or PERCENT
        if r.rotation % 360:
            self.plan.tally.convert("rotated box: written as its pixel hull (yolo-obb keeps the angle)")
        x0, y0, x1, y1 = hull
        xc, yc, bw, bh = (x0 + x1) / 2 / w, (y0 + y1) / 2 / h, (x1 - x0) / w, (y1 - y0) / h
        # `num` of each, in one literal format string (most lines of most exports are boxes; four
        # calls, or a format spec taken from a constant, cost twice as much).
        return f"{xc:.12g} {yc:.12g} {bw:.12g} {bh:.12g}"

    def _pose(self, regions: list[Region]) -> list[str]:
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
            for line in self._lines([b]):
                out.append(" ".join([line, *kps]))
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

    def close(self) -> None:
        """`classes.txt` and `data.yaml` last: dynamic labels add classes as tasks arrive."""
        self.sources.close()
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
