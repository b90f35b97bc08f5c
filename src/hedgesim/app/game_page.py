"""The game page: is hedging an equilibrium, and when does it stop being one?

Pick a scenario and see Kazakhstan's payoff under each of its four strategies
against each of the 27 profiles of the powers' strategies, as a heatmap: a dot
marks Kazakhstan's best reply to each profile, a star the pure Nash equilibria of
the four-player game. Move the slider (the risk weight by default, or another
parameter) and the page simulates the 108 profiles again with a small number of
worlds (common random numbers, the same seeds at every value) and redraws: the
star moves when the equilibrium does. A strip underneath collects Kazakhstan's
equilibrium strategy at every value computed so far: a phase diagram, filled in
by moving the slider.

Everything runs through ``hedgesim.analysis.egta`` (the sweep runner, the payoff
table, numpy's pure equilibria and bootstrap; pygambit is not needed here). Results
are kept per scenario, parameter, value and worlds for the server's life, so moving
back to a value is instant. ``compute(settings)`` then ``heatmap_png(point)`` is what
the page does after a move; ``benchmarks/bench_game_page.py`` times it.
"""

from __future__ import annotations

import html
import io
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import solara
from matplotlib.figure import Figure
from solara.lab import task

from hedgesim.analysis.egta import KAZAKHSTAN, STRATEGIES, UNIT, GameSettings, play
from hedgesim.analysis.equilibria import (CAVEAT, EquilibriumAnalysis, payoff_heatmap,
                                          phase_diagram, phase_point)
from hedgesim.app.download import Download
from hedgesim.app.layout import Main, Sidebar
from hedgesim.app.scenario_panel import ScenarioPicker, scenarios
from hedgesim.app.sweep_page import CSS, FONT, parameter_label, png_image, unit_text
from hedgesim.game.parameters import PARAMETERS, defaults

# Parameters the slider can move: each changes someone's payoff or choices (the dominance cap
# is a measurement only, so it is not offered).
SLIDER_PARAMETERS = ("risk_weight", "china_coercion_cost", "russia_grievance_value",
                     "project_complementarity", "binding_dampening", "sanctions_level",
                     "rationality")
SLIDER_STEPS = 10            # the slider moves in tenths of the parameter's schema range
WORLD_CHOICES = (10, 20, 50, 100)
DEFAULT_WORLDS = 20          # 2,160 runs a move: a few seconds (benchmarks/README.md)
SEED = 1
REPLICATES = 200             # bootstrap replicates (numpy: a few milliseconds)
CACHE_SIZE = 128

GAME_CSS = """
.hedgesim-verdict { font-size: 1.25rem; line-height: 1.4; margin: 8px 4px; color: #111; }
.hedgesim-verdict b { font-weight: 700; }
.v-theme--dark .hedgesim-verdict { color: inherit; }
.hedgesim-slider .v-slider-thumb__label { font-size: 0.9rem; }
"""


# ------------------------------------------------------------------ settings
def slider_range(name: str) -> tuple[float, float, float]:
    """(low, high, step) of the slider: the schema's range in ``SLIDER_STEPS`` steps."""
    p = PARAMETERS[name]
    step = (p.high - p.low) / SLIDER_STEPS
    return float(p.low), float(p.high), float(step)


def scenario_value(scenario: str, name: str) -> float:
    return float({**defaults(), **scenarios()[scenario].params}[name])


@dataclass(frozen=True)
class GamePageSettings:
    """What the page's controls set: the game at one value of one parameter."""

    scenario: str = "baseline"
    parameter: str = "risk_weight"
    value: float = 1.0
    worlds: int = DEFAULT_WORLDS
    seed: int = SEED

    @classmethod
    def at_scenario(cls, scenario: str = "baseline", parameter: str = "risk_weight",
                    worlds: int = DEFAULT_WORLDS) -> GamePageSettings:
        """The scenario's own value of the parameter."""
        return cls(scenario, parameter, scenario_value(scenario, parameter), worlds)

    @property
    def runs(self) -> int:
        return self.worlds * int(np.prod([len(s) for s in STRATEGIES]))

    def game(self) -> GameSettings:
        value = round(float(self.value), 10)   # the slider's float steps, without their noise
        if PARAMETERS[self.parameter].kind == "int":
            value = int(round(value))
        return GameSettings(self.scenario, worlds=self.worlds, seed=self.seed,
                            params={self.parameter: value})

    def strip_key(self) -> tuple:
        """Points of one phase strip: everything but the value."""
        return (self.scenario, self.parameter, self.worlds, self.seed)


