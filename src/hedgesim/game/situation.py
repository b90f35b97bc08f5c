"""The frozen record of last quarter's state that every agent decides from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Situation:
    """Last quarter's state as every agent sees it when deciding (read-only)."""

    worlds: int
    alignment: np.ndarray          # (worlds, 3)
    stock: np.ndarray              # (worlds, 4) completed, by controlling holder
    projected_stock: np.ndarray    # (worlds, 4) completed + committed
    binding: np.ndarray            # (worlds,)
    offers: np.ndarray             # (worlds, 2) on the table: China, EU
    courting: np.ndarray           # (worlds,) Russia courted last quarter
    route_share: np.ndarray        # (worlds, 3) shippers' route shares
    middle_share: np.ndarray       # (worlds,) Middle Corridor share of overland flows
    northern_at_risk: np.ndarray   # (worlds,) Mt/yr a quarter of Russian pressure drives off the Northern route
    demand: np.ndarray             # (worlds,) overland demand, Mt/yr
    utilisation: np.ndarray        # (worlds, 2) entry and Middle Corridor load
    capacity_gain_per_bn: np.ndarray  # (worlds, 2) Mt/yr per USD bn: entry, Middle
    build_lags: np.ndarray         # (worlds, 2) quarters: China, EU
    eu_interest: np.ndarray        # (worlds,)
