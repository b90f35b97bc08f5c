"""The calibration machinery on problems with a known posterior, through the same ELFI bridge
the game's calibration uses (``bridge.abc_smc``: batched simulator, prior transform, ABC-SMC).

Skipped where ELFI (the optional extra ``calibration``) is absent; CI sets
HEDGESIM_REQUIRE_ELFI=1 and installs it, so there a missing ELFI fails instead.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from scipy import stats

if os.environ.get("HEDGESIM_REQUIRE_ELFI"):
    import elfi  # noqa: F401 - CI: a missing extra is a failure, not a skip
else:
    pytest.importorskip("elfi")

from hedgesim.analysis.calibration.bridge import abc_smc, to_parameter  # noqa: E402

N_DATA = 20  # observations y_i ~ N(mu, 1) behind the toy's summary, their mean


def mean_simulator(values: dict[str, np.ndarray], seeds: np.ndarray) -> np.ndarray:
    """A batch of toy worlds: world i draws N_DATA values around its own mu and reports their mean."""
    mu = values["mu"]
    noise = np.random.default_rng(seeds).standard_normal((len(seeds), N_DATA))  # one stream per batch
    return (mu[:, None] + noise).mean(axis=1, keepdims=True)


def weighted_moments(draws) -> tuple[float, float]:
    w = draws["weight"].to_numpy()
    x = draws["mu"].to_numpy()
    mean = float(np.average(x, weights=w))
    return mean, float(np.sqrt(np.average((x - mean) ** 2, weights=w)))


def run_toy(prior, observed_mean: float, seed: int = 3):
    return abc_smc({"mu": prior}, mean_simulator, np.array([observed_mean]), np.array([1 / np.sqrt(N_DATA)]),
                   population=1500, quantiles=[0.2, 0.5, 0.5, 0.5], batch_size=3000, seed=seed)


def test_a_conjugate_normal_model_recovers_its_closed_form_posterior():
    # Prior N(0.5, 1), n = 20 observations with unit variance and mean 1.3 (a sufficient summary):
    # the posterior is N((0.5 + 20 * 1.3) / 21, 1 / 21).
    prior_mean, observed = 0.5, 1.3
    result = run_toy(stats.norm(prior_mean, 1.0), observed)
    mean, sd = weighted_moments(result.draws)
    exact_mean, exact_sd = (prior_mean + N_DATA * observed) / (N_DATA + 1), np.sqrt(1 / (N_DATA + 1))
    assert abs(mean - exact_mean) < 0.04
    # ABC's tolerance widens the posterior a little; it must still be close to the exact width
    assert exact_sd * 0.9 < sd < exact_sd * 1.25
    thresholds = [g.threshold for g in result.generations]
    assert thresholds == sorted(thresholds, reverse=True) and thresholds[-1] < 0.3
    assert result.simulations == sum(g.simulations for g in result.generations) > 1500
    assert np.isclose(result.draws["weight"].sum(), 1.0)


def test_a_bounded_prior_gives_the_truncated_posterior():
    # A uniform prior on [-1, 1] with data whose mean sits at its edge: the posterior is the
    # likelihood truncated to the prior's support. Checks the probability-integral transform
    # (ELFI samples a normal z; the simulator sees the prior's quantile at Phi(z)).
    observed = 0.95
    result = run_toy(stats.uniform(-1.0, 2.0), observed)
    scale = 1 / np.sqrt(N_DATA)
    exact = stats.truncnorm((-1.0 - observed) / scale, (1.0 - observed) / scale, loc=observed, scale=scale)
    mean, sd = weighted_moments(result.draws)
    assert result.draws["mu"].between(-1.0, 1.0).all()
    assert abs(mean - exact.mean()) < 0.04
    assert exact.std() * 0.85 < sd < exact.std() * 1.3


def test_the_same_seed_gives_the_same_posterior_and_another_seed_does_not():
    prior = stats.norm(0.0, 1.0)
    first = abc_smc({"mu": prior}, mean_simulator, np.array([0.4]), np.array([0.2]), population=200,
                    quantiles=[0.5, 0.5], batch_size=500, seed=11)
    again = abc_smc({"mu": prior}, mean_simulator, np.array([0.4]), np.array([0.2]), population=200,
                    quantiles=[0.5, 0.5], batch_size=500, seed=11)
    other = abc_smc({"mu": prior}, mean_simulator, np.array([0.4]), np.array([0.2]), population=200,
                    quantiles=[0.5, 0.5], batch_size=500, seed=12)
    assert np.array_equal(first.draws["mu"], again.draws["mu"])
    assert not np.array_equal(first.draws["mu"], other.draws["mu"])


def test_the_simulator_gets_whole_batches_with_one_parameter_set_per_world():
    calls = []

    def recording(values, seeds):
        calls.append((values["mu"].copy(), seeds.copy()))
        return mean_simulator(values, seeds)

    abc_smc({"mu": stats.norm(0.0, 1.0)}, recording, np.array([0.0]), np.array([0.2]), population=100,
            quantiles=[0.5, 0.5], batch_size=250, seed=1)
    assert calls and all(len(mu) == 250 == len(seeds) for mu, seeds in calls)
    assert all(len(np.unique(mu)) == 250 and len(np.unique(seeds)) == 250 for mu, seeds in calls)
    assert len({tuple(seeds) for _, seeds in calls}) == len(calls)  # each batch its own seeds


def test_the_prior_transform_maps_a_standard_normal_onto_the_prior():
    z = np.random.default_rng(0).standard_normal(20_000)
    for prior in (stats.uniform(2.0, 3.0), stats.loguniform(20.0, 200.0), stats.truncnorm(-1, 2, 1.0, 0.5)):
        x = to_parameter(prior, z)
        assert x.min() >= prior.support()[0] and x.max() <= prior.support()[1]
        assert stats.kstest(x, prior.cdf).pvalue > 0.001
    assert np.all(np.isfinite(to_parameter(stats.uniform(0, 1), np.array([-40.0, 40.0]))))
