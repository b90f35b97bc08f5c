"""Timelines: dated exogenous events, each with its source, that set parameters from their quarter on.

A history run replays what happened (sanctions on Russia in 2014 and 2022, the
2022 shock to the Northern route, Global Gateway's arrival, new border
crossings...) as events: at its quarter, an event sets one or more parameters
to new values for every world, from then on. Parameters that describe a level
with a trend (demand, other transit, sanctions, the EU's interest) restart
their trend from the new level. Parameters that only set the starting state
(stocks, debt, initial alignment, binding and norm levels) cannot be set by an
event, nor can the strategies (a policy is held for the whole run).

The events of a bundled timeline cite the sourced event catalogue in
``data/timeline.yaml``; a user builds a what-if ("no 2022 war") by copying a
timeline file and dropping, moving or adding events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hedgesim.game.calendar import Quarter
from hedgesim.game.parameters import PARAMETERS, ParameterError, check_value

# Parameters that only set the state a run starts from: an event cannot reset them.
INITIAL_ONLY = frozenset({
    "stock_china", "stock_eu", "stock_russia", "stock_domestic", "debt_china", "debt_eu",
    "legacy_rate_china", "legacy_rate_eu", "binding_initial", "norm_initial",
    "trade_share_china", "trade_share_eu", "trade_share_russia",
})
EVENT_PARAMETERS = frozenset(name for name, p in PARAMETERS.items() if p.numeric and name not in INITIAL_ONLY)


@dataclass(frozen=True)
class Event:
    """One dated event: from ``date`` on, the parameters in ``settings`` take their new values."""

    id: str
    date: Quarter
    settings: dict[str, float]
    title: str = ""
    source: Any = ""


@dataclass(frozen=True)
class Timeline:
    """A list of events, in date order."""

    events: tuple[Event, ...] = field(default_factory=tuple)
    title: str = ""

    def at(self, quarter: Quarter) -> list[Event]:
        """The events dated ``quarter``, in file order."""
        return [e for e in self.events if e.date == quarter]


def event(data: dict[str, Any], where: str) -> Event:
    """One event from a parsed mapping; ParameterError names ``where``, the key and what is allowed."""
    allowed = ("id", "date", "title", "source", "set", "note")
    if not isinstance(data, dict):
        raise ParameterError(f"{where}: an event must be a mapping with keys {', '.join(allowed)}")
    unknown = [k for k in data if k not in allowed]
    if unknown:
        raise ParameterError(f"{where}: unknown field {str(unknown[0])[:40]!r}; allowed: {', '.join(allowed)}")
    for key in ("id", "date", "source", "set"):
        if key not in data or data[key] in (None, "", {}):
            raise ParameterError(f"{where}: missing {key!r}; an event needs an id, a date (YYYYQn), "
                                 f"a source and the parameters it sets")
    ident = str(data["id"])[:60]
    date = Quarter.parse(str(data["date"]), f"{where} ({ident}): date")
    settings = data["set"]
    if not isinstance(settings, dict):
        raise ParameterError(f"{where} ({ident}): 'set' must map parameter names to values")
    checked: dict[str, float] = {}
    for name, value in settings.items():
        if name not in EVENT_PARAMETERS:
            reason = ("sets only the starting state" if name in INITIAL_ONLY
                      else "is a policy, held for the whole run" if name in PARAMETERS
                      else "is not a parameter")
            raise ParameterError(f"{where} ({ident}): set.{str(name)[:40]}: {reason}; an event may set any "
                                 f"numeric parameter but the initial conditions ({', '.join(sorted(INITIAL_ONLY))})")
        try:
            check_value(name, value)
        except ParameterError as error:
            raise ParameterError(f"{where} ({ident}): set.{name}: {error}") from None
        checked[name] = float(value)
    return Event(ident, date, checked, str(data.get("title", "")), data["source"])


def timeline(events: Iterable[dict[str, Any]], where: str = "timeline", title: str = "") -> Timeline:
    """A validated timeline from parsed event mappings, sorted by date (stable)."""
    parsed = [event(e, f"{where}: events[{i}]") for i, e in enumerate(events)]
    ids = [e.id for e in parsed]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ParameterError(f"{where}: event id {duplicates[0]!r} appears twice; ids must be unique")
    return Timeline(tuple(sorted(parsed, key=lambda e: e.date)), title)
