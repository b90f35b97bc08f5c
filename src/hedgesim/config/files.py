"""Config files: where the bundled ones are and finding one by name or path.

Every config is read through ``yaml_files.read_yaml`` (size, alias and duplicate-key
limits; one clear line for any fault).
"""

from __future__ import annotations

from pathlib import Path

from hedgesim.config.yaml_files import check_file, is_path_like
from hedgesim.game.parameters import ConfigError, excerpt

_PACKAGE = Path(__file__).resolve().parents[1]  # src/hedgesim, or site-packages/hedgesim
KINDS = {"scenarios": "scenario", "sweeps": "sweep spec", "timelines": "timeline"}


def configs_dir() -> Path:
    """The ``configs`` folder: inside an installed wheel, else the source checkout's."""
    for candidate in (_PACKAGE / "configs", _PACKAGE.parents[1] / "configs"):
        if (candidate / "scenarios").is_dir():
            return candidate
    raise FileNotFoundError("hedgesim's configs folder was not found")


def find_config(name_or_path: str | Path, kind: str) -> Path:
    """A bundled config (``configs/KIND/NAME.yaml``) by name, or a YAML file by path."""
    text = str(name_or_path)
    what = KINDS.get(kind, kind)
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
