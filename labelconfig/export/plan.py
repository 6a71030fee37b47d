"""Which controls feed a format (read from the registry), their classes, and the regions a writer gets.

Classes come only from the exported controls' labels, in declared order, so Choices never leak into
`classes.txt` and ids stay stable; labels a result carries beyond those (dynamic labels) are appended
and counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..payloads.api import Config
from ..payloads.model import ControlModel, ResultModel
from ..tags import ALL
from ..tags.model import Geometry
from .formats import FormatSpec
from .records import Chosen
from .regions import Other, Region, RegionReader
from .tally import Tally


class Classes:
    """Class names and their 0-based ids, in the order given; unseen names are appended."""

    def __init__(self, names: Iterable[str], tally: Tally) -> None:
        self.names: list[str] = list(dict.fromkeys(names))
        self.ids = {n: i for i, n in enumerate(self.names)}
        self._tally = tally
        # Names added after the given ones, in order, and whether each came as a dynamic label
        # (`id`, counted) or as a category the format adds itself (`add`).
        self.appended: list[tuple[str, bool]] = []

    def quiet(self) -> Classes:
        """The same classes, counting nothing: a Dask worker's, whose new names the client counts
        once when it merges them in input order (`appended`)."""
        return Classes(self.names, Tally())

    def take(self, other: Classes) -> list[int] | None:
        """Append `other`'s appended names as it met them (counting dynamic labels new here); the
        ids here of `other`'s ids, or None when they are the same. `other` started from the names
        these classes started from (`quiet`)."""
        declared = len(other.names) - len(other.appended)
        ids = list(range(declared))
        for name, counted in other.appended:
            ids.append(self.id(name) if counted else self.add(name))
        return None if ids == list(range(len(ids))) else ids

    def add(self, name: str) -> int:
        """The id of `name`, appended without comment (a category this format adds itself)."""
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
            self.appended.append((name, False))
        return found

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
            self.appended.append((name, True))
            self._tally.convert("label not declared in the config (dynamic labels): appended as a class")
        return found


def geometries(c: ControlModel, targets: tuple[str, ...]) -> set[Geometry]:
    return {
        s.geometry
        for tag, shapes in c.shapes.items()
        if tag == "*" or tag in targets
        for s in shapes
        if s.geometry is not None
    }


def marks(model: ResultModel, c: ControlModel, targets: tuple[str, ...]) -> set[Geometry]:
    """What `c`'s regions mark: for generic Labels on an image, the geometry of the plain tools it
    labels (Rectangle, Polygon ...), not every geometry Labels could repeat."""
    if c.type != "labels" or not set(c.targets.values()) & {"Image"}:
        return geometries(c, targets)
    tools = [
        t
        for t in model.controls.values()
        if t.spec.labels_key is None and set(t.targets) & set(c.targets) and t.makes_regions
    ]
    return {g for t in tools for g in geometries(t, targets)}


def _feeds(c: ControlModel, fmt: FormatSpec) -> bool:
    if fmt.name not in c.spec.exports or not set(c.targets.values()) & set(fmt.targets):
        return False
    return not fmt.geometries or bool(geometries(c, fmt.targets) & fmt.geometries)


def feeders(model: ResultModel, fmt: FormatSpec) -> list[ControlModel]:
    """The labelled controls whose results `fmt` can carry: tools with labels (RectangleLabels), and
    generic Labels on the same object as a plain tool (Rectangle + Labels)."""
    if not fmt.targets:
        return list(model.controls.values())
    tools = [c for c in model.controls.values() if _feeds(c, fmt)]
    found = [c for c in tools if c.spec.labels_key is not None or not fmt.geometries]
    plain = {t for c in tools if c.spec.labels_key is None for t in c.targets}
    for c in model.controls.values():
        if c.type == "labels" and c not in found and set(c.targets) & plain:
            found.append(c)
    return found


def lacking(model: ResultModel, fmt: FormatSpec, feeding: list[ControlModel]) -> str | None:
    """What the feeding controls lack for a format that needs several geometries (yolo-pose)."""
    marked = {g for c in feeding for g in marks(model, c, fmt.targets)}
    missing = sorted(g.value for g in fmt.requires - marked)
    return f"needs {' and '.join(missing)} regions as well" if missing else None


def why_not(fmt: FormatSpec) -> str:
    """Why a config without feeders cannot feed `fmt`, from the registry's declarations."""
    tags = [t.name for t in ALL if t.result is not None and fmt.name in t.result.exports]
    return f"needs {', '.join(tags)} on {'/'.join(fmt.targets)}"


