"""Known games through the pygambit solver path: enumpure against numpy, the mixed solvers,
the logit QRE branch against an independent solution of the logit equations, and the whole
analysis of a 4x3x3x3 table with exact ties.

Skipped where pygambit is absent; CI sets HEDGESIM_REQUIRE_PYGAMBIT=1 and installs the
``equilibria`` extra, so there a missing pygambit fails instead."""

from __future__ import annotations

import itertools
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import optimize
from scipy.special import expit

if os.environ.get("HEDGESIM_REQUIRE_PYGAMBIT"):
    import pygambit  # noqa: F401  (CI: never skip)
else:
    pytest.importorskip("pygambit")

from hedgesim.analysis.equilibria import PayoffTable, analyse, report_section  # noqa: E402
from hedgesim.analysis.equilibria.gambit import SimpdivRun  # noqa: E402

from test_equilibria import brute_force_nash, prisoners_dilemma, stag_hunt  # noqa: E402


def two_strategies(payoffs: np.ndarray) -> PayoffTable:
    n = payoffs.shape[-1]
    return PayoffTable.from_payoffs(payoffs, [f"p{i}" for i in range(n)], [["a", "b"]] * n)


def asymmetric_matching_pennies() -> np.ndarray:
    """Ochs (1995), the asymmetric matching pennies of McKelvey & Palfrey (1995): row earns 9
    on (U, L) and 1 on (D, R), column earns 1 on a mismatch. The unique equilibrium has row
    play U with 1/2 (column indifferent) and column play L with 1/10 (9q = 1 - q)."""
    payoffs = np.zeros((2, 2, 2))
    payoffs[0, 0] = (9, 0)
    payoffs[0, 1] = (0, 1)
    payoffs[1, 0] = (0, 1)
    payoffs[1, 1] = (1, 0)
    return payoffs


def pennies_qre(lam: float) -> tuple[float, float]:
    """The logit QRE of asymmetric matching pennies at ``lam``, from its two equations:
    p = P(U) = logistic(lam * (9q - (1 - q))), q = P(L) = logistic(lam * ((1 - p) - p)).
    Substituting q(p) leaves f(p) = p - logistic(lam * (10 q(p) - 1)), strictly increasing
    (q falls with p), so its root on [0, 1] is unique: brentq finds it."""
    def q_of(p):
        return expit(lam * (1 - 2 * p))
    p = optimize.brentq(lambda p: p - expit(lam * (10 * q_of(p) - 1)), 0.0, 1.0, xtol=1e-14)
    return p, q_of(p)


def jordan() -> np.ndarray:
    """Jordan's (1993) three-player cyclic matching pennies: 1 wants to match 2, 2 to match 3,
    3 to mismatch 1. No pure equilibrium (each profile breaks one link of the cycle). The
    unique equilibrium has everyone play a with 1/2: if P1(a) > 1/2, 3 plays b, so 2 plays b,
    so 1 plays b, a contradiction, and P1(a) < 1/2 fails likewise; so 1 mixes, which it does
    only if P2(a) = 1/2, and 2 mixes only if P3(a) = 1/2. There every payoff difference is
    0, so this profile is also the logit QRE at every lambda."""
    payoffs = np.zeros((2, 2, 2, 3))
    for s in itertools.product(range(2), repeat=3):
        payoffs[s] = (s[0] == s[1], s[1] == s[2], s[2] != s[0])
    return payoffs


# ---------------------------------------------------------------- pure equilibria
def test_prisoners_dilemma_through_gambit():
    table = two_strategies(prisoners_dilemma())
    assert table.gambit_pure_equilibria() == [(1, 1)]
    found, notes = table.mixed_equilibria(simpdiv_seconds=30)
    assert notes == []
    # defect strictly dominates: (D, D) is the only equilibrium, so all solvers find it
    assert [eq.pure for eq in found] == [(1, 1)]
    assert set(found[0].methods) == {"gnm", "ipa", "simpdiv"}
    limit = table.qre_limit()
    assert [m.round(6).tolist() for m in limit.mixture] == [[0, 1], [0, 1]]


