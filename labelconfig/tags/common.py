"""Builders and the attribute groups many tags share.

The editor composes tag models from mixins (every `*Labels` control takes the generic Labels
attributes plus its drawing tool's); the groups here mirror that composition so a tag entry lists
what is particular to it. Defaults differ between tags, so groups are functions taking them.
"""

from __future__ import annotations

from .model import UNSET, Attr, Kind, Need, Origin, T, _Unset

Default = str | None
EditorDefault = str | None | _Unset


def attr(
    name: str,
    type: T,
    doc: str,
    *,
    values: tuple[str, ...] = (),
    min: float | None = None,
    max: float | None = None,
    default: Default = None,
    editor: EditorDefault = UNSET,
    need: Need = Need.OPTIONAL,
    origin: Origin = Origin.DOCS_EDITOR,
    refers: tuple[str, ...] = (),
    exact: bool = False,
) -> Attr:
    return Attr(
        name=name,
        type=type,
        doc=doc,
        values=values,
        min=min,
        max=max,
        default=default,
        editor_default=editor,
        need=need,
        origin=origin,
        refers=refers,
        exact_case=exact,
    )


def flag(name: str, doc: str, default: Default = None, editor: EditorDefault = UNSET, **kw: object) -> Attr:
    return attr(name, T.BOOLEAN, doc, default=default, editor=editor, **kw)  # type: ignore[arg-type]


def enum(
    name: str,
    values: tuple[str, ...],
    doc: str,
    default: Default = None,
    editor: EditorDefault = UNSET,
    **kw: object,
) -> Attr:
    return attr(name, T.ENUM, doc, values=values, default=default, editor=editor, **kw)  # type: ignore[arg-type]


def integer(
    name: str, doc: str, default: Default = None, editor: EditorDefault = UNSET, **kw: object
) -> Attr:
    return attr(name, T.INTEGER, doc, default=default, editor=editor, **kw)  # type: ignore[arg-type]


def number(name: str, doc: str, default: Default = None, editor: EditorDefault = UNSET, **kw: object) -> Attr:
    return attr(name, T.NUMBER, doc, default=default, editor=editor, **kw)  # type: ignore[arg-type]


def string(name: str, doc: str, default: Default = None, editor: EditorDefault = UNSET, **kw: object) -> Attr:
    return attr(name, T.STRING, doc, default=default, editor=editor, **kw)  # type: ignore[arg-type]


def color(name: str, doc: str, default: Default = None, editor: EditorDefault = UNSET, **kw: object) -> Attr:
    return attr(name, T.COLOR, doc, default=default, editor=editor, **kw)  # type: ignore[arg-type]


def length(name: str, doc: str, default: Default = None, editor: EditorDefault = UNSET, **kw: object) -> Attr:
    return attr(name, T.CSS_LENGTH, doc, default=default, editor=editor, **kw)  # type: ignore[arg-type]


def css(name: str = "style", doc: str = "Inline CSS declarations for the element.", **kw: object) -> Attr:
    return attr(name, T.CSS, doc, **kw)  # type: ignore[arg-type]


def hotkey(name: str = "hotkey", doc: str = "Keyboard shortcut.", **kw: object) -> Attr:
    return attr(name, T.HOTKEY, doc, **kw)  # type: ignore[arg-type]


def listing(name: str, doc: str, default: Default = None, **kw: object) -> Attr:
    return attr(name, T.LIST, doc, default=default, **kw)  # type: ignore[arg-type]


def variable(name: str, doc: str, need: Need = Need.OPTIONAL, exact: bool = False, **kw: object) -> Attr:
    """An attribute that must be one `$field` reference into task data."""
    return attr(name, T.VARIABLE, doc, need=need, exact=exact, **kw)  # type: ignore[arg-type]


def reference(name: str, doc: str, refers: tuple[str, ...], **kw: object) -> Attr:
    return attr(name, T.TAGREF, doc, refers=refers, **kw)  # type: ignore[arg-type]


# --- identity -------------------------------------------------------------------------------------


def name_attr(need: Need = Need.REQUIRED, origin: Origin = Origin.DOCS_EDITOR) -> Attr:
    return attr(
        "name",
        T.NAME,
        "Identifier of the tag, unique in the config; results and other tags refer to it.",
        need=need,
        origin=origin,
        exact=True,
    )


def to_name(
    refers: tuple[str, ...],
    need: Need = Need.REQUIRED,
    origin: Origin = Origin.DOCS_EDITOR,
    multiple: bool = False,
    doc: str = "Name of the object tag this control labels.",
) -> Attr:
    return attr(
        "toName",
        T.TAGREF_LIST if multiple else T.TAGREF,
        doc,
        need=need,
        origin=origin,
        refers=refers,
        exact=True,
    )


