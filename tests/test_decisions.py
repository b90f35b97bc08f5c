"""The players' decisions in the model: at which node, from which random numbers, within which policy.

* Each decision is taken at the node the earlier choices reached: China's offer at the EU's
  realised offer, Kazakhstan's answers at both realised offers, its move at Russia's realised
  courting, the coercion subgames and the answers to them after its realised move.
* Each decision draws its own random numbers: at rationality 0 every choice is uniform, and
  two decisions (or one decision in two quarters) agree no more often than chance.
* A policy (strategy) allows exactly its documented actions: at rationality 0 every allowed
  action turns up and no other.
* A non-finite action value is an error naming the world, never action 0.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from replay import ACCEPT, DECLINE, DILUTE, HOLD, REBALANCE, TILT_CHINA, TILT_EU, TILT_RUSSIA, Replay

from hedgesim.game.decision_rules import Chooser, NonFiniteValueError
from hedgesim.game.model import HedgingModel, NonFiniteStateError

# ----------------------------------------------------------- the node reached
EU_NONE, EU_RELAXED, EU_STRICT = 0, 1, 2
CHINA_NONE, CHINA_HALF, CHINA_FULL = 0, 1, 2


def certain(index: np.ndarray, actions: int) -> tuple[np.ndarray, np.ndarray]:
    """Values that make ``index`` the only choice at rationality 50, and its probabilities."""
    probabilities = np.eye(actions)[index]
    return 100.0 * probabilities, probabilities


def decided(model: HedgingModel, plan) -> dict[str, np.ndarray]:
    """Step ``model`` with ``plan`` as the solved stage game; the quarter's reported choices."""
    model.stage.solve = lambda state: plan
    model.step()
    return model.report


