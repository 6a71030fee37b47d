"""Command line. Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error."""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import re
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable, Generator, Sequence
from typing import Any, ClassVar

import click
from click._termui_impl import ProgressBar

from .check import EVERYTHING, Layer, Selection, check_source, codes_of, run
from .config import Config
from .diagnostics import Diagnostic
from .inputs import InputError, read
from .report import FORMATS, Limits, Report, Tool, render
from .report._safe import clean
from .rules import BY_CODE, RULES
from .version import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PROGRESS_ABOVE = 8 * 1024 * 1024  # bytes of payload before a progress bar is worth showing


def _interruptible(command: Callable[..., None]) -> Callable[..., None]:
    """Ctrl-C ends a command with status 130 and one line, not a traceback (workers stop quietly)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            sys.stdout.flush()
            click.echo("\nlabelconfig: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return run


class _LazyGroup(click.Group):
    """Commands of the front ends (quality control ...) import their module only when they run, so
    `labelconfig check` does not pay for metrics it never uses."""

    LAZY: ClassVar[dict[str, str]] = {
        "agreement": "labelconfig.quality.commands:agreement",
        "consensus": "labelconfig.quality.commands:consensus",
        "review-sample": "labelconfig.quality.commands:review_sample",
        "xsd": "labelconfig.generate:xsd_command",
        "json-schemas": "labelconfig.generate:json_schemas_command",
        "diff": "labelconfig.commands:diff_command",
        "fmt": "labelconfig.commands:fmt_command",
        "migrate": "labelconfig.migrate_command:migrate_command",
        "backend": "labelconfig.backend.cli:backend_command",
        "export": "labelconfig.export.cli:export_command",
        "import": "labelconfig.imports.cli:import_command",
        "lsp": "labelconfig.lsp:lsp_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY and name not in self.commands:
            module, attr = self.LAZY[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labelconfig")
def main() -> None:
    """Lint Label Studio labeling configs, and the tasks, predictions and annotations written for them."""


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


@main.command()
@click.argument("configs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="Output format.  [default: the settings' `format`, else text]",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these codes or prefixes (LC3, LC301), in place of the settings' `select` and `ignore`.",
)
@click.option(
    "--extend-select", multiple=True, metavar="CODES", help="These codes or prefixes too (added to --select)."
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes as well.")
@click.option(
    "--extend-ignore", multiple=True, metavar="CODES", help="The same as --ignore (ruff's spelling)."
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the settings' `exclude` to files named on the command line too (for pre-commit).",
)
@click.option(
    "--tasks",
    "tasks",
    multiple=True,
    type=click.Path(allow_dash=True),
    help="Task file(s), directories of per-task files, globs or URLs (with --scheduler); - reads stdin.",
)
@click.option(
    "--predictions",
    multiple=True,
    type=click.Path(allow_dash=True),
    help="Prediction file(s); - reads stdin.",
)
@click.option(
    "--annotations",
    multiple=True,
    type=click.Path(allow_dash=True),
    help="Annotation file(s); - reads stdin.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for large JSON Lines payload files.",
)
@click.option(
    "--max-diagnostics",
    type=click.IntRange(0),
    default=None,
    metavar="N",
    help="Show at most N diagnostics in all (all are still counted).  [default: no limit]",
)
@click.option(
    "--max-per-code",
    type=click.IntRange(0),
    default=None,
    metavar="N",
    help="Show at most N diagnostics of each code (all are still counted).  [default: no limit]",
)
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when errors are found.")
@click.option("--statistics", is_flag=True, help="After the report, count the findings per code.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Check payload files on this dask.distributed scheduler (pip install 'labelconfig[dask]').  "
    "[default: $LABELCONFIG_SCHEDULER, else the settings' `scheduler`, else this process]",
)
@_interruptible
def check(
    configs: tuple[str, ...],
    fmt: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    force_exclude: bool,
    tasks: tuple[str, ...],
    predictions: tuple[str, ...],
    annotations: tuple[str, ...],
    jobs: int,
    max_diagnostics: int | None,
    max_per_code: int | None,
    exit_zero: bool = False,
    statistics: bool = False,
    scheduler: str | None = None,
) -> None:
    """Check CONFIGS: XML files, directories (searched for *.xml), `-` for stdin, a Label Studio
    project JSON export (its `label_config`) or a template YAML file (its `config:`).

    With --tasks/--predictions/--annotations, check payload files against the one CONFIG: JSON Lines,
    a JSON array or one object; tasks may embed predictions and annotations; an ML-backend response
    (`{"results": [...]}`) is accepted as predictions. One of the files may be `-` (stdin).

    Diagnostics are written as they are found; --max-diagnostics and --max-per-code limit how many
    are shown (the summary counts the rest, and the exit status still reflects every error).

    \b
    Exit status:
      0  no errors (warnings and infos allowed)
      1  errors found
      2  usage or I/O error: a missing or unreadable file, an unknown rule code
      130  interrupted (Ctrl-C)

    \b
    Silence codes in a config with a comment, for the next element and everything inside it:
      <!-- labelconfig: ignore LC201 -->
      <!-- labelconfig: ignore LC2, LC302 -->   (codes or prefixes; no codes: all)
    or for the whole file:
      <!-- labelconfig: ignore-file LC103 -->
    A comment with an unknown code or keyword is reported (LC007).

    \b
    Settings: `[tool.labelconfig]` in pyproject.toml, or labelconfig.toml, nearest to each file
    (select, ignore, per-file-ignores, exclude, format, scheduler). Codes combine as in ruff: --select
    replaces the settings' choice, --extend-select and --ignore adjust it, and the most specific code or
    prefix wins (--select LC403 --ignore LC4 reports LC403)."""
    from .distributed import Cluster, scheduler_address
    from .distributed.storage import expand
    from .settings import Discovery, SettingsError

    flags = Layer(codes_of(select), codes_of(extend_select), codes_of((*ignore, *extend_ignore)))
    discovery = Discovery(FORMATS)
    payloads = [(p, "tasks") for p in tasks] + [(p, "predictions") for p in predictions]
    payloads += [(p, "annotations") for p in annotations]
    if payloads and len(configs) != 1:
        raise click.UsageError("payload files are checked against exactly one CONFIG")
    dashes = [*configs, *(p for p, _ in payloads)].count("-")
    if dashes > 1:
        raise click.UsageError("stdin (`-`) can be read only once: give one CONFIG or payload file as `-`")
    unknown = Selection().then(flags).unknown()
    if unknown:
        raise click.UsageError(
            f"unknown rule code or prefix: {clean(', '.join(unknown))} (see `labelconfig rules`)"
        )
    stdin = sys.stdin.buffer.read() if "-" in configs else None
    try:
        paths = list(discovery.files(configs, force_exclude))
        fmt = fmt or discovery.for_directory(discovery.cwd).format or "text"
        selections = {p: discovery.for_path(p).selection(p, flags) for p in paths}
        address = scheduler_address(scheduler, discovery.for_directory(discovery.cwd).scheduler)
    except (InputError, SettingsError) as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    report = FORMATS[fmt](sys.stdout, Limits(max_diagnostics, max_per_code), Tool(__version__, RULES))
    payloads = [(f, kind) for p, kind in payloads for f in expand(p)]
    with contextlib.ExitStack() as stack:
        cluster = Cluster(address) if address else None
        if cluster is not None:
            stack.callback(cluster.close)
        for path in paths:
            selection = selections[path]
            try:
                loaded = read(path, stdin)
            except InputError as exc:
                _error(str(exc))
                report.unreadable(path, _reason(exc))
                continue
            for item in loaded:
                report.begin_file(item.file, item.source)
                report.add_all(d for d in item.diagnostics if selection.wants(d.code))
                if item.source is None:
                    report.end_file()
                    continue
                _, bound, found = run(item.source, selection)
                report.add_all(found)
                report.end_file()
                if payloads and bound is not None:
                    cfg = Config(bound, found, item.source.text)
                    for payload, kind in payloads:
                        _payload(report, stack, cfg, payload, kind, jobs, selection, cluster)
    summary = report.finish()
    if statistics:
        _statistics(report.by_code, to_stderr=fmt != "text")
    if summary["unreadable"]:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if summary["errors"] and not exit_zero else EXIT_CLEAN)


def _statistics(by_code: dict[str, int], to_stderr: bool) -> None:
    """Findings per code, most frequent first; on stderr when stdout carries a machine format."""
    for code, count in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = BY_CODE.get(code)
        name = f"{rule.name:<32} {rule.severity}" if rule is not None else ""
        click.echo(f"{count:>7}  {code}  {name}".rstrip(), err=to_stderr)


def _error(message: str) -> None:
    click.echo(f"labelconfig: error: {clean(message)}", err=True)


def _reason(exc: Exception) -> str:
    """The message of an input error without the file name in front (reports name the file already)."""
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text


def _payload(
    report: Report,
    stack: contextlib.ExitStack,
    cfg: Config,
    payload: str,
    kind: str,
    jobs: int,
    selection: Selection,
    cluster: Any = None,
) -> None:
    """Check one payload file into `report`; an unreadable file is an error, never a clean result.
    With a `cluster` (`--scheduler`), its partitions are checked on the cluster's workers."""
    from .distributed import DistributedError
    from .payloads.reader import PayloadFileError

    display = "<stdin>" if payload == "-" else payload
    try:
        path = _spool_stdin(stack) if payload == "-" else payload
        if cluster is not None:
            from .distributed import progress_bar
            from .distributed.check import check_files

            bar = progress_bar([path], f"checking {clean(display)}")
            inputs = [(path, display)]
            if bar is None:
                chunks = check_files(cluster.client, cfg, inputs, kind)
            else:
                chunks = _with_bar(bar, check_files(cluster.client, cfg, inputs, kind, progress=bar.update))
        else:
            chunks = _check_payload(cfg, path, kind, jobs, display)
    except (OSError, PayloadFileError, DistributedError) as exc:
        message = getattr(exc, "strerror", None) or _reason(exc)
        _error(f"{display}: {message}")
        report.unreadable(display, message)
        return
    report.begin_file(display)
    try:
        with contextlib.closing(chunks):
            for chunk in chunks:
                report.add_all(d for d in chunk if selection.wants(d.code))
    # A file that fails halfway (a vanished mount, EIO), or a partition that failed on the cluster.
    except (OSError, PayloadFileError, DistributedError) as exc:
        message = getattr(exc, "strerror", None) or _reason(exc)
        _error(f"{display}: {message}")
        report.unreadable(display, f"stopped reading: {message}")
    report.end_file()


