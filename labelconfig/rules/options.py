"""LC4xx: the options of a control (Label, Choice ...): present, distinct, reachable by hotkey."""

from __future__ import annotations

from collections.abc import Iterator

from ..bind import Bound
from ..diagnostics import Diagnostic, Rule, Severity
from ..nodes import Element
from ..tags.model import Kind
from ._util import on, on_attr, show, tags

MISSING_OPTIONS = Rule(
    "LC401",
    "missing-options",
    Severity.ERROR,
    "A control without any option to choose",
    "A `<Choices>` without `<Choice>` or a `<RectangleLabels>` without `<Label>` offers nothing to "
    "select; the server rejects the first, the editor shows an empty toolbar for the second.",
    '<Choices name="sentiment" toName="text"/>',
    '<Choices name="sentiment" toName="text">\n'
    '  <Choice value="Positive"/>\n  <Choice value="Negative"/>\n</Choices>',
    "The backend refuses a Choices or Labels without options (`'Choice' is a required property`, "
    "S4/S5); other controls (RectangleLabels, Taxonomy) load with nothing to pick and cannot record "
    "anything.",
    refused=True,
)

DUPLICATE_OPTION = Rule(
    "LC402",
    "duplicate-option",
    Severity.ERROR,
    "Two options of one control produce the same label",
    "Results store the label text (the alias when set), so two options with the same text cannot be told "
    "apart in annotations, predictions, exports or agreement.",
    '<Labels name="ner" toName="text">\n  <Label value="PER"/>\n  <Label value="PER"/>\n</Labels>',
    '<Labels name="ner" toName="text">\n  <Label value="PER"/>\n  <Label value="ORG"/>\n</Labels>',
    "Re-loading a single-choice Choices result selects every option with that value, so beforeSend "
    "reports too many selections and submit is blocked (ED Choices.jsx:192-232, "
    "AppStore.js:633-666); Labels restore only the first duplicate (SelectedModel.js findLabel); a "
    "Taxonomy duplicate's children are never shown (Taxonomy.jsx:131).",
)

DUPLICATE_HOTKEY = Rule(
    "LC403",
    "duplicate-hotkey",
    Severity.WARNING,
    "Two tags bound to the same hotkey",
    "Hotkeys are global to the labeling page; the second binding never fires, or fires the wrong option.",
    '<Label value="PER" hotkey="p"/>\n<Label value="PLACE" hotkey="p"/>',
    '<Label value="PER" hotkey="p"/>\n<Label value="PLACE" hotkey="l"/>',
    "The editor binds both and only one of them fires; the config loads and every option can still "
    "be picked with the mouse.",
)

DUPLICATE_TAXONOMY_OPTION = Rule(
    "LC404",
    "duplicate-taxonomy-option",
    Severity.WARNING,
    "A `<Taxonomy>` option repeats a sibling's label",
    "The Taxonomy shows only the first of two siblings with the same label, so the second is redundant; "
    "a repeated branch with options of its own is LC402, because those options never appear.",
    '<Taxonomy name="t" toName="text">\n  <Choice value="Animal"/>\n  <Choice value="Animal"/>\n</Taxonomy>',
    '<Taxonomy name="t" toName="text">\n  <Choice value="Animal"/>\n  <Choice value="Plant"/>\n</Taxonomy>',
    "The editor's Taxonomy skips a sibling whose value it has already seen (ED "
    "tags/control/Taxonomy/Taxonomy.jsx:131, visitUnique): the first option stands for both, and "
    "results are the same either way.",
)

RULES = (MISSING_OPTIONS, DUPLICATE_OPTION, DUPLICATE_HOTKEY, DUPLICATE_TAXONOMY_OPTION)


def option_elements(control: Element, kinds: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Element]]:
    """Each option of `control` with its path of enclosing options (nested Choice trees)."""

    def walk(el: Element, trail: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Element]]:
        for child in el.children:
            if child.markup or child.spec is None:
                continue
            if child.spec.name in kinds:
                yield trail, child
                label = child.value("alias") or child.value("value") or ""
                yield from walk(child, (*trail, label))
            elif child.spec.kind is not Kind.CONTROL:
                yield from walk(child, trail)

    yield from walk(control, ())


def options_present(cfg: Bound) -> Iterator[Diagnostic]:
    for el in cfg.elements():
        spec = el.spec
        if spec is None or not spec.options:
            continue
        if any(True for _ in option_elements(el, spec.options)):
            continue
        if not el.loads_options:
            yield on(
                MISSING_OPTIONS,
                el,
                f"{show(el)} has no {tags(spec.options)} options",
                help=f'add {tags(spec.options)} children, or load them from the task with value="$field"',
            )


def distinct_options(cfg: Bound) -> Iterator[Diagnostic]:
    for el in cfg.elements():
        spec = el.spec
        if spec is None or not spec.options:
            continue
        seen: dict[tuple[str, ...], Element] = {}
        for trail, option in option_elements(el, spec.options):
            label = option.value("alias") or option.value("value")
            if not label:
                continue
            key = (*trail, label)
            first = seen.get(key)
            if first is None:
                seen[key] = option
                continue
            a = option.get("alias") if option.value("alias") else option.get("value")
            assert a is not None
            line = first.span.start.line if first.span is not None else 0
            # The editor's Taxonomy skips a repeated sibling: harmless unless it has options of its own.
            skipped = spec.name == "Taxonomy" and not any(True for _ in option_elements(option, spec.options))
            yield on_attr(
                DUPLICATE_TAXONOMY_OPTION if skipped else DUPLICATE_OPTION,
                a,
                f'{show(el)} already has an option "{label}" (line {line})'
                + ("; the editor shows only the first" if skipped else ""),
                help="give every option a distinct `value` (or `alias`)"
                if not skipped
                else "remove the repeated option, or give it a distinct `value`",
            )


def distinct_hotkeys(cfg: Bound) -> Iterator[Diagnostic]:
    seen: dict[str, Element] = {}
    for el in cfg.elements():
        if el.spec is None:
            continue
        a = el.get("hotkey")
        if a is None or not a.value.strip() or el.spec.attr("hotkey") is None:
            continue
        key = a.value.strip().lower()
        first = seen.get(key)
        if first is None:
            seen[key] = el
            continue
        line = first.span.start.line if first.span is not None else 0
        yield on_attr(
            DUPLICATE_HOTKEY,
            a,
            f'hotkey "{a.value}" is already bound to {show(first)} (line {line})',
            help="choose a hotkey no other tag uses",
        )


CHECKS = (options_present, distinct_options, distinct_hotkeys)
