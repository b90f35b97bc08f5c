"""Mesa conventions: batch_run, the datacollector, running, defaults, and clear errors."""

from __future__ import annotations

import multiprocessing
import re
import warnings

import mesa
import numpy as np
import pytest

from hedgesim.game.model import HedgingModel, NonFiniteStateError
from hedgesim.game.parameters import PARAMETERS, ParameterError

REPORTERS = ("hedging_index", "dependency_hhi", "max_external_share", "economic_pragmatism",
             "binding_engagement", "dominance_denial", "alignment_china", "alignment_eu",
             "alignment_russia", "transit_mt", "northern_mt", "middle_corridor_mt", "bypass_mt",
             "russian_pressure", "chinese_pressure", "utility", "cumulative_utility")


@pytest.fixture
def keep_start_method():
    """mesa.batch_run forces the 'spawn' start method; put the previous one back."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def test_batch_run_returns_the_model_reporters_for_every_combination(keep_start_method):
    results = mesa.batch_run(
        HedgingModel,
        parameters={"rationality": [10.0, 80.0], "esg_rigidity": [0.0, 1.5]},
        rng=[1, 2], max_steps=8, data_collection_period=-1,
        display_progress=False, number_processes=1)
    assert len(results) == 2 * 2 * 2
    combos = {(r["rationality"], r["esg_rigidity"], r["rng"]) for r in results}
    assert combos == {(lam, esg, seed) for lam in (10.0, 80.0) for esg in (0.0, 1.5) for seed in (1, 2)}
    for row in results:
        assert row["Step"] == 8
        for name in REPORTERS:
            assert isinstance(row[name], float), name
            assert np.isfinite(row[name])
        assert 0.0 <= row["hedging_index"] <= 1.0
    # Each row is what a direct run with those arguments gives after 8 quarters.
    row = next(r for r in results if (r["rationality"], r["esg_rigidity"], r["rng"]) == (80.0, 1.5, 2))
    model = HedgingModel(rng=2, rationality=80.0, esg_rigidity=1.5)
    for _ in range(8):
        model.step()
    for name in REPORTERS:
        assert row[name] == model.report[name][0], name
    # and the parameters matter
    values = {(r["rationality"], r["esg_rigidity"], r["rng"]): r["cumulative_utility"] for r in results}
    assert len(set(values.values())) == len(values)


def test_datacollector_has_one_row_per_step():
    model = HedgingModel(rng=3)
    for _ in range(7):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 7
    assert set(REPORTERS) <= set(frame.columns)
    series = model.timeseries()
    np.testing.assert_array_equal(frame["hedging_index"].to_numpy(), series["hedging_index"].to_numpy())
    np.testing.assert_array_equal(frame["transit_mt"].to_numpy(), series["transit_mt"].to_numpy())


def test_datacollector_with_several_worlds_reports_one_value_per_world():
    model = HedgingModel(worlds=3, rng=[1, 2, 3])
    for _ in range(2):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 2
    assert np.shape(frame["hedging_index"].iloc[-1]) == (3,)
    np.testing.assert_array_equal(frame["hedging_index"].iloc[-1], model.report["hedging_index"])


def test_running_turns_false_at_the_horizon():
    model = HedgingModel(rng=1, horizon=5)
    for step in range(1, 6):
        assert model.running
        model.step()
        assert model.steps == step
    assert not model.running


def test_default_horizon_is_40_quarters_and_run_for_steps_the_model():
    model = HedgingModel(rng=1)
    assert model.horizon == 40
    model.run_for(40)
    assert model.steps == 40
    assert not model.running
    assert model.quarter == "2034Q4"
    assert len(model.timeseries()) == 40


def test_record_false_keeps_no_time_series_but_reports_the_quarter():
    model = HedgingModel(worlds=2, rng=[1, 2], record=False)
    model.step()
    assert len(model.timeseries()) == 0
    assert model.report["transit_mt"].shape == (2,)


def test_model_without_arguments_uses_every_default():
    model = HedgingModel()
    model.step()
    assert model.worlds == 1
    for name, p in PARAMETERS.items():
        expected = p.choices.index(p.default) if p.kind == "choice" else float(p.default)
        assert model.p[name].tolist() == [expected], name
    assert np.isfinite(model.report["hedging_index"]).all()


# ------------------------------------------------------------------ non-finite state
def test_nan_in_state_raises_naming_the_world_and_its_parameters():
    model = HedgingModel(worlds=3, rng=[7, 8, 9], rationality=[10.0, 20.0, 30.0])
    model.step()
    model.kazakhstan.stock[1, 0] = np.nan
    with pytest.raises(NonFiniteStateError) as info:
        model.step()
    message = str(info.value)
    assert "world 1" in message
    assert "seed 8" in message
    assert "stock_china" in message
    assert "'rationality': 20.0" in message  # world 1's own parameters, not world 0's
    assert "step 2" in message


def test_nan_in_binding_engagement_of_the_last_world_is_caught():
    model = HedgingModel(worlds=3, rng=[7, 8, 9])
    model.kazakhstan.binding[2] = np.nan
    with pytest.raises(NonFiniteStateError, match=r"world 2 \(seed 9\).*\(binding\) at the start of step 1"):
        model.step()


def test_inf_in_state_raises_non_finite_state_error_even_with_warnings_as_errors():
    model = HedgingModel(worlds=3, rng=[7, 8, 9])
    model.step()
    model.kazakhstan.stock[1, 0] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(NonFiniteStateError, match="world 1"):
            model.step()


def test_inf_in_state_raises_non_finite_state_error():
    model = HedgingModel(worlds=3, rng=[7, 8, 9])
    model.step()
    model.kazakhstan.stock[1, 0] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(NonFiniteStateError, match=r"world 1 \(seed 8\)"):
            model.step()


# ------------------------------------------------------------------ bad arguments
@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"rationalty": 3.0}, r"unknown parameter 'rationalty'; did you mean 'rationality'\?"),
    ({"esg_rigidity": 2.5}, r"'esg_rigidity': 2\.5 is out of range; allowed: a number from 0 to 2"),
    ({"dominance_cap": [0.5, 0.95], "worlds": 2}, r"'dominance_cap': 0\.95 is out of range"),
    ({"rationality": -1.0}, r"'rationality': -1\.0 is out of range"),
    ({"rationality": float("nan")}, r"'rationality': value is not finite"),
    ({"rationality": "high"}, r"'rationality': 'high' is not a number"),
    ({"risk_weight": True}, r"'risk_weight': a boolean is not allowed"),
    ({"planning_horizon": 2.5}, r"'planning_horizon': 2\.5 is not an integer"),
    ({"strategy": "balance"}, r"'strategy': 'balance' is not allowed; allowed: one of 'free', 'hedge'"),
    ({"decision_rule": ["logit", "nope"], "worlds": 2}, r"'decision_rule': 'nope' is not allowed"),
    ({"rationality": [1.0, 2.0], "worlds": 3}, r"'rationality': expected a scalar or 3 values"),
    ({"rationality": [[1.0, 2.0]], "worlds": 2}, r"'rationality': expected a scalar or 2 values"),
    ({"worlds": 0}, r"worlds must be a positive integer, got 0"),
    ({"worlds": 2.0}, r"worlds must be a positive integer"),
    ({"horizon": 0}, r"horizon must be an integer from 1 to 1000"),
    ({"rng": -1}, r"rng must be a non-negative integer seed"),
    ({"rng": 1.5}, r"rng must be an int seed, a sequence of seeds, a numpy Generator or None"),
    ({"rng": "seed"}, r"rng must give one non-negative integer seed per world"),
    ({"rng": [1, 2], "worlds": 3}, r"rng must give one non-negative integer seed per world \(3\)"),
    ({"rng": [1.0, 2.0], "worlds": 2}, r"rng must give one non-negative integer seed per world"),
    ({"rng": [1, -2], "worlds": 2}, r"rng must give one non-negative integer seed per world"),
])
def test_bad_arguments_raise_parameter_error(kwargs, pattern):
    with pytest.raises(ParameterError, match=pattern) as info:
        HedgingModel(**kwargs)
    assert "\n" not in str(info.value)


def test_parameter_error_is_a_value_error():
    assert issubclass(ParameterError, ValueError)
    with pytest.raises(ValueError):
        HedgingModel(esg_rigidity=-0.1)


def test_per_world_values_and_numpy_generator_are_accepted():
    model = HedgingModel(worlds=3, rng=np.random.default_rng(5), rationality=np.array([1.0, 2.0, 3.0]),
                         strategy=["hedge", "bandwagon_china", "bandwagon_eu"], planning_horizon=12.0)
    model.step()
    assert model.p["rationality"].tolist() == [1.0, 2.0, 3.0]
    assert model.p["strategy"].tolist() == [1, 2, 3]  # codes: KazakhStrategy values
    assert len(set(model.seeds.tolist())) == 3
    assert re.fullmatch(r"\d{4}Q[1-4]", model.quarter)


def test_each_step_is_a_calendar_quarter_from_2025q1():
    from hedgesim.game.model import quarter_label

    assert [quarter_label(step) for step in (1, 2, 3, 4, 5, 8, 9, 40)] == [
        "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q4", "2027Q1", "2034Q4"]
    model = HedgingModel(rng=1)
    assert model.quarter == "2025Q1"  # before the first step, the quarter the run starts in
    for _ in range(5):
        model.step()
    assert model.quarter == "2026Q1"

