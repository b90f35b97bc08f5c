"""Plots over time for the classroom page, one SolaraViz component each.

Every plot reads the model's tidy time series (``HedgingModel.timeseries``)
and spans the whole horizon from the start, so the lines grow to the right
as the quarters pass instead of the axes rescaling. Fonts are sized for a
projector; colours are those of ``hedgesim.plots``.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from solara.alias import rw

from hedgesim.plots import EVENTS, decimal_years, INDICATORS, PARTNER_COLOURS, ROUTE_COLOURS, ROUTE_LABELS

FONT = {"font.size": 12, "axes.titlesize": 14, "axes.labelsize": 12, "legend.fontsize": 11,
        "xtick.labelsize": 11.5, "ytick.labelsize": 11.5}
PARTNERS = (("china", "China"), ("eu", "EU"), ("russia", "Russia"))


def FigureImage(fig: Figure):
    """A matplotlib figure as a PNG that fills its cell (no pyplot, no browser plotting library)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return rw.Image(value=buffer.getvalue(), format="png", _dom_classes=["hedgesim-figure"],
                    layout={"width": "100%", "height": "100%", "object_fit": "contain"})


def years(df: pd.DataFrame) -> np.ndarray:
    """Calendar time (years) of each row's quarter, e.g. 2025.0 for 2025Q1."""
    return decimal_years(df["quarter"]) if len(df) else np.zeros(0)


def new_axes(model, title: str, ylabel: str = ""):
    """A figure with one axes spanning the model's whole horizon."""
    fig = Figure(figsize=(5.0, 3.9), dpi=100, layout="constrained")
    ax = fig.subplots()
    ax.set_title(title, loc="left", fontsize=FONT["axes.titlesize"])
    ax.set_ylabel(ylabel, fontsize=FONT["axes.labelsize"])
    ax.set_xlim(model.start.decimal_year, model.start.decimal_year + model.horizon / 4.0)
    ax.tick_params(labelsize=FONT["xtick.labelsize"])  # sizes set one by one: no global rcParams
    ax.grid(alpha=0.3)
    if not model.steps:
        ax.text(0.5, 0.5, "Press ▶ or Step to start", transform=ax.transAxes, ha="center",
                va="center", fontsize=14, color="#777777")
    return fig, ax


def legend(ax, ncols: int = 2):
    """The legend under the plot, where it never hides a line."""
    ax.legend(fontsize=FONT["legend.fontsize"], loc="upper center", bbox_to_anchor=(0.5, -0.1),
              ncols=ncols, frameon=False, handlelength=1.6, columnspacing=1.0)


def series(model) -> pd.DataFrame:
    """The model's time series, world 0 (the classroom runs one world)."""
    df = model.timeseries()
    return df[df["world"] == 0]


def AlignmentPlot(model):
    """Kazakhstan's alignment with China, the EU and Russia, stacked to 1."""
    df = series(model)
    fig, ax = new_axes(model, "Kazakhstan's alignment", "share")
    if len(df):
        ax.stackplot(years(df), [df[f"alignment_{p}"] for p, _ in PARTNERS],
                     colors=[PARTNER_COLOURS[p] for p, _ in PARTNERS],
                     labels=[label for _, label in PARTNERS], alpha=0.85)
        legend(ax, ncols=3)
    ax.set_ylim(0, 1)
    return FigureImage(fig)


def InvestmentPlot(model):
    """Infrastructure stocks by who controls them."""
    df = series(model)
    fig, ax = new_axes(model, "Infrastructure, by who controls it", "USD bn")
    if len(df):
        for holder, label in (*PARTNERS, ("domestic", "National (joint ventures)")):
            ax.plot(years(df), df[f"stock_{holder}"], color=PARTNER_COLOURS[holder], lw=2.5,
                    label=label)
        legend(ax)
        ax.set_ylim(bottom=0)
    return FigureImage(fig)


def FlowsPlot(model):
    """Cargo on the three EU-China routes, and all transit through Kazakhstan."""
    df = series(model)
    fig, ax = new_axes(model, "Corridor flows", "Mt per year")
    if len(df):
        t = years(df)
        for column in ("northern_mt", "middle_corridor_mt", "bypass_mt"):
            ax.plot(t, df[column], color=ROUTE_COLOURS[column], lw=2.5,
                    label=ROUTE_LABELS[column].replace(" (China-Kyrgyzstan-Uzbekistan)", ""))
        ax.set_ylim(bottom=0)
        legend(ax, ncols=1)
    return FigureImage(fig)


def PressurePlot(model):
    """Quarters of Russian pressure, Chinese concession demands and Russian courting."""
    df = series(model)
    fig, ax = new_axes(model, "Pressure and courting events")
    t = years(df)
    for row, (column, colour, label) in enumerate(EVENTS):
        on = df[column].to_numpy() > 0 if len(df) else np.zeros(0, dtype=bool)
        ax.scatter(t[on], np.full(on.sum(), 2 - row), s=110, marker="s", color=colour)
        ax.text(model.start.decimal_year + 0.1, 2 - row + 0.25, f"{label}: {int(on.sum())} quarter{'s' if on.sum() != 1 else ''}",
                va="bottom", fontsize=12, color=colour, weight="bold")
    ax.set_ylim(-0.4, 2.75)
    ax.set_yticks([])
    ax.set_xlabel("a square marks a quarter with that event", fontsize=11, color="#444444")
    return FigureImage(fig)


def ReturnsRiskPlot(model):
    """Kazakhstan's returns against its risk, and the utility Kuik's hedger maximises."""
    df = series(model)
    fig, ax = new_axes(model, "Kazakhstan: returns against risk", "USD bn per quarter")
    if len(df):
        t = years(df)
        ax.plot(t, df["returns"], color="#2e8b57", lw=2.5, label="Returns")
        ax.plot(t, df["risk"], color="#c0392b", lw=2.5, label="Risk")
        ax.plot(t, df["utility"], color="#000000", lw=2, ls="--", label="Utility = returns − ρ·risk")
        ax.axhline(0, color="#777777", lw=0.8)
        legend(ax, ncols=2)
    return FigureImage(fig)


def IndicatorsPlot(model):
    """The hedging indicators of the paper's Figure 1."""
    df = series(model)
    fig, ax = new_axes(model, "Hedging indicators (paper's Figure 1)", "0 to 1")
    if len(df):
        t = years(df)
        for column, colour, label in INDICATORS:
            ax.plot(t, df[column], color=colour, lw=2.3, ls=":" if column == "dependency_hhi" else "-",
                    label=label)
        ax.axhline(float(model.p["dominance_cap"][0]), color=PARTNER_COLOURS["china"], ls="--",
                   lw=1.2, label="Dominance cap")
        legend(ax)
    ax.set_ylim(0, 1.02)
    return FigureImage(fig)


PLOTS = [AlignmentPlot, InvestmentPlot, FlowsPlot, PressurePlot, ReturnsRiskPlot, IndicatorsPlot]
