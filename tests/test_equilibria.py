"""The empirical payoff table without pygambit: pure equilibria, regrets, deviation gains and
their intervals, the joint-world bootstrap, epsilon-equilibria, exact ties, the report and
the figures. Expected values are derived by hand (in the docstrings) or by brute force in
the test, never by the code under test."""

from __future__ import annotations

import itertools
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from hedgesim.analysis.equilibria import (CAVEAT, PayoffTable, analyse, payoff_heatmap,
                                          phase_diagram, phase_point, report_section,
                                          write_tables)
from hedgesim.analysis.equilibria.bootstrap import resample_counts
from hedgesim.analysis.equilibria.deviations import mixed_regret, regret

C, D = 0, 1


def prisoners_dilemma() -> np.ndarray:
    """T=5 > R=3 > P=1 > S=0. Defect strictly dominates for both, so (D, D) is the only
    equilibrium. Regrets: (C,C) 2 (either player defects: 5-3), (C,D) and (D,C) 1 (the
    sucker defects: 1-0), (D,D) 0."""
    pd_ = np.zeros((2, 2, 2))
    pd_[C, C] = (3, 3)
    pd_[C, D] = (0, 5)
    pd_[D, C] = (5, 0)
    pd_[D, D] = (1, 1)
    return pd_


def pd_table(samples: np.ndarray | None = None) -> PayoffTable:
    samples = prisoners_dilemma()[None] if samples is None else samples
    return PayoffTable.from_samples(samples, ["row", "column"],
                                    [["cooperate", "defect"], ["cooperate", "defect"]])


def brute_force_nash(payoffs: np.ndarray) -> list[tuple[int, ...]]:
    """Pure equilibria by looping over every profile and every unilateral deviation."""
    shape = payoffs.shape[:-1]
    found = []
    for profile in itertools.product(*map(range, shape)):
        stable = True
        for i, n in enumerate(shape):
            for k in range(n):
                deviation = profile[:i] + (k,) + profile[i + 1:]
                if payoffs[deviation][i] > payoffs[profile][i]:
                    stable = False
        if stable:
            found.append(profile)
    return found


# ---------------------------------------------------------------- known games
def test_prisoners_dilemma_has_only_defect_defect():
    table = pd_table()
    assert table.pure_equilibria() == [(D, D)]
    np.testing.assert_array_equal(table.regret(), [[2, 1], [1, 0]])
    profiles = table.profiles()
    assert profiles.loc[profiles["nash"], "profile"].tolist() == ["defect · defect"]
    assert profiles["strict"].tolist() == [False, False, False, True]
    assert profiles.loc[0, "best_deviation"] in ("row → defect", "column → defect")


def test_prisoners_dilemma_deviation_gains():
    gains = pd_table().deviations().set_index(["row", "column", "player"])["gain"]
    assert gains[("cooperate", "cooperate", "row")] == 2      # 5 - 3
    assert gains[("cooperate", "defect", "row")] == 1         # 1 - 0
    assert gains[("defect", "defect", "row")] == -1           # 0 - 1
    assert gains[("defect", "cooperate", "column")] == 1      # 1 - 0
    assert len(gains) == 4 * 2                                # one alternative each


def test_three_player_stag_hunt_has_two_pure_equilibria():
    """Stag pays 4 if all three hunt stag, else 0; hare always pays 3. All-stag: a deviation
    to hare gets 3 < 4; all-hare: a deviation to stag gets 0 < 3; in any mixed profile a
    stag hunter gets 0 and gains 3 by switching: exactly two pure equilibria."""
    table = stag_hunt()
    assert table.pure_equilibria() == [(0, 0, 0), (1, 1, 1)]
    assert table.regret()[0, 0, 1] == 3


