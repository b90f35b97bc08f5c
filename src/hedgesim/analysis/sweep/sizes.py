"""A sweep's size before anything is allocated: design rows, runs, chunks, memory, disk and time."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hedgesim.analysis.resources import PROCESS_BYTES, SECONDS_PER_WORLD_QUARTER, Estimate, check_fits, \
    memory_bytes, human
from hedgesim.analysis.sweep.executors import IN_FLIGHT_PER_WORKER, default_workers
from hedgesim.analysis.sweep.spec import Range, SweepSpec
from hedgesim.game.model import COLUMNS
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import ConfigError

MAX_CHUNKS = 100_000          # files per folder beyond which a sweep needs --yes (raise chunk_size)
CHUNK_BYTES_PER_WORLD = 8_000  # a chunk's model, outcomes only (measured about 6 kB)
SERIES_BYTES_PER_ROW = 1_200   # each kept quarter of each world (measured about 1 kB)


def design_rows(spec: SweepSpec) -> int:
    """Rows of the spec's design, by arithmetic (an exact Python integer, however large)."""
    varied = spec.varied
    d = len(varied)
    if spec.design == "grid":
        return math.prod(v.num if isinstance(v, Range) else len(v) for v in varied.values())
    if spec.design == "lhs":
        return spec.samples
    if spec.design == "sobol":
        return spec.samples * ((2 * d + 2) if spec.second_order else (d + 2))
    return spec.samples * (d + 1)


def design_bytes(spec: SweepSpec) -> int:
    """Peak memory of building the design: the table plus the sampler's or product's temporaries."""
    rows, d = design_rows(spec), len(spec.varied)
    return rows * (64 + 40 * d) if spec.design == "grid" else rows * d * 8 * 4


def check_design_fits(spec: SweepSpec, source: str = "sweep spec") -> None:
    """Refuse, before allocating it, a design larger than this machine's memory (``--yes`` or not)."""
    needed = design_bytes(spec)
    _, total = memory_bytes()
    if needed + PROCESS_BYTES > total:
        rows = design_rows(spec)
        what = ("the product of the lists and `num`s" if spec.design == "grid"
                else f"the {spec.design} design of samples = {spec.samples:,}")
        raise ConfigError(f"{source}: {rows:,} design points ({what}) need about {human(needed)} of "
                          f"memory, more than this machine's {human(total)}; vary fewer values")


def estimate_sweep(spec: SweepSpec, executor: str = "serial", workers: int | None = None,
                   scheduler: Any = None) -> Estimate:
    """Memory on this machine, disk in the folder and time of running ``spec``."""
    points = design_rows(spec)
    runs = points * spec.replications
    chunks = math.ceil(runs / spec.chunk_size)
    kept = spec.steps // spec.every if spec.keep == "timeseries" else 0
    world = min(spec.chunk_size, runs)
    chunk_bytes = world * (CHUNK_BYTES_PER_WORLD + kept * SERIES_BYTES_PER_ROW)
    result_bytes = world * ((4 + len(spec.varied) + len(OUTCOMES)) * 8 + kept * (3 + len(COLUMNS)) * 8)
    design = design_bytes(spec)
    local_workers = 0 if executor == "serial" or (executor == "dask" and scheduler is not None) else (
        workers or default_workers())
    cores = max(1, local_workers or workers or 1)
    one_process = PROCESS_BYTES + design + (chunk_bytes if executor == "serial" else 0)
    memory = (one_process + local_workers * (PROCESS_BYTES + chunk_bytes)
              + (IN_FLIGHT_PER_WORKER * max(1, local_workers or workers or 1) * result_bytes
                 if executor != "serial" else 0))
    disk = runs * (4 + len(spec.varied) + len(OUTCOMES)) * 8 + runs * kept * (3 + len(COLUMNS)) * 8 \
        + points * len(spec.varied) * 8
    seconds = runs * spec.steps * SECONDS_PER_WORLD_QUARTER / cores
    what = (f"sweep {spec.name}: {runs:,} runs ({points:,} points x {spec.replications:,} replications) "
            f"in {chunks:,} chunks")
    return Estimate(what, memory, one_process, disk, seconds, cores)


def check_sweep_fits(spec: SweepSpec, out: Path | None, executor: str = "serial",
                     workers: int | None = None, scheduler: Any = None, yes: bool = False,
                     done_bytes: int = 0) -> Estimate:
    """Refuse a sweep this machine cannot hold (see ``hedgesim.analysis.resources``) unless ``yes``."""
    estimate = estimate_sweep(spec, executor, workers, scheduler)
    estimate.disk = max(0, estimate.disk - done_bytes)  # resuming: parts already on disk
    chunks = math.ceil(design_rows(spec) * spec.replications / spec.chunk_size)
    if chunks > MAX_CHUNKS and not yes:
        raise ConfigError(f"{estimate.describe()}: {chunks:,} chunks are {chunks:,} files or more; "
                          f"raise chunk_size (up to 1,000,000) or pass --yes to start anyway")
    check_fits(estimate, out, yes)
    return estimate
