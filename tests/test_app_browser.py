"""The classroom page in a real browser: headless Debian Chromium against ``hedgesim app``.

Each test opens the page at projector size (1280 x 720) in its own browser
context (its own session, its own tab), checks several things on that one
load, records every request and error, and saves a screenshot to
``tests/screenshots/``. The numbers in the test names refer to the defects of
issue 12 ("A classroom page a teacher can run a whole lesson on"):

1. changing scenario (or Reset) while playing jammed the page and left the old run playing;
2. leaving the page threw the run away;
3. the speed control skipped quarters (and drawing took 1-2 s a quarter);
4. the page did not fit a projector, and below 1280 px the sidebar covered it;
6. the page was hard to follow: routine narration, no glossary, no "finished" state,
   sliders silently waiting for Reset, small plot text.
"""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
from playwright.sync_api import expect

from page_visit import PageVisit

from hedgesim.app.classroom_run import SPEEDS
from hedgesim.app.scenario_panel import MAIN, scenarios, slider_label
from hedgesim.app.server import cpu_seconds
from hedgesim.config.scenarios import load_scenario

RECORD_QUARTERS = """() => {
  window.hedgesimSeen = []; window.hedgesimNews = [];
  const grab = () => {
    const step = document.querySelector('.hedgesim-step');
    const text = step ? step.innerText : '';
    if (text && window.hedgesimSeen[window.hedgesimSeen.length - 1] !== text) {
      window.hedgesimSeen.push(text);
      const news = document.querySelector('.hedgesim-news');
      window.hedgesimNews.push(news ? news.innerText : '');
    }
  };
  new MutationObserver(grab).observe(document.body, {subtree: true, childList: true,
                                                      characterData: true});
  grab();
}"""

# The effective size in CSS pixels of every text of the map and the plots: a map drawn in
# a scaled viewBox shrinks its type with it.
TEXT_SIZES = """() => [...document.querySelectorAll('.hedgesim-map svg text, .hedgesim-plot svg text')]
  .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])"""


class Classroom(PageVisit):
    """The classroom page, in a browser context of its own (a new session and tab)."""

    def __init__(self, browser, url: str, viewport=None, context=None):
        self.context = context or browser.new_context(viewport=viewport or {"width": 1280, "height": 720},
                                                      accept_downloads=True)
        super().__init__(browser, url, "", ".hedgesim-narration", viewport=viewport,
                         context=self.context)

    def choose(self, select: str, text: str) -> None:
        self.page.locator(f".{select} .v-field").click()
        self.page.locator(".v-overlay--active .v-list-item", has_text=text).click()
        expect(self.page.locator(f".{select} .v-select__selection-text")).to_contain_text(text)

    def choose_scenario(self, title: str) -> None:
        self.choose("hedgesim-scenario-select", title)
        expect(self.page.locator(".hedgesim-title").first).to_have_text(title)

    def quarter(self) -> int:
        step = self.page.locator(".hedgesim-step")
        if not step.count():
            return 0
        return int(re.match(r"Quarter (\d+) of", step.inner_text()).group(1))

    def wait_quarter(self, at_least: int) -> None:
        self.page.wait_for_function(
            "n => { const e = document.querySelector('.hedgesim-step');"
            " return e && parseInt(e.innerText.split(' ')[1]) >= n; }", arg=at_least, timeout=60_000)

    def step(self, times: int) -> None:
        for _ in range(times):
            before = self.quarter()
            self.page.locator(".hedgesim-step-button").click()
            self.wait_quarter(before + 1)

    def slider_thumb(self, name: str):
        return self.page.locator(f".hedgesim-slider-{name} [role=slider]")

    def in_view(self, selector: str) -> bool:
        """Every element matching ``selector`` lies wholly inside the viewport."""
        size = self.page.viewport_size
        boxes = [self.page.locator(selector).nth(i).bounding_box()
                 for i in range(self.page.locator(selector).count())]
        return bool(boxes) and all(b and b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= size["width"] + 1
                                   and b["y"] + b["height"] <= size["height"] + 1 for b in boxes)

    def close(self) -> None:
        self.context.close()


