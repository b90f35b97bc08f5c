"""Per-run outcome metrics against a pandas reduction of the recorded time series.

Each metric of ``OUTCOMES`` names a column and a reduction (mean over the run, last
quarter, sum, or mean over the quarters where it is defined); here the same reduction is
done with pandas ``groupby`` on the recorded series, and the columns the model reports only
in parts are derived by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from hedgesim.game.model import HedgingModel
from hedgesim.game.outcomes import OUTCOMES, OutcomeAccumulator, outcomes_of


def recorded(worlds: int = 4, quarters: int = 6) -> tuple[HedgingModel, pd.DataFrame, OutcomeAccumulator]:
    # World 3: China withdraws, so its loan cost is never defined (NaN); low rationality for coercion.
    model = HedgingModel(worlds=worlds, rng=list(range(worlds)), rationality=[20.0, 2.0, 5.0, 1.0],
                         china_strategy=["free", "free", "market", "withdraw"])
    online = OutcomeAccumulator(worlds)
    for _ in range(quarters):
        model.step()
        online.add(model.report)
    return model, model.timeseries(), online


def by_hand(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.sort_values(["world", "step"]).copy()
    overland = frame["northern_mt"] + frame["middle_corridor_mt"] + frame["bypass_mt"]
    total = frame["stock_china"] + frame["stock_eu"] + frame["stock_russia"] + frame["stock_domestic"]
    frame["middle_corridor_share"] = frame["middle_corridor_mt"] / overland
    frame["china_control_share"] = frame["stock_china"] / total
    frame["eu_control_share"] = frame["stock_eu"] / total
    frame["concessions_total"] = frame["concessions_china"] + frame["concessions_russia"]
    groups = frame.groupby("world")
    reducers = {"mean": lambda g: g.mean(), "final": lambda g: g.iloc[-1], "sum": lambda g: g.sum(),
                "nanmean": lambda g: g.dropna().mean() if g.notna().any() else np.nan}
    return pd.DataFrame({name: groups[o.column].apply(reducers[o.reduce]).to_numpy()
                         for name, o in OUTCOMES.items()})


def test_outcomes_of_a_time_series_are_the_documented_reductions_of_its_columns():
    _, frame, _ = recorded()
    expected = by_hand(frame)
    got = outcomes_of(frame)
    assert list(got.columns) == list(OUTCOMES)
    for name in OUTCOMES:
        assert_allclose(got[name].to_numpy(), expected[name].to_numpy(), rtol=1e-12, atol=1e-12,
                        err_msg=name)
    assert np.isnan(got["mean_loan_cost_china"].iloc[3]) and np.isfinite(got["mean_loan_cost_china"].iloc[:3]).all()
    assert got["concessions"].sum() > 0 and got["cumulative_coercion_losses"].sum() > 0


def test_the_online_accumulator_gives_the_same_outcomes_as_the_recorded_series():
    _, frame, online = recorded()
    expected = by_hand(frame)
    result = online.result()
    assert set(result) == set(OUTCOMES)
    for name in OUTCOMES:
        assert_allclose(result[name], expected[name].to_numpy(), rtol=1e-12, atol=1e-12, err_msg=name)


def test_an_accumulator_with_no_quarters_reports_zero_means_and_undefined_nanmeans():
    result = OutcomeAccumulator(2).result()
    assert (result["mean_hedging_index"] == 0).all() and np.isnan(result["mean_loan_cost_eu"]).all()


def test_after_one_quarter_each_outcome_is_that_quarters_value():
    model = HedgingModel(worlds=2, rng=[1, 2], china_strategy=["market", "withdraw"])
    accumulator = OutcomeAccumulator(2)
    model.step()
    accumulator.add(model.report)
    result = accumulator.result()
    assert_allclose(result["mean_hedging_index"], model.report["hedging_index"], rtol=1e-15)
    assert_allclose(result["cumulative_utility"], model.report["utility"], rtol=1e-15)
    # China offers in world 0 (its loan cost defined once) and never in world 1.
    assert_allclose(result["mean_loan_cost_china"][0], model.report["loan_cost_china"][0], rtol=1e-15)
    assert np.isnan(result["mean_loan_cost_china"][1])
