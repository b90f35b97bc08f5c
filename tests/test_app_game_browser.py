"""The Game page in a real browser: headless Debian Chromium against ``hedgesim app``, offline.

Like the other browser tests: the page records every request it makes and every error it
shows, and saves screenshots to ``tests/screenshots/``. The time from a slider move to the
new heatmap is written to ``tests/screenshots/game_timing.txt``.
"""

from __future__ import annotations

import csv
import re
import time

import pytest
from playwright.sync_api import expect

from page_visit import SCREENSHOTS, PageVisit

from hedgesim.analysis.egta import PLAYERS, STRATEGIES
from hedgesim.app.game_page import DEFAULT_WORLDS

HEATMAP = ".hedgesim-game-heatmap img"
SLOW_MS = 180_000   # one value: 2,160 runs of 40 quarters; minutes only on a very busy machine


@pytest.fixture
def game_page(browser, app_url):
    visit = PageVisit(browser, app_url, "game", ".hedgesim-game-controls")
    yield visit
    visit.page.close()


def new_heatmap(visit: PageVisit, before: str | None) -> float:
    """Wait until the heatmap's image differs from ``before``; the seconds it took."""
    started = time.perf_counter()
    visit.page.wait_for_function(
        "([selector, before]) => { const img = document.querySelector(selector);"
        " return img && img.complete && img.naturalWidth > 0 && img.src !== before; }",
        arg=[HEATMAP, before or ""], polling=50, timeout=SLOW_MS)
    return time.perf_counter() - started


def test_the_game_page_shows_the_heatmap_and_the_equilibrium_moves_with_the_slider(game_page):
    page = game_page.page
    expect(page.locator(".hedgesim-nav-active")).to_have_text("Game")
    expect(page.locator(".hedgesim-run-count")).to_contain_text(
        f"{108 * DEFAULT_WORLDS:,} runs of 40 quarters")
    first = new_heatmap(game_page, None)
    verdict = page.locator(".hedgesim-verdict")
    expect(verdict).to_contain_text("Risk weight ρ = 1")
    expect(verdict).to_contain_text(re.compile(r"equilibri|no pure equilibrium"))
    expect(page.locator(".hedgesim-caption").first).to_contain_text("gold star")
    before = page.locator(HEATMAP).get_attribute("src")
    game_page.screenshot("game_start")
    thumb = page.locator(".hedgesim-slider .v-slider-thumb")
    thumb.focus()
    thumb.press("ArrowRight")
    thumb.press("ArrowRight")          # two steps of 0.5: a risk weight of 2
    moved = new_heatmap(game_page, before)
    expect(verdict).to_contain_text("Risk weight ρ = 2")
    # The strip collects the values computed so far (1 and 2; 1.5 may have been cancelled).
    expect(page.locator(".hedgesim-game-strip img")).to_be_visible()
    expect(page.locator(".hedgesim-game-seconds")).to_contain_text("runs simulated and solved in")
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "game_timing.txt").write_text(
        f"Game page, {DEFAULT_WORLDS} worlds per profile (2,160 runs of 40 quarters): first heatmap "
        f"{first:.1f} s after the page opened, {moved:.1f} s after two slider steps "
        f"(headless Chromium, {time.strftime('%Y-%m-%d %H:%M')})\n")
    # Back to 1: computed before, so the heatmap comes back at once.
    after = page.locator(HEATMAP).get_attribute("src")
    thumb.press("ArrowLeft")
    thumb.press("ArrowLeft")
    back = new_heatmap(game_page, after)
    expect(verdict).to_contain_text("Risk weight ρ = 1")
    assert back < 10, f"a cached value took {back:.1f} s"
    page.wait_for_timeout(300)
    game_page.screenshot("game_moved")
    assert game_page.errors == []
    assert game_page.outside_requests() == []


def test_the_payoff_table_downloads_and_another_parameter_takes_the_slider(game_page):
    page = game_page.page
    new_heatmap(game_page, None)
    with page.expect_download() as info:
        page.locator(".hedgesim-download").click()
    download = info.value
    assert download.suggested_filename == f"game_baseline_risk_weight_1_{DEFAULT_WORLDS}worlds.csv"
    with open(download.path(), newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:5] == [*PLAYERS, "player"] and {"mean", "low", "high"} <= set(rows[0])
    assert len(rows) - 1 == 108 * 4
    assert {r[0] for r in rows[1:]} == set(STRATEGIES[0])
    # Another parameter: the slider takes its range and the scenario's value, and the game reruns.
    before = page.locator(HEATMAP).get_attribute("src")
    page.locator(".hedgesim-game-parameter .v-field").click()
    page.locator(".v-overlay--active .v-list-item", has_text="China's coercion cost").first.click()
    new_heatmap(game_page, before)
    expect(page.locator(".hedgesim-verdict")).to_contain_text("China's coercion cost = 0.5")
    expect(page.locator(".hedgesim-slider")).to_contain_text("China's coercion cost (USD bn per episode)")
    page.wait_for_timeout(300)
    assert game_page.errors == []
    assert game_page.outside_requests() == []
