"""Each player's state updates, replayed from the reported choices (``players.py``, ``model.py``).

A project committed in quarter t completes in quarter t + its build lag and joins the stock
of whoever controls it, with its loan and interest; answers to offers set the volume that
goes ahead and who controls it; alignment moves by Kazakhstan's own step, then toward a
coercer it concedes to and away from one it resists; binding engagement, the norm level,
debt and the take-up of offers follow their documented updates. Expected values come from
``replay.Replay`` (plain numpy on the reported columns and the parameters) or by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from replay import ACCEPT, CHINA, DECLINE, DILUTE, EU, RUSSIA, Replay, engagement

from hedgesim.game.actions import Power
from hedgesim.game.players import backlash_alignment, concede_alignment

TOL = dict(rtol=1e-10, atol=1e-12)

# Short lags so that commitments complete inside the run; mixed EU standards; dilution likely
# (a low foreign share of joint ventures, a high share kept); low rationality for coercion.
BUSY = dict(
    china_build_lag=[1, 2, 3, 4, 5, 2] * 2,
    eu_build_lag=[1, 2, 3, 2, 4, 1] * 2,
    esg_rigidity=[0.5, 1.0, 0.0, 2.0] * 3,
    rationality=[2.0, 5.0, 10.0, 1.0] * 3,
    dilution_keep=[0.9, 0.6, 0.3] * 4,
    joint_venture_foreign_share=[0.2, 0.49, 0.9] * 4,
    china_holdup=[0.0, 0.3, 0.6] * 4,
    china_coercion_cost=0.2,
    russia_coercion_cost=[0.3, 1.0] * 6,
)


def busy(**overrides) -> Replay:
    return Replay(worlds=12, quarters=14, **{**BUSY, **overrides})


# ------------------------------------------------------------------ the pipeline
def test_a_project_committed_in_quarter_t_completes_in_quarter_t_plus_its_build_lag():
    run = busy()
    assert_allclose(run["completed_china"], run.completed[CHINA], **TOL)
    assert_allclose(run["completed_eu"], run.completed[EU], **TOL)
    # Not vacuous: commitments of both giants, at both EU standards, complete inside the run.
    china_lag, relaxed, strict = run.lags()
    t = run.t
    due = {"china": t + china_lag, "relaxed": t + relaxed, "strict": t + strict}
    inside = lambda lag: lag <= run.quarters  # noqa: E731
    assert (run["committed_china"] * inside(due["china"])).sum() > 10
    strict_offer = run["eu_strict_standards"] == 1
    assert (run["committed_eu"] * inside(due["strict"]) * strict_offer).sum() > 1
    assert (run["committed_eu"] * inside(due["relaxed"]) * (run["eu_strict_standards"] == 0)).sum() > 1


def test_a_chinese_commitment_with_a_one_quarter_lag_completes_the_next_quarter():
    """By hand: lag 1; the opening pipeline (a year of half tickets, 4 * 0.5 * 6.45 = 12.9) all
    completes in quarter 1; from then on each quarter completes last quarter's commitment."""
    run = Replay(worlds=4, quarters=8, china_build_lag=1, china_ticket=6.45)
    assert_allclose(run["completed_china"][0], 4 * 0.5 * 6.45, **TOL)
    assert_allclose(run["completed_china"][1:], run["committed_china"][:-1], **TOL)
    assert run["committed_china"][:-1].sum() > 0


def test_the_opening_pipeline_completes_evenly_over_each_lag():
    """A year of half-ticket commitments per investor under way at the start, completing evenly
    over the investor's lag (the EU's at strict standards), whatever the lag."""
    run = Replay(worlds=3, quarters=3, china_build_lag=[4, 16, 8], eu_build_lag=[6, 16, 3],
                 esg_rigidity=[0.5, 2.0, 0.0], china_ticket=[6.45, 10.0, 2.0], eu_ticket=[0.65, 2.0, 1.0])
    # China: 4 * 0.5 * ticket / lag a quarter; the EU: over round(6 * 1.5) = 9, 48 and 3 quarters.
    assert_allclose(run["completed_china"], np.tile([12.9 / 4, 20.0 / 16, 4.0 / 8], (3, 1)), **TOL)
    assert_allclose(run["completed_eu"], np.tile([1.3 / 9, 4.0 / 48, 2.0 / 3], (3, 1)), **TOL)


