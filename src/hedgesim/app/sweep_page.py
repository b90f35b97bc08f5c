"""The sweep page: how one outcome responds to one or two parameters.

Choose a base scenario, one or two numeric parameters with their ranges
(the schema's range by default), replications, a seed and an outcome, and
press Run. The design runs on the vectorised sweep runner in a background
job (``hedgesim.app.jobs``), a few chunks at a time so a progress bar can move
and Cancel can stop it; one parameter gives the mean outcome with its 95 %
confidence band over replications, two give a heatmap of the mean. The
per-run results download as CSV with their metadata; "Save as spec" writes
the sweep as a YAML spec that ``hedgesim sweep`` runs (with no size limit).

The form, the running sweep and its result belong to the browser tab
(``hedgesim.app.session``): they stay when the user goes to another page or
reloads, and a sweep still running shows its progress on return. Every
field is read as typed; a value that is not allowed is explained next to its
field and Run waits until it is put right.

``compute(settings)`` then ``chart_png(run, outcome)`` is everything the page
does to show a sweep; ``benchmarks/bench_sweep_page.py`` times exactly that.
"""

from __future__ import annotations

import copy
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

from hedgesim.app.download import Download
from hedgesim.app.forms import metadata, read_number, read_whole, results_csv, spec_yaml
from hedgesim.app.jobs import Job, PageWork, use_job
from hedgesim.app.layout import Main, Sidebar
from hedgesim.app.scenario_panel import ScenarioPicker, scenarios
from hedgesim.app.session import use_tab
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import NUMERIC, PARAMETERS, ConfigError, defaults
from hedgesim.analysis.sweep.plan import SweepResult
from hedgesim.analysis.sweep.runner import run_sweep
from hedgesim.analysis.sweep.spec import SweepSpec, load_spec

