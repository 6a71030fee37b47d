"""The shape of a registry entry.

A tag is declared once, as a `TagSpec`. Everything downstream reads these declarations: the linter
(attributes, placement, references, options), the payload validator (`ResultSpec`, `DataSpec`), the
form renderer (a tag's kind and role choose its template), the exporters (`ResultSpec.exports`: which
formats can carry a result) and the XSD generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class Kind(StrEnum):
    OBJECT = "object"  # shows task data; toName points at it
    CONTROL = "control"  # produces results
    LABEL = "label"  # an option inside a control (Label, Choice, Relation, Bucket, Shortcut)
    VISUAL = "visual"  # display only
    LAYOUT = "layout"  # a container


class Status(StrEnum):
    CORE = "core"
    UNDOCUMENTED = "undocumented"
    INTERNAL = "internal"
    ENTERPRISE = "enterprise"
    LEGACY_ALIAS = "legacy_alias"
    LEGACY = "legacy"
    DOCS_ONLY = "docs_only"


class T(StrEnum):
    """Attribute value types."""

    NAME = "name"
    STRING = "string"
    BOOLEAN = "boolean"
    BOOLEAN_OR_LIST = "boolean_or_list"
    INTEGER = "integer"
    INTEGER_OR_NONE = "integer_or_none"
    INTEGER_OR_VARIABLE = "integer_or_variable"
    NUMBER = "number"
    NUMBER_OR_VARIABLE = "number_or_variable"
    COLOR = "color"
    CSS = "css"
    CSS_LENGTH = "css_length"
    ENUM = "enum"
    LIST = "list"
    VARIABLE = "variable"
    TEXT_OR_VARIABLE = "text_or_variable"
    TAGREF = "tagref"
    TAGREF_LIST = "tagref_list"
    HOTKEY = "hotkey"
    JSON = "json"


class Origin(StrEnum):
    """Where an attribute is attested."""

    DOCS_EDITOR = "docs+editor"
    EDITOR = "editor"  # implemented, undocumented
    DOCS = "docs"  # documented, not read by the open-source editor
    SDK = "sdk"  # read only by label-studio-sdk code
    ML_BACKEND = "ml-backend"  # read by an ML backend (label-studio-ml-backend), never the editor


class Need(StrEnum):
    OPTIONAL = "optional"
    REQUIRED = "required"  # Label Studio rejects the config, or nothing can work without it
    EXPECTED = "expected"  # Label Studio accepts the config, but results silently go missing


class _Unset:
    _instance: _Unset | None = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


@dataclass(frozen=True, slots=True)
class Attr:
    name: str  # canonical spelling (docs); matching is case-insensitive, as in the editor
    type: T
    doc: str
    values: tuple[str, ...] = ()  # allowed values of an enum
    min: float | None = None
    max: float | None = None
    default: str | None = None  # documented default
    editor_default: str | _Unset | None = UNSET  # the 1.23.2 editor's real default, when it differs
    need: Need = Need.OPTIONAL
    origin: Origin = Origin.DOCS_EDITOR
    # For tag references: the tag names (or kind names such as "object") the reference may name.
    refers: tuple[str, ...] = ()
    # The backend and the SDK read this name with exact case; other spellings only work in the editor.
    exact_case: bool = False

    @property
    def is_reference(self) -> bool:
        return self.type in (T.TAGREF, T.TAGREF_LIST)

    @property
    def effective_default(self) -> str | None:
        """The default Label Studio's editor really applies (what a faithful renderer should use)."""
        return self.default if isinstance(self.editor_default, _Unset) else self.editor_default


class Children(StrEnum):
    ANY = "any"
    NONE = "none"
    HTML = "html"  # raw HTML markup


class Text(StrEnum):
    NONE = "none"  # element text is ignored
    OPTIONAL = "optional"  # element text may stand in for the `value` attribute (Header, Markdown)
    REQUIRED = "required"  # the element text is the content (Style CSS, ReactCode source)
    HTML = "html"  # inline HTML markup (HyperText)


class Shape(StrEnum):
    """What the config expects to find in task data: an object tag's data, and the few other reads
    (a `valueList`, a Repeater's items, a control's options, a number). The check, the sample value
    and the JSON type of each are declared once, in `payloads/shapes.py`."""

    URL = "url"  # a URL or storage path string (Image, Audio, Video, Pdf)
    URLS = "urls"  # a list of URL strings (`valueList`)
    TEXT = "text"  # a string (a URL when valueType="url")
    HTML = "html"  # an HTML string (a URL when valueType="url")
    PARAGRAPHS = "paragraphs"  # a list of objects with the nameKey/textKey fields
    TIMESERIES = "timeseries"  # a CSV URL, or an object of column lists (valueType="json")
    TABLE = "table"  # an object, a list of objects or a list of primitives
    LIST_ITEMS = "list_items"  # a list of objects with `id` and title/body/html
    CHAT = "chat"  # a list of {role, content} messages
    DIALOG = "dialog"  # a list of {name, text} replicas
    LIST = "list"  # a list: Repeater items, or the options of a control loaded from the task
    NUMBER = "number"  # a number (`maxRating="$max"`)
    ANY = "any"  # any JSON value


