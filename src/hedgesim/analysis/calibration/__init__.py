"""Bayesian calibration of the game against what happened (ABC-SMC with ELFI), and the posterior
as the parameter source of runs and sweeps.

    from hedgesim.analysis.calibration import calibrate, load_posterior
    result = calibrate("history", out="results/calibration")       # configs/calibration/history.yaml
    draws = load_posterior("results/calibration", scenario="baseline")  # one row per draw
    HedgingModel(worlds=len(draws), **{c: draws[c].to_numpy() for c in draws})

Modules, one concept each: ``config`` (the YAML config), ``priors``, ``inputs`` (calibrated
values as per-world parameters and event values), ``statistics`` (observed points, model
counterparts, distance), ``bridge`` (ELFI), ``posterior`` (the folder, draws, identification),
``predictive`` (the posterior predictive check), ``figures`` and ``run`` (config to folder).
ELFI is the optional extra ``calibration``; only ``calibrate`` needs it.
"""

from hedgesim.analysis.calibration.config import CalibrationConfig, load_config
from hedgesim.analysis.calibration.posterior import load_posterior, posterior_values, read_posterior
from hedgesim.analysis.calibration.run import CalibrationResult, calibrate

__all__ = ["CalibrationConfig", "CalibrationResult", "calibrate", "load_config", "load_posterior",
           "posterior_values", "read_posterior"]
