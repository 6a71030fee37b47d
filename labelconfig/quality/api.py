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
from .consensus import Unresolved, consensus_tasks
from .export import Skipped
from .report import AgreementReport, Skip
from .review import Pick
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
) -> AgreementReport:
    """Agreement between the annotators of a Label Studio export (JSON array or JSON Lines): per task,
    per control, per annotator pair and overall. Annotations are linted against `config` first; the
    report lists what was skipped and why. Raises `ExportError` when the export cannot be read and
    `ConfigError` when the config has errors."""
    s = Settings(iou_threshold, span_threshold, keypoint_sigma)
    return measure(os.fspath(export), _config(config), s)


@dataclass(slots=True)
class ConsensusSummary:
    tasks: int = 0
    resolved: int = 0
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
    min_annotators: int = 2,
) -> ConsensusSummary:
    """Write a Label Studio import file (a JSON array of tasks) whose one annotation per task is the
    consensus of the export's annotators; tasks without consensus keep their data and no annotation
    and are listed in the summary. The file is written as tasks are read (flat memory)."""
    cfg = _config(config)
    summary = ConsensusSummary()
    skipped, left_out = Skipped(), Skipped()
    found = consensus_tasks(
        os.fspath(export), cfg, Settings(iou_threshold), min_annotators, skipped, left_out
    )
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
        summary.unresolved.extend(problems)
    fh.write(b"\n]\n")


def review_sample(
    export: PathArg, config: Config | PathArg, *, rate: float = 0.2, seed: int = 0
) -> list[Pick]:
    """Tasks to review: `rate` of the export, weighted toward low agreement, the same for the same seed."""
    if not 0 <= rate <= 1:
        raise ValueError(f"rate must be between 0 and 1, not {rate}")
    report = agreement(export, config)
    return _sample(report.tasks, rate, seed)