def idle_cpu(app_url, seconds: float = 3.0) -> float:
    """CPU seconds the server uses over ``seconds`` of wall time."""
    before = cpu_seconds(app_url.pgid)
    time.sleep(seconds)
    return cpu_seconds(app_url.pgid) - before


@pytest.fixture
def classroom(browser, app_url):
    visit = Classroom(browser, app_url)
    yield visit
    visit.close()


# ----------------------------------------------------------------- defects 4 and 6
def test_4_6_the_page_fits_a_projector_offline_with_large_type_and_a_glossary(classroom, browser,
                                                                              app_url):
    page = classroom.page
    expect(page.locator(".hedgesim-title").first).to_have_text(scenarios()["baseline"].title)
    classroom.step(2)
    page.wait_for_selector(".hedgesim-plot-alignment svg path")
    page.wait_for_timeout(800)  # late requests (fonts, lazy scripts), the charts' last redraw
    classroom.screenshot("classroom_1280x720")
    # At 1280 x 720, with no scrolling: the controls, the map, the narration and two plots.
    for part in (".hedgesim-scenario-select", ".hedgesim-reset", ".hedgesim-play",
                 ".hedgesim-step-button", ".hedgesim-speed-select", ".hedgesim-map",
                 ".hedgesim-narration", ".hedgesim-plot-alignment", ".hedgesim-plot-choices"):
        assert classroom.in_view(part), f"{part} is not wholly on the first screen"
    # Every text of the map and the plots is at least 16 px.
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) > 60
    small = [(text, round(size, 1)) for text, size in sizes if size < 15.9]
    assert not small, f"text under 16 px: {small[:10]}"
    # The largest foreign share and the dominance cap no longer look alike (two red lines).
    cap = page.locator(".hedgesim-plot-dependency svg text", has_text="Dominance cap")
    expect(cap).to_have_count(1)
    # Acronyms carry their meaning.
    assert page.locator(".hedgesim-description abbr[title^='Belt and Road Initiative']").count() == 1
    # Every slider is labelled from the schema.
    for p in MAIN:
        assert page.locator(f".hedgesim-slider-{p.name} label", has_text=slider_label(p)).count() == 1
    classroom.assert_clean()
    assert any("/_solara/cdn/vega@5.21.0/" in url for url in classroom.requests), \
        "Vega should come from the local asset server (solara-assets)"

    # Below 1280 px the sidebar stays beside the page: nothing covers it or catches its clicks.
    narrow = Classroom(browser, app_url, viewport={"width": 1024, "height": 720})
    try:
        page = narrow.page
        drawer = page.locator(".hedgesim-sidebar").bounding_box()
        main = page.locator(".hedgesim-main-content").bounding_box()
        assert drawer["width"] > 250 and main["x"] >= drawer["x"] + drawer["width"] - 1
        assert page.locator(".v-navigation-drawer__scrim").count() == 0
        page.locator(".hedgesim-paper-toggle").click()  # a control of the page, beside the sidebar
        expect(page.locator(".hedgesim-paper")).to_be_visible()
        page.locator(".hedgesim-sidebar-toggle").click()  # ☰ hides the sidebar; the page widens
        page.wait_for_function("() => document.querySelector('.hedgesim-main-content')"
                               ".getBoundingClientRect().x < 10")
        page.locator(".hedgesim-sidebar-toggle").click()
        page.wait_for_function("() => document.querySelector('.hedgesim-main-content')"
                               ".getBoundingClientRect().x > 250")
        narrow.screenshot("classroom_1024x720")
        narrow.assert_clean()
    finally:
        narrow.close()

    # The presentation view: no app bar, no sidebar, the game on one screen with its controls.
    page = classroom.page
    page.locator(".hedgesim-present-enter").click()
    expect(page.locator(".hedgesim-presentation-bar")).to_be_visible()
    expect(page.locator(".hedgesim-appbar")).to_have_count(0)
    expect(page.locator(".hedgesim-sidebar")).not_to_be_visible()
    page.wait_for_timeout(600)
    for part in (".hedgesim-presentation-bar .hedgesim-play", ".hedgesim-map", ".hedgesim-narration",
                 ".hedgesim-plot-alignment", ".hedgesim-plot-choices"):
        assert classroom.in_view(part), f"{part} is not on the presentation screen"
    page.locator(".hedgesim-presentation-bar .hedgesim-step-button").click()
    classroom.wait_quarter(3)
    classroom.screenshot("classroom_presenting")
    page.locator(".hedgesim-present-exit").click()
    expect(page.locator(".hedgesim-appbar")).to_be_visible()
    classroom.assert_clean()


