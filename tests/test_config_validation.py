"""Validation of parameter mappings and config files against the schema (``parameters.py``).

The pydantic model of a ``params:`` mapping is built from the schema: every key optional
with its default, numbers strictly typed and within their range, choices from their list,
unknown keys refused. Its errors become one line naming the file, the key and the allowed
values (``explain``, ``validate_mapping``).
"""

from __future__ import annotations

import pytest
from pydantic import ConfigDict, ValidationError, create_model

from hedgesim.game import parameters
from hedgesim.game.parameters import PARAMETERS, ConfigError, explain, unknown_parameter, validate_mapping


@pytest.fixture
def fresh_params_model(monkeypatch):
    """The params model built anew in this test (it is built once and then kept)."""
    monkeypatch.setattr(parameters, "_PARAMS_MODEL", None)
    model = parameters.params_model()
    assert parameters.params_model() is model  # built once, then kept
    return model


def test_the_params_model_has_every_parameter_with_its_default_and_description(fresh_params_model):
    fields = fresh_params_model.model_fields
    assert fresh_params_model.__name__ == "Params"  # pydantic's errors name it
    assert list(fields) == list(PARAMETERS)
    for name, spec in PARAMETERS.items():
        assert fields[name].default == spec.default, name
        assert fields[name].description == spec.description, name
    values = fresh_params_model().model_dump()
    assert values == {name: spec.default for name, spec in PARAMETERS.items()}


def test_the_params_model_accepts_the_ends_of_each_range_and_refuses_beyond(fresh_params_model):
    assert fresh_params_model(rationality=0.0, planning_horizon=40, strategy="hedge").rationality == 0.0
    assert fresh_params_model(rationality=200.0, planning_horizon=1).planning_horizon == 1
    assert fresh_params_model(risk_weight=1).risk_weight == 1.0  # an integer is a number
    for bad in ({"rationality": 200.5}, {"rationality": -0.1}, {"planning_horizon": 41},
                {"planning_horizon": 0}, {"planning_horizon": 12.0}, {"planning_horizon": "12"},
                {"risk_weight": True}, {"risk_weight": "1"}, {"risk_weight": float("nan")},
                {"risk_weight": float("inf")}, {"strategy": "balance"}, {"strategy": 1},
                {"rationalty": 1.0}):
        with pytest.raises(ValidationError):
            fresh_params_model(**bad)


def params_error(**params) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parameters.params_model()(**params)
    return info.value


def test_a_value_out_of_range_is_explained_with_the_file_key_and_allowed_range():
    error = explain(params_error(rationality=500), "scenario.yaml", prefix="params")
    assert isinstance(error, ConfigError)
    assert str(error) == ("scenario.yaml: params.rationality: 500 is not allowed; "
                          "allowed: a number from 0 to 200 (1 / USD bn)")


def test_a_bad_choice_and_an_integer_parameter_are_explained_with_their_allowed_values():
    assert str(explain(params_error(strategy="balance"), "f.yaml", prefix="params")) == (
        "f.yaml: params.strategy: 'balance' is not allowed; allowed: one of 'free', 'hedge', "
        "'bandwagon_china', 'bandwagon_eu', 'lean_russia'")
    assert str(explain(params_error(planning_horizon=2.5), "f.yaml", prefix="params")) == (
        "f.yaml: params.planning_horizon: 2.5 is not allowed; allowed: an integer from 1 to 40 (quarters)")


def test_an_unknown_parameter_is_explained_with_the_closest_name():
    message = str(explain(params_error(rationalty=1.0), "f.yaml", prefix="params"))
    assert message == (f"f.yaml: params.rationalty: unknown parameter 'rationalty'; did you mean "
                       f"'rationality'? (`hedgesim params` lists all {len(PARAMETERS)})")
    assert unknown_parameter("zzzzzz") == (f"unknown parameter 'zzzzzz'; (`hedgesim params` lists all "
                                           f"{len(PARAMETERS)})")


