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
        (lambda: tag("Choices", choice="multi"), "is not one of single, single-radio, multiple"),
        (lambda: tag("Image", zoom="yes"), "is not `true` or `false`"),
        (lambda: tag("Rating", max_rating="five"), "is not a whole number"),
        (lambda: tag("Choices", to_name=Tag("Text")), "<Text> has no name"),
    ],
)
def test_values_are_checked_when_built(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build()  # type: ignore[operator]


def test_unparseable_text_is_refused_with_its_diagnostics() -> None:
    with pytest.raises(FormatError) as caught:
        from_xml("<View>\n<Text")
    assert [d.code for d in caught.value.diagnostics] == ["LC001"]


def test_find_and_get() -> None:
    doc = from_xml(
        '<View><Text name="t" value="$t"/><Choices name="c" toName="t"><Choice value="A"/></Choices></View>'
    )
    choices = doc.root.find("c")
    assert choices is not None and choices.get("toname") == "t" and choices.tag == "Choices"
