"""The hedging indicators at their edges, by hand (the paper's Figure 1; docs/odd.md 7.13)."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from hedgesim.game import indicators


def test_a_share_exactly_at_the_cap_is_within_it():
    shares = np.array([0.49, 0.5, 0.51, 1.0])
    assert_array_equal(indicators.dominance_denial(shares, np.full(4, 0.5)), [1.0, 1.0, 0.0, 0.0])


def test_dominance_score_falls_linearly_from_the_cap_to_full_control():
    shares = np.array([0.2, 0.5, 0.75, 1.0])
    assert_allclose(indicators.dominance_score(shares, np.full(4, 0.5)), [1.0, 1.0, 0.5, 0.0])


def test_economic_pragmatism_is_the_geometric_mean_of_the_take_ups():
    engagement = np.array([[0.25, 1.0], [0.0, 0.9], [1.0, 1.0], [0.36, 0.64]])
    assert_allclose(indicators.economic_pragmatism(engagement), [0.5, 0.0, 1.0, 0.48])


def test_alignment_balance_is_one_at_an_even_split_and_zero_at_one_partner():
    alignment = np.array([[1 / 3, 1 / 3, 1 / 3], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    # 1 - (HHI - 1/3) / (2/3): HHI 1/3, 1 and 1/2.
    assert_allclose(indicators.alignment_balance(alignment), [1.0, 0.0, 0.75])
