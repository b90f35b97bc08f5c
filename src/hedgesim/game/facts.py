"""Calibration facts: the public figures the model is calibrated to, each with its source.

The facts live in ``hedgesim/data/calibration.yaml``; ``fact(id)`` returns one
value and ``route_targets()`` the 2025 route volumes the route-choice constants
are fitted to (``hedgesim.analysis.route_constants``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
import yaml

from hedgesim.game import corridors


@cache
def calibration_data() -> dict[str, Any]:
    """The calibration facts and targets, with their sources."""
    return yaml.safe_load(files("hedgesim").joinpath("data/calibration.yaml").read_text())


def fact(fact_id: str) -> float:
    """The value of one calibration fact."""
    for item in calibration_data()["facts"]:
        if item["id"] == fact_id:
            return item["value"]
    raise KeyError(fact_id)


def route_targets() -> np.ndarray:
    """2025 volumes (Mt) of the Northern, Middle and bypass routes."""
    targets = calibration_data()["route_targets_2025"]
    return np.array([targets[r]["value"] for r in corridors.ROUTES], dtype=float)
