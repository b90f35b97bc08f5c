"""Regenerate the figures the README shows: python docs/make_figures.py

Each figure is a plain hedgesim run; nothing here is drawn by hand.
"""

from pathlib import Path

from hedgesim.plots import overview_figure
from hedgesim.runs import run_scenario

FIGURES = Path(__file__).resolve().parent / "figures"


def main() -> None:
    FIGURES.mkdir(exist_ok=True)
    result = run_scenario("baseline", seed=0, worlds=100)
    fig = overview_figure(result.timeseries, "2025 baseline (baseline)", 0.5)
    fig.savefig(FIGURES / "baseline_overview.png", dpi=80)
    print("wrote", FIGURES / "baseline_overview.png")


if __name__ == "__main__":
    main()
