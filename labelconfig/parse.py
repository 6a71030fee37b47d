"""Stage 1: text -> AST.

lxml checks well-formedness (hardened: no DTD loading, no entity expansion, no network, libxml2's
depth limit) and reports every syntax error in one pass (recover mode). Positions come from our own
scan of the text: lxml's `sourceline` is the *last* line of a multi-line start tag and has no column.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Final

from lxml import etree

from .diagnostics import Diagnostic
from .nodes import Attribute, Element
from .source import Position, Source, Span
from .syntax import (
    BAD_ENCODING,
    DTD_FORBIDDEN,
    ENCODING_DECLARATION,
    INVALID_SUPPRESSION,
    INVALID_XML,
    TOO_LARGE,
)
from .tags import lookup
from .tags.model import Children

MAX_BYTES: Final = 2 * 1024 * 1024  # the largest real config is ~10 KB
MAX_ELEMENTS: Final = 10_000  # the largest real configs have a few hundred

_DECL = re.compile(r"<\?xml\s[^>]*?\?>", re.S)
_DECL_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")
_BYTES_DECL = re.compile(rb"<\?xml\s[^>]{0,200}?\?>", re.S)
_BYTES_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']{0,40})["']""")

# One match per markup construct, in document order. Only start tags capture a name; the document is
# known to be well-formed when this runs, so quoted attribute values are the only place a `>` hides.
_MARKUP = re.compile(
    r"""<(?:
        !--.*?--> |
        !\[CDATA\[.*?\]\]> |
        \?.*?\?> |
        !DOCTYPE(?:[^\[>]|\[.*?\])*> |
        /[^>]*> |
        ([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*/?>
    )""",
    re.S | re.X,
)
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# `labelconfig:` starts a directive; its keyword ends at a space or comma, and what follows is codes.
_DIRECTIVE = re.compile(r"^\s*labelconfig:\s*([^\s,]*)(.*)$", re.S | re.I)
_TOKEN = re.compile(r"[^\s,]+")
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Directive:
    """A code named in a `labelconfig: ignore` comment, where it stands."""

    code: str
    keyword: str
    span: Span


@dataclass(frozen=True, slots=True)
class Parsed:
    source: Source
    root: Element | None
    diagnostics: tuple[Diagnostic, ...]
    file_ignores: frozenset[str] = frozenset()
    directives: tuple[Directive, ...] = ()


