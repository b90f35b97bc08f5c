"""Scenario files, their validation, and the 2025 calibration of the baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from hedgesim.analysis import route_constants as calibration
from hedgesim.game import facts
from hedgesim.game import corridors
from hedgesim.game.model import MAY_BE_NAN, HedgingModel
from hedgesim.game.parameters import PARAMETERS, ConfigError
from hedgesim.config.scenarios import (
    Scenario,
    all_scenarios,
    configs_dir,
    load_scenario,
    scenario_names,
    validate_scenario,
)

# DESIGN.md section 2: the scenarios that MUST exist.
REQUIRED = {"baseline", "eu_interest_wanes", "russian_pressure", "esg_rigidity",
            "northern_route_reopens", "china_concessions", "bandwagon_china", "bandwagon_eu",
            "hedge", "benign_china", "eu_china_substitutes"}


def test_every_required_scenario_is_bundled():
    assert REQUIRED <= set(scenario_names())
    assert scenario_names()[0] == "baseline"
    files = {p.stem for p in (configs_dir() / "scenarios").glob("*.yaml")}
    assert set(scenario_names()) == files


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_scenario_loads_validates_and_runs_40_quarters(name):
    scenario = load_scenario(name)
    assert isinstance(scenario, Scenario)
    assert scenario.name == name
    assert scenario.steps == 40
    model = HedgingModel(worlds=5, rng=[1, 2, 3, 4, 5], **scenario.model_params())
    for _ in range(scenario.steps):
        model.step()
    assert not model.running
    frame = model.timeseries()
    assert len(frame) == 5 * 40
    defined = frame.drop(columns=["quarter", *MAY_BE_NAN]).to_numpy(dtype=float)
    assert np.isfinite(defined).all()
    assert frame["quarter"].iloc[-1] == "2034Q4"


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_scenario_has_a_description_and_a_paper_passage(name):
    scenario = load_scenario(name)
    assert scenario.title.strip()
    assert len(scenario.description.split()) >= 10
    assert len(scenario.paper.split()) >= 10
    # Every parameter it sets is a schema parameter, set away from its default
    # (except the baseline, which changes nothing).
    for key, value in scenario.params.items():
        assert key in PARAMETERS
        assert value != PARAMETERS[key].default
    assert (name == "baseline") == (not scenario.params)


def test_scenarios_set_what_their_titles_say():
    assert load_scenario("bandwagon_china").params == {"strategy": "bandwagon_china"}
    assert load_scenario("bandwagon_eu").params == {"strategy": "bandwagon_eu"}
    assert load_scenario("eu_interest_wanes").params["eu_interest_decline"] > 0
    assert load_scenario("northern_route_reopens").params["sanctions_relief"] > 0
    assert (load_scenario("russian_pressure").params["russia_grievance_value"]
            > PARAMETERS["russia_grievance_value"].default)
    assert (load_scenario("china_concessions").params["china_grievance_value"]
            > PARAMETERS["china_grievance_value"].default)
    assert load_scenario("hedge").params == {"strategy": "hedge"}
    assert load_scenario("eu_china_substitutes").params["project_complementarity"] < 0
    # benign_china changes only China's own parameters (its schema group).
    benign = load_scenario("benign_china").params
    assert benign and {PARAMETERS[name].group for name in benign} == {"china"}
    assert benign["china_holdup"] == 0.0
    assert load_scenario("esg_rigidity").params["esg_rigidity"] > PARAMETERS["esg_rigidity"].default


def test_all_scenarios_returns_every_bundled_scenario():
    assert [s.name for s in all_scenarios()] == list(scenario_names())


def test_esg_scenario_stretches_eu_build_lags_as_described():
    # "from 9 to 15 quarters": 6 * (1 + 0.5) = 9 and 6 * (1 + 1.5) = 15.
    base = HedgingModel(rng=0)
    esg = HedgingModel(rng=0, **load_scenario("esg_rigidity").model_params())
    assert base.lags[0, 2] == 9  # strict standards
    assert esg.lags[0, 2] == 15
    assert base.lags[0, 1] == esg.lags[0, 1] == 6  # relaxed standards: no ESG gap


# ------------------------------------------------------------------ validation
def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


HEAD = "title: A test\ndescription: A scenario written by a test.\n"


@pytest.mark.parametrize(("body", "must_mention"), [
    # unknown top-level key: names it and lists the allowed keys
    ("colour: red\n", ["colour", "unknown key", "title", "description", "params", "steps"]),
    # unknown parameter: names it and suggests the closest one
    ("params:\n  rationalty: 3\n", ["params.rationalty", "unknown parameter", "rationality"]),
    # wrong type for a number
    ("params:\n  rationality: high\n", ["params.rationality", "'high'", "a number from 0 to 200"]),
    # a boolean is not a number
    ("params:\n  risk_weight: true\n", ["params.risk_weight", "a number from 0 to 5"]),
    # out of range
    ("params:\n  esg_rigidity: 5\n", ["params.esg_rigidity", "5", "a number from 0 to 2"]),
    ("params:\n  dominance_cap: 0.1\n", ["params.dominance_cap", "0.1", "from 0.3 to 0.9"]),
    # not finite
    ("params:\n  rationality: .nan\n", ["params.rationality", "nan", "a number from 0 to 200"]),
    # an integer parameter given a fraction
    ("params:\n  planning_horizon: 2.5\n", ["params.planning_horizon", "2.5", "an integer from 1 to 40"]),
    # a choice outside its choices
    ("params:\n  strategy: balance\n", ["params.strategy", "'balance'", "'hedge'", "'bandwagon_china'",
                                        "'bandwagon_eu'"]),
    ("params:\n  decision_rule: fictitious_play\n", ["params.decision_rule", "'logit'", "'ewa'"]),
    # params not a mapping
    ("params: [1, 2]\n", ["params", "dictionary"]),
    # steps out of range / wrong type
    ("steps: 0\n", ["steps", "greater than or equal to 1"]),
    ("steps: forty\n", ["steps", "forty"]),
])
def test_invalid_scenarios_raise_one_clear_config_error(tmp_path, body, must_mention):
    path = write(tmp_path, HEAD + body)
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    for part in must_mention:
        assert part in message, f"{part!r} not in {message!r}"


def test_missing_required_field_is_named(tmp_path):
    path = write(tmp_path, "description: no title here\n")
    with pytest.raises(ConfigError, match="title: Field required") as info:
        load_scenario(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string\n", ""])
def test_a_file_that_is_not_a_mapping_is_refused(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match="expected a mapping") as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message
    assert "title" in message and "params" in message


def test_bad_yaml_is_refused_with_its_position(tmp_path):
    path = write(tmp_path, "title: [unclosed\ndescription: d\n")
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message
    assert "not valid YAML" in message
    assert "line 2" in message


def test_several_errors_are_counted_in_one_line(tmp_path):
    path = write(tmp_path, HEAD + "params:\n  esg_rigidity: 5\n  rationality: -1\n")
    with pytest.raises(ConfigError, match=r"\(and 1 more error\)"):
        load_scenario(path)


def test_unknown_scenario_name_lists_the_bundled_ones():
    with pytest.raises(ConfigError) as info:
        load_scenario("no_such_scenario")
    message = str(info.value)
    assert "no_such_scenario" in message
    for name in REQUIRED:
        assert name in message


def test_missing_file_is_named(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(ConfigError, match="no such file") as info:
        load_scenario(path)
    assert str(path) in str(info.value)


def test_validate_scenario_names_its_source():
    with pytest.raises(ConfigError, match=r"^--scenario-arg: params\.rationality"):
        validate_scenario({"title": "t", "description": "d", "params": {"rationality": 999}},
                          "--scenario-arg")


def test_a_valid_custom_scenario_loads_and_runs(tmp_path):
    path = write(tmp_path, HEAD + "params:\n  esg_rigidity: 1\n  strategy: bandwagon_eu\n"
                 "  planning_horizon: 8\nsteps: 6\n", "custom.yaml")
    scenario = load_scenario(path)
    assert scenario.name == "custom"
    assert scenario.steps == 6
    model = HedgingModel(rng=1, **scenario.model_params())
    for _ in range(scenario.steps):
        model.step()
    assert model.p["esg_rigidity"][0] == 1.0


def test_a_non_string_key_is_named_with_the_allowed_keys(tmp_path):
    path = write(tmp_path, HEAD + "1: x\n")
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message
    assert "1" in message.replace(str(path), "")
    assert "allowed" in message and "params" in message


# ----------------------------------------------------------------- calibration
def baseline_2025(worlds: int, rng) -> dict[str, float]:
    """Mean over worlds of each world's 2025Q1-Q4 average."""
    model = HedgingModel(worlds=worlds, rng=rng, **load_scenario("baseline").model_params())
    for _ in range(4):
        model.step()
    frame = model.timeseries()
    assert sorted(frame["quarter"].unique()) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    per_world = frame.groupby("world")[["transit_mt", "middle_corridor_mt", "northern_mt",
                                        "bypass_mt"]].mean()
    return per_world.mean().to_dict()


