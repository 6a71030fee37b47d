"""`labelconfig check --scheduler`: payload partitions checked on workers, findings merged in order.

A worker compiles the config once (cached by its text) and checks one partition with the same code a
local run uses; the client makes record numbers, lines and columns absolute and yields the findings
in file order, so the report and the exit status are those of a run without `--scheduler`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Generator, Iterable
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic
from ..payloads.api import Config
from . import ordered, storage
from .partitions import PARTITION_BYTES, Partition, partitions

_COMPILED: dict[str, Config] = {}  # per worker process: config text -> its Config


def compiled(config_text: str) -> Config:
    """The config of `config_text`, compiled once per worker."""
    found = _COMPILED.get(config_text)
    if found is None:
        from ..config import from_text

        found = _COMPILED[config_text] = from_text(config_text)
    return found


def spooled(part: Partition) -> str:
    """A local file a worker reads one partition from: the whole file, or an array partition's
    elements within brackets (its first element at line 1, column 2)."""
    if part.layout == "whole":
        data = storage.read_range(part.url, 0, part.end)
    else:
        data = b"[" + storage.read_range(part.url, part.start, part.end) + b"]"
    fd, path = tempfile.mkstemp(prefix="labelconfig-part-", suffix=".json")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def check_partition(part: Partition, config_text: str, kind: str) -> tuple[list[Diagnostic], int, int]:
    """(findings, records, newlines) of one partition; findings located within the partition."""
    from ..payloads import run

    cfg = compiled(config_text)
    if part.layout != "lines":
        path = spooled(part)
        try:
            return run.check_file(cfg, path, kind, display=part.display), 0, 0  # type: ignore[arg-type]
        finally:
            os.unlink(path)
    checker = cfg.payloads  # built once per compiled Config, so once per worker
    if not storage.is_url(part.url):  # a file every worker sees: read in place
        return run.check_range(cfg, checker, part.url, part.start, part.end, kind, part.display)  # type: ignore[arg-type]
    data = storage.read_range(part.url, part.start, part.end)
    fd, path = tempfile.mkstemp(prefix="labelconfig-part-", suffix=".jsonl")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return run.check_range(cfg, checker, path, 0, len(data), kind, part.display)  # type: ignore[arg-type]
    finally:
        os.unlink(path)


def check_files(
    client: Any,
    cfg: Config,
    urls: Iterable[tuple[str, str]],
    kind: str,
    target: int = PARTITION_BYTES,
    progress: Callable[[int], None] | None = None,
) -> Generator[list[Diagnostic], None, None]:
    """The findings of each (url, display) file, one list per partition, in input order; `progress`
    is told the bytes of each partition merged."""
    workers = max(1, sum(client.nthreads().values()))
    for url, display in urls:
        parts = partitions(url, display, target, workers)
        merged = [0, 0]  # records and lines of the partitions merged so far

        def where(part: Partition, merged: list[int] = merged) -> str:
            return part.at(merged[1])  # a failed partition: every one before it is merged

        for part, (found, n, newlines) in ordered(
            client, check_partition, parts, cfg.text, kind, describe=where
        ):
            if found:
                yield [place(d, part, *merged) for d in found]
            merged[0] += n
            merged[1] += newlines
            if progress is not None:
                progress(part.end - part.start)


def place(d: Diagnostic, part: Partition, items: int, lines: int) -> Diagnostic:
    """A partition's finding at its place in the whole file."""
    if part.layout == "whole":
        return d
    if part.layout == "lines":
        from ..payloads.run import shift

        return shift(d, items, lines)
    item = None if d.item is None else d.item + part.item
    path = d.path
    local = f"$[{d.item}]"
    if d.item is not None and path.startswith(local):
        path = f"$[{item}]" + path[len(local) :]
    line, column = _at(part, d.line, d.column)
    end_line, end_column = _at(part, d.end_line, d.end_column)
    return replace(
        d, item=item, path=path, line=line, column=column, end_line=end_line, end_column=end_column
    )


def _at(part: Partition, line: int, column: int) -> tuple[int, int]:
    """A position in an array partition's spool (`[` + its elements + `]`) in the whole file."""
    if not line:
        return line, column
    if line == 1:
        return part.line, column - 2 + part.column if column else column
    return part.line + line - 1, column
