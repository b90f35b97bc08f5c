"""Payoff functions against values computed by hand.

Each expected number is written out as arithmetic on the inputs, so a reader
can check it without running hedgesim. Inputs are small and explicit; most
tests use two worlds so that the per-world (row-wise) arithmetic is checked too.
Holders of ``stock`` are (China, EU, Russia, domestic); partners of
``alignment`` are (China, EU, Russia); routes of ``flows`` are (Northern,
Middle, bypass).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.testing import assert_allclose

from hedgesim.game import payoffs


def params(**values: float | list[float]) -> dict[str, np.ndarray]:
    """A parameter dict as the model holds it: one array entry per world."""
    return {name: np.atleast_1d(np.asarray(v, dtype=float)) for name, v in values.items()}


# Two worlds of stock used throughout: world 0 is dominated by China, world 1 is even.
STOCK = np.array([[60.0, 20.0, 20.0, 100.0],
                  [30.0, 30.0, 30.0, 10.0]])
START = dict(stock_china=[60.0, 30.0], stock_eu=[20.0, 30.0], stock_russia=[20.0, 30.0],
             stock_domestic=[100.0, 10.0])


# ------------------------------------------------------------------ shares and HHI
def test_hhi_is_the_sum_of_squared_shares():
    shares = np.array([[0.5, 0.3, 0.2], [1.0, 0.0, 0.0], [0.25, 0.25, 0.5]])
    assert_allclose(payoffs.hhi(shares), [0.38, 1.0, 0.375], rtol=0, atol=1e-15)


def test_foreign_and_control_shares():
    assert_allclose(payoffs.foreign_shares(STOCK), [[0.6, 0.2, 0.2], [1 / 3, 1 / 3, 1 / 3]])
    assert_allclose(payoffs.control_shares(STOCK), [[0.3, 0.1, 0.1], [0.3, 0.3, 0.3]])


def test_concentration_rescales_hhi_from_a_third_to_one():
    assert_allclose(payoffs.concentration(np.array([[1 / 3] * 3, [1.0, 0, 0], [0.5, 0.5, 0]])),
                    [0.0, 1.0, (0.5 - 1 / 3) * 1.5], atol=1e-15)


# ---------------------------------------------------------------------- time
def test_discounted_quarters_of_a_lagged_decaying_stream():
    # H = 4: keep 3/4 a quarter. Persistent from now: 1 / (1 - 3/4) = 4 = H.
    assert_allclose(payoffs.discounted_quarters(np.array([4.0])), [4.0])
    # After 2 quarters: (3/4)^2 * 4 = 2.25.
    assert_allclose(payoffs.discounted_quarters(np.array([4.0]), 2.0), [2.25])
    # Decaying by 1/2 a quarter from now: 1 / (1 - 3/4 * 1/2) = 1.6.
    assert_allclose(payoffs.discounted_quarters(np.array([4.0]), 0.0, 0.5), [1.6])
    # A horizon of one quarter counts only the present quarter.
    assert_allclose(payoffs.discounted_quarters(np.array([1.0]), 0.0), [1.0])


def test_per_quarter():
    assert payoffs.per_quarter(8.0) == 2.0


# ------------------------------------------------------------------ returns
def test_trade_income_is_linear_in_alignment_with_china_market_access():
    alignment = np.array([[0.5, 0.3, 0.2]])
    weights = np.array([[0.2, 0.3, 0.2]])
    income = payoffs.trade_income(alignment, weights, np.array([2.0]), np.array([1.0]))
    # 2 * 0.2 * 0.5 + 1 * 0.5 (access) = 0.7; 2 * 0.3 * 0.3 = 0.18; 2 * 0.2 * 0.2 = 0.08.
    assert_allclose(income, [[0.7, 0.18, 0.08]])
    # Doubling every alignment doubles income: no concave term rewards balance.
    assert_allclose(payoffs.trade_income(2 * alignment, weights, np.array([2.0]), np.array([1.0])),
                    2 * income)


def test_trade_weights_grow_with_infrastructure():
    share = np.array([[0.2, 0.3, 0.2]])
    stock0 = np.array([[50.0, 50.0, 50.0, 0.0]])
    stock = np.array([[200.0, 50.0, 12.5, 0.0]])
    # Growth factors 4, 1, 1/4 raised to 0.5: 2, 1, 1/2.
    assert_allclose(payoffs.trade_weights(share, stock, stock0, np.array([0.5])), [[0.4, 0.3, 0.1]])


def test_transit_revenue_by_route():
    flows = np.array([[8.0, 4.0, 1.0]])
    p = params(tariff_northern=60.0, tariff_middle=80.0, tariff_other=50.0)
    revenue = payoffs.route_revenue(flows, np.array([20.0]), p)
    # USD bn a quarter: tariff * Mt / 1000 / 4. The bypass earns Kazakhstan nothing.
    assert_allclose(revenue, [[60 * 8 / 4000, 80 * 4 / 4000, 50 * 20 / 4000]])


def test_infrastructure_income_diminishes_beyond_the_starting_stock():
    p = params(infrastructure_return=0.08, standards_premium=0.02, norm_transparency_gain=0.04, **START)
    s0 = np.array([200.0, 100.0])
    # At the starting stock: r S0 / 4 + premium * strict / 4 + gain * norm * china / 4.
    income = payoffs.infrastructure_income(s0, np.array([60.0, 30.0]), np.array([10.0, 0.0]),
                                           np.array([0.5, 0.0]), p)
    assert_allclose(income, [(0.08 * 200 + 0.02 * 10 + 0.04 * 0.5 * 60) / 4, 0.08 * 100 / 4])
    # Doubling the stock adds r S0 ln 2, less than doubling the return.
    doubled = payoffs.infrastructure_income(2 * s0, np.zeros(2), np.zeros(2), np.zeros(2), p)
    assert_allclose(doubled, 0.08 * s0 * (1 + math.log(2)) / 4)


def test_holding_income_splits_the_total_return_by_control():
    p = params(infrastructure_return=0.08, **START)
    income = payoffs.holding_income(STOCK, p)
    # At the starting stock the average return is r: 0.08 / 4 per USD bn controlled.
    assert_allclose(income, STOCK[:, :3] * 0.02)


def test_courting_income_is_paid_for_a_step_toward_russia():
    assert_allclose(payoffs.courting_income(np.array([1.0, 1.0, 0.0]), np.array([1.0, 0.0, 1.0]),
                                            np.array([0.3, 0.3, 0.3])), [0.3, 0.0, 0.0])


def test_debt_service_is_the_quarterly_interest_bill():
    assert_allclose(payoffs.debt_service(np.array([[0.4, 0.2]])), [[0.1, 0.05]])


# ------------------------------------------------------------------ exposure
EXPOSURE_P = params(infrastructure_return=0.08, oil_export_value=40.0, cpc_share=0.8,
                    cpc_reroute_share=0.25, binding_dampening=0.5, **START)


def test_exposure_adds_trade_holdings_debt_and_transit_through_each_power():
    trade = np.array([[0.1, 0.2, 0.3], [0.0, 0.0, 0.0]])
    interest = np.array([[0.8, 0.4], [0.0, 0.0]])
    revenue = np.array([[0.12, 0.08, 0.3], [0.0, 0.0, 0.0]])
    exposed = payoffs.exposure(trade, STOCK, interest, revenue, EXPOSURE_P)
    holding = STOCK[:, :3] * 0.02
    oil = 40 * 0.8 / 4  # 8 a quarter through the CPC
    assert_allclose(exposed[0], [0.1 + holding[0, 0] + 0.2 + 0.12 + 0.08,
                                 0.2 + holding[0, 1] + 0.1 + 0.08,
                                 0.3 + holding[0, 2] + 0.12 + oil])
    assert_allclose(exposed[1], [holding[1, 0], holding[1, 1], holding[1, 2] + oil])


def test_vulnerable_exposure_to_russia_shrinks_with_spare_middle_corridor_capacity_and_binding():
    trade = np.array([[0.0, 0.0, 0.2]])
    revenue = np.array([[0.12, 0.08, 0.3]])
    flows = np.array([[8.0, 4.0, 1.0]])
    stock = STOCK[:1]
    p = params(**{k: v[:1] for k, v in EXPOSURE_P.items()})
    oil = 8.0
    no_room = payoffs.vulnerable_to_russia(trade, stock, revenue, flows, np.array([0.0]), np.array([0.0]), p)
    assert_allclose(no_room, [0.2 + 20 * 0.02 + 0.12 + 0.75 * oil])
    # Room for half the Northern cargo on the Middle Corridor halves the Northern part.
    half = payoffs.vulnerable_to_russia(trade, stock, revenue, flows, np.array([4.0]), np.array([0.0]), p)
    assert_allclose(half, no_room - 0.06)
    # Full binding engagement lets through 1 - 0.5.
    bound = payoffs.vulnerable_to_russia(trade, stock, revenue, flows, np.array([0.0]), np.array([1.0]), p)
    assert_allclose(bound, 0.5 * no_room)


def test_vulnerable_exposure_to_china_counts_only_the_cargo_the_bypass_can_take():
    trade = np.array([[0.1, 0.0, 0.0]])
    revenue = np.array([[0.12, 0.08, 0.3]])
    flows = np.array([[8.0, 2.0, 1.0]])
    interest = np.array([[0.4, 0.0]])
    p = params(**{k: v[:1] for k, v in EXPOSURE_P.items()})
    base = 0.1 + 60 * 0.02 + 0.1
    none = payoffs.vulnerable_to_china(trade, STOCK[:1], interest, revenue, flows, np.array([0.0]),
                                       np.array([0.0]), p)
    assert_allclose(none, [base])
    # A bypass with room for 5 of the 10 Mt through Kazakhstan puts half the transit at risk.
    half = payoffs.vulnerable_to_china(trade, STOCK[:1], interest, revenue, flows, np.array([5.0]),
                                       np.array([0.0]), p)
    assert_allclose(half, [base + 0.5 * (0.12 + 0.08)])


# ---------------------------------------------------------------- powers
def test_influence_is_the_mean_of_control_share_and_alignment():
    alignment = np.array([[0.4, 0.4, 0.2], [0.2, 0.2, 0.6]])
    assert_allclose(payoffs.influence(STOCK, alignment),
                    [[0.35, 0.25, 0.15], [0.25, 0.25, 0.45]])
    assert_allclose(payoffs.influence_of(np.array([30.0]), np.array([100.0]), np.array([0.2])), [0.25])


def test_grievances():
    alignment = np.array([[0.2, 0.5, 0.3], [0.4, 0.2, 0.4]])
    # China: its control share (0.3) minus alignment with it, if positive.
    assert_allclose(payoffs.china_grievance(STOCK, alignment), [0.1, 0.0])
    # Russia: EU tilt over Russia (if positive) plus the Middle Corridor's share.
    assert_allclose(payoffs.russia_grievance(alignment, np.array([0.25, 0.1])), [0.2 + 0.25, 0.1])


def test_power_income_by_power():
    p = params(china_funding_cost=0.02, eu_funding_cost=0.01, china_route_value=0.05,
               china_influence_value=4.0, china_compliance_cost=0.04, eu_route_value=0.1,
               eu_influence_value=2.0, eu_standards_value=1.0, russia_route_value=0.02,
               russia_cpc_income=1.2, russia_influence_value=3.0)
    stock = STOCK[:1]
    alignment = np.array([[0.4, 0.4, 0.2]])
    interest, debt = np.array([[0.8, 0.2]]), np.array([[20.0, 10.0]])
    flows = np.array([[8.0, 4.0, 1.0]])
    out = payoffs.power_income(stock, alignment, interest, debt, flows, np.array([0.5]), np.array([0.5]), p)
    china = (0.8 - 0.02 * 20) / 4 + 0.05 * 13 + 4.0 * 0.35 - 0.04 * 0.5 * 60 / 4
    eu = 0.5 * (0.1 * 4 + 2.0 * 0.25 + 1.0 * 0.5) + (0.2 - 0.01 * 10) / 4
    russia = 0.02 * 8 + 1.2 / 4 + 3.0 * 0.15
    assert_allclose(out, [[china, eu, russia]])


def test_coercers_own_losses_grow_with_what_flows_through_them():
    p = params(china_coercion_depth=0.5, china_route_value=0.05, russia_coercion_depth=0.25,
               russia_route_value=0.02, russia_cpc_income=1.2)
    flows = np.array([[8.0, 4.0, 1.0]])
    assert_allclose(payoffs.own_loss_china(np.array([[0.8, 0.2]]), flows, p), [0.5 * (0.2 + 0.05 * 12)])
    assert_allclose(payoffs.own_loss_russia(flows, p), [0.25 * (0.02 * 8 + 0.3)])
