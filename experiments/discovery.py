"""Scenario discovery: the regions of the parameter space where an outcome of interest happens,
found by PRIM (Friedman & Fisher 1999; Bryant & Lempert 2010) as boxes — ranges of a few
parameters — described by their coverage (share of all cases of interest inside the box),
density (share of the box's points that are cases of interest) and mass (share of all points
inside it).

PRIM comes from the EMA Workbench (``ema_workbench.analysis.prim``, install the ``experiments``
extra), the maintained implementation. Two of its import- and construction-time warnings are
filtered here, by message and module, and nothing else: EMA announces at import that ipyparallel
(an optional parallel evaluator) is missing, and its ``Prim`` constructor calls pandas'
``DataFrame.drop(inplace=True)``, deprecated in pandas 3.1.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd


QUASI_P = 0.05        # a restriction whose quasi-p value exceeds this is dropped (not significant)
DENSITY_STEP = 0.75   # the chosen box's density: three quarters of the way from the base rate to 1


def _prim_module():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="ipyparallel not installed", category=UserWarning)
        from ema_workbench.analysis import prim
    return prim


@dataclass
class Box:
    """One PRIM box: the restricted parameters' ranges and its statistics."""

    limits: dict[str, tuple[float, float]]   # parameter -> (low, high), restricted ones only
    coverage: float
    density: float
    mass: float
    points: int
    cases: int            # cases of interest inside
    base_rate: float      # share of cases of interest over all points
    full: dict[str, tuple[float, float]]     # every parameter's sampled range


def find_box(x: pd.DataFrame, y: np.ndarray, min_mass: float = 0.05) -> Box | None:
    """The first PRIM box for the cases ``y`` (boolean) over the points ``x`` (one column per
    parameter).

    On the peeling trajectory we take the box with the largest coverage among those whose density
    reaches three quarters of the way from the base rate to 1 (the densest box if none does), then drop every
    restriction PRIM's quasi-p test does not support (p > 0.05). None when there is no case of
    interest or every point is one.
    """
    y = np.asarray(y, dtype=bool)
    if y.sum() == 0 or y.all():
        return None
    prim = _prim_module()
    from pandas.errors import Pandas4Warning

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=Pandas4Warning, module="ema_workbench")
        finder = prim.Prim(x.reset_index(drop=True).astype(float), y, mass_min=min_mass)
        box = finder.find_box()
        trajectory = box.peeling_trajectory
        base = float(y.mean())
        target = base + DENSITY_STEP * (1.0 - base)
        good = trajectory[trajectory["density"] >= target]
        chosen = int(good["coverage"].idxmax()) if len(good) else int(trajectory["density"].idxmax())
        box.select(chosen)
        for name, values in box.p_values[chosen].items():
            if max(values) > QUASI_P:
                box.drop_restriction(name)
        limits = box.box_lim
        init = finder.box_init
    restricted = {name: (float(limits.loc[0, name]), float(limits.loc[1, name])) for name in limits.columns
                  if not (np.isclose(limits.loc[0, name], init.loc[0, name])
                          and np.isclose(limits.loc[1, name], init.loc[1, name]))}
    inside = np.ones(len(x), dtype=bool)
    for name, (low, high) in restricted.items():
        inside &= (x[name].to_numpy() >= low) & (x[name].to_numpy() <= high)
    cases = int(y[inside].sum())
    return Box(restricted, cases / int(y.sum()), cases / max(int(inside.sum()), 1), float(inside.mean()),
               int(inside.sum()), cases, float(y.mean()),
               {name: (float(init.loc[0, name]), float(init.loc[1, name])) for name in init.columns})


def describe(box: Box) -> str:
    """The box in plain words: each restricted parameter's range against its full range."""
    from prose import fmt

    parts = []
    for name, (low, high) in box.limits.items():
        full_low, full_high = box.full[name]
        at_low, at_high = np.isclose(low, full_low), np.isclose(high, full_high)
        if at_low and not at_high:
            parts.append(f"`{name}` ≤ {fmt(high)}")
        elif at_high and not at_low:
            parts.append(f"`{name}` ≥ {fmt(low)}")
        else:
            parts.append(f"`{name}` in [{fmt(low)}, {fmt(high)}]")
    return " and ".join(parts) if parts else "the whole space"