# ----------------------------------------------------------------- defects 3 and 6
def test_3_6_every_quarter_is_shown_at_the_fastest_speed_and_the_end_says_what_next(classroom):
    page = classroom.page
    classroom.choose("hedgesim-speed-select", SPEEDS["fastest"][0])
    page.evaluate(RECORD_QUARTERS)
    started = time.perf_counter()
    page.locator(".hedgesim-play").click()
    expect(page.locator(".hedgesim-finished")).to_be_visible(timeout=90_000)
    seconds = time.perf_counter() - started
    expect(page.locator(".hedgesim-play")).to_have_text("▶")
    expect(page.locator(".hedgesim-play")).to_be_disabled()
    expect(page.locator(".hedgesim-status")).to_have_text("Finished: all 40 quarters played.")
    seen = page.evaluate("() => window.hedgesimSeen")
    assert seen == [f"Quarter {q} of 40" for q in range(1, 41)], "a quarter was skipped"
    assert seconds < 40, f"40 quarters took {seconds:.0f} s at the fastest speed"
    # News first: the routine (completed projects, offers taken) is folded, never in the news.
    news = page.evaluate("() => window.hedgesimNews")
    assert not [n for n in news if "projects worth" in n]
    expect(page.locator(".hedgesim-finished")).to_contain_text("What next?")
    expect(page.locator(".hedgesim-routine summary")).to_contain_text("routine")
    # Hover values: the quarter and every line's value under the pointer.
    plot = page.locator(".hedgesim-plot-alignment svg").bounding_box()
    page.mouse.move(plot["x"] + plot["width"] * 0.5, plot["y"] + plot["height"] * 0.45)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Quarter")
    expect(tooltip).to_contain_text("China")
    # Export: each figure as PNG or SVG, the run's data as CSV with its metadata.
    name, data = classroom.download(page.locator(".hedgesim-plot-alignment .hedgesim-export-png"))
    assert name == "hedgesim_alignment.png" and data.startswith(b"\x89PNG") and len(data) > 5000
    name, data = classroom.download(page.locator(".hedgesim-map .hedgesim-export-svg"))
    assert name.endswith(".svg") and b"<svg" in data[:200] and b"Middle Corridor" in data
    name, data = classroom.download(page.locator(".hedgesim-download", has_text="CSV"))
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert name == "classroom_baseline_seed0.csv" and len(rows) == 40
    assert rows[0]["scenario"] == "baseline" and rows[0]["seed"] == "0"
    assert rows[0]["hedgesim_version"] and rows[-1]["quarter"] == "2034Q4"
    classroom.screenshot("classroom_finished")
    classroom.assert_clean()


