"""The HTML agreement report: one self-contained page (inline CSS and SVG, no script, no network),
rendered from `templates/quality/agreement.html.j2` with autoescaping. Python computes the numbers
(cell positions, shades, bar heights, the room labels need); the template writes every piece of markup.

Names come from the export (annotators, task ids, labels): besides HTML escaping, every value the
page prints passes `clean`, as in the text report, so a bidi override or a control character shows as
a visible escape (`\\u202e`) instead of reordering or hiding what the reader sees."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..report._safe import clean
from .report import AgreementReport, ControlAgreement

CELL = 36  # px per heatmap cell
LEAST = 20
# Heatmap labels are 11px system-ui. No glyph of it is wider than 0.65em in Latin scripts, and a wide
# (East Asian) glyph takes 1em: room is reserved for that, so no label is ever cut or truncated.
NARROW_PX, WIDE_PX, PAD = 7.2, 11.0, 8
SLANT = math.radians(60)  # column labels are drawn rotated by -60 degrees


def _templates() -> Path:
    package = Path(__file__).resolve().parents[1]
    installed = package / "_templates"  # the wheel carries templates/ here
    return installed if installed.is_dir() else package.parent / "templates"


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(_templates())),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )


def _shown(value: Any) -> Any:
    # Markup is the template's own output (macros); everything else may come from the export.
    return clean(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def text_width(text: str) -> float:
    """An upper bound of the drawn width of `text` in px (as `clean` shows it)."""
    shown = clean(text)
    return sum(WIDE_PX if unicodedata.east_asian_width(ch) in "WF" else NARROW_PX for ch in shown)


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    value: float | None
    text: str
    shade: float  # 0..1 of the darkest colour


@dataclass(frozen=True, slots=True)
class Heatmap:
    title: str
    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    size: int

    @property
    def longest(self) -> float:
        return max((text_width(label) for label in self.labels), default=0.0) + PAD

    @property
    def left(self) -> float:
        """Room left of the grid for the row labels (drawn right-aligned)."""
        return math.ceil(self.longest)

    @property
    def top(self) -> float:
        """Room above the grid for the slanted column labels."""
        return math.ceil(self.longest * math.sin(SLANT))

    @property
    def width(self) -> float:
        # The last column's label leans right of the grid by its length times cos(60 degrees).
        return math.ceil(self.left + self.size * CELL + self.longest * math.cos(SLANT) + CELL / 2)

    @property
    def height(self) -> float:
        return self.top + self.size * CELL + PAD


def _confusion(c: ControlAgreement) -> Heatmap:
    top = max((n for row in c.confusion for n in row), default=0) or 1
    cells = tuple(
        Cell(i, j, n, str(n), n / top) for i, row in enumerate(c.confusion) for j, n in enumerate(row)
    )
    return Heatmap(c.control, c.labels, cells, len(c.labels))


def _pairs(report: AgreementReport) -> Heatmap:
    names = tuple(sorted({p.a for p in report.pairs} | {p.b for p in report.pairs}))
    index = {n: i for i, n in enumerate(names)}
    cells = []
    for p in report.pairs:
        v = p.agreement.value
        text = "–" if v is None else f"{v:.2f}"
        for r, c in ((index[p.a], index[p.b]), (index[p.b], index[p.a])):
            cells.append(Cell(r, c, v, text, v or 0.0))
    return Heatmap("annotator pairs", names, tuple(cells), len(names))


def page(report: AgreementReport) -> str:
    top = max(report.histogram, default=0) or 1
    context: dict[str, Any] = {
        "report": report,
        "cell": CELL,
        "confusions": [_confusion(c) for c in report.controls if c.labels],
        "pairs": _pairs(report),
        "bars": [(i, n, n / top) for i, n in enumerate(report.histogram)],
        "least": report.least_agreed(LEAST),
    }
    return _environment().get_template("quality/agreement.html.j2").render(context)
