"""`labelconfig import`: a thin click wrapper over `labelconfig.imports.import_tasks`."""

from __future__ import annotations

import click

from ..export.cli import fail, size_option
from . import IMPORTERS


@click.command("import")
@click.argument(
    "fmt",
    metavar="FORMAT",
    type=click.Choice(IMPORTERS),
)
@click.argument("src", type=click.Path(exists=True))
@click.option(
    "-o", "--output", "out", required=True, type=click.Path(dir_okay=False), help="Tasks JSON to write."
)
@click.option(
    "--as", "as_", type=click.Choice(["annotations", "predictions"]), default="annotations", show_default=True
)
@click.option(
    "--config-out", type=click.Path(dir_okay=False), help="Also write a config the tasks lint clean against."
)
@click.option(
    "--image-root", default="", help="Prefix for image file names (e.g. /data/local-files/?d=images/)."
)
@click.option(
    "--image-size", metavar="WxH", help="Pixel size when neither sources.jsonl nor the images tell it."
)
def import_command(
    fmt: str, src: str, out: str, as_: str, config_out: str | None, image_root: str, image_size: str | None
) -> None:
    """Convert SRC (a COCO or CoNLL file, a YOLO or VOC folder) to Label Studio tasks.

    Exit status: 0 done, 2 usage or input error."""
    from ..imports import ImportInputError, import_tasks

    try:
        seen = import_tasks(
            fmt,
            src,
            out,
            as_=as_,  # type: ignore[arg-type]  # click.Choice narrows it
            config_out=config_out,
            image_root=image_root,
            image_size=size_option(image_size),
        )
    except ImportInputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', None) or src}: {exc.strerror or exc}")
    click.echo(f"{fmt}: {seen.tasks} tasks, {seen.regions} regions", err=True)
    for title, counts in (("skipped", seen.skipped), ("noted", seen.notes)):
        for reason, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            click.echo(f"  {title} {n:>8}  {reason}", err=True)
