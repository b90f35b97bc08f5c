"""The app's parts without a browser: the classroom run, panels, charts, narration, glossary,
forms, the tab state and background jobs."""

from __future__ import annotations

import csv
import io
import re
import threading
import time

import numpy as np
import pandas as pd
import pytest

from hedgesim.analysis.sweep.spec import load_spec
from hedgesim.app import charts, narration
from hedgesim.app.classroom_run import ClassroomRun, seed_problem
from hedgesim.app.forms import read_number, read_whole, results_csv
from hedgesim.app.glossary import GLOSSARY, acronyms_in, explain_acronyms
from hedgesim.app.jobs import CANCELLED, DONE, Job
from hedgesim.app.panels import PANELS
from hedgesim.app.scenario_panel import MAIN, scenarios
from hedgesim.app.session import TabState, check_tabs, claim
from hedgesim.app.sweep_page import MAX_RUNS, SweepForm
from hedgesim.game.model import COLUMNS

ISSUE_ACRONYMS = {"TITR", "CPC", "EAEU", "ESG", "HHI", "BRI", "SREB", "GG"}


@pytest.fixture(scope="module")
def played():
    run = ClassroomRun("eu_interest_wanes")
    for _ in range(12):
        run.step()
    return run


# ------------------------------------------------------------------ the classroom run
def test_the_run_plays_each_quarter_once_and_a_newer_run_stops_the_old_loop():
    run = ClassroomRun("baseline")
    run.speed = "fastest"
    drawn, finished = [], []
    run.play(draw=lambda: (drawn.append(run.model.steps), run.shown(run.frame)),
             done=lambda: finished.append(True))
    deadline = time.monotonic() + 30
    while run.model.steps < 5 and time.monotonic() < deadline:
        time.sleep(0.005)
    run.load("russian_pressure")  # a new scenario while playing
    time.sleep(0.3)
    assert run.model.steps == 0 and not run.playing
    assert drawn == list(range(1, len(drawn) + 1)), "every quarter drawn once, in order"
    assert run.previous is not None and run.previous.label.startswith("2025 baseline")
    assert finished == []  # the old loop does not report the new run as finished
    run.play(draw=lambda: run.shown(run.frame), done=lambda: finished.append(True))
    deadline = time.monotonic() + 60
    while not finished and time.monotonic() < deadline:
        time.sleep(0.02)
    assert finished == [True] and run.finished and run.model.steps == 40 and not run.playing


def test_a_slider_applies_at_once_before_the_first_quarter_and_waits_for_reset_after():
    run = ClassroomRun("baseline")
    run.set_slider("risk_weight", 2.0)
    assert run.changed == [] and run.model.p["risk_weight"][0] == 2.0
    run.step()
    run.set_slider("risk_weight", 3.0)
    run.set_seed("7")
    assert run.changed == ["risk_weight", "seed"] and run.model.p["risk_weight"][0] == 2.0
    run.set_seed("x")  # not a seed: flagged, and Reset keeps the last good one
    assert seed_problem(run.seed)
    run.restart()
    assert run.changed == [] and run.model.p["risk_weight"][0] == 3.0 and run.model.steps == 0
    assert run.previous.label == "2025 baseline, 1 quarter"


def test_the_run_csv_has_its_metadata_and_every_quarter(played):
    rows = list(csv.DictReader(io.StringIO(played.csv())))
    assert len(rows) == 12 and rows[0]["scenario"] == "eu_interest_wanes" and rows[0]["seed"] == "0"
    assert rows[0]["hedgesim_version"] and rows[0]["param_eu_interest_decline"] == "0.15"
    assert played.filename() == "classroom_eu_interest_wanes_seed0.csv"


# ------------------------------------------------------------------ panels and charts
def test_panels_show_what_the_model_reports_and_nothing_of_what_it_does_not():
    columns = set(COLUMNS)
    for panel in PANELS:
        available = panel.available(columns)
        present = [c for c in panel.columns if c in columns]
        assert (available is None) == (not present)
        if available:
            assert available.columns == present
    # a quote in a label broke the chart's tooltip field (the terms chart drew nothing)
    assert not [s.label for panel in PANELS for s in panel.series if set(s.label) & set("'\"`")]
    # the game's newer outputs are declared, so they appear as soon as the model has them
    declared = {c for panel in PANELS for c in panel.columns}
    assert {"p_pressure_russia", "p_pressure_china", "p_courting_russia", "p_concede_russia",
            "p_concede_china", "loan_cost_china", "loan_cost_eu", "exposure_china", "exposure_eu",
            "exposure_russia"} <= declared


