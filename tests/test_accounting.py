"""Accounting identities: every reported payoff and index recomputed from its documented parts.

Each test runs a small batch (a dozen worlds, a few years) whose worlds differ in the
parameters that weigh the parts, and recomputes a column from other columns and the
parameters with the formulas of the docstrings and ``docs/odd.md`` (``replay.Replay``,
which shares no code with the model). A term dropped, counted twice, weighted by the wrong
parameter or read a quarter late shows up as a mismatch. Each test also checks that the
parts it sums are not all zero, so that it cannot pass by having nothing to add.
"""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose
from replay import CHINA, EU, RUSSIA, TILT_RUSSIA, Replay, engagement, hhi

TOL = dict(rtol=1e-10, atol=1e-12)

# Twelve worlds that exercise every part: low rationality (so that coercion happens and is
# both conceded and resisted), China's market access, courting, strict-standard premia,
# short build lags (so that this quarter's commitments complete within the run), and
# risk weights from 0 to the top of the range.
RICH = dict(
    rationality=[1.0, 2.0, 5.0, 20.0] * 3,
    risk_weight=[0.0, 0.5, 1.0, 2.0, 3.5, 5.0] * 2,
    china_market_access=[0.0, 0.4, 1.0] * 4,
    courting_transfer=[0.2, 1.0, 2.0] * 4,
    standards_premium=0.04,
    norm_transparency_gain=0.03,
    china_build_lag=[1, 2, 3, 4] * 3,
    eu_build_lag=[2, 3, 4] * 4,
    esg_rigidity=[0.0, 0.5, 1.0, 0.25] * 3,
    china_holdup=[0.0, 0.1, 0.3, 0.5] * 3,
    russia_holdup=[0.3, 0.05, 0.0] * 4,
    china_coercion_cost=[0.2, 0.5, 1.0] * 4,
    russia_coercion_cost=[0.3, 1.78, 0.5, 1.0] * 3,
)


def rich(**overrides) -> Replay:
    return Replay(worlds=12, quarters=14, **{**RICH, **overrides})


def test_utility_is_returns_minus_risk_weight_times_risk():
    run = rich()
    rho = run.p("risk_weight")[None, :]
    assert_allclose(run["utility"], run["returns"] - rho * run["risk"], **TOL)
    # Risk is material in the worlds where rho is not zero, so a utility that ignored rho
    # (or the risk) would differ.
    assert (run["risk"][:, rho[0] > 0].mean(axis=0) > 0.01).sum() >= 8


def test_risk_is_the_sum_of_the_expected_losses_from_china_and_russia():
    run = rich()
    assert_allclose(run["risk"], run["risk_china"] + run["risk_russia"], **TOL)
    assert (run["risk_china"] > 0).mean() > 0.5 and (run["risk_russia"] > 0).mean() > 0.5


def test_cumulative_utility_is_the_running_sum_of_utility():
    run = rich()
    assert_allclose(run["cumulative_utility"], np.cumsum(run["utility"], axis=0), **TOL)


def test_returns_are_the_sum_of_their_documented_parts():
    """Infrastructure income (diminishing return on all of it, the strict-standards premium, the
    transparency gain on Chinese stock) - interest + transit by route + trade tied to alignment
    + EAEU courting benefits for a step toward Russia - binding effort."""
    run = rich()
    assert_allclose(run["returns"], run.returns(), **TOL)
    # Every part is present somewhere in the run.
    assert run.strict_stock()[-1].min() > 0 and run["norm_level"].min() > 0
    assert ((run["russian_courting"] == 1) & (run["alignment_move"] == TILT_RUSSIA)).any()
    assert (run["binding_effort"] > 0).any() and (run.interest > 0).all()


def test_returns_at_other_tariffs_returns_and_trade_values():
    run = Replay(worlds=6, quarters=8, tariff_northern=[0.0, 120.0, 30.0] * 2,
                 tariff_middle=[200.0, 0.0, 75.0] * 2, tariff_other=[10.0, 150.0] * 3,
                 infrastructure_return=[0.0, 0.3, 0.05] * 2, alignment_trade_value=[0.0, 10.0, 3.0] * 2,
                 trade_infrastructure_elasticity=[0.0, 1.0] * 3, binding_cost=[0.5, 0.0, 0.2] * 2,
                 loan_share=[1.0, 0.0, 0.3] * 2, debt_amortisation=[0.0, 0.3, 0.1] * 2)
    assert_allclose(run["returns"], run.returns(), **TOL)


