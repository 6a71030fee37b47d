"""`labelconfig export`: a thin click wrapper over `labelconfig.export`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..payloads.api import Config
from .errors import ExportInputError
from .formats import FORMATS
from .records import SOURCES
from .tally import Tally

EXIT_USAGE = 2


def size_option(text: str | None) -> tuple[float, float] | None:
    """`--image-size WxH` as (width, height) in pixels; a usage error otherwise."""
    if text is None:
        return None
    w, _, h = text.lower().partition("x")
    try:
        size = float(w), float(h)
    except ValueError:
        size = (0.0, 0.0)
    if not all(0 < v < float("inf") for v in size):
        fail(f"--image-size {text}: write it as WIDTHxHEIGHT in pixels, such as 1920x1080")
    return size


def fail(message: str) -> None:
    from ..report._safe import clean

    click.echo(f"labelconfig: error: {clean(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _config(path: str) -> Config:
    from ..config import from_file

    try:
        cfg = from_file(path)
    except OSError as exc:
        fail(f"{path}: {getattr(exc, 'strerror', None) or exc}")
    if cfg.root is None or not cfg.ok:
        first = cfg.errors[0] if cfg.errors else None
        where = f"{path}:{first.line}" if first is not None and first.line else path
        fail(
            f"{where}: the config has errors ({first.message if first else 'empty'}); "
            f"run `labelconfig check {path}`"
        )
    return cfg


def _progress(path: str) -> object:
    """A progress bar on a terminal only, for files worth waiting for. Tasks are counted against an
    estimate: the file size over the size of the tasks in its first megabyte."""
    size = os.path.getsize(path)
    if not sys.stderr.isatty() or size < 8 * 1024 * 1024:
        return None
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    per_task = len(head) / max(1, head.count(b'"data"'))
    return click.progressbar(length=max(1, int(size / per_task)), label="exporting", file=sys.stderr)


@click.command("export")
@click.argument("export_file", required=False)
@click.option(
    "--config", "config", required=True, type=click.Path(dir_okay=False), help="The labeling config."
)
@click.option("--to", "to", type=click.Choice(list(FORMATS)), help="Output format.")
@click.option("-o", "--output", "out", type=click.Path(), help="Output file or directory (per format).")
@click.option(
    "--annotations",
    "which",
    type=click.Choice(["newest", "all", "consensus"]),
    default="newest",
    show_default=True,
    help="Which annotation of a task several people labelled: the most recently updated, all, or their "
    "consensus (as `labelconfig consensus` decides it; tasks without one are counted and left out).",
)
@click.option(
    "--source",
    type=click.Choice(list(SOURCES)),
    default="annotations",
    show_default=True,
    help="Export annotations, predictions, or both.",
)
@click.option(
    "--control", "controls", multiple=True, metavar="NAME", help="Export only this control (repeatable)."
)
@click.option(
    "--clamp", is_flag=True, help="Clip regions to the image (otherwise kept as drawn, and counted)."
)
@click.option(
    "--image-size",
    metavar="WxH",
    help="Pixel size of images whose regions lack original_width/height (pixel formats need one).",
)
@click.option(
    "--image-root",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of the images: sizes missing from regions are read from the files' headers.",
)
@click.option("--report", "report", type=click.Path(dir_okay=False), help="Write the tally as JSON to FILE.")
@click.option("--preflight", is_flag=True, help="Say which formats CONFIG can feed, and why not the others.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Read and lint on this dask.distributed scheduler's workers; EXPORT_FILE may then be a "
    "directory, glob or URL (s3://bucket/prefix/), and -o a URL.  [default: $LABELCONFIG_SCHEDULER, "
    "else the settings' `scheduler`]",
)
def export_command(
    export_file: str | None,
    config: str,
    to: str | None,
    out: str | None,
    which: str,
    source: str,
    controls: tuple[str, ...],
    clamp: bool,
    image_size: str | None,
    image_root: str | None,
    report: str | None,
    preflight: bool,
    scheduler: str | None = None,
) -> None:
    """Convert EXPORT_FILE (Label Studio's JSON export, or JSON Lines of tasks) to a training format.

    Every result is linted against CONFIG first; what a format cannot carry is counted per reason on
    stderr (and in --report). The output appears only once complete: after an error or a Ctrl-C there
    is none (an older one stays as it was). Exit status: 0 done, 2 usage or input error, 130
    interrupted."""
    from . import ExportError, make_plan, run
    from . import preflight as check_formats

    cfg = _config(config)
    if preflight:
        for name, ok, detail in check_formats(cfg):
            click.echo(f"{name:<13} {'yes' if ok else 'no ':<4} {detail}")
        return
    if export_file is None or to is None or out is None:
        fail("give EXPORT_FILE, --to FORMAT and -o OUT (or --preflight)")
    assert export_file is not None and to is not None and out is not None
    address = _scheduler(scheduler)
    if address is not None:
        options = (which, source, controls, clamp, image_size, image_root)
        _finish(_on_cluster(address, cfg, export_file, to, out, *options), to, report)
        return
    if not os.path.isfile(export_file):
        fail(f"{export_file}: no such file")
    tally = Tally()
    try:
        plan = make_plan(cfg, to, Path(out), controls, clamp, tally, size_option(image_size), image_root)
        bar = _progress(export_file)
        if bar is None:
            run(plan, export_file, which, source)  # type: ignore[arg-type]
        else:
            with bar:  # type: ignore[attr-defined]
                run(plan, export_file, which, source, bar.update)  # type: ignore[arg-type, attr-defined]
    except (ExportError, ExportInputError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', None) or out}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        click.echo(f"\nlabelconfig: interrupted; nothing written to {out}", err=True)
        sys.exit(130)
    _finish(tally, to, report)


def _finish(tally: Tally, to: str, report: str | None) -> None:
    click.echo(tally.summary(to), err=True)
    if report is not None:
        Path(report).write_text(
            json.dumps({"format": to, **tally.as_dict()}, indent=2) + "\n", encoding="utf-8"
        )


def _scheduler(flag: str | None) -> str | None:
    from ..distributed import scheduler_address
    from ..report import FORMATS as REPORTS
    from ..settings import Discovery, SettingsError

    discovery = Discovery(REPORTS)
    try:
        return scheduler_address(flag, discovery.for_directory(discovery.cwd).scheduler)
    except SettingsError as exc:
        fail(str(exc))
    return None


def _on_cluster(address: str, cfg: Config, export_file: str, to: str, out: str, *options: Any) -> Tally:
    """`export --scheduler`: the same export, read and linted on the cluster's workers."""
    from ..distributed import DistributedError, connect, progress_bar
    from ..distributed.export import export
    from ..distributed.storage import expand
    from . import ExportError, make_plan

    which, source, controls, clamp, image_size, image_root = options
    tally = Tally()
    try:
        plan = make_plan(cfg, to, Path("."), controls, clamp, tally, size_option(image_size), image_root)
        client = connect(address)
        try:
            bar = progress_bar(expand(export_file), "exporting")
            if bar is None:
                export(client, export_file, plan, out, which, source)
            else:
                with bar:
                    export(client, export_file, plan, out, which, source, progress=bar.update)
        finally:
            client.close()
    except (ExportError, ExportInputError, DistributedError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', None) or out}: {exc.strerror or exc}")
    return tally