def test_a_panel_draws_missing_values_as_gaps_and_a_growing_run_only_adds_rows(played):
    df = played.series().copy()
    df["loan_cost_china"] = np.where(np.arange(len(df)) % 3 == 0, np.nan, 0.04)  # some quarters without an offer
    terms = next(p for p in PANELS if p.key == "terms").available(set(df.columns))
    data = charts.rows(terms, df)
    assert len(data) == int(df[terms.columns].notna().sum().sum())
    assert not any(row["quarter"] == df["quarter"].iloc[0] and row["series"] == "China (BRI)" for row in data)
    alignment = PANELS[0]
    earlier = charts.rows(alignment, df.iloc[:8], played.previous.series if played.previous else None)
    later = charts.rows(alignment, df, played.previous.series if played.previous else None)
    assert later[:len(earlier)] == earlier, "a run that plays on only adds rows at the end"


def test_chart_text_is_projector_size_and_the_dominance_cap_is_not_another_red_line():
    for panel in PANELS:
        spec = charts.spec(panel, 2025.0, 40, {"dominance_cap": 0.5})
        config = spec["config"]
        assert config["axis"]["labelFontSize"] >= 16 and config["axis"]["titleFontSize"] >= 16
        assert config["legend"]["labelFontSize"] >= 16
        assert spec["title"]["fontSize"] >= 16 and spec["title"].get("subtitleFontSize", 16) >= 16
        assert spec["$schema"].endswith("v5.2.0.json")
    dependency = next(p for p in PANELS if p.key == "dependency")
    spec = charts.spec(dependency, 2025.0, 40, {"dominance_cap": 0.5})
    rule = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "rule"
                and "strokeDash" in layer["mark"])
    assert rule["mark"]["color"] not in {s.colour for s in dependency.series}
    assert any(layer.get("encoding", {}).get("text", {}).get("value") == "Dominance cap 50%"
               for layer in spec["layer"])


# ------------------------------------------------------------------ narration and glossary
def test_narration_puts_news_first_and_folds_routine(played):
    df = played.series()
    stories = [narration.tell(df, 0.5, i) for i in range(len(df))]
    assert not any("projects worth" in n for s in stories for n in s.news)
    assert any("projects worth" in n for s in stories for n in s.routine)
    # a column the model lacks skips the notes that need it, never an error
    assert narration.tell(df.drop(columns=["russian_courting", "binding_effort"]), 0.5)


def test_every_acronym_the_app_shows_is_in_the_glossary():
    assert ISSUE_ACRONYMS <= set(GLOSSARY)
    texts = [s.title + " " + s.description + " " + (s.paper or "") for s in scenarios().values()]
    texts += [p.title + " " + p.help + " " + " ".join(s.label for s in p.series) for p in PANELS]
    texts += [(p.label or "") + " " + p.description for p in MAIN]
    for scenario in ("russian_pressure", "china_concessions", "northern_route_reopens"):
        run = ClassroomRun(scenario)
        while run.step():
            pass
        df = run.series()
        for i in range(len(df)):
            story = narration.tell(df, 0.5, i)
            texts += [re.sub(r"<[^>]+>", " ", t) for t in story.news + story.routine]
    unknown = set().union(*(acronyms_in(t) for t in texts)) - set(GLOSSARY)
    assert unknown <= {"USD", "EUR"}, unknown
    marked = explain_acronyms("Russia cut the CPC; the <b>TITR</b> grew; CPC again")
    assert marked.count("<abbr") == 2 and 'title="Caspian Pipeline Consortium' in marked


# ------------------------------------------------------------------ forms
def test_typed_numbers_are_read_as_typed_and_refused_in_plain_words():
    assert read_number("0.25") == (0.25, "")
    assert read_number("abc")[1] == "“abc” is not a number: type one such as 0.5."
    assert "decimals take a point" in read_number("0,5")[1]
    assert read_whole("-3", 1, None, "replications")[1] == \
        "-3 is not allowed: replications must be 1 or more."
    assert read_whole("2.5", 1, 10, "replications")[1].startswith("2.5 is not a whole number")


