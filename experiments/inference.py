"""The statistics behind every verdict, stated once.

* **Paired comparison.** The two arms of a comparison run with common random numbers:
  replication k of each arm has the same seed, so the per-replication difference
  (treatment - control) cancels most of the run-to-run noise. Its mean gets a Student-t 95 %
  confidence interval over the replications (``mean_ci``).
* **Verdict.** The paper predicts a sign for each difference. *agrees*: the 95 % CI excludes 0
  on the paper's side; *disagrees*: it excludes 0 on the other side; *no clear effect*: it
  contains 0; *negligible*: it excludes 0 but the mean difference is smaller than 1 % of the
  control mean (with hundreds of paired replications, effects far too small to matter are
  statistically clear). Level checks (a property of one scenario) use the same rule on the
  value minus a stated threshold, without the 1 % band.
* **A claim's verdict** from its checks: *agrees* when every check agrees, *partly agrees* when
  some but not all agree, *disagrees* when none agrees and at least one disagrees, *no clear
  effect* otherwise.
* **Shares** of parameter points get Wilson score intervals (``wilson``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

LEVEL = 0.95
AGREES, DISAGREES, UNCLEAR, PARTLY = "agrees", "disagrees", "no clear effect", "partly agrees"
NEGLIGIBLE = "negligible"
NEGLIGIBLE_SHARE = 0.01   # differences below 1 % of the control mean are negligible


def mean_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval of the mean (NaN bounds with fewer than 2 values;
    non-finite values, e.g. a loan rate in a run with no offer, are left out)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return mean, mean - half, mean + half


def wilson(successes: int, trials: int, level: float = LEVEL) -> tuple[float, float, float]:
    """Share and Wilson score interval of ``successes`` out of ``trials``."""
    if trials == 0:
        return math.nan, math.nan, math.nan
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def negligible(difference: float | np.ndarray, control: float | np.ndarray) -> bool | np.ndarray:
    """Differences smaller than 1 % of the control value (exact zeros included)."""
    return np.abs(difference) < NEGLIGIBLE_SHARE * np.abs(control) + 1e-12


def verdict(low: float, high: float, direction: int, mean: float | None = None,
            control: float | None = None) -> str:
    """The paper's sign against a CI: agrees, disagrees, no clear effect, or negligible when
    the CI excludes 0 but ``mean`` is under 1 % of ``control`` (if given)."""
    if direction == 0 or not (math.isfinite(low) and math.isfinite(high)):
        return UNCLEAR
    if low > 0 or high < 0:
        if mean is not None and control is not None and negligible(mean, control):
            return NEGLIGIBLE
        return AGREES if (low > 0) == (direction > 0) else DISAGREES
    return UNCLEAR


def overall_verdict(verdicts: Sequence[str]) -> str:
    """One verdict for a claim from its checks' verdicts."""
    verdicts = list(verdicts)
    agree = sum(v == AGREES for v in verdicts)
    if verdicts and agree == len(verdicts):
        return AGREES
    if agree:
        return PARTLY
    if any(v == DISAGREES for v in verdicts):
        return DISAGREES
    return UNCLEAR


def paired_stats(control: np.ndarray | None, treatment: np.ndarray, direction: int,
                 threshold: float | None = None) -> tuple[float, float, float, str]:
    """Mean paired difference treatment - control, its CI and the verdict (1 % rule).

    Pairs where either arm is not finite are left out. With a ``threshold`` (a level check) the
    difference is treatment - threshold, and there is no negligibility band.
    """
    treatment = np.asarray(treatment, float)
    if threshold is not None:
        diff, low, high = mean_ci(treatment - threshold)
        return diff, low, high, verdict(low, high, direction)
    control = np.asarray(control, float)
    both = np.isfinite(control) & np.isfinite(treatment)
    diff, low, high = mean_ci(treatment[both] - control[both])
    return diff, low, high, verdict(low, high, direction, diff, float(np.mean(control[both])) if both.any() else None)
