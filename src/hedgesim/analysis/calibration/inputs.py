"""Calibrated values as the model's inputs: per-world parameters and per-world event values.

A calibrated parameter is a model parameter (``overland_demand``) or the value one
event of the scenario's timeline sets (``china_europe_rail_matures.overland_demand_growth``).
The first becomes a per-world keyword of ``HedgingModel``; the second replaces the
event's setting with one value per world (the model applies an event's settings
to every world's parameter array, so an array sets each world its own value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from hedgesim.game.timeline import Timeline


def split_name(name: str) -> tuple[str | None, str]:
    """``event.parameter`` -> (event, parameter); a plain parameter -> (None, parameter)."""
    event, _, parameter = name.rpartition(".")
    return (event or None, parameter)


def with_event_values(timeline: Timeline | None, values: Mapping[str, np.ndarray]) -> Timeline | None:
    """A copy of ``timeline`` whose events set the given ``event.parameter`` values (one per world)."""
    by_event: dict[str, dict[str, np.ndarray]] = {}
    for name, value in values.items():
        event, parameter = split_name(name)
        if event is not None:
            by_event.setdefault(event, {})[parameter] = np.asarray(value, dtype=float)
    if not by_event:
        return timeline
    if timeline is None:
        raise ValueError(f"event values {sorted(by_event)} given for a scenario without a timeline")
    unknown = sorted(set(by_event) - {e.id for e in timeline.events})
    if unknown:
        raise ValueError(f"the timeline has no event {unknown[0]!r}")
    events = tuple(replace(e, settings={**e.settings, **by_event[e.id]}) if e.id in by_event else e
                   for e in timeline.events)
    return replace(timeline, events=events)


def model_inputs(params: Mapping[str, Any], timeline: Timeline | None,
                 values: Mapping[str, np.ndarray]) -> tuple[dict[str, Any], Timeline | None]:
    """The scenario's ``params`` with the calibrated ``values`` on top (plain names), and its
    ``timeline`` with the calibrated event values."""
    plain = {name: np.asarray(value, dtype=float) for name, value in values.items()
             if split_name(name)[0] is None}
    return {**params, **plain}, with_event_values(timeline, values)
