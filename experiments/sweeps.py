"""Running the model for the experiments: in-memory sweeps through
``hedgesim.analysis.sweep.run_sweep``, and Latin hypercubes over the parameters a claim leaves
free."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from settings import Settings

from hedgesim.analysis.sweep import run_sweep
from hedgesim.game.parameters import NUMERIC, PARAMETERS


# The learning rules' parameters: they do nothing while `decision_rule` stays logit, as it does
# in every experiment, so the hypercubes leave them out.
LEARNING_ONLY = ("recency", "experimentation", "foregone_weight", "experience_decay")


def other_ranges(manipulated: Sequence[str] = ()) -> dict[str, dict[str, float]]:
    """Every numeric parameter not in ``manipulated`` (nor a learning rule's), over its whole
    schema range."""
    return {n: {"low": float(PARAMETERS[n].low), "high": float(PARAMETERS[n].high)}
            for n in NUMERIC if n not in manipulated and n not in LEARNING_ONLY}


def sweep(vary: dict[str, Any], *, replications: int, seed: int, settings: Settings,
          params: dict[str, Any] | None = None, scenario: str = "baseline", design: str = "grid",
          samples: int = 64, common_random_numbers: bool = True, keep: str = "outcomes",
          every: int = 1) -> Any:
    """Run a sweep in memory and return its result (``.runs``: one row per run)."""
    spec = {"scenario": scenario, "params": dict(params or {}), "vary": vary, "design": design,
            "replications": replications, "seed": seed,
            "common_random_numbers": common_random_numbers, "keep": keep, "chunk_size": 4000}
    if design != "grid":  # a spec refuses settings it would ignore
        spec["samples"] = samples
    if keep == "timeseries":
        spec["every"] = every
    return run_sweep(spec, executor=settings.executor, workers=settings.workers, progress=False)


def lhs_runs(settings: Settings, seed: int, manipulated: Sequence[str], params: dict[str, Any],
             scenario: str = "baseline", points: int | None = None) -> pd.DataFrame:
    """Runs over a Latin hypercube of the other parameters with ``params`` fixed.

    Two calls with the same ``seed`` and ``manipulated`` give the same points and the same
    run seeds (one distinct seed per run, not shared between points), so they pair run by run.
    """
    result = sweep(other_ranges(manipulated), replications=settings.lhs_replications, seed=seed,
                   settings=settings, params=params, scenario=scenario, design="lhs",
                   samples=points or settings.lhs_points, common_random_numbers=False)
    return result.runs


def model_series(worlds: int, seed: int, scenario: str = "baseline", **params: Any) -> pd.DataFrame:
    """The recorded quarterly time series of ``worlds`` worlds of one scenario (a direct model
    run: for the columns the sweeps' outcome metrics do not keep, e.g. Kazakhstan's answers)."""
    from hedgesim.config.scenarios import load_scenario
    from hedgesim.game.model import HedgingModel

    merged = {**load_scenario(scenario).model_params(), **params}
    model = HedgingModel(worlds=worlds, rng=seed, **merged)
    model.run_for(model.horizon)
    return model.timeseries()
