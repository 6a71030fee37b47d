"""Reading payload files record by record, in flat memory.

Formats, told apart by content: JSON Lines (one record per line), a JSON array (streamed element by
element with ijson), or a single JSON object (a task, a prediction, an ML-backend response).
orjson parses each line or element: the bare parse is the floor any checking run is measured against.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import IO, Any, Final

import orjson

# Arrays up to this size are parsed in one go (fastest); larger ones stream (flat memory).
STREAM_ABOVE: Final = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Record:
    item: int | None  # 0-based record number; None for a file holding one object
    line: int  # 1-based line of the record in the file (0 when not known: streamed arrays)
    value: Any = None
    error: str | None = None  # the JSON error when the record does not parse
    column: int = 0


class PayloadFileError(Exception):
    """The file cannot be opened (the CLI exits with status 2)."""


def _parses(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def sniff(head: bytes) -> str:
    """ "array", "lines" or "object", from the first bytes of a file."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        return "object"
    lines = [x.strip() for x in text.split(b"\n")]
    if len(head) >= 65536 and not head.endswith(b"\n"):
        lines = lines[:-1]  # the last line of a partial read may be cut short
    lines = [x for x in lines if x]
    if lines and _parses(lines[0]):
        # One JSON value per line (even a list as the first record), or a whole file on one line.
        return "lines" if len(lines) > 1 or not text.startswith(b"[") else "array"
    if text.startswith(b"["):
        return "array"
    # A broken first line of a JSON Lines file, or a pretty-printed object: most lines of the former
    # parse on their own, almost none of the latter.
    sample = lines[1:21]
    if sample and sum(_parses(x) for x in sample) * 2 >= len(sample):
        return "lines"
    return "object"


def records(
    path: str, start: int = 0, end: int | None = None, skip: Callable[[bytes], bool] | None = None
) -> Iterator[Record]:
    """The records of `path`; `start`/`end` restrict a JSON Lines file to a byte range (for --jobs).
    JSON Lines records for which `skip(line)` is true are counted but not yielded."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the generator's finally
    except OSError as exc:
        raise PayloadFileError(f"{path}: {exc.strerror or exc}") from exc
    try:
        kind = sniff(fh.read(65536))
        fh.seek(0)
        if kind == "lines":
            yield from _lines(fh, start, end, skip)
        elif kind == "array":
            yield from _array(fh, os.fstat(fh.fileno()).st_size)
        else:
            yield from _object(fh)
    finally:
        fh.close()


def line_ranges(path: str, parts: int) -> list[tuple[int, int]]:
    """Split a JSON Lines file into `parts` byte ranges that start and end at line boundaries."""
    size = os.path.getsize(path)
    if parts <= 1 or size == 0:
        return [(0, size)]
    bounds = [0]
    with open(path, "rb") as fh:
        for k in range(1, parts):
            fh.seek(size * k // parts)
            fh.readline()
            at = fh.tell()
            if at > bounds[-1] and at < size:
                bounds.append(at)
    bounds.append(size)
    return list(pairwise(bounds))


def _lines(
    fh: IO[bytes], start: int, end: int | None, skip: Callable[[bytes], bool] | None
) -> Iterator[Record]:
    if start:
        # Line numbers of a later range are relative; the caller adds the lines before `start`.
        fh.seek(start)
    item = 0
    position = start
    loads = orjson.loads
    for line_no, raw in enumerate(fh, 1):
        position += len(raw)
        stripped = raw.strip()
        if stripped and skip is not None and skip(stripped):
            item += 1
        elif stripped:
            try:
                yield Record(item, line_no, loads(stripped))
            except orjson.JSONDecodeError as exc:
                yield Record(item, line_no, None, _message(exc), getattr(exc, "colno", 0))
            item += 1
        if end is not None and position >= end:
            break


def _array(fh: IO[bytes], size: int) -> Iterator[Record]:
    if size <= STREAM_ABOVE:
        data = fh.read()
        try:
            values = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            yield Record(None, getattr(exc, "lineno", 0), None, _message(exc), getattr(exc, "colno", 0))
            return
        for i, value in enumerate(values):
            yield Record(i, 0, value)
        return
    import ijson  # only arrays too large to load at once stream

    i = 0
    try:
        for value in ijson.items(fh, "item", use_float=True):
            yield Record(i, 0, value)
            i += 1
    except ijson.JSONError as exc:
        yield Record(i, 0, None, f"invalid JSON after record {i - 1}: {exc}")


def _object(fh: IO[bytes]) -> Iterator[Record]:
    data = fh.read()
    if not data.strip():
        yield Record(None, 1, None, "the file is empty")
        return
    try:
        yield Record(None, 1, orjson.loads(data))
    except orjson.JSONDecodeError as exc:
        yield Record(None, getattr(exc, "lineno", 0), None, _message(exc), getattr(exc, "colno", 0))


def _message(exc: orjson.JSONDecodeError) -> str:
    return str(getattr(exc, "msg", exc)).split(":", 1)[0]
