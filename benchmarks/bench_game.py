"""``hedgesim game baseline --worlds 1000`` end to end on 2 worker processes (target: 60 s).

    python benchmarks/bench_game.py [--worlds 1000] [--workers 2] [--seed 0] [--map] [--keep DIR]

Runs the command exactly as a user would, in a fresh process (imports, the two
workers' start-up, 108 profiles x R worlds x 40 quarters through the sweep
runner, the payoff table, the bootstrap, pygambit's solvers and the QRE branch,
the files and the heatmap) into a temporary folder, and prints:

- the wall time, and its parts from ``game.json`` (simulation, analysis, writing);
- the CPU time of the whole process tree (the command and its workers), and the
  load average before and after: on a machine shared with other work the wall
  time is longer than the CPU time divided by the workers, and the CPU time
  says what the job itself costs;
- the equilibria found (a check that the run is the real one).

``--map`` instead times the map of the experiment (docs/game.md):
``--map risk_weight=0:3 china_coercion_cost=0:3 --levels 4 --worlds 100``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEDGESIM = [sys.executable, "-m", "hedgesim.cli"]


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--map", action="store_true", help="time the experiment's 2-parameter map")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the game into this new folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    worlds = args.worlds or (100 if args.map else 1000)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "game"
        if out.exists():
            sys.exit(f"--keep {out}: exists; give a new folder (a rerun would resume, not time the game)")
        command = ["game", "baseline", "--worlds", str(worlds), "--seed", str(args.seed), "--out", str(out),
                   "--executor", "processes", "--workers", str(args.workers), "--quiet"]
        if args.map:
            command += ["--map", "risk_weight=0:3", "china_coercion_cost=0:3", "--levels", "4"]
        load_before = os.getloadavg()
        cpu_before = cpu_of_children()
        started = time.perf_counter()
        done = subprocess.run(HEDGESIM + command, check=False, capture_output=True, text=True)
        wall = time.perf_counter() - started
        cpu = cpu_of_children() - cpu_before
        load_after = os.getloadavg()
        if done.returncode != 0:
            sys.exit(f"hedgesim game failed ({done.returncode}): {done.stderr.strip()}")
        manifest = json.loads((out / "game.json").read_text())
        parts = manifest["sessions"][-1]["seconds"]
        runs = json.loads((out / "sweep" / "manifest.json").read_text())["runs"]
    print(f"hedgesim {' '.join(command[:6])} ... --executor processes --workers {args.workers}"
          + (" (the experiment's map: 4 x 4 points)" if args.map else ""))
    print(f"{runs:,} runs of 40 quarters; wall {wall:.1f} s = start-up "
          f"{wall - parts['total']:.1f} s + simulation {parts['simulation']:.1f} s + analysis "
          f"{parts['analysis']:.1f} s + writing {parts.get('writing', 0):.1f} s")
    print(f"CPU time of the process tree {cpu:.1f} s ({cpu / wall:.2f} cores busy on average); "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"({os.cpu_count()} cores)")
    for line in done.stdout.strip().splitlines():
        print(f"  | {line}")


if __name__ == "__main__":
    main()
