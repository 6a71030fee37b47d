"""LC1xx: which tags a config may contain, and where."""

from __future__ import annotations

from collections.abc import Iterator

from ..bind import Bound
from ..diagnostics import Diagnostic, Rule, Severity
from ..suggest import did_you_mean
from ..tags import REGISTRY
from ..tags.model import Children, Status, Text
from ._util import on, show, tags

ROOT_NOT_VIEW = Rule(
    "LC101",
    "root-not-view",
    Severity.WARNING,
    "The root element is not `<View>`",
    "Label Studio documents `<View>` as the root of every config; another root loads, but tools and "
    "people reading the config expect `<View>`, and a lower-case `<view>` is usually a typo.",
    '<Choices name="c" toName="t">...</Choices>',
    '<View>\n  <Text name="t" value="$text"/>\n  <Choices name="c" toName="t">...</Choices>\n</View>',
    "The backend's JSON schema requires no root (label_config_schema.json only describes a `View` "
    "key), the SDK parses any root (C04), and the editor builds the root from whatever registered "
    "tag comes first (ConfigValidator starts below the root; stores/Annotation/store.js initRoot): "
    "the config loads as written.",
)

UNKNOWN_TAG = Rule(
    "LC102",
    "unknown-tag",
    Severity.ERROR,
    "A tag Label Studio does not know",
    "The labeling editor refuses configs with unknown tags (often a typo such as `<Choise>`), so the "
    "project cannot be opened for labeling.",
    '<Choise value="Positive"/>',
    '<Choice value="Positive"/>',
    "The backend and the SDK accept unknown tags (C43-C46), but the editor's ConfigValidator "
    "reports ERR_UNKNOWN_TAG and, as for every ConfigValidator error, shows the error list instead "
    "of the labeling UI (ED core/DataValidator/ConfigValidator.js, components/App/App.jsx): the "
    "project cannot be labeled.",
    refused=True,
)

ENTERPRISE_TAG = Rule(
    "LC103",
    "enterprise-tag",
    Severity.WARNING,
    "A tag only Label Studio Enterprise implements",
    "Open-source Label Studio does not ship these tags (Chat, ReactCode, OcrLabels, VideoVector ...); "
    "its editor rejects them as unknown.",
    '<Chat name="chat" value="$messages"/>',
    "Use Label Studio Enterprise, or an open-source tag such as `<Paragraphs>`.",
    "Label Studio Enterprise's editor registers these tags and loads the config; the open-source "
    "editor has no model for them and reports ERR_UNKNOWN_TAG, so whether it works depends on the "
    "edition.",
)

UNSUPPORTED_TAG = Rule(
    "LC104",
    "unsupported-tag",
    Severity.ERROR,
    "A legacy or unreleased tag",
    "Tags that appear only in old or draft documentation (`<HTML>`, `<Cube>`, `<Object3D>`) are unknown "
    "to the current editor.",
    '<HTML name="page" value="$html"/>',
    '<HyperText name="page" value="$html"/>',
    "The current editor has no model for these tags: its ConfigValidator reports ERR_UNKNOWN_TAG "
    "and the error list replaces the labeling UI (ED ConfigValidator.js, components/App/App.jsx), "
    "so the project cannot be labeled.",
    refused=True,
)

INTERNAL_TAG = Rule(
    "LC105",
    "internal-tag",
    Severity.WARNING,
    "A tag the editor registers for its own use",
    "Internal tags (`<PagedView>`, `<CustomInterface>`) are not meant to be written by hand and may "
    "change without notice.",
    "<PagedView>...</PagedView>",
    '<Repeater on="$items" mode="pagination">...</Repeater>',
    "The editor registers these tags and loads the config as written; they are undocumented, so "
    "their attributes and behaviour can change between releases.",
)

TAG_CASE = Rule(
    "LC106",
    "tag-case",
    Severity.WARNING,
    "A tag name spelled with the wrong case",
    "The editor lower-cases tag names, but the server and the SDK compare them exactly (`Label`, "
    "`Choice`, `Relation`, `Filter`): a `<label>` works while labeling and then breaks config edits "
    "and exports.",
    '<Labels name="ner" toName="text"><label value="PER"/></Labels>',
    '<Labels name="ner" toName="text"><Label value="PER"/></Labels>',
    "The editor lower-cases tag names (ED core/Tree.tsx tagIntoObject) and works; the backend "
    "schema and the SDK match `Label`, `Choice`, `Relation`, `Filter` exactly, so they do not see "
    "such a tag when they check later config edits or export (label-studio#841).",
)