def stag_hunt() -> PayoffTable:
    payoffs = np.zeros((2, 2, 2, 3))
    for profile in itertools.product(range(2), repeat=3):
        for i in range(3):
            payoffs[profile + (i,)] = 3.0 if profile[i] == 1 else (4.0 if profile == (0, 0, 0) else 0.0)
    return PayoffTable.from_payoffs(payoffs, ["a", "b", "c"], [["stag", "hare"]] * 3)


def test_mixed_regret_of_matching_pennies_equilibrium_is_zero():
    """Asymmetric matching pennies (row: U pays 9 against L, D pays 1 against R; column wins
    on a mismatch): column plays L with 1/10 so row is indifferent (9q = 1-q), row plays U
    with 1/2 so column is indifferent."""
    payoffs = np.zeros((2, 2, 2))
    payoffs[0, 0] = (9, 0)
    payoffs[0, 1] = (0, 1)
    payoffs[1, 0] = (0, 1)
    payoffs[1, 1] = (1, 0)
    assert mixed_regret(payoffs, [np.array([0.5, 0.5]), np.array([0.1, 0.9])]) == pytest.approx(0, abs=1e-12)
    # row plays U for sure: row is still indifferent (9 * 0.1 = 1 * 0.9), but column's
    # mixture earns 0.9 where R earns 1: regret 0.1
    assert mixed_regret(payoffs, [np.array([1.0, 0.0]), np.array([0.1, 0.9])]) == pytest.approx(0.1)


