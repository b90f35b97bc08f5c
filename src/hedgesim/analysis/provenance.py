"""Which model made a result: the package version alone cannot say (it stays 0.1.0 while the model is edited).

``model_version()`` fingerprints the code that decides a run's numbers: every
file of ``hedgesim/game`` and ``hedgesim/data``, the sweep modules that lay out
designs, seeds and chunks, and the versions of the numerical libraries they call.
Editing anything else (the CLI, the app, plots, messages) keeps the fingerprint,
so a sweep can still be resumed after such a change; editing the model changes
it, and a sweep folder written by another model is refused.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import hedgesim

_ROOT = Path(hedgesim.__file__).resolve().parent
MODEL_FILES = ("game", "data", "analysis/sweep/chunks.py", "analysis/sweep/plan.py",
               "analysis/sweep/designs.py")
LIBRARIES = ("mesa", "numpy", "scipy", "SALib")


def _files() -> list[Path]:
    found = []
    for entry in MODEL_FILES:
        path = _ROOT / entry
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        found += [p for p in candidates if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".pyo")]
    return found


@cache
def model_version() -> dict[str, Any]:
    """The package version, a short hash of the model's code and the numerical libraries' versions."""
    digest = hashlib.sha256()
    for path in _files():
        digest.update(path.relative_to(_ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    libraries = {}
    for name in LIBRARIES:
        try:
            libraries[name] = version(name)
        except PackageNotFoundError:
            libraries[name] = "?"
    digest.update(repr(sorted(libraries.items())).encode())
    return {"package": hedgesim.__version__, "code": digest.hexdigest()[:12], "libraries": libraries}


def describe(model: dict[str, Any] | None) -> str:
    """``hedgesim 0.1.0, model code 1a2b3c4d5e6f`` (or what is known of an older record)."""
    if not isinstance(model, dict) or not model.get("code"):
        return "a model of unrecorded code (an older hedgesim)"
    return f"hedgesim {model.get('package', '?')}, model code {model['code']}"


def difference(theirs: dict[str, Any] | None, ours: dict[str, Any]) -> str:
    """Both versions in words, with the libraries that differ."""
    text = f"{describe(theirs)}; this is {describe(ours)}"
    if isinstance(theirs, dict) and isinstance(theirs.get("libraries"), dict):
        changed = [f"{name} {theirs['libraries'].get(name, '?')} -> {ours['libraries'][name]}"
                   for name in ours["libraries"] if theirs["libraries"].get(name) != ours["libraries"][name]]
        if changed:
            text += f" ({', '.join(changed)})"
    return text
