"""The config builder: typed construction, serialisation, and parse -> build -> serialise round trips."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import labelconfig
from labelconfig.builder import Comment, Document, Tag, from_xml, tag, to_xml
from labelconfig.check import run
from labelconfig.fmt import FormatError, format_config
from labelconfig.nodes import Element
from labelconfig.source import Source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = sorted([*(FIXTURES / "valid").glob("*.xml"), *(FIXTURES / "realworld").glob("*.xml")])


def _meaning(text: str) -> tuple[Element | None, list[tuple[str, str]]]:
    def unordered(el: Element) -> Element:
        kids = tuple(unordered(c) for c in el.children)
        return replace(el, attributes=tuple(sorted(el.attributes, key=lambda a: a.name)), children=kids)

    parsed, _, found = run(Source(text, "c.xml"))
    return (unordered(parsed.root) if parsed.root else None), sorted((d.code, d.path) for d in found)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_parse_build_serialise_round_trips(path: Path) -> None:
    text = re.sub(r"\A\s*<\?xml[^>]*\?>\s*", "", path.read_text(encoding="utf-8-sig"))
    built = from_xml(text)
    out = to_xml(built)
    assert _meaning(out) == _meaning(text)
    assert from_xml(out) == from_xml(to_xml(from_xml(out)))  # stable objects
    if "<![CDATA[" not in text:  # the builder keeps CDATA content as text, escaped
        assert out == format_config(text)


def test_build_a_config() -> None:
    text = tag("Text", name="text", value="$text")
    view = tag(
        "View",
        text,
        tag("Header", "Is it <positive> & kind?"),
        tag(
            "Choices",
            tag("Choice", value="Yes"),
            tag("Choice", value="No"),
            name="answer",
            to_name=text,
            required=True,
        ),
        tag(
            "Labels",
            tag("Label", value="PER", background="red"),
            name="ner",
            to_name=[text],
            show_inline=False,
        ),
    )
    doc = Document(view, before=(Comment(" labelconfig: ignore-file LC201 "),))
    out = to_xml(doc)
    assert out.startswith("<!-- labelconfig: ignore-file LC201 -->\n<View>\n")
    assert '<Choices name="answer" toName="text" required="true">' in out
    assert '<Labels name="ner" toName="text" showInline="false">' in out
    assert "<Header>Is it &lt;positive&gt; &amp; kind?</Header>" in out
    cfg = labelconfig.parse(out)
    assert cfg.ok and cfg.controls["answer"].labels == ("Yes", "No")
    assert from_xml(out) == doc  # and back


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: tag("Choise"), "unknown tag <Choise>"),
        # The linter's own rules judge values, with their codes and messages (issue 18, item 9).
        (
            lambda: tag("Choices", tag("Choice", value="A"), choice="multi"),
            'LC205 `choice="multi"` is not one of `single`, `single-radio`, `multiple`',
        ),
        (lambda: tag("Image", zoom="yes"), 'LC204 `zoom="yes"` is not `true` or `false`'),
        (lambda: tag("Rating", max_rating="five"), 'LC204 `maxRating="five"` is not a whole number'),
        (lambda: tag("Choices", to_name=Tag("Text")), "<Text> has no name"),
        # repro/quality/api-errors
        (
            lambda: tag("RectangleLabels", tag("Label", value="A"), name="b", to_name="i", opacity=60),
            "LC206 `opacity=60` is outside 0..1 (use a value from 0 to 1)",
        ),
        (
            lambda: tag("Choices", tag("Label", value="A"), name="c", to_name="i"),
            "LC107 `<Label>` must be inside `<Labels>`",
        ),
        (
            lambda: tag("Choices", name="c", to_name="i"),
            'LC401 `<Choices name="c">` has no `<Choice>` options',
        ),
        (
            lambda: tag("Number", name="n", to_name="t", min=10, max=1),
            "LC209 `min=10` is greater than `max=1`",
        ),
    ],
)
def test_values_are_checked_when_built(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build()  # type: ignore[operator]


def test_unparseable_text_is_refused_with_its_diagnostics() -> None:
    with pytest.raises(FormatError, match=r"line 2, column \d+: LC001") as caught:
        from_xml("<View>\n<Text")
    assert [d.code for d in caught.value.diagnostics] == ["LC001"]


def test_placement_waits_for_the_enclosing_control() -> None:
    # A <Choice> may sit in a <View> inside <Choices>: building that <View> first is no error.
    inner = tag("View", tag("Choice", value="A"))
    built = tag("Choices", inner, name="c", to_name="t")
    assert to_xml(tag("View", tag("Text", name="t", value="$t"), built)).count("<Choice ") == 1


def test_what_builds_lints_without_errors() -> None:
    text = tag("Text", name="t", value="$t")
    view = tag("View", text, tag("Choices", tag("Choice", value="A"), name="c", to_name=text, hint="pick"))
    assert labelconfig.parse(to_xml(view)).ok


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: tag("Choices", tag("Choice", value="A"), name="c", to_name="t", hint=None), "`hint=None`"),
        (lambda: tag(None), "tag() takes the tag name as a str"),  # type: ignore[arg-type]
        (lambda: tag("View", 3), "a child is a Tag, Comment or str, not int"),  # type: ignore[arg-type]
        (lambda: from_xml(None), "from_xml() takes the config's XML text as a str, not NoneType"),  # type: ignore[arg-type]
        (lambda: from_xml(b"<View/>"), "not bytes; decode it first"),  # type: ignore[arg-type]
        (lambda: to_xml("<View/>"), "to_xml() takes a Tag or Document, not str"),  # type: ignore[arg-type]
    ],
)
def test_wrong_argument_types_are_named(build: object, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        build()  # type: ignore[operator]


def test_find_and_get() -> None:
    doc = from_xml(
        '<View><Text name="t" value="$t"/><Choices name="c" toName="t"><Choice value="A"/></Choices></View>'
    )
    choices = doc.root.find("c")
    assert choices is not None and choices.get("toname") == "t" and choices.tag == "Choices"
