"""The sensitivity page: which parameters move an outcome, over every numeric parameter.

Morris screening (the default: seconds) or Sobol' indices (a small sample,
still seconds) of one outcome over every numeric parameter's whole schema
range, on a chosen base scenario. The design runs on the vectorised sweep
runner in a background job with a progress bar and a Cancel button, SALib
analyses it (``hedgesim.analysis.sensitivity``) and the top parameters are
drawn as bars with 95 % confidence intervals. The indices download as CSV
with their metadata (scenario, base seed, version).

Like the sweep page's, the form, a running analysis and its result belong to
the browser tab: they survive a page change or a reload, and closing the tab
cancels the work.
"""

from __future__ import annotations

import copy
import html
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import solara
from matplotlib.figure import Figure

from hedgesim.app.download import Download
from hedgesim.app.forms import metadata, read_whole, results_csv
from hedgesim.app.jobs import Job, PageWork, use_job
from hedgesim.app.layout import Main, Sidebar
from hedgesim.app.scenario_panel import ScenarioPicker, scenarios
from hedgesim.app.session import use_tab
from hedgesim.app.sweep_page import (
    CSS,
    FONT,
    Field,
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
        """Every parameter's indices with their confidence intervals, after the metadata columns."""
        indices = self.analysis(outcome)[0].copy()
        indices.insert(2, "label", [parameter_label(p) for p in indices["parameter"]])
        return results_csv(indices, {**metadata(self.settings.scenario, self.settings.seed),
                                     "method": self.settings.method})

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


def not_analysed(run: SensitivityRun, outcome: str) -> str:
    """Why the outcome has no indices ('' if it has them): undefined at some design point."""
    return run.analysis(outcome)[0].attrs.get("skipped", {}).get(outcome, "")


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


# --------------------------------------------------------------- page state
@dataclass
class SensitivityForm:
    """The controls (the seed as typed)."""

    scenario: str = "baseline"
    method: str = "morris"
    samples: int = DEFAULT_SAMPLES["morris"]
    seed: str = "1"
    outcome: str = "mean_hedging_index"

    def check(self) -> tuple[SensitivitySettings | None, dict[str, str]]:
        seed, problem = read_whole(self.seed, 0, None, "the seed")
        if seed is not None and seed > 2**62:
            seed, problem = None, "Too large: the seed is at most 4.6e18 (2**62)."
        if problem:
            return None, {"seed": problem}
        return SensitivitySettings(self.scenario, self.method, self.samples, seed, self.outcome), {}


@dataclass
class SensitivityState(PageWork):
    """The sensitivity page in one tab: the form, an analysis running (or not), the last result."""

    WORK = "analysis"

    form: SensitivityForm = field(default_factory=SensitivityForm)
    job: Job | None = None
    last: SensitivityRun | None = None
    message: str = ""

    def start(self, settings: SensitivitySettings) -> None:
        if self.job is not None:
            self.job.cancel()
        self.message = ""

        def work(progress, cancelled):
            run = compute(settings, lambda done, total: progress(95.0 * done / total), cancelled)
            if run is not None and not cancelled():
                if not not_analysed(run, settings.outcome):
                    chart_png(run, settings.outcome)
                self.last = run
            return run

        self.job = Job(settings, work)


# ------------------------------------------------------------- components
@solara.component
def SensitivityControls(state: SensitivityState, version: int, status: tuple, changed, run, cancel):
    form = state.form
    settings, problems = form.check()
    running = state.job is not None and state.job.running

    def set_field(key: str):
        return lambda value: changed(lambda f: setattr(f, key, value))

    def choose_method(text: str) -> None:
        chosen = next(k for k, v in METHODS.items() if v == text)

        def update(f: SensitivityForm) -> None:
            f.method, f.samples = chosen, DEFAULT_SAMPLES[chosen]
        changed(update)

    outcomes = outcome_choices()
    outcome_text = {n: text for text, n in outcomes.items()}
    sizes = {samples_text(form.method, n): n for n in SAMPLES[form.method]}
    with solara.Card("Sensitivity", margin=0, classes=["hedgesim-sensitivity-controls"]):
        ScenarioPicker(form.scenario, on_name=set_field("scenario"))
        solara.Select("Outcome", values=list(outcomes), value=outcome_text[form.outcome],
                      on_value=lambda text: changed(lambda f: setattr(f, "outcome", outcomes[text])),
                      classes=["hedgesim-outcome-select"])
        solara.Select("Method", values=list(METHODS.values()), value=METHODS[form.method],
                      on_value=choose_method, classes=["hedgesim-method-select"])
        solara.Select("Sample size", values=list(sizes), value=samples_text(form.method, form.samples),
                      on_value=lambda text: changed(lambda f: setattr(f, "samples", sizes[text])),
                      classes=["hedgesim-samples-select"])
        Field("seed", form.seed, set_field("seed"), problems.get("seed"), "hedgesim-seed")
        if problems.get("seed"):
            solara.Text(problems["seed"], classes=["hedgesim-field-error", "hedgesim-seed-error"])
        solara.Text(f"{len(NUMERIC)} parameters over their schema ranges, "
                    f"{runs_of(form.method, form.samples):,} runs of "
                    f"{scenarios()[form.scenario].steps} quarters",
                    classes=["hedgesim-caption-small", "hedgesim-run-count"])
        with solara.Div(classes=["hedgesim-buttons"]):
            solara.Button("Run", on_click=run, color="primary", disabled=running or settings is None,
                          classes=["hedgesim-run-button"])
            if running:
                solara.Button("Cancel", on_click=cancel, color="error", outlined=True,
                              classes=["hedgesim-cancel-button"])
        RunStatus(state, "sidebar", status)


@solara.component
def RunStatus(state: SensitivityState, where: str, status: tuple):
    job = state.job
    if job is not None and job.running:
        solara.ProgressLinear(job.progress, classes=["hedgesim-progress", f"hedgesim-progress-{where}"])
        solara.Text(f"Running {job.settings.runs:,} runs … {job.progress:.0f} %",
                    classes=["hedgesim-progress-text"])
    elif state.message:
        solara.Text(state.message, classes=["hedgesim-notice", "hedgesim-job-message"])


@solara.component
def SensitivityResultView(run: SensitivityRun, outcome: str):
    why = not_analysed(run, outcome)
    png = solara.use_memo(lambda: b"" if why else chart_png(run, outcome), [id(run), outcome])
    s = run.settings
    if why:  # e.g. a mean loan rate where some runs had no offer: no value to apportion
        solara.Text(f"{outcome_label(outcome)}: {why}. Choose another outcome.",
                    classes=["hedgesim-notice", "hedgesim-not-analysed"])
        return
    solara.Text(f"This chart: {METHODS[s.method]}, {samples_text(s.method, s.samples)}, seed {s.seed}, "
                f"scenario {scenarios()[s.scenario].title}.",
                classes=["hedgesim-caption-small", "hedgesim-result-settings"])
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
    solara.Title("hedgesim sensitivity")
    tab = use_tab()
    if tab is None:
        with Main():
            solara.Text("Loading …", classes=["hedgesim-loading"])
        return
    SensitivityView(tab.slot("sensitivity", SensitivityState))


@solara.component
def SensitivityView(state: SensitivityState):
    version, set_version = solara.use_state(0)
    use_job(state.job)
    state.ended()
    # What the status shows: passed down, so that components redraw when it changes.
    status = (state.job.state, round(state.job.progress), id(state.job)) if state.job else \
        ("", 0, state.message)

    def changed(update) -> None:
        # A new form object for every change: components given the form see that it changed.
        form = copy.copy(state.form)
        update(form)
        state.form = form
        set_version(lambda v: v + 1)

    def run() -> None:
        settings, problems = state.form.check()
        if settings is None:
            return
        try:
            settings.spec()
        except ConfigError as problem:  # one line in the sidebar, nothing run
            state.message = str(problem).removeprefix("sweep spec: ")
        else:
            state.start(settings)
        set_version(lambda v: v + 1)

    def cancel() -> None:
        state.stop_work()
        set_version(lambda v: v + 1)

    solara.Style(CSS)
    with Sidebar():
        SensitivityControls(state, version, status, changed, run, cancel)
    with Main():
        with solara.Card(margin=0, classes=["hedgesim-sensitivity-intro"]):
            solara.Text("Sensitivity analysis", classes=["hedgesim-page-title"])
            solara.Text("Which parameters move an outcome most? Every numeric parameter varies over "
                        "its whole allowed range at once; the bars rank them by their effect.",
                        classes=["hedgesim-page-intro"])
            RunStatus(state, "main", status)
        if state.last is None:
            solara.Text("Choose an outcome on the left and press Run.",
                        classes=["hedgesim-placeholder"])
        else:
            SensitivityResultView(state.last, state.form.outcome)
