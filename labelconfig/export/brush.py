"""Brush masks decoded from Label Studio's RLE into `masks/<image stem>/<n>_<label>.png|.npy`, one
file per region and label (the alpha channel as painted, 0-255), and `sources.jsonl` naming the task,
annotation, region and label of each file. The output folder is created (the SDK required it)."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from . import images
from .files import NewFiles
from .imagefmt import images_of, labels_of, mask_of, name, sized
from .naming import Names
from .plan import Plan
from .records import Chosen
from .regions import Region

_SAFE = re.compile(r"[^\w.-]+")


class Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.kind = plan.fmt.options["image"]
        self.root = plan.out / "masks"
        self.root.mkdir(parents=True, exist_ok=True)
        self.names = Names()
        self.files = NewFiles()
        self.sources = open(plan.out / "sources.jsonl", "w", encoding="utf-8")  # noqa: SIM115

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        """A folder per image with masks: an image without any has nothing to write."""
        for url, item, on, _ in images_of(self.plan, task, self.plan.regions(chosen)):
            placed = sized(self.plan, url, on, lambda r: True)
            if placed:
                self._image(task, url, name(self.plan, self.names, task.get("id"), url, item)[0], placed)

    def _image(self, task: dict[str, Any], url: str, stem: str, regions: list[Region]) -> None:
        folder = self.root / stem
        folder.mkdir(exist_ok=True)
        n = 0
        for r in regions:
            decoded = mask_of(self.plan, r)
            if decoded is None:
                continue
            mask, w, h = decoded
            labels = labels_of(self.plan, r)
            self.plan.tally.wrote(1, len(labels))
            data = images.png(mask, w, h) if self.kind == "png" else images.npy(mask, w, h)
            for label in labels:
                n += 1
                name = f"{n}_{_SAFE.sub('_', label)}.{self.kind}"
                self.files.add(os.path.join(folder, name), data)
                record = {
                    "mask": f"masks/{stem}/{name}",
                    "label": label,
                    "region_id": r.id,
                    "url": url,
                    "task_id": task.get("id"),
                    "annotation_id": r.source.id,
                }
                self.sources.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.files.flush()
        self.sources.close()
