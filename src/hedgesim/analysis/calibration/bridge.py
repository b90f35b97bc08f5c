"""The bridge to ELFI (Engine for Likelihood-Free Inference): priors, the batched simulator,
the distance, and ABC-SMC driven one batch at a time so that progress can be shown.

ELFI hands the simulator a batch of parameter sets, one array per parameter, with
``batch_size`` and a ``random_state``; the bridge runs the whole batch as one
vectorised ``HedgingModel`` (world i is parameter set i, its seed drawn from the
batch's random state) and returns the summary statistics, one row per world.
ABC-SMC (ELFI's ``SMC``: Beaumont et al. 2009's population Monte Carlo with a
Gaussian-mixture proposal) keeps ``population`` draws per generation, the first
from the prior at the ``first_quantile`` of distances, each later one at the
``quantile`` of the previous generation's distances.

ELFI is an optional extra (``pip install -e ".[calibration]"``); importing this
module without it raises :class:`MissingExtra` with the install command.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from hedgesim.analysis.calibration.config import CalibrationConfig, generations_quantiles
from hedgesim.analysis.calibration.priors import frozen_prior
from hedgesim.analysis.calibration.statistics import distance, observed_vector, scales
from hedgesim.game.parameters import ConfigError

SEED_LIMIT = 2**62


class MissingExtra(ConfigError):
    """ELFI is not installed: one line saying how to install it (exit code 2 on the command line)."""


def import_elfi():
    """ELFI, or MissingExtra with the install command."""
    try:
        import elfi
    except ImportError as error:
        raise MissingExtra(f"calibration needs ELFI, the optional extra 'calibration': "
                           f"pip install -e \".[calibration]\" ({error})") from None
    return elfi


#: A batched simulator: per-world parameter values (name -> array), seeds -> summaries (worlds, k).
Simulator = Callable[[dict[str, np.ndarray], np.ndarray], np.ndarray]


@dataclass
class Generation:
    """One ABC-SMC generation: its threshold, simulations and acceptance rate."""

    index: int
    threshold: float
    simulations: int
    accepted: int
    seconds: float

    @property
    def acceptance(self) -> float:
        return self.accepted / self.simulations if self.simulations else float("nan")


@dataclass
class SmcResult:
    """The last generation's draws (one row per draw: the parameters, ``weight`` summing to 1,
    ``distance``) and every generation's statistics."""

    draws: pd.DataFrame
    generations: list[Generation] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def simulations(self) -> int:
        return sum(g.simulations for g in self.generations)


