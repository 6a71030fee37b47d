"""The `migrate` command (registered lazily in cli.py): rewrite an export so it fits a changed config."""

from __future__ import annotations

import os
import sys

import click
import orjson

from .commands import _fail, load
from .report._safe import clean


@click.command("migrate")
@click.argument("export", type=click.Path(dir_okay=False))
@click.option("--config", "new", required=True, type=click.Path(dir_okay=False), help="The new config.")
@click.option(
    "--from",
    "old",
    type=click.Path(dir_okay=False),
    help="The config EXPORT was made with: its renames apply.",
)
@click.option(
    "--rename",
    "renames",
    multiple=True,
    metavar="SPEC",
    help="CONTROL:OLD=NEW (a label), CONTROL=NEW (a control) or $OLD=NEW (a task data key); repeatable.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Tasks file to write.")
@click.option(
    "--unmapped",
    type=click.Path(dir_okay=False),
    help="Write the results that could not be mapped here (JSON) [default: OUTPUT.unmapped.json when any].",
)
def migrate_command(
    export: str, new: str, old: str | None, renames: tuple[str, ...], output: str, unmapped: str | None
) -> None:
    """Rewrite EXPORT (a Label Studio JSON export) so every result fits the new config: apply the
    renames `labelconfig diff OLD NEW` detects (controls, objects, labels and aliases, moved Taxonomy
    paths, relation labels, $variables) and the --rename ones, then lint every annotation and
    prediction against the new config. Results that still do not fit are left out of OUTPUT, listed
    and counted (written + unmapped = read), so OUTPUT imports into Label Studio and lints clean.

    \b
    Exit status: 0 every result mapped, 1 some results unmapped or task data the config cannot read,
    2 bad input."""
    from .migrate import MigrationError, Renames, detected, migrate
    from .payloads.api import Config

    if export == output:
        _fail(f"{output}: the output would overwrite the export; choose another -o")
    cfg = load(new, Config)
    given = Renames()
    try:
        for spec in renames:
            given.add(spec)
        found = detected(load(old, Config), cfg, given) if old is not None else given
        with open(output, "wb") as fh:
            summary = migrate(export, cfg, found, fh)
    except (MigrationError, OSError) as exc:
        # An output is complete or absent: a half-written file is removed.
        if os.path.exists(output) and not os.path.samefile(output, export):
            os.remove(output)
        if isinstance(exc, OSError):
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}")
        _fail(str(exc))
    renamed = ", ".join(f"{kind} {n}" for kind, n in sorted(summary.renamed.items())) or "nothing"
    click.echo(
        f"{clean(output)}: {summary.tasks} tasks, {summary.read} results read, {summary.written} written, "
        f"{len(summary.unmapped)} unmapped; renamed in results or tasks: {renamed}"
    )
    for u in summary.unmapped[:20]:
        click.echo(
            f"  unmapped: task {clean(str(u.task))} {u.record} `{clean(str(u.result.get('from_name')))}`: "
            f"{clean(u.reason)}"
        )
    for problem in summary.data_problems[:20]:
        click.echo(f"  data: {clean(problem)}")
    if summary.unmapped:
        path = unmapped or f"{output}.unmapped.json"
        rows = [
            {"task": u.task, "record": u.record, "reason": u.reason, "result": u.result}
            for u in summary.unmapped
        ]
        with open(path, "wb") as fh:
            fh.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2))
        click.echo(f"  {len(summary.unmapped)} unmapped result(s) listed in {clean(path)}")
    sys.exit(1 if summary.unmapped or summary.data_problems else 0)
