"""Property tests: `parse()` never raises, and every diagnostic points inside the source.

Three families of inputs: arbitrary bytes and text; well-formed trees built from the tag registry
(serialised with varied quoting, whitespace and multi-line start tags, with the exact offset of every
`<`, attribute name and attribute value recorded, so positions can be checked exactly); and random
mutations of a handful of small valid configs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.parse import decode
from labelconfig.tags import REGISTRY
from labelconfig.tags.model import T

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Tree generation dominates the runtime of these; fewer examples keep the file under ~15 s on 2 cores.
TREE_SETTINGS = settings(SETTINGS, max_examples=100)
TREE_BYTES_SETTINGS = settings(SETTINGS, max_examples=40)
TAG_NAMES = sorted(REGISTRY)


# --------------------------------------------------------------------------------------------- helpers


def line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def raw_lines(text: str) -> list[str]:
    return text.split("\n")


def to_offset(starts: list[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def assert_positions_inside(diagnostics, text: str) -> None:
    """1 <= line <= lines; 1 <= column <= len(line) + 1; end >= start, for start and end."""
    lines = raw_lines(text)
    for d in diagnostics:
        for line, column in ((d.line, d.column), (d.end_line, d.end_column)):
            assert 1 <= line <= len(lines), (d, len(lines))
            assert 1 <= column <= len(lines[line - 1]) + 1, (d, lines[line - 1])
        assert (d.end_line, d.end_column) >= (d.line, d.column), d


def check_text(text: str) -> list:
    cfg = labelconfig.parse(text)
    assert_positions_inside(cfg.diagnostics, text)
    return list(cfg.diagnostics)


def check_bytes(data: bytes) -> list:
    cfg = labelconfig.parse(data)
    decoded, _ = decode(data)
    if decoded is not None:
        # Decoded successfully: positions are relative to the decoded text.
        assert_positions_inside(cfg.diagnostics, decoded)
    else:
        # Undecodable (or too large): a decoded prefix has at most one character per byte.
        for d in cfg.diagnostics:
            assert 1 <= d.line <= len(data) + 1, d
            assert 1 <= d.column <= len(data) + 1, d
            assert (d.end_line, d.end_column) >= (d.line, d.column), d
    return list(cfg.diagnostics)


# ------------------------------------------------------------------------------------ arbitrary input

xml_ish_text = st.text(
    alphabet=st.sampled_from(list("<>/=\"' \n\t\r&;!?-[]ABVWiewxyz$:#0\x00é€\ufeff")) | st.characters(),
    max_size=200,
)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    check_bytes(data)


@SETTINGS
@given(st.binary(max_size=200).map(lambda b: b"<View>" + b + b"</View>"))
def test_random_bytes_inside_view_never_raise(data: bytes) -> None:
    check_bytes(data)


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    check_text(text)


@SETTINGS
@given(xml_ish_text)
def test_markup_soup_never_raises(text: str) -> None:
    check_text(text)
    check_text("<View>" + text + "</View>")


# ---------------------------------------------------------------------------- registry-built trees

XML_CHARS = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\ufffe\uffff",
).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)
IDENT = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
UNKNOWN_TAG = st.from_regex(r"[A-Z][A-Za-z0-9]{0,8}", fullmatch=True).filter(
    lambda n: n not in REGISTRY and not n.lower().startswith("xml")
)
RANDOM_VALUE = st.text(XML_CHARS, max_size=12)
WS = st.sampled_from([" ", "  ", "\n  ", "\n\t\t", " \n ", "\r\n  ", "\t"])


@dataclass
class Node:
    tag: str
    attrs: list[tuple[str, str]]  # (name, raw value)
    children: list[Node] = field(default_factory=list)
    text: str = ""


@dataclass
class AttrAt:
    name_start: int
    value_start: int
    value_end: int  # offset of the closing quote
    escaped: str


@dataclass
class Written:
    lt: int  # offset of `<`
    start_tag_end: int  # offset just past `>` of the start tag
    attrs: dict[str, AttrAt] = field(default_factory=dict)


def value_for(draw, attr, names: list[str]) -> str:
    t = attr.type
    if draw(st.integers(0, 9)) == 0:
        return draw(RANDOM_VALUE)
    if t is T.ENUM and attr.values:
        return draw(st.sampled_from(attr.values))
    if t is T.BOOLEAN:
        return draw(st.sampled_from(["true", "false", "True", "1"]))
    if t in (T.INTEGER, T.INTEGER_OR_NONE, T.INTEGER_OR_VARIABLE):
        lo = int(attr.min) if attr.min is not None else -5
        hi = int(attr.max) if attr.max is not None else 1000
        extra = ["none"] if t is T.INTEGER_OR_NONE else ["$n"] if t is T.INTEGER_OR_VARIABLE else []
        return draw(st.integers(lo - 1, hi + 1).map(str) | st.sampled_from(extra or ["7"]))
    if t in (T.NUMBER, T.NUMBER_OR_VARIABLE):
        return draw(st.floats(allow_nan=True, allow_infinity=True, width=32).map(repr) | st.just("0.5"))
    if t is T.COLOR:
        return draw(st.sampled_from(["red", "#ff0000", "#abc", "rgb(1, 2, 3)", "hsl(0 50% 50%)", "nocolour"]))
    if t is T.CSS_LENGTH:
        return draw(st.sampled_from(["100%", "500px", "auto", "calc(100% - 2px)", "wide"]))
    if t is T.NAME:
        return draw(st.sampled_from(names))
    if t is T.TAGREF:
        return draw(st.sampled_from(names) | IDENT)
    if t is T.TAGREF_LIST:
        return ",".join(draw(st.lists(st.sampled_from(names), min_size=1, max_size=3)))
    if t in (T.VARIABLE, T.TEXT_OR_VARIABLE):
        return draw(IDENT.map(lambda s: "$" + s) | st.just("$x[0].y") | RANDOM_VALUE)
    if t is T.JSON:
        return draw(st.sampled_from(['{"a": 1}', "[1, 2]", "{bad"]))
    if t is T.LIST:
        return ",".join(draw(st.lists(IDENT, max_size=3)))
    if t is T.HOTKEY:
        return draw(st.sampled_from(["ctrl+1", "a", "shift + x"]))
    return draw(RANDOM_VALUE | IDENT)


@st.composite
def nodes(draw, names: list[str], depth: int = 0) -> Node:
    if draw(st.integers(0, 14)) == 0:
        tag = draw(UNKNOWN_TAG)
        spec = None
    else:
        tag = draw(st.sampled_from(TAG_NAMES))
        spec = REGISTRY[tag]
        if draw(st.integers(0, 19)) == 0:
            tag = tag.lower()  # the editor matches names case-insensitively
    attrs: list[tuple[str, str]] = []
    seen: set[str] = set()
    declared = list(spec.attrs) if spec is not None else []
    if declared:
        for a in draw(st.lists(st.sampled_from(declared), max_size=5, unique_by=lambda a: a.name)):
            attrs.append((a.name, value_for(draw, a, names)))
            seen.add(a.name)
    if draw(st.integers(0, 4)) == 0:
        extra = draw(IDENT)
        if extra not in seen:
            attrs.append((extra, draw(RANDOM_VALUE)))
    children: list[Node] = []
    if depth < 4:
        children = draw(st.lists(nodes(names, depth + 1), max_size=4 if depth < 2 else 2))
    text = draw(st.sampled_from(["", "", "", "hello", "a & b < c", "]]>"])) if not children else ""
    return Node(tag, attrs, children, text)


@st.composite
def trees(draw) -> Node:
    names = draw(st.lists(IDENT, min_size=1, max_size=5, unique=True))
    children = draw(st.lists(nodes(names, 1), min_size=0, max_size=5))
    root_tag = draw(st.sampled_from(["View", "View", "View", "view", "Panel", "Choices"]))
    return Node(root_tag, [], children)


def escape_attr(value: str, quote: str, draw) -> str:
    out = []
    for c in value:
        if c == "&":
            out.append("&amp;")
        elif c == "<":
            out.append("&lt;")
        elif c == quote:
            out.append("&quot;" if quote == '"' else "&apos;")
        elif c == ">" and draw(st.booleans()):
            out.append("&gt;")
        elif c == "\r":
            out.append("&#13;")
        elif c in "\n\t" and draw(st.booleans()):
            out.append(f"&#{ord(c)};")
        else:
            out.append(c)
    return "".join(out)


def escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def element_paths(root: Node) -> list[tuple[str, Node]]:
    """(path, node) in document order, with the same `/Tag[i]` indexing as labelconfig."""
    out: list[tuple[str, Node]] = []

    def walk(node: Node, path: str) -> None:
        out.append((path, node))
        counters: dict[str, int] = {}
        for child in node.children:
            counters[child.tag] = counters.get(child.tag, 0) + 1
            walk(child, f"{path}/{child.tag}[{counters[child.tag]}]")

    walk(root, f"/{root.tag}[1]")
    return out


# Markup that looks like start tags but is not: the position scanner must skip all of it.
DECOYS = [
    "<!-- a comment with <View> inside -->",
    '<!--<Text name="x" value="y"/>-->',
    '<![CDATA[ <Choices name="fake"> ]]>',
    '<?pi <Label value="x"?> ?>',
    "<![CDATA[]]>",
]


@st.composite
def serialised(draw) -> tuple[str, dict[str, Written]]:
    root = draw(trees())
    parts: list[str] = []
    length = 0
    written: dict[str, Written] = {}

    def emit(s: str) -> None:
        nonlocal length
        parts.append(s)
        length += len(s)

    def write(node: Node, path: str, indent: str) -> None:
        w = Written(lt=length, start_tag_end=-1)
        written[path] = w
        emit("<" + node.tag)
        if not path.count("/", 1) and draw(st.integers(0, 9)) == 0:
            emit(' xmlns="http://example.com/ns"')  # a default namespace: tags become {uri}View
        for name, value in node.attrs:
            emit(draw(WS))
            name_start = length
            quote = draw(st.sampled_from(['"', "'"]))
            escaped = escape_attr(value, quote, draw)
            emit(name + draw(st.sampled_from(["=", "=", " = ", "\n=\n  "])) + quote)
            value_start = length
            emit(escaped)
            w.attrs[name] = AttrAt(name_start, value_start, length, escaped)
            emit(quote)
        emit(draw(st.sampled_from(["", "", " ", "\n"])))
        if not node.children and not node.text and draw(st.booleans()):
            emit("/>")
            w.start_tag_end = length
            return
        emit(">")
        w.start_tag_end = length
        emit(escape_text(node.text))
        counters: dict[str, int] = {}
        for child in node.children:
            counters[child.tag] = counters.get(child.tag, 0) + 1
            emit("\n" + indent + "  ")
            if draw(st.integers(0, 6)) == 0:
                emit(draw(st.sampled_from(DECOYS)))
            write(child, f"{path}/{child.tag}[{counters[child.tag]}]", indent + "  ")
        if node.children:
            emit("\n" + indent)
        emit(f"</{node.tag}>")

    prefix = draw(st.sampled_from(["", "", "\n", "<!-- header -->\n", '<?xml version="1.0"?>\n']))
    emit(prefix)
    write(root, f"/{root.tag}[1]", "")
    emit(draw(st.sampled_from(["", "\n"])))
    text = "".join(parts)
    assert len(text) == length
    return text, written


@TREE_SETTINGS
@given(serialised())
def test_registry_trees_positions(case: tuple[str, dict[str, Written]]) -> None:
    text, written = case
    diagnostics = check_text(text)
    starts = line_starts(text)
    for d in diagnostics:
        assert d.code != "LC001", (d, text)  # the generator only writes well-formed XML
        if not d.path.startswith("/") or d.path == "/":
            continue
        offset = to_offset(starts, d.line, d.column)
        end = to_offset(starts, d.end_line, d.end_column)
        if "/@" in d.path:
            element_path, attr_name = d.path.split("/@", 1)
            w = written.get(element_path)
            assert w is not None, (d, text)
            assert w.lt < offset < w.start_tag_end, (d, text)
            assert end <= w.start_tag_end, (d, text)
            line_text = raw_lines(text)[d.line - 1]
            at = w.attrs.get(attr_name)
            assert at is not None, (d, text)
            start_line = text[: at.name_start].count("\n") + 1
            end_line = text[: at.value_end].count("\n") + 1
            assert start_line <= d.line <= end_line or attr_name in line_text, (d, text)
            if offset == at.name_start:
                assert text.startswith(attr_name, offset), (d, text)
            else:
                # The value, or a part of it (one item of a comma-separated list).
                assert at.value_start <= offset <= at.value_end, (d, text, at)
                if offset == at.value_start:
                    assert text.startswith(at.escaped, offset), (d, text)
        else:
            assert text[offset] == "<", (d, text[offset : offset + 20], text)
            w = written.get(d.path)
            assert w is not None, (d, text)
            assert offset == w.lt, (d, text)
            assert end <= w.start_tag_end, (d, text)


@TREE_BYTES_SETTINGS
@given(serialised())
def test_registry_trees_bytes(case: tuple[str, dict[str, Written]]) -> None:
    text, _ = case
    encoding = "utf-16" if len(text) % 3 == 0 else "utf-8"
    check_bytes(text.encode(encoding))


# --------------------------------------------------------------------------------- mutated configs

VALID = {
    "sentiment": """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single" showInline="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
    <Choice value="Neutral"/>
  </Choices>
