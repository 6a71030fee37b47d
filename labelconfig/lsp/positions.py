"""Between the linter's positions (1-based lines, columns counted in characters) and LSP's (0-based
lines, columns counted in code units of the negotiated encoding: UTF-16 unless the client offers
another, where a character beyond U+FFFF, such as an emoji, takes two units)."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types as lsp

from ..diagnostics import Diagnostic

_UNITS: dict[str, Callable[[str], int]] = {
    "utf-16": lambda ch: 2 if ord(ch) > 0xFFFF else 1,
    "utf-8": lambda ch: len(ch.encode("utf-8", "surrogatepass")),
    "utf-32": lambda ch: 1,
}


class Lines:
    """The document's lines, for converting columns."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.lines = text.split("\n")
        self.units = _UNITS.get(encoding, _UNITS["utf-16"])

    def _line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def to_lsp(self, line: int, column: int) -> lsp.Position:
        """A 1-based line and character column as an LSP position."""
        if line < 1:
            return lsp.Position(line=0, character=0)
        before = self._line(line - 1)[: max(column - 1, 0)]
        return lsp.Position(line=line - 1, character=sum(map(self.units, before)))

    def from_lsp(self, position: lsp.Position) -> tuple[int, int]:
        """An LSP position as a 1-based line and character column."""
        text = self._line(position.line)
        units = 0
        for i, ch in enumerate(text):
            if units >= position.character:
                return position.line + 1, i + 1
            units += self.units(ch)
        return position.line + 1, len(text) + 1

    def range_of(self, d: Diagnostic) -> lsp.Range:
        start = self.to_lsp(d.line, d.column)
        end = self.to_lsp(d.end_line, d.end_column) if d.end_line else start
        return lsp.Range(start=start, end=end)