def test_each_decision_is_taken_at_the_node_the_earlier_choices_reached():
    worlds = 6
    model = HedgingModel(worlds=worlds, rng=list(range(worlds)), rationality=50.0)
    plan = model.stage.solve(model.state_now())
    # The EU offers (none, relaxed, strict, ...) in worlds (0, 1, 2, ...).
    eu = np.arange(worlds) % 3
    eu_values, eu_offer = certain(eu, 3)
    # China's offer depends on the EU's: full after none or relaxed, half after strict.
    china_at = np.array([CHINA_FULL, CHINA_FULL, CHINA_HALF])
    china_values, china_offer = certain(np.broadcast_to(china_at[:, None], (3, worlds)), 3)
    # Kazakhstan's joint answer (3 * answer to China + answer to the EU) depends on both offers.
    pair_at = (3 * np.arange(3)[:, None] + np.arange(3)[None, :] + 1) % 9          # by (EU, China)
    response_values, responses = certain(np.broadcast_to(pair_at[:, :, None], (3, 3, worlds)), 9)
    # Russia courts in odd worlds; Kazakhstan's move (3 * move + effort) depends on it:
    # (tilt to China, full effort) if not courted, (rebalance, no effort) if courted.
    courting = np.arange(worlds) % 2
    courting_values, courting_p = certain(courting, 2)
    move_at = np.array([3 * TILT_CHINA + 2, 3 * REBALANCE + 0])
    move_values, moves = certain(np.broadcast_to(move_at[:, None], (2, worlds)), 15)
    # After move 5 China refrains and Russia coerces; after move 12 the reverse. Kazakhstan
    # resists China and concedes to Russia after move 5, and the reverse after move 12.
    after_move = np.arange(15)[:, None] * np.ones(worlds)
    china_coerces, russia_coerces = (after_move == 12) * 1.0, (after_move == 5) * 1.0
    china, russia = plan.coercion

    def subgame(game, coerces, concedes):
        return dataclasses.replace(game, p_coerce=coerces, value=np.where(coerces > 0, 100.0, -100.0),
                                   p_concede=concedes * 1.0, concede_cost=np.where(concedes, 0.0, 100.0),
                                   resist_cost=np.where(concedes, 100.0, 0.0))

    plan = dataclasses.replace(
        plan, eu_values=eu_values, eu_offer=eu_offer, china_values=china_values, china_offer=china_offer,
        response_values=response_values, responses=responses, courting_values=courting_values,
        courting=courting_p, move_values=move_values, moves=moves,
        coercion=(subgame(china, china_coerces, after_move == 12), subgame(russia, russia_coerces, after_move == 5)))
    report = decided(model, plan)

    offered_eu = report["offer_eu"] > 0
    eu_code = np.where(offered_eu, np.where(report["eu_strict_standards"] == 1, EU_STRICT, EU_RELAXED), EU_NONE)
    np.testing.assert_array_equal(eu_code, eu)
    china_code = np.round(2 * report["offer_china"] / model.p["china_ticket"])
    np.testing.assert_array_equal(china_code, china_at[eu])
    pair = pair_at[eu, china_at[eu]]
    np.testing.assert_array_equal(report["response_china"], pair // 3)
    np.testing.assert_array_equal(report["response_eu"], np.where(offered_eu, pair % 3, -1))
    np.testing.assert_array_equal(report["russian_courting"], courting)
    move = move_at[courting]
    np.testing.assert_array_equal(report["alignment_move"], move // 3)
    np.testing.assert_array_equal(report["binding_effort"], move % 3)
    np.testing.assert_array_equal(report["chinese_pressure"], move == 12)
    np.testing.assert_array_equal(report["russian_pressure"], move == 5)
    np.testing.assert_array_equal(report["concessions_china"], move == 12)
    np.testing.assert_array_equal(report["concessions_russia"], move == 5)


# ------------------------------------------------------------ random numbers
def choices_at_zero_rationality(worlds: int = 400, quarters: int = 2, **params) -> Replay:
    return Replay(worlds=worlds, quarters=quarters, rationality=0.0, **params)


def decision_codes(run: Replay) -> dict[str, np.ndarray]:
    """Every decision's action code, (quarters, worlds), from the report."""
    offered_eu = run["offer_eu"] > 0
    return {
        "eu_offer": np.where(offered_eu, np.where(run["eu_strict_standards"] == 1, 2, 1), 0),
        "china_offer": np.round(2 * run["offer_china"] / run.p("china_ticket")).astype(int),
        "russia_courting": run["russian_courting"].astype(int),
        "move": run["alignment_move"].astype(int),
        "effort": run["binding_effort"].astype(int),
        "china_coercion": run["chinese_pressure"].astype(int),
        "russia_coercion": run["russian_pressure"].astype(int),
    }


def test_at_rationality_zero_every_decision_is_uniform():
    codes = decision_codes(choices_at_zero_rationality())
    for name, actions in (("eu_offer", 3), ("china_offer", 3), ("russia_courting", 2), ("move", 5),
                          ("effort", 3), ("china_coercion", 2), ("russia_coercion", 2)):
        frequencies = np.bincount(codes[name].ravel(), minlength=actions) / codes[name].size
        assert np.abs(frequencies - 1.0 / actions).max() < 0.06, (name, frequencies)


def test_no_two_decisions_share_a_random_draw():
    """With a shared uniform draw, two uniform choices among the same number of actions would
    agree in every world; with their own draws they agree about 1 / n of the time."""
    run = choices_at_zero_rationality()
    codes = decision_codes(run)
    for a, b, actions in (("eu_offer", "china_offer", 3), ("eu_offer", "effort", 3), ("china_offer", "effort", 3),
                          ("china_coercion", "russia_coercion", 2), ("russia_courting", "china_coercion", 2),
                          ("russia_courting", "russia_coercion", 2)):
        agree = (codes[a] == codes[b]).mean()
        assert abs(agree - 1.0 / actions) < 0.08, (a, b, agree)
    # Kazakhstan's two answers to coercion, where both powers coerced.
    both = (run["chinese_pressure"] == 1) & (run["russian_pressure"] == 1)
    agree = (run["concessions_china"][both] == run["concessions_russia"][both]).mean()
    assert both.sum() > 100 and abs(agree - 0.5) < 0.12
    # Kazakhstan's answers to the two offers (its joint answer is one draw among nine pairs).
    offered = (run["offer_china"] > 0) & (run["offer_eu"] > 0)
    assert abs((run["response_china"][offered] == run["response_eu"][offered]).mean() - 1 / 3) < 0.08


def test_a_decision_draws_new_numbers_every_quarter_and_in_every_world():
    codes = decision_codes(choices_at_zero_rationality(quarters=3))
    for name, actions in (("eu_offer", 3), ("china_offer", 3), ("move", 5), ("china_coercion", 2)):
        for t in (1, 2):
            agree = (codes[name][0] == codes[name][t]).mean()
            assert abs(agree - 1.0 / actions) < 0.08, (name, t, agree)


def test_demand_shocks_draw_their_own_numbers():
    run = choices_at_zero_rationality(demand_volatility=0.3)
    years = (run.t - 2.5) / 4.0
    shock = np.log(run["overland_demand_mt"] / (run.p("overland_demand") * 1.03 ** years))
    assert 0.25 < shock.std() < 0.35
    codes = decision_codes(run)
    for name in ("eu_offer", "china_offer", "move", "effort", "china_coercion", "russia_courting"):
        assert abs(np.corrcoef(shock.ravel(), codes[name].ravel())[0, 1]) < 0.12, name


# ------------------------------------------------------------------- policies
KAZAKH = ["free", "hedge", "bandwagon_china", "bandwagon_eu", "lean_russia"]
CHINA_POLICIES = ["free", "market", "coerce", "withdraw"]
EU_POLICIES = ["free", "strict", "relaxed", "withdraw"]
RUSSIA_POLICIES = ["free", "court", "pressure", "acquiesce"]
ALL_MOVES = {HOLD, TILT_CHINA, TILT_EU, TILT_RUSSIA, REBALANCE}
ALL_ANSWERS = {ACCEPT, DILUTE, DECLINE}


def test_each_policy_allows_exactly_its_documented_actions():
    """The strategies' documentation (actions.py, the parameter schema): hedge rebalances and takes
    both giants' offers (accept or dilute); bandwagon_china / bandwagon_eu tilt toward that partner
    and accept its offers undiluted; lean_russia tilts toward Russia; China: market offers half or
    all of its ticket and never coerces, coerce offers and may coerce, withdraw neither; the EU:
    strict or relaxed offers only, or none; Russia: court never pressures, pressure never courts,
    acquiesce neither. Binding effort and everything a policy does not fix stay free."""
    worlds = 600  # 5 x 4 x 4 x 4 = 320 combinations, cycled with coprime periods
    index = np.arange(worlds)
    params = dict(strategy=[KAZAKH[i % 5] for i in index], china_strategy=[CHINA_POLICIES[i % 4] for i in index],
                  eu_strategy=[EU_POLICIES[(i // 5) % 4] for i in index],
                  russia_strategy=[RUSSIA_POLICIES[(i // 20) % 4] for i in index])
    run = choices_at_zero_rationality(worlds=worlds, quarters=3, **params)
    codes = decision_codes(run)

    def seen(name_or_values, where) -> set[int]:
        values = codes[name_or_values] if isinstance(name_or_values, str) else name_or_values
        return set(np.asarray(values)[:, where].ravel().astype(int).tolist())

    kazakh = np.array(params["strategy"])
    moves = {"free": ALL_MOVES, "hedge": {REBALANCE}, "bandwagon_china": {TILT_CHINA},
             "bandwagon_eu": {TILT_EU}, "lean_russia": {TILT_RUSSIA}}
    to_china = {"free": ALL_ANSWERS, "hedge": {ACCEPT, DILUTE}, "bandwagon_china": {ACCEPT},
                "bandwagon_eu": ALL_ANSWERS, "lean_russia": ALL_ANSWERS}
    to_eu = {"free": ALL_ANSWERS, "hedge": {ACCEPT, DILUTE}, "bandwagon_china": ALL_ANSWERS,
             "bandwagon_eu": {ACCEPT}, "lean_russia": ALL_ANSWERS}
    for strategy in KAZAKH:
        where = kazakh == strategy
        assert seen("move", where) == moves[strategy], strategy
        assert seen("effort", where) == {0, 1, 2}, strategy
        answers = run["response_china"][:, where]
        assert set(answers[answers >= 0].astype(int).tolist()) == to_china[strategy], strategy
        answers = run["response_eu"][:, where]
        assert set(answers[answers >= 0].astype(int).tolist()) == to_eu[strategy], strategy
    china = np.array(params["china_strategy"])
    offers = {"free": {0, 1, 2}, "market": {1, 2}, "coerce": {1, 2}, "withdraw": {0}}
    coerces = {"free": {0, 1}, "market": {0}, "coerce": {0, 1}, "withdraw": {0}}
    for strategy in CHINA_POLICIES:
        assert seen("china_offer", china == strategy) == offers[strategy], strategy
        assert seen("china_coercion", china == strategy) == coerces[strategy], strategy
    eu = np.array(params["eu_strategy"])
    eu_offers = {"free": {0, 1, 2}, "strict": {2}, "relaxed": {1}, "withdraw": {0}}
    for strategy in EU_POLICIES:
        assert seen("eu_offer", eu == strategy) == eu_offers[strategy], strategy
    russia = np.array(params["russia_strategy"])
    courts = {"free": {0, 1}, "court": {0, 1}, "pressure": {0}, "acquiesce": {0}}
    pressures = {"free": {0, 1}, "court": {0}, "pressure": {0, 1}, "acquiesce": {0}}
    for strategy in RUSSIA_POLICIES:
        assert seen("russia_courting", russia == strategy) == courts[strategy], strategy
        assert seen("russia_coercion", russia == strategy) == pressures[strategy], strategy
    # Kazakhstan answers coercion freely under every policy.
    for strategy in KAZAKH:
        where = (kazakh == strategy)[None, :] & (run["chinese_pressure"] == 1)
        assert set(run["concessions_china"][where].astype(int).tolist()) == {0, 1}, strategy


def test_a_policy_that_rules_coercion_out_carries_no_probability_of_it():
    run = Replay(worlds=4, quarters=3, china_strategy=["market", "withdraw", "coerce", "free"],
                 russia_strategy=["court", "acquiesce", "pressure", "free"], rationality=2.0)
    assert (run["p_pressure_china"][:, :2] == 0).all() and (run["p_pressure_china"][:, 2:] > 0).all()
    assert (run["p_pressure_russia"][:, :2] == 0).all() and (run["p_pressure_russia"][:, 2:] > 0).all()
    assert (run["p_courting_russia"][:, [1, 2]] == 0).all() and (run["p_courting_russia"][:, [0, 3]] > 0).all()


# ------------------------------------------------------------- non-finite values
def test_a_nan_action_value_is_an_error_naming_the_world_never_action_zero():
    params = {"decision_rule": np.zeros(3, dtype=np.int64), **{
        name: np.full(3, value) for name, value in (("rationality", 1.0), ("recency", 0.1),
                                                    ("experimentation", 0.2), ("foregone_weight", 0.5),
                                                    ("experience_decay", 0.9))}}
    chooser = Chooser("move", ("hold", "tilt", "rebalance"), params)
    values = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 2.0], [np.nan, 1.0, 2.0]])
    with pytest.raises(NonFiniteValueError, match=r"'move': world 2 .*'hold'") as info:
        chooser.choose(values, np.zeros(3))
    assert info.value.world == 2
    values[2, 0] = np.inf
    with pytest.raises(NonFiniteValueError, match="world 2"):
        chooser.choose(values, np.zeros(3))
    # A non-finite value of an action the policy rules out is never chosen, so it is no error.
    allowed = np.array([[True, True, True], [True, True, True], [False, True, True]])
    ruled_out = Chooser("move", ("hold", "tilt", "rebalance"), params, allowed)
    choice = ruled_out.choose(values, np.zeros(3))
    assert choice[2] == 1


@pytest.mark.parametrize("decision", ["eu_values", "china_values", "response_values", "move_values",
                                      "courting_values"])
def test_a_nan_in_any_decision_of_the_model_names_the_world(decision):
    worlds = 3
    model = HedgingModel(worlds=worlds, rng=[7, 8, 9], rationality=[10.0, 20.0, 30.0])
    plan = model.stage.solve(model.state_now())
    values = getattr(plan, decision).copy()
    values[..., 1, :] = np.nan  # world 1, at every node and action
    model.stage.solve = lambda state: dataclasses.replace(plan, **{decision: values})
    with pytest.raises(NonFiniteStateError, match=r"world 1 .*step 1.*'rationality': 20\.0"):
        model.step()


@pytest.mark.parametrize("power", [0, 1])
def test_a_nan_in_a_coercion_subgame_names_the_world(power):
    model = HedgingModel(worlds=3, rng=[7, 8, 9])
    plan = model.stage.solve(model.state_now())
    game = plan.coercion[power]
    broken = dataclasses.replace(game, value=np.where(np.arange(3) == 2, np.nan, game.value))
    games = list(plan.coercion)
    games[power] = broken
    model.stage.solve = lambda state: dataclasses.replace(plan, coercion=tuple(games))
    with pytest.raises(NonFiniteStateError, match=r"world 2 "):
        model.step()