</View>
""",
    "bbox": """<View>
  <Image name="image" value="$image" zoom="true"/>
  <RectangleLabels name="label" toName="image" strokeWidth="2">
    <Label value="Car" background="green"/>
    <Label value='Person' background="#ff0000"/>
  </RectangleLabels>
</View>
""",
    "ner": """<View>
  <Labels name="label" toName="text">
    <Label value="PER" background="red"/>
    <Label value="ORG" background="darkorange"/>
    <Label value="LOC" background="orange"/>
  </Labels>
  <Text name="text" value="$text" granularity="word"/>
</View>
""",
    "summary": """<View>
  <Header value="Read the text and write a summary"/>
  <Text name="text" value="$text"/>
  <TextArea name="summary" toName="text" rows="4" maxSubmissions="1" editable="true"
            placeholder="Summary &amp; notes"/>
</View>
""",
    "audio": """<View>
  <Labels name="speaker" toName="audio" choice="multiple">
    <Label value="Speaker 1"/>
    <Label value="Speaker 2"/>
  </Labels>
  <Audio name="audio" value="$audio"/>
</View>
""",
    "repeater": """<View>
  <Repeater on="$images" indexFlag="{{idx}}" mode="pagination">
    <Image name="image_{{idx}}" value="$images[{{idx}}].url"/>
    <Choices name="choice_{{idx}}" toName="image_{{idx}}">
      <Choice value="Cat"/>
      <Choice value="Dog"/>
    </Choices>
  </Repeater>
