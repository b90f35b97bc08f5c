"""Figures of a calibration: marginal posteriors over their priors, pairs, and the predictive check.

matplotlib's object API (no pyplot state), as in ``hedgesim.plots``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from hedgesim.analysis.calibration.config import CalibrationConfig
from hedgesim.analysis.calibration.priors import frozen_prior

POSTERIOR = "#1f4e9c"
PRIOR = "#9aa5b1"
OBSERVED = "#c0392b"
HELD_OUT = "#d68910"
ROLE_STYLE = {"fitted": (OBSERVED, "o", "observed, fitted"),
              "held_out": (HELD_OUT, "D", "observed, held out (not fitted)")}


def short(name: str) -> str:
    """A parameter's label: an event's value reads ``parameter @ event``."""
    event, _, parameter = name.rpartition(".")
    return f"{parameter}\n@ {event}" if event else name


def marginals_figure(config: CalibrationConfig, draws: pd.DataFrame, identification: pd.DataFrame,
                     title: str = "") -> Figure:
    """One panel per parameter: the weighted posterior histogram over the prior density."""
    names = list(config.parameters)
    cols = min(4, len(names))
    rows = math.ceil(len(names) / cols)
    fig = Figure(figsize=(3.6 * cols, 2.7 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).reshape(-1)
    weights = draws["weight"].to_numpy(dtype=float)
    verdict = dict(zip(identification["parameter"], identification["verdict"]))
    ratio = dict(zip(identification["parameter"], identification["width_ratio"]))
    for ax, name in zip(axes, names):
        low, high = config.prior_bounds(name)
        prior = frozen_prior(config, name)
        grid = np.linspace(low, high, 200)
        ax.hist(draws[name], bins=30, range=(low, high), weights=weights, density=True, color=POSTERIOR,
                alpha=0.75, label="posterior")
        ax.plot(grid, prior.pdf(grid), color=PRIOR, lw=2, label="prior")
        ax.set_title(f"{short(name)}\n{verdict[name]} (90 % width ratio {ratio[name]:.2f})", fontsize=8)
        ax.set_xlim(low, high)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    for ax in axes[len(names):]:
        ax.set_visible(False)
    axes[0].legend(fontsize=7)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def pairs_figure(config: CalibrationConfig, draws: pd.DataFrame, title: str = "",
                 max_points: int = 1000, seed: int = 0) -> Figure:
    """Posterior draws in every pair of parameters (lower triangle) and each marginal (diagonal).
    Only the lower triangle's axes are made, without a layout engine: a grid of 13 x 13
    constrained-layout axes takes tens of seconds to draw."""
    names = list(config.parameters)
    n = len(names)
    size = max(6.0, 1.15 * n)
    fig = Figure(figsize=(size, size))
    grid = fig.add_gridspec(n, n, left=0.1, right=0.98, bottom=0.1, top=0.95, wspace=0.08, hspace=0.08)
    rng = np.random.default_rng(seed)
    weights = draws["weight"].to_numpy(dtype=float)
    shown = rng.choice(len(draws), size=min(max_points, len(draws)), replace=True, p=weights / weights.sum())
    sample = draws.iloc[shown]
    for i, y_name in enumerate(names):
        for j, x_name in enumerate(names[: i + 1]):
            ax = fig.add_subplot(grid[i, j])
            x_low, x_high = config.prior_bounds(x_name)
            if i == j:
                ax.hist(draws[x_name], bins=25, range=(x_low, x_high), weights=weights, color=POSTERIOR,
                        alpha=0.75)
                ax.set_yticks([])
            else:
                y_low, y_high = config.prior_bounds(y_name)
                ax.scatter(sample[x_name], sample[y_name], s=1.5, alpha=0.3, color=POSTERIOR, lw=0,
                           rasterized=True)
                ax.set_ylim(y_low, y_high)
                if j == 0:
                    ax.set_ylabel(short(y_name), fontsize=5)
                else:
                    ax.set_yticklabels([])
            ax.set_xlim(x_low, x_high)
            ax.tick_params(labelsize=4, length=2, pad=1)
            if i < n - 1:
                ax.set_xticklabels([])
            else:
                ax.set_xlabel(short(x_name), fontsize=5)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def predictive_figure(config: CalibrationConfig, bands: pd.DataFrame, coverage: pd.DataFrame,
                      until: int, title: str = "", first_year: int | None = None) -> Figure:
    """One panel per observed series: the model's 50 % and 90 % predictive bands over the years and
    the observed points (fitted or held out), with error bars of one
    measurement error; a dashed line where the fit ends when later years are held out."""
    series_list = list(config.observations)
    cols = min(3, len(series_list))
    rows = math.ceil(len(series_list) / cols)
    fig = Figure(figsize=(5.2 * cols, 3.6 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).reshape(-1)
    held_out_any = (coverage["role"] == "held_out").any()
    for ax, series in zip(axes, series_list):
        band = bands[bands["series"] == series].sort_values("year")
        if first_year is not None:
            band = band[band["year"] >= first_year]
        x = band["year"].to_numpy()
        ax.fill_between(x, band["q05"], band["q95"], color=POSTERIOR, alpha=0.18, lw=0, label="90 % band")
        ax.fill_between(x, band["q25"], band["q75"], color=POSTERIOR, alpha=0.35, lw=0, label="50 % band")
        ax.plot(x, band["q50"], color=POSTERIOR, lw=1.5, label="median")
        points = coverage[coverage["series"] == series]
        if first_year is not None:
            points = points[points["year"] >= first_year]
        counterpart = config.observations[series]
        for role, (colour, marker, label) in ROLE_STYLE.items():
            chosen = points[points["role"] == role]
            if chosen.empty:
                continue
            value = chosen["value"].to_numpy(dtype=float)
            if config.distance.transform == "log":
                error = [value - value * np.exp(-counterpart.error), value * np.exp(counterpart.error) - value]
            else:
                error = counterpart.error * np.abs(value)
            ax.errorbar(chosen["year"], value, yerr=error, fmt=marker, color=colour, ms=5, capsize=2,
                        lw=1, label=label)
        if held_out_any:
            ax.axvline(until + 0.5, color="#333333", ls="--", lw=1)
        unit = points["unit"].iloc[0] if len(points) else ""
        ax.set_title(f"{series}\n{len(points)} points, {int(points['in_90'].sum())} inside the 90 % band",
                     fontsize=9)
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    for ax in axes[len(series_list):]:
        ax.set_visible(False)
    axes[0].legend(fontsize=7, loc="upper left")
    if title:
        fig.suptitle(title, fontsize=10)
    return fig
