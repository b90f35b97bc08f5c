"""Unilateral deviations in a payoff array: deviation gains, regret, pure Nash equilibria, ties.

Every function takes a payoff array shaped ``(..., n_1, ..., n_N, N)``: any
number of leading batch axes (worlds, bootstrap replicates), then one axis per
player (its strategies), then the players' payoffs in the last axis. The number
of players N is read from the last axis. Payoffs are in the table's unit (money,
per world); gains and regrets are in the same unit.

The comparisons are exact: a profile is a pure Nash equilibrium when no player
gains anything, however little, by deviating alone, and the difference of two
distinct floats is never zero, so ``regret == 0`` is the test.
"""

from __future__ import annotations

import numpy as np


def n_players(payoffs: np.ndarray) -> int:
    return payoffs.shape[-1]


def _batch(payoffs: np.ndarray) -> int:
    """How many leading batch axes come before the players' strategy axes."""
    batch = payoffs.ndim - 1 - n_players(payoffs)
    if batch < 0:
        raise ValueError(f"payoffs of shape {payoffs.shape}: expected one axis per player "
                         f"({n_players(payoffs)}) before the payoff axis")
    return batch


def deviation_gains(payoffs: np.ndarray, player: int) -> np.ndarray:
    """What ``player`` gains by switching alone to each of its strategies.

    Returns an array shaped ``(..., n_1, ..., n_N, n_player)``: entry ``[..., s, k]``
    is ``u_player(k, s_-player) - u_player(s)`` (0 for ``k == s_player``).
    """
    axis = _batch(payoffs) + player
    own = np.moveaxis(payoffs[..., player], axis, -1)       # (..., others, n)
    gains = own[..., None, :] - own[..., :, None]            # (..., others, current, k)
    return np.moveaxis(gains, -2, axis)


def player_regrets(payoffs: np.ndarray) -> np.ndarray:
    """Each player's best gain from a unilateral deviation, shaped ``(..., n_1, ..., n_N, N)``."""
    batch = _batch(payoffs)
    return np.stack([payoffs[..., i].max(axis=batch + i, keepdims=True) - payoffs[..., i]
                     for i in range(n_players(payoffs))], axis=-1)


def regret(payoffs: np.ndarray) -> np.ndarray:
    """Each profile's regret: the most any one player gains by deviating alone (>= 0).

    Shaped ``(..., n_1, ..., n_N)``; 0 exactly at the pure Nash equilibria.
    """
    return player_regrets(payoffs).max(axis=-1)


def pure_nash(payoffs: np.ndarray) -> np.ndarray:
    """Boolean mask of the pure Nash equilibria, shaped ``(..., n_1, ..., n_N)``."""
    return regret(payoffs) == 0


def strategy_values(payoffs: np.ndarray, mixture: list[np.ndarray]) -> list[np.ndarray]:
    """Each player's expected payoff from each of its pure strategies against the others' mixtures.

    ``payoffs`` has no batch axes here: ``(n_1, ..., n_N, N)``. ``mixture[i]`` is
    player i's probability vector (length n_i). Returns one vector per player.
    """
    n = n_players(payoffs)
    values = []
    for i in range(n):
        table = payoffs[..., i]
        for j in reversed(range(n)):       # contract the last axes first so indices stay put
            if j != i:
                table = np.tensordot(table, mixture[j], axes=([j], [0]))
        values.append(table)
    return values


def mixed_regret(payoffs: np.ndarray, mixture: list[np.ndarray]) -> float:
    """The most any player gains by switching from its mixture to a pure strategy (>= 0 up to rounding)."""
    values = strategy_values(payoffs, mixture)
    return max(float(v.max() - v @ np.asarray(p)) for v, p in zip(values, mixture))


def tie_classes(payoffs: np.ndarray, player: int) -> np.ndarray:
    """Classes of ``player``'s strategies that pay exactly the same against each profile of the others.

    ``payoffs`` is ``(..., n_1, ..., n_N, N)``; two strategies tie when their payoffs
    are equal in every entry of the batch axes (every world). Returns integer labels
    shaped ``(others..., n_player)``, the others' axes in player order: strategies with
    the same label against the same opponents' profile tie. The label is the index of
    the first strategy of the class.
    """
    batch = _batch(payoffs)
    own = np.moveaxis(payoffs[..., player], batch + player, -1)          # (..., others, n)
    equal = own[..., :, None] == own[..., None, :]                        # (..., others, n, n)
    equal = equal.reshape((-1,) + equal.shape[batch:]).all(axis=0) if batch else equal
    return equal.argmax(axis=-1)       # first strategy equal to each one (itself at worst)
