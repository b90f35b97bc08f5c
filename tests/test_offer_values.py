"""The stage game's valuation of each offer, recomputed from the frozen state by hand.

``test_stage_game.py`` checks that the solver lays out and combines its nodes as a
brute-force enumeration does, taking each project's present values and risk changes as
given. Here those building blocks are recomputed from the documented formulas
(``stage_game.StageGame.projects``, ``china_risk``, ``russia_risk``, ``payoffs.py``):
what a Chinese or EU offer is worth to Kazakhstan and to the investor under each answer,
and how much it changes Kazakhstan's expected loss from China's or Russia's coercion.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from replay import CHINA, DOMESTIC, EU, subgames

from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import PARAMETERS

TOL = dict(rtol=1e-10, atol=1e-12)
WORLDS = 4
PARAMS = dict(
    planning_horizon=[12, 4, 40, 7], china_build_lag=[4, 1, 9, 2], eu_build_lag=[6, 2, 3, 5],
    esg_rigidity=[0.5, 1.5, 0.0, 2.0], dilution_keep=[0.8, 0.4, 1.0, 0.6],
    joint_venture_foreign_share=[0.49, 0.2, 0.9, 0.3], loan_share=[0.5, 1.0, 0.2, 0.7],
    debt_amortisation=[0.07, 0.3, 0.0, 0.12], norm_transparency_gain=[0.01, 0.05, 0.0, 0.03],
    standards_premium=[0.01, 0.05, 0.02, 0.0], china_compliance_cost=[0.01, 0.1, 0.05, 0.0],
    eu_interest_decline=[0.0, 0.5, 0.2, 0.1], norm_initial=[0.2, 0.7, 0.0, 0.5],
    rationality=[20.0, 5.0, 2.0, 40.0], china_holdup=[0.1, 0.3, 0.0, 0.5],
)


def param(name: str) -> np.ndarray:
    value = PARAMS.get(name, PARAMETERS[name].default)
    if PARAMETERS[name].kind == "choice":
        return np.broadcast_to(np.asarray(value, dtype=object), (WORLDS,))
    return np.broadcast_to(np.asarray(value, dtype=float), (WORLDS,)).astype(float)


def solved(quarters: int = 5):
    """A model after ``quarters`` quarters, its frozen state and the stage game solved on it."""
    model = HedgingModel(worlds=WORLDS, rng=[3, 4, 5, 6], **PARAMS)
    for _ in range(quarters):
        model.step()
    state = model.state_now()
    model.stage.solve(state)
    return model, state


def discounted(horizon, lag, decay=0.0):
    """Quarters' worth of a per-quarter amount starting after ``lag`` and shrinking by ``decay``,
    discounted at 1 / H: sum_{k >= lag} (1 - 1/H)^k (1 - decay)^(k - lag)."""
    keep = 1.0 - 1.0 / horizon
    return keep ** lag / (1.0 - keep * (1.0 - decay))


def shares_by_answer():
    """Share of an offer that goes ahead and share the investor controls, (3 answers, worlds)."""
    keep, foreign = param("dilution_keep"), param("joint_venture_foreign_share")
    return (np.stack([np.ones(WORLDS), keep, np.zeros(WORLDS)]),
            np.stack([np.ones(WORLDS), keep * foreign, np.zeros(WORLDS)]))


def lags():
    strict = np.floor(param("eu_build_lag") * (1 + param("esg_rigidity")) + 0.5)
    return param("china_build_lag"), param("eu_build_lag"), strict


@pytest.mark.parametrize("quarters", [0, 5])
def test_what_each_chinese_offer_is_worth_under_each_answer(quarters):
    model, s = solved(quarters)
    china = model.stage.projects(s, 0)
    kept, controlled = shares_by_answer()
    size = np.array([0.0, 0.5, 1.0])[:, None, None] * param("china_ticket")       # (offers, 1, W)
    volume, control = size * kept[None], size * controlled[None]
    assert_allclose(china.volume, volume, **TOL)
    assert_allclose(china.control, control, **TOL)
    H, lag = param("planning_horizon"), lags()[0]
    quarters_from_completion = discounted(H, lag)
    assert_allclose(china.quarters, np.broadcast_to(quarters_from_completion, (3, WORLDS)), **TOL)
    whole = s.projected_stock.sum(axis=1)
    s0 = sum(param(f"stock_{h}") for h in ("china", "eu", "russia", "domestic"))
    # Kazakhstan: the added return on all infrastructure (r S0 ln((S + v) / S)), the transparency
    # gain on the stock China controls, and the transit the added entry capacity carries at the
    # border's current load, priced at the current revenue per tonne through Kazakhstan.
    income = (param("infrastructure_return") * s0 * np.log((whole + volume) / whole)
              + param("norm_transparency_gain") * s.norm * control) / 4.0
    north, middle = s.flows[:, 0], s.flows[:, 1]
    load = np.clip((north + middle) / s.entry_capacity, 0.0, 1.0)
    carried = volume * param("china_capacity_per_bn") * param("china_transport_share") * load
    per_mt = (param("tariff_northern") * north + param("tariff_middle") * middle) / 4000.0 / (north + middle)
    assert_allclose(china.kazakh, quarters_from_completion * (income + carried * per_mt), **TOL)
    # China: influence (mean of control share and alignment), its cargo, minus the cost of EU norms,
    # of its funds on the loan and of its equity.
    held = s.projected_stock[:, CHINA]
    sway = 0.5 * ((held + control) / (whole + volume) - held / whole)
    own = (param("china_influence_value") * sway + param("china_route_value") * carried
           - param("china_compliance_cost") * s.norm * control / 4.0)
    annuity = volume * param("loan_share") * discounted(H, lag, param("debt_amortisation") / 4.0) / 4.0
    assert_allclose(china.annuity, annuity, **TOL)
    power = (quarters_from_completion * own - param("china_funding_cost") * annuity
             - param("china_investment_cost") * (1.0 - param("loan_share")) * volume)
    assert_allclose(china.power, power, **TOL)
    assert (np.abs(china.kazakh[1:, :2]) > 1e-3).all() and (np.abs(china.power[1:, :2]) > 1e-4).all()


@pytest.mark.parametrize("quarters", [0, 5])
def test_what_each_eu_offer_is_worth_under_each_answer(quarters):
    model, s = solved(quarters)
    eu = model.stage.projects(s, 1)
    kept, controlled = shares_by_answer()
    size = np.array([0.0, 1.0, 1.0])[:, None, None] * param("eu_ticket")          # none, relaxed, strict
    strict = np.array([0.0, 0.0, 1.0])[:, None, None]
    volume, control = size * kept[None], size * controlled[None]
    assert_allclose(eu.volume, volume, **TOL)
    assert_allclose(eu.control, control, **TOL)
    H = param("planning_horizon")
    _, relaxed_lag, strict_lag = lags()
    lag = np.stack([relaxed_lag, relaxed_lag, strict_lag])                          # (offers, W)
    quarters_from_completion = discounted(H, lag)
    assert_allclose(eu.quarters[1:], quarters_from_completion[1:], **TOL)
    whole = s.projected_stock.sum(axis=1)
    s0 = sum(param(f"stock_{h}") for h in ("china", "eu", "russia", "domestic"))
    income = (param("infrastructure_return") * s0 * np.log((whole + volume) / whole)
              + param("standards_premium") * volume * strict) / 4.0
    load = np.clip(s.flows[:, 1] / s.route_capacity[:, 1], 0.0, 1.0)
    carried = volume * param("mc_capacity_per_bn") * param("eu_transport_share") * load
    transit = param("tariff_middle") * carried / 4000.0
    assert_allclose(eu.kazakh, quarters_from_completion[:, None] * (income + transit), **TOL)
    held = s.projected_stock[:, EU]
    sway = 0.5 * ((held + control) / (whole + volume) - held / whole)
    norm_gain = param("norm_growth") * volume * strict / param("eu_ticket") * (1.0 - s.norm)
    # The state is frozen at step t = quarters, whose EU interest has waned for (t - 1) / 4 years.
    interest = param("eu_interest") * (1 - param("eu_interest_decline")) ** (max(quarters - 1, 0) / 4.0)
    own = interest * (param("eu_influence_value") * sway + param("eu_route_value") * carried
                      + param("eu_standards_value") * norm_gain)
    annuity = volume * param("loan_share") * discounted(H, lag, param("debt_amortisation") / 4.0)[:, None] / 4.0
    assert_allclose(eu.annuity, annuity, **TOL)
    power = (quarters_from_completion[:, None] * own - param("eu_funding_cost") * annuity
             - param("eu_investment_cost") * (1.0 - param("loan_share")) * volume)
    assert_allclose(eu.power, power, **TOL)
    assert (np.abs(eu.kazakh[1:, :2]) > 1e-4).all()
    assert not np.allclose(eu.kazakh[1], eu.kazakh[2])  # strict and relaxed differ


def state_dict(s, **changes):
    state = dict(stock=s.stock, interest=np.moveaxis(s.interest, -1, 0), flows=s.flows,
                 bypass_capacity=s.route_capacity[:, 2], middle_capacity=s.route_capacity[:, 1],
                 alignment=s.alignment, binding=s.binding)
    state.update(changes)
    return state


def weights(s):
    share = np.stack([param("trade_share_china"), param("trade_share_eu"), param("trade_share_russia")], axis=-1)
    return share * (s.stock[:, :3] / s.stock0[:, :3]) ** param("trade_infrastructure_elasticity")[:, None]


@pytest.mark.parametrize("quarters", [0, 5])
def test_how_a_chinese_project_changes_the_expected_loss_from_chinas_coercion(quarters):
    """Once completed at annual rate r: China controls its controlled part, the rest is national,
    and Kazakhstan owes China r * loan_share * volume more interest a year."""
    model, s = solved(quarters)
    stage = model.stage
    china = stage.projects(s, 0)
    initial = np.stack([param("stock_china"), param("stock_eu"), param("stock_russia"), param("stock_domestic")], 1)
    now = subgames(state_dict(s), param, weights(s), initial)["china"]["risk"]
    assert_allclose(stage.china_coercion(s, s.alignment, s.binding).kazakh_loss, now, **TOL)
    rate = np.array([0.03, 0.08, 0.0, 0.05])
    change = stage.china_risk(s, china, rate, now)
    expected = np.zeros((3, 3, WORLDS))
    for offer in range(3):
        for answer in range(3):
            stock = s.stock.copy()
            stock[:, CHINA] += china.control[offer, answer]
            stock[:, DOMESTIC] += china.volume[offer, answer] - china.control[offer, answer]
            interest = np.moveaxis(s.interest, -1, 0).copy()
            interest[CHINA] += rate * param("loan_share") * china.volume[offer, answer]
            after = subgames(state_dict(s, stock=stock, interest=interest), param, weights(s), initial)
            expected[offer, answer] = after["china"]["risk"] - now
    assert_allclose(change, expected, rtol=1e-9, atol=1e-12)
    assert np.abs(expected[1:, :2]).max(axis=-1).min() > 1e-4 and (expected[0] == 0).all() and (expected[:, 2] == 0).all()


@pytest.mark.parametrize("quarters", [0, 5])
def test_how_an_eu_project_changes_the_expected_loss_from_russias_coercion(quarters):
    """An EU project adds Middle Corridor capacity (its transport share times the capacity per USD
    bn): room to reroute Northern cargo, and a larger Middle Corridor share for Russia to resent."""
    model, s = solved(quarters)
    stage = model.stage
    eu = stage.projects(s, 1)
    initial = np.stack([param("stock_china"), param("stock_eu"), param("stock_russia"), param("stock_domestic")], 1)
    now = subgames(state_dict(s), param, weights(s), initial)["russia"]["risk"]
    assert_allclose(stage.russia_coercion(s, s.alignment, s.binding).kazakh_loss, now, **TOL)
    change = stage.russia_risk(s, eu, now)
    gain = eu.volume * param("mc_capacity_per_bn") * param("eu_transport_share")
    after = subgames(state_dict(s), param, weights(s), initial, middle_gain=gain)["russia"]["risk"]
    assert_allclose(change, after - now, rtol=1e-9, atol=1e-12)
    assert np.abs(after - now)[1:, :2].max(axis=-1).min() > 1e-6