def _spool_stdin(stack: contextlib.ExitStack) -> str:
    """Payload from stdin, copied to a temporary file: the readers detect the layout from the start
    of the file, scan arrays a second time for line numbers and split JSON Lines for --jobs."""
    spool = tempfile.NamedTemporaryFile(prefix="labelconfig-stdin-", suffix=".json")  # noqa: SIM115
    tmp = stack.enter_context(spool)
    shutil.copyfileobj(sys.stdin.buffer, tmp, 1024 * 1024)
    tmp.flush()
    return tmp.name


def _load_config(
    path: str, blocking: Callable[[Config], Sequence[Diagnostic]] = lambda c: c.errors
) -> Config:
    """The one config of `schema`/`sample`/`render`, or exit 1 with its `blocking` findings (by default
    every error) on stderr (2 if unreadable)."""
    try:
        item = read(path, sys.stdin.buffer.read() if path == "-" else None)[0]
    except InputError as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    cfg = (
        check_source(item.source, EVERYTHING, Config)
        if item.source is not None
        else Config(None, item.diagnostics, "")
    )
    sources = {item.file: item.source} if item.source is not None else {}
    if cfg.root is None or blocking(cfg):
        shown = list(blocking(cfg)) or list(cfg.errors) or list(cfg.diagnostics)
        click.echo(render("text", shown, sources), err=True, nl=False)
        sys.exit(EXIT_FINDINGS)
    if cfg.errors:  # errors the caller accepts (Label Studio loads the config) are still shown
        click.echo(render("text", list(cfg.errors), sources), err=True, nl=False)
    return cfg


