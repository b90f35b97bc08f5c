"""An independent replay of a run from its reported columns and its parameters.

The model reports each quarter's choices (offers, answers, moves, efforts, coercion
episodes), the end-of-quarter state (alignment, stocks, debt, binding, norm, flows,
capacities) and what it made of them (returns, risk, utility, indicators, the powers'
utilities). ``Replay`` recomputes the second and the third from the first, quarter by
quarter, with the formulas the docstrings and ``docs/odd.md`` give, written here in plain
numpy and sharing no code with ``hedgesim.game`` except the model run itself and the
parameter schema's defaults. Each test then compares a reported column with its replay.

Arrays are (quarters, worlds): row t - 1 is quarter t.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hedgesim.game.model import COLUMNS, HedgingModel
from hedgesim.game.parameters import PARAMETERS

# Codes written out from the enums' documentation (actions.py), not imported.
ACCEPT, DILUTE, DECLINE = 0, 1, 2
HOLD, TILT_CHINA, TILT_EU, TILT_RUSSIA, REBALANCE = 0, 1, 2, 3, 4
CHINA, EU, RUSSIA, DOMESTIC = 0, 1, 2, 3
OPENING_PIPELINE_QUARTERS, OPENING_OFFER = 4, 0.5  # a year of half-ticket commitments under way
TAKE_UP_SMOOTHING, TAKE_UP_FADE = 0.25, 0.1


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Replay:
    """A model run of ``worlds`` worlds and ``quarters`` quarters, and its replay."""

    def __init__(self, worlds: int = 12, quarters: int = 14, seed: int = 0, **params: Any):
        self.worlds, self.quarters = worlds, quarters
        self.given = params
        self.model = HedgingModel(worlds=worlds, rng=list(range(seed, seed + worlds)), horizon=quarters,
                                  **params)
        for _ in range(quarters):
            self.model.step()
        frame = self.model.timeseries()
        assert frame["step"].tolist() == list(np.repeat(np.arange(1, quarters + 1), worlds))
        self.col = {name: frame[name].to_numpy().reshape(quarters, worlds) for name in COLUMNS}
        self._replay_pipeline()

    # ------------------------------------------------------------------ inputs
    def p(self, name: str) -> np.ndarray:
        """A parameter, (worlds,): the value given to the model, else the schema's default."""
        spec = PARAMETERS[name]
        value = self.given.get(name, spec.default)
        if spec.kind == "choice":
            return np.broadcast_to(np.asarray(value, dtype=object), (self.worlds,))
        return np.broadcast_to(np.asarray(value, dtype=float), (self.worlds,)).astype(float)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.col[name]

    def previous(self, name: str, start: np.ndarray) -> np.ndarray:
        """Column ``name`` one quarter back: row t - 1 holds quarter t - 1's value, ``start`` for t = 1."""
        return np.vstack([np.broadcast_to(start, (1, self.worlds)), self.col[name][:-1]])

    @property
    def t(self) -> np.ndarray:
        """The quarter index t = 1, 2, ... as a (quarters, 1) column."""
        return np.arange(1, self.quarters + 1)[:, None].astype(float)

    def lags(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Build lags in whole quarters: China, EU relaxed, EU strict (half rounded up)."""
        strict = np.floor(self.p("eu_build_lag") * (1.0 + self.p("esg_rigidity")) + 0.5)
        return (self.p("china_build_lag").astype(int), self.p("eu_build_lag").astype(int),
                strict.astype(int))

    # -------------------------------------------------------------- the pipeline
    def _replay_pipeline(self) -> None:
        """Completions, control, strict volume and interest added, by investor and quarter."""
        T, W = self.quarters, self.worlds
        china_lag, relaxed_lag, strict_lag = self.lags()
        loan_share = self.p("loan_share")
        self.completed = np.zeros((2, T, W))
        self.completed_control = np.zeros((2, T, W))
        self.completed_strict = np.zeros((T, W))
        self.interest_added = np.zeros((2, T, W))
        keep_share_controlled = {ACCEPT: 1.0, DILUTE: None, DECLINE: 0.0}
        opening = ((china_lag, self.p("china_ticket"), self.p("legacy_rate_china")),
                   (strict_lag, self.p("eu_ticket"), self.p("legacy_rate_eu")))
        for investor, (lag, ticket, legacy) in enumerate(opening):
            for w in range(W):
                each = OPENING_PIPELINE_QUARTERS * OPENING_OFFER * ticket[w] / lag[w]
                for t in range(1, min(lag[w], T) + 1):
                    self.completed[investor, t - 1, w] += each
                    self.completed_control[investor, t - 1, w] += each
                    self.interest_added[investor, t - 1, w] += loan_share[w] * each * legacy[w]
                    if investor == EU:
                        self.completed_strict[t - 1, w] += each
        committed = (self.col["committed_china"], self.col["committed_eu"])
        responses = (self.col["response_china"], self.col["response_eu"])
        rates = (self.col["loan_cost_china"], self.col["loan_cost_eu"])
        foreign = self.p("joint_venture_foreign_share")
        for investor in (CHINA, EU):
            for w in range(W):
                for t in range(1, T + 1):
                    volume = committed[investor][t - 1, w]
                    if volume == 0.0:
                        continue
                    if investor == CHINA:
                        lag = china_lag[w]
                        strict = False
                    else:
                        strict = self.col["eu_strict_standards"][t - 1, w] == 1.0
                        lag = strict_lag[w] if strict else relaxed_lag[w]
                    due = t + lag
                    if due > T:
                        continue
                    response = int(responses[investor][t - 1, w])
                    controlled = keep_share_controlled[response]
                    controlled = foreign[w] if controlled is None else controlled
                    self.completed[investor, due - 1, w] += volume
                    self.completed_control[investor, due - 1, w] += controlled * volume
                    self.interest_added[investor, due - 1, w] += loan_share[w] * volume * rates[investor][t - 1, w]
                    if strict:
                        self.completed_strict[due - 1, w] += volume
        # Debt and its interest bill: amortised at debt_amortisation a year, plus new loans.
        keep = 1.0 - self.p("debt_amortisation") / 4.0
        self.debt = np.zeros((2, T, W))
        self.interest = np.zeros((2, T, W))
        debt = np.stack([self.p("debt_china"), self.p("debt_eu")])
        interest = debt * np.stack([self.p("legacy_rate_china"), self.p("legacy_rate_eu")])
        for t in range(T):
            debt = debt * keep + loan_share * self.completed[:, t]
            interest = interest * keep + self.interest_added[:, t]
            self.debt[:, t], self.interest[:, t] = debt, interest

    def interest_before(self) -> np.ndarray:
        """The interest bill at the start of each quarter, (2, quarters, worlds)."""
        start = np.stack([self.p("debt_china") * self.p("legacy_rate_china"),
                          self.p("debt_eu") * self.p("legacy_rate_eu")])
        return np.concatenate([start[:, None], self.interest[:, :-1]], axis=1)

    # ------------------------------------------------------------------ state
    def initial_stock(self) -> np.ndarray:
        return np.stack([self.p("stock_china"), self.p("stock_eu"), self.p("stock_russia"),
                         self.p("stock_domestic")], axis=-1)                         # (W, 4)

    def stock(self) -> np.ndarray:
        """Reported end-of-quarter stock, (quarters, worlds, 4)."""
        return np.stack([self.col["stock_china"], self.col["stock_eu"], self.col["stock_russia"],
                         self.col["stock_domestic"]], axis=-1)

    def stock_before(self) -> np.ndarray:
        return np.concatenate([self.initial_stock()[None], self.stock()[:-1]])

    def initial_alignment(self) -> np.ndarray:
        share = np.stack([self.p("trade_share_china"), self.p("trade_share_eu"), self.p("trade_share_russia")],
                         axis=-1)
        return share / share.sum(axis=-1, keepdims=True)

    def alignment(self) -> np.ndarray:
        return np.stack([self.col["alignment_china"], self.col["alignment_eu"], self.col["alignment_russia"]],
                        axis=-1)

    def alignment_before(self) -> np.ndarray:
        return np.concatenate([self.initial_alignment()[None], self.alignment()[:-1]])

    def alignment_after_move(self) -> np.ndarray:
        """Alignment after Kazakhstan's own move, before any coercion: a convex step of
        alignment_step toward the move's target (hold: itself; tilt: the partner; rebalance: 1/3)."""
        before = self.alignment_before()
        step = self.p("alignment_step")[None, :, None]
        move = self.col["alignment_move"].astype(int)
        target = before.copy()
        for code, partner in ((TILT_CHINA, CHINA), (TILT_EU, EU), (TILT_RUSSIA, RUSSIA)):
            target[move == code] = np.eye(3)[partner]
        target[move == REBALANCE] = 1.0 / 3.0
        return (1.0 - step) * before + step * target

    def binding_before(self) -> np.ndarray:
        return self.previous("binding_engagement", self.p("binding_initial"))

    def flows(self) -> np.ndarray:
        return np.stack([self.col["northern_mt"], self.col["middle_corridor_mt"], self.col["bypass_mt"]], axis=-1)

    def strict_stock(self) -> np.ndarray:
        return np.cumsum(self.completed_strict, axis=0)

    # ---------------------------------------------------------------- payoffs
    def trade_weights(self, stock: np.ndarray) -> np.ndarray:
        share = np.stack([self.p("trade_share_china"), self.p("trade_share_eu"), self.p("trade_share_russia")],
                         axis=-1)
        growth = stock[..., :3] / self.initial_stock()[:, :3]
        return share * growth ** self.p("trade_infrastructure_elasticity")[:, None]

    def trade(self, alignment: np.ndarray, stock: np.ndarray) -> np.ndarray:
        """Trade income by partner, USD bn a quarter: V_a w_c a_c, plus China's market access."""
        income = self.p("alignment_trade_value")[:, None] * self.trade_weights(stock) * alignment
        income[..., CHINA] += self.p("china_market_access") * alignment[..., CHINA]
        return income

    def infrastructure_return(self, total: np.ndarray) -> np.ndarray:
        """Yearly return on all infrastructure: r S0 (1 + ln(S / S0))."""
        s0 = self.initial_stock().sum(axis=-1)
        return self.p("infrastructure_return") * s0 * (1.0 + np.log(total / s0))

    def holding(self, stock: np.ndarray) -> np.ndarray:
        """Quarterly return on the infrastructure each power controls (its share of the total)."""
        total = stock.sum(axis=-1)
        return (self.infrastructure_return(total) / total)[..., None] * stock[..., :3] / 4.0

    def returns(self) -> np.ndarray:
        stock = self.stock()
        total = stock.sum(axis=-1)
        infrastructure = (self.infrastructure_return(total)
                          + self.p("standards_premium") * self.strict_stock()
                          + self.p("norm_transparency_gain") * self.col["norm_level"] * stock[..., CHINA]) / 4.0
        debt_service = (self.interest[CHINA] + self.interest[EU]) / 4.0
        other = self.col["transit_mt"] - self.col["northern_mt"] - self.col["middle_corridor_mt"]
        transit = (self.p("tariff_northern") * self.col["northern_mt"] + self.p("tariff_middle")
                   * self.col["middle_corridor_mt"] + self.p("tariff_other") * other) / 4000.0
        trade = self.trade(self.alignment(), stock).sum(axis=-1)
        courting = (self.p("courting_transfer") * self.col["russian_courting"]
                    * (self.col["alignment_move"] == TILT_RUSSIA))
        effort = self.p("binding_cost") * self.col["binding_effort"]
        return infrastructure - debt_service + transit + trade + courting - effort

    # ----------------------------------------------------------------- corridors
    def routes(self) -> np.ndarray:
        """Route flows (quarters, worlds, 3) replayed from the route-choice model (docs/odd.md 7.3):
        generalised cost = base cost (the Middle Corridor's cut by harmonisation_saving * binding)
        + risk premium (the Northern route's: sanctions, and Russian pressure this quarter)
        + BPR congestion of last quarter's flows against this quarter's capacities (power 4; the
        two routes through Kazakhstan also pay for the shared border); shares by multinomial logit
        with scale route_dispersion, half the cargo re-choosing each quarter; flows held within
        capacity (overflow spread once over the routes with room, in proportion to their shares)
        and the two routes through Kazakhstan scaled down together to the entry capacity. The
        opening shares: 30 damped iterations from equal shares under step-0 conditions."""
        W = self.worlds
        kappa, mu = self.p("congestion_cost"), self.p("route_dispersion")
        northern_capacity = self.p("northern_capacity")

        def costs(binding, pressure, sanctions, flows, capacity, entry):
            base = np.stack([self.p("northern_base_cost"),
                             self.p("middle_base_cost") - self.p("harmonisation_saving") * binding,
                             np.zeros(W)], axis=-1)
            premium = np.zeros((W, 3))
            premium[:, 0] = sanctions * self.p("sanctions_premium") + pressure * self.p("pressure_transit_premium")
            congestion = kappa[:, None] * (flows / capacity) ** 4
            border = kappa * ((flows[:, 0] + flows[:, 1]) / entry) ** 4
            congestion[:, :2] += border[:, None]
            return base + premium + congestion

        def logit(cost):
            weight = np.exp(-(cost - cost.min(axis=1, keepdims=True)) / mu[:, None])
            return weight / weight.sum(axis=1, keepdims=True)

        def assign(demand, share, capacity, entry):
            wanted = share * demand[:, None]
            flows = np.minimum(wanted, capacity)
            overflow = (wanted - flows).sum(axis=1)
            open_share = np.where(capacity > flows, share, 0.0)
            spread = np.divide(open_share, open_share.sum(axis=1, keepdims=True),
                               out=np.zeros_like(open_share), where=open_share.sum(axis=1, keepdims=True) > 0)
            flows = np.minimum(flows + spread * overflow[:, None], capacity)
            theta = np.minimum(1.0, entry / (flows[:, 0] + flows[:, 1]))
            flows[:, :2] *= theta[:, None]
            return flows

        # Step 0: demand on trend at y = -0.625, sanctions at their start, binding at its start.
        demand = self.p("overland_demand") * (1.0 + self.p("overland_demand_growth")) ** -0.625
        capacity = np.stack([northern_capacity, self.p("middle_capacity"), self.p("bypass_capacity")], axis=-1)
        entry = self.p("entry_capacity")
        share = np.full((W, 3), 1.0 / 3.0)
        flows = assign(demand, share, capacity, entry)
        for _ in range(30):
            cost = costs(self.p("binding_initial"), 0.0, self.p("sanctions_level"), flows, capacity, entry)
            share = 0.5 * share + 0.5 * logit(cost)
            flows = assign(demand, share, capacity, entry)
        out = np.zeros((self.quarters, W, 3))
        for t in range(self.quarters):
            capacity = np.stack([northern_capacity, self.col["middle_capacity_mt"][t],
                                 self.col["bypass_capacity_mt"][t]], axis=-1)
            entry = self.col["entry_capacity_mt"][t]
            cost = costs(self.col["binding_engagement"][t], self.col["russian_pressure"][t], self.col["sanctions"][t],
                         flows, capacity, entry)
            share = 0.5 * share + 0.5 * logit(cost)
            flows = assign(self.col["overland_demand_mt"][t], share, capacity, entry)
            out[t] = flows
        return out

    # -------------------------------------------------------- the coercion subgames
    def coercion(self) -> dict[str, dict[str, np.ndarray]]:
        """Each coercer's subgame on the state Kazakhstan's move leaves, from quarter 2 on (quarter 1
        is played on the opening route equilibrium, which is not reported): rows are quarters 2..T.

        The state is last quarter's (stock, interest, flows, capacities), the alignment after the
        move and the binding engagement after the effort.
        """
        state = dict(stock=self.stock()[:-1], interest=self.interest[:, :-1], flows=self.flows()[:-1],
                     bypass_capacity=self.col["bypass_capacity_mt"][:-1],
                     middle_capacity=self.col["middle_capacity_mt"][:-1],
                     alignment=self.alignment_after_move()[1:], binding=self.col["binding_engagement"][1:])
        return subgames(state, self.p, self.trade_weights(state["stock"]), self.initial_stock())


def subgames(state: dict[str, np.ndarray], p, weights: np.ndarray, initial_stock: np.ndarray,
             middle_gain: np.ndarray | float = 0.0) -> dict[str, dict[str, np.ndarray]]:
    """China's and Russia's compellence subgames on a state, in plain numpy (``coercion.py``,
    ``payoffs.vulnerable_to_china`` / ``vulnerable_to_russia``, as documented):

    * the part of Kazakhstan's exposure a power can hit: trade tied to alignment with it, the
      return on the stock it controls, (China) the interest owed to it and the transit it can
      divert to the bypass's spare capacity, (Russia) the Northern transit the Middle Corridor's
      spare capacity cannot take and the CPC oil that cannot go by Aktau; all of it let through
      by binding engagement (1 - binding_dampening * binding);
    * conceding costs the hold-up rent and the sovereignty cost, resisting the damage; the power
      gains the rent, its grievance relieved and the alignment a concession wins (its influence
      value / 2 * concession_step of the distance, over H quarters), and loses its own loss and
      the alignment the backlash takes (influence value / 2 * backlash_step of its alignment);
    * both answer by logit (binary: logistic(lambda * value difference)).

    ``state``: stock (..., 4), interest (2, ...), flows (..., 3), bypass_capacity, middle_capacity,
    alignment (..., 3), binding; ``p(name)`` a parameter (worlds,); ``weights`` the trade
    weights (..., 3); ``middle_gain`` Mt/yr of Middle Corridor capacity being added (the state an
    EU project leaves): room to reroute, and a larger Middle Corridor share as it fills.
    """
    H = p("planning_horizon")
    lam = p("rationality")
    stock, interest, flows = state["stock"], state["interest"], state["flows"]
    north, middle, bypass = flows[..., 0], flows[..., 1], flows[..., 2]
    alignment, binding = state["alignment"], state["binding"]
    trade = p("alignment_trade_value")[:, None] * weights * alignment
    trade[..., CHINA] += p("china_market_access") * alignment[..., CHINA]
    total = stock.sum(axis=-1)
    s0 = initial_stock.sum(axis=-1)
    average = p("infrastructure_return") * s0 * (1.0 + np.log(total / s0)) / total
    holding = average[..., None] * stock[..., :3] / 4.0
    revenue_north = p("tariff_northern") * north / 4000.0
    revenue_middle = p("tariff_middle") * middle / 4000.0
    oil = p("oil_export_value") * p("cpc_share") / 4.0
    let_through = 1.0 - p("binding_dampening") * binding
    spare_bypass = np.maximum(state["bypass_capacity"] - bypass, 0.0)
    spare_middle = np.maximum(state["middle_capacity"] - middle, 0.0) + middle_gain
    middle_load = np.clip(middle / state["middle_capacity"], 0.0, 1.0)
    divertible = np.minimum(1.0, spare_bypass / np.maximum(north + middle, 1e-9))
    reroutable = np.minimum(1.0, spare_middle / np.maximum(north, 1e-9))
    exposure = {
        "china": (trade[..., CHINA] + holding[..., CHINA] + interest[CHINA] / 4.0
                  + revenue_north + revenue_middle),
        "eu": trade[..., EU] + holding[..., EU] + interest[EU] / 4.0 + revenue_middle,
        "russia": trade[..., RUSSIA] + holding[..., RUSSIA] + revenue_north + oil,
    }
    vulnerable = {
        "china": (trade[..., CHINA] + holding[..., CHINA] + interest[CHINA] / 4.0
                  + divertible * (revenue_north + revenue_middle)) * let_through,
        "russia": (trade[..., RUSSIA] + holding[..., RUSSIA] + (1.0 - reroutable) * revenue_north
                   + (1.0 - p("cpc_reroute_share")) * oil) * let_through,
    }
    grievance = {
        "china": np.maximum(stock[..., CHINA] / total - alignment[..., CHINA], 0.0),
        "russia": (np.maximum(alignment[..., EU] - alignment[..., RUSSIA], 0.0)
                   + (middle + middle_gain * middle_load) / (north + middle + bypass)),
    }
    own_loss = {
        "china": p("china_coercion_depth") * (interest[CHINA] / 4.0 + p("china_route_value") * (north + middle)),
        "russia": p("russia_coercion_depth") * (p("russia_route_value") * north + p("russia_cpc_income") / 4.0),
    }
    allowed = {"china": np.isin(p("china_strategy"), ["free", "coerce"]).astype(float),
               "russia": np.isin(p("russia_strategy"), ["free", "pressure"]).astype(float)}
    out: dict[str, dict[str, np.ndarray]] = {}
    for power, index in (("china", CHINA), ("russia", RUSSIA)):
        v = vulnerable[power]
        rent = p(f"{power}_holdup") * v
        damage = p(f"{power}_coercion_depth") * v
        concede_cost = rent + p("sovereignty_cost")
        p_concede = logistic(lam * (damage - concede_cost))
        a = alignment[..., index]
        sway = H * 0.5 * p(f"{power}_influence_value")
        gain = (rent + p(f"{power}_grievance_value") * grievance[power]
                + sway * p("concession_step") * (1.0 - a))
        loss = own_loss[power] + sway * p("backlash_step") * a
        value = p_concede * gain - (1.0 - p_concede) * loss - p(f"{power}_coercion_cost")
        p_coerce = allowed[power] * logistic(lam * value)
        out[power] = dict(vulnerable=v, rent=rent, damage=damage, p_concede=p_concede, value=value,
                          p_coerce=p_coerce, exposure=exposure[power],
                          risk=p_coerce * (p_concede * concede_cost + (1.0 - p_concede) * damage))
    out["eu"] = dict(exposure=exposure["eu"])
    return out


def hhi(shares: np.ndarray) -> np.ndarray:
    return (shares ** 2).sum(axis=-1)


def engagement(run: Replay) -> np.ndarray:
    """Smoothed take-up of China's and the EU's offers, (quarters, worlds, 2): in a quarter with an
    offer it moves a quarter of the way to the share of the offer that went ahead; in a quarter
    without one it fades by 10 %. Both start at 1."""
    level = np.ones((run.worlds, 2))
    out = np.zeros((run.quarters, run.worlds, 2))
    for t in range(run.quarters):
        for k, giant in enumerate(("china", "eu")):
            offered = run[f"offer_{giant}"][t]
            take_up = np.divide(run[f"committed_{giant}"][t], offered, out=np.zeros(run.worlds),
                                where=offered > 0)
            level[:, k] = np.where(offered > 0, level[:, k] + TAKE_UP_SMOOTHING * (take_up - level[:, k]),
                                   (1.0 - TAKE_UP_FADE) * level[:, k])
        out[t] = level
    return out
