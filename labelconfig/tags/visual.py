"""Display-only tags: headings, CSS, Markdown, the option filter and the legacy dialog."""

from __future__ import annotations

from .common import (
    attr,
    css,
    flag,
    hotkey,
    integer,
    name_attr,
    resolver,
    string,
    to_name,
    variable,
    visibility,
)
from .model import Attr, Children, DataSpec, Kind, Need, Origin, Shape, Status, T, TagSpec, Text


def _content(doc: str, need: Need = Need.OPTIONAL) -> Attr:
    """`value` of the text-showing tags; the element text may stand in for it."""
    return attr("value", T.TEXT_OR_VARIABLE, doc, need=need, exact=True)


HEADER = TagSpec(
    name="Header",
    kind=Kind.VISUAL,
    status=Status.CORE,
    doc="A heading, written literally or filled from task data.",
    editor_name="header",
    children=Children.NONE,
    text=Text.OPTIONAL,
    attrs=(
        # Declared required as the docs do; the linter accepts element text (<Header>Title</Header>) instead.
        _content("Heading text; may be or contain `$field` references.", Need.REQUIRED),
        integer("size", "Heading level, 1 being the largest (the editor keeps it within 1-5).", "4"),
        css(doc="Inline CSS for the heading."),
        flag("underline", "Draw a line under the heading.", "false"),
        resolver(),
    ),
    ignored={
        "className": "Header does not read a class attribute, so the value does nothing.",
        "name": "Visual tags carry no name; the editor drops it.",
    },
)

STYLE = TagSpec(
    name="Style",
    kind=Kind.VISUAL,
    status=Status.CORE,
    doc="A block of CSS rules (the element text) added to the labeling page.",
    editor_name="style",
    children=Children.NONE,
    text=Text.REQUIRED,
)

MARKDOWN = TagSpec(
    name="Markdown",
    kind=Kind.VISUAL,
    status=Status.CORE,
    doc="Formatted Markdown, written literally or taken from a task field.",
    editor_name="markdown",
    children=Children.NONE,
    text=Text.OPTIONAL,
    attrs=(
        _content("Markdown source: literal, or a `$field`."),
        css(doc="Inline CSS for the rendered block."),
        string("className", "CSS class names for the rendered block."),
        string("idAttr", "HTML id of the rendered block."),
        *visibility(),
        resolver(),
    ),
)

FILTER = TagSpec(
    name="Filter",
    kind=Kind.VISUAL,
    status=Status.CORE,
    # name/toName make it look like a control, but the backend and SDK exclude it and it yields no result.
    doc="A search box that narrows the options shown by a large Labels or Choices group.",
    editor_name="filter",
    children=Children.NONE,
    attrs=(
        name_attr(),
        to_name(("control",), doc="Name of the Labels, Choices or Taxonomy tag whose options are filtered."),
        string("placeholder", "Hint shown while the box is empty.", "Quick Filter"),
        integer("minlength", "Characters to type before filtering kicks in.", "3"),
        hotkey(doc="Key that puts the cursor in the box."),
        # The misspelling is the real attribute name.
        flag("casesensetive", "Match letter case exactly.", "false"),
        flag("cleanup", "Empty the box once Enter has picked an option.", "true"),
        css(
            doc="Inline CSS for the input (documented, but the editor does not read it).", origin=Origin.DOCS
        ),
    ),
)

DIALOG = TagSpec(
    name="Dialog",
    kind=Kind.VISUAL,
    status=Status.UNDOCUMENTED,
    doc="Old read-only chat transcript (replicas with name and text); the editor keeps it but no docs do.",
    editor_name="dialog",
    children=Children.NONE,
    attrs=(
        name_attr(Need.OPTIONAL, Origin.EDITOR),
        variable("value", "Task field with the replicas.", exact=True, origin=Origin.EDITOR),
    ),
    data=DataSpec(
        "value", Shape.DIALOG, {"dialog": [{"name": "Ann", "text": "Hi!"}, {"name": "Bo", "text": "Hey."}]}
    ),
)

TAGS: tuple[TagSpec, ...] = (HEADER, STYLE, MARKDOWN, FILTER, DIALOG)
