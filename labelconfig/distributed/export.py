"""`labelconfig export --scheduler`: tasks read and linted on workers, written once, in input order.

Each worker reads a partition and returns its tasks with their linted records (values, not bytes) and
the tally of what it left out. The client hands them, in input order, to the format's own writer, so
COCO ids are given after the merge and per-image files are named by the one rule (`naming.Names`)
that a local export uses: the output equals a local export's, once parsed. Linting, the costly part of
an export, runs on the workers; the writer's pass stays on the client.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from ..export import ExportError, ExportInputError, Plan, Tally, make_plan
from ..export.files import staged
from ..export.records import Chosen, selected
from . import ordered, storage
from .check import compiled, spooled
from .partitions import PARTITION_BYTES, Partition, partitions


@dataclass(frozen=True, slots=True)
class Options:
    """What a worker needs to choose and lint records as the export does."""

    config_text: str
    to: str
    controls: tuple[str, ...]
    which: Any
    source: Any


@dataclass(slots=True)
class Part:
    """One partition's tasks with their linted records, or the input error that stops the export."""

    tasks: list[tuple[dict[str, Any], list[Chosen]]]
    tally: Tally
    error: tuple[int, str] | None  # (line within the partition, message) of an input error
    newlines: int


def export_partition(part: Partition, options: Options) -> Part:
    cfg = compiled(options.config_text)
    tally = Tally()
    plan = make_plan(cfg, options.to, Path("."), options.controls, tally=tally)
    suspect = None
    if getattr(import_module(f"labelconfig.export.{plan.fmt.module}").Writer, "suspects", False):
        from ..export.textfmt import TextSuspect

        suspect = TextSuspect(plan)
    path = _spool(part)
    try:
        tasks = [(t, c) for _, t, c in selected(cfg, path, options.which, options.source, tally, suspect)]
        return Part(tasks, tally, None, _newlines(path) if part.layout == "lines" else 0)
    except ExportInputError as exc:
        m = re.match(re.escape(path) + r"(?::(\d+))?: (.*)", str(exc), re.S)
        line, message = (int(m.group(1) or 0), m.group(2)) if m else (0, str(exc))
        return Part([], tally, (line, message), 0)
    finally:
        os.unlink(path)


def _newlines(path: str) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def _spool(part: Partition) -> str:
    if part.layout != "lines":
        return spooled(part)
    fd, path = tempfile.mkstemp(prefix="labelconfig-part-", suffix=".jsonl")
    with os.fdopen(fd, "wb") as fh:
        fh.write(storage.read_range(part.url, part.start, part.end))
    return path


def merged(
    client: Any, inputs: list[tuple[str, str]], options: Options, tally: Tally, target: int
) -> Iterator[tuple[dict[str, Any], list[Chosen]]]:
    """Every task of the inputs with its linted records, in input order; an input error raises
    `ExportInputError` naming the file and the line in it."""
    for url, display in inputs:
        lines = 0
        parts = partitions(url, display, target)
        for part, done in ordered(client, export_partition, parts, options):
            tally.add(done.tally)
            if done.error is not None:
                line, message = done.error
                if line and part.layout == "lines":
                    line += lines
                elif line and part.layout == "array":
                    line += part.line - 1
                raise ExportInputError(f"{display}:{line}: {message}" if line else f"{display}: {message}")
            yield from done.tasks
            lines += done.newlines


def export(
    client: Any,
    tasks: str,
    plan: Plan,
    out: str,
    which: Any = "newest",
    source: Any = "annotations",
    target: int = PARTITION_BYTES,
) -> Tally:
    """Export the files `tasks` names (a file, a directory or prefix of per-task files, a glob; local
    or a URL) to `out` (local or a URL), complete or absent, as `labelconfig.export.run` does."""
    inputs = [(u, u) for u in storage.expand(tasks)]
    if not inputs:
        raise ExportError(f"{tasks}: no files there")
    remote = storage.is_url(out)
    options = Options(plan.cfg.text, plan.fmt.name, tuple(c.name for c in plan.controls), which, source)
    writer_class = import_module(f"labelconfig.export.{plan.fmt.module}").Writer
    with tempfile.TemporaryDirectory(prefix="labelconfig-upload-") as upload:
        target_path = Path(upload) / "out" if remote else Path(out)
        if target_path.exists() and target_path.is_dir() != (plan.fmt.output == "dir"):
            want = "a directory" if plan.fmt.output == "dir" else "a file"
            raise ExportError(f"{target_path}: {plan.fmt.name} writes {want}; choose another -o")
        with staged(target_path, plan.fmt.output) as (staged_out, scratch):
            plan.out, plan.scratch = staged_out, scratch
            try:
                writer = writer_class(plan)
                try:
                    for task, chosen in merged(client, inputs, options, plan.tally, target):
                        writer.write(task, chosen)
                finally:
                    writer.close()
            finally:
                plan.out, plan.scratch = target_path, None
        if remote:
            storage.upload(os.fspath(target_path), out)
    return plan.tally
