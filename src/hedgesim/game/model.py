"""HedgingModel: the hedging game of Kazakhstan, China, the EU and Russia, over R worlds.

One model instance carries ``worlds`` independent worlds at once: every agent
state is an array over worlds and every parameter a scalar or a per-world
array, so a sweep of thousands of parameter points runs as numpy operations.
``worlds=1`` is the ordinary Mesa model that SolaraViz and ``mesa.batch_run``
drive. World i draws its random numbers from its own seed only, so it gives
the same results alone or in a batch of any size.

A step is one quarter, starting in any quarter from 2014Q1 (2025Q1 by default):

0. the exogenous paths move on a quarter and the timeline's events of the quarter
   apply (``timeline.py``, ``exogenous.py``);
1. the state is frozen into a ``State`` record;
2. the stage game is solved for every world at once (``stage_game.py``): each
   player's quantal response at every node, anticipating those who move after it;
3. the players choose in the order of moves, each at the node reached;
4. Kazakhstan's state advances (completions, commitments, alignment, coercion);
5. corridor flows, payoffs and hedging indicators for the quarter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from mesa import DataCollector, Model

from hedgesim.game import corridors, indicators
from hedgesim.game.actions import (
    EU_STRICT, MOVE_EFFORTS, RESPONSE_PAIRS, Answer, Coercion, Courting, Holder, Investor, Move, Power,
    Route)
from hedgesim.game.calendar import DEFAULT_START, Quarter, quarter_of_step
from hedgesim.game.corridors import ROUTE_ADJUSTMENT
from hedgesim.game.decision_rules import NonFiniteValueError
from hedgesim.game.exogenous import LEVELS, ExogenousPaths
from hedgesim.game.parameters import ParameterError, resolve
from hedgesim.game.payoffs import exposure as payoffs_exposure
from hedgesim.game.payoffs import (
    courting_income, debt_service, infrastructure_income, power_income, route_revenue, total,
    trade_income, trade_weights)
from hedgesim.game.players import China, EuropeanUnion, Kazakhstan, Russia, policy_of
from hedgesim.game.random_streams import WorldStreams, derive_seeds
from hedgesim.game.records import Choices, State
from hedgesim.game.stage_game import StageGame, build_lags
from hedgesim.game.timeline import Timeline

TACHENG_AYAGOZ = Quarter(2027, 4)  # the line opens (Sakenova 2025)
NO_OFFER = -1  # recorded answer when nothing was on the table
PAIR_CHINA = np.array([int(rc) for rc, _ in RESPONSE_PAIRS])
PAIR_EU = np.array([int(re) for _, re in RESPONSE_PAIRS])
MOVE_OF = np.array([int(m) for m, _ in MOVE_EFFORTS])
EFFORT_OF = np.array([int(e) for _, e in MOVE_EFFORTS])
# Columns that are NaN by design in quarters with no offer (no rate, no standards).
MAY_BE_NAN = ("loan_cost_china", "loan_cost_eu", "eu_strict_standards")

# State variables checked before every stage game, with the labels of their columns.
STATE_LABELS = {
    "alignment": ("china", "eu", "russia"), "stock": ("china", "eu", "russia", "domestic"),
    "strict_stock": (), "debt": ("china", "eu"), "interest": ("china", "eu"), "binding": (),
    "norm": (), "flows": ("northern", "middle", "bypass"), "demand": (),
    "route_capacity": ("northern", "middle", "bypass"), "entry_capacity": (),
}

# Columns of the tidy time series, in order, after world, step, quarter.
COLUMNS = (
    "alignment_china", "alignment_eu", "alignment_russia",
    "stock_china", "stock_eu", "stock_russia", "stock_domestic", "debt_china", "debt_eu",
    "offer_china", "offer_eu", "eu_strict_standards", "loan_cost_china", "loan_cost_eu",
    "committed_china", "committed_eu", "completed_china", "completed_eu",
    "response_china", "response_eu", "alignment_move", "binding_effort", "binding_engagement",
    "norm_level",
    "p_courting_russia", "russian_courting", "p_pressure_russia", "p_pressure_china",
    "p_concede_russia", "p_concede_china", "russian_pressure", "chinese_pressure",
    "concessions_russia", "concessions_china", "coercion_losses",
    "exposure_china", "exposure_eu", "exposure_russia",
    "overland_demand_mt", "northern_mt", "middle_corridor_mt", "bypass_mt", "unserved_mt",
    "transit_mt", "middle_capacity_mt", "entry_capacity_mt", "bypass_capacity_mt",
    "transit_revenue", "returns", "risk", "risk_china", "risk_russia", "utility", "cumulative_utility",
    "utility_china", "utility_eu", "utility_russia",
    "economic_pragmatism", "dominance_denial", "alignment_balance",
    "hedging_index", "dependency_hhi", "max_external_share",
    "eu_interest", "sanctions",
)


def quarter_label(step: int, start: Quarter | str = DEFAULT_START) -> str:
    """Calendar quarter of model step ``step`` (step 1 is the start quarter, 2025Q1 by default)."""
    return str(quarter_of_step(step, start))


class NonFiniteStateError(FloatingPointError):
    """A world's state became NaN or infinite."""


