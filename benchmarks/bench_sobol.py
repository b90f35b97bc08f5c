"""A Sobol' analysis of every model parameter at N = 1024, end to end, on 2 worker processes.

    python benchmarks/bench_sobol.py [--workers 2] [--samples 1024]

Samples every numeric parameter over its schema range (Saltelli, N (D + 2)
runs), runs the sweep on local processes, analyses every outcome metric with
bootstrap confidence intervals and the N/2 convergence check, and writes the
tables and charts: the same as `hedgesim sensitivity --method sobol`. Prints
the wall time of each stage and the total.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from hedgesim.analysis.sensitivity import run_sensitivity, sensitivity_spec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--samples", type=int, default=1024)
    args = parser.parse_args()
    spec = sensitivity_spec(None, "sobol")
    if args.samples != spec.samples:
        spec = sensitivity_spec({**spec.model_dump(), "samples": args.samples}, "sobol")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = run_sensitivity(spec, "sobol", out=Path(folder) / "sobol", executor="processes",
                                 workers=args.workers, progress=False)
        total = time.perf_counter() - started
    print(f"Sobol' N = {spec.samples}, {len(spec.varied)} parameters, {len(result.sweep.runs):,} runs, "
          f"{result.indices['outcome'].nunique()} outcomes, {args.workers} worker processes")
    print(f"sweep {result.seconds['sweep']:.1f} s, analysis {result.seconds['analysis']:.1f} s, "
          f"total with charts {total:.1f} s")


if __name__ == "__main__":
    main()
