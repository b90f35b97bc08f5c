"""The four players: Kazakhstan, China, the EU and Russia.

Each agent's state is a set of numpy arrays over worlds. A quarter has two
phases, as in a simultaneous-move game:

* ``decide``: every agent chooses its actions from the model's ``situation``
  (last quarter's state, frozen at the start of the quarter) and writes only
  its own ``choice_*`` attributes;
* ``advance``: every agent updates its own state from its own choices and the
  other agents' choices, never from another agent's new state.

So the order in which agents are activated never matters (a test proves it).
Action values are in USD bn; persistent changes are valued over the planning
horizon, and projects only from their completion on.
"""

from __future__ import annotations

import numpy as np
from mesa import Agent, Model

from hedgesim.game import corridors, payoffs
from hedgesim.game.decision_rules import Chooser, logistic
from hedgesim.game.indicators import ENGAGEMENT_FADE, ENGAGEMENT_SMOOTHING
from hedgesim.game.parameters import PARAMETERS
from hedgesim.game.payoffs import CHINA, DOMESTIC, EU, planning_value
from hedgesim.game.situation import Situation

OFFER_LEVELS = np.array([0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0])  # share of the ticket
HEDGE, BANDWAGON_CHINA, BANDWAGON_EU = 0, 1, 2  # codes of the ``strategy`` choice
ACCEPT, DILUTE, DECLINE = 0, 1, 2
HOLD, TILT_CHINA, TILT_EU, TILT_RUSSIA, REBALANCE = 0, 1, 2, 3, 4
ALIGNMENT_MOVES = ("hold", "tilt_china", "tilt_eu", "tilt_russia", "rebalance")
RESPONSES = ("accept", "dilute", "decline")
NO_OFFER = -1  # recorded response when nothing was on the table
PIPELINE_START_QUARTERS = 4  # projects under way in 2025Q1: a year of commitments
# Pipeline slots: the longest possible build lag + 1, the same in every batch so that
# a world's sums never depend on the other worlds it runs with.
PIPELINE_SLOTS = int(max(PARAMETERS["china_build_lag"].high,
                         PARAMETERS["eu_build_lag"].high * (1 + PARAMETERS["esg_rigidity"].high))) + 1


def alignment_targets(alignment: np.ndarray) -> np.ndarray:
    """Target of each alignment move, shape (5, worlds, 3)."""
    worlds = alignment.shape[0]
    targets = np.empty((5, worlds, 3))
    targets[HOLD] = alignment
    targets[TILT_CHINA:TILT_RUSSIA + 1] = np.eye(3)[:, None, :]
    targets[REBALANCE] = 1.0 / 3.0
    return targets


