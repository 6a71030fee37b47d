"""A fast, sound shortcut for valid records: decode and validate in one pass with msgspec.

Most lines of a prediction file are valid. For those, msgspec decodes the JSON straight into typed
structs derived from the payload model (field kinds as msgspec types with their bounds, labels as
Literal, exact value keys), and each constraint's shortcut reading runs on the decoded struct.

Sound by construction: a control enters the shortcut only when every piece of its model has a
shortcut reading (`kinds.msgspec_type`, `constraints.READERS[...].fast`); anything else (per-region
answers, Repeater copies, nested choices, several value shapes) always takes the complete checker,
which says what is wrong. A property test holds the two paths to this contract.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Final, Literal, Union

import msgspec

from ..tags.model import Field, ValueShape
from ..view import Config
from . import kinds
from .constraints import NEEDS_TASK, READERS, Expr, Fast
from .context import Kind
from .model import ControlModel, ResultModel
from .results import RegionIds, unanswered

# A field that no JSON value satisfies: its key must be absent for the shortcut to apply.
Absent = Literal["\x00absent"]
_SCORE: Final = Union[Annotated[float, msgspec.Meta(ge=0, le=1)], None]  # noqa: UP007
_INDEX: Final = Union[Annotated[int, msgspec.Meta(ge=0)], None]  # noqa: UP007
_POSITIVE: Final = Annotated[int, msgspec.Meta(gt=0)]
# The keys of a record that say who made it and when; `Record` structs carry them unchecked.
META: Final = ("id", "created_at", "updated_at", "completed_by", "skipped", "model_version")


class _Unsupported(Exception):
    """A piece of the model without a shortcut reading: the control takes the complete path."""


class _Compiler:
    """Builds the structs and post checks of one control's value shape."""

    def __init__(self, c: ControlModel, prefix: str) -> None:
        self.c = c
        self.prefix = prefix
        self.count = 0
        self.reads_task = False

    def shape(
        self, shape: ValueShape, overrides: dict[str, Any] | None = None
    ) -> tuple[Any, list[Fast | Expr]]:
        posts: list[Fast | Expr] = []
        overrides = dict(overrides or {})
        for constraint in shape.constraints:
            reader = READERS[type(constraint)]
            fast = reader.fast(constraint, self.c, shape)
            if fast is None:
                raise _Unsupported(type(constraint).__name__)
            if fast == NEEDS_TASK:
                self.reads_task = True
            else:
                posts.append(fast)
            overrides.update(reader.types(constraint, self.c))
        spec: list[tuple[Any, ...]] = []
        for f in shape.fields:
            typ = overrides.get(f.key) or self.field(f, posts)
            if f.required:
                spec.append((f.key, typ))
            else:
                spec.append((f.key, Union[typ, msgspec.UnsetType], msgspec.UNSET))  # noqa: UP007
        self.count += 1
        struct = msgspec.defstruct(
            f"{self.prefix}V{self.count}", spec, forbid_unknown_fields=not shape.open, kw_only=True
        )
        return struct, posts

    def field(self, f: Field, posts: list[Fast | Expr]) -> Any:
        item = self.labels(f, posts) if f.holds_labels else None
        nested_posts: list[Fast | Expr] = []

        def struct(inner: Field) -> Any:
            assert inner.items is not None
            typ, more = self.shape(inner.items)
            nested_posts.extend(more)
            return typ

        typ = kinds.msgspec_type(f, item, struct)
        if typ is None:
            raise _Unsupported(f.key)
        if nested_posts:
            posts.append(_each(f.key, nested_posts))
        if f.holds_labels:
            meta = msgspec.Meta(
                min_length=None if self.c.allow_empty else 1, max_length=1 if self.c.single else None
            )
            typ = Annotated[typ, meta]
        return typ

    def labels(self, f: Field, posts: list[Fast | Expr]) -> Any:
        """The type of one label (the innermost string of the labels field)."""
        c = self.c
        if c.dynamic:
            return str
        if not c.labels:
            return Absent  # no declared labels: any label is an error
        if c.type == "taxonomy":
            paths, inner, leaves_only = c.paths, c.inner_paths, c.leaves_only
            posts.append(
                lambda v: all(
                    (p := tuple(x)) in paths and not (leaves_only and p in inner) for x in getattr(v, f.key)
                )
            )
        return Literal[c.label_order]


def _joined(posts: list[Fast | Expr]) -> Fast | None:
    """One post check for a struct: its expressions compiled into one function, then its callables."""
    if not posts:
        return None
    terms: list[str] = []
    scope: dict[str, Any] = {"UNSET": msgspec.UNSET}
    for i, post in enumerate(posts):
        if isinstance(post, Expr):
            terms.append(f"({post})")
        else:
            scope[f"_check{i}"] = post
            terms.append(f"_check{i}(v)")
    # The expressions are built from registry field names only (`Expr.of`), never from payload data.
    return eval(f"lambda v: bool({' and '.join(terms)})", scope)


