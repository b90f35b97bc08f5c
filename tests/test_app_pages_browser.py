"""The sweep and sensitivity pages in a real browser: headless Debian Chromium against ``hedgesim app``.

Like ``test_app_browser.py``: every test opens its own page (its own Solara
session) at projector size, records every request it makes and every error it
shows, and saves a screenshot to ``tests/screenshots/``. The full-size sweep
(21 x 21 points x 10 replications) also records how long its heatmap took to
appear after Run, in ``tests/screenshots/sweep_timing.txt``.
"""

from __future__ import annotations

import csv
import re
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from page_visit import SCREENSHOTS, PageVisit

from hedgesim.app.sensitivity_page import SensitivitySettings
from hedgesim.app.sweep_page import Axis, SweepSettings, chart, compute, parameter_label
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import NUMERIC, PARAMETERS



class AppPage(PageVisit):
    """The sweep or sensitivity page (or the classroom), with its form controls."""


    def choose(self, select: str, text: str) -> None:
        """Pick ``text`` in the drop-down with class ``select`` (its list scrolls: it is virtual)."""
        self.page.locator(f".{select} .v-field").click()
        item = self.page.locator(".v-overlay--active .v-list-item", has_text=text)
        listing = self.page.locator(".v-overlay--active .v-list").first
        for _ in range(60):
            if item.count():
                break
            listing.evaluate("list => { list.scrollTop += 200; }")
            self.page.wait_for_timeout(50)
        item.first.click()
        expect(self.page.locator(f".{select} .v-select__selection-text")).to_contain_text(text)

    def type_in(self, field: str, value: str, nth: int = 0) -> None:
        """Type into the text field with class ``field`` and press Enter (fields update on Enter)."""
        box = self.page.locator(f".{field} input").nth(nth)
        box.fill(value)
        box.press("Enter")

    def run(self, chart: str) -> float:
        """Press Run and wait for a new chart of class ``chart``; the seconds it took."""
        before = self.chart_source()
        started = time.perf_counter()
        self.page.locator(".hedgesim-run-button").click()
        self.page.wait_for_function(
            "([kind, before]) => { const img = document.querySelector(`.hedgesim-${kind} img`);"
            " return img && img.complete && img.naturalWidth > 0 && img.src !== before; }",
            arg=[chart, before], polling=20)
        return time.perf_counter() - started

    def chart_source(self) -> str:
        images = self.page.locator(".hedgesim-chart img")
        return images.first.get_attribute("src") if images.count() else ""

    def download(self) -> tuple[str, list[list[str]]]:
        """Press the CSV download button; the file's name and rows."""
        with self.page.expect_download() as info:
            self.page.locator(".hedgesim-download").click()
        download = info.value
        with open(download.path(), newline="") as file:
            return download.suggested_filename, list(csv.reader(file))

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.outside_requests() == []


@pytest.fixture
def sweep_page(browser, app_url):
    visit = AppPage(browser, app_url, "sweep", ".hedgesim-sweep-controls")
    yield visit
    visit.page.close()


@pytest.fixture
def sensitivity_page(browser, app_url):
    visit = AppPage(browser, app_url, "sensitivity", ".hedgesim-sensitivity-controls")
    yield visit
    visit.page.close()


# ------------------------------------------------------------------- sweep page
def test_sweep_page_loads_offline_with_no_error(sweep_page):
    page = sweep_page.page
    default = SweepSettings()
    expect(page.locator(".hedgesim-param-first .v-select__selection-text")).to_contain_text(
        parameter_label(default.x.name))
    expect(page.locator(".hedgesim-param-second .v-select__selection-text")).to_contain_text(
        parameter_label(default.y.name))
    # ranges default to the schema's
    assert page.locator(".hedgesim-low input").first.input_value() == f"{PARAMETERS[default.x.name].low}"
    assert page.locator(".hedgesim-high input").first.input_value() == f"{PARAMETERS[default.x.name].high}"
    expect(page.locator(".hedgesim-run-count")).to_contain_text("4,410 runs of 40 quarters")
    expect(page.locator(".hedgesim-placeholder")).to_be_visible()
    expect(page.locator(".hedgesim-nav-active")).to_have_text("Sweep")
    page.wait_for_timeout(1000)  # late requests (fonts, lazy scripts)
    sweep_page.screenshot("sweep_start")
    sweep_page.assert_clean()
    assert any(urlparse(url).path.startswith("/_solara/cdn/") for url in sweep_page.requests)


