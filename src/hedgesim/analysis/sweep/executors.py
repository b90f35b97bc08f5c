"""Executors: where chunks run — in this process, on local processes, or on Dask.

Every executor runs the same ``run_chunk`` on the same tasks, so results are
identical; only the parent process writes to the store. At most a few chunks
per worker are in flight, so memory stays flat however long the sweep.

An executor is opened (workers started, a scheduler reached) before the
sweep's folder is touched, so a scheduler that cannot be reached leaves
nothing on disk. Worker processes never see Ctrl-C (the sweep process stops
them: no worker prints a traceback), and each watches its parent: if the sweep
process dies, even by SIGKILL, its workers exit within a second.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

from hedgesim.analysis.sweep.chunks import ChunkResult, ChunkTask, run_chunk
from hedgesim.game.parameters import ConfigError, excerpt, shorten

EXECUTORS = ("serial", "processes", "dask")
IN_FLIGHT_PER_WORKER = 2
PARENT_POLL_SECONDS = 0.5


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def check_executor(executor: str, workers: int | None, scheduler: Any) -> None:
    """Refuse a bad executor setting before anything starts."""
    if executor not in EXECUTORS:
        raise ConfigError(f"--executor {excerpt(executor)}: allowed: {', '.join(EXECUTORS)}")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ConfigError(f"--workers {excerpt(workers)}: allowed: an integer from 1")
    if scheduler is not None and executor != "dask":
        raise ConfigError("--scheduler needs --executor dask")
    if isinstance(scheduler, str):
        scheduler_address(scheduler)


def scheduler_address(text: str) -> str:
    """A Dask scheduler address, checked for form (``tcp://HOST:PORT``, ``tls://...``, ``HOST:PORT``)."""
    example = "expected e.g. tcp://10.0.0.5:8786"
    try:
        from distributed.comm.addressing import parse_address, parse_host_port
    except ImportError:
        raise ConfigError("--executor dask needs dask.distributed: pip install 'dask[distributed]'") from None
    if not text.strip() or len(text) > 1000:
        raise ConfigError(f"--scheduler {excerpt(text)}: not a Dask scheduler address; {example}")
    try:
        scheme, location = parse_address(text)
        if scheme in ("tcp", "tls"):
            host, port = parse_host_port(location)
            if not host or not 0 < int(port) < 65536:
                raise ValueError("bad host or port")
    except (ValueError, TypeError) as error:
        why = str(error).split(":")[0] if str(error) else "malformed"
        raise ConfigError(f"--scheduler {excerpt(text)}: not a Dask scheduler address ({shorten(why, 80)}); "
                          f"{example}") from None
    return text


# ------------------------------------------------------------ worker processes
def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)  # the sweep process is gone: stop at once, whatever the chunk
        time.sleep(PARENT_POLL_SECONDS)


def worker_init(parent: int) -> None:
    """In each worker process: ignore Ctrl-C (the sweep process stops us) and exit with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold SIGINT back while child processes start.

    The children inherit it blocked, so a Ctrl-C at the terminal (sent to the whole
    process group) never reaches them, not even while they import; this process
    gets the held-back Ctrl-C as soon as they have started.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Ignore SIGINT while Dask starts its worker processes, which inherit "ignored".

    Dask starts them from threads of its own, which a blocked mask does not reach;
    a Ctrl-C in these few seconds is lost (press it again), never a worker's traceback.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Pool:
    """An open executor: ``run(tasks)`` yields each chunk's result as it finishes."""

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        raise NotImplementedError

    def close(self, interrupted: bool = False) -> None:
        """Stop the workers: at once when ``interrupted``, else after their work."""


class SerialPool(Pool):
    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        for task in tasks:
            yield run_chunk(task)


