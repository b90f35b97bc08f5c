"""The game page's response to a slider move: simulate 108 profiles x R worlds, solve, draw.

    python benchmarks/bench_game_page.py [--worlds 20 50] [--moves 3]

Times ``game_page.compute`` (the sweep runner in the server's process, the payoff table,
numpy's pure equilibria, 200 bootstrap replicates, the heatmap PNG) at ``--moves``
risk-weight values the page has not computed yet, for each number of worlds, and the
strip of the values computed so far. Prints wall and CPU seconds per move (the page runs
in one process: CPU seconds are what a move costs on an idle core) and the load average.
"""

from __future__ import annotations

import argparse
import os
import time

from hedgesim.app.game_page import GamePageSettings, compute, strip_png, strip_points


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--moves", type=int, default=3)
    args = parser.parse_args()
    compute(GamePageSettings(worlds=2, value=0.0))          # warm-up: imports, first figure
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for worlds in args.worlds:
        for k in range(args.moves):
            settings = GamePageSettings(value=1.5 + 0.5 * k, worlds=worlds)
            wall, cpu = time.perf_counter(), time.process_time()
            point = compute(settings)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            eq = "; ".join(point.analysis.equilibria["profile"]) or "none"
            print(f"{worlds:4d} worlds ({settings.runs:,} runs), risk weight {settings.value:g}: "
                  f"{wall:5.1f} s wall, {cpu:5.1f} s CPU; equilibria: {eq}")
        started = time.perf_counter()
        strip_png(strip_points(settings))
        print(f"     strip of {args.moves} values drawn in {time.perf_counter() - started:.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
