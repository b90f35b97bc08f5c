"""The four players: Kazakhstan, China, the EU and Russia, as Mesa agents over R worlds.

Each agent holds its own state (numpy arrays over worlds) and one ``Chooser``
per decision, built with the allowed actions of its strategy. In the quarter's
stage game (``stage_game.py``) every player's quantal response at every node is
computed first; then, in the order of moves, each player chooses at the node
the earlier choices reached, reading only the frozen ``StagePlan`` and the
choices made so far, never another agent's attributes. Each decision draws its
own random stream, so no two decisions share a draw.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from mesa import Agent, Model

from hedgesim.game.actions import (
    CHINA_COERCION_ALLOWED, CHINA_OFFERS_ALLOWED, CHINA_RESPONSES_ALLOWED, CHINA_SIZES,
    EU_OFFERS_ALLOWED, EU_RESPONSES_ALLOWED, EU_SIZES, EU_STRICT, MOVE_EFFORTS, MOVES_ALLOWED,
    RESPONSE_PAIRS, RUSSIA_COERCION_ALLOWED, RUSSIA_COURTING_ALLOWED, Answer, ChinaOffer, Coercion,
    Courting, Effort, EUOffer, Holder, Investor, Move, Power, Response, choice_names)
from hedgesim.game.decision_rules import Chooser
from hedgesim.game.indicators import ENGAGEMENT_FADE, ENGAGEMENT_SMOOTHING
from hedgesim.game.parameters import PARAMETERS
from hedgesim.game.payoffs import per_quarter
from hedgesim.game.records import Choices, StagePlan
from hedgesim.game.stage_game import Policy, build_lags, response_multipliers

PIPELINE_START_QUARTERS = 4  # projects under way at the start: a year of commitments
OPENING_OFFER = 0.5          # ... at half of each investor's ticket a quarter
# Pipeline slots: the longest possible build lag + 1, the same in every batch so that
# a world's sums never depend on the other worlds it runs with.
PIPELINE_SLOTS = int(max(PARAMETERS["china_build_lag"].high,
                         PARAMETERS["eu_build_lag"].high * (1 + PARAMETERS["esg_rigidity"].high))) + 1


class Field(IntEnum):
    """What the pipeline holds per investor and completion slot, USD bn (interest: USD bn a year)."""

    VOLUME = 0
    CONTROL = 1
    STRICT = 2
    INTEREST = 3


def policy_of(p: dict[str, np.ndarray]) -> Policy:
    """Every decision's allowed actions in every world, from the four strategy parameters."""
    kazakh, china, eu, russia = (p["strategy"], p["china_strategy"], p["eu_strategy"],
                                 p["russia_strategy"])
    pairs = np.array([(int(rc), int(re)) for rc, re in RESPONSE_PAIRS])
    responses = CHINA_RESPONSES_ALLOWED[kazakh][:, pairs[:, 0]] & EU_RESPONSES_ALLOWED[kazakh][:, pairs[:, 1]]
    moves = MOVES_ALLOWED[kazakh][:, [int(m) for m, _ in MOVE_EFFORTS]]
    coercion = np.stack([CHINA_COERCION_ALLOWED[china][:, Coercion.COERCE],
                         RUSSIA_COERCION_ALLOWED[russia][:, Coercion.COERCE]], axis=1).astype(float)
    unless_all = lambda allowed: None if allowed.all() else allowed  # noqa: E731 - skip free masks
    return Policy(unless_all(EU_OFFERS_ALLOWED[eu]), unless_all(CHINA_OFFERS_ALLOWED[china]),
                  unless_all(responses), unless_all(RUSSIA_COURTING_ALLOWED[russia]), unless_all(moves),
                  coercion)


class Player(Agent):
    """Common plumbing: the model's parameters and random streams, and choosing at a node."""

    def __init__(self, model: Model):
        super().__init__(model)
        self.p = model.p

    def chooser(self, name: str, actions: tuple[str, ...], allowed: np.ndarray | None = None) -> Chooser:
        return Chooser(name, actions, self.p, allowed)

    def draw(self, chooser: Chooser, values: np.ndarray, logit: np.ndarray) -> np.ndarray:
        """One choice per world from ``values`` (worlds, actions), whose logit quantal response the
        stage game computed as ``logit``, with the decision's own random stream."""
        return chooser.choose(values, self.model.streams.uniform(self.model.steps, chooser.name), logit)


def binary(p: np.ndarray) -> np.ndarray:
    """(worlds, 2) probabilities of (no, yes) from P(yes)."""
    return np.stack([1.0 - p, p], axis=1)


