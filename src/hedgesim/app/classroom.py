"""The classroom page: one world of the hedging game on Mesa's SolaraViz.

Pick a scenario from the paper, press play (or Step) and watch Kazakhstan
hedge: the corridor map, a "what is happening" panel and six plots over time.
The sliders are the schema's main parameters (``main=True``), with its labels,
ranges and units; like every SolaraViz slider they take effect on Reset.
Choosing a scenario loads its parameters into the sliders and starts a new run.
"""

from __future__ import annotations

import math
from typing import Any

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from hedgesim.app.charts import PLOTS
from hedgesim.app.corridor_map import CorridorMap
from hedgesim.app.narration import WhatIsHappening
from hedgesim.app.scenario_panel import (MAIN, ScenarioPicker, ScenarioStory, SliderHelp,
                                         scenarios, slider_label)
from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import Parameter, defaults
from hedgesim.config.scenarios import Scenario

TITLE = "hedgesim: Kazakhstan between China, the EU and Russia"
PLAY_INTERVAL_MS = 300  # plus about a second of drawing: 40 quarters in under a minute
SIDEBAR_PX = 350

# Projector: larger type, strong contrast. The sidebar rules also give Vuetify 3 the
# sidebar width it cannot compute from Solara's "min-content" (main content would
# otherwise slide under the sidebar).
CSS = f"""
.v-application {{ font-size: 17px; }}
.v-navigation-drawer {{ width: {SIDEBAR_PX}px !important; min-width: {SIDEBAR_PX}px !important;
  top: 64px !important; height: calc(100% - 64px) !important; }}
.v-navigation-drawer .v-label {{ white-space: normal; }}
.v-app-bar-nav-icon .v-btn__content::before {{ content: "\\2630"; font-size: 26px; color: white; }}
.v-theme--dark .hedgesim-description, .v-theme--dark .hedgesim-paper,
.v-theme--dark .hedgesim-paper-label, .v-theme--dark .v-navigation-drawer .v-label {{ color: inherit; }}
.v-checkbox .v-selection-control__wrapper {{ font-size: 0; }}
.v-checkbox .v-selection-control__wrapper .v-icon {{ font-size: 24px; }}
.v-application:has(.v-navigation-drawer--active) .v-main {{ --v-layout-left: {SIDEBAR_PX}px !important; }}
.v-application:has(.v-navigation-drawer:not(.v-navigation-drawer--active)) .v-main {{
  --v-layout-left: 0px !important; }}
.v-navigation-drawer .v-slider.v-input--horizontal {{
  grid-template-areas: "prepend prepend prepend" "control control control";
  grid-template-columns: 1fr; margin-bottom: 2px; }}
.v-navigation-drawer .v-slider .v-input__prepend {{ margin: 0; }}
.v-navigation-drawer .v-label {{ font-size: 1rem !important; opacity: 0.9; color: #111; }}
.v-navigation-drawer .v-slider-thumb__label-container {{ display: block !important; }}
.v-navigation-drawer .v-slider-thumb__label {{ font-size: 0.9rem; height: 26px; min-width: 38px; }}
.v-navigation-drawer .v-slider .v-input__control {{ padding-top: 34px; }}
.hedgesim-run > :first-child:not(.hedgesim-dashboard) {{ display: none !important; }}
.hedgesim-title {{ font-size: 1.6rem; font-weight: 600; line-height: 1.25; }}
.hedgesim-description {{ font-size: 1.15rem; line-height: 1.4; color: #111; }}
.hedgesim-paper-label {{ font-size: 0.95rem; font-weight: 600; color: #333; }}
.hedgesim-paper {{ font-size: 1.0rem; font-style: italic; line-height: 1.35; color: #222; }}
.hedgesim-top {{ display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 12px;
  align-items: start; }}
.hedgesim-plots {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr));
  gap: 12px; margin-top: 12px; }}
.hedgesim-cell {{ background: white; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.18);
  overflow: hidden; }}
.hedgesim-narration h3 {{ font-size: 1.3rem; margin: 6px 0 6px 0; }}
.hedgesim-narration li, .hedgesim-narration p {{ font-size: 1.1rem; line-height: 1.35; }}
.hedgesim-narration ul {{ padding-left: 20px; }}
.hedgesim-slider-help li, .hedgesim-slider-help p {{ font-size: 0.95rem; }}
ul.hedgesim-slider-help {{ padding-left: 22px; margin-top: 4px; }}
"""


