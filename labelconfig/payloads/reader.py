"""Reading payload files record by record, in flat memory.

Formats, told apart by content: JSON Lines (one record per line), a JSON array (streamed element by
element), or a single JSON object (a task, a prediction, an ML-backend response).
orjson parses each line or element: the bare parse is the floor any checking run is measured against.

Large arrays are cut into runs of whole elements without a byte-by-byte scan in Python: a cut is
guessed where the brace count returns to the array's level, and msgspec confirms it by reading the run
as an array of raw elements. A guess inside a string, or inside an element, cannot read as a complete
array, so a wrong guess is never taken; the rest of the file then streams through ijson instead.
"""

from __future__ import annotations

import io
import itertools
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import IO, Any, Final

import msgspec
import orjson

# Arrays up to this size are parsed in one go (fastest); larger ones stream (flat memory).
STREAM_ABOVE: Final = 32 * 1024 * 1024


# Not frozen: a frozen dataclass sets each field through object.__setattr__ (four times the cost of a
# plain one), and a reader makes one per record.
@dataclass(slots=True)
class Record:
    item: int | None  # 0-based record number; None for a file holding one object
    line: int  # 1-based line of the record in the file (0: ask `locate`, or not known)
    value: Any = None
    error: str | None = None  # the JSON error when the record does not parse
    column: int = 0
    # Elements of a JSON array: where the record starts, found by scanning the file only when a
    # record has something to report (the parsers do not tell, and most records are clean).
    locate: Callable[[], tuple[int, int]] | None = None
    # With `records(..., parse=False)`: the record's JSON text (a line or an array element), for a
    # reader that decodes it itself; `value` is then None. Elements read after a broken cut guess
    # arrive parsed instead (`raw` None).
    raw: Any = None


class PayloadFileError(Exception):
    """The file cannot be opened (the CLI exits with status 2)."""


BOM: Final = b"\xef\xbb\xbf"
_SPACE: Final = b" \t\r\n"
SCAN_LIMIT: Final = 4 * 1024 * 1024  # bytes scanned to tell one pretty-printed object from broken lines
SCAN_CHUNK = 1024 * 1024  # bytes read per step of a scan (tests make it tiny to cross chunk edges)