def at_node(array: np.ndarray, *index: np.ndarray) -> np.ndarray:
    """Each world's values at its own node ``index``: (worlds, actions) from an array laid out
    (actions, nodes..., worlds)."""
    worlds = np.arange(array.shape[-1])
    return array[(slice(None), *index, worlds)].T


def at_move(array: np.ndarray, move: np.ndarray) -> np.ndarray:
    """Each world's value at its own move, from an array (moves, worlds)."""
    return array[move, np.arange(array.shape[-1])]


class EuropeanUnion(Player):
    """Global Gateway: offers (size and standards) valued in proportion to its waning interest."""

    def __init__(self, model: Model, policy: Policy):
        super().__init__(model)
        self.offer_chooser = self.chooser("eu_offer", choice_names(EUOffer), policy.eu_offer)

    def choose_offer(self, plan: StagePlan) -> np.ndarray:
        return self.draw(self.offer_chooser, plan.eu_values.T, plan.eu_offer.T)


class China(Player):
    """BRI / SREB: large, fast offers, and concession demands (coercion) when they pay."""

    def __init__(self, model: Model, policy: Policy):
        super().__init__(model)
        self.offer_chooser = self.chooser("china_offer", choice_names(ChinaOffer), policy.china_offer)
        allowed = np.stack([np.ones(model.worlds, bool), policy.coercion[:, 0] > 0], axis=1)
        self.coercion_chooser = self.chooser("china_coercion", choice_names(Coercion), allowed)

    def choose_offer(self, plan: StagePlan, eu_offer: np.ndarray) -> np.ndarray:
        return self.draw(self.offer_chooser, at_node(plan.china_values, eu_offer),
                         at_node(plan.china_offer, eu_offer))

    def choose_coercion(self, plan: StagePlan, move: np.ndarray) -> np.ndarray:
        coercion = plan.coercion[0]
        value = at_move(coercion.value, move)
        return self.draw(self.coercion_chooser, np.stack([np.zeros_like(value), value], axis=1),
                         binary(at_move(coercion.p_coerce, move)))


class Russia(Player):
    """Controls the Northern route and sits on the CPC: EAEU courting, or hybrid pressure."""

    def __init__(self, model: Model, policy: Policy):
        super().__init__(model)
        self.courting_chooser = self.chooser("russia_courting", choice_names(Courting), policy.courting)
        allowed = np.stack([np.ones(model.worlds, bool), policy.coercion[:, 1] > 0], axis=1)
        self.coercion_chooser = self.chooser("russia_coercion", choice_names(Coercion), allowed)

    def choose_courting(self, plan: StagePlan) -> np.ndarray:
        return self.draw(self.courting_chooser, plan.courting_values.T, plan.courting.T)

    def choose_coercion(self, plan: StagePlan, move: np.ndarray) -> np.ndarray:
        coercion = plan.coercion[1]
        value = at_move(coercion.value, move)
        return self.draw(self.coercion_chooser, np.stack([np.zeros_like(value), value], axis=1),
                         binary(at_move(coercion.p_coerce, move)))


