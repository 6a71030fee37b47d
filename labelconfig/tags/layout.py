"""Containers: View and its relatives."""

from __future__ import annotations

from .common import attr, css, enum, flag, resolver, string, variable, visibility
from .model import Kind, Need, Origin, Status, T, TagSpec

VIEW = TagSpec(
    name="View",
    kind=Kind.LAYOUT,
    status=Status.CORE,
    doc="A generic container, like an HTML div; also the root of every config.",
    editor_name="view",
    attrs=(
        enum("display", ("block", "inline"), "Lay the container out as a block or inline.", None, "block"),
        css(doc="Inline CSS declarations for the container."),
        string("className", "CSS class names for the container, for rules in a <Style> block."),
        string("idAttr", "HTML id of the rendered container."),
        *visibility(),
    ),
)

COLLAPSE = TagSpec(
    name="Collapse",
    kind=Kind.LAYOUT,
    status=Status.CORE,
    doc="An accordion whose Panel sections open and close.",
    editor_name="collapse",
    children=("Panel",),
    attrs=(
        flag("accordion", "Keep at most one panel open.", "true"),
        flag("bordered", "Draw a border around the panels.", "false"),
        flag("open", "Start with the panels expanded.", "false", None),
        resolver(),
    ),
)

PANEL = TagSpec(
    name="Panel",
    kind=Kind.LAYOUT,
    status=Status.CORE,
    doc="One section of a Collapse; `value` is its heading.",
    editor_name="panel",
    parents=("Collapse",),
    attrs=(
        attr(
            "value",
            T.TEXT_OR_VARIABLE,
            "Heading of the section, literal or from a `$field`.",
            need=Need.REQUIRED,
        ),
        flag("open", "Start with this section expanded.", origin=Origin.EDITOR),
        resolver(),
    ),
)

REPEATER = TagSpec(
    name="Repeater",
    kind=Kind.LAYOUT,
    status=Status.CORE,
    doc="Repeats its children once per item of a task-data list, replacing the index placeholder.",
    editor_name="repeater",
    attrs=(
        variable("on", "The task-data list to iterate over.", need=Need.REQUIRED),
        string(
            "indexFlag",
            "Placeholder replaced by the 0-based item index in every attribute of the copies.",
            "{{idx}}",
            exact=True,
        ),
        enum("mode", ("list", "pagination"), "Show all copies at once, or one page per item."),
    ),
)

PAGED_VIEW = TagSpec(
    name="PagedView",
    kind=Kind.LAYOUT,
    status=Status.INTERNAL,
    doc='Internal container the editor builds for <Repeater mode="pagination">.',
    editor_name="pagedview",
    replacement='<Repeater mode="pagination">',
)

TAGS = (VIEW, COLLAPSE, PANEL, REPEATER, PAGED_VIEW)