def test_completions_join_the_controlling_holders_stock_and_joint_ventures_stay_national_in_part():
    run = busy()
    start = run.initial_stock()
    control = np.cumsum(run.completed_control, axis=1)
    national = np.cumsum(run.completed - run.completed_control, axis=1).sum(axis=0)
    assert_allclose(run["stock_china"], start[:, CHINA] + control[CHINA], **TOL)
    assert_allclose(run["stock_eu"], start[:, EU] + control[EU], **TOL)
    assert_allclose(run["stock_domestic"], start[:, 3] + national, **TOL)
    assert_allclose(run["stock_russia"], np.broadcast_to(start[:, RUSSIA], (run.quarters, run.worlds)), **TOL)
    assert national[-1].max() > 0.1  # diluted projects did complete


def test_an_answer_sets_the_volume_that_goes_ahead():
    """Accept: all of the offer; dilute: dilution_keep of it; decline: nothing. No offer, no
    answer (reported as -1) and nothing committed."""
    run = busy()
    keep = run.p("dilution_keep")
    for giant, ticket in (("china", run.p("china_ticket")), ("eu", run.p("eu_ticket"))):
        offer, answer, committed = run[f"offer_{giant}"], run[f"response_{giant}"], run[f"committed_{giant}"]
        share = np.select([answer == ACCEPT, answer == DILUTE, answer == DECLINE], [1.0, keep, 0.0], np.nan)
        offered = offer > 0
        assert_allclose(committed[offered], (share * offer)[offered], **TOL)
        assert (answer[~offered] == -1).all() and (committed[~offered] == 0).all()
        assert {ACCEPT, DILUTE, DECLINE} <= set(answer[offered].tolist())
        sizes = {"china": (0.0, 0.5, 1.0), "eu": (0.0, 1.0)}[giant]
        assert set(np.round(np.unique(offer / ticket), 12)) <= set(sizes)


def test_debt_amortises_at_the_annual_rate_and_grows_with_each_completed_loan():
    run = busy(loan_share=[0.5, 1.0, 0.2] * 4, debt_amortisation=[0.07, 0.0, 0.3, 0.15] * 3)
    assert_allclose(run["debt_china"], run.debt[CHINA], **TOL)
    assert_allclose(run["debt_eu"], run.debt[EU], **TOL)


def test_without_new_loans_debt_falls_by_a_quarter_of_the_annual_amortisation_each_quarter():
    run = Replay(worlds=3, quarters=6, loan_share=0.0, debt_amortisation=[0.07, 0.3, 0.0],
                 debt_china=[10.2, 40.0, 5.0], debt_eu=[5.0, 1.0, 0.0])
    keep = (1.0 - run.p("debt_amortisation") / 4.0) ** run.t
    assert_allclose(run["debt_china"], run.p("debt_china") * keep, **TOL)
    assert_allclose(run["debt_eu"], run.p("debt_eu") * keep, **TOL)


# --------------------------------------------------------------------- alignment
def test_alignment_follows_the_move_then_concessions_and_backlash():
    """Kazakhstan's move: a convex step of alignment_step toward its target. Then, for China and
    then Russia: a concession moves concession_step of the way toward the coercer; resisting
    moves backlash_step of the alignment with the coercer to the others, in proportion."""
    run = busy(concession_step=[0.1, 0.03, 0.0] * 4, backlash_step=[0.05, 0.1, 0.02, 0.0] * 3,
               alignment_step=[0.02, 0.1, 0.005] * 4)
    expected = run.alignment_after_move()
    for power, coerced, conceded in ((CHINA, "chinese_pressure", "concessions_china"),
                                     (RUSSIA, "russian_pressure", "concessions_russia")):
        step_in = run.p("concession_step")[None, :, None] * (run[conceded] == 1)[..., None]
        expected = (1.0 - step_in) * expected + step_in * np.eye(3)[power]
        resisted = (run[coerced] == 1) & (run[conceded] == 0)
        with_power = expected[..., power]
        moved = run.p("backlash_step")[None, :] * resisted * with_power
        expected = expected + moved[..., None] * expected / (1.0 - with_power)[..., None]
        expected[..., power] = with_power - moved
        assert (run[conceded] == 1).any() and resisted.any()
    assert_allclose(run.alignment(), expected, **TOL)


def test_a_concession_moves_alignment_toward_the_coercer_by_the_concession_step():
    alignment = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
    toward_china = concede_alignment(alignment, Power.CHINA, np.array([0.1, 0.5]))
    assert_allclose(toward_china, [[0.2 + 0.1 * 0.8, 0.45, 0.27], [0.6 + 0.5 * 0.4, 0.05, 0.15]], **TOL)
    toward_russia = concede_alignment(alignment, Power.RUSSIA, np.array([0.1, 0.0]))
    assert_allclose(toward_russia, [[0.18, 0.45, 0.3 + 0.1 * 0.7], [0.6, 0.1, 0.3]], **TOL)