def test_transit_is_other_transit_plus_the_northern_route_and_the_middle_corridor():
    run = Replay(worlds=4, quarters=10, other_transit=[24.78, 0.0, 40.0, 10.0],
                 other_transit_growth=[0.05, 0.2, -0.1, 0.0])
    years = (run.t - 2.5) / 4.0  # from mid-2025 to the middle of quarter t
    other = run.p("other_transit") * (1.0 + run.p("other_transit_growth")) ** years
    assert_allclose(run["transit_mt"], other + run["northern_mt"] + run["middle_corridor_mt"], **TOL)
    assert (run["bypass_mt"] > 0).all()  # the bypass carries cargo, but not through Kazakhstan


def test_hedging_index_is_the_mean_of_pragmatism_binding_dominance_score_and_alignment_balance():
    run = rich(dominance_cap=[0.3, 0.5, 0.9] * 4, strategy=["free", "hedge", "bandwagon_china"] * 4)
    taken = engagement(run)
    pragmatism = np.sqrt(taken[..., 0] * taken[..., 1])
    assert_allclose(run["economic_pragmatism"], pragmatism, **TOL)
    alignment = run.alignment()
    balance = 1.0 - 1.5 * (hhi(alignment) - 1.0 / 3.0)
    assert_allclose(run["alignment_balance"], balance, **TOL)
    stock = run.stock()
    largest = stock[..., :3].max(axis=-1) / stock.sum(axis=-1)
    cap = run.p("dominance_cap")
    score = 1.0 - np.maximum(largest - cap, 0.0) / (1.0 - cap)
    expected = (pragmatism + run["binding_engagement"] + score + balance) / 4.0
    assert_allclose(run["hedging_index"], expected, **TOL)
    # The four parts differ from each other, so a missing or repeated part changes the mean.
    parts = np.stack([pragmatism, run["binding_engagement"], score, balance])
    assert np.ptp(parts, axis=0).min() > 0.01
    assert (score < 1.0).any()  # the cap binds somewhere (cap 0.3)


def test_dominance_denial_dependency_hhi_and_the_largest_external_share_come_from_the_stocks():
    run = Replay(worlds=6, quarters=6, dominance_cap=[0.3, 0.32, 0.35, 0.5, 0.7, 0.9],
                 stock_china=[66.5, 150.0, 30.0, 10.0, 200.0, 66.5], stock_domestic=[20.0, 0.0, 100.0] * 2)
    stock = run.stock()
    largest = stock[..., :3].max(axis=-1) / stock.sum(axis=-1)
    assert_allclose(run["max_external_share"], largest, **TOL)
    foreign = stock[..., :3] / stock[..., :3].sum(axis=-1, keepdims=True)
    assert_allclose(run["dependency_hhi"], hhi(foreign), **TOL)
    denial = (largest <= run.p("dominance_cap")).astype(float)
    assert_allclose(run["dominance_denial"], denial, rtol=0, atol=0)
    assert 0 < denial.mean() < 1


def test_the_powers_utilities_from_their_documented_terms():
    """China: net interest on its loans, its overland exports on every route, influence, minus
    the cost of meeting EU norms on the stock it controls and of its equity in this quarter's
    commitments, plus the value of its coercion subgame. The EU, scaled by its interest: Middle
    Corridor throughput, influence, its standards; plus net interest, minus its equity. Russia:
    Northern rent, CPC income, influence, plus its coercion value, minus courting benefits paid."""
    run = rich(eu_interest_decline=[0.0, 0.5, 0.2] * 4, china_compliance_cost=0.05)
    stock, alignment = run.stock(), run.alignment()
    total = stock.sum(axis=-1)
    influence = 0.5 * (stock[..., :3] / total[..., None] + alignment)
    flows = run.flows()
    equity = 1.0 - run.p("loan_share")
    iota = run.p("eu_interest") * (1.0 - run.p("eu_interest_decline")) ** ((run.t - 1) / 4.0)
    assert_allclose(run["eu_interest"], np.broadcast_to(iota, run["eu_interest"].shape), **TOL)
    china = ((run.interest[CHINA] - run.p("china_funding_cost") * run.debt[CHINA]) / 4.0
             + run.p("china_route_value") * flows.sum(axis=-1)
             + run.p("china_influence_value") * influence[..., CHINA]
             - run.p("china_compliance_cost") * run["norm_level"] * stock[..., CHINA] / 4.0
             - run.p("china_investment_cost") * equity * run["committed_china"])
    eu = (iota * (run.p("eu_route_value") * flows[..., 1] + run.p("eu_influence_value") * influence[..., EU]
                  + run.p("eu_standards_value") * run["norm_level"])
          + (run.interest[EU] - run.p("eu_funding_cost") * run.debt[EU]) / 4.0
          - run.p("eu_investment_cost") * equity * run["committed_eu"])
    courting = (run.p("courting_transfer") * run["russian_courting"] * (run["alignment_move"] == TILT_RUSSIA))
    russia = (run.p("russia_route_value") * flows[..., 0] + run.p("russia_cpc_income") / 4.0
              + run.p("russia_influence_value") * influence[..., RUSSIA] - courting)
    assert_allclose(run["utility_eu"], eu, **TOL)
    # The coercion subgames' values, replayed from quarter 2 on.
    subgames = run.coercion()
    coerce = {power: subgames[power]["p_coerce"] * subgames[power]["value"] for power in ("china", "russia")}
    assert_allclose(run["utility_china"][1:], china[1:] + coerce["china"], **TOL)
    assert_allclose(run["utility_russia"][1:], russia[1:] + coerce["russia"], **TOL)
    assert np.abs(coerce["china"]).max() > 1e-3 and np.abs(coerce["russia"]).max() > 1e-3


