"""LC3xx: names and the references between tags (toName, whenTagName, sync)."""

from __future__ import annotations

from collections.abc import Iterator

from ..bind import Bound
from ..diagnostics import Diagnostic, Rule, Severity
from ..nodes import Attribute, Element
from ..suggest import did_you_mean
from ..tags import REGISTRY
from ..tags.model import ANY_OBJECT, Attr, Kind, T
from ._util import on_attr, show, split_list, tags

DUPLICATE_NAME = Rule(
    "LC301",
    "duplicate-name",
    Severity.ERROR,
    "Two tags share a `name`",
    "Results, `toName` and `whenTagName` find tags by name; Label Studio's server rejects a config whose "
    "names are not unique.",
    '<Text name="text" value="$a"/>\n<Text name="text" value="$b"/>',
    '<Text name="question" value="$a"/>\n<Text name="answer" value="$b"/>',
    "The backend's validate_label_config raises `Label config contains non-unique names` (S9): the "
    "project cannot be saved.",
    refused=True,
)

UNRESOLVED_REFERENCE = Rule(
    "LC302",
    "unresolved-reference",
    Severity.ERROR,
    "A reference names no tag",
    "`toName`, `whenTagName` and `sync` must name a tag of this config. A misspelt `toName` makes the "
    "server reject the config; a misspelt `whenTagName` silently hides the element forever.",
    '<Text name="text" value="$text"/>\n<Choices name="c" toName="txt">...</Choices>',
    '<Text name="text" value="$text"/>\n<Choices name="c" toName="text">...</Choices>',
    'The backend refuses a `toName` part that names no tag (`toName="x" not found in names`, S10) '
    "and the editor reports ERR_TAG_NOT_FOUND; a `whenTagName` or `sync` that names nothing is not "
    "checked, and the element it guards never shows.",
    refused=True,
)

WRONG_TARGET = Rule(
    "LC303",
    "invalid-reference-target",
    Severity.ERROR,
    "A reference names a tag of the wrong kind",
    "A control labels an object tag of the kinds it supports: `<RectangleLabels>` draws on an "
    "`<Image>`, never on a `<Text>`; `toName` never names another control.",
    '<Text name="text" value="$text"/>\n<RectangleLabels name="box" toName="text">...</RectangleLabels>',
    '<Image name="img" value="$image"/>\n<RectangleLabels name="box" toName="img">...</RectangleLabels>',
    "The editor's ConfigValidator checks `toName` against the control's controlledTags and reports "
    "ERR_TAG_UNSUPPORTED; the error list replaces the labeling UI (ConfigValidator.js "
    "validateToNameTag, App.jsx), so the project cannot be labeled.",
    refused=True,
)

UNUSUAL_TARGET = Rule(
    "LC304",
    "unusual-reference-target",
    Severity.WARNING,
    "A control points at an object it does not normally label",
    "The editor does not refuse these pairs, but the control makes no regions there: a generic "
    "`<Labels>` on `<Paragraphs>` (use `<ParagraphLabels>`), a `<Rectangle>` on a `<Video>`.",
    '<Paragraphs name="dlg" value="$dialogue"/>\n<Labels name="l" toName="dlg">...</Labels>',
    '<Paragraphs name="dlg" value="$dialogue"/>\n'
    '<ParagraphLabels name="l" toName="dlg">...</ParagraphLabels>',
    "The control declares no controlledTags restriction for this object, so the editor and the "
    "backend accept the pair and the config loads; the control simply offers no tool on that object "
    "(inferred, not traced in the source).",
)

DUPLICATE_REFERENCE = Rule(
    "LC305",
    "duplicate-reference",
    Severity.ERROR,
    "A reference list names the same tag twice",
    "Repeating a name in `toName` usually hides a typo for another name, and a `<Pairwise>` that "
    "compares an object with itself does not work.",
    '<Pairwise name="p" toName="a,a"/>',
    '<Pairwise name="p" toName="a,b"/>',
    "A Pairwise naming the same object twice shows `Incorrect toName parameter on Pairwise` and "
    "cannot compare anything (ED tags/control/Pairwise.js:133); on any other control the repeated "
    "name is a comma list, whose results are lost (behaviour notes §1.1).",
)

