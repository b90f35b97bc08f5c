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

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hedgesim.game.calendar import DEFAULT_START, Quarter
from hedgesim.game.parameters import ConfigError, ParameterError, explain, params_model, validate_mapping

_PACKAGE = Path(__file__).resolve().parents[1]  # src/hedgesim, or site-packages/hedgesim


def configs_dir() -> Path:
    """The ``configs`` folder: inside an installed wheel, else the source checkout's."""
    for candidate in (_PACKAGE / "configs", _PACKAGE.parents[1] / "configs"):
        if (candidate / "scenarios").is_dir():
            return candidate
    raise FileNotFoundError("hedgesim's configs folder was not found")


class Scenario(BaseModel):
    """A validated scenario file."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    title: str
    description: str
    paper: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    steps: int = Field(40, ge=1, le=400, strict=True)
    start: str = DEFAULT_START
    timeline: str | None = None

    def model_params(self) -> dict[str, Any]:
        """Only the parameters this scenario sets."""
        return dict(self.params)

    def model_settings(self) -> dict[str, Any]:
        """The model's start quarter and timeline: ``HedgingModel(**model_settings(), ...)``."""
        from hedgesim.config.timelines import load_timeline

        return {"start": self.start,
                "timeline": load_timeline(self.timeline, self._folder) if self.timeline else None}

    _folder: Path | None = None  # the scenario file's folder: a relative timeline path starts there


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning parse errors into one clear line."""
    try:
        text = path.read_text()
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}: not valid YAML{where}: {problem}") from None


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
        from hedgesim.config.timelines import load_timeline

        load_timeline(scenario.timeline, Path(source).parent if source else None)  # refuse a bad one now
    if not scenario.name:
        scenario.name = name
    return scenario


def find_config(name_or_path: str | Path, kind: str) -> Path:
    """A bundled config (``configs/KIND/NAME.yaml``) by name, or a YAML file by path."""
    text = str(name_or_path)
    path = Path(text)
    if text.endswith((".yaml", ".yml")) or path.is_file():
        if not path.is_file():
            raise ConfigError(f"{path}: no such file")
        return path
    bundled = configs_dir() / kind / f"{text}.yaml"
    if not bundled.is_file():
        names = ", ".join(bundled_names(kind))
        what = {"scenarios": "scenario", "sweeps": "sweep spec", "timelines": "timeline"}.get(kind, kind)
        raise ConfigError(f"unknown {what} {text!r}; bundled: {names} (or give a path to a .yaml file)")
    return bundled


def bundled_names(kind: str) -> list[str]:
    """Names of the bundled configs of one kind, baseline first."""
    names = sorted(p.stem for p in (configs_dir() / kind).glob("*.yaml"))
    return sorted(names, key=lambda n: (n != "baseline", n))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A scenario by name (``configs/scenarios/NAME.yaml``) or by path to a YAML file."""
    path = find_config(name_or_path, "scenarios")
    scenario = validate_scenario(read_yaml(path), str(path), path.stem)
    scenario._folder = path.parent
    return scenario


@cache
def scenario_names() -> tuple[str, ...]:
    """Names of the bundled scenarios, baseline first."""
    return tuple(bundled_names("scenarios"))


def all_scenarios() -> list[Scenario]:
    """Every bundled scenario."""
    return [load_scenario(name) for name in scenario_names()]
