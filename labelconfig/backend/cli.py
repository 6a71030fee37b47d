"""`labelconfig backend URL --config CONFIG`: the contract test from the command line (registered lazily
on the main group in cli.py). Exit 0 when Label Studio would accept the backend (warnings allowed), 1
when it would not, 2 when the check cannot run (bad URL, config with errors, unreadable task file)."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from ..diagnostics import ConfigError, Diagnostic
from ..report import FORMATS, Limits, Tool
from ..report._safe import clean
from ..rules import RULES
from ..version import __version__
from .contract import Timeouts
from .http import BadURL

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
_DEFAULTS = Timeouts()


def _fail(message: str) -> NoReturn:
    click.echo(f"labelconfig: error: {clean(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _seconds(name: str, default: float, setting: str) -> Any:
    return click.option(
        f"--{name}-timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=True,
        metavar="SECONDS",
        help=f"Wait this long for /{name} (Label Studio's {setting}).",
    )


@click.command("backend")
@click.argument("url")
@click.option(
    "--config",
    "config",
    required=True,
    type=click.Path(dir_okay=False),
    help="The project's labeling config.",
)
@click.option(
    "--tasks",
    "tasks_file",
    type=click.Path(dir_okay=False),
    help="Tasks to send (JSON array or JSON Lines).  [default: three made from the config]",
)
@click.option("--user", help="HTTP Basic user of the backend (BASIC_AUTH_USER).")
@click.option(
    "--password",
    envvar="LABELCONFIG_BACKEND_PASSWORD",
    help="HTTP Basic password (BASIC_AUTH_PASS); also read from $LABELCONFIG_BACKEND_PASSWORD.",
)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@_seconds("health", _DEFAULTS.health, "ML_TIMEOUT_HEALTH")
@_seconds("setup", _DEFAULTS.setup, "ML_TIMEOUT_SETUP")
@_seconds("predict", _DEFAULTS.predict, "ML_TIMEOUT_PREDICT")
@click.option(
    "--media-root",
    type=click.Path(file_okay=False, exists=True),
    help="Serve these files at /data/upload/... behind Label Studio's token; sample tasks point at them.",
)
@click.option(
    "--media-port",
    type=click.IntRange(0, 65535),
    default=0,
    help="Port of the media server.  [default: a free one]",
)
@click.option("--media-token", help="Token the media server wants.  [default: a random one]")
def backend_command(
    url: str,
    config: str,
    tasks_file: str | None,
    user: str | None,
    password: str | None,
    fmt: str,
    health_timeout: float,
    setup_timeout: float,
    predict_timeout: float,
    media_root: str | None,
    media_port: int,
    media_token: str | None,
) -> None:
    """Check the ML backend at URL against CONFIG as Label Studio would use it: GET /health, POST /setup
    (twice: the model version must not change), POST /predict with one task and with a batch, and
    every prediction linted as `labelconfig check --predictions` lints it.

    \b
    Exit status:
      0  Label Studio would accept the backend (warnings allowed)
      1  it would not: findings with error severity
      2  the check cannot run: a bad URL, a config with errors, an unreadable task file"""
    from .api import check_backend

    if (user is None) != (password is None):
        _fail("give both --user and --password (HTTP Basic auth), or neither")
    tasks, task_findings = _tasks(tasks_file, config)
    timeouts = Timeouts(health=health_timeout, setup=setup_timeout, predict=predict_timeout)
    try:
        result = check_backend(
            url,
            config,
            tasks,
            auth=(user, password) if user is not None and password is not None else None,
            timeouts=timeouts,
            media_root=media_root,
            media_port=media_port,
            media_token=media_token,
        )
    except ConfigError as exc:
        _config_errors(config, exc.diagnostics)
    except (BadURL, OSError) as exc:
        _fail(str(exc))
    report = FORMATS[fmt](sys.stdout, Limits(), Tool(__version__, RULES))
    if tasks_file is not None:
        report.begin_file(tasks_file)
        report.add_all(task_findings)
        report.end_file()
    result.write(report)
    summary = report.finish()
    sys.exit(EXIT_FINDINGS if summary["errors"] else EXIT_CLEAN)


def _tasks(path: str | None, config: str) -> tuple[list[dict[str, Any]] | None, list[Diagnostic]]:
    """The task file's tasks and their own findings against the config (a task the config cannot show
    is no test of the backend)."""
    if path is None:
        return None, []
    from ..config import from_file
    from ..render.files import TaskFileError, read_tasks

    try:
        tasks = read_tasks(path)
        cfg = from_file(config)
    except (TaskFileError, OSError) as exc:
        _fail(str(exc))
    if cfg.root is None or not cfg.ok:
        _config_errors(config, list(cfg.diagnostics))
    found = [d for i, task in enumerate(tasks) for d in cfg.payloads.check_task(task, file=path, item=i)]
    return tasks, found


def _config_errors(config: str, diagnostics: list[Diagnostic]) -> NoReturn:
    from ..report import render

    errors = [d for d in diagnostics if d.is_error] or diagnostics
    click.echo(render("text", errors, {}), err=True, nl=False)
    _fail(f"{config}: the config has errors; fix them first (`labelconfig check {config}`)")
