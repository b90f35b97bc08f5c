"""The sweep runner: cut a spec's runs into chunks of worlds and run each chunk vectorised.

Run ``r`` is replication ``r % replications`` of design point
``r // replications``. Its seed is a pure function of the base seed and the
replication (common random numbers: every point's k-th replication shares a
seed) or of the run index, so results never depend on chunking, executor or
worker count.
"""

from __future__ import annotations

import gc
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.model import COLUMNS, HedgingModel, quarter_label
from hedgesim.outcomes import OUTCOMES, OutcomeAccumulator
from hedgesim.parameters import PARAMETERS
from hedgesim.random_streams import derive_seeds
from hedgesim.sweep.designs import design_table
from hedgesim.sweep.spec import SweepSpec, load_spec


GC_WORLD_STEPS = 100_000  # collect after chunks of at least this many world-quarters


@dataclass
class ChunkTask:
    """Everything a worker needs to run one chunk (small, picklable)."""

    index: int
    runs: np.ndarray               # run ids
    points: np.ndarray             # design point of each run
    replications: np.ndarray       # replication number of each run
    params: dict[str, Any]         # parameter -> scalar or per-run array
    seeds: np.ndarray
    steps: int
    keep_series: bool
    every: int


@dataclass
class ChunkResult:
    index: int
    runs: pd.DataFrame
    series: pd.DataFrame | None
    seconds: float


@dataclass
class SweepPlan:
    """A spec laid out as runs and chunks."""

    spec: SweepSpec
    design: pd.DataFrame
    fixed: dict[str, Any]
    runs: int
    chunks: int

    @classmethod
    def of(cls, spec: SweepSpec) -> SweepPlan:
        design = design_table(spec)
        runs = len(design) * spec.replications
        return cls(spec, design, spec.fixed_params(), runs, math.ceil(runs / spec.chunk_size))

    def run_ids(self, chunk: int) -> np.ndarray:
        start = chunk * self.spec.chunk_size
        return np.arange(start, min(start + self.spec.chunk_size, self.runs))

    def seeds(self, runs: np.ndarray) -> np.ndarray:
        key = runs % self.spec.replications if self.spec.common_random_numbers else runs
        return derive_seeds(self.spec.seed, key)

    def task(self, chunk: int) -> ChunkTask:
        runs = self.run_ids(chunk)
        points = runs // self.spec.replications
        params: dict[str, Any] = dict(self.fixed)
        for name in self.design.columns:
            column = self.design[name].to_numpy()[points]
            params[name] = column.astype(object) if PARAMETERS[name].kind == "choice" else column
        return ChunkTask(chunk, runs, points, runs % self.spec.replications, params,
                         self.seeds(runs), self.spec.steps, self.spec.keep == "timeseries",
                         self.spec.every)


def run_chunk(task: ChunkTask) -> ChunkResult:
    """Run one chunk's worlds together; outcomes per run, and the kept series."""
    started = time.perf_counter()
    worlds = len(task.runs)
    model = HedgingModel(worlds=worlds, rng=task.seeds, horizon=task.steps, record=False, **task.params)
    accumulator = OutcomeAccumulator(worlds)
    kept: list[pd.DataFrame] = []
    for _ in range(task.steps):
        model.step()
        accumulator.add(model.report)
        if task.keep_series and model.steps % task.every == 0:
            frame = {"run": task.runs, "step": np.full(worlds, model.steps, dtype=np.int64),
                     "quarter": np.full(worlds, quarter_label(model.steps))}
            frame.update({c: model.report[c] for c in COLUMNS})
            kept.append(pd.DataFrame(frame))
    columns = {"run": task.runs, "point": task.points, "replication": task.replications,
               "seed": task.seeds}
    columns.update({name: value for name, value in task.params.items() if np.ndim(value) == 1})
    columns.update(accumulator.result())
    runs = pd.DataFrame(columns)
    series = pd.concat(kept, ignore_index=True) if kept else None
    # A Mesa model and its agents reference each other, and numpy arrays do not
    # prompt Python's collector: collect a big chunk's cycle now rather than let a
    # worker's memory grow chunk after chunk (a full collection costs ~50 ms, so
    # small chunks are left to the automatic collector).
    del model
    if worlds * task.steps >= GC_WORLD_STEPS:
        gc.collect()
    return ChunkResult(task.index, runs, series, time.perf_counter() - started)


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


@dataclass
class SweepResult:
    """A sweep's results as pandas DataFrames (read from its folder on first use)."""

    spec: SweepSpec
    design: pd.DataFrame
    _runs: pd.DataFrame | None = None
    _series: pd.DataFrame | None = None
    out: Path | None = None
    seconds: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run: run, point, replication, seed, varied parameters, outcome metrics."""
        if self._runs is None and self.out is not None:
            from hedgesim.sweep.store import read_parts
            self._runs = read_parts(self.out, "runs", ["run"])
        return self._runs if self._runs is not None else pd.DataFrame()

    @property
    def series(self) -> pd.DataFrame | None:
        """The kept time series (keep: timeseries), one row per run and kept quarter."""
        if self._series is None and self.out is not None and (self.out / "series").is_dir():
            from hedgesim.sweep.store import read_parts
            self._series = read_parts(self.out, "series", ["run", "step"])
        return self._series

    @property
    def outcomes(self) -> list[str]:
        return [name for name in OUTCOMES if name in self.runs.columns]

    def by_point(self, outcome: str) -> pd.DataFrame:
        """Mean, standard deviation and count of ``outcome`` over replications, per point."""
        stats = self.runs.groupby("point")[outcome].agg(["mean", "std", "count"])
        return self.design.join(stats)


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
    from hedgesim.sweep.executors import execute
    from hedgesim.sweep.store import SweepStore, load_results

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
