"""The game's headline properties, as the issue that made it a game states them.

* The dominance cap is a measurement: moving it changes only the two indicators that read it.
* Every numeric parameter moves some output over its range.
* The powers' choice probabilities respond to the state, not to noise.
* Hedging beats bandwagoning with China in the baseline and loses to it when China is benign,
  each by more than noise; under the bandwagon policy binding effort is still chosen.
* Where the giants' projects are substitutes, the EU's presence lowers China's rate and raises
  Kazakhstan's utility.

Comparisons are paired (common random numbers: world k has the same seed in both arms) and
judged by a 99 % confidence interval of the mean paired difference.
"""

from __future__ import annotations

import numpy as np
import pytest

from hedgesim.config.scenarios import load_scenario
from hedgesim.game.model import COLUMNS, MAY_BE_NAN, HedgingModel
from hedgesim.game.parameters import NUMERIC, PARAMETERS

WORLDS = 120
Z99 = 2.576


def run(worlds: int = WORLDS, steps: int = 40, **params) -> HedgingModel:
    model = HedgingModel(worlds=worlds, rng=list(range(worlds)), horizon=steps, **params)
    model.run_for(steps)
    return model


def paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean of b - a and the half-width of its 99 % interval."""
    d = b - a
    return float(d.mean()), float(Z99 * d.std(ddof=1) / np.sqrt(len(d)))


def final_utility(model: HedgingModel) -> np.ndarray:
    return model.kazakhstan.cumulative_utility.copy()


def test_the_dominance_cap_moves_only_the_indicators_that_read_it():
    low = run(worlds=8, dominance_cap=0.35).timeseries()
    high = run(worlds=8, dominance_cap=0.85).timeseries()
    differing = [c for c in COLUMNS
                 if not np.array_equal(low[c].to_numpy(), high[c].to_numpy(), equal_nan=c in MAY_BE_NAN)]
    assert sorted(differing) == ["dominance_denial", "hedging_index"]


LEARNING = {"recency": "roth_erev", "experimentation": "roth_erev", "foregone_weight": "ewa",
            "experience_decay": "ewa"}


@pytest.mark.parametrize("name", NUMERIC)
def test_every_numeric_parameter_moves_some_output(name):
    spec = PARAMETERS[name]
    context = {"decision_rule": LEARNING[name]} if name in LEARNING else {}
    # The bypass railway opens in 2030 by default: its parameters need the whole run.
    steps = 40 if name.startswith("bypass") else 16
    low = run(worlds=12, steps=steps, **context, **{name: spec.low}).timeseries()
    high = run(worlds=12, steps=steps, **context, **{name: spec.high}).timeseries()
    moved = [c for c in COLUMNS
             if not np.allclose(low[c].to_numpy(), high[c].to_numpy(), equal_nan=True, rtol=0, atol=1e-12)]
    assert moved, f"{name} moves nothing between {spec.low} and {spec.high}"


def test_the_powers_probabilities_respond_to_the_state():
    frame = run(worlds=60).timeseries()
    for column in ("p_pressure_russia", "p_pressure_china", "p_courting_russia"):
        values = frame[column].to_numpy()
        assert values.std() > 0.01, column  # they move with the state ...
        assert 0.0 < values.mean() < 1.0, column
    # ... and with what the power cares about: Russia's pressure with its grievance (the tilt to
    # the EU over Russia plus the Middle Corridor's share), China's with its exposure-backed stake.
    grievance = (np.maximum(frame["alignment_eu"] - frame["alignment_russia"], 0)
                 + frame["middle_corridor_mt"] / (frame["northern_mt"] + frame["middle_corridor_mt"]
                                                  + frame["bypass_mt"]))
    assert np.corrcoef(grievance, frame["p_pressure_russia"])[0, 1] > 0.15
    assert np.corrcoef(frame["exposure_china"], frame["p_pressure_china"])[0, 1] > 0.15


def test_hedging_beats_bandwagoning_with_china_in_the_baseline_and_loses_when_china_is_benign():
    hedge = run(strategy="hedge")
    bandwagon = run(strategy="bandwagon_china")
    difference, half_width = paired(final_utility(hedge), final_utility(bandwagon))
    assert difference + half_width < 0, (difference, half_width)
    # Bandwagoning still chooses its binding effort.
    assert bandwagon.timeseries()["binding_effort"].mean() > 0.2

    benign = load_scenario("benign_china").model_params()
    hedge = run(strategy="hedge", **benign)
    bandwagon = run(strategy="bandwagon_china", **benign)
    difference, half_width = paired(final_utility(hedge), final_utility(bandwagon))
    assert difference - half_width > 0, (difference, half_width)


def mean_rate(model: HedgingModel) -> np.ndarray:
    frame = model.timeseries()
    return frame.groupby("world")["loan_cost_china"].mean().to_numpy()


def test_where_projects_are_substitutes_the_eu_lowers_chinas_rate_and_raises_utility():
    substitutes = load_scenario("eu_china_substitutes").model_params()
    with_eu = run(**substitutes)
    without = run(**substitutes, eu_ticket=0.0)
    rate, rate_half = paired(mean_rate(with_eu), mean_rate(without))
    assert rate - rate_half > 0, (rate, rate_half)   # without the EU, China charges more
    utility, utility_half = paired(final_utility(with_eu), final_utility(without))
    assert utility + utility_half < 0, (utility, utility_half)
