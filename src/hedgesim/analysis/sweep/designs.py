"""Designs: the table of parameter points a sweep runs (one row per point).

* ``grid``: the full factorial of every list and every range's ``num`` points;
* ``lhs``: a Latin hypercube of ``samples`` points (SALib);
* ``sobol``: Saltelli's extension of the Sobol' sequence, N = ``samples`` base
  points, N (D + 2) rows, or N (2D + 2) with ``second_order`` (SALib);
* ``morris``: ``samples`` elementary-effects trajectories over ``levels``
  levels, N (D + 1) rows (SALib).

Integer parameters are rounded after sampling.
"""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import latin, morris, sobol

from hedgesim.game.parameters import PARAMETERS
from hedgesim.analysis.sweep.spec import Range, SweepSpec


def salib_problem(spec: SweepSpec) -> dict[str, Any]:
    """SALib's problem dict of the spec's varied ranges."""
    names = list(spec.varied)
    return {"num_vars": len(names), "names": names,
            "bounds": [[spec.varied[n].low, spec.varied[n].high] for n in names]}


def grid_values(values: list[Any] | Range) -> list[Any]:
    if isinstance(values, Range):
        return np.linspace(values.low, values.high, values.num).tolist()
    return list(values)


def design_table(spec: SweepSpec) -> pd.DataFrame:
    """One row per parameter point, one column per varied parameter."""
    names = list(spec.varied)
    if spec.design == "grid":
        rows = list(itertools.product(*(grid_values(spec.varied[n]) for n in names)))
        table = pd.DataFrame(rows, columns=names)
    else:
        problem = salib_problem(spec)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # SALib's notes on sample sizes
            if spec.design == "lhs":
                sample = latin.sample(problem, spec.samples, seed=spec.seed)
            elif spec.design == "sobol":
                sample = sobol.sample(problem, spec.samples, calc_second_order=spec.second_order,
                                      seed=spec.seed)
            else:
                sample = morris.sample(problem, spec.samples, num_levels=spec.levels, seed=spec.seed)
        table = pd.DataFrame(sample, columns=names)
    for name in names:
        p = PARAMETERS[name]
        if p.kind == "int":
            table[name] = to_schema(name, table[name].to_numpy())
        elif p.kind == "float":
            table[name] = table[name].astype(float)
            bounds = spec.varied[name]
            if isinstance(bounds, Range):  # samplers' rounding (Morris: 0.3 + 3 * 0.2) can overshoot
                table[name] = table[name].clip(bounds.low, bounds.high)
    return table


def to_schema(name: str, values: np.ndarray) -> np.ndarray:
    """Sampled floats as the parameter takes them: integer parameters rounded into their range."""
    p = PARAMETERS[name]
    if p.kind == "int":
        return np.clip(np.round(np.asarray(values, dtype=float)), p.low, p.high).astype(np.int64)
    return np.asarray(values)
