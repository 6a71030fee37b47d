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


@click.command()
@_EXPORT
@_CONFIG
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True
)
@_OUTPUT
@click.option("--iou-threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@click.option("--span-threshold", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@_guarded
def agreement(
    export: str, config: str, fmt: str, output: str | None, iou_threshold: float, span_threshold: float
) -> None:
    """Agreement between the annotators of EXPORT (a Label Studio JSON or JSON Lines export): per
    control (percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha; span, box and
    keypoint F1; text similarity), per annotator pair, per task and overall. Annotations are linted
    against CONFIG first; cancelled and invalid ones are skipped and counted.

    \b
    Exit status: 0 report written, 2 bad input (missing or broken export, config with errors)."""
    from . import render
    from .api import agreement as measure_agreement

    report = measure_agreement(export, config, iou_threshold=iou_threshold, span_threshold=span_threshold)
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
@click.option("--min-annotators", type=click.IntRange(1), default=2, show_default=True)
@_guarded
def consensus(
    export: str, config: str, output: str, unresolved: str | None, iou_threshold: float, min_annotators: int
) -> None:
    """Write a Label Studio import file with one consensus annotation per task of EXPORT.

    \b
    Choices, Taxonomy, Pairwise, TextArea: the most given answer; a tie is no consensus.
    Rating, Number: the median (the lower one for whole numbers).
    Spans: kept when more than half of the annotators marked the same span and labels.
    Boxes, ellipses, keypoints: clusters of regions matched across annotators (IoU or keypoint
    threshold, same labels) marked by more than half are kept, coordinates averaged; polygons keep
    the cluster's most central polygon.
    Each result has meta.support (annotators who agreed) and meta.annotators (who answered).
    Tasks without consensus keep their data, get no annotation and are listed."""
    from .api import consensus as make_consensus

    summary = make_consensus(
        export, config, output, iou_threshold=iou_threshold, min_annotators=min_annotators
    )
    click.echo(
        f"{clean(output)}: {summary.tasks} tasks, {summary.resolved} with a consensus annotation, "
        f"{summary.tasks - summary.resolved} without"
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
        rows = [{"task": u.task, "control": u.control, "reason": u.reason} for u in summary.unresolved]
        with open(unresolved, "wb") as fh:
            fh.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2))


@click.command("review-sample")
@_EXPORT
@_CONFIG
@click.option("--rate", type=click.FloatRange(0, 1), default=0.2, show_default=True, help="Share of tasks.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed picks the same tasks.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_OUTPUT
@_guarded
def review_sample(export: str, config: str, rate: float, seed: int, fmt: str, output: str | None) -> None:
    """Pick RATE of the tasks of EXPORT for review, weighted toward low agreement (a task's weight is
    0.05 + 1 - agreement; one with a single annotation weighs 1.05), reproducible with --seed."""
    from . import render
    from .api import review_sample as pick

    picks = pick(export, config, rate=rate, seed=seed)
    if fmt == "json":
        rows = [{"id": p.id, "index": p.index, "agreement": p.agreement, "weight": p.weight} for p in picks]
        _emit(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n", output)
        return
    lines = [f"{clean(str(p.id))}\t{render.number(p.agreement)}" for p in picks]
    _emit("".join(line + "\n" for line in lines), output)


COMMANDS = (agreement, consensus, review_sample)
