"""Exogenous paths: overland demand, other transit, sanctions on the Northern route, the EU's interest.

Each is a level that moves by a constant rate each quarter, and that a timeline
event can reset to a new level (or a new rate) in the quarter it happens:

* overland demand and other transit grow at their yearly growth rates; their
  parameters give the average over the start year, so a run starting 2025Q1
  reproduces the 2025 volumes it is calibrated to (the start quarter is
  ``level * (1 + g) ** (-1.5 / 4)``, half a year before mid-year less a quarter);
* sanctions decay at ``sanctions_relief`` and the EU's interest at
  ``eu_interest_decline`` a year, from their start levels (the start quarter
  is at the level).

An event that sets a level sets the value in its own quarter; one that sets a
rate changes the path from the next quarter on (its own quarter has already
moved at the old rate). Arrays run over worlds.
"""

from __future__ import annotations

import numpy as np

from hedgesim.game.calendar import QUARTERS_PER_YEAR

# Mid-year is 1.5 quarters after the start quarter: the start-year average of a
# geometric trend equals its mid-year value (exactly for a constant rate).
MID_YEAR = 1.5

# path name -> (level parameter, rate parameter, the rate is a growth (+1) or a decline (-1),
#               the level is the start-year average (True) or the start-quarter value (False))
PATHS = {
    "demand": ("overland_demand", "overland_demand_growth", +1, True),
    "other_transit": ("other_transit", "other_transit_growth", +1, True),
    "sanctions": ("sanctions_level", "sanctions_relief", -1, False),
    "eu_interest": ("eu_interest", "eu_interest_decline", -1, False),
}
LEVELS = {level: path for path, (level, _, _, _) in PATHS.items()}


def quarterly_factor(rate: np.ndarray, sign: int) -> np.ndarray:
    """One quarter's multiplier of a yearly growth (sign +1) or decline (sign -1) rate."""
    return (1.0 + sign * rate) ** (1.0 / QUARTERS_PER_YEAR)


class ExogenousPaths:
    """The current value of every exogenous path, for every world."""

    def __init__(self, p: dict[str, np.ndarray]):
        self.p = p
        self.value: dict[str, np.ndarray] = {}
        self.started = False  # the first advance reaches the start quarter, where the values are
        for path, (level, rate, sign, average) in PATHS.items():
            factor = quarterly_factor(p[rate], sign)
            # A level that is the start year's average: the start quarter is 1.5 quarters before mid-year.
            self.value[path] = p[level] / factor ** MID_YEAR if average else p[level].copy()

    def advance(self) -> None:
        """Move every path on to the next quarter (the first call: to the start quarter)."""
        if not self.started:
            self.started = True
            return
        for path, (_, rate, sign, _) in PATHS.items():
            self.value[path] = self.value[path] * quarterly_factor(self.p[rate], sign)

    def reset(self, level: str) -> None:
        """After an event set the parameter ``level``, the path's value this quarter is that level."""
        path = LEVELS[level]
        self.value[path] = self.p[level].copy()
