"""Config files: where the bundled ones are, finding one by name or path, and reading YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from hedgesim.game.parameters import ConfigError

_PACKAGE = Path(__file__).resolve().parents[1]  # src/hedgesim, or site-packages/hedgesim


def configs_dir() -> Path:
    """The ``configs`` folder: inside an installed wheel, else the source checkout's."""
    for candidate in (_PACKAGE / "configs", _PACKAGE.parents[1] / "configs"):
        if (candidate / "scenarios").is_dir():
            return candidate
    raise FileNotFoundError("hedgesim's configs folder was not found")


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