@dataclass
class Plan:
    """Everything a writer needs: the config, the format, the chosen controls, classes and --clamp."""

    cfg: Config
    model: ResultModel
    fmt: FormatSpec
    controls: list[ControlModel]
    out: Path
    tally: Tally
    clamp: bool = False
    image_size: tuple[float, float] | None = None  # --image-size: the pixel size of every image
    image_root: Path | None = None  # --image-root: local image files whose headers tell their size
    scratch: Path | None = None  # while an export runs: a directory for its writer's spools
    reader: RegionReader = field(init=False)
    _names: frozenset[str] = field(init=False)
    memo: dict[str, Any] = field(init=False, default_factory=dict)  # lookups writers derive once

    def __post_init__(self) -> None:
        self.reader = RegionReader(self.model)
        self._names = frozenset(c.name for c in self.controls)

    def marks(self, c: ControlModel) -> set[Geometry]:
        return marks(self.model, c, self.fmt.targets)

    def keypoint_names(self) -> list[str]:
        """The keypoint slots of every instance: the labels of the exported keypoint controls."""
        kp = [c for c in self.controls if Geometry.POINT in self.marks(c)]
        return list(dict.fromkeys(label for c in kp for label in c.label_order))

    @property
    def names(self) -> frozenset[str]:
        """The exported controls' names."""
        return self._names

    def classes(self, *kinds: Geometry) -> Classes:
        """Classes of the exported controls that mark `kinds` (all exported controls when none)."""
        chosen = [c for c in self.controls if not kinds or self.marks(c) & set(kinds)]
        return Classes((label for c in chosen for label in c.label_order), self.tally)

    def regions(
        self,
        chosen: list[Chosen],
        kinds: Iterable[Geometry] | None = None,
        dropped: list[Region] | None = None,
    ) -> list[Region]:
        """The regions of `chosen` this format takes; every other result is counted with its reason
        (and a region left out is added to `dropped`, when given)."""
        wanted = self.fmt.geometries if kinds is None else frozenset(kinds)
        names = self.names
        kept: list[Region] = []
        for c in chosen:
            found, others = self.reader.regions(c)
            for o in others:
                self._other(o)
            for r in found:
                # The common case first, inline; `_keep` says why a region is left out.
                common = r.geometry in wanted and r.labels and r.label_control in names
                if common or self._keep(r, wanted, names):
                    kept.append(r)
                elif dropped is not None:
                    dropped.append(r)
        return kept

    def _other(self, o: Other) -> None:
        kind = o.result.get("type", "result")
        self.tally.skip(f"`{o.control}` {kind} result: {self.fmt.name} carries regions only")

    def _keep(self, r: Region, wanted: frozenset[Geometry], names: frozenset[str]) -> bool:
        what = r.geometry.value if r.geometry is not None else "region"
        if r.geometry not in wanted:
            self.tally.skip(f"{what} region of `{r.tool}`: {self.fmt.name} cannot carry it")
        elif r.label_control is None or not r.labels:
            self.tally.skip(f"unlabeled {what} region of `{r.tool}`")
        elif r.label_control not in names:
            self.tally.skip(f"{what} region of `{r.label_control}`: control not exported (--control)")
        else:
            return True
        return False