def decode(data: bytes, file: str = "<bytes>") -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text: a BOM wins, then an XML encoding declaration, then UTF-8."""
    if len(data) > MAX_BYTES:
        return None, [too_large(len(data), file)]
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        encoding = "utf-8"
        decl = _BYTES_DECL.match(data)
        if decl:
            declared = _BYTES_ENCODING.search(decl.group(0))
            if declared:
                name = declared.group(1).decode("ascii", "replace")
                try:
                    encoding = codecs.lookup(name).name
                except LookupError:
                    line = 1
                    col = declared.start(1) + 1
                    return None, [
                        BAD_ENCODING.diag(
                            _point(line, col),
                            f"the XML declaration names an unknown encoding `{name}`",
                            help="save the file as UTF-8 and remove the `<?xml ... ?>` declaration",
                            file=file,
                        )
                    ]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode(encoding, "replace")
        line = prefix.count("\n") + 1
        col = len(prefix) - (prefix.rfind("\n") + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return None, [
            BAD_ENCODING.diag(
                _point(line, col),
                f"the file is not valid {encoding}: byte 0x{bad} cannot be decoded",
                help="save the config as UTF-8 text; binary files are not labeling configs",
                file=file,
            )
        ]
    return text.lstrip("\ufeff"), []


def parse_source(source: Source) -> Parsed:
    """Parse `source` into an AST plus syntax diagnostics. Never raises on bad input."""
    text = source.text
    if len(text) > MAX_BYTES:
        return Parsed(source, None, (too_large(len(text.encode("utf-8", "replace")), source.file),))
    diagnostics: list[Diagnostic] = []
    decl = _DECL.match(text)
    if decl:
        enc = _DECL_ENCODING.search(decl.group(0))
        if enc:
            start = decl.start() + enc.start()
            diagnostics.append(
                ENCODING_DECLARATION.diag(
                    source.span(start, decl.start() + enc.end()),
                    f'XML declaration with `encoding="{enc.group(1)}"`: Label Studio cannot load this config',
                    help="remove the `<?xml ... ?>` line; Label Studio stores configs as Unicode text",
                    path="/",
                )
            )
        # lxml refuses str input with an encoding declaration; blanking keeps every offset intact.
        text = " " * decl.end() + text[decl.end() :]
    if not text.strip():
        diagnostics.append(
            INVALID_XML.diag(
                source.span(0, 0), "the config is empty", help="a config is one `<View>...</View>` element"
            )
        )
        return Parsed(source, None, tuple(diagnostics))

    at = _doctype_offset(text)
    if at is not None:
        # Refused before libxml2 sees it: a DOCTYPE can name external files (external subset,
        # parameter entities) that some parser settings would open, and entities can amplify.
        diagnostics.append(
            DTD_FORBIDDEN.diag(
                source.span(at, at + len("<!DOCTYPE")),
                "the config declares a DTD; entities and DTDs are not allowed",
                help="remove the `<!DOCTYPE ...>` block and write values out in full",
                path="/",
            )
        )
        return Parsed(source, None, tuple(diagnostics))

    # No `collect_ids=False`: that option makes libxml2 load an external DTD subset from disk.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=False,
        remove_pis=False,
    )
    try:
        root = etree.fromstring(text, parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    errors = _syntax_errors(parser.error_log, source)
    if errors or root is None:
        if not errors:
            errors = [
                INVALID_XML.diag(source.span(0, 0), "no root element found", help="write `<View>...</View>`")
            ]
        return Parsed(source, None, tuple(diagnostics + errors))

    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        diagnostics.append(
            TOO_LARGE.diag(
                source.span(0, 0),
                f"the config has {count} elements, more than the limit of {MAX_ELEMENTS}",
                help="split the config; real labeling configs have at most a few hundred elements",
            )
        )
        return Parsed(source, None, tuple(diagnostics))

    builder = _Builder(source, text)
    file_ignores = builder.directives(root.itersiblings(preceding=True))
    file_ignores |= builder.directives(root.itersiblings())
    node = builder.build(root, "", 1, markup=False, ignores=builder.pending)
    diagnostics += builder.problems
    return Parsed(
        source, node, tuple(diagnostics), frozenset(builder.file_ignores | file_ignores), tuple(builder.codes)
    )


def _doctype_offset(text: str) -> int | None:
    """Where a `<!DOCTYPE` starts in the prolog (after whitespace, comments and PIs), if anywhere."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end == -1:
                return None
            i = end + 3
        elif text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end == -1:
                return None
            i = end + 2
        else:
            return i if text.startswith("<!DOCTYPE", i) else None
    return None


def too_large(size: int, file: str = "") -> Diagnostic:
    return TOO_LARGE.diag(
        _point(1, 1),
        f"the input is {size:,} bytes, more than the {MAX_BYTES:,}-byte limit for a labeling config",
        help="check that this is a labeling config; real configs are a few kilobytes",
        file=file,
    )


def _point(line: int, column: int) -> Span:
    p = Position(line, column)
    return Span(p, p)


