"""The classroom page: one world of the hedging game, played quarter by quarter on a projector.

Pick a scenario from the paper, press ▶ (or Step) and watch Kazakhstan hedge:
the corridor map, a "what is happening" panel (news first, routine folded) and
plots over time, with the previous run drawn faintly for comparison. At
1280 x 720 the controls, the map, the narration and two plots fit on one
screen; "Present full screen" hides everything but the game.

The page drives the Mesa model (``hedgesim.game.model.HedgingModel``) through
``ClassroomRun`` rather than through Mesa's SolaraViz: SolaraViz's controller
keeps playing a run after its page is replaced (a scenario switch while
playing left the page stuck and the old run burning CPU), skips quarters when
drawing is slower than its play interval, and redraws every component as a
server-side image each quarter. Here the plots are drawn in the browser
(Vega-Lite) and the map is a few kilobytes of SVG, so a quarter costs the
server milliseconds; see ``benchmarks/bench_classroom.py``.
"""

from __future__ import annotations

import solara

from hedgesim.app import vega
from hedgesim.app.browser import PRESENT_CSS, FrameClock, PresentButton
from hedgesim.app.charts import quarter_year, rows, spec
from hedgesim.app.classroom_run import SPEEDS, ClassroomRun, seed_problem, steps_of
from hedgesim.app.corridor_map import CorridorMap, quarter_report
from hedgesim.app.download import Download
# TITLE is imported from here by the Game page (on the game branch)
from hedgesim.app.layout import TITLE, Main, Sidebar, presenting
from hedgesim.app.narration import headline, tell
from hedgesim.app.panels import PANELS, Panel
from hedgesim.app.scenario_panel import MAIN, ScenarioPicker, ScenarioStory, SliderHelp, scenarios, \
    slider_label
from hedgesim.app.session import use_tab
from hedgesim.app.svg_figure import CSS as SVG_CSS
from hedgesim.game.model import quarter_label

TOP_PANELS = 2  # plots on the first screen, under the map and the narration

CSS = """
.hedgesim-classroom { --row: max(260px, calc((100vh - 130px) / 2)); }
.hedgesim-classroom.hedgesim-presenting { --row: max(280px, calc((100vh - 86px) / 2)); }
.hedgesim-story-line { display: flex; align-items: baseline; gap: 6px 14px; min-height: 40px;
  flex-wrap: nowrap; overflow: hidden; }
.hedgesim-title { font-size: 1.35rem; font-weight: 600; white-space: nowrap; }
.hedgesim-description { font-size: 1.05rem; color: #222; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; flex: 1 1 auto; min-width: 0; }
.hedgesim-paper { font-size: 1.02rem; font-style: italic; line-height: 1.35; color: #222;
  margin: 2px 0 6px 0; }
.hedgesim-story-tools { display: flex; align-items: center; gap: 8px; flex: 0 0 auto; }
.hedgesim-header { display: flex; align-items: center; gap: 12px; height: 44px; min-width: 0; }
.hedgesim-story { min-width: 0; overflow: hidden; }
.hedgesim-header .hedgesim-story { flex: 1 1 auto; min-width: 0; }
.hedgesim-top { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); gap: 10px;
  height: var(--row); margin-top: 6px; }
.hedgesim-plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr));
  grid-auto-rows: var(--row); gap: 10px; margin-top: 10px; }
.hedgesim-presenting .hedgesim-top { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
.hedgesim-presenting .hedgesim-plots { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.hedgesim-cell { background: white; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.2);
  overflow: hidden; position: relative; min-width: 0; }
.hedgesim-narration { height: 100%; overflow-y: auto; padding: 6px 14px 8px 14px; }
.hedgesim-narration h3 { font-size: 1.3rem; margin: 2px 0 2px 0; line-height: 1.3; }
.hedgesim-narration .hedgesim-step { font-size: 1rem; color: #444; margin: 0; }
.hedgesim-narration .hedgesim-headline { font-size: 1.02rem; margin: 0 0 4px 0; color: #222; }
.hedgesim-narration li, .hedgesim-narration p { font-size: 1.08rem; line-height: 1.35; }
.hedgesim-narration ul { padding-left: 20px; margin: 2px 0 4px 0; }
.hedgesim-narration details summary { font-size: 1.02rem; color: #333; cursor: pointer; margin: 4px 0; }
.hedgesim-narration details li { color: #333; font-size: 1.0rem; }
.hedgesim-narration abbr { text-decoration: underline dotted; cursor: help; }
.hedgesim-finished { background: #eef6ee; border-left: 5px solid #2e8b57; padding: 6px 10px;
  margin: 4px 0 6px 0; }
.hedgesim-finished p, .hedgesim-finished li { font-size: 1.04rem !important; }
.hedgesim-controls-row { display: flex; gap: 8px; }
.hedgesim-controls-row .v-btn { flex: 1 1 0; font-size: 1.05rem; min-width: 0; }
.hedgesim-status { font-size: 1.02rem; color: #222; }
.hedgesim-changed { font-size: 0.95rem; color: #8a4b00; font-weight: 600; }
.hedgesim-changed-banner { background: #fff4e0; border-left: 5px solid #e08a00; padding: 6px 10px;
  font-size: 1rem; }
.hedgesim-slider .v-slider.v-input--horizontal { grid-template-areas: "prepend prepend prepend"
  "control control control"; grid-template-columns: 1fr; margin-bottom: 0; }
.hedgesim-slider .v-slider .v-input__prepend { margin: 0; }
.hedgesim-slider .v-slider-thumb__label-container { display: block !important; }
.hedgesim-slider .v-slider-thumb__label { font-size: 0.9rem; height: 26px; min-width: 38px; }
.hedgesim-slider .v-slider .v-input__control { padding-top: 30px; }
.hedgesim-slider-changed .v-label { color: #8a4b00 !important; font-weight: 600; }
.hedgesim-slider-help li, .hedgesim-slider-help p { font-size: 0.95rem; }
ul.hedgesim-slider-help { padding-left: 22px; margin-top: 4px; }
.hedgesim-presentation-bar { display: flex; align-items: center; gap: 10px; min-height: 48px; }
.hedgesim-presentation-bar .v-btn { font-size: 1.05rem; }
.v-navigation-drawer .v-select .v-input__details { display: none; }
.hedgesim-sidebar .v-card-title { font-size: 1.15rem; }
""" + vega.CSS + SVG_CSS + PRESENT_CSS


