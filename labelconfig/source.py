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


@dataclass(frozen=True, slots=True)
class Span:
    start: Position
    end: Position


# Maps a 0-based offset in the config text to a 1-based position in the enclosing file.
OriginMap = Callable[[int], Position]


@dataclass(slots=True)
class Source:
    """A config text with a line index; `file` is a display name (a path, `<stdin>`, `<string>`)."""

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
        self._line_starts = starts

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
        return Span(self.position(start), self.position(max(start, end)))

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based local line/column, clamped into the text."""
        if line < 1:
            return 0
        if line > len(self._line_starts):
            return len(self.text)
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return min(start + max(column - 1, 0), end)

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_text(self, line: int) -> str:
        """Text of a 1-based line as users see it (of the enclosing file when embedded)."""
        if self.outer_lines is not None:
            return self.outer_lines[line - 1] if 0 < line <= len(self.outer_lines) else ""
        if not 0 < line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")
