"""The stage game's backward pass against a brute-force enumeration of its nodes.

``StageGame.solve`` computes every player's quantal response at every node with
array arithmetic over nodes and worlds at once. Here the same game is solved
node by node in plain Python loops, from the building blocks the solver uses
(each project's present values, the coercion subgames, tested in their own
files): the EU's offer, China's offer at each EU offer, the bargained rates,
Kazakhstan's joint answer at each pair of offers, then Russia's courting,
Kazakhstan's move at each courting choice and the coercion subgames after each
move. Any mistake in how the solver lays out, sums or broadcasts its nodes
shows up as a mismatch.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from hedgesim.game.actions import MOVE_EFFORTS, RESPONSE_PAIRS, Investor, Move, Power, Response
from hedgesim.game.model import HedgingModel
from hedgesim.game.payoffs import route_revenue, transit_revenue
from hedgesim.game.stage_game import alignment_targets, binding_update, trade_values

RNG = np.random.default_rng(42)


def softmax(values, lam, allowed=None):
    allowed = [True] * len(values) if allowed is None else allowed
    top = max(v for v, a in zip(values, allowed, strict=True) if a)
    weights = [math.exp(lam * (v - top)) if a else 0.0 for v, a in zip(values, allowed, strict=True)]
    return [w / sum(weights) for w in weights]


def model_after(quarters: int, worlds: int = 4, **params) -> HedgingModel:
    model = HedgingModel(worlds=worlds, rng=list(range(10, 10 + worlds)), **params)
    for _ in range(quarters):
        model.step()
    return model


def brute_force_offers(model: HedgingModel, world: int):
    """EU values and probabilities, China's at each EU offer, rates and answers, for one world."""
    g, p = model.stage, model.p
    s = model.state_now()
    g.revenue = route_revenue(s.flows, s.other_transit, p)
    g.values = trade_values(s, p)
    china, eu = g.projects(s, Investor.CHINA), g.projects(s, Investor.EU)
    china_now = g.china_coercion(s, s.alignment, s.binding).kazakh_loss
    russia_now = g.russia_coercion(s, s.alignment, s.binding).kazakh_loss
    risk_china = g.china_risk(s, china, p["china_funding_cost"], china_now)       # (3, 3, W)
    risk_eu = g.russia_risk(s, eu, russia_now)                                     # (3, 3, W)
    w = world
    lam, rho, kappa, beta = (float(p[k][w]) for k in ("rationality", "risk_weight",
                                                      "project_complementarity", "bargaining_power"))
    substitutes = max(-kappa, 0.0)
    acc = Response.ACCEPT
    allowed = [True] * 9 if g.policy.responses is None else list(g.policy.responses[w])

    def net(proj, risk, offer, response):
        return proj.kazakh[offer, response, w] - rho * proj.quarters[offer, w] * risk[offer, response, w]

    def per_bn(proj, risk, offer):
        volume = proj.volume[offer, acc, w]
        if volume <= 0:
            return 0.0
        return (net(proj, risk, offer, acc) + proj.power[offer, acc, w]) / volume

    rates = np.zeros((3, 3, 2))
    answers = np.zeros((3, 3, 9))
    china_gain = np.zeros((3, 3))
    eu_gain = np.zeros((3, 3))
    for e in range(3):
        for c in range(3):
            x_c, x_e = net(china, risk_china, c, acc), net(eu, risk_eu, e, acc)
            for k, (own, rival, proj, offer, rival_proj, rival_risk, rival_offer) in enumerate((
                    (x_c, x_e, china, c, eu, risk_eu, e), (x_e, x_c, eu, e, china, risk_china, c))):
                m = own + kappa * min(max(own, 0.0), max(rival, 0.0))
                power = proj.power[offer, acc, w]
                annuity = proj.annuity[offer, acc, w]
                covered = min(proj.volume[offer, acc, w], rival_proj.volume[rival_offer, acc, w])
                option = substitutes * max(per_bn(rival_proj, rival_risk, rival_offer) * covered, 0.0)
                share = max(beta * (m + power), option)
                rates[e, c, k] = max((m - share) / annuity, 0.0) if annuity > 0 else 0.0
            values = []
            for rc, re in RESPONSE_PAIRS:
                net_c, net_e = net(china, risk_china, c, rc), net(eu, risk_eu, e, re)
                own_c = net_c - rates[e, c, 0] * china.annuity[c, rc, w]
                own_e = net_e - rates[e, c, 1] * eu.annuity[e, re, w]
                values.append(own_c + own_e + kappa * min(max(net_c, 0.0), max(net_e, 0.0)))
            probabilities = softmax(values, lam, allowed)
            answers[e, c] = probabilities
            for pr, (rc, re) in zip(probabilities, RESPONSE_PAIRS, strict=True):
                china_gain[e, c] += pr * (china.power[c, rc, w] + rates[e, c, 0] * china.annuity[c, rc, w])
                eu_gain[e, c] += pr * (eu.power[e, re, w] + rates[e, c, 1] * eu.annuity[e, re, w])
    china_allowed = None if g.policy.china_offer is None else list(g.policy.china_offer[w])
    china_offer = np.array([softmax(list(china_gain[e]), lam, china_allowed) for e in range(3)])
    eu_values = [sum(china_offer[e, c] * eu_gain[e, c] for c in range(3)) for e in range(3)]
    eu_allowed = None if g.policy.eu_offer is None else list(g.policy.eu_offer[w])
    return dict(eu_values=eu_values, eu_offer=softmax(eu_values, lam, eu_allowed), china_values=china_gain,
                china_offer=china_offer, rates=rates, responses=answers)


