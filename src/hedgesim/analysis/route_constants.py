"""Calibration: the paper's facts, and the route-choice constants fitted to 2025.

The base costs of the Northern route and the Middle Corridor (relative to the
bypass) are alternative-specific constants, fitted the way multinomial-logit
transport models are, in two stages:

1. analytically, so that under 2025Q1 conditions (sanctions, congestion at the
   2025 volumes, binding engagement in 2025) the logit shares equal the 2025
   route volumes of ``data/calibration.yaml``;
2. by simulation: baseline runs over many seeds, the constants corrected by
   ``dispersion * log(simulated / target)`` until the simulated 2025 averages
   match the targets, since the agents' first-year behaviour (binding
   engagement, pressure episodes) moves the flows.

Run ``python -m hedgesim.analysis.route_constants`` to recompute the constants; the
parameter defaults hold its output (a test checks they agree).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hedgesim.game import corridors
from hedgesim.game.facts import fact, route_targets
from hedgesim.game.parameters import defaults, resolve


def calibrate_route_costs(params: dict[str, Any] | None = None) -> dict[str, float]:
    """Base costs that make the 2025 route volumes a route-choice fixed point."""
    p = resolve(params or defaults(), 1)
    flows = route_targets()[None, :]
    premia = np.zeros((1, 3))
    premia[:, corridors.NORTHERN] = p["sanctions_level"] * p["sanctions_premium"]
    capacity = np.stack([p["northern_capacity"], p["middle_capacity"], p["bypass_capacity"]], 1)
    harmonisation = np.zeros((1, 3))
    harmonisation[:, corridors.MIDDLE] = -p["harmonisation_saving"] * p["binding_initial"]
    other = corridors.generalised_costs(harmonisation, premia, flows, capacity,
                                        p["entry_capacity"], p["congestion_cost"])[0]
    log_share = np.log(flows[0] / flows[0].sum())
    base = -p["route_dispersion"][0] * (log_share - log_share[corridors.BYPASS]) \
        - (other - other[corridors.BYPASS])
    return {"northern_base_cost": round(float(base[corridors.NORTHERN]), 2),
            "middle_base_cost": round(float(base[corridors.MIDDLE]), 2)}


def simulated_2025(params: dict[str, Any], worlds: int = 400) -> np.ndarray:
    """Mean 2025 volumes (Mt) of the three routes over ``worlds`` baseline seeds."""
    from hedgesim.game.model import HedgingModel

    model = HedgingModel(worlds=worlds, rng=list(range(worlds)), record=False, **params)
    total = np.zeros(3)
    for _ in range(4):
        model.step()
        total += [model.report[c].mean() for c in ("northern_mt", "middle_corridor_mt", "bypass_mt")]
    return total / 4


def calibrate_by_simulation(params: dict[str, Any] | None = None, worlds: int = 400,
                            iterations: int = 12, tolerance: float = 0.002) -> dict[str, float]:
    """Correct the analytic constants until simulated 2025 volumes match the targets."""
    params = dict(params or {})
    costs = calibrate_route_costs(params)
    target = route_targets()
    dispersion = resolve(params, 1)["route_dispersion"][0]
    for _ in range(iterations):
        simulated = simulated_2025({**params, **costs}, worlds)
        error = np.log(simulated / target)
        if np.max(np.abs(simulated[:2] / target[:2] - 1)) < tolerance:
            break
        correction = dispersion * (error - error[corridors.BYPASS])
        costs = {"northern_base_cost": round(float(costs["northern_base_cost"] + correction[0]), 2),
                 "middle_base_cost": round(float(costs["middle_base_cost"] + correction[1]), 2)}
    return costs


def main() -> None:
    costs = calibrate_by_simulation()
    targets = route_targets()
    print("2025 route targets (Mt):", dict(zip(corridors.ROUTES, targets.tolist())))
    print("overland_demand default should be", round(float(targets.sum()), 2))
    print("other_transit default should be", round(fact("transit_2025") - targets[0] - targets[1], 2))
    for name, value in costs.items():
        print(f"{name} = {value}")


if __name__ == "__main__":
    main()