def test_three_player_stag_hunt_through_gambit():
    """Stag hunt (test_equilibria.stag_hunt): the pure equilibria all-stag and all-hare, and
    one totally mixed one, where each hunter is indifferent, 4 p^2 = 3: p = sqrt(3)/2 for
    stag (all p equal, since 4 p_j p_k = 3 for every pair)."""
    table = stag_hunt()
    assert table.gambit_pure_equilibria() == [(0, 0, 0), (1, 1, 1)]
    known = [np.array([1.0, 0.0]), np.array([0.0, 1.0]),
             np.array([np.sqrt(3) / 2, 1 - np.sqrt(3) / 2])]
    found, _ = table.mixed_equilibria(simpdiv_seconds=None)    # simpdiv: tested on 2 players
    assert found
    for eq in found:
        assert any(all(np.allclose(m, k, atol=1e-4) for m in eq.mixture) for k in known)
        assert eq.regret < 1e-6
    limit = table.qre_limit()
    assert any(all(np.allclose(m, k, atol=1e-4) for m in limit.mixture) for k in known)


def test_enumpoly_finds_every_equilibrium_of_the_stag_hunt():
    """The stag hunt is generic: enumpoly's search of every support finds exactly its three
    equilibria, and says the search was complete."""
    found, notes = stag_hunt().mixed_equilibria(perturbations=0, simpdiv_seconds=None, enumpoly=True)
    stag = np.sqrt(3) / 2
    expected = [[1.0, 0.0], [0.0, 1.0], [stag, 1 - stag]]
    got = sorted(eq.mixture[0].round(9).tolist() for eq in found)
    assert got == sorted(np.round(expected, 9).tolist())
    assert all(len({tuple(m.round(9)) for m in eq.mixture}) == 1 for eq in found)   # symmetric
    assert any("without a failure" in n for n in notes) and "simpdiv: not run" in notes


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4).flatmap(lambda n: hnp.arrays(
    np.int64, st.tuples(*[st.integers(1, 3)] * n).map(lambda s: s + (n,)),
    elements=st.integers(-2, 2))))
def test_enumpure_agrees_with_numpy_on_games_with_ties(payoffs):
    payoffs = payoffs.astype(float)
    n = payoffs.shape[-1]
    table = PayoffTable.from_payoffs(payoffs, [f"p{i}" for i in range(n)],
                                     [[f"s{k}" for k in range(m)] for m in payoffs.shape[:-1]])
    assert table.gambit_pure_equilibria() == table.pure_equilibria() == brute_force_nash(payoffs)


def test_enumpure_agrees_with_numpy_on_noisy_means():
    """Means of noisy samples are arbitrary floats: Gambit reads each as the decimal that
    prints it, which keeps their order, so the equilibria agree exactly."""
    rng = np.random.default_rng(20)
    for _ in range(5):
        table = PayoffTable.from_samples(rng.normal(size=(7, 4, 3, 3, 3, 4)), list("abcd"),
                                         [list("1234"), list("123"), list("123"), list("123")])
        assert table.gambit_pure_equilibria() == table.pure_equilibria()


# ---------------------------------------------------------------- mixed equilibria
def test_matching_pennies_mixed_equilibrium_found():
    table = two_strategies(asymmetric_matching_pennies())
    assert table.gambit_pure_equilibria() == [] == table.pure_equilibria()
    found, _ = table.mixed_equilibria(simpdiv_seconds=30)
    assert len(found) == 1                    # the unique equilibrium, found by every method
    eq = found[0]
    assert eq.pure is None and set(eq.methods) == {"gnm", "ipa", "simpdiv"}
    np.testing.assert_allclose(eq.mixture[0], [0.5, 0.5], atol=1e-5)
    np.testing.assert_allclose(eq.mixture[1], [0.1, 0.9], atol=1e-5)


def test_jordans_three_player_game():
    table = two_strategies(jordan())
    assert table.gambit_pure_equilibria() == [] == table.pure_equilibria()
    found, _ = table.mixed_equilibria(simpdiv_seconds=None)
    assert len(found) == 1
    for m in found[0].mixture:
        np.testing.assert_allclose(m, [0.5, 0.5], atol=1e-6)
    branch = table.qre_branch([1.0, 10.0])
    np.testing.assert_allclose(branch["probability"], 0.5, atol=1e-8)
    for m in table.qre_limit().mixture:
        np.testing.assert_allclose(m, [0.5, 0.5], atol=1e-6)