TARGET_COUNT = Rule(
    "LC306",
    "wrong-target-count",
    Severity.ERROR,
    "A control names the wrong number of objects",
    "`<Pairwise>` compares exactly two objects; other controls label one object and Label Studio's "
    "results carry a single `to_name`.",
    '<Pairwise name="p" toName="left"/>',
    '<Pairwise name="p" toName="left,right"/>',
    "Only Pairwise reads several names and it needs exactly two (ED Pairwise.js:133 refuses "
    "others); any other control keeps `a,b` as one opaque name, creating a result throws and the "
    "answer is lost (verified, behaviour notes §1.1; label-studio#5651, #4699).",
)

REPEATER_NAME = Rule(
    "LC307",
    "repeater-name-without-index",
    Severity.ERROR,
    "A named tag inside `<Repeater>` whose name does not vary per item",
    "Repeater copies its children once per item; a name without the index placeholder (`{{idx}}`) is "
    "then declared once per item, so the copies' results collide under one name.",
    '<Repeater on="$images"><Image name="img" value="$images[{{idx}}].url"/></Repeater>',
    '<Repeater on="$images"><Image name="img_{{idx}}" value="$images[{{idx}}].url"/></Repeater>',
    "The backend's name check sees the name once and accepts it, but every copy the editor's "
    "Repeater makes carries the same name, so the copies' results share one from_name and cannot be "
    "told apart or restored per item (inferred, not traced in the source).",
)

# One attribute listing thousands of unknown names gets its first findings and one summary.
MAX_REPORTED = 20

RULES = (
    DUPLICATE_NAME,
    UNRESOLVED_REFERENCE,
    WRONG_TARGET,
    UNUSUAL_TARGET,
    DUPLICATE_REFERENCE,
    TARGET_COUNT,
    REPEATER_NAME,
)


def unique_names(cfg: Bound) -> Iterator[Diagnostic]:
    for name, elements in cfg.names.items():
        first = elements[0]
        for dup in elements[1:]:
            a = dup.get("name")
            assert a is not None
            line = first.span.start.line if first.span is not None else 0
            yield on_attr(
                DUPLICATE_NAME,
                a,
                f'name "{name}" is already used by {show(first)} on line {line}',
                help="every `name` in a config must be unique; rename one of them",
            )


def references(cfg: Bound) -> Iterator[Diagnostic]:
    names = list(cfg.names)
    for el, spec, a, declared in cfg.attributes():
        if declared is None or not declared.is_reference:
            continue
        # Label Studio splits every toName on commas; other references name a single tag.
        listed = declared.name == "toName" or declared.type is T.TAGREF_LIST
        parts = split_list(a.value) if listed else [a.value]
        seen: set[str] = set()
        resolved: list[Element] = []
        unresolved = 0
        for part in parts:
            if part in seen:
                yield on_attr(
                    DUPLICATE_REFERENCE,
                    a,
                    f"`{declared.name}` names `{part}` twice",
                    help="remove the repeated name",
                )
                continue
            seen.add(part)
            target = cfg.named(part)
            if target is None:
                unresolved += 1
                if unresolved <= MAX_REPORTED:
                    yield _unresolved(cfg, el, a, declared, part, names)
                continue
            resolved.append(target)
            yield from _target_kind(el, a, declared, target)
        if unresolved > MAX_REPORTED:
            yield on_attr(
                UNRESOLVED_REFERENCE,
                a,
                f"`{declared.name}` names {unresolved - MAX_REPORTED} more tags that do not exist",
                help="the first ones are reported above; the list is probably not a list of tag names",
            )
        if declared.name == "toName" and spec.result is not None and resolved:
            named = sum(1 for p in parts if p.strip())
            yield from _target_count(el, a, named, spec.result.multiple_to_name)


