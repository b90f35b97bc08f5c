"""Plain functions from parameters to outcome metrics, for SALib, EMA Workbench or your own code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.analysis.sweep.chunks import ChunkTask, run_chunk
from hedgesim.analysis.sweep.designs import to_schema
from hedgesim.config.scenarios import load_scenario
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import PARAMETERS, ConfigError, excerpt, unknown_parameter


def evaluate_many(params: pd.DataFrame | dict[str, Any], seeds: Sequence[int] | np.ndarray,
                  scenario: str = "baseline", steps: int = 40) -> pd.DataFrame:
    """Outcome metrics of one run per row of ``params`` (per-run columns or scalars), vectorised."""
    seeds = np.asarray(seeds, dtype=np.int64)
    table = params if isinstance(params, dict) else {c: params[c].to_numpy() for c in params.columns}
    runs = np.arange(len(seeds))
    base = load_scenario(scenario)
    task = ChunkTask(0, runs, runs, np.zeros_like(runs), {**base.model_params(), **table},
                     seeds, steps, False, 1, base.model_settings())
    return run_chunk(task).runs


def evaluate(params: dict[str, Any] | None = None, seed: int = 0, scenario: str = "baseline",
             steps: int = 40) -> dict[str, float]:
    """Outcome metrics of one run: ``evaluate({"risk_weight": 2.0}, seed=1)["mean_hedging_index"]``."""
    runs = evaluate_many(dict(params or {}), [seed], scenario, steps)
    return {name: float(runs[name].iloc[0]) for name in OUTCOMES}


def check_outcomes(names: Sequence[str]) -> None:
    """Refuse unknown outcome names with the list of known ones (a ConfigError, not a KeyError)."""
    for name in names:
        if name not in OUTCOMES:
            from difflib import get_close_matches

            close = get_close_matches(str(name), OUTCOMES, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(f"unknown outcome {excerpt(name)}; {hint}allowed: {', '.join(OUTCOMES)}")


def salib_function(names: Sequence[str], outputs: str | Sequence[str], seed: int = 0,
                   scenario: str = "baseline", steps: int = 40) -> Callable[[np.ndarray], np.ndarray]:
    """A function X (samples x names) -> Y for ``SALib.ProblemSpec.evaluate``, one batch of worlds.

    SALib samples floats: integer parameters (``planning_horizon``...) are rounded
    to the nearest allowed integer, as the sweep designs do. Every row uses ``seed``
    (common random numbers), so the indices measure the parameters, not the noise.
    """
    single = isinstance(outputs, str)
    columns = [outputs] if single else list(outputs)
    check_outcomes(columns)
    for name in names:
        if name not in PARAMETERS:
            raise ConfigError(unknown_parameter(name))
        if PARAMETERS[name].kind == "choice":
            raise ConfigError(f"parameter {name!r} is a choice ({PARAMETERS[name].allowed}); SALib "
                              f"samples numbers: fix it in the scenario instead")

    def model(X: np.ndarray) -> np.ndarray:
        X = np.atleast_2d(X)
        runs = evaluate_many({n: to_schema(n, X[:, i]) for i, n in enumerate(names)},
                             np.full(len(X), seed), scenario, steps)
        values = runs[columns].to_numpy()
        return values[:, 0] if single else values

    return model
