"""`labelconfig fmt` on whole files, as `check` reads them: an XML config is laid out anew; in a project
JSON export or a template YAML only the embedded config is, in place, and the rest of the file keeps its
bytes. Line endings (LF or CRLF, as the file's first line ends) and a byte order mark are kept, so an
already formatted CRLF file is left alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .fmt import FormatError, format_source
from .inputs import json_config_spans, kind_of, load_bytes, yaml_config_node
from .parse import _BOMS, decode

_DECLARED = re.compile(r'\A\s*<\?xml[^>]*encoding=["\']([^"\']+)')


@dataclass(frozen=True, slots=True)
class Reformatted:
    old: str  # the file's text
    new: str  # its text once formatted
    data: bytes  # what to write: `new` in the file's encoding, with its byte order mark if it had one


def reformat(data: bytes, display: str) -> Reformatted:
    """The file `data` (named `display` in messages) formatted; `FormatError` says why it cannot be."""
    text, problems = decode(data, display)
    if text is None:
        raise FormatError(f"{display}: cannot decode", problems)
    loaded = load_bytes(data, display)
    unreadable = [d for item in loaded if item.source is None for d in item.diagnostics]
    if unreadable:
        raise FormatError(f"{display}: no config to format", unreadable)
    configs = [format_source(item.source) for item in loaded if item.source is not None]
    kind = kind_of(display, text)
    if kind == "json":
        new = _in_json(text, configs, display)
    elif kind == "yaml":
        new = _in_yaml(text, configs[0], display)
    else:
        new = configs[0].replace("\n", _newline(text))
    # The codec that read a byte order mark writes it back (`utf-8-sig`, `utf-16`, `utf-32`).
    bom = next((codec for mark, codec in _BOMS if data.startswith(mark)), None)
    declared = _DECLARED.search(text) if kind == "xml" else None
    encoding = bom or (declared.group(1) if declared else "utf-8")
    return Reformatted(text, new, new.encode(encoding, "xmlcharrefreplace"))


def _newline(text: str) -> str:
    """The file's line ending, as its first line ends."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _in_json(text: str, configs: list[str], display: str) -> str:
    """Each `label_config` string replaced by its formatted config, escaped as it was (raw non-ASCII
    stays raw); the file's other bytes are kept."""
    spans = json_config_spans(text)
    if spans is None or len(spans) != len(configs):
        raise FormatError(f"{display}: cannot tell where each `label_config` is; nothing written")
    out, done = [], 0
    for (start, end), config in zip(spans, configs, strict=True):
        token = text[start:end]
        if "\r\n" in json.loads(token):
            config = config.replace("\n", "\r\n")
        out += [text[done:start], json.dumps(config, ensure_ascii=token.isascii())]
        done = end
    new = "".join([*out, text[done:]])
    _same_apart_from_configs(json.loads(text), json.loads(new), display)
    return new


def _same_apart_from_configs(old: Any, new: Any, display: str) -> None:
    """Nothing but `label_config` values changed (a guard: the file is the user's data)."""

    def without(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: None if k == "label_config" else without(v) for k, v in value.items()}
        return [without(v) for v in value] if isinstance(value, list) else value

    if without(old) != without(new):
        raise FormatError(f"{display}: reformatting would change more than the config; nothing written")


def _in_yaml(text: str, config: str, display: str) -> str:
    """The `config:` value rewritten as a literal block (`|`) holding the formatted config; a literal
    block keeps its header and indentation, every other line of the file stays as it was."""
    import yaml

    newline = _newline(text)
    lf = text.replace("\r\n", "\n")
    key, value = yaml_config_node(yaml.compose(lf, Loader=yaml.SafeLoader)) or (None, None)
    assert key is not None and value is not None  # load_bytes found it in the same text
    lines = config.splitlines()
    block = _literal_lines(lf, value)
    if block is not None:
        start, end, indent = block
        body = "".join(f"{' ' * indent}{line}\n" if line else "\n" for line in lines)
    else:
        start, end = value.start_mark.index, value.end_mark.index
        at_line_start = lf[end - 1 : end] == "\n"  # a block scalar ends where the next line starts
        line_end = lf.find("\n", end)
        if not at_line_start and lf[end : len(lf) if line_end == -1 else line_end].strip():
            raise FormatError(f"{display}: text follows the config on its line; move it, then run fmt")
        pad = " " * (key.start_mark.column + 2)
        body = "|\n" + "\n".join(f"{pad}{line}" if line else "" for line in lines)
        body += "\n" if at_line_start else ""
    new = lf[:start] + body + lf[end:]
    expected = yaml.safe_load(lf)
    expected["config"] = config if block is None else _clipped(lf, value, config)
    if yaml.safe_load(new) != expected:
        raise FormatError(f"{display}: reformatting would change more than the config; nothing written")
    return new.replace("\n", newline)


def _clipped(text: str, value: Any, config: str) -> str:
    """The formatted config as the literal block's header reads it back (`|-` strips the last newline)."""
    header = text[value.start_mark.index : text.find("\n", value.start_mark.index)].split("#")[0]
    return config.rstrip("\n") if "-" in header else config


def _literal_lines(text: str, value: Any) -> tuple[int, int, int] | None:
    """For a `config: |` block whose lines are the config's own: the offsets of its content lines and
    their indentation; None for any other style of scalar."""
    if value.style != "|":
        return None
    lines = text.split("\n")
    first = value.start_mark.line + 1
    content = value.value.splitlines()
    shown = [x for x in lines[first : first + len(content)] if x.strip()]
    indent = min((len(x) - len(x.lstrip(" ")) for x in shown), default=0)
    if [x[indent:] for x in lines[first : first + len(content)]] != content:
        return None
    start = sum(len(x) + 1 for x in lines[:first])
    end = start + sum(len(x) + 1 for x in lines[first : first + len(content)])
    return start, min(end, len(text)), indent
