"""The sweep page: how one outcome responds to one or two parameters.

Choose a base scenario, one or two numeric parameters with their ranges
(the schema's range by default), replications, a seed and an outcome, and
press Run. The design runs on the vectorised sweep runner in a background
thread, a few chunks at a time so a progress bar can move; one parameter gives
the mean outcome with its 95 % confidence band over replications, two give a
heatmap of the mean. The per-run results download as CSV.

``compute(settings)`` then ``chart_png(run, outcome)`` is everything the page
does to show a sweep; ``benchmarks/bench_sweep_page.py`` times exactly that.
"""

from __future__ import annotations

import html
import io
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import solara
from matplotlib import patheffects
from matplotlib.figure import Figure
from scipy import stats
from solara.lab import task

from hedgesim.app.classroom import CSS as CLASSROOM_CSS
from hedgesim.app.classroom import TITLE
from hedgesim.app.download import Download
from hedgesim.app.scenario_panel import ScenarioPicker, scenarios
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import NUMERIC, PARAMETERS, ConfigError, defaults
from hedgesim.analysis.sweep.plan import SweepResult
from hedgesim.analysis.sweep.runner import run_sweep
from hedgesim.analysis.sweep.spec import SweepSpec, load_spec

MAX_RUNS = 100_000          # about 25 s here; larger sweeps belong to `hedgesim sweep`
MIN_CHUNK = 1500            # vectorised chunks: fewer, larger chunks run faster ...
PROGRESS_STEPS = 10         # ... but a long sweep still moves the progress bar
FONT = 14                   # projector: every label at least this size
ACRONYMS = {"eu": "EU", "hhi": "HHI", "mt": "Mt", "mc": "MC", "cpc": "CPC", "esg": "ESG",
            "china": "China", "russia": "Russia", "russian": "Russian", "chinese": "Chinese"}

PAGE_CSS = """
.hedgesim-page-title { display: block; font-size: 1.6rem; font-weight: 600; line-height: 1.25; }
.hedgesim-page-intro { display: block; font-size: 1.1rem; line-height: 1.4; color: #111; }
.v-navigation-drawer .v-select .v-input__details, .hedgesim-two .v-input__details { display: none; }
.v-navigation-drawer .v-card-text > * + * { margin-top: 8px; }
.hedgesim-caption { font-size: 1.1rem; line-height: 1.4; color: #111; margin: 10px 4px 4px 4px; }
.hedgesim-caption-small { font-size: 0.95rem; color: #333; margin: 2px 4px; }
.hedgesim-chart { min-height: 120px; }
.hedgesim-chart img { display: block; }
.hedgesim-placeholder { font-size: 1.2rem; color: #555; padding: 40px 24px; }
.hedgesim-error { font-size: 1.05rem; color: #b00020; font-weight: 500; white-space: normal; }
.hedgesim-progress-text { font-size: 1rem; color: #333; }
.v-navigation-drawer .v-field__input, .v-navigation-drawer .v-select__selection-text {
  font-size: 1.02rem; }
.v-navigation-drawer .v-field-label { font-size: 1rem; }
.hedgesim-range { display: grid; grid-template-columns: 1fr 1fr 0.8fr; gap: 6px; }
.hedgesim-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
.hedgesim-run-button { width: 100%; font-size: 1.05rem !important; }
.v-theme--dark .hedgesim-page-intro, .v-theme--dark .hedgesim-caption,
.v-theme--dark .hedgesim-caption-small, .v-theme--dark .hedgesim-progress-text { color: inherit; }
"""
CSS = CLASSROOM_CSS + PAGE_CSS


# ------------------------------------------------------------------ labels
def words(name: str) -> str:
    """``final_dependency_hhi`` -> ``Final dependency HHI``."""
    parts = [ACRONYMS.get(w, w) for w in name.split("_")]
    text = " ".join(parts)
    return text[:1].upper() + text[1:]


def parameter_label(name: str) -> str:
    p = PARAMETERS[name]
    return p.label or words(name)


def unit_text(unit: str) -> str:
    return "" if unit in ("dimensionless", "") else unit


def axis_label(name: str) -> str:
    """The schema's label with its unit, for an axis."""
    unit = unit_text(PARAMETERS[name].unit)
    return f"{parameter_label(name)} ({unit})" if unit else parameter_label(name)


def outcome_label(name: str) -> str:
    return words(name)


