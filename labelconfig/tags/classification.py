"""Controls that answer about a whole task (or, with perRegion, about one region), plus Relations."""

from __future__ import annotations

from .common import (
    attr,
    css,
    enum,
    flag,
    hotkey,
    integer,
    listing,
    name_attr,
    number,
    per_region,
    resolver,
    string,
    to_name,
    variable,
    visibility,
)
from .model import (
    ANY_OBJECT,
    Children,
    DateFormat,
    F,
    Field,
    Kind,
    Need,
    Origin,
    RankerColumns,
    ResultSpec,
    Role,
    Status,
    T,
    TagSpec,
    ValueShape,
)

_ANY = (ANY_OBJECT,)
_EDITOR = Origin.EDITOR

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
        to_name(_ANY),
        enum("choice", ("single", "single-radio", "multiple"), "Allow one option or several.", "single"),
        flag("showInline", "Lay the options out in a row.", "false", None),
        enum(
            "layout",
            ("select", "inline", "vertical"),
            "Drop-down, row or column of options.",
            None,
            "vertical",
        ),
        variable(
            "value", "Load the options from a task field (`$field`) instead of <Choice> children.", exact=True
        ),
        flag("allowNested", "Allow nested <Choice> trees; results become paths.", "false"),
        flag("randomize", "Shuffle the options per task.", "false", origin=Origin.DOCS),
        *per_region(when_label_value=False),
        *visibility(),
    ),
    result=ResultSpec(
        type="choices",
        targets=_ANY,
        value=ValueShape(
            (
                Field(
                    "choices",
                    F.CHOICES,
                    "Selected options (alias when set, else value); paths with allowNested.",
                    holds_labels=True,
                ),
            )
        ),
        role=Role.CLASSIFICATION,
        per_region=True,
    ),
    ignored={"selection": "Choices has no `selection` attribute in any Label Studio version; it is ignored."},
)

TEXT_AREA = TagSpec(
    name="TextArea",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="Free text input: transcripts, captions or answers, for the task or one region.",
    editor_name="textarea",
    # Shortcut children are optional helpers, so no `options`.
    children=("Shortcut",),
    attrs=(
        name_attr(),
        to_name(_ANY, doc="Name of the object the text is about."),
        attr(
            "value", T.TEXT_OR_VARIABLE, "Prefilled text; may be or contain `$field` references.", exact=True
        ),
        string("placeholder", "Hint shown in the empty input; never submitted."),
        integer("maxSubmissions", "How many texts an annotator may add."),
        flag("editable", "Texts stay editable after they are added.", "false"),
        flag("transcription", "With editable: keep one always-editable input (transcription mode).", "false"),
        flag("skipDuplicates", "Reject a text that was already added.", "false"),
        integer("rows", "Input height in rows; with 1, Enter submits.", "1"),
        flag("showSubmitButton", "Show an Add button (by default only when rows > 1)."),
        string("label", "Undocumented caption above the input.", "", origin=_EDITOR),
        flag("allowSubmit", "Undocumented: let the input submit texts.", None, "true", origin=_EDITOR),
        *per_region(display_mode_origin=Origin.DOCS_EDITOR),
        *visibility(when_label_value=False),
        resolver(),
    ),
    result=ResultSpec(
        type="textarea",
        targets=_ANY,
        value=ValueShape(
            (
                Field(
                    "text",
                    F.STRING_LIST,
                    "The texts entered, one per submission.",
                    example=["A short answer."],
                ),
            )
        ),
        role=Role.CLASSIFICATION,
        per_region=True,
        exports=("asr-manifest",),
    ),
    ignored={"style": "The TextArea model reads no `style` attribute; templates that set one get nothing."},
)

