"""LC5xx: conditional visibility (`visibleWhen` and the `when*` refinements)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..bind import Bound
from ..diagnostics import Diagnostic, Rule, Severity
from ..nodes import Element
from ..suggest import did_you_mean
from ..tags.model import Kind
from ._util import on_attr, show, split_list
from .options import option_elements

UNKNOWN_CHOICE_VALUE = Rule(
    "LC501",
    "unknown-choice-value",
    Severity.ERROR,
    "`whenChoiceValue` names a choice that does not exist",
    "The element is shown only when that choice is selected; a choice nobody can select keeps it hidden "
    "forever, without any error in Label Studio.",
    '<Choices name="s" toName="t"><Choice value="Positive"/></Choices>\n'
    '<View visibleWhen="choice-selected" whenTagName="s" whenChoiceValue="positive">...</View>',
    '<View visibleWhen="choice-selected" whenTagName="s" whenChoiceValue="Positive">...</View>',
    "Neither the backend nor the editor checks the value; the editor shows the element only while "
    "that choice is selected, so it never shows and any control inside it cannot be used.",
)

UNKNOWN_LABEL_VALUE = Rule(
    "LC502",
    "unknown-label-value",
    Severity.ERROR,
    "`whenLabelValue` names a label that does not exist",
    "The element is shown only for regions carrying that label; a label no region can carry keeps it "
    "hidden forever.",
    '<Labels name="ner" toName="t"><Label value="PER"/></Labels>\n'
    '<TextArea name="note" toName="t" perRegion="true" whenLabelValue="PERSON"/>',
    '<TextArea name="note" toName="t" perRegion="true" whenLabelValue="PER"/>',
    "Neither the backend nor the editor checks the value; the editor shows the element only for a "
    "region with that label, so it never shows and any control inside it cannot be used.",
)

CONDITION_TARGET = Rule(
    "LC503",
    "condition-target-kind",
    Severity.ERROR,
    "`whenTagName` names a tag that cannot satisfy the condition",
    "A choice condition watches a `<Choices>` or `<Taxonomy>`; a region condition watches a labeling "
    "control or an object. Anything else never fires.",
    '<View visibleWhen="choice-selected" whenTagName="text">...</View>',
    '<View visibleWhen="choice-selected" whenTagName="sentiment">...</View>',
    "The editor's visibility check asks the named tag for a selected choice or region; a tag of "
    "another kind never has one, so the element never shows (neither the backend nor "
    "ConfigValidator checks it).",
)

UNUSED_CONDITION = Rule(
    "LC504",
    "unused-condition",
    Severity.WARNING,
    "A `when*` refinement that the element's condition never reads",
    "`whenChoiceValue` only refines choice conditions and `whenLabelValue` region conditions (or "
    "perRegion controls); without a matching `visibleWhen` they do nothing.",
    '<View whenTagName="sentiment" whenChoiceValue="Positive">...</View>',
    '<View visibleWhen="choice-selected" whenTagName="sentiment" whenChoiceValue="Positive">...</View>',
    "The editor reads `whenChoiceValue` and `whenLabelValue` only for the matching `visibleWhen` "
    "(or a perRegion control); otherwise it ignores them and the element behaves as without them.",
)

RULES = (UNKNOWN_CHOICE_VALUE, UNKNOWN_LABEL_VALUE, CONDITION_TARGET, UNUSED_CONDITION)

_CHOICE_TAGS = ("Choices", "Taxonomy")


def _labels_of(controls: Iterable[Element]) -> list[str]:
    out: list[str] = []
    for c in controls:
        if c.spec is None or not c.spec.options:
            continue
        for _, option in option_elements(c, c.spec.options):
            for key in ("alias", "value"):
                v = option.value(key)
                if v:
                    out.append(v)
    return out


def conditions(cfg: Bound) -> Iterator[Diagnostic]:
    for el in cfg.elements():
        if el.spec is None or (
            el.spec.attr("whenTagName") is None and el.spec.attr("whenLabelValue") is None
        ):
            continue
        visible = el.value("visibleWhen")
        per_region = el.value("perRegion") == "true"
        choice_mode = visible in ("choice-selected", "choice-unselected")
        region_mode = visible in ("region-selected", "no-region-selected") or per_region
        target_attr = el.get("whenTagName")
        target = cfg.named(target_attr.value) if target_attr is not None else None

        if target_attr is not None and target is not None and target.spec is not None:
            if choice_mode and target.spec.name not in _CHOICE_TAGS:
                yield on_attr(
                    CONDITION_TARGET,
                    target_attr,
                    f'`visibleWhen="{visible}"` watches {show(target)}, which has no choices',
                    help="name a `<Choices>` or `<Taxonomy>` in `whenTagName`",
                )
            elif region_mode and target.spec.kind not in (Kind.CONTROL, Kind.OBJECT):
                yield on_attr(
                    CONDITION_TARGET,
                    target_attr,
                    f"region condition watches {show(target)}, which makes no regions",
                    help="name the labeling control (or its object) in `whenTagName`",
                )

        choice_values = el.get("whenChoiceValue")
        if choice_values is not None:
            if not choice_mode:
                yield on_attr(
                    UNUSED_CONDITION,
                    choice_values,
                    '`whenChoiceValue` has no effect without `visibleWhen="choice-selected"` '
                    'or `"choice-unselected"`',
                    help='add visibleWhen="choice-selected"',
                    whole=True,
                )
            pool = (
                [target]
                if target is not None
                else [c for c in cfg.elements() if c.spec and c.spec.name in _CHOICE_TAGS]
            )
            known = _labels_of(pool)
            if known or not any(c.loads_options for c in pool):
                for part in split_list(choice_values.value):
                    if part.strip() and part.strip() not in known:
                        help, best = did_you_mean(part.strip(), known)
                        where = show(target) if target is not None else "any `<Choices>`"
                        yield on_attr(
                            UNKNOWN_CHOICE_VALUE,
                            choice_values,
                            f'`whenChoiceValue` names "{part.strip()}", which is not a choice of {where}',
                            help=help or "use the `value` (or `alias`) of an existing `<Choice>`",
                            suggestion=best,
                        )

        label_values = el.get("whenLabelValue")
        if label_values is not None:
            if not region_mode:
                yield on_attr(
                    UNUSED_CONDITION,
                    label_values,
                    "`whenLabelValue` has no effect without "
                    '`visibleWhen="region-selected"` or `perRegion="true"`',
                    help='add visibleWhen="region-selected"',
                    whole=True,
                )
            pool = (
                [target]
                if target is not None and target.spec is not None and target.spec.kind is Kind.CONTROL
                else [c for c in cfg.elements() if c.spec is not None and "Label" in c.spec.options]
            )
            known = _labels_of(pool)
            if known or not any(c.loads_options for c in pool):
                for part in split_list(label_values.value):
                    if part.strip() and part.strip() not in known:
                        help, best = did_you_mean(part.strip(), known)
                        yield on_attr(
                            UNKNOWN_LABEL_VALUE,
                            label_values,
                            f'`whenLabelValue` names "{part.strip()}", which no labeling control offers',
                            help=help or "use the `value` (or `alias`) of an existing `<Label>`",
                            suggestion=best,
                        )


CHECKS = (conditions,)
