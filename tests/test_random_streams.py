"""The per-world random streams against a pure-Python SplitMix64 (docs/odd.md, section 7.16).

The streams are specified exactly: world i's key is mix(mix(seed_i + GOLD) + GOLD); the
uniform draw of stream n in quarter t is 2^-53 * floor(mix(mix(key_i + (t * 2^16 + n) * GOLD))
/ 2^11); a normal draw is the standard-normal quantile of that uniform; the seed of run i of
an experiment is floor(mix(i * GOLD + key(base seed)) / 2). Here they are computed with
Python integers, modulo 2^64, one world at a time.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pytest

from hedgesim.game.random_streams import STREAMS, WorldStreams, derive_seeds, world_keys

GOLD = 0x9E3779B97F4A7C15
MOD = 2**64


def mix(z: int) -> int:
    """SplitMix64's finaliser (Steele, Lea & Flood 2014)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % MOD
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % MOD
    return z ^ (z >> 31)


def key(seed: int) -> int:
    return mix((mix((seed + GOLD) % MOD) + GOLD) % MOD)


def uniform(seed: int, quarter: int, stream: int) -> float:
    counter = ((quarter * 2**16 + stream) * GOLD) % MOD
    return (mix(mix((key(seed) + counter) % MOD)) >> 11) / 2.0**53


SEEDS = [0, 1, 7, 2025, 2**40 + 3, 2**62 - 1]


def test_world_keys_are_two_rounds_of_splitmix():
    assert world_keys(SEEDS).tolist() == [key(s) for s in SEEDS]


@pytest.mark.parametrize("stream", sorted(STREAMS))
def test_uniform_draws_are_the_documented_hash_of_seed_quarter_and_stream(stream):
    streams = WorldStreams(SEEDS)
    for quarter in (0, 1, 2, 39, 1000):
        expected = [uniform(s, quarter, STREAMS[stream]) for s in SEEDS]
        assert streams.uniform(quarter, stream).tolist() == expected


def test_normal_draws_are_the_standard_normal_quantile_of_the_uniform():
    streams = WorldStreams(SEEDS)
    for quarter in (1, 5):
        u = [uniform(s, quarter, STREAMS["demand"]) for s in SEEDS]
        expected = [NormalDist().inv_cdf(min(max(x, 1e-12), 1 - 1e-12)) for x in u]
        np.testing.assert_allclose(streams.normal(quarter, "demand"), expected, rtol=1e-12, atol=1e-12)


def test_a_draw_of_zero_or_one_is_clipped_before_the_quantile():
    class Edge(WorldStreams):
        def uniform(self, step, stream):
            return np.array([0.0, 1.0 - 2.0**-53])
    normal = Edge([0, 1]).normal(1, "demand")
    np.testing.assert_allclose(normal, [NormalDist().inv_cdf(1e-12), NormalDist().inv_cdf(1 - 1e-12)], rtol=1e-9)


def test_run_seeds_are_a_pure_function_of_the_base_seed_and_the_run_index():
    for base in (0, 2025, 2**50 + 1):
        indices = np.array([0, 1, 2, 10, 999_999])
        expected = [mix((i * GOLD + key(base)) % MOD) >> 1 for i in indices.tolist()]
        assert derive_seeds(base, indices).tolist() == expected
        assert (derive_seeds(base, indices) >= 0).all()
