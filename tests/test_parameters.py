"""The parameter schema, resolve(), and the calibration facts with their sources."""

from __future__ import annotations

import re

import numpy as np
import pytest

from hedgesim.game.facts import calibration_data, fact
from hedgesim.game.parameters import (
    CHOICE,
    NUMERIC,
    PARAMETERS,
    ParameterError,
    check_value,
    defaults,
    params_model,
    resolve,
)

ALL = sorted(PARAMETERS)


@pytest.mark.parametrize("name", ALL)
def test_parameter_is_documented(name):
    p = PARAMETERS[name]
    assert p.name == name
    assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
    assert p.unit.strip(), "no unit"
    assert len(p.description.split()) >= 4, "no real description"
    assert p.source.strip(), "no source"
    assert p.group in {"behaviour", "kazakhstan", "china", "eu", "russia", "corridors"}


@pytest.mark.parametrize("name", ALL)
def test_default_is_inside_the_allowed_values(name):
    p = PARAMETERS[name]
    if p.kind == "choice":
        assert len(p.choices) >= 2
        assert len(set(p.choices)) == len(p.choices)
        assert p.default in p.choices
        assert p.low is None and p.high is None
    else:
        assert p.kind in {"float", "int"}
        assert p.low is not None and p.high is not None
        assert p.low < p.high
        assert p.low <= p.default <= p.high
        if p.kind == "int":
            assert float(p.default).is_integer()
            assert float(p.low).is_integer() and float(p.high).is_integer()
    check_value(name, p.default)  # the schema accepts its own default


def test_kinds_partition_the_schema():
    assert sorted(NUMERIC + CHOICE) == ALL
    assert set(CHOICE) == {"decision_rule", "strategy", "china_strategy", "eu_strategy", "russia_strategy"}
    assert defaults() == {name: PARAMETERS[name].default for name in ALL}


def test_pydantic_params_model_accepts_defaults_and_refuses_extras():
    from pydantic import ValidationError

    model = params_model()
    assert model(**defaults()).model_dump() == defaults()
    with pytest.raises(ValidationError):
        model(no_such_parameter=1.0)
    with pytest.raises(ValidationError):
        model(esg_rigidity=PARAMETERS["esg_rigidity"].high + 0.1)


def test_allowed_text_gives_range_and_unit():
    assert PARAMETERS["esg_rigidity"].allowed == "a number from 0 to 2 (dimensionless)"
    assert PARAMETERS["planning_horizon"].allowed == "an integer from 1 to 40 (quarters)"
    assert PARAMETERS["strategy"].allowed == ("one of 'free', 'hedge', 'bandwagon_china', 'bandwagon_eu', "
                                              "'lean_russia'")


# ---------------------------------------------------------------------- resolve
def test_resolve_broadcasts_scalars_and_fills_defaults():
    out = resolve({"rationality": 7.0}, 4)
    assert set(out) == set(PARAMETERS)
    for name, values in out.items():
        assert values.shape == (4,), name
    assert out["rationality"].tolist() == [7.0] * 4
    assert out["risk_weight"].tolist() == [PARAMETERS["risk_weight"].default] * 4
    assert out["rationality"].dtype == np.float64
    assert out["planning_horizon"].tolist() == [12.0] * 4


def test_resolve_keeps_per_world_arrays_and_codes_choices():
    out = resolve({"rationality": [1.0, 2.0, 3.0],
                   "strategy": ["bandwagon_eu", "hedge", "bandwagon_china"],
                   "decision_rule": "ewa"}, 3)
    assert out["rationality"].tolist() == [1.0, 2.0, 3.0]
    assert out["strategy"].tolist() == [3, 1, 2]     # index in choices
    assert out["decision_rule"].tolist() == [2, 2, 2]
    assert out["strategy"].dtype.kind == "i"


def test_resolve_accepts_one_value_lists_and_copies_its_input():
    given = np.array([0.5])
    out = resolve({"esg_rigidity": given}, 3)
    assert out["esg_rigidity"].tolist() == [0.5, 0.5, 0.5]
    out["esg_rigidity"][0] = 1.0
    assert given[0] == 0.5
    a, b = resolve({}, 2), resolve({}, 2)
    a["rationality"][0] = 1.0
    assert b["rationality"][0] == PARAMETERS["rationality"].default


@pytest.mark.parametrize(("params", "worlds", "pattern"), [
    ({"rationality": [1.0, 2.0]}, 3, r"expected a scalar or 3 values \(one per world\), got shape \(2,\)"),
    ({"strategy": ["hedge", "hedge"]}, 3, r"'strategy': expected a scalar or 3 values"),
    ({"nope": 1}, 1, r"unknown parameter 'nope'"),
    ({"stock_china": 9.0}, 1, r"'stock_china': 9\.0 is out of range; allowed: a number from 10 to 200"),
])
def test_resolve_refuses_bad_values(params, worlds, pattern):
    with pytest.raises(ParameterError, match=pattern):
        resolve(params, worlds)