# ---------------------------------------------------------------- intervals
def test_payoff_intervals_are_student_t_intervals_of_the_mean():
    rng = np.random.default_rng(3)
    samples = prisoners_dilemma()[None] + rng.normal(0, 2, size=(50, 2, 2, 2))
    table = pd_table(samples)
    row = table.payoffs(0.9).set_index(["row", "column", "player"]).loc[("defect", "cooperate", "column")]
    x = samples[:, D, C, 1]
    low, high = stats.t.interval(0.9, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert row["mean"] == pytest.approx(x.mean())
    assert (row["low"], row["high"]) == pytest.approx((low, high))
    assert row["worlds"] == 50


def test_deviation_intervals_are_paired_differences():
    """With common random numbers the deviation gain's interval comes from the world-by-world
    difference, much narrower than the two payoffs' own intervals."""
    rng = np.random.default_rng(4)
    common = rng.normal(0, 10, size=(200, 1, 1, 1))
    samples = prisoners_dilemma()[None] + common + rng.normal(0, 0.1, size=(200, 2, 2, 2))
    table = pd_table(samples)
    gain = table.deviations().set_index(["row", "column", "player"]).loc[("cooperate", "cooperate", "row")]
    diff = samples[:, D, C, 0] - samples[:, C, C, 0]
    low, high = stats.t.interval(0.95, len(diff) - 1, loc=diff.mean(), scale=stats.sem(diff))
    assert (gain["low"], gain["high"]) == pytest.approx((low, high))
    assert gain["high"] - gain["low"] < 0.1
    payoff = table.payoffs().set_index(["row", "column", "player"]).loc[("cooperate", "cooperate", "row")]
    assert payoff["high"] - payoff["low"] > 1


def test_epsilon_is_the_largest_upper_bound_of_a_deviation_gain():
    rng = np.random.default_rng(5)
    samples = prisoners_dilemma()[None] + rng.normal(0, 1, size=(30, 2, 2, 2))
    table = pd_table(samples)
    deviations = table.deviations()
    profiles = table.profiles()
    for n, profile in profiles.iterrows():
        mine = deviations[(deviations["row"] == profile["row"]) & (deviations["column"] == profile["column"])]
        assert profile["epsilon"] == pytest.approx(max(0.0, mine["high"].max()))
        assert profile["significant"] == (mine["low"] > 0).any()


def test_epsilon_equilibria_include_an_insignificant_near_miss():
    """Player 1's two strategies differ by 0.01 on average with noise of sd 1 over 20
    worlds: no significant difference, so both profiles are epsilon-equilibria, the mean
    table's equilibrium with epsilon about the interval's upper bound."""
    rng = np.random.default_rng(6)
    samples = np.zeros((20, 2, 1, 2))
    samples[:, 0, 0, 0] = rng.normal(0, 1, 20)
    samples[:, 1, 0, 0] = samples[:, 0, 0, 0] + 0.01 + rng.normal(0, 1, 20)
    table = PayoffTable.from_samples(samples, ["p", "q"], [["a", "b"], ["x"]])
    near = table.epsilon_equilibria()
    assert len(near) == 2
    assert table.epsilon_equilibria(epsilon=0.0).empty
    with pytest.raises(ValueError, match="one world"):
        pd_table().epsilon_equilibria()


# ---------------------------------------------------------------- bootstrap
def test_bootstrap_support_of_a_clear_equilibrium_is_one():
    """Noise of sd 1 over 400 worlds against deviation gains of at least 1: the standard
    error of a gain is about sqrt(2)/20 = 0.07, so (D, D) holds in every replicate."""
    rng = np.random.default_rng(7)
    table = pd_table(prisoners_dilemma()[None] + rng.normal(0, 1, size=(400, 2, 2, 2)))
    boot = table.bootstrap(500, rng=1)
    assert boot.support()[D, D] == 1.0
    assert boot.support()[C, C] == 0.0
    assert (boot.equilibrium_counts() == 1).all()


def test_bootstrap_support_matches_normal_theory():
    """Only player 1's choice is close: b beats a by a small mean gain. The bootstrap mean of
    the paired gain is about normal with the sample's mean g and standard error se, so the
    share of replicates in which 'a' is a best reply is about Phi(-g / se)."""
    rng = np.random.default_rng(8)
    worlds = 300
    samples = np.zeros((worlds, 2, 2, 2))
    a = rng.normal(0, 1, worlds)
    samples[:, 0, :, 0] = a[:, None]
    samples[:, 1, :, 0] = (a + 0.03 + rng.normal(0, 1, worlds))[:, None]
    samples[:, :, 0, 1] = 5.0           # player 2: x strictly dominates y
    table = PayoffTable.from_samples(samples, ["p", "q"], [["a", "b"], ["x", "y"]])
    gain = samples[:, 1, 0, 0] - samples[:, 0, 0, 0]
    expected = stats.norm.cdf(-gain.mean() / (gain.std(ddof=1) / np.sqrt(worlds)))
    support = table.bootstrap(4000, rng=2).support()
    assert 0.1 < expected < 0.9                              # the case is genuinely close
    assert support[0, 0] == pytest.approx(expected, abs=0.04)
    assert support[0, 0] + support[1, 0] == pytest.approx(1.0)


def test_bootstrap_resamples_worlds_jointly():
    """Common random numbers: b pays exactly 0.01 more than a in every world, under noise of
    sd 10 common to both. Resampling the same worlds for every profile keeps b ahead in every
    replicate; resampling profiles independently would put a ahead about half the time."""
    rng = np.random.default_rng(9)
    common = rng.normal(0, 10, 100)
    samples = np.zeros((100, 2, 1, 2))
    samples[:, 0, 0, 0] = common
    samples[:, 1, 0, 0] = common + 0.01
    table = PayoffTable.from_samples(samples, ["p", "q"], [["a", "b"], ["x"]])
    support = table.bootstrap(1000, rng=3).support()
    assert support[1, 0] == 1.0 and support[0, 0] == 0.0


def test_bootstrap_keeps_exact_ties_in_every_replicate():
    """Player 1's payoffs are identical under a and b in every world: both profiles are
    equilibria in every replicate (a floating-point difference would break one)."""
    rng = np.random.default_rng(10)
    noise = rng.lognormal(0, 3, size=(257, 1, 3, 2))
    samples = np.repeat(noise, 2, axis=1)
    table = PayoffTable.from_samples(samples, ["p", "q"], [["a", "b"], ["x", "y", "z"]])
    assert (table.mean[0, ..., 0] == table.mean[1, ..., 0]).all()
    boot = table.bootstrap(300, rng=4)
    best = int(np.argmax(table.mean[0, :, 1]))
    assert boot.support()[0, best] == boot.support()[1, best]
    assert (boot.nash[:, 0] == boot.nash[:, 1]).all()


def test_bootstrap_replicate_equals_explicit_resampling():
    """A replicate's regrets are those of the mean table of the worlds it drew."""
    rng = np.random.default_rng(11)
    samples = rng.integers(-3, 4, size=(40, 3, 2, 2, 3)).astype(float)
    table = PayoffTable.from_samples(samples, ["a", "b", "c"], [["1", "2", "3"], ["1", "2"], ["1", "2"]])
    boot = table.bootstrap(5, rng=np.random.default_rng(12))
    counts = resample_counts(40, 5, np.random.default_rng(12)).astype(int)
    for b in range(5):
        drawn = np.repeat(samples, counts[b], axis=0)
        np.testing.assert_allclose(boot.regret[b], regret(drawn.mean(axis=0)), atol=1e-12)


def test_bootstrap_played_strategies():
    table = stag_hunt()                      # one world: every replicate is the table itself
    boot = table.bootstrap(10, rng=0)
    assert boot.played(0).all()              # stag (all-stag) and hare (all-hare) both played
    assert boot.same_set(table.regret() == 0) == 1.0


# ---------------------------------------------------------------- ties and continua
def withdrawn_eu_samples(worlds: int = 50) -> np.ndarray:
    """Kazakhstan (3 strategies) x the EU (engage, withdraw): when the EU withdraws,
    Kazakhstan's payoff is the same draw whatever it chooses (common random numbers)."""
    rng = np.random.default_rng(13)
    samples = rng.normal(size=(worlds, 3, 2, 2))
    samples[:, :, 0, 0] += np.array([2.0, 0.0, -1.0])[None, :]          # engage: hedge is best
    samples[:, :, 1, 0] = samples[:, :1, 1, 0]                           # withdraw: all tie
    samples[:, :, 0, 1] += 1.0                                           # the EU prefers engaging
    return samples


def test_ties_found_when_the_eu_withdraws():
    table = PayoffTable.from_samples(withdrawn_eu_samples(), ["Kazakhstan", "EU"],
                                     [["hedge", "china", "russia"], ["engage", "withdraw"]])
    ties = table.ties()
    assert len(ties) == 1
    tie = ties.iloc[0]
    assert (tie["player"], tie["EU"], tie["tied"]) == ("Kazakhstan", "withdraw", "hedge = china = russia")
    assert tie["Kazakhstan"] is None
    assert tie["in_every_world"] and tie["best_response"] and tie["all_strategies"]


def test_tie_on_the_mean_only_is_not_in_every_world():
    samples = np.zeros((2, 2, 1, 2))
    samples[:, 0, 0, 0] = [1.0, 3.0]
    samples[:, 1, 0, 0] = [2.0, 2.0]
    table = PayoffTable.from_samples(samples, ["p", "q"], [["a", "b"], ["x"]])
    ties = table.ties()
    assert ties["player"].tolist() == ["p"]
    assert not ties.iloc[0]["in_every_world"]


def test_no_ties_in_a_generic_game():
    rng = np.random.default_rng(14)
    table = PayoffTable.from_samples(rng.normal(size=(30, 4, 3, 3, 3, 4)), list("abcd"),
                                     [list("1234"), list("123"), list("123"), list("123")])
    assert table.ties().empty and table.continua().empty


def test_continua_of_each_kind():
    """Player 1 is indifferent everywhere (payoff 0). Player 2 is indifferent after U and
    prefers L after D. Pure equilibria: (U,L), (U,R), (D,L).
    Against L both of player 1's replies are equilibria: every mixture is one. Against R only
    U is, and player 2 is indifferent at (U,R): undetermined (in fact D with any weight makes
    player 2 prefer L). A third game where player 2 strictly prefers R after U: mixtures of
    player 1 near U against R are equilibria."""
    payoffs = np.zeros((2, 2, 2))
    payoffs[1, 0, 1] = 1.0
    table = PayoffTable.from_payoffs(payoffs, ["one", "two"], [["U", "D"], ["L", "R"]])
    assert table.pure_equilibria() == [(0, 0), (0, 1), (1, 0)]
    continua = table.continua().set_index(["player", "two"])
    assert continua.loc[("one", "L"), "continuum"] == "every mixture"
    assert continua.loc[("one", "R"), "continuum"] == "undetermined"

    payoffs[0, 1, 1] = 1.0            # after U, two strictly prefers R
    payoffs[1, 0, 1] = 1.0            # after D, L
    table = PayoffTable.from_payoffs(payoffs, ["one", "two"], [["U", "D"], ["L", "R"]])
    continua = table.continua().set_index(["player", "two"])
    assert continua.loc[("one", "R"), "continuum"] == "mixtures near U"
    # check the claim: one mixing (0.9 U, 0.1 D) against R is an equilibrium
    assert mixed_regret(payoffs, [np.array([0.9, 0.1]), np.array([0.0, 1.0])]) == 0.0


# ---------------------------------------------------------------- properties
@st.composite
def integer_games(draw, max_players: int = 3):
    """Small games with integer payoffs in [-2, 2]: many exact ties, exact arithmetic."""
    n = draw(st.integers(2, max_players))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    payoffs = draw(hnp.arrays(np.int64, shape + (n,), elements=st.integers(-2, 2)))
    return payoffs.astype(float)


def table_of(payoffs: np.ndarray) -> PayoffTable:
    n = payoffs.shape[-1]
    return PayoffTable.from_payoffs(payoffs, [f"p{i}" for i in range(n)],
                                    [[f"s{k}" for k in range(m)] for m in payoffs.shape[:-1]])


@settings(max_examples=150, deadline=None)
@given(integer_games())
def test_pure_equilibria_are_the_brute_force_ones_and_have_zero_regret(payoffs):
    table = table_of(payoffs)
    assert table.pure_equilibria() == brute_force_nash(payoffs)
    r = table.regret()
    assert (r >= 0).all()
    assert [tuple(p) for p in np.argwhere(r == 0)] == brute_force_nash(payoffs)


@settings(max_examples=50, deadline=None)
@given(integer_games(), st.data())
def test_adding_a_constant_to_a_players_payoffs_changes_nothing(payoffs, data):
    """Integer payoffs and constants keep the arithmetic exact."""
    n = payoffs.shape[-1]
    shift = np.array(data.draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n)), float)
    before, after = table_of(payoffs), table_of(payoffs + shift)
    assert after.pure_equilibria() == before.pure_equilibria()
    np.testing.assert_array_equal(after.regret(), before.regret())
    pd.testing.assert_series_equal(after.deviations()["gain"], before.deviations()["gain"])