@main.command()
@click.argument("config")
@click.option(
    "--for",
    "kind",
    type=click.Choice(["task", "prediction", "annotation"]),
    default="prediction",
    show_default=True,
    help="What the schema describes.",
)
def schema(config: str, kind: str) -> None:
    """Print a JSON Schema for CONFIG's tasks, predictions or annotations (labels as enums, real
    bounds), for other tools and LLM structured output."""
    from .payloads.schema import json_schema

    click.echo(json.dumps(json_schema(_load_config(config), kind), indent=2))


@main.command()
@click.argument("config")
def sample(config: str) -> None:
    """Print a task for CONFIG with one prediction, both of which pass `labelconfig check`; when tags
    reading one task field accept no common value, say so on stderr."""
    from .payloads.sample import sample as make_sample
    from .payloads.sample import sample_conflicts

    cfg = _load_config(config)
    click.echo(json.dumps(make_sample(cfg), indent=2, ensure_ascii=False))
    for reason in sample_conflicts(cfg):
        click.echo(f"labelconfig: note: {clean(reason)}", err=True)


@main.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(code: str | None, fmt: str) -> None:
    """List every rule, explain one (`labelconfig rules LC301`), or list those under a prefix
    (`labelconfig rules LC3`)."""
    listed = RULES
    if code is not None and code.upper() not in BY_CODE:
        # A prefix, as --select takes it: list the rules under it.
        listed = tuple(r for r in RULES if r.code.startswith(code.upper()))
        if listed and re.fullmatch(r"LC\d{0,2}", code.upper()):
            code = None
    if code is not None:
        rule = BY_CODE.get(code.upper())
        if rule is None:
            from .suggest import did_you_mean

            help, _ = did_you_mean(code.upper(), [*BY_CODE, *(r.name for r in RULES)])
            named = next((r for r in RULES if r.name == code.lower()), None)
            if named is None:
                raise click.UsageError(f"unknown rule `{clean(code)}`" + (f"; {help}" if help else ""))
            rule = named
        if fmt == "json":
            click.echo(json.dumps(_rule_dict(rule), indent=2))
            return
        click.echo(f"{rule.code} {rule.name} ({rule.severity})\n")
        click.echo(f"{rule.summary}.\n")
        click.echo(
            "Why it matters:\n" + textwrap.fill(rule.why, 88, initial_indent="  ", subsequent_indent="  ")
        )
        click.echo("\nExample:\n" + textwrap.indent(rule.example, "  "))
        click.echo("\nUse instead:\n" + textwrap.indent(rule.instead, "  "))
        click.echo(
            "\nLabel Studio's behaviour:\n"
            + textwrap.fill(rule.behaviour, 88, initial_indent="  ", subsequent_indent="  ")
        )
        return
    if fmt == "json":
        click.echo(json.dumps([_rule_dict(r) for r in listed], indent=2))
        return
    for r in listed:
        click.echo(f"{r.code}  {r.name:<32} {r.severity:<8} {r.summary}")


