"""Options inside controls: Label, Choice, Relation, Bucket and Shortcut."""

from __future__ import annotations

from .common import color, css, enum, flag, hotkey, integer, resolver, string
from .model import Attr, Children, Kind, Need, Origin, Status, TagSpec

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


def _value(doc: str) -> Attr:
    """The option text; results carry it (or the alias), and the SDK reads it with exact case."""
    return string("value", doc, need=Need.REQUIRED, exact=True)


def _html() -> Attr:
    return string("html", "HTML to display in place of `value` (XML-escaped); `value` is still stored.")


LABEL = TagSpec(
    name="Label",
    kind=Kind.LABEL,
    status=Status.CORE,
    doc="One label of a labeling control.",
    editor_name="label",
    parents=LABELS_PARENTS,
    children=Children.NONE,
    attrs=(
        _value("The label text written into results (unless `alias` is set)."),
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
        enum("granularity", ("symbol", "word", "sentence", "paragraph"), "Per-label selection unit on Text."),
        _html(),
        integer("category", "Class index exporters use to order classes.", origin=Origin.DOCS),
        # Only the SDK converter reads it, but COCO keypoint export fails without it.
        integer("model_index", "Position of this keypoint in COCO keypoint exports.", origin=Origin.SDK),
        string("groupCanContain", "Undocumented grouping constraint.", origin=Origin.EDITOR),
        resolver(),
    ),
    ignored={"maxUsage": "A misspelt maxUsages; nothing reads it."},
)

CHOICE = TagSpec(
    name="Choice",
    kind=Kind.LABEL,
    status=Status.CORE,
    doc="One option of Choices, or one node of a Taxonomy tree (nodes nest).",
    editor_name="choice",
    parents=("Choices", "Taxonomy"),
    children=("Choice",),
    attrs=(
        _value("The option text written into results (unless `alias` is set)."),
        string("alias", "Written into results instead of `value`; never displayed."),
        flag("selected", "Pre-select this option.", "false"),
        css(doc="Inline CSS for the option."),
        hotkey(doc="Key that toggles this option."),
        _html(),
        string("hint", "Tooltip text."),
        color("color", "Colour of the item (Taxonomy uses it)."),
        resolver(),
    ),
    ignored={"background": "Only Label has a background attribute; on Choice it does nothing."},
)

RELATION = TagSpec(
    name="Relation",
    kind=Kind.LABEL,
    status=Status.CORE,
    doc="One label that relations between regions can carry.",
    editor_name="relation",
    parents=("Relations",),
    children=Children.NONE,
    attrs=(
        _value("The relation label written into results."),
        color("background", "Colour of the label while it is active.", None, "#fff"),
    ),
)

BUCKET = TagSpec(
    name="Bucket",
    kind=Kind.LABEL,
    status=Status.CORE,
    doc="A named column of a Ranker that List items are sorted into.",
    editor_name="bucket",
    parents=("Ranker",),
    children=Children.NONE,
    attrs=(
        # A result key rather than a tag name, yet the backend's uniqueness check counts it all the same.
        string(
            "name",
            "Key of this column in Ranker results; keep it unique in the config.",
            need=Need.REQUIRED,
            exact=True,
        ),
        string("title", "Heading of the column."),
        flag("default", "Start with every List item in this column.", "false"),
    ),
)

SHORTCUT = TagSpec(
    name="Shortcut",
    kind=Kind.LABEL,
    status=Status.CORE,
    doc="A button (and hotkey) that types a preset text into a TextArea.",
    editor_name="shortcut",
    parents=("TextArea",),
    children=Children.NONE,
    attrs=(
        _value("The text put into the TextArea."),
        string("alias", "Button caption shown instead of `value`."),
        hotkey(doc="Key combination that inserts the text."),
        color("background", "Colour of the button.", "#333333"),
        resolver(),
    ),
)

TAGS = (LABEL, CHOICE, RELATION, BUCKET, SHORTCUT)
