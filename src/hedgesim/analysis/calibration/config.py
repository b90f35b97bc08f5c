"""Calibration configs: what to fit, to which observations, how, and with what budget.

A calibration config (``configs/calibration/NAME.yaml``) is validated like the
other configs: unknown keys, wrong types and values out of range are refused
with one line naming the file, the key and what is allowed. It holds

* ``scenario``: the run the observations are compared with (``history``);
* ``parameters``: the uncertain parameters, each with its ``prior``, a one-line
  ``why`` for the prior, and ``forecast`` (``keep``: the value describes
  behaviour or structure and carries over to a forecast that starts later;
  ``drop``: it describes the calibration run's start or a superseded event).
  A parameter is a model parameter (``overland_demand``) or the value an event
  of the scenario's timeline sets (``china_europe_rail_matures.overland_demand_growth``);
* ``observations``: the observed series used, each with its model counterpart
  (model columns summed, the year's ``mean`` or ``sum`` over quarters, times a
  ``factor``), its relative ``error`` and why; and ``left_out``: every other series
  of the observations file, each with the reason it has no honest counterpart;
* ``distance``: the transform (``log`` or ``identity``) of observed and simulated
  values before the error-scaled Euclidean distance;
* ``budget``: the ABC-SMC population, generations and quantiles, the batch size
  (worlds per model batch) and the posterior-predictive draws;
* ``seed`` and ``until`` (the last observed year fitted; ``--until`` overrides).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hedgesim.analysis.calibration.inputs import split_name
from hedgesim.config.files import find_config
from hedgesim.config.scenarios import Scenario, load_scenario
from hedgesim.config.yaml_files import read_yaml, shown
from hedgesim.game.calendar import Quarter
from hedgesim.game.model import COLUMNS
from hedgesim.game.observations import DataFileError, observations
from hedgesim.game.parameters import PARAMETERS, ConfigError, unknown_parameter, validate_mapping
from hedgesim.game.timeline import INITIAL_ONLY
from hedgesim.game.exogenous import LEVELS

KIND = "calibration"
FIRST_YEAR, LAST_YEAR = 2014, 2025


class Prior(BaseModel):
    """A prior: uniform or log-uniform on [low, high], or a normal (mean, sd) truncated to
    [low, high] (by default the parameter's schema range)."""

    model_config = ConfigDict(extra="forbid")
    distribution: Literal["uniform", "loguniform", "normal"]
    low: float | None = Field(None, allow_inf_nan=False)
    high: float | None = Field(None, allow_inf_nan=False)
    mean: float | None = Field(None, allow_inf_nan=False)
    sd: float | None = Field(None, gt=0, allow_inf_nan=False)


class CalibratedParameter(BaseModel):
    """One uncertain parameter: its prior, why that prior, and whether it carries over to a forecast."""

    model_config = ConfigDict(extra="forbid")
    prior: Prior
    why: str = Field(min_length=1)
    forecast: Literal["keep", "drop"]


class Counterpart(BaseModel):
    """How one observed series maps to model output: the year's mean or sum over its quarters
    of the named columns (added), times ``factor``; ``error`` is the relative error."""

    model_config = ConfigDict(extra="forbid")
    model: list[str] = Field(min_length=1)
    statistic: Literal["mean", "sum"]
    factor: float = Field(1.0, gt=0, allow_inf_nan=False)
    error: float = Field(gt=0, le=5, allow_inf_nan=False)
    why: str = Field(min_length=1)


class Distance(BaseModel):
    """``log``: distance on log values, an observation's error is the sd of its log (about the
    relative error); ``identity``: on raw values, the scale is error x |observed|."""

    model_config = ConfigDict(extra="forbid")
    transform: Literal["log", "identity"] = "log"


class Budget(BaseModel):
    """ABC-SMC's budget: ``population`` accepted draws per generation; the first generation
    keeps the best ``first_quantile`` of prior draws, each later one the draws closer than the
    ``quantile`` of the previous generation's distances; ``batch_size`` worlds per model batch."""

    model_config = ConfigDict(extra="forbid")
    population: int = Field(1000, ge=10, le=100_000, strict=True)
    generations: int = Field(6, ge=1, le=50, strict=True)
    first_quantile: float = Field(0.1, gt=0, le=1, allow_inf_nan=False)
    quantile: float = Field(0.5, gt=0, lt=1, allow_inf_nan=False)
    batch_size: int = Field(1000, ge=1, le=100_000, strict=True)
    predictive_draws: int = Field(1000, ge=10, le=100_000, strict=True)


class CalibrationConfig(BaseModel):
    """A validated calibration config."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    title: str = ""
    description: str = ""
    scenario: str = "history"
    observations_file: str | None = None
    parameters: dict[str, CalibratedParameter] = Field(min_length=1)
    observations: dict[str, Counterpart] = Field(min_length=1)
    left_out: dict[str, str] = Field(default_factory=dict)
    distance: Distance = Field(default_factory=Distance)
    budget: Budget = Field(default_factory=Budget)
    seed: int = Field(0, ge=0, le=2**62, strict=True)
    until: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, strict=True)

    _folder: Path | None = None

    @cached_property
    def base(self) -> Scenario:
        """The scenario the observations are compared with."""
        return load_scenario(self.scenario)

    @cached_property
    def settings(self) -> dict[str, Any]:
        """The scenario's start quarter and timeline (read once: a timeline file is slow to check)."""
        return self.base.model_settings()

    @property
    def start(self) -> Quarter:
        return Quarter.parse(self.base.start, "start")

    def observed(self):
        """The observations file's tidy frame (the bundled one unless ``observations_file``)."""
        path = self.observations_file
        if path is not None and self._folder is not None and not Path(path).is_absolute():
            candidate = self._folder / path
            path = str(candidate) if candidate.is_file() else path
        return observations(path)

    def prior_bounds(self, name: str) -> tuple[float, float]:
        """The support of a parameter's prior."""
        prior = self.parameters[name].prior
        low, high = schema_range(name)
        return (low if prior.low is None else prior.low, high if prior.high is None else prior.high)


def schema_range(name: str) -> tuple[float, float]:
    p = PARAMETERS[split_name(name)[1]]
    return float(p.low), float(p.high)


def check_config(config: CalibrationConfig, source: str) -> CalibrationConfig:
    """The checks the schema cannot express: names against the model, the timeline and the data."""
    def fail(key: str, why: str) -> ConfigError:
        return ConfigError(f"{source}: {key}: {why}")

    try:
        scenario = config.base
    except ConfigError as error:
        raise fail("scenario", str(error)) from None
    timeline = config.settings["timeline"]
    events = {e.id: e for e in timeline.events} if timeline is not None else {}
    for name, spec in config.parameters.items():
        key = f"parameters.{name}"
        event_id, parameter = split_name(name)
        if parameter not in PARAMETERS:
            raise fail(key, unknown_parameter(parameter))
        p = PARAMETERS[parameter]
        if p.kind != "float":
            raise fail(key, f"{parameter!r} is {'a choice' if p.kind == 'choice' else 'an integer'} "
                            f"parameter; calibrate continuous (float) parameters only")
        if event_id is not None:
            if event_id not in events:
                known = ", ".join(events) or "none"
                raise fail(key, f"the scenario's timeline has no event {event_id!r} (events: {known})")
            if parameter not in events[event_id].settings:
                raise fail(key, f"event {event_id!r} does not set {parameter!r} (it sets "
                                f"{', '.join(events[event_id].settings)})")
            later = [e.id for e in timeline.events
                     if e.date > events[event_id].date and parameter in e.settings]
            if spec.forecast == "keep" and later:
                raise fail(f"{key}.forecast", f"'keep' needs the last event that sets {parameter!r}, "
                                               f"but {later[0]!r} sets it later; use 'drop'")
        elif spec.forecast == "keep" and (parameter in INITIAL_ONLY or parameter in LEVELS):
            raise fail(f"{key}.forecast", f"{parameter!r} is the state at the scenario's start, which "
                                           f"a later forecast does not share; use 'drop'")
        elif spec.forecast == "keep" and timeline is not None and any(
                parameter in e.settings for e in timeline.events):
            raise fail(f"{key}.forecast", f"the timeline resets {parameter!r} later, so its start value "
                                           f"does not describe a later forecast; use 'drop'")
        check_prior(spec.prior, name, f"{key}.prior", fail)
    try:
        frame = config.observed()
    except (DataFileError, OSError) as error:
        raise fail("observations_file", str(error)) from None
    known = sorted(set(frame["series"]))
    for series, counterpart in config.observations.items():
        key = f"observations.{series}"
        if series not in known:
            raise fail(key, f"no such series in the observations file (series: {', '.join(known)})")
        for column in counterpart.model:
            if column not in COLUMNS:
                raise fail(f"{key}.model", f"{column!r} is not a model column (see "
                                           f"hedgesim.game.model.COLUMNS)")
        if config.distance.transform == "log" and (frame.loc[frame["series"] == series, "value"] <= 0).any():
            raise fail(key, "a log distance needs positive observed values")
    for series, reason in config.left_out.items():
        if series not in known:
            raise fail(f"left_out.{series}", "no such series in the observations file")
        if series in config.observations:
            raise fail(f"left_out.{series}", "is also used under observations; keep one")
        if not str(reason).strip():
            raise fail(f"left_out.{series}", "say why the series is left out")
    unaccounted = [s for s in known if s not in config.observations and s not in config.left_out]
    if unaccounted:
        raise fail("left_out", f"series {unaccounted[0]!r} of the observations file is neither used nor "
                               f"left out with a reason ({len(unaccounted)} such series)")
    years = fitted_years(config, frame)
    if not years:
        raise fail("until", f"no observation of the used series falls in {config.start.year}-"
                            f"{config.until}")
    return config


def check_prior(prior: Prior, name: str, key: str, fail) -> None:
    schema_low, schema_high = schema_range(name)
    low = schema_low if prior.low is None else prior.low
    high = schema_high if prior.high is None else prior.high
    if prior.distribution in ("uniform", "loguniform"):
        if prior.low is None or prior.high is None:
            raise fail(key, f"a {prior.distribution} prior needs low and high")
        if prior.mean is not None or prior.sd is not None:
            raise fail(key, f"a {prior.distribution} prior takes low and high, not mean and sd")
    else:
        if prior.mean is None or prior.sd is None:
            raise fail(key, "a normal prior needs mean and sd (and optionally low and high to truncate it)")
        if not low <= prior.mean <= high:
            raise fail(key, f"mean {prior.mean:g} lies outside {low:g} to {high:g}")
    if not low < high:
        raise fail(key, f"empty range: low {low:g} must be below high {high:g}")
    if low < schema_low or high > schema_high:
        raise fail(key, f"{low:g} to {high:g} leaves the parameter's allowed range {schema_low:g} to "
                        f"{schema_high:g} ({PARAMETERS[split_name(name)[1]].unit})")
    if prior.distribution == "loguniform" and low <= 0:
        raise fail(key, f"a loguniform prior needs low above 0, got {low:g}")


def fitted_years(config: CalibrationConfig, frame=None, until: int | None = None) -> list[int]:
    """The years with at least one fitted observation."""
    frame = config.observed() if frame is None else frame
    last = until if until is not None else (config.until or LAST_YEAR)
    used = frame[frame["series"].isin(list(config.observations))
                 & frame["year"].between(config.start.year, last)]
    return sorted(set(used["year"]))


def validate_config(data: Any, source: str, name: str = "", folder: Path | None = None) -> CalibrationConfig:
    """Validate a parsed config mapping; errors are one ConfigError line naming source and key."""
    config = validate_mapping(CalibrationConfig, data, source)
    config._folder = folder
    if not config.name:
        config.name = name or "calibration"
    return check_config(config, source)


def load_config(config: str | Path | dict | CalibrationConfig = "history") -> CalibrationConfig:
    """A config from a CalibrationConfig, a mapping, a bundled name
    (``configs/calibration/NAME.yaml``) or a path."""
    if isinstance(config, CalibrationConfig):
        return config
    if isinstance(config, dict):
        return validate_config(config, "calibration config", str(config.get("name", "")))
    path = find_config(config, "calibration")
    return validate_config(read_yaml(path, "calibration config YAML file"), shown(path), path.stem, path.parent)


def generations_quantiles(budget: Budget) -> list[float]:
    """ELFI's selection quantiles: the first generation's, then one per later generation."""
    return [budget.first_quantile] + [budget.quantile] * (budget.generations - 1)