@dataclass(frozen=True, slots=True)
class DataSpec:
    attribute: str  # the attribute that points into task data ("value", "data", ...)
    shape: Shape
    example: object  # a JSON value that satisfies the shape
    list_attribute: str | None = None  # the attribute that points at a list of such values


class F(StrEnum):
    """JSON types of result value fields."""

    NUMBER = "number"
    INTEGER = "integer"
    STRING = "string"
    BOOLEAN = "boolean"
    OBJECT = "object"
    STRING_LIST = "list[string]"
    INTEGER_LIST = "list[integer]"
    POINT_LIST = "list[[number, number]]"
    OBJECT_LIST = "list[object]"
    STRING_PATHS = "list[list[string]]"
    CHOICES = "list[string] | list[list[string]]"
    INTEGER_OR_STRING = "integer | string"
    NUMBER_OR_STRING = "number | string"
    ENUM = "enum"


class Role(StrEnum):
    """What a result is about."""

    REGION = "region"  # a shape or span on an object; other results may point at it by id
    CLASSIFICATION = "classification"  # an answer about the whole task (or, perRegion, one region)
    RELATION = "relation"  # a link between two regions


class Geometry(StrEnum):
    """What a region result marks, for readers that convert or compare regions."""

    BOX = "box"
    POLYGON = "polygon"
    POINT = "point"
    ELLIPSE = "ellipse"
    MASK = "mask"  # run-length encoded or PNG bitmap
    PATH = "path"  # vector polylines
    TEXT_SPAN = "text_span"  # character offsets
    HTML_SPAN = "html_span"  # XPath nodes plus offsets
    PARAGRAPH_SPAN = "paragraph_span"  # utterance indexes plus offsets
    TIME_SPAN = "time_span"  # seconds (audio) or time-column units (time series)
    FRAME_RANGES = "frame_ranges"  # video frame ranges
    TRACK = "track"  # keyframed shapes through video frames
    PAGE_BOX = "page_box"  # a box on a PDF page, in fractions


# --- cross-field constraints ---------------------------------------------------------------------
# Named declarations of what the JSON types of single fields cannot say. Each reader (the complete
# checker, the msgspec shortcut, the JSON Schema, the samples) implements every one of them, or says
# it cannot express it; `labelconfig.payloads.constraints` holds that table.


@dataclass(frozen=True, slots=True)
class Constraint:
    """Base of the constraint declarations."""


@dataclass(frozen=True, slots=True)
class Ordered(Constraint):
    """`start` comes no later than `end` (numbers, or digit strings for utterance indexes)."""

    start: str = "start"
    end: str = "end"


@dataclass(frozen=True, slots=True)
class OffsetsOrdered(Constraint):
    """Within one node (`start` equal to `end`), `startOffset` comes no later than `endOffset`."""

    start: str = "start"
    end: str = "end"
    start_offset: str = "startOffset"
    end_offset: str = "endOffset"


@dataclass(frozen=True, slots=True)
class InsideImage(Constraint):
    """An unrotated box ends inside the image: `x + width` and `y + height` at most 100 (%)."""

    axes: tuple[tuple[str, str], ...] = (("x", "width"), ("y", "height"))
    rotation: str = "rotation"


@dataclass(frozen=True, slots=True)
class FramesWithin(Constraint):
    """Each keyframe's `frame` is at most the video's `framesCount`."""

    items: str = "sequence"
    frame: str = "frame"
    count: str = "framesCount"


@dataclass(frozen=True, slots=True)
class TimeFormat(Constraint):
    """Times are strings only when the TimeSeries parses its time column with `timeFormat`."""

    keys: tuple[str, ...] = ("start", "end")


@dataclass(frozen=True, slots=True)
class DateFormat(Constraint):
    """The date-time string matches the control's `format` (strftime) or `only` (an ISO part)."""

    key: str = "datetime"


@dataclass(frozen=True, slots=True)
class RankerColumns(Constraint):
    """Keys are the Ranker's own name, its `<Bucket>` names or `_`; values list item ids."""

    key: str = "ranker"


@dataclass(frozen=True, slots=True)
class TaskText(Constraint):
    """Offsets fall inside the task's text, and `text` repeats the characters they cover."""


@dataclass(frozen=True, slots=True)
class TaskUtterances(Constraint):
    """Indexes name utterances of the task; offsets fall inside them; `text` repeats them."""


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    type: F
    doc: str
    required: bool = True
    min: float | None = None
    max: float | None = None
    unit: str = ""
    values: tuple[str, ...] = ()  # enum values
    # The value key that carries the control's labels (`rectanglelabels`, `choices`, `labels` ...).
    holds_labels: bool = False
    # A valid value; None takes the samples' default for the type. Not part of equality (lists).
    example: object = field(default=None, compare=False)
    pattern: str | None = None  # strings must match (a regular expression, anchored)
    min_items: int = 0  # lists: fewest items
    items: ValueShape | None = None  # objects in a list[object] (or the object itself) follow this shape
    # Config attributes that narrow `min`/`max` per control (Rating's maxRating, Number's min/max).
    bounds_from: tuple[str | None, str | None] = (None, None)
    # The first step of an ordinal scale when it lies above `min` (Rating: the editor writes 1..maxRating,
    # readers accept 0 too): agreement measures distance over the scale from here.
    scale_from: float | None = None

    @property
    def scale(self) -> tuple[float, float] | None:
        """(lowest, highest) of the answer's scale, when both ends are known."""
        lo = self.scale_from if self.scale_from is not None else self.min
        return (lo, self.max) if lo is not None and self.max is not None and self.max > lo else None


