"""What actually happened: annual observations 2014-2025 and dated exogenous events, each with a source.

The data live in ``hedgesim/data/observations.yaml`` (annual series) and
``hedgesim/data/timeline.yaml`` (dated events). Both files are validated when read:
every value and every event must carry a public source with its publisher or author,
year, title and address; years must lie in 2013-2026; event dates are quarters
``YYYYQn``; every event names the model channel it moves. A file that breaks a rule
is refused with a one-line :class:`DataFileError` naming the series, year or event.

``observations()`` returns a tidy DataFrame, one row per (series, year);
``timeline()`` returns the events as :class:`Event` records, in date order.
What each series measures, where sources disagree and which one was chosen is in
``docs/data.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from numbers import Real
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

FIRST_YEAR = 2013
LAST_YEAR = 2026

#: The model quantities an exogenous event can move.
CHANNELS = (
    "sanctions_on_russia",
    "northern_route_risk",
    "cpc_disruption",
    "eu_engagement",
    "china_engagement",
    "middle_corridor_capacity",
    "entry_capacity",
    "bypass_capacity",
    "eaeu",
    "other",
)

SOURCE_FIELDS = ("author_or_publisher", "year", "title", "url")
_SOURCE_OPTIONAL = ("note",)
_SERIES_FIELDS = ("id", "what", "unit", "measure", "values")
_VALUE_FIELDS = ("year", "value", "source")
_VALUE_OPTIONAL = ("note",)
_EVENT_FIELDS = ("id", "date", "title", "what", "channel", "source")
_EVENT_OPTIONAL = ("magnitude", "planned")
_MAGNITUDE_FIELDS = ("value", "unit")
_MAGNITUDE_OPTIONAL = ("note",)

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_PLANNED = re.compile(r"^(\d{4})(Q[1-4])?$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

OBSERVATION_COLUMNS = [
    "series", "year", "value", "unit", "measure", "what",
    "source_author", "source_year", "source_title", "source_url", "note",
]


class DataFileError(ValueError):
    """A data file that breaks a rule; the message is one line naming the culprit."""


@dataclass(frozen=True)
class Event:
    """One dated exogenous event of the history timeline."""

    id: str
    date: str  # "YYYYQn"
    title: str
    what: str
    channel: str
    source: dict[str, Any]
    magnitude: dict[str, Any] | None = None
    planned: str | None = None  # a later planned date ("YYYY" or "YYYYQn"), if a source gives one

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def quarter(self) -> int:
        return int(self.date[-1])

    @property
    def quarter_index(self) -> int:
        """Quarters since 2013Q1 (2013Q1 is 0), for placing the event on a model clock."""
        return (self.year - FIRST_YEAR) * 4 + self.quarter - 1


def _bundled(name: str) -> str:
    return files("hedgesim").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _load(path: str | Path | None, name: str) -> Any:
    text = _bundled(name) if path is None else Path(path).read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:  # pragma: no cover - message depends on yaml's
        raise DataFileError(f"{name}: not valid YAML ({str(exc).splitlines()[0]})") from None


def _check_fields(record: Any, where: str, required: tuple[str, ...],
                  optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(record, dict):
        raise DataFileError(f"{where}: expected a mapping, got {type(record).__name__}")
    missing = [f for f in required if f not in record]
    if missing:
        raise DataFileError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(record) - set(required) - set(optional))
    if unknown:
        raise DataFileError(f"{where}: unknown field(s) {', '.join(unknown)}")
    return record


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: must be a non-empty string")
    return value


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataFileError(f"{where}: year must be an integer, got {value!r}")
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise DataFileError(f"{where}: year {value} outside {FIRST_YEAR}-{LAST_YEAR}")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise DataFileError(f"{where}: value must be a number, got {value!r}")
    if value != value:  # NaN
        raise DataFileError(f"{where}: value is NaN")
    return float(value)


def check_source(source: Any, where: str) -> dict:
    """A source needs its publisher or author, year, title and an http(s) address."""
    _check_fields(source, f"{where} source", SOURCE_FIELDS, _SOURCE_OPTIONAL)
    _text(source["author_or_publisher"], f"{where} source author_or_publisher")
    year = source["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise DataFileError(f"{where} source: year must be an integer year, got {year!r}")
    _text(source["title"], f"{where} source title")
    url = _text(source["url"], f"{where} source url")
    if not url.startswith(("http://", "https://")):
        raise DataFileError(f"{where} source: url must start with http:// or https://, got {url!r}")
    if "note" in source:
        _text(source["note"], f"{where} source note")
    return source


def validate_observations(data: Any) -> list[dict]:
    """The series of an observations file, checked; raises DataFileError on the first fault."""
    _check_fields(data, "observations", ("series",))
    series_list = data["series"]
    if not isinstance(series_list, list) or not series_list:
        raise DataFileError("observations: 'series' must be a non-empty list")
    seen: set[str] = set()
    for index, series in enumerate(series_list):
        where = f"series #{index + 1}"
        _check_fields(series, where, _SERIES_FIELDS)
        sid = _text(series["id"], f"{where} id")
        if not _ID.match(sid):
            raise DataFileError(f"series {sid!r}: id must be lower_snake_case")
        if sid in seen:
            raise DataFileError(f"series {sid}: duplicate id")
        seen.add(sid)
        for field in ("what", "unit", "measure"):
            _text(series[field], f"series {sid} {field}")
        values = series["values"]
        if not isinstance(values, list) or not values:
            raise DataFileError(f"series {sid}: 'values' must be a non-empty list")
        years: set[int] = set()
        for entry in values:
            _check_fields(entry, f"series {sid} value", _VALUE_FIELDS, _VALUE_OPTIONAL)
            year = _year(entry["year"], f"series {sid}")
            where_value = f"series {sid} {year}"
            if year in years:
                raise DataFileError(f"{where_value}: duplicate year")
            years.add(year)
            _number(entry["value"], where_value)
            check_source(entry["source"], where_value)
            if "note" in entry:
                _text(entry["note"], f"{where_value} note")
    return series_list


def validate_timeline(data: Any) -> list[dict]:
    """The events of a timeline file, checked; raises DataFileError on the first fault."""
    _check_fields(data, "timeline", ("events",))
    events = data["events"]
    if not isinstance(events, list) or not events:
        raise DataFileError("timeline: 'events' must be a non-empty list")
    seen: set[str] = set()
    for index, event in enumerate(events):
        where = f"event #{index + 1}"
        _check_fields(event, where, _EVENT_FIELDS, _EVENT_OPTIONAL)
        eid = _text(event["id"], f"{where} id")
        if not _ID.match(eid):
            raise DataFileError(f"event {eid!r}: id must be lower_snake_case")
        if eid in seen:
            raise DataFileError(f"event {eid}: duplicate id")
        seen.add(eid)
        date = event["date"]
        match = _QUARTER.match(date) if isinstance(date, str) else None
        if not match:
            raise DataFileError(f"event {eid}: date must be a quarter like 2022Q1, got {date!r}")
        _year(int(match.group(1)), f"event {eid}")
        _text(event["title"], f"event {eid} title")
        _text(event["what"], f"event {eid} what")
        if event["channel"] not in CHANNELS:
            raise DataFileError(
                f"event {eid}: unknown channel {event['channel']!r} (one of {', '.join(CHANNELS)})")
        check_source(event["source"], f"event {eid}")
        if "magnitude" in event:
            magnitude = _check_fields(event["magnitude"], f"event {eid} magnitude",
                                      _MAGNITUDE_FIELDS, _MAGNITUDE_OPTIONAL)
            value = magnitude["value"]
            if isinstance(value, list):
                if len(value) != 2:
                    raise DataFileError(f"event {eid} magnitude: a range needs two numbers [low, high]")
                low, high = (_number(v, f"event {eid} magnitude") for v in value)
                if low > high:
                    raise DataFileError(f"event {eid} magnitude: range low {low} above high {high}")
            else:
                _number(value, f"event {eid} magnitude")
            _text(magnitude["unit"], f"event {eid} magnitude unit")
        if "planned" in event:
            planned = event["planned"]
            planned_match = _PLANNED.match(str(planned))
            if isinstance(planned, bool) or not planned_match:
                raise DataFileError(f"event {eid}: planned must be YYYY or YYYYQn, got {planned!r}")
            if int(planned_match.group(1)) < int(date[:4]):
                raise DataFileError(f"event {eid}: planned {planned} is before the event date {date}")
    return events


def observations(path: str | Path | None = None) -> pd.DataFrame:
    """The annual observations as a tidy frame, one row per series and year.

    ``path`` reads another file in the same format (a user's copy); by default the
    bundled ``hedgesim/data/observations.yaml``.
    """
    rows = []
    for series in validate_observations(_load(path, "observations.yaml")):
        for entry in series["values"]:
            source = entry["source"]
            notes = [n for n in (entry.get("note"), source.get("note")) if n]
            rows.append({
                "series": series["id"],
                "year": entry["year"],
                "value": float(entry["value"]),
                "unit": series["unit"],
                "measure": series["measure"],
                "what": series["what"],
                "source_author": source["author_or_publisher"],
                "source_year": source["year"],
                "source_title": source["title"],
                "source_url": source["url"],
                "note": "; ".join(notes),
            })
    frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)
    return frame.sort_values(["series", "year"], kind="stable").reset_index(drop=True)


def timeline(path: str | Path | None = None) -> tuple[Event, ...]:
    """The dated exogenous events, in date order (ties keep file order).

    ``path`` reads a user's own timeline (e.g. a copy without the 2022 war, for a what-if);
    by default the bundled ``hedgesim/data/timeline.yaml``.
    """
    events = [
        Event(
            id=e["id"], date=e["date"], title=e["title"], what=e["what"], channel=e["channel"],
            source=dict(e["source"]),
            magnitude=dict(e["magnitude"]) if "magnitude" in e else None,
            planned=str(e["planned"]) if "planned" in e else None,
        )
        for e in validate_timeline(_load(path, "timeline.yaml"))
    ]
    return tuple(sorted(events, key=lambda ev: ev.quarter_index))
