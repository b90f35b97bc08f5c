"""The scenario selector, the scenario's story and the sliders' meaning.

Everything shown comes from the bundled scenario files
(``configs/scenarios/*.yaml``) and the parameter schema
(``hedgesim.game.parameters``), so a new scenario or parameter needs no change here.
"""

from __future__ import annotations

import html
from functools import cache

import solara

from hedgesim.app.glossary import explain_acronyms
from hedgesim.config.scenarios import Scenario, load_scenario, scenario_names
from hedgesim.game.parameters import PARAMETERS, Parameter

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
def ScenarioPicker(name: solara.Reactive[str] | str, on_name=None):
    """A drop-down of the bundled scenarios by title."""
    current = name.value if isinstance(name, solara.Reactive) else name
    set_name = on_name or name.set
    titles = {s.title: key for key, s in scenarios().items()}
    solara.Select("Scenario from the paper", values=list(titles), value=scenarios()[current].title,
                  on_value=lambda title: set_name(titles[title]),
                  classes=["hedgesim-scenario-select"])


@solara.component
def ScenarioStory(scenario: Scenario, compact: bool = False):
    """The scenario's title and plain-language description; the paper's passage on demand."""
    more = solara.use_reactive(False)
    description = explain_acronyms(html.escape(" ".join(scenario.description.split())))
    with solara.Div(classes=["hedgesim-story"] + (["hedgesim-story-compact"] if compact else [])):
        with solara.Div(classes=["hedgesim-story-line"]):
            solara.Text(scenario.title, classes=["hedgesim-title"])
            solara.HTML("span", description, classes=["hedgesim-description"])
            if scenario.paper:
                solara.Button("Less" if more.value else "The paper says…", text=True, color="primary",
                              on_click=lambda: more.set(not more.value),
                              classes=["hedgesim-paper-toggle"])
        if more.value and scenario.paper:
            solara.HTML("p", "<b>Botelho dos Santos &amp; Borges (2026):</b> "
                        + explain_acronyms(html.escape(" ".join(scenario.paper.split()))),
                        classes=["hedgesim-paper"])


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
                        + f": {explain_acronyms(html.escape(p.description))}</li>" for p in MAIN)
        solara.HTML("ul", items, classes=["hedgesim-slider-help"])
        solara.HTML("p", "A slider moved before the first quarter applies at once; moved during a "
                    "run, it is marked <b>changed</b> and applies when you press <b>Reset</b>.",
                    classes=["hedgesim-slider-help"])