_FRIENDLY: Final = {
    "ERR_TAG_NAME_MISMATCH": "close the inner tag before its parent, or make the names match",
    "ERR_ATTRIBUTE_REDEFINED": "an attribute may appear only once per tag; remove the duplicate",
    "ERR_ATTRIBUTE_NOT_STARTED": 'put attribute values in quotes: name="value"',
    "ERR_ATTRIBUTE_WITHOUT_VALUE": 'every attribute needs a quoted value: name="value"',
    "ERR_LT_IN_ATTRIBUTE": "write `<` inside attribute values as `&lt;`",
    "ERR_ENTITYREF_SEMICOL_MISSING": "write a literal `&` as `&amp;`",
    "ERR_UNDECLARED_ENTITY": "XML knows only &amp; &lt; &gt; &quot; &apos;; write others as &#160; (numeric)",
    "ERR_DOCUMENT_END": "a config has exactly one root element; wrap everything in one `<View>`",
    "ERR_DOCUMENT_EMPTY": "a config is one `<View>...</View>` element",
    "ERR_TAG_NOT_FINISHED": "close every tag: `<Tag ...>...</Tag>` or `<Tag .../>`",
    "ERR_GT_REQUIRED": "end the start tag with `>` or `/>`",
    "ERR_RESOURCE_LIMIT": "nest elements less deeply (libxml2 allows 256 levels)",
    "ERR_INVALID_CHAR": "remove control characters; the config must be text",
    "ERR_NAME_REQUIRED": "a tag name must follow `<`; write a literal `<` as `&lt;`",
    # libxml2 files a bare `&` (one followed by a space or quote) under ERR_NAME_REQUIRED too.
    "xmlParseEntityRef": "write a literal `&` as `&amp;`",
}


# libxml2 reports where it noticed a problem, which for these is just past the construct at fault.
_BACK_TO: Final = {
    "ERR_TAG_NAME_MISMATCH": "</",
    "ERR_UNDECLARED_ENTITY": "&",
    "ERR_ENTITYREF_SEMICOL_MISSING": "&",
    "xmlParseEntityRef": "&",
}


def _syntax_errors(log: etree._ListErrorLog, source: Source) -> list[Diagnostic]:
    seen: set[tuple[int, int]] = set()
    out: list[Diagnostic] = []
    for entry in log:
        if entry.level < etree.ErrorLevels.ERROR:
            continue
        message = re.sub(r",? line \d+, column \d+$", "", entry.message.strip())
        # Recovery often reports one mistake several times at one spot; the first message is the cause.
        key = (entry.line, entry.column)
        if key in seen:
            continue
        seen.add(key)
        offset = source.offset(entry.line, entry.column)
        kind = "xmlParseEntityRef" if message.startswith("xmlParseEntityRef") else entry.type_name
        marker = _BACK_TO.get(kind)
        if marker is not None:
            line_start = source.offset(entry.line, 1)
            found = source.text.rfind(marker, line_start, offset)
            if found != -1:
                offset = found
        help = _FRIENDLY.get(kind, "fix the XML syntax at this position")
        if entry.type_name == "ERR_UNDECLARED_ENTITY" and "Entity '" in message:
            help = _FRIENDLY["ERR_UNDECLARED_ENTITY"]
        out.append(INVALID_XML.diag(source.span(offset, offset), message, help=help))
    return out