def test_resisting_moves_alignment_away_from_the_coercer_toward_the_others_in_proportion():
    alignment = np.array([[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]])
    away = backlash_alignment(alignment, Power.CHINA, np.array([0.1, 0.5]))
    # World 0: 0.1 * 0.2 = 0.02 leaves China, split 5 : 3 between the EU and Russia.
    # World 1: 0.5 * 0.4 = 0.2 leaves China, split 2 : 1.
    assert_allclose(away, [[0.18, 0.5 + 0.02 * 5 / 8, 0.3 + 0.02 * 3 / 8],
                           [0.2, 0.4 + 0.2 * 2 / 3, 0.2 + 0.2 / 3]], **TOL)
    from_russia = backlash_alignment(alignment, Power.RUSSIA, np.array([0.5, 0.0]))
    assert_allclose(from_russia, [[0.2 + 0.15 * 2 / 7, 0.5 + 0.15 * 5 / 7, 0.15], [0.4, 0.4, 0.2]], **TOL)


def test_resisting_a_power_kazakhstan_is_wholly_aligned_with_splits_the_backlash_evenly():
    away = backlash_alignment(np.array([[0.0, 0.0, 1.0]]), Power.RUSSIA, np.array([0.2]))
    assert_allclose(away, [[0.1, 0.1, 0.8]], **TOL)


# ----------------------------------------------------- binding, norms and take-up
def test_binding_engagement_grows_with_effort_toward_one_and_decays_every_quarter():
    run = busy(binding_growth=[0.1, 0.5, 0.0] * 4, binding_decay=[0.02, 0.0, 0.2, 0.1] * 3,
               binding_initial=[0.3, 0.0, 1.0, 0.6] * 3)
    before = run.binding_before()
    effort = run["binding_effort"]
    expected = np.clip(before + run.p("binding_growth") * effort / 2.0 * (1.0 - before)
                       - run.p("binding_decay") * before, 0.0, 1.0)
    assert_allclose(run["binding_engagement"], expected, **TOL)
    assert set(np.unique(effort)) == {0.0, 1.0, 2.0}


def test_the_norm_level_grows_with_strict_eu_completions_and_decays_otherwise():
    run = busy(norm_growth=[0.1, 1.0, 0.5] * 4, norm_decay=[0.02, 0.2, 0.0, 0.1] * 3,
               norm_initial=[0.2, 0.0, 0.9] * 4)
    level = run.p("norm_initial")
    ticket = run.p("eu_ticket")
    for t in range(run.quarters):
        strict = run.completed_strict[t]
        level = np.clip(level + run.p("norm_growth") * strict / ticket * (1.0 - level)
                        - run.p("norm_decay") * level, 0.0, 1.0)
        assert_allclose(run["norm_level"][t], level, **TOL)


def test_without_strict_eu_projects_the_norm_level_decays_geometrically():
    run = Replay(worlds=2, quarters=10, eu_strategy="relaxed", eu_build_lag=2, esg_rigidity=0.5,
                 norm_decay=[0.02, 0.1], norm_initial=0.5)
    # The opening pipeline's strict projects complete by quarter round(2 * 1.5) = 3; after that
    # only relaxed ones.
    decay = 1.0 - run.p("norm_decay")
    assert_allclose(run["norm_level"][4:], run["norm_level"][3] * decay ** (run.t[4:] - 4), **TOL)
    assert (np.diff(run["norm_level"][:3, 0]) > 0).all()  # growing while strict ones complete


def test_take_up_is_learnt_from_answers_and_fades_while_a_giant_stops_offering():
    run = busy(eu_strategy=["free", "withdraw", "free"] * 4, china_strategy=["withdraw", "free", "market"] * 4)
    taken = engagement(run)
    assert_allclose(run["economic_pragmatism"], np.sqrt(taken[..., 0] * taken[..., 1]), **TOL)
    # Where the EU withdraws its take-up fades by 10 % a quarter from 1; where China does, China's.
    eu_out, china_out = run.p("eu_strategy") == "withdraw", run.p("china_strategy") == "withdraw"
    assert_allclose(taken[:, eu_out, 1], np.broadcast_to(0.9 ** run.t, (run.quarters, eu_out.sum())), **TOL)
    assert_allclose(taken[:, china_out, 0], np.broadcast_to(0.9 ** run.t, (run.quarters, china_out.sum())), **TOL)
    # So pragmatism, the geometric mean of both take-ups, fades at least as fast as sqrt(0.9).
    assert (run["economic_pragmatism"][:, eu_out | china_out] <= np.sqrt(0.9 ** run.t) + 1e-12).all()
    assert run["economic_pragmatism"][-1, eu_out | china_out].max() < 0.6