@settings(max_examples=100, deadline=None)
@given(integer_games(), st.integers(1, 7))
def test_scaling_payoffs_scales_regret(payoffs, factor):
    before, after = table_of(payoffs), table_of(payoffs * factor)
    assert after.pure_equilibria() == before.pure_equilibria()
    np.testing.assert_array_equal(after.regret(), before.regret() * factor)


@settings(max_examples=60, deadline=None)
@given(integer_games(), st.data())
def test_relabelling_a_players_strategies_permutes_the_equilibria(payoffs, data):
    n = payoffs.shape[-1]
    player = data.draw(st.integers(0, n - 1))
    order = np.array(data.draw(st.permutations(range(payoffs.shape[player]))))
    permuted = np.take(payoffs, order, axis=player)
    moved = sorted(p[:player] + (int(np.flatnonzero(order == p[player])[0]),) + p[player + 1:]
                   for p in table_of(payoffs).pure_equilibria())
    assert table_of(permuted).pure_equilibria() == moved


# ---------------------------------------------------------------- validation
def test_bad_samples_are_refused():
    with pytest.raises(ValueError, match="expected"):
        PayoffTable.from_samples(np.zeros((5, 2, 2, 3)), ["a", "b"], [["x", "y"], ["x", "y"]])
    with pytest.raises(ValueError, match="NaN"):
        PayoffTable.from_samples(np.full((5, 2, 2, 2), np.nan), ["a", "b"], [["x", "y"], ["x", "y"]])
    with pytest.raises(ValueError, match="distinct"):
        PayoffTable.from_samples(np.zeros((5, 2, 2, 2)), ["a", "a"], [["x", "y"], ["x", "y"]])
    with pytest.raises(ValueError, match="column names"):
        PayoffTable.from_samples(np.zeros((5, 2, 2, 2)), ["player", "b"], [["x", "y"], ["x", "y"]])
    with pytest.raises(ValueError, match="strategies"):
        PayoffTable.from_samples(np.zeros((5, 2, 2, 2)), ["a", "b"], [["x", "x"], ["x", "y"]])


