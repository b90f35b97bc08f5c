"""The posterior: its folder, the draws as parameter sets, and what the data identify.

A calibration folder holds ``posterior.parquet`` (ABC-SMC's last generation: one
row per draw with its parameter values, importance ``weight`` and ``distance``)
and ``manifest.json`` (the config, the scenario, the fitted years). From it:

* :func:`load_posterior` returns equally weighted draws (the weighted population
  resampled systematically), one row per draw and one column per parameter: pass
  a column as a per-world parameter, one draw per world;
* :func:`posterior_values` gives a run of any scenario its per-world values and
  says which calibrated parameters it could not use. A run that starts when the
  calibration scenario starts (its own history, or a what-if of it) takes every
  parameter, the event values for the events its timeline shares; a run that
  starts later (a 2025 forecast) takes only those the config marks
  ``forecast: keep`` (behaviour and structure, and the value set by the last event
  that sets a parameter), never the starting state of 2014;
* :func:`identification` compares each parameter's posterior with its prior.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.analysis.calibration.config import CalibrationConfig
from hedgesim.analysis.calibration.inputs import split_name
from hedgesim.analysis.calibration.priors import describe, frozen_prior
from hedgesim.config.scenarios import Scenario
from hedgesim.game.calendar import Quarter
from hedgesim.game.parameters import ConfigError, validate_mapping

KIND = "hedgesim-calibration"
POSTERIOR_FILE = "posterior.parquet"


@dataclass
class Posterior:
    """A calibration folder's weighted draws, manifest and config."""

    folder: Path
    draws: pd.DataFrame          # parameters, weight, distance
    manifest: dict[str, Any]
    config: CalibrationConfig
    digest: str = ""

    @property
    def names(self) -> list[str]:
        return list(self.config.parameters)

    @property
    def start(self) -> Quarter:
        return Quarter.parse(self.manifest["start"], "start")

    def equal_weight(self, size: int | None = None, seed: int = 0) -> pd.DataFrame:
        """``size`` equally weighted draws (default: as many as the population), by systematic
        resampling of the weighted population in a seeded random order."""
        size = len(self.draws) if size is None else int(size)
        weights = self.draws["weight"].to_numpy(dtype=float)
        rng = np.random.default_rng(seed)
        positions = (rng.random() + np.arange(size)) / size
        index = np.searchsorted(np.cumsum(weights / weights.sum()), positions, side="right")
        index = rng.permutation(np.minimum(index, len(weights) - 1))
        return self.draws.iloc[index][self.names].reset_index(drop=True)


def read_posterior(folder: str | Path) -> Posterior:
    """A calibration folder; ConfigError (one line) if it is not a complete one."""
    folder = Path(folder)
    where = f"posterior {folder}"
    if not folder.is_dir():
        raise ConfigError(f"{where}: no such folder (give the --out folder of `hedgesim calibrate`)")
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        raise ConfigError(f"{where}: no readable manifest.json; not a `hedgesim calibrate` folder") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise ConfigError(f"{where}: manifest.json is not a calibration's (kind {KIND!r})")
    try:
        # The schema only: the observations file may have grown since the calibration ran.
        config = validate_mapping(CalibrationConfig, manifest["config"], f"{where}: manifest config")
        data = (folder / POSTERIOR_FILE).read_bytes()
        draws = pd.read_parquet(folder / POSTERIOR_FILE)
    except (OSError, KeyError, ValueError) as error:
        raise ConfigError(f"{where}: {POSTERIOR_FILE} or the manifest cannot be read ({str(error)[:120]})") \
            from None
    missing = [c for c in [*config.parameters, "weight", "distance"] if c not in draws.columns]
    if missing:
        raise ConfigError(f"{where}: {POSTERIOR_FILE} lacks column {missing[0]!r}")
    weights = draws["weight"].to_numpy(dtype=float)
    if len(draws) == 0 or not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() <= 0:
        raise ConfigError(f"{where}: {POSTERIOR_FILE} has no usable weights")
    for name in config.parameters:
        values = draws[name].to_numpy(dtype=float)
        low, high = config.prior_bounds(name)
        if not np.all(np.isfinite(values)) or values.min() < low or values.max() > high:
            raise ConfigError(f"{where}: {POSTERIOR_FILE}: {name} leaves its prior's range {low:g} to {high:g}")
    return Posterior(folder, draws, manifest, config, hashlib.sha256(data).hexdigest()[:16])


def load_posterior(folder: str | Path, scenario: str | Scenario | None = None, draws: int | None = None,
                   seed: int = 0) -> pd.DataFrame:
    """Equally weighted posterior draws as a DataFrame, one row per draw.

    With no ``scenario``, every calibrated parameter is a column (event values named
    ``event.parameter``). With a ``scenario`` (a name or a loaded Scenario), only the
    parameters a run of it takes, under their model names, so that the columns pass
    straight to ``HedgingModel`` as per-world parameters (``attrs["dropped"]`` lists the
    others and why).
    """
    posterior = read_posterior(folder)
    frame = posterior.equal_weight(draws, seed)
    frame.attrs["posterior"] = str(posterior.folder)
    if scenario is None:
        return frame
    from hedgesim.config.scenarios import load_scenario

    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    taken, dropped = usable(posterior, scenario)
    if any(split_name(column)[0] for column in taken.values()):
        raise ConfigError(f"scenario {scenario.name}: it shares the calibration's start, so event values "
                          f"apply through its timeline; use posterior_values() for its runs")
    out = frame[list(taken)].rename(columns=taken)
    out.attrs.update(frame.attrs, dropped=dropped)
    return out


