"""Sweep specs: what to vary, how to sample it, how many replications, what to keep.

A spec is a YAML file (``configs/sweeps/``) validated against the parameter
schema like a scenario::

    scenario: baseline            # the base scenario (name or path)
    params: {eu_interest_decline: 0.1}   # fixed changes on top of it
    vary:                         # lists, or ranges read against the schema
      risk_weight: {low: 0, high: 3, num: 7}
      strategy: [hedge, bandwagon_china]
    design: grid                  # grid | lhs | sobol | morris
    replications: 10
    seed: 1
    keep: outcomes                # outcomes | timeseries (with every: k)
    chunk_size: 2000

``vary: all`` varies every numeric parameter over its whole schema range.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hedgesim.game.parameters import NUMERIC, PARAMETERS, ConfigError, ParameterError, check_value, excerpt, \
    explain, params_model, shorten, unknown_parameter, validate_mapping
from hedgesim.config.scenarios import Scenario, find_config, load_scenario
from hedgesim.config.yaml_files import read_yaml, shown


class Range(BaseModel):
    """A numeric range: bounds for samplers, ``num`` evenly spaced points for a grid."""

    model_config = ConfigDict(extra="forbid")
    low: float = Field(strict=False, allow_inf_nan=False)
    high: float = Field(strict=False, allow_inf_nan=False)
    num: int | None = Field(None, ge=1, le=100_000, strict=True)


class SweepSpec(BaseModel):
    """A validated sweep spec."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=200)
    description: str = Field("", max_length=20_000)
    scenario: str = Field("baseline", max_length=4096)
    params: dict[str, Any] = Field(default_factory=dict)
    vary: dict[str, list[Any] | Range] | Literal["all"]
    design: Literal["grid", "lhs", "sobol", "morris"] = "grid"
    samples: int = Field(64, ge=1, le=10_000_000, strict=True)
    second_order: bool = False
    levels: int = Field(4, ge=2, le=100, strict=True)
    replications: int = Field(1, ge=1, le=100_000, strict=True)
    seed: int = Field(0, ge=0, le=2**62, strict=True)
    steps: int = Field(40, ge=1, le=400, strict=True)
    keep: Literal["outcomes", "timeseries"] = "outcomes"
    every: int = Field(1, ge=1, le=400, strict=True)
    chunk_size: int = Field(2000, ge=1, le=1_000_000, strict=True)
    common_random_numbers: bool = True

    @cached_property
    def base(self) -> Scenario:
        """The base scenario."""
        return load_scenario(self.scenario)

    @property
    def varied(self) -> dict[str, list[Any] | Range]:
        """The varied parameters, with ``all`` expanded to every numeric parameter's range."""
        if self.vary == "all":
            return {n: Range(low=PARAMETERS[n].low, high=PARAMETERS[n].high) for n in NUMERIC}
        return self.vary

    def fixed_params(self) -> dict[str, Any]:
        """The scenario's parameters with the spec's fixed changes on top."""
        return {**self.base.model_params(), **self.params}

    def spec_hash(self) -> str:
        """Hash of everything that decides the results (not the name or description)."""
        content = {"spec": self.model_dump(exclude={"name", "description"}),
                   # the order of ``vary`` lays out the design, and JSON below sorts keys
                   "vary_order": list(self.varied),
                   "scenario": self.base.model_dump(exclude={"name", "title", "description", "paper"}),
                   # the events the scenario's timeline replays, not only its name
                   "timeline": repr(self.base.model_settings()["timeline"])}
        text = json.dumps(content, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# Settings that only some designs or kinds of output read: set anywhere else, they would be ignored.
ONLY_WITH = {
    "samples": (lambda s: s.design != "grid", "the lhs, sobol and morris designs (a grid's size is "
                                              "the product of its lists and `num`s)"),
    "levels": (lambda s: s.design == "morris", "the morris design"),
    "second_order": (lambda s: s.design == "sobol", "the sobol design"),
    "every": (lambda s: s.keep == "timeseries", "keep: timeseries"),
}


def check_spec(spec: SweepSpec, source: str, strict: bool = True) -> SweepSpec:
    """Checks the schema cannot express: names, ranges and designs against the parameters.

    ``strict`` also refuses settings the spec's design or output would ignore
    (a spec written by hand; not one read back from a manifest, which lists every setting).
    """
    def fail(key: str, why: str) -> ConfigError:
        return ConfigError(f"{source}: {key}: {why}")

    if strict:  # a setting left at its default is harmless (a full model_dump() round-trips)
        for key, (used, where) in ONLY_WITH.items():
            if getattr(spec, key) != SweepSpec.model_fields[key].default and not used(spec):
                raise fail(key, f"is only used with {where}, and this spec would ignore it; remove it")

    try:
        spec.base
    except ConfigError as error:
        raise fail("scenario", str(error)) from None
    try:
        params_model()(**spec.params)
    except ValidationError as error:
        raise explain(error, source, prefix="params") from None
    if spec.vary != "all" and not spec.vary:
        raise fail("vary", "nothing to vary; give at least one parameter (or `all`)")
    sampler = spec.design != "grid"
    for name, values in spec.varied.items():
        key = f"vary.{name}"
        if name not in PARAMETERS:
            raise fail(key, unknown_parameter(name))
        if name in spec.params:
            raise fail(key, f"{excerpt(name)} is both fixed under params and varied; keep one")
        p = PARAMETERS[name]
        if isinstance(values, list):
            if not values:
                raise fail(key, f"empty list; give at least one value ({p.allowed})")
            if sampler:
                raise fail(key, f"the {spec.design} design samples ranges; give {{low, high}} "
                                f"instead of a list")
            for value in values:
                if p.kind != "choice" and (isinstance(value, bool) or not isinstance(value, int | float)):
                    raise fail(key, f"{excerpt(value)} is not allowed; allowed: {p.allowed}")
                try:
                    check_value(name, value)
                except ParameterError:
                    raise fail(key, f"{excerpt(value)} is not allowed; allowed: {p.allowed}") from None
            continue
        if p.kind == "choice":
            raise fail(key, f"a choice parameter takes a list of values ({p.allowed})")
        if not values.low < values.high:
            raise fail(key, f"empty range: low {values.low:g} must be below high {values.high:g}")
        if values.low < p.low or values.high > p.high:
            raise fail(key, f"range {values.low:g} to {values.high:g} leaves the allowed "
                            f"{p.allowed}")
        if not sampler and values.num is None:
            raise fail(key, "the grid design needs `num` points in a range (or a list of values)")
    if spec.design == "sobol" and spec.samples & (spec.samples - 1):
        raise fail("samples", f"the sobol design needs a power of two (Saltelli/Sobol' "
                              f"sequence); got {spec.samples}")
    return spec


def check_vary_entries(data: Any, source: str) -> None:
    """Each ``vary`` entry is a list or a range: say which rule a bad one breaks, in the spec's words
    (pydantic would name the members of its union instead)."""
    vary = data.get("vary") if isinstance(data, dict) else None
    if vary is None or vary == "all":
        return
    if not isinstance(vary, dict):
        raise ConfigError(f"{source}: vary: expected `all` or a mapping of parameter names to a list "
                          f"of values or a range {{low, high, num}}; got {excerpt(vary)}")
    for name, entry in vary.items():
        key = f"vary.{shorten(str(name))}"
        if isinstance(entry, dict):
            try:
                Range.model_validate(entry)
            except ValidationError as error:
                raise explain(error, source, tuple(Range.model_fields), prefix=key) from None
        elif not isinstance(entry, list):
            raise ConfigError(f"{source}: {key}: {excerpt(entry)} is neither a list of values nor a "
                              f"range {{low, high, num}}")


def validate_spec(data: Any, source: str, name: str = "", strict: bool = True) -> SweepSpec:
    """Validate a parsed spec mapping; errors are one ConfigError line naming source and key."""
    check_vary_entries(data, source)
    spec = validate_mapping(SweepSpec, data, source)
    if not spec.name:
        spec.name = name or "sweep"
    return check_spec(spec, source, strict)


def load_spec(spec: str | Path | dict | SweepSpec) -> SweepSpec:
    """A spec from a SweepSpec, a mapping, a bundled name (``configs/sweeps/NAME.yaml``) or a path."""
    if isinstance(spec, SweepSpec):
        return spec
    if isinstance(spec, dict):
        return validate_spec(spec, "sweep spec", spec.get("name", ""))
    path = find_config(spec, "sweeps")
    return validate_spec(read_yaml(path, "sweep spec YAML file"), shown(path), path.stem)
