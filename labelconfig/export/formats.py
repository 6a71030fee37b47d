"""The one table of formats: what each carries, on which objects, and the module that holds its
writer and, for those `labelconfig import` reads back, its reader beside it (one format, one module:
export and import keep no separate tables).

Which controls can feed a format is not written here: the registry declares it per result
(`ResultSpec.exports`) and the format only says which geometries and object tags it understands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

from ..tags.model import Geometry as G

_IMAGE: Final = ("Image",)


@dataclass(frozen=True, slots=True)
class FormatSpec:
    name: str
    doc: str
    module: str  # labelconfig.export.<module> defines `Writer`, and `read` when `reads`
    output: Literal["file", "dir"]
    unit: str  # what `Tally.written` counts in this format's output (plural)
    geometries: frozenset[G] = frozenset()  # empty: every result (JSON, CSV ...)
    targets: tuple[str, ...] = ()  # object tags it reads regions on
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    requires: frozenset[G] = frozenset()  # geometries the exported controls must all mark together
    reads: bool = False  # its module's `read` brings it back (`labelconfig import`)

    @property
    def regions_only(self) -> bool:
        return bool(self.geometries)


def _f(name: str, doc: str, module: str, output: Literal["file", "dir"], unit: str,
       geometries: tuple[G, ...] = (), targets: tuple[str, ...] = (),
       **options: str) -> FormatSpec:  # fmt: skip
    requires = frozenset(geometries) if options.pop("all", "") else frozenset()
    reads = bool(options.pop("reads", ""))
    kept = MappingProxyType(options)
    return FormatSpec(name, doc, module, output, unit, frozenset(geometries), targets, kept, requires, reads)


_TEXT: Final = ("Text",)
_AUDIO: Final = ("Audio", "AudioPlus")

FORMATS: Final = MappingProxyType(
    {
        f.name: f
        for f in (
            _f("coco", "COCO JSON: boxes (rotated: hull + polygon), polygons, keypoints, masks as RLE",
               "coco", "file", "annotations", (G.BOX, G.POLYGON, G.POINT, G.MASK), _IMAGE, reads="1"),
            _f("yolo", "Ultralytics detection: labels/*.txt `cls xc yc w h`, data.yaml, classes.txt",
               "yolo", "dir", "label lines", (G.BOX,), _IMAGE, line="box", reads="1"),
            _f("yolo-obb", "Ultralytics oriented boxes: `cls x1 y1 x2 y2 x3 y3 x4 y4`",
               "yolo", "dir", "label lines", (G.BOX,), _IMAGE, line="obb", reads="1"),
            _f("yolo-seg", "Ultralytics segmentation: `cls x1 y1 x2 y2 ...` polygons",
               "yolo", "dir", "label lines", (G.POLYGON,), _IMAGE, line="seg", reads="1"),
            _f("yolo-pose", "Ultralytics pose: `cls xc yc w h px py v ...` per box with its keypoints",
               "yolo", "dir", "label lines", (G.BOX, G.POINT), _IMAGE, line="pose", all="1", reads="1"),
            _f("voc", "Pascal VOC XML per image (integer pixel boxes)", "voc", "dir", "objects",
               (G.BOX,), _IMAGE, reads="1"),
            _f("conll2003", "CoNLL 2003 `token -X- _ tag` (IOB2), whitespace tokens with exact offsets",
               "conll", "file", "entities", (G.TEXT_SPAN,), _TEXT, reads="1"),
            _f("spacy", "spaCy DocBin-compatible JSON Lines: {text, spans: [{start, end, label}]}",
               "spacy", "file", "spans", (G.TEXT_SPAN,), _TEXT),
            _f("json", "Label Studio JSON, normalised: linted results of the chosen annotations",
               "tabular", "file", "tasks", layout="json"),
            _f("json-min", "Label Studio JSON_MIN layout: task data plus one key per control",
               "tabular", "file", "records", layout="json-min"),
            _f("csv", "Label Studio CSV layout", "tabular", "file", "rows", layout="csv"),
            _f("tsv", "Label Studio TSV layout", "tabular", "file", "rows", layout="tsv"),
            _f("asr-manifest", "NeMo ASR manifest: {audio_filepath, duration, text} per line",
               "asr", "file", "lines", (), _AUDIO),
            _f("brush-png", "Brush masks as 8-bit PNG, one per region", "brush", "dir",
               "mask files", (G.MASK,), _IMAGE, image="png"),
            _f("brush-npy", "Brush masks as NumPy .npy (uint8 H×W), one per region", "brush", "dir",
               "mask files", (G.MASK,), _IMAGE, image="npy"),
        )
    }
)  # fmt: skip