@pytest.mark.parametrize(("worlds", "rng"), [(100, list(range(100))), (1, 0)],
                         ids=["mean of 100 seeds", "seed 0"])
def test_baseline_reproduces_2025_transit_and_middle_corridor(worlds, rng):
    assert facts.fact("transit_2025") == 36.9
    assert facts.fact("middle_corridor_2025") == 4.119
    volumes = baseline_2025(worlds, rng)
    assert volumes["transit_mt"] == pytest.approx(36.9, rel=0.05)
    assert volumes["middle_corridor_mt"] == pytest.approx(4.119, rel=0.05)


def test_baseline_reproduces_the_2025_route_split():
    """DESIGN.md: 'reproduce the 2025 transit volume and route split within 5 %'."""
    volumes = baseline_2025(100, list(range(100)))
    targets = facts.route_targets()
    simulated = [volumes["northern_mt"], volumes["middle_corridor_mt"], volumes["bypass_mt"]]
    np.testing.assert_allclose(simulated, targets, rtol=0.05)


def test_demand_defaults_are_derived_from_the_calibration_data():
    targets = facts.route_targets()
    assert targets.tolist() == [8.0, 4.119, 0.5]
    # overland demand = 8 + 4.119 + 0.5 = 12.619 Mt; other transit = 36.9 - 8 - 4.119 = 24.781 Mt.
    assert PARAMETERS["overland_demand"].default == pytest.approx(8.0 + 4.119 + 0.5, abs=0.005)
    assert PARAMETERS["other_transit"].default == pytest.approx(36.9 - 8.0 - 4.119, abs=0.005)


