"""A fast, sound shortcut for valid records: decode and validate in one pass with msgspec.

Most lines of a prediction file are valid. For those, msgspec decodes the JSON straight into typed
structs built from the registry and the config (labels as Literal, ranges as Meta constraints, exact
value keys) — faster than merely parsing the line into dicts — and a few cross-field checks follow.
Anything the shortcut does not accept goes through the complete checker, which says what is wrong.

The shortcut must be sound: when it accepts a record the complete checker finds nothing. It need not
be complete; controls with checks it does not replicate (dates, taxonomy paths, video tracks, spans
against paragraphs, Repeater copies, per-region answers ...) are simply left out of its types, so
their results always take the complete path. A property test holds the two paths to this contract.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Final, Literal, Union

import msgspec

from ..config import Config, Control
from ..tags.model import F
from ..tags.model import Field as ValueField
from .context import Kind
from .results import ControlCheck, ResultChecker
from .special import TOLERANCE

# Types whose complete-path checks are all expressible here (plus the post checks below).
_SUPPORTED: Final = frozenset(
    {
        "rectangle", "rectanglelabels", "polygon", "polygonlabels", "keypoint", "keypointlabels", "ellipse",
        "ellipselabels", "brush", "brushlabels", "magicwand", "bitmask", "bitmasklabels", "vector",
        "vectorlabels", "choices", "textarea", "rating", "number", "pairwise", "labels", "hypertextlabels",
        "ocrlabels",
    }
)  # fmt: skip
_BOXES: Final = frozenset({"rectangle", "rectanglelabels"})
_BOX, _SPAN = 1, 2  # the post checks of `FastPath._consistent`
_ORDERED_SPANS: Final = frozenset({"labels"})

# A field that no JSON value satisfies: its key must be absent for the shortcut to apply.
Absent = Literal["\x00absent"]


def _meta(
    f: ValueField, lo: float | None = None, hi: float | None = None, integer: bool = False
) -> msgspec.Meta | None:
    lo = f.min if lo is None else lo
    hi = f.max if hi is None else hi
    if integer:  # msgspec wants whole-number bounds on integers
        lo = math.ceil(lo) if lo is not None else None
        hi = math.floor(hi) if hi is not None else None
    bounds = {k: v for k, v in (("ge", lo), ("le", hi)) if v is not None}
    return msgspec.Meta(**bounds) if bounds else None


def _bounded(base: type, meta: msgspec.Meta | None) -> Any:
    return Annotated[base, meta] if meta is not None else base


def _field_type(f: ValueField, c: ControlCheck, control: Control) -> Any:
    t = f.type
    if f.holds_labels:
        item: Any = Literal[tuple(sorted(c.labels))] if c.labels and not c.dynamic else str  # type: ignore[misc]
        if not c.labels and not c.dynamic:
            item = Absent  # no declared labels: any label is an error
        bounds: dict[str, int] = {} if c.allow_empty else {"min_length": 1}
        if c.single:
            bounds["max_length"] = 1
        return Annotated[list[item], msgspec.Meta(**bounds)] if bounds else list[item]  # type: ignore[valid-type]
    if t is F.NUMBER:
        return _bounded(float, _meta(f))
    if t is F.INTEGER:
        return _bounded(int, _meta(f, integer=True))
    if t is F.STRING:
        return str
    if t is F.BOOLEAN:
        return bool
    if t is F.OBJECT:
        return dict[str, Any]
    if t is F.ENUM:
        return Literal[f.values]  # type: ignore[valid-type]
    if t is F.STRING_LIST:
        return list[str]
    if t is F.INTEGER_LIST:
        return list[_bounded(int, _meta(f, integer=True))]  # type: ignore[misc]
    if t is F.POINT_LIST:
        coordinate = _bounded(float, _meta(f))
        points = list[tuple[coordinate, coordinate]]  # type: ignore[valid-type]
        return Annotated[points, msgspec.Meta(min_length=3)] if c.type.startswith("polygon") else points
    if t is F.OBJECT_LIST:
        return list[dict[str, Any]]
    if t is F.INTEGER_OR_STRING:
        return Union[_bounded(int, _meta(f, integer=True)), str]  # noqa: UP007 - built at run time
    if t is F.NUMBER_OR_STRING:
        return Union[_bounded(float, _meta(f)), str]  # noqa: UP007
    return None  # STRING_PATHS / CHOICES paths: not handled here


def _value_struct(name: str, fields: tuple[ValueField, ...], c: ControlCheck, control: Control) -> Any:
    spec: list[tuple[Any, ...]] = []
    for f in fields:
        typ = _field_type(f, c, control)
        if typ is None:
            return None
        if f.key == "rle":  # an empty mask is an error of the brush types
            typ = Annotated[typ, msgspec.Meta(min_length=1)]
        spec.append((f.key, typ) if f.required else (f.key, Union[typ, msgspec.UnsetType], msgspec.UNSET))  # noqa: UP007
    return msgspec.defstruct(f"{name}Value", spec, forbid_unknown_fields=True, kw_only=True)


def _fields_for(c: ControlCheck) -> tuple[ValueField, ...] | None:
    result = c.result
    if c.value:
        return c.value
    tags = set(c.targets.values())
    if len(tags) != 1:
        return None
    return result.by_target.get(next(iter(tags)))


def _result_struct(c: ControlCheck, control: Control, index: int) -> Any:
    if c.type not in _SUPPORTED or c.per_region or c.flag is not None or c.nested:
        return None
    fields = _fields_for(c)
    if fields is None:
        return None
    name = f"R{index}"
    value = _value_struct(name, fields, c, control)
    if value is None:
        return None
    spec: list[tuple[Any, ...]] = [
        ("to_name", Literal[tuple(c.targets)]),  # type: ignore[misc]
        ("type", Literal[c.type]),
        ("value", value),
    ]
    if c.image:
        positive = Annotated[int, msgspec.Meta(gt=0)]
        spec += [("original_width", positive), ("original_height", positive)]
    spec += [
        ("id", Union[str, int, None], None),  # noqa: UP007
        ("score", Union[Annotated[float, msgspec.Meta(ge=0, le=1)], None], None),  # noqa: UP007
        ("parentID", Union[Absent, None], None),  # noqa: UP007 - parents are checked on the complete path
    ]
    return msgspec.defstruct(name, spec, tag_field="from_name", tag=c.name, kw_only=True)


class FastPath:
    """`accepts(line)` is True only when the complete checker would report nothing for the record."""

    def __init__(self, cfg: Config, checker: ResultChecker, kind: Kind) -> None:
        self.kind = kind
        self.boxes: set[str] = set()
        self.spans: set[str] = set()
        self.kinds: dict[type, tuple[str, int]] = {}  # struct -> (control name, which post check)
        members = []
        for i, (name, c) in enumerate(checker.controls.items()):
            struct = _result_struct(c, cfg.controls[name], i)
            if struct is None:
                continue
            members.append(struct)
            if c.type in _BOXES:
                self.boxes.add(name)
            elif c.type in _ORDERED_SPANS:
                self.spans.add(name)
            self.kinds[struct] = (
                name,
                _BOX if c.type in _BOXES else _SPAN if c.type in _ORDERED_SPANS else 0,
            )
        self.required = frozenset(
            c.name for c in checker.controls.values() if c.required and not c.per_region
        )
        # Spans on a Text are also checked against the task's text, which the shortcut does not do.
        self.reads_task = any("Text" in checker.controls[n].targets.values() for n in self.spans)
        self.decoder: msgspec.json.Decoder[Any] | None = None
        self.record: Any = None
        if not members:
            return
        item = Union[tuple(members)] if len(members) > 1 else members[0]  # noqa: UP007
        score = Union[Annotated[float, msgspec.Meta(ge=0, le=1)], None]  # noqa: UP007
        record = msgspec.defstruct(
            "Record",
            [
                ("result", list[item]),  # type: ignore[valid-type]
                ("score", score, None),
                ("was_cancelled", Any, None),
                ("data", Union[Absent, msgspec.UnsetType], msgspec.UNSET),  # noqa: UP007 - a task, not a prediction
            ],
            kw_only=True,
        )
        self.record = record
        self.decoder = msgspec.json.Decoder(record)

    def accepts(self, raw: bytes) -> bool:
        """For a JSON line: decoding and validating in one pass."""
        if self.decoder is None:
            return False
        try:
            record = self.decoder.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return False
        return self._consistent(record)

    def accepts_object(self, obj: Any) -> bool:
        """For an already parsed record (JSON arrays, predictions embedded in tasks, the API)."""
        if self.decoder is None:
            return False
        try:
            record = msgspec.convert(obj, self.record)
        except msgspec.ValidationError:
            return False
        return self._consistent(record)

    def _consistent(self, record: Any) -> bool:
        """The cross-field checks the types cannot express (the hot loop of valid files)."""
        seen: set[tuple[str, str]] = set()
        kinds = self.kinds
        wants_answers = (
            self.kind == "annotations" and bool(self.required) and record.was_cancelled is not True
        )
        answered: set[str] = set()
        for r in record.result:
            name, check = kinds[type(r)]
            if wants_answers:
                answered.add(name)
            if r.id is not None:
                key = (name, str(r.id))
                if key in seen:
                    return False
                seen.add(key)
            if check:
                v = r.value
                if check == _BOX:
                    rotation = v.rotation if v.rotation is not msgspec.UNSET else 0
                    if not (rotation and rotation % 360) and (
                        v.x + v.width > 100 + TOLERANCE or v.y + v.height > 100 + TOLERANCE
                    ):
                        return False
                elif type(v.start) is not str and type(v.end) is not str and v.start > v.end:
                    return False
        return not wants_answers or self.required <= answered
