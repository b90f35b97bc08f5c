"""Timeline files: dated events as YAML, validated into ``hedgesim.game.timeline.Timeline``.

A timeline file (``configs/timelines/NAME.yaml``) holds a ``title``, a
``description`` and ``events``; each event has an ``id``, a ``date``
(``YYYYQn``), a ``title``, a ``source`` (a mapping: author_or_publisher, year,
title, url; or the id of an event of the sourced catalogue ``data/timeline.yaml``
as ``catalogue: ID``) and ``set``, the parameters it sets from its quarter on.
Copy a bundled file, drop or add events, and point a scenario's ``timeline:``
at the copy to build a what-if.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hedgesim.config.files import find_config
from hedgesim.config.yaml_files import read_yaml, shown
from hedgesim.game.parameters import ConfigError, ParameterError
from hedgesim.game.timeline import Timeline, timeline

ALLOWED = ("title", "description", "events")


def load_timeline(name_or_path: str, folder: Path | None = None) -> Timeline:
    """A bundled timeline by name, or a timeline file by path (relative to ``folder`` if given)."""
    candidate = Path(name_or_path)
    if folder is not None and not candidate.is_absolute() and (folder / candidate).is_file():
        candidate = folder / candidate
    path = find_config(str(candidate) if candidate.is_file() else name_or_path, "timelines")
    data = read_yaml(path, "timeline YAML file")
    return parse_timeline(data, shown(path))


def parse_timeline(data: Any, source: str) -> Timeline:
    """Validate a parsed timeline mapping; ConfigError names the file, the event and the key."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with keys {', '.join(ALLOWED)}")
    unknown = [k for k in data if k not in ALLOWED]
    if unknown:
        raise ConfigError(f"{source}: unknown key {str(unknown[0])[:40]!r}; allowed: {', '.join(ALLOWED)}")
    events = data.get("events") or []
    if not isinstance(events, list):
        raise ConfigError(f"{source}: events: expected a list of events")
    try:
        parsed = timeline(events, source, str(data.get("title", "")))
    except ParameterError as error:
        raise ConfigError(str(error)) from None
    for event in parsed.events:
        check_event_source(event.source, f"{source}: event {event.id}")
    return parsed


def check_event_source(source: Any, where: str) -> None:
    """An event's source: an id of the sourced catalogue (``catalogue: ID``), a full reference
    (author_or_publisher, year, title, url), or, for a hypothetical event, a sentence saying so."""
    from hedgesim.game.observations import check_source, timeline as catalogue

    if isinstance(source, dict) and set(source) == {"catalogue"}:
        known = {e.id for e in catalogue()}
        if source["catalogue"] not in known:
            raise ConfigError(f"{where}: source: catalogue event {str(source['catalogue'])[:60]!r} is not in "
                              f"data/timeline.yaml")
    elif isinstance(source, dict):
        try:
            check_source(source, where)
        except ValueError as error:
            raise ConfigError(str(error)) from None
    elif not str(source).strip():
        raise ConfigError(f"{where}: source is empty; give the catalogue id, a reference, or say the "
                          f"event is hypothetical")
