"""A sweep laid out as runs and chunks, and the results it produces.

Run ``r`` is replication ``r % replications`` of design point
``r // replications``. Its seed is a pure function of the base seed and the
replication (common random numbers: every point's k-th replication shares a
seed) or of the run index, so results never depend on chunking, executor or
worker count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.analysis.sweep.chunks import ChunkTask
from hedgesim.analysis.sweep.designs import design_table
from hedgesim.analysis.sweep.parts import read_parts
from hedgesim.analysis.sweep.spec import SweepSpec
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import PARAMETERS
from hedgesim.game.random_streams import derive_seeds


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
        from hedgesim.analysis.sweep.sizes import check_design_fits

        check_design_fits(spec)  # never start building a design this machine cannot hold
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
                         self.spec.every,
                         self.spec.base.model_settings())


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
    chunks: list[int] = field(default_factory=list)  # the verified chunks of ``out`` to read

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run: run, point, replication, seed, varied parameters, outcome metrics."""
        if self._runs is None and self.out is not None:
            self._runs = read_parts(self.out, "runs", self.chunks, ["run"])
        return self._runs if self._runs is not None else pd.DataFrame()

    @property
    def series(self) -> pd.DataFrame | None:
        """The kept time series (keep: timeseries), one row per run and kept quarter."""
        if self._series is None and self.out is not None and (self.out / "series").is_dir():
            self._series = read_parts(self.out, "series", self.chunks, ["run", "step"])
        return self._series

    @property
    def outcomes(self) -> list[str]:
        return [name for name in OUTCOMES if name in self.runs.columns]

    def by_point(self, outcome: str) -> pd.DataFrame:
        """Mean, standard deviation and count of ``outcome`` over replications, per point."""
        if outcome not in self.runs.columns:
            from hedgesim.game.parameters import ConfigError

            known = ", ".join(self.outcomes)
            raise ConfigError(f"unknown outcome {outcome!r:.60}; allowed: {known}")
        stats = self.runs.groupby("point")[outcome].agg(["mean", "std", "count"])
        return self.design.join(stats)

