"""The Python entry points: `agreement`, `consensus` and `review_sample` over an export file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from ..diagnostics import ConfigError
from ..payloads.api import Config
from .agreement import measure
from .compare import Settings
from .consensus import Policy, Unresolved, consensus_tasks
from .export import Skipped
from .report import AgreementReport, Skip
from .review import Pick, unannotated
from .review import review_sample as _sample

PathArg = str | os.PathLike[str]


def _config(config: Config | PathArg) -> Config:
    from ..config import from_file

    cfg = config if isinstance(config, Config) else from_file(os.fspath(config))
    if cfg.root is None or not cfg.ok:
        raise ConfigError(list(cfg.errors or cfg.diagnostics))
    return cfg


def agreement(
    export: PathArg,
    config: Config | PathArg,
    *,
    iou_threshold: float = 0.5,
    span_threshold: float = 0.0,
    keypoint_sigma: float = 0.05,
    ground_truth: bool = False,
) -> AgreementReport:
    """Agreement between the annotators of a Label Studio export (JSON array or JSON Lines): per task,
    per control, per annotator pair and overall. Annotations are linted against `config` first; the
    report lists what was skipped and why; which annotations count is the rule of
    `labelconfig.payloads.selection` (`ground_truth`: an annotator's ground-truth annotation wins over
    newer ones). Thresholds are numbers from 0 to 1, as the CLI takes them. Raises `ExportError` when
    the export cannot be read, `ConfigError` when the config has errors and `ValueError` for a
    threshold out of range."""
    s = Settings(iou_threshold, span_threshold, keypoint_sigma)
    return measure(os.fspath(export), _config(config), s, ground_truth=ground_truth)


@dataclass(slots=True)
class ConsensusSummary:
    tasks: int = 0
    resolved: int = 0  # every control resolved
    partial: int = 0  # an annotation with the resolved controls; the others are in `unresolved`
    unresolved: list[Unresolved] = field(default_factory=list)
    skipped: tuple[Skip, ...] = ()
    left_out: tuple[Skip, ...] = ()


def _skips(s: Skipped) -> tuple[Skip, ...]:
    return tuple(Skip(r, n, s.examples[r]) for r, n in s.counts.most_common())


def consensus(
    export: PathArg,
    config: Config | PathArg,
    output: PathArg | IO[bytes],
    *,
    iou_threshold: float = 0.5,
    min_support: int = 2,
    max_spread: float = 1.0,
    text_threshold: float = 0.8,
    ground_truth: bool = False,
) -> ConsensusSummary:
    """Write a Label Studio import file (a JSON array of tasks) whose one annotation per task is the
    consensus of the export's annotators, decided per control (`min_support` annotators agreeing;
    numbers within `max_spread`; texts `text_threshold` similar once normalised). Controls without
    consensus are left out of their task's annotation and listed in the summary; a task with none
    resolved keeps its data and no annotation. The file is written as tasks are read (flat memory).
    Raises `ValueError` for an option outside the range the CLI takes, and what `agreement` raises for
    the export and the config."""
    settings, policy = Settings(iou_threshold), Policy(min_support, max_spread, text_threshold)
    cfg = _config(config)
    summary = ConsensusSummary()
    skipped, left_out = Skipped(), Skipped()
    found = consensus_tasks(os.fspath(export), cfg, settings, policy, skipped, left_out, ground_truth)
    if isinstance(output, str | os.PathLike):
        with open(output, "wb") as fh:
            _write(fh, found, summary)
    else:
        _write(output, found, summary)
    summary.skipped, summary.left_out = _skips(skipped), _skips(left_out)
    return summary


def _write(
    fh: IO[bytes], found: Iterator[tuple[dict[str, Any], list[Unresolved]]], summary: ConsensusSummary
) -> None:
    fh.write(b"[")
    for record, problems in found:
        fh.write(b",\n" if summary.tasks else b"\n")
        fh.write(orjson.dumps(record))
        summary.tasks += 1
        summary.resolved += not problems
        summary.partial += bool(problems) and "annotations" in record
        summary.unresolved.extend(problems)
    fh.write(b"\n]\n")


@dataclass(frozen=True, slots=True)
class ReviewSample:
    """The picked tasks (file order) and, apart, the tasks nobody annotated (ids, file order)."""

    picks: list[Pick]
    unannotated: list[object]


def review_sample(
    export: PathArg,
    config: Config | PathArg,
    *,
    rate: float = 0.2,
    seed: int = 0,
    ground_truth: bool = False,
) -> ReviewSample:
    """Tasks to review: `rate` (0 to 1) of the annotated tasks of the export, weighted toward low
    agreement, the same picks for the same `seed`; tasks without an annotation that counts are listed
    apart. Raises `ValueError` for a rate outside 0..1, and what `agreement` raises for the export and
    the config."""
    if not 0 <= rate <= 1:
        raise ValueError(f"rate must be between 0 and 1, not {rate}")
    report = agreement(export, config, ground_truth=ground_truth)
    return ReviewSample(_sample(report.tasks, rate, seed), [t.id for t in unannotated(report.tasks)])
