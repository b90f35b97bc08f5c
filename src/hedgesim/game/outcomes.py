"""Per-run outcome metrics: the numbers sweeps and sensitivity analysis report, defined once.

Each metric reduces one run's quarterly series to a number: the mean over
the run, the value in the last quarter, or the sum. They are accumulated
online, quarter by quarter, so a sweep of a million runs never holds a time
series in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hedgesim.game import corridors


@dataclass(frozen=True)
class Outcome:
    name: str
    column: str       # the model report column it reduces
    reduce: str       # "mean", "final", "sum" or "nanmean" (mean over quarters where defined)
    unit: str
    description: str


OUTCOMES: dict[str, Outcome] = {o.name: o for o in (
    Outcome("mean_hedging_index", "hedging_index", "mean", "index 0-1",
            "Hedging index averaged over the run (paper's Figure 1)."),
    Outcome("final_hedging_index", "hedging_index", "final", "index 0-1",
            "Hedging index in the last quarter."),
    Outcome("mean_economic_pragmatism", "economic_pragmatism", "mean", "index 0-1",
            "Take-up of both giants' offers, averaged over the run."),
    Outcome("final_binding_engagement", "binding_engagement", "final", "index 0-1",
            "Binding engagement in the last quarter."),
    Outcome("dominance_denial_share", "dominance_denial", "mean", "share of quarters",
            "Share of quarters in which no external power exceeded the dominance cap."),
    Outcome("final_dependency_hhi", "dependency_hhi", "final", "HHI 1/3-1",
            "Concentration of foreign-controlled infrastructure in the last quarter."),
    Outcome("final_max_external_share", "max_external_share", "final", "share",
            "Largest external control share of infrastructure in the last quarter."),
    Outcome("final_china_control_share", "china_control_share", "final", "share",
            "China's control share of all infrastructure in the last quarter."),
    Outcome("final_eu_control_share", "eu_control_share", "final", "share",
            "The EU's control share of all infrastructure in the last quarter."),
    Outcome("final_alignment_china", "alignment_china", "final", "share",
            "Kazakhstan's alignment with China in the last quarter."),
    Outcome("final_alignment_eu", "alignment_eu", "final", "share",
            "Kazakhstan's alignment with the EU in the last quarter."),
    Outcome("final_alignment_russia", "alignment_russia", "final", "share",
            "Kazakhstan's alignment with Russia in the last quarter."),
    Outcome("cumulative_utility", "utility", "sum", "USD bn",
            "Kazakhstan's risk-adjusted utility (returns - rho * risk) summed over the run."),
    Outcome("mean_returns", "returns", "mean", "USD bn per quarter",
            "Kazakhstan's returns per quarter, averaged."),
    Outcome("mean_risk", "risk", "mean", "USD bn per quarter",
            "Kazakhstan's risk per quarter, averaged."),
    Outcome("china_investment", "committed_china", "sum", "USD bn",
            "Chinese investment that went ahead over the run."),
    Outcome("eu_investment", "committed_eu", "sum", "USD bn",
            "EU investment that went ahead over the run."),
    Outcome("final_middle_corridor_share", "middle_corridor_share", "final", "share",
            "Middle Corridor share of EU-China overland cargo in the last quarter."),
    Outcome("mean_middle_corridor_mt", "middle_corridor_mt", "mean", "Mt/yr",
            "Middle Corridor volume through Kazakhstan, averaged."),
    Outcome("mean_northern_mt", "northern_mt", "mean", "Mt/yr",
            "Northern-route volume through Kazakhstan, averaged."),
    Outcome("final_transit_mt", "transit_mt", "final", "Mt/yr",
            "Transit through Kazakhstan in the last quarter (annualised)."),
    Outcome("mean_risk_china", "risk_china", "mean", "USD bn per quarter",
            "Kazakhstan's expected loss from China's coercion per quarter, averaged."),
    Outcome("mean_risk_russia", "risk_russia", "mean", "USD bn per quarter",
            "Kazakhstan's expected loss from Russia's coercion per quarter, averaged."),
    Outcome("cumulative_coercion_losses", "coercion_losses", "sum", "USD bn",
            "Money Kazakhstan actually lost to coercion (hold-up rents paid, damage suffered)."),
    Outcome("russian_pressure_events", "russian_pressure", "sum", "episodes",
            "Quarters with Russian hybrid pressure."),
    Outcome("chinese_pressure_events", "chinese_pressure", "sum", "episodes",
            "Quarters with Chinese concession demands."),
    Outcome("mean_p_pressure_russia", "p_pressure_russia", "mean", "probability",
            "Russia's probability of pressure, averaged over quarters (judge deterrence by this "
            "and by Kazakhstan's choices, not by counting episodes)."),
    Outcome("mean_p_pressure_china", "p_pressure_china", "mean", "probability",
            "China's probability of a concession demand, averaged."),
    Outcome("mean_p_courting_russia", "p_courting_russia", "mean", "probability",
            "Russia's probability of EAEU courting, averaged."),
    Outcome("concessions", "concessions_total", "sum", "episodes",
            "Quarters in which Kazakhstan conceded to a coercer."),
    Outcome("mean_loan_cost_china", "loan_cost_china", "nanmean", "per year",
            "Bargained rate of China's offers, averaged over quarters with an offer (NaN if none)."),
    Outcome("mean_loan_cost_eu", "loan_cost_eu", "nanmean", "per year",
            "Bargained rate of the EU's offers, averaged over quarters with an offer (NaN if none)."),
    Outcome("mean_exposure_china", "exposure_china", "mean", "USD bn per quarter",
            "Kazakhstan's exposure to China, averaged."),
    Outcome("mean_exposure_russia", "exposure_russia", "mean", "USD bn per quarter",
            "Kazakhstan's exposure to Russia, averaged."),
    Outcome("final_debt_china", "debt_china", "final", "USD bn",
            "Debt Kazakhstan owes China in the last quarter."),
    Outcome("final_norm_level", "norm_level", "final", "index 0-1",
            "Kazakhstan's adoption of EU standards in the last quarter."),
    Outcome("mean_transit_revenue", "transit_revenue", "mean", "USD bn per quarter",
            "Kazakhstan's transit revenue, averaged."),
    Outcome("cumulative_utility_china", "utility_china", "sum", "USD bn", "China's utility summed."),
    Outcome("cumulative_utility_eu", "utility_eu", "sum", "USD bn", "The EU's utility summed."),
    Outcome("cumulative_utility_russia", "utility_russia", "sum", "USD bn", "Russia's utility summed."),
)}


def derived(report: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Columns outcomes need that the model reports only in parts."""
    flows = np.stack([report["northern_mt"], report["middle_corridor_mt"], report["bypass_mt"]], axis=1)
    share = corridors.middle_share(flows)
    stock = report["stock_china"] + report["stock_eu"] + report["stock_russia"] + report["stock_domestic"]
    return {"middle_corridor_share": share, "china_control_share": report["stock_china"] / stock,
            "eu_control_share": report["stock_eu"] / stock,
            "concessions_total": report["concessions_china"] + report["concessions_russia"]}


