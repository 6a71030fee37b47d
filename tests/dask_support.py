"""A light distributed.LocalCluster for the `--scheduler` tests (threads: the machine has 2 cores)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def local_cluster() -> Iterator[str]:
    """A scheduler address with two one-thread workers, for the length of the block."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@contextmanager
def local_client() -> Iterator[object]:
    """A connected client on a fresh local cluster, closed at the end of the block."""
    from labelconfig.distributed import connect

    with local_cluster() as address:
        client = connect(address)
        try:
            yield client
        finally:
            client.close()