# ------------------------------------------------------------------ the page
@solara.component
def Classroom():
    """The page: waits for the tab's identity, then shows its run."""
    solara.Title("hedgesim classroom")
    tab = use_tab()
    if tab is None:  # a moment after loading, until the browser says which tab this is
        with Main():
            solara.Text("Loading the classroom …", classes=["hedgesim-loading"])
        return
    ClassroomView(tab.slot("classroom", ClassroomRun))


@solara.component
def ClassroomView(run: ClassroomRun):
    tick = solara.use_reactive(0)       # bumped every quarter: the dashboard redraws
    controls = solara.use_reactive(0)   # bumped when play state, sliders or scenario change
    context = solara.use_memo(_kernel, [])

    def redraw() -> None:
        tick.set(tick.value + 1)
        controls.set(controls.value + 1)

    def pause_on_leave():
        # Leaving the page (another page, a reload, the tab closed) pauses a run it plays.
        return lambda: run.stop_if_owner(context.id)

    solara.use_effect(pause_on_leave, [])
    actions = Actions(run, tick, controls, redraw, context)

    solara.Style(CSS)
    if presenting.value:
        with Main(classes=["hedgesim-classroom", "hedgesim-presenting"]):
            PresentationBar(run, actions, controls.value, tick)
            Dashboard(run, tick, presenting=True)
        return
    with Sidebar():
        Controls(run, actions, controls.value, tick)
    with Main(classes=["hedgesim-classroom"]):
        with solara.Div(classes=["hedgesim-header"]):
            ScenarioStory(scenarios()[run.scenario])
            with solara.Div(classes=["hedgesim-story-tools"]):
                PresentButton(presenting)
        Dashboard(run, tick)


def _kernel():
    from solara.server import kernel_context

    return kernel_context.get_current_context()


class Actions:
    """What the buttons do (each redraws what it changed)."""

    def __init__(self, run: ClassroomRun, tick, controls, redraw, context):
        self.run, self.tick, self.controls, self.redraw, self.context = run, tick, controls, redraw, context

    def bump_controls(self) -> None:
        self.controls.set(self.controls.value + 1)

    def play_pause(self) -> None:
        run = self.run
        if run.playing:
            run.stop()
        else:
            run.play(draw=lambda: self.tick.set(self.tick.value + 1), done=self.bump_controls,
                     alive=lambda: not self.context.closed_event.is_set(), owner=self.context.id)
        self.bump_controls()

    def step(self) -> None:
        if self.run.step():
            self.redraw()

    def reset(self) -> None:
        self.run.restart()
        self.redraw()

    def choose(self, scenario: str) -> None:
        self.run.load(scenario)
        self.redraw()

    def speed(self, label: str) -> None:
        self.run.speed = next(k for k, (text, _) in SPEEDS.items() if text == label)
        self.bump_controls()

    def slider(self, name: str, value: float) -> None:
        self.run.set_slider(name, value)
        self.redraw()

    def seed(self, text: str) -> None:
        self.run.set_seed(text)
        self.redraw()

    def show_previous(self, value: bool) -> None:
        self.run.show_previous = value
        self.redraw()


