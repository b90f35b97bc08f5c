"""The full equilibrium analysis of a 4x3x3x3 payoff table: 1,000 worlds, 1,000 bootstrap replicates.

    python benchmarks/bench_equilibria.py [--worlds 1000] [--replicates 1000] [--repeat 3]

The table is synthetic (the model's strategy profiles are not simulated yet): 108
profiles of 4 players, per-world payoffs with a component common to all profiles
(common random numbers) and one per profile, and a withdrawn EU that makes
Kazakhstan's choice irrelevant (exact ties, so the game is degenerate like the
real one may be). Times ``analyse`` (payoff table, deviation gains with intervals,
regrets, ties, bootstrap, enumpure, the logit QRE branch, gnm and ipa from 3
perturbations each, simpdiv in a child process with its budget), then the files
and the heatmap, and prints each stage. The median of ``--repeat`` runs after one
warm-up; the analysis without pygambit is timed too, and enumpoly (opt-in) once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import numpy as np

from hedgesim.analysis.equilibria import PayoffTable, analyse, payoff_heatmap, write_tables
from hedgesim.analysis.equilibria.gambit import SIMPDIV_SECONDS

PLAYERS = ["Kazakhstan", "China", "EU", "Russia"]
STRATEGIES = [["hedge", "bandwagon China", "bandwagon EU", "lean on Russia"],
              ["market terms", "coerce", "withdraw"], ["strict", "fast", "withdraw"],
              ["court", "pressure", "acquiesce"]]


def synthetic_table(worlds: int, seed: int = 2025) -> PayoffTable:
    rng = np.random.default_rng(seed)
    shape = (4, 3, 3, 3, 4)
    samples = (rng.normal(size=(1,) + shape) + rng.normal(size=(worlds, 1, 1, 1, 1, 4))
               + 0.3 * rng.normal(size=(worlds,) + shape))
    samples[:, :, :, 2, :, 0] = samples[:, :1, :, 2, :, 0]      # the EU withdraws: Kazakhstan ties
    return PayoffTable.from_samples(samples, PLAYERS, STRATEGIES, unit="USD bn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=1000)
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--simpdiv-seconds", type=float, default=SIMPDIV_SECONDS)
    args = parser.parse_args()
    load = os.getloadavg()[0]

    def run(solvers: bool):
        table = synthetic_table(args.worlds)          # fresh: no cached means or gains
        started = time.perf_counter()
        result = analyse(table, replicates=args.replicates, rng=1, solvers=solvers,
                         simpdiv_seconds=args.simpdiv_seconds)
        return time.perf_counter() - started, result

    run(True)                                          # warm-up: imports, first solver calls
    full = [run(True) for _ in range(args.repeat)]
    numpy_only = [run(False)[0] for _ in range(args.repeat)]
    seconds, result = sorted(full, key=lambda r: r[0])[len(full) // 2]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        write_tables(result, folder)
        payoff_heatmap(result.table, "Kazakhstan").savefig(os.path.join(folder, "heatmap.png"), dpi=110)
        files = time.perf_counter() - started

    mixed = result.mixed["equilibrium"].nunique() if result.mixed is not None else 0
    print(f"equilibrium analysis: 4x3x3x3 = 108 profiles x {args.worlds:,} worlds, "
          f"{args.replicates:,} bootstrap replicates; {os.cpu_count()} CPUs, "
          f"load average {load:.1f} at the start")
    print(f"full analysis: median {statistics.median(r[0] for r in full):.2f} s "
          f"(min {min(r[0] for r in full):.2f}, max {max(r[0] for r in full):.2f}) over {args.repeat} runs")
    print("  stages of the median run: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.seconds.items()))
    print(f"  found: {len(result.equilibria)} pure equilibria, {mixed} by the mixed solvers; "
          f"{len(result.ties)} tie cases; solver notes: {'; '.join(result.solver_notes) or 'none'}")
    print(f"without pygambit (table, gains, ties, bootstrap): median {statistics.median(numpy_only):.2f} s")
    print(f"files (Parquet, CSV, report) and heatmap PNG: {files:.2f} s")
    started = time.perf_counter()
    found, notes = result.table.mixed_equilibria(perturbations=0, simpdiv_seconds=None, enumpoly=True)
    print(f"enumpoly (opt-in, every support): {time.perf_counter() - started:.2f} s, "
          f"{len(found)} equilibria; {notes[0]}")


if __name__ == "__main__":
    main()