def outcome_axis_label(name: str) -> str:
    return f"{outcome_label(name)} ({OUTCOMES[name].unit})"


def parameter_choices() -> dict[str, str]:
    """Drop-down text -> parameter name, every numeric parameter in schema order."""
    return {f"{parameter_label(n)} · {n}": n for n in NUMERIC}


def outcome_choices() -> dict[str, str]:
    """Drop-down text -> outcome name."""
    return {f"{outcome_label(n)} ({o.unit})": n for n, o in OUTCOMES.items()}


def fmt(x: float) -> str:
    return f"{x:,.4g}"


# ---------------------------------------------------------------- settings
@dataclass(frozen=True)
class Axis:
    """One varied parameter: its range and number of grid points."""

    name: str
    low: float
    high: float
    num: int = 21

    @classmethod
    def of(cls, name: str, num: int = 21) -> Axis:
        """The parameter's whole schema range."""
        p = PARAMETERS[name]
        return cls(name, float(p.low), float(p.high), num)


@dataclass(frozen=True)
class SweepSettings:
    """Everything the page's controls set."""

    scenario: str = "baseline"
    x: Axis = field(default_factory=lambda: Axis.of("risk_weight"))
    y: Axis | None = field(default_factory=lambda: Axis.of("dominance_cap"))
    replications: int = 10
    seed: int = 1
    outcome: str = "mean_hedging_index"

    @property
    def axes(self) -> list[Axis]:
        return [self.x] if self.y is None else [self.x, self.y]

    @property
    def runs(self) -> int:
        return math.prod(a.num for a in self.axes) * self.replications

    def spec(self) -> SweepSpec:
        """The validated sweep spec; a ConfigError of one line when a setting is not allowed."""
        if self.y is not None and self.y.name == self.x.name:
            raise ConfigError(f"choose two different parameters (both are {parameter_label(self.x.name)})")
        for axis in self.axes:
            if not 2 <= axis.num <= 101:
                raise ConfigError(f"{parameter_label(axis.name)}: {axis.num} points; "
                                  f"choose 2 to 101")
        if self.runs > MAX_RUNS:
            raise ConfigError(f"{self.runs:,} runs is more than this page runs ({MAX_RUNS:,}); "
                              f"use fewer points or replications, or `hedgesim sweep` for large sweeps")
        chunk = max(MIN_CHUNK, math.ceil(self.runs / PROGRESS_STEPS))
        spec = {"name": "sweep page", "scenario": self.scenario,
                "vary": {a.name: {"low": a.low, "high": a.high, "num": a.num} for a in self.axes},
                "replications": self.replications, "seed": self.seed,
                "steps": scenarios()[self.scenario].steps, "chunk_size": chunk}
        try:
            return load_spec(spec)
        except ConfigError as error:  # "sweep spec: vary.risk_weight: ..." -> the page's words
            raise ConfigError(str(error).removeprefix("sweep spec: ")) from None


# --------------------------------------------------------------- the runs
def run_in_chunks(spec: SweepSpec, on_progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] = lambda: False) -> SweepResult | None:
    """The sweep, in memory, on the vectorised runner with progress per chunk (None if cancelled)."""
    if cancelled():
        return None
    result = run_sweep(spec, progress=False, on_progress=on_progress, should_stop=cancelled)
    return None if result.info["stopped"] else result


@dataclass
class SweepRun:
    """A finished sweep of the page: its settings, results and the charts drawn from them."""

    settings: SweepSettings
    result: SweepResult
    seconds: float
    charts: dict[str, bytes] = field(default_factory=dict)

    @property
    def runs(self) -> pd.DataFrame:
        return self.result.runs

    def csv(self) -> str:
        return self.runs.to_csv(index=False)

    def filename(self) -> str:
        return "_".join(["sweep", self.settings.scenario, *(a.name for a in self.settings.axes)]) + ".csv"


def compute(settings: SweepSettings, on_progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] = lambda: False) -> SweepRun | None:
    """Run the settings' sweep (ConfigError if a setting is not allowed)."""
    started = time.perf_counter()
    result = run_in_chunks(settings.spec(), on_progress, cancelled)
    if result is None:
        return None
    return SweepRun(settings, result, time.perf_counter() - started)


