"""HedgingModel: the hedging game of Kazakhstan, China, the EU and Russia, over R worlds.

One model instance carries ``worlds`` independent worlds at once: every agent
state is an array over worlds and every parameter a scalar or a per-world
array, so a sweep of thousands of parameter points runs as numpy operations.
``worlds=1`` is the ordinary Mesa model that SolaraViz and ``mesa.batch_run``
drive. World i draws its random numbers from its own seed only, so it gives
the same results alone or in a batch of any size.

A step is one quarter, starting 2025Q1:

1. the ``situation`` freezes last quarter's state;
2. every agent decides from it (simultaneous moves);
3. every agent advances its own state from everyone's choices;
4. corridor flows, payoffs and hedging indicators for the quarter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from mesa import DataCollector, Model

from hedgesim.game import corridors, indicators, payoffs
from hedgesim.game.players import NO_OFFER, OFFER_LEVELS, China, EuropeanUnion, Kazakhstan, Russia
from hedgesim.game.corridors import BYPASS, MIDDLE, NORTHERN, ROUTE_ADJUSTMENT
from hedgesim.game.decision_rules import logistic
from hedgesim.game.parameters import ParameterError, resolve
from hedgesim.game.random_streams import WorldStreams, derive_seeds
from hedgesim.game.situation import Situation

START_YEAR = 2025
TACHENG_AYAGOZ_STEP = 12  # opens in 2027Q4 (Sakenova 2025)

# Columns of the tidy time series, in order, after world, step, quarter.
COLUMNS = (
    "alignment_china", "alignment_eu", "alignment_russia",
    "stock_china", "stock_eu", "stock_russia", "stock_domestic",
    "offer_china", "offer_eu", "committed_china", "committed_eu",
    "completed_china", "completed_eu", "response_china", "response_eu",
    "binding_effort", "binding_engagement",
    "russian_pressure", "chinese_pressure", "russian_courting",
    "overland_demand_mt", "northern_mt", "middle_corridor_mt", "bypass_mt", "unserved_mt",
    "transit_mt", "middle_capacity_mt", "entry_capacity_mt", "bypass_capacity_mt",
    "returns", "risk", "utility", "cumulative_utility", "pressure_losses",
    "utility_china", "utility_eu", "utility_russia",
    "economic_pragmatism", "dominance_denial", "alignment_balance",
    "hedging_index", "dependency_hhi", "max_external_share",
    "eu_interest", "sanctions",
)


def quarter_label(step: int) -> str:
    """Calendar quarter of model step ``step`` (step 1 is 2025Q1)."""
    return f"{START_YEAR + (step - 1) // 4}Q{(step - 1) % 4 + 1}"


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
        record: keep the time series in memory (``timeseries()``) and feed the
            Mesa ``datacollector``; sweeps turn it off and read ``report``.
        **params: any parameter of ``hedgesim.game.parameters.PARAMETERS``, as a
            scalar or an array with one value per world.
    """

    def __init__(self, *, worlds: int = 1, rng: Any = None, horizon: int = 40,
                 record: bool = True, scenario: Any = None, **params: Any):
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
        self.record = record
        self.seeds = seeds
        self.params_given = dict(params)
        self.p = resolve(params, self.worlds)
        self.streams = WorldStreams(seeds)
        p = self.p

        lags = np.stack([p["china_build_lag"],
                         np.floor(p["eu_build_lag"] * (1.0 + p["esg_rigidity"]) + 0.5)], axis=1)
        initial_offers = np.stack([p["china_ticket"], p["eu_ticket"]], axis=1) * OFFER_LEVELS[2]
        self.build_lags = lags
        self.kazakhstan = Kazakhstan(self, lags, initial_offers)
        self.china = China(self, initial_offers[:, 0])
        self.eu = EuropeanUnion(self, initial_offers[:, 1])
        self.russia = Russia(self)

        # Corridors in 2025Q1: route shares at the route-choice equilibrium.
        self.capacity = self._capacities()
        self.demand = self._trend(p["overland_demand"], p["overland_demand_growth"])
        self.route_share, self.flows = initial_routes(self.demand, self._base_costs(),
                                                      self._risk_premia(), self.capacity, p)
        self.report: dict[str, np.ndarray] = {}
        self._records: list[dict[str, np.ndarray]] = []
        self.datacollector = DataCollector(model_reporters={
            name: _reporter(name) for name in ("hedging_index", "dependency_hhi",
                                               "max_external_share", "economic_pragmatism",
                                               "binding_engagement", "dominance_denial",
                                               "alignment_china", "alignment_eu",
                                               "alignment_russia", "transit_mt",
                                               "northern_mt", "middle_corridor_mt", "bypass_mt",
                                               "russian_pressure", "chinese_pressure",
                                               "utility", "cumulative_utility")})

    # ----------------------------------------------------------------- exogenous
    @property
    def quarter(self) -> str:
        return quarter_label(max(self.steps, 1))

    def _years(self) -> float:
        """Years from mid-2025 to the middle of the current quarter (2025 averages to 0)."""
        return (self.steps - 1 - 1.5) / 4.0

    def _trend(self, level: np.ndarray, growth: np.ndarray) -> np.ndarray:
        return level * (1.0 + growth) ** self._years()

    def _capacities(self) -> dict[str, np.ndarray]:
        p, k = self.p, self.kazakhstan
        year = START_YEAR + (self.steps - 1) / 4.0
        entry = p["entry_capacity"] * (1.0 + p["tacheng_ayagoz_gain"] * (self.steps >= TACHENG_AYAGOZ_STEP))
        entry = entry + p["china_capacity_per_bn"] * p["china_transport_share"] * k.financed[:, 0]
        middle = p["middle_capacity"] + p["mc_capacity_per_bn"] * p["eu_transport_share"] * k.financed[:, 1]
        bypass = p["bypass_capacity"] + p["bypass_rail_capacity"] * (year >= p["bypass_opening_year"])
        return {"routes": np.stack([p["northern_capacity"], middle, bypass], axis=1), "entry": entry}

    def _elapsed_years(self) -> float:
        """Years since 2025Q1 (the initial state counts as 2025Q1)."""
        return max(self.steps - 1, 0) / 4.0

    def _sanctions(self) -> np.ndarray:
        return self.p["sanctions_level"] * (1.0 - self.p["sanctions_relief"]) ** self._elapsed_years()

    def _eu_interest(self) -> np.ndarray:
        return self.p["eu_interest"] * (1.0 - self.p["eu_interest_decline"]) ** self._elapsed_years()

    def _northern_at_risk(self) -> np.ndarray:
        """Mt/yr a quarter of Russian transit disruption would drive off the Northern route."""
        p = self.p
        return corridors.flow_shift(self.demand, self.route_share[:, NORTHERN], p["pressure_transit_premium"],
                                    p["route_dispersion"]) * ROUTE_ADJUSTMENT

    def _base_costs(self) -> np.ndarray:
        p = self.p
        middle = p["middle_base_cost"] - p["harmonisation_saving"] * self.kazakhstan.binding
        return np.stack([p["northern_base_cost"], middle, np.zeros(self.worlds)], axis=1)

    def _risk_premia(self) -> np.ndarray:
        p = self.p
        premia = np.zeros((self.worlds, 3))
        premia[:, NORTHERN] = (self._sanctions() * p["sanctions_premium"]
                               + self.russia.pressure * p["pressure_transit_premium"])
        return premia

    # -------------------------------------------------------------------- a step
    def situation_now(self) -> Situation:
        """Freeze the current state as the situation agents decide from."""
        p, k = self.p, self.kazakhstan
        routes, entry = self.capacity["routes"], self.capacity["entry"]
        utilisation = np.stack([
            (self.flows[:, NORTHERN] + self.flows[:, MIDDLE]) / entry,
            self.flows[:, MIDDLE] / routes[:, MIDDLE]], axis=1)
        gain = np.stack([p["china_capacity_per_bn"] * p["china_transport_share"],
                         p["mc_capacity_per_bn"] * p["eu_transport_share"]], axis=1)
        return Situation(
            worlds=self.worlds, alignment=k.alignment.copy(), stock=k.stock.copy(),
            projected_stock=k.projected_stock, binding=k.binding.copy(),
            offers=np.stack([self.china.offer, self.eu.offer], axis=1),
            courting=self.russia.courting.copy(), route_share=self.route_share.copy(),
            middle_share=corridors.middle_share(self.flows),
            northern_at_risk=self._northern_at_risk(),
            demand=self.demand.copy(), utilisation=np.clip(utilisation, 0.0, 1.0),
            capacity_gain_per_bn=gain, build_lags=self.build_lags,
            eu_interest=self._eu_interest())

    def step(self) -> None:
        """One quarter: decide, advance, then corridors, payoffs and indicators."""
        # Non-finite values are caught below, naming the world, not as numpy warnings.
        with np.errstate(all="ignore"):
            self.situation = self.situation_now()
            self.agents.do("decide")
            self.agents.do("advance")
            self._corridors()
            self._outcomes()
        self._check_finite()
        if self.record:
            self._records.append({k: v.copy() for k, v in self.report.items()})
            self.datacollector.collect(self)
        self.running = self.steps < self.horizon

    def _corridors(self) -> None:
        p = self.p
        self.capacity = self._capacities()
        noise = np.exp(p["demand_volatility"] * self.streams.normal(self.steps, "demand")
                       - 0.5 * p["demand_volatility"] ** 2)
        self.demand = self._trend(p["overland_demand"], p["overland_demand_growth"]) * noise
        cost = corridors.generalised_costs(self._base_costs(), self._risk_premia(), self.flows,
                                           self.capacity["routes"], self.capacity["entry"],
                                           p["congestion_cost"])
        wanted = corridors.route_shares(cost, p["route_dispersion"])
        # Shippers re-route part of their cargo each quarter (contracts, schedules).
        self.route_share = (1.0 - ROUTE_ADJUSTMENT) * self.route_share + ROUTE_ADJUSTMENT * wanted
        self.flows = corridors.assign_flows(self.demand, self.route_share,
                                            self.capacity["routes"], self.capacity["entry"])

    def _outcomes(self) -> None:
        p, k, s = self.p, self.kazakhstan, self.situation
        transit = (self._trend(p["other_transit"], p["other_transit_growth"])
                   + self.flows[:, NORTHERN] + self.flows[:, MIDDLE])
        weights = payoffs.trade_weights(k.trade_share, k.stock, k.stock0,
                                        p["trade_infrastructure_elasticity"])
        let_through = payoffs.dampening(s.binding, p)  # binding when the pressure came
        losses = (self.russia.pressure * p["pressure_loss"]
                  + self.china.pressure * p["concession_loss"]) * let_through
        returns = (payoffs.infrastructure_returns(k.stock, k.financed, p)
                   + payoffs.transit_revenue(transit, p["transit_tariff"])
                   + payoffs.trade_returns(k.alignment, weights, p["alignment_trade_value"])
                   + payoffs.courting_benefit(k.alignment, self.russia.courting, p["courting_transfer"])
                   - k.choice_effort * p["binding_cost"] - losses)
        overland = self.flows.sum(axis=1)
        lam = p["rationality"]
        p_russia = logistic(payoffs.russia_pressure_value(k.alignment, corridors.middle_share(self.flows), k.binding,
                                                          self._northern_at_risk(), p), lam)
        p_china = logistic(payoffs.china_pressure_value(k.stock, k.alignment, k.binding, p), lam)
        risk = (payoffs.structural_risk(k.stock, k.alignment, p)
                + payoffs.expected_pressure_loss(p_russia, p_china, k.binding, p))
        utility = returns - p["risk_weight"] * risk
        k.cumulative_returns += returns
        k.cumulative_risk += risk
        k.cumulative_utility += utility

        china_gain = (self.china.pressure * p["china_concession_value"]
                      * payoffs.control_shares(s.stock)[:, 0] * payoffs.china_grievance(s.stock, s.alignment)
                      * payoffs.dampening(s.binding, p))
        utility_china = (p["china_influence_value"] * payoffs.influence(k.stock, k.alignment, 0)
                         + p["china_route_value"] * overland
                         + china_gain - p["china_investment_cost"] * k.committed[:, 0]
                         - p["china_pressure_cost"] * self.china.pressure)
        utility_eu = (s.eu_interest * (p["eu_influence_value"] * payoffs.influence(k.stock, k.alignment, 1)
                                       + p["eu_route_value"] * self.flows[:, MIDDLE])
                      - p["eu_investment_cost"] * k.committed[:, 1])
        deterrence = (self.russia.pressure * p["russia_deterrence_value"]
                      * payoffs.russian_threat(s.alignment, s.middle_share) * payoffs.dampening(s.binding, p))
        utility_russia = (p["russia_influence_value"] * payoffs.influence(k.stock, k.alignment, 2)
                          + p["russia_route_value"] * self.flows[:, NORTHERN] + deterrence - p["russia_pressure_cost"] * self.russia.pressure
                          - payoffs.courting_benefit(k.alignment, self.russia.courting, p["courting_transfer"]))

        report = {
            "alignment_china": k.alignment[:, 0], "alignment_eu": k.alignment[:, 1],
            "alignment_russia": k.alignment[:, 2],
            "stock_china": k.stock[:, 0], "stock_eu": k.stock[:, 1],
            "stock_russia": k.stock[:, 2], "stock_domestic": k.stock[:, 3],
            "offer_china": s.offers[:, 0], "offer_eu": s.offers[:, 1],
            "committed_china": k.committed[:, 0], "committed_eu": k.committed[:, 1],
            "completed_china": k.completed[:, 0], "completed_eu": k.completed[:, 1],
            "response_china": np.where(s.offers[:, 0] > 0, k.choice_response[:, 0], NO_OFFER),
            "response_eu": np.where(s.offers[:, 1] > 0, k.choice_response[:, 1], NO_OFFER),
            "binding_effort": k.choice_effort.astype(float),
            "russian_pressure": self.russia.pressure, "chinese_pressure": self.china.pressure,
            "russian_courting": self.russia.courting,
            "overland_demand_mt": self.demand,
            "northern_mt": self.flows[:, NORTHERN], "middle_corridor_mt": self.flows[:, MIDDLE],
            "bypass_mt": self.flows[:, BYPASS], "unserved_mt": self.demand - overland,
            "transit_mt": transit,
            "middle_capacity_mt": self.capacity["routes"][:, MIDDLE],
            "entry_capacity_mt": self.capacity["entry"],
            "bypass_capacity_mt": self.capacity["routes"][:, BYPASS],
            "returns": returns, "risk": risk, "utility": utility, "pressure_losses": losses,
            "cumulative_utility": k.cumulative_utility,
            "utility_china": utility_china, "utility_eu": utility_eu,
            "utility_russia": utility_russia,
            "eu_interest": s.eu_interest, "sanctions": self._sanctions(),
        }
        report.update(indicators.hedging_indicators(k.stock, k.alignment, k.binding,
                                                    k.engagement, p["dominance_cap"]))
        self.report = {name: np.array(report[name], dtype=float) for name in COLUMNS}

    def _check_finite(self) -> None:
        bad = np.zeros(self.worlds, dtype=bool)
        for value in self.report.values():
            bad |= ~np.isfinite(value)
        if bad.any():
            world = int(np.flatnonzero(bad)[0])
            names = [n for n, v in self.report.items() if not np.isfinite(v[world])]
            params = {n: (v[world].item() if v.dtype.kind != "i" else int(v[world]))
                      for n, v in self.p.items()}
            raise NonFiniteStateError(
                f"world {world} (seed {int(self.seeds[world])}) has a non-finite state "
                f"({', '.join(names)}) at step {self.steps}; its parameters: {params}")

    # ------------------------------------------------------------------ results
    def timeseries(self) -> pd.DataFrame:
        """Tidy time series: one row per world and quarter."""
        steps = len(self._records)
        frame = {
            "world": np.tile(np.arange(self.worlds), steps),
            "step": np.repeat(np.arange(1, steps + 1), self.worlds),
            "quarter": np.repeat([quarter_label(s) for s in range(1, steps + 1)], self.worlds),
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