def _parses(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _is_record_line(line: bytes) -> bool:
    """A line that is a whole non-empty JSON object by itself: what JSON Lines files are made of, and
    what pretty-printers never write (they break objects over lines)."""
    if not line.startswith(b"{"):
        return False
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return isinstance(value, dict) and bool(value)


def sniff_file(path: str) -> str:
    """The layout of `path` ("lines", "array" or "object"); `PayloadFileError` when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return _layout(fh)
    except OSError as exc:
        raise PayloadFileError(f"{path}: {exc.strerror or exc}") from exc


def sniff(head: bytes) -> str:
    """ "array", "lines" or "object", from the first bytes of a file."""
    return _layout(io.BytesIO(head))


def _layout(fh: IO[bytes]) -> str:
    """Decided once, from the start of the file:

    - first non-space byte `[`: a JSON array, unless its first line is a whole value and more follow
      (JSON Lines whose records are lists, reported as such);
    - `{` and the first line is a whole value, or the first value ends before the file does: JSON
      Lines (one value per line; broken lines are reported one by one);
    - `{` and the first value is the whole file: one object;
    - `{` and the first value never ends cleanly (a broken first line): JSON Lines when another line
      is a whole object by itself, one broken object otherwise.
    """
    head = fh.read(65536)
    partial = len(head) == 65536
    text = head[len(BOM) :] if head.startswith(BOM) else head
    text = text.lstrip(_SPACE)
    if not text:
        return "object"
    lines = [x.strip() for x in text.split(b"\n")]
    if partial:
        lines = lines[:-1]  # the last line of a partial read may be cut short
    lines = [x for x in lines if x]
    first = lines[0] if lines else b""
    more = len(lines) > 1 or (partial and len(lines) == 1)
    if text.startswith(b"["):
        return "lines" if first and more and _parses(first) else "array"
    if not text.startswith(b"{"):
        return "lines" if more else "object"
    if first and _parses(first):
        return "lines"  # even a single line: its record is numbered, as in any JSON Lines file
    fh.seek(0)
    end = _first_value_end(fh)
    if end is not None:
        fh.seek(end)
        rest = fh.read(4096).strip(_SPACE)
        return "lines" if rest else "object"
    return "lines" if any(_is_record_line(x) for x in lines[1:]) else "object"


_IN_STRING: Final = re.compile(rb'["\\\n]')
_OUTSIDE: Final = re.compile(rb'["\[\]{},\n]')
_NON_SPACE: Final = re.compile(rb"[^ \t\r\n]")
_CLOSER: Final = {ord("]"): ord("["), ord("}"): ord("{")}


class _Scanner:
    """A byte-level walk over JSON text that tracks strings, nesting and lines, chunk by chunk, without
    building anything: where the first top-level value ends, and where each array element starts."""

    def __init__(self, fh: IO[bytes], on_start: Callable[[int, int], None] | None = None) -> None:
        self.fh = fh
        self.on_start = on_start  # called with (line, column) of each element of the top array
        self.base = 0  # file offset of the current chunk
        self.line = 1
        self.line_start = 0  # file offset where the current line starts
        self.stack: list[int] = []
        self.in_string = self.escaped = self.expecting = False
        self.broken = False
        self.end: int | None = None  # offset just past the first top-level value, once closed

    def feed(self) -> bool:
        """Scan one more chunk; False at the end of the file or once the walk cannot go on."""
        buf = self.fh.read(SCAN_CHUNK)
        if not buf or self.broken or self.end is not None:
            return False
        i, n = 0, len(buf)
        if self.escaped:
            i, self.escaped = 1, False
        while i < n:
            if self.in_string:
                m = _IN_STRING.search(buf, i)
                if m is None:
                    break
                c, i = buf[m.start()], m.end()
                if c == 0x5C:  # backslash: the next byte is escaped, possibly in the next chunk
                    if i < n:
                        i += 1
                    else:
                        self.escaped = True
                elif c == 0x22:
                    self.in_string = False
                else:  # a raw newline cannot be inside a JSON string: the text is broken here
                    self.broken = True
                    return False
                continue
            if self.expecting:
                m = _NON_SPACE.search(buf, i)
                if m is None:
                    self._newlines(buf, i, n)
                    break
                self._newlines(buf, i, m.start())
                self.expecting = False
                i = m.start()
                if buf[i] != 0x5D and self.on_start is not None:  # `]`: no element here
                    self.on_start(self.line, self.base + i - self.line_start + 1)
            m = _OUTSIDE.search(buf, i)
            if m is None:
                break
            c, i = buf[m.start()], m.end()
            if c == 0x22:
                self.in_string = True
            elif c == 0x0A:
                self.line += 1
                self.line_start = self.base + i
            elif c in (0x5B, 0x7B):
                self.stack.append(c)
                self.expecting = c == 0x5B and len(self.stack) == 1
            elif c == 0x2C:
                self.expecting = len(self.stack) == 1
            else:
                if not self.stack or self.stack.pop() != _CLOSER[c]:
                    self.broken = True
                    return False
                if not self.stack:
                    self.end = self.base + i
                    return False
        self.base += n
        return True

    def _newlines(self, buf: bytes, start: int, end: int) -> None:
        count = buf.count(b"\n", start, end)
        if count:
            self.line += count
            self.line_start = self.base + buf.rindex(b"\n", start, end) + 1


def _first_value_end(fh: IO[bytes]) -> int | None:
    """Offset just past the first top-level value, or None when it is broken or does not end within
    `SCAN_LIMIT` bytes."""
    scanner = _Scanner(fh)
    while scanner.base < SCAN_LIMIT and scanner.feed():
        pass
    return scanner.end


class _ElementStarts:
    """(line, column) of each element of the JSON array in `path`, found on demand: a second handle
    scans forward only as far as the records asked about, so clean files are never scanned."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: deque[tuple[int, int]] = deque()
        self.first = 0  # index of found[0]
        self.scanner: _Scanner | None = None
        self.done = False

    def __call__(self, index: int) -> tuple[int, int]:
        if self.scanner is None:
            fh = open(self.path, "rb")  # noqa: SIM115 - kept open while records are read; see close()
            self.scanner = _Scanner(fh, lambda line, col: self.found.append((line, col)))
        while self.first + len(self.found) <= index and not self.done:
            self.done = not self.scanner.feed()
        # Later records are asked about in order: forget the starts before this one.
        while self.found and self.first < index:
            self.found.popleft()
            self.first += 1
        return self.found[0] if self.found and self.first == index else (0, 0)

    def close(self) -> None:
        if self.scanner is not None:
            self.scanner.fh.close()


def records(
    path: str,
    start: int = 0,
    end: int | None = None,
    skip: Callable[[bytes], bool] | None = None,
    stream_above: int = STREAM_ABOVE,
    parse: bool = True,
) -> Iterator[Record]:
    """The records of `path`; `start`/`end` restrict a JSON Lines file to a byte range (for --jobs).
    JSON Lines records for which `skip(line)` is true are counted but not yielded. JSON arrays
    larger than `stream_above` bytes are streamed element by element. With `parse=False`, lines and
    streamed elements come as JSON text in `Record.raw` (see `Record`)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the generator's finally
    except OSError as exc:
        raise PayloadFileError(f"{path}: {exc.strerror or exc}") from exc
    starts = _ElementStarts(path)
    try:
        kind = _layout(fh)
        fh.seek(0)
        if fh.read(len(BOM)) != BOM:  # a UTF-8 BOM (Windows editors write one) is not JSON
            fh.seek(0)
        if kind == "lines":
            yield from _lines(fh, max(start, fh.tell()), end, skip, parse)
        elif kind == "array":
            yield from _array(fh, os.fstat(fh.fileno()).st_size, starts, stream_above, parse)
        else:
            yield from _object(fh)
    finally:
        fh.close()
        starts.close()


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
    fh: IO[bytes],
    start: int,
    end: int | None,
    skip: Callable[[bytes], bool] | None,
    parse: bool,
) -> Iterator[Record]:
    if start:
        # Line numbers of a later range are relative (the caller adds the lines before `start`).
        fh.seek(start)
    item = 0
    position = start
    loads = orjson.loads
    for line_no, raw in enumerate(fh, 1):
        position += len(raw)
        stripped = raw.strip()
        if stripped and skip is not None and skip(stripped):
            item += 1
        elif stripped and not parse:
            yield Record(item, line_no, raw=stripped)
            item += 1
        elif stripped:
            try:
                yield Record(item, line_no, loads(stripped))
            except orjson.JSONDecodeError as exc:
                yield Record(item, line_no, None, json_error(exc), getattr(exc, "colno", 0))
            item += 1
        if end is not None and position >= end:
            break


def _array(
    fh: IO[bytes], size: int, starts: _ElementStarts, stream_above: int, parse: bool
) -> Iterator[Record]:
    def at(i: int) -> Callable[[], tuple[int, int]]:
        return lambda: starts(i)

    if size <= stream_above and parse:
        data = fh.read()
        try:
            values = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            yield Record(None, getattr(exc, "lineno", 0), None, json_error(exc), getattr(exc, "colno", 0))
            return
        for i, value in enumerate(values):
            yield Record(i, 0, value, locate=at(i))
        return
    i = 0
    loads = orjson.loads
    try:
        for raw, value in elements(fh):
            if raw is None:
                yield Record(i, 0, value, locate=at(i))
            elif not parse:
                yield Record(i, 0, raw=raw, locate=at(i))
            else:
                try:
                    value = loads(memoryview(raw))
                except orjson.JSONDecodeError as exc:  # JSON, but beyond orjson (a 65-bit integer)
                    yield Record(i, 0, None, json_error(exc), locate=at(i))
                else:
                    yield Record(i, 0, value, locate=at(i))
            i += 1
    except JSONError as exc:
        yield Record(i, 0, None, f"invalid JSON in record {i + 1}: {exc}", locate=at(i))


# Bytes read per run of elements (tests make it tiny). Larger runs are no faster: 50,000 box tasks to
# COCO on two workers took 1.70 s with 4 MiB and with 256 KiB runs, at 139 and 74 MiB peak.
ARRAY_CHUNK = 256 * 1024
_RAW_ELEMENTS: Final = msgspec.json.Decoder(list[msgspec.Raw])


class JSONError(ValueError):
    """The array is not valid JSON; the message says what the parser found."""


def elements(fh: IO[bytes]) -> Iterator[tuple[msgspec.Raw | None, Any]]:
    """(raw JSON text, None) for each element of the JSON array at `fh`'s position, in flat memory;
    (None, parsed value) for the elements after a cut that could not be guessed (see the module
    docstring). Raises `JSONError` where the text stops being JSON."""
    for run in runs(fh):
        if run.raw is not None:
            for raw in run.raw:
                yield raw, None
        else:
            yield None, run.value


@dataclass(frozen=True, slots=True)
class Run:
    """Whole elements of a JSON array: `raw` texts confirmed together, from byte `start` up to `end`
    (offsets in the file; the separator before the next run lies between), or one parsed `value`."""

    start: int
    end: int
    raw: list[msgspec.Raw] | None = None
    value: Any = None


def runs(fh: IO[bytes]) -> Iterator[Run]:
    """The JSON array at `fh`'s position as runs of whole elements (see `elements`)."""
    origin = fh.tell()
    chunk = fh.read(ARRAY_CHUNK)
    head = chunk.lstrip(_SPACE)
    if not head.startswith(b"["):
        raise JSONError("not a JSON array")
    tail, first = head[1:], True
    pos = origin + len(chunk) - len(tail)  # file offset of tail[0]
    depth = tail.count(b"{") - tail.count(b"}")  # brace depth at the end of `tail`, outside the array
    searched = 0  # no cut was found before this offset of `tail`
    while True:
        more = fh.read(ARRAY_CHUNK)
        if more:
            tail += more
            depth += more.count(b"{") - more.count(b"}")
        if not first:
            # After a cut comes the separator: a comma and the next element, or the array's end.
            rest = tail.lstrip(_SPACE)
            after = rest[1:].lstrip(_SPACE) if rest.startswith(b",") else None
            if more and (not rest or after == b""):
                continue  # the byte that tells is not read yet
            if rest.startswith(b"]"):
                following = rest  # read as `[` + `]` below: no element left
            elif after and not after.startswith(b"]"):
                following = after
            else:
                # A trailing comma, a missing one, or the end of the file: ijson reads the text after a
                # stand-in element, so it reports the error an element followed by this text makes.
                yield from itertools.islice(_fallback(b"[null" + tail, fh, pos), 1, None)
                return
            pos += len(tail) - len(following)
            tail, first = following, True
        if not more:  # the end of the file: the tail must close the array
            try:
                found = _RAW_ELEMENTS.decode(b"[" + tail)
            except msgspec.DecodeError:
                yield from _fallback(b"[" + tail, fh, pos)
                return
            if found:
                yield Run(pos, pos + len(tail), found)
            return
        cut = _guess_cut(tail, depth, searched)
        if cut is None:
            searched = len(tail)
            continue
        try:
            found = _RAW_ELEMENTS.decode(b"[" + tail[:cut] + b"]")
        except msgspec.DecodeError:
            yield from _fallback(b"[" + tail, fh, pos)
            return
        yield Run(pos, pos + cut, found)
        tail, first, searched = tail[cut:], False, 0
        pos += cut


def _guess_cut(buf: bytes, depth: int, searched: int) -> int | None:
    """An offset just past a `}` where the brace count is back at the array's level, walking back from
    the end of `buf` (whose depth is `depth`) no further than `searched`; None if there is none."""
    p = len(buf)
    while True:
        q = buf.rfind(b"}", searched, p)
        if q < 0:
            return None
        depth -= buf.count(b"{", q + 1, p) - buf.count(b"}", q + 1, p)
        if depth == 0:
            return q + 1
        depth += 1  # step back over the `}` itself
        p = q


class _Joined(io.RawIOBase):
    """`head`, then the rest of `fh`: what ijson reads after a cut that could not be guessed."""

    def __init__(self, head: bytes, fh: IO[bytes]) -> None:
        self.head, self.fh = head, fh

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self.head[: len(b)] if self.head else self.fh.read(len(b))
        self.head = self.head[len(data) :] if self.head else b""
        b[: len(data)] = data
        return len(data)


def _fallback(head: bytes, fh: IO[bytes], at: int) -> Iterator[Run]:
    """Runs of one parsed element each, read by ijson from `head` (standing for the text from file
    offset `at`) and the rest of `fh`. Their offsets are `at`: ijson does not say where elements are,
    so these runs are never cut points."""
    import ijson

    try:
        for value in ijson.items(io.BufferedReader(_Joined(head, fh)), "item", use_float=True):
            yield Run(at, at, None, value)
    except ijson.JSONError as exc:
        # The first line says what is wrong; the next ones quote the text ijson was given.
        raise JSONError(str(exc).split("\n", 1)[0]) from exc


def _object(fh: IO[bytes]) -> Iterator[Record]:
    data = fh.read()
    if not data.strip():
        yield Record(None, 1, None, "the file is empty")
        return
    try:
        yield Record(None, 1, orjson.loads(data))
    except orjson.JSONDecodeError as exc:
        yield Record(None, getattr(exc, "lineno", 0), None, json_error(exc), getattr(exc, "colno", 0))


def json_error(exc: orjson.JSONDecodeError) -> str:
    return str(getattr(exc, "msg", exc)).split(":", 1)[0]
