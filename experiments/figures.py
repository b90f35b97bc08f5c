"""The report's figures: a titled grid of panels, dose-response curves with 95 % bands, the
robustness bars, and small palette PNGs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from claims import CheckResult, ComparisonResult
from inference import AGREES, DISAGREES, NEGLIGIBLE, PARTLY, UNCLEAR
from matplotlib.figure import Figure
from prose import ci_text, pct
from settings import Settings

from hedgesim.game.parameters import PARAMETERS

VERDICT_COLOURS = {AGREES: "#1e8449", DISAGREES: "#c0392b", UNCLEAR: "#7f8c8d", PARTLY: "#d68910",
                   NEGLIGIBLE: "#7f8c8d"}

def new_figure(panels: int, title: str, columns: int = 3, height: float = 3.0,
               width: float = 12.0) -> tuple[Figure, list[Any]]:
    """A titled figure of ``panels`` axes on a grid; the last one spans its row's empty columns."""
    rows = math.ceil(panels / columns)
    fig = Figure(figsize=(width, height * rows + 0.8), layout="constrained")
    fig.get_layout_engine().set(h_pad=0.08)
    grid = fig.add_gridspec(rows, columns)
    axes = [fig.add_subplot(grid[i // columns, i % columns]) for i in range(panels - 1)]
    row, column = divmod(panels - 1, columns)
    axes.append(fig.add_subplot(grid[row, column:]))
    fig.suptitle(title, fontsize=12, fontweight="bold")
    return fig, axes


def caption(fig: Figure, text: str) -> None:
    """A line of explanation under the panels (kept clear of them by the layout)."""
    fig.supxlabel(text, fontsize=7.5, color="#444444")


def save(fig: Figure, settings: Settings, key: str) -> Path:
    """Write ``figures/<key>.png`` as a small palette PNG (a few tens of kB)."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=50 if settings.quick else 90)
    buffer.seek(0)
    path = settings.figures / f"{key}.png"
    with Image.open(buffer) as image:
        image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def axis_label(name: str) -> str:
    p = PARAMETERS[name]
    return name if p.unit == "dimensionless" else f"{name} ({p.unit})"


COLOURS = ["#1f4e9c", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#6c7a89"]


def dose_panels(axes: Sequence[Any], results: Sequence[ComparisonResult]) -> None:
    """One panel per (comparison, panel): the dose-response curve of each check, 95 % CI bands,
    the control and treatment levels marked and the paired difference written in."""
    i = 0
    for r in results:
        c = r.comparison
        groups: dict[str, list[CheckResult]] = {}
        for cr in r.checks:
            groups.setdefault(cr.check.panel or cr.check.label, []).append(cr)
        for panel, members in groups.items():
            ax = axes[i]
            i += 1
            notes = []
            for k, cr in enumerate(members):
                curve = r.dose[r.dose["check"] == cr.check.label]
                colour = COLOURS[k % len(COLOURS)]
                ax.plot(curve["level"], curve["mean"], color=colour, marker="o", ms=3, lw=1.6,
                        label=cr.check.label if len(members) > 1 else None)
                ax.fill_between(curve["level"], curve["low"], curve["high"], color=colour, alpha=0.2, lw=0)
                name = f"{cr.check.label}: " if len(members) > 1 else ""
                notes.append(f"{name}Δ {ci_text(cr)}, {cr.verdict or 'context'}")
            for x, style in ((c.control, ":"), (c.treatment, "--")):
                ax.axvline(float(x), color="black", ls=style, lw=0.9)
            title = panel if len(results) == 1 else f"{c.name}: {panel}"
            ax.set_title(_wrap(title, 48) + "\n" + "\n".join(notes), fontsize=8)
            ax.set_xlabel(axis_label(c.dose), fontsize=7.5)
            ax.set_ylabel(members[0].check.unit, fontsize=8)
            ax.tick_params(labelsize=7.5)
            ax.grid(alpha=0.3)
            if len(members) > 1:
                ax.legend(fontsize=7, loc="best")


def robustness_panel(ax: Any, results: Sequence[ComparisonResult], title: str = "",
                     tied_label: str = "change < 1 %") -> None:
    """Horizontal bars: share of the Latin hypercube where each check holds (Wilson 95 % CI),
    is reversed, or shows no change."""
    rows = [(cr, cr.robust) for r in results for cr in r.checks if cr.robust]
    labels = [(f"{cr.comparison}: " if len(results) > 1 else "") + (cr.check.short or cr.check.label)
              for cr, _ in rows]
    y = np.arange(len(rows))[::-1].astype(float)
    holds = np.array([rb["holds"] for _, rb in rows])
    rev = np.array([rb["reversed"] for _, rb in rows])
    tied = np.array([rb["tied"] for _, rb in rows])
    bar = 0.42
    ax.barh(y, holds, bar, color=VERDICT_COLOURS[AGREES], label="paper's side")
    ax.barh(y, tied, bar, left=holds, color="#bdc3c7", label=tied_label)
    ax.barh(y, rev, bar, left=holds + tied, color=VERDICT_COLOURS[DISAGREES], label="reversed")
    err = np.array([[rb["holds"] - rb["low"], rb["high"] - rb["holds"]] for _, rb in rows]).T
    ax.errorbar(holds, y, xerr=err, fmt="none", ecolor="black", capsize=3, lw=1)
    for yi, h, label in zip(y, holds, labels, strict=True):
        ax.text(0.005, yi + bar / 2 + 0.04, f"{label}: {pct(h)}", va="bottom", ha="left", fontsize=7)
    ax.set_yticks([])
    ax.set_ylim(-0.5, len(rows) - 0.25)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of parameter points (95 % CI for the paper's direction)", fontsize=7.5)
    points = rows[0][1]["points"] if rows else 0
    ax.set_title(title or f"Robustness: a {points:,}-point Latin hypercube\nof the other parameters",
                 fontsize=9, pad=16)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.legend(fontsize=6.5, loc="lower center", ncols=3, bbox_to_anchor=(0.5, 1.0), frameon=False,
              borderaxespad=0.1, handlelength=1.2, columnspacing=1.0)


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def comparison_figure(results: Sequence[ComparisonResult], title: str, settings: Settings, key: str) -> Path:
    """The standard figure of a comparison claim: dose-response panels and the robustness bars."""
    panels = sum(len({cr.check.panel or cr.check.label for cr in r.checks}) for r in results)
    count = panels + 1
    columns = count if count <= 3 else 2 if count == 4 else 3 if count <= 6 else 4
    fig, axes = new_figure(count, title, columns, width=4.1 * columns)
    caption(fig, "Curves: mean over replications with its 95 % CI band; dotted line: control, dashed line: "
                 "treatment; under each title: the paired difference treatment − control [95 % CI] and its verdict.")
    dose_panels(axes[:panels], results)
    robustness_panel(axes[panels], results)
    return save(fig, settings, key)