def _each(key: str, posts: list[Fast | Expr]) -> Fast:
    """Run the post checks of a nested shape on the object (or every object of the list) at `key`."""
    check = _joined(posts)
    assert check is not None

    def ok(v: Any) -> bool:
        inner = getattr(v, key)
        if inner is msgspec.UNSET:
            return True
        return all(map(check, inner if type(inner) is list else [inner]))

    return ok


def _result_struct(c: ControlModel, index: int) -> tuple[Any, list[Fast | Expr], bool] | None:
    """The struct of one control's results, its post checks and whether it reads the task."""
    shape = c.only_shape
    if shape is None or c.per_region or c.repeats_region or c.flags or c.nested:
        return None
    compiler = _Compiler(c, f"R{index}")
    try:
        value, posts = compiler.shape(shape)
    except _Unsupported:
        return None
    spec: list[tuple[Any, ...]] = [
        ("to_name", Literal[tuple(c.targets)]),
        ("type", Literal[c.type]),
        ("value", value),
    ]
    if c.image:
        spec += [("original_width", _POSITIVE), ("original_height", _POSITIVE)]
    spec += [
        ("id", Union[str, int, None], None),  # noqa: UP007
        ("score", _SCORE, None),
        ("item_index", _INDEX, None),
        ("parentID", Union[Absent, None], None),  # noqa: UP007 - parents are checked on the complete path
    ]
    struct = msgspec.defstruct(f"R{index}", spec, tag_field="from_name", tag=c.name, kw_only=True)
    return struct, posts, compiler.reads_task


# A member no result can match: with it the results are always a tagged union, so `from_name` is
# required even when one control takes the shortcut (msgspec does not require the tag of a lone struct).
_NoControl = msgspec.defstruct("NoControl", [], tag_field="from_name", tag="\x00none")


class FastPath:
    """`accepts(line)` is True only when the complete checker would report nothing for the record."""

    def __init__(self, cfg: Config, model: ResultModel, kind: Kind) -> None:
        self.kind = kind
        self.checks: dict[type, tuple[str, list[Fast | Expr]]] = {}  # struct -> (control, post checks)
        self.reads_task = False
        members = []
        for i, (name, c) in enumerate(model.controls.items()):
            built = _result_struct(c, i)
            if built is None:
                continue
            struct, posts, reads_task = built
            members.append(struct)
            self.checks[struct] = (name, posts)
            self.reads_task = self.reads_task or reads_task
        self.decoder: msgspec.json.Decoder[Any] | None = None
        self.record: Any = None
        self.consistent: Callable[[Any], bool] = lambda record: False
        if not members:
            return
        record = msgspec.defstruct(
            "Record",
            [
                # With one member, _NoControl keeps it a tagged union, so `from_name` stays required.
                ("result", list[Union[tuple(members if len(members) > 1 else [*members, _NoControl])]]),  # type: ignore[misc]  # noqa: UP007
                ("score", _SCORE, None),
                ("was_cancelled", Any, None),
                ("data", Union[Absent, msgspec.UnsetType], msgspec.UNSET),  # noqa: UP007 - a task, not a prediction
                # Not checked; kept for readers that choose between records (exports: the newest).
                *((key, Any, None) for key in META),
            ],
            kw_only=True,
        )
        self.record = record
        self.decoder = msgspec.json.Decoder(record)
        self.consistent = _record_loop(self.checks, model.controls, self.kind == "annotations")

    def accepts(self, raw: bytes) -> bool:
        """For a JSON line: decoding and validating in one pass."""
        if self.decoder is None:
            return False
        try:
            record = self.decoder.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return False
        return self.consistent(record)

    def accepts_object(self, obj: Any) -> bool:
        """For an already parsed record (JSON arrays, predictions embedded in tasks, the API)."""
        if self.decoder is None:
            return False
        try:
            record = msgspec.convert(obj, self.record)
        except msgspec.ValidationError:
            return False
        return self.consistent(record)


def _record_loop(
    checks: dict[type, tuple[str, list[Fast | Expr]]], controls: Mapping[str, ControlModel], annotations: bool
) -> Callable[[Any], bool]:
    """What the decoder cannot check alone, per record: each result's post checks, its region id
    unique for its control, and (annotations) every required control answered, through the complete
    checker's own `RegionIds` and `unanswered`. A result of no known struct (the union's sentinel) is
    refused."""
    posts = {struct: (name, _joined(p)) for struct, (name, p) in checks.items()}

    def consistent(record: Any) -> bool:
        ids = RegionIds()
        answered = set()
        for i, r in enumerate(record.result):
            found = posts.get(type(r))
            if found is None:
                return False
            name, post = found
            if post is not None and not post(r.value):
                return False
            answered.add(name)
            if r.id is not None and ids.claim(name, str(r.id), i) is not None:
                return False
        # Without the choices, a required control hidden by `visibleWhen` counts as owed: the shortcut
        # then defers to the full checker, which decides visibility (sound either way).
        return not (annotations and record.was_cancelled is not True and unanswered(controls, answered))

    return consistent
