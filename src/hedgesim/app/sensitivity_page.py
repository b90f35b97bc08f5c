"""The sensitivity page: which parameters move an outcome, over every numeric parameter.

Morris screening (the default: seconds) or Sobol' indices (a small sample,
still seconds) of one outcome over every numeric parameter's whole schema
range, on a chosen base scenario. The design runs on the vectorised sweep
runner in a background thread with a progress bar, SALib analyses it
(``hedgesim.analysis.sensitivity``) and the top parameters are drawn as bars with
95 % confidence intervals. The indices download as CSV.
"""

from __future__ import annotations

import html
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import solara
from matplotlib.figure import Figure
from solara.lab import task

from hedgesim.app.classroom import TITLE
from hedgesim.app.download import Download
from hedgesim.app.scenario_panel import ScenarioPicker, scenarios
from hedgesim.app.sweep_page import (
    CSS,
    FONT,
    outcome_choices,
    outcome_label,
    parameter_label,
    png_image,
    run_in_chunks,
)
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import NUMERIC, PARAMETERS, ConfigError
from hedgesim.analysis.sweep.plan import SweepResult
from hedgesim.analysis.sensitivity import analyse_sweep, bar_chart, sensitivity_spec
from hedgesim.analysis.sweep.spec import SweepSpec

METHODS = {"morris": "Morris screening (fast)", "sobol": "Sobol' indices (slower)"}
# Morris: trajectories (N (D + 1) runs); Sobol': base samples (N (D + 2) runs). All run in seconds.
SAMPLES = {"morris": (20, 50, 100, 200), "sobol": (64, 128, 256, 512)}
DEFAULT_SAMPLES = {"morris": 50, "sobol": 128}
TOP = 12
CHUNK = 1500


def runs_of(method: str, samples: int) -> int:
    return samples * (len(NUMERIC) + (1 if method == "morris" else 2))


def samples_text(method: str, samples: int) -> str:
    what = "trajectories" if method == "morris" else "base samples"
    return f"{samples} {what} ({runs_of(method, samples):,} runs)"


@dataclass(frozen=True)
class SensitivitySettings:
    scenario: str = "baseline"
    method: str = "morris"
    samples: int = DEFAULT_SAMPLES["morris"]
    seed: int = 1
    outcome: str = "mean_hedging_index"

    @property
    def runs(self) -> int:
        return runs_of(self.method, self.samples)

    def spec(self) -> SweepSpec:
        """Every numeric parameter over its schema range, one run per design point."""
        return sensitivity_spec({"name": f"sensitivity page ({self.method})",
                                 "scenario": self.scenario, "vary": "all", "design": self.method,
                                 "samples": self.samples, "replications": 1,
                                 "seed": self.seed, "steps": scenarios()[self.scenario].steps,
                                 "chunk_size": CHUNK}, self.method)


@dataclass
class SensitivityRun:
    """A finished design of the page, analysed (and drawn) once per outcome asked for."""

    settings: SensitivitySettings
    sweep: SweepResult
    seconds: float
    analyses: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = field(default_factory=dict)
    charts: dict[str, bytes] = field(default_factory=dict)

    def analysis(self, outcome: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The outcome's indices and its N/2-versus-N convergence row."""
        if outcome not in self.analyses:
            self.analyses[outcome] = analyse_sweep(self.sweep, self.settings.method, [outcome])
        return self.analyses[outcome]

    def csv(self, outcome: str) -> str:
        indices = self.analysis(outcome)[0].copy()
        indices.insert(2, "label", [parameter_label(p) for p in indices["parameter"]])
        return indices.to_csv(index=False)

    def filename(self, outcome: str) -> str:
        return f"sensitivity_{self.settings.method}_{self.settings.scenario}_{outcome}.csv"


def compute(settings: SensitivitySettings, on_progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] = lambda: False) -> SensitivityRun | None:
    """Run the design on the vectorised runner and analyse the settings' outcome."""
    started = time.perf_counter()
    sweep = run_in_chunks(settings.spec(), on_progress, cancelled)
    if sweep is None:
        return None
    run = SensitivityRun(settings, sweep, 0.0)
    run.analysis(settings.outcome)
    run.seconds = time.perf_counter() - started
    return run