def brute_force_moves(model: HedgingModel, world: int):
    """Russia's courting and Kazakhstan's move values and probabilities for one world."""
    g, p = model.stage, model.p
    s = model.state_now()
    g.revenue = route_revenue(s.flows, s.other_transit, p)
    g.values = trade_values(s, p)
    w = world
    q = lambda name: float(p[name][w])  # noqa: E731
    horizon = q("planning_horizon")
    targets = alignment_targets(s.alignment)[:, w]
    values_now = trade_values(s, p)[w]
    base = []
    russia_stage = []
    for move, effort in MOVE_EFFORTS:
        after = (1 - q("alignment_step")) * s.alignment[w] + q("alignment_step") * targets[move]
        binding = float(binding_update(s.binding[w:w + 1], np.array([float(effort)]),
                                       {k: v[w:w + 1] for k, v in p.items()})[0])
        alignment = np.tile(s.alignment, (1, 1)).copy()
        alignment[w] = after
        bind = s.binding.copy()
        bind[w] = binding
        china = g.china_coercion(s, alignment, bind)
        russia = g.russia_coercion(s, alignment, bind)
        risk = china.kazakh_loss[w] + russia.kazakh_loss[w]
        trade_gain = float(values_now @ (after - s.alignment[w]))
        saving = q("harmonisation_saving") * (binding - s.binding[w])
        share = s.route_share[w, 1]
        extra = s.demand[w] * share * (1 - share) * saving / q("route_dispersion")
        binding_gain = float(transit_revenue(np.array([extra]), np.array([q("tariff_middle")]))[0])
        base.append(horizon * (trade_gain + binding_gain - q("risk_weight") * risk)
                    - q("binding_cost") * int(effort))
        russia_stage.append(horizon * 0.5 * q("russia_influence_value")
                            * (after[Power.RUSSIA] - s.alignment[w, Power.RUSSIA]) + russia.coercer_value[w])
    lam = q("rationality")
    allowed = None if g.policy.moves is None else list(g.policy.moves[w])
    move_values, moves = [], []
    for court in (0, 1):
        values = [b + court * q("courting_transfer") * (m == Move.TILT_RUSSIA)
                  for b, (m, _) in zip(base, MOVE_EFFORTS, strict=True)]
        move_values.append(values)
        moves.append(softmax(values, lam, allowed))
    courting_values = [sum(pr * (r - court * q("courting_transfer") * (m == Move.TILT_RUSSIA))
                           for pr, r, (m, _) in zip(moves[court], russia_stage, MOVE_EFFORTS, strict=True))
                       for court in (0, 1)]
    courting_allowed = None if g.policy.courting is None else list(g.policy.courting[w])
    return dict(move_values=move_values, moves=moves, courting_values=courting_values,
                courting=softmax(courting_values, lam, courting_allowed))