def usable(posterior: Posterior, scenario: Scenario) -> tuple[dict[str, str], dict[str, str]]:
    """Which calibrated parameters a run of ``scenario`` takes (calibrated name -> the name it
    takes it under) and which it drops (name -> why)."""
    settings = scenario.model_settings()
    start = Quarter.parse(settings["start"], "start") if isinstance(settings["start"], str) else settings["start"]
    timeline = settings["timeline"]
    same_start = start == posterior.start
    taken: dict[str, str] = {}
    dropped: dict[str, str] = {}
    for name, spec in posterior.config.parameters.items():
        event, parameter = split_name(name)
        if same_start:
            if event is None:
                taken[name] = name
            elif timeline is not None and any(e.id == event and parameter in e.settings for e in timeline.events):
                taken[name] = name
            else:
                dropped[name] = f"the scenario's timeline has no event {event!r} setting {parameter!r}"
        elif spec.forecast == "keep":
            taken[name] = parameter
        else:
            dropped[name] = (f"describes the calibration's {posterior.start} start or an event before "
                             f"the run starts in {start} (forecast: drop)")
    return taken, dropped


def posterior_values(folder: str | Path | Posterior, scenario: Scenario, worlds: int | np.ndarray,
                     seed: int = 0) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Posterior draws for the worlds of a run of ``scenario``: the values (model names, event values
    as ``event.parameter``) and an info record for the manifest (folder, digest, the names taken and
    dropped). ``worlds`` is a count (world i takes draw i) or each world's draw number; draw k is
    row k mod N of the equally weighted resample in a seeded order (N draws)."""
    posterior = folder if isinstance(folder, Posterior) else read_posterior(folder)
    frame = posterior.equal_weight(seed=seed)
    rows = np.arange(worlds) if np.ndim(worlds) == 0 else np.asarray(worlds, dtype=np.int64)
    rows = rows % len(frame)
    taken, dropped = usable(posterior, scenario)
    values = {target: frame[name].to_numpy(dtype=float)[rows] for name, target in taken.items()}
    info = {"folder": str(posterior.folder), "posterior_digest": posterior.digest,
            "calibration_scenario": posterior.manifest.get("scenario"),
            "until": posterior.manifest.get("until"), "draws": len(frame), "worlds": len(rows),
            "seed": seed, "taken": taken, "dropped": dropped}
    return values, info


# ---------------------------------------------------------------- identification
def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: np.ndarray | float) -> np.ndarray:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return np.interp(q, cumulative - weights[order] / (2 * weights.sum()), values[order])


IDENTIFIED, WEAK = 0.5, 0.8  # 90 % interval width ratio (posterior / prior) thresholds


def identification(config: CalibrationConfig, draws: pd.DataFrame) -> pd.DataFrame:
    """Each parameter's prior and posterior, and whether the data identify it.

    The measure is the ratio of the posterior's to the prior's central 90 % interval
    width: identified at most 0.5, weakly identified at most 0.8, not identified above
    (the posterior is about as wide as the prior). ``contraction`` is 1 - posterior
    variance / prior variance (Schad, Betancourt & Vasishth 2021)."""
    weights = draws["weight"].to_numpy(dtype=float)
    rows = []
    for name in config.parameters:
        prior = frozen_prior(config, name)
        values = draws[name].to_numpy(dtype=float)
        mean = float(np.average(values, weights=weights))
        sd = float(np.sqrt(np.average((values - mean) ** 2, weights=weights)))
        low, median, high = weighted_quantile(values, weights, np.array([0.05, 0.5, 0.95]))
        prior_low, prior_high = prior.ppf([0.05, 0.95])
        ratio = (high - low) / (prior_high - prior_low)
        rows.append({
            "parameter": name, "prior": describe(config, name), "forecast": config.parameters[name].forecast,
            "prior_mean": float(prior.mean()), "prior_sd": float(prior.std()),
            "prior_q05": float(prior_low), "prior_q95": float(prior_high),
            "posterior_mean": mean, "posterior_sd": sd, "posterior_q05": float(low),
            "posterior_median": float(median), "posterior_q95": float(high),
            "width_ratio": float(ratio), "contraction": float(1 - sd ** 2 / prior.var()),
            "verdict": ("identified" if ratio <= IDENTIFIED else "weakly identified" if ratio <= WEAK
                        else "not identified"),
        })
    return pd.DataFrame(rows)


def correlations(config: CalibrationConfig, draws: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Pairs of parameters whose weighted posterior correlation is at least ``threshold`` in size:
    the combinations the data pin down while leaving each alone looser."""
    names = list(config.parameters)
    weights = draws["weight"].to_numpy(dtype=float)
    matrix = np.cov(draws[names].to_numpy(dtype=float).T, aweights=weights)
    sd = np.sqrt(np.diag(matrix))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = matrix / np.outer(sd, sd)
    rows = [{"first": names[i], "second": names[j], "correlation": float(corr[i, j])}
            for i in range(len(names)) for j in range(i + 1, len(names))
            if np.isfinite(corr[i, j]) and abs(corr[i, j]) >= threshold]
    frame = pd.DataFrame(rows, columns=["first", "second", "correlation"])
    return frame.reindex(frame["correlation"].abs().sort_values(ascending=False).index).reset_index(drop=True)
