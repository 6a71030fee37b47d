"""LC2xx: attributes, their spelling, types, enums, ranges and required-ness."""

from __future__ import annotations

from collections.abc import Iterator

from ..bind import Bound, Placed
from ..diagnostics import Diagnostic, Rule, Severity
from ..nodes import Element
from ..suggest import closest, did_you_mean
from ..tags.common import ML_BACKEND_PREFIXES, ml_backend_attr, ml_backend_attrs
from ..tags.model import Kind, Need, T, Text
from ..tags.types import expected, numeric, type_problem
from ._util import on, on_attr, show

UNKNOWN_ATTRIBUTE = Rule(
    "LC201",
    "unknown-attribute",
    Severity.WARNING,
    "An attribute the tag does not have",
    "Label Studio silently ignores attributes it does not know, so a typo (`zooom`, `toname=` on the "
    "wrong tag, `maxUsage`) just has no effect.",
    '<Image name="img" value="$image" zooom="true"/>',
    '<Image name="img" value="$image" zoom="true"/>',
    "The editor's MST models ignore attributes they do not declare (ConfigValidator "
    "validateAttributes checks declared ones only) and the backend never reads them: the config "
    "loads and the attribute has no effect.",
)

ATTRIBUTE_CASE = Rule(
    "LC202",
    "attribute-case",
    Severity.WARNING,
    "An attribute the server reads with exact case is spelled differently",
    "The editor lower-cases attribute names, but the server and the SDK read `name`, `toName`, `value`, "
    "`valueType`, `perRegion`, `when*` exactly: `toname=` labels fine and then breaks validation, "
    "exports and ML backends.",
    '<Choices name="c" toname="text">...</Choices>',
    '<Choices name="c" toName="text">...</Choices>',
    "The editor lower-cases attribute names (ED core/Tree.tsx attrsToProps) and labels normally; "
    "the backend's regex checks and the SDK read `name`, `toName`, `value` with exact case, so they "
    "skip the tag (no toName check; SDK prediction validation and converters do not see the "
    "control).",
)

ATTRIBUTE_STYLE = Rule(
    "LC203",
    "attribute-spelling",
    Severity.INFO,
    "An attribute spelled differently from its documentation",
    "The editor matches attribute names case-insensitively, so this works; the documented spelling "
    "keeps configs searchable and consistent.",
    '<Choices name="c" toName="t" showInLine="true">',
    '<Choices name="c" toName="t" showInline="true">',
    "The editor matches attribute names case-insensitively (ED core/Tree.tsx attrsToProps "
    "lower-cases them) and the backend does not read these attributes: it works as written.",
)

INVALID_VALUE = Rule(
    "LC204",
    "invalid-attribute-value",
    Severity.ERROR,
    "An attribute value of the wrong type",
    "The editor type-checks known attributes: a boolean that is not exactly `true`/`false`, a number "
    "that is not a number, a colour the browser cannot parse. The config fails to load, or the "
    "setting silently falls back to its default.",
    '<Rating name="r" toName="t" maxRating="five"/>',
    '<Rating name="r" toName="t" maxRating="5"/>',
    "The editor's ConfigValidator checks declared attributes against their MST types: a boolean "
    "that is not exactly true/false (attrsToProps converts only those) or a colour the browser "
    "cannot parse (core/CustomTypes.ts) gives ERR_BAD_TYPE and the error list replaces the labeling "
    "UI, so the project cannot be labeled; numbers the editor keeps as strings become NaN and leave "
    "the control unusable (inferred, not traced in the source).",
    refused=True,
)

INVALID_ENUM = Rule(
    "LC205",
    "invalid-enum-value",
    Severity.ERROR,
    "An attribute value outside its allowed set",
    "Enumerated attributes accept only their listed values (case-sensitive); anything else is rejected "
    "by the editor or silently ignored.",
    '<Choices name="c" toName="t" choice="multi">',
    '<Choices name="c" toName="t" choice="multiple">',
    "Enumerated attributes are MST enumerations in the editor (e.g. Choices `choice`: single, "
    "single-radio, multiple); another value fails ConfigValidator with ERR_BAD_TYPE and the error "
    "list replaces the labeling UI (ConfigValidator.js validateAttributes, App.jsx), so the project "
    "cannot be labeled.",
    refused=True,
)