class _Builder:
    """Turns the lxml tree into frozen nodes, pairing each element with its scanned start tag."""

    def __init__(self, source: Source, text: str) -> None:
        self.source = source
        self.starts = (m for m in _MARKUP.finditer(text) if m.group(1) is not None)
        self.text = text
        self.pending: frozenset[str] = frozenset()
        self.file_ignores: set[str] = set()
        self.problems: list[Diagnostic] = []  # malformed `labelconfig:` comments (LC007)
        self.codes: list[Directive] = []  # every code named in a `labelconfig:` comment

    def directives(self, nodes: object) -> set[str]:
        codes: set[str] = set()
        for node in nodes:  # type: ignore[attr-defined]
            if isinstance(node, etree._Comment):
                parsed = self._directive(node)
                if parsed is not None:
                    whole_file, found = parsed
                    if whole_file:
                        codes |= found
                        self.file_ignores |= found
                    else:
                        self.pending = self.pending | found
        return codes

    def _directive(self, node: etree._Comment) -> tuple[bool, frozenset[str]] | None:
        text = node.text or ""
        m = _DIRECTIVE.match(text)
        if m is None:
            return None
        keyword = m.group(1)
        if keyword.lower() not in ("ignore", "ignore-file"):
            # A misspelt directive silences nothing; say so rather than leave the user believing it works.
            from .suggest import did_you_mean

            hint, _ = did_you_mean(keyword, ["ignore", "ignore-file"])
            self._bad_directive(
                node,
                m.start(1),
                len(keyword) or 1,
                f"`labelconfig: {keyword}` is not a directive; nothing is silenced",
                hint
                or "write `labelconfig: ignore CODES` (next element) or `labelconfig: ignore-file CODES`",
            )
            return None
        tokens = [(t.group(0), m.start(2) + t.start()) for t in _TOKEN.finditer(m.group(2))]
        start = self._comment_offset(node) + len("<!--")
        for token, at in tokens:
            # Whether the code exists is checked against the whole rule table after parsing
            # (`check.unknown_codes`): the parser sits below the rules and does not import them.
            span = self.source.span(start + at, start + at + len(token))
            self.codes.append(Directive(token, keyword, span))
        codes = frozenset(t.upper() for t, _ in tokens) or frozenset({"*"})
        return keyword.lower() == "ignore-file", codes

    def _bad_directive(self, node: etree._Comment, at: int, length: int, message: str, help: str) -> None:
        start = self._comment_offset(node) + len("<!--") + at
        self.problems.append(
            INVALID_SUPPRESSION.diag(self.source.span(start, start + length), message, help=help, path="/")
        )

    def _comment_offset(self, node: etree._Comment) -> int:
        """Where the comment starts in the text (lxml gives only a line, for a comment its last)."""
        needle = f"<!--{node.text or ''}-->"
        line = max(1, _line(node) - needle.count("\n"))
        found = self.text.find(needle, self.source.offset(line, 1))
        return found if found != -1 else self.source.offset(line, 1)

    def build(
        self, el: etree._Element, parent_path: str, index: int, markup: bool, ignores: frozenset[str]
    ) -> Element:
        self.pending = frozenset()
        tag = el.tag if isinstance(el.tag, str) else str(el.tag)
        local_tag = tag.rsplit("}", 1)[-1]
        path = f"{parent_path}/{local_tag}[{index}]"
        start = next(self.starts, None)
        span = None
        scanned: dict[str, tuple[int, int, int, int]] = {}
        if start is not None and start.group(1).rsplit(":", 1)[-1] == local_tag.rsplit(":", 1)[-1]:
            span = self.source.span(start.start(), start.start() + 1 + len(start.group(1)))
            base = start.start(2)
            for a in _ATTR.finditer(start.group(2)):
                value_start = a.start(2) if a.group(2) is not None else a.start(3)
                value_end = a.end(2) if a.group(2) is not None else a.end(3)
                scanned[a.group(1).rsplit(":", 1)[-1]] = (
                    base + a.start(),
                    base + a.end(),
                    base + value_start,
                    base + value_end,
                )
        elif el.sourceline:
            at = self.source.offset(_line(el), 1)
            span = self.source.span(at, at)
        spec = None if markup else lookup(local_tag)
        attributes = []
        for raw_name, raw_value in el.attrib.items():
            # lxml's stubs allow bytes; a parsed document gives str
            name, value = str(raw_name).rsplit("}", 1)[-1], str(raw_value)
            where = scanned.get(name)
            if where is None:
                a_span = v_span = span
            else:
                a_span = self.source.span(where[0], where[1])
                v_span = self.source.span(where[2], where[3])
            attributes.append(Attribute(name, value, a_span, v_span, f"{path}/@{name}"))

        child_markup = markup or (spec is not None and spec.children == Children.HTML)
        children: list[Element] = []
        counters: dict[str, int] = {}
        text_parts = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str):
                child_tag = child.tag.rsplit("}", 1)[-1]
                counters[child_tag] = counters.get(child_tag, 0) + 1
                children.append(self.build(child, path, counters[child_tag], child_markup, self.pending))
            else:
                self.directives((child,))
            text_parts.append(child.tail or "")
        self.pending = frozenset()  # a directive closing an element does not reach past it
        return Element(
            tag=local_tag,
            attributes=tuple(attributes),
            children=tuple(children),
            text="".join(text_parts).strip(),
            span=span,
            path=path,
            spec=spec,
            markup=markup,
            ignores=ignores,
        )


def _line(node: etree._Element) -> int:
    """lxml's line of a node (its stubs type `sourceline` loosely); 1 when unknown."""
    line = node.sourceline
    return line if isinstance(line, int) and line > 0 else 1