def chart(run: SensitivityRun, outcome: str, top: int = TOP) -> Figure:
    """``sensitivity.bar_chart`` of the top parameters, relabelled and resized for a projector."""
    indices = run.analysis(outcome)[0]
    fig = Figure(figsize=(8.8, 5.0), dpi=100, layout="constrained")
    ax = fig.subplots()
    bar_chart(indices, outcome, run.settings.method, top=top, ax=ax)
    ax.set_yticks(ax.get_yticks(), [parameter_label(t.get_text()) if t.get_text() in PARAMETERS
                                    else t.get_text() for t in ax.get_yticklabels()])
    ax.tick_params(axis="y", labelsize=FONT - 1)
    ax.tick_params(axis="x", labelsize=FONT - 2)
    ax.xaxis.label.set_fontsize(FONT)
    method = "Morris" if run.settings.method == "morris" else "Sobol'"
    ax.set_title("")  # bar_chart's centred title: replaced by the one on the left
    ax.set_title(f"{method}: what moves the {outcome_label(outcome).lower()} (top {top})",
                 loc="left", fontsize=FONT + 2)
    ax.legend(fontsize=FONT - 1, loc="lower right", framealpha=0.9)
    ax.set_ylim(-0.6, top - 0.4)
    return fig


def chart_png(run: SensitivityRun, outcome: str) -> bytes:
    if outcome not in run.charts:
        buffer = io.BytesIO()
        chart(run, outcome).savefig(buffer, format="png")
        run.charts[outcome] = buffer.getvalue()
    return run.charts[outcome]


def how_to_read(method: str) -> str:
    """How to read the bars (HTML)."""
    if method == "morris":
        return ("<b>How to read it.</b> Morris screening moves one parameter at a time across its "
                "range, from many random starting points. <b>μ*</b> (blue) is the average size of "
                "the change in the outcome when that parameter moves, in the outcome's units: the "
                "longer the bar, the more the outcome depends on the parameter. <b>σ</b> (orange) "
                "is how much that change differs from one starting point to another: σ as large as "
                "μ* or larger means the parameter's effect depends on the others (interactions) or "
                "is not a straight line. Whiskers are 95 % confidence intervals of μ*.")
    return ("<b>How to read it.</b> Sobol' indices split the outcome's variance, with every "
            "parameter drawn over its whole range, among the parameters. <b>S1</b> (blue) is the "
            "share a parameter causes on its own; <b>ST</b> (red) the share it causes including "
            "its interactions with all the others. ST much larger than S1 means the parameter "
            "acts through interactions. Whiskers are 95 % bootstrap confidence intervals; with "
            "a small sample they are wide and S1 can dip below 0: trust only differences whose "
            "intervals do not overlap, or run a larger sample.")


def convergence_text(run: SensitivityRun, outcome: str) -> str:
    table = run.analysis(outcome)[1]
    if table.empty:
        return ""
    row = table.iloc[0]
    key = "μ*" if run.settings.method == "morris" else "ST"
    if row["top5_same_set"]:
        return (f"The five largest by {key} are the same with half the sample "
                f"(N = {row['n_half']}): the ranking has settled.")
    return (f"The five largest by {key} are not all the same with half the sample "
            f"(N = {row['n_half']}): where bars are close their order is not settled; a larger "
            f"sample settles it.")


def caption(run: SensitivityRun, outcome: str) -> str:
    s = run.settings
    what = html.escape(OUTCOMES[outcome].description.rstrip("."))
    scenario = html.escape(scenarios()[s.scenario].title)
    return (f"{html.escape(outcome_label(outcome))}: {what}. All {len(NUMERIC)} numeric parameters "
            f"vary over their whole allowed ranges around the scenario <i>{scenario}</i>; "
            f"{samples_text(s.method, s.samples)}. " + html.escape(convergence_text(run, outcome)))


@task
def run_sensitivity_task(settings: SensitivitySettings) -> SensitivityRun | None:
    """Run, analyse and draw in a background thread, moving the progress bar after every chunk."""
    run_sensitivity_task.progress = 0.0

    def progress(done: int, total: int) -> None:
        run_sensitivity_task.progress = 95.0 * done / total  # the analysis is the last 5 %

    run = compute(settings, progress, cancelled=lambda: not run_sensitivity_task.is_current())
    if run is not None:
        chart_png(run, settings.outcome)
    return run