PARAMETER_SETS = [
    {},
    {"project_complementarity": -0.8, "rationality": 5.0, "china_holdup": 0.4, "sovereignty_cost": 0.2},
    {"strategy": ["hedge", "bandwagon_china", "free", "lean_russia"],
     "eu_strategy": ["strict", "free", "relaxed", "withdraw"],
     "china_strategy": ["market", "coerce", "withdraw", "free"],
     "russia_strategy": ["court", "pressure", "acquiesce", "free"]},
]


@pytest.mark.parametrize("params", PARAMETER_SETS, ids=["defaults", "substitutes", "policies"])
@pytest.mark.parametrize("quarters", [0, 6])
def test_the_offers_subgame_matches_brute_force(params, quarters):
    model = model_after(quarters, **params)
    plan = model.stage.solve(model.state_now())
    for world in range(model.worlds):
        expected = brute_force_offers(model, world)
        # The plan lays its arrays out actions first: (actions, nodes..., worlds).
        assert_allclose(plan.rates[:, :, world], expected["rates"], rtol=1e-9, atol=1e-12)
        assert_allclose(plan.responses[..., world].transpose(1, 2, 0), expected["responses"],
                        rtol=1e-9, atol=1e-12)
        assert_allclose(plan.china_values[..., world].T, expected["china_values"], rtol=1e-9, atol=1e-12)
        assert_allclose(plan.china_offer[..., world].T, expected["china_offer"], rtol=1e-9, atol=1e-12)
        assert_allclose(plan.eu_values[:, world], expected["eu_values"], rtol=1e-9, atol=1e-12)
        assert_allclose(plan.eu_offer[:, world], expected["eu_offer"], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("params", PARAMETER_SETS, ids=["defaults", "substitutes", "policies"])
@pytest.mark.parametrize("quarters", [0, 6])
def test_the_move_subgame_matches_brute_force(params, quarters):
    model = model_after(quarters, **params)
    plan = model.stage.solve(model.state_now())
    for world in range(model.worlds):
        expected = brute_force_moves(model, world)
        assert_allclose(plan.move_values[..., world].T, expected["move_values"], rtol=1e-9, atol=1e-9)
        assert_allclose(plan.moves[..., world].T, expected["moves"], rtol=1e-9, atol=1e-12)
        assert_allclose(plan.courting_values[:, world], expected["courting_values"], rtol=1e-9, atol=1e-9)
        assert_allclose(plan.courting[:, world], expected["courting"], rtol=1e-9, atol=1e-12)


def test_probabilities_are_distributions_and_policies_are_respected():
    model = model_after(3, **PARAMETER_SETS[2])
    plan = model.stage.solve(model.state_now())
    for array in (plan.eu_offer, plan.china_offer, plan.responses, plan.courting, plan.moves):
        assert_allclose(array.sum(axis=0), 1.0)  # actions first
        assert (array >= 0).all()
    # World 0 hedges: it never declines; world 1 bandwagons with China: it accepts China's offers.
    pairs = np.array(RESPONSE_PAIRS)
    declines = (pairs[:, 0] == Response.DECLINE) | (pairs[:, 1] == Response.DECLINE)
    assert plan.responses[declines, :, :, 0].max() == 0.0
    assert plan.responses[pairs[:, 0] != Response.ACCEPT, :, :, 1].max() == 0.0
    moves = np.array([m for m, _ in MOVE_EFFORTS])
    assert plan.moves[moves != Move.REBALANCE, :, 0].max() == 0.0
    assert plan.moves[moves != Move.TILT_RUSSIA, :, 3].max() == 0.0
    # The EU of world 3 and the China of world 2 withdraw; China in world 0 never coerces.
    assert plan.eu_offer[0, 3] == 1.0
    assert plan.china_offer[0, :, 2].min() == 1.0
    assert plan.coercion[0].p_coerce[:, 0].max() == 0.0
    # Russia courts (world 0) or pressures (world 1) but not the other.
    assert plan.coercion[1].p_coerce[:, 0].max() == 0.0
    assert plan.courting[1, 1] == 0.0 and plan.courting[1, 2] == 0.0