def compute_and_draw(settings: SweepSettings,
                     on_progress: Callable[[int, int], None] | None = None) -> tuple[SweepRun, bytes]:
    """What the page does after Run: the sweep, then its chart as a PNG."""
    run = compute(settings, on_progress)
    return run, chart_png(run, settings.outcome)


# ---------------------------------------------------------------- charts
def summary(runs: pd.DataFrame, by: list[str], outcome: str) -> pd.DataFrame:
    """Mean, 95 % confidence half-width and count of ``outcome`` over replications, per point.

    Grouped by the parameter values themselves, so integer parameters whose
    grid points round to the same value share one point.
    """
    table = runs.groupby(by)[outcome].agg(["mean", "std", "count"]).reset_index()
    n = table["count"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(n > 1, stats.t.ppf(0.975, np.maximum(n - 1, 1)), np.nan)
        table["ci"] = t * table["std"].to_numpy() / np.sqrt(n)
    return table


def scenario_value(settings: SweepSettings, name: str) -> float:
    """The parameter's value in the base scenario."""
    return float({**defaults(), **scenarios()[settings.scenario].params}[name])


def new_figure() -> tuple[Figure, object]:
    fig = Figure(figsize=(8.8, 5.1), dpi=100, layout="constrained")
    return fig, fig.subplots()


def style(ax) -> None:
    ax.tick_params(labelsize=FONT - 1)
    ax.xaxis.label.set_fontsize(FONT + 1)
    ax.yaxis.label.set_fontsize(FONT + 1)


def line_chart(run: SweepRun, outcome: str) -> Figure:
    """Mean outcome against one parameter, with its 95 % confidence band over replications."""
    settings = run.settings
    x = settings.x.name
    table = summary(run.runs, [x], outcome)
    fig, ax = new_figure()
    ax.fill_between(table[x], table["mean"] - table["ci"], table["mean"] + table["ci"],
                    color="#1f4e9c", alpha=0.22, lw=0, label="95 % confidence band of the mean")
    ax.plot(table[x], table["mean"], color="#1f4e9c", lw=2.8, marker="o", ms=4.5,
            label=f"Mean of {settings.replications} run{'s' if settings.replications != 1 else ''}")
    base = scenario_value(settings, x)
    if settings.x.low <= base <= settings.x.high:
        ax.axvline(base, color="#555555", ls="--", lw=1.5, label="The scenario's value")
    ax.set_xlabel(axis_label(x))
    ax.set_ylabel(outcome_axis_label(outcome))
    ax.set_xlim(settings.x.low, settings.x.high)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=FONT - 1, loc="best", framealpha=0.9)
    ax.set_title(f"{outcome_label(outcome)} as {parameter_label(x)} changes",
                 loc="left", fontsize=FONT + 2)
    style(ax)
    return fig


def heatmap(run: SweepRun, outcome: str) -> Figure:
    """Mean outcome over a grid of two parameters, with a colour bar."""
    settings = run.settings
    x, y = settings.x.name, settings.y.name
    table = summary(run.runs, [x, y], outcome)
    grid = table.pivot(index=y, columns=x, values="mean")
    fig, ax = new_figure()
    mesh = ax.pcolormesh(grid.columns.to_numpy(float), grid.index.to_numpy(float), grid.to_numpy(),
                         shading="nearest", cmap="viridis")
    bar = fig.colorbar(mesh, ax=ax, pad=0.02)
    bar.set_label(outcome_axis_label(outcome), fontsize=FONT + 1)
    bar.ax.tick_params(labelsize=FONT - 1)
    bx, by = scenario_value(settings, x), scenario_value(settings, y)
    if settings.x.low <= bx <= settings.x.high and settings.y.low <= by <= settings.y.high:
        ax.plot([bx], [by], marker="X", ms=15, color="white", mec="black", mew=1.5, ls="none")
        ax.annotate("the scenario", (bx, by), xytext=(11, 9), textcoords="offset points",
                    fontsize=FONT, color="white", weight="bold",
                    path_effects=[patheffects.withStroke(linewidth=3, foreground="black")])
    ax.set_xlabel(axis_label(x))
    ax.set_ylabel(axis_label(y))
    ax.set_title(f"{outcome_label(outcome)}: mean of {settings.replications} "
                 f"run{'s' if settings.replications != 1 else ''} per cell", loc="left",
                 fontsize=FONT + 2)
    style(ax)
    return fig


