"""R worlds in one model: world i of a batch is exactly the single run with its parameters and seed.

DESIGN.md section 3 (MUST): "World i of a batch MUST give results identical to
a single run with the same parameters and seed". Comparisons here are exact
(``np.array_equal``), not approximate.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from hedgesim.game.model import COLUMNS, HedgingModel
from hedgesim.game.parameters import PARAMETERS

STEPS = 40


def run(steps: int = STEPS, **kwargs) -> HedgingModel:
    model = HedgingModel(**kwargs)
    for _ in range(steps):
        model.step()
    return model


def assert_same_series(a: pd.DataFrame, b: pd.DataFrame, label: str = "") -> None:
    """Every column equal, exactly, row by row (after dropping the world index)."""
    a = a.drop(columns="world").reset_index(drop=True)
    b = b.drop(columns="world").reset_index(drop=True)
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b)
    def same(x: np.ndarray, y: np.ndarray) -> bool:  # NaN where no offer was made, in both
        return np.array_equal(x, y, equal_nan=x.dtype.kind == "f" and y.dtype.kind == "f")

    differing = [c for c in a.columns if not same(a[c].to_numpy(), b[c].to_numpy())]
    assert not differing, f"{label}: columns differ: {differing}"


@pytest.mark.parametrize("draw_seed", [11, 12])
def test_world_i_of_a_64_world_batch_is_the_single_run(draw_seed, parameter_draw, one_world):
    worlds = 64
    rng = np.random.default_rng(draw_seed)
    params = parameter_draw(rng, worlds)
    # The known sanctions_relief = 1.0 bug (test_properties.py) cannot be hit by a
    # continuous uniform draw; choice parameters vary across the batch:
    assert set(params["decision_rule"]) == set(PARAMETERS["decision_rule"].choices)
    assert set(params["strategy"]) == set(PARAMETERS["strategy"].choices)
    seeds = [int(s) for s in rng.integers(0, 2**62, worlds)]

    batch = run(worlds=worlds, rng=seeds, **params)
    together = batch.timeseries()
    assert len(together) == worlds * STEPS
    for i in range(worlds):
        alone = run(worlds=1, rng=seeds[i], **one_world(params, i)).timeseries()
        assert_same_series(together[together["world"] == i], alone, f"world {i}")


def test_batch_worlds_really_differ(parameter_draw):
    """The comparison above is not vacuous: worlds of a batch have different series."""
    params = parameter_draw(np.random.default_rng(11), 4)
    frame = run(worlds=4, rng=[1, 2, 3, 4], **params).timeseries()
    for c in ("alignment_china", "transit_mt", "hedging_index", "utility"):
        series = [frame.loc[frame["world"] == i, c].to_numpy() for i in range(4)]
        assert not any(np.array_equal(series[i], series[j]) for i, j in itertools.combinations(range(4), 2))


def test_an_int_seed_derives_one_seed_per_world_and_each_world_matches_its_single_run():
    batch = run(steps=16, worlds=6, rng=2025, decision_rule="ewa")
    assert len(set(batch.seeds.tolist())) == 6
    together = batch.timeseries()
    for i in range(6):
        alone = run(steps=16, rng=int(batch.seeds[i]), decision_rule="ewa").timeseries()
        assert_same_series(together[together["world"] == i], alone, f"world {i}")


def test_a_world_gives_the_same_series_in_batches_of_any_size():
    seeds = [5, 6, 7, 8, 9, 10, 11]
    rules = ["logit", "roth_erev", "ewa", "logit", "ewa", "roth_erev", "logit"]
    big = run(steps=20, worlds=7, rng=seeds, decision_rule=rules).timeseries()
    small = run(steps=20, worlds=2, rng=seeds[2:4], decision_rule=rules[2:4]).timeseries()
    for j, i in enumerate((2, 3)):
        assert_same_series(big[big["world"] == i], small[small["world"] == j], f"world {i}")


def test_same_seed_gives_identical_runs():
    a = run(worlds=3, rng=[4, 5, 6], decision_rule="roth_erev").timeseries()
    b = run(worlds=3, rng=[4, 5, 6], decision_rule="roth_erev").timeseries()
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_different_seeds_give_different_runs():
    a = run(rng=1).timeseries()
    b = run(rng=2).timeseries()
    # Demand noise alone makes every quarter differ; decisions differ too.
    assert not np.array_equal(a["overland_demand_mt"], b["overland_demand_mt"])
    assert not np.array_equal(a["transit_mt"], b["transit_mt"])
    decisions = ["binding_effort", "response_china", "response_eu", "russian_pressure",
                 "offer_china", "offer_eu"]
    assert not a[decisions].equals(b[decisions])


# ------------------------------------------------------------- random streams
def test_every_decision_draws_its_own_random_numbers():
    """No two decisions share a draw: with the same probabilities, two decisions of one world
    must not always agree. Kazakhstan's answers to China's and Russia's coercion face identical
    values here (both as if unthreatened: rent, sovereignty cost and damage are all zero), so a
    shared draw would make them equal in every world."""
    from hedgesim.game.random_streams import STREAMS, WorldStreams

    assert len(set(STREAMS.values())) == len(STREAMS)
    streams = WorldStreams(np.arange(2000))
    draws = {name: streams.uniform(5, name) for name in STREAMS}
    for a, b in itertools.combinations(draws, 2):
        assert abs(np.corrcoef(draws[a], draws[b])[0, 1]) < 0.1, (a, b)
    model = run(steps=1, worlds=500, rng=list(range(500)), sovereignty_cost=0.0, china_holdup=0.0,
                russia_holdup=0.0, china_coercion_depth=0.0, russia_coercion_depth=0.0)
    answers = model.kazakhstan.answer_choosers
    assert answers[0].name != answers[1].name
    plan = model.stage.solve(model.state_now())
    moves = np.zeros(500, dtype=int)
    both = model.kazakhstan.answer_coercion(plan, moves)
    assert 0.35 < both[:, 0].mean() < 0.65 and 0.35 < both[:, 1].mean() < 0.65  # coin flips
    assert not np.array_equal(both[:, 0], both[:, 1])


def test_reported_columns_are_the_documented_ones():
    frame = run(steps=2, worlds=2, rng=[1, 2]).timeseries()
    assert list(frame.columns) == ["world", "step", "quarter", *COLUMNS]
    assert frame["quarter"].tolist() == ["2025Q1", "2025Q1", "2025Q2", "2025Q2"]


# ---------------------------------------- pipeline layout independent of the batch (was a latent bug)
def test_decision_state_of_a_world_is_identical_alone_and_in_a_batch():
    alone = HedgingModel(rng=3)
    batch = HedgingModel(worlds=2, rng=[3, 4], eu_build_lag=[6, 16], esg_rigidity=[0.5, 2.0])
    for _ in range(12):
        alone.step()
        batch.step()
        assert_array_equal(batch.kazakhstan.projected_stock[0], alone.kazakhstan.projected_stock[0])
