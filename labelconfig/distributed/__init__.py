"""Checks and exports past one machine, on a dask.distributed cluster (`--scheduler ADDRESS`).

Files are cut into partitions (`partitions`), each checked or read on a worker; findings and linted
records come back as values and are merged in input order (`check`, `export`), so a run with a
scheduler reports and writes what a run without one does. Files are read and written through fsspec
(`storage`): local paths, directories, globs and `s3://` URLs.

Nothing here is imported without `--scheduler`: Dask loads only when a run asks for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TypeVar

SCHEDULER_ENV: Final = "LABELCONFIG_SCHEDULER"
INSTALL: Final = "pip install 'labelconfig[dask]'"
CONNECT_TIMEOUT: Final = 20  # seconds to reach a scheduler before saying it is not there
RETRIES: Final = 2  # a partition whose worker died is run again this often by Dask

T = TypeVar("T")
R = TypeVar("R")


class DistributedError(Exception):
    """The cluster cannot be used (missing extra, unreachable scheduler) or a partition failed; the
    message says what to do, naming the file and line when a partition failed."""


def scheduler_address(flag: str | None, setting: str | None = None) -> str | None:
    """The scheduler a run uses: `--scheduler`, else $LABELCONFIG_SCHEDULER, else the settings'
    `scheduler`; None (one local process) when none is given."""
    return flag or os.environ.get(SCHEDULER_ENV) or setting or None


def connect(address: str) -> Any:
    """A `distributed.Client` on `address`; `DistributedError` says what to install or start."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise DistributedError(f"--scheduler needs Dask, which is not installed: {INSTALL}") from exc
    try:
        return Client(address, timeout=_timeout(), set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DistributedError(
            f"cannot reach the Dask scheduler at {address} ({exc}); start one with `dask scheduler` "
            "and workers with `dask worker ADDRESS`, or leave out --scheduler"
        ) from exc


PROGRESS_ABOVE: Final = 8 * 1024 * 1024  # bytes of input before a bar is worth showing (as local runs)


def progress_bar(urls: Iterable[str], label: str) -> Any:
    """The progress bar of a `--scheduler` run over `urls`, counting bytes of finished partitions;
    None unless a person watches (stderr is a terminal) an input worth waiting for. The same click
    bar local runs show."""
    if not _watching():
        return None
    from . import storage

    total = sum(storage.size(u) for u in urls)
    if total < PROGRESS_ABOVE:
        return None
    import click

    return click.progressbar(length=total, label=label, file=sys.stderr)


def _watching() -> bool:
    return sys.stderr.isatty()


def _timeout() -> float:
    return CONNECT_TIMEOUT  # a function, so tests can make it short


def ordered(
    client: Any,
    fn: Callable[..., R],
    items: Iterable[T],
    *args: Any,
    describe: Callable[[T], str] = str,
) -> Iterator[tuple[T, R]]:
    """(item, fn(item, *args)) for each item, in the order given, computed on the cluster. A few
    partitions per worker are in flight: enough to keep them busy, few enough that finished results
    waiting for their turn stay a bounded amount. A failed partition raises `DistributedError`
    naming it (after Dask's retries)."""
    workers = max(1, sum(client.nthreads().values()))
    window = workers * 3
    pending: list[tuple[T, Any]] = []
    todo = iter(items)
    try:
        while True:
            while len(pending) < window:
                item = next(todo, None)
                if item is None:
                    break
                pending.append((item, client.submit(fn, item, *args, pure=False, retries=RETRIES)))
            if not pending:
                return
            item, future = pending.pop(0)
            try:
                result = future.result()
            except Exception as exc:  # a worker's error comes back as the error it raised
                raise DistributedError(f"{describe(item)}: {type(exc).__name__}: {exc}") from exc
            yield item, result
    finally:
        for _, future in pending:
            future.cancel()


class Cluster:
    """One run's connection to a scheduler, opened on first use and closed at the end of the run."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._client: Any = None
        self._failed: DistributedError | None = None

    @property
    def client(self) -> Any:
        """The client; a scheduler that could not be reached is not tried again for every file."""
        if self._failed is not None:
            raise self._failed
        if self._client is None:
            try:
                self._client = connect(self.address)
            except DistributedError as exc:
                self._failed = exc
                raise
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


__all__ = [
    "SCHEDULER_ENV",
    "Cluster",
    "DistributedError",
    "connect",
    "ordered",
    "progress_bar",
    "scheduler_address",
]
