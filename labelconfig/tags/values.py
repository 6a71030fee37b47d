"""Result values, declared once per geometry and reused by the tool and its `*Labels` twin.

Each `ValueShape` lists the fields of `value` (JSON type, bounds, example) and the constraints across them;
every payload reader (checker, msgspec shortcut, JSON Schema, samples, builders) derives from these.
"""

from __future__ import annotations

from typing import Final

from .model import (
    F,
    Field,
    FramesWithin,
    Geometry,
    InsideImage,
    OffsetsOrdered,
    Ordered,
    TaskText,
    TaskUtterances,
    TimeFormat,
    ValueShape,
)

PCT = "% of image size"


def _pct(key: str, doc: str, example: float, required: bool = True) -> Field:
    return Field(key, F.NUMBER, doc, required=required, min=0, max=100, unit=PCT, example=example)


def _rotation(doc: str = "Clockwise rotation in degrees.") -> Field:
    # Any finite angle: the editor writes 0..360, converters and ML backends (YOLO OBB) write -180..180.
    return Field("rotation", F.NUMBER, doc, required=False, unit="degrees", example=0)


RECTANGLE: Final = ValueShape(
    (
        _pct("x", "Left edge of the unrotated box.", 10.0),
        _pct("y", "Top edge of the unrotated box.", 10.0),
        _pct("width", "Box width.", 20.0),
        _pct("height", "Box height.", 15.0),
        _rotation("Clockwise rotation in degrees around the top-left corner (x, y)."),
    ),
    (InsideImage(),),
    Geometry.BOX,
    marks=("x", "width"),
)

POLYGON: Final = ValueShape(
    (
        Field(
            "points",
            F.POINT_LIST,
            "Vertices as [x, y] pairs in % of image size; 3 or more.",
            min=0,
            max=100,
            min_items=3,
            example=[[10.0, 10.0], [30.0, 10.0], [20.0, 30.0]],
        ),
        Field("closed", F.BOOLEAN, "Whether the outline was closed.", required=False, example=True),
    ),
    geometry=Geometry.POLYGON,
    marks=("points",),
)

KEYPOINT: Final = ValueShape(
    (
        _pct("x", "Point x.", 10.0),
        _pct("y", "Point y.", 10.0),
        _pct("width", "Drawn point size.", 1.0, required=False),
    ),
    geometry=Geometry.POINT,
    marks=("x",),
)

ELLIPSE: Final = ValueShape(
    (
        _pct("x", "Centre x.", 20.0),
        _pct("y", "Centre y.", 20.0),
        _pct("radiusX", "Horizontal radius (the SDK accepts at most 50).", 5.0),
        _pct("radiusY", "Vertical radius (the SDK accepts at most 50).", 5.0),
        _rotation(),
    ),
    geometry=Geometry.ELLIPSE,
    marks=("radiusX",),
)

