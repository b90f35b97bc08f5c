"""The bundled calibration (configs/calibration/history.yaml) end to end, timed: must finish in
at most 10 minutes on 2 cores.

    python benchmarks/bench_calibration.py [--config history] [--until 2023] [--quick] [--out DIR]

Runs ``hedgesim.analysis.calibration.calibrate`` with the config's own budget (ABC-SMC with
ELFI, the posterior predictive check, every file and figure) into a temporary folder (or
``--out``) and prints each stage's wall time, the CPU time, the load average before and
after, the generations and the coverage of the observations by the predictive bands. The
model runs in this one process (the batches are numpy-vectorised; ELFI runs one batch at a
time), so a second core only takes the BLAS threads and other users' work.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from hedgesim.analysis.calibration import calibrate

LIMIT_SECONDS = 600


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="history")
    parser.add_argument("--until", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(args.out) if args.out else Path(scratch) / "calibration"
        started, cpu = time.perf_counter(), time.process_time()
        result = calibrate(args.config, out=out, until=args.until, quick_budget=args.quick,
                           progress=lambda line: print(f"  [{time.perf_counter() - started:6.0f} s] {line}",
                                                       flush=True))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        print(f"stages: {stages}")
        print(f"total: {wall:.1f} s wall, {cpu:.1f} s CPU, {result.smc.simulations:,} simulations; "
              f"load average after: {os.getloadavg()[0]:.2f}")
        for row in result.coverage_summary.itertuples():
            print(f"coverage {row.role}: {row.points} points, {100 * row.in_90:.0f} % in the 90 % band, "
                  f"{100 * row.in_50:.0f} % in the 50 % band")
        table = result.identification
        print(table[["parameter", "posterior_median", "posterior_q05", "posterior_q95", "width_ratio",
                     "verdict"]].to_string(index=False, float_format=lambda v: f"{v:.3g}"))
        print(f"{'PASS' if wall <= LIMIT_SECONDS else 'FAIL'}: {wall:.0f} s against the {LIMIT_SECONDS} s limit")


if __name__ == "__main__":
    main()