@dataclass
class GamePoint:
    """The game analysed at one value: its table, analysis and heatmap."""

    settings: GamePageSettings
    analysis: EquilibriumAnalysis
    seconds: float
    png: bytes = b""

    @property
    def table(self):
        return self.analysis.table

    def csv(self) -> str:
        return self.analysis.payoffs.to_csv(index=False)

    def filename(self) -> str:
        s = self.settings
        return f"game_{s.scenario}_{s.parameter}_{s.value:g}_{s.worlds}worlds.csv"


_CACHE: OrderedDict[GamePageSettings, GamePoint] = OrderedDict()
_LOCK = threading.Lock()


def cached(settings: GamePageSettings) -> GamePoint | None:
    with _LOCK:
        point = _CACHE.get(settings)
        if point is not None:
            _CACHE.move_to_end(settings)
        return point


def strip_points(settings: GamePageSettings) -> list[GamePoint]:
    """Every cached point of the settings' strip, by value."""
    with _LOCK:
        points = [p for s, p in _CACHE.items() if s.strip_key() == settings.strip_key()]
    return sorted(points, key=lambda p: p.settings.value)


def compute(settings: GamePageSettings, on_progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] = lambda: False) -> GamePoint | None:
    """Simulate and analyse the game at the settings' value (cached); None if cancelled."""
    point = cached(settings)
    if point is not None:
        return point
    started = time.perf_counter()
    result = play(settings.game(), None, progress=False, replicates=REPLICATES, solvers=False,
                  on_progress=on_progress, should_stop=cancelled)
    if result is None:
        return None
    point = GamePoint(settings, result.analysis, 0.0)
    point.png = heatmap_png(point)
    point.seconds = time.perf_counter() - started
    with _LOCK:
        _CACHE[settings] = point
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return point