# ------------------------------------------------------------------ controls
@solara.component
def Controls(run: ClassroomRun, actions: Actions, version: int, tick: solara.Reactive[int]):
    """Scenario, Reset ▶ Step, speed, quarter, comparison, sliders (flagged when they wait for Reset)."""
    with solara.Card("Scenario", margin=0, classes=["hedgesim-controls"]):
        ScenarioPicker(run.scenario, on_name=actions.choose)
        PlayButtons(run, actions, version)
        solara.Select("Speed", values=[text for text, _ in SPEEDS.values()],
                      value=SPEEDS[run.speed][0], on_value=actions.speed,
                      classes=["hedgesim-speed-select"])
        Status(run, tick, version)
        with solara.Div(classes=["hedgesim-show-previous"]):
            solara.Checkbox(label="Show the previous run faintly", value=run.show_previous,
                            on_value=actions.show_previous)
        Download(run.csv, filename=run.filename(), label="Save the run's data (CSV)")
    with solara.Card("Parameters", margin=0, classes=["hedgesim-parameters"]):
        changed = run.changed
        if changed:
            solara.HTML("div", f"<b>Changed — press Reset</b> to start a new run with "
                        f"{len(changed)} new setting{'s' if len(changed) != 1 else ''}.",
                        classes=["hedgesim-changed-banner"])
        problem = seed_problem(run.seed)
        solara.InputText("Random seed", value=run.seed, on_value=actions.seed, continuous_update=True,
                         error=problem or False,
                         message="changed — press Reset" if "seed" in changed and not problem else None,
                         classes=["hedgesim-seed"])
        for p in MAIN:
            Slider(p, run.sliders[p.name], p.name in changed, actions)
        SliderHelp()


@solara.component
def PlayButtons(run: ClassroomRun, actions: Actions, version: int):
    with solara.Div(classes=["hedgesim-controls-row"]):
        solara.Button("Reset", color="warning" if run.changed else "primary", on_click=actions.reset,
                      classes=["hedgesim-reset"])
        solara.Button("❚❚" if run.playing else "▶", color="primary", on_click=actions.play_pause,
                      disabled=run.finished and not run.playing, classes=["hedgesim-play"])
        solara.Button("Step", color="primary", on_click=actions.step,
                      disabled=run.playing or run.finished, classes=["hedgesim-step-button"])


@solara.component
def Slider(p, value: float, changed: bool, actions: Actions):
    label = slider_label(p) + (" — changed, press Reset" if changed else "")
    kind = solara.SliderInt if p.kind == "int" else solara.SliderFloat
    with solara.Div(classes=["hedgesim-slider", f"hedgesim-slider-{p.name}"]
                    + (["hedgesim-slider-changed"] if changed else [])):
        kind(label, value=value, min=p.low, max=p.high, step=steps_of(p),
             on_value=lambda v, name=p.name: actions.slider(name, v), thumb_label="always")


@solara.component
def Status(run: ClassroomRun, tick: solara.Reactive[int], version: int):
    """Where the run is: ready, playing, paused or finished (redrawn every quarter and change)."""
    tick.get()
    if run.finished:
        text = f"Finished: all {run.model.horizon} quarters played."
    elif run.playing:
        text = f"Playing: quarter {run.model.steps} of {run.model.horizon}."
    elif run.started:
        text = f"Paused at quarter {run.model.steps} of {run.model.horizon}."
    else:
        text = f"Ready: {run.model.horizon} quarters from {run.model.quarter}."
    solara.Text(text, classes=["hedgesim-status"])


@solara.component
def PresentationBar(run: ClassroomRun, actions: Actions, version: int, tick: solara.Reactive[int]):
    """The presentation view's controls: one line over the game."""
    with solara.Div(classes=["hedgesim-presentation-bar"]):
        solara.Text(run.scenario_title, classes=["hedgesim-title"])
        PlayButtons(run, actions, version)
        Status(run, tick, version)
        solara.Div(style={"flex": "1 1 auto"})
        PresentButton(presenting)