def chart(run: SweepRun, outcome: str) -> Figure:
    return line_chart(run, outcome) if run.settings.y is None else heatmap(run, outcome)


def chart_png(run: SweepRun, outcome: str) -> bytes:
    """The run's chart of ``outcome`` as PNG bytes (drawn once per outcome)."""
    if outcome not in run.charts:
        buffer = io.BytesIO()
        chart(run, outcome).savefig(buffer, format="png")
        run.charts[outcome] = buffer.getvalue()
    return run.charts[outcome]


def caption(run: SweepRun, outcome: str) -> str:
    """What the chart shows, in plain language (HTML)."""
    s = run.settings
    scenario = html.escape(scenarios()[s.scenario].title)
    what = html.escape(OUTCOMES[outcome].description.rstrip("."))
    reps = f"{s.replications} run{'s' if s.replications != 1 else ''} with different random seeds"

    def span(a: Axis) -> str:
        return f"<b>{html.escape(parameter_label(a.name))}</b> from {fmt(a.low)} to {fmt(a.high)}"

    if s.y is None:
        text = (f"Each point is the average of {reps} at one value of {span(s.x)}; every other "
                f"parameter is as in the scenario <i>{scenario}</i>. The outcome is: {what}. ")
        text += ("The shaded band is the 95 % confidence interval of that average: where the "
                 "line would lie with more replications. Where bands of two values do not "
                 "overlap, the difference is not down to chance."
                 if s.replications > 1 else
                 "With one run per point there is no confidence band: use more replications.")
    else:
        text = (f"Each cell is the average of {reps} (the same seeds in every cell), for "
                f"{span(s.x)} across and {span(s.y)} up; every other parameter is as in the "
                f"scenario <i>{scenario}</i>. The outcome is: {what}. Yellow is high, dark "
                f"blue low; the colour bar gives the values.")
    return text


# ------------------------------------------------------------------ task
@task
def run_sweep_task(settings: SweepSettings) -> SweepRun | None:
    """Run and draw in a background thread, moving the progress bar after every chunk."""
    run_sweep_task.progress = 0.0

    def progress(done: int, total: int) -> None:
        run_sweep_task.progress = 100.0 * done / total

    run = compute(settings, progress, cancelled=lambda: not run_sweep_task.is_current())
    if run is not None:
        chart_png(run, settings.outcome)
    return run


# ------------------------------------------------------------- components
@solara.component
def AxisControls(title: str, axis: solara.Reactive[Axis]):
    """A parameter drop-down and its low, high and number of points (schema range by default)."""
    choices = parameter_choices()
    names = {n: text for text, n in choices.items()}
    a = axis.value
    p = PARAMETERS[a.name]
    solara.Select(title, values=list(choices), value=names[a.name],
                  on_value=lambda text: axis.set(Axis.of(choices[text], a.num)),
                  classes=[f"hedgesim-param-{title.split()[0].lower()}"])
    with solara.Div(classes=["hedgesim-range"]):
        solara.InputFloat("low", value=a.low, on_value=lambda v: axis.set(replace(axis.value, low=v)),
                          classes=["hedgesim-low"])
        solara.InputFloat("high", value=a.high,
                          on_value=lambda v: axis.set(replace(axis.value, high=v)),
                          classes=["hedgesim-high"])
        solara.InputInt("points", value=a.num, on_value=lambda v: axis.set(replace(axis.value, num=v)),
                        classes=["hedgesim-num"])
    unit = unit_text(p.unit)
    solara.Text(f"allowed {p.low:g} to {p.high:g}" + (f" {unit}" if unit else ""),
                classes=["hedgesim-caption-small"])