def resolver() -> Attr:
    return string(
        "resolver",
        "Undocumented: load the value from a URL and pick a part of it with a parser spec "
        "(`csv|separator=;|column=2`).",
        origin=Origin.EDITOR,
    )


# --- conditional visibility ----------------------------------------------------------------------

VISIBLE_WHEN_VALUES = ("region-selected", "no-region-selected", "choice-selected", "choice-unselected")


def visibility(when_label_value: bool = True) -> tuple[Attr, ...]:
    """`visibleWhen` and its refinements (View, Markdown, Choices, TextArea, Taxonomy)."""
    attrs = [
        enum("visibleWhen", VISIBLE_WHEN_VALUES, "Show the element only in this situation.", exact=True),
        reference(
            "whenTagName",
            "Restrict `visibleWhen` to one tag: the Choices/Taxonomy for choice conditions, the "
            "labeling control or object for region conditions.",
            refers=("control", "object"),
            exact=True,
        ),
    ]
    if when_label_value:
        attrs.append(when_label_value_attr())
    attrs += [
        listing(
            "whenChoiceValue",
            "With a choice condition: only when one of these comma-separated choices is (not) selected.",
            exact=True,
        ),
        listing(
            "whenRole",
            "With region-selected on a Chat: only for messages with one of these comma-separated roles.",
            origin=Origin.EDITOR,
        ),
    ]
    return tuple(attrs)


def when_label_value_attr() -> Attr:
    return listing(
        "whenLabelValue",
        "Only when the selected region carries one of these comma-separated labels.",
        exact=True,
    )


# --- classification controls that may answer per region ------------------------------------------


def per_region(
    display_mode_origin: Origin = Origin.EDITOR,
    when_label_value: bool = True,
) -> tuple[Attr, ...]:
    """Required answers, perRegion/perItem and displayMode (Choices, TextArea, Rating, Number ...)."""
    attrs = [
        flag("required", "An annotation cannot be submitted without an answer.", default="false"),
        string("requiredMessage", "Message shown when a required answer is missing."),
        flag(
            "perRegion",
            "Answer once per selected region instead of once per task.",
            default="false",
            exact=True,
        ),
    ]
    if when_label_value:
        attrs.append(when_label_value_attr())
    attrs += [
        enum(
            "displayMode",
            ("tag", "region-list"),
            "With perRegion: show the control in place or in the region list.",
            default="tag",
            origin=display_mode_origin,
        ),
        flag("perItem", "Answer once per page of a multi-image object.", default="false"),
    ]
    return tuple(attrs)


# --- labeling controls -----------------------------------------------------------------------------


def labels_group(
    *,
    opacity: tuple[Default, EditorDefault] = ("0.6", "0.2"),
    fill: tuple[Default, EditorDefault] = (None, "#f48a42"),
    stroke: tuple[Default, EditorDefault] = ("#f48a42", UNSET),
    stroke_width: tuple[Default, EditorDefault] = ("1", UNSET),
    origins: Origin = Origin.DOCS_EDITOR,
    style_origin: Origin | None = None,
) -> tuple[Attr, ...]:
    """Attributes of the generic Labels model that every `*Labels` control inherits.

    `origins` applies to the documented ones (choice, maxUsages, showInline, value) and
    `style_origin` (default: `origins`) to the colour/opacity/width ones, which several
    `*Labels` pages leave undocumented.
    """
    style = style_origin or origins
    return (
        enum(
            "choice",
            ("single", "multiple"),
            "How many labels one region may carry.",
            "single",
            origin=origins,
        ),
        integer("maxUsages", "How many regions may use each label (unlimited when absent).", origin=origins),
        flag("showInline", "Lay the labels out in a row instead of a column.", "true", origin=origins),
        number(
            "opacity", "Opacity of region fill, 0 to 1.", opacity[0], opacity[1], min=0, max=1, origin=style
        ),
        color("fillColor", "Region fill colour.", fill[0], fill[1], origin=style),
        color("strokeColor", "Region outline colour.", stroke[0], stroke[1], origin=style),
        number(
            "strokeWidth", "Region outline width in pixels.", stroke_width[0], stroke_width[1], origin=style
        ),
        variable(
            "value",
            "Load the label set from a task field (`$field`) instead of `<Label>` children.",
            origin=origins,
            exact=True,
        ),
        flag("allowEmpty", "Allow regions without any label.", "false", origin=Origin.EDITOR),
        string("groupDepth", "Undocumented: depth of label groups shown.", origin=Origin.EDITOR),
        number("fillOpacity", "Opacity of the region fill, 0 to 1.", min=0, max=1, origin=Origin.EDITOR),
    )


