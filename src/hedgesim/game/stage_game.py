"""The quarter's stage game, solved as a logit quantal response equilibrium by one backward pass.

Order of moves (DESIGN.md section 2; equations in ``docs/odd.md`` section 7):

1. the EU chooses its offer (size and standards);
2. China sees it and chooses its offer;
3. each offer's loan rate is bargained in closed form (``bargaining.py``);
4. Kazakhstan answers both offers (accept, dilute or decline each);
5. Russia chooses whether to court (EAEU benefits for a step toward Russia);
6. Kazakhstan moves its alignment and sets its binding effort;
7. China and Russia play the compellence subgame on the state Kazakhstan's
   move leaves (``coercion.py``).

Kazakhstan's answers to offers and its move are additively separable (a
project's effects start after its build lag; this quarter's coercion acts on
completed stock), so the tree splits into an offers subgame (1-4) and a move
subgame (5-7), each solved backward: every player's choice probabilities at
every node are the logit of its values given the quantal responses of those
who move after it. Every value is a present value in USD bn over the same
planning horizon, computed with the payoff functions the model uses for the
realised utilities (``payoffs.py``). The solution is unique, and it runs for
every world at once: no loop over worlds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hedgesim.game import corridors
from hedgesim.game.actions import (
    CHINA_SIZES, EU_SIZES, EU_STRICT, MOVE_EFFORTS, ChinaOffer, Courting, Effort, EUOffer, Holder,
    Investor, Move, Power, Response, Route)
from hedgesim.game.bargaining import interaction, joint_value, nash_in_nash, substitutability
from hedgesim.game.coercion import CoercerTraits, Compellence, compellence
from hedgesim.game.decision_rules import quantal_response
from hedgesim.game.payoffs import (
    QUARTERS_PER_YEAR, china_grievance, discounted_quarters, infrastructure_income, influence_of,
    own_loss_china, own_loss_russia, per_quarter, route_revenue, russia_grievance, total, trade_income,
    transit_revenue, vulnerable_to_china, vulnerable_to_russia)
from hedgesim.game.records import StagePlan, State

N_RESPONSES = len(Response)
KEPT = {Response.ACCEPT: "all", Response.DILUTE: "keep", Response.DECLINE: "none"}
MOVE_OF = np.array([int(m) for m, _ in MOVE_EFFORTS])
EFFORT_OF = np.array([int(e) for _, e in MOVE_EFFORTS])
TILTS_RUSSIA = (MOVE_OF == Move.TILT_RUSSIA).astype(float)
COURT = np.array([0.0, 1.0])  # by Courting


@dataclass(frozen=True)
class Policy:
    """Each decision's allowed actions in every world, from the players' strategies (actions.py)."""

    eu_offer: np.ndarray | None      # (worlds, 5); None: every action allowed in every world
    china_offer: np.ndarray | None   # (worlds, 3)
    responses: np.ndarray | None     # (worlds, 9)
    courting: np.ndarray | None      # (worlds, 2)
    moves: np.ndarray | None         # (worlds, 15)
    coercion: np.ndarray             # (worlds, 2) 1.0 where (China, Russia) may coerce


# ----------------------------------------------------------------- dynamics
def alignment_targets(alignment: np.ndarray) -> np.ndarray:
    """Target of each alignment move, (5, worlds, 3) by Move."""
    targets = np.empty((len(Move),) + alignment.shape)
    targets[Move.HOLD] = alignment
    for move, power in ((Move.TILT_CHINA, Power.CHINA), (Move.TILT_EU, Power.EU),
                        (Move.TILT_RUSSIA, Power.RUSSIA)):
        targets[move] = np.eye(3)[power]
    targets[Move.REBALANCE] = 1.0 / 3.0
    return targets


def move_alignment(alignment: np.ndarray, target: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Convex step toward ``target``: alignment stays on the simplex."""
    return (1.0 - step[..., None]) * alignment + step[..., None] * target


