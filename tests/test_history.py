"""History: runs that start in any quarter from 2014Q1, and timelines of dated events."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hedgesim.config.scenarios import load_scenario
from hedgesim.config.timelines import load_timeline, parse_timeline
from hedgesim.game.calendar import Quarter, quarter_of_step
from hedgesim.game.model import HedgingModel, quarter_label
from hedgesim.game.parameters import ConfigError, ParameterError
from hedgesim.game.timeline import Timeline, timeline


def test_quarters_parse_order_and_count():
    assert Quarter.parse("2014Q1") < Quarter.parse("2014Q2") < Quarter.parse("2015Q1")
    assert str(quarter_of_step(1, "2014Q1")) == "2014Q1"
    assert str(quarter_of_step(48, "2014Q1")) == "2025Q4"
    assert quarter_label(5) == "2026Q1"  # the default start is 2025Q1
    for bad in ("2013Q4", "2041Q1", "2014Q5", "2014-1", "", "Q1 2014"):
        with pytest.raises(ParameterError, match="allowed"):
            Quarter.parse(bad)


def test_a_run_can_start_in_2014_and_labels_its_quarters():
    model = HedgingModel(worlds=2, rng=[1, 2], start="2014Q1", horizon=6)
    model.run_for(6)
    frame = model.timeseries()
    assert frame["quarter"].iloc[0] == "2014Q1" and frame["quarter"].iloc[-1] == "2015Q2"


EVENT = {"id": "shock", "date": "2016Q1", "title": "t", "source": "hypothetical", "set": {"sanctions_level": 0.9}}


def test_an_event_sets_its_parameters_from_its_quarter_on():
    events = timeline([EVENT])
    plain = HedgingModel(worlds=3, rng=[1, 2, 3], start="2015Q1", sanctions_level=0.0, horizon=8)
    shocked = HedgingModel(worlds=3, rng=[1, 2, 3], start="2015Q1", sanctions_level=0.0, horizon=8,
                           timeline=events)
    plain.run_for(8)
    shocked.run_for(8)
    a, b = plain.timeseries(), shocked.timeseries()
    before = a["quarter"] < "2016Q1"
    assert np.array_equal(a.loc[before, "northern_mt"], b.loc[before, "northern_mt"])
    assert (b.loc[~before, "sanctions"] == 0.9).all() and (a["sanctions"] == 0.0).all()
    # The Northern route loses cargo once its risk premium rises.
    assert b.loc[b["quarter"] == "2016Q4", "northern_mt"].mean() < a.loc[a["quarter"] == "2016Q4",
                                                                          "northern_mt"].mean()


def test_a_level_event_restarts_the_trend_from_its_new_level():
    events = timeline([{**EVENT, "set": {"overland_demand": 30.0, "overland_demand_growth": 0.0}}])
    model = HedgingModel(worlds=1, rng=0, start="2015Q1", demand_volatility=0.0, timeline=events, horizon=8)
    model.run_for(8)
    frame = model.timeseries().set_index("quarter")
    assert frame.loc["2016Q1", "overland_demand_mt"] == pytest.approx(30.0)
    assert frame.loc["2016Q4", "overland_demand_mt"] == pytest.approx(30.0)


@pytest.mark.parametrize(("change", "pattern"), [
    ({"extra": 1}, "unknown field 'extra'"),
    ({"date": "2012Q1"}, "out of range"),
    ({"date": "soon"}, "is not a quarter"),
    ({"set": {"stock_china": 10.0}}, "sets only the starting state"),
    ({"set": {"strategy": "hedge"}}, "is a policy"),
    ({"set": {"no_such": 1.0}}, "is not a parameter"),
    ({"set": {"sanctions_level": 7.0}}, "out of range"),
    ({"source": ""}, "missing 'source'"),
])
def test_bad_events_are_refused_in_one_line(change, pattern):
    with pytest.raises(ParameterError, match=pattern) as info:
        timeline([{**EVENT, **change}])
    assert "\n" not in str(info.value)


def test_a_timeline_file_names_the_file_and_checks_catalogue_sources(tmp_path: Path):
    with pytest.raises(ConfigError, match="not in data/timeline.yaml"):
        parse_timeline({"events": [{**EVENT, "source": {"catalogue": "no_such_event"}}]}, "mine.yaml")
    with pytest.raises(ConfigError, match=r"mine.yaml: events\[0\]"):
        parse_timeline({"events": [{**EVENT, "date": "2099Q1"}]}, "mine.yaml")
    with pytest.raises(ConfigError, match="appears twice"):
        parse_timeline({"events": [EVENT, EVENT]}, "mine.yaml")
    with pytest.raises(ConfigError, match="unknown key"):
        parse_timeline({"events": [], "when": 1}, "mine.yaml")


def test_every_bundled_timeline_event_cites_the_catalogue():
    for name in ("history", "no_2022_war"):
        events = load_timeline(name).events
        assert events and all(isinstance(e.source, dict) and "catalogue" in e.source for e in events)


def history_run(timeline_name: str = "history", worlds: int = 40):
    scenario = load_scenario("history")
    settings = scenario.model_settings()
    if timeline_name != "history":
        settings["timeline"] = load_timeline(timeline_name)
    model = HedgingModel(worlds=worlds, rng=list(range(worlds)), horizon=scenario.steps, **settings,
                         **scenario.model_params())
    model.run_for(scenario.steps)
    frame = model.timeseries()
    return frame.groupby(frame["quarter"].str[:4])["middle_corridor_mt"].mean()


def test_history_runs_from_2014_and_shows_the_middle_corridors_post_2022_surge():
    middle = history_run()
    assert middle.index[0] == "2014" and middle.index[-1] == "2025"
    assert middle["2023"] > 2.5 * middle["2021"]           # several-fold after 2022
    assert middle["2025"] > 3 * middle["2019"]
    # Without the 2022 war the surge does not happen: the what-if timeline drops that event.
    calm = history_run("no_2022_war")
    assert calm["2024"] < 0.6 * middle["2024"]
    assert np.allclose(calm[:"2021"], middle[:"2021"])


def test_the_history_scenario_declares_its_start_and_timeline():
    scenario = load_scenario("history")
    assert scenario.start == "2014Q1" and scenario.timeline == "history" and scenario.steps == 48
    assert isinstance(scenario.model_settings()["timeline"], Timeline)
