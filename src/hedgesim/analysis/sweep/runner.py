"""The sweep runner: lay a spec out as chunks, run them on an executor, stream them to the store."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from hedgesim.analysis.folders import check_out_folder
from hedgesim.analysis.sweep.chunks import ChunkResult
from hedgesim.analysis.sweep.executors import check_executor, open_pool
from hedgesim.analysis.sweep.plan import SweepPlan, SweepResult
from hedgesim.analysis.sweep.sizes import check_design_fits, check_sweep_fits
from hedgesim.analysis.sweep.spec import SweepSpec, load_spec
from hedgesim.analysis.sweep.store import SweepStore


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
              should_stop: Callable[[], bool] | None = None, yes: bool = False) -> SweepResult:
    """Run a sweep; with ``out``, stream it to disk and resume what an earlier call finished.

    ``executor`` is ``serial``, ``processes`` or ``dask``; ``scheduler`` is a Dask
    scheduler address, Cluster or Client (a LocalCluster is started otherwise).
    ``on_progress(done, total)`` is called with run counts after each chunk;
    ``should_stop()``, asked after each chunk, ends the sweep early (the
    result's ``info["stopped"]`` is then True; a stored sweep resumes later).

    Before anything is allocated or written, the sweep's memory, disk and time
    are estimated; one this machine cannot hold is refused with the estimate
    (ConfigError) unless ``yes``. An existing folder is verified first: damaged,
    missing or stray parts are reported (``result.info["healed"]``) and recomputed.
    """
    spec = load_spec(spec)
    check_executor(executor, workers, scheduler)
    out = check_out_folder(out) if out is not None else None
    check_design_fits(spec)
    done_bytes = existing_bytes(out) if out is not None else 0
    check_sweep_fits(spec, out, executor, workers, scheduler, yes=yes, done_bytes=done_bytes)
    plan = SweepPlan.of(spec)
    started = time.perf_counter()
    with open_pool(executor, workers, scheduler) as pool:
        store = SweepStore.open(out, plan) if out is not None else None
        if store and progress:
            for note in store.healed[:20]:
                print(f"hedgesim: {note}", file=sys.stderr)
            if len(store.healed) > 20:
                print(f"hedgesim: ... and {len(store.healed) - 20} more healed", file=sys.stderr)
        try:
            return _run(plan, pool, store, executor, workers, started, progress, on_progress, should_stop)
        finally:
            if store:
                store.close()


def _run(plan: SweepPlan, pool, store: SweepStore | None, executor: str, workers: int | None,
         started: float, progress: bool, on_progress, should_stop) -> SweepResult:
    done = store.done_chunks() if store else set()
    todo = [c for c in range(plan.chunks) if c not in done]
    meter = Progress(plan.runs, sum(len(plan.run_ids(c)) for c in done), enabled=progress)
    collected: list[ChunkResult] = []
    session: dict[str, Any] = {"executor": executor, "workers": workers, "chunks": len(todo)}
    stopped = False
    try:
        for result in pool.run(plan.task(c) for c in todo):
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
    except BaseException as error:
        if store:  # the finished chunks are on disk; say so in the manifest too
            session.update(seconds=round(time.perf_counter() - started, 3),
                           runs=meter.done - meter.start_done, interrupted=type(error).__name__)
            try:
                store.finish(session)
            except Exception:  # noqa: BLE001 - e.g. the disk is full: the records still say what is done
                pass
        raise
    seconds = time.perf_counter() - started
    session.update(seconds=round(seconds, 3), runs=meter.done - meter.start_done)
    if store:
        store.finish(session)
        result = store.result(seconds)
        result.info["stopped"] = stopped
        result.info["healed"] = list(store.healed)
        return result
    collected.sort(key=lambda r: r.index)
    runs = pd.concat([r.runs for r in collected], ignore_index=True) if collected else pd.DataFrame()
    kept = [r.series for r in collected if r.series is not None]
    series = pd.concat(kept, ignore_index=True) if kept else None
    return SweepResult(plan.spec, plan.design, runs, series, None, seconds,
                       {"session": session, "stopped": stopped})


def existing_bytes(out: Path) -> int:
    """Bytes of the parts already in a folder (a resumed sweep needs only the rest)."""
    total = 0
    for kind in ("runs", "series"):
        folder = out / kind
        if folder.is_dir():
            total += sum(p.stat().st_size for p in folder.glob("part-*.parquet") if p.is_file())
    return total
