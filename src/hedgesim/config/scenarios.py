"""Scenarios: the paper's situations as YAML config files, validated against the schema.

A scenario file (``configs/scenarios/NAME.yaml``) holds a ``title``, a
plain-language ``description``, the ``paper`` passage it encodes, the
``params`` it changes from their defaults and, optionally, ``steps``, the
``start`` quarter (from 2014Q1; default 2025Q1) and a ``timeline`` of dated
events (a bundled name from ``configs/timelines/`` or a path to a YAML file).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hedgesim.config.files import bundled_names, configs_dir, find_config  # noqa: F401 - re-exported
from hedgesim.config.timelines import load_timeline
from hedgesim.config.yaml_files import read_yaml, shown
from hedgesim.game.calendar import DEFAULT_START, Quarter
from hedgesim.game.parameters import ConfigError, ParameterError, explain, params_model, validate_mapping


class Scenario(BaseModel):
    """A validated scenario file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=200)
    title: str = Field(max_length=200)
    description: str = Field(max_length=20_000)
    paper: str = Field("", max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)
    steps: int = Field(40, ge=1, le=400, strict=True)
    start: str = DEFAULT_START
    timeline: str | None = None

    def model_params(self) -> dict[str, Any]:
        """Only the parameters this scenario sets."""
        return dict(self.params)

    def model_settings(self) -> dict[str, Any]:
        """The model's start quarter and timeline: ``HedgingModel(**model_settings(), ...)``."""
        return {"start": self.start,
                "timeline": load_timeline(self.timeline, self._folder) if self.timeline else None}

    _folder: Path | None = None  # the scenario file's folder: a relative timeline path starts there


def validate_scenario(data: Any, source: str, name: str = "") -> Scenario:
    """Validate a parsed scenario mapping; ConfigError names the source, key and rule."""
    scenario = validate_mapping(Scenario, data, source)
    try:
        params_model()(**scenario.params)
    except ValidationError as error:
        raise explain(error, source, prefix="params") from None
    try:
        Quarter.parse(scenario.start, "start")
    except ParameterError as error:
        raise ConfigError(f"{source}: {error}") from None
    if scenario.timeline:
        load_timeline(scenario.timeline, Path(source).parent if source else None)  # refuse a bad one now
    if not scenario.name:
        scenario.name = name
    return scenario


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A scenario by name (``configs/scenarios/NAME.yaml``) or by path to a YAML file."""
    path = find_config(name_or_path, "scenarios")
    scenario = validate_scenario(read_yaml(path, "scenario YAML file"), shown(path), path.stem)
    scenario._folder = path.parent
    return scenario


@cache
def scenario_names() -> tuple[str, ...]:
    """Names of the bundled scenarios, baseline first."""
    return tuple(bundled_names("scenarios"))


def all_scenarios() -> list[Scenario]:
    """Every bundled scenario."""
    return [load_scenario(name) for name in scenario_names()]