def test_full_size_sweep_draws_its_heatmap_in_seconds_and_downloads_its_runs(sweep_page):
    """21 x 21 points x 10 replications = 4,410 runs of 40 quarters (the page's defaults)."""
    seconds = sweep_page.run("heatmap")
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "sweep_timing.txt").write_text(
        f"21 x 21 x 10 sweep (4,410 runs, 40 quarters): heatmap shown {seconds:.2f} s after Run "
        f"(headless Chromium, {time.strftime('%Y-%m-%d %H:%M')})\n")
    print(f"heatmap after {seconds:.2f} s")
    assert seconds < 15, f"the heatmap took {seconds:.1f} s (target: under 3 s)"
    expect(sweep_page.page.locator(".hedgesim-caption")).to_contain_text("Each cell is the average of 10 runs")
    name, rows = sweep_page.download()
    assert name == "sweep_baseline_risk_weight_dominance_cap.csv"
    header, body = rows[0], rows[1:]
    assert header == ["run", "point", "replication", "seed", "risk_weight", "dominance_cap",
                      *OUTCOMES]
    assert len(body) == 21 * 21 * 10
    assert sorted({int(row[0]) for row in body}) == list(range(4410))
    risk = sorted({float(row[4]) for row in body})
    assert len(risk) == 21 and risk[0] == 0.0 and risk[-1] == 5.0
    sweep_page.page.wait_for_timeout(300)
    sweep_page.screenshot("sweep_heatmap")
    sweep_page.assert_clean()


def test_one_parameter_sweep_draws_a_line_with_its_band_and_redraws_for_another_outcome(sweep_page):
    page = sweep_page.page
    page.locator(".hedgesim-two input").uncheck()
    expect(page.locator(".hedgesim-param-second")).to_have_count(0)
    sweep_page.choose("hedgesim-param-first", parameter_label("planning_horizon"))
    expect(page.locator(".hedgesim-high input").first).to_have_value("40.0")  # the schema's range
    sweep_page.type_in("hedgesim-low", "2")
    sweep_page.type_in("hedgesim-high", "20")
    sweep_page.type_in("hedgesim-num", "10")
    sweep_page.type_in("hedgesim-replications", "5")
    expect(page.locator(".hedgesim-run-count")).to_contain_text("50 runs")
    sweep_page.run("line")
    caption = page.locator(".hedgesim-caption")
    expect(caption).to_contain_text("95 % confidence interval")
    expect(caption).to_contain_text("Planning horizon")
    line = sweep_page.chart_source()
    name, rows = sweep_page.download()
    assert name == "sweep_baseline_planning_horizon.csv"
    assert rows[0][:5] == ["run", "point", "replication", "seed", "planning_horizon"]
    assert len(rows) - 1 == 50
    assert {int(row[4]) for row in rows[1:]} == {2, 4, 6, 8, 10, 12, 14, 16, 18, 20}
    sweep_page.choose("hedgesim-outcome-select", "Final dependency HHI")  # no new run needed
    page.wait_for_function("before => document.querySelector('.hedgesim-line img').src !== before",
                           arg=line)
    expect(caption).to_contain_text("Concentration of foreign-controlled infrastructure")
    page.wait_for_timeout(300)
    sweep_page.screenshot("sweep_line")
    sweep_page.assert_clean()


def test_a_refused_setting_is_one_line_on_the_page_and_a_long_sweep_shows_progress(sweep_page):
    page = sweep_page.page
    sweep_page.type_in("hedgesim-low", "4")
    sweep_page.type_in("hedgesim-high", "1")
    page.locator(".hedgesim-run-button").click()
    expect(page.locator(".hedgesim-error")).to_have_text(
        "vary.risk_weight: empty range: low 4 must be below high 1")
    expect(page.locator(".hedgesim-chart")).to_have_count(0)
    sweep_page.type_in("hedgesim-high", "9")
    page.locator(".hedgesim-run-button").click()
    expect(page.locator(".hedgesim-error")).to_contain_text("leaves the allowed a number from 0 to 5")
    # put right, and larger (21 x 21 x 40 = 17,640 runs in 10 chunks): the progress bar shows
    sweep_page.type_in("hedgesim-low", "0")
    sweep_page.type_in("hedgesim-high", "5")
    sweep_page.type_in("hedgesim-replications", "40")
    page.locator(".hedgesim-run-button").click()
    expect(page.locator(".hedgesim-progress")).to_be_visible()
    expect(page.locator(".hedgesim-progress-text")).to_contain_text("Running 17,640 runs")
    expect(page.locator(".hedgesim-error")).to_have_count(0)
    page.wait_for_selector(".hedgesim-heatmap img")
    expect(page.locator(".hedgesim-progress")).to_have_count(0)
    sweep_page.assert_clean()


