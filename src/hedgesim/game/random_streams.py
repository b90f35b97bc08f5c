"""Per-world random streams that do not depend on the batch a world runs in.

Each world has a 64-bit key: its seed scrambled by SplitMix64 (Steele, Lea &
Flood 2014), the generator numpy and xoshiro use to expand seeds. A draw is a
counter-based hash of the world's key, the quarter and the stream number (as
in Salmon et al. 2011's counter-based generators), so that world *i* of a batch
of any size draws exactly what a single run with the same seed draws, and each
draw for all worlds at once is a few numpy operations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import ndtri

_GOLDEN = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1

# Stream numbers: one per random decision or shock, so that adding a stream
# never shifts another stream's numbers.
STREAMS = {
    "demand": 10,
    "eu_offer": 11,
    "china_offer": 12,
    "responses": 13,
    "russia_courting": 14,
    "move": 15,
    "china_coercion": 16,
    "russia_coercion": 17,
    "answer_china": 18,
    "answer_russia": 19,
}


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser on a uint64 array (wraps modulo 2**64)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def world_keys(seeds: Sequence[int] | np.ndarray) -> np.ndarray:
    """One uint64 key per world seed (two rounds of SplitMix64)."""
    z = np.asarray(seeds, dtype=np.int64).astype(np.uint64)
    return _mix(_mix(z + np.uint64(_GOLDEN)) + np.uint64(_GOLDEN))


def derive_seeds(base_seed: int, indices: np.ndarray) -> np.ndarray:
    """Seeds (non-negative int64) for runs ``indices`` of an experiment with ``base_seed``.

    A pure function of (base_seed, index): the same run gets the same seed
    whatever the chunking of the experiment.
    """
    key = world_keys([base_seed])[0]
    z = _mix(np.asarray(indices, dtype=np.uint64) * np.uint64(_GOLDEN) + key)
    return (z >> np.uint64(1)).astype(np.int64)


class WorldStreams:
    """Uniform and normal draws for every world at once."""

    def __init__(self, seeds: Sequence[int] | np.ndarray):
        self.seeds = np.asarray(seeds, dtype=np.int64)
        self.keys = world_keys(self.seeds)

    def uniform(self, step: int, stream: str) -> np.ndarray:
        """One U[0, 1) draw per world for ``stream`` in quarter ``step``."""
        counter = ((int(step) << 16) + STREAMS[stream]) * _GOLDEN & _MASK
        z = _mix(_mix(self.keys + np.uint64(counter)))
        return (z >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)

    def normal(self, step: int, stream: str) -> np.ndarray:
        """One standard-normal draw per world (inverse CDF of a uniform)."""
        u = self.uniform(step, stream)
        return ndtri(np.clip(u, 1e-12, 1.0 - 1e-12))
