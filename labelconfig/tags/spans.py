"""Controls that mark spans of text, ranges of time series and video, and tracks across video frames."""

from __future__ import annotations

from .common import labels_group, name_attr, point_look, snap, to_name
from .model import UNSET, Origin, ResultSpec, Status, TagSpec
from .regions import LABEL_CHILDREN, OPTIONS, STYLE, control, docs_only, narrow, path_rules, point_radius
from .values import (
    HTML_SPAN,
    PARAGRAPH_SPAN,
    TIMELINE,
    TIMESERIES_SPAN,
    VIDEO_RECTANGLE,
    VIDEO_VECTOR,
    labeled,
)

# Span labels draw no shapes, so their docs pages skip the colours that LabelsModel still reads.
_SPAN_LABELS = labels_group(
    opacity=(None, "0.2"), stroke=(None, "#f48a42"), stroke_width=(None, "1"), style_origin=Origin.EDITOR
)
_VIDEO = ("Video",)
_DOCS = Origin.DOCS
_VIDEO_EXTRA = ("original_width", "original_height", "image_rotation")  # frame size, as for images


HYPERTEXT_LABELS = control(
    "HyperTextLabels",
    "Select spans of HTML content, each carrying labels.",
    (name_attr(), to_name(("HyperText",), doc="The HyperText to label."), *_SPAN_LABELS),
    ResultSpec("hypertextlabels", ("HyperText",), enforced=True, value=labeled(HTML_SPAN, "hypertextlabels")),
    children=LABEL_CHILDREN,
    options=("Label",),
)

PARAGRAPH_LABELS = control(
    "ParagraphLabels",
    "Select spans across the utterances of a Paragraphs object, each carrying labels.",
    (name_attr(), to_name(("Paragraphs",), doc="The Paragraphs to label."), *_SPAN_LABELS),
    ResultSpec("paragraphlabels", ("Paragraphs",), value=labeled(PARAGRAPH_SPAN, "paragraphlabels")),
    children=LABEL_CHILDREN,
    options=("Label",),
)

TIMESERIES_LABELS = control(
    "TimeSeriesLabels",
    "Mark ranges or single instants of a time series, each carrying labels.",
    (
        name_attr(),
        to_name(("TimeSeries",), doc="The TimeSeries to label."),
        # The model's own camelCase strokeColor/strokeWidth never match lower-cased XML names, so the
        # LabelsModel defaults stand.
        *labels_group(opacity=("0.9", UNSET), fill=("transparent", None)),
    ),
    ResultSpec("timeserieslabels", ("TimeSeries",), value=labeled(TIMESERIES_SPAN, "timeserieslabels")),
    children=("Label", "Labels", "Choice"),
    options=("Label",),
)

TIMELINE_LABELS = control(
    "TimelineLabels",
    "Mark frame ranges on a video's timeline, each carrying labels.",
    (
        name_attr(),
        to_name(_VIDEO, doc="The Video to label."),
        *labels_group(
            opacity=(None, "0.2"), stroke=(None, "#f48a42"), stroke_width=(None, "1"), origins=Origin.EDITOR
        ),
    ),
    ResultSpec("timelinelabels", _VIDEO, value=labeled(TIMELINE, "timelinelabels")),
    children=LABEL_CHILDREN,
    options=("Label",),
)

VIDEO_RECTANGLE_TOOL = control(
    "VideoRectangle",
    "Track objects through a video with keyframed boxes; labels come from a Labels tag on the same Video.",
    (name_attr(), to_name(_VIDEO, doc="The Video to track objects in.")),
    ResultSpec("videorectangle", _VIDEO, value=VIDEO_RECTANGLE),
)

VIDEO_VECTOR_TOOL = control(
    "VideoVector",
    "Enterprise: keyframed vector paths on video frames.",
    (
        name_attr(),
        to_name(_VIDEO, doc="The Video to draw on."),
        *narrow(
            labels_group(
                opacity=("0.6", UNSET), fill=("transparent", UNSET), stroke_width=("3", UNSET), origins=_DOCS
            ),
            only=STYLE,
        ),
        *docs_only(*point_look(("small", UNSET), ("circle", UNSET)), snap()),
        *path_rules(curves=False, origin=_DOCS),
        *point_radius(("3", UNSET), origin=_DOCS),
    ),
    ResultSpec("videovector", _VIDEO, value=VIDEO_VECTOR, extra=_VIDEO_EXTRA),
    status=Status.ENTERPRISE,
)

VIDEO_VECTOR_LABELS = control(
    "VideoVectorLabels",
    "Enterprise: keyframed vector paths on video frames, each carrying labels.",
    (
        name_attr(),
        to_name(_VIDEO, doc="The Video to draw on."),
        *narrow(
            labels_group(opacity=("0.2", UNSET), fill=(None, UNSET), stroke=(None, UNSET), origins=_DOCS),
            only=(*OPTIONS, *STYLE),
        ),
        *path_rules(curves=False, origin=_DOCS),
    ),
    # The SDK keeps the labels under `labels`, not `videovectorlabels`.
    ResultSpec("videovectorlabels", _VIDEO, value=VIDEO_VECTOR, extra=_VIDEO_EXTRA),
    children=("Label",),
    options=("Label",),
    status=Status.ENTERPRISE,
)

TAGS: tuple[TagSpec, ...] = (
    HYPERTEXT_LABELS,
    PARAGRAPH_LABELS,
    TIMESERIES_LABELS,
    TIMELINE_LABELS,
    VIDEO_RECTANGLE_TOOL,
    VIDEO_VECTOR_TOOL,
    VIDEO_VECTOR_LABELS,
)