# ----------------------------------------------------------------- defect 1
def test_1_switching_scenario_or_reset_while_playing_stops_the_old_run_cleanly(classroom, app_url):
    page = classroom.page
    classroom.choose("hedgesim-speed-select", SPEEDS["fast"][0])
    page.locator(".hedgesim-play").click()
    classroom.wait_quarter(5)
    escalates = load_scenario("russian_pressure")
    classroom.choose_scenario(escalates.title)
    expect(page.locator(".hedgesim-narration")).to_contain_text("The game starts in 2025Q1")
    expect(page.locator(".hedgesim-status")).to_have_text("Ready: 40 quarters from 2025Q1.")
    expect(page.locator(".hedgesim-play")).to_have_text("▶")
    expect(page.locator(".hedgesim-play")).to_be_enabled()
    expect(page.locator(".hedgesim-step-button")).to_be_enabled()
    expect(classroom.slider_thumb("russia_grievance_value")).to_have_attribute(
        "aria-valuenow", f"{escalates.params['russia_grievance_value']:g}")
    # The old run stopped: nothing moves, and the server is idle.
    assert idle_cpu(app_url) < 0.6
    assert classroom.quarter() == 0
    expect(page.locator(".hedgesim-narration")).to_contain_text("previous run (2025 baseline")
    # The new scenario plays; Reset while it plays stops it too.
    page.locator(".hedgesim-play").click()
    classroom.wait_quarter(3)
    page.locator(".hedgesim-reset").click()
    expect(page.locator(".hedgesim-status")).to_have_text("Ready: 40 quarters from 2025Q1.")
    expect(page.locator(".hedgesim-play")).to_have_text("▶")
    assert idle_cpu(app_url, 2.0) < 0.5
    assert classroom.quarter() == 0
    expect(page.locator(".hedgesim-narration")).to_contain_text("previous run (Russia escalates")
    classroom.step(1)  # and it plays again
    assert classroom.quarter() == 1
    classroom.assert_clean()


# ----------------------------------------------------------------- defects 2 and 6
def test_2_6_a_run_survives_page_changes_and_reloads_and_moved_sliders_say_press_reset(
        classroom, browser, app_url):
    page = classroom.page
    wanes = load_scenario("eu_interest_wanes")
    classroom.choose_scenario(wanes.title)
    # Before the first quarter a slider applies at once ...
    thumb = classroom.slider_thumb("risk_weight")
    thumb.focus()
    thumb.press("ArrowRight")
    expect(thumb).to_have_attribute("aria-valuenow", "1.1")
    expect(page.locator(".hedgesim-changed-banner")).to_have_count(0)
    classroom.step(3)
    # ... during a run it waits for Reset, and says so.
    thumb.focus()
    thumb.press("ArrowRight")
    expect(page.locator(".hedgesim-slider-risk_weight label")).to_contain_text("changed, press Reset")
    expect(page.locator(".hedgesim-changed-banner")).to_contain_text("Changed — press Reset")
    # Another page and back, the browser's Back, a reload: the same run, where it was.
    for leave in ("menu", "back", "reload"):
        if leave == "reload":
            page.reload(wait_until="commit")
            classroom.errors.clear()  # the old page's teardown is not the new page's error
        else:
            page.locator(".hedgesim-nav-sweep").click()
            page.wait_for_selector(".hedgesim-sweep-controls")
            expect(page).to_have_url(re.compile(r"/sweep$"))
            if leave == "menu":
                page.locator(".hedgesim-nav-home").click()
            else:
                page.go_back()
        page.wait_for_selector(".hedgesim-narration")
        expect(page.locator(".hedgesim-step")).to_have_text("Quarter 3 of 40")
        expect(page.locator(".hedgesim-title").first).to_have_text(wanes.title)
        expect(page.locator(".hedgesim-changed-banner")).to_be_visible()
        expect(classroom.slider_thumb("risk_weight")).to_have_attribute("aria-valuenow", "1.2")
    page.wait_for_timeout(500)
    classroom.assert_clean()
    # Another tab (its own sessionStorage) has its own classroom.
    other = Classroom(browser, app_url, context=classroom.context)
    try:
        expect(other.page.locator(".hedgesim-title").first).to_have_text(scenarios()["baseline"].title)
        assert other.quarter() == 0
    finally:
        other.page.close()
    # Reset applies the slider and starts again, the old run kept as faint lines.
    page.locator(".hedgesim-reset").click()
    expect(page.locator(".hedgesim-changed-banner")).to_have_count(0)
    expect(page.locator(".hedgesim-narration")).to_contain_text("previous run (EU interest wanes, 3 quarters)")
    classroom.assert_clean()