def abc_smc(priors: dict[str, Any], simulate: Simulator, observed: np.ndarray, scale: np.ndarray, *,
            population: int, quantiles: list[float], batch_size: int, seed: int,
            progress: Callable[[str], None] | None = None) -> SmcResult:
    """ABC-SMC with ELFI of a batched ``simulate`` against ``observed`` summaries.

    ``priors`` maps each parameter to a frozen scipy.stats distribution. ELFI samples every
    parameter as a standard normal z, and the simulator receives the prior's quantile at
    Phi(z) (the probability integral transform): the prior is the same, but ELFI's Gaussian
    proposals never leave a bounded prior's support, which would otherwise cost most of the
    time in rejected proposals. The distance is the Euclidean norm of the summaries'
    residuals over ``scale``.
    """
    elfi = import_elfi()
    names = list(priors)
    model = elfi.ElfiModel(name="hedgesim")
    nodes = {name: f"z{i}" for i, name in enumerate(names)}  # ELFI node names stay plain
    z_nodes = [elfi.Prior("norm", 0.0, 1.0, model=model, name=nodes[name]) for name in names]

    def simulator(*values, batch_size: int = 1, random_state=None):
        rs = random_state if random_state is not None else np.random.RandomState()
        seeds = rs.randint(0, SEED_LIMIT, size=batch_size, dtype=np.int64)
        columns = {name: to_parameter(priors[name], np.broadcast_to(
                       np.asarray(z, dtype=float).reshape(-1), (batch_size,)))
                   for name, z in zip(names, values)}
        return np.asarray(simulate(columns, seeds), dtype=float).reshape(batch_size, -1)

    observed_row = np.asarray(observed, dtype=float).reshape(1, -1)
    sim = elfi.Simulator(simulator, *z_nodes, observed=observed_row, model=model, name="simulated")
    summary = elfi.Summary(_identity, sim, model=model, name="summaries")
    elfi.Distance(lambda x, y: distance(x, y, scale), summary, model=model, name="distance")

    smc = smc_class(elfi)(model, "distance", batch_size=batch_size, seed=seed, max_parallel_batches=1)
    smc.bar = False  # progress is reported below, one line per batch
    started = time.perf_counter()
    smc.set_objective(population, quantiles=list(quantiles))
    generations: list[Generation] = []
    round_started, last_round, round_batches = started, 0, 0
    while not smc.finished:
        smc.iterate()
        round_batches += 1
        current = smc.state["round"]
        if current != last_round or smc.finished:
            generations.append(_generation(smc, last_round, round_batches, batch_size,
                                           time.perf_counter() - round_started))
            if progress:
                g = generations[-1]
                progress(f"generation {g.index + 1}/{len(quantiles)}: threshold {g.threshold:.3g}, "
                         f"{g.simulations:,} simulations, acceptance {100 * g.acceptance:.1f} %, "
                         f"{g.seconds:.1f} s")
            round_started, last_round, round_batches = time.perf_counter(), current, 0
        elif progress:
            progress(f"generation {current + 1}/{len(quantiles)}: {round_batches * batch_size:,} "
                     f"simulations so far")
    smc.batches.cancel_pending()
    result = smc.extract_result()
    samples = result.samples
    draws = pd.DataFrame({name: to_parameter(priors[name], np.asarray(samples[nodes[name]], dtype=float))
                          for name in names})
    weights = np.asarray(result.weights, dtype=float)
    draws["weight"] = weights / weights.sum()
    draws["distance"] = np.asarray(result.discrepancies, dtype=float)
    return SmcResult(draws, generations, time.perf_counter() - started)


def smc_class(elfi):
    """ELFI's ABC-SMC with a full-covariance proposal.

    ELFI perturbs each particle with a Gaussian whose covariance is twice the diagonal of the
    previous generation's weighted covariance (Beaumont et al. 2009). Calibrated parameters
    trade off (a lower 2014 demand and a faster boom give the same 2019), so the posterior is
    a tilted ridge that a diagonal kernel overshoots: most proposals land off it and are
    rejected. Twice the full weighted covariance (Filippi et al. 2013, the multivariate
    normal kernel) follows the ridge; the importance weights use the same kernel, so the
    target is unchanged. Falls back to ELFI's diagonal where the covariance is singular.
    """
    class FullCovarianceSMC(elfi.SMC):
        def _compute_weights_means_and_cov(self, pop):
            means, weights, cov = super()._compute_weights_means_and_cov(pop)
            full = np.atleast_2d(2.0 * np.cov(np.asarray(means, dtype=float).T, aweights=weights))
            if np.all(np.isfinite(full)) and np.all(np.linalg.eigvalsh(full) > 0):
                cov = full
            return means, weights, cov

    return FullCovarianceSMC


def to_parameter(prior: Any, z: np.ndarray) -> np.ndarray:
    """The prior's quantile at Phi(z): a standard normal z becomes a draw from ``prior``."""
    return np.asarray(prior.ppf(stats.norm.cdf(z)), dtype=float)


def _identity(x: np.ndarray) -> np.ndarray:
    return x


def _generation(smc: Any, index: int, batches: int, batch_size: int, seconds: float) -> Generation:
    population = smc._populations[index] if index < len(smc._populations) else smc._rejection.extract_result()
    simulations = batches * batch_size
    return Generation(index, float(population.threshold), simulations, int(population.n_samples), seconds)


def calibrate_with_elfi(config: CalibrationConfig, points: pd.DataFrame, simulate: Simulator,
                        progress: Callable[[str], None] | None = None) -> SmcResult:
    """ABC-SMC of ``config``'s parameters against the fitted ``points``."""
    budget = config.budget
    return abc_smc({name: frozen_prior(config, name) for name in config.parameters}, simulate,
                   observed_vector(config, points), scales(config, points),
                   population=budget.population, quantiles=generations_quantiles(budget),
                   batch_size=budget.batch_size, seed=config.seed, progress=progress)