# ------------------------------------------------------------ calibration facts
# Every fact DESIGN.md section 2 names: (id in calibration.yaml, value, further numbers
# DESIGN.md gives with it, which must appear in the entry's text).
DESIGN_FACTS = [
    ("bri_investment_2025", 25.8, []),
    ("china_kazakhstan_portfolio", 66.5, ["224", "66.4"]),
    ("khorgos_dry_port", 4.0, []),
    ("shymkent_refinery", 10.0, ["CNPC"]),
    ("karaganda_coal_chemical", 4.0, []),
    ("crrc_locomotives", 1.3, []),
    ("khorgos_sez_park", 0.692, ["October 2023"]),
    ("tacheng_ayagoz", 0.667, ["2027"]),
    ("eib_dbk_loan", 0.2, ["March 2025"]),
    ("eu_central_asia_package", 12.0, ["April 2025"]),
    ("eu_transport_envelope", 3.0, []),
    ("aktau_container_hub", 0.36, []),
    ("transit_2025", 36.9, ["6.6"]),
    ("transit_2024", 34.6, []),
    ("middle_corridor_2025", 4.119, []),
    ("middle_corridor_capacity", 6.0, []),
    ("cpc_share_of_crude_exports_2023", 0.79, []),
    ("trade_share_eu_2023", 0.30, []),
]


def test_calibration_facts_are_unique_and_sourced():
    facts = calibration_data()["facts"]
    ids = [f["id"] for f in facts]
    assert len(ids) == len(set(ids))
    for item in facts:
        for key in ("id", "value", "unit", "what", "source", "use"):
            assert key in item, (item.get("id"), key)
        assert str(item["source"]).strip()
        assert str(item["what"]).strip()


@pytest.mark.parametrize(("fact_id", "value", "also"), DESIGN_FACTS, ids=[f[0] for f in DESIGN_FACTS])
def test_every_design_fact_is_in_the_calibration_data(fact_id, value, also):
    entry = {f["id"]: f for f in calibration_data()["facts"]}[fact_id]
    assert entry["value"] == value
    assert str(entry["source"]).strip()
    text = f"{entry['what']} {entry['unit']} {entry['source']}"
    for part in also:
        assert part in text, f"{part!r} not in {text!r}"


def test_fact_lookup():
    assert fact("bri_investment_2025") == 25.8
    with pytest.raises(KeyError):
        fact("no_such_fact")


def test_parameter_defaults_follow_the_facts_they_cite():
    assert PARAMETERS["china_ticket"].default == pytest.approx(fact("bri_investment_2025") / 4)
    assert PARAMETERS["stock_china"].default == fact("china_kazakhstan_portfolio")
    assert PARAMETERS["tacheng_ayagoz_gain"].default == fact("tacheng_ayagoz")
    assert PARAMETERS["middle_capacity"].default == fact("middle_corridor_capacity")
    assert PARAMETERS["eu_transport_share"].default == pytest.approx(
        fact("eu_transport_envelope") / fact("eu_central_asia_package"))
    assert PARAMETERS["trade_share_eu"].default == fact("trade_share_eu_2023")
    assert PARAMETERS["trade_share_china"].default == fact("trade_share_china_2023_jan_sep")
    assert PARAMETERS["trade_share_russia"].default == fact("trade_share_russia_2023_jan_sep")
    assert PARAMETERS["debt_china"].default == fact("external_debt_to_china_2025q1")
    assert PARAMETERS["legacy_rate_china"].default == fact("chinese_loan_interest_typical")
    assert PARAMETERS["legacy_rate_eu"].default == fact("oecd_dac_loan_interest_typical")
    assert PARAMETERS["entry_capacity"].default == fact("kz_china_rail_crossings_capacity_2023")
    # Middle Corridor capacity per USD bn: (10 - 6) Mt/yr targeted for 2027 over
    # EUR 3 bn (about USD 3.3 bn) of transport finance -> about 1.2.
    assert PARAMETERS["mc_capacity_per_bn"].default == pytest.approx((10 - 6) / 3.3, rel=0.02)


def test_facts_used_as_parameters_name_existing_parameters():
    for item in calibration_data()["facts"]:
        use = str(item["use"])
        if use.startswith("parameter"):
            named = re.findall(r"[a-z]+(?:_[a-z0-9]+)+", use)
            assert named, item["id"]
            for name in named:
                assert name in PARAMETERS, (item["id"], name)
