"""Where the cursor stands in a config being typed: in a tag name, among a start tag's attributes, or
inside an attribute's value. The text is usually not well-formed while it is typed, so this reads
only the markup before the cursor, and the tags that enclose it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

# A start or end tag where a `<` stands (quoted values may hold `>`). It cannot run past the next `<`,
# which XML allows nowhere inside a tag, so reading any text, however broken, takes linear time.
_TAG = re.compile(r"<(/?)([^\s/<>!?]+)(?:\"[^\"<]*\"|'[^'<]*'|[^'\"<>])*?(/?)>")
# The lookbehinds let a search start only where a name starts: inside a long run of name characters
# each position fails at once, instead of matching the run again (quadratic on a hostile line).
_NAME_BEFORE = re.compile(r"(?<![\w.:$-])[\w.:$-]*$")
_NAME_AFTER = re.compile(r"[\w.:-]*")
_DONE_ATTR = re.compile(r"""(?<![^\s"'])([^\s=/<>"']+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_OPEN_VALUE = re.compile(r"""(?<![^\s"'])([^\s=/<>"']+)\s*=\s*(["'])([^"']*)$""")


def tags(text: str, start: int = 0) -> Iterator[re.Match[str]]:
    """The complete start and end tags from `start` on, in order (comments, declarations and
    processing instructions skipped); groups: `/` of an end tag, the name, `/` of a self-closing tag."""
    pos = text.find("<", start)
    while pos != -1:
        if text.startswith("<!--", pos):
            close = text.find("-->", pos + 4)
            if close == -1:
                return
            pos = text.find("<", close + 3)
            continue
        m = _TAG.match(text, pos)
        if m is not None:
            yield m
        pos = text.find("<", m.end() if m is not None else pos + 1)


class Place(StrEnum):
    TAG = "tag"  # `<Cho|` or `</Cho|`
    ATTRIBUTE = "attribute"  # `<Choices na|`
    VALUE = "value"  # `<Choices choice="sin|`
    TEXT = "text"  # between tags


@dataclass(frozen=True, slots=True)
class Cursor:
    place: Place
    start: int  # where the word under completion starts (offset in the config text)
    ancestors: tuple[str, ...]  # the enclosing tags, outermost first, as written
    tag: str = ""  # the tag being written (TAG: the part typed so far)
    attribute: str = ""  # VALUE: the attribute whose value is typed
    written: tuple[str, ...] = ()  # attributes the tag already has before the cursor
    closing: bool = False  # TAG: in an end tag


def at(text: str, offset: int) -> Cursor:
    """The cursor's place at `offset` in `text`."""
    before = text[:offset]
    stack: list[str] = []
    end = 0
    for m in tags(before):
        end = m.end()
        name = m.group(2)
        if m.group(1):
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
        elif not m.group(3):
            stack.append(name)
    lt = before.rfind("<", end)  # an unfinished tag, the one the cursor is in
    if lt == -1 or before.rfind("<!--") > before.rfind("-->"):  # none, or inside a comment
        return Cursor(Place.TEXT, offset, tuple(stack))
    partial = before[lt + 1 :]
    closing = partial.startswith("/")
    head = re.match(r"/?([^\s/>]*)", partial)
    assert head is not None
    if head.end() == len(partial):
        return Cursor(Place.TAG, lt + 1 + head.start(1), tuple(stack), tag=head.group(1), closing=closing)
    tag = head.group(1)
    rest = partial[head.end() :]
    written = tuple(m.group(1) for m in _DONE_ATTR.finditer(rest))
    value = _OPEN_VALUE.search(rest)
    if value is not None:
        start = offset - len(value.group(3))
        return Cursor(Place.VALUE, start, tuple(stack), tag=tag, attribute=value.group(1), written=written)
    word = _NAME_BEFORE.search(rest)
    start = offset - (len(word.group(0)) if word else 0)
    return Cursor(Place.ATTRIBUTE, start, tuple(stack), tag=tag, written=written)


def word_end(text: str, offset: int) -> int:
    """The end of the name under `offset` (for hover: the cursor may sit anywhere in the word)."""
    m = _NAME_AFTER.match(text, offset)
    return m.end() if m else offset