RATING = TagSpec(
    name="Rating",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="A row of stars for rating the task or one region.",
    editor_name="rating",
    children=Children.NONE,
    attrs=(
        name_attr(),
        # A Rating without toName passes the backend but its results are dropped (one template does this).
        to_name(_ANY, need=Need.EXPECTED, doc="Name of the object being rated."),
        integer("maxRating", "How many stars to show.", "5"),
        integer("defaultValue", "Stars selected at the start (0: none).", "0"),
        enum("size", ("small", "medium", "large"), "Size of the stars.", "medium"),
        enum(
            "icon",
            ("star", "heart", "fire", "smile"),
            "Icon to draw; from older docs, the editor draws stars.",
            "star",
        ),
        hotkey(doc="Key that steps through the rating."),
        *per_region(),
    ),
    result=ResultSpec(
        type="rating",
        targets=_ANY,
        # The editor writes 1..maxRating; the SDK also accepts 0, so readers should too.
        value=ValueShape(
            (
                Field(
                    "rating",
                    F.INTEGER,
                    "Number of stars given, at most maxRating.",
                    min=0,
                    bounds_from=(None, "maxRating"),
                    example=1,
                    scale_from=1,
                ),
            )
        ),
        role=Role.CLASSIFICATION,
        per_region=True,
    ),
)

NUMBER = TagSpec(
    name="Number",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="A number input (or slider) for the task or one region.",
    editor_name="number",
    children=Children.NONE,
    attrs=(
        name_attr(),
        to_name(_ANY, doc="Name of the object being scored."),
        number("min", "Lowest accepted value."),
        number("max", "Highest accepted value."),
        number("step", "Step of the spinner or slider.", "1"),
        number("defaultValue", "Starting value; saved as the answer when the control is required."),
        hotkey(doc="Key that raises the value."),
        flag("slider", "Show a slider instead of a text box (set min and max too).", "false"),
        *per_region(),
    ),
    result=ResultSpec(
        type="number",
        targets=_ANY,
        value=ValueShape(
            (
                Field(
                    "number",
                    F.NUMBER,
                    "The value entered (within min..max when they are set).",
                    bounds_from=("min", "max"),
                    example=1,
                ),
            )
        ),
        role=Role.CLASSIFICATION,
        per_region=True,
    ),
)

DATE_TIME = TagSpec(
    name="DateTime",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="A date and/or time picker for the task or one region.",
    editor_name="datetime",
    children=Children.NONE,
    attrs=(
        name_attr(),
        # Accepted without toName, but then the results go missing.
        to_name(_ANY, need=Need.EXPECTED, doc="Name of the object the date is about."),
        listing("only", "Which parts to ask for: date, time, month, year (date overrides month/year)."),
        string("format", "strftime pattern of the saved value (ISO 8601 when absent)."),
        string("min", "Earliest accepted value (ISO date, or a year with only=year)."),
        string("max", "Latest accepted value, written like min."),
        string("step", "Undocumented step of the time input.", origin=_EDITOR),
        string("defaultValue", "Undocumented starting value.", origin=_EDITOR),
        hotkey(doc="Undocumented hotkey.", origin=_EDITOR),
        *per_region(),
    ),
    result=ResultSpec(
        type="datetime",
        targets=_ANY,
        value=ValueShape(
            (Field("datetime", F.STRING, "The chosen moment, written with `format` (ISO 8601 by default)."),),
            (DateFormat(),),
        ),
        role=Role.CLASSIFICATION,
        per_region=True,
    ),
)

TAXONOMY = TagSpec(
    name="Taxonomy",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="A drop-down tree of nested choices (from <Choice> children, task data or an API); pick several.",
    editor_name="taxonomy",
    children=("Choice",),
    options=("Choice",),
    attrs=(
        name_attr(),
        # Accepted without toName, but then the results go missing.
        to_name(_ANY, need=Need.EXPECTED, doc="Name of the object being classified."),
        string("apiUrl", "Beta: load the tree from this URL (children may be fetched lazily by path)."),
        flag("leafsOnly", "Only leaves can be picked.", "false"),
        flag("showFullPath", "Show picked items with their whole path.", "false"),
        string("pathSeparator", "Text between path parts when showFullPath is on.", " / "),
        integer("maxUsages", "Most items that may be picked per task or region."),
        attr("maxWidth", T.CSS_LENGTH, "Widest the drop-down may get, with units (500px)."),
        attr("minWidth", T.CSS_LENGTH, "Narrowest the drop-down may get, with units (300px)."),
        string("placeholder", "Prompt shown in the closed input.", ""),
        flag("labeling", "Use the tree to label spans of Text/HyperText (behind a feature flag).", "false"),
        flag("legacy", "Use the old UI, which lets annotators add items but ignores apiUrl.", "false"),
        flag(
            "allowAddLabels",
            "New UI: annotators may add and remove their own items.",
            "false",
            origin=Origin.DOCS,
        ),
        variable(
            "value", "Undocumented: load the items from a task field (`$field`).", origin=_EDITOR, exact=True
        ),
        attr("dropdownWidth", T.CSS_LENGTH, "Undocumented width of the drop-down.", origin=_EDITOR),
        *per_region(),
        *visibility(when_label_value=False),
    ),
    result=ResultSpec(
        type="taxonomy",
        targets=_ANY,  # Text/HyperText only with labeling="true"
        value=ValueShape(
            (
                Field(
                    "taxonomy",
                    F.STRING_PATHS,
                    "Each picked item as its path of choices from the root.",
                    holds_labels=True,
                ),
            )
        ),
        role=Role.CLASSIFICATION,
        per_region=True,
    ),
)