def move_alignment(alignment: np.ndarray, target: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Convex step toward ``target``: stays on the simplex."""
    return (1.0 - step[..., None]) * alignment + step[..., None] * target


def response_split(offer: np.ndarray, partner: int, p: dict[str, np.ndarray]) -> np.ndarray:
    """Stock added per response to an offer, shape (3 responses, worlds, 4 holders)."""
    keep, foreign = p["dilution_keep"], p["joint_venture_foreign_share"]
    add = np.zeros((3, offer.shape[0], 4))
    add[ACCEPT, :, partner] = offer
    add[DILUTE, :, partner] = offer * keep * foreign
    add[DILUTE, :, DOMESTIC] = offer * keep * (1.0 - foreign)
    return add


def volume_share(response: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Share of an offer's volume that goes ahead under each response."""
    return np.select([response == ACCEPT, response == DILUTE], [1.0, keep], 0.0)


def control_share(response: np.ndarray, keep: np.ndarray, foreign: np.ndarray) -> np.ndarray:
    """Share of an offer that ends under the investor's control."""
    return np.select([response == ACCEPT, response == DILUTE], [1.0, keep * foreign], 0.0)


class HedgingAgent(Agent):
    """Common plumbing: parameters, random streams, choosers."""

    def __init__(self, model: Model):
        super().__init__(model)
        self.p = model.p

    def chooser(self, *actions: str) -> Chooser:
        return Chooser(actions, self.p)

    def choose(self, chooser: Chooser, values: np.ndarray, stream: str,
               forced: np.ndarray | None = None) -> np.ndarray:
        """Choose per world from action values shaped (actions, worlds)."""
        return chooser.choose(values.T, self.model.streams.uniform(self.model.steps, stream), forced)


class Kazakhstan(HedgingAgent):
    """The hedger: alignment, responses to offers, binding engagement.

    State: ``alignment`` (worlds, 3) on the simplex over (China, EU, Russia);
    ``stock`` (worlds, 4) of completed infrastructure by controlling holder
    (China, EU, Russia, domestic), USD bn; ``pipeline`` (worlds, 2, slots) of
    committed volume by financier (China, EU) and ``pipeline_domestic`` its
    nationally controlled part, by completion quarter; ``financed`` (worlds, 2)
    new volume completed since 2025; ``binding`` in [0, 1]; ``engagement``
    (worlds, 2) smoothed take-up of China's and the EU's offers (learnt in
    quarters with an offer, fading in quarters without);
    accumulated ``cumulative_returns``, ``cumulative_risk``, ``cumulative_utility``.
    """

    def __init__(self, model: Model, build_lags: np.ndarray, initial_offers: np.ndarray):
        super().__init__(model)
        p, worlds = self.p, model.worlds
        share = np.stack([p["trade_share_china"], p["trade_share_eu"], p["trade_share_russia"]], 1)
        self.trade_share = share
        self.alignment = share / share.sum(axis=1, keepdims=True)
        self.alignment0 = self.alignment.copy()
        self.stock = np.stack([p["stock_china"], p["stock_eu"], p["stock_russia"],
                               p["stock_domestic"]], axis=1)
        self.stock0 = self.stock.copy()
        self.build_lags = build_lags  # (worlds, 2) whole quarters, China and EU
        self.slots = PIPELINE_SLOTS
        self.pipeline = np.zeros((worlds, 2, self.slots))
        self.pipeline_domestic = np.zeros((worlds, 2, self.slots))
        # Projects already under way in 2025Q1: a year of commitments at the initial
        # offer's pace, under the financier's control, completing evenly over the
        # financier's build lag. The volume does not depend on the lag, so a slower
        # financier does not start with a larger portfolio.
        ahead = np.arange(self.slots)[None, None, :]
        lags = build_lags[:, :, None]
        per_quarter = PIPELINE_START_QUARTERS * initial_offers[:, :, None] / lags
        self.pipeline[:] = np.where((ahead >= 1) & (ahead <= lags), per_quarter, 0.0)
        self.financed = np.zeros((worlds, 2))
        self.binding = p["binding_initial"].copy()
        self.engagement = np.ones((worlds, 2))  # 2025: takes from both
        self.cumulative_returns = np.zeros(worlds)
        self.cumulative_risk = np.zeros(worlds)
        self.cumulative_utility = np.zeros(worlds)
        self.strategy = p["strategy"]
        self.alignment_chooser = self.chooser(*ALIGNMENT_MOVES)
        self.response_choosers = (self.chooser(*RESPONSES), self.chooser(*RESPONSES))
        self.binding_chooser = self.chooser("none", "some", "full")
        self.choice_move = np.zeros(worlds, dtype=np.int64)
        self.choice_response = np.full((worlds, 2), DECLINE, dtype=np.int64)
        self.choice_effort = np.zeros(worlds, dtype=np.int64)
        self.committed = np.zeros((worlds, 2))
        self.committed_domestic = np.zeros((worlds, 2))
        self.completed = np.zeros((worlds, 2))

    # ------------------------------------------------------------------ values
    def expected_pressure_loss(self, s: Situation, alignment: np.ndarray,
                               binding: np.ndarray) -> np.ndarray:
        """Expected loss, anticipating the powers' quantal responses to a state."""
        p = self.p
        lam = p["rationality"]
        p_russia = logistic(payoffs.russia_pressure_value(alignment, s.middle_share, binding,
                                                          s.northern_at_risk, p), lam)
        p_china = logistic(payoffs.china_pressure_value(s.stock, alignment, binding, p), lam)
        return payoffs.expected_pressure_loss(p_russia, p_china, binding, p)

    def alignment_values(self, s: Situation) -> np.ndarray:
        """Value of each alignment move over the planning horizon, (5, worlds)."""
        p = self.p
        options = move_alignment(s.alignment, alignment_targets(s.alignment), p["alignment_step"])
        weights = payoffs.trade_weights(self.trade_share, s.stock, self.stock0,
                                        p["trade_infrastructure_elasticity"])
        returns = (payoffs.trade_returns(options, weights, p["alignment_trade_value"])
                   + payoffs.courting_benefit(options, s.courting, p["courting_transfer"]))
        risk = (p["coercion_exposure"] * 0.5 * payoffs.concentration(options)
                + p["entrapment_weight"] * payoffs.entrapment(options)
                + self.expected_pressure_loss(s, options, s.binding))
        return planning_value(p["planning_horizon"]) * (returns - p["risk_weight"] * risk)

    def response_values(self, s: Situation, partner: int) -> np.ndarray:
        """Value of accepting, diluting or declining a partner's offer, (3, worlds)."""
        p = self.p
        offer = s.offers[:, partner]
        add = response_split(offer, partner, p)
        volume = add.sum(axis=2)
        loan = p["china_loan_cost"] if partner == CHINA else p["eu_loan_cost"]
        net_return = (p["infrastructure_return"] - loan) / 4.0 * volume
        extra_mt = volume * s.capacity_gain_per_bn[:, partner] * s.utilisation[:, partner]
        transit = payoffs.transit_revenue(extra_mt, p["transit_tariff"])
        base = payoffs.structural_risk(s.projected_stock, s.alignment, p)
        risk = payoffs.structural_risk(s.projected_stock + add, s.alignment, p) - base
        horizon = planning_value(p["planning_horizon"], s.build_lags[:, partner])
        return horizon * (net_return + transit - p["risk_weight"] * risk)

    def binding_values(self, s: Situation) -> np.ndarray:
        """Value of no, some or full binding-engagement effort, (3, worlds)."""
        p = self.p
        effort = np.arange(3.0)[:, None]
        binding = binding_update(s.binding, effort, p)
        loss = self.expected_pressure_loss(s, s.alignment, binding)
        # More binding engagement cuts the Middle Corridor's cost; logit
        # derivative of its flow with respect to its own cost.
        saving = p["harmonisation_saving"] * (binding - s.binding)
        extra_mt = corridors.flow_shift(s.demand, s.route_share[:, 1], saving, p["route_dispersion"])
        gain = payoffs.transit_revenue(extra_mt, p["transit_tariff"])
        return (-p["binding_cost"] * effort
                + planning_value(p["planning_horizon"]) * (gain - p["risk_weight"] * loss))

    # --------------------------------------------------------------- the quarter
    def decide(self) -> None:
        s = self.model.situation
        # Counterfactual strategies force the action in their worlds (-1: choose freely).
        china_worlds, eu_worlds = self.strategy == BANDWAGON_CHINA, self.strategy == BANDWAGON_EU
        free = np.full(s.worlds, -1)
        forced_move = np.select([china_worlds, eu_worlds], [TILT_CHINA, TILT_EU], -1)
        forced_response = (np.select([china_worlds, eu_worlds], [ACCEPT, DECLINE], -1),
                           np.select([china_worlds, eu_worlds], [DECLINE, ACCEPT], -1))
        forced_effort = np.where(china_worlds | eu_worlds, 0, free)
        move = self.choose(self.alignment_chooser, self.alignment_values(s), "alignment", forced_move)
        response = np.stack([
            self.choose(self.response_choosers[CHINA], self.response_values(s, CHINA),
                        "response_china", forced_response[CHINA]),
            self.choose(self.response_choosers[EU], self.response_values(s, EU),
                        "response_eu", forced_response[EU]),
        ], axis=1)
        effort = self.choose(self.binding_chooser, self.binding_values(s), "binding", forced_effort)
        self.choice_move, self.choice_response, self.choice_effort = move, response, effort
        # What goes ahead of last quarter's offers, fixed now so that the powers'
        # new offers cannot change it.
        keep = self.p["dilution_keep"][:, None]
        foreign = self.p["joint_venture_foreign_share"][:, None]
        self.committed = s.offers * volume_share(response, keep)
        self.committed_domestic = self.committed - s.offers * control_share(response, keep, foreign)

    def advance(self) -> None:
        m, p = self.model, self.p
        worlds = np.arange(m.worlds)
        # Completions due this quarter.
        slot = m.steps % self.slots
        done, done_domestic = self.pipeline[:, :, slot].copy(), self.pipeline_domestic[:, :, slot].copy()
        self.pipeline[:, :, slot] = 0.0
        self.pipeline_domestic[:, :, slot] = 0.0
        self.stock[:, CHINA] += done[:, CHINA] - done_domestic[:, CHINA]
        self.stock[:, EU] += done[:, EU] - done_domestic[:, EU]
        self.stock[:, DOMESTIC] += done_domestic.sum(axis=1)
        self.financed += done
        self.completed = done
        # New commitments, due after each financier's build lag.
        for partner in (CHINA, EU):
            due = (m.steps + self.build_lags[:, partner].astype(np.int64)) % self.slots
            self.pipeline[worlds, partner, due] += self.committed[:, partner]
            self.pipeline_domestic[worlds, partner, due] += self.committed_domestic[:, partner]
        # Alignment: own move, then any concession China extracted.
        targets = alignment_targets(self.alignment)[self.choice_move, worlds]
        alignment = move_alignment(self.alignment, targets, p["alignment_step"])
        conceded = m.china.choice_pressure * p["concession_step"]
        self.alignment = move_alignment(alignment, np.eye(3)[CHINA], conceded)
        self.binding = binding_update(self.binding, self.choice_effort, p)
        offers = m.situation.offers
        take_up = np.divide(self.committed, offers, out=np.zeros_like(offers), where=offers > 0)
        # Take-up is learnt in quarters with an offer; a giant that stops offering
        # fades from Kazakhstan's engagement.
        self.engagement = np.where(offers > 0,
                                   self.engagement + ENGAGEMENT_SMOOTHING * (take_up - self.engagement),
                                   self.engagement * (1.0 - ENGAGEMENT_FADE))

    # ------------------------------------------------------------------ views
    @property
    def projected_stock(self) -> np.ndarray:
        """Completed stock plus everything committed and not yet completed."""
        projected = self.stock.copy()
        volume = self.pipeline.sum(axis=2)
        domestic = self.pipeline_domestic.sum(axis=2)
        projected[:, CHINA] += volume[:, CHINA] - domestic[:, CHINA]
        projected[:, EU] += volume[:, EU] - domestic[:, EU]
        projected[:, DOMESTIC] += domestic.sum(axis=1)
        return projected


def binding_update(binding: np.ndarray, effort: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Binding engagement after a quarter of ``effort`` (0, 1 or 2 units)."""
    grown = binding + p["binding_growth"] * (effort / 2.0) * (1.0 - binding)
    return np.clip(grown - p["binding_decay"] * binding, 0.0, 1.0)


class Investor(HedgingAgent):
    """A great power that offers investment: China (BRI) or the EU (Global Gateway).

    State: ``offer`` on the table (USD bn, answered next quarter);
    ``expected_volume`` and ``expected_control``: smoothed shares of its offers
    that went ahead and that it controls, learnt from Kazakhstan's responses.
    Its parameters are those named ``<prefix>_ticket``, ``<prefix>_influence_value``,
    ``<prefix>_route_value`` and ``<prefix>_investment_cost``.
    """

    partner: int
    prefix: str
    stream: str

    def __init__(self, model: Model, initial_offer: np.ndarray):
        super().__init__(model)
        self.offer = initial_offer.copy()
        self.expected_volume = np.ones(model.worlds)
        self.expected_control = np.ones(model.worlds)
        self.offer_chooser = self.chooser("none", "third", "two_thirds", "full")
        self.choice_offer = np.zeros(model.worlds, dtype=np.int64)

    def interest(self, s: Situation) -> np.ndarray | float:
        """Scale of the power's valuations (1 for China; the EU's waning interest)."""
        return 1.0

    def offer_values(self, s: Situation) -> np.ndarray:
        """Value of offering 0, 1/3, 2/3 or all of the ticket, (4, worlds): influence and route
        value over the planning horizon after the build lag, minus the cost of what goes ahead."""
        p, partner, prefix = self.p, self.partner, self.prefix
        offer = OFFER_LEVELS[:, None] * p[f"{prefix}_ticket"]
        add = np.zeros((4, s.worlds, 4))
        add[:, :, partner] = offer * self.expected_control
        add[:, :, DOMESTIC] = offer * (self.expected_volume - self.expected_control)
        gain = (payoffs.influence(s.projected_stock + add, s.alignment, partner)
                - payoffs.influence(s.projected_stock, s.alignment, partner))
        capacity = offer * self.expected_volume * s.capacity_gain_per_bn[:, partner]
        horizon = planning_value(p["planning_horizon"], s.build_lags[:, partner])
        value = horizon * (p[f"{prefix}_influence_value"] * gain
                           + p[f"{prefix}_route_value"] * capacity * s.utilisation[:, partner])
        return self.interest(s) * value - p[f"{prefix}_investment_cost"] * self.expected_volume * offer

    def decide(self) -> None:
        s = self.model.situation
        self.choice_offer = self.choose(self.offer_chooser, self.offer_values(s), self.stream)

    def advance(self) -> None:
        """Learn from Kazakhstan's answer to the offer on the table, then table the new one."""
        response = self.model.kazakhstan.choice_response[:, self.partner]
        made = self.model.situation.offers[:, self.partner] > 0
        rate = ENGAGEMENT_SMOOTHING * made
        keep, foreign = self.p["dilution_keep"], self.p["joint_venture_foreign_share"]
        self.expected_volume += rate * (volume_share(response, keep) - self.expected_volume)
        self.expected_control += rate * (control_share(response, keep, foreign) - self.expected_control)
        self.offer = OFFER_LEVELS[self.choice_offer] * self.p[f"{self.prefix}_ticket"]


class China(Investor):
    """BRI / SREB: large, fast investment offers (state loans) and political pressure.

    Besides its offers, China demands concessions (``pressure`` is 1 in such a
    quarter) when its stake is large and Kazakhstan's alignment falls short of it.
    """

    partner, prefix, stream = CHINA, "china", "china_offer"

    def __init__(self, model: Model, initial_offer: np.ndarray):
        super().__init__(model, initial_offer)
        self.pressure_chooser = self.chooser("none", "demand_concessions")
        self.choice_pressure = np.zeros(model.worlds, dtype=np.int64)
        self.pressure = np.zeros(model.worlds)

    def decide(self) -> None:
        super().decide()
        s = self.model.situation
        pressure = np.stack([np.zeros(s.worlds),
                             payoffs.china_pressure_value(s.stock, s.alignment, s.binding, self.p)])
        self.choice_pressure = self.choose(self.pressure_chooser, pressure, "china_pressure")

    def advance(self) -> None:
        super().advance()
        self.pressure = self.choice_pressure.astype(float)


class EuropeanUnion(Investor):
    """Global Gateway: smaller, slower investment offers (ports, digital customs, green energy),
    valued in proportion to the EU's interest, which wanes at ``eu_interest_decline`` a year."""

    partner, prefix, stream = EU, "eu", "eu_offer"

    def interest(self, s: Situation) -> np.ndarray:
        return s.eu_interest


class Russia(HedgingAgent):
    """Controls the Northern route; hybrid pressure against EU tilt and Middle Corridor growth,
    EAEU courting when Kazakhstan drifts away.

    State: ``pressure`` and ``courting``, 1 in a quarter Russia applies them.
    """

    def __init__(self, model: Model):
        super().__init__(model)
        self.pressure_chooser = self.chooser("restrain", "hybrid_pressure")
        self.courting_chooser = self.chooser("none", "court")
        self.choice_pressure = np.zeros(model.worlds, dtype=np.int64)
        self.choice_courting = np.zeros(model.worlds, dtype=np.int64)
        self.pressure = np.zeros(model.worlds)
        self.courting = np.zeros(model.worlds)

    def decide(self) -> None:
        s, p = self.model.situation, self.p
        zero = np.zeros(s.worlds)
        pressure = payoffs.russia_pressure_value(s.alignment, s.middle_share, s.binding,
                                                 s.northern_at_risk, p)
        courting = payoffs.russia_courting_value(s.alignment, self.model.kazakhstan.alignment0, p)
        self.choice_pressure = self.choose(self.pressure_chooser, np.stack([zero, pressure]),
                                           "russia_pressure")
        self.choice_courting = self.choose(self.courting_chooser, np.stack([zero, courting]),
                                           "russia_courting")

    def advance(self) -> None:
        self.pressure = self.choice_pressure.astype(float)
        self.courting = self.choice_courting.astype(float)