def binding_update(binding: np.ndarray, effort: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Binding engagement after a quarter of ``effort`` (Effort: 0, 1 or 2 units)."""
    grown = binding + p["binding_growth"] * (effort / float(Effort.FULL)) * (1.0 - binding)
    return np.clip(grown - p["binding_decay"] * binding, 0.0, 1.0)


def response_multipliers(p: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Share of an offer's volume that goes ahead, and share the investor controls, (3, worlds) by Response."""
    keep, foreign = p["dilution_keep"], p["joint_venture_foreign_share"]
    one, zero = np.ones_like(keep), np.zeros_like(keep)
    volume, control = np.empty((len(Response),) + keep.shape), np.empty((len(Response),) + keep.shape)
    volume[Response.ACCEPT], control[Response.ACCEPT] = one, one
    volume[Response.DILUTE], control[Response.DILUTE] = keep, keep * foreign
    volume[Response.DECLINE], control[Response.DECLINE] = zero, zero
    return volume, control


def utilisation(s: State) -> tuple[np.ndarray, np.ndarray]:
    """Load of the China-Kazakhstan border and of the Middle Corridor, each (worlds,) in [0, 1]."""
    through = s.flows[:, Route.NORTHERN] + s.flows[:, Route.MIDDLE]
    entry = np.clip(through / s.entry_capacity, 0.0, 1.0)
    middle = np.clip(s.flows[:, Route.MIDDLE] / s.route_capacity[:, Route.MIDDLE], 0.0, 1.0)
    return entry, middle


def spare_capacity(flows: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Spare Mt/yr on the bypass and on the Middle Corridor, (..., 2)."""
    room = np.maximum(capacity - flows, 0.0)
    return np.stack([room[..., Route.BYPASS], room[..., Route.MIDDLE]], axis=-1)


def trade_values(s: State, p: dict[str, np.ndarray]) -> np.ndarray:
    """Trade income per unit of alignment with each partner, (worlds, 3)."""
    return trade_income(np.ones_like(s.alignment), s.trade_weights, p["alignment_trade_value"],
                        p["china_market_access"])


# --------------------------------------------------------------- the solver
@dataclass(frozen=True)
class Projects:
    """Every offer Kazakhstan could be answering, valued: arrays (offers, 3 responses, worlds)."""

    volume: np.ndarray        # USD bn that goes ahead
    control: np.ndarray       # USD bn the investor controls
    kazakh: np.ndarray        # Kazakhstan's present value before interest and risk, USD bn
    power: np.ndarray         # the investor's present value before interest, net of its cost of funds
    annuity: np.ndarray       # present value of interest per unit of annual rate
    quarters: np.ndarray      # (offers, worlds) discounted quarters from completion


def build_lags(p: dict[str, np.ndarray]) -> np.ndarray:
    """Whole quarters from commitment to completion, (worlds, 3): China, EU relaxed, EU strict."""
    strict = np.floor(p["eu_build_lag"] * (1.0 + p["esg_rigidity"]) + 0.5)
    return np.stack([p["china_build_lag"], p["eu_build_lag"], strict], axis=1)


class StageGame:
    """The stage game of one model instance: its parameters, coercers and policies, and ``solve``."""

    def __init__(self, p: dict[str, np.ndarray], policy: Policy):
        self.p, self.policy = p, policy
        self.revenue: np.ndarray | None = None  # Kazakhstan's transit revenue by source, this quarter
        horizon = p["planning_horizon"]
        self.persist = discounted_quarters(horizon)  # a persistent change, from now
        self.traits = (CoercerTraits.of(Power.CHINA, p, self.persist),
                       CoercerTraits.of(Power.RUSSIA, p, self.persist))
        lags = build_lags(p)
        eu_lag = np.where(EU_STRICT[:, None] > 0, lags[:, 2], lags[:, 1])                # (3, W)
        repaid = per_quarter(p["debt_amortisation"])
        # Per offer: USD bn, discounted quarters from completion, PV of interest per unit rate per USD bn.
        self.size = {Investor.CHINA: CHINA_SIZES[:, None] * p["china_ticket"],
                     Investor.EU: EU_SIZES[:, None] * p["eu_ticket"]}
        china_lag = np.broadcast_to(lags[:, 0], (len(CHINA_SIZES), len(lags)))
        self.quarters = {Investor.CHINA: discounted_quarters(horizon, china_lag),
                         Investor.EU: discounted_quarters(horizon, eu_lag)}
        self.norm_quarters = discounted_quarters(horizon, eu_lag, p["norm_decay"])  # (3, W)
        annuity_per_bn = {
            investor: p["loan_share"] * discounted_quarters(horizon, lag, repaid) / QUARTERS_PER_YEAR
            for investor, lag in ((Investor.CHINA, china_lag), (Investor.EU, eu_lag))}
        kept, controlled = response_multipliers(p)
        # What each offer is under each response does not change from quarter to quarter:
        # (offers, 3 responses, worlds) arrays, computed once.
        self.volume = {i: self.size[i][:, None, :] * kept[None] for i in Investor}
        self.control = {i: self.size[i][:, None, :] * controlled[None] for i in Investor}
        self.annuity = {i: self.volume[i] * annuity_per_bn[i][:, None, :] for i in Investor}
        funding = {Investor.CHINA: p["china_funding_cost"], Investor.EU: p["eu_funding_cost"]}
        cost = {Investor.CHINA: p["china_investment_cost"], Investor.EU: p["eu_investment_cost"]}
        # The investor's cost of funds on the loan and net cost of its own equity, present value.
        self.financing = {i: funding[i] * self.annuity[i] + cost[i] * (1.0 - p["loan_share"]) * self.volume[i]
                          for i in Investor}
        self.strict_volume = self.volume[Investor.EU] * EU_STRICT[:, None, None]

    # ------------------------------------------------------------ projects
    def projects(self, s: State, investor: Investor) -> Projects:
        """Value every offer of one investor under each response."""
        p = self.p
        entry_load, middle_load = utilisation(s)
        quarters = self.quarters[investor]
        volume, control = self.volume[investor], self.control[investor]          # (O, 3, W)
        # Kazakhstan: the income the completed project adds to the projected stock's (returns
        # diminish with the stock), and the transit its capacity carries.
        whole = total(s.projected_stock)
        before = infrastructure_income(whole, s.projected_stock[:, Holder.CHINA], s.strict_stock, s.norm, p)
        if investor == Investor.CHINA:
            income = infrastructure_income(whole + volume, s.projected_stock[:, Holder.CHINA] + control,
                                           s.strict_stock, s.norm, p) - before
            carried = volume * (p["china_capacity_per_bn"] * p["china_transport_share"] * entry_load)
            through = s.flows[:, Route.NORTHERN] + s.flows[:, Route.MIDDLE]
            per_mt = (self.revenue[:, Route.NORTHERN] + self.revenue[:, Route.MIDDLE]) / np.maximum(through, 1e-9)
            transit = carried * per_mt
        else:
            income = infrastructure_income(whole + volume, s.projected_stock[:, Holder.CHINA],
                                           s.strict_stock + self.strict_volume, s.norm, p) - before
            carried = volume * (p["mc_capacity_per_bn"] * p["eu_transport_share"] * middle_load)
            transit = transit_revenue(carried, p["tariff_middle"])
        kazakh = quarters[:, None, :] * (income + transit)
        # The investor: influence, its routes, its standards, minus its cost of funds.
        held = s.projected_stock[:, investor]
        aligned = s.alignment[:, investor]
        sway = influence_of(held + control, whole + volume, aligned) - influence_of(held, whole, aligned)
        if investor == Investor.CHINA:
            own = (p["china_influence_value"] * sway + p["china_route_value"] * carried
                   - per_quarter(p["china_compliance_cost"] * s.norm * control))
            power = quarters[:, None, :] * own - self.financing[investor]
        else:
            ticket = np.maximum(p["eu_ticket"], 1e-12)
            norm_gain = p["norm_growth"] * self.strict_volume / ticket * (1.0 - s.norm)
            own = s.eu_interest * (p["eu_influence_value"] * sway + p["eu_route_value"] * carried)
            # The norm level a strict project raises decays at norm_decay a quarter.
            standards = s.eu_interest * p["eu_standards_value"] * norm_gain
            power = (quarters[:, None, :] * own + self.norm_quarters[:, None, :] * standards
                     - self.financing[investor])
        return Projects(volume, control, kazakh, power, self.annuity[investor], quarters)

    # ----------------------------------------------------------------- risk
    def china_coercion(self, s: State, alignment: np.ndarray, binding: np.ndarray,
                       stock: np.ndarray | None = None, interest: np.ndarray | None = None) -> Compellence:
        """China's compellence subgame on a (possibly hypothetical) state; optional arrays
        broadcast against the worlds axis over leading node axes."""
        p = self.p
        stock = s.stock if stock is None else stock
        interest = s.interest if interest is None else interest
        trade = trade_income(alignment, s.trade_weights, p["alignment_trade_value"], p["china_market_access"])
        spare = spare_capacity(s.flows, s.route_capacity)[..., 0]
        vulnerable = vulnerable_to_china(trade, stock, interest, self.revenue, s.flows, spare, binding, p)
        return compellence(vulnerable, china_grievance(stock, alignment), own_loss_china(interest, s.flows, p),
                           alignment, self.traits[0], p["rationality"], self.policy.coercion[:, 0])

    def russia_coercion(self, s: State, alignment: np.ndarray, binding: np.ndarray,
                        middle_capacity_gain: np.ndarray | float = 0.0) -> Compellence:
        """Russia's compellence subgame on a (possibly hypothetical) state: ``middle_capacity_gain``
        Mt/yr more Middle Corridor capacity gives room to reroute but, as it fills, a larger Middle
        Corridor share for Russia to resent."""
        p = self.p
        trade = trade_income(alignment, s.trade_weights, p["alignment_trade_value"], p["china_market_access"])
        spare = spare_capacity(s.flows, s.route_capacity)[..., 1] + middle_capacity_gain
        vulnerable = vulnerable_to_russia(trade, s.stock, self.revenue, s.flows, spare, binding, p)
        middle_load = np.clip(s.flows[:, Route.MIDDLE] / s.route_capacity[:, Route.MIDDLE], 0.0, 1.0)
        middle = s.flows[:, Route.MIDDLE] + middle_capacity_gain * middle_load
        share = middle / np.maximum(total(s.flows), 1e-9)
        return compellence(vulnerable, russia_grievance(alignment, share), own_loss_russia(s.flows, p),
                           alignment, self.traits[1], p["rationality"], self.policy.coercion[:, 1])

    def china_risk(self, s: State, china: Projects, rate: np.ndarray, before: np.ndarray) -> np.ndarray:
        """Change in Kazakhstan's expected loss from China's coercion (USD bn per quarter) once each
        Chinese project is completed at annual ``rate``, (offers, responses, worlds). Offers of
        nothing and declined offers change nothing, so only the others are solved."""
        taken = (slice(1, None), slice(0, Response.DECLINE))
        volume, control = china.volume[taken], china.control[taken]
        added = np.zeros(volume.shape + (4,))
        added[..., Holder.CHINA] = control
        added[..., Holder.DOMESTIC] = volume - control
        loan = self.p["loan_share"] * volume
        interest = s.interest + np.multiply.outer(rate * loan, np.eye(2)[Investor.CHINA])
        after = self.china_coercion(s, s.alignment, s.binding, s.stock + added, interest)
        change = np.zeros_like(china.volume)
        change[taken] = after.kazakh_loss - before
        return change

    def russia_risk(self, s: State, eu: Projects, before: np.ndarray) -> np.ndarray:
        """Change in Kazakhstan's expected loss from Russia's coercion (USD bn per quarter) once each EU
        project's Middle Corridor capacity is built, (offers, responses, worlds). Offers of nothing
        and declined offers change nothing, so only the others are solved."""
        taken = (slice(1, None), slice(0, Response.DECLINE))
        gain = eu.volume[taken] * self.p["mc_capacity_per_bn"] * self.p["eu_transport_share"]
        change = np.zeros_like(eu.volume)
        change[taken] = self.russia_coercion(s, s.alignment, s.binding, gain).kazakh_loss - before
        return change

    # ---------------------------------------------------------------- solve
    def solve(self, s: State) -> StagePlan:
        p = self.p
        self.revenue = route_revenue(s.flows, s.other_transit, p)
        self.values = trade_values(s, p)
        offers = self.solve_offers(s)
        moves = self.solve_moves(s)
        return StagePlan(**offers, **moves)

    def solve_offers(self, s: State) -> dict[str, np.ndarray]:
        """Stages 1-4: the EU's offer, China's offer, the bargained rates, Kazakhstan's answers.

        Arrays are laid out actions first: (actions, EU offer, China offer, worlds).
        """
        p, lam, rho = self.p, self.p["rationality"], self.p["risk_weight"]
        kappa, beta = p["project_complementarity"], p["bargaining_power"]
        china, eu = self.projects(s, Investor.CHINA), self.projects(s, Investor.EU)
        accept = Response.ACCEPT
        # Risk effects: China's projects (their debt at China's cost of funds), the EU's capacity.
        china_now = self.china_coercion(s, s.alignment, s.binding).kazakh_loss
        russia_now = self.russia_coercion(s, s.alignment, s.binding).kazakh_loss
        risk_eu = rho * eu.quarters[:, None, :] * self.russia_risk(s, eu, russia_now)      # (e, rE, W)
        risk_china = (rho * china.quarters[:, None, :]
                      * self.china_risk(s, china, p["china_funding_cost"], china_now))   # (c, rC, W)
        # Kazakhstan's value of each accepted project, net of its risk.
        x_china = china.kazakh[:, accept] - risk_china[:, accept]                          # (c, W)
        x_eu = eu.kazakh[:, accept] - risk_eu[:, accept]                                   # (e, W)
        substitutes = substitutability(kappa)
        per_bn = lambda value, proj: value / np.maximum(proj.volume[:, accept], 1e-12)    # noqa: E731
        # The threat of replacement: the rival builds the project at its own value per USD, for as
        # much of it as the rival's own offer covers.
        eu_builds = per_bn(x_eu, eu) + per_bn(eu.power[:, accept], eu)                     # (e, W)
        china_builds = per_bn(x_china, china) + per_bn(china.power[:, accept], china)     # (c, W)
        covered = np.minimum(china.volume[None, :, accept], eu.volume[:, None, accept])   # (e, c, W)
        outside_china = substitutes * np.maximum(eu_builds[:, None] * covered, 0.0)
        outside_eu = substitutes * np.maximum(china_builds[None] * covered, 0.0)
        rate_china = nash_in_nash(joint_value(x_china[None], x_eu[:, None], kappa), china.power[None, :, accept],
                                  china.annuity[None, :, accept], beta, outside_china).rate  # (e, c, W)
        rate_eu = nash_in_nash(joint_value(x_eu[:, None], x_china[None], kappa), eu.power[:, None, accept],
                               eu.annuity[:, None, accept], beta, outside_eu).rate
        # Kazakhstan's joint answer at every node: values (rC, rE, e, c, W), with the projects'
        # interaction on their values net of risk, as in the bargaining.
        net_c = (china.kazakh - risk_china).transpose(1, 0, 2)                               # (rC, c, W)
        net_e = (eu.kazakh - risk_eu).transpose(1, 0, 2)                                     # (rE, e, W)
        annuity_c, annuity_e = china.annuity.transpose(1, 0, 2), eu.annuity.transpose(1, 0, 2)
        own_china = net_c[:, None] - rate_china[None] * annuity_c[:, None]                  # (rC, e, c, W)
        own_eu = net_e[:, :, None] - rate_eu[None] * annuity_e[:, :, None]                  # (rE, e, c, W)
        values = (own_china[:, None] + own_eu[None]
                  + kappa * interaction(net_c[:, None, None], net_e[None, :, :, None]))
        n_eu, n_china, worlds = len(EUOffer), len(ChinaOffer), s.worlds
        response_values = values.reshape(N_RESPONSES ** 2, n_eu, n_china, worlds)
        responses = quantal_response(response_values, lam, _first(self.policy.responses))  # (9, e, c, W)
        by_pair = responses.reshape(N_RESPONSES, N_RESPONSES, n_eu, n_china, worlds)
        take_china, take_eu = by_pair.sum(axis=1), by_pair.sum(axis=0)                     # (r, e, c, W)
        # China at each EU offer, anticipating the answers; then the EU, anticipating China.
        gain_china = china.power.transpose(1, 0, 2)[:, None] + rate_china[None] * annuity_c[:, None]
        china_values = (take_china * gain_china).sum(axis=0).transpose(1, 0, 2)             # (c, e, W)
        china_offer = quantal_response(china_values, lam, _first(self.policy.china_offer))
        gain_eu = eu.power.transpose(1, 0, 2)[:, :, None] + rate_eu[None] * annuity_e[:, :, None]
        eu_given_china = (take_eu * gain_eu).sum(axis=0)                                      # (e, c, W)
        eu_values = (china_offer.transpose(1, 0, 2) * eu_given_china).sum(axis=1)             # (e, W)
        eu_offer = quantal_response(eu_values, lam, _first(self.policy.eu_offer))
        rates = np.stack([rate_china, rate_eu], axis=-1)                                      # (e, c, W, 2)
        return dict(eu_values=eu_values, eu_offer=eu_offer, china_values=china_values,
                    china_offer=china_offer, rates=rates, response_values=response_values,
                    responses=responses)

    def solve_moves(self, s: State) -> dict[str, np.ndarray]:
        """Stages 5-7: Russia's courting, Kazakhstan's move and effort, the coercion subgames.

        Arrays are laid out actions first: (move and effort, courting, worlds).
        """
        p, lam, rho, persist = self.p, self.p["rationality"], self.p["risk_weight"], self.persist
        targets = alignment_targets(s.alignment)                                    # (5, W, 3)
        post_alignment = move_alignment(s.alignment, targets, p["alignment_step"])[MOVE_OF]  # (15, W, 3)
        post_binding = binding_update(s.binding, EFFORT_OF[:, None].astype(float), p)        # (15, W)
        coercion = (self.china_coercion(s, post_alignment, post_binding),
                    self.russia_coercion(s, post_alignment, post_binding))
        risk = coercion[0].kazakh_loss + coercion[1].kazakh_loss                    # (15, W)
        trade_gain = total(self.values * (post_alignment - s.alignment))            # (15, W)
        saving = p["harmonisation_saving"] * (post_binding - s.binding)
        extra_mt = corridors.flow_shift(s.demand, s.route_share[:, Route.MIDDLE], saving, p["route_dispersion"])
        binding_gain = transit_revenue(extra_mt, p["tariff_middle"])
        base = (persist * (trade_gain + binding_gain - rho * risk)
                - p["binding_cost"] * EFFORT_OF[:, None])                           # (15, W)
        courted = TILTS_RUSSIA[:, None, None] * COURT[None, :, None] * p["courting_transfer"]  # (15, 2, W)
        move_values = base[:, None] + courted
        moves = quantal_response(move_values, lam, _first(self.policy.moves))      # (15, 2, W)
        # Russia courts if the alignment it buys (and what it does to its coercion) beats the transfers.
        russia_stage = (persist * 0.5 * p["russia_influence_value"]
                        * (post_alignment[..., Power.RUSSIA] - s.alignment[:, Power.RUSSIA])
                        + coercion[1].coercer_value)                                # (15, W)
        courting_values = (moves * (russia_stage[:, None] - courted)).sum(axis=0)  # (2, W)
        courting = quantal_response(courting_values, lam, _first(self.policy.courting))
        return dict(courting_values=courting_values, courting=courting, move_values=move_values,
                    moves=moves, coercion=coercion, post_alignment=post_alignment,
                    post_binding=post_binding)


def _first(allowed: np.ndarray | None) -> np.ndarray | None:
    """A policy mask (worlds, actions) laid out actions first, as the stage game's arrays are."""
    return None if allowed is None else allowed.T
