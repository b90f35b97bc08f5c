"""The corridor sub-model: logit route shares, BPR congestion, capacity-constrained flows."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from hedgesim.game import corridors
from hedgesim.game.corridors import BYPASS, MIDDLE, NORTHERN
from hedgesim.game.model import HedgingModel


# ----------------------------------------------------------------- route choice
def test_route_shares_are_a_multinomial_logit_on_cost():
    cost = np.array([[10.0, 20.0, 0.0], [-100.0, -100.0, 50.0]])
    dispersion = np.array([10.0, 50.0])
    # World 0: weights exp(-1), exp(-2), exp(0).
    w0 = [math.exp(-1.0), math.exp(-2.0), 1.0]
    # World 1: weights exp(2), exp(2), exp(-1).
    w1 = [math.exp(2.0), math.exp(2.0), math.exp(-1.0)]
    expected = [[w / sum(w0) for w in w0], [w / sum(w1) for w in w1]]
    assert_allclose(corridors.route_shares(cost, dispersion), expected, rtol=1e-14)


def test_route_shares_log_odds_are_cost_differences_over_dispersion():
    cost = np.array([[-289.18, -127.1, 0.0]])
    shares = corridors.route_shares(cost, np.array([60.0]))
    # ln(P_n / P_m) = -(c_n - c_m) / dispersion = (289.18 - 127.1) / 60.
    assert math.log(shares[0, 0] / shares[0, 1]) == pytest.approx((289.18 - 127.1) / 60.0, rel=1e-12)


def test_congestion_is_bpr_with_power_four():
    # 100 USD/t at capacity; half full: 100 * 0.5 ** 4 = 6.25; full: 100; 1.2x over: 100 * 1.2 ** 4.
    assert_allclose(corridors.congestion(np.array([5.0, 10.0, 12.0, 0.0]), np.array([10.0] * 4),
                                         np.array([100.0] * 4)),
                    [6.25, 100.0, 100 * 1.2**4, 0.0], rtol=1e-14)


def test_congestion_with_zero_capacity_stays_finite_for_zero_flow():
    assert corridors.congestion(np.array([0.0]), np.array([0.0]), np.array([100.0]))[0] == 0.0


def test_generalised_costs_add_route_and_shared_entry_congestion():
    base = np.array([[-100.0, -50.0, 0.0]])
    premia = np.array([[120.0, 0.0, 0.0]])
    flows = np.array([[10.0, 3.0, 0.5]])
    capacity = np.array([[20.0, 6.0, 1.0]])
    entry = np.array([26.0])
    cost = corridors.generalised_costs(base, premia, flows, capacity, entry, np.array([100.0]))
    entry_congestion = 100 * ((10 + 3) / 26) ** 4          # 100 * 0.5 ** 4 = 6.25
    expected = [-100 + 120 + 100 * 0.5**4 + entry_congestion,   # Northern: 26.25
                -50 + 0 + 100 * 0.5**4 + entry_congestion,      # Middle: -37.5
                0 + 0 + 100 * 0.5**4]                           # bypass: no entry congestion
    assert_allclose(cost, [expected], rtol=1e-14)


def test_raising_the_northern_risk_premium_raises_the_middle_share():
    """Redundancy: pressure on the Northern route shifts cargo to the Middle Corridor."""
    base = np.tile([-289.18, -127.1, 0.0], (5, 1))
    premia = np.zeros((5, 3))
    premia[:, NORTHERN] = [0.0, 60.0, 120.0, 140.0, 300.0]
    shares = corridors.route_shares(base + premia, np.full(5, 60.0))
    assert np.all(np.diff(shares[:, MIDDLE]) > 0)
    assert np.all(np.diff(shares[:, NORTHERN]) < 0)
    # The logit keeps the Middle : bypass ratio (independence of irrelevant alternatives).
    assert_allclose(shares[:, MIDDLE] / shares[:, BYPASS], math.exp(127.1 / 60.0), rtol=1e-12)


def test_pressure_premium_raises_the_middle_corridor_share_in_the_model():
    """Redundancy in the full model: more Northern risk, a larger Middle Corridor share."""
    calm = HedgingModel(rng=3, sanctions_premium=60.0)
    tense = HedgingModel(rng=3, sanctions_premium=200.0)
    assert tense.route_share[0, MIDDLE] > calm.route_share[0, MIDDLE]
    assert tense.flows[0, MIDDLE] > calm.flows[0, MIDDLE]
    assert tense.flows[0, NORTHERN] < calm.flows[0, NORTHERN]


# ------------------------------------------------------------------ flow assignment
def test_assign_flows_equals_shares_times_demand_when_nothing_binds():
    flows = corridors.assign_flows(np.array([10.0]), np.array([[0.5, 0.3, 0.2]]),
                                   np.array([[20.0, 20.0, 20.0]]), np.array([100.0]))
    assert_allclose(flows, [[5.0, 3.0, 2.0]], rtol=1e-15)


def test_assign_flows_reassigns_route_overflow_in_proportion_to_shares():
    # Wanted 6, 3, 1; the Northern route holds 4, so 2 Mt overflow to the Middle
    # Corridor and bypass in proportion 0.3 : 0.1 -> +1.5 and +0.5.
    flows = corridors.assign_flows(np.array([10.0]), np.array([[0.6, 0.3, 0.1]]),
                                   np.array([[4.0, 10.0, 10.0]]), np.array([100.0]))
    assert_allclose(flows, [[4.0, 3.0 + 1.5, 1.0 + 0.5]], rtol=1e-14)
    assert flows.sum() == pytest.approx(10.0)


def test_assign_flows_reassigned_cargo_that_fits_nowhere_is_unserved():
    # As above, but the Middle Corridor has only 0.5 Mt of room: it takes 3.5 (not 4.5);
    # the bypass 1.5; 1 Mt goes unserved.
    flows = corridors.assign_flows(np.array([10.0]), np.array([[0.6, 0.3, 0.1]]),
                                   np.array([[4.0, 3.5, 10.0]]), np.array([100.0]))
    assert_allclose(flows, [[4.0, 3.5, 1.5]], rtol=1e-14)
    assert 10.0 - flows.sum() == pytest.approx(1.0)


def test_assign_flows_scales_the_two_kazakh_routes_to_the_entry_capacity():
    # Wanted 5 + 3 = 8 Mt through Kazakhstan, entry capacity 4: both halved; bypass untouched.
    flows = corridors.assign_flows(np.array([10.0]), np.array([[0.5, 0.3, 0.2]]),
                                   np.array([[20.0, 20.0, 20.0]]), np.array([4.0]))
    assert_allclose(flows, [[2.5, 1.5, 2.0]], rtol=1e-14)


def test_assign_flows_with_every_route_full_serves_total_capacity():
    flows = corridors.assign_flows(np.array([50.0]), np.array([[0.4, 0.4, 0.2]]),
                                   np.array([[5.0, 3.0, 1.0]]), np.array([100.0]))
    assert_allclose(flows, [[5.0, 3.0, 1.0]], rtol=1e-15)


def test_assign_flows_worlds_are_independent():
    demand = np.array([10.0, 10.0, 50.0])
    shares = np.array([[0.6, 0.3, 0.1], [0.5, 0.3, 0.2], [0.4, 0.4, 0.2]])
    capacity = np.array([[4.0, 3.5, 10.0], [20.0, 20.0, 20.0], [5.0, 3.0, 1.0]])
    entry = np.array([100.0, 4.0, 100.0])
    together = corridors.assign_flows(demand, shares, capacity, entry)
    for i in range(3):
        alone = corridors.assign_flows(demand[i:i + 1], shares[i:i + 1], capacity[i:i + 1],
                                       entry[i:i + 1])
        np.testing.assert_array_equal(together[i], alone[0])


@st.composite
def corridor_inputs(draw):
    worlds = draw(st.integers(1, 6))
    floats = st.floats(0.0, 60.0, allow_nan=False)
    demand = np.array([draw(st.floats(0.0, 80.0)) for _ in range(worlds)])
    raw = np.array([[draw(st.floats(0.0, 1.0)) for _ in range(3)] for _ in range(worlds)])
    raw[raw.sum(axis=1) == 0] = 1.0
    shares = raw / raw.sum(axis=1, keepdims=True)
    capacity = np.array([[draw(floats) for _ in range(3)] for _ in range(worlds)])
    entry = np.array([draw(st.floats(0.5, 80.0)) for _ in range(worlds)])
    return demand, shares, capacity, entry


@settings(max_examples=300, deadline=None)
@given(corridor_inputs())
def test_assign_flows_invariants(inputs):
    demand, shares, capacity, entry = inputs
    flows = corridors.assign_flows(demand, shares, capacity, entry)
    tol = 1e-9 * (1.0 + demand[:, None])
    assert np.all(flows >= 0.0)
    assert np.all(flows <= capacity + tol)                                  # each route
    assert np.all(flows[:, NORTHERN] + flows[:, MIDDLE] <= entry + tol[:, 0])  # shared entry
    assert np.all(flows.sum(axis=1) <= demand + tol[:, 0])                  # creates no cargo
    # Nothing binds -> exactly the logit split.
    wanted = shares * demand[:, None]
    free = np.all(wanted <= capacity, axis=1) & (wanted[:, NORTHERN] + wanted[:, MIDDLE] <= entry)
    assert_allclose(flows[free], wanted[free], rtol=1e-12, atol=1e-12)
    # Overflow is reassigned: a world with overflow but room left on a route that
    # wanted cargo, and no entry constraint, serves more than the capped wanted flows.
    capped = np.minimum(wanted, capacity)
    room = (capacity - capped > 1e-6) & (shares > 1e-6)
    overflow = (wanted - capped).sum(axis=1) > 1e-6
    no_entry_cut = capped[:, NORTHERN] + capped[:, MIDDLE] + (wanted - capped).sum(axis=1) <= entry
    moved = overflow & room.any(axis=1) & no_entry_cut
    assert np.all(flows[moved].sum(axis=1) > capped[moved].sum(axis=1))
    event(f"overflow reassigned: {bool(moved.any())}")


def test_the_middle_corridors_share_of_overland_cargo_is_zero_when_there_is_none():
    flows = np.array([[8.0, 4.0, 4.0], [0.0, 0.0, 0.0], [0.0, 3.0, 0.0]])
    np.testing.assert_array_equal(corridors.middle_share(flows), [0.25, 0.0, 1.0])
