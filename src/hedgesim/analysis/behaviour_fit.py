"""The powers' unobserved valuations, fitted to their observed behaviour in 2025.

Three parameters cannot be read off any statistic: how much China and the EU
value influence, and what coercion costs Russia. Each is fitted so that the
2025 baseline reproduces one observed behaviour of ``data/calibration.yaml``
(``behaviour_targets``), each with its source:

* China's bargained loan rate: the typical Chinese official loan (AidData 2021);
* the EU's bargained loan rate: the typical OECD-DAC official loan (AidData 2021);
* Russia's probability of pressure a quarter: the coercion episodes of 2022-2025
  in the timeline (``data/timeline.yaml``).

(China's coercion is not fitted: no episode is on record, and the 2025
baseline has China refrain at any cost of coercion, since Kazakhstan would
resist; ``china_coercion_cost`` stays an assumption.)

A rate falls as the power values influence more (it concedes more of the
surplus to win the project); a coercion probability falls as coercion costs
more. Each target is solved by bracketing root-finding on its parameter with
the others fixed, cycling until all hold (Gauss-Seidel), on the first four
quarters of the baseline over many worlds with common random numbers. Run
``python -m hedgesim.analysis.behaviour_fit`` to recompute them; the parameter
defaults hold its output (a slow test checks they agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq

from hedgesim.game.facts import calibration_data
from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import PARAMETERS, defaults

QUARTERS_2025 = 4


@dataclass(frozen=True)
class Target:
    """One observed 2025 behaviour and the parameter fitted to it."""

    column: str          # the model's time-series column, averaged over 2025
    parameter: str       # the parameter solved for
    value: float
    source: str


def targets() -> list[Target]:
    """The behaviour targets of ``data/calibration.yaml``."""
    return [Target(t["column"], t["parameter"], float(t["value"]), t["source"])
            for t in calibration_data()["behaviour_targets"]]


def simulate_2025(params: dict[str, Any], worlds: int = 300) -> dict[str, float]:
    """Means over the worlds and quarters of 2025 of every column (NaN-aware)."""
    model = HedgingModel(worlds=worlds, rng=list(range(worlds)), horizon=QUARTERS_2025, record=True,
                         **params)
    model.run_for(QUARTERS_2025)
    frame = model.timeseries().drop(columns=["quarter"])
    return {name: float(np.nanmean(frame[name].to_numpy(dtype=float))) for name in frame.columns}


def fit(params: dict[str, Any] | None = None, worlds: int = 300, rounds: int = 8,
        tolerance: float = 0.02) -> dict[str, float]:
    """Values of the target parameters that reproduce the 2025 targets (within ``tolerance``
    of each target, relative), starting from ``params`` (default: the schema defaults)."""
    fitted = {t.parameter: float(defaults()[t.parameter]) for t in targets()}
    base = dict(params or {})
    for _ in range(rounds):
        worst = 0.0
        for target in targets():
            spec = PARAMETERS[target.parameter]

            def gap(x: float, target: Target = target) -> float:
                trial = {**base, **fitted, target.parameter: x}
                return simulate_2025(trial, worlds)[target.column] - target.value

            low, high = float(spec.low), float(spec.high)
            g_low, g_high = gap(low), gap(high)
            if np.sign(g_low) == np.sign(g_high):  # unreachable: take the closer bound
                fitted[target.parameter] = low if abs(g_low) < abs(g_high) else high
            else:
                fitted[target.parameter] = round(brentq(gap, low, high, xtol=1e-3), 3)
            worst = max(worst, abs(gap(fitted[target.parameter])) / max(abs(target.value), 1e-9))
        if worst <= tolerance:
            break
    return fitted


def main() -> None:
    fitted = fit()
    achieved = simulate_2025(fitted)
    for target in targets():
        print(f"{target.parameter} = {fitted[target.parameter]}  ({target.column} in 2025: "
              f"{achieved[target.column]:.4f}, target {target.value}; {target.source})")


if __name__ == "__main__":
    main()
