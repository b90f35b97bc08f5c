"""Decision rules: logit probabilities, inverse-CDF sampling, Roth-Erev and EWA learning."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from hedgesim.game.decision_rules import EWA, LOGIT, ROTH_EREV, Chooser, logistic, logit_probabilities, sample

ACTIONS = ("a", "b", "c")


def rule_params(rule: int | list[int], worlds: int = 1, **overrides: float | list[float]):
    """Chooser parameters for ``worlds`` worlds (defaults: lambda 1, phi 0.1, eps 0.2, delta 0.5, rho 0.9)."""
    values = {"rationality": 1.0, "recency": 0.1, "experimentation": 0.2,
              "foregone_weight": 0.5, "experience_decay": 0.9, **overrides}
    out = {name: np.broadcast_to(np.asarray(v, dtype=float), (worlds,)).copy()
           for name, v in values.items()}
    out["decision_rule"] = np.broadcast_to(np.asarray(rule, dtype=np.int64), (worlds,)).copy()
    return out


# ------------------------------------------------------------------------- logit
def test_logit_probabilities_by_hand():
    values = np.array([[0.0, math.log(2.0)],
                       [0.0, math.log(2.0)],
                       [0.0, math.log(2.0)]])
    rationality = np.array([1.0, 2.0, 0.5])
    # lambda 1: exp(0) : exp(ln 2) = 1 : 2 -> (1/3, 2/3).
    # lambda 2: 1 : 2 ** 2 = 1 : 4 -> (1/5, 4/5).
    # lambda 0.5: 1 : sqrt 2 -> (1 / (1 + sqrt 2), sqrt 2 / (1 + sqrt 2)).
    r2 = math.sqrt(2.0)
    assert_allclose(logit_probabilities(values, rationality),
                    [[1 / 3, 2 / 3], [1 / 5, 4 / 5], [1 / (1 + r2), r2 / (1 + r2)]], rtol=1e-14)


def test_logit_probabilities_three_actions():
    # Values 0, ln 2, ln 3 with lambda 1: weights 1, 2, 3 out of 6.
    values = np.array([[0.0, math.log(2.0), math.log(3.0)]])
    assert_allclose(logit_probabilities(values, np.array([1.0])), [[1 / 6, 2 / 6, 3 / 6]], rtol=1e-14)


def test_logit_is_invariant_to_adding_a_constant_and_stable_for_huge_values():
    values = np.array([[1e6, 1e6 + math.log(2.0)]])
    assert_allclose(logit_probabilities(values, np.array([1.0])), [[1 / 3, 2 / 3]], rtol=1e-9)


def test_rationality_zero_is_uniform():
    values = np.array([[3.0, -7.0, 100.0, 0.5], [0.0, 0.0, 1.0, 2.0]])
    assert_allclose(logit_probabilities(values, np.array([0.0, 0.0])), np.full((2, 4), 0.25), rtol=0)


def test_large_rationality_approaches_best_response():
    values = np.array([[1.0, 2.0, 1.5], [-1.0, -3.0, -2.0]])
    probs = logit_probabilities(values, np.array([200.0, 200.0]))
    # The losers are behind by at least 0.5: weight exp(-200 * 0.5) = exp(-100) ~ 4e-44.
    assert_allclose(probs, [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], atol=1e-40)
    # and the approach is monotone in lambda
    best = [logit_probabilities(values[:1], np.array([lam]))[0, 1] for lam in (0.0, 1.0, 5.0, 20.0)]
    assert best[0] == pytest.approx(1 / 3)
    assert all(a < b for a, b in zip(best, best[1:]))


def test_logistic_is_the_binary_logit_against_a_zero_valued_action():
    # logistic(v, lambda) = exp(lambda v) / (1 + exp(lambda v)); v = ln 3, lambda 1 -> 3/4.
    assert_allclose(logistic(np.array([math.log(3.0), 0.0, -math.log(3.0)]), np.ones(3)),
                    [3 / 4, 1 / 2, 1 / 4], rtol=1e-14)
    assert_allclose(logistic(np.array([5.0]), np.array([0.0])), [0.5], rtol=0)


# ------------------------------------------------------------------------ sample
def test_sample_draws_by_inverse_cdf():
    probabilities = np.tile([0.2, 0.5, 0.3], (8, 1))  # CDF 0.2, 0.7, 1.0
    u = np.array([0.0, 0.1, 0.19, 0.21, 0.5, 0.69, 0.71, 0.999999])
    assert_array_equal(sample(probabilities, u), [0, 0, 0, 1, 1, 1, 2, 2])


def test_sample_normalises_unnormalised_weights():
    # Weights 1, 1, 2 (total 4): CDF 1/4, 2/4, 1 after normalising.
    weights = np.tile([1.0, 1.0, 2.0], (4, 1))
    assert_array_equal(sample(weights, np.array([0.2, 0.3, 0.49, 0.51])), [0, 1, 1, 2])


def test_sample_never_picks_an_action_of_probability_zero():
    probabilities = np.tile([0.0, 1.0, 0.0], (4, 1))
    assert_array_equal(sample(probabilities, np.array([1e-12, 0.5, 0.999, 1 - 2**-53])),
                       [1, 1, 1, 1])


def test_sample_at_u_zero_skips_zero_probability_actions():
    probabilities = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert_array_equal(sample(probabilities, np.array([0.0, 0.0])), [1, 2])


def test_sample_frequencies_match_probabilities():
    probabilities = np.array([0.1, 0.25, 0.4, 0.25])
    n = 200_000
    # Evenly spaced uniforms: frequencies are exact up to 1/n.
    u = (np.arange(n) + 0.5) / n
    counts = np.bincount(sample(np.tile(probabilities, (n, 1)), u), minlength=4)
    assert_allclose(counts / n, probabilities, atol=2 / n)
    # Pseudo-random uniforms: within 5 standard errors.
    u = np.random.default_rng(12345).random(n)
    counts = np.bincount(sample(np.tile(probabilities, (n, 1)), u), minlength=4)
    se = np.sqrt(probabilities * (1 - probabilities) / n)
    assert np.all(np.abs(counts / n - probabilities) < 5 * se)


# ------------------------------------------------------------------- Roth-Erev
def test_roth_erev_first_step_by_hand():
    chooser = Chooser("decision", ACTIONS, rule_params(ROTH_EREV, recency=0.1, experimentation=0.2))
    values = np.array([[1.0, 3.0, 2.0]])
    # Initial propensities are equal (spread 3 - 1 = 2, plus 1e-6): probabilities 1/3 each,
    # so u = 0.5 picks the middle action (CDF 1/3, 2/3, 1).
    assert_allclose(chooser.probabilities(values), [[1 / 3, 1 / 3, 1 / 3]], rtol=1e-15)
    choice = chooser.choose(values, np.array([0.5]))
    assert_array_equal(choice, [1])
    # Reinforcement = chosen value - worst value = 3 - 1 = 2; the chosen action gets
    # (1 - eps) * 2 = 1.6, each other eps / 2 * 2 = 0.2. Propensities decay by phi = 0.1:
    q0 = 2.0 + 1e-6
    expected = [0.9 * q0 + 0.2, 0.9 * q0 + 1.6, 0.9 * q0 + 0.2]  # 2.0000009, 3.4000009, 2.0000009
    assert_allclose(chooser.propensity, [expected], rtol=1e-14)
    # Roth-Erev probabilities are the normalised propensities, whatever this quarter's values.
    total = sum(expected)
    assert_allclose(chooser.probabilities(np.array([[9.0, -9.0, 0.0]])),
                    [[e / total for e in expected]], rtol=1e-14)


def test_roth_erev_second_step_reinforces_another_action():
    chooser = Chooser("decision", ACTIONS, rule_params(ROTH_EREV, recency=0.5, experimentation=0.0))
    values = np.array([[0.0, 1.0, 4.0]])
    chooser.probabilities(values)                   # q = 4 + 1e-6 each
    chooser.learn(values, np.array([2]))           # gain 4 - 0 = 4, all to action 2
    q = 4.0 + 1e-6
    assert_allclose(chooser.propensity, [[0.5 * q, 0.5 * q, 0.5 * q + 4.0]], rtol=1e-14)
    chooser.learn(np.array([[2.0, 0.0, 1.0]]), np.array([0]))   # gain 2 - 0 = 2 to action 0
    assert_allclose(chooser.propensity,
                    [[0.25 * q + 2.0, 0.25 * q, 0.5 * (0.5 * q + 4.0)]], rtol=1e-14)


# -------------------------------------------------------------------------- EWA
def test_ewa_first_step_by_hand():
    chooser = Chooser("decision", ACTIONS, rule_params(EWA, rationality=1.0, recency=0.1,
                                           foregone_weight=0.5, experience_decay=0.9))
    values = np.array([[1.0, 3.0, 2.0]])
    # Prior attractions are the first values, so the first probabilities are logit(values).
    e = np.exp([1.0, 3.0, 2.0])
    assert_allclose(chooser.probabilities(values), [e / e.sum()], rtol=1e-14)
    # u = 0.01 is below P(a) = e / (e + e^3 + e^2) ~ 0.09: action a.
    choice = chooser.choose(values, np.array([0.01]))
    assert_array_equal(choice, [0])
    # N' = rho N + 1 = 0.9 * 1 + 1 = 1.9; phi = 1 - recency = 0.9;
    # A' = (phi N A + w v) / N' with w = 1 for the chosen action and delta = 0.5 otherwise:
    # ((0.9 * [1, 3, 2]) + [1 * 1, 0.5 * 3, 0.5 * 2]) / 1.9 = [1.9, 4.2, 2.8] / 1.9.
    assert_allclose(chooser.experience, [1.9], rtol=1e-15)
    assert_allclose(chooser.attraction, [[1.9 / 1.9, 4.2 / 1.9, 2.8 / 1.9]], rtol=1e-14)
    # Second step with new values, choosing c: N'' = 0.9 * 1.9 + 1 = 2.71;
    # A'' = (0.9 * 1.9 * A' + [0.5 * 0, 0.5 * 1, 1 * 4]) / 2.71 = [1.71, 4.28, 6.52] / 2.71.
    chooser.learn(np.array([[0.0, 1.0, 4.0]]), np.array([2]))
    assert_allclose(chooser.experience, [2.71], rtol=1e-15)
    expected = np.array([1.71, 4.28, 6.52]) / 2.71
    assert_allclose(chooser.attraction, [expected], rtol=1e-14)
    # EWA probabilities are logit(lambda * A), not logit of this quarter's values.
    w = np.exp(expected)
    assert_allclose(chooser.probabilities(np.array([[50.0, 0.0, 0.0]])), [w / w.sum()], rtol=1e-14)


def test_ewa_with_delta_one_and_no_forgetting_averages_values():
    # delta = 1, phi = 1, rho = 1: A after t quarters is the running mean of the values.
    chooser = Chooser("decision", ACTIONS, rule_params(EWA, recency=0.0, foregone_weight=1.0,
                                           experience_decay=1.0))
    history = np.array([[[1.0, 2.0, 3.0]], [[3.0, 0.0, 0.0]], [[2.0, 4.0, 0.0]]])
    chooser.probabilities(history[0])
    for v in history:
        chooser.learn(v, np.array([1]))
    # Prior A0 = first values counted with N0 = 1, then three updates: mean of 4 rows.
    assert_allclose(chooser.attraction, [(history[0, 0] * 2 + history[1, 0] + history[2, 0]) / 4],
                    rtol=1e-14)


# ------------------------------------------------------------------ mixed rules
def test_mixed_rules_in_one_chooser_match_single_rule_choosers():
    rules = [LOGIT, ROTH_EREV, EWA, ROTH_EREV, EWA, LOGIT]
    worlds = len(rules)
    rng = np.random.default_rng(2024)
    per_world = {"rationality": rng.uniform(0.1, 5.0, worlds), "recency": rng.uniform(0, 1, worlds),
                 "experimentation": rng.uniform(0, 1, worlds),
                 "foregone_weight": rng.uniform(0, 1, worlds),
                 "experience_decay": rng.uniform(0, 1, worlds)}
    mixed = Chooser("decision", ACTIONS, rule_params(rules, worlds, **per_world))
    alone = [Chooser("decision", ACTIONS, rule_params(rules[i], 1, **{k: [v[i]] for k, v in per_world.items()}))
             for i in range(worlds)]
    for _ in range(25):
        values = rng.normal(0.0, 2.0, (worlds, 3))
        u = rng.random(worlds)
        probs = mixed.probabilities(values)
        choice = mixed.choose(values, u)
        for i, single in enumerate(alone):
            assert_array_equal(single.probabilities(values[i:i + 1])[0], probs[i])
            assert_array_equal(single.choose(values[i:i + 1], u[i:i + 1]), choice[i:i + 1])
            if rules[i] == ROTH_EREV:
                assert_array_equal(single.propensity[0], mixed.propensity[i])
            if rules[i] == EWA:
                assert_array_equal(single.attraction[0], mixed.attraction[i])
                assert_array_equal(single.experience[0], mixed.experience[i])


def test_mixed_rules_really_apply_different_rules_per_world():
    # Same parameters and values in three worlds, one rule each: after one learning
    # step the three worlds' probabilities differ, as the hand-checked rules say.
    chooser = Chooser("decision", ACTIONS, rule_params([LOGIT, ROTH_EREV, EWA], 3))
    values = np.tile([1.0, 3.0, 2.0], (3, 1))
    chooser.choose(values, np.array([0.5, 0.5, 0.01]))
    later = np.tile([0.0, 0.0, 0.0], (3, 1))
    probs = chooser.probabilities(later)
    assert_allclose(probs[0], [1 / 3, 1 / 3, 1 / 3], rtol=1e-14)          # logit of equal values
    assert_allclose(probs[1], np.array([2.0000009, 3.4000009, 2.0000009]) / 7.4000027,
                    rtol=1e-12)                                            # propensities
    a = np.array([1.9, 4.2, 2.8]) / 1.9
    assert_allclose(probs[2], np.exp(a) / np.exp(a).sum(), rtol=1e-14)     # logit of attractions


# ------------------------------------------------------------ learning under a policy
def test_roth_erev_under_a_policy_starts_from_and_normalises_over_the_allowed_actions_only():
    """Propensities start at the spread of the allowed actions' values (here 3 - 1, not 100 - 1);
    only allowed actions have probability; the reinforcement is measured from the worst allowed
    action."""
    allowed = np.array([[True, True, False]])
    chooser = Chooser("decision", ACTIONS, rule_params(ROTH_EREV, recency=0.1, experimentation=0.2), allowed)
    values = np.array([[1.0, 3.0, 100.0]])
    assert_allclose(chooser.probabilities(values), [[0.5, 0.5, 0.0]], rtol=1e-15)
    q0 = 2.0 + 1e-6
    assert_allclose(chooser.propensity, [[q0, q0, q0]], rtol=1e-15)
    assert_array_equal(chooser.choose(values, np.array([0.75])), [1])
    # Gain 3 - 1 = 2: (1 - 0.2) * 2 to the chosen action, 0.2 / 2 * 2 to each other.
    expected = np.array([0.9 * q0 + 0.2, 0.9 * q0 + 1.6, 0.9 * q0 + 0.2])
    assert_allclose(chooser.propensity, [expected], rtol=1e-14)
    assert_allclose(chooser.probabilities(values), [[expected[0], expected[1], 0.0] / expected[:2].sum()],
                    rtol=1e-14)


def test_roth_erev_propensities_start_from_the_spread_below_the_best_allowed_action():
    allowed = np.array([[False, True, True], [True, False, True]])
    chooser = Chooser("decision", ACTIONS, rule_params(ROTH_EREV, worlds=2), allowed)
    chooser.probabilities(np.array([[-50.0, 1.0, 4.0], [2.0, 90.0, 7.0]]))
    assert_allclose(chooser.propensity, [[3.0 + 1e-6] * 3, [5.0 + 1e-6] * 3], rtol=1e-15)


def test_ewa_under_a_policy_gives_the_ruled_out_actions_no_probability():
    allowed = np.array([[True, False, True]])
    chooser = Chooser("decision", ACTIONS, rule_params(EWA), allowed)
    values = np.array([[1.0, 9.0, 2.0]])
    e = np.exp([1.0, 2.0])
    assert_allclose(chooser.probabilities(values), [[e[0] / e.sum(), 0.0, e[1] / e.sum()]], rtol=1e-14)
