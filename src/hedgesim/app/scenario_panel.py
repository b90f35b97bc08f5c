"""The scenario selector, the scenario's story and the sliders' meaning.

Everything shown comes from the bundled scenario files
(``configs/scenarios/*.yaml``) and the parameter schema
(``hedgesim.game.parameters``), so a new scenario or parameter needs no change here.
"""

from __future__ import annotations

import html
from functools import cache

import solara

from hedgesim.game.parameters import PARAMETERS, Parameter
from hedgesim.config.scenarios import Scenario, load_scenario, scenario_names

MAIN = [p for p in PARAMETERS.values() if p.main]


@cache
def scenarios() -> dict[str, Scenario]:
    """Every bundled scenario by name, baseline first."""
    return {name: load_scenario(name) for name in scenario_names()}


def unit(p: Parameter) -> str:
    return "" if p.unit == "dimensionless" else p.unit


def slider_label(p: Parameter) -> str:
    """The slider's label: the schema's label and unit."""
    return f"{p.label or p.name} ({unit(p)})" if unit(p) else (p.label or p.name)


@solara.component
def ScenarioPicker(name: solara.Reactive[str]):
    """A drop-down of the bundled scenarios by title."""
    titles = {s.title: key for key, s in scenarios().items()}
    solara.Select("Scenario from the paper", values=list(titles),
                  value=scenarios()[name.value].title,
                  on_value=lambda title: name.set(titles[title]),
                  classes=["hedgesim-scenario-select"])


@solara.component
def ScenarioStory(scenario: Scenario):
    """The scenario's title, plain-language description and the paper's passage."""
    with solara.Card(classes=["hedgesim-story"], margin=0):
        with solara.Row(style={"flex-wrap": "wrap", "gap": "4px 28px", "align-items": "flex-start"}):
            with solara.Column(style={"flex": "1 1 360px", "min-width": "300px"}, gap="4px"):
                solara.Text(scenario.title, classes=["hedgesim-title"])
                solara.Text(" ".join(scenario.description.split()), classes=["hedgesim-description"])
            if scenario.paper:
                with solara.Column(style={"flex": "1 1 360px", "min-width": "300px"}, gap="0px"):
                    solara.Text("The paper (Botelho dos Santos & Borges 2026):",
                                classes=["hedgesim-paper-label"])
                    solara.Text(" ".join(scenario.paper.split()), classes=["hedgesim-paper"])


@solara.component
def SliderHelp():
    """What each slider means, its range and unit, from the parameter schema (shown on demand)."""
    shown = solara.use_reactive(False)
    solara.Button("Hide the sliders' meaning" if shown.value else "What do the sliders mean?",
                  text=True, color="primary", on_click=lambda: shown.set(not shown.value),
                  classes=["hedgesim-slider-help-toggle"])
    if shown.value:
        items = "".join(f"<li><b>{html.escape(p.label or p.name)}</b>, {p.low:g} to {p.high:g}"
                        + (f" {html.escape(unit(p))}" if unit(p) else "")
                        + f": {html.escape(p.description)}</li>" for p in MAIN)
        solara.HTML("ul", items, classes=["hedgesim-slider-help"])
        solara.HTML("p", "Sliders and the seed take effect when you press <b>Reset</b>.",
                    classes=["hedgesim-slider-help"])