class ProcessPool(Pool):
    def __init__(self, workers: int):
        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=worker_init, initargs=(os.getpid(),))

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        pending = set()
        queue = iter(tasks)
        first = True
        while True:
            with interrupts_deferred() if first else _nothing():  # workers start on the first submits
                while len(pending) < self.workers * IN_FLIGHT_PER_WORKER:
                    task = next(queue, None)
                    if task is None:
                        break
                    pending.add(self.pool.submit(run_chunk, task))
            first = False
            if not pending:
                return
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()

    def close(self, interrupted: bool = False) -> None:
        if not interrupted:
            self.pool.shutdown(wait=True)
            return
        processes = list(getattr(self.pool, "_processes", {}).values())  # no public way before 3.14
        for process in processes:
            if process.is_alive():
                process.terminate()
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=5)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


class DaskPool(Pool):
    def __init__(self, workers: int | None, scheduler: Any):
        from dask.distributed import Client, LocalCluster

        self.cluster = None
        if scheduler is None:
            with interrupts_ignored(), quiet_dask(), warnings.catch_warnings():
                # the scheduler's HTTP server (off with the dashboard) still notes a busy port 8787
                warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
                self.cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                                            processes=True, dashboard_address=None,
                                            # workers' own logs: a stopping sweep's heartbeats fail
                                            silence_logs=logging.CRITICAL)
                self.client = Client(self.cluster)
        elif isinstance(scheduler, Client):
            self.client = scheduler
        elif isinstance(scheduler, str):
            try:
                with quiet_dask():
                    self.client = Client(scheduler_address(scheduler), timeout="10s")
            except (OSError, TimeoutError, ValueError) as error:
                raise ConfigError(f"--scheduler {excerpt(scheduler)}: cannot reach a Dask scheduler "
                                  f"({excerpt(str(error).splitlines()[0] if str(error) else type(error).__name__, 120)})"
                                  ) from None
        else:  # a Cluster object, e.g. dask_jobqueue.SLURMCluster
            self.client = Client(scheduler)
        self.own_client = not isinstance(scheduler, Client)
        self.workers = workers

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        from dask.distributed import as_completed

        slots = max(1, len(self.client.scheduler_info().get("workers", {})) or (self.workers or 1))
        queue = iter(tasks)
        futures = as_completed()
        in_flight = 0
        for task in queue:
            futures.add(self.client.submit(run_chunk, task, pure=False))
            in_flight += 1
            if in_flight >= slots * IN_FLIGHT_PER_WORKER:
                break
        for future in futures:
            result = future.result()
            future.release()
            yield result
            task = next(queue, None)
            if task is not None:
                futures.add(self.client.submit(run_chunk, task, pure=False))

    def close(self, interrupted: bool = False) -> None:
        with quiet_dask(interrupted):
            if self.own_client:
                self.client.close()
            if self.cluster is not None:
                self.cluster.close()


@contextmanager
def quiet_dask(quiet: bool = True) -> Iterator[None]:
    """Keep Dask's logs of workers and connections (tracebacks when a sweep stops) off the terminal."""
    if not quiet:
        yield
        return
    loggers = [logging.getLogger(name) for name in ("distributed", "tornado", "asyncio")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


@contextmanager
def open_pool(executor: str = "serial", workers: int | None = None, scheduler: Any = None) -> Iterator[Pool]:
    """Start an executor; stop its workers on leaving (at once, if leaving on an interruption or error)."""
    check_executor(executor, workers, scheduler)
    if executor == "serial":
        pool: Pool = SerialPool()
    elif executor == "processes":
        pool = ProcessPool(workers or default_workers())
    else:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ConfigError("--executor dask needs dask.distributed: "
                              "pip install 'dask[distributed]'") from None
        pool = DaskPool(workers, scheduler)
    try:
        yield pool
    except BaseException:
        pool.close(interrupted=True)
        raise
    pool.close()


def execute(tasks: Iterable[ChunkTask], executor: str = "serial", workers: int | None = None,
            scheduler: Any = None) -> Iterator[ChunkResult]:
    """Run ``tasks``, yielding each chunk's result as it finishes."""
    with open_pool(executor, workers, scheduler) as pool:
        yield from pool.run(tasks)