MISPLACED_TAG = Rule(
    "LC107",
    "misplaced-tag",
    Severity.ERROR,
    "A tag outside the tag it must sit in",
    "Options and sub-tags only mean something inside their owner: a `<Label>` outside a labeling "
    "control, a `<Choice>` outside `<Choices>`, a `<Channel>` outside `<TimeSeries>`. The editor "
    "rejects them.",
    '<View>\n  <Choice value="Yes"/>\n</View>',
    '<Choices name="answer" toName="text">\n  <Choice value="Yes"/>\n</Choices>',
    "The editor's ConfigValidator checks each tag's parentTypes (`<Choice>` under Choices or "
    "Taxonomy, `<Label>` under a labels control, `<Channel>` under TimeSeries) and reports "
    "ERR_PARENT_TAG_UNEXPECTED; the error list replaces the labeling UI (ConfigValidator.js "
    "validateParentTag, App.jsx), so it cannot be labeled.",
    refused=True,
)

UNEXPECTED_CHILD = Rule(
    "LC108",
    "unexpected-child",
    Severity.WARNING,
    "A child the parent tag does not use",
    "Each tag renders only the children it knows; anything else is silently not shown (a `<Header>` "
    "inside `<Image>`, a `<Text>` inside `<Choices>`).",
    '<Image name="img" value="$image">\n  <Header value="Look for cars"/>\n</Image>',
    '<Header value="Look for cars"/>\n<Image name="img" value="$image"/>',
    "The editor loads the config and renders only the children a tag knows; the extra child is "
    "ignored and the rest works.",
)

IGNORED_TEXT = Rule(
    "LC109",
    "ignored-text",
    Severity.WARNING,
    "Text inside a tag that ignores text",
    "Only a few tags (Header, Markdown, Style, HyperText) use their text. Writing an option as "
    "`<Choice>Yes</Choice>` shows nothing: the option comes from `value`.",
    "<Choice>Positive</Choice>",
    '<Choice value="Positive"/>',
    "The editor loads the config and ignores the text of tags that do not read it; an option's "
    "label comes from its `value` attribute.",
)

EMPTY_CONTENT = Rule(
    "LC110",
    "empty-content",
    Severity.WARNING,
    "A tag whose content is its text has none",
    "`<Style>` holds CSS rules as its text; an empty one does nothing.",
    "<Style></Style>",
    "<Style>.box { padding: 8px; }</Style>",
    "The editor loads an empty `<Style>` and applies no CSS; nothing else changes.",
)

NO_CONTROL = Rule(
    "LC111",
    "no-control-tag",
    Severity.WARNING,
    "The config has no control tag",
    "Without a control (Choices, Labels, TextArea ...) annotators can look at the data but nothing can "
    "be labeled; Label Studio saves such a config and fails later (label-studio#6283).",
    '<View><Image name="img" value="$image"/></View>',
    '<View>\n  <Image name="img" value="$image"/>\n  <Choices name="cls" toName="img">...</Choices>\n</View>',
    "The backend saves the config and the editor shows the data; with no control there is nothing "
    "to record, and submitting gives an empty annotation (label-studio#6283).",
)

RULES = (
    ROOT_NOT_VIEW,
    UNKNOWN_TAG,
    ENTERPRISE_TAG,
    UNSUPPORTED_TAG,
    INTERNAL_TAG,
    TAG_CASE,
    MISPLACED_TAG,
    UNEXPECTED_CHILD,
    IGNORED_TEXT,
    EMPTY_CONTENT,
    NO_CONTROL,
)

_KNOWN = tuple(t.name for t in REGISTRY.values() if t.status not in (Status.LEGACY, Status.DOCS_ONLY))


def root_is_view(cfg: Bound) -> Iterator[Diagnostic]:
    if cfg.root.tag != "View":
        yield on(
            ROOT_NOT_VIEW,
            cfg.root,
            f"the root element is `<{cfg.root.tag}>`, not `<View>`",
            help="wrap the whole config in `<View>...</View>`",
            suggestion="View" if cfg.root.tag.lower() == "view" else None,
        )