def smart(origin: Origin = Origin.DOCS_EDITOR) -> tuple[Attr, ...]:
    """Interactive (ML-assisted) drawing switches shared by the image tools."""
    return (
        flag("smart", "Offer the tool in smart (ML-assisted) mode as well.", None, "true", origin=origin),
        flag("smartOnly", "Offer the tool in smart mode only.", None, "false", origin=origin),
    )


def snap() -> Attr:
    return enum("snap", ("pixel", "none"), "Snap points to image pixels.", "none")


def point_look(size: tuple[Default, EditorDefault], style: tuple[Default, EditorDefault]) -> tuple[Attr, ...]:
    return (
        enum("pointSize", ("small", "medium", "large"), "Size of vertex handles.", size[0], size[1]),
        enum("pointStyle", ("rectangle", "circle"), "Shape of vertex handles.", style[0], style[1]),
    )


# ML backends read their settings from the labeling config (label-studio-ml-backend's YOLO, SAM,
# GroundingDINO ... READMEs document them); the editor ignores them, so they are Origin.ML_BACKEND and
# never checked as editor attributes. A backend may read any `model_*` name, and the YOLO tracker takes
# every `botsort_*` / `bytetrack_*` tracker parameter, so those prefixes are a family, not a list.
ML_BACKEND_PREFIXES = ("model_", "botsort_", "bytetrack_")


def _ml(name: str, type: T, doc: str, default: Default = None, **kw: object) -> Attr:
    return attr(name, type, doc, default=default, origin=Origin.ML_BACKEND, **kw)  # type: ignore[arg-type]


ML_BACKEND_CONTROL: tuple[Attr, ...] = (
    _ml("model_score_threshold", T.NUMBER, "Drop predictions less confident than this.", "0.5", min=0, max=1),
    _ml("model_path", T.STRING, "The backend's model file for this control."),
    _ml("model_skip", T.BOOLEAN, "The backend makes no predictions for this control.", "false"),
    _ml("model_obb", T.BOOLEAN, "Predict oriented (rotated) bounding boxes.", "false"),
    _ml("model_trainable", T.BOOLEAN, "The backend trains on this control's annotations.", "false"),
    _ml("model_point_threshold", T.NUMBER, "Drop keypoints less confident than this.", "0.0", min=0, max=1),
    _ml("model_add_bboxes", T.BOOLEAN, "Group predicted keypoints under their bounding boxes.", "true"),
    _ml("model_point_size", T.NUMBER, "Size of predicted keypoints.", "1"),
    _ml("model_conf", T.NUMBER, "Tracking: detection confidence threshold.", "0.25", min=0, max=1),
    _ml("model_iou", T.NUMBER, "Tracking: IoU threshold for non-maximum suppression.", "0.7", min=0, max=1),
    _ml("model_tracker", T.STRING, "Tracking: `botsort`, `bytetrack` or a tracker YAML.", "botsort"),
    _ml("model_classifier_epochs", T.INTEGER, "Training epochs of the temporal classifier.", "1000"),
    _ml("model_classifier_sequence_size", T.INTEGER, "Frames per classifier sequence.", "16"),
    _ml("model_classifier_hidden_size", T.INTEGER, "Classifier hidden-state size.", "32"),
    _ml("model_classifier_num_layers", T.INTEGER, "Classifier layers.", "1"),
    _ml("model_classifier_f1_threshold", T.NUMBER, "Early stopping on this F1 score.", "0.95"),
    _ml("model_classifier_accuracy_threshold", T.NUMBER, "Early stopping on this accuracy.", "1.00"),
)

ML_BACKEND_OPTION: tuple[Attr, ...] = (
    _ml("predicted_values", T.LIST, "Model class names this label stands for, comma-separated."),
    _ml("model_index", T.INTEGER, "Index of this keypoint in the model's output."),
)


def ml_backend_attrs(kind: Kind) -> tuple[Attr, ...]:
    """The documented ML-backend attributes a tag of this kind may carry."""
    if kind is Kind.CONTROL:
        return ML_BACKEND_CONTROL
    return ML_BACKEND_OPTION if kind is Kind.LABEL else ()


def ml_backend_attr(kind: Kind, name: str) -> Attr | None:
    """The ML-backend declaration for `name` on a tag of this kind, when it is one."""
    lowered = name.lower()
    return next((a for a in ml_backend_attrs(kind) if a.name == lowered), None)