class Kazakhstan(Player):
    """The hedger: answers to offers, alignment, binding engagement, answers to coercion.

    State (arrays over worlds): ``alignment`` (worlds, 3) on the simplex over (China, EU,
    Russia); ``stock`` (worlds, 4) of completed infrastructure by controller (China, EU,
    Russia, domestic), USD bn; ``strict_stock`` built to strict EU standards; ``debt``
    (worlds, 2) owed to China and the EU, USD bn, and its ``interest`` bill, USD bn a year;
    ``pipeline``: committed projects by investor, field and completion slot; ``binding``
    engagement and ``norm`` (adoption of EU standards), 0-1; ``engagement`` (worlds, 2),
    the smoothed take-up of China's and the EU's offers.
    """

    def __init__(self, model: Model, policy: Policy):
        super().__init__(model)
        p, worlds = self.p, model.worlds
        share = np.stack([p["trade_share_china"], p["trade_share_eu"], p["trade_share_russia"]], 1)
        self.trade_share = share
        self.alignment = share / share.sum(axis=1, keepdims=True)
        self.stock = np.stack([p["stock_china"], p["stock_eu"], p["stock_russia"], p["stock_domestic"]], 1)
        self.stock0 = self.stock.copy()
        self.strict_stock = np.zeros(worlds)
        self.debt = np.stack([p["debt_china"], p["debt_eu"]], axis=1)
        self.interest = self.debt * np.stack([p["legacy_rate_china"], p["legacy_rate_eu"]], axis=1)
        self.binding = p["binding_initial"].copy()
        self.norm = p["norm_initial"].copy()
        self.engagement = np.ones((worlds, 2))
        self.lags = build_lags(p)
        self.pipeline = np.zeros((len(Investor), len(Field), worlds, PIPELINE_SLOTS))
        self._start_pipeline()
        self.cumulative_utility = np.zeros(worlds)
        self.response_chooser = self.chooser(
            "responses", tuple(f"{rc.name.lower()}_{re.name.lower()}" for rc, re in RESPONSE_PAIRS),
            policy.responses)
        self.move_chooser = self.chooser(
            "move", tuple(f"{m.name.lower()}_{e.name.lower()}" for m, e in MOVE_EFFORTS), policy.moves)
        self.answer_choosers = (self.chooser("answer_china", choice_names(Answer)),
                                self.chooser("answer_russia", choice_names(Answer)))

    def _start_pipeline(self) -> None:
        """Projects under way at the start: a year of half-ticket commitments per investor,
        completing evenly over its build lag (the EU's at strict standards), at legacy rates.
        The volume does not depend on the lag, so a slower financier has no larger start."""
        p = self.p
        legacy = (p["legacy_rate_china"], p["legacy_rate_eu"])
        tickets = (p["china_ticket"], p["eu_ticket"])
        lags = (self.lags[:, 0], self.lags[:, 2])
        for investor in Investor:
            lag = lags[investor].astype(np.int64)
            total = PIPELINE_START_QUARTERS * OPENING_OFFER * tickets[investor]
            for k in range(1, PIPELINE_SLOTS):
                due = (k <= lag) / np.maximum(lag, 1) * total
                self.pipeline[investor, Field.VOLUME, :, k] += due
                self.pipeline[investor, Field.CONTROL, :, k] += due
                self.pipeline[investor, Field.STRICT, :, k] += due * (investor == Investor.EU)
                self.pipeline[investor, Field.INTEREST, :, k] += p["loan_share"] * due * legacy[investor]

    # --------------------------------------------------------------- choices
    def answer_offers(self, plan: StagePlan, eu_offer: np.ndarray, china_offer: np.ndarray) -> np.ndarray:
        """Index into RESPONSE_PAIRS of the joint answer to both offers."""
        return self.draw(self.response_chooser, at_node(plan.response_values, eu_offer, china_offer),
                         at_node(plan.responses, eu_offer, china_offer))

    def choose_move(self, plan: StagePlan, courting: np.ndarray) -> np.ndarray:
        """Index into MOVE_EFFORTS of the alignment move and binding effort."""
        return self.draw(self.move_chooser, at_node(plan.move_values, courting), at_node(plan.moves, courting))

    def answer_coercion(self, plan: StagePlan, move: np.ndarray) -> np.ndarray:
        """Answer (resist or concede) to each coercer, (worlds, 2), as if coerced."""
        answers = []
        for chooser, coercion in zip(self.answer_choosers, plan.coercion, strict=True):
            resist = at_move(coercion.resist_cost, move)
            concede = at_move(coercion.concede_cost, move)
            answers.append(self.draw(chooser, np.stack([-resist, -concede], axis=1),
                                     binary(at_move(coercion.p_concede, move))))
        return np.stack(answers, axis=1)

    # --------------------------------------------------------------- updates
    @property
    def projected_stock(self) -> np.ndarray:
        """Completed stock plus everything committed and not yet completed."""
        projected = self.stock.copy()
        volume = self.pipeline[:, Field.VOLUME].sum(axis=-1)
        control = self.pipeline[:, Field.CONTROL].sum(axis=-1)
        projected[:, Holder.CHINA] += control[Investor.CHINA]
        projected[:, Holder.EU] += control[Investor.EU]
        projected[:, Holder.DOMESTIC] += (volume - control).sum(axis=0)
        return projected

    def commitments(self, choices: Choices) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Volume that goes ahead, volume the investor controls, and volume at strict standards,
        each (worlds, 2) over (China, EU), from this quarter's offers and answers."""
        p = self.p
        kept, controlled = response_multipliers(p)
        worlds = np.arange(len(choices.eu_offer))
        size = np.stack([CHINA_SIZES[choices.china_offer] * p["china_ticket"],
                         EU_SIZES[choices.eu_offer] * p["eu_ticket"]], axis=1)
        answers = (choices.response_china, choices.response_eu)
        volume = np.stack([size[:, i] * kept[answers[i], worlds] for i in Investor], axis=1)
        control = np.stack([size[:, i] * controlled[answers[i], worlds] for i in Investor], axis=1)
        strict = np.zeros_like(volume)
        strict[:, Investor.EU] = volume[:, Investor.EU] * EU_STRICT[choices.eu_offer]
        return volume, control, strict

    def advance(self, plan: StagePlan, choices: Choices, rates: np.ndarray) -> dict[str, np.ndarray]:
        """The quarter's state updates; returns what happened (completions, commitments, coercion)."""
        p, model = self.p, self.model
        worlds = np.arange(model.worlds)
        # Completions due this quarter: stock, debt and its interest, strict standards.
        slot = model.steps % PIPELINE_SLOTS
        due = self.pipeline[:, :, :, slot].copy()          # (investor, field, worlds)
        self.pipeline[:, :, :, slot] = 0.0
        volume, control, strict, interest = (due[:, f] for f in (Field.VOLUME, Field.CONTROL, Field.STRICT,
                                                                  Field.INTEREST))
        self.stock[:, Holder.CHINA] += control[Investor.CHINA]
        self.stock[:, Holder.EU] += control[Investor.EU]
        self.stock[:, Holder.DOMESTIC] += (volume - control).sum(axis=0)
        self.strict_stock += strict[Investor.EU]
        repaid = 1.0 - per_quarter(p["debt_amortisation"])
        self.debt = self.debt * repaid[:, None] + (p["loan_share"] * volume).T
        self.interest = self.interest * repaid[:, None] + interest.T
        ticket = np.maximum(p["eu_ticket"], 1e-12)
        self.norm = np.clip(self.norm + p["norm_growth"] * strict[Investor.EU] / ticket * (1.0 - self.norm)
                            - p["norm_decay"] * self.norm, 0.0, 1.0)
        # New commitments, due after each investor's build lag.
        committed, committed_control, committed_strict = self.commitments(choices)
        lags = np.stack([self.lags[:, 0],
                         np.where(EU_STRICT[choices.eu_offer] > 0, self.lags[:, 2], self.lags[:, 1])], 1)
        for investor in Investor:
            at = (model.steps + lags[:, investor].astype(np.int64)) % PIPELINE_SLOTS
            for field, amount in ((Field.VOLUME, committed[:, investor]),
                                  (Field.CONTROL, committed_control[:, investor]),
                                  (Field.STRICT, committed_strict[:, investor]),
                                  (Field.INTEREST, p["loan_share"] * committed[:, investor] * rates[:, investor])):
                self.pipeline[investor, field, worlds, at] += amount
        # Alignment and binding after the move, then what coercion did to alignment.
        move = choices.move * len(Effort) + choices.effort
        self.alignment = plan.post_alignment[move, worlds].copy()
        self.binding = plan.post_binding[move, worlds].copy()
        for k, power in enumerate((Power.CHINA, Power.RUSSIA)):
            coerced = choices.coercion[:, k] == Coercion.COERCE
            conceded = coerced & (choices.answer[:, k] == Answer.CONCEDE)
            resisted = coerced & (choices.answer[:, k] == Answer.RESIST)
            self.alignment = concede_alignment(self.alignment, power, p["concession_step"] * conceded)
            self.alignment = backlash_alignment(self.alignment, power, p["backlash_step"] * resisted)
        # Take-up of each giant's offers, learnt in quarters with an offer, fading in others.
        offered = np.stack([CHINA_SIZES[choices.china_offer], EU_SIZES[choices.eu_offer]], axis=1) > 0
        size = np.stack([CHINA_SIZES[choices.china_offer] * p["china_ticket"],
                         EU_SIZES[choices.eu_offer] * p["eu_ticket"]], axis=1)
        take_up = np.divide(committed, size, out=np.zeros_like(size), where=size > 0)
        self.engagement = np.where(offered, self.engagement + ENGAGEMENT_SMOOTHING * (take_up - self.engagement),
                                   self.engagement * (1.0 - ENGAGEMENT_FADE))
        return {"completed": volume.T, "committed": committed, "offered": size}


def concede_alignment(alignment: np.ndarray, power: Power, step: np.ndarray) -> np.ndarray:
    """Alignment after conceding to ``power``: ``step`` of the way toward it."""
    target = np.eye(3)[power]
    return (1.0 - step[:, None]) * alignment + step[:, None] * target


def backlash_alignment(alignment: np.ndarray, power: Power, step: np.ndarray) -> np.ndarray:
    """Alignment after resisting ``power``: ``step`` of its alignment with the power moves to the
    others, in proportion to Kazakhstan's alignment with them (toward the rival)."""
    moved = step * alignment[:, power]
    rest = 1.0 - alignment[:, power]
    out = alignment + moved[:, None] * np.divide(alignment, rest[:, None], out=np.full_like(alignment, 0.5),
                                                 where=rest[:, None] > 1e-12)
    out[:, power] = alignment[:, power] - moved
    return out
