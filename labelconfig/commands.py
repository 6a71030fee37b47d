"""Commands for configs under review: `diff` (what a change breaks) and `fmt` (one canonical layout).
Loaded on first use through the CLI's lazy command table."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Any, TypeVar

import click

from .check import EVERYTHING, check_source
from .inputs import InputError, read
from .report import render
from .report._safe import clean
from .source import Source
from .view import Config

EXIT_USAGE = 2
C = TypeVar("C", bound=Config)


def _error(message: str) -> None:
    click.echo(f"labelconfig: error: {clean(message)}", err=True)


def _fail(message: str) -> None:
    _error(message)
    sys.exit(EXIT_USAGE)


def load(path: str, factory: type[C] = Config) -> C:  # type: ignore[assignment]
    """The config in `path` (XML, project JSON, template YAML), or exit 2 naming file and line."""
    try:
        item = read(path)[0]
    except InputError as exc:
        _fail(str(exc))
    if item.source is None:
        click.echo(render("text", list(item.diagnostics), {}), err=True, nl=False)
        sys.exit(EXIT_USAGE)
    cfg = check_source(item.source, EVERYTHING, factory)
    if cfg.root is None:
        click.echo(render("text", list(cfg.errors), {item.file: item.source}), err=True, nl=False)
        sys.exit(EXIT_USAGE)
    return cfg


def read_tasks(path: str) -> list[dict[str, Any]]:
    """A Label Studio JSON export (a list of tasks), one task, or JSON Lines of tasks."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as whole:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            _fail(f"{path}:{whole.lineno}:{whole.colno}: not JSON ({whole.msg})")
    tasks = data if isinstance(data, list) else [data]
    return [t for t in tasks if isinstance(t, dict)]


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--annotations", "export", metavar="EXPORT", help="Count the results each breaking change orphans."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff_command(old: str, new: str, export: str | None, fmt: str) -> None:
    """What changed from config OLD to NEW, each change breaking or cosmetic for existing annotations.

    \\b
    Exit status: 0 no breaking change, 1 breaking changes, 2 unreadable input."""
    from .diff import count_orphans, diff

    changes = diff(load(old), load(new))
    counts = count_orphans(changes, read_tasks(export)) if export else {}
    if fmt == "json":
        rows = [
            {"kind": c.kind, "breaking": c.breaking, "subject": c.subject, "message": c.message}
            | ({"orphaned": counts[i]} if i in counts else {})
            for i, c in enumerate(changes)
        ]
        click.echo(json.dumps({"changes": rows}, indent=2, ensure_ascii=False))
    else:
        for i, c in enumerate(changes):
            what = "task(s) lack the new key" if c.about_tasks else "result(s) orphaned"
            tail = f"  [{counts[i]} {what}]" if i in counts else ""
            click.echo(f"{'breaking' if c.breaking else 'cosmetic'}  {c.kind:<20} {clean(c.message)}{tail}")
        breaking = sum(c.breaking for c in changes)
        click.echo(f"{len(changes)} change(s), {breaking} breaking." if changes else "No changes.")
    sys.exit(1 if any(c.breaking for c in changes) else 0)


def _format_file(path: str) -> tuple[str, str, bytes] | None:
    """(old text, new text, bytes to write) for one file, or None after reporting why it cannot be."""
    from .fmt import FormatError
    from .parse import decode
    from .reformat import reformat

    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()  # noqa: SIM115
    except OSError as exc:
        click.echo(f"labelconfig: error: {clean(path)}: {exc.strerror or exc}", err=True)
        return None
    display = "<stdin>" if path == "-" else path
    try:
        done = reformat(data, display)
    except FormatError as exc:
        # Parser diagnostics do not carry the file name; the message must name it.
        shown = [replace(d, file=display) for d in exc.diagnostics if d.severity == "error"]
        if not shown:
            _error(str(exc))
            return None
        text, _ = decode(data, display)
        sources = {display: Source(text, display)} if text is not None else {}
        click.echo(render("text", shown, sources), err=True, nl=False)
        return None
    return done.old, done.new, done.data


@click.command("fmt")
@click.argument("files", nargs=-1, required=True)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when a file would be reformatted.")
@click.option("--diff", "show_diff", is_flag=True, help="Change nothing; print what would change.")
def fmt_command(files: tuple[str, ...], check: bool, show_diff: bool) -> None:
    """Lay out config FILES (or directories of *.xml; `-` formats stdin to stdout) canonically: an XML
    config, or the config inside a project JSON export or template YAML (the rest of the file is kept).
    Line endings and a byte order mark are kept.

    \\b
    Exit status: 0 done (or nothing to change), 1 with --check/--diff when files would change,
    2 when a file cannot be read or does not parse."""
    import difflib

    from .inputs import expand

    try:
        paths = list(expand(files))
    except InputError as exc:
        _fail(str(exc))
    changed = failed = 0
    for path in paths:
        done = _format_file(path)
        if done is None:
            failed += 1
            continue
        old, new, data = done
        if path == "-" and not (check or show_diff):
            sys.stdout.buffer.write(data)  # in the declared encoding, as the file would be written
            sys.stdout.buffer.flush()
            continue
        if old == new:
            continue
        changed += 1
        if show_diff:
            lines = difflib.unified_diff(old.splitlines(True), new.splitlines(True), path, path)
            click.echo("".join(lines), nl=False)
        elif check:
            click.echo(f"would reformat {clean(path)}")
        else:
            with open(path, "wb") as fh:
                fh.write(data)
    if not (check or show_diff) and paths != ["-"]:
        click.echo(f"{changed} file(s) reformatted, {len(paths) - changed - failed} unchanged", err=True)
    sys.exit(EXIT_USAGE if failed else 1 if changed and (check or show_diff) else 0)