def test_analytic_calibration_makes_2025_volumes_a_route_choice_fixed_point():
    costs = calibration.calibrate_route_costs()
    p = {name: np.array([PARAMETERS[name].default], dtype=float)
         for name in PARAMETERS if PARAMETERS[name].numeric}
    flows = np.array([[8.0, 4.119, 0.5]])
    base = np.array([[costs["northern_base_cost"],
                      costs["middle_base_cost"] - p["harmonisation_saving"][0] * p["binding_initial"][0],
                      0.0]])
    premia = np.array([[p["sanctions_level"][0] * p["sanctions_premium"][0], 0.0, 0.0]])
    capacity = np.array([[p["northern_capacity"][0], p["middle_capacity"][0], p["bypass_capacity"][0]]])
    cost = corridors.generalised_costs(base, premia, flows, capacity, p["entry_capacity"],
                                       p["congestion_cost"])
    shares = corridors.route_shares(cost, p["route_dispersion"])
    # The constants are rounded to cents: shares within 0.01 / 60 of the 2025 split.
    np.testing.assert_allclose(shares[0], flows[0] / flows.sum(), atol=1e-3)


@pytest.mark.slow
def test_simulation_calibration_agrees_with_the_parameter_defaults():
    costs = calibration.calibrate_by_simulation()
    assert abs(PARAMETERS["northern_base_cost"].default - costs["northern_base_cost"]) <= 1.0
    assert abs(PARAMETERS["middle_base_cost"].default - costs["middle_base_cost"]) <= 1.0


def test_calibration_targets_parse_as_yaml_with_sources():
    data = yaml.safe_load((Path(facts.__file__).parents[1] / "data" / "calibration.yaml").read_text())
    assert data == facts.calibration_data()
    for route, target in data["route_targets_2025"].items():
        assert route in corridors.ROUTES
        assert target["source"].strip()


@pytest.mark.slow
def test_behaviour_fit_agrees_with_the_parameter_defaults():
    """The powers' fitted valuations in the schema are what `behaviour_fit` finds (within its
    tolerance: 2 % of each 2025 target)."""
    from hedgesim.analysis import behaviour_fit

    achieved = behaviour_fit.simulate_2025({})
    for target in behaviour_fit.targets():
        assert achieved[target.column] == pytest.approx(target.value, rel=0.05), target.column