OUT_OF_RANGE = Rule(
    "LC206",
    "value-out-of-range",
    Severity.ERROR,
    "A numeric attribute outside its range",
    "Opacities are 0 to 1, playback speeds 0.05 to 10; values outside are rejected or clamped.",
    '<RectangleLabels name="b" toName="img" opacity="60">',
    '<RectangleLabels name="b" toName="img" opacity="0.6">',
    "Opacities are `customTypes.range()` in the editor (ED core/CustomTypes.ts), so a value outside "
    "0..1 fails ConfigValidator (ERR_BAD_TYPE) and the labeling UI is not shown; the backend "
    "refuses Video playback speeds outside 0.05..10 (SDK VideoTag.validate_config, S11).",
    refused=True,
)

MISSING_REQUIRED = Rule(
    "LC207",
    "missing-required-attribute",
    Severity.ERROR,
    "A required attribute is missing or empty",
    "Without `name` nothing can refer to a tag, without `toName` a control labels nothing, without "
    "`value` an object shows nothing and an option has no label. Label Studio rejects most of these; "
    "the rest fail while labeling.",
    '<Choices name="sentiment">\n  <Choice value="Positive"/>\n</Choices>',
    '<Choices name="sentiment" toName="text">\n  <Choice value="Positive"/>\n</Choices>',
    "The backend's schema refuses Choices, Labels, TextArea and Number without `name` or `toName`, "
    "Label/Choice without `value`, Image/Text/HyperText without `name` and `value` (S4-S8), and the "
    "editor refuses a missing `name` (ERR_REQUIRED); the other cases load but cannot show or record "
    "anything.",
    refused=True,
)

MISSING_EXPECTED = Rule(
    "LC208",
    "missing-expected-attribute",
    Severity.ERROR,
    "An attribute Label Studio does not insist on, but results need",
    "Label Studio accepts a `<Rating>` (or `<DateTime>`, `<Taxonomy>`) without `toName`, then drops or "
    "mis-files its answers (label-studio#4688).",
    '<Rating name="quality" maxRating="5"/>',
    '<Rating name="quality" toName="text" maxRating="5"/>',
    "The backend accepts a Rating, DateTime or Taxonomy without `toName` (its schema does not cover "
    "them), but the editor cannot attach the answer to an object and silently discards it "
    "(label-studio#4688). Reported only where the editor cannot infer the object (more than one, or "
    "none, precedes the control); otherwise LC210.",
)

INFERRED_TO_NAME = Rule(
    "LC210",
    "inferred-to-name",
    Severity.WARNING,
    "A control without `toName` that the editor attaches to the only object before it",
    "The editor fills in a missing `toName` when exactly one object precedes the control, so the "
    "answers are recorded; label-studio-sdk and ML backends see a control with no target and refuse "
    "predictions for it, and adding a second object later silently breaks it.",
    '<Text name="text" value="$text"/>\n<Rating name="quality" maxRating="5"/>',
    '<Text name="text" value="$text"/>\n<Rating name="quality" toName="text" maxRating="5"/>',
    "The editor infers `toName` for a control when exactly one object tag precedes it "
    "(stores/Annotation/store.js initRoot: `if (isControlTag && !node.toname && objects.length === 1) "
    "node.toname = objects[0]`), so the config works as written: a warning, not an error.",
)

EMPTY_OBJECT_VALUE = Rule(
    "LC211",
    "empty-object-value",
    Severity.WARNING,
    "An object whose `value` is empty",
    'An object with `value=""` reads no task field and shows nothing. People use `<Text value=""/>` as '
    "a spacer on purpose; elsewhere it is usually a forgotten `$field`.",
    '<Text name="text" value=""/>',
    '<Text name="text" value="$text"/>',
    "The backend's schema asks only that Image, Text and HyperText carry a `value` attribute, so "
    '`value=""` passes it (C36), and the editor loads the config and shows an empty object; controls '
    "that classify the task still record their answers: it works as written.",
)

CONFLICTING = Rule(
    "LC209",
    "conflicting-attributes",
    Severity.ERROR,
    "Attributes that contradict each other",
    "Some combinations cannot work: `perRegion` with `perItem` (the editor refuses it), a minimum above "
    "the maximum, a minimum playback speed above the default one.",
    '<Number name="n" toName="t" min="10" max="1"/>',
    '<Number name="n" toName="t" min="1" max="10"/>',
    "The editor refuses `perRegion` with `perItem` (ConfigValidator validatePerRegion; the error "
    "list replaces the labeling UI) and the backend refuses minPlaybackSpeed above "
    "defaultPlaybackSpeed (SDK VideoTag.validate_config, S11); a Number with min above max cannot "
    "accept any value (inferred, not traced in the source).",
    refused=True,
)

RULES = (
    UNKNOWN_ATTRIBUTE,
    ATTRIBUTE_CASE,
    ATTRIBUTE_STYLE,
    INVALID_VALUE,
    INVALID_ENUM,
    OUT_OF_RANGE,
    MISSING_REQUIRED,
    MISSING_EXPECTED,
    CONFLICTING,
    INFERRED_TO_NAME,
    EMPTY_OBJECT_VALUE,
)


