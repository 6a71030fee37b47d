"""Command line. Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error."""

from __future__ import annotations

import json
import os
import sys
import textwrap

import click

from .check import Selection, check_source, run
from .config import Config
from .diagnostics import Diagnostic, summarize
from .inputs import InputError, expand, read
from .payloads.reader import PayloadFileError
from .payloads.run import check_file
from .report import FORMATS
from .rules import BY_CODE, RULES
from .source import Source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PROGRESS_ABOVE = 8 * 1024 * 1024  # bytes of payload before a progress bar is worth showing


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labelconfig")
def main() -> None:
    """Lint Label Studio labeling configs (and, soon, their tasks and predictions)."""


@main.command()
@click.argument("configs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes (LC3, LC301).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes.")
@click.option(
    "--tasks", "tasks", multiple=True, type=click.Path(dir_okay=False), help="Task file(s) to check."
)
@click.option("--predictions", multiple=True, type=click.Path(dir_okay=False), help="Prediction file(s).")
@click.option("--annotations", multiple=True, type=click.Path(dir_okay=False), help="Annotation file(s).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for large JSON Lines payload files.",
)
def check(
    configs: tuple[str, ...],
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    tasks: tuple[str, ...],
    predictions: tuple[str, ...],
    annotations: tuple[str, ...],
    jobs: int,
) -> None:
    """Check CONFIGS: XML files, directories (searched for *.xml), `-` for stdin, a Label Studio
    project JSON export (its `label_config`) or a template YAML file (its `config:`).

    With --tasks/--predictions/--annotations, check payload files against the one CONFIG: JSON Lines,
    a JSON array or one object; tasks may embed predictions and annotations; an ML-backend response
    (`{"results": [...]}`) is accepted as predictions."""
    selection = Selection.of(select, ignore)
    payloads = [(p, "tasks") for p in tasks] + [(p, "predictions") for p in predictions]
    payloads += [(p, "annotations") for p in annotations]
    if payloads and len(configs) != 1:
        raise click.UsageError("payload files are checked against exactly one CONFIG")
    unknown = [p for p in (*selection.select, *selection.ignore) if not any(c.startswith(p) for c in BY_CODE)]
    if unknown:
        raise click.UsageError(f"unknown rule code or prefix: {', '.join(unknown)} (see `labelconfig rules`)")
    io_failed = False
    diagnostics: list[Diagnostic] = []
    sources: dict[str, Source] = {}
    files = 0
    stdin = sys.stdin.buffer.read() if "-" in configs else None
    try:
        paths = list(expand(configs))
    except InputError as exc:
        click.echo(f"labelconfig: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for path in paths:
        try:
            loaded = read(path, stdin)
        except InputError as exc:
            click.echo(f"labelconfig: error: {exc}", err=True)
            io_failed = True
            continue
        for item in loaded:
            files += 1
            diagnostics.extend(d for d in item.diagnostics if selection.wants(d.code))
            if item.source is None:
                continue
            sources[item.file] = item.source
            _, bound, found = run(item.source, selection)
            diagnostics.extend(found)
            if payloads and bound is not None:
                cfg = Config(bound, found, item.source.text)
                for payload, kind in payloads:
                    try:
                        found_payload = _check_payload(cfg, payload, kind, jobs)
                    except (OSError, PayloadFileError) as exc:
                        click.echo(
                            f"labelconfig: error: {payload}: {getattr(exc, 'strerror', None) or exc}",
                            err=True,
                        )
                        io_failed = True
                        continue
                    files += 1
                    diagnostics.extend(d for d in found_payload if selection.wants(d.code))
    summary = summarize(diagnostics, files)
    output = FORMATS[fmt](diagnostics, sources, summary)
    if output:
        click.echo(output)
    if io_failed:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if summary["errors"] else EXIT_CLEAN)


def _load_config(path: str) -> Config:
    """The one config of `schema`/`sample`, or exit 1 with its errors on stderr (2 if unreadable)."""
    try:
        item = read(path, sys.stdin.buffer.read() if path == "-" else None)[0]
    except InputError as exc:
        click.echo(f"labelconfig: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    cfg = check_source(item.source) if item.source is not None else Config(None, item.diagnostics, "")
    if cfg.root is None or not cfg.ok:
        shown = list(cfg.errors) or list(cfg.diagnostics)
        sources = {item.file: item.source} if item.source is not None else {}
        click.echo(FORMATS["text"](shown, sources, summarize(shown, 1)), err=True)
        sys.exit(EXIT_FINDINGS)
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
    """Print a task for CONFIG with one prediction, both of which pass `labelconfig check`."""
    from .payloads.sample import sample as make_sample

    click.echo(json.dumps(make_sample(_load_config(config)), indent=2, ensure_ascii=False))


@main.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(code: str | None, fmt: str) -> None:
    """List every rule, or explain one (`labelconfig rules LC301`)."""
    if code is not None:
        rule = BY_CODE.get(code.upper())
        if rule is None:
            from .suggest import did_you_mean

            help, _ = did_you_mean(code.upper(), [*BY_CODE, *(r.name for r in RULES)])
            named = next((r for r in RULES if r.name == code.lower()), None)
            if named is None:
                raise click.UsageError(f"unknown rule `{code}`" + (f"; {help}" if help else ""))
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
        click.echo(json.dumps([_rule_dict(r) for r in RULES], indent=2))
        return
    for r in RULES:
        click.echo(f"{r.code}  {r.name:<32} {r.severity:<8} {r.summary}")


def _check_payload(cfg: Config, path: str, kind: str, jobs: int) -> list[Diagnostic]:
    """Check one payload file, with a progress bar when a person is watching a long run."""
    size = os.path.getsize(path)
    if not sys.stderr.isatty() or size < PROGRESS_ABOVE:
        return check_file(cfg, path, kind, jobs=jobs)  # type: ignore[arg-type]
    with open(path, "rb") as fh:
        head = fh.read(65536)
    per_record = max(1, len(head) // max(1, head.count(b"\n")))
    estimate = size if jobs > 1 else max(1, size // per_record)
    with click.progressbar(length=estimate, label=f"checking {path}", file=sys.stderr) as bar:
        return check_file(cfg, path, kind, jobs=jobs, progress=bar.update)  # type: ignore[arg-type]


def _rule_dict(rule: object) -> dict[str, str]:
    keys = ("code", "name", "severity", "summary", "why", "example", "instead", "behaviour")
    return {k: str(getattr(rule, k)) for k in keys}


if __name__ == "__main__":  # pragma: no cover
    main()
