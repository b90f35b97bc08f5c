"""A room of students: the classroom page played by one, then by ten headless browsers at once.

    python benchmarks/bench_classroom.py [--sessions 10] [--speed fastest] [--quarters 40]

Starts ``hedgesim app`` on a free port and drives Debian's Chromium
(/usr/bin/chromium, headless) with Playwright, on this machine: the browsers
share its cores with the server, as they would not in a classroom.

1. One session plays a run at the chosen speed ("fastest": each quarter as soon
   as the browser has shown the last one). Reported: the **server's CPU time
   per quarter** (user + system time of the server's processes over the run,
   divided by the quarters played: everything the server does for a quarter —
   the model step, the page's update, the messages) and the wall time between
   quarters as the page shows them.
2. ``--sessions`` pages, each in its own browser context (its own session, as
   ten students' computers would be), are loaded, set to the speed, and all
   press ▶ together. Each page records when each quarter appears. Reported:
   the time between consecutive quarters over every page (median, 95th
   percentile, worst), every quarter shown in every page (none skipped), and
   the server's CPU time per quarter.

The targets (issue 12): at most 0.3 s of server time per quarter for one
session; each quarter under 1 s with ten sessions on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from hedgesim.app.classroom_run import SPEEDS
from hedgesim.app.server import cpu_seconds, running_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows"]
RECORD = """() => {
  window.hedgesimTimes = []; window.hedgesimSeen = [];
  const grab = () => {
    const e = document.querySelector('.hedgesim-step');
    const text = e ? e.innerText : '';
    if (text && window.hedgesimSeen[window.hedgesimSeen.length - 1] !== text) {
      window.hedgesimSeen.push(text); window.hedgesimTimes.push(performance.now());
    }
  };
  new MutationObserver(grab).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def open_page(browser, url: str, speed: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.goto(url)
    page.wait_for_selector(".hedgesim-narration")
    page.locator(".hedgesim-speed-select .v-field").click()
    page.locator(".v-overlay--active .v-list-item", has_text=SPEEDS[speed][0]).click()
    page.wait_for_function(f"() => document.querySelector('.hedgesim-speed-select').innerText"
                           f".includes({SPEEDS[speed][0][:8]!r})")
    page.evaluate(RECORD)
    return context, page


STALL_SECONDS = 60.0  # a room where no page shows a new quarter for this long has stalled


def browser_cpu(session) -> float:
    """CPU seconds used so far by the browser's processes (Chrome's own count)."""
    return sum(p["cpuTime"] for p in session.send("SystemInfo.getProcessInfo")["processInfo"])


def play(pages, quarters: int, pgid: int, session) -> tuple[float, float, float]:
    """Press ▶ in every page; wait until each shows ``quarters``.

    Returns the wall seconds, the server's CPU seconds and the browsers' CPU seconds.
    """
    cpu, browsers, started = cpu_seconds(pgid), browser_cpu(session), time.perf_counter()
    for page in pages:
        page.locator(".hedgesim-play").click()
    progress, moved = [0] * len(pages), time.perf_counter()
    while min(progress) < quarters:
        time.sleep(0.5)
        if all(page.locator(".hedgesim-status").inner_text().startswith("Finished") for page in pages):
            break  # every run has ended (a page that missed a quarter is reported by the caller)
        now = [page.evaluate("() => (window.hedgesimSeen || []).length") for page in pages]
        if now != progress:
            progress, moved = now, time.perf_counter()
        elif time.perf_counter() - moved > STALL_SECONDS:
            states = [page.locator(".hedgesim-status").inner_text() for page in pages]
            raise RuntimeError(f"no page moved for {STALL_SECONDS:.0f} s: quarters shown "
                               f"{progress}, status {states}")
    return (time.perf_counter() - started, cpu_seconds(pgid) - cpu,
            browser_cpu(session) - browsers)


def intervals(page) -> tuple[list[float], list[str]]:
    times = page.evaluate("() => window.hedgesimTimes")
    return [(b - a) / 1000 for a, b in zip(times, times[1:])], page.evaluate("() => window.hedgesimSeen")


def latencies(page, quarters: int) -> list[float]:
    """Seconds from the server beginning each played quarter to the browser showing it."""
    frames = page.evaluate("() => window.hedgesimFrames || []")
    return [(shown - started) / 1000 for _, started, shown in frames[-quarters:] if started]


def describe(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (f"median {statistics.median(values):.2f} s, 95th percentile {p95:.2f} s, "
            f"worst {max(values):.2f} s")


def room(browser, url, sessions: int, speed: str, quarters: int) -> tuple[dict, bool]:
    """``sessions`` pages play together at ``speed``: their timings, and whether none skipped a quarter."""
    opened = [open_page(browser, url, speed) for _ in range(sessions)]
    pages = [page for _, page in opened]
    load = os.getloadavg()[0]
    wall, cpu, browsers = play(pages, quarters, url.pgid, browser.new_browser_cdp_session())
    gaps, delays, complete = [], [], True
    for page in pages:
        page_gaps, seen = intervals(page)
        gaps += page_gaps
        delays += latencies(page, quarters)
        complete &= seen == [f"Quarter {q} of {quarters}" for q in range(1, quarters + 1)]
        if seen != [f"Quarter {q} of {quarters}" for q in range(1, quarters + 1)]:
            shown = {int(text.split()[1]) for text in seen}
            print(f"  a page did not show quarters {sorted(set(range(1, quarters + 1)) - shown)}",
                  flush=True)
    for context, _ in opened:
        context.close()
    return {"gaps": gaps, "latency": delays, "cpu": cpu / (quarters * sessions), "wall": wall,
            "load": load, "browser_cpu": browsers / (quarters * sessions),
            "cores": (cpu + browsers) / wall}, complete


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--speed", choices=list(SPEEDS), default="normal",
                        help="the room's speed (default: the page's, a quarter a second)")
    parser.add_argument("--quarters", type=int, default=40)
    args = parser.parse_args()
    print(f"classroom benchmark: {os.cpu_count()} CPUs, load average before {os.getloadavg()[0]:.1f} "
          f"(other work on the machine competes for the same cores), "
          f"{args.quarters} quarters", flush=True)
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        one, _ = room(browser, url, 1, "fastest", args.quarters)
        print(f"1 session, fastest: server CPU {one['cpu'] * 1000:.0f} ms per quarter (the browser "
              f"{one['browser_cpu'] * 1000:.0f} ms); a quarter "
              f"from the server's start to the browser's display: {describe(one['latency'])}; "
              f"between quarters: {describe(one['gaps'])}", flush=True)
        many, complete = room(browser, url, args.sessions, args.speed, args.quarters)
        print(f"{args.sessions} sessions at once, {SPEEDS[args.speed][0]!r} (load average "
              f"{many['load']:.1f} at the start): a quarter from the server's start to the "
              f"browser's display: {describe(many['latency'])}; between quarters: "
              f"{describe(many['gaps'])}; every quarter shown in every page: "
              f"{'yes' if complete else 'NO'}; CPU per quarter per session: server "
              f"{many['cpu'] * 1000:.0f} ms, browser {many['browser_cpu'] * 1000:.0f} ms; server and "
              f"browsers together kept {many['cores']:.2f} cores busy", flush=True)
        fast, fast_complete = room(browser, url, args.sessions, "fastest", args.quarters)
        print(f"{args.sessions} sessions at once, fastest (each page as fast as it can draw, the "
              f"ten browsers on the server's cores): a quarter: {describe(fast['latency'])}; "
              f"between quarters: {describe(fast['gaps'])}; every quarter shown: "
              f"{'yes' if fast_complete else 'NO'}; CPU per quarter per session: server "
              f"{fast['cpu'] * 1000:.0f} ms, browser {fast['browser_cpu'] * 1000:.0f} ms; "
              f"{fast['cores']:.2f} cores busy", flush=True)
        browser.close()
    ok = one["cpu"] <= 0.3 and complete and max(many["latency"]) < 1.0
    print(f"targets (at most 0.3 s of server time per quarter for one session; each quarter under "
          f"1 s with {args.sessions} sessions): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
