"""The classroom page in a real browser: headless Debian Chromium against ``hedgesim app``.

Every test opens its own page (its own Solara session) at projector size,
records every request the page makes, and saves a screenshot to
``tests/screenshots/`` for inspection.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from page_visit import PageVisit

from hedgesim.app.classroom import ClassroomModel, model_params, new_model
from hedgesim.app.scenario_panel import MAIN, scenarios, slider_label
from hedgesim.config.scenarios import load_scenario



class Visit(PageVisit):
    """The classroom page."""

    def __init__(self, browser, url: str):
        super().__init__(browser, url, "", ".hedgesim-narration")
        self.page.wait_for_selector("text=Model Parameters")

    def choose_scenario(self, title: str) -> None:
        self.page.locator(".hedgesim-scenario-select .v-field").click()
        self.page.locator(".v-overlay .v-list-item", has_text=title).click()
        self.page.wait_for_selector(f".hedgesim-title:text-is('{title}')")

    def slider_thumb(self, name: str):
        """The thumb of a main parameter's slider (its value is aria-valuenow)."""
        label = slider_label(next(p for p in MAIN if p.name == name))
        slider = self.page.locator(".v-slider", has=self.page.locator("label", has_text=label))
        return slider.locator("[role=slider]")

    def quarter(self) -> str:
        return self.page.locator(".hedgesim-step").inner_text()

    def step(self, times: int) -> None:
        for _ in range(times):
            before = self.page.locator(".hedgesim-step").all_inner_texts()
            self.page.get_by_role("button", name="Step").click()
            self.page.wait_for_function(
                "before => { const e = document.querySelector('.hedgesim-step');"
                " return e && e.innerText !== before; }", arg=before[0] if before else "")

    def image_sources(self) -> list[str]:
        """The src of the map's image, then of every plot's (once all seven are drawn)."""
        expect(self.page.locator(".hedgesim-cell img")).to_have_count(7)
        return self.page.evaluate(
            "() => [...document.querySelectorAll('.hedgesim-cell img')].map(img => img.src)")



@pytest.fixture
def visit(browser, app_url):
    page = Visit(browser, app_url)
    yield page
    page.close()


def test_page_loads_offline_with_no_error(visit):
    assert visit.page.locator(".hedgesim-title").inner_text() == scenarios()["baseline"].title
    assert visit.page.locator(".hedgesim-map img").count() == 1
    assert visit.page.locator(".hedgesim-plots img").count() == 6
    for p in MAIN:  # every main parameter has its slider, labelled from the schema
        assert visit.page.locator(".v-slider label", has_text=slider_label(p)).count() == 1
    visit.page.wait_for_timeout(1000)  # late requests (fonts, lazy scripts)
    visit.screenshot("classroom_start")
    assert visit.errors == []
    assert visit.outside_requests() == []
    assert any(urlparse(url).path.startswith("/_solara/cdn/") for url in visit.requests), \
        "the front end should come from the local asset server (solara-assets)"


def test_choosing_a_scenario_shows_its_story_and_sets_the_sliders(visit):
    wanes = load_scenario("eu_interest_wanes")
    decline = visit.slider_thumb("eu_interest_decline")
    expect(decline).to_have_attribute("aria-valuenow", "0")
    visit.choose_scenario(wanes.title)
    expect(visit.page.locator(".hedgesim-description")).to_have_text(
        " ".join(wanes.description.split()))
    expect(visit.page.locator(".hedgesim-paper")).to_contain_text("EU's interest in the GG wanes")
    expect(decline).to_have_attribute("aria-valuenow", str(wanes.params["eu_interest_decline"]))
    visit.step(1)
    assert visit.quarter().startswith("Quarter 1 of")
    visit.screenshot("classroom_eu_interest_wanes")
    visit.page.get_by_role("button", name="Reset").click()  # a new run of the same scenario
    expect(visit.page.locator(".hedgesim-narration")).to_contain_text("The game starts in 2025Q1")
    expect(decline).to_have_attribute("aria-valuenow", str(wanes.params["eu_interest_decline"]))
    assert visit.errors == []
    assert visit.outside_requests() == []


def test_step_and_play_move_the_plots_the_map_and_the_panel(visit):
    visit.choose_scenario(load_scenario("russian_pressure").title)
    start = visit.image_sources()
    assert len(start) == 7
    visit.step(3)
    assert visit.quarter().startswith("Quarter 3 of")
    stepped = visit.image_sources()
    assert len(stepped) == 7
    assert all(new != old for new, old in zip(stepped, start, strict=True)), "every image is redrawn"
    visit.page.get_by_role("button", name="▶").click()
    visit.page.wait_for_function(
        "() => /Quarter ([6-9]|[1-9][0-9]) of/.test(document.querySelector('.hedgesim-step').innerText)")
    visit.page.get_by_role("button", name="❚❚").click()
    expect(visit.page.get_by_role("button", name="▶")).to_be_visible()
    played = visit.image_sources()
    assert all(new != old for new, old in zip(played, stepped, strict=True))
    assert visit.page.locator(".hedgesim-narration li").count() > 0
    visit.page.wait_for_timeout(500)
    visit.screenshot("classroom_playing")
    assert visit.errors == []
    assert visit.outside_requests() == []


def test_solaraviz_reset_rebuilds_every_scenario():
    """SolaraViz's Reset builds the model from model_params and a Scenario(rng=None)."""
    from mesa.visualization.solara_viz import _build_model_init_kwargs

    for scenario in scenarios().values():
        model = new_model(scenario)
        params = {name: (value["value"] if isinstance(value, dict) else value)
                  for name, value in model_params(scenario).items()}
        params["rng"] = "7"  # the seed box holds text
        kwargs = _build_model_init_kwargs(model, params, add_scenario_when_empty=True,
                                          require_model_accepts_scenario=True)
        again = type(model)(**kwargs)
        again.run_for(2)
        alone = ClassroomModel(rng=7, **{k: v for k, v in params.items() if k != "rng"})
        alone.run_for(2)
        assert again.timeseries().equals(alone.timeseries()), scenario.name
        assert again.horizon == scenario.steps
        for name, value in scenario.params.items():
            assert again.params_given[name] == value