def test_without_coercion_the_powers_utilities_have_no_coercion_term_from_the_first_quarter():
    run = rich(china_strategy="market", russia_strategy="court")
    stock, alignment = run.stock(), run.alignment()
    influence = 0.5 * (stock[..., :3] / stock.sum(axis=-1, keepdims=True) + alignment)
    flows = run.flows()
    china = ((run.interest[CHINA] - run.p("china_funding_cost") * run.debt[CHINA]) / 4.0
             + run.p("china_route_value") * flows.sum(axis=-1)
             + run.p("china_influence_value") * influence[..., CHINA]
             - run.p("china_compliance_cost") * run["norm_level"] * stock[..., CHINA] / 4.0
             - run.p("china_investment_cost") * (1.0 - run.p("loan_share")) * run["committed_china"])
    courting = (run.p("courting_transfer") * run["russian_courting"] * (run["alignment_move"] == TILT_RUSSIA))
    russia = (run.p("russia_route_value") * flows[..., 0] + run.p("russia_cpc_income") / 4.0
              + run.p("russia_influence_value") * influence[..., RUSSIA] - courting)
    assert_allclose(run["utility_china"], china, **TOL)
    assert_allclose(run["utility_russia"], russia, **TOL)
    assert courting.max() > 0
    assert run["p_pressure_china"].max() == 0.0 and run["p_pressure_russia"].max() == 0.0
    assert run["risk"].max() == 0.0


def test_exposure_to_each_power_after_kazakhstans_move():
    """Trade tied to alignment with the power, the return on the infrastructure it controls, the
    interest owed to it, and the transit and exports through it (China: Northern and Middle; EU:
    Middle; Russia: Northern and CPC oil), on last quarter's state and the alignment after the move."""
    run = rich(cpc_share=[0.8, 0.0, 1.0] * 4, oil_export_value=[39.0, 120.0, 0.0, 60.0] * 3)
    subgames = run.coercion()
    for power in ("china", "eu", "russia"):
        assert_allclose(run[f"exposure_{power}"][1:], subgames[power]["exposure"], **TOL)


def test_the_coercion_subgames_on_the_state_kazakhstans_move_leaves():
    """Each power's probability of coercing, Kazakhstan's probability of conceding and its
    expected loss (the risk), replayed from the unprotected part of its exposure."""
    run = rich(binding_dampening=[0.0, 0.6, 1.0] * 4, cpc_reroute_share=[0.1, 0.9] * 6,
               sovereignty_cost=[0.5, 0.0, 2.0, 5.0] * 3, concession_step=[0.03, 0.1] * 6,
               backlash_step=[0.1, 0.02, 0.0] * 4)
    subgames = run.coercion()
    for power in ("china", "russia"):
        game = subgames[power]
        assert_allclose(run[f"p_pressure_{power}"][1:], game["p_coerce"], **TOL)
        assert_allclose(run[f"p_concede_{power}"][1:], game["p_concede"], **TOL)
        assert_allclose(run[f"risk_{power}"][1:], game["risk"], **TOL)
        spread = game["p_concede"]
        assert spread.min() < 0.4 and spread.max() > 0.6  # both answers are likely somewhere


