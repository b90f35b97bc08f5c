"""The Info page, after NetLogo's Info tab: what the model is, how it works, what to notice and try.

Its lists come from the app's declarations — the scenarios, the sliders (the
parameter schema), the plots (``panels.PANELS``) and the glossary — so they
stay in step with the model. The ODD protocol (``docs/odd.md``) is served as a
page of its own (``/odd``), rendered on the server: no outside request.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import markdown
import solara

from hedgesim.app.glossary import GLOSSARY, explain_acronyms
from hedgesim.app.layout import Main
from hedgesim.app.panels import PANELS
from hedgesim.app.scenario_panel import MAIN, scenarios, unit

_PACKAGE = Path(__file__).resolve().parents[1]  # src/hedgesim, or site-packages/hedgesim

CSS = """
.hedgesim-info { max-width: 1100px; font-size: 1.08rem; line-height: 1.5; color: #111; }
.hedgesim-info h1 { font-size: 1.9rem; margin: 6px 0 4px 0; }
.hedgesim-info h2 { font-size: 1.4rem; margin: 22px 0 6px 0; border-bottom: 2px solid #e3e3ef;
  padding-bottom: 2px; }
.hedgesim-info h3 { font-size: 1.15rem; margin: 14px 0 4px 0; }
.hedgesim-info p, .hedgesim-info li { font-size: 1.08rem; }
.hedgesim-info ul, .hedgesim-info ol { padding-left: 28px; }
.hedgesim-info dt { font-weight: 700; margin-top: 8px; }
.hedgesim-info dd { margin-left: 18px; }
.hedgesim-info table { border-collapse: collapse; margin: 8px 0; }
.hedgesim-info td, .hedgesim-info th { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top;
  font-size: 0.98rem; }
.hedgesim-info code { background: #f2f2f6; padding: 0 3px; border-radius: 3px; }
.hedgesim-info pre { background: #f5f5f8; padding: 8px; overflow-x: auto; }
.hedgesim-info abbr { text-decoration: underline dotted; cursor: help; }
.hedgesim-toc a { margin-right: 14px; white-space: nowrap; }
"""

WHAT = """
<p><b>hedgesim</b> is a game of four players: <b>Kazakhstan</b>, a middle power, and three great
powers around it, <b>China</b> (the BRI and its SREB), the <b>EU</b> (the GG) and <b>Russia</b>.
It renders the argument of Botelho dos Santos &amp; Borges (2026), "Kazakhstan's Geoeconomic
Hedging": that Kazakhstan hedges — engages with every power without siding with one — for two
reasons Kuik names: to gain from all of them (<i>returns</i>) and to insure against depending
on any one of them (<i>risk</i>).</p>
<p>It is a teaching model, not a forecast: many of its weights are assumptions, and its
results are the consequences of those assumptions. The ODD describes every one.</p>
"""

HOW = """
<p>Each step is a quarter, from 2025Q1 (the History scenario replays 2014Q1 to 2025Q4 with its dated events: sanctions, the 2022 shock, Global Gateway). Every quarter:</p>
<ul>
<li><b>China and the EU offer</b> to finance infrastructure (railways, ports, logistics
hubs). Chinese projects are fast; EU projects carry ESG standards that make them slower.</li>
<li><b>Kazakhstan answers each offer</b>: accept it, dilute it into a joint venture (keeping
part of the control) or decline it. It tilts its alignment toward one power or rebalances, and
chooses how much to invest in <i>binding engagement</i> — the Middle Corridor (TITR)
consortium, tariff harmonisation, digital customs — which ties partners in and blunts
coercion.</li>
<li><b>Russia</b> may apply hybrid pressure (disrupting the Northern route or the CPC oil
pipeline), court Kazakhstan with EAEU benefits, or do nothing. <b>China</b> may demand
political concessions for its investment.</li>
<li><b>Cargo</b> between China and Europe chooses among three routes by cost and risk: the
Northern route through Russia (under sanctions), the Middle Corridor across the Caspian, and a
bypass through Kyrgyzstan and Uzbekistan that avoids Kazakhstan. Transit pays Kazakhstan.</li>
<li>Every player chooses by a <i>quantal response</i>: better actions are chosen more often,
not always (the rationality λ says how sharply). Kazakhstan weighs returns against risk:
utility = returns − ρ × risk.</li>
</ul>
"""

USE = """
<ul>
<li><b>Scenario from the paper</b> loads a case the paper discusses: its sliders are set and a
new run starts. The previous run stays on the plots as faint lines.</li>
<li><b>▶</b> plays quarter after quarter at the chosen <b>speed</b>; <b>❚❚</b> pauses;
<b>Step</b> plays one quarter; <b>Reset</b> starts the scenario again with the sliders as they
are. Every quarter is shown, whatever the speed.</li>
<li>A slider moved before the first quarter applies at once. Moved during a run, it is marked
<b>changed — press Reset</b>: the run in progress keeps the values it started with.</li>
<li><b>Present full screen</b> hides everything but the game, for a projector; Esc leaves it.</li>
<li>Point at a plot to read its values; the PNG and SVG buttons save it; <b>Save the run's
data</b> saves every quarter as CSV.</li>
<li>The run, the sweep and the sensitivity forms and their results stay as they are when you
change page or reload, in this tab.</li>
</ul>
"""

NOTICE = """
<ul>
<li>In the baseline, does Kazakhstan's alignment stay close to a third each, or drift to one
power? Which plot tells you whether it is <i>hedging</i> rather than <i>bandwagoning</i>?</li>
<li>Watch the <b>largest foreign share</b> of infrastructure against the <b>dominance cap</b>
(Dependency plot). What happens to Kazakhstan's answers to China's offers when the share nears
the cap?</li>
<li>When do pressure and concession demands come, and what was happening just before (look
at the narration's "why")? Are they frequent, or rare but still shaping choices?</li>
<li>On the map, how does cargo split between the Northern route and the Middle Corridor, and
what moves it?</li>
<li>Returns and risk: in which quarters does risk rise, and does Kazakhstan give up returns to
lower it?</li>
</ul>
"""

TRY = """
<ul>
<li>Play <b>EU interest wanes</b> after the baseline and compare the faint line with the new
one: who fills the gap the EU leaves, and at what cost in dependency?</li>
<li>Play <b>Russia escalates</b>. Does binding engagement rise? Does cargo leave the Northern
route or the Middle Corridor?</li>
<li>Set the <b>risk weight ρ</b> to 0 and Reset: a Kazakhstan that cares only for returns. Then
set it to 3. Which indicators change most?</li>
<li>Set <b>rationality λ</b> to 0 (everyone chooses at random) and to 200 (almost always the
best): how much of what you saw was noise?</li>
<li>Compare <b>Counterfactual: bandwagon with China</b> with the baseline: is hedging worth it
here, in returns and in risk? Try it at a low risk weight.</li>
<li>Play the same scenario with another <b>random seed</b>: which results hold, which change?
For many runs at once, use the Sweep page.</li>
</ul>
"""


def glossary_html() -> str:
    return "<dl>" + "".join(f"<dt>{html.escape(term)}: {html.escape(expansion)}</dt>"
                            f"<dd>{html.escape(meaning)}</dd>"
                            for term, (expansion, meaning) in GLOSSARY.items()) + "</dl>"


def panels_html() -> str:
    return "<dl>" + "".join(f"<dt>{html.escape(p.title)}</dt><dd>{explain_acronyms(html.escape(p.help))}</dd>"
                            for p in PANELS) + "</dl>" + (
        "<p>Plots whose numbers the model does not report yet are not shown.</p>")


def sliders_html() -> str:
    return "<dl>" + "".join(
        f"<dt>{html.escape(p.label or p.name)} ({p.low:g} to {p.high:g}"
        + (f" {html.escape(unit(p))}" if unit(p) else "") + ")</dt>"
        f"<dd>{explain_acronyms(html.escape(p.description))}</dd>" for p in MAIN) + "</dl>"


def scenarios_html() -> str:
    return "<dl>" + "".join(f"<dt>{html.escape(s.title)}</dt><dd>"
                            f"{explain_acronyms(html.escape(' '.join(s.description.split())))}</dd>"
                            for s in scenarios().values()) + "</dl>"


SECTIONS = (
    ("what", "What is it?", lambda: WHAT),
    ("how", "How it works", lambda: HOW),
    ("use", "How to use it", lambda: USE),
    ("notice", "Things to notice", lambda: NOTICE),
    ("try", "Things to try", lambda: TRY),
    ("scenarios", "The scenarios", scenarios_html),
    ("plots", "The plots", panels_html),
    ("sliders", "The sliders", sliders_html),
    ("glossary", "Glossary", glossary_html),
    ("more", "More", lambda: (
        "<p>The model's full description, with every equation, parameter and source, is its "
        "ODD protocol (Grimm et al. 2020): the button below opens it. "
        "The paper: Botelho dos Santos, F. &amp; Borges, A. (2026), "
        "\"Kazakhstan's Geoeconomic Hedging: Navigating the BRI and the Global Gateway for "
        "EU-China Connectivity\", <i>Journal of Eurasian Studies</i> (CC BY 4.0). The agents "
        "run on Mesa; the app on Solara.</p>")),
)


@solara.component
def InfoPage():
    solara.Title("hedgesim info")
    solara.Style(CSS)
    router = solara.use_router()
    with Main():
        with solara.Div(classes=["hedgesim-info"]):
            solara.HTML("h1", "Info: the hedging game")
            solara.HTML("p", " ".join(f'<a href="#{key}">{title}</a>' for key, title, _ in SECTIONS),
                        classes=["hedgesim-toc"])
            for key, title, body in SECTIONS:
                text = body() if key == "glossary" else explain_acronyms(body())
                solara.HTML("section", f'<h2 id="{key}">{title}</h2>{text}',
                            classes=[f"hedgesim-info-{key}"])
            solara.Button("Read the ODD protocol", color="primary",
                          on_click=lambda: router.push("/odd"), classes=["hedgesim-odd-link"])


def odd_path() -> Path:
    """``docs/odd.md``: inside an installed wheel, else the source checkout's."""
    for candidate in (_PACKAGE / "docs" / "odd.md", _PACKAGE.parents[1] / "docs" / "odd.md"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("hedgesim's docs/odd.md was not found")


@cache
def odd_html() -> str:
    """The ODD as HTML (its equations stay as written, in TeX)."""
    return markdown.markdown(odd_path().read_text(encoding="utf-8"),
                             extensions=["tables", "fenced_code", "toc", "sane_lists"])


@solara.component
def OddPage():
    solara.Title("hedgesim ODD protocol")
    solara.Style(CSS)
    router = solara.use_router()
    with Main():
        solara.Button("Back to Info", text=True, color="primary", on_click=lambda: router.push("/info"),
                      classes=["hedgesim-info-link"])
        with solara.Div(classes=["hedgesim-info", "hedgesim-odd"]):
            solara.HTML("div", odd_html())
