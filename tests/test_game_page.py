"""The Game page's logic without a browser: its words for each kind of equilibrium, its cache,
its figures (the browser test is tests/test_app_game_browser.py)."""

from __future__ import annotations

import numpy as np
import pytest

from hedgesim.analysis.egta import PLAYERS, STRATEGIES
from hedgesim.analysis.equilibria import PayoffTable, analyse
from hedgesim.app import game_page
from hedgesim.app.game_page import (GamePageSettings, GamePoint, compute, heatmap_png,
                                    slider_range, strip_png, strip_points, verdict)

SHAPE = (4, 3, 3, 3)


def point_of(kazakh: np.ndarray, china: np.ndarray | None = None) -> GamePoint:
    """A known game: Kazakhstan's and China's payoffs given, the EU's and Russia's constant."""
    payoffs = np.zeros(SHAPE + (4,))
    payoffs[..., 0] = kazakh
    if china is not None:
        payoffs[..., 1] = china
    table = PayoffTable.from_payoffs(payoffs, PLAYERS, STRATEGIES, "USD bn")
    return GamePoint(GamePageSettings(value=2.0), analyse(table, replicates=10, solvers=False), 0.0)


def kazakh_prefers(k: int) -> np.ndarray:
    pay = np.zeros(SHAPE)
    pay[k] = 1.0
    return pay


def test_verdict_when_hedging_is_the_equilibrium_strategy():
    text = verdict(point_of(kazakh_prefers(0)))
    assert text.startswith("At Risk weight ρ = 2, <b>hedging is an equilibrium strategy</b>")
    assert "hedge · market · strict · court" in text and "in 100% of bootstrap" in text


def test_verdict_when_kazakhstan_bandwagons():
    text = verdict(point_of(kazakh_prefers(1)))
    assert "hedging is <b>not</b> an equilibrium strategy: Kazakhstan plays <b>bandwagon_china</b>" in text


def test_verdict_when_there_is_no_pure_equilibrium():
    """Matching pennies between Kazakhstan (hedge or bandwagon_china) and China (market or coerce)."""
    k, c = np.indices(SHAPE)[:2]
    kazakh = np.where(k >= 2, -1.0, np.where(k == c, 1.0, 0.0))
    china = np.where(c == 2, -1.0, np.where((k < 2) & (k != c), 1.0, 0.0))
    point = point_of(kazakh, china)
    assert point.analysis.equilibria.empty
    text = verdict(point)
    assert "<b>no pure equilibrium</b>" in text
    # every profile of the pennies has regret 1; the first is the nearest, and one world
    # cannot tell a gain from noise
    assert "The nearest is <b>hedge · market · strict · court</b>" in text
    assert "(China → coerce) gains 1 USD bn, not significantly more than zero" in text
    # the same payoffs in 5 identical worlds: the gain is exact, so significant
    payoffs = np.zeros(SHAPE + (4,))
    payoffs[..., 0], payoffs[..., 1] = kazakh, china
    table = PayoffTable.from_samples(np.stack([payoffs] * 5), PLAYERS, STRATEGIES, "USD bn")
    exact = GamePoint(GamePageSettings(value=2.0), analyse(table, replicates=10, solvers=False), 0.0)
    assert "gains 1 USD bn, significantly more than zero." in verdict(exact)


def test_verdict_when_the_equilibria_disagree_on_kazakhstan():
    assert "Kazakhstan's strategy differs between equilibria" in verdict(point_of(np.zeros(SHAPE)))


def test_slider_moves_in_tenths_of_the_schema_range():
    assert slider_range("risk_weight") == (0.0, 5.0, 0.5)
    assert slider_range("china_coercion_cost") == (0.0, 10.0, 1.0)
    for name in game_page.SLIDER_PARAMETERS:
        low, high, step = slider_range(name)
        assert low < high and step > 0
    assert "dominance_cap" not in game_page.SLIDER_PARAMETERS   # a measurement: moves nothing


def test_compute_is_cached_per_value_and_fills_the_strip(monkeypatch):
    monkeypatch.setattr(game_page, "_CACHE", type(game_page._CACHE)())
    tiny = GamePageSettings(worlds=2, value=0.0)
    point = compute(tiny)
    assert point.table.worlds == 2 and point.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert compute(tiny) is point                       # no second simulation
    assert compute(GamePageSettings(worlds=2, value=1.0)) is not point
    other = compute(GamePageSettings(worlds=3, value=0.0))
    assert [p.settings.value for p in strip_points(tiny)] == [0.0, 1.0]
    assert strip_points(other.settings) == [other]
    assert strip_png(strip_points(tiny))[:8] == b"\x89PNG\r\n\x1a\n"
    assert heatmap_png(point)[:8] == b"\x89PNG\r\n\x1a\n"
    assert point.csv().count("\n") == 1 + 108 * 4


def test_a_cancelled_computation_returns_nothing_and_caches_nothing(monkeypatch):
    monkeypatch.setattr(game_page, "_CACHE", type(game_page._CACHE)())
    assert compute(GamePageSettings(worlds=2, value=3.0), cancelled=lambda: True) is None
    assert not game_page._CACHE


@pytest.mark.parametrize("value, expected", [(1.9999999999999998, 2.0), (0.30000000000000004, 0.3)])
def test_the_game_gets_the_slider_value_without_float_noise(value, expected):
    assert GamePageSettings(value=value).game().params == {"risk_weight": expected}
