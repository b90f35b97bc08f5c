"""Calibration facts read from ``hedgesim/data/calibration.yaml`` (``facts.py``)."""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pytest
import yaml

from hedgesim.game.facts import fact, route_targets


def bundled() -> dict:
    return yaml.safe_load(files("hedgesim").joinpath("data/calibration.yaml").read_text())


def test_route_targets_are_the_2025_volumes_of_the_northern_middle_and_bypass_routes():
    targets = bundled()["route_targets_2025"]
    expected = [targets[route]["value"] for route in ("northern", "middle", "bypass")]
    np.testing.assert_array_equal(route_targets(), expected)
    assert route_targets().dtype == float and len(set(expected)) == 3


def test_every_fact_is_found_by_its_id():
    items = bundled()["facts"]
    for item in items:
        assert fact(item["id"]) == item["value"], item["id"]
    with pytest.raises(KeyError, match="no_such_fact"):
        fact("no_such_fact")