BRUSH: Final = ValueShape(
    (
        Field("format", F.ENUM, "Mask encoding.", values=("rle",), example="rle"),
        Field(
            "rle",
            F.INTEGER_LIST,
            "Label Studio run-length encoded RGBA mask, as bytes; empty means no pixels.",
            min=0,
            max=255,
            min_items=1,
            example=[0, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ),
    ),
    geometry=Geometry.MASK,
    marks=("rle",),
)

BITMASK: Final = ValueShape(
    (
        Field(
            "imageDataURL",
            F.STRING,
            "PNG data URL of the full-size mask.",
            pattern=r"data:image/[\w.+-]+;base64,.*",
            example="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        ),
    ),
    geometry=Geometry.MASK,
    marks=("imageDataURL",),
)

_VERTEX: Final = ValueShape(
    (
        Field("id", F.STRING, "Vertex id, referenced by `prevPointId`.", example="v1"),
        _pct("x", "Vertex x.", 10.0),
        _pct("y", "Vertex y.", 10.0),
    ),
    open=True,
)

VECTOR: Final = ValueShape(
    (
        Field(
            "vertices",
            F.OBJECT_LIST,
            "Points {id, x, y, prevPointId?, isBezier?, controlPoint1/2?} in %.",
            items=_VERTEX,
            example=[
                {"id": "v1", "x": 10.0, "y": 10.0},
                {"id": "v2", "x": 40.0, "y": 20.0, "prevPointId": "v1"},
            ],
        ),
        Field("closed", F.BOOLEAN, "Whether the path is closed.", required=False, example=False),
    ),
    geometry=Geometry.PATH,
    marks=("vertices",),
)

_OFFSET = "Character offset"

TEXT_SPAN: Final = ValueShape(
    (
        Field("start", F.INTEGER, "Offset of the first character (0-based).", min=0, example=0),
        Field("end", F.INTEGER, "Offset after the last character.", min=0, example=3),
        Field("text", F.STRING, "The selected text.", required=False, example="Ada"),
    ),
    (Ordered(), TaskText()),
    Geometry.TEXT_SPAN,
    marks=("start",),
)

# The editor writes XPaths from the HyperText root: `/p[1]/text()[1]`, one `tag[n]` step at a time.
_XPATH = r"/.*"

HTML_SPAN: Final = ValueShape(
    (
        Field(
            "start",
            F.STRING,
            "XPath of the node where the selection starts.",
            pattern=_XPATH,
            example="/p[1]/text()[1]",
        ),
        Field(
            "end",
            F.STRING,
            "XPath of the node where the selection ends.",
            pattern=_XPATH,
            example="/p[1]/text()[1]",
        ),
        Field("startOffset", F.INTEGER, f"{_OFFSET} inside the start node.", min=0, example=0),
        Field("endOffset", F.INTEGER, f"{_OFFSET} inside the end node.", min=0, example=3),
        Field(
            "globalOffsets",
            F.OBJECT,
            "{start, end} offsets in the whole text content.",
            required=False,
            items=ValueShape(
                (
                    Field("start", F.INTEGER, "First character in the whole text.", min=0, example=0),
                    Field("end", F.INTEGER, "After the last character.", min=0, example=3),
                ),
                (Ordered(),),
                open=True,
            ),
            example={"start": 0, "end": 3},
        ),
        Field("text", F.STRING, "The selected text.", required=False, example="Ada"),
    ),
    (OffsetsOrdered(),),
    Geometry.HTML_SPAN,
    marks=("startOffset",),
)

AUDIO_SPAN: Final = ValueShape(
    (
        Field("start", F.NUMBER, "Segment start.", min=0, unit="seconds", example=0.5),
        Field("end", F.NUMBER, "Segment end.", min=0, unit="seconds", example=1.5),
        Field(
            "channel", F.INTEGER, "Audio channel the segment was drawn on.", required=False, min=0, example=0
        ),
    ),
    (Ordered(),),
    Geometry.TIME_SPAN,
    marks=("start",),
)

PARAGRAPH_SPAN: Final = ValueShape(
    (
        Field("start", F.INTEGER_OR_STRING, "Index of the first utterance.", min=0, example=0),
        Field("end", F.INTEGER_OR_STRING, "Index of the last utterance (inclusive).", min=0, example=0),
        Field("startOffset", F.INTEGER, f"{_OFFSET} inside the first utterance.", min=0, example=0),
        Field("endOffset", F.INTEGER, f"{_OFFSET} inside the last utterance.", min=0, example=5),
        Field("text", F.STRING, "The selected text.", required=False, example="Hello"),
    ),
    (Ordered(), OffsetsOrdered(), TaskUtterances()),
    Geometry.PARAGRAPH_SPAN,
)

TIMESERIES_SPAN: Final = ValueShape(
    (
        Field(
            "start",
            F.NUMBER_OR_STRING,
            "Range start in time-column units (formatted when timeFormat is set).",
            example=1,
        ),
        Field("end", F.NUMBER_OR_STRING, "Range end, in the same units.", example=2),
        Field("instant", F.BOOLEAN, "True when a single point was marked (start == end).", example=False),
    ),
    (TimeFormat(), Ordered()),
    Geometry.TIME_SPAN,
)

_FRAME_RANGE: Final = ValueShape(
    (
        Field("start", F.INTEGER, "First frame (1-based).", min=1, example=1),
        Field("end", F.INTEGER, "Last frame (inclusive).", min=1, example=10),
    ),
    (Ordered(),),
    open=True,
)

TIMELINE: Final = ValueShape(
    (
        Field(
            "ranges",
            F.OBJECT_LIST,
            "Frame spans [{start, end}] (1-based, inclusive).",
            min_items=1,
            items=_FRAME_RANGE,
            example=[{"start": 1, "end": 10}],
        ),
    ),
    geometry=Geometry.FRAME_RANGES,
)

_FRAMES = (
    Field("framesCount", F.INTEGER, "Number of frames in the video.", min=1, example=100),
    Field("duration", F.NUMBER, "Video length.", min=0, unit="seconds", example=4.0),
)

_BOX_KEYFRAME: Final = ValueShape(
    (
        Field("frame", F.INTEGER, "Frame number (1-based).", min=1, example=1),
        _pct("x", "Left edge in this frame.", 10.0),
        _pct("y", "Top edge in this frame.", 10.0),
        _pct("width", "Box width in this frame.", 20.0),
        _pct("height", "Box height in this frame.", 15.0),
        Field(
            "enabled",
            F.BOOLEAN,
            "Whether the track continues after this keyframe.",
            required=False,
            example=True,
        ),
        _rotation(),
    ),
    open=True,
)

VIDEO_RECTANGLE: Final = ValueShape(
    (
        *_FRAMES,
        Field(
            "sequence",
            F.OBJECT_LIST,
            "Keyframes {frame, enabled, time, x, y, width, height, rotation}.",
            min_items=1,
            items=_BOX_KEYFRAME,
            example=[
                {
                    "frame": 1,
                    "enabled": True,
                    "time": 0.0,
                    "x": 10.0,
                    "y": 10.0,
                    "width": 20.0,
                    "height": 15.0,
                    "rotation": 0,
                }
            ],
        ),
        Field(
            "labels",
            F.STRING_LIST,
            "Labels from the companion Labels tag.",
            required=False,
            holds_labels=True,
        ),
    ),
    (FramesWithin(),),
    Geometry.TRACK,
)

_PATH_KEYFRAME: Final = ValueShape(
    (
        Field("frame", F.INTEGER, "Frame number (1-based).", min=1, example=1),
        Field(
            "vertices",
            F.OBJECT_LIST,
            "The path in this frame.",
            items=_VERTEX,
            example=VECTOR.fields[0].example,
        ),
    ),
    open=True,
)

VIDEO_VECTOR: Final = ValueShape(
    (
        *(
            Field(f.key, f.type, f.doc, required=False, min=f.min, unit=f.unit, example=f.example)
            for f in _FRAMES
        ),
        Field(
            "sequence",
            F.OBJECT_LIST,
            "Keyframes {frame, enabled, closed, time?, vertices}.",
            min_items=1,
            items=_PATH_KEYFRAME,
            example=[{"frame": 1, "enabled": True, "closed": False, "vertices": VECTOR.fields[0].example}],
        ),
        Field("labels", F.STRING_LIST, "Assigned labels.", required=False, holds_labels=True),
    ),
    (FramesWithin(),),
    Geometry.TRACK,
)


def _fraction(key: str, doc: str, example: float) -> Field:
    return Field(key, F.NUMBER, doc, min=0, max=1, example=example)


OCR_BOX: Final = ValueShape(
    (
        _fraction("x", "Left edge as a fraction of the page width.", 0.1),
        _fraction("y", "Top edge as a fraction of the page height.", 0.1),
        _fraction("width", "Box width as a fraction of the page width.", 0.3),
        _fraction("height", "Box height as a fraction of the page height.", 0.05),
        _rotation(),
        Field("pageIndex", F.INTEGER, "Page number (1-based).", required=False, min=1, example=1),
        Field("ocrtext", F.STRING, "Text taken from the PDF text layer.", required=False),
    ),
    geometry=Geometry.PAGE_BOX,
)

# A result that carries only labels: generic Labels merged into a Video track, or a split-format
# labels result whose geometry is not recognisable.
LABELS_ONLY: Final = ValueShape()

# Generic <Labels> on an Image repeats the geometry of the tool that drew the region (split format),
# in this order of recognition: a box has `x` and `width`, a keypoint only `x`.
IMAGE_GEOMETRIES: Final = (RECTANGLE, POLYGON, ELLIPSE, BRUSH, BITMASK, VECTOR, KEYPOINT)


def labeled(shape: ValueShape, key: str) -> ValueShape:
    """`shape` plus the list of labels under `key` (`rectanglelabels`, `labels` ...)."""
    return shape.labeled(key)


IMAGE_EXTRA = ("original_width", "original_height", "image_rotation", "item_index")
