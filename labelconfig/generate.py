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
