"""The posterior predictive check: the model run with posterior draws, against every observed point.

Each of ``draws`` worlds takes one equally weighted posterior draw and a fresh seed;
its annual counterparts of the observed series, 2014-2025, give the predictive
bands (the 50 % and 90 % central intervals over worlds). Each observed point is
then inside the bands or not. Two coverages are reported: of the model's bands
(what the simulator says, parameter and simulation uncertainty), and of the bands
with each observation's measurement error added (a draw of exp(error * N(0, 1))
times the simulated value for the log distance), which is the predictive
distribution of a new observation under the distance's own error scale.

A point's ``role`` is ``fitted`` (it was in the distance) or ``held_out`` (after
``until``: the out-of-sample check).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hedgesim.analysis.calibration.config import LAST_YEAR, CalibrationConfig
from hedgesim.analysis.calibration.statistics import simulate_annual
from hedgesim.game.random_streams import derive_seeds

QUANTILES = {"q05": 0.05, "q25": 0.25, "q50": 0.5, "q75": 0.75, "q95": 0.95}
PREDICTIVE_STREAM = 7_000_000  # seeds of predictive worlds, apart from any the SMC used


@dataclass
class Predictive:
    """The predictive worlds' annual values (long), the bands and the coverage of each point."""

    annual: pd.DataFrame     # world, series, year, value, observable (with measurement error)
    bands: pd.DataFrame      # series, year, q05..q95 of the model, and of the observable (obs_q05...)
    coverage: pd.DataFrame   # one row per observed point


def predictive_check(config: CalibrationConfig, draws: pd.DataFrame, points: pd.DataFrame,
                     until: int, seed: int, last_year: int = LAST_YEAR) -> Predictive:
    """Run ``draws`` (equally weighted, one row per world) to ``last_year`` and check ``points``."""
    worlds = len(draws)
    seeds = derive_seeds(seed, PREDICTIVE_STREAM + np.arange(worlds))
    values = {name: draws[name].to_numpy(dtype=float) for name in config.parameters}
    annual = simulate_annual(config, values, seeds, last_year)
    rng = np.random.default_rng([seed, PREDICTIVE_STREAM])
    first = config.start.year
    years = np.arange(first, last_year + 1)
    long, band_rows = [], []
    for series, matrix in annual.items():
        counterpart = config.observations[series]
        noise = rng.standard_normal(matrix.shape)
        if config.distance.transform == "log":
            observable = matrix * np.exp(counterpart.error * noise)
        else:
            observed = points.loc[points["series"] == series, "value"].abs().mean()
            observable = matrix + counterpart.error * observed * noise
        long.append(pd.DataFrame({
            "world": np.repeat(np.arange(worlds), len(years)), "series": series,
            "year": np.tile(years, worlds), "value": matrix.reshape(-1), "observable": observable.reshape(-1)}))
        for i, year in enumerate(years):
            row = {"series": series, "year": int(year)}
            model_values, observable_values = matrix[:, i], observable[:, i]
            for key, q in QUANTILES.items():
                row[key] = float(np.nanquantile(model_values, q))
                row[f"obs_{key}"] = float(np.nanquantile(observable_values, q))
            row["failed_worlds"] = int(np.isnan(model_values).sum())
            band_rows.append(row)
    bands = pd.DataFrame(band_rows)
    return Predictive(pd.concat(long, ignore_index=True), bands, coverage(points, bands, until))


def coverage(points: pd.DataFrame, bands: pd.DataFrame, until: int) -> pd.DataFrame:
    """Each observed point against the bands of its series and year."""
    table = points.merge(bands, on=["series", "year"], how="left")
    table["role"] = np.where(table["year"] <= until, "fitted", "held_out")
    v = table["value"]
    table["in_50"] = (v >= table["q25"]) & (v <= table["q75"])
    table["in_90"] = (v >= table["q05"]) & (v <= table["q95"])
    table["in_50_with_error"] = (v >= table["obs_q25"]) & (v <= table["obs_q75"])
    table["in_90_with_error"] = (v >= table["obs_q05"]) & (v <= table["obs_q95"])
    columns = ["series", "year", "value", "unit", "role", "error", "q05", "q25", "q50", "q75",
               "q95", "in_50", "in_90", "obs_q05", "obs_q95", "in_50_with_error", "in_90_with_error"]
    return table[columns]


def coverage_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Share of points inside each band, by role (fitted, held out) and overall."""
    rows = []
    for role, group in [("all shown", table), *table.groupby("role", sort=False)]:
        rows.append({"role": role, "points": len(group),
                     "in_50": float(group["in_50"].mean()), "in_90": float(group["in_90"].mean()),
                     "in_50_with_error": float(group["in_50_with_error"].mean()),
                     "in_90_with_error": float(group["in_90_with_error"].mean())})
    return pd.DataFrame(rows)
