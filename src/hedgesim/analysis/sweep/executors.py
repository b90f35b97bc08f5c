"""Executors: where chunks run — in this process, on local processes, or on Dask.

Every executor runs the same ``run_chunk`` on the same tasks, so results are
identical; only the parent process writes to the store. At most a few chunks
per worker are in flight, so memory stays flat however long the sweep.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any

from hedgesim.game.parameters import ConfigError
from hedgesim.analysis.sweep.chunks import ChunkResult, ChunkTask, run_chunk

EXECUTORS = ("serial", "processes", "dask")
IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def execute(tasks: Iterable[ChunkTask], executor: str = "serial", workers: int | None = None,
            scheduler: Any = None) -> Iterator[ChunkResult]:
    """Run ``tasks``, yielding each chunk's result as it finishes."""
    if executor not in EXECUTORS:
        raise ConfigError(f"--executor {executor!r}: allowed: {', '.join(EXECUTORS)}")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: allowed: an integer from 1")
    if scheduler is not None and executor != "dask":
        raise ConfigError("--scheduler needs --executor dask")
    if executor == "serial":
        for task in tasks:
            yield run_chunk(task)
    elif executor == "processes":
        yield from _processes(tasks, workers or default_workers())
    else:
        yield from _dask(tasks, workers, scheduler)


def _processes(tasks: Iterable[ChunkTask], workers: int) -> Iterator[ChunkResult]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = set()
        queue = iter(tasks)
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER:
                task = next(queue, None)
                if task is None:
                    break
                pending.add(pool.submit(run_chunk, task))
            if not pending:
                return
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()


def _dask(tasks: Iterable[ChunkTask], workers: int | None, scheduler: Any) -> Iterator[ChunkResult]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    elif isinstance(scheduler, Client):
        client = scheduler
    elif isinstance(scheduler, str):
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as error:
            raise ConfigError(f"--scheduler {scheduler}: cannot reach a Dask scheduler ({error})") from None
    else:  # a Cluster object, e.g. dask_jobqueue.SLURMCluster
        client = Client(scheduler)
    own_client = not isinstance(scheduler, Client)
    try:
        slots = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        queue = iter(tasks)
        futures = as_completed()
        in_flight = 0
        for task in queue:
            futures.add(client.submit(run_chunk, task, pure=False))
            in_flight += 1
            if in_flight >= slots * IN_FLIGHT_PER_WORKER:
                break
        for future in futures:
            result = future.result()
            future.release()
            yield result
            task = next(queue, None)
            if task is not None:
                futures.add(client.submit(run_chunk, task, pure=False))
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
