"""The empirical payoff table: per-world payoff samples of every strategy profile.

``PayoffTable.from_samples(samples, players, strategies)`` takes an array shaped
``(worlds, n_1, ..., n_N, N)``: player i's payoff in world w when the players
play the profile ``(s_1, ..., s_N)``. The worlds are common random numbers: world w
is the same draw of the model's randomness under every profile, so a deviation
gain is a paired difference, world by world.

Everything here is numpy on the mean table (pure equilibria, regrets, deviation
gains, ties) plus Student-t intervals over worlds; the bootstrap and the
pygambit solvers are one call away (``.bootstrap``, ``.gambit_game`` ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.analysis.equilibria import gambit
from hedgesim.analysis.equilibria.bootstrap import Bootstrap, bootstrap_regret
from hedgesim.analysis.equilibria.deviations import (deviation_gains, player_regrets,
                                                     tie_classes)
from hedgesim.analysis.equilibria.intervals import mean_interval

Profile = tuple[int, ...]
# Column names of the tidy tables; a player may not be called any of these.
RESERVED = {"player", "deviation", "mean", "sd", "low", "high", "gain", "regret", "epsilon",
            "nash", "strict", "significant", "best_deviation", "support", "profile",
            "strategy", "tied", "in_every_world", "best_response", "all_strategies",
            "worlds", "unit", "lam", "probability", "equilibrium", "methods", "equilibria",
            "continuum"}


@dataclass(frozen=True, eq=False)
class PayoffTable:
    """Payoff samples of every strategy profile, with the players' and strategies' names.

    ``samples``: ``(worlds, n_1, ..., n_N, N)`` floats in ``unit`` (e.g. USD bn of
    discounted utility); build it with :meth:`from_samples`.
    """

    samples: np.ndarray
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    unit: str = "payoff"

    # ------------------------------------------------------------ building
    @classmethod
    def from_samples(cls, samples: Any, players: Sequence[str],
                     strategies: Sequence[Sequence[str]], unit: str = "payoff") -> PayoffTable:
        """Validate and wrap per-world payoffs shaped ``(worlds, n_1, ..., n_N, N)``."""
        samples = np.array(samples, dtype=float)           # a private copy: the table is immutable
        players = tuple(str(p) for p in players)
        strategies = tuple(tuple(str(s) for s in names) for names in strategies)
        n = len(players)
        if n < 2:
            raise ValueError(f"{n} player(s): a game needs at least two")
        if len(set(players)) < n or RESERVED & set(players):
            raise ValueError(f"players {players}: names must be distinct and not one of the "
                             f"table's column names ({', '.join(sorted(RESERVED))})")
        if len(strategies) != n:
            raise ValueError(f"{len(strategies)} strategy lists for {n} players")
        for player, names in zip(players, strategies):
            if not names or len(set(names)) < len(names) or "" in names:
                raise ValueError(f"{player}'s strategies {names}: need distinct, non-empty names")
        shape = tuple(len(names) for names in strategies) + (n,)
        if samples.ndim != n + 2 or samples.shape[1:] != shape or samples.shape[0] < 1:
            raise ValueError(f"samples of shape {samples.shape}: expected (worlds, "
                             f"{', '.join(map(str, shape))}) for {n} players with "
                             f"{', '.join(str(len(s)) for s in strategies)} strategies")
        if not np.isfinite(samples).all():
            raise ValueError("samples contain NaN or infinite payoffs")
        samples.flags.writeable = False
        return cls(samples, players, strategies, unit)

    @classmethod
    def from_payoffs(cls, payoffs: Any, players: Sequence[str],
                     strategies: Sequence[Sequence[str]], unit: str = "payoff") -> PayoffTable:
        """A known game with no sampling noise: ``payoffs`` shaped ``(n_1, ..., n_N, N)``, one world."""
        return cls.from_samples(np.asarray(payoffs, dtype=float)[None], players, strategies, unit)

    # ------------------------------------------------------------ shape and names
    @property
    def worlds(self) -> int:
        return self.samples.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Strategies per player, ``(n_1, ..., n_N)``."""
        return self.samples.shape[1:-1]

    def player_index(self, player: str | int) -> int:
        if isinstance(player, (int, np.integer)):
            return int(player)
        try:
            return self.players.index(player)
        except ValueError:
            raise KeyError(f"player {player!r}: the players are {', '.join(self.players)}") from None

    def label(self, profile: Profile) -> str:
        """A profile in words: each player's strategy, in player order."""
        return " · ".join(self.strategies[i][k] for i, k in enumerate(profile))

    def profile_frame(self) -> pd.DataFrame:
        """One row per profile (C order: the last player's strategy varies fastest), one
        column per player holding its strategy's name (ordered categoricals)."""
        index = np.indices(self.shape).reshape(len(self.shape), -1)
        return pd.DataFrame({p: pd.Categorical.from_codes(index[i], categories=list(names),
                                                          ordered=True)
                             for i, (p, names) in enumerate(zip(self.players, self.strategies))})

    # ------------------------------------------------------------ means
    @cached_property
    def _columns(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct columns of the samples flattened to (worlds, profiles × players), and
        each entry's column: identical payoff columns (exact ties) share one computation."""
        flat = self.samples.reshape(self.worlds, -1)
        columns, inverse = np.unique(flat, axis=1, return_inverse=True)
        return columns, inverse.reshape(-1)

    @cached_property
    def mean(self) -> np.ndarray:
        """Mean payoff over worlds, ``(n_1, ..., n_N, N)``; payoffs equal in every world have equal means."""
        columns, inverse = self._columns
        mean = columns.mean(axis=0)[inverse].reshape(self.samples.shape[1:])
        mean.flags.writeable = False
        return mean

    # ------------------------------------------------------------ tables
    def payoffs(self, level: float = 0.95) -> pd.DataFrame:
        """The empirical payoff table, tidy: one row per profile and player with the
        player's ``mean`` payoff, ``sd`` over worlds and the ``level`` t-interval of
        the mean (``low``, ``high``), in ``unit``, and the number of ``worlds``."""
        n = len(self.players)
        sd, half = mean_interval(self.samples, level)
        frame = self.profile_frame().loc[np.repeat(np.arange(self.mean[..., 0].size), n)]
        mean = self.mean.reshape(-1)
        return frame.reset_index(drop=True).assign(
            player=np.tile(self.players, self.mean[..., 0].size), mean=mean, sd=sd.reshape(-1),
            low=mean - half.reshape(-1), high=mean + half.reshape(-1), worlds=self.worlds,
            unit=self.unit)

    def regret(self) -> np.ndarray:
        """Each profile's regret on the mean table, ``(n_1, ..., n_N)`` (>= 0, in ``unit``)."""
        return player_regrets(self.mean).max(axis=-1)

    def pure_equilibria(self) -> list[Profile]:
        """All pure Nash equilibria of the mean table (exact: no deviation gains anything)."""
        return [tuple(int(k) for k in p) for p in np.argwhere(self.regret() == 0)]

    def _gains(self, level: float) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per player: mean deviation gains and the sd and interval half-width of the paired
        differences, each ``(n_1, ..., n_N, n_player)``. Cached per level."""
        cache = self.__dict__.setdefault("_gain_cache", {})
        if level not in cache:
            cache[level] = [(deviation_gains(self.mean, i),
                             *mean_interval(deviation_gains(self.samples, i), level))
                            for i in range(len(self.players))]
        return cache[level]

    def deviations(self, level: float = 0.95) -> pd.DataFrame:
        """Each player's gain from each unilateral deviation at each profile, tidy.

        One row per profile, player and alternative strategy (``deviation``): ``gain``
        (mean payoff after minus before), ``sd`` of the world-by-world paired
        differences and their ``level`` t-interval (``low``, ``high``), in ``unit``.
        """
        profiles = self.profile_frame()
        parts = []
        for i, (gain, sd, half) in enumerate(self._gains(level)):
            n = self.shape[i]
            current = np.indices(gain.shape)[i]
            alternative = np.indices(gain.shape)[-1]
            keep = (current != alternative).reshape(-1)
            frame = profiles.loc[np.repeat(np.arange(len(profiles)), n)[keep]].reset_index(drop=True)
            g, h = gain.reshape(-1)[keep], half.reshape(-1)[keep]
            parts.append(frame.assign(
                player=self.players[i],
                deviation=pd.Categorical.from_codes(alternative.reshape(-1)[keep],
                                                    categories=list(self.strategies[i])).astype(str),
                gain=g, sd=sd.reshape(-1)[keep], low=g - h, high=g + h))
        return pd.concat(parts, ignore_index=True)

    def profiles(self, level: float = 0.95) -> pd.DataFrame:
        """One row per profile: ``regret`` (mean table), ``best_deviation`` (who gains it, by
        switching to what), ``nash`` (regret is 0), ``strict`` (every deviation loses),
        ``epsilon`` (the largest upper ``level`` bound of any deviation gain, floored at 0:
        the profile is an epsilon-equilibrium for this epsilon at that confidence, each
        deviation taken alone) and ``significant`` (some deviation's lower bound is above 0).
        With one world ``epsilon`` is NaN and ``significant`` False."""
        gains = self._gains(level)
        per_player = np.stack([g.max(axis=-1) for g, _, _ in gains], axis=-1)   # (..., N)
        regret = per_player.max(axis=-1)
        who = per_player.argmax(axis=-1)
        to = np.stack([g.argmax(axis=-1) for g, _, _ in gains], axis=-1)
        best = np.array([f"{self.players[i]} → {self.strategies[i][k]}" if r > 0 else ""
                         for i, k, r in zip(who.reshape(-1),
                                            np.take_along_axis(to, who[..., None], -1).reshape(-1),
                                            regret.reshape(-1))])
        own = [np.indices(g.shape)[i] == np.indices(g.shape)[-1] for i, (g, _, _) in enumerate(gains)]
        upper = np.stack([np.where(o, -np.inf, g + h).max(axis=-1)
                          for o, (g, _, h) in zip(own, gains)], axis=-1).max(axis=-1)
        lower = np.stack([np.where(o, -np.inf, g - h).max(axis=-1)
                          for o, (g, _, h) in zip(own, gains)], axis=-1).max(axis=-1)
        strict = np.stack([np.where(o, -np.inf, g).max(axis=-1) < 0
                           for o, (g, _, _) in zip(own, gains)], axis=-1).all(axis=-1)
        return self.profile_frame().assign(
            profile=[self.label(p) for p in np.ndindex(self.shape)],
            regret=regret.reshape(-1), best_deviation=best, nash=(regret == 0).reshape(-1),
            strict=strict.reshape(-1), epsilon=np.maximum(upper, 0).reshape(-1),
            significant=(lower > 0).reshape(-1))

    def epsilon_equilibria(self, level: float = 0.95, epsilon: float | None = None) -> pd.DataFrame:
        """Profiles that are equilibria up to sampling noise, sorted by their epsilon.

        With ``epsilon`` None: the profiles where no deviation gain is significantly
        positive at ``level`` (each is an epsilon-equilibrium for its own ``epsilon``
        column). With a number: the profiles whose ``epsilon`` is at most that.
        Needs at least two worlds (with one there is no interval).
        """
        if self.worlds < 2:
            raise ValueError("epsilon-equilibria need intervals, and one world gives none")
        table = self.profiles(level)
        keep = ~table["significant"] if epsilon is None else table["epsilon"] <= epsilon
        return table[keep].sort_values(["epsilon", "regret"], kind="stable")

    # ------------------------------------------------------------ ties
    def ties(self) -> pd.DataFrame:
        """Exact ties: against each profile of the others, the sets of a player's strategies
        whose mean payoffs are exactly equal.

        One row per player, opponents' profile and tied set: the others' strategies in
        their columns (the player's own column empty), ``tied`` (the strategies),
        ``in_every_world`` (equal in every world, not only on average: what common
        random numbers give when the choice cannot matter), ``best_response`` (the tied
        strategies are the player's best replies there) and ``all_strategies``.
        Tied best replies make the game degenerate: its equilibria need not be isolated.
        """
        rows = []
        for i, player in enumerate(self.players):
            means = np.moveaxis(self.mean[..., i], i, -1)                 # (others, n_i)
            classes = tie_classes(self.mean, i)
            worldwise = tie_classes(self.samples, i)
            others = [j for j in range(len(self.players)) if j != i]
            for index in np.ndindex(classes.shape[:-1]):
                labels = classes[index]
                for first in np.unique(labels):
                    members = np.flatnonzero(labels == first)
                    if len(members) < 2:
                        continue
                    row = {self.players[j]: self.strategies[j][k] for j, k in zip(others, index)}
                    rows.append(row | {
                        player: None, "player": player,
                        "tied": " = ".join(self.strategies[i][k] for k in members),
                        "in_every_world": bool((worldwise[index][members]
                                                == worldwise[index][members[0]]).all()),
                        "best_response": bool(means[index][first] == means[index].max()),
                        "all_strategies": len(members) == self.shape[i]})
        columns = list(self.players) + ["player", "tied", "in_every_world", "best_response",
                                        "all_strategies"]
        return pd.DataFrame(rows, columns=columns)

    def continua(self) -> pd.DataFrame:
        """Pure equilibria that are not isolated, because a player's best replies tie there.

        One row per player and opponents' profile where the player has several best
        replies (``tied``, exactly equal mean payoffs) and at least one of them makes a
        pure equilibrium (``equilibria``). ``continuum`` says what follows, exactly:

        - ``every mixture``: every tied reply makes an equilibrium, so every mixture of
          the player over them (the others unchanged) is one too (the others' payoffs
          are linear in the player's mixture);
        - ``mixtures near <s>``: at the pure equilibrium with ``s`` every other player
          strictly loses by deviating, so the player's mixtures of ``s`` with the other
          tied replies, close enough to ``s``, are equilibria too;
        - ``undetermined``: another player is also indifferent there; the mixed solvers
          may tell.
        """
        nash = self.regret() == 0
        strict = np.stack([np.where(np.indices(g.shape)[i] == np.indices(g.shape)[-1], -np.inf, g)
                           .max(axis=-1) < 0 for i, (g, _, _) in enumerate(self._gains(0.95))],
                          axis=-1)                                       # (..., N): j strictly loses
        rows = []
        for i, player in enumerate(self.players):
            means = np.moveaxis(self.mean[..., i], i, -1)                 # (others, n_i)
            along = np.moveaxis(nash, i, -1)
            others_strict = np.moveaxis(np.delete(strict, i, axis=-1).all(axis=-1), i, -1)
            others = [j for j in range(len(self.players)) if j != i]
            for index in np.ndindex(along.shape[:-1]):
                best = np.flatnonzero(means[index] == means[index].max())
                equilibria = np.flatnonzero(along[index])
                if len(best) < 2 or not len(equilibria):
                    continue
                names = self.strategies[i]
                if len(equilibria) == len(best):
                    kind = "every mixture"
                elif others_strict[index][equilibria].any():
                    kind = "mixtures near " + " / ".join(
                        names[k] for k in equilibria if others_strict[index][k])
                else:
                    kind = "undetermined"
                rows.append({self.players[j]: self.strategies[j][k] for j, k in zip(others, index)}
                            | {player: None, "player": player,
                               "tied": " = ".join(names[k] for k in best),
                               "equilibria": " | ".join(names[k] for k in equilibria),
                               "continuum": kind})
        return pd.DataFrame(rows, columns=list(self.players) + ["player", "tied", "equilibria",
                                                                "continuum"])

    # ------------------------------------------------------------ bootstrap
    def bootstrap(self, replicates: int = 1000,
                  rng: np.random.Generator | int | None = None) -> Bootstrap:
        """Regrets of every profile in ``replicates`` resamples of the worlds, drawn jointly
        for all profiles (keeps the common random numbers)."""
        columns, inverse = self._columns
        return bootstrap_regret(columns, inverse, self.samples.shape[1:], replicates,
                                np.random.default_rng(rng))

    # ------------------------------------------------------------ pygambit
    def gambit_game(self, title: str = "hedgesim empirical game") -> Any:
        """The mean table as a ``pygambit.StrategicGame`` (needs the ``equilibria`` extra)."""
        return gambit.build_game(self.mean, self.players, self.strategies, title)

    def gambit_pure_equilibria(self) -> list[Profile]:
        """All pure Nash equilibria by pygambit's ``enumpure_solve``."""
        return gambit.enumpure(self.gambit_game(), self.players, self.strategies)

    def mixed_equilibria(self, perturbations: int = 3, rng: np.random.Generator | int | None = 0,
                         simpdiv_seconds: float | None = gambit.SIMPDIV_SECONDS,
                         enumpoly: bool = False) -> tuple[list[gambit.MixedEquilibrium], list[str]]:
        """Some (not all) Nash equilibria, pure or mixed, found by gnm, ipa, simpdiv (and
        enumpoly), and notes on the runs; see ``gambit.mixed_equilibria``."""
        return gambit.mixed_equilibria(self.gambit_game(), self.mean, self.players,
                                       self.strategies, perturbations=perturbations, rng=rng,
                                       simpdiv_seconds=simpdiv_seconds, enumpoly=enumpoly)

    def qre_branch(self, lambdas: Any = None) -> pd.DataFrame:
        """The principal logit QRE branch (lambda in 1 / ``unit``), tidy; see ``gambit.qre_branch``."""
        return gambit.qre_branch(self.gambit_game(), self.players, self.strategies, lambdas)

    def qre_limit(self) -> gambit.QRELimit:
        """The Nash equilibrium the principal logit QRE branch selects as lambda grows."""
        return gambit.qre_limit(self.gambit_game(), self.mean, self.players, self.strategies)
