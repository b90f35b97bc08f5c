"""Priors as scipy distributions: the same object for ELFI's prior nodes, prior draws and the
identification table."""

from __future__ import annotations

from typing import Any

from scipy import stats

from hedgesim.analysis.calibration.config import CalibrationConfig


def scipy_prior(config: CalibrationConfig, name: str) -> tuple[str, tuple[float, ...]]:
    """The scipy.stats distribution name and arguments of a parameter's prior (ELFI's form)."""
    prior = config.parameters[name].prior
    low, high = config.prior_bounds(name)
    if prior.distribution == "uniform":
        return "uniform", (low, high - low)
    if prior.distribution == "loguniform":
        return "loguniform", (low, high)
    return "truncnorm", ((low - prior.mean) / prior.sd, (high - prior.mean) / prior.sd, prior.mean, prior.sd)


def frozen_prior(config: CalibrationConfig, name: str) -> Any:
    """A frozen scipy distribution of a parameter's prior."""
    distribution, args = scipy_prior(config, name)
    return getattr(stats, distribution)(*args)


def describe(config: CalibrationConfig, name: str) -> str:
    """A short text of the prior, e.g. ``loguniform(0.5, 5)`` or ``normal(1, 0.5) on [0, 5]``."""
    prior = config.parameters[name].prior
    low, high = config.prior_bounds(name)
    if prior.distribution == "normal":
        return f"normal({prior.mean:g}, {prior.sd:g}) on [{low:g}, {high:g}]"
    return f"{prior.distribution}({low:g}, {high:g})"
