"""The agreement report as text (fits a terminal), JSON (for machines) or one self-contained HTML page."""

from __future__ import annotations

from typing import Any

import orjson

from ..report._safe import clean
from .report import AgreementReport, Figure

LEAST_AGREED = 10


def number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _figure(name: str, f: Figure) -> str:
    return f"    {name:<28} {number(f.value):>6}   ({f.tasks} tasks, {f.annotations} annotations)"


def text(report: AgreementReport) -> str:
    lines = [f"agreement of {clean(report.export)}"]
    o = report.overall
    lines.append(f"  overall {number(o.value)} (mean per task; {o.tasks} tasks, {o.annotations} annotations)")
    for c in report.controls:
        lines.append(f"  {clean(c.control)} ({c.tag}, {c.family})")
        lines.extend(_figure(name, f) for name, f in c.metrics.items())
    if report.pairs:
        lines.append("  annotator pairs")
        for p in report.pairs:
            kappa = "  ".join(f"kappa[{clean(k)}] {number(f.value)}" for k, f in p.kappa.items())
            lines.append(
                f"    {clean(p.a)} ~ {clean(p.b)}  {number(p.agreement.value)}"
                f" ({p.agreement.tasks} tasks)  {kappa}".rstrip()
            )
    least = report.least_agreed(LEAST_AGREED)
    if least:
        lines.append("  least agreed tasks")
        lines.extend(f"    task {clean(str(t.id))}  {number(t.agreement)}" for t in least)
    for title, skips in (("skipped", report.skipped), ("not measured", report.not_measured)):
        if skips:
            lines.append(f"  {title}")
            lines.extend(f"    {s.count:>6}  {clean(s.reason)}  (first: {clean(s.example)})" for s in skips)
    return "\n".join(lines) + "\n"


def _default(value: Any) -> Any:
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


def json(report: AgreementReport) -> str:
    return orjson.dumps(report.to_dict(), default=_default, option=orjson.OPT_INDENT_2).decode() + "\n"


def html(report: AgreementReport) -> str:
    from .html import page

    return page(report)