def attribute_values(cfg: Bound) -> Iterator[Diagnostic]:
    for _el, spec, a, declared in cfg.attributes():
        if declared is None:
            reason = _ignored_reason(spec.ignored, a.name)
            if reason is not None:
                yield on_attr(
                    UNKNOWN_ATTRIBUTE,
                    a,
                    f"`{a.name}` has no effect on `<{spec.name}>`",
                    help=reason,
                    whole=True,
                )
            elif ml_backend_attr(spec.kind, a.name) is not None or _own_backend_setting(spec.kind, a.name):
                continue
            else:
                known = [x.name for x in spec.attrs] + [x.name for x in ml_backend_attrs(spec.kind)]
                help, best = did_you_mean(a.name, known)
                yield on_attr(
                    UNKNOWN_ATTRIBUTE,
                    a,
                    f"unknown attribute `{a.name}` on `<{spec.name}>`",
                    help=help or "Label Studio ignores it",
                    suggestion=best,
                    whole=True,
                )
            continue
        if a.name != declared.name:
            rule = ATTRIBUTE_CASE if declared.exact_case else ATTRIBUTE_STYLE
            why = (
                "the editor accepts it, but the server and the SDK read the exact spelling"
                if declared.exact_case
                else "any case works in the editor; this is the documented spelling"
            )
            yield on_attr(
                rule,
                a,
                f"`{a.name}` should be spelled `{declared.name}`",
                help=why,
                suggestion=declared.name,
                whole=True,
            )
        problem = type_problem(declared, a.value)
        if problem is not None:
            yield on_attr(
                INVALID_VALUE,
                a,
                f'`{declared.name}="{a.value}"` {problem}',
                help=f"`{declared.name}` takes {expected(declared)}",
                suggestion=a.value.strip().lower()
                if declared.type is T.BOOLEAN and a.value.strip().lower() in ("true", "false")
                else None,
            )
            continue
        if declared.type is T.ENUM and a.value not in declared.values:
            best = closest(a.value, declared.values)
            allowed = ", ".join(f"`{v}`" for v in declared.values)
            yield on_attr(
                INVALID_ENUM,
                a,
                f'`{declared.name}="{a.value}"` is not one of {allowed}',
                help=f"did you mean `{best}`?" if best else f"use one of {allowed}",
                suggestion=best,
            )
            continue
        if declared.min is not None or declared.max is not None:
            number = numeric(a.value)
            if number is not None and (
                (declared.min is not None and number < declared.min)
                or (declared.max is not None and number > declared.max)
            ):
                yield on_attr(
                    OUT_OF_RANGE,
                    a,
                    f"`{declared.name}={a.value}` is outside {_fmt(declared.min)}..{_fmt(declared.max)}",
                    help=f"use a value from {_fmt(declared.min)} to {_fmt(declared.max)}",
                )


def required_attributes(cfg: Bound) -> Iterator[Diagnostic]:
    objects_before = 0  # the editor infers a missing toName from the objects met so far
    for placed in cfg.placed:
        el = placed.element
        spec = el.spec
        if spec is None:
            continue
        if spec.kind is Kind.OBJECT:
            objects_before += 1
        satisfied_groups = [g for g in spec.one_of if any(_present(el, n) for n in g)]
        for declared in spec.attrs:
            if declared.need is Need.OPTIONAL:
                continue
            if any(declared.name in g for g in satisfied_groups):
                continue
            if declared.name == "value" and _content_stands_in(el):
                continue
            if declared.name == "name" and spec.name == "HyperText" and _inside_control(placed):
                continue  # HyperText used as markup inside Labels/Choices needs no name
            present = el.get(declared.name)
            if present is not None and present.value.strip():
                continue
            alternatives = [g for g in spec.one_of if declared.name in g]
            what = " or ".join(f"`{n}`" for n in alternatives[0]) if alternatives else f"`{declared.name}`"
            state = "is empty" if present is not None else "is missing"
            if declared.need is Need.EXPECTED and declared.name == "toName" and objects_before == 1:
                yield on(
                    INFERRED_TO_NAME,
                    el,
                    f"{show(el)} has no `toName`; the editor attaches it to the only object before it",
                    help=_hint(cfg, el, declared.name),
                )
            elif declared.need is Need.EXPECTED:
                yield on(
                    MISSING_EXPECTED,
                    el,
                    f"{show(el)} has no `{declared.name}`: Label Studio accepts this but drops its results",
                    help=_hint(cfg, el, declared.name),
                )
            elif present is not None and declared.name == "value" and spec.kind is Kind.OBJECT:
                yield on_attr(
                    EMPTY_OBJECT_VALUE,
                    present,
                    f"`value` on {show(el)} is empty: it shows nothing",
                    help='point it at a task field (value="$field"), or keep it as a spacer',
                )
            elif present is not None:
                yield on_attr(
                    MISSING_REQUIRED,
                    present,
                    f"`{declared.name}` on {show(el)} {state}",
                    help=_hint(cfg, el, declared.name),
                )
            else:
                yield on(MISSING_REQUIRED, el, f"{show(el)} needs {what}", help=_hint(cfg, el, declared.name))