@dataclass(frozen=True, slots=True)
class ValueShape:
    """The `value` of one kind of result: its fields, the constraints across them, and what it marks."""

    fields: tuple[Field, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    geometry: Geometry | None = None
    # Keys whose presence tells this shape apart from its siblings (generic Labels on an Image
    # repeats the geometry of whichever tool drew the region); empty matches any value.
    marks: tuple[str, ...] = ()
    # Objects inside a value (keyframes, messages) may carry keys nobody declared; values may not.
    open: bool = False

    @property
    def labels_key(self) -> str | None:
        return next((f.key for f in self.fields if f.holds_labels), None)

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def labeled(self, key: str) -> ValueShape:
        """This shape plus the list of labels under `key` (`rectanglelabels`, `labels` ...)."""
        labels = Field(
            key, F.STRING_LIST, "Labels of this region (alias when set, else value).", holds_labels=True
        )
        return replace(self, fields=(*self.fields, labels))

    def matches(self, value: Mapping[str, object]) -> bool:
        return all(k in value for k in self.marks)


NO_VALUE: Final = ValueShape()
ANY_OBJECT: Final = "object"  # in `targets`/`refers`: any object tag


@dataclass(frozen=True, slots=True)
class ResultSpec:
    """What a control writes into annotations and predictions."""

    type: str | None  # the result `type`; None when no result format exists
    targets: tuple[str, ...]  # object tags toName may name; (ANY_OBJECT,) for any
    enforced: bool = False  # the editor rejects other targets
    value: ValueShape = NO_VALUE
    # Value shapes per target tag when they differ (generic Labels on Text / HyperText / Image ...): the
    # first shape whose `marks` are present applies.
    by_target: Mapping[str, tuple[ValueShape, ...]] = field(default_factory=lambda: MappingProxyType({}))
    role: Role = Role.REGION
    multiple_to_name: bool = False
    per_region: bool = False  # supports perRegion (classifying a region instead of the task)
    self_referencing: bool = False  # to_name is the control's own name (Pairwise, Chat, ReactCode)
    extra: tuple[str, ...] = ()  # top-level result fields this type adds (original_width ...)
    exports: tuple[str, ...] = ()  # training formats that can carry this result

    @property
    def labels_key(self) -> str | None:
        keys = [s.labels_key for s in self.shapes()]
        return next((k for k in keys if k), None)

    @property
    def image_sized(self) -> bool:
        """Results on an Image carry its pixel size (`original_width`, `original_height`)."""
        return "original_width" in self.extra

    def shapes(self, target: str | None = None) -> tuple[ValueShape, ...]:
        """The value shapes for results on a `target` object tag (every shape when None)."""
        if not self.by_target:
            return (self.value,)
        if target is None:
            return tuple(dict.fromkeys(s for shapes in self.by_target.values() for s in shapes))
        return self.by_target.get(target, ())


@dataclass(frozen=True, slots=True)
class TagSpec:
    name: str  # canonical spelling, as written in configs
    kind: Kind
    status: Status
    doc: str  # one line, in our own words
    attrs: tuple[Attr, ...] = ()
    parents: tuple[str, ...] = ()  # must sit below one of these (any depth); empty = anywhere
    children: Children | tuple[str, ...] = Children.ANY
    text: Text = Text.NONE
    data: DataSpec | None = None
    result: ResultSpec | None = None
    # Groups of attributes of which at least one must be present (Image: value or valueList).
    one_of: tuple[tuple[str, ...], ...] = ()
    # Label children this control needs unless its options are loaded dynamically (value="$field").
    options: tuple[str, ...] = ()
    # Attributes real configs use that Label Studio ignores, with the reason.
    ignored: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    alias_of: str | None = None  # a legacy alias (AudioPlus -> Audio)
    replacement: str | None = None  # what to write instead of a legacy or unreleased tag
    editor_name: str | None = None  # the lower-case name the editor registers
    _by_lower_name: Mapping[str, Attr] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {a.name.lower(): a for a in self.attrs}
        if len(index) != len(self.attrs):
            raise ValueError(f"{self.name}: an attribute is declared twice")
        object.__setattr__(self, "_by_lower_name", MappingProxyType(index))

    def attr(self, name: str) -> Attr | None:
        """The attribute declaration for `name`, matched case-insensitively as the editor does."""
        return self._by_lower_name.get(name.lower())
