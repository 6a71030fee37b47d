"""Cutting a payload file into partitions a worker reads alone.

- JSON Lines: byte ranges that start and end at line boundaries (found by seeking: the client reads a
  line per cut, not the file). Record numbers and lines are made absolute when the ranges merge.
- A JSON array: runs of whole elements (`payloads.reader.runs` confirms each cut), so the client reads
  the array once; each partition knows its first element's index, line and column.
- One object, a small file, or an array that cannot be cut (broken JSON, a byte-order mark): the whole
  file is one partition, read by a worker exactly as a local run reads it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import pairwise
from typing import IO, Final, Literal

from ..payloads.reader import JSONError, runs, sniff
from . import storage

PARTITION_BYTES: Final = 16 * 1024 * 1024  # big enough that a partition's overhead (~ms) is noise
MIN_PARTITION_BYTES: Final = 1024 * 1024  # smaller, and the overhead of a task would show
PER_WORKER: Final = 4  # partitions of a file per worker, so the last ones do not leave workers idle
Layout = Literal["lines", "array", "whole"]


@dataclass(frozen=True, slots=True)
class Partition:
    url: str  # what a worker opens
    display: str  # the name findings and errors give
    layout: Layout
    start: int = 0
    end: int = 0
    item: int = 0  # arrays: index of the first element
    line: int = 1  # arrays: 1-based line of `start`
    column: int = 1  # arrays: 1-based byte column of `start`

    def at(self, lines_before: int) -> str:
        """Where the partition starts, for a message: JSON Lines partitions by the line, given the
        lines of the partitions before it (which the client has merged by then)."""
        if self.layout == "lines":
            return f"{self.display}:{lines_before + 1} (the lines from there)"
        return str(self)

    def __str__(self) -> str:
        if self.layout == "array":
            return f"{self.display}:{self.line} (records from {self.item + 1})"
        if self.layout == "lines":
            return f"{self.display} (bytes {self.start}-{self.end})"
        return self.display


def partitions(
    url: str, display: str | None = None, target: int = PARTITION_BYTES, workers: int = 1
) -> list[Partition]:
    """The partitions of one file, in file order: at most `target` bytes, and smaller (down to
    1 MiB) when that gives each of `workers` a few to do."""
    display = display or url
    size = storage.size(url)
    target = min(target, max(MIN_PARTITION_BYTES, size // (PER_WORKER * workers)))
    whole = [Partition(url, display, "whole", 0, size)]
    if size <= target:
        return whole
    layout = sniff(storage.read_range(url, 0, 65536))
    if layout == "lines":
        return [Partition(url, display, "lines", a, b) for a, b in _line_cuts(url, size, target)]
    if layout == "array":
        return _array_cuts(url, display, target) or whole
    return whole


def _line_cuts(url: str, size: int, target: int) -> list[tuple[int, int]]:
    bounds = [0]
    with storage.open_binary(url) as fh:
        for at in range(target, size, target):
            if at <= bounds[-1]:
                continue
            fh.seek(at)
            fh.readline()
            cut = fh.tell()
            if bounds[-1] < cut < size:
                bounds.append(cut)
    bounds.append(size)
    return list(pairwise(bounds))


def _array_cuts(url: str, display: str, target: int) -> list[Partition] | None:
    """Partitions of whole runs of elements; None when the array cannot be cut (read it whole)."""
    out: list[Partition] = []
    with storage.open_binary(url) as raw:
        fh = _Tracked(raw)
        start = end = items = 0
        first = 0  # index of the first element of the partition being gathered
        line = column = 1
        try:
            for run in runs(fh):  # type: ignore[arg-type]
                if run.raw is None:
                    return None
                if items == first:
                    start = run.start
                    line, column = fh.position(start)
                end = run.end
                items += len(run.raw)
                if end - start >= target:
                    out.append(Partition(url, display, "array", start, end, first, line, column))
                    first = items
        except JSONError:
            return None
        if items > first:
            out.append(Partition(url, display, "array", start, end, first, line, column))
    return out


class _Tracked:
    """A file read forward that can tell the (line, byte column) of any offset in its recent chunks."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.chunks: deque[tuple[int, bytes, int, int]] = deque()  # offset, data, line, line start
        self.offset = 0
        self.line = 1
        self.line_start = 0

    def tell(self) -> int:
        return self.offset

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.chunks.append((self.offset, data, self.line, self.line_start))
        count = data.count(b"\n")
        if count:
            self.line += count
            self.line_start = self.offset + data.rindex(b"\n") + 1
        self.offset += len(data)
        return data

    def position(self, offset: int) -> tuple[int, int]:
        """Offsets are asked about in order: the chunks before `offset`'s are forgotten."""
        while len(self.chunks) > 1 and self.chunks[0][0] + len(self.chunks[0][1]) <= offset:
            self.chunks.popleft()
        at, data, line, line_start = self.chunks[0]
        rel = offset - at
        count = data.count(b"\n", 0, rel)
        if count:
            line_start = at + data.rindex(b"\n", 0, rel) + 1
        return line + count, offset - line_start + 1
