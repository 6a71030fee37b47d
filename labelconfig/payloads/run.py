"""Checking whole payload files: one process, or `--jobs N` worker processes over line ranges."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from ..config import Config
from ..diagnostics import Diagnostic
from . import codes
from .context import Sink
from .reader import Record, line_ranges, records, sniff
from .records import Kind, PayloadChecker

Progress = Callable[[int], None]  # called with a number of bytes (or records) done


def check_file(
    cfg: Config,
    path: str,
    kind: Kind,
    jobs: int = 1,
    progress: Progress | None = None,
    display: str | None = None,
) -> list[Diagnostic]:
    """Every diagnostic for the records of `path` (given as --tasks, --predictions or --annotations)."""
    display = display or path
    with open(path, "rb") as fh:
        layout = sniff(fh.read(65536))
    if jobs > 1 and layout == "lines" and os.path.getsize(path) > 1024 * 1024:
        return _parallel(cfg, path, kind, jobs, progress, display)
    checker = PayloadChecker(cfg)
    skip = _shortcut(cfg, checker, kind, progress)
    out: list[Diagnostic] = []
    for record in records(path, skip=skip):
        out.extend(_check_record(checker, record, kind, display))
        if progress is not None:
            progress(1)
    return out


def _shortcut(
    cfg: Config, checker: PayloadChecker, kind: Kind, progress: Progress | None = None
) -> Callable[[bytes], bool] | None:
    """The msgspec fast path for prediction and annotation lines (tasks always take the full path)."""
    if kind == "tasks":
        return None
    accepts = checker.shortcut(kind).accepts
    if progress is None:
        return accepts

    def counted(raw: bytes) -> bool:
        ok = accepts(raw)
        if ok:
            progress(1)
        return ok

    return counted


def _check_record(checker: PayloadChecker, record: Record, kind: Kind, display: str) -> list[Diagnostic]:
    sink = Sink(display, record.item, record.line)
    root = "$" if record.item is None else f"$[{record.item}]"
    if record.error is not None:
        where = f" (column {record.column})" if record.column else ""
        sink.add(
            codes.INVALID_JSON, root, f"invalid JSON{where}: {record.error}", help="fix or remove this record"
        )
        return sink.out
    checker.check_record(record.value, kind, sink, root)
    return sink.out


# --- --jobs: each worker compiles the config once and checks one byte range of a JSON Lines file -----

_WORKER: dict[str, object] = {}


def _init_worker(config_text: str) -> None:
    from .. import parse

    cfg = parse(config_text)
    _WORKER["cfg"] = cfg
    _WORKER["checker"] = PayloadChecker(cfg)


def _check_range(
    path: str, start: int, end: int, kind: Kind, display: str
) -> tuple[list[Diagnostic], int, int]:
    checker, cfg = _WORKER["checker"], _WORKER["cfg"]
    assert isinstance(checker, PayloadChecker) and isinstance(cfg, Config)
    out: list[Diagnostic] = []
    for record in records(path, start, end, skip=_shortcut(cfg, checker, kind)):
        out.extend(_check_record(checker, record, kind, display))
    with open(path, "rb") as fh:
        fh.seek(start)
        chunk = fh.read(end - start)
    items = sum(1 for line in chunk.split(b"\n") if line.strip())
    return out, items, chunk.count(b"\n")


def _parallel(
    cfg: Config, path: str, kind: Kind, jobs: int, progress: Progress | None, display: str
) -> list[Diagnostic]:
    ranges = line_ranges(path, jobs * 4)
    out: list[Diagnostic] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(cfg.text,)) as pool:
        futures = [pool.submit(_check_range, path, a, b, kind, display) for a, b in ranges]
        items_before = lines_before = 0
        for future, (a, b) in zip(futures, ranges, strict=True):
            found, items, lines = future.result()
            out.extend(_shift(d, items_before, lines_before) for d in found)
            items_before += items
            lines_before += lines
            if progress is not None:
                progress(b - a)
    return out


def _shift(d: Diagnostic, items: int, lines: int) -> Diagnostic:
    """Make a worker's range-relative record number, line and path absolute."""
    if not items and not lines:
        return d
    item = None if d.item is None else d.item + items
    path = d.path
    local = f"$[{d.item}]"
    if d.item is not None and path.startswith(local):
        path = f"$[{item}]" + path[len(local) :]
    line = d.line + lines if d.line else 0
    end_line = d.end_line + lines if d.end_line else 0
    return replace(d, item=item, path=path, line=line, end_line=end_line)
