"""The classroom's plots over time, as a list of panels: what each shows, in which colours, and why.

A panel names the time-series columns it draws (``HedgingModel.timeseries``).
A column the model does not have yet is left out, and a panel with none of its
columns is not shown: the game's newer outputs (the powers' choice
probabilities, the offers' loan costs, Kazakhstan's exposure to each power) are
declared here and appear as soon as the model reports them. Adding a panel is
adding an entry to ``PANELS``; ``hedgesim.app.charts`` draws it and the Info
page explains it from its ``help``.
"""

from __future__ import annotations

from dataclasses import dataclass

from hedgesim.plots import EVENTS, PARTNER_COLOURS, ROUTE_COLOURS

POWER_COLOURS = {"china": PARTNER_COLOURS["china"], "eu": PARTNER_COLOURS["eu"],
                 "russia": PARTNER_COLOURS["russia"]}
# Short row labels for the events panel (the long ones leave a projector cell no room for the years)
EVENT_LABELS = {"russian_pressure": "Russia pressures", "chinese_pressure": "China demands",
                "russian_courting": "Russia courts"}


@dataclass(frozen=True)
class Series:
    """One line: a time-series column, its label in the legend and its colour."""

    column: str
    label: str
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Rule:
    """A horizontal reference line at a parameter's value (e.g. the dominance cap)."""

    parameter: str
    label: str


