"""Figures of the empirical game: one player's payoff heatmap, and phase diagrams over parameters."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from hedgesim.analysis.equilibria.table import PayoffTable

SEVERAL, NONE = "several", "none"
STRATEGY_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
SEVERAL_COLOUR, NONE_COLOUR = "#bdbdbd", "#ffffff"


def _axes(ax, size: tuple[float, float]):
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def payoff_heatmap(table: PayoffTable, player: str | int = 0, ax=None, cmap: str = "viridis") -> Figure:
    """``player``'s mean payoff: its strategies on the rows, the others' profiles on the columns.

    Each column is one profile of the other players (C order, the last player's
    strategy varying fastest); a dot marks the player's best replies to it, a star
    the pure Nash equilibria of the table. For a 4x3x3x3 game and Kazakhstan: 4 rows,
    27 columns.
    """
    i = table.player_index(player)
    values = np.moveaxis(table.mean[..., i], i, 0).reshape(table.shape[i], -1)
    others = [j for j in range(len(table.players)) if j != i]
    columns = [" · ".join(table.strategies[j][k] for j, k in zip(others, index))
               for index in np.ndindex(tuple(table.shape[j] for j in others))]
    fig, ax = _axes(ax, (max(6.0, 0.32 * len(columns) + 3), 0.45 * table.shape[i] + 3.2))
    image = ax.imshow(values, aspect="auto", cmap=cmap, interpolation="nearest")
    fig.colorbar(image, ax=ax, label=f"{table.players[i]}'s mean payoff ({table.unit})", shrink=0.9)
    best_rows, best_cols = np.nonzero(values == values.max(axis=0, keepdims=True))
    ax.scatter(best_cols, best_rows, s=22, facecolor="white", edgecolor="black", linewidth=0.6,
               zorder=3, label="best reply")
    equilibria = table.pure_equilibria()
    if equilibria:
        rows = [eq[i] for eq in equilibria]
        cols = [int(np.ravel_multi_index([eq[j] for j in others], [table.shape[j] for j in others]))
                for eq in equilibria]
        ax.scatter(cols, rows, s=170, marker="*", facecolor="#ffd700", edgecolor="black",
                   linewidth=0.8, zorder=4, label="Nash equilibrium")
    ax.set_yticks(range(table.shape[i]), table.strategies[i])
    ax.set_xticks(range(len(columns)), columns, rotation=90, fontsize=7)
    ax.set_ylabel(table.players[i])
    ax.set_xlabel(" · ".join(table.players[j] for j in others))
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=8, frameon=False, ncol=2)
    return fig


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around sorted grid values (midpoints; half a step beyond the ends)."""
    if len(values) == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    mid = (values[1:] + values[:-1]) / 2
    return np.concatenate([[2 * values[0] - mid[0]], mid, [2 * values[-1] - mid[-1]]])


def phase_diagram(points: pd.DataFrame, x: str, y: str | None = None, *,
                  strategies: Sequence[str], player: str = "", weak: float = 0.8,
                  ax=None) -> Figure:
    """Which strategy ``player`` plays in equilibrium over a grid of one or two parameters.

    ``points``: one row per grid point with the parameter column(s) ``x`` (and ``y``)
    and the columns of :func:`~hedgesim.analysis.equilibria.report.phase_point`:
    ``strategy`` (one of ``strategies``, ``"several"`` or ``"none"``), ``equilibria``
    (how many pure equilibria) and ``support`` (bootstrap share). A cell is coloured
    by the strategy; ``+`` marks several equilibria, ``×`` none; hatching marks
    bootstrap support below ``weak``.
    """
    categories = list(strategies) + [SEVERAL, NONE]
    unknown = set(points["strategy"]) - set(categories)
    if unknown:
        raise ValueError(f"strategy values {sorted(unknown)}: expected one of {categories}")
    keys = [x, y] if y else [x]
    if points.duplicated(keys).any():
        raise ValueError(f"points: several rows for the same {' and '.join(keys)}")
    xs = np.unique(points[x].to_numpy(float))
    ys = np.unique(points[y].to_numpy(float)) if y else np.zeros(1)
    code = np.full((len(ys), len(xs)), np.nan)
    col = np.searchsorted(xs, points[x].to_numpy(float))
    row = np.searchsorted(ys, points[y].to_numpy(float)) if y else np.zeros(len(points), int)
    code[row, col] = [categories.index(s) for s in points["strategy"]]
    colours = [STRATEGY_COLOURS[k % len(STRATEGY_COLOURS)] for k in range(len(strategies))]
    cmap = ListedColormap(colours + [SEVERAL_COLOUR, NONE_COLOUR])
    norm = BoundaryNorm(np.arange(len(categories) + 1) - 0.5, len(categories))
    fig, ax = _axes(ax, (6.4, 4.8 if y else 2.2))
    xe, ye = _edges(xs), _edges(ys)
    ax.pcolormesh(xe, ye, np.ma.masked_invalid(code), cmap=cmap, norm=norm,
                  edgecolors="#999999", linewidth=0.3)
    xc, yc = xs[col], ys[row]
    support = points["support"].to_numpy(float)
    for k in np.flatnonzero(support < weak):
        ax.add_patch(Rectangle((xe[col[k]], ye[row[k]]), xe[col[k] + 1] - xe[col[k]],
                               ye[row[k] + 1] - ye[row[k]], fill=False, hatch="///",
                               edgecolor="#333333", linewidth=0))
    many = points["equilibria"].to_numpy() > 1
    none = points["equilibria"].to_numpy() == 0
    ax.scatter(xc[many], yc[many], marker="+", s=40, color="black", zorder=3)
    ax.scatter(xc[none], yc[none], marker="x", s=30, color="black", zorder=3)
    ax.set_xlabel(x)
    if y:
        ax.set_ylabel(y)
    else:
        ax.set_yticks([])
    present = [c for c in categories if c in set(points["strategy"])]
    handles = [Patch(facecolor=cmap(categories.index(c)), edgecolor="#999999", label=c) for c in present]
    handles += [Line2D([], [], marker="+", color="black", linestyle="", label="several equilibria"),
                Line2D([], [], marker="x", color="black", linestyle="", label="no pure equilibrium"),
                Patch(facecolor="white", edgecolor="#333333", hatch="///",
                      label=f"bootstrap support < {weak:.0%}")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
              frameon=False, title=f"{player} plays" if player else None)
    return fig
