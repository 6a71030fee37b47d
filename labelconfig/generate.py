"""`labelconfig xsd` and `labelconfig json-schemas`: the editor and payload schemas checked into
`schemas/`, regenerated from the registry (tests fail when the checked-in copies are stale)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"labelconfig: error: {output}: cannot write ({exc.strerror or exc})", err=True)
        sys.exit(2)


@click.command("xsd")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
def xsd_command(output: str | None) -> None:
    """Print the XML Schema of labeling configs, for XML editors (validation and completion)."""
    from .xsd import xsd_text

    _write(xsd_text(), output)


@click.command("json-schemas")
@click.option(
    "-d",
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    help="Write <kind>.schema.json files here, creating the folder (default: print the one --kind).",
)
@click.option(
    "--kind",
    type=click.Choice(["task", "prediction", "annotation", "export"]),
    default="export",
    show_default=True,
    help="What the printed schema describes.",
)
def json_schemas_command(directory: str | None, kind: str) -> None:
    """Print config-independent JSON Schemas of Label Studio tasks, predictions, annotations and JSON
    exports (`labelconfig schema CONFIG` narrows them to one config)."""
    from .payload_schemas import KINDS, schema_text

    if directory is None:
        _write(schema_text(kind), None)
        return
    try:
        Path(directory).mkdir(parents=True, exist_ok=True)  # as `xsd -o` creates its file
    except OSError as exc:
        click.echo(f"labelconfig: error: {directory}: cannot create ({exc.strerror or exc})", err=True)
        sys.exit(2)
    for each in KINDS:
        _write(schema_text(each), str(Path(directory) / f"{each}.schema.json"))
