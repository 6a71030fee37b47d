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
            masks.extend(Mask(label, data, self.kind, r.id, r.source.id) for label in labels)
        return masks


@dataclass(slots=True)
class Mask:
    """One mask file of an image: a region's mask under one of its labels."""

    label: str
    data: bytes  # the PNG or .npy file
    kind: str  # its extension: png or npy
    region_id: str | None
    annotation_id: Any


def emit(
    images: Iterable[tuple[Image, str, str]], classes: Sequence[int] | None = None
) -> tuple[list[tuple[str, bytes]], bytes]:
    """(mask files as (`<image stem>/<n>_<label>.<kind>`, contents), lines of `sources.jsonl`) of
    converted images with their stems. `classes` is not needed: masks are named by label."""
    files = []
    sources = []
    for im, stem, _ in images:
        for n, m in enumerate(im.record, 1):
            name = f"{n}_{_SAFE.sub('_', m.label)}.{m.kind}"
            files.append((f"{stem}/{name}", m.data))
            record = {
                "mask": f"masks/{stem}/{name}",
                "label": m.label,
                "region_id": m.region_id,
                "url": im.url,
                "task_id": im.task_id,
                "annotation_id": m.annotation_id,
            }
            sources.append(json.dumps(record, ensure_ascii=False) + "\n")
    return files, "".join(sources).encode("utf-8")


class Writer(Converter):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.output = ImageFiles(plan.out, "masks", "")
        self.root = plan.out / "masks"
        self.names = Names()

    def _emit(self, image: Image, stem: str, ext: str) -> None:
        self.put(*emit([(image, stem, ext)]))

    def put(self, files: list[tuple[str, bytes]], sources: bytes) -> None:
        """Write the output of `emit`: a folder per image with masks."""
        for folder in dict.fromkeys(path.split("/", 1)[0] for path, _ in files):
            (self.root / folder).mkdir(exist_ok=True)
        self.output.put(files, sources)

    def close(self) -> None:
        self.output.close()