@dataclass(frozen=True)
class Panel:
    """One plot over time.

    ``kind`` is "line", "points" (a mark per quarter with a value: offers'
    terms, NaN when no offer is made) or "events" (a square in each quarter
    whose column is above 0). ``share`` panels run from 0 to 1 and read in
    per cent; ``number`` is the d3 format of the values in the tooltip.
    """

    key: str
    title: str
    unit: str
    series: tuple[Series, ...]
    help: str
    kind: str = "line"
    share: bool = False
    number: str = ".2f"
    rules: tuple[Rule, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [s.column for s in self.series]

    def available(self, columns) -> Panel | None:
        """The panel with only the series the model reports (None if it reports none of them)."""
        present = tuple(s for s in self.series if s.column in columns)
        if not present:
            return None
        return self if len(present) == len(self.series) else Panel(
            self.key, self.title, self.unit, present, self.help, self.kind, self.share,
            self.number, self.rules)


PANELS: tuple[Panel, ...] = (
    Panel("alignment", "Kazakhstan's alignment", "share",
          (Series("alignment_china", "China", POWER_COLOURS["china"]),
           Series("alignment_eu", "EU", POWER_COLOURS["eu"]),
           Series("alignment_russia", "Russia", POWER_COLOURS["russia"])),
          "How close Kazakhstan stands to each power; the three shares add up to 100 %. "
          "A hedger keeps all three in play instead of siding with one.",
          share=True),
    Panel("choices", "The powers' choices", "probability this quarter",
          (Series("p_pressure_russia", "Russia pressures", POWER_COLOURS["russia"]),
           Series("p_courting_russia", "Russia courts", "#95a5a6", dashed=True),
           Series("p_pressure_china", "China demands", POWER_COLOURS["china"])),
          "The probability with which Russia chose hybrid pressure (or courting with EAEU "
          "benefits) and China a demand for political concessions this quarter: each power's "
          "quantal response to what it expects Kazakhstan to do. When deterrence works these stay "
          "low: coercion is rare but its threat still shapes Kazakhstan's choices.",
          share=True),
    Panel("offers", "The powers' offers", "USD bn per quarter",
          (Series("offer_china", "China (BRI)", POWER_COLOURS["china"]),
           Series("offer_eu", "EU (Global Gateway)", POWER_COLOURS["eu"])),
          "The investment each power puts on the table this quarter (0: no offer). Kazakhstan "
          "accepts, dilutes it into a joint venture, or declines; the narration says which.",
          number=".2f"),
    Panel("terms", "The offers' terms", "loan cost, per year",
          (Series("loan_cost_china", "China (BRI)", POWER_COLOURS["china"]),
           Series("loan_cost_eu", "EU (Global Gateway)", POWER_COLOURS["eu"])),
          "The effective annual interest rate of each offer made, bargained between the power and "
          "Kazakhstan; a rival's offer is Kazakhstan's outside option and can push the rate down. "
          "No mark: no offer that quarter.",
          kind="points", number=".1%"),
    Panel("exposure", "Kazakhstan's exposure", "USD bn of income per quarter at stake",
          (Series("exposure_china", "to China", POWER_COLOURS["china"]),
           Series("exposure_eu", "to the EU", POWER_COLOURS["eu"]),
           Series("exposure_russia", "to Russia", POWER_COLOURS["russia"])),
          "What each power could hurt if it coerced Kazakhstan, as income a quarter: from the "
          "infrastructure it controls, the debt owed to it, trade with it, and exports and transit "
          "through its territory (CPC oil and the Northern route for Russia). Risk is this damage "
          "times the chance that the power coerces: the more exposed, the more a threat weighs.",
          number=".1f"),
    Panel("concede", "Would Kazakhstan give in?", "probability, if coerced",
          (Series("p_concede_russia", "to Russia", POWER_COLOURS["russia"]),
           Series("p_concede_china", "to China", POWER_COLOURS["china"])),
          "The probability with which Kazakhstan would concede rather than resist if the power "
          "coerced it. A power that expects concession gains from a threat; one that expects "
          "resistance (binding engagement and spare capacity on other routes make resisting "
          "cheaper) is deterred.",
          share=True),
    Panel("flows", "Corridor flows", "Mt per year",
          (Series("northern_mt", "Northern", ROUTE_COLOURS["northern_mt"]),
           Series("middle_corridor_mt", "Middle Corridor", ROUTE_COLOURS["middle_corridor_mt"]),
           Series("bypass_mt", "Bypass", ROUTE_COLOURS["bypass_mt"])),
          "EU–China overland cargo on each route, in million tonnes a year: the Northern route "
          "through Russia, the Middle Corridor (TITR) across the Caspian, and the bypass through "
          "Kyrgyzstan and Uzbekistan that avoids Kazakhstan.",
          number=".1f"),
    Panel("events", "Pressure and courting", "",
          tuple(Series(column, EVENT_LABELS[column], colour) for column, colour, _ in EVENTS),
          "A square marks each quarter in which Russia applied hybrid pressure (a Northern-route "
          "or CPC pipeline disruption), China demanded political concessions, or Russia courted "
          "Kazakhstan with EAEU benefits.",
          kind="events"),
    Panel("returns_risk", "Kazakhstan: returns and risk", "USD bn per quarter",
          (Series("returns", "Returns", "#2e8b57"),
           Series("risk", "Risk", "#c0392b"),
           Series("utility", "Utility", "#000000", dashed=True)),
          "Kuik's hedger weighs returns (infrastructure, transit fees, trade) against risk (the "
          "losses it expects from coercion). Utility = returns − ρ × risk, with ρ the risk-weight "
          "slider.",
          number=".2f"),
    Panel("hedging", "Hedging indicators", "index 0 to 1",
          (Series("hedging_index", "Hedging index", "#000000"),
           Series("economic_pragmatism", "Pragmatism", "#d68910"),
           Series("binding_engagement", "Binding engagement", "#2e8b57")),
          "The paper's Figure 1: economic pragmatism (taking offers from every side), binding "
          "engagement (tying partners in through shared projects and rules) and the hedging index "
          "that combines them with dominance denial.",
          share=True),
    Panel("dependency", "Dependency on one power", "share of infrastructure",
          (Series("max_external_share", "Largest foreign share", "#8e44ad"),
           Series("dependency_hhi", "Concentration (HHI)", "#6c7a89", dashed=True)),
          "The largest share of infrastructure one foreign power controls, against the dominance "
          "cap (the dashed rule: above it, dominance denial fails), and the concentration of "
          "foreign control (HHI: 1 when one power holds it all).",
          share=True, rules=(Rule("dominance_cap", "Dominance cap"),)),
    Panel("infrastructure", "Infrastructure, by who controls it", "USD bn",
          (Series("stock_china", "China", POWER_COLOURS["china"]),
           Series("stock_eu", "EU", POWER_COLOURS["eu"]),
           Series("stock_russia", "Russia", POWER_COLOURS["russia"]),
           Series("stock_domestic", "National", PARTNER_COLOURS["domestic"])),
          "The value of Kazakhstan's transport and energy infrastructure, by who controls it. "
          "National includes the joint ventures Kazakhstan insists on when it dilutes an offer.",
          number=".1f"),
    Panel("powers_payoffs", "The powers' payoffs", "USD bn per quarter",
          (Series("utility_china", "China", POWER_COLOURS["china"]),
           Series("utility_eu", "EU", POWER_COLOURS["eu"]),
           Series("utility_russia", "Russia", POWER_COLOURS["russia"])),
          "Each power's own objective in the same money: influence, transit and returns, minus "
          "the costs of investing and of coercion.",
          number=".2f"),
)
"""Every panel, in the order shown; the first two (alignment and the powers' choices) fill the
projector screen with the map and the narration."""
