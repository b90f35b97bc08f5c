"""A chunk of a sweep: its runs' parameters and seeds, run together as one vectorised model.

A ``ChunkTask`` is small and picklable, so any executor can ship it to a
worker; ``run_chunk`` runs its worlds in one ``HedgingModel`` and reduces each
run to its outcome metrics (and, if kept, its time series).
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.game.model import COLUMNS, HedgingModel, quarter_label
from hedgesim.game.outcomes import OutcomeAccumulator

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
    settings: dict[str, Any] = field(default_factory=dict)  # the scenario's start and timeline


@dataclass
class ChunkResult:
    index: int
    runs: pd.DataFrame
    series: pd.DataFrame | None
    seconds: float


def run_chunk(task: ChunkTask) -> ChunkResult:
    """Run one chunk's worlds together; outcomes per run, and the kept series."""
    started = time.perf_counter()
    worlds = len(task.runs)
    model = HedgingModel(worlds=worlds, rng=task.seeds, horizon=task.steps, record=False, **task.settings,
                         **task.params)
    accumulator = OutcomeAccumulator(worlds)
    kept: list[pd.DataFrame] = []
    for _ in range(task.steps):
        model.step()
        accumulator.add(model.report)
        if task.keep_series and model.steps % task.every == 0:
            frame = {"run": task.runs, "step": np.full(worlds, model.steps, dtype=np.int64),
                     "quarter": np.full(worlds, quarter_label(model.steps, model.start))}
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