# ------------------------------------------------------------------ figures and words
def heatmap_figure(point: GamePoint) -> Figure:
    """Kazakhstan's payoff heatmap, sized and lettered for a projector."""
    fig = Figure(figsize=(12.5, 5.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    payoff_heatmap(point.table, KAZAKHSTAN, ax=ax)
    ax.tick_params(axis="y", labelsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT - 4)
    ax.xaxis.label.set_fontsize(FONT)
    ax.yaxis.label.set_fontsize(FONT)
    legend = ax.get_legend()
    if legend is not None:
        for text in legend.get_texts():
            text.set_fontsize(FONT - 2)
    for extra in fig.axes[1:]:           # the colour bar
        extra.yaxis.label.set_fontsize(FONT - 2)
        extra.tick_params(labelsize=FONT - 3)
    s = point.settings
    ax.set_title(f"{parameter_label(s.parameter)} = {s.value:g}: Kazakhstan's mean payoff over "
                 f"{s.worlds} worlds, against each profile of the powers", loc="left",
                 fontsize=FONT + 1, pad=28)
    return fig


def heatmap_png(point: GamePoint) -> bytes:
    buffer = io.BytesIO()
    heatmap_figure(point).savefig(buffer, format="png")
    return buffer.getvalue()


def strip_figure(points: list[GamePoint]) -> Figure:
    """Kazakhstan's equilibrium strategy at every value computed so far (a 1-D phase diagram)."""
    name = points[0].settings.parameter
    rows = pd.DataFrame([{name: p.settings.value, **phase_point(p.analysis, KAZAKHSTAN)}
                         for p in points])
    fig = Figure(figsize=(12.5, 2.3), dpi=100, layout="constrained")
    ax = fig.subplots()
    phase_diagram(rows, name, strategies=STRATEGIES[0], player=KAZAKHSTAN, ax=ax)
    low, high, step = slider_range(name)
    ax.set_xlim(low - step / 2, high + step / 2)
    unit = unit_text(PARAMETERS[name].unit)
    ax.set_xlabel(parameter_label(name) + (f" ({unit})" if unit else ""), fontsize=FONT)
    ax.tick_params(labelsize=FONT - 2)
    ax.set_title("Kazakhstan's strategy in equilibrium at the values computed so far",
                 loc="left", fontsize=FONT)
    return fig


def strip_png(points: list[GamePoint]) -> bytes:
    buffer = io.BytesIO()
    strip_figure(points).savefig(buffer, format="png")
    return buffer.getvalue()


def verdict(point: GamePoint) -> str:
    """One sentence (HTML): Kazakhstan's strategy in the equilibria, and how sure we are."""
    s, analysis = point.settings, point.analysis
    at = f"{html.escape(parameter_label(s.parameter))} = {s.value:g}"
    eq = analysis.equilibria
    if eq.empty:
        # The nearest profile, and whether its best deviation's gain is more than noise: with
        # few worlds a clear equilibrium of the 1,000-world game can miss by a sampling error.
        profiles = analysis.profiles
        near = profiles.loc[profiles["regret"].idxmin()]
        noise = ("not significantly more than zero: an equilibrium up to the sampling noise of "
                 f"{analysis.table.worlds} worlds (more worlds would decide it)"
                 if not near["significant"] else "significantly more than zero")
        return (f"At {at} the game has <b>no pure equilibrium</b>: in every profile some player "
                f"gains by switching strategy alone. The nearest is "
                f"<b>{html.escape(near['profile'])}</b>, where the best switch "
                f"({html.escape(str(near['best_deviation']))}) gains {near['regret']:.2g} {UNIT}, "
                f"{noise}.")
    phase = phase_point(analysis, KAZAKHSTAN)
    parts = []
    for row in eq.itertuples():
        parts.append(f"<b>{html.escape(row.profile)}</b> (in {row.support:.0%} of bootstrap "
                     f"resamples of the worlds)")
    if phase["strategy"] == "hedge":
        head = f"At {at}, <b>hedging is an equilibrium strategy</b>"
    elif phase["strategy"] == "several":
        head = f"At {at}, Kazakhstan's strategy differs between equilibria"
    else:
        head = (f"At {at}, hedging is <b>not</b> an equilibrium strategy: Kazakhstan plays "
                f"<b>{html.escape(phase['strategy'])}</b>")
    word = "equilibrium" if len(eq) == 1 else "equilibria"
    return f"{head}. Pure Nash {word} (Kazakhstan · China · EU · Russia): " + "; ".join(parts) + "."


def caption(point: GamePoint) -> str:
    s = point.settings
    scenario = html.escape(scenarios()[s.scenario].title)
    return (f"Rows: Kazakhstan's four strategies. Columns: the 27 profiles of China's, the EU's "
            f"and Russia's strategies. Colour: Kazakhstan's payoff, its risk-adjusted utility "
            f"summed over {point.analysis.table.worlds} worlds' 40 quarters and averaged "
            f"({UNIT}). A white dot is Kazakhstan's best reply to the column; a gold star is a "
            f"pure Nash equilibrium of the four-player game, where no player gains by switching "
            f"alone. Scenario <i>{scenario}</i>, every profile with the same {s.worlds} random "
            f"worlds. With more worlds (<code>hedgesim game {html.escape(s.scenario)} --worlds "
            f"1000 --set {s.parameter}={s.value:g} --out DIR</code>) the table is sharper and "
            f"the mixed equilibria and the logit QRE are computed too.")


# ------------------------------------------------------------------ task
@task
def game_task(settings: GamePageSettings) -> GamePoint | None:
    """Compute in a background thread, moving the progress bar after every chunk."""
    game_task.progress = 0.0

    def progress(done: int, total: int) -> None:
        game_task.progress = 100.0 * done / total

    return compute(settings, progress, cancelled=lambda: not game_task.is_current())


# ------------------------------------------------------------------ components
@solara.component
def GameControls(settings: GamePageSettings, on_change: Callable[[GamePageSettings], None]):
    names = {f"{parameter_label(n)} · {n}": n for n in SLIDER_PARAMETERS}
    text_of = {n: t for t, n in names.items()}
    scenario = solara.use_reactive(settings.scenario)
    low, high, step = slider_range(settings.parameter)

    def follow_scenario() -> None:
        if scenario.value != settings.scenario:   # a new scenario: its own value of the parameter
            on_change(GamePageSettings.at_scenario(scenario.value, settings.parameter,
                                                   settings.worlds))

    solara.use_effect(follow_scenario, [scenario.value])
    with solara.Card("The game", margin=0, classes=["hedgesim-game-controls"]):
        ScenarioPicker(scenario)
        solara.Select("Parameter on the slider", values=list(names),
                      value=text_of[settings.parameter],
                      on_value=lambda text: on_change(GamePageSettings.at_scenario(
                          settings.scenario, names[text], settings.worlds)),
                      classes=["hedgesim-game-parameter"])
        p = PARAMETERS[settings.parameter]
        unit = unit_text(p.unit)
        with solara.Div(classes=["hedgesim-slider"]):
            solara.SliderFloat(f"{parameter_label(settings.parameter)}"
                               + (f" ({unit})" if unit else ""),
                               value=settings.value, min=low, max=high, step=step,
                               on_value=lambda v: on_change(replace(settings, value=round(v, 10))),
                               thumb_label="always")
        solara.Text(f"{p.label or p.name}: {p.description}", classes=["hedgesim-caption-small"])
        solara.Select("Worlds per profile", values=[str(w) for w in WORLD_CHOICES],
                      value=str(settings.worlds),
                      on_value=lambda w: on_change(replace(settings, worlds=int(w))),
                      classes=["hedgesim-game-worlds"])
        solara.Text(f"{settings.runs:,} runs of 40 quarters for each value",
                    classes=["hedgesim-caption-small", "hedgesim-run-count"])


@solara.component
def GameStatus(settings: GamePageSettings):
    if game_task.pending:
        progress = game_task.progress or 0.0
        solara.ProgressLinear(progress, classes=["hedgesim-progress"])
        solara.Text(f"Simulating {settings.runs:,} runs (108 profiles × {settings.worlds} worlds) "
                    f"… {progress:.0f} %", classes=["hedgesim-progress-text"])
    elif game_task.error:
        solara.Text(f"The game failed: {game_task.exception}", classes=["hedgesim-error"])


@solara.component
def GameView(point: GamePoint):
    solara.HTML("p", verdict(point), classes=["hedgesim-verdict"])
    with solara.Div(classes=["hedgesim-cell", "hedgesim-chart", "hedgesim-game-heatmap"]):
        png_image(point.png)
    solara.HTML("p", caption(point), classes=["hedgesim-caption"])
    points = strip_points(point.settings)
    strip = solara.use_memo(lambda: strip_png(points) if points else b"",
                            [tuple(p.settings.value for p in points), point.settings.strip_key()])
    if strip:
        with solara.Div(classes=["hedgesim-cell", "hedgesim-chart", "hedgesim-game-strip"]):
            png_image(strip)
        solara.Text("Move the slider to fill in the strip: each cell is the game solved at one "
                    "value (hatched: the equilibrium holds in under 80 % of bootstrap resamples).",
                    classes=["hedgesim-caption-small"])
    with solara.Row(style={"align-items": "center", "gap": "16px", "flex-wrap": "wrap"}):
        Download(point.csv, filename=point.filename(), label="Download the payoff table (CSV)")
        solara.Text(f"{point.settings.runs:,} runs simulated and solved in {point.seconds:.1f} s.",
                    classes=["hedgesim-caption-small", "hedgesim-game-seconds"])
    solara.Text(CAVEAT.replace("*", ""), classes=["hedgesim-caption-small"])


@solara.component
def GamePage():
    settings = solara.use_reactive(GamePageSettings.at_scenario())

    def on_change(chosen: GamePageSettings) -> None:
        settings.set(chosen)

    def start() -> None:   # every change of the settings computes (or fetches) the game
        game_task(settings.value)

    solara.use_effect(start, [settings.value])
    solara.Style(CSS + GAME_CSS)
    solara.Title("hedgesim game")
    with Sidebar():
        GameControls(settings.value, on_change)
    with Main():
        with solara.Card(margin=0, classes=["hedgesim-game-intro"]):
            solara.Text("Is hedging an equilibrium?", classes=["hedgesim-page-title"])
            solara.Text("Each of the four players picks a strategy: Kazakhstan hedges, bandwagons "
                        "with China or the EU, or leans on Russia; China engages on market terms, "
                        "coerces or withdraws; the EU engages with strict or relaxed standards or "
                        "withdraws; Russia courts, pressures or acquiesces. The page simulates all "
                        "108 combinations and finds the equilibria: where no player wants to switch.",
                        classes=["hedgesim-page-intro"])
            GameStatus(settings.value)
        point = game_task.latest   # while a new value computes, the last one stays on screen
        if point is None:
            solara.Text("Simulating the game …", classes=["hedgesim-placeholder"])
        else:
            GameView(point)


__all__ = ["GamePage", "GamePageSettings", "compute", "heatmap_png", "strip_png", "verdict"]