</View>
""",
}

SNIPPETS = [
    "<",
    ">",
    "/>",
    "</View>",
    "<View>",
    '<Choice value="x"/>',
    '<Label value="x"/>',
    "&",
    "&amp;",
    "&nbsp;",
    '"',
    "'",
    "=",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?pi?>",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "é",
    "💥",
    ' toName="nope"',
    ' name="text"',
    ' value="$"',
]
_ELEMENT = re.compile(r"<[A-Za-z][^<>]*/>")
_ATTR_NAME = re.compile(r"\s([A-Za-z]+)=")


@st.composite
def mutation(draw, text: str) -> str:
    kind = draw(st.sampled_from(["delete", "insert", "duplicate", "rename", "swap_quotes", "replace"]))
    n = len(text)
    if kind == "delete":
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 30)))
        return text[:i] + text[j:]
    if kind == "insert":
        i = draw(st.integers(0, n))
        piece = draw(st.sampled_from(SNIPPETS) | st.text(XML_CHARS | st.sampled_from("<>&\"'"), max_size=8))
        return text[:i] + piece + text[i:]
    if kind == "duplicate":
        found = list(_ELEMENT.finditer(text))
        if not found:
            return text
        m = draw(st.sampled_from(found))
        return text[: m.end()] + draw(WS) + m.group(0) + text[m.end() :]
    if kind == "rename":
        found = list(_ATTR_NAME.finditer(text))
        if not found:
            return text
        m = draw(st.sampled_from(found))
        new = draw(IDENT | st.sampled_from(["name", "toName", "value", "Value", "TONAME", "choice"]))
        return text[: m.start(1)] + new + text[m.end(1) :]
    if kind == "swap_quotes":
        quotes = [i for i, c in enumerate(text) if c in "\"'"]
        if not quotes:
            return text
        i = draw(st.sampled_from(quotes))
        return text[:i] + ("'" if text[i] == '"' else '"') + text[i + 1 :]
    i = draw(st.integers(0, max(0, n - 1)))
    return text[:i] + draw(st.sampled_from(SNIPPETS)) + text[i + 1 :]


@st.composite
def mutated(draw) -> str:
    text = VALID[draw(st.sampled_from(sorted(VALID)))]
    for _ in range(draw(st.integers(1, 4))):
        text = draw(mutation(text))
    return text


def test_valid_configs_are_clean() -> None:
    for name, text in VALID.items():
        assert check_text(text) == [], name


@SETTINGS
@given(mutated())
def test_mutated_configs(text: str) -> None:
    diagnostics = check_text(text)
    starts = line_starts(text)
    for d in diagnostics:
        if d.path.startswith("/") and d.path != "/" and "/@" not in d.path:
            offset = to_offset(starts, d.line, d.column)
            assert text[offset : offset + 1] == "<", (d, text)


@SETTINGS
@given(mutated(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_mutated_configs_as_bytes(text: str, encoding: str) -> None:
    check_bytes(text.encode(encoding, "surrogatepass"))


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_configs_survive_every_single_deletion(name: str) -> None:
    """Exhaustive over one small config: deleting any one character never breaks the linter."""
    text = VALID[name]
    for i in range(len(text)):
        check_text(text[:i] + text[i + 1 :])
