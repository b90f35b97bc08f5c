"""The sweep runner: lay a spec out as chunks, run them on an executor, stream them to the store."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from hedgesim.analysis.sweep.chunks import ChunkResult
from hedgesim.analysis.sweep.executors import execute
from hedgesim.analysis.sweep.plan import SweepPlan, SweepResult
from hedgesim.analysis.sweep.spec import SweepSpec, load_spec
from hedgesim.analysis.sweep.store import SweepStore, load_results


class Progress:
    """Progress with ETA on stderr: a live line on a terminal, a line every few seconds otherwise."""

    def __init__(self, total_runs: int, done_runs: int, enabled: bool = True, stream=None):
        self.total, self.done, self.start_done = total_runs, done_runs, done_runs
        self.enabled = enabled and total_runs > 0
        self.stream = stream or sys.stderr
        self.started = self.last = time.perf_counter()
        self.live = getattr(self.stream, "isatty", lambda: False)()

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0

    def update(self, runs: int) -> None:
        self.done += runs
        if not self.enabled:
            return
        now = time.perf_counter()
        if not self.live and now - self.last < 5 and self.done < self.total:
            return
        self.last = now
        rate = self.rate
        eta = (self.total - self.done) / rate if rate > 0 else float("nan")
        eta_text = time.strftime("%H:%M:%S", time.gmtime(eta)) if math.isfinite(eta) else "?"
        line = (f"{self.done:,}/{self.total:,} runs ({100 * self.done / self.total:5.1f} %)  "
                f"{rate:,.0f} runs/s  ETA {eta_text}")
        if self.live:
            print("\r" + line, end="" if self.done < self.total else "\n", file=self.stream, flush=True)
        else:
            print(line, file=self.stream, flush=True)


def run_sweep(spec: str | Path | dict | SweepSpec, out: str | Path | None = None,
              executor: str = "serial", workers: int | None = None, scheduler: Any = None,
              progress: bool = True, on_progress: Callable[[int, int], None] | None = None,
              should_stop: Callable[[], bool] | None = None) -> SweepResult:
    """Run a sweep; with ``out``, stream it to disk and resume what an earlier call finished.

    ``executor`` is ``serial``, ``processes`` or ``dask``; ``scheduler`` is a Dask
    scheduler address, Cluster or Client (a LocalCluster is started otherwise).
    ``on_progress(done, total)`` is called with run counts after each chunk;
    ``should_stop()``, asked after each chunk, ends the sweep early (the
    result's ``info["stopped"]`` is then True; a stored sweep resumes later).
    """
    spec = load_spec(spec)
    plan = SweepPlan.of(spec)
    started = time.perf_counter()
    store = SweepStore.open(Path(out), plan) if out is not None else None
    try:
        done = store.done_chunks() if store else set()
        todo = [c for c in range(plan.chunks) if c not in done]
        meter = Progress(plan.runs, sum(len(plan.run_ids(c)) for c in done), enabled=progress)
        collected: list[ChunkResult] = []
        session = {"executor": executor, "workers": workers, "chunks": len(todo)}
        stopped = False
        for result in execute((plan.task(c) for c in todo), executor, workers, scheduler):
            if store:
                store.write_chunk(result)
            else:
                collected.append(result)
            meter.update(len(result.runs))
            if on_progress:
                on_progress(meter.done, plan.runs)
            if should_stop and should_stop():
                stopped = True
                break
        seconds = time.perf_counter() - started
        session.update(seconds=round(seconds, 3), runs=meter.done - meter.start_done)
        if store:
            store.finish(session)
            result = load_results(store.out)
            result.seconds = seconds
            result.info["stopped"] = stopped
            return result
        collected.sort(key=lambda r: r.index)
        runs = pd.concat([r.runs for r in collected], ignore_index=True) if collected else pd.DataFrame()
        kept = [r.series for r in collected if r.series is not None]
        series = pd.concat(kept, ignore_index=True) if kept else None
        return SweepResult(spec, plan.design, runs, series, None, seconds,
                           {"session": session, "stopped": stopped})
    finally:
        if store:
            store.close()
