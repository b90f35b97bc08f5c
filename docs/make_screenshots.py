"""Screenshot of the classroom page for the README: ``python docs/make_screenshots.py``.

Starts ``hedgesim app`` on a free port, opens it in headless Debian Chromium
(/usr/bin/chromium) at projector size (1280 x 800), picks "EU interest wanes",
plays 12 quarters and writes docs/figures/classroom.png (256 colours, < 300 kB).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from hedgesim.app.server import running_app

OUT = Path(__file__).parent / "figures" / "classroom.png"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCENARIO = "EU interest wanes"
QUARTERS = 12


def main() -> None:
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(60_000)
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
        OUT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=OUT)
        browser.close()
    # 256 colours (octree keeps the plots' colours): about 70 kB instead of 270 kB.
    Image.open(OUT).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(
        OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()
