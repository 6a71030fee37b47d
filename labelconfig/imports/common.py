"""What every importer shares: Label Studio results for image regions, the matching config, and a
streamed JSON array of tasks."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import orjson
from lxml import etree

from ..export.errors import ImportInputError
from ..export.files import staged

As = Literal["annotations", "predictions"]
IMAGE: Final = "image"
# from_name per region kind in imported results and the generated config.
CONTROLS: Final = {
    "rectanglelabels": ("label", "RectangleLabels"),
    "polygonlabels": ("polygon", "PolygonLabels"),
    "keypointlabels": ("keypoints", "KeyPointLabels"),
}


@dataclass
class Seen:
    """What an import read, wrote and left out. Conservation: every source record (a COCO
    annotation, a VOC object, a YOLO line, a CoNLL entity) is written or skipped with a reason, so
    `read == written + sum(skipped.values())`. Labels are kept per result type, in first-seen order
    (declared orders are added first)."""

    labels: dict[str, dict[str, None]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # source records left out, per reason
    notes: dict[str, int] = field(default_factory=dict)  # other things worth saying (an image ignored)
    tasks: int = 0
    regions: int = 0  # results written
    read: int = 0  # source records read
    written: int = 0  # source records written as one result or more

    def add(self, kind: str, label: str) -> None:
        self.labels.setdefault(kind, {})[label] = None

    def skip(self, reason: str, n: int = 1) -> None:
        """`n` source records left out for `reason`."""
        if n:
            self.skipped[reason] = self.skipped.get(reason, 0) + n

    def note(self, what: str) -> None:
        self.notes[what] = self.notes.get(what, 0) + 1


def region(
    kind: str, rid: str, value: dict[str, Any], label: str, size: tuple[float, float] | None, seen: Seen
) -> dict[str, Any]:
    """One image result (`rectanglelabels`, `polygonlabels`, `keypointlabels`) in Label Studio's form."""
    seen.add(kind, label)
    seen.regions += 1
    out: dict[str, Any] = {"id": rid, "from_name": CONTROLS[kind][0], "to_name": IMAGE, "type": kind}
    if size is not None:
        out.update(original_width=round(size[0]), original_height=round(size[1]), image_rotation=0)
    out["value"] = {**_snapped(value), kind: [label]}
    return out


def _snap(v: float) -> float:
    """Percentages a float step pushed just past 0 or 100 (-1e-15) put back: the linter rejects them."""
    if -1e-9 < v < 0:
        return 0.0
    return 100.0 if 100 < v < 100 + 1e-9 else v


def _snapped(value: dict[str, Any]) -> dict[str, Any]:
    out = {k: _snap(v) if k in ("x", "y", "width", "height") else v for k, v in value.items()}
    if "points" in value:
        out["points"] = [[_snap(x), _snap(y)] for x, y in value["points"]]
    return out


_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(label: str) -> bool:
    """Whether a label can be a `<Label value>` of a config (XML 1.0 cannot hold control characters)."""
    return not _NOT_XML.search(label)


def task(data: dict[str, Any], results: list[dict[str, Any]], as_: As) -> dict[str, Any]:
    record: dict[str, Any] = {"result": results}
    if as_ == "predictions":
        record["model_version"] = "labelconfig-import"
    return {"data": data, as_: [record]}


def write_tasks(path: Path, tasks: Iterable[dict[str, Any]], seen: Seen) -> None:
    """A JSON array written one task at a time, beside `path`, and moved there once complete: a file
    refused halfway leaves no output (an older one untouched)."""
    with staged(path, "file") as (out, _), open(out, "wb") as fh:
        fh.write(b"[")
        for t in tasks:
            fh.write((b",\n" if seen.tasks else b"\n") + orjson.dumps(t))
            seen.tasks += 1
        fh.write(b"\n]\n")


def image_config(seen: Seen) -> str:
    """A config with an Image and one labelled tool per region type the import produced."""
    view = etree.Element("View")
    etree.SubElement(view, "Image", name=IMAGE, value=f"${IMAGE}")
    for kind, (name, tag) in CONTROLS.items():
        if kind in seen.labels:
            control = etree.SubElement(view, tag, name=name, toName=IMAGE)
            for label in seen.labels[kind]:
                etree.SubElement(control, "Label", value=label)
    return etree.tostring(view, pretty_print=True, encoding="unicode")


def text_config(seen: Seen) -> str:
    view = etree.Element("View")
    etree.SubElement(view, "Text", name="text", value="$text")
    control = etree.SubElement(view, "Labels", name="label", toName="text")
    for label in seen.labels.get("labels", {}):
        etree.SubElement(control, "Label", value=label)
    return etree.tostring(view, pretty_print=True, encoding="unicode")


def numbers(fields: list[str], where: str, layout: str) -> list[float]:
    """The fields of a line as finite numbers (`nan` and `inf` parse as floats, but place nothing)."""
    try:
        found = [float(f) for f in fields]
    except ValueError:
        found = []
    if len(found) < len(fields) or not all(map(math.isfinite, found)):
        raise ImportInputError(f"{where}: not a number in a `{layout}` line; fix or remove the line")
    return found


def lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                yield n, line.split()
