"""Shared fixtures: random points of the whole parameter space, and a way to run models."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hedgesim.model import HedgingModel
from hedgesim.parameters import PARAMETERS


def draw_parameters(rng: np.random.Generator, worlds: int) -> dict[str, list[Any]]:
    """One independent uniform draw of every parameter per world, inside its schema range.

    Returns plain Python lists (floats, ints, strings), one value per world, so
    that world i's parameters can also be passed to a single run unchanged.
    """
    params: dict[str, list[Any]] = {}
    for name, p in PARAMETERS.items():
        if p.kind == "choice":
            params[name] = [p.choices[i] for i in rng.integers(0, len(p.choices), worlds)]
        elif p.kind == "int":
            params[name] = [int(v) for v in rng.integers(int(p.low), int(p.high) + 1, worlds)]
        else:
            params[name] = [float(v) for v in rng.uniform(p.low, p.high, worlds)]
    return params


def world_parameters(params: dict[str, list[Any]], world: int) -> dict[str, Any]:
    """World ``world``'s parameters as scalars, for a single run."""
    return {name: values[world] for name, values in params.items()}


def run(steps: int, **kwargs: Any) -> HedgingModel:
    """A model stepped ``steps`` quarters."""
    model = HedgingModel(**kwargs)
    for _ in range(steps):
        model.step()
    return model


@pytest.fixture
def parameter_draw():
    return draw_parameters


@pytest.fixture
def one_world():
    return world_parameters


@pytest.fixture
def run_model():
    return run


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes a few seconds (deselect with -m 'not slow')")