# (tag, low attribute, high attribute): low must not exceed high.
_ORDERED = (
    ("Number", "min", "max"),
    ("Number", "min", "defaultValue"),
    ("Number", "defaultValue", "max"),
    ("Rating", "defaultValue", "maxRating"),
    ("Video", "minPlaybackSpeed", "defaultPlaybackSpeed"),
    ("Vector", "minPoints", "maxPoints"),
    ("VectorLabels", "minPoints", "maxPoints"),
    ("Chat", "minMessages", "maxMessages"),
)


def conflicts(cfg: Bound) -> Iterator[Diagnostic]:
    for el in cfg.elements():
        spec = el.spec
        if spec is None:
            continue
        if el.value("perRegion") == "true" and el.value("perItem") == "true":
            a = el.get("perItem")
            assert a is not None
            yield on_attr(
                CONFLICTING,
                a,
                "`perRegion` and `perItem` cannot both be `true`",
                help="answer per region or per page, not both",
                whole=True,
            )
        for tag, low, high in _ORDERED:
            if spec.name != tag:
                continue
            lo, hi = el.value(low), el.value(high)
            lo_n = numeric(lo) if lo is not None else None
            hi_n = numeric(hi) if hi is not None else None
            if lo_n is not None and hi_n is not None and lo_n > hi_n:
                a = el.get(low)
                assert a is not None
                yield on_attr(
                    CONFLICTING,
                    a,
                    f"`{low}={lo}` is greater than `{high}={hi}`",
                    help=f"`{low}` must not exceed `{high}`",
                )


def _content_stands_in(el: Element) -> bool:
    """Header/Markdown text, or HyperText markup, can take the place of the `value` attribute."""
    spec = el.spec
    if spec is None:
        return False
    if spec.text is Text.OPTIONAL:
        return bool(el.text)
    if spec.text is Text.HTML:
        return bool(el.text) or any(c.markup for c in el.children)
    return False


def _own_backend_setting(kind: Kind, name: str) -> bool:
    """A `model_*`-style name an ML backend may define for itself; a near miss of a documented one
    (`model_score_treshold`) is a typo the backend silently ignores, so it is still reported."""
    if kind not in (Kind.CONTROL, Kind.LABEL) or not name.lower().startswith(ML_BACKEND_PREFIXES):
        return False
    return closest(name, tuple(x.name for x in ml_backend_attrs(kind)), cutoff=0.85) is None


def _present(el: Element, name: str) -> bool:
    a = el.get(name)
    return a is not None and bool(a.value.strip())


def _inside_control(placed: Placed) -> bool:
    return any(a.spec is not None and a.spec.kind is Kind.CONTROL for a in placed.ancestors)


def _ignored_reason(ignored: object, name: str) -> str | None:
    for key, reason in ignored.items():  # type: ignore[attr-defined]
        if key.lower() == name.lower():
            return str(reason)
    return None


def _hint(cfg: Bound, el: Element, attribute: str) -> str:
    if attribute == "toName" and el.spec is not None and el.spec.result is not None:
        objects = [
            n for n, els in cfg.names.items() if els[0].spec is not None and els[0].spec.kind is Kind.OBJECT
        ]
        if objects:
            return f'name the object it labels, e.g. toName="{objects[0]}"'
        return "add an object tag (Text, Image ...) and name it in `toName`"
    if attribute == "value" and el.spec is not None and el.spec.kind is Kind.LABEL:
        return f'write the option text in `value`: `<{el.spec.name} value="..."/>`'
    if attribute == "value" and el.spec is not None and el.spec.kind is Kind.OBJECT:
        return 'point it at a task field: value="$field"'
    if attribute == "name":
        return "give the tag a unique `name`"
    return f'add `{attribute}="..."`'


def _fmt(x: float | None) -> str:
    if x is None:
        return "∞"
    return str(int(x)) if float(x).is_integer() else str(x)


CHECKS = (attribute_values, required_attributes, conflicts)
