"""Shared fixtures: random points of the whole parameter space, and a way to run models."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import PARAMETERS


def draw_parameters(rng: np.random.Generator, worlds: int) -> dict[str, list[Any]]:
    """One independent uniform draw of every parameter per world, inside its schema range.

    Returns plain Python lists (floats, ints, strings), one value per world, so
    that world i's parameters can also be passed to a single run unchanged.
    """
    params: dict[str, list[Any]] = {}
    for name, p in PARAMETERS.items():
        if p.kind == "choice":
            params[name] = [p.choices[i] for i in rng.integers(0, len(p.choices), worlds)]
        elif p.kind == "int":
            params[name] = [int(v) for v in rng.integers(int(p.low), int(p.high) + 1, worlds)]
        else:
            params[name] = [float(v) for v in rng.uniform(p.low, p.high, worlds)]
    return params


def world_parameters(params: dict[str, list[Any]], world: int) -> dict[str, Any]:
    """World ``world``'s parameters as scalars, for a single run."""
    return {name: values[world] for name, values in params.items()}


def run(steps: int, **kwargs: Any) -> HedgingModel:
    """A model stepped ``steps`` quarters."""
    model = HedgingModel(**kwargs)
    for _ in range(steps):
        model.step()
    return model


@pytest.fixture
def parameter_draw():
    return draw_parameters


@pytest.fixture
def one_world():
    return world_parameters


@pytest.fixture
def run_model():
    return run


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes a few seconds (deselect with -m 'not slow')")


# ------------------------------------------------------------ the web app (browser tests)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The URL of a real ``hedgesim app`` server on a free port, stopped after the tests.

    Solara's asset proxy is pointed at a dead local address, so a front-end file
    missing from solara-assets fails visibly (404) instead of being fetched from a CDN.
    A closed tab's work stops 8 s after it closes (20 s in use), so tests need not wait long.
    The URL's ``pgid`` is the server's process group, to measure its CPU time.
    """
    from hedgesim.app.server import running_app

    log_path = tmp_path_factory.mktemp("app") / "server.log"
    with open(log_path, "w") as log:
        try:
            with running_app(log=log, env={"SOLARA_ASSETS_CDN": "http://127.0.0.1:9/",
                                           "HEDGESIM_TAB_GRACE_SECONDS": "8"}) as url:
                yield url
        except RuntimeError as error:
            pytest.fail(f"{error}; server log:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; fails (never skips) when it is missing."""
    import os

    from playwright.sync_api import expect

    # The machine's cores are shared: give the page time to answer before an expectation fails.
    expect.set_options(timeout=15_000)

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(apt-get install -y --no-install-recommends chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
