"""The compellence subgame against an independent brute-force solution.

The brute force enumerates the two-stage game (the power coerces or not;
Kazakhstan concedes or resists), computes every leaf's payoffs from the
subgame's definition (docs/odd.md, section 7.6) and solves it by backward
induction with an explicit softmax, in plain Python.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from hedgesim.game.actions import Power
from hedgesim.game.coercion import CoercerTraits, compellence


def softmax(values: list[float], lam: float) -> list[float]:
    top = max(values)
    weights = [math.exp(lam * (v - top)) for v in values]
    return [w / sum(weights) for w in weights]


def brute_force(v, grievance, own_loss, a_c, holdup, depth, grievance_value, cost, influence,
                sovereignty, step_in, step_out, quarters, lam):
    """(P(coerce), P(concede), Kazakhstan's expected loss, the power's expected value)."""
    # Leaves: (refrain) -> (0, 0); (coerce, concede); (coerce, resist). Payoffs (Kazakhstan, power).
    concede = (-(holdup * v + sovereignty),
               holdup * v + grievance_value * grievance + quarters * 0.5 * influence * step_in * (1 - a_c) - cost)
    resist = (-(depth * v), -own_loss - quarters * 0.5 * influence * step_out * a_c - cost)
    p_resist, p_concede = softmax([resist[0], concede[0]], lam)
    value_coerce = p_concede * concede[1] + p_resist * resist[1]
    p_refrain, p_coerce = softmax([0.0, value_coerce], lam)
    loss = -(p_coerce * (p_concede * concede[0] + p_resist * resist[0]))
    return p_coerce, p_concede, loss, p_coerce * value_coerce


def solve(v, grievance, own_loss, a_c, holdup, depth, grievance_value, cost, influence, sovereignty,
          step_in, step_out, quarters, lam, allowed=1.0, power=Power.RUSSIA):
    one = lambda x: np.array([float(x)])  # noqa: E731
    alignment = np.zeros((1, 3))
    alignment[0, power] = a_c
    alignment[0, (power + 1) % 3] = 1 - a_c
    name = power.name.lower()
    p = {f"{name}_holdup": one(holdup), f"{name}_coercion_depth": one(depth),
         f"{name}_grievance_value": one(grievance_value), f"{name}_coercion_cost": one(cost),
         f"{name}_influence_value": one(influence), "concession_step": one(step_in),
         "backlash_step": one(step_out), "sovereignty_cost": one(sovereignty)}
    traits = CoercerTraits.of(power, p, one(quarters))
    return compellence(one(v), one(grievance), one(own_loss), alignment, traits, one(lam), one(allowed))


CASES = [  # v, grievance, own loss, a_c, holdup, depth, grievance value, cost, influence, sovereignty,
           # steps in/out, quarters, lambda
    (6.0, 0.5, 0.1, 0.3, 0.05, 0.2, 2.0, 1.8, 4.0, 0.5, 0.03, 0.02, 12.0, 20.0),
    (2.0, 0.1, 0.4, 0.3, 0.1, 0.3, 3.0, 0.5, 14.0, 0.5, 0.03, 0.02, 12.0, 20.0),
    (10.0, 0.0, 0.0, 0.9, 0.0, 0.5, 0.0, 10.0, 1.0, 0.1, 0.0, 0.0, 4.0, 1.0),
]


@pytest.mark.parametrize("case", CASES)
def test_compellence_matches_brute_force_backward_induction(case):
    solved = solve(*case)
    p_coerce, p_concede, loss, value = brute_force(*case)
    assert_allclose(solved.p_coerce, [p_coerce], rtol=1e-12, atol=1e-15)
    assert_allclose(solved.p_concede, [p_concede], rtol=1e-12, atol=1e-15)
    assert_allclose(solved.kazakh_loss, [loss], rtol=1e-12, atol=1e-15)
    assert_allclose(solved.coercer_value, [value], rtol=1e-12, atol=1e-15)


@settings(max_examples=150, deadline=None)
@given(st.tuples(st.floats(0, 20), st.floats(0, 2), st.floats(0, 3), st.floats(0, 1), st.floats(0, 1),
                 st.floats(0, 1), st.floats(0, 10), st.floats(0, 5), st.floats(0, 20), st.floats(0, 3),
                 st.floats(0, 0.1), st.floats(0, 0.1), st.floats(1, 40), st.floats(0, 60)))
def test_compellence_matches_brute_force_everywhere(case):
    solved = solve(*case)
    p_coerce, p_concede, loss, value = brute_force(*case)
    assert_allclose(solved.p_coerce, [p_coerce], rtol=1e-9, atol=1e-12)
    assert_allclose(solved.p_concede, [p_concede], rtol=1e-9, atol=1e-12)
    assert_allclose(solved.kazakh_loss, [loss], rtol=1e-9, atol=1e-9)
    assert solved.kazakh_loss[0] >= 0.0  # risk is an expected loss, never a gain


def test_a_policy_that_rules_coercion_out_never_coerces_and_carries_no_risk():
    solved = solve(*CASES[0], allowed=0.0)
    assert solved.p_coerce[0] == 0.0
    assert solved.kazakh_loss[0] == 0.0


def test_a_benign_hegemon_rarely_coerces_a_predatory_one_coerces_more_the_more_exposure():
    benign = solve(8.0, 0.0, 0.2, 0.5, 0.0, 0.3, 0.0, 5.0, 4.0, 0.5, 0.03, 0.02, 12.0, 20.0)
    assert benign.p_coerce[0] < 1e-6
    predatory = [solve(v, 0.2, 0.2, 0.3, 0.15, 0.3, 3.0, 1.0, 4.0, 0.5, 0.03, 0.02, 12.0, 20.0)
                 for v in (1.0, 3.0, 6.0, 10.0)]
    probabilities = [s.p_coerce[0] for s in predatory]
    assert probabilities == sorted(probabilities) and probabilities[-1] > 0.5 > probabilities[0]
    losses = [s.kazakh_loss[0] for s in predatory]
    assert losses == sorted(losses)


def test_a_power_whose_own_loss_grows_deters_itself():
    """Mutual hostages: the same coercion stops paying when it costs the coercer more."""
    cheap = solve(6.0, 0.5, 0.0, 0.3, 0.05, 0.2, 2.0, 1.0, 4.0, 0.5, 0.03, 0.02, 12.0, 20.0)
    costly = solve(6.0, 0.5, 5.0, 0.3, 0.05, 0.2, 2.0, 1.0, 4.0, 0.5, 0.03, 0.02, 12.0, 20.0)
    # Kazakhstan resists here (damage 1.2 < rent 0.3 + sovereignty 0.5 is false: concede 0.8 < 1.2).
    assert cheap.p_concede[0] > 0.99
    assert costly.p_coerce[0] <= cheap.p_coerce[0]


def test_kazakhstan_concedes_when_resisting_costs_more():
    # Damage 0.2 * 6 = 1.2 against rent 0.3 + sovereignty 0.5 = 0.8: concede.
    assert solve(*CASES[0]).p_concede[0] == pytest.approx(1 / (1 + math.exp(-20 * 0.4)))