def test_line_chart_has_a_band_and_heatmap_a_colour_bar():
    """What the browser shows as a PNG, checked on the matplotlib figure itself."""
    from matplotlib.collections import PolyCollection, QuadMesh

    one = compute(SweepSettings(x=Axis("risk_weight", 0, 5, 6), y=None, replications=4))
    ax = chart(one, "mean_hedging_index").axes[0]
    assert any(isinstance(c, PolyCollection) for c in ax.collections), "no confidence band"
    assert ax.get_xlabel() == "Risk weight ρ" and "index 0-1" in ax.get_ylabel()
    two = compute(SweepSettings(x=Axis("risk_weight", 0, 5, 4), y=Axis("transit_tariff", 0, 150, 3),
                                replications=2))
    fig = chart(two, "final_transit_mt")
    ax, bar = fig.axes
    assert any(isinstance(c, QuadMesh) for c in ax.collections)
    assert ax.get_ylabel() == "Transit tariff (USD per tonne)"
    assert bar.get_ylabel() == "Final transit Mt (Mt/yr)"


# ------------------------------------------------------------- sensitivity page
def test_sensitivity_page_draws_morris_bars_and_downloads_the_indices(sensitivity_page):
    page = sensitivity_page.page
    expect(page.locator(".hedgesim-nav-active")).to_have_text("Sensitivity")
    expect(page.locator(".hedgesim-method-select")).to_contain_text("Morris")
    expect(page.locator(".hedgesim-run-count")).to_contain_text(
        f"{len(NUMERIC)} parameters over their schema ranges, {SensitivitySettings().runs:,} runs")
    sensitivity_page.screenshot("sensitivity_start")
    sensitivity_page.run("bars")
    expect(page.locator(".hedgesim-caption").last).to_contain_text("μ*")
    name, rows = sensitivity_page.download()
    assert name == "sensitivity_morris_baseline_mean_hedging_index.csv"
    assert rows[0] == ["outcome", "parameter", "label", "with", "index", "value", "conf", "n"]
    assert len(rows) - 1 == 3 * len(NUMERIC)  # mu_star, sigma and mu of every parameter
    assert {row[1] for row in rows[1:]} == set(NUMERIC)
    page.wait_for_timeout(300)
    sensitivity_page.screenshot("sensitivity_morris")
    sensitivity_page.assert_clean()


def test_sensitivity_page_runs_sobol_with_a_progress_bar(sensitivity_page):
    page = sensitivity_page.page
    sensitivity_page.choose("hedgesim-method-select", "Sobol")
    expect(page.locator(".hedgesim-samples-select")).to_contain_text("128 base samples")
    sensitivity_page.choose("hedgesim-outcome-select", "Final middle corridor share")
    page.locator(".hedgesim-run-button").click()
    expect(page.locator(".hedgesim-progress")).to_be_visible()
    expect(page.locator(".hedgesim-run-button")).to_be_disabled()
    page.wait_for_selector(".hedgesim-bars img")
    expect(page.locator(".hedgesim-progress")).to_have_count(0)
    expect(page.locator(".hedgesim-caption").last).to_contain_text("S1")
    name, rows = sensitivity_page.download()
    assert name == "sensitivity_sobol_baseline_final_middle_corridor_share.csv"
    assert len(rows) - 1 == 2 * len(NUMERIC)  # S1 and ST
    page.wait_for_timeout(300)
    sensitivity_page.screenshot("sensitivity_sobol")
    sensitivity_page.assert_clean()


def test_the_menu_moves_between_the_pages_and_back_without_error(browser, app_url):
    visit = AppPage(browser, app_url, "", ".hedgesim-narration")
    try:
        visit.page.locator(".hedgesim-nav-sweep").click()
        visit.page.wait_for_selector(".hedgesim-sweep-controls")
        # The router may update the address just after the page renders: wait for it.
        expect(visit.page).to_have_url(re.compile(r"/sweep$"))
        visit.page.locator(".hedgesim-nav-sensitivity").click()
        visit.page.wait_for_selector(".hedgesim-sensitivity-controls")
        visit.page.locator(".hedgesim-nav-home").click()  # the theme toggle mounts again ...
        visit.page.wait_for_selector(".hedgesim-narration")
        visit.page.wait_for_timeout(500)
        visit.assert_clean()
        # ... and again in a reloaded page, with a stored theme (layout.fix_theme_toggle). The old
        # page's teardown (its socket, aborted requests) is not the new page's error: start afresh.
        visit.page.reload(wait_until="commit")
        visit.errors.clear()
        visit.page.wait_for_selector(".hedgesim-narration")
        visit.page.wait_for_timeout(1000)
        visit.assert_clean()
    finally:
        visit.page.close()
