"""Property tests over the whole parameter space (hypothesis).

Every parameter of the schema is drawn inside its range (floats over
[low, high], integers over their range, choices from their choices), a model
runs, and the invariants the design promises are checked on every world and
quarter: shares on the simplex, HHI in [1/3, 1], flows within capacity,
payoffs finite, indicators in [0, 1].
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import PARAMETERS

STEPS = 40
TOL = 1e-9

def parameter_strategy(name: str, corners: bool = False) -> st.SearchStrategy:
    """Values of one parameter over its whole range; ``corners`` puts 1 in 5 draws on a bound."""
    p = PARAMETERS[name]
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "int":
        inside = st.integers(int(p.low), int(p.high))
        bounds = [int(p.low), int(p.high)]
    else:
        inside = st.floats(p.low, p.high, allow_nan=False, allow_infinity=False)
        bounds = [p.low, p.high]
    if not corners:
        return inside
    return st.integers(0, 9).flatmap(
        lambda k: st.sampled_from(bounds) if k < 2 else inside)


ALL_PARAMETERS = st.fixed_dictionaries({name: parameter_strategy(name) for name in PARAMETERS})
CORNERS = st.fixed_dictionaries({name: parameter_strategy(name, corners=True)
                                 for name in PARAMETERS})


@st.composite
def per_world_parameters(draw):
    worlds = draw(st.integers(2, 5))
    params = {name: draw(st.lists(parameter_strategy(name), min_size=worlds, max_size=worlds))
              for name in PARAMETERS}
    return worlds, params


SEEDS = st.integers(0, 2**40)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def per_world(values, worlds: int, frame: pd.DataFrame) -> np.ndarray:
    """A parameter (scalar or per-world list) aligned with the rows of ``frame``."""
    return np.broadcast_to(np.asarray(values, dtype=float), (worlds,))[frame["world"].to_numpy()]


def check_invariants(model: HedgingModel, params: dict) -> None:
    frame = model.timeseries()
    assert len(frame) == model.worlds * STEPS
    col = {c: frame[c].to_numpy() for c in frame.columns if c != "quarter"}

    # Alignment on the simplex.
    alignment = np.stack([col["alignment_china"], col["alignment_eu"], col["alignment_russia"]], 1)
    assert np.all(alignment >= 0.0)
    assert np.all(np.abs(alignment.sum(axis=1) - 1.0) <= TOL)

    # Concentration and control.
    assert np.all(col["dependency_hhi"] >= 1.0 / 3.0 - TOL)
    assert np.all(col["dependency_hhi"] <= 1.0 + TOL)
    assert np.all((col["max_external_share"] >= 0.0) & (col["max_external_share"] <= 1.0))

    # Flows non-negative and within capacity.
    northern, middle, bypass = col["northern_mt"], col["middle_corridor_mt"], col["bypass_mt"]
    for flow in (northern, middle, bypass):
        assert np.all(flow >= 0.0)
    slack = TOL * (1.0 + col["overland_demand_mt"])
    assert np.all(northern <= per_world(params["northern_capacity"], model.worlds, frame) + slack)
    assert np.all(middle <= col["middle_capacity_mt"] + slack)
    assert np.all(bypass <= col["bypass_capacity_mt"] + slack)
    assert np.all(northern + middle <= col["entry_capacity_mt"] + slack)
    assert np.all(col["unserved_mt"] >= -TOL * (1.0 + col["overland_demand_mt"]))
    assert np.all(col["overland_demand_mt"] > 0.0)
    assert np.all(col["transit_mt"] >= northern + middle)

    # Payoffs finite; risk is a sum of non-negative terms.
    for name in ("returns", "risk", "utility", "cumulative_utility",
                 "utility_china", "utility_eu", "utility_russia"):
        assert np.all(np.isfinite(col[name])), name
    assert np.all(col["risk"] >= -TOL)

    # Indicators in [0, 1].
    for name in ("hedging_index", "economic_pragmatism", "binding_engagement",
                 "dominance_denial", "alignment_balance", "eu_interest", "sanctions"):
        assert np.all((col[name] >= 0.0) & (col[name] <= 1.0)), name
    assert set(np.unique(col["dominance_denial"])) <= {0.0, 1.0}

    # Choices are action codes; pressure and courting are events.
    assert set(np.unique(col["response_china"])) <= {-1.0, 0.0, 1.0, 2.0}  # -1: no offer
    assert set(np.unique(col["binding_effort"])) <= {0.0, 1.0, 2.0}
    for name in ("russian_pressure", "chinese_pressure", "russian_courting"):
        assert set(np.unique(col[name])) <= {0.0, 1.0}

    # Stocks: completed projects only add to China's and the EU's stock; Russia's is fixed.
    by_world = frame.sort_values(["world", "step"]).groupby("world")
    for name in ("stock_china", "stock_eu", "stock_domestic"):
        assert (by_world[name].diff().dropna() >= 0.0).all(), name
    stock_russia = per_world(params["stock_russia"], model.worlds, frame)
    assert np.all(col["stock_russia"] == stock_russia)


def run(worlds: int, seed, params: dict) -> HedgingModel:
    model = HedgingModel(worlds=worlds, rng=seed, record=True, **params)
    for _ in range(STEPS):
        model.step()
    assert not model.running
    return model


@FAST
@given(params=ALL_PARAMETERS, seed=SEEDS)
def test_invariants_hold_over_the_whole_parameter_space(params, seed):
    check_invariants(run(1, seed, params), params)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=ALL_PARAMETERS, seed=SEEDS)
def test_invariants_hold_in_several_worlds_sharing_parameters(params, seed):
    check_invariants(run(4, seed, params), params)


@FAST
@given(params=CORNERS, seed=SEEDS)
def test_invariants_hold_at_the_corners_of_the_parameter_space(params, seed):
    """About a fifth of the parameters sit exactly on a bound of their range in each example."""
    check_invariants(run(2, seed, params), params)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=per_world_parameters(), seed=SEEDS)
def test_invariants_hold_with_per_world_parameter_arrays(drawn, seed):
    worlds, params = drawn
    model = run(worlds, seed, params)
    check_invariants(model, params)
    # Each world really got its own values.
    for name, values in params.items():
        p = PARAMETERS[name]
        expected = ([p.choices.index(v) for v in values] if p.kind == "choice"
                    else np.asarray(values, dtype=float))
        np.testing.assert_array_equal(model.p[name], expected)


# ------------------------------------------------- sanctions_relief at its maximum (was a bug)
@pytest.mark.parametrize("sanctions_level", [1.0, 0.0])
def test_sanctions_relief_at_its_maximum_constructs_without_floating_point_errors(sanctions_level):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        model = HedgingModel(rng=0, sanctions_relief=1.0, sanctions_level=sanctions_level)
        for _ in range(4):
            model.step()


def test_sanctions_relief_at_its_maximum_gives_a_finite_run():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        model = HedgingModel(rng=0, sanctions_relief=1.0, sanctions_level=0.0)
        for _ in range(4):
            model.step()
