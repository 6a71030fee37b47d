"""What an export left out or changed, counted per reason: nothing is dropped silently."""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

Unit = Literal["result", "label", "record", "task", "image"]


class Tally:
    """Counts of tasks, records and regions written, skipped (per reason) and converted (per reason)."""

    def __init__(self) -> None:
        self.tasks = 0
        self.records = 0  # annotations and predictions read
        self.results_written = 0  # input results the output carries, each counted once
        self.written = 0  # what the output holds, in the format's own unit (`FormatSpec.unit`)
        self.skipped: Counter[str] = Counter()
        self.converted: Counter[str] = Counter()  # written, but changed (hull of a rotated box, clamped)
        self.units: dict[str, Unit] = {}  # what each skip reason counts, when not a result

    def skip(self, reason: str, n: int = 1, unit: Unit = "result") -> None:
        """`n` things left out for `reason`: results (the default: a region, a span, an answer), one
        of several labels of a result, or whole records, tasks or images (whose results are not
        read one by one)."""
        self.skipped[reason] += n
        if unit != "result":
            self.units[reason] = unit

    def wrote(self, results: int = 1, items: int | None = None) -> None:
        """`results` input results went into the output as `items` of the format's unit (a row, a
        label line, a mask file ...; one per result unless told: a region with two labels is one
        result written as two lines, a keypoint joins its box's line as no line of its own)."""
        self.results_written += results
        self.written += results if items is None else items

    def results_skipped(self) -> int:
        """Results left out: with `results_written`, every result of the records an export read."""
        return sum(n for reason, n in self.skipped.items() if reason not in self.units)

    def convert(self, reason: str, n: int = 1) -> None:
        self.converted[reason] += n

    def add(self, other: Tally) -> None:
        """Count `other`'s counts too (a later part of the same export: reasons keep first-seen order)."""
        self.tasks += other.tasks
        self.records += other.records
        self.results_written += other.results_written
        self.written += other.written
        self.skipped.update(other.skipped)
        self.converted.update(other.converted)
        self.units.update(other.units)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tasks": self.tasks,
            "records": self.records,
            "results_written": self.results_written,
            "written": self.written,
            "skipped": dict(self.skipped.most_common()),
            "converted": dict(self.converted.most_common()),
        }

    def summary(self, fmt: str) -> str:
        """A few lines for stderr: `fmt` names the format, whose unit says what `written` counts."""
        from .formats import FORMATS

        spec = FORMATS.get(fmt)
        unit = spec.unit if spec is not None else "items"
        lines = [
            f"{fmt}: {self.tasks} tasks, {self.records} records read; "
            f"{self.results_written} results written as {self.written} {unit}"
        ]
        for title, counts in (("skipped", self.skipped), ("converted", self.converted)):
            if counts:
                lines.append(f"  {title} {sum(counts.values())}:")
                lines.extend(f"    {n:>8}  {reason}" for reason, n in counts.most_common())
        return "\n".join(lines)
