"""Finding configs in what users point us at: XML files, directories, stdin, a Label Studio project
JSON export (`label_config`) or a template YAML (`config: |`). Embedded configs keep positions in the
enclosing file, so `project.json:12:40` is where the problem really is."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .parse import MAX_BYTES, decode, too_large
from .source import OriginMap, Position, Source, Span
from .syntax import INVALID_INPUT


@dataclass(slots=True)
class Loaded:
    """One config ready to check, or the diagnostics explaining why it could not be read."""

    file: str
    source: Source | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


class InputError(Exception):
    """A path that cannot be read at all (exit code 2)."""


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; directories searched recursively for `*.xml`; `-` for stdin."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(str(x) for x in path.rglob("*.xml") if x.is_file())
            if not found:
                raise InputError(f"{p}: no *.xml files in this directory")
            yield from found
        elif path.exists():
            yield p
        else:
            raise InputError(f"{p}: no such file or directory")


def read(path: str, stdin: bytes | None = None) -> list[Loaded]:
    if path == "-":
        data = stdin if stdin is not None else b""
        display = "<stdin>"
        size = len(data)
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
                # Only the limit's worth is read; the message gives the file's real size.
                size = max(len(data), os.fstat(fh.fileno()).st_size)
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from exc
        display = path
    if size > MAX_BYTES:
        return [Loaded(display, None, [too_large(size, display)])]
    return load_bytes(data, display)


def load_bytes(data: bytes, display: str) -> list[Loaded]:
    text, problems = decode(data, display)
    if text is None:
        return [Loaded(display, None, problems)]
    kind = kind_of(display, text)
    if kind == "json":
        return _from_json(text, display)
    if kind == "yaml":
        return _from_yaml(text, display)
    return [Loaded(display, Source(text, display))]


def kind_of(display: str, text: str) -> str:
    """`json`, `yaml` or `xml`: by the file's extension, else by how the text starts."""
    lowered = display.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".yml", ".yaml")):
        return "yaml"
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return "json"
    if head != "<" and re.search(r"^config\s*:", text, re.M):
        return "yaml"
    return "xml"


# --- JSON: a project ({"label_config": ...}), a list of projects, or {"results": [...]} ----------


def _from_json(text: str, display: str) -> list[Loaded]:
    outer = Source(text, display)
    try:
        data = json.loads(text)
    except ValueError as exc:
        msg = getattr(exc, "msg", str(exc))
        pos = outer.position(getattr(exc, "pos", 0))
        return [
            Loaded(display, None, [_input_error(display, pos, f"invalid JSON: {msg}", "fix the JSON syntax")])
        ]
    configs = list(_label_configs(data))
    if not configs:
        return [
            Loaded(
                display,
                None,
                [
                    _input_error(
                        display,
                        Position(1, 1),
                        "no `label_config` found in this JSON file",
                        "pass a Label Studio project export (an object with `label_config`) or an XML config",
                    )
                ],
            )
        ]
    starts = _json_starts(text)
    out = []
    for i, config in enumerate(configs):
        mapping = _json_string_offsets(text, starts[i]) if len(starts) == len(configs) else None
        if mapping is not None and len(mapping) == len(config) + 1:
            source = Source(config, display, origin=_through(mapping, outer), outer_lines=text.splitlines())
        else:
            source = Source(config, display)
        out.append(Loaded(display, source))
    return out


def _json_starts(text: str) -> list[int]:
    """The opening quote of each `label_config` string value, in the order of the file."""
    return [m.end() - 1 for m in re.finditer(r'"label_config"\s*:\s*"', text)]


def json_config_spans(text: str) -> list[tuple[int, int]] | None:
    """Where each `label_config` string of a project export lies in `text` (its opening quote to just
    past its closing one), in the order `load_bytes` yields the configs; None when they cannot be told
    apart from other `label_config` keys."""
    configs = list(_label_configs(json.loads(text)))
    starts = _json_starts(text)
    if len(starts) != len(configs):
        return None
    spans = []
    for start, config in zip(starts, configs, strict=True):
        mapping = _json_string_offsets(text, start)
        if mapping is None or json.loads(text[start : mapping[-1] + 1]) != config:
            return None
        spans.append((start, mapping[-1] + 1))
    return spans


