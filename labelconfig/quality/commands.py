"""The `agreement`, `consensus` and `review-sample` commands (registered on the main group in cli.py).
Bad input (a missing or broken export, a config with errors) is a message naming the file and line,
and exit status 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
import orjson

from ..diagnostics import ConfigError
from ..report._safe import clean
from .export import ExportError

EXIT_USAGE = 2


def _fail(message: str) -> None:
    click.echo(f"labelconfig: error: {clean(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the errors bad input causes into a message and exit status 2."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except ExportError as exc:
            _fail(str(exc))
        except ConfigError as exc:
            first = exc.diagnostics[0] if exc.diagnostics else None
            where = f"{first.file or kwargs.get('config')}:{first.line}: " if first else ""
            detail = f"{first.code} {first.message}" if first else "it could not be read"
            _fail(f"{where}the config has errors ({detail}); run `labelconfig check` on it")
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}")

    return run


def _emit(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    with open(output, "w", encoding="utf-8") as fh:
        fh.write(text)


_EXPORT = click.argument("export", type=click.Path(dir_okay=False))
_CONFIG = click.option(
    "--config", required=True, type=click.Path(dir_okay=False), help="The project's labeling config."
)
_OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not to stdout.")
_GROUND_TRUTH = click.option(
    "--ground-truth",
    is_flag=True,
    help="An annotator's annotation marked ground_truth counts, even when a newer one exists.",
)


@click.command()
@_EXPORT
@_CONFIG
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True
)
@_OUTPUT
@click.option("--iou-threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@click.option("--span-threshold", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@_GROUND_TRUTH
@_guarded
def agreement(
    export: str,
    config: str,
    fmt: str,
    output: str | None,
    iou_threshold: float,
    span_threshold: float,
    ground_truth: bool,
) -> None:
    """Agreement between the annotators of EXPORT (a Label Studio JSON or JSON Lines export): per
    control (percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha; span, box and
    keypoint F1; text similarity), per annotator pair, per task and overall. Per annotator the newest
    annotation of a task counts (cancelled ones never); it is linted against CONFIG first, and what
    is skipped is counted.

    \b
    Exit status: 0 report written, 2 bad input (missing or broken export, config with errors)."""
    from . import render
    from .api import agreement as measure_agreement

    report = measure_agreement(
        export, config, iou_threshold=iou_threshold, span_threshold=span_threshold, ground_truth=ground_truth
    )
    formats = {"text": render.text, "json": render.json, "html": render.html}
    _emit(formats[fmt](report), output)


@click.command()
@_EXPORT
@_CONFIG
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Tasks file to write.")
@click.option(
    "--unresolved", type=click.Path(dir_okay=False), help="Write the tasks without consensus here (JSON)."
)
@click.option("--iou-threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@click.option(
    "--min-support",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Annotators who must agree on a control's answer (1 accepts a lone answer).",
)
@click.option(
    "--max-spread",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="Rating, Number: largest difference between answers that still has a median.",
)
@click.option(
    "--text-threshold",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="TextArea: similarity (after normalising case, spaces, punctuation) at which answers agree.",
)
@_GROUND_TRUTH
@_guarded
def consensus(
    export: str,
    config: str,
    output: str,
    unresolved: str | None,
    iou_threshold: float,
    min_support: int,
    max_spread: float,
    text_threshold: float,
    ground_truth: bool,
) -> None:
    """Write a Label Studio import file with one consensus annotation per task of EXPORT, decided per
    control; support counts the annotators agreeing on that control's answer (--min-support).

    \b
    Choices, Taxonomy, Pairwise: the most given answer; a tie is no consensus.
    TextArea: answers compared after normalising case, spaces and punctuation; the answer most
    others are --text-threshold similar to wins (two separate groups of equal size tie).
    Rating, Number: the median (the lower one for whole numbers) when the answers lie within
    --max-spread of each other.
    Spans: kept when more than half of the annotators marked the same span and labels.
    Boxes, ellipses, keypoints: clusters of regions matched across annotators (IoU or keypoint
    threshold, same labels) marked by more than half are kept, coordinates averaged; polygons keep
    the cluster's most central polygon.
    Each result has meta.support (annotators who agreed) and meta.annotators (who answered).
    A control without consensus is left out of its task's annotation and listed; a task with none
    resolved (or a required control unresolved) keeps its data and gets no annotation."""
    from .api import consensus as make_consensus

    summary = make_consensus(
        export,
        config,
        output,
        iou_threshold=iou_threshold,
        min_support=min_support,
        max_spread=max_spread,
        text_threshold=text_threshold,
        ground_truth=ground_truth,
    )
    without = summary.tasks - summary.resolved - summary.partial
    click.echo(
        f"{clean(output)}: {summary.tasks} tasks, {summary.resolved} with a consensus annotation, "
        f"{summary.partial} with some controls unresolved, {without} without"
    )
    for u in summary.unresolved[:20]:
        click.echo(f"  task {clean(str(u.task))} {clean(u.control)}: {clean(u.reason)}".replace("  :", ":"))
    if len(summary.unresolved) > 20:
        click.echo(
            f"  ... {len(summary.unresolved) - 20} more" + (f" in {clean(unresolved)}" if unresolved else "")
        )
    for s in (*summary.skipped, *summary.left_out):
        click.echo(f"  left out {s.count}: {clean(s.reason)}")
    if unresolved:
        rows = [
            {"task": u.task, "control": u.control, "reason": u.reason, "kind": u.kind}
            for u in summary.unresolved
        ]
        with open(unresolved, "wb") as fh:
            fh.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2))


@click.command("review-sample")
@_EXPORT
@_CONFIG
@click.option("--rate", type=click.FloatRange(0, 1), default=0.2, show_default=True, help="Share of tasks.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed picks the same tasks.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_OUTPUT
@_GROUND_TRUTH
@_guarded
def review_sample(
    export: str, config: str, rate: float, seed: int, fmt: str, output: str | None, ground_truth: bool
) -> None:
    """Pick RATE of the annotated tasks of EXPORT for review, weighted toward low agreement (a task's
    weight is 0.05 + 1 - agreement; one with a single annotation weighs 1.05), reproducible with
    --seed. Tasks nobody annotated are never picked: they are listed apart (under `unannotated` in
    JSON, on stderr in text)."""
    from . import render
    from .api import review_sample as pick

    found = pick(export, config, rate=rate, seed=seed, ground_truth=ground_truth)
    picks = found.picks
    if fmt == "json":
        rows = [{"id": p.id, "index": p.index, "agreement": p.agreement, "weight": p.weight} for p in picks]
        doc = {"sample": rows, "unannotated": found.unannotated}
        _emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n", output)
        return
    lines = [f"{clean(str(p.id))}\t{render.number(p.agreement)}" for p in picks]
    _emit("".join(line + "\n" for line in lines), output)
    if found.unannotated:
        ids = ", ".join(clean(str(i)) for i in found.unannotated)
        click.echo(f"not annotated ({len(found.unannotated)} tasks, not sampled): {ids}", err=True)


COMMANDS = (agreement, consensus, review_sample)
