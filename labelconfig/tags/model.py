"""The shape of a registry entry.

A tag is declared once, as a `TagSpec`. Everything downstream reads these declarations: the linter
(attributes, placement, references, options), the payload validator (`ResultSpec`, `DataSpec`), and
on the roadmap the form renderer, the exporters (`ResultSpec.exports`) and the XSD generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    """What an object tag expects to find in task data."""

    URL = "url"  # a URL or storage path string (Image, Audio, Video, Pdf)
    TEXT = "text"  # a string (a URL when valueType="url")
    HTML = "html"  # an HTML string (a URL when valueType="url")
    PARAGRAPHS = "paragraphs"  # a list of objects with the nameKey/textKey fields
    TIMESERIES = "timeseries"  # a CSV URL, or an object of column lists (valueType="json")
    TABLE = "table"  # an object, a list of objects or a list of primitives
    LIST_ITEMS = "list_items"  # a list of objects with `id` and title/body/html
    CHAT = "chat"  # a list of {role, content} messages
    DIALOG = "dialog"  # a list of {name, text} replicas
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


ANY_OBJECT: Final = "object"  # in `targets`/`refers`: any object tag


@dataclass(frozen=True, slots=True)
class ResultSpec:
    """What a control writes into annotations and predictions."""

    type: str | None  # the result `type`; None when no result format exists
    targets: tuple[str, ...]  # object tags toName may name; (ANY_OBJECT,) for any
    enforced: bool = False  # the editor rejects other targets
    value: tuple[Field, ...] = ()
    # Value fields per target tag when they differ (generic Labels on Text / HyperText / Audio ...).
    by_target: Mapping[str, tuple[Field, ...]] = field(default_factory=lambda: MappingProxyType({}))
    multiple_to_name: bool = False
    per_region: bool = False  # supports perRegion (classifying a region instead of the task)
    self_referencing: bool = False  # to_name is the control's own name (Pairwise, Chat, ReactCode)
    extra: tuple[str, ...] = ()  # top-level result fields this type adds (original_width ...)
    exports: tuple[str, ...] = ()  # training formats that can carry this result

    @property
    def labels_key(self) -> str | None:
        for f in self.value:
            if f.holds_labels:
                return f.key
        return None


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
