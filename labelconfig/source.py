"""Source text and positions.

Every position that leaves this package is 1-based (line and column, columns counted in characters).
A config may be embedded in another file (a project JSON export, a YAML template); `Source.origin`
then maps offsets in the config text back to the enclosing file so diagnostics point at the real file.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Position:
    line: int
    column: int


class Span:
    """A source range. Built from offsets, its positions are computed on first use: nearly every node
    is built with spans, and only the few that end up in a diagnostic are ever resolved."""

    __slots__ = ("_end", "_end_offset", "_source", "_start", "_start_offset")

    def __init__(self, start: Position | int, end: Position | int, source: Source | None = None) -> None:
        self._source = source
        if source is None:
            assert isinstance(start, Position) and isinstance(end, Position)
            self._start: Position | None = start
            self._end: Position | None = end
            self._start_offset = self._end_offset = 0
        else:
            assert isinstance(start, int) and isinstance(end, int)
            self._start = self._end = None
            self._start_offset, self._end_offset = start, end

    @property
    def start(self) -> Position:
        if self._start is None:
            assert self._source is not None
            self._start = self._source.position(self._start_offset)
        return self._start

    @property
    def end(self) -> Position:
        if self._end is None:
            assert self._source is not None
            self._end = self._source.position(self._end_offset)
        return self._end

    @property
    def offsets(self) -> tuple[int, int] | None:
        """Start and end offsets in the config text; None for a span built from positions alone."""
        return None if self._source is None else (self._start_offset, self._end_offset)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"Span({self.start}, {self.end})"


# Maps a 0-based offset in the config text to a 1-based position in the enclosing file.
OriginMap = Callable[[int], Position]


@dataclass(frozen=True, slots=True)
class Source:
    """A config text with a line index; `file` is a display name (a path, `<stdin>`, `<string>`).
    Built once, with its `origin` known: nothing patches a source after the fact."""

    text: str
    file: str = "<string>"
    origin: OriginMap | None = None
    # The enclosing file's lines, for showing context when `origin` maps elsewhere.
    outer_lines: list[str] | None = None
    _line_starts: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        object.__setattr__(self, "_line_starts", starts)  # derived once, in the frozen instance

    def local_position(self, offset: int) -> Position:
        """Position of `offset` inside the config text itself."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1)

    def position(self, offset: int) -> Position:
        """Position of `offset` as reported to users (in the enclosing file when embedded)."""
        offset = max(0, min(offset, len(self.text)))
        if self.origin is not None:
            return self.origin(offset)
        return self.local_position(offset)

    def span(self, start: int, end: int) -> Span:
        return Span(start, max(start, end), self)

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based local line/column, clamped into the text."""
        if line < 1:
            return 0
        if line > len(self._line_starts):
            return len(self.text)
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return min(start + max(column - 1, 0), end)

    def line_text(self, line: int) -> str:
        """Text of a 1-based line as users see it (of the enclosing file when embedded)."""
        if self.outer_lines is not None:
            return self.outer_lines[line - 1] if 0 < line <= len(self.outer_lines) else ""
        if not 0 < line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")
