"""Peak memory of a 1,000,000-run sweep streamed to disk.

    python benchmarks/bench_memory.py [--spec million] [--executor processes] [--workers 2]

Runs the bundled ``million`` spec (outcome metrics only, chunks of 10,000
worlds) into a temporary folder and samples the resident memory of the whole
process tree (the sweep process and its workers, from /proc) every 0.1 s.
Prints the peak of the tree's total, of the parent alone, and the run time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

from hedgesim.analysis.sweep import run_sweep


def tree_rss(root: int) -> tuple[int, int]:
    """Resident bytes of ``root`` and of its whole process tree (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            pid, ppid = int(entry.name), int(fields[1])
            rss[pid] = int((entry / "statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return rss.get(root, 0), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", default="million")
    parser.add_argument("--executor", default="processes")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    peak = {"parent": 0, "tree": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            parent, tree = tree_rss(os.getpid())
            peak["parent"], peak["tree"] = max(peak["parent"], parent), max(peak["tree"], tree)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = run_sweep(args.spec, out=Path(folder) / "sweep", executor=args.executor,
                           workers=args.workers, progress=False)
        seconds = time.perf_counter() - started
        runs, complete = result.info["runs"], result.info["complete"]
        on_disk = sum(p.stat().st_size for p in (Path(folder) / "sweep").rglob("*") if p.is_file())
    stop.set()
    sampler.join()
    print(f"{runs:,} runs ({'complete' if complete else 'INCOMPLETE'}) on {args.executor} with "
          f"{args.workers} workers in {seconds:.1f} s ({runs / seconds:,.0f} runs/s); "
          f"{on_disk / 2**20:.0f} MiB of Parquet")
    print(f"peak resident memory: whole process tree {peak['tree'] / 2**20:,.0f} MiB, "
          f"sweep process alone {peak['parent'] / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
