"""What a job will cost before it starts: runs, memory, disk and time, against what this machine has.

A job is refused with its estimate when it will not fit (more memory than is
available, more disk than is free), unless the user confirms (``--yes``,
``yes=True``). Memory that this machine does not have at all (more than its
physical memory for the part that must sit in one process) is refused even then.
The per-run figures were measured on the reference machine (2 cores) and err on
the large side; see ``benchmarks/README.md``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from hedgesim.config.yaml_files import shown
from hedgesim.game.parameters import ConfigError

SECONDS_PER_WORLD_QUARTER = 20e-6   # one core, vectorised model (about 16-20 us measured)
PROCESS_BYTES = 400 * 2**20         # a Python process with hedgesim, pandas and Mesa loaded


def memory_bytes() -> tuple[int, int]:
    """(available, total) physical memory in bytes (Linux /proc/meminfo; sysconf elsewhere)."""
    try:
        info = {}
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, _, value = line.partition(":")
            info[key] = int(value.split()[0]) * 1024
        return info.get("MemAvailable", info["MemFree"]), info["MemTotal"]
    except (OSError, KeyError, ValueError, IndexError):
        page = os.sysconf("SC_PAGE_SIZE")
        return os.sysconf("SC_AVPHYS_PAGES") * page, os.sysconf("SC_PHYS_PAGES") * page


def free_disk(path: Path) -> int:
    """Free bytes on the filesystem that holds ``path`` (or would hold it, once created)."""
    path = Path(path).absolute()
    for candidate in (path, *path.parents):
        if candidate.exists():
            return shutil.disk_usage(candidate).free
    return shutil.disk_usage("/").free


def human(n: float) -> str:
    """Bytes in kB, MB, GB or TB."""
    for unit in ("B", "kB", "MB", "GB", "TB", "PB"):
        if abs(n) < 1000 or unit == "PB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n} B"


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:,.0f} days"


@dataclass
class Estimate:
    """What a job will need: ``memory`` at its peak on this machine, of which ``memory_one_process``
    must sit in one process; ``disk`` in the output folder; ``seconds`` on ``cores`` cores."""

    what: str                 # e.g. "sweep example: 14,000 runs (700 points x 20 replications)"
    memory: int
    memory_one_process: int
    disk: int
    seconds: float
    cores: int = 1

    def describe(self) -> str:
        return (f"{self.what}; needs about {human(self.memory)} of memory, {human(self.disk)} of disk "
                f"and {duration(self.seconds)} on {self.cores} core{'s' if self.cores > 1 else ''}")


def check_fits(estimate: Estimate, out: Path | None, yes: bool = False, hint: str = "") -> None:
    """Refuse (ConfigError, one line) a job this machine cannot hold, unless ``yes``."""
    available, total = memory_bytes()
    if estimate.memory_one_process > total:
        raise ConfigError(f"{estimate.describe()}: {human(estimate.memory_one_process)} in one process "
                          f"is more than this machine's {human(total)} of memory{hint}")
    problems = []
    if estimate.memory > available:
        problems.append(f"{human(available)} of memory is available")
    if out is not None:
        free = free_disk(out)
        if estimate.disk > free:
            problems.append(f"{human(free)} of disk is free at {shown(out)}")
    if problems and not yes:
        raise ConfigError(f"{estimate.describe()}, but only {' and '.join(problems)}{hint}; "
                          f"pass --yes to start anyway")