class OutcomeAccumulator:
    """Reduce each quarter's report to the outcome metrics, for every world at once."""

    def __init__(self, worlds: int):
        self.quarters = 0
        self.values = {name: np.zeros(worlds) for name in OUTCOMES}
        self.counts = {name: np.zeros(worlds) for name, o in OUTCOMES.items() if o.reduce == "nanmean"}

    def add(self, report: dict[str, np.ndarray]) -> None:
        columns = {**report, **derived(report)}
        self.quarters += 1
        for name, outcome in OUTCOMES.items():
            value = columns[outcome.column]
            if outcome.reduce == "final":
                self.values[name] = value.copy()
            elif outcome.reduce == "nanmean":
                defined = ~np.isnan(value)
                self.values[name] += np.where(defined, value, 0.0)
                self.counts[name] += defined
            else:
                self.values[name] += value

    def result(self) -> dict[str, np.ndarray]:
        out = {}
        for name, outcome in OUTCOMES.items():
            value = self.values[name]
            if outcome.reduce == "mean":
                out[name] = value / max(self.quarters, 1)
            elif outcome.reduce == "nanmean":
                count = self.counts[name]
                out[name] = np.divide(value, count, out=np.full_like(value, np.nan), where=count > 0)
            else:
                out[name] = value.copy()
        return out


def outcomes_of(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Outcome metrics of a recorded time series (one row per world)."""
    worlds = int(timeseries["world"].max()) + 1
    accumulator = OutcomeAccumulator(worlds)
    for _, quarter in timeseries.sort_values(["step", "world"]).groupby("step"):
        accumulator.add({c: quarter[c].to_numpy() for c in quarter.columns})
    return pd.DataFrame(accumulator.result())
