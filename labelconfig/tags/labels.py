"""Options inside controls: Label, Choice, Relation, Bucket and Shortcut."""

from __future__ import annotations

from .common import color, css, flag, hotkey, integer, resolver, string
from .model import Children, Kind, Need, Origin, Status, TagSpec

LABELS_PARENTS = (
    "Labels",
    "RectangleLabels",
    "PolygonLabels",
    "KeyPointLabels",
    "EllipseLabels",
    "BrushLabels",
    "BitmaskLabels",
    "VectorLabels",
    "HyperTextLabels",
    "ParagraphLabels",
    "TimeSeriesLabels",
    "TimelineLabels",
    "OcrLabels",
    "VideoVectorLabels",
    "CubeLabels",
)

LABEL = TagSpec(
    name="Label",
    kind=Kind.LABEL,
    status=Status.CORE,
    doc="One label of a labeling control.",
    editor_name="label",
    parents=LABELS_PARENTS,
    children=Children.NONE,
    attrs=(
        string("value", "The label text written into results (unless `alias` is set).", need=Need.REQUIRED,
               exact=True),
        string("alias", "Written into results instead of `value`."),
        flag("selected", "Pre-select this label.", "false"),
        integer("maxUsages", "How many regions may use this label."),
        string("hint", "Tooltip text."),
        hotkey(doc="Key that selects this label."),
        flag("showAlias", "Show the alias next to the value.", "false"),
        css("aliasStyle", "CSS for the shown alias.", default="opacity:0.6", editor="opacity: 0.6"),
        string("size", "Size of the label button.", "medium"),
        color("background", "Colour of the label and its regions.", "#36B37E", "#DA935D"),
        color("selectedColor", "Text colour of the selected label.", "#ffffff"),
        # enum written via the generic builder to keep values in one tuple
        *(),
    ),
)

TAGS = (LABEL,)