def _label_configs(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        value = data.get("label_config")
        if isinstance(value, str):
            yield value
        elif isinstance(data.get("results"), list):
            yield from _label_configs(data["results"])
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and isinstance(item.get("label_config"), str):
                yield item["label_config"]


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _json_string_offsets(text: str, quote: int) -> list[int] | None:
    """For the JSON string starting at `quote`: the source offset of each decoded character."""
    offsets: list[int] = []
    i = quote + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            offsets.append(i)
            return offsets
        offsets.append(i)
        if ch == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt == "u":
                code = int(text[i + 2 : i + 6], 16)
                i += 6
                if 0xD800 <= code < 0xDC00 and text[i : i + 2] == "\\u":
                    i += 6  # a surrogate pair is one character
                continue
            if nxt not in _ESCAPES:
                return None
            i += 2
            continue
        i += 1
    return None


# --- YAML: Label Studio templates keep the config under `config:` ------------------------------------


def _from_yaml(text: str, display: str) -> list[Loaded]:
    import yaml  # only YAML templates need it; keeps start-up short for everything else

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        return [
            Loaded(
                display, None, [_input_error(display, pos, f"invalid YAML: {problem}", "fix the YAML syntax")]
            )
        ]
    key_node, value = yaml_config_node(node) or (None, None)
    if value is None or key_node is None:
        return [
            Loaded(
                display,
                None,
                [
                    _input_error(
                        display,
                        Position(1, 1),
                        "no `config:` key found in this YAML file",
                        "put the labeling config under a top-level `config: |` key",
                    )
                ],
            )
        ]
    config = value.value
    lines = text.splitlines()
    origin = _literal(config, value, lines) if value.style == "|" else None
    if origin is None:
        offsets = _align(config, text, value.start_mark.index, value.end_mark.index)
        if offsets is not None:
            origin = _through(offsets, Source(text, display))
        else:
            # Escapes (`\n`, `\t`, `\u00e9`) in a quoted config have no one place in the file: point at
            # the `config:` key rather than at a position that means nothing.
            key = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            origin = lambda off: key  # noqa: E731
    return [Loaded(display, Source(config, display, origin=origin, outer_lines=lines))]


def yaml_config_node(node: object) -> tuple[Any, Any] | None:
    """The (key, value) nodes of the top-level `config:` of a composed YAML template, if it is text."""
    import yaml

    found = None
    if isinstance(node, yaml.MappingNode):
        for key, val in node.value:
            text = isinstance(key, yaml.ScalarNode) and isinstance(val, yaml.ScalarNode)
            if text and key.value == "config":
                found = (key, val)
    return found


def _through(offsets: list[int], outer: Source) -> OriginMap:
    """Positions in `outer` for offsets of an embedded text, through each character's offset there."""
    return lambda off: outer.position(offsets[min(off, len(offsets) - 1)])


def _literal(config: str, value: object, lines: list[str]) -> OriginMap | None:
    """Map a `config: |` block line by line (its text is the file's, minus the indentation)."""
    first = value.start_mark.line + 1  # type: ignore[attr-defined]  # 0-based index of the first content line
    content = config.splitlines()
    indent = _indent(lines[first : first + len(content)])
    if not all(
        (lines[first + k][indent:] if first + k < len(lines) else "") == line
        for k, line in enumerate(content)
    ):
        return None
    local = Source(config)
    return lambda off: _shift(local.local_position(off), first, indent)


def _align(value: str, text: str, start: int, end: int) -> list[int] | None:
    """For a folded (`>`), plain or quoted scalar: the offset in `text` of each character of its value
    (and one past the end), matching characters in order. Folding turns a line break and indentation
    into one space (or a blank line into a newline), so whitespace in the file may be skipped or stand
    for a space of the value; quotes, `''` and the backslash of `\\"` are skipped. None when the value
    holds anything else (other escape sequences), which would make every later position a guess."""
    offsets: list[int] = []
    j = start
    if j < end and text[j] in "|>":  # the block indicator line
        j = text.find("\n", j, end) + 1 or end
    elif j < end and text[j] in "'\"":
        j += 1
    for ch in value:
        while j < end and text[j] != ch and (text[j] in " \t\r\n" or text[j] == "'"):
            if ch in " \n" and text[j] in "\r\n":
                break  # a line break folded into this space or newline
            j += 1
        if j >= end:
            return None
        if text[j] == "\\" and text[j + 1 : j + 2] == ch and ch in '"\\/':
            j += 1  # `\"`, `\\` and `\/` in a double-quoted scalar stand for the character itself
        if text[j] == ch:
            offsets.append(j)
            j += 1
        elif ch in " \n" and text[j] in "\r\n":
            offsets.append(j)
            j += 1
            while j < end and text[j] in " \t\r\n":  # the next line's indentation (or blank lines)
                if ch == "\n" and text[j] == "\n":
                    break
                j += 1
        else:
            return None
    offsets.append(min(j, len(text)))
    return offsets


def _indent(lines: list[str]) -> int:
    widths = [len(x) - len(x.lstrip(" ")) for x in lines if x.strip()]
    return min(widths) if widths else 0


def _shift(p: Position, first_line_index: int, indent: int) -> Position:
    return Position(p.line + first_line_index, p.column + indent)


def _input_error(display: str, pos: Position, message: str, help: str) -> Diagnostic:
    return replace(INVALID_INPUT.diag(Span(pos, pos), message, help=help), file=display)
