"""Payoff functions against values computed by hand.

Each expected number is written out as arithmetic on the inputs, so a reader
can check it without running hedgesim. Inputs are small and explicit; most
tests use two worlds so that the per-world (row-wise) arithmetic is checked too.
Holders of ``stock`` are (China, EU, Russia, domestic); partners of
``alignment`` are (China, EU, Russia).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from hedgesim.game import payoffs


def params(**values: float | list[float]) -> dict[str, np.ndarray]:
    """A parameter dict as the model holds it: one array entry per world."""
    return {name: np.atleast_1d(np.asarray(v, dtype=float)) for name, v in values.items()}


# Two worlds of stock used throughout: world 0 is dominated by China, world 1 is even.
STOCK = np.array([[60.0, 20.0, 20.0, 100.0],
                  [30.0, 30.0, 30.0, 10.0]])


# ------------------------------------------------------------------ shares and HHI
def test_hhi_is_the_sum_of_squared_shares():
    shares = np.array([[0.5, 0.3, 0.2], [1.0, 0.0, 0.0], [0.25, 0.25, 0.5]])
    expected = [0.5**2 + 0.3**2 + 0.2**2,        # 0.25 + 0.09 + 0.04 = 0.38
                1.0,
                0.0625 + 0.0625 + 0.25]          # 0.375
    assert_allclose(payoffs.hhi(shares), expected, rtol=0, atol=1e-15)
    assert_allclose(expected, [0.38, 1.0, 0.375], atol=1e-15)


def test_foreign_shares_leave_domestic_control_out():
    # World 0: foreign 60 + 20 + 20 = 100 -> (0.6, 0.2, 0.2); the 100 domestic do not count.
    # World 1: 30 + 30 + 30 = 90 -> a third each.
    assert_allclose(payoffs.foreign_shares(STOCK),
                    [[60 / 100, 20 / 100, 20 / 100], [1 / 3, 1 / 3, 1 / 3]], atol=1e-15)


def test_control_shares_count_domestic_control_in_the_total():
    # World 0: total 200 -> (60/200, 20/200, 20/200) = (0.3, 0.1, 0.1), the rest national.
    # World 1: total 100 -> (0.3, 0.3, 0.3).
    shares = payoffs.control_shares(STOCK)
    assert_allclose(shares, [[0.3, 0.1, 0.1], [0.3, 0.3, 0.3]], atol=1e-15)
    assert shares.shape == (2, 3)


def test_concentration_rescales_hhi_from_a_third_to_one():
    shares = np.array([[1 / 3, 1 / 3, 1 / 3], [1.0, 0.0, 0.0], [0.5, 0.3, 0.2]])
    # (HHI - 1/3) * 1.5: even split 0, monopoly (1 - 1/3) * 1.5 = 1,
    # (0.38 - 1/3) * 1.5 = 0.07.
    assert_allclose(payoffs.concentration(shares), [0.0, 1.0, (0.38 - 1 / 3) * 1.5], atol=1e-12)
    assert_allclose((0.38 - 1 / 3) * 1.5, 0.07, atol=1e-12)


def test_dominance_overshoot_is_the_excess_of_the_largest_control_share_over_the_cap():
    # Control shares: world 0 (0.3, 0.1, 0.1), world 1 (0.3, 0.3, 0.3).
    cap = np.array([0.25, 0.25])
    # Both worlds' largest share 0.3 exceeds 0.25 by 0.05.
    assert_allclose(payoffs.dominance_overshoot(STOCK, cap), [0.05, 0.05], atol=1e-12)
    # Under the cap there is no overshoot (never negative).
    assert_allclose(payoffs.dominance_overshoot(STOCK, np.array([0.5, 0.3])), [0.0, 0.0], atol=0)
    # China controls 90 of 100 -> 0.9 - 0.5 = 0.4.
    owned = np.array([[90.0, 5.0, 5.0, 0.0]])
    assert_allclose(payoffs.dominance_overshoot(owned, np.array([0.5])), [0.4], atol=1e-12)


def test_entrapment_is_the_squared_rescaled_lead_of_the_largest_alignment():
    alignment = np.array([[0.5, 0.3, 0.2], [1 / 3, 1 / 3, 1 / 3], [0.0, 1.0, 0.0], [0.2, 0.2, 0.6]])
    expected = [((0.5 - 1 / 3) * 1.5) ** 2,     # 0.25 ** 2 = 0.0625
                0.0,                            # even split
                1.0,                            # full alignment with the EU
                ((0.6 - 1 / 3) * 1.5) ** 2]     # 0.4 ** 2 = 0.16
    assert_allclose(payoffs.entrapment(alignment), expected, atol=1e-12)
    assert_allclose(expected, [0.0625, 0.0, 1.0, 0.16], atol=1e-12)


# ---------------------------------------------------------------- returns
def test_trade_weights_grow_with_infrastructure():
    trade_share = np.array([[0.2, 0.3, 0.5]])
    stock0 = np.array([[50.0, 40.0, 25.0, 20.0]])
    stock = np.array([[200.0, 40.0, 25.0, 20.0]])  # China's stock quadrupled
    # China: 0.2 * 4 ** 0.5 = 0.4; the others unchanged.
    assert_allclose(payoffs.trade_weights(trade_share, stock, stock0, np.array([0.5])),
                    [[0.4, 0.3, 0.5]], atol=1e-15)


def test_trade_returns_value_the_square_root_of_alignment():
    alignment = np.array([[0.36, 0.64, 0.0], [0.25, 0.25, 0.5]])
    weights = np.array([[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]])
    value = np.array([2.0, 1.0])
    expected = [2.0 * (0.2 * 0.6 + 0.3 * 0.8 + 0.5 * 0.0),               # 2 * 0.36 = 0.72
                1.0 * (0.2 * 0.5 + 0.3 * 0.5 + 0.5 * math.sqrt(0.5))]     # 0.25 + 0.3536
    assert_allclose(payoffs.trade_returns(alignment, weights, value), expected, rtol=1e-14)
    assert expected[0] == pytest.approx(0.72)


def test_courting_benefit_is_paid_in_proportion_to_alignment_with_russia():
    alignment = np.array([[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]])
    courting = np.array([1.0, 0.0])
    transfer = np.array([0.1, 0.1])
    # Courting world: 1 * 0.1 * 0.5 = 0.05; no courting, no benefit.
    assert_allclose(payoffs.courting_benefit(alignment, courting, transfer), [0.05, 0.0], atol=1e-15)


def test_transit_revenue_is_tariff_times_annual_tonnes_per_quarter():
    # 36.9 Mt/yr at USD 40/t: 36.9e6 t * 40 USD / 4 quarters = USD 0.369 bn per quarter.
    assert_allclose(payoffs.transit_revenue(np.array([36.9, 0.0]), np.array([40.0, 40.0])),
                    [36.9e6 * 40 / 4 / 1e9, 0.0], rtol=1e-14)
    assert 36.9e6 * 40 / 4 / 1e9 == pytest.approx(0.369)


def test_infrastructure_returns_net_of_loan_costs_on_new_finance():
    p = params(infrastructure_return=[0.08, 0.2], china_loan_cost=[0.03, 0.0],
               eu_loan_cost=[0.01, 0.1])
    financed = np.array([[8.0, 4.0], [0.0, 10.0]])
    # World 0: gross 0.08 / 4 * 200 = 4.0; loans (0.03 * 8 + 0.01 * 4) / 4 = 0.07 -> 3.93.
    # World 1: gross 0.2 / 4 * 100 = 5.0; loans (0 * 0 + 0.1 * 10) / 4 = 0.25 -> 4.75.
    expected = [0.08 / 4 * 200 - (0.03 * 8 + 0.01 * 4) / 4,
                0.2 / 4 * 100 - (0.1 * 10) / 4]
    assert_allclose(payoffs.infrastructure_returns(STOCK, financed, p), expected, rtol=1e-14)
    assert_allclose(expected, [3.93, 4.75], rtol=1e-14)


# ------------------------------------------------------------------ risk
def test_structural_risk_adds_concentration_dominance_and_entrapment():
    alignment = np.array([[0.5, 0.3, 0.2], [1 / 3, 1 / 3, 1 / 3]])
    p = params(coercion_exposure=[1.5, 2.0], dominance_penalty=[10.0, 10.0],
               dominance_cap=[0.25, 0.5], entrapment_weight=[1.0, 3.0])
    # World 0: foreign shares (0.6, 0.2, 0.2): HHI 0.44 -> concentration (0.44 - 1/3) * 1.5 = 0.16;
    #   alignment concentration 0.07; mean (0.16 + 0.07) / 2 = 0.115 -> 1.5 * 0.115 = 0.1725;
    #   dominance: largest control share 0.3 - 0.25 = 0.05 -> 10 * 0.05 = 0.5;
    #   entrapment ((0.5 - 1/3) * 1.5) ** 2 = 0.0625 -> 1 * 0.0625.
    #   Total 0.1725 + 0.5 + 0.0625 = 0.735.
    # World 1: everything even and under the cap -> 0.
    world0 = 1.5 * 0.5 * ((0.44 - 1 / 3) * 1.5 + (0.38 - 1 / 3) * 1.5) + 10 * 0.05 + 1.0 * 0.0625
    assert_allclose(payoffs.structural_risk(STOCK, alignment, p), [world0, 0.0], atol=1e-12)
    assert world0 == pytest.approx(0.735)


def test_expected_pressure_loss_is_dampened_by_binding_engagement():
    p = params(pressure_loss=[1.0, 2.0], concession_loss=[0.3, 0.5], binding_dampening=[0.6, 1.0])
    p_russia = np.array([0.4, 1.0])
    p_china = np.array([0.5, 0.0])
    binding = np.array([0.5, 1.0])
    # World 0: (0.4 * 1 + 0.5 * 0.3) * (1 - 0.6 * 0.5) = 0.55 * 0.7 = 0.385.
    # World 1: full binding engagement with full dampening absorbs everything: 0.
    assert_allclose(payoffs.expected_pressure_loss(p_russia, p_china, binding, p),
                    [(0.4 * 1.0 + 0.5 * 0.3) * (1 - 0.6 * 0.5), 0.0], atol=1e-15)
    assert (0.4 + 0.15) * 0.7 == pytest.approx(0.385)


# ----------------------------------------------------------------- great powers
def test_china_pressure_value_is_stake_times_grievance_net_of_cost():
    alignment = np.array([[0.2, 0.5, 0.3], [0.5, 0.3, 0.2]])
    binding = np.array([0.5, 0.0])
    p = params(china_concession_value=[3.0, 3.0], binding_dampening=[0.6, 0.6],
               china_pressure_cost=[0.25, 0.25])
    # World 0: stake = China's control share 60 / 200 = 0.3; grievance = alignment's
    #   shortfall from the stake, 0.3 - 0.2 = 0.1; dampening 1 - 0.6 * 0.5 = 0.7
    #   -> 3 * 0.3 * 0.1 * 0.7 - 0.25 = 0.063 - 0.25 = -0.187.
    # World 1: alignment with China (0.5) exceeds its stake: grievance 0 -> only the cost, -0.25.
    assert_allclose(payoffs.china_grievance(STOCK, alignment), [0.1, 0.0], atol=1e-15)
    assert_allclose(payoffs.china_pressure_value(STOCK, alignment, binding, p),
                    [3 * 0.3 * 0.1 * 0.7 - 0.25, -0.25], atol=1e-14)
    assert 3 * 0.3 * 0.1 * 0.7 - 0.25 == pytest.approx(-0.187)


def test_russia_pressure_value_is_threat_times_deterrence_net_of_cost_and_transit():
    alignment = np.array([[0.2, 0.5, 0.3], [0.2, 0.3, 0.5]])
    middle_share = np.array([0.25, 0.1])
    binding = np.array([0.5, 0.0])
    northern_at_risk = np.array([0.5, 2.0])
    p = params(russia_deterrence_value=[2.0, 2.0], binding_dampening=[0.6, 0.6],
               russia_pressure_cost=[0.25, 0.25], russia_route_value=[0.02, 0.02])
    # World 0: threat = max(0.5 - 0.3, 0) + 0.25 = 0.45; 2 * 0.45 * 0.7 - 0.25 - 0.02 * 0.5 = 0.37.
    # World 1: no EU tilt over Russia (0.3 < 0.5), threat = 0 + 0.1;
    #   2 * 0.1 * 1 - 0.25 - 0.02 * 2 = -0.09.
    assert_allclose(payoffs.russia_pressure_value(alignment, middle_share, binding, northern_at_risk, p),
                    [2 * 0.45 * 0.7 - 0.25 - 0.01, 2 * 0.1 * 1.0 - 0.25 - 0.04], atol=1e-14)
    assert 2 * 0.45 * 0.7 - 0.25 - 0.01 == pytest.approx(0.37)


def test_planning_value_discounts_a_lagged_persistent_gain():
    # H = 12: (1 - 1/12)^0 * 12 = 12 quarters; after a lag of 4: 12 * (11/12)^4 = 8.4728...
    assert_allclose(payoffs.planning_value(np.array([12.0, 12.0]), np.array([0.0, 4.0])),
                    [12.0, 12 * (11 / 12) ** 4], rtol=1e-15)
    assert 12 * (11 / 12) ** 4 == pytest.approx(8.4728, abs=1e-4)
    # H = 1 values only the present quarter.
    assert_allclose(payoffs.planning_value(np.array([1.0]), np.array([3.0])), [0.0])


def test_russia_courting_value_is_lost_influence_net_of_the_transfer():
    alignment = np.array([[0.3, 0.5, 0.2], [0.2, 0.4, 0.4]])
    alignment0 = np.array([[0.3, 0.4, 0.3], [0.3, 0.4, 0.3]])
    p = params(russia_influence_value=[4.0, 4.0], courting_transfer=[0.1, 0.1])
    # World 0: drift 0.3 - 0.2 = 0.1 -> 4 * 0.1 - 0.1 * 0.2 = 0.38.
    # World 1: alignment with Russia grew (0.4 > 0.3): no drift -> -0.1 * 0.4 = -0.04.
    assert_allclose(payoffs.russia_courting_value(alignment, alignment0, p),
                    [4 * 0.1 - 0.1 * 0.2, -0.1 * 0.4], atol=1e-14)


def test_influence_is_the_mean_of_control_share_and_alignment():
    alignment = np.array([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
    # China in world 0: (0.3 + 0.5) / 2 = 0.4; in world 1: (0.3 + 0.2) / 2 = 0.25.
    assert_allclose(payoffs.influence(STOCK, alignment, payoffs.CHINA), [0.4, 0.25], atol=1e-15)
    # Russia in world 1: (0.3 + 0.5) / 2 = 0.4.
    assert_allclose(payoffs.influence(STOCK, alignment, payoffs.RUSSIA)[1], 0.4, atol=1e-15)


def test_dampening_lets_through_what_binding_engagement_does_not_absorb():
    p = params(binding_dampening=[0.6, 0.0])
    # 1 - 0.6 * 0.5 = 0.7; without dampening everything gets through.
    assert_allclose(payoffs.dampening(np.array([0.5, 0.9]), p), [0.7, 1.0], atol=1e-15)
