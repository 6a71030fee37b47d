"""Object tags: they show task data, and controls label them through `toName`."""

from __future__ import annotations

from .common import attr, color, enum, flag, name_attr, resolver
from .model import Attr, Children, DataSpec, Kind, Need, Shape, Status, T, TagSpec

_TEXT_VALUE_TYPE = ("text", "url")
_SAVE_TEXT = ("yes", "no", "none")


def _text_like(extra: tuple[Attr, ...] = ()) -> tuple[Attr, ...]:
    """Attributes Text and HyperText share (one editor model backs both)."""
    return (
        name_attr(),
        attr(
            "value",
            T.TEXT_OR_VARIABLE,
            "The content, usually a `$field` of the task; a literal string is shown as is.",
            need=Need.REQUIRED,
            exact=True,
        ),
        *extra,
        enum("valueType", _TEXT_VALUE_TYPE, "Whether `value` is the content or a URL to fetch it from.", "text",
             exact=True),
        enum("saveTextResult", _SAVE_TEXT, "Store the selected text in each result (`none`: decide by valueType)."),
        flag("selectionEnabled", "Let annotators select text to make regions.", "true"),
        flag("clickableLinks", "Let links in the content open.", "false"),
        color("highlightColor", "Highlight colour of regions (the label colour when unset)."),
        flag("showLabels", "Print label names beside regions (unset: follow the user setting)."),
        enum("encoding", ("none", "base64", "base64unicode"), "Decode the value before showing it.", "none"),
        enum("granularity", ("symbol", "word", "sentence", "paragraph"), "Snap selections to this unit.", "symbol"),
        resolver(),
    )


TEXT = TagSpec(
    name="Text",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="Plain text, for span labeling (NER) or as context for classification.",
    editor_name="text",
    children=Children.NONE,
    attrs=_text_like(),
    data=DataSpec("value", Shape.TEXT, {"text": "Opossums are marsupials."}),
    ignored={"style": "Text has no style attribute in the editor; wrap it in a <View style=...> instead."},
)

TAGS = (TEXT,)