@solara.component
def SensitivityControls(settings: solara.Reactive[SensitivitySettings],
                        on_run: Callable[[SensitivitySettings], None]):
    s = settings.value
    scenario = solara.use_reactive(s.scenario)
    method = solara.use_reactive(s.method)
    samples = solara.use_reactive(s.samples)
    seed = solara.use_reactive(s.seed)
    outcome = solara.use_reactive(s.outcome)

    def current() -> SensitivitySettings:
        return SensitivitySettings(scenario.value, method.value, samples.value, seed.value,
                                   outcome.value)

    solara.use_effect(lambda: settings.set(current()),
                      [scenario.value, method.value, samples.value, seed.value, outcome.value])

    def choose_method(text: str) -> None:
        chosen = next(k for k, v in METHODS.items() if v == text)
        method.set(chosen)
        samples.set(DEFAULT_SAMPLES[chosen])

    outcomes = outcome_choices()
    outcome_text = {n: text for text, n in outcomes.items()}
    sizes = {samples_text(method.value, n): n for n in SAMPLES[method.value]}
    with solara.Card("Sensitivity", margin=0, classes=["hedgesim-sensitivity-controls"]):
        ScenarioPicker(scenario)
        solara.Select("Outcome", values=list(outcomes), value=outcome_text[outcome.value],
                      on_value=lambda text: outcome.set(outcomes[text]),
                      classes=["hedgesim-outcome-select"])
        solara.Select("Method", values=list(METHODS.values()), value=METHODS[method.value],
                      on_value=choose_method, classes=["hedgesim-method-select"])
        solara.Select("Sample size", values=list(sizes),
                      value=samples_text(method.value, samples.value),
                      on_value=lambda text: samples.set(sizes[text]),
                      classes=["hedgesim-samples-select"])
        solara.InputInt("seed", value=seed, classes=["hedgesim-seed"])
        solara.Text(f"{len(NUMERIC)} parameters over their schema ranges, "
                    f"{current().runs:,} runs of {scenarios()[scenario.value].steps} quarters",
                    classes=["hedgesim-caption-small", "hedgesim-run-count"])
        solara.Button("Run", on_click=lambda: on_run(current()), color="primary",
                      disabled=run_sensitivity_task.pending, classes=["hedgesim-run-button"])


@solara.component
def SensitivityResultView(run: SensitivityRun, outcome: str):
    png = solara.use_memo(lambda: chart_png(run, outcome), [id(run), outcome])
    with solara.Div(classes=["hedgesim-cell", "hedgesim-chart", "hedgesim-bars"]):
        png_image(png)
    solara.HTML("p", caption(run, outcome), classes=["hedgesim-caption"])
    solara.HTML("p", how_to_read(run.settings.method), classes=["hedgesim-caption"])
    with solara.Row(style={"align-items": "center", "gap": "16px", "flex-wrap": "wrap"}):
        Download(lambda: run.csv(outcome), filename=run.filename(outcome),
                 label="Download the indices (CSV)")
        solara.Text(f"{len(run.sweep.runs):,} runs and the analysis in {run.seconds:.1f} s; "
                    f"every parameter's indices with their 95 % confidence intervals.",
                    classes=["hedgesim-caption-small"])


@solara.component
def SensitivityPage():
    settings = solara.use_reactive(SensitivitySettings())
    running = solara.use_reactive(settings.value)
    error = solara.use_reactive("")

    def on_run(chosen: SensitivitySettings):
        settings.set(chosen)
        try:
            chosen.spec()
        except ConfigError as problem:  # one line on the page, nothing run
            error.set(str(problem).removeprefix("sweep spec: "))
            return
        error.set("")
        running.set(chosen)
        run_sensitivity_task(chosen)

    solara.Style(CSS)
    solara.Title("hedgesim sensitivity")
    solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        SensitivityControls(settings, on_run)
    with solara.Card(margin=0, classes=["hedgesim-sensitivity-intro"]):
        solara.Text("Sensitivity analysis", classes=["hedgesim-page-title"])
        solara.Text("Which parameters move an outcome most? Every numeric parameter varies over "
                    "its whole allowed range at once; the bars rank them by their effect.",
                    classes=["hedgesim-page-intro"])
        task_ = run_sensitivity_task
        if task_.pending:
            progress = task_.progress or 0.0
            solara.ProgressLinear(progress, classes=["hedgesim-progress"])
            solara.Text(f"Running {running.value.runs:,} runs … {progress:.0f} %",
                        classes=["hedgesim-progress-text"])
        elif error.value:
            solara.Text(error.value, classes=["hedgesim-error"])
        elif task_.error:
            solara.Text(f"The analysis failed: {task_.exception}", classes=["hedgesim-error"])
    run = run_sensitivity_task.latest
    if run is None:
        solara.Text("Choose an outcome on the left and press Run.", classes=["hedgesim-placeholder"])
    else:
        outcome = settings.value.outcome
        SensitivityResultView(run, outcome)