def test_the_sweep_form_explains_each_field_and_never_runs_old_values():
    form = SweepForm(x_low="abc", replications="-3", seed="1")
    settings, problems = form.check()
    assert settings is None
    assert set(problems) == {"x_low", "replications"}
    assert all("vary." not in m and "risk_weight" not in m for m in problems.values())
    form = SweepForm(x_high="9")
    assert form.check()[1]["x_high"] == "9 is outside the range: Risk weight ρ is allowed from 0 to 5."
    form = SweepForm(y="risk_weight")
    assert "different" in form.check()[1]["y"]
    settings, problems = SweepForm(replications="3").check()
    assert problems == {} and settings.runs == 21 * 21 * 3 <= MAX_RUNS
    spec = load_spec(settings.spec_dict())  # "Save as spec" writes what `hedgesim sweep` reads
    assert spec.replications == 3 and list(spec.varied) == ["risk_weight", "dominance_cap"]


def test_results_csv_puts_metadata_first_rounds_floats_and_quotes_seeds():
    table = pd.DataFrame({"run": [0, 1], "seed": [6050238726415615495, 1], "x": [0.1 + 0.2, 1 / 3]})
    text = results_csv(table, {"scenario": "baseline", "base_seed": "1", "hedgesim_version": "0.1"})
    lines = text.splitlines()
    assert lines[0] == '"scenario","base_seed","hedgesim_version","run","seed","x"'
    assert lines[1] == '"baseline","1","0.1",0,"6050238726415615495",0.3'
    assert lines[2].endswith(',"1",0.333333')


# ------------------------------------------------------------------ tab state and jobs
def test_a_tab_keeps_its_state_a_duplicate_gets_its_own_and_abandoned_work_stops():
    alive = {"k1"}
    tab, tab_id = claim("s", "t", "k1", lambda k: k in alive)
    assert tab_id == "t"
    stopped = []

    class Work:
        def stop_work(self):
            stopped.append(True)

    tab.slot("work", Work)
    alive.add("k2")  # a second page with the same id while the first is connected: a duplicate
    other, other_id = claim("s", "t", "k2", lambda k: k in alive)
    assert other is not tab and other_id != "t"
    again, again_id = claim("s", "t", "k3", lambda k: k in alive, returning=True)  # a reload
    assert again is tab and again_id == "t"
    alive.clear()  # every page closed
    assert check_tabs(lambda k: False, now=time.monotonic()) == []  # within the grace
    assert tab in check_tabs(lambda k: False, now=time.monotonic() + 60)
    assert stopped == [True]


def test_a_job_reports_progress_and_stops_when_cancelled():
    release = threading.Event()

    def work(progress, cancelled):
        for i in range(100):
            progress(i)
            if cancelled():
                return None
            release.wait(0.01)
        return "done"

    job = Job("settings", work)
    time.sleep(0.1)
    job.cancel()
    assert job.wait(5) and job.state == CANCELLED and job.result is None
    job = Job("settings", lambda progress, cancelled: 42)
    assert job.wait(5) and job.state == DONE and job.result == 42
    assert isinstance(TabState("x"), TabState)


def test_mesa_solaraviz_can_still_drive_every_scenario():
    """The page drives the model itself; Mesa's SolaraViz still can (its Reset's keyword builder)."""
    from mesa.visualization.solara_viz import _build_model_init_kwargs

    from hedgesim.app.classroom_run import ClassroomModel, model_params, new_model, slider_values

    for name, scenario in scenarios().items():
        model = new_model(name)
        params = model_params(name, slider_values(name), "7")
        kwargs = _build_model_init_kwargs(model, params, add_scenario_when_empty=True,
                                          require_model_accepts_scenario=True)
        again = type(model)(**kwargs)
        again.run_for(2)
        alone = ClassroomModel(**params)
        alone.run_for(2)
        assert again.timeseries().equals(alone.timeseries()), name
        assert again.horizon == scenario.steps


def test_a_scenario_with_its_own_start_and_timeline_plays_from_its_start():
    run = ClassroomRun("history")
    assert run.model.horizon == scenarios()["history"].steps == 48
    assert run.model.timeline is not None  # its dated events (sanctions, the 2022 shock ...)
    run.step()
    assert run.series()["quarter"].iloc[0] == "2014Q1"


def test_the_sensitivity_page_names_an_outcome_it_cannot_analyse():
    """Morris levels include a parameter's bounds, so a zero EU ticket (no EU offer, no EU loan
    rate) is in the design: the EU's mean rate is undefined there and the page says so."""
    from hedgesim.app.sensitivity_page import SensitivitySettings, compute, not_analysed

    run = compute(SensitivitySettings(method="morris", samples=4, outcome="mean_loan_cost_eu"))
    assert not_analysed(run, "mean_loan_cost_eu").startswith("undefined at")
    assert not_analysed(run, "mean_hedging_index") == ""
    assert not run.analysis("mean_hedging_index")[0].empty