def _unresolved(
    cfg: Bound, el: Element, a: Attribute, declared: Attr, part: str, names: list[str]
) -> Diagnostic:
    if not part.strip():
        return on_attr(
            UNRESOLVED_REFERENCE,
            a,
            f"`{declared.name}` on {show(el)} has an empty entry",
            help="list tag names separated by commas, without empty entries",
        )
    if part.strip() != part and cfg.named(part.strip()) is not None:
        return on_attr(
            UNRESOLVED_REFERENCE,
            a,
            f"`{declared.name}` entry `{part}` has surrounding spaces; Label Studio does not trim them",
            help="remove the spaces around the commas",
            suggestion=a.value.replace(part, part.strip()),
        )
    candidates = [n for n in names if _allowed(declared, cfg.named(n))] or names
    help, best = did_you_mean(part, candidates)
    if best is None and len(candidates) == 1 and declared.refers:
        best = candidates[0]
        help = f"the only tag it can name is `{best}`"
    return on_attr(
        UNRESOLVED_REFERENCE,
        a,
        f'`{declared.name}="{part}"` on {show(el)} names no tag',
        help=help or f'define a tag with name="{part}", or name an existing one',
        suggestion=best,
    )


def _allowed(declared: Attr, target: Element | None) -> bool:
    if target is None or target.spec is None:
        return False
    refers = declared.refers
    if not refers:
        return True
    return target.spec.name in refers or target.spec.kind.value in refers


def _target_kind(el: Element, a: Attribute, declared: Attr, target: Element) -> Iterator[Diagnostic]:
    if _allowed(declared, target) or target.spec is None:
        return
    spec = el.spec
    assert spec is not None
    refers = declared.refers
    wanted = "an object tag" if refers == (ANY_OBJECT,) else tags(r for r in refers)
    result = spec.result if declared.name == "toName" else None
    enforced = result is None or result.enforced or target.spec.kind is not Kind.OBJECT
    if declared.name != "toName":
        message = f"`{declared.name}` on {show(el)} names {show(target)}, but must name {wanted}"
    elif enforced:
        message = f"{show(el)} cannot label {show(target)}: `toName` must name {wanted}"
    else:
        message = f"{show(el)} makes no regions on {show(target)}; it is meant for {wanted}"
    yield on_attr(
        WRONG_TARGET if enforced else UNUSUAL_TARGET,
        a,
        message,
        help=_better_tag(spec.name, target.spec.name) or f"point it at {wanted}",
    )


def _better_tag(control: str, target: str) -> str:
    """For a labeling control on the wrong object, the labeling control made for that object."""
    if not control.endswith("Labels"):
        return ""
    for spec in REGISTRY.values():
        r = spec.result
        if r is not None and r.type is not None and target in r.targets and spec.name.endswith("Labels"):
            return f"to label a `<{target}>`, use `<{spec.name}>`"
    return ""


def _target_count(el: Element, a: Attribute, count: int, multiple: bool) -> Iterator[Diagnostic]:
    if multiple and count != 2:
        yield on_attr(
            TARGET_COUNT,
            a,
            f"{show(el)} compares two objects; `toName` names {count}",
            help='name exactly two objects: toName="left,right"',
        )
    elif not multiple and count > 1:
        yield on_attr(
            TARGET_COUNT,
            a,
            f"{show(el)} labels one object; `toName` names {count}",
            help="results carry a single `to_name`; use one control per object",
        )


def repeater_names(cfg: Bound) -> Iterator[Diagnostic]:
    for placed in cfg.placed:
        el = placed.element
        repeaters = [x for x in placed.ancestors if x.spec is not None and x.spec.name == "Repeater"]
        name = el.get("name")
        # Option names (Bucket) are keys inside their control's result, not tag names of the page.
        if not repeaters or name is None or el.spec is None or el.spec.kind is Kind.LABEL:
            continue
        flag = repeaters[-1].setting("indexFlag") or ""
        if flag not in name.value:
            yield on_attr(
                REPEATER_NAME,
                name,
                f'name "{name.value}" inside `<Repeater>` is the same for every item',
                help=f'include the index placeholder, e.g. name="{name.value}_{flag}"',
                suggestion=f"{name.value}_{flag}",
            )


CHECKS = (unique_names, references, repeater_names)
