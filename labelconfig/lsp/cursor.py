"""Where the cursor stands in a config being typed: in a tag name, among a start tag's attributes, or
inside an attribute's value. The text is usually not well-formed while it is typed, so this reads
only the markup before the cursor, and the tags that enclose it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# A start tag, an end tag or a comment; quoted attribute values may hold `>`.
TAG_PATTERN = re.compile(r"<!--.*?-->|<(/?)([^\s/>!?]+)(?:\"[^\"]*\"|'[^']*'|[^'\">])*?(/?)>", re.S)
_NAME_BEFORE = re.compile(r"[\w.:$-]*$")
_NAME_AFTER = re.compile(r"[\w.:-]*")
_DONE_ATTR = re.compile(r"""([^\s=/<>"']+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_OPEN_VALUE = re.compile(r"""([^\s=/<>"']+)\s*=\s*(["'])([^"']*)$""")


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
    for m in TAG_PATTERN.finditer(before):
        end = m.end()
        name = m.group(2)
        if name is None or name.startswith("!"):
            continue
        if m.group(1):
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
        elif not m.group(3):
            stack.append(name)
    lt = before.rfind("<", end)  # an unfinished tag, the one the cursor is in
    if lt == -1 or before.startswith("<!--", lt):
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
