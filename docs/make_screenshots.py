"""Screenshots of the app's pages for the README: ``python docs/make_screenshots.py``.

Starts ``hedgesim app`` on a free port, opens it in headless Debian Chromium
(/usr/bin/chromium) at projector size (1280 x 720) and writes, each in 256
colours (< 300 kB):

* docs/figures/classroom.png: "Russia escalates" played for 12 quarters, after
  20 quarters of the baseline (drawn faintly for comparison);
* docs/figures/classroom_presenting.png: the same in the full-screen
  presentation view;
* docs/figures/info.png: the Info page;
* docs/figures/sweep.png: the sweep page's default 21 x 21 x 10 heatmap
  (risk weight against dominance cap, mean hedging index);
* docs/figures/sensitivity.png: Morris screening of the mean hedging index over
  every numeric parameter (the sensitivity page's defaults).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from hedgesim.app.classroom_run import SPEEDS
from hedgesim.app.server import running_app

FIGURES = Path(__file__).parent / "figures"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCENARIO = "Russia escalates"
QUARTERS = 12
BEFORE = 20  # quarters of the baseline first, drawn faintly
PROJECTOR = {"width": 1280, "height": 720}


def choose(page, select: str, text: str) -> None:
    page.locator(f".{select} .v-field").click()
    page.locator(".v-overlay--active .v-list-item", has_text=text).click()
    page.wait_for_function(f"() => document.querySelector('.{select}').innerText.includes({text[:10]!r})")


def play(page, quarters: int) -> None:
    page.locator(".hedgesim-play").click()
    page.wait_for_function(
        "q => { const e = document.querySelector('.hedgesim-step');"
        " return e && parseInt(e.innerText.split(' ')[1]) >= q; }", arg=quarters)
    page.locator(".hedgesim-play").click()  # pause
    page.wait_for_function("() => document.querySelector('.hedgesim-play').innerText === '▶'")


def classroom(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".hedgesim-narration")
    choose(page, "hedgesim-speed-select", SPEEDS["fastest"][0])
    play(page, BEFORE)
    choose(page, "hedgesim-scenario-select", SCENARIO)
    page.wait_for_selector(f".hedgesim-title:text-is('{SCENARIO}')")
    play(page, QUARTERS)
    page.wait_for_timeout(1500)


def presenting(page, url: str) -> None:
    classroom(page, url)
    page.locator(".hedgesim-present-enter").click()
    page.wait_for_selector(".hedgesim-presentation-bar")
    page.wait_for_timeout(1500)


def info(page, url: str) -> None:
    page.goto(url + "info")
    page.wait_for_selector(".hedgesim-info")
    page.wait_for_timeout(800)


def run_page(path: str, chart: str):
    """A page that draws its chart after Run (the page's default settings)."""
    def show(page, url: str) -> None:
        page.goto(url + path)
        page.wait_for_selector(".hedgesim-run-button")
        page.locator(".hedgesim-run-button").click()
        page.wait_for_selector(f".hedgesim-{chart} img")
        page.wait_for_timeout(1000)
    return show


PAGES = {"classroom": classroom, "classroom_presenting": presenting, "info": info,
         "sweep": run_page("sweep", "heatmap"), "sensitivity": run_page("sensitivity", "bars")}


def main() -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, show in PAGES.items():
            context = browser.new_context(viewport=PROJECTOR)  # a session (and tab) of its own
            page = context.new_page()
            page.set_default_timeout(60_000)
            show(page, url)
            out = FIGURES / f"{name}.png"
            page.screenshot(path=out)
            context.close()
            # 256 colours (octree keeps the plots' colours): about 70 kB instead of 270 kB.
            Image.open(out).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(
                out, optimize=True)
            print(f"wrote {out} ({out.stat().st_size / 1000:.0f} kB)")
        browser.close()


if __name__ == "__main__":
    main()
