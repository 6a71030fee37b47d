"""Controls that answer about a whole task (or, with perRegion, about one region)."""

from __future__ import annotations

from .common import enum, flag, name_attr, per_region, to_name, variable, visibility
from .model import ANY_OBJECT, F, Field, Kind, Origin, ResultSpec, Status, TagSpec

CHOICES = TagSpec(
    name="Choices",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="A set of options (checkboxes, radio buttons or a drop-down) for classifying the task.",
    editor_name="choices",
    children=("Choice", "View", "Header", "HyperText"),
    options=("Choice",),
    attrs=(
        name_attr(),
        to_name((ANY_OBJECT,)),
        enum("choice", ("single", "single-radio", "multiple"), "Allow one option or several.", "single"),
        flag("showInline", "Lay the options out in a row.", "false", None),
        enum("layout", ("select", "inline", "vertical"), "Drop-down, row or column of options.", None, "vertical"),
        variable("value", "Load the options from a task field (`$field`) instead of <Choice> children.",
                 exact=True),
        flag("allowNested", "Allow nested <Choice> trees; results become paths.", "false"),
        flag("randomize", "Shuffle the options per task.", "false", origin=Origin.DOCS),
        *per_region()[:2],
        *visibility(when_label_value=True),
        *per_region()[2:3],
        *per_region()[4:],
    ),
    result=ResultSpec(
        type="choices",
        targets=(ANY_OBJECT,),
        value=(
            Field("choices", F.CHOICES, "Selected options (alias when set, else value); paths with allowNested.",
                  holds_labels=True),
        ),
        per_region=True,
    ),
    ignored={"selection": "Choices has no `selection` attribute in any Label Studio version; it is ignored."},
)

TAGS = (CHOICES,)
