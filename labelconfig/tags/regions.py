"""Controls that make regions on images and PDF pages, and the generic Labels every region can carry.

Span, time-range and video controls live in `spans.py`; it reuses the helpers defined here.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from .common import (
    Default,
    EditorDefault,
    attr,
    enum,
    flag,
    integer,
    labels_group,
    name_attr,
    number,
    point_look,
    smart,
    snap,
    to_name,
)
from .model import (
    UNSET,
    Attr,
    Children,
    Kind,
    Origin,
    ResultSpec,
    Status,
    T,
    TagSpec,
    ValueShape,
)
from .values import (
    AUDIO_SPAN,
    BITMASK,
    BRUSH,
    ELLIPSE,
    HTML_SPAN,
    IMAGE_EXTRA,
    IMAGE_GEOMETRIES,
    KEYPOINT,
    LABELS_ONLY,
    OCR_BOX,
    POLYGON,
    RECTANGLE,
    TEXT_SPAN,
    VECTOR,
    labeled,
)

# --- helpers shared with spans.py -----------------------------------------------------------------

LABEL_CHILDREN = ("Label", "View", "Header", "HyperText")

# The parts of `labels_group()`: label settings, region colours, and what the editor's LabelsModel adds.
OPTIONS = ("choice", "maxUsages", "showInline")
STYLE = ("opacity", "fillColor", "strokeColor", "strokeWidth")


def narrow(
    attrs: tuple[Attr, ...],
    *,
    only: tuple[str, ...] = (),
    drop: tuple[str, ...] = (),
    editor_only: tuple[str, ...] = (),
) -> tuple[Attr, ...]:
    """A `labels_group()` cut down to what one tag has.

    Unlabeled tools take only the colours (`only=STYLE`); tags known from docs alone lack the
    LabelsModel extras. `editor_only` marks attributes this tag's docs page leaves out.
    """
    return tuple(
        replace(a, origin=Origin.EDITOR) if a.name in editor_only else a
        for a in attrs
        if (not only or a.name in only) and a.name not in drop
    )


def docs_only(*attrs: Attr) -> tuple[Attr, ...]:
    """Enterprise and draft tags: their attributes are attested by docs pages alone."""
    return tuple(replace(a, origin=Origin.DOCS) for a in attrs)


def path_rules(*, curves: bool = True, origin: Origin = Origin.DOCS_EDITOR) -> tuple[Attr, ...]:
    """How vector paths may be built (Vector, VectorLabels, VideoVector ...)."""
    branch = "New points branch from the selected point instead of extending the path."
    attrs = [
        flag("closable", "Let a path be closed into a polygon.", "false", origin=origin),
        flag("curves", "Let segments be Bezier curves.", "false", origin=origin),
        flag("skeleton", branch, "false", origin=origin),
        _point_limit("minPoints", "Fewest points in a path", origin),
        _point_limit("maxPoints", "Most points in a path", origin),
    ]
    return tuple(a for a in attrs if curves or a.name != "curves")


def _point_limit(name: str, doc: str, origin: Origin) -> Attr:
    return attr(name, T.INTEGER_OR_NONE, f"{doc} (`none`: no limit).", default="none", origin=origin)


def point_radius(
    disabled: tuple[Default, EditorDefault], origin: Origin = Origin.DOCS_EDITOR
) -> tuple[Attr, ...]:
    return (
        number("pointSizeEnabled", "Vertex radius in pixels on a selected path.", "5", origin=origin),
        number("pointSizeDisabled", "Vertex radius in pixels on other paths.", *disabled, origin=origin),
    )


def control(
    name: str,
    doc: str,
    attrs: tuple[Attr, ...],
    result: ResultSpec,
    *,
    children: Children | tuple[str, ...] = Children.NONE,
    status: Status = Status.CORE,
    options: tuple[str, ...] = (),
    ignored: dict[str, str] | None = None,
) -> TagSpec:
    return TagSpec(
        name=name,
        kind=Kind.CONTROL,
        status=status,
        doc=doc,
        # draft tags have no editor model at all
        editor_name=None if status is Status.DOCS_ONLY else name.lower(),
        children=children,
        options=options,
        attrs=attrs,
        result=result,
        ignored=MappingProxyType(ignored or {}),
    )


# --- image tools ---------------------------------------------------------------------------------

_IMAGE = ("Image",)
_DRAW = "The Image to draw on."
_PAINT = "The Image to paint on."
_PDF = "The Pdf to draw on."
# Training formats (labelconfig.export.FORMATS) that can carry each geometry; a box is also the
# instance a YOLO pose line describes.
_BOX_EXPORTS = ("coco", "yolo", "yolo-obb", "voc", "yolo-pose")
_POLYGON_EXPORTS = ("coco", "yolo-seg")
_BRUSH_EXPORTS = ("coco", "brush-png", "brush-npy")
_KEYPOINT_EXPORTS = ("coco", "yolo-pose")
_EDITOR = Origin.EDITOR
_DOCS = Origin.DOCS


def _on_image(kind: str, value: ValueShape, enforced: bool, exports: tuple[str, ...] = ()) -> ResultSpec:
    return ResultSpec(kind, _IMAGE, enforced, value, extra=IMAGE_EXTRA, exports=exports)


def _can_rotate(origin: Origin = Origin.DOCS_EDITOR) -> Attr:
    return flag("canRotate", "Offer a rotation handle on the shape.", "true", origin=origin)


def _brush_size() -> Attr:
    return number("strokeWidth", "Starting brush diameter in pixels.", None, "15", origin=_EDITOR)


def _mask_tool() -> tuple[Attr, ...]:
    """Brush and Bitmask: the docs copy label settings onto them that their models lack."""
    inert = "Listed in the docs; the tool keeps no labels, so it has no effect."
    return (
        name_attr(),
        to_name(_IMAGE, doc=_PAINT),
        enum("choice", ("single", "multiple"), inert, "single", origin=_DOCS),
        integer("maxUsages", inert, origin=_DOCS),
        flag("showInline", inert, "true", origin=_DOCS),
        *smart(),
        _brush_size(),
    )


# Colours per tool family. A *Labels tag composes LabelsModel last, so its editor defaults can differ
# from its unlabeled twin's, and its docs page often documents other defaults again (spec conflicts).
_BOX_LOOK = narrow(labels_group(), only=(*STYLE, "fillOpacity"))
_BOX_LABELS = labels_group(stroke=(None, "#f48a42"))
_POLY_LOOK = narrow(labels_group(fill=("transparent", "#f48a42"), stroke_width=("3", "2")), only=STYLE)
_POLY_LABELS = labels_group(opacity=("0.2", UNSET), stroke=(None, "#f48a42"), stroke_width=("1", "2"))
_POLY_POINTS = point_look(("small", UNSET), ("circle", UNSET))
_POLY_LABELS_POINTS = point_look(("medium", "small"), ("rectangle", "circle"))
_MASK_LABELS = narrow(
    labels_group(opacity=(None, "0.2"), stroke=(None, "#f48a42"), style_origin=_EDITOR),
    drop=("strokeWidth",),  # the brush size takes the name
)


RECTANGLE_TOOL = control(
    "Rectangle",
    "Draw boxes on an image; labels come from a separate Labels tag.",
    (name_attr(), to_name(_IMAGE, doc=_DRAW), *_BOX_LOOK, _can_rotate(), snap(), *smart()),
    _on_image("rectangle", RECTANGLE, enforced=False, exports=_BOX_EXPORTS),
)

RECTANGLE_LABELS = control(
    "RectangleLabels",
    "Draw boxes on an image, each carrying labels.",
    (name_attr(), to_name(_IMAGE, doc=_DRAW), *_BOX_LABELS, _can_rotate(), snap(), *smart(_EDITOR)),
    _on_image("rectanglelabels", labeled(RECTANGLE, "rectanglelabels"), enforced=True, exports=_BOX_EXPORTS),
    children=LABEL_CHILDREN,
    options=("Label",),
)

POLYGON_TOOL = control(
    "Polygon",
    "Draw polygons on an image; labels come from a separate Labels tag.",
    (name_attr(), to_name(_IMAGE, doc=_DRAW), *_POLY_LOOK, snap(), *_POLY_POINTS, *smart()),
    _on_image("polygon", POLYGON, enforced=True, exports=_POLYGON_EXPORTS),
)

POLYGON_LABELS = control(
    "PolygonLabels",
    "Draw polygons on an image, each carrying labels.",
    (name_attr(), to_name(_IMAGE, doc=_DRAW), *_POLY_LABELS, snap(), *_POLY_LABELS_POINTS, *smart(_EDITOR)),
    _on_image("polygonlabels", labeled(POLYGON, "polygonlabels"), enforced=True, exports=_POLYGON_EXPORTS),
    children=LABEL_CHILDREN,
    options=("Label",),
)

KEYPOINT_TOOL = control(
    "KeyPoint",
    "Place points on an image; labels come from a separate Labels tag.",
    (
        name_attr(),
        to_name(_IMAGE, doc=_DRAW),
        *narrow(
            labels_group(
                opacity=("0.9", UNSET),
                fill=("#8bad00", UNSET),
                stroke=("#8bad00", UNSET),
                stroke_width=("1", "2"),
            ),
            only=STYLE,
        ),
        snap(),
        *smart(),
    ),
    _on_image("keypoint", KEYPOINT, enforced=False, exports=_KEYPOINT_EXPORTS),
)

KEYPOINT_LABELS = control(
    "KeyPointLabels",
    "Place labeled points on an image, such as landmarks or skeleton joints.",
    (
        name_attr(),
        to_name(_IMAGE, doc=_DRAW),
        *narrow(
            labels_group(
                opacity=("0.9", UNSET),
                fill=(None, "#8bad00"),
                stroke=(None, "#8bad00"),
                stroke_width=("1", "2"),
            ),
            editor_only=("fillColor", "strokeColor"),
        ),
        snap(),
        *smart(_EDITOR),
    ),
    _on_image(
        "keypointlabels", labeled(KEYPOINT, "keypointlabels"), enforced=True, exports=_KEYPOINT_EXPORTS
    ),
    children=LABEL_CHILDREN,
    options=("Label",),
)

ELLIPSE_TOOL = control(
    "Ellipse",
    "Draw ellipses on an image; labels come from a separate Labels tag.",
    (name_attr(), to_name(_IMAGE, doc=_DRAW), *_BOX_LOOK, _can_rotate(), *smart()),
    _on_image("ellipse", ELLIPSE, enforced=False),
)

ELLIPSE_LABELS = control(
    "EllipseLabels",
    "Draw ellipses on an image, each carrying labels.",
    (name_attr(), to_name(_IMAGE, doc=_DRAW), *_BOX_LABELS, _can_rotate(), *smart(_EDITOR)),
    _on_image("ellipselabels", labeled(ELLIPSE, "ellipselabels"), enforced=False),
    children=LABEL_CHILDREN,
    options=("Label",),
)

BRUSH_TOOL = control(
    "Brush",
    "Paint segmentation masks on an image; labels come from a separate Labels tag.",
    _mask_tool(),
    _on_image("brush", BRUSH, enforced=False, exports=_BRUSH_EXPORTS),
)

BRUSH_LABELS = control(
    "BrushLabels",
    "Paint segmentation masks on an image, each carrying labels.",
    (name_attr(), to_name(_IMAGE, doc=_PAINT), _brush_size(), *_MASK_LABELS, *smart(_EDITOR)),
    _on_image("brushlabels", labeled(BRUSH, "brushlabels"), enforced=True, exports=_BRUSH_EXPORTS),
    children=LABEL_CHILDREN,
    options=("Label",),
)

BITMASK_TOOL = control(
    "Bitmask",
    "Paint pixel-exact masks, saved as PNG images; labels come from a separate Labels tag.",
    _mask_tool(),
    _on_image("bitmask", BITMASK, enforced=False),
    status=Status.UNDOCUMENTED,
)

BITMASK_LABELS = control(
    "BitmaskLabels",
    "Paint pixel-exact masks, saved as PNG images, each carrying labels.",
    (name_attr(), to_name(_IMAGE, doc=_PAINT), _brush_size(), *_MASK_LABELS, *smart(_EDITOR)),
    _on_image("bitmasklabels", labeled(BITMASK, "bitmasklabels"), enforced=True),
    children=LABEL_CHILDREN,
    options=("Label",),
    status=Status.UNDOCUMENTED,
)

MAGIC_WAND = control(
    "MagicWand",
    "Select similarly coloured pixels by clicking or dragging; the selection becomes a brush mask.",
    (
        name_attr(),
        to_name(_IMAGE, doc="The Image to select pixels in."),
        number("opacity", "Opacity of the selection while dragging, 0 to 1.", "0.6", min=0, max=1),
        integer("blurradius", "Blur radius that softens the mask edges.", "5"),
        integer("defaultthreshold", "Colour tolerance of a click without dragging.", "15"),
        *smart(_EDITOR),
    ),
    # Brush-shaped masks; the spec lists no item_index for this tool.
    ResultSpec(type="magicwand", targets=_IMAGE, value=BRUSH, extra=IMAGE_EXTRA[:3]),
)

VECTOR_TOOL = control(
    "Vector",
    "Draw polylines and paths (open, closed, curved or branching) on an image.",
    (
        name_attr(),
        to_name(_IMAGE, doc=_DRAW),
        *_POLY_LOOK,
        snap(),
        *_POLY_POINTS,
        *path_rules(),
        *point_radius(("3", UNSET)),
        *smart(),
    ),
    _on_image("vector", VECTOR, enforced=True),
)

VECTOR_LABELS = control(
    "VectorLabels",
    "Draw polylines and paths on an image, each carrying labels.",
    (
        name_attr(),
        to_name(_IMAGE, doc=_DRAW),
        *_POLY_LABELS,
        snap(),
        *_POLY_LABELS_POINTS,
        *path_rules(),
        *point_radius(("5", "3")),
        *smart(_EDITOR),
    ),
    _on_image("vectorlabels", labeled(VECTOR, "vectorlabels"), enforced=True),
    children=LABEL_CHILDREN,
    options=("Label",),
)

# --- generic labels, PDF boxes and drafts ---------------------------------------------------------

_LABELS_TARGETS = ("Text", "HyperText", "Audio", "AudioPlus", "Image", "Video")

LABELS = control(
    "Labels",
    "A label set: labels spans on Text, HyperText and Audio, or the regions of a separate image/video tool.",
    (name_attr(), to_name(_LABELS_TARGETS), *labels_group()),
    ResultSpec(
        type="labels",
        targets=_LABELS_TARGETS,
        # On Image the geometry keys are the paired tool's; on Video the labels merge into its result.
        by_target=MappingProxyType(
            {
                "Text": (labeled(TEXT_SPAN, "labels"),),
                "HyperText": (labeled(HTML_SPAN, "labels"),),
                "Audio": (labeled(AUDIO_SPAN, "labels"),),
                "AudioPlus": (labeled(AUDIO_SPAN, "labels"),),
                "Image": (*(labeled(g, "labels") for g in IMAGE_GEOMETRIES), labeled(LABELS_ONLY, "labels")),
                "Video": (labeled(LABELS_ONLY, "labels"),),
            }
        ),
        extra=("original_length", *IMAGE_EXTRA[:3]),  # audio clips, or images paired with a tool
        exports=("conll2003", "spacy"),
    ),
    children=("Label", "View", "Header", "Text", "HyperText"),
    options=("Label",),
    ignored={
        "zoom": "Zoom is an Audio or Image setting; on Labels it does nothing (left in audio templates).",
        "hotkey": "Hotkeys go on each Label, not on the group; ignored here (left in audio templates).",
    },
)

OCR_LABELS = control(
    "OcrLabels",
    "Enterprise: labeled boxes on PDF pages that keep the text found under them.",
    (name_attr(), to_name(("Pdf",), doc=_PDF), *narrow(labels_group(origins=_DOCS), only=OPTIONS)),
    ResultSpec(type="ocrlabels", targets=("Pdf",), value=labeled(OCR_BOX, "ocrlabels")),
    children=("Label",),
    options=("Label",),
    status=Status.ENTERPRISE,
)

# Draft docs pages copied from Rectangle(Labels): no editor implements them and no result format exists.
CUBE = control(
    "Cube",
    "Draft, unimplemented tool for 3D cubes.",
    (
        name_attr(),
        to_name(_IMAGE),
        *narrow(labels_group(opacity=("0.6", UNSET), fill=(None, UNSET), origins=_DOCS), only=STYLE),
        _can_rotate(_DOCS),
        flag("smart", "Offer an ML-assisted mode too.", origin=_DOCS),
        flag("smartOnly", "Offer only the ML-assisted mode.", origin=_DOCS),
    ),
    ResultSpec(type=None, targets=_IMAGE),
    status=Status.DOCS_ONLY,
)

CUBE_LABELS = control(
    "CubeLabels",
    "Draft, unimplemented tool for labeled 3D cubes.",
    (
        name_attr(),
        to_name(_IMAGE),
        *narrow(
            labels_group(opacity=("0.6", UNSET), fill=(None, UNSET), stroke=(None, UNSET), origins=_DOCS),
            only=(*OPTIONS, *STYLE),
        ),
        _can_rotate(_DOCS),
    ),
    ResultSpec(type=None, targets=_IMAGE),
    children=("Label",),
    options=("Label",),
    status=Status.DOCS_ONLY,
)

TAGS: tuple[TagSpec, ...] = (
    LABELS,
    RECTANGLE_TOOL,
    RECTANGLE_LABELS,
    POLYGON_TOOL,
    POLYGON_LABELS,
    KEYPOINT_TOOL,
    KEYPOINT_LABELS,
    ELLIPSE_TOOL,
    ELLIPSE_LABELS,
    BRUSH_TOOL,
    BRUSH_LABELS,
    BITMASK_TOOL,
    BITMASK_LABELS,
    MAGIC_WAND,
    VECTOR_TOOL,
    VECTOR_LABELS,
    OCR_LABELS,
    CUBE,
    CUBE_LABELS,
)
