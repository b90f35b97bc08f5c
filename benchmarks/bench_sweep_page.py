"""How long the sweep page takes to show a 21 x 21 x 10 sweep: its own run-and-draw function.

    python benchmarks/bench_sweep_page.py [--side 21] [--replications 10] [--repeats 5]

Times ``hedgesim.app.sweep_page.compute_and_draw`` — exactly what the page
does after Run: the sweep (4,410 runs of 40 quarters on the vectorised runner,
in the page's chunks so its progress bar moves) and the heatmap as a PNG — in
one process. The first call (imports warm, caches cold) is reported
separately; then the median and range of the next ``--repeats`` calls. The
browser adds the round trip and the image's display on top of this; the
browser test (tests/test_app_pages_browser.py) records that end-to-end time in
tests/screenshots/sweep_timing.txt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from hedgesim.app.sweep_page import Axis, SweepSettings, chart_png, compute, compute_and_draw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=21, help="grid points per parameter")
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    settings = SweepSettings(x=Axis.of("risk_weight", args.side), y=Axis.of("dominance_cap", args.side),
                             replications=args.replications)
    spec = settings.spec()
    chunks = -(-settings.runs // spec.chunk_size)
    print(f"sweep page: {args.side} x {args.side} points x {args.replications} replications = "
          f"{settings.runs:,} runs of {spec.steps} quarters, {chunks} chunks, heatmap PNG; "
          f"{os.cpu_count()} CPUs")

    started = time.perf_counter()
    compute_and_draw(settings)
    first = time.perf_counter() - started

    totals, runs, draws = [], [], []
    for _ in range(args.repeats):
        started = time.perf_counter()
        run = compute(settings)
        ran = time.perf_counter()
        chart_png(run, settings.outcome)
        done = time.perf_counter()
        totals.append(done - started)
        runs.append(ran - started)
        draws.append(done - ran)
    print(f"first call: {first:.2f} s")
    print(f"run + draw: median {statistics.median(totals):.2f} s (min {min(totals):.2f}, "
          f"max {max(totals):.2f}) over {args.repeats} calls; "
          f"run {statistics.median(runs):.2f} s ({settings.runs / statistics.median(runs):,.0f} runs/s), "
          f"draw {statistics.median(draws):.2f} s")
    print(f"target under 3 s: {'met' if max(totals + [first]) < 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