def test_realised_coercion_losses_are_the_rent_conceded_or_the_damage_resisted():
    run = rich()
    subgames = run.coercion()
    realised = np.zeros_like(run["coercion_losses"][1:])
    for power, pressure, conceded in (("china", "chinese_pressure", "concessions_china"),
                                      ("russia", "russian_pressure", "concessions_russia")):
        coerced = run[pressure][1:] == 1
        gave_in = run[conceded][1:] == 1
        assert not (gave_in & ~coerced).any()  # a concession only where coerced
        realised += np.where(gave_in, subgames[power]["rent"], 0.0)
        realised += np.where(coerced & ~gave_in, subgames[power]["damage"], 0.0)
        assert gave_in.any() and (coerced & ~gave_in).any()
    assert_allclose(run["coercion_losses"][1:], realised, **TOL)
    # Realised losses are not in returns (they are the risk's realisation: no double count).
    assert_allclose(run["returns"], run.returns(), **TOL)


def test_capacities_grow_with_completed_transport_investment_and_the_scheduled_openings():
    run = Replay(worlds=4, quarters=14, bypass_opening_year=[2026.0, 2027.5, 2040.0, 2028.0],
                 china_capacity_per_bn=[1.0, 0.0, 5.0, 2.0], mc_capacity_per_bn=[1.2, 5.0, 0.0, 2.0],
                 tacheng_ayagoz_gain=[0.667, 0.0, 1.0, 0.5], china_build_lag=2, eu_build_lag=2)
    financed = np.cumsum(run.completed, axis=1)                     # volume completed so far
    opened = (run.t >= 12).astype(float)                            # Tacheng-Ayagoz, 2027Q4
    entry = (run.p("entry_capacity") * (1.0 + run.p("tacheng_ayagoz_gain") * opened)
             + run.p("china_capacity_per_bn") * run.p("china_transport_share") * financed[CHINA])
    middle = run.p("middle_capacity") + run.p("mc_capacity_per_bn") * run.p("eu_transport_share") * financed[EU]
    year = 2025.0 + (run.t - 1) / 4.0
    bypass = run.p("bypass_capacity") + run.p("bypass_rail_capacity") * (year >= run.p("bypass_opening_year"))
    assert_allclose(run["entry_capacity_mt"], entry, **TOL)
    assert_allclose(run["middle_capacity_mt"], middle, **TOL)
    assert_allclose(run["bypass_capacity_mt"], bypass, **TOL)


def test_exogenous_trends_demand_sanctions_and_unserved_cargo():
    run = Replay(worlds=4, quarters=9, demand_volatility=0.0, overland_demand_growth=[0.03, 0.2, -0.1, 0.0],
                 sanctions_level=[1.0, 0.5, 0.0, 0.8], sanctions_relief=[0.0, 0.5, 0.3, 1.0])
    years = (run.t - 2.5) / 4.0
    demand = run.p("overland_demand") * (1.0 + run.p("overland_demand_growth")) ** years
    assert_allclose(run["overland_demand_mt"], demand, **TOL)
    sanctions = run.p("sanctions_level") * (1.0 - run.p("sanctions_relief")) ** ((run.t - 1) / 4.0)
    assert_allclose(run["sanctions"], sanctions, **TOL)
    assert_allclose(run["unserved_mt"], run["overland_demand_mt"] - run.flows().sum(axis=-1), **TOL)


def test_route_flows_follow_the_route_choice_model_from_the_opening_equilibrium():
    """Flows replayed from the generalised costs (base, harmonisation, sanctions and pressure
    premia, congestion of last quarter's flows), logit shares with half the cargo re-routing, and
    the capacity assignment; in worlds where the Middle Corridor or the border binds too."""
    run = rich(harmonisation_saving=[30.0, 150.0, 0.0, 60.0] * 3, middle_capacity=[6.0, 1.0, 30.0] * 4,
               entry_capacity=[28.0, 5.0, 80.0, 10.0] * 3, sanctions_relief=[0.0, 0.5] * 6,
               pressure_transit_premium=[20.0, 200.0, 0.0] * 4, congestion_cost=[100.0, 500.0, 0.0, 250.0] * 3,
               route_dispersion=[60.0, 5.0, 300.0] * 4, demand_volatility=0.2)
    assert_allclose(run.flows(), run.routes(), rtol=1e-9, atol=1e-12)
    flows = run.flows()
    assert np.isclose(flows[..., 1], run["middle_capacity_mt"]).any()                      # the Middle binds
    assert np.isclose(flows[..., 0] + flows[..., 1], run["entry_capacity_mt"]).any()       # the border binds
    assert (run["russian_pressure"] == 1).any()
