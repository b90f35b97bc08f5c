"""Nash-in-Nash bargaining over loan rates, with the threat of replacement as a cap.

Expected values are computed by hand, or by brute force: maximising the Nash
product over a fine grid of rates subject to the outside-option constraint,
code that shares nothing with ``hedgesim.game.bargaining``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from hedgesim.game.bargaining import joint_value, nash_in_nash, substitutability


def brute_force_rate(m: float, w: float, a: float, beta: float, outside: float) -> float:
    """The rate maximising (K's gain)^beta (power's gain)^(1-beta), K's gain at least its outside
    option, rate at least 0; found on a grid."""
    rates = np.linspace(0.0, max(m / a, 0.0) + 0.05, 200_001)
    kazakh = m - rates * a
    power = w + rates * a
    feasible = (kazakh >= outside - 1e-12) & (kazakh > 0) & (power > 0)
    if not feasible.any():
        return float("nan")
    product = np.full_like(rates, -np.inf)
    product[feasible] = beta * np.log(kazakh[feasible]) + (1 - beta) * np.log(power[feasible])
    return float(rates[np.argmax(product)])


def test_the_bargaining_share_at_a_fixed_state():
    # M = 10, W = 4, A = 100, beta = 0.4: S = 14, Kazakhstan gets 5.6, rate (10 - 5.6) / 100.
    terms = nash_in_nash(np.array([10.0]), np.array([4.0]), np.array([100.0]), np.array([0.4]),
                         np.array([0.0]))
    assert_allclose(terms.rate, [0.044])
    assert_allclose(terms.kazakh_gain, [5.6])
    assert_allclose(terms.power_gain, [8.4])
    assert not terms.outside_binds[0]
    assert terms.rate[0] == pytest.approx(brute_force_rate(10, 4, 100, 0.4, 0), abs=2e-6)


def test_the_outside_option_binds_only_when_it_beats_the_bargaining_share():
    outside = np.array([0.0, 3.0, 5.6, 7.0, 9.0])
    terms = nash_in_nash(np.full(5, 10.0), np.full(5, 4.0), np.full(5, 100.0), np.full(5, 0.4), outside)
    # Below the share (5.6) the option changes nothing; above it Kazakhstan gets the option.
    assert_allclose(terms.kazakh_gain, [5.6, 5.6, 5.6, 7.0, 9.0])
    assert_allclose(terms.rate, [0.044, 0.044, 0.044, 0.03, 0.01])
    assert terms.outside_binds.tolist() == [False, False, False, True, True]
    for o, rate in zip(outside, terms.rate, strict=True):
        assert rate == pytest.approx(brute_force_rate(10, 4, 100, 0.4, o), abs=2e-6)


def test_the_kink_where_the_outside_option_starts_to_bind():
    """The rate is continuous in the outside option; its slope jumps from 0 to -1/A at o = beta S."""
    kink = 0.4 * 14.0
    eps = 1e-6
    below = nash_in_nash(np.array([10.0]), np.array([4.0]), np.array([100.0]), np.array([0.4]),
                         np.array([kink - eps, kink - 2 * eps]))
    above = nash_in_nash(np.array([10.0]), np.array([4.0]), np.array([100.0]), np.array([0.4]),
                         np.array([kink + eps, kink + 2 * eps]))
    assert below.rate[0] == pytest.approx(0.044, abs=1e-12)
    assert below.rate[0] - below.rate[1] == pytest.approx(0.0, abs=1e-15)           # flat below
    assert (above.rate[1] - above.rate[0]) / eps == pytest.approx(-1 / 100, rel=1e-6)  # -1/A above
    assert above.rate[0] == pytest.approx(0.044, abs=1e-7)                            # continuous


def test_a_rate_below_zero_is_a_grant_at_zero_and_leaves_kazakhstan_more():
    terms = nash_in_nash(np.array([1.0]), np.array([10.0]), np.array([50.0]), np.array([0.5]),
                         np.array([0.0]))
    assert terms.rate[0] == 0.0
    assert terms.kazakh_gain[0] == 1.0
    assert terms.power_gain[0] == 10.0


def test_an_outside_option_beyond_kazakhstans_whole_value_gives_the_project_at_zero():
    """The rival could do better than the whole project is worth at any rate: the incumbent can
    only go to a rate of 0 (no subsidy), and Kazakhstan keeps all of M."""
    terms = nash_in_nash(np.array([1.0]), np.array([2.0]), np.array([1.0]), np.array([0.5]), np.array([1.6]))
    assert terms.rate[0] == 0.0
    assert terms.kazakh_gain[0] == 1.0
    assert terms.outside_binds[0]


def test_no_volume_no_rate():
    terms = nash_in_nash(np.array([0.0]), np.array([0.0]), np.array([0.0]), np.array([0.4]), np.array([0.0]))
    assert terms.rate[0] == 0.0


@settings(max_examples=200, deadline=None)
@given(m=st.floats(0.1, 20), w=st.floats(0.1, 20), a=st.floats(1, 200), beta=st.floats(0.05, 0.95),
       share_of_option=st.floats(0, 0.99))
def test_the_closed_form_matches_brute_force(m, w, a, beta, share_of_option):
    outside = share_of_option * min(m, m + w)  # an option a rate of at least 0 can still meet
    terms = nash_in_nash(np.array([m]), np.array([w]), np.array([a]), np.array([beta]), np.array([outside]))
    expected = brute_force_rate(m, w, a, beta, outside)
    grid_step = (max(m / a, 0.0) + 0.05) / 200_000
    assert terms.rate[0] == pytest.approx(expected, abs=2 * grid_step)


def test_joint_value_and_substitutability():
    own, rival = np.array([4.0, 4.0, 4.0]), np.array([1.0, 1.0, 10.0])
    kappa = np.array([-0.5, 0.5, -1.0])
    # x_j + kappa * min(x_j, x_k): 4 - 0.5; 4 + 0.5; 4 - 4 (perfect substitutes, the rival bigger).
    assert_allclose(joint_value(own, rival, kappa), [3.5, 4.5, 0.0])
    assert_allclose(substitutability(kappa), [0.5, 0.0, 1.0])
