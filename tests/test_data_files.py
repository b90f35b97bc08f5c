"""The bundled observations and timeline obey their rules, and files that break a rule are refused."""

from __future__ import annotations

import ast
import copy
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from hedgesim.game import observations as obs
from hedgesim.game.observations import (
    CHANNELS,
    DataFileError,
    observations,
    timeline,
)


def raw(name: str) -> dict:
    return yaml.safe_load(files("hedgesim").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


GOOD_SOURCE = {
    "author_or_publisher": "Kazinform",
    "year": 2025,
    "title": "A title",
    "url": "https://example.org/a",
}


def one_series(**value_fields) -> dict:
    value = {"year": 2024, "value": 1.0, "source": dict(GOOD_SOURCE)}
    value.update(value_fields)
    return {"series": [{"id": "s", "what": "w", "unit": "Mt", "measure": "m", "values": [value]}]}


def one_event(**fields) -> dict:
    event = {"id": "e", "date": "2022Q1", "title": "t", "what": "w",
             "channel": "other", "source": dict(GOOD_SOURCE)}
    event.update(fields)
    return {"events": [event]}


# --- the bundled files ---------------------------------------------------------------------


def test_bundled_observations_are_tidy_and_fully_sourced():
    frame = observations()
    assert list(frame.columns) == obs.OBSERVATION_COLUMNS
    assert len(frame) > 50
    for column in ("source_author", "source_title", "source_url", "unit", "measure", "what"):
        assert frame[column].map(lambda v: isinstance(v, str) and v.strip() != "").all(), column
    assert frame["source_url"].str.match(r"^https?://").all()
    assert frame["year"].between(obs.FIRST_YEAR, obs.LAST_YEAR).all()
    assert not frame.duplicated(["series", "year"]).any()


def test_bundled_observations_cover_the_series_the_calibration_needs():
    present = set(observations()["series"])
    needed = {
        "middle_corridor_cargo_kz",       # Middle Corridor volume
        "transit_total_kz",               # total transit through Kazakhstan
        "china_europe_rail_transit_kz",   # China-Europe rail transit
        "trade_share_eu_turnover",        # trade shares
        "fdi_gross_inflow_china",         # Chinese investment
        "bri_engagement_kz",
        "fdi_gross_inflow_eu",            # EU investment
    }
    assert needed <= present


def test_bundled_observations_hold_the_2025_targets_of_the_baseline():
    frame = observations().set_index(["series", "year"])["value"]
    assert frame[("transit_total_kz", 2025)] == pytest.approx(36.9)
    assert frame[("transit_total_kz", 2024)] == pytest.approx(34.6)
    assert frame[("middle_corridor_cargo_kz", 2025)] == pytest.approx(4.119)
    assert frame[("bri_engagement_kz", 2025)] == pytest.approx(25.8)


def test_bundled_timeline_is_dated_sourced_and_in_order():
    events = timeline()
    assert len(events) >= 30
    assert [e.quarter_index for e in events] == sorted(e.quarter_index for e in events)
    for event in events:
        assert event.channel in CHANNELS
        assert obs.FIRST_YEAR <= event.year <= obs.LAST_YEAR
        assert set(obs.SOURCE_FIELDS) <= set(event.source)
    ids = {e.id for e in events}
    for needed in ("sreb_announced_astana", "eaeu_in_force", "eu_sectoral_sanctions_2014",
                   "eu_sanctions_2022", "northern_route_shock_2022", "global_gateway_launched",
                   "cpc_court_suspension_2022", "cpc_kropotkinskaya_attack",
                   "eu_central_asia_transport_investors_forum", "eib_dbk_loan",
                   "eu_central_asia_summit_2025", "cku_railway_construction_start",
                   "bakhty_ayagoz_construction_start", "khorgos_gateway_opens"):
        assert needed in ids, needed


def test_event_dates_map_to_quarter_indices():
    by_id = {e.id: e for e in timeline()}
    assert by_id["sreb_announced_astana"].quarter_index == 2        # 2013Q3
    assert by_id["eaeu_in_force"].quarter_index == 8                # 2015Q1
    assert by_id["bakhty_ayagoz_construction_start"].planned == "2027"


def test_a_users_copy_of_the_timeline_can_drop_events(tmp_path):
    data = raw("timeline.yaml")
    data["events"] = [e for e in data["events"] if not e["date"].startswith("2022")]
    events = timeline(write(tmp_path, "no_2022.yaml", data))
    assert events and all(e.year != 2022 for e in events)
    assert len(events) < len(timeline())


def test_the_module_imports_nothing_heavy():
    tree = ast.parse(Path(obs.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "re", "dataclasses", "importlib", "numbers", "pathlib",
                        "typing", "pandas", "yaml"}, imported


# --- files that break a rule are refused -----------------------------------------------------


def refused(tmp_path, name, data, loader, match):
    with pytest.raises(DataFileError, match=match) as info:
        loader(write(tmp_path, name, data))
    assert "\n" not in str(info.value)


def test_a_good_minimal_series_is_accepted(tmp_path):
    frame = observations(write(tmp_path, "o.yaml", one_series(note="preliminary")))
    assert frame.loc[0, "value"] == 1.0
    assert frame.loc[0, "note"] == "preliminary"


def test_a_value_without_a_source_is_refused(tmp_path):
    data = one_series()
    del data["series"][0]["values"][0]["source"]
    refused(tmp_path, "o.yaml", data, observations, r"series s value: missing field\(s\) source")


@pytest.mark.parametrize("field", ["author_or_publisher", "year", "title", "url"])
def test_a_source_missing_any_of_its_four_fields_is_refused(tmp_path, field):
    data = one_series()
    del data["series"][0]["values"][0]["source"][field]
    refused(tmp_path, "o.yaml", data, observations, rf"series s 2024 source: missing field\(s\) {field}")


@pytest.mark.parametrize("field, bad, match", [
    ("url", "www.example.org", "url must start with http"),
    ("url", "", "url: must be a non-empty string"),
    ("title", "  ", "title: must be a non-empty string"),
    ("year", "2025", "year must be an integer year"),
    ("year", True, "year must be an integer year"),
])
def test_a_source_with_a_bad_field_is_refused(tmp_path, field, bad, match):
    data = one_series()
    data["series"][0]["values"][0]["source"][field] = bad
    refused(tmp_path, "o.yaml", data, observations, match)


@pytest.mark.parametrize("year", [2012, 2027, "2024", 2024.0, True])
def test_years_outside_2013_2026_or_not_integers_are_refused(tmp_path, year):
    refused(tmp_path, "o.yaml", one_series(year=year), observations, "year")


@pytest.mark.parametrize("value", ["4.1", None, True, float("nan")])
def test_values_must_be_numbers(tmp_path, value):
    refused(tmp_path, "o.yaml", one_series(value=value), observations, "value")


def test_an_unknown_field_is_refused(tmp_path):
    refused(tmp_path, "o.yaml", one_series(sorce="typo"), observations, r"unknown field\(s\) sorce")


def test_a_duplicate_year_in_a_series_is_refused(tmp_path):
    data = one_series()
    data["series"][0]["values"].append(copy.deepcopy(data["series"][0]["values"][0]))
    refused(tmp_path, "o.yaml", data, observations, "series s 2024: duplicate year")


def test_a_duplicate_series_id_is_refused(tmp_path):
    data = one_series()
    data["series"].append(copy.deepcopy(data["series"][0]))
    refused(tmp_path, "o.yaml", data, observations, "series s: duplicate id")


def test_a_series_without_its_measure_is_refused(tmp_path):
    data = one_series()
    del data["series"][0]["measure"]
    refused(tmp_path, "o.yaml", data, observations, r"missing field\(s\) measure")


def test_removing_a_source_from_the_bundled_file_is_caught(tmp_path):
    data = raw("observations.yaml")
    del data["series"][0]["values"][-1]["source"]
    refused(tmp_path, "o.yaml", data, observations, "missing field")


def test_a_good_minimal_event_is_accepted(tmp_path):
    events = timeline(write(tmp_path, "t.yaml", one_event(
        magnitude={"value": [0.3, 0.4], "unit": "share"}, planned="2027Q4")))
    assert events[0].magnitude == {"value": [0.3, 0.4], "unit": "share"}
    assert events[0].planned == "2027Q4"


@pytest.mark.parametrize("date", ["2022Q5", "2022Q0", "2022-03", "2022q1", 2022, "Q1 2022"])
def test_badly_formed_quarters_are_refused(tmp_path, date):
    refused(tmp_path, "t.yaml", one_event(date=date), timeline, "date must be a quarter")


@pytest.mark.parametrize("date", ["2012Q4", "2027Q1"])
def test_event_years_outside_2013_2026_are_refused(tmp_path, date):
    refused(tmp_path, "t.yaml", one_event(date=date), timeline, "outside 2013-2026")


def test_an_unknown_channel_is_refused(tmp_path):
    refused(tmp_path, "t.yaml", one_event(channel="vibes"), timeline, "unknown channel 'vibes'")


def test_an_event_without_a_source_url_is_refused(tmp_path):
    data = one_event()
    del data["events"][0]["source"]["url"]
    refused(tmp_path, "t.yaml", data, timeline, r"event e source: missing field\(s\) url")


@pytest.mark.parametrize("magnitude, match", [
    ({"value": 1.0}, r"missing field\(s\) unit"),
    ({"value": "big", "unit": "x"}, "value must be a number"),
    ({"value": [2, 1], "unit": "x"}, "range low 2.0 above high 1.0"),
    ({"value": [1, 2, 3], "unit": "x"}, "needs two numbers"),
])
def test_a_bad_magnitude_is_refused(tmp_path, magnitude, match):
    refused(tmp_path, "t.yaml", one_event(magnitude=magnitude), timeline, match)


@pytest.mark.parametrize("planned, match", [("2021", "before the event date"),
                                            ("soon", "planned must be")])
def test_a_bad_planned_date_is_refused(tmp_path, planned, match):
    refused(tmp_path, "t.yaml", one_event(planned=planned), timeline, match)


def test_a_duplicate_event_id_is_refused(tmp_path):
    data = one_event()
    data["events"].append(copy.deepcopy(data["events"][0]))
    refused(tmp_path, "t.yaml", data, timeline, "event e: duplicate id")


def test_an_unknown_event_field_is_refused(tmp_path):
    refused(tmp_path, "t.yaml", one_event(magnitdue={"value": 1, "unit": "x"}), timeline,
            r"unknown field\(s\) magnitdue")


def test_every_calibration_fact_carries_a_public_source():
    """A fact's source is either a full mapping (author or publisher, year, title, address) or
    a reference of the paper, as the paper cites it - never an internal note."""
    data = raw("calibration.yaml")
    ids = set()
    for fact in data["facts"]:
        assert {"id", "value", "unit", "what", "source", "use"} <= set(fact), fact.get("id")
        assert fact["id"] not in ids, fact["id"]
        ids.add(fact["id"])
        value = fact["value"]
        numbers = value if isinstance(value, list) else [value]
        assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers), fact["id"]
        if isinstance(fact["source"], dict):
            obs.check_source(fact["source"], f"fact {fact['id']}")
        else:
            assert "cited in Botelho dos Santos & Borges 2026" in fact["source"], fact["id"]
        assert "DESIGN" not in str(fact) and "design notes" not in str(fact).lower(), fact["id"]
    assert {"trade_share_eu_2023", "middle_corridor_2025", "middle_corridor_capacity",
            "cpc_share_of_crude_exports_2023", "chinese_loan_interest_typical"} <= ids
    for target in data["behaviour_targets"]:
        assert target["source"].strip() and target["parameter"] and target["column"]
