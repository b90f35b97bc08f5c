"""Figures: the overview panel of a run (alignment, investment, corridors, the powers' choices,
terms and exposures, indicators, payoffs).

Built with matplotlib's object API (no pyplot state), so the same functions
serve the CLI, the experiments and the Solara pages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

PARTNER_COLOURS = {"china": "#c0392b", "eu": "#1f4e9c", "russia": "#6c7a89", "domestic": "#2e8b57"}
ROUTE_COLOURS = {"northern_mt": "#6c7a89", "middle_corridor_mt": "#1f4e9c", "bypass_mt": "#d68910",
                 "transit_mt": "#2e8b57"}
# The quarter's events and the hedging indicators, as (column, colour, label): the same
# in the overview figure and the classroom page.
EVENTS = (("russian_pressure", "#7b241c", "Russian hybrid pressure"),
          ("chinese_pressure", PARTNER_COLOURS["china"], "Chinese concession demand"),
          ("russian_courting", PARTNER_COLOURS["russia"], "Russian EAEU courting"))
# The powers' choice probabilities (the quantal responses the stage game computes).
CHOICES = (("p_pressure_russia", "#7b241c", "Russia: pressure"),
           ("p_pressure_china", PARTNER_COLOURS["china"], "China: concession demand"),
           ("p_courting_russia", PARTNER_COLOURS["russia"], "Russia: EAEU courting"))
INDICATORS = (("hedging_index", "#000000", "Hedging index"),
              ("economic_pragmatism", "#d68910", "Economic pragmatism"),
              ("binding_engagement", "#2e8b57", "Binding engagement"),
              ("max_external_share", PARTNER_COLOURS["china"], "Largest external share"),
              ("dependency_hhi", "#6c7a89", "Dependency HHI"))
ROUTE_LABELS = {"northern_mt": "Northern (via Russia)", "middle_corridor_mt": "Middle Corridor (TITR)",
                "bypass_mt": "Bypass (China-Kyrgyzstan-Uzbekistan)",
                "transit_mt": "All transit through Kazakhstan"}


def decimal_years(quarters: pd.Series | np.ndarray) -> np.ndarray:
    """Calendar time in years of quarter labels: 2025Q1 is 2025.0, 2025Q3 is 2025.5."""
    text = pd.Series(np.asarray(quarters)).astype(str)
    return (text.str[:4].astype(int) + (text.str[-1].astype(int) - 1) / 4.0).to_numpy()


def quarterly(df: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame,
                                                             pd.DataFrame]:
    """Per-step x (years), mean, 5th and 95th percentile over worlds of ``columns``."""
    grouped = df.groupby("step")[columns]
    mean = grouped.mean()
    low, high = grouped.quantile(0.05), grouped.quantile(0.95)
    labels = df.groupby("step")["quarter"].first().reindex(mean.index)
    return decimal_years(labels), mean, low, high


def _band(ax, x, mean, low, high, column, colour, label, worlds, band=True):
    ax.plot(x, mean[column], color=colour, label=label, lw=1.8)
    if worlds > 1 and band:
        ax.fill_between(x, low[column], high[column], color=colour, alpha=0.15, lw=0)


def overview_figure(df: pd.DataFrame, title: str = "", dominance_cap: float | None = None) -> Figure:
    """Nine panels of a run's time series; bands are 5-95 % over worlds when there are several."""
    worlds = int(df["world"].nunique())
    fig = Figure(figsize=(15, 12), layout="constrained")
    axes = fig.subplots(3, 3)
    cols = ["alignment_china", "alignment_eu", "alignment_russia", "stock_china", "stock_eu",
            "stock_russia", "stock_domestic", "northern_mt", "middle_corridor_mt", "bypass_mt",
            "transit_mt", "russian_pressure", "chinese_pressure", "russian_courting",
            "p_pressure_russia", "p_pressure_china", "p_courting_russia", "loan_cost_china",
            "loan_cost_eu", "exposure_china", "exposure_eu", "exposure_russia", "hedging_index",
            "economic_pragmatism", "binding_engagement", "dominance_denial", "dependency_hhi",
            "max_external_share", "returns", "risk", "utility", "utility_china", "utility_eu",
            "utility_russia"]
    x, mean, low, high = quarterly(df, cols)

    ax = axes[0, 0]
    stack = [mean[f"alignment_{p}"] for p in ("china", "eu", "russia")]
    ax.stackplot(x, stack, colors=[PARTNER_COLOURS[p] for p in ("china", "eu", "russia")],
                 labels=["China", "EU", "Russia"], alpha=0.85)
    ax.set(title="Kazakhstan's alignment", ylabel="share", ylim=(0, 1))
    ax.legend(loc="lower left", fontsize=8, ncols=3)

    ax = axes[0, 1]
    for holder, label in (("china", "China"), ("eu", "EU"), ("russia", "Russia"),
                          ("domestic", "National (joint ventures)")):
        _band(ax, x, mean, low, high, f"stock_{holder}", PARTNER_COLOURS[holder], label, worlds)
    ax.set(title="Infrastructure by who controls it", ylabel="USD bn")
    ax.legend(fontsize=8)

    ax = axes[0, 2]
    for column in ("northern_mt", "middle_corridor_mt", "bypass_mt"):
        _band(ax, x, mean, low, high, column, ROUTE_COLOURS[column], ROUTE_LABELS[column], worlds)
    ax.set(title="Corridor flows", ylabel="Mt per year")
    twin = ax.twinx()
    twin.plot(x, mean["transit_mt"], color=ROUTE_COLOURS["transit_mt"], ls="--", lw=1.4,
              label=ROUTE_LABELS["transit_mt"])
    twin.set_ylabel("transit through Kazakhstan, Mt per year", color=ROUTE_COLOURS["transit_mt"])
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=7, loc="upper left")

    ax = axes[1, 0]
    for column, colour, label in CHOICES:
        _band(ax, x, mean, low, high, column, colour, label, worlds)
    for column, colour, label in EVENTS[:2]:
        ax.scatter(x, mean[column], color=colour, s=10, marker="x",
                   label=label + (" (share of worlds)" if worlds > 1 else ""))
    ax.set(title="The powers' choices: probabilities (lines) and episodes (crosses)",
           ylabel="probability per quarter", ylim=(0, 1.05))
    ax.legend(fontsize=7)

    ax = axes[1, 1]
    for column, colour, label in (("loan_cost_china", PARTNER_COLOURS["china"], "China's offers"),
                                  ("loan_cost_eu", PARTNER_COLOURS["eu"], "The EU's offers")):
        _band(ax, x, 100 * mean, 100 * low, 100 * high, column, colour, label, worlds)
    ax.set(title="Bargained loan rates (quarters with an offer)", ylabel="% a year")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)

    ax = axes[1, 2]
    for power, label in (("china", "China"), ("eu", "EU"), ("russia", "Russia (CPC oil, Northern route)")):
        _band(ax, x, mean, low, high, f"exposure_{power}", PARTNER_COLOURS[power], label, worlds)
    ax.set(title="Kazakhstan's exposure to each power", ylabel="USD bn of income per quarter at stake")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)

    ax = axes[2, 0]
    held = ("dominance_denial", "#8e44ad",
            "Dominance denial held" + (" (share of worlds)" if worlds > 1 else ""))
    for column, colour, label in (*INDICATORS[:3], held, *INDICATORS[3:]):
        _band(ax, x, mean, low, high, column, colour, label, worlds, band=column != "dominance_denial")
    if dominance_cap is not None:
        ax.axhline(dominance_cap, color="#8e44ad", ls=":", lw=1.5, label="Dominance cap")
    ax.set(title="Hedging indicators (paper's Figure 1)", ylim=(0, 1.05))
    ax.legend(fontsize=7, ncols=2, loc="lower left")

    ax = axes[2, 1]
    _band(ax, x, mean, low, high, "returns", "#2e8b57", "Returns", worlds)
    _band(ax, x, mean, low, high, "utility", "#000000", "Utility = returns - ρ·risk", worlds)
    ax.set(title="Kazakhstan's returns and risk (Kuik)", ylabel="returns, utility: USD bn per quarter")
    twin = ax.twinx()
    _band(twin, x, mean, low, high, "risk", "#c0392b", "Risk: expected coercion loss (right axis)", worlds)
    twin.set_ylabel("risk: USD bn per quarter", color="#c0392b")
    twin.set_ylim(bottom=0)
    lines, more = ax.get_legend_handles_labels(), twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="lower right")

    ax = axes[2, 2]
    for power, label in (("china", "China"), ("eu", "EU"), ("russia", "Russia")):
        _band(ax, x, mean, low, high, f"utility_{power}", PARTNER_COLOURS[power], label, worlds)
    ax.set(title="The powers' objectives", ylabel="USD bn per quarter")
    ax.legend(fontsize=8)

    for ax in axes.flat:
        ax.set_xlabel("year")
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title + (f"  ({worlds} worlds: mean and 5-95 % band)" if worlds > 1 else ""))
    return fig
