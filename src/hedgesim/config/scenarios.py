"""Scenarios: the paper's situations as YAML config files, validated against the schema.

A scenario file (``configs/scenarios/NAME.yaml``) holds a ``title``, a
plain-language ``description``, the ``paper`` passage it encodes, the
``params`` it changes from their defaults and, optionally, ``steps``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hedgesim.config.yaml_files import check_file, is_path_like, read_yaml, shown
from hedgesim.game.parameters import ConfigError, excerpt, explain, params_model, validate_mapping

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

    name: str = Field("", max_length=200)
    title: str = Field(max_length=200)
    description: str = Field(max_length=20_000)
    paper: str = Field("", max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)
    steps: int = Field(40, ge=1, le=400, strict=True)

    def model_params(self) -> dict[str, Any]:
        """Only the parameters this scenario sets."""
        return dict(self.params)


def validate_scenario(data: Any, source: str, name: str = "") -> Scenario:
    """Validate a parsed scenario mapping; ConfigError names the source, key and rule."""
    scenario = validate_mapping(Scenario, data, source)
    try:
        params_model()(**scenario.params)
    except ValidationError as error:
        raise explain(error, source, prefix="params") from None
    if not scenario.name:
        scenario.name = name
    return scenario


def find_config(name_or_path: str | Path, kind: str) -> Path:
    """A bundled config (``configs/KIND/NAME.yaml``) by name, or a YAML file by path."""
    text = str(name_or_path)
    what = "scenario" if kind == "scenarios" else "sweep spec"
    if not text.strip():
        raise ConfigError(f"an empty {what} name; give a bundled name or a path to a .yaml file")
    if is_path_like(text) or isinstance(name_or_path, Path):
        check_file(text, f"{what} YAML file")
        return Path(text)
    known = bundled_names(kind)
    if text not in known:
        from difflib import get_close_matches

        close = get_close_matches(text, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ConfigError(f"unknown {what} {excerpt(text)}; {hint}bundled: {', '.join(known)} "
                          f"(or give a path to a .yaml file)")
    return configs_dir() / kind / f"{text}.yaml"


def bundled_names(kind: str) -> list[str]:
    """Names of the bundled configs of one kind, baseline first."""
    names = sorted(p.stem for p in (configs_dir() / kind).glob("*.yaml"))
    return sorted(names, key=lambda n: (n != "baseline", n))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A scenario by name (``configs/scenarios/NAME.yaml``) or by path to a YAML file."""
    path = find_config(name_or_path, "scenarios")
    return validate_scenario(read_yaml(path, "scenario YAML file"), shown(path), path.stem)


@cache
def scenario_names() -> tuple[str, ...]:
    """Names of the bundled scenarios, baseline first."""
    return tuple(bundled_names("scenarios"))


def all_scenarios() -> list[Scenario]:
    """Every bundled scenario."""
    return [load_scenario(name) for name in scenario_names()]
