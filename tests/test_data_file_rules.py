"""Every rule of the observations and timeline files, with the exact one-line message it gives.

``test_data_files.py`` checks the bundled files and a few refusals by pattern; here each rule
of ``observations.py`` is broken once, on an otherwise good record, and the message must be
exactly the documented one (it names the series, year or event and what is wrong), and the
edges of each range are accepted. Then the tidy frame and the event records built from a
user's file are checked field by field.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from hedgesim.game.observations import (
    CHANNELS, OBSERVATION_COLUMNS, DataFileError, observations, timeline, validate_observations,
    validate_timeline)

SOURCE = {"author_or_publisher": "Bureau", "year": 2025, "title": "Transit 2024", "url": "https://example.org/t"}
SERIES = {"id": "transit", "what": "transit through Kazakhstan", "unit": "Mt", "measure": "rail and road",
          "values": [{"year": 2024, "value": 34.6, "source": SOURCE}]}
EVENT = {"id": "sanctions_2014", "date": "2014Q1", "title": "Sanctions", "what": "EU sanctions on Russia",
         "channel": "sanctions_on_russia", "source": SOURCE}


def series_data(**changes):
    series = copy.deepcopy(SERIES)
    for key, value in changes.items():
        if value is None:
            del series[key]
        else:
            series[key] = value
    return {"series": [series]}


def value_data(**changes):
    entry = copy.deepcopy(SERIES["values"][0])
    entry.update(changes)
    return series_data(values=[entry])


def source_data(**changes):
    source = dict(SOURCE)
    for key, value in changes.items():
        if value is None:
            del source[key]
        else:
            source[key] = value
    return value_data(source=source)


def event_data(**changes):
    event = copy.deepcopy(EVENT)
    for key, value in changes.items():
        if value is None:
            del event[key]
        else:
            event[key] = value
    return {"events": [event]}


OBSERVATION_FAULTS = [
    ([], "observations: expected a mapping, got list"),
    ({}, "observations: missing field(s) series"),
    ({"series": [SERIES], "extra": 1, "another": 2}, "observations: unknown field(s) another, extra"),
    ({"series": []}, "observations: 'series' must be a non-empty list"),
    ({"series": {"id": "x"}}, "observations: 'series' must be a non-empty list"),
    ({"series": ["transit"]}, "series #1: expected a mapping, got str"),
    (series_data(unit=None, measure=None), "series #1: missing field(s) unit, measure"),
    (series_data(zeta=1, alpha=2), "series #1: unknown field(s) alpha, zeta"),
    (series_data(id="  "), "series #1 id: must be a non-empty string"),
    (series_data(id=7), "series #1 id: must be a non-empty string"),
    (series_data(id="Transit"), "series 'Transit': id must be lower_snake_case"),
    (series_data(id="2transit"), "series '2transit': id must be lower_snake_case"),
    ({"series": [SERIES, {**SERIES, "values": [{"year": 2025, "value": 1.0, "source": SOURCE}]}]},
     "series transit: duplicate id"),
    (series_data(what=""), "series transit what: must be a non-empty string"),
    (series_data(unit=""), "series transit unit: must be a non-empty string"),
    (series_data(measure=" "), "series transit measure: must be a non-empty string"),
    (series_data(values=[]), "series transit: 'values' must be a non-empty list"),
    (series_data(values={"year": 2024}), "series transit: 'values' must be a non-empty list"),
    (series_data(values=[{"year": 2024, "value": 1.0}]), "series transit value: missing field(s) source"),
    (series_data(values=[{"year": 2024, "value": 1.0, "source": SOURCE, "why": "x"}]),
     "series transit value: unknown field(s) why"),
    (value_data(year="2024"), "series transit: year must be an integer, got '2024'"),
    (value_data(year=True), "series transit: year must be an integer, got True"),
    (value_data(year=2012), "series transit: year 2012 outside 2013-2026"),
    (value_data(year=2027), "series transit: year 2027 outside 2013-2026"),
    (series_data(values=[SERIES["values"][0], SERIES["values"][0]]), "series transit 2024: duplicate year"),
    (value_data(value="34.6"), "series transit 2024: value must be a number, got '34.6'"),
    (value_data(value=False), "series transit 2024: value must be a number, got False"),
    (value_data(value=float("nan")), "series transit 2024: value is NaN"),
    (value_data(source="Bureau 2025"), "series transit 2024 source: expected a mapping, got str"),
    (source_data(url=None), "series transit 2024 source: missing field(s) url"),
    (source_data(page=3), "series transit 2024 source: unknown field(s) page"),
    (source_data(author_or_publisher=""), "series transit 2024 source author_or_publisher: must be a non-empty string"),
    (source_data(year=1989), "series transit 2024 source: year must be an integer year, got 1989"),
    (source_data(year=2101), "series transit 2024 source: year must be an integer year, got 2101"),
    (source_data(year="2025"), "series transit 2024 source: year must be an integer year, got '2025'"),
    (source_data(year=True), "series transit 2024 source: year must be an integer year, got True"),
    (source_data(title=""), "series transit 2024 source title: must be a non-empty string"),
    (source_data(url=""), "series transit 2024 source url: must be a non-empty string"),
    (source_data(url="ftp://example.org"),
     "series transit 2024 source: url must start with http:// or https://, got 'ftp://example.org'"),
    (source_data(url="example.org/http://"),
     "series transit 2024 source: url must start with http:// or https://, got 'example.org/http://'"),
    (source_data(note=""), "series transit 2024 source note: must be a non-empty string"),
    (value_data(note=" "), "series transit 2024 note: must be a non-empty string"),
]


@pytest.mark.parametrize(("data", "message"), OBSERVATION_FAULTS, ids=[m for _, m in OBSERVATION_FAULTS])
def test_each_observations_rule_refuses_with_its_message(data, message):
    with pytest.raises(DataFileError) as info:
        validate_observations(data)
    assert str(info.value) == message


@pytest.mark.parametrize("data", [
    value_data(year=2013), value_data(year=2026), value_data(value=0), value_data(value=-1.5),
    source_data(year=1990), source_data(year=2100), source_data(url="http://example.org"),
    source_data(note="page 3"), value_data(note="provisional"),
    {"series": [SERIES, {**SERIES, "id": "transit_2"}]},
    series_data(values=[SERIES["values"][0], {**SERIES["values"][0], "year": 2025}]),
])
def test_the_edges_of_each_observations_rule_are_accepted(data):
    assert validate_observations(data) == data["series"]


TIMELINE_FAULTS = [
    ([], "timeline: expected a mapping, got list"),
    ({"events": []}, "timeline: 'events' must be a non-empty list"),
    ({"events": EVENT}, "timeline: 'events' must be a non-empty list"),
    ({"events": [EVENT], "more": []}, "timeline: unknown field(s) more"),
    (event_data(channel=None), "event #1: missing field(s) channel"),
    (event_data(weight=1), "event #1: unknown field(s) weight"),
    (event_data(id=""), "event #1 id: must be a non-empty string"),
    (event_data(id="Sanctions"), "event 'Sanctions': id must be lower_snake_case"),
    ({"events": [EVENT, EVENT]}, "event sanctions_2014: duplicate id"),
    (event_data(date="2014-1"), "event sanctions_2014: date must be a quarter like 2022Q1, got '2014-1'"),
    (event_data(date="2014Q5"), "event sanctions_2014: date must be a quarter like 2022Q1, got '2014Q5'"),
    (event_data(date="x2014Q1"), "event sanctions_2014: date must be a quarter like 2022Q1, got 'x2014Q1'"),
    (event_data(date="2014Q1x"), "event sanctions_2014: date must be a quarter like 2022Q1, got '2014Q1x'"),
    (event_data(date=2014), "event sanctions_2014: date must be a quarter like 2022Q1, got 2014"),
    (event_data(date="2012Q4"), "event sanctions_2014: year 2012 outside 2013-2026"),
    (event_data(date="2027Q1"), "event sanctions_2014: year 2027 outside 2013-2026"),
    (event_data(title=""), "event sanctions_2014 title: must be a non-empty string"),
    (event_data(what=" "), "event sanctions_2014 what: must be a non-empty string"),
    (event_data(channel="war"), f"event sanctions_2014: unknown channel 'war' (one of {', '.join(CHANNELS)})"),
    (event_data(source={**SOURCE, "url": "www.example.org"}),
     "event sanctions_2014 source: url must start with http:// or https://, got 'www.example.org'"),
    (event_data(magnitude=2.0), "event sanctions_2014 magnitude: expected a mapping, got float"),
    (event_data(magnitude={"value": 2.0}), "event sanctions_2014 magnitude: missing field(s) unit"),
    (event_data(magnitude={"value": 2.0, "unit": "Mt", "size": 1}),
     "event sanctions_2014 magnitude: unknown field(s) size"),
    (event_data(magnitude={"value": [1.0, 2.0, 3.0], "unit": "Mt"}),
     "event sanctions_2014 magnitude: a range needs two numbers [low, high]"),
    (event_data(magnitude={"value": [1.0], "unit": "Mt"}),
     "event sanctions_2014 magnitude: a range needs two numbers [low, high]"),
    (event_data(magnitude={"value": [2.0, 1.0], "unit": "Mt"}),
     "event sanctions_2014 magnitude: range low 2.0 above high 1.0"),
    (event_data(magnitude={"value": ["a", 1.0], "unit": "Mt"}),
     "event sanctions_2014 magnitude: value must be a number, got 'a'"),
    (event_data(magnitude={"value": [1.0, "b"], "unit": "Mt"}),
     "event sanctions_2014 magnitude: value must be a number, got 'b'"),
    (event_data(magnitude={"value": "big", "unit": "Mt"}),
     "event sanctions_2014 magnitude: value must be a number, got 'big'"),
    (event_data(magnitude={"value": 2.0, "unit": ""}), "event sanctions_2014 magnitude unit: must be a non-empty string"),
    (event_data(planned=True), "event sanctions_2014: planned must be YYYY or YYYYQn, got True"),
    (event_data(planned="2015Q9"), "event sanctions_2014: planned must be YYYY or YYYYQn, got '2015Q9'"),
    (event_data(planned="soon"), "event sanctions_2014: planned must be YYYY or YYYYQn, got 'soon'"),
    (event_data(planned=2013), "event sanctions_2014: planned 2013 is before the event date 2014Q1"),
    (event_data(planned="2013Q4"), "event sanctions_2014: planned 2013Q4 is before the event date 2014Q1"),
]


@pytest.mark.parametrize(("data", "message"), TIMELINE_FAULTS, ids=[m for _, m in TIMELINE_FAULTS])
def test_each_timeline_rule_refuses_with_its_message(data, message):
    with pytest.raises(DataFileError) as info:
        validate_timeline(data)
    assert str(info.value) == message


@pytest.mark.parametrize("data", [
    event_data(date="2013Q1"), event_data(date="2026Q4"), event_data(planned=2014), event_data(planned="2014Q3"),
    event_data(planned="2030"), event_data(magnitude={"value": [1.0, 1.0], "unit": "Mt", "note": "range"}),
    event_data(magnitude={"value": -3, "unit": "%"}),
    {"events": [EVENT, {**EVENT, "id": "sanctions_2022", "date": "2022Q1"}]},
])
def test_the_edges_of_each_timeline_rule_are_accepted(data):
    assert validate_timeline(data) == data["events"]


def test_a_users_observations_file_becomes_a_tidy_frame_sorted_by_series_and_year(tmp_path):
    later = {"year": 2025, "value": 36.9, "source": {**SOURCE, "note": "preliminary"}, "note": "estimate"}
    data = {"series": [
        {**SERIES, "id": "transit", "values": [later, SERIES["values"][0]]},
        {**SERIES, "id": "middle_corridor", "unit": "Mt/yr", "values": [{"year": 2020, "value": 1, "source": SOURCE}]},
    ]}
    path = tmp_path / "observations.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    frame = observations(path)
    assert list(frame.columns) == OBSERVATION_COLUMNS
    assert frame[["series", "year"]].values.tolist() == [["middle_corridor", 2020], ["transit", 2024],
                                                         ["transit", 2025]]
    first, _, last = frame.to_dict("records")
    assert first == {"series": "middle_corridor", "year": 2020, "value": 1.0, "unit": "Mt/yr", "measure": "rail and road",
                     "what": "transit through Kazakhstan", "source_author": "Bureau", "source_year": 2025,
                     "source_title": "Transit 2024", "source_url": "https://example.org/t", "note": ""}
    assert isinstance(first["value"], float)
    assert last["note"] == "estimate; preliminary" and last["value"] == 36.9
    assert list(frame.index) == [0, 1, 2]


def test_a_users_timeline_becomes_events_in_date_order(tmp_path):
    events = [
        {**EVENT, "id": "war", "date": "2022Q1", "channel": "northern_route_risk",
         "magnitude": {"value": [10, 20], "unit": "%"}, "planned": 2023},
        {**EVENT, "id": "sanctions_2014", "date": "2014Q1"},
        {**EVENT, "id": "cpc_2022", "date": "2022Q1", "channel": "cpc_disruption"},
    ]
    path = tmp_path / "timeline.yaml"
    path.write_text(yaml.safe_dump({"events": events}), encoding="utf-8")
    loaded = timeline(path)
    assert [e.id for e in loaded] == ["sanctions_2014", "war", "cpc_2022"]  # ties keep the file's order
    war = loaded[1]
    assert (war.date, war.title, war.what, war.channel) == ("2022Q1", "Sanctions", "EU sanctions on Russia",
                                                          "northern_route_risk")
    assert war.source == SOURCE and war.magnitude == {"value": [10, 20], "unit": "%"} and war.planned == "2023"
    assert (war.year, war.quarter, war.quarter_index) == (2022, 1, 36)
    assert loaded[0].magnitude is None and loaded[0].planned is None and loaded[0].quarter_index == 4