class HedgingModel(Model):
    """Kazakhstan hedging between China, the EU and Russia, in ``worlds`` worlds at once.

    Args:
        worlds: number of independent worlds R carried by this instance.
        rng: a seed (int), one seed per world (sequence of R ints), a numpy
            Generator, or None (fresh entropy). With an int and R > 1, world
            seeds are derived from it.
        horizon: quarters after which ``running`` turns False (default 40).
        start: the calendar quarter of step 1, from 2014Q1 (default 2025Q1); the parameters
            describe the state then.
        timeline: dated events (``timeline.Timeline``) that set parameters from their quarter
            on; events dated before ``start`` are ignored.
        record: keep the time series in memory (``timeseries()``) and feed the
            Mesa ``datacollector``; sweeps turn it off and read ``report``.
        **params: any parameter of ``hedgesim.game.parameters.PARAMETERS``, as a
            scalar or an array with one value per world.
    """

    def __init__(self, *, worlds: int = 1, rng: Any = None, horizon: int = 40,
                 record: bool = True, scenario: Any = None, start: str | Quarter = DEFAULT_START,
                 timeline: Timeline | None = None, **params: Any):
        if not isinstance(worlds, int | np.integer) or worlds < 1:
            raise ParameterError(f"worlds must be a positive integer, got {worlds!r}")
        if not isinstance(horizon, int | np.integer) or not 1 <= horizon <= 1000:
            raise ParameterError(f"horizon must be an integer from 1 to 1000, got {horizon!r}")
        seeds = _world_seeds(rng, int(worlds))
        mesa_rng = int(seeds[0]) if worlds == 1 else [int(s) for s in seeds]
        if scenario is not None and getattr(scenario, "rng", None) is None:
            scenario.rng = mesa_rng  # SolaraViz's Reset passes an unseeded Scenario()
        super().__init__(rng=mesa_rng, **({"scenario": scenario} if scenario is not None else {}))
        self.worlds = int(worlds)
        self.horizon = int(horizon)
        self.start = start if isinstance(start, Quarter) else Quarter.parse(start, "start")
        self.timeline = timeline if timeline is not None else Timeline()
        self.record = record
        self.seeds = seeds
        self.params_given = dict(params)
        self.p = resolve(params, self.worlds)
        self.streams = WorldStreams(seeds)
        p = self.p
        policy = policy_of(p)
        self.policy = policy
        self.stage = StageGame(p, policy)
        self.exogenous = ExogenousPaths(p)
        self.kazakhstan = Kazakhstan(self, policy)
        self.china = China(self, policy)
        self.eu = EuropeanUnion(self, policy)
        self.russia = Russia(self, policy)
        self.lags = build_lags(p)
        self.financed = np.zeros((self.worlds, len(Investor)))  # volume completed since the start
        self.pressure_risk = np.zeros(self.worlds)  # Russia's probability of pressure this quarter

        # Corridors at the start: route shares at the route-choice equilibrium.
        self.capacity = self._capacities()
        self.demand = self.exogenous.value["demand"].copy()
        premia = np.zeros((self.worlds, 3))
        premia[:, Route.NORTHERN] = p["sanctions_level"] * p["sanctions_premium"]
        self.route_share, self.flows = initial_routes(self.demand, self._base_costs(), premia,
                                                      self.capacity, p)
        self.report: dict[str, np.ndarray] = {}
        self._records: list[dict[str, np.ndarray]] = []
        self.datacollector = DataCollector(model_reporters={
            name: _reporter(name) for name in (
                "hedging_index", "dependency_hhi", "max_external_share", "economic_pragmatism",
                "binding_engagement", "dominance_denial", "alignment_china", "alignment_eu",
                "alignment_russia", "transit_mt", "northern_mt", "middle_corridor_mt", "bypass_mt",
                "russian_pressure", "chinese_pressure", "p_pressure_russia", "p_pressure_china",
                "loan_cost_china", "exposure_china", "exposure_russia", "utility",
                "cumulative_utility")})

    # ----------------------------------------------------------------- exogenous
    @property
    def quarter(self) -> str:
        return quarter_label(max(self.steps, 1), self.start)

    @property
    def calendar(self) -> Quarter:
        """The calendar quarter being played (the start quarter before the first step)."""
        return quarter_of_step(max(self.steps, 1), self.start)

    def _capacities(self) -> dict[str, np.ndarray]:
        p, now = self.p, self.calendar
        entry = p["entry_capacity"] * (1.0 + p["tacheng_ayagoz_gain"] * (now >= TACHENG_AYAGOZ))
        entry = entry + p["china_capacity_per_bn"] * p["china_transport_share"] * self.financed[:, Investor.CHINA]
        middle = p["middle_capacity"] + p["mc_capacity_per_bn"] * p["eu_transport_share"] * self.financed[:, Investor.EU]
        bypass = p["bypass_capacity"] + p["bypass_rail_capacity"] * (now.decimal_year >= p["bypass_opening_year"])
        return {"routes": np.stack([p["northern_capacity"], middle, bypass], axis=1), "entry": entry}

    def _sanctions(self) -> np.ndarray:
        return self.exogenous.value["sanctions"]

    def _eu_interest(self) -> np.ndarray:
        return self.exogenous.value["eu_interest"]

    def _other_transit(self) -> np.ndarray:
        return self.exogenous.value["other_transit"]

    def _apply_events(self) -> list[str]:
        """Apply the timeline's events of this quarter; returns their ids."""
        events = self.timeline.at(self.calendar)
        for event in events:
            for name, value in event.settings.items():
                self.p[name][:] = value
                if name in LEVELS:
                    self.exogenous.reset(name)
        if events:  # parameters changed: rebuild what is computed from them once
            self.stage = StageGame(self.p, self.policy)
            self.lags = build_lags(self.p)
            self.kazakhstan.lags = self.lags
        return [e.id for e in events]

    def _base_costs(self) -> np.ndarray:
        p = self.p
        middle = p["middle_base_cost"] - p["harmonisation_saving"] * self.kazakhstan.binding
        return np.stack([p["northern_base_cost"], middle, np.zeros(self.worlds)], axis=1)

    def _risk_premia(self) -> np.ndarray:
        p = self.p
        premia = np.zeros((self.worlds, 3))
        premia[:, Route.NORTHERN] = (self._sanctions() * p["sanctions_premium"]
                                     + self.pressure_risk * p["pressure_transit_premium"])
        return premia

    # -------------------------------------------------------------------- a step
    def state_now(self) -> State:
        """Freeze the current state as the record every player decides from."""
        p, k = self.p, self.kazakhstan
        return State(
            worlds=self.worlds, step=self.steps, alignment=k.alignment.copy(), stock=k.stock.copy(),
            stock0=k.stock0, projected_stock=k.projected_stock, strict_stock=k.strict_stock.copy(),
            debt=k.debt.copy(), interest=k.interest.copy(), binding=k.binding.copy(), norm=k.norm.copy(),
            flows=self.flows.copy(), route_share=self.route_share.copy(), demand=self.demand.copy(),
            other_transit=self._other_transit(), route_capacity=self.capacity["routes"].copy(),
            entry_capacity=self.capacity["entry"].copy(), eu_interest=self._eu_interest(),
            trade_weights=trade_weights(k.trade_share, k.stock, k.stock0,
                                        p["trade_infrastructure_elasticity"]),
            build_lags=self.lags)

    def step(self) -> None:
        """One quarter: solve the stage game, choose in order, advance, then corridors and payoffs."""
        # Non-finite values are caught naming the world, not as numpy warnings.
        with np.errstate(all="ignore"):
            self.exogenous.advance()
            self.events = self._apply_events()
            state = self.state_now()
            self._check_state(state)
            plan = self.stage.solve(state)
            try:
                choices, move = self._choose(plan)
            except NonFiniteValueError as error:
                raise NonFiniteStateError(f"{error} at step {self.steps}; its parameters: "
                                          f"{self._world_params(error.world)}") from None
            worlds = np.arange(self.worlds)
            rates = plan.rates[choices.eu_offer, choices.china_offer, worlds]       # (worlds, 2)
            happened = self.kazakhstan.advance(plan, choices, rates)
            self.financed += happened["completed"]
            # Shippers price the Northern route's risk of disruption: Russia's pressure probability.
            self.pressure_risk = plan.coercion[1].p_coerce[move, worlds]
            self._corridors()
            self._outcomes(plan, choices, move, rates, happened)
        self._check_finite()
        if self.record:
            self._records.append({k: v.copy() for k, v in self.report.items()})
            self.datacollector.collect(self)
        self.running = self.steps < self.horizon

    def _choose(self, plan) -> tuple[Choices, np.ndarray]:
        """Every player's choice, in the order of moves, at the node the earlier choices reached."""
        eu_offer = self.eu.choose_offer(plan)
        china_offer = self.china.choose_offer(plan, eu_offer)
        pair = self.kazakhstan.answer_offers(plan, eu_offer, china_offer)
        courting = self.russia.choose_courting(plan)
        move = self.kazakhstan.choose_move(plan, courting)
        coercion = np.stack([self.china.choose_coercion(plan, move),
                             self.russia.choose_coercion(plan, move)], axis=1)
        answer = self.kazakhstan.answer_coercion(plan, move)
        choices = Choices(eu_offer, china_offer, PAIR_CHINA[pair], PAIR_EU[pair], courting,
                          MOVE_OF[move], EFFORT_OF[move], coercion, answer)
        return choices, move

    def _corridors(self) -> None:
        p = self.p
        self.capacity = self._capacities()
        noise = np.exp(p["demand_volatility"] * self.streams.normal(self.steps, "demand")
                       - 0.5 * p["demand_volatility"] ** 2)
        self.demand = self.exogenous.value["demand"] * noise
        cost = corridors.generalised_costs(self._base_costs(), self._risk_premia(), self.flows,
                                           self.capacity["routes"], self.capacity["entry"],
                                           p["congestion_cost"])
        wanted = corridors.route_shares(cost, p["route_dispersion"])
        # Shippers re-route part of their cargo each quarter (contracts, schedules).
        self.route_share = (1.0 - ROUTE_ADJUSTMENT) * self.route_share + ROUTE_ADJUSTMENT * wanted
        self.flows = corridors.assign_flows(self.demand, self.route_share,
                                            self.capacity["routes"], self.capacity["entry"])

    def _outcomes(self, plan, choices: Choices, move: np.ndarray, rates: np.ndarray,
                  happened: dict[str, np.ndarray]) -> None:
        p, k = self.p, self.kazakhstan
        worlds = np.arange(self.worlds)
        other = self._other_transit()
        revenue = route_revenue(self.flows, other, p)
        weights = trade_weights(k.trade_share, k.stock, k.stock0, p["trade_infrastructure_elasticity"])
        trade = trade_income(k.alignment, weights, p["alignment_trade_value"], p["china_market_access"])
        courted = (choices.courting == Courting.COURT).astype(float)
        tilted = (choices.move == Move.TILT_RUSSIA).astype(float)
        returns = (infrastructure_income(total(k.stock), k.stock[:, Holder.CHINA], k.strict_stock, k.norm, p)
                   - total(debt_service(k.interest))
                   + total(revenue) + total(trade) + courting_income(courted, tilted, p["courting_transfer"])
                   - p["binding_cost"] * choices.effort)
        china, russia = plan.coercion
        at = lambda array: array[move, worlds]  # noqa: E731 - each world at its own move
        loss = np.stack([at(china.kazakh_loss), at(russia.kazakh_loss)], axis=1)   # (worlds, 2)
        risk = total(loss)
        utility = returns - p["risk_weight"] * risk
        k.cumulative_utility += utility
        coerced = choices.coercion == Coercion.COERCE
        conceded = coerced & (choices.answer == Answer.CONCEDE)
        resisted = coerced & (choices.answer == Answer.RESIST)
        rent = np.stack([at(china.rent), at(russia.rent)], axis=1)
        damage = np.stack([at(china.damage), at(russia.damage)], axis=1)
        realised = np.where(conceded, rent, 0.0) + np.where(resisted, damage, 0.0)
        powers = power_income(k.stock, k.alignment, k.interest, k.debt, self.flows, k.norm,
                              self._eu_interest(), p)
        equity = (1.0 - p["loan_share"])[:, None] * happened["committed"]
        powers[:, Power.CHINA] += (at(china.coercer_quarter_value)
                                   - p["china_investment_cost"] * equity[:, Investor.CHINA])
        powers[:, Power.EU] -= p["eu_investment_cost"] * equity[:, Investor.EU]
        powers[:, Power.RUSSIA] += (at(russia.coercer_quarter_value)
                                    - courting_income(courted, tilted, p["courting_transfer"]))
        offered = happened["offered"]
        overland = self.flows.sum(axis=1)
        # Kazakhstan's exposure on the state its move left, before the coercion subgames played out.
        moved = plan.post_alignment[move, worlds]
        exposure = payoffs_exposure(trade_income(moved, weights, p["alignment_trade_value"], p["china_market_access"]),
                                    k.stock, k.interest, route_revenue(self.flows, other, p), p)
        report = {
            "alignment_china": k.alignment[:, Power.CHINA], "alignment_eu": k.alignment[:, Power.EU],
            "alignment_russia": k.alignment[:, Power.RUSSIA],
            "stock_china": k.stock[:, Holder.CHINA], "stock_eu": k.stock[:, Holder.EU],
            "stock_russia": k.stock[:, Holder.RUSSIA], "stock_domestic": k.stock[:, Holder.DOMESTIC],
            "debt_china": k.debt[:, Investor.CHINA], "debt_eu": k.debt[:, Investor.EU],
            "offer_china": offered[:, Investor.CHINA], "offer_eu": offered[:, Investor.EU],
            "eu_strict_standards": np.where(offered[:, Investor.EU] > 0, EU_STRICT[choices.eu_offer], np.nan),
            "loan_cost_china": np.where(offered[:, Investor.CHINA] > 0, rates[:, Investor.CHINA], np.nan),
            "loan_cost_eu": np.where(offered[:, Investor.EU] > 0, rates[:, Investor.EU], np.nan),
            "committed_china": happened["committed"][:, Investor.CHINA],
            "committed_eu": happened["committed"][:, Investor.EU],
            "completed_china": happened["completed"][:, Investor.CHINA],
            "completed_eu": happened["completed"][:, Investor.EU],
            "response_china": np.where(offered[:, Investor.CHINA] > 0, choices.response_china, NO_OFFER),
            "response_eu": np.where(offered[:, Investor.EU] > 0, choices.response_eu, NO_OFFER),
            "alignment_move": choices.move, "binding_effort": choices.effort,
            "binding_engagement": k.binding, "norm_level": k.norm,
            "p_courting_russia": plan.courting[Courting.COURT], "russian_courting": courted,
            "p_pressure_russia": at(russia.p_coerce), "p_pressure_china": at(china.p_coerce),
            "p_concede_russia": at(russia.p_concede), "p_concede_china": at(china.p_concede),
            "russian_pressure": coerced[:, 1], "chinese_pressure": coerced[:, 0],
            "concessions_russia": conceded[:, 1], "concessions_china": conceded[:, 0],
            "coercion_losses": realised.sum(axis=1),
            "exposure_china": exposure[:, Power.CHINA], "exposure_eu": exposure[:, Power.EU],
            "exposure_russia": exposure[:, Power.RUSSIA],
            "overland_demand_mt": self.demand,
            "northern_mt": self.flows[:, Route.NORTHERN], "middle_corridor_mt": self.flows[:, Route.MIDDLE],
            "bypass_mt": self.flows[:, Route.BYPASS], "unserved_mt": self.demand - overland,
            "transit_mt": other + self.flows[:, Route.NORTHERN] + self.flows[:, Route.MIDDLE],
            "middle_capacity_mt": self.capacity["routes"][:, Route.MIDDLE],
            "entry_capacity_mt": self.capacity["entry"],
            "bypass_capacity_mt": self.capacity["routes"][:, Route.BYPASS],
            "transit_revenue": total(revenue), "returns": returns, "risk": risk,
            "risk_china": loss[:, 0], "risk_russia": loss[:, 1], "utility": utility,
            "cumulative_utility": k.cumulative_utility,
            "utility_china": powers[:, Power.CHINA], "utility_eu": powers[:, Power.EU],
            "utility_russia": powers[:, Power.RUSSIA],
            "eu_interest": self._eu_interest(), "sanctions": self._sanctions(),
        }
        report.update(indicators.hedging_indicators(k.stock, k.alignment, k.binding,
                                                    k.engagement, p["dominance_cap"]))
        self.report = {name: np.array(report[name], dtype=float) for name in COLUMNS}

    def _world_params(self, world: int) -> dict[str, Any]:
        return {n: (v[world].item() if v.dtype.kind != "i" else int(v[world])) for n, v in self.p.items()}

    def _raise_non_finite(self, named: dict[str, np.ndarray], when: str) -> None:
        """Raise NonFiniteStateError for the first world with a non-finite value in ``named``."""
        bad = np.zeros(self.worlds, dtype=bool)
        for value in named.values():
            bad |= ~np.isfinite(value)
        if bad.any():
            world = int(np.flatnonzero(bad)[0])
            names = [n for n, v in named.items() if not np.isfinite(v[world])]
            raise NonFiniteStateError(
                f"world {world} (seed {int(self.seeds[world])}) has a non-finite state "
                f"({', '.join(names)}) {when} step {self.steps}; its parameters: {self._world_params(world)}")

    def _check_state(self, state: State) -> None:
        """Refuse to decide from a state with a NaN or infinite value, naming the world and variable."""
        named = {}
        for field, labels in STATE_LABELS.items():
            value = getattr(state, field)
            if value.ndim == 1:
                named[field] = value
            else:
                named.update({f"{field}_{label}": value[:, i] for i, label in enumerate(labels)})
        self._raise_non_finite(named, "at the start of")

    def _check_finite(self) -> None:
        self._raise_non_finite({n: v for n, v in self.report.items() if n not in MAY_BE_NAN}, "at")

    # ------------------------------------------------------------------ results
    def timeseries(self) -> pd.DataFrame:
        """Tidy time series: one row per world and quarter."""
        steps = len(self._records)
        frame = {
            "world": np.tile(np.arange(self.worlds), steps),
            "step": np.repeat(np.arange(1, steps + 1), self.worlds),
            "quarter": np.repeat([quarter_label(s, self.start) for s in range(1, steps + 1)], self.worlds),
        }
        for name in COLUMNS:
            frame[name] = (np.concatenate([r[name] for r in self._records]) if steps
                           else np.empty(0))
        return pd.DataFrame(frame)