def test_simpdiv_is_stopped_at_its_budget():
    run = SimpdivRun(two_strategies(prisoners_dilemma()).gambit_game(), [["a", "b"]] * 2)
    found, note = run.collect(0.0)                   # still starting: killed
    assert found == [] and "stopped unfinished" in note
    assert run.process.poll() is not None
    assert not run.folder.exists()


# ---------------------------------------------------------------- logit QRE
@pytest.mark.parametrize("lam", [0.3, 1.0, 2.0, 5.0])
def test_matching_pennies_qre_matches_the_logit_equations(lam):
    branch = two_strategies(asymmetric_matching_pennies()).qre_branch([lam])
    probability = branch.set_index(["player", "strategy"])["probability"]
    p, q = pennies_qre(lam)
    assert probability[("p0", "a")] == pytest.approx(p, abs=1e-7)
    assert probability[("p1", "a")] == pytest.approx(q, abs=1e-7)


def test_qre_starts_uniform_and_ends_at_the_equilibrium():
    table = two_strategies(asymmetric_matching_pennies())
    start = table.qre_branch([0.0])
    np.testing.assert_allclose(start["probability"], 0.5)
    traced = table.qre_branch()
    assert traced["lam"].is_monotonic_increasing and traced["lam"].iloc[0] == 0
    sums = traced.groupby(["lam", "player"])["probability"].sum()
    np.testing.assert_allclose(sums, 1.0, atol=1e-6)       # points of the traced path, not exact QRE
    limit = table.qre_limit()
    np.testing.assert_allclose(limit.mixture[0], [0.5, 0.5], atol=1e-4)
    np.testing.assert_allclose(limit.mixture[1], [0.1, 0.9], atol=1e-4)
    # on the way, row plays U more than half the time: the own-payoff effect of QRE
    assert (traced[(traced["player"] == "p0") & (traced["strategy"] == "a") & (traced["lam"] > 0)]
            ["probability"] > 0.5).all()


def test_qre_lambda_is_in_inverse_payoff_units():
    """Gambit does not rescale payoffs: QRE(2u, lambda) = QRE(u, 2 lambda)."""
    payoffs = asymmetric_matching_pennies()
    doubled = two_strategies(2 * payoffs).qre_branch([1.5])["probability"].to_numpy()
    stretched = two_strategies(payoffs).qre_branch([3.0])["probability"].to_numpy()
    np.testing.assert_allclose(doubled, stretched, atol=1e-7)


# ---------------------------------------------------------------- the whole analysis
def hedging_shaped_table(worlds: int = 300) -> PayoffTable:
    """A 4x3x3x3 table with common random numbers, in which a withdrawn EU makes
    Kazakhstan's choice irrelevant (its payoff is the same draw under every strategy)."""
    rng = np.random.default_rng(21)
    samples = (rng.normal(size=(1, 4, 3, 3, 3, 4)) + rng.normal(size=(worlds, 1, 1, 1, 1, 4))
               + 0.3 * rng.normal(size=(worlds, 4, 3, 3, 3, 4)))
    samples[:, :, :, 2, :, 0] = samples[:, :1, :, 2, :, 0]
    return PayoffTable.from_samples(
        samples, ["Kazakhstan", "China", "EU", "Russia"],
        [["hedge", "bandwagon China", "bandwagon EU", "lean on Russia"],
         ["market terms", "coerce", "withdraw"], ["strict", "fast", "withdraw"],
         ["court", "pressure", "acquiesce"]], unit="USD bn")


def test_full_analysis_of_a_degenerate_four_player_table(tmp_path):
    table = hedging_shaped_table()
    result = analyse(table, replicates=300, rng=1)         # simpdiv within its default budget
    assert result.gambit_pure == table.pure_equilibria()
    assert len(result.ties) == 9 and result.ties["in_every_world"].all()
    assert result.mixed is not None and not result.mixed.empty
    assert (result.mixed["regret"] < 1e-5).all()
    sums = result.mixed.groupby(["equilibrium", "player"])["probability"].sum()
    np.testing.assert_allclose(sums, 1.0, atol=1e-9)
    assert result.qre_limit.regret < 1e-4
    text = report_section(result)
    assert "found, not all" in text and "degenerate" in text and "restricted" in text
    assert set(result.seconds) == {"table", "bootstrap", "enumpure", "qre", "mixed"}
