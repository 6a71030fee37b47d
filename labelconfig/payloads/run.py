"""Checking whole payload files: one process, or `--jobs N` worker processes over line ranges."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

from ..check import EVERYTHING, check_source
from ..diagnostics import Diagnostic
from ..source import Source
from ..view import Config
from . import codes
from .context import Sink
from .reader import Record, line_ranges, records, sniff_file
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
    return [d for chunk in iter_file(cfg, path, kind, jobs, progress, display) for d in chunk]


def iter_file(
    cfg: Config,
    path: str,
    kind: Kind,
    jobs: int = 1,
    progress: Progress | None = None,
    display: str | None = None,
) -> Generator[list[Diagnostic], None, None]:
    """The diagnostics of `path`, one list per record (or per range of records with `--jobs`), so a
    caller can write them out as they come. The file is opened before this returns: a missing or
    unreadable file raises `PayloadFileError` here, not halfway through a report."""
    display = display or path
    layout = sniff_file(path)
    if jobs > 1 and layout == "lines" and os.path.getsize(path) > 1024 * 1024:
        return _parallel(cfg, path, kind, jobs, progress, display)
    checker = PayloadChecker(cfg)
    skip = _shortcut(cfg, checker, kind, progress)
    return _serial(checker, records(path, skip=skip), kind, display, progress)


def _serial(
    checker: PayloadChecker, found: Iterator[Record], kind: Kind, display: str, progress: Progress | None
) -> Generator[list[Diagnostic], None, None]:
    for record in found:
        out = _check_record(checker, record, kind, display)
        if out:
            yield out
        if progress is not None:
            progress(1)


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
    line, column = record.line, record.column
    if record.error is None and not line and record.locate is not None:
        found = _check_value(checker, record, kind, display, 0)
        if not found:
            return found
        # Only records with findings pay for finding their line (array elements: a scan of the file).
        line, column = record.locate()
        if not line:
            return found
        return [replace(d, line=line, column=column, end_line=line, end_column=column) for d in found]
    return _check_value(checker, record, kind, display, line)


def _check_value(
    checker: PayloadChecker, record: Record, kind: Kind, display: str, line: int
) -> list[Diagnostic]:
    sink = Sink(display, record.item, line)
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
    # Ctrl-C reaches the whole process group; the parent handles it (exit 130), workers just stop.
    # The worker was forked with SIGINT held (`_sigint_held`): ignore it first, then let it through.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    cfg = check_source(Source(config_text), EVERYTHING, Config)
    _WORKER["cfg"] = cfg
    _WORKER["checker"] = PayloadChecker(cfg)


def _check_range(
    path: str, start: int, end: int, kind: Kind, display: str
) -> tuple[list[Diagnostic], int, int]:
    checker, cfg = _WORKER["checker"], _WORKER["cfg"]
    assert isinstance(checker, PayloadChecker) and isinstance(cfg, Config)
    return check_range(cfg, checker, path, start, end, kind, display)


def check_range(
    cfg: Config, checker: PayloadChecker, path: str, start: int, end: int, kind: Kind, display: str
) -> tuple[list[Diagnostic], int, int]:
    """(findings, records, newlines) of the lines between byte offsets `start` and `end` of a JSON
    Lines file; record numbers and lines count from the range's start (`shift` makes them the
    file's). What `--jobs` and Dask workers (`--scheduler`) each run on their part of a file."""
    out: list[Diagnostic] = []
    for record in records(path, start, end, skip=_shortcut(cfg, checker, kind)):
        out.extend(_check_record(checker, record, kind, display))
    with open(path, "rb") as fh:
        fh.seek(start)
        chunk = fh.read(end - start)
    items = sum(1 for line in chunk.split(b"\n") if line.strip())
    return out, items, chunk.count(b"\n")


@contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT held in the parent while the pool forks its workers: a child inherits the mask, so a
    Ctrl-C cannot break into its start-up (a traceback) before `_init_worker` ignores it. The parent
    gets a held Ctrl-C as soon as the mask is restored; none is lost."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: workers are spawned, not forked
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


RANGE_BYTES = 1024 * 1024  # per task: small enough that one range's diagnostics stay small


def _parallel(
    cfg: Config, path: str, kind: Kind, jobs: int, progress: Progress | None, display: str
) -> Generator[list[Diagnostic], None, None]:
    ranges = line_ranges(path, max(jobs * 4, os.path.getsize(path) // RANGE_BYTES))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(cfg.text,))
    try:
        # A few ranges in flight per worker: enough to keep them busy, few enough that finished
        # results waiting their turn (ranges are yielded in file order) stay a bounded amount.
        pending: deque[tuple[Future[tuple[list[Diagnostic], int, int]], int, int]] = deque()
        todo = iter(ranges)
        items_before = lines_before = 0
        while True:
            while len(pending) < jobs * 2:
                nxt = next(todo, None)
                if nxt is None:
                    break
                a, b = nxt
                with _sigint_held():  # the first submit forks the workers
                    pending.append((pool.submit(_check_range, path, a, b, kind, display), a, b))
            if not pending:
                break
            future, a, b = pending.popleft()
            found, items, lines = future.result()
            if found:
                yield [shift(d, items_before, lines_before) for d in found]
            items_before += items
            lines_before += lines
            if progress is not None:
                progress(b - a)
    finally:
        # On Ctrl-C (or a consumer that stops early) queued ranges are dropped, not run to the end.
        pool.shutdown(wait=True, cancel_futures=True)


def shift(d: Diagnostic, items: int, lines: int) -> Diagnostic:
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
