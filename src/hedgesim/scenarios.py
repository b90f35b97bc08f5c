"""Scenarios: the paper's situations as YAML config files, validated against the schema.

A scenario file (``configs/scenarios/NAME.yaml``) holds a ``title``, a
plain-language ``description``, the ``paper`` passage it encodes, the
``params`` it changes from their defaults and, optionally, ``steps``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hedgesim.parameters import ConfigError, explain, params_model

_HERE = Path(__file__).resolve().parent


def configs_dir() -> Path:
    """The ``configs`` folder: inside an installed wheel, else the source checkout's."""
    for candidate in (_HERE / "configs", _HERE.parents[1] / "configs"):
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

    def model_params(self) -> dict[str, Any]:
        """Only the parameters this scenario sets."""
        return dict(self.params)


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
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with keys "
                          f"{', '.join(Scenario.model_fields)}; got {type(data).__name__}")
    try:
        scenario = Scenario(**data)
    except ValidationError as error:
        raise explain(error, source, tuple(Scenario.model_fields)) from None
    except TypeError:  # non-string keys
        bad = next(k for k in data if not isinstance(k, str))
        raise ConfigError(f"{source}: {bad!r}: keys must be text; allowed: "
                          f"{', '.join(Scenario.model_fields)}") from None
    try:
        params_model()(**scenario.params)
    except ValidationError as error:
        raise explain(error, source, prefix="params") from None
    if not scenario.name:
        scenario.name = name
    return scenario


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A scenario by name (``configs/scenarios/NAME.yaml``) or by path to a YAML file."""
    text = str(name_or_path)
    path = Path(text)
    if not (text.endswith((".yaml", ".yml")) or path.is_file()):
        path = configs_dir() / "scenarios" / f"{text}.yaml"
        if not path.is_file():
            raise ConfigError(f"unknown scenario {text!r}; scenarios: {', '.join(scenario_names())}"
                              f" (or give a path to a .yaml file)")
    elif not path.is_file():
        raise ConfigError(f"{path}: no such file")
    return validate_scenario(read_yaml(path), str(path), path.stem)


@cache
def scenario_names() -> tuple[str, ...]:
    """Names of the bundled scenarios, baseline first."""
    names = sorted(p.stem for p in (configs_dir() / "scenarios").glob("*.yaml"))
    return tuple(sorted(names, key=lambda n: (n != "baseline", n)))


def all_scenarios() -> list[Scenario]:
    """Every bundled scenario."""
    return [load_scenario(name) for name in scenario_names()]
