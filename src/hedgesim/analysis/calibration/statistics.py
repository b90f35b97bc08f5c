"""Summary statistics: the observed points, the model's counterparts of them, and the distance.

An observed series (``data/observations.yaml``) is compared with its model
counterpart, defined in the calibration config: the named model columns added,
reduced to one number a calendar year (the ``mean`` of the year's quarters for
flows in annualised Mt, the ``sum`` for quarterly amounts such as commitments),
times a ``factor`` (a unit conversion). Each observed point (series, year) is
one summary statistic. The distance between a simulated world and the record is
the Euclidean norm of the residuals, each transformed (log by default) and
divided by the observation's error::

    d = sqrt( sum_k ((t(sim_k) - t(obs_k)) / scale_k)^2 )

with ``t = log`` and ``scale = error`` (an error of 0.1 is about 10 %), or
``t = identity`` and ``scale = error * |obs|``. A world whose state turned
non-finite is at an infinite distance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.analysis.calibration.config import LAST_YEAR, CalibrationConfig
from hedgesim.analysis.calibration.inputs import model_inputs
from hedgesim.game.model import HedgingModel, NonFiniteStateError

LOG_FLOOR = 1e-3  # simulated values are floored at this share of the observed one before the log


def observed_points(config: CalibrationConfig, until: int | None = None) -> pd.DataFrame:
    """Every observed point of the used series from the scenario's start year to 2025: series,
    year, value, unit, error and ``fitted`` (the year is at most ``until``)."""
    last = until if until is not None else (config.until or LAST_YEAR)
    frame = config.observed()
    used = frame[frame["series"].isin(list(config.observations))
                 & frame["year"].between(config.start.year, LAST_YEAR)].copy()
    used["error"] = [config.observations[s].error for s in used["series"]]
    used["fitted"] = used["year"] <= last
    order = {s: i for i, s in enumerate(config.observations)}
    used = used.sort_values(["series", "year"], key=lambda c: c.map(order) if c.name == "series" else c)
    return used[["series", "year", "value", "unit", "error", "fitted", "what", "source_author",
                 "source_title", "source_url"]].reset_index(drop=True)


def steps_to(config: CalibrationConfig, last_year: int) -> int:
    """Quarters from the scenario's start to the end of ``last_year``."""
    start = config.start
    return (last_year - start.year) * 4 + (4 - start.q) + 1


def years(config: CalibrationConfig, last_year: int) -> np.ndarray:
    return np.arange(config.start.year, last_year + 1)


def simulate_annual(config: CalibrationConfig, values: Mapping[str, Any], seeds: np.ndarray,
                    last_year: int) -> dict[str, np.ndarray]:
    """Each used series' model counterpart, one row per world and one column per year from the
    scenario's start year to ``last_year``; world i has the calibrated ``values[name][i]`` and
    seed ``seeds[i]``. A world whose state turns non-finite gets NaN (its batch is split and rerun
    without it: a world's results do not depend on its batch)."""
    seeds = np.asarray(seeds, dtype=np.int64)
    worlds = len(seeds)
    values = {name: np.broadcast_to(np.asarray(v, dtype=float), (worlds,)) for name, v in values.items()}
    sums = _run(config, values, seeds, last_year)
    counts = _quarters_per_year(config, last_year)
    annual = {}
    for series, counterpart in config.observations.items():
        total = sum(sums[column] for column in counterpart.model)
        if counterpart.statistic == "mean":
            total = total / counts
        annual[series] = counterpart.factor * total
    return annual


def _quarters_per_year(config: CalibrationConfig, last_year: int) -> np.ndarray:
    steps = steps_to(config, last_year)
    first = config.start
    year_of = np.array([first.plus(s).year for s in range(steps)]) - first.year
    return np.bincount(year_of, minlength=last_year - first.year + 1).astype(float)


def _run(config: CalibrationConfig, values: dict[str, np.ndarray], seeds: np.ndarray,
         last_year: int) -> dict[str, np.ndarray]:
    """Sums over each year's quarters of every needed column, (worlds, years)."""
    scenario = config.base
    settings = config.settings
    columns = sorted({c for counterpart in config.observations.values() for c in counterpart.model})
    steps = steps_to(config, last_year)
    worlds = len(seeds)
    n_years = last_year - config.start.year + 1
    params, timeline = model_inputs(scenario.model_params(), settings["timeline"], values)
    try:
        model = HedgingModel(worlds=worlds, rng=seeds, horizon=steps, record=False,
                             start=settings["start"], timeline=timeline, **params)
        sums = {c: np.zeros((worlds, n_years)) for c in columns}
        for _ in range(steps):
            model.step()
            index = model.calendar.year - config.start.year
            for column in columns:
                sums[column][:, index] += model.report[column]
        return sums
    except NonFiniteStateError:
        if worlds == 1:
            return {c: np.full((1, n_years), np.nan) for c in columns}
        half = worlds // 2
        parts = [_run(config, {n: v[idx] for n, v in values.items()}, seeds[idx], last_year)
                 for idx in (slice(0, half), slice(half, None))]
        return {c: np.concatenate([p[c] for p in parts]) for c in columns}


def transform(config: CalibrationConfig, simulated: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Simulated values on the distance's scale (log values floored at a small share of the
    observed one, so that a zero flow is far but finite)."""
    if config.distance.transform == "log":
        return np.log(np.maximum(simulated, LOG_FLOOR * np.abs(observed)))
    return simulated


def observed_vector(config: CalibrationConfig, points: pd.DataFrame) -> np.ndarray:
    """The observed points on the distance's scale."""
    value = points["value"].to_numpy(dtype=float)
    return np.log(value) if config.distance.transform == "log" else value


def scales(config: CalibrationConfig, points: pd.DataFrame) -> np.ndarray:
    """Each point's scale in the distance."""
    error = points["error"].to_numpy(dtype=float)
    if config.distance.transform == "log":
        return error
    return error * np.abs(points["value"].to_numpy(dtype=float))


def summaries(config: CalibrationConfig, annual: Mapping[str, np.ndarray], points: pd.DataFrame) -> np.ndarray:
    """The simulated summary statistics, (worlds, points), on the distance's scale."""
    first = config.start.year
    columns = [annual[s][:, y - first] for s, y in zip(points["series"], points["year"])]
    simulated = np.stack(columns, axis=1) if columns else np.empty((0, 0))
    return transform(config, simulated, points["value"].to_numpy(dtype=float))


def distance(simulated: np.ndarray, observed: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The scaled Euclidean distance of each row of ``simulated`` to ``observed`` (inf for NaN)."""
    residual = (np.asarray(simulated, dtype=float) - np.reshape(observed, (1, -1))) / np.reshape(scale, (1, -1))
    d = np.sqrt(np.sum(residual ** 2, axis=1))
    return np.where(np.isfinite(d), d, np.inf)

