"""How big the experiments are and where they write: one ``Settings`` per run, from ``--quick``
and ``--out``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    """Run sizes and the report folder."""

    quick: bool
    out: Path                  # the report folder; figures go to out/figures
    replications: int          # paired replications per arm (and per dose level) of a comparison
    dose_replications: int     # replications per level of the other curves (time series, grids)
    dose_levels: int           # evenly spaced dose levels over a parameter's range (plus the arms)
    lhs_points: int            # Latin-hypercube points of the robustness checks
    lhs_replications: int      # replications per point (averaged)
    discovery_points: int      # Latin-hypercube points of the scenario discovery (claim 9)
    map_levels: int            # levels per axis of claim 9's map
    executor: str = "serial"
    workers: int | None = None

    @classmethod
    def make(cls, quick: bool = False, out: Path | str | None = None) -> Settings:
        out = Path(out) if out is not None else HERE
        if quick:
            return cls(True, out, replications=10, dose_replications=4, dose_levels=3,
                       lhs_points=16, lhs_replications=1, discovery_points=60, map_levels=3)
        return cls(False, out, replications=500, dose_replications=100, dose_levels=7,
                   lhs_points=1500, lhs_replications=1, discovery_points=3000, map_levels=7)

    @property
    def figures(self) -> Path:
        path = self.out / "figures"
        path.mkdir(parents=True, exist_ok=True)
        return path


def parse_args(description: str, argv: Sequence[str] | None = None) -> Settings:
    """The command line every experiment script shares: ``--quick`` and ``--out``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true",
                        help="few replications and points, for tests (seconds, not minutes)")
    parser.add_argument("--out", type=Path, default=None,
                        help="report folder (figures go to OUT/figures); default: experiments/")
    args = parser.parse_args(argv)
    return Settings.make(args.quick, args.out)
