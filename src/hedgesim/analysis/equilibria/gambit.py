"""The bridge to pygambit (the Gambit project's Python package, 17.0.0b2; GPL-2.0-or-later).

pygambit is an optional dependency: ``pip install -e ".[equilibria]"``. This
module imports it only when a function here is called.

What each solver gives, on the mean payoff table:

- ``enumpure_solve``: **all** pure Nash equilibria (checked against numpy's);
- ``gnm_solve`` (global Newton), ``ipa_solve`` (iterated polymatrix
  approximation), ``simpdiv_solve`` (simplicial subdivision): **some** mixed
  equilibria, depending on the starting point or perturbation; reported as found,
  never as all (simpdiv runs as pygambit's command-line tool in a child process
  with a time budget: see :class:`SimpdivRun`);
- ``qre.logit_solve_branch`` / ``qre.logit_solve_lambda``: the principal branch
  of the logit quantal response equilibrium correspondence, from the centroid at
  lambda = 0 towards the Nash equilibrium it selects as lambda grows. Lambda is in
  1 / payoff unit: Gambit does not rescale payoffs.

Payoffs pass to Gambit as the decimal that prints each float (Python's shortest
round-trip form), which keeps their order and their exact ties, so Gambit's pure
equilibria are numpy's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.analysis.equilibria.deviations import mixed_regret

# Default wall-time budget of simplicial subdivision (s): it rarely finishes a 4-player game
# in seconds, and the rest of an analysis of a 4x3x3x3 table takes about one.
SIMPDIV_SECONDS = 3.0
# Two mixed equilibria closer than this (largest probability difference) are one.
SAME_PROFILE = 1e-4


def pygambit():
    """The pygambit module, or an ImportError that says how to install it."""
    try:
        import pygambit as gbt
    except ImportError as err:
        raise ImportError("the equilibrium solvers need pygambit: "
                          "pip install -e \".[equilibria]\" (pygambit==17.0.0b2)") from err
    return gbt


def build_game(means: np.ndarray, players: tuple[str, ...], strategies: tuple[tuple[str, ...], ...],
               title: str = "hedgesim empirical game") -> Any:
    """A ``pygambit.StrategicGame`` whose payoffs are ``means`` (``(n_1, ..., n_N, N)``), labelled."""
    gbt = pygambit()
    game = gbt.StrategicGame.from_dict(
        {player: means[..., i] for i, player in enumerate(players)}, title=title)
    for player, names in zip(players, strategies):
        game.relabel_strategies(player, {str(k + 1): name for k, name in enumerate(names)})
    return game


def probabilities(profile: Any, players: tuple[str, ...],
                  strategies: tuple[tuple[str, ...], ...]) -> list[np.ndarray]:
    """A Gambit mixed strategy profile as one probability vector per player, in table order."""
    return [np.array([float(profile[p][s]) for s in names]) for p, names in zip(players, strategies)]


def pure_profile(mixture: list[np.ndarray], tol: float = 0.0) -> tuple[int, ...] | None:
    """The pure profile a mixture puts (within ``tol``) all its weight on, or None."""
    picks = [int(np.argmax(p)) for p in mixture]
    if all(p[k] >= 1 - tol for p, k in zip(mixture, picks)):
        return tuple(picks)
    return None


def enumpure(game: Any, players, strategies) -> list[tuple[int, ...]]:
    """All pure Nash equilibria by ``enumpure_solve``, as strategy-index tuples, sorted."""
    gbt = pygambit()
    found = gbt.nash.enumpure_solve(game).equilibria
    return sorted(pure_profile(probabilities(eq, players, strategies)) for eq in found)


@dataclass(frozen=True)
class MixedEquilibrium:
    """An equilibrium found by a mixed solver: one probability vector per player."""

    mixture: list[np.ndarray]
    methods: tuple[str, ...]
    regret: float          # most any player gains by a pure deviation, on the mean table (payoff unit)

    @property
    def pure(self) -> tuple[int, ...] | None:
        return pure_profile(self.mixture, SAME_PROFILE)


def mixed_equilibria(game: Any, means: np.ndarray, players, strategies, *,
                     perturbations: int = 3, rng: np.random.Generator | int | None = 0,
                     simpdiv_seconds: float | None = SIMPDIV_SECONDS, simpdiv: SimpdivRun | None = None,
                     enumpoly: bool = False,
                     ) -> tuple[list[MixedEquilibrium], list[str]]:
    """Equilibria found by ``gnm_solve`` and ``ipa_solve`` (each from ``perturbations``
    random perturbation vectors), ``simpdiv_solve`` (from the centroid) and, with
    ``enumpoly``, ``enumpoly_solve`` (every support; 7-16 s on a 4x3x3x3 game here).

    Some equilibria, not all. Returns the distinct equilibria, each with the methods
    that found it and its regret on ``means``, and notes on the runs that failed and
    on how complete enumpoly's search was.
    Simplicial subdivision runs in a child process (see :class:`SimpdivRun`) with a
    budget of ``simpdiv_seconds`` of wall time from its start (None: not run); pass
    ``simpdiv`` to use a run started earlier, so that it overlaps other work.
    """
    gbt = pygambit()
    rng = np.random.default_rng(rng)
    failures: list[str] = []
    if simpdiv is None and simpdiv_seconds:
        simpdiv = SimpdivRun(game, strategies)
    runs: list[tuple[str, list[np.ndarray]]] = []
    try:
        for k in range(perturbations):
            start = game.random_strategy_profile(gen=rng)
            for name, solve in (("gnm", gbt.nash.gnm_solve), ("ipa", gbt.nash.ipa_solve)):
                try:
                    result = solve(start)
                except (RuntimeError, ValueError) as err:
                    failures.append(f"{name} (perturbation {k + 1}): {err}")
                    continue
                found = result.equilibria if name == "gnm" else [result.equilibrium]
                if not result.success:
                    failures.append(f"{name} (perturbation {k + 1}): {result.reason.name.lower()}")
                runs += [(name, probabilities(eq, players, strategies))
                         for eq in found if eq is not None]
        if enumpoly:
            found, note = _enumpoly(gbt, game, players, strategies)
            runs += [("enumpoly", mixture) for mixture in found]
            failures.append(note)
    finally:
        if simpdiv is None:
            failures.append("simpdiv: not run")
        else:
            found, note = simpdiv.collect(simpdiv_seconds or 0.0)
            runs += [("simpdiv", mixture) for mixture in found]
            failures += [note] if note else []

    distinct: list[MixedEquilibrium] = []
    for name, mixture in runs:
        for i, seen in enumerate(distinct):
            if max(np.abs(a - b).max() for a, b in zip(mixture, seen.mixture)) < SAME_PROFILE:
                if name not in seen.methods:
                    distinct[i] = MixedEquilibrium(seen.mixture, seen.methods + (name,), seen.regret)
                break
        else:
            distinct.append(MixedEquilibrium(mixture, (name,), mixed_regret(means, mixture)))
    return distinct, failures


def _enumpoly(gbt, game: Any, players, strategies) -> tuple[list[list[np.ndarray]], str]:
    """``enumpoly_solve`` on the strategic form, and a note on how complete its search was."""
    events: dict[str, int] = {}

    def count(event: Any) -> None:
        name = type(event).__name__
        events[name] = events.get(name, 0) + 1

    result = gbt.nash.enumpoly_solve(game, use_strategic=True, event_callback=count)
    found = [probabilities(eq, players, strategies) for eq in result.equilibria]
    supports = events.get("EnumPolyCandidateSupportEvent", 0)
    singular = events.get("EnumPolySingularSupportEvent", 0)
    budget = events.get("EnumPolyBudgetExceededSupportEvent", 0)
    if singular or budget:
        note = (f"enumpoly: examined {supports} candidate supports; {budget} exceeded the "
                f"rectangle budget and {singular} were singular, so it may have missed "
                "equilibria there")
    else:
        note = (f"enumpoly: examined {supports} candidate supports without a failure: for a "
                "generic game these are all its equilibria")
    return found, note


class SimpdivRun:
    """pygambit's simplicial subdivision on a game, from the centroid, in a child process.

    ``simpdiv_solve`` computes in exact rationals and took minutes on random 4x3x3x3
    games with a totally mixed equilibrium, and Python cannot interrupt it between
    its refinements. So it runs as pygambit's own command-line tool
    (``python -m pygambit.cli.simpdiv``), which can be stopped at a deadline.
    Whether it finishes within a budget depends on the machine; what it finds does not.
    """

    def __init__(self, game: Any, strategies) -> None:
        self.sizes = [len(names) for names in strategies]
        self.folder = Path(tempfile.mkdtemp(prefix="hedgesim-simpdiv-"))
        (self.folder / "game.nfg").write_text(game.to_nfg())
        (self.folder / "start.csv").write_text(
            ",".join(f"1/{n}" for n in self.sizes for _ in range(n)) + "\n")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pygambit.cli.simpdiv", "-q",
             "-s", str(self.folder / "start.csv"), str(self.folder / "game.nfg")],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def collect(self, budget: float) -> tuple[list[list[np.ndarray]], str | None]:
        """The equilibria printed (``NE,p,p,...`` in exact rationals) within ``budget`` seconds
        of the start, or a note on why there are none; past the budget the child is killed."""
        timeout = max(0.0, budget - (time.perf_counter() - self.started))
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            return [], f"simpdiv: stopped unfinished after its budget of {budget:g} s"
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        if self.process.returncode != 0:
            return [], f"simpdiv: failed ({err.strip() or f'exit code {self.process.returncode}'})"
        bounds = np.cumsum([0] + self.sizes)
        found = []
        for line in out.splitlines():
            if line.startswith("NE,"):
                flat = np.array([float(Fraction(x)) for x in line.split(",")[1:]])
                found.append([flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])])
        return found, None if found else "simpdiv: printed no equilibrium"


def qre_branch(game: Any, players, strategies, lambdas: np.ndarray | None = None) -> pd.DataFrame:
    """The principal branch of the logit QRE, tidy: ``lam`` (1 / payoff unit), ``player``,
    ``strategy``, ``probability``.

    With ``lambdas``, the QRE at each of those values (sorted, duplicates dropped);
    without, the points Gambit's path tracer visits from lambda = 0 to the limiting
    equilibrium. At lambda = 0 every player mixes uniformly; that point is filled in
    here, because ``logit_solve_lambda`` (17.0.0b2) given 0, or a lambda it has passed
    already, runs on to the end of the branch instead.
    """
    gbt = pygambit()
    if lambdas is None:
        points = [(q.lam, probabilities(q.profile, players, strategies))
                  for q in gbt.qre.logit_solve_branch(game)]
    else:
        lams = sorted({float(x) for x in np.atleast_1d(lambdas)})
        if lams[0] < 0 or not np.isfinite(lams[-1]):
            raise ValueError(f"lambdas from {lams[0]} to {lams[-1]}: must be finite and >= 0")
        points = [(0.0, [np.full(len(names), 1 / len(names)) for names in strategies])
                  ] if lams[0] == 0 else []
        positive = [lam for lam in lams if lam > 0]
        for lam, q in zip(positive, gbt.qre.logit_solve_lambda(game, positive) if positive else []):
            if abs(q.lam - lam) > 1e-6 * max(1.0, lam):
                raise RuntimeError(f"pygambit's logit tracer returned lambda {q.lam} for {lam}")
            points.append((lam, probabilities(q.profile, players, strategies)))
    rows = [(lam, player, s, float(x))
            for lam, mixture in points
            for player, names, p in zip(players, strategies, mixture)
            for s, x in zip(names, p)]
    return pd.DataFrame(rows, columns=["lam", "player", "strategy", "probability"])


@dataclass(frozen=True)
class QRELimit:
    """Where the principal logit branch ends: the Nash equilibrium it selects."""

    mixture: list[np.ndarray]
    lam: float                 # the last lambda traced (1 / payoff unit)
    regret: float              # on the mean table (payoff unit)
    bifurcations: int          # bifurcations the tracer met on the way
    success: bool


def qre_limit(game: Any, means: np.ndarray, players, strategies) -> QRELimit:
    """The limit of the principal logit QRE branch (``logit_solve``), with its lambda."""
    gbt = pygambit()
    result = gbt.nash.logit_solve(game)
    branch = gbt.qre.logit_solve_branch(game)
    profile = result.equilibrium if result.equilibrium is not None else branch[-1].profile
    mixture = probabilities(profile, players, strategies)
    return QRELimit(mixture, float(branch[-1].lam), mixed_regret(means, mixture),
                    len(result.bifurcations), bool(result.success))