def test_more_than_one_error_is_counted_after_the_first():
    one_more = str(explain(params_error(rationality=500, risk_weight=9.0), "f.yaml", prefix="params"))
    assert one_more.endswith(" (and 1 more error)")
    two_more = str(explain(params_error(rationality=500, risk_weight=9.0, strategy="x"), "f.yaml",
                           prefix="params"))
    assert two_more.endswith(" (and 2 more errors)")
    assert two_more.startswith("f.yaml: params.rationality: 500 is not allowed")


Scenario = create_model("Scenario", __config__=ConfigDict(extra="forbid"), title=(str, ...),
                        params=(dict, {}))


def test_a_config_mapping_is_validated_and_its_errors_name_the_file_and_key():
    scenario = validate_mapping(Scenario, {"title": "Baseline", "params": {"rationality": 1.0}}, "s.yaml")
    assert scenario.title == "Baseline" and scenario.params == {"rationality": 1.0}
    with pytest.raises(ConfigError) as info:
        validate_mapping(Scenario, {"title": "x", "sweep": 1}, "s.yaml")
    assert str(info.value) == "s.yaml: sweep: unknown key; allowed: title, params"
    with pytest.raises(ConfigError) as info:
        validate_mapping(Scenario, {"title": ["not", "text"]}, "s.yaml")
    assert str(info.value) == "s.yaml: title: Input should be a valid string (got ['not', 'text'])"
    with pytest.raises(ConfigError) as info:
        validate_mapping(Scenario, {}, "s.yaml")
    assert str(info.value) == "s.yaml: title: Field required (got {})"
    with pytest.raises(ConfigError) as info:
        validate_mapping(Scenario, ["title"], "s.yaml")
    assert str(info.value) == "s.yaml: expected a mapping with keys title, params; got list"
    with pytest.raises(ConfigError) as info:
        validate_mapping(Scenario, {1: "x"}, "s.yaml")
    assert str(info.value) == "s.yaml: 1: keys must be text; allowed: title, params"


def test_an_error_at_the_top_level_of_a_mapping_says_so():
    Strict = create_model("Strict", __config__=ConfigDict(extra="forbid"), value=(int, ...))
    with pytest.raises(ValidationError) as info:
        Strict.model_validate("not a mapping")
    assert str(explain(info.value, "x.yaml")).startswith("x.yaml: (top level): ")


def test_allowed_values_of_each_kind_of_parameter():
    assert PARAMETERS["risk_weight"].allowed == "a number from 0 to 5 (dimensionless)"
    assert PARAMETERS["planning_horizon"].allowed == "an integer from 1 to 40 (quarters)"
    assert PARAMETERS["decision_rule"].allowed == "one of 'logit', 'roth_erev', 'ewa'"
    unbounded = parameters.Parameter("x", 1.0)
    assert unbounded.allowed == "a number from ? to ? (dimensionless)"
    assert PARAMETERS["risk_weight"].numeric and not PARAMETERS["strategy"].numeric


def test_the_value_shown_out_of_range_is_the_offending_one_among_per_world_values():
    with pytest.raises(parameters.ParameterError, match=r"'rationality': -1\.0 is out of range"):
        parameters.check_value("rationality", [0.0, 200.0, -1.0])
    with pytest.raises(parameters.ParameterError, match=r"'rationality': 250\.0 is out of range"):
        parameters.check_value("rationality", [0.0, 200.0, 250.0, -3.0])


def test_a_config_key_outside_params_that_shares_a_parameters_name_gets_pydantics_message():
    Spec = create_model("Spec", __config__=ConfigDict(extra="forbid"), rationality=(list, ...))
    with pytest.raises(ConfigError) as info:
        validate_mapping(Spec, {"rationality": 3}, "sweep.yaml")
    assert str(info.value) == "sweep.yaml: rationality: Input should be a valid list (got 3)"

