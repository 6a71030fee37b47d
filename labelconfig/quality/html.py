"""The HTML agreement report: one self-contained page (inline CSS and SVG, no script, no network),
rendered from `templates/quality/agreement.html.j2` with autoescaping. Python computes the numbers
(cell positions, shades, bar heights); the template writes every piece of markup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .report import AgreementReport, ControlAgreement

CELL = 36  # px per heatmap cell
LEAST = 20


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
    )


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
