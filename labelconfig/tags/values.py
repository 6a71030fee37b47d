"""Result value fields, declared once per geometry and reused by the tool and its `*Labels` twin."""

from __future__ import annotations

from .model import F, Field

PCT = "% of image size"


def _pct(key: str, doc: str, required: bool = True) -> Field:
    return Field(key, F.NUMBER, doc, required=required, min=0, max=100, unit=PCT)


def _rotation(doc: str = "Clockwise rotation in degrees.") -> Field:
    return Field("rotation", F.NUMBER, doc, required=False, min=0, max=360, unit="degrees")


RECTANGLE = (
    _pct("x", "Left edge of the unrotated box."),
    _pct("y", "Top edge of the unrotated box."),
    _pct("width", "Box width."),
    _pct("height", "Box height."),
    _rotation("Clockwise rotation in degrees around the top-left corner (x, y)."),
)

POLYGON = (
    Field("points", F.POINT_LIST, "Vertices as [x, y] pairs in % of image size; 3 or more.", min=0, max=100),
    Field("closed", F.BOOLEAN, "Whether the outline was closed.", required=False),
)

KEYPOINT = (
    _pct("x", "Point x."),
    _pct("y", "Point y."),
    _pct("width", "Drawn point size.", required=False),
)

ELLIPSE = (
    _pct("x", "Centre x."),
    _pct("y", "Centre y."),
    _pct("radiusX", "Horizontal radius (the SDK accepts at most 50)."),
    _pct("radiusY", "Vertical radius (the SDK accepts at most 50)."),
    _rotation(),
)

BRUSH = (
    Field("format", F.ENUM, "Mask encoding.", values=("rle",)),
    Field("rle", F.INTEGER_LIST, "Label Studio run-length encoded RGBA mask, as bytes.", min=0, max=255),
)

BITMASK = (Field("imageDataURL", F.STRING, "PNG data URL of the full-size mask."),)

VECTOR = (
    Field("vertices", F.OBJECT_LIST, "Points {id, x, y, prevPointId?, isBezier?, controlPoint1/2?} in %."),
    Field("closed", F.BOOLEAN, "Whether the path is closed.", required=False),
)

TEXT_SPAN = (
    Field("start", F.INTEGER, "Offset of the first character (0-based).", min=0),
    Field("end", F.INTEGER, "Offset after the last character.", min=0),
    Field("text", F.STRING, "The selected text.", required=False),
)

HTML_SPAN = (
    Field("start", F.STRING, "XPath of the node where the selection starts."),
    Field("end", F.STRING, "XPath of the node where the selection ends."),
    Field("startOffset", F.INTEGER, "Character offset inside the start node.", min=0),
    Field("endOffset", F.INTEGER, "Character offset inside the end node.", min=0),
    Field("globalOffsets", F.OBJECT, "{start, end} offsets in the whole text content.", required=False),
    Field("text", F.STRING, "The selected text.", required=False),
)

AUDIO_SPAN = (
    Field("start", F.NUMBER, "Segment start.", min=0, unit="seconds"),
    Field("end", F.NUMBER, "Segment end.", min=0, unit="seconds"),
    Field("channel", F.INTEGER, "Audio channel the segment was drawn on.", required=False, min=0),
)

PARAGRAPH_SPAN = (
    Field("start", F.INTEGER_OR_STRING, "Index of the first utterance.", min=0),
    Field("end", F.INTEGER_OR_STRING, "Index of the last utterance (inclusive).", min=0),
    Field("startOffset", F.INTEGER, "Character offset inside the first utterance.", min=0),
    Field("endOffset", F.INTEGER, "Character offset inside the last utterance.", min=0),
    Field("text", F.STRING, "The selected text.", required=False),
)

TIMESERIES_SPAN = (
    Field(
        "start", F.NUMBER_OR_STRING, "Range start in time-column units (formatted when timeFormat is set)."
    ),
    Field("end", F.NUMBER_OR_STRING, "Range end, in the same units."),
    Field("instant", F.BOOLEAN, "True when a single point was marked (start == end)."),
)

TIMELINE = (Field("ranges", F.OBJECT_LIST, "Frame spans [{start, end}] (1-based, inclusive)."),)

VIDEO_RECTANGLE = (
    Field("framesCount", F.INTEGER, "Number of frames in the video.", min=1),
    Field("duration", F.NUMBER, "Video length.", min=0, unit="seconds"),
    Field("sequence", F.OBJECT_LIST, "Keyframes {frame, enabled, time, x, y, width, height, rotation}."),
    Field(
        "labels", F.STRING_LIST, "Labels from the companion Labels tag.", required=False, holds_labels=True
    ),
)

VIDEO_VECTOR = (
    Field("framesCount", F.INTEGER, "Number of frames in the video.", required=False, min=1),
    Field("duration", F.NUMBER, "Video length.", required=False, min=0, unit="seconds"),
    Field("sequence", F.OBJECT_LIST, "Keyframes {frame, enabled, closed, time?, vertices}."),
    Field("labels", F.STRING_LIST, "Assigned labels.", required=False, holds_labels=True),
)

OCR_BOX = (
    Field("x", F.NUMBER, "Left edge as a fraction of the page width.", min=0, max=1),
    Field("y", F.NUMBER, "Top edge as a fraction of the page height.", min=0, max=1),
    Field("width", F.NUMBER, "Box width as a fraction of the page width.", min=0, max=1),
    Field("height", F.NUMBER, "Box height as a fraction of the page height.", min=0, max=1),
    _rotation(),
    Field("pageIndex", F.INTEGER, "Page number (1-based).", required=False, min=1),
    Field("ocrtext", F.STRING, "Text taken from the PDF text layer.", required=False),
)


def labeled(fields: tuple[Field, ...], key: str) -> tuple[Field, ...]:
    """`fields` plus the list of labels under `key` (`rectanglelabels`, `labels` ...)."""
    return (
        *fields,
        Field(key, F.STRING_LIST, "Labels of this region (alias when set, else value).", holds_labels=True),
    )


IMAGE_EXTRA = ("original_width", "original_height", "image_rotation", "item_index")