# ------------------------------------------------------------------ the game
@solara.component
def Dashboard(run: ClassroomRun, tick: solara.Reactive[int], presenting: bool = False):
    """The map and the narration, then the plots; redrawn every quarter."""
    tick.get()  # subscribe: redrawn when the run moves
    with run.lock:
        series = run.series()
        report, quarter = quarter_report(run.model)
        frame, started = run.frame, run.frame_started
        horizon, cap = run.model.horizon, float(run.model.p["dominance_cap"][0])
        previous = run.previous.series if run.previous is not None and run.show_previous else None
        series_key = (run.generation, id(previous))
        parameters = {name: float(values[0]) for name, values in run.model.p.items()
                      if getattr(values, "dtype", None) is not None and values.dtype.kind in "fi"}
        steps, finished = run.model.steps, run.finished
        first = quarter_label(1, run.model.start)
    start = quarter_year(first)
    if previous is not None and (previous.empty or previous["quarter"].iloc[0] != first):
        previous = None  # a run over other years (e.g. the 2014-2025 history) is not comparable
    columns = set(series.columns)
    shown = [p for p in (panel.available(columns) for panel in PANELS) if p is not None]
    feed = solara.use_memo(vega.Feed, [])
    appends: dict[str, list] = {}
    with solara.Div(classes=["hedgesim-top"]):
        with solara.Div(classes=["hedgesim-cell", "hedgesim-map"]):
            CorridorMap(report, quarter)
        with solara.Div(classes=["hedgesim-cell"]):
            Narration(series, cap, horizon, finished, first,
                      run.previous.label if previous is not None else "")
    with solara.Div(classes=["hedgesim-plots"]):
        for panel in shown:
            base, appends[panel.key] = feed.split(panel.key, series_key, rows(panel, series, previous))
            with solara.Div(classes=["hedgesim-cell", "hedgesim-plot", f"hedgesim-plot-{panel.key}"]):
                PanelChart(panel, base, start, horizon, parameters,
                           "Press ▶ or Step to start" if series.empty else "").key(panel.key)
    # after the charts: their new rows travel with the frame, in one message
    FrameClock(frame, started, on_drawn=run.shown, appends={k: v for k, v in appends.items() if v})


@solara.component
def PanelChart(panel: Panel, base: list, start: float, horizon: int, parameters: dict[str, float],
               placeholder: str):
    """A panel's chart: its spec (made once per run length and reference values) and first rows."""
    rule_values = {r.parameter: parameters[r.parameter] for r in panel.rules if r.parameter in parameters}
    chart = solara.use_memo(lambda: spec(panel, start, horizon, rule_values),
                            [panel, start, horizon, tuple(sorted(rule_values.items()))])
    return vega.VegaChart.element(spec=chart, rows=base, name=panel.key,
                                  filename=f"hedgesim_{panel.key}", placeholder=placeholder)


@solara.component
def Narration(series, dominance_cap: float, horizon: int, finished: bool, first: str, previous: str):
    """What happened this quarter: news, then routine folded; what to do next when finished.

    One HTML element, so a quarter's narration is one message to the browser.
    """
    return solara.HTML("div", narration_html(series, dominance_cap, horizon, finished, first, previous),
                       classes=["hedgesim-narration"])


def narration_html(series, dominance_cap: float, horizon: int, finished: bool, first: str,
                   previous: str) -> str:
    if series.empty:
        text = ("<h3>What is happening</h3>"
                f"<p>The game starts in <b>{first}</b> and runs {horizon} quarters. "
                "Press <b>▶</b> to play quarter after quarter, or <b>Step</b> for one.</p>")
        if previous:
            text += f"<p>The faint lines are the previous run ({previous}), for comparison.</p>"
        return text
    now = series.iloc[-1]
    text = (f'<h3 class="hedgesim-quarter">What happened in {now["quarter"]}</h3>'
            f'<p class="hedgesim-step">Quarter {int(now["step"])} of {horizon}</p>'
            f'<p class="hedgesim-headline">{headline(series)}</p>')
    if finished:
        text += FINISHED
    story = tell(series, dominance_cap)
    if story.news:
        text += '<ul class="hedgesim-news">' + "".join(f"<li>{n}</li>" for n in story.news) + "</ul>"
    else:
        text += '<p class="hedgesim-news-none">A quiet quarter: nothing new beyond the routine.</p>'
    if story.routine:
        text += (f'<details class="hedgesim-routine"><summary>Also this quarter '
                 f"({len(story.routine)} routine)</summary><ul>"
                 + "".join(f"<li>{n}</li>" for n in story.routine) + "</ul></details>")
    return text


FINISHED = ('<div class="hedgesim-finished"><p><b>Finished.</b> What next?</p><ul>'
            "<li>Move a slider and press <b>Reset</b> to play again with that change; this run "
            "stays as faint lines to compare with.</li>"
            "<li>Pick another scenario to compare it with this one.</li>"
            "<li>Save a figure (PNG or SVG, top right of each plot) or the run's data (CSV).</li>"
            "<li>The <b>Info</b> page lists things to notice and to try.</li></ul></div>")