MAX_RUNS = 100_000          # about 25 s here; larger sweeps belong to `hedgesim sweep`
MIN_CHUNK = 1500            # vectorised chunks: fewer, larger chunks run faster ...
PROGRESS_STEPS = 40         # ... but a long sweep moves the progress bar, and Cancel is quick
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
.hedgesim-error { font-size: 1.02rem; color: #b00020; font-weight: 500; white-space: normal; }
.hedgesim-field-error { font-size: 0.95rem; color: #b00020; line-height: 1.3; margin-top: -4px; }
.hedgesim-field .v-input__details { display: none; }
.hedgesim-notice { font-size: 1.0rem; color: #333; background: #f4f4fa; border-left: 4px solid #6c6cb0;
  padding: 6px 10px; }
.hedgesim-cell { background: white; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.2);
  overflow: hidden; position: relative; min-width: 0; }
.hedgesim-buttons { display: flex; gap: 8px; }
.hedgesim-buttons > * { flex: 1 1 0; }
.hedgesim-cancel-button { font-size: 1.05rem !important; }
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
CSS = PAGE_CSS


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

    def spec_dict(self, chunk_size: int | None = None) -> dict:
        """The sweep as a spec mapping (``hedgesim sweep`` reads the same as YAML)."""
        chunk = chunk_size or max(MIN_CHUNK, math.ceil(self.runs / PROGRESS_STEPS))
        return {"name": "sweep page", "description": self.describe(), "scenario": self.scenario,
                "vary": {a.name: {"low": a.low, "high": a.high, "num": a.num} for a in self.axes},
                "design": "grid", "replications": self.replications, "seed": self.seed,
                "steps": scenarios()[self.scenario].steps, "keep": "outcomes", "chunk_size": chunk}

    def describe(self) -> str:
        """The sweep in words: "Risk weight ρ 0 to 5 (21 points) x ..., 10 replications, seed 1"."""
        axes = " × ".join(f"{parameter_label(a.name)} {fmt(a.low)} to {fmt(a.high)} ({a.num} points)"
                          for a in self.axes)
        return (f"{axes}; {self.replications} replication{'s' if self.replications != 1 else ''}, "
                f"seed {self.seed}, scenario {scenarios()[self.scenario].title}")

    def spec(self) -> SweepSpec:
        """The validated sweep spec; a ConfigError of one line in plain words when one is refused."""
        if self.y is not None and self.y.name == self.x.name:
            raise ConfigError(f"Choose two different parameters (both are {parameter_label(self.x.name)}).")
        for axis in self.axes:
            if not 2 <= axis.num <= 101:
                raise ConfigError(f"{parameter_label(axis.name)}: {axis.num} points; choose 2 to 101.")
        if self.runs > MAX_RUNS:
            raise ConfigError(too_many(self.runs))
        try:
            return load_spec(self.spec_dict())
        except ConfigError as error:  # never shown with the spec's internal key names
            raise ConfigError(plain(str(error))) from None


def too_many(runs: int) -> str:
    return (f"That is {runs:,} runs; this page runs at most {MAX_RUNS:,}. Use fewer points or "
            f"replications, or save it as a spec and run it with `hedgesim sweep` (no limit).")


def plain(message: str) -> str:
    """A spec validation message without the spec's key names ("vary.risk_weight: ...")."""
    message = message.removeprefix("sweep spec: ")
    for name in PARAMETERS:
        message = message.replace(f"vary.{name}: ", f"{parameter_label(name)}: ")
    return message[:1].upper() + message[1:]


# --------------------------------------------------------------- the form
@dataclass
class SweepForm:
    """The controls as typed (numbers as text: what is shown is what Run uses)."""

    scenario: str = "baseline"
    outcome: str = "mean_hedging_index"
    x: str = "risk_weight"
    x_low: str = ""
    x_high: str = ""
    x_num: str = "21"
    two: bool = True
    y: str = "dominance_cap"
    y_low: str = ""
    y_high: str = ""
    y_num: str = "21"
    replications: str = "10"
    seed: str = "1"

    def __post_init__(self):
        for axis in ("x", "y"):
            self.set_parameter(axis, getattr(self, axis), keep_typed=True)

    def set_parameter(self, axis: str, name: str, keep_typed: bool = False) -> None:
        """Vary ``name`` on ``axis`` ("x" or "y"), over its whole allowed range."""
        p = PARAMETERS[name]
        setattr(self, axis, name)
        if not keep_typed or not getattr(self, f"{axis}_low"):
            setattr(self, f"{axis}_low", f"{p.low:g}")
        if not keep_typed or not getattr(self, f"{axis}_high"):
            setattr(self, f"{axis}_high", f"{p.high:g}")

    def check(self) -> tuple[SweepSettings | None, dict[str, str]]:
        """The settings, or the problems: field name -> what is wrong, in plain words."""
        problems: dict[str, str] = {}
        axes = []
        for axis in ("x", "y") if self.two else ("x",):
            name = getattr(self, axis)
            p = PARAMETERS[name]
            span = f"{parameter_label(name)} is allowed from {p.low:g} to {p.high:g}"
            low, problems[f"{axis}_low"] = read_number(getattr(self, f"{axis}_low"))
            high, problems[f"{axis}_high"] = read_number(getattr(self, f"{axis}_high"))
            num, problems[f"{axis}_num"] = read_whole(getattr(self, f"{axis}_num"), 2, 101,
                                                      "the number of points")
            if low is not None and not p.low <= low <= p.high:
                problems[f"{axis}_low"] = f"{low:g} is outside the range: {span}."
            if high is not None and not p.low <= high <= p.high:
                problems[f"{axis}_high"] = f"{high:g} is outside the range: {span}."
            if low is not None and high is not None and not problems[f"{axis}_high"] and high <= low:
                problems[f"{axis}_high"] = f"Must be above the low end ({low:g})."
            if None not in (low, high, num):
                axes.append(Axis(name, low, high, num))
        if self.two and self.x == self.y:
            problems["y"] = "Choose a parameter different from the first one."
        replications, problems["replications"] = read_whole(
            self.replications, 1, 100_000, "replications (runs with different random seeds)")
        seed, problems["seed"] = read_whole(self.seed, 0, None, "the seed")
        if seed is not None and seed > 2**62:
            seed, problems["seed"] = None, "Too large: the seed is at most 4.6e18 (2**62)."
        problems = {k: v for k, v in problems.items() if v}
        if problems:
            return None, problems
        settings = SweepSettings(self.scenario, axes[0], axes[1] if self.two else None, replications,
                                 seed, self.outcome)
        return settings, {}

    @classmethod
    def of(cls, settings: SweepSettings) -> SweepForm:
        y = settings.y or Axis.of("dominance_cap")
        return cls(settings.scenario, settings.outcome, settings.x.name, f"{settings.x.low:g}",
                   f"{settings.x.high:g}", str(settings.x.num), settings.y is not None, y.name,
                   f"{y.low:g}", f"{y.high:g}", str(y.num), str(settings.replications),
                   str(settings.seed))


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
        """One row per run: the metadata columns, then its point, seed (text) and every outcome."""
        return results_csv(self.runs, metadata(self.settings.scenario, self.settings.seed))

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


# --------------------------------------------------------------- page state
@dataclass
class SweepState(PageWork):
    """The sweep page in one tab: the form, a sweep running (or not), the last result shown."""

    WORK = "sweep"

    form: SweepForm = field(default_factory=SweepForm)
    job: Job | None = None
    last: SweepRun | None = None
    message: str = ""           # the end of the last job, when it did not give a result

    def start(self, settings: SweepSettings) -> None:
        """Run ``settings`` in the background (a sweep already running is cancelled)."""
        if self.job is not None:
            self.job.cancel()
        self.message = ""

        def work(progress, cancelled):
            run = compute(settings, lambda done, total: progress(100.0 * done / total), cancelled)
            if run is not None and not cancelled():
                chart_png(run, settings.outcome)
                self.last = run
            return run

        self.job = Job(settings, work)


# ------------------------------------------------------------- components
def Field(label: str, form_value: str, on_value: Callable[[str], None], problem: str | None,
          css: str):
    """A text field read as typed, red while what it holds is not allowed (the reason is shown below)."""
    with solara.Div(classes=["hedgesim-field", css]):
        solara.InputText(label, value=form_value, on_value=on_value, continuous_update=True,
                         error=bool(problem))


@solara.component
def AxisControls(title: str, axis: str, form: SweepForm, problems: dict[str, str], changed):
    """A parameter drop-down and its low, high and number of points (schema range by default)."""
    choices = parameter_choices()
    names = {n: text for text, n in choices.items()}
    name = getattr(form, axis)
    p = PARAMETERS[name]

    def set_field(key: str):
        return lambda text: changed(lambda f: setattr(f, key, text))

    solara.Select(title, values=list(choices), value=names[name],
                  on_value=lambda text: changed(lambda f: f.set_parameter(axis, choices[text])),
                  classes=[f"hedgesim-param-{title.split()[0].lower()}"])
    if problems.get(axis):
        solara.Text(problems[axis], classes=["hedgesim-field-error", f"hedgesim-{axis}-error"])
    with solara.Div(classes=["hedgesim-range"]):
        for key, label in (("low", "low"), ("high", "high"), ("num", "points")):
            Field(label, getattr(form, f"{axis}_{key}"), set_field(f"{axis}_{key}"),
                  problems.get(f"{axis}_{key}"), f"hedgesim-{key}")
    for key in ("low", "high", "num"):
        if problems.get(f"{axis}_{key}"):
            solara.Text(problems[f"{axis}_{key}"],
                        classes=["hedgesim-field-error", f"hedgesim-{key}-error"])
    unit = unit_text(p.unit)
    solara.Text(f"allowed {p.low:g} to {p.high:g}" + (f" {unit}" if unit else ""),
                classes=["hedgesim-caption-small"])


@solara.component
def SweepControls(state: SweepState, version: int, status: tuple, changed, run, cancel):
    form = state.form
    settings, problems = form.check()
    outcomes = outcome_choices()
    outcome_text = {n: text for text, n in outcomes.items()}
    running = state.job is not None and state.job.running

    def set_field(key: str):
        return lambda value: changed(lambda f: setattr(f, key, value))

    with solara.Card("Sweep", margin=0, classes=["hedgesim-sweep-controls"]):
        ScenarioPicker(form.scenario, on_name=set_field("scenario"))
        solara.Select("Outcome", values=list(outcomes), value=outcome_text[form.outcome],
                      on_value=lambda text: changed(lambda f: setattr(f, "outcome", outcomes[text])),
                      classes=["hedgesim-outcome-select"])
        AxisControls("First parameter (across)", "x", form, problems, changed)
        with solara.Div(classes=["hedgesim-two"]):
            solara.Checkbox(label="Second parameter (heatmap)", value=form.two,
                            on_value=set_field("two"))
        if form.two:
            AxisControls("Second parameter (up)", "y", form, problems, changed)
        with solara.Div(classes=["hedgesim-pair"]):
            Field("replications", form.replications, set_field("replications"),
                  problems.get("replications"), "hedgesim-replications")
            Field("seed", form.seed, set_field("seed"), problems.get("seed"), "hedgesim-seed")
        for key in ("replications", "seed"):
            if problems.get(key):
                solara.Text(problems[key], classes=["hedgesim-field-error", f"hedgesim-{key}-error"])
        if settings is not None:
            solara.Text(f"{settings.runs:,} runs of {scenarios()[form.scenario].steps} quarters",
                        classes=["hedgesim-caption-small", "hedgesim-run-count"])
            if settings.runs > MAX_RUNS:
                solara.Text(too_many(settings.runs), classes=["hedgesim-error", "hedgesim-run-error"])
        else:
            solara.Text("Put right the fields marked in red to run.",
                        classes=["hedgesim-error", "hedgesim-fix-fields"])
        with solara.Div(classes=["hedgesim-buttons"]):
            solara.Button("Run", on_click=run, color="primary",
                          disabled=running or settings is None or settings.runs > MAX_RUNS,
                          classes=["hedgesim-run-button"])
            if running:
                solara.Button("Cancel", on_click=cancel, color="error", outlined=True,
                              classes=["hedgesim-cancel-button"])
        if settings is not None:
            spec = settings.spec_dict(chunk_size=2000)
            Download(lambda: spec_yaml(spec, SPEC_COMMENT), filename=spec_filename(settings),
                     label="Save as spec (YAML)", mime_type="application/yaml")
        RunStatus(state, "sidebar", status)


SPEC_COMMENT = ("A sweep saved from hedgesim's sweep page. Run it (and resume it if stopped) with:\n"
                "  hedgesim sweep THIS_FILE.yaml --out results/my_sweep")


def spec_filename(settings: SweepSettings) -> str:
    return "_".join(["sweep", settings.scenario, *(a.name for a in settings.axes)]) + ".yaml"


@solara.component
def RunStatus(state: SweepState, where: str, status: tuple):
    """The progress bar of the running sweep (with its size), or how the last one ended."""
    job = state.job
    if job is not None and job.running:
        solara.ProgressLinear(job.progress, classes=["hedgesim-progress", f"hedgesim-progress-{where}"])
        solara.Text(f"Running {job.settings.runs:,} runs … {job.progress:.0f} %",
                    classes=["hedgesim-progress-text"])
    elif state.message:
        solara.Text(state.message, classes=["hedgesim-notice", "hedgesim-job-message"])


@solara.component
def SweepResultView(run: SweepRun, outcome: str, form_settings: SweepSettings | None):
    png = solara.use_memo(lambda: chart_png(run, outcome), [id(run), outcome])
    kind = "line" if run.settings.y is None else "heatmap"
    solara.Text(f"This chart: {run.settings.describe()}.", classes=["hedgesim-caption-small",
                                                                    "hedgesim-result-settings"])
    shown = replace(run.settings, outcome=outcome)
    if form_settings is not None and form_settings != shown:
        solara.Text("The form on the left has changed since: press Run to run it.",
                    classes=["hedgesim-notice", "hedgesim-form-changed"])
    with solara.Div(classes=["hedgesim-cell", "hedgesim-chart", f"hedgesim-{kind}"]):
        png_image(png)
    solara.HTML("p", caption(run, outcome), classes=["hedgesim-caption"])
    with solara.Row(style={"align-items": "center", "gap": "16px", "flex-wrap": "wrap"}):
        Download(run.csv, filename=run.filename(), label="Download the runs (CSV)")
        solara.Text(f"{len(run.runs):,} runs of {run.result.spec.steps} quarters in "
                    f"{run.seconds:.1f} s; one row per run: the scenario, base seed and version, "
                    f"then its parameters, seed and every outcome.",
                    classes=["hedgesim-caption-small"])


def png_image(png: bytes):
    from solara.alias import rw

    return rw.Image(value=png, format="png", _dom_classes=["hedgesim-figure"],
                    layout={"width": "100%", "height": "auto"})


@solara.component
def SweepPage():
    solara.Title("hedgesim sweep")
    tab = use_tab()
    if tab is None:
        with Main():
            solara.Text("Loading …", classes=["hedgesim-loading"])
        return
    SweepView(tab.slot("sweep", SweepState))


@solara.component
def SweepView(state: SweepState):
    version, set_version = solara.use_state(0)
    use_job(state.job)  # redrawn while a sweep runs (also one started before leaving the page)
    state.ended()
    # What the status shows: passed down, so that components redraw when it changes.
    status = (state.job.state, round(state.job.progress), id(state.job)) if state.job else \
        ("", 0, state.message)

    def changed(update: Callable[[SweepForm], None]) -> None:
        # A new form object for every change: components given the form see that it changed.
        form = copy.copy(state.form)
        update(form)
        state.form = form
        set_version(lambda v: v + 1)

    def run() -> None:
        settings, problems = state.form.check()
        if settings is None or settings.runs > MAX_RUNS:
            return
        state.start(settings)
        set_version(lambda v: v + 1)

    def cancel() -> None:
        state.stop_work()
        set_version(lambda v: v + 1)

    solara.Style(CSS)
    with Sidebar():
        SweepControls(state, version, status, changed, run, cancel)
    with Main():
        with solara.Card(margin=0, classes=["hedgesim-sweep-intro"]):
            solara.Text("Parameter sweep", classes=["hedgesim-page-title"])
            solara.Text("How does an outcome respond to one or two parameters? The page runs the "
                        "model at every point of a grid, several times with different random seeds, "
                        "and draws the average.", classes=["hedgesim-page-intro"])
            RunStatus(state, "main", status)
        form_settings, _ = state.form.check()
        if state.last is None:
            solara.Text("Choose the parameters on the left and press Run.",
                        classes=["hedgesim-placeholder"])
        else:  # while a new sweep runs, the last one stays on screen
            SweepResultView(state.last, state.form.outcome, form_settings)
