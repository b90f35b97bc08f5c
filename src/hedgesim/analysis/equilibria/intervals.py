"""Student-t confidence intervals of means over worlds."""

from __future__ import annotations

import numpy as np
from scipy import stats


def mean_interval(values: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviation over axis 0 (worlds) and the half-width of the ``level`` t-interval of the mean.

    Returns ``(sd, half)``, each shaped like ``values[0]``, in the unit of ``values``;
    the interval is ``mean ± half``. With a single world both are NaN (nothing to
    estimate them from). Paired differences (a deviation's payoff minus the
    profile's, world by world) give the interval of a deviation gain under common
    random numbers.
    """
    if not 0 < level < 1:
        raise ValueError(f"level {level}: must lie strictly between 0 and 1")
    worlds = values.shape[0]
    if worlds < 2:
        nan = np.full(values.shape[1:], np.nan)
        return nan, nan.copy()
    sd = values.std(axis=0, ddof=1)
    return sd, stats.t.ppf(0.5 + level / 2, worlds - 1) * sd / np.sqrt(worlds)