PAIRWISE = TagSpec(
    name="Pairwise",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="Compare two objects side by side and pick the better one.",
    editor_name="pairwise",
    children=Children.NONE,
    attrs=(
        name_attr(),
        to_name(_ANY, multiple=True, doc="The two objects to compare, comma-separated: left,right."),
        css("selectionStyle", "CSS (or a class name) for the picked object."),
        string("leftClass", "CSS class of the left object.", "left"),
        # "left" is what the JSDoc says, apparently a typo; the editor model sets no default.
        string("rightClass", "CSS class of the right object.", "left"),
    ),
    result=ResultSpec(
        type="pairwise",
        targets=_ANY,
        value=ValueShape(
            (Field("selected", F.ENUM, "The side that won.", values=("left", "right"), example="left"),)
        ),
        role=Role.CLASSIFICATION,
        multiple_to_name=True,
        self_referencing=True,
    ),
)

RANKER = TagSpec(
    name="Ranker",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="Reorder the items of a List by dragging, or sort them into Bucket columns.",
    editor_name="ranker",
    children=("Bucket",),  # optional: without buckets the list is just ranked
    attrs=(
        name_attr(),
        to_name(("List",), doc="Name of the List to rank."),
        flag("collapsible", "Undocumented: columns can be folded away.", None, "true", origin=_EDITOR),
    ),
    result=ResultSpec(
        type="ranker",
        targets=("List",),
        value=ValueShape(
            (
                Field(
                    "ranker",
                    F.OBJECT,
                    "Item ids per column: under the Ranker's name, or per bucket name ('_' for unsorted).",
                ),
            ),
            (RankerColumns(),),
        ),
        role=Role.CLASSIFICATION,
    ),
)

RELATIONS = TagSpec(
    name="Relations",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="The labels that arrows between regions may carry.",
    editor_name="relations",
    children=("Relation",),  # optional: relations can be drawn without labels
    attrs=(
        enum(
            "choice", ("single", "multiple"), "Allow one label or several per relation.", "single", "multiple"
        ),
        # Only the SDK reads these: with both set it parses Relations as a control.
        name_attr(need=Need.OPTIONAL, origin=Origin.SDK),
        to_name(
            _ANY,
            need=Need.OPTIONAL,
            origin=Origin.SDK,
            doc="Unused by the editor; the backend checks it exists.",
        ),
    ),
    # Relation items are top-level {from_id, to_id, type, direction, labels?}: no from_name, to_name or value.
    result=ResultSpec(type="relation", targets=(), role=Role.RELATION),
)

CUSTOM_INTERFACE = TagSpec(
    name="CustomInterface",
    kind=Kind.CONTROL,
    status=Status.INTERNAL,
    doc="Internal: where the host application mounts its own custom tags; not for configs.",
    editor_name="custominterface",
    children=Children.NONE,
    attrs=(
        name_attr(),
        to_name(_ANY, need=Need.OPTIONAL, origin=_EDITOR, doc="Object the custom tag works on."),
    ),
    result=ResultSpec(type=None, targets=_ANY),
)

TAGS: tuple[TagSpec, ...] = (
    CHOICES,
    TEXT_AREA,
    RATING,
    NUMBER,
    DATE_TIME,
    TAXONOMY,
    PAIRWISE,
    RANKER,
    RELATIONS,
    CUSTOM_INTERFACE,
)
