"""The sweep runner against mesa.batch_run on the same parameter points, one core, one session.

    python benchmarks/bench_batch_run.py [--points-side 10] [--replications 3]

Both run the baseline HedgingModel for 40 quarters on a risk_weight x
esg_rigidity grid with the same seeds (common random numbers, as batch_run's
rng list does). The script checks that both give the same final hedging index
for every run, then prints runs/s of each and the ratio. Both are warmed up
first (imports, first calls), so only the runs are timed. The runner is then
timed alone on a 100x larger design to show how it scales.
"""

from __future__ import annotations

import argparse
import os
import time

import mesa
import numpy as np

from hedgesim import HedgingModel
from hedgesim.analysis.sweep import run_sweep
from hedgesim.analysis.sweep.plan import SweepPlan
from hedgesim.analysis.sweep.spec import load_spec


def spec(side: int, replications: int, chunk_size: int) -> dict:
    return {"name": "bench", "vary": {"risk_weight": {"low": 0.0, "high": 3.0, "num": side},
                                      "esg_rigidity": {"low": 0.0, "high": 2.0, "num": side}},
            "replications": replications, "seed": 1, "steps": 40, "chunk_size": chunk_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points-side", type=int, default=10)
    parser.add_argument("--replications", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    sweep = load_spec(spec(args.points_side, args.replications, 100_000))
    plan = SweepPlan.of(sweep)
    seeds = [int(s) for s in plan.seeds(np.arange(args.replications))]
    grid = {name: sorted(plan.design[name].unique().tolist()) for name in plan.design.columns}

    # Warm up both (imports, first-call caches) so that only the runs are timed.
    mesa.batch_run(HedgingModel, parameters={"risk_weight": [1.0]}, rng=[0], max_steps=2,
                   number_processes=1, display_progress=False)
    run_sweep({**spec(2, 1, 100), "steps": 2}, progress=False)

    started = time.perf_counter()
    batch = mesa.batch_run(HedgingModel, parameters=grid, rng=seeds, max_steps=40,
                           number_processes=1, data_collection_period=-1, display_progress=False)
    batch_seconds = time.perf_counter() - started

    started = time.perf_counter()
    runner = run_sweep(sweep, progress=False).runs
    runner_seconds = time.perf_counter() - started

    by_key = {(r["risk_weight"], r["esg_rigidity"], r["rng"]): r["hedging_index"] for r in batch}
    mismatches = sum(by_key[(row.risk_weight, row.esg_rigidity, row.seed)] != row.final_hedging_index
                     for row in runner.itertuples())
    n = len(runner)
    assert len(batch) == n, (len(batch), n)
    batch_rate, runner_rate = n / batch_seconds, n / runner_seconds
    print(f"mesa {mesa.__version__}, {n} runs x 40 quarters "
          f"({len(plan.design)} points x {args.replications} replications), one core")
    print(f"same results: {n - mismatches}/{n} runs give the identical final hedging index")
    print(f"mesa.batch_run : {batch_seconds:8.2f} s  {batch_rate:10,.1f} runs/s")
    print(f"hedgesim runner: {runner_seconds:8.2f} s  {runner_rate:10,.1f} runs/s")
    print(f"ratio          : {runner_rate / batch_rate:8.0f} x")

    big = load_spec(spec(args.points_side * 10, args.replications, 10_000))
    started = time.perf_counter()
    runs = len(run_sweep(big, progress=False).runs)
    seconds = time.perf_counter() - started
    print(f"hedgesim runner, {runs:,} runs in chunks of 10,000: {seconds:.2f} s  "
          f"{runs / seconds:,.0f} runs/s = {runs / seconds / batch_rate:,.0f} x mesa.batch_run")


if __name__ == "__main__":
    main()