@solara.component
def SweepControls(settings: solara.Reactive[SweepSettings],
                  on_run: Callable[[SweepSettings], None]):
    s = settings.value
    scenario = solara.use_reactive(s.scenario)
    x = solara.use_reactive(s.x)
    y = solara.use_reactive(s.y if s.y is not None else Axis.of("dominance_cap"))
    two = solara.use_reactive(s.y is not None)
    replications = solara.use_reactive(s.replications)
    seed = solara.use_reactive(s.seed)
    outcome = solara.use_reactive(s.outcome)

    def current() -> SweepSettings:
        return SweepSettings(scenario.value, x.value, y.value if two.value else None,
                             replications.value, seed.value, outcome.value)

    # Keep the page's settings in step with the controls (the chart redraws for a new outcome).
    solara.use_effect(lambda: settings.set(current()),
                      [scenario.value, x.value, y.value, two.value, replications.value, seed.value,
                       outcome.value])

    outcomes = outcome_choices()
    outcome_text = {n: text for text, n in outcomes.items()}
    with solara.Card("Sweep", margin=0, classes=["hedgesim-sweep-controls"]):
        ScenarioPicker(scenario)
        solara.Select("Outcome", values=list(outcomes), value=outcome_text[outcome.value],
                      on_value=lambda text: outcome.set(outcomes[text]),
                      classes=["hedgesim-outcome-select"])
        AxisControls("First parameter (across)", x)
        with solara.Div(classes=["hedgesim-two"]):
            solara.Checkbox(label="Second parameter (heatmap)", value=two)
        if two.value:
            AxisControls("Second parameter (up)", y)
        with solara.Div(classes=["hedgesim-pair"]):
            solara.InputInt("replications", value=replications, classes=["hedgesim-replications"])
            solara.InputInt("seed", value=seed, classes=["hedgesim-seed"])
        solara.Text(f"{current().runs:,} runs of {scenarios()[scenario.value].steps} quarters",
                    classes=["hedgesim-caption-small", "hedgesim-run-count"])
        solara.Button("Run", on_click=lambda: on_run(current()), color="primary",
                      disabled=run_sweep_task.pending,
                      classes=["hedgesim-run-button"])


@solara.component
def RunStatus(settings: SweepSettings | None, error: str):
    """The progress bar while ``settings`` run, else the error of the last Run."""
    if run_sweep_task.pending and settings is not None:
        progress = run_sweep_task.progress or 0.0
        solara.ProgressLinear(progress, classes=["hedgesim-progress"])
        solara.Text(f"Running {settings.runs:,} runs … {progress:.0f} %",
                    classes=["hedgesim-progress-text"])
    elif error:
        solara.Text(error, classes=["hedgesim-error"])
    elif run_sweep_task.error:
        solara.Text(f"The sweep failed: {run_sweep_task.exception}", classes=["hedgesim-error"])


@solara.component
def SweepResultView(run: SweepRun, outcome: str):
    png = solara.use_memo(lambda: chart_png(run, outcome), [id(run), outcome])
    kind = "line" if run.settings.y is None else "heatmap"
    with solara.Div(classes=["hedgesim-cell", "hedgesim-chart", f"hedgesim-{kind}"]):
        png_image(png)
    solara.HTML("p", caption(run, outcome), classes=["hedgesim-caption"])
    with solara.Row(style={"align-items": "center", "gap": "16px", "flex-wrap": "wrap"}):
        Download(run.csv, filename=run.filename(), label="Download the runs (CSV)")
        solara.Text(f"{len(run.runs):,} runs of {run.result.spec.steps} quarters in "
                    f"{run.seconds:.1f} s; one row per run: its parameters, seed and every outcome.",
                    classes=["hedgesim-caption-small"])


def png_image(png: bytes):
    from solara.alias import rw

    return rw.Image(value=png, format="png", _dom_classes=["hedgesim-figure"],
                    layout={"width": "100%", "height": "auto"})


@solara.component
def SweepPage():
    settings = solara.use_reactive(SweepSettings())
    running = solara.use_reactive(None)
    error = solara.use_reactive("")

    def on_run(chosen: SweepSettings):
        settings.set(chosen)
        try:
            chosen.spec()
        except ConfigError as problem:  # one line on the page, nothing run
            error.set(str(problem))
            return
        error.set("")
        running.set(chosen)
        run_sweep_task(chosen)

    solara.Style(CSS)
    solara.Title("hedgesim sweep")
    solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        SweepControls(settings, on_run)
    with solara.Card(margin=0, classes=["hedgesim-sweep-intro"]):
        solara.Text("Parameter sweep", classes=["hedgesim-page-title"])
        solara.Text("How does an outcome respond to one or two parameters? The page runs the "
                    "model at every point of a grid, several times with different random seeds, "
                    "and draws the average.", classes=["hedgesim-page-intro"])
        RunStatus(running.value, error.value)
    run = run_sweep_task.latest  # while a new sweep runs, the last one stays on screen
    if run is None:
        solara.Text("Choose the parameters on the left and press Run.",
                    classes=["hedgesim-placeholder"])
    else:
        SweepResultView(run, settings.value.outcome)
