"""Bootstrap of the payoff table: resample worlds jointly across all profiles.

Every profile was simulated in the same worlds (common random numbers), so a
replicate draws W worlds with replacement once and uses those worlds for every
profile. Deviation gains stay paired differences, and payoffs that tie exactly in
every world tie in every replicate. Each replicate's mean table is a matrix
product ``counts @ columns / W`` (``counts[b, w]``: how often replicate b drew
world w), computed on the distinct payoff columns only, so identical columns get
identical means, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hedgesim.analysis.equilibria.deviations import regret

# Floats held at once per block of replicates (counts plus mean tables): about 64 MiB.
BLOCK_FLOATS = 8_000_000


@dataclass(frozen=True)
class Bootstrap:
    """Per-replicate regrets of every profile, shaped ``(replicates, n_1, ..., n_N)`` (payoff unit)."""

    regret: np.ndarray

    @property
    def replicates(self) -> int:
        return self.regret.shape[0]

    @property
    def nash(self) -> np.ndarray:
        """Whether each profile is a pure Nash equilibrium in each replicate."""
        return self.regret == 0

    def support(self) -> np.ndarray:
        """Share of replicates in which each profile is a pure Nash equilibrium, shaped ``(n_1, ..., n_N)``."""
        return self.nash.mean(axis=0)

    def regret_quantile(self, q: float) -> np.ndarray:
        """The ``q`` quantile of each profile's regret over replicates (payoff unit)."""
        return np.quantile(self.regret, q, axis=0)

    def equilibrium_counts(self) -> np.ndarray:
        """How many pure Nash equilibria each replicate has, shaped ``(replicates,)``."""
        return self.nash.reshape(self.replicates, -1).sum(axis=1)

    def same_set(self, mask: np.ndarray) -> float:
        """Share of replicates whose set of pure equilibria is exactly ``mask``'s."""
        return float((self.nash == mask).reshape(self.replicates, -1).all(axis=1).mean())

    def played(self, player: int) -> np.ndarray:
        """Which of ``player``'s strategies it plays in some pure equilibrium, per replicate.

        Boolean, shaped ``(replicates, n_player)``.
        """
        others = tuple(1 + j for j in range(self.nash.ndim - 1) if j != player)
        return self.nash.any(axis=others)


def resample_counts(worlds: int, replicates: int, rng: np.random.Generator) -> np.ndarray:
    """How often each replicate draws each world: ``(replicates, worlds)``, rows summing to ``worlds``."""
    draws = rng.integers(0, worlds, size=(replicates, worlds))
    offsets = worlds * np.arange(replicates)[:, None]
    return np.bincount((draws + offsets).ravel(), minlength=replicates * worlds).reshape(
        replicates, worlds).astype(float)


def bootstrap_regret(columns: np.ndarray, inverse: np.ndarray, shape: tuple[int, ...],
                     replicates: int, rng: np.random.Generator) -> Bootstrap:
    """Regrets of every profile in ``replicates`` joint resamples of the worlds.

    ``columns`` (worlds, distinct columns) are the distinct columns of the samples
    flattened to (worlds, profiles × players); ``inverse`` maps every flattened entry
    to its column; ``shape`` is ``(n_1, ..., n_N, N)``.
    """
    if replicates < 1:
        raise ValueError(f"replicates {replicates}: need at least 1")
    worlds = columns.shape[0]
    block = max(1, BLOCK_FLOATS // (worlds + columns.shape[1] + inverse.size))
    regrets = []
    for start in range(0, replicates, block):
        counts = resample_counts(worlds, min(block, replicates - start), rng)
        means = (counts @ columns / worlds)[:, inverse].reshape((-1,) + shape)
        regrets.append(regret(means))
    return Bootstrap(np.concatenate(regrets))
