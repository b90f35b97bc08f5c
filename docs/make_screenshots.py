"""Screenshots of the app's pages for the README: ``python docs/make_screenshots.py``.

Starts ``hedgesim app`` on a free port, opens it in headless Debian Chromium
(/usr/bin/chromium) at projector size (1280 x 800) and writes, each in 256
colours (< 300 kB):

* docs/figures/classroom.png: "EU interest wanes", played for 12 quarters;
* docs/figures/sweep.png: the sweep page's default 21 x 21 x 10 heatmap
  (risk weight against dominance cap, mean hedging index);
* docs/figures/sensitivity.png: Morris screening of the mean hedging index over
  every numeric parameter (the sensitivity page's defaults).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from hedgesim.app.server import running_app

FIGURES = Path(__file__).parent / "figures"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCENARIO = "EU interest wanes"
QUARTERS = 12


def classroom(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".hedgesim-narration")
    page.locator(".hedgesim-scenario-select .v-field").click()
    page.locator(".v-overlay .v-list-item", has_text=SCENARIO).click()
    page.wait_for_selector(f".hedgesim-title:text-is('{SCENARIO}')")
    page.get_by_role("button", name="▶").click()
    page.wait_for_function(
        "q => { const e = document.querySelector('.hedgesim-step');"
        " return e && parseInt(e.innerText.split(' ')[1]) >= q; }", arg=QUARTERS)
    page.get_by_role("button", name="❚❚").click()
    page.wait_for_timeout(1500)


def run_page(path: str, chart: str):
    """A page that draws its chart after Run (the page's default settings)."""
    def show(page, url: str) -> None:
        page.goto(url + path)
        page.wait_for_selector(".hedgesim-run-button")
        page.locator(".hedgesim-run-button").click()
        page.wait_for_selector(f".hedgesim-{chart} img")
        page.wait_for_timeout(1000)
    return show


PAGES = {"classroom": classroom, "sweep": run_page("sweep", "heatmap"),
         "sensitivity": run_page("sensitivity", "bars")}


def main() -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, show in PAGES.items():
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(60_000)
            show(page, url)
            out = FIGURES / f"{name}.png"
            page.screenshot(path=out)
            page.close()
            # 256 colours (octree keeps the plots' colours): about 70 kB instead of 270 kB.
            Image.open(out).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(
                out, optimize=True)
            print(f"wrote {out} ({out.stat().st_size / 1000:.0f} kB)")
        browser.close()


if __name__ == "__main__":
    main()