def _check_payload(
    cfg: Config, path: str, kind: str, jobs: int, display: str
) -> Generator[list[Diagnostic], None, None]:
    """The diagnostics of one payload file, with a progress bar when a person is watching a long run."""
    from .payloads.run import iter_file  # loads the checkers only when payloads are given

    size = os.path.getsize(path)
    if not sys.stderr.isatty() or size < PROGRESS_ABOVE:
        return iter_file(cfg, path, kind, jobs=jobs, display=display)  # type: ignore[arg-type]
    with open(path, "rb") as fh:
        head = fh.read(65536)
    per_record = max(1, len(head) // max(1, head.count(b"\n")))
    estimate = size if jobs > 1 else max(1, size // per_record)
    bar = click.progressbar(length=estimate, label=f"checking {clean(display)}", file=sys.stderr)
    chunks = iter_file(cfg, path, kind, jobs=jobs, progress=bar.update, display=display)  # type: ignore[arg-type]
    return _with_bar(bar, chunks)


def _with_bar(
    bar: ProgressBar[int], chunks: Generator[list[Diagnostic], None, None]
) -> Generator[list[Diagnostic], None, None]:
    with bar, contextlib.closing(chunks):
        yield from chunks


def _rule_dict(rule: object) -> dict[str, str]:
    keys = ("code", "name", "severity", "summary", "why", "example", "instead", "behaviour")
    return {k: str(getattr(rule, k)) for k in keys}


@main.command("render")
@click.argument("config")
@click.option("--task", "task_file", type=click.Path(dir_okay=False), help="Task JSON to show and pre-label.")
@click.option(
    "--tasks",
    "tasks_file",
    type=click.Path(dir_okay=False),
    help="Tasks (JSON array or JSON Lines) to step through; the page downloads all annotations.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Page file (default: stdout)."
)
@click.option("--submit-url", metavar="URL", help="POST the annotation as JSON to URL on submit.")
def render_command(
    config: str, task_file: str | None, tasks_file: str | None, output: str | None, submit_url: str | None
) -> None:
    """Write CONFIG as a self-contained HTML labeling form (works offline, from a file)."""
    from pathlib import Path

    from .render import refusals, render_html
    from .render.files import TaskFileError, read_task, read_tasks

    if task_file is not None and tasks_file is not None:
        _error("--task and --tasks exclude each other: give one task or a file of tasks")
        sys.exit(EXIT_USAGE)
    cfg = _load_config(config, refusals)
    try:
        if tasks_file is not None:
            from .render.tasks import render_tasks_html

            html = render_tasks_html(
                cfg, read_tasks(tasks_file), submit_url=submit_url, task_dir=Path(tasks_file).parent
            )
        else:
            task = read_task(task_file) if task_file is not None else None
            folder = Path(task_file).parent if task_file is not None else None
            html = render_html(cfg, task, submit_url=submit_url, task_dir=folder)
    except (TaskFileError, ValueError) as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    if output is None:
        click.echo(html, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(html)
    except OSError as exc:
        _error(f"{output}: cannot write the page ({exc.strerror or exc})")
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":  # pragma: no cover
    main()