def initial_routes(demand: np.ndarray, base_cost: np.ndarray, premia: np.ndarray,
                   capacity: dict[str, np.ndarray], p: dict[str, np.ndarray],
                   iterations: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Route shares and flows at the route-choice equilibrium (damped fixed point)."""
    share = np.full((demand.shape[0], 3), 1.0 / 3.0)
    flows = corridors.assign_flows(demand, share, capacity["routes"], capacity["entry"])
    for _ in range(iterations):
        cost = corridors.generalised_costs(base_cost, premia, flows, capacity["routes"],
                                           capacity["entry"], p["congestion_cost"])
        share = 0.5 * share + 0.5 * corridors.route_shares(cost, p["route_dispersion"])
        flows = corridors.assign_flows(demand, share, capacity["routes"], capacity["entry"])
    return share, flows


def _world_seeds(rng: Any, worlds: int) -> np.ndarray:
    """One int seed per world from the ``rng`` argument."""
    if rng is None or isinstance(rng, np.random.Generator):
        generator = rng if rng is not None else np.random.default_rng()
        return generator.integers(0, 2**62, size=worlds, dtype=np.int64)
    if isinstance(rng, int | np.integer):
        if rng < 0:
            raise ParameterError(f"rng must be a non-negative integer seed, got {rng}")
        return np.array([int(rng)]) if worlds == 1 else derive_seeds(int(rng), np.arange(worlds))
    if isinstance(rng, Sequence | np.ndarray):
        seeds = np.asarray(rng)
        if seeds.shape != (worlds,) or seeds.dtype.kind not in "iu" or np.any(seeds < 0):
            raise ParameterError(f"rng must give one non-negative integer seed per world "
                                 f"({worlds}), got {rng!r}")
        return seeds.astype(np.int64)
    raise ParameterError(f"rng must be an int seed, a sequence of seeds, a numpy Generator "
                         f"or None, got {type(rng).__name__}")


def _reporter(name: str):
    def report(model: HedgingModel):
        value = model.report.get(name)
        if value is None:
            return None
        return float(value[0]) if model.worlds == 1 else value.copy()
    report.__name__ = name
    return report
