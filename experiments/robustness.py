"""Robustness over the parameter space: where a check holds, where it reverses, and which
parameters decide it.

A Latin hypercube over every numeric parameter the claim does not manipulate (each over its
whole schema range); at each point both arms run with the same seeds and the difference is
averaged over the point's replications. ``robustness`` counts the points where the difference
has the paper's sign and is at least 1 % of the control value there (Wilson 95 % interval),
the points where it has the opposite sign (same size rule: *reversed*), and the rest; the
*moderators* are the parameters most rank-correlated with the effect (Spearman), with the
share of points holding below and above each one's median: *where* the claim holds and where
it reverses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from inference import mean_ci, negligible, wilson
from scipy import stats

from hedgesim.game.parameters import PARAMETERS


def robustness(control: pd.DataFrame, treatment: pd.DataFrame | None, check: Any,
               manipulated: Sequence[str] = ()) -> dict[str, Any]:
    """Share of the Latin hypercube where ``check`` has the paper's sign, and where it reverses.

    ``control`` and ``treatment`` are paired run tables (same points, same seeds); without a
    treatment, the level check's value minus its threshold is used. Points where the check's
    value is not finite in either arm (e.g. no loan offered) are left out.
    """
    base = check.values(control)
    points = control["point"].to_numpy()
    if treatment is not None:
        if not np.array_equal(control["seed"].to_numpy(), treatment["seed"].to_numpy()):
            raise ValueError("robustness: the two arms are not paired run by run")
        value = check.values(treatment) - base
    else:
        value = base - check.threshold
    per_point = pd.Series(value).groupby(points).mean()
    level = pd.Series(base).groupby(points).mean()
    finite = np.isfinite(per_point.to_numpy()) & np.isfinite(level.to_numpy())
    per_point, level = per_point[finite], level[finite]
    design = control.groupby("point").first().loc[per_point.index]
    signed = np.sign(per_point.to_numpy()) * (check.direction or 1)
    if treatment is not None:
        signed = np.where(negligible(per_point.to_numpy(), level.to_numpy()), 0.0, signed)
    n = len(signed)
    holds, reversed_, tied = int((signed > 0).sum()), int((signed < 0).sum()), int((signed == 0).sum())
    share, low, high = wilson(holds, n)
    mean, mean_low, mean_high = mean_ci(per_point.to_numpy())
    return {"points": n, "holds": share, "low": low, "high": high,
            "reversed": reversed_ / n if n else math.nan, "tied": tied / n if n else math.nan,
            "mean": mean, "mean_low": mean_low, "mean_high": mean_high,
            "moderators": moderators(design, per_point * (check.direction or 1), signed, manipulated)}


def moderators(design: pd.DataFrame, per_point: pd.Series, signed: np.ndarray,
               manipulated: Sequence[str] = (), top: int = 3) -> list[dict[str, Any]]:
    """The parameters most rank-correlated with the effect (signed so that r_s > 0 means the
    claim holds more strongly at higher values), with the share of points holding and reversed
    in each half of the parameter's range."""
    effect = per_point.to_numpy()
    if len(effect) < 8 or np.ptp(effect) == 0:
        return []
    rows = []
    for name in design.columns:
        if name not in PARAMETERS or name in manipulated or PARAMETERS[name].kind == "choice":
            continue
        x = design[name].to_numpy(dtype=float)
        if np.ptp(x) == 0:
            continue
        rho = stats.spearmanr(x, effect).statistic
        if np.isfinite(rho):
            rows.append((abs(rho), name, rho, x))
    rows.sort(key=lambda r: r[0], reverse=True)
    out = []
    for _, name, rho, x in rows[:top]:
        cut = float(np.median(x))
        low_half, high_half = signed[x <= cut], signed[x > cut]
        share = lambda half, sign: float((half * sign > 0).mean()) if half.size else math.nan  # noqa: E731
        out.append({"parameter": name, "rho": float(rho), "median": cut,
                    "holds_low": share(low_half, 1), "holds_high": share(high_half, 1),
                    "reversed_low": share(low_half, -1), "reversed_high": share(high_half, -1)})
    return out


def reversal_region(robust: dict[str, Any]) -> dict[str, Any] | None:
    """Where a check reverses most: the half of its strongest moderator's range with the larger
    share of reversed points (None without moderators or reversals)."""
    best = None
    for m in robust.get("moderators", []):
        for side in ("low", "high"):
            share = m[f"reversed_{side}"]
            if math.isfinite(share) and share > 0 and (best is None or share > best["share"]):
                best = {"parameter": m["parameter"], "side": side, "median": m["median"], "share": share,
                        "rho": m["rho"]}
    return best