class ClassroomModel(HedgingModel):
    """HedgingModel with one world, as the classroom drives it: the seed comes from a text box."""

    def __init__(self, *, rng: Any = 0, **params: Any):
        super().__init__(worlds=1, rng=seed_from_text(rng), **params)


def seed_from_text(text: Any) -> int:
    """A non-negative integer seed from what was typed (its digits; 0 if none)."""
    digits = "".join(c for c in str(text) if c.isdigit())
    return int(digits[:18]) if digits else 0


def slider_step(p: Parameter, values: list[float]) -> float:
    """The coarsest power-of-ten step, about 1/20 of the range or finer, that hits every value."""
    step = 10.0 ** math.floor(math.log10((p.high - p.low) / 20.0))
    while any(abs(v / step - round(v / step)) > 1e-6 for v in values) and step > 1e-4:
        step /= 10.0
    return 1 if p.kind == "int" else step


def model_params(scenario: Scenario) -> dict[str, Any]:
    """SolaraViz's ``model_params``: the seed, a slider per main parameter, the scenario's others."""
    values = {**defaults(), **scenario.params}
    params: dict[str, Any] = {"rng": {"type": "InputText", "value": "0", "label": "Random seed"}}
    for p in MAIN:
        known = [p.low, p.default, values[p.name]] + [s.params.get(p.name, p.default)
                                                     for s in scenarios().values()]
        params[p.name] = {
            "type": "SliderInt" if p.kind == "int" else "SliderFloat",
            "label": slider_label(p), "value": values[p.name],
            "min": p.low, "max": p.high, "step": slider_step(p, known),
        }
    fixed = {name: value for name, value in scenario.params.items() if name not in params}
    return {**params, **fixed, "horizon": scenario.steps}


def new_model(scenario: Scenario) -> ClassroomModel:
    """The model at the start of a scenario, as Reset would build it from ``model_params``."""
    params = {name: (value["value"] if isinstance(value, dict) else value)
              for name, value in model_params(scenario).items()}
    return ClassroomModel(**params)


@solara.component
def Dashboard(model: ClassroomModel):
    """The map and the "what is happening" panel, then the plots; redrawn at every step."""
    update_counter.get()  # SolaraViz bumps it after every step
    with solara.Column(gap="0px", classes=["hedgesim-dashboard"]):
        with solara.Div(classes=["hedgesim-top"]):
            solara.Div(classes=["hedgesim-cell", "hedgesim-map"], children=[CorridorMap(model)])
            solara.Div(classes=["hedgesim-cell"], children=[WhatIsHappening(model)])
        with solara.Div(classes=["hedgesim-plots"]):
            for plot in PLOTS:
                solara.Div(classes=["hedgesim-cell", f"hedgesim-{plot.__name__.lower()}"],
                           children=[plot(model)])


@solara.component
def ScenarioRun(scenario: Scenario):
    """SolaraViz (controls, sliders, seed, Reset) driving a fresh model of ``scenario``."""
    model = solara.use_reactive(solara.use_memo(lambda: new_model(scenario), []))
    # Mesa's ComponentsView lays its components out with a draggable grid that does
    # not load under Vue 3 (ipyvue 3), so SolaraViz gets no components and the
    # Dashboard shows the same Mesa-style components in a fixed grid.
    with solara.Column(gap="0px", classes=["hedgesim-run"]):
        SolaraViz(model, components=[], model_params=model_params(scenario), name=TITLE,
                  play_interval=PLAY_INTERVAL_MS)
        Dashboard(model.value)


@solara.component
def Classroom():
    """The page: scenario picker and story, then the run of that scenario."""
    name = solara.use_reactive("baseline")
    scenario = scenarios()[name.value]
    solara.Style(CSS)
    solara.Title("hedgesim classroom")
    with solara.Sidebar():
        with solara.Card("Scenario", margin=0):
            ScenarioPicker(name)
            SliderHelp()
    ScenarioStory(scenario)
    # A new key per scenario: SolaraViz starts afresh with the scenario's sliders and model.
    ScenarioRun(scenario).key(f"run-{name.value}")
