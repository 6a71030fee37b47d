"""Brush masks decoded from Label Studio's RLE into `masks/<image stem>/<n>_<label>.png|.npy`, one
file per region and label (the alpha channel as painted, 0-255), and `sources.jsonl` naming the task,
annotation, region and label of each file. The output folder is created (the SDK required it)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import images
from .imagefmt import Image, ImageFiles, PerImage, labels_of, mask_of
from .naming import Names
from .plan import Plan
from .regions import Region

_SAFE = re.compile(r"[^\w.-]+")


class Converter(PerImage):
    """Each image's masks, decoded from RLE and encoded as files (the costly part, so Dask workers
    run it); their file names go in at `emit`. An image without masks has nothing to write."""

    UNUSED = "no mask file"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.kind = plan.fmt.options["image"]

    def _convert(self, task: dict[str, Any], url: str, regions: list[Region]) -> list[Mask]:
        plan, masks = self.plan, list[Mask]()
        for r in regions:
            decoded = mask_of(plan, r)
            if decoded is None:
                continue
            mask, w, h = decoded
            labels = labels_of(plan, r)
            plan.tally.wrote(1, len(labels))
            data = images.png(mask, w, h) if self.kind == "png" else images.npy(mask, w, h)
            for label in labels:
                name = f"{len(masks) + 1}_{_SAFE.sub('_', label)}.{self.kind}"
                masks.append(Mask(name, label, data, r.id, r.source.id))
        return masks


@dataclass(slots=True)
class Mask:
    """One mask file of an image: a region's mask under one of its labels."""

    name: str  # the file's name in its image's folder
    label: str
    data: bytes  # the PNG or .npy file
    region_id: str | None
    annotation_id: Any


def emit(
    images: Iterable[tuple[Image, str, str]], classes: Sequence[int] | None = None
) -> tuple[list[tuple[str, bytes]], bytes]:
    """(mask files as (`<image stem>/<name>`, contents), lines of `sources.jsonl`) of converted
    images with their stems. `classes` is not needed: masks are named by label."""
    files = []
    sources = []
    for im, stem, _ in images:
        for m in im.record:
            files.append((f"{stem}/{m.name}", m.data))
            record = {
                "mask": f"masks/{stem}/{m.name}",
                "label": m.label,
                "region_id": m.region_id,
                "url": im.url,
                "task_id": im.task_id,
                "annotation_id": m.annotation_id,
            }
            sources.append(json.dumps(record, ensure_ascii=False) + "\n")
    return files, "".join(sources).encode("utf-8")


class Writer(ImageFiles, Converter):
    emit = staticmethod(emit)

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.open_files(plan.out, "masks", "")
        self.names = Names()

    def close(self) -> None:
        self.close_files()