def test_the_table_is_immutable():
    samples = prisoners_dilemma()[None]
    table = pd_table(samples)
    samples[0, 0, 0, 0] = 100.0                        # the caller's array is copied
    assert table.mean[0, 0, 0] == 3.0
    with pytest.raises(ValueError):
        table.samples[0, 0, 0, 0] = 1.0


def test_solvers_say_how_to_install_pygambit(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygambit", None)
    with pytest.raises(ImportError, match=r"\[equilibria\]"):
        pd_table().gambit_game()


# ---------------------------------------------------------------- analysis without solvers
def test_analysis_files_and_report_without_solvers(tmp_path):
    rng = np.random.default_rng(15)
    table = PayoffTable.from_samples(withdrawn_eu_samples(60), ["Kazakhstan", "EU"],
                                     [["hedge", "china", "russia"], ["engage", "withdraw"]],
                                     unit="USD bn")
    result = analyse(table, replicates=200, rng=rng, solvers=False)
    assert result.mixed is None and result.qre_limit is None
    assert result.equilibria[["Kazakhstan", "EU"]].astype(str).values.tolist() == [["hedge", "engage"]]
    paths = write_tables(result, tmp_path / "out")
    assert {p.name for p in paths} >= {"payoffs.parquet", "payoffs.csv", "profiles.csv",
                                       "deviations.parquet", "ties.csv", "equilibria.md"}
    back = pd.read_parquet(tmp_path / "out" / "payoffs.parquet")
    assert np.allclose(back["mean"], result.payoffs["mean"])
    assert back.shape == result.payoffs.shape == (3 * 2 * 2, 2 + 7)
    csv = pd.read_csv(tmp_path / "out" / "profiles.csv")
    assert csv["support"].tolist() == pytest.approx(result.profiles["support"].tolist())
    text = (tmp_path / "out" / "equilibria.md").read_text()
    assert text == report_section(result)
    assert CAVEAT in text and "restricted" in text
    assert "degenerate" in text and "withdraw" in text
    assert not list((tmp_path / "out").glob(".*tmp*"))


def test_report_of_a_game_without_ties_says_so():
    rng = np.random.default_rng(16)
    table = pd_table(prisoners_dilemma()[None] + rng.normal(0, 1, size=(100, 2, 2, 2)))
    text = report_section(analyse(table, replicates=100, solvers=False))
    assert "No exact ties" in text and "degenerate" not in text
    assert "defect | defect" in text and "100%" in text


def test_phase_point_reports_strategy_number_and_support():
    rng = np.random.default_rng(17)
    clear = analyse(pd_table(prisoners_dilemma()[None] + rng.normal(0, 0.5, (100, 2, 2, 2))),
                    replicates=200, solvers=False)
    assert phase_point(clear, "row") == {"strategy": "defect", "equilibria": 1, "support": 1.0}
    two = analyse(stag_hunt(), replicates=10, solvers=False)
    assert phase_point(two, "a") == {"strategy": "several", "equilibria": 2, "support": 1.0}
    pennies = np.zeros((2, 2, 2))
    pennies[0, 0] = pennies[1, 1] = (1, -1)
    pennies[0, 1] = pennies[1, 0] = (-1, 1)
    none = analyse(PayoffTable.from_payoffs(pennies, ["r", "c"], [["h", "t"], ["h", "t"]]),
                   replicates=0, solvers=False)
    point = phase_point(none, "r")
    assert point["strategy"] == "none" and point["equilibria"] == 0 and np.isnan(point["support"])


# ---------------------------------------------------------------- figures
def test_payoff_heatmap_shows_the_players_payoffs_and_marks_equilibria():
    rng = np.random.default_rng(18)
    table = PayoffTable.from_samples(
        rng.normal(size=(20, 4, 3, 3, 3, 4)), ["Kazakhstan", "China", "EU", "Russia"],
        [["hedge", "china", "eu", "russia"], ["market", "coerce", "withdraw"],
         ["strict", "fast", "withdraw"], ["court", "pressure", "acquiesce"]])
    fig = payoff_heatmap(table, "Kazakhstan")
    ax = fig.axes[0]
    image = ax.images[0].get_array()
    assert image.shape == (4, 27)
    # column 5 is China market (0), EU fast (1), Russia acquiesce (2): 0*9 + 1*3 + 2
    np.testing.assert_array_equal(image[:, 5], table.mean[:, 0, 1, 2, 0])
    assert [t.get_text() for t in ax.get_xticklabels()][5] == "market · fast · acquiesce"
    stars = ax.collections[-1].get_offsets()
    expected = sorted((np.ravel_multi_index(eq[1:], (3, 3, 3)), eq[0]) for eq in table.pure_equilibria())
    assert expected                             # this draw has pure equilibria to mark
    assert sorted(map(tuple, np.asarray(stars).astype(int))) == expected
    dots = np.asarray(ax.collections[0].get_offsets()).astype(int)
    assert len(dots) == 27                      # one best reply per column (no ties here)
    assert all(image[r, c] == image[:, c].max() for c, r in dots)


def test_phase_diagram_colours_marks_and_hatches():
    strategies = ["hedge", "china", "eu", "russia"]
    points = pd.DataFrame([
        {"risk": r, "coercion": c,
         "strategy": "hedge" if r < 2 else ("several" if c > 0 else "none"),
         "equilibria": 1 if r < 2 else (2 if c > 0 else 0),
         "support": 0.95 if r == 0 else 0.5}
        for r in (0.0, 1.0, 2.0) for c in (0.0, 0.5)])
    fig = phase_diagram(points, "risk", "coercion", strategies=strategies, player="Kazakhstan")
    ax = fig.axes[0]
    mesh = ax.collections[0].get_array().reshape(2, 3)
    assert mesh[:, :2].tolist() == [[0, 0], [0, 0]]                  # hedge
    assert mesh[1, 2] == 4 and mesh[0, 2] == 5                       # several, none
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 4                                         # support 0.5 < 0.8
    plus, cross = ax.collections[1].get_offsets(), ax.collections[2].get_offsets()
    assert np.asarray(plus).tolist() == [[2.0, 0.5]] and np.asarray(cross).tolist() == [[2.0, 0.0]]
    one_d = phase_diagram(points[points["coercion"] == 0], "risk", strategies=strategies)
    assert one_d.axes[0].collections[0].get_array().reshape(1, 3).tolist() == [[0, 0, 5]]
    with pytest.raises(ValueError, match="several rows"):
        phase_diagram(points, "risk", strategies=strategies)
    with pytest.raises(ValueError, match="expected one of"):
        phase_diagram(points.assign(strategy="bandwagon"), "risk", "coercion", strategies=strategies)