def known_tags(cfg: Bound) -> Iterator[Diagnostic]:
    for el in cfg.elements():
        spec = el.spec
        if spec is None:
            help, best = did_you_mean(el.tag, _KNOWN)
            yield on(UNKNOWN_TAG, el, f"unknown tag `<{el.tag}>`", help=help, suggestion=best)
            continue
        if el.tag != spec.name and not (el is cfg.root and spec.name == "View"):  # LC101 reports the root
            yield on(
                TAG_CASE,
                el,
                f"`<{el.tag}>` should be spelled `<{spec.name}>`",
                help="the editor accepts any case, but Label Studio's server and SDK match tag names exactly",
                suggestion=spec.name,
            )
        if spec.status is Status.ENTERPRISE:
            yield on(
                ENTERPRISE_TAG,
                el,
                f"`<{spec.name}>` is available only in Label Studio Enterprise and Starter Cloud",
                help="the open-source editor rejects it as an unknown tag",
            )
        elif spec.status in (Status.LEGACY, Status.DOCS_ONLY):
            what = (
                "a legacy tag" if spec.status is Status.LEGACY else "documented in a draft but never released"
            )
            instead = f"write `{spec.replacement}` instead" if spec.replacement else "remove it"
            yield on(
                UNSUPPORTED_TAG,
                el,
                f"`<{spec.name}>` is {what}; Label Studio's editor does not know it",
                help=instead,
                suggestion=spec.replacement,
            )
        elif spec.status is Status.INTERNAL:
            instead = f"; write `{spec.replacement}` instead" if spec.replacement else ""
            yield on(INTERNAL_TAG, el, f"`<{spec.name}>` is internal to the editor{instead}")


def placement(cfg: Bound) -> Iterator[Diagnostic]:
    for placed in cfg.placed:
        el = placed.element
        spec = el.spec
        if spec is None:
            continue
        misplaced = False
        if spec.parents:
            above = {a.spec.name for a in placed.ancestors if a.spec is not None}
            if not above.intersection(spec.parents):
                misplaced = True
                where = f"inside {show(placed.parent)}" if placed.parent is not None else "at the root"
                yield on(
                    MISPLACED_TAG,
                    el,
                    f"`<{spec.name}>` must be inside {tags(spec.parents)}; it is {where}",
                    help=f"move it into the {tags(spec.parents[:1])} it belongs to",
                )
        parent = placed.parent
        if parent is not None and parent.spec is not None and not misplaced:
            allowed = parent.spec.children
            if allowed == Children.NONE or (isinstance(allowed, tuple) and spec.name not in allowed):
                yield on(
                    UNEXPECTED_CHILD,
                    el,
                    f"`<{parent.spec.name}>` does not use a `<{spec.name}>` child; it will not be shown",
                    help=(
                        f"`<{parent.spec.name}>` takes no children"
                        if allowed == Children.NONE
                        else f"`<{parent.spec.name}>` takes {tags(allowed, limit=6)}"
                    ),
                )


def text_content(cfg: Bound) -> Iterator[Diagnostic]:
    for el in cfg.elements():
        spec = el.spec
        if spec is None:
            continue
        text = el.text.strip()
        if spec.text is Text.NONE and text:
            hint = (
                'put it in `value="..."`'
                if spec.attr("value") is not None
                else "remove it, or use a `<Header>`"
            )
            yield on(
                IGNORED_TEXT, el, f"the text {_quote(text)} inside `<{spec.name}>` is ignored", help=hint
            )
        elif spec.text is Text.REQUIRED and not text:
            yield on(
                EMPTY_CONTENT, el, f"`<{spec.name}>` is empty", help="write its content as the element's text"
            )


def has_control(cfg: Bound) -> Iterator[Diagnostic]:
    if not any(cfg.produces_results(el) for el in cfg.elements()):
        yield on(
            NO_CONTROL,
            cfg.root,
            "the config has no control tag: nothing can be labeled",
            help="add a control (`<Choices>`, `<Labels>`, `<TextArea>` ...) whose `toName` names an object",
        )


def _quote(text: str) -> str:
    first = text.splitlines()[0]
    return f'"{first[:40]}…"' if len(first) > 40 or "\n" in text else f'"{first}"'


CHECKS = (root_is_view, known_tags, placement, text_content, has_control)
