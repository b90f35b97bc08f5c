"""The parameter schema: one entry per model parameter.

Every part of hedgesim reads this table: the model (defaults, per-world arrays),
the YAML configs (validation), the CLI, the sweep designs (ranges) and the
Solara pages (slider labels, ranges and help). Each entry carries its default,
its allowed range, its unit, what it means and where its value comes from.

Sources cited as "(author year)" are the paper's references
(Botelho dos Santos & Borges 2026, ``../shared/paper``); values marked
"assumption" are modelling choices whose reason is given, and are exactly the
ones sensitivity analysis should be read against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Parameter:
    """One model parameter: its default, range, unit, meaning and source."""

    name: str
    default: float | int | str
    low: float | None = None
    high: float | None = None
    unit: str = "dimensionless"
    description: str = ""
    source: str = "assumption"
    group: str = "behaviour"
    kind: str = "float"  # "float", "int" or "choice"
    choices: tuple[str, ...] = ()
    label: str = ""
    main: bool = False  # shown as a slider on the classroom page

    @property
    def allowed(self) -> str:
        """Human-readable allowed values, for error messages."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = "an integer" if self.kind == "int" else "a number"
        return f"{kind} from {_fmt(self.low)} to {_fmt(self.high)} ({self.unit})"

    @property
    def numeric(self) -> bool:
        return self.kind != "choice"


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:g}"


P = Parameter

_SCHEMA: list[Parameter] = [
    # ------------------------------------------------------------------ behaviour
    P("rationality", 40.0, 0.0, 200.0, "1 / USD bn",
      "Logit (quantal response) rationality lambda: 0 chooses uniformly at random, "
      "large values approach best response. Action values are in USD bn: persistent "
      "changes valued over the planning horizon, pressure and courting per episode.",
      "McKelvey & Palfrey 1995; value chosen so that a USD 25 m per quarter advantage "
      "is one logit unit", "behaviour", label="Rationality λ", main=True),
    P("decision_rule", "logit", kind="choice", choices=("logit", "roth_erev", "ewa"),
      description="How every agent turns action values into choices: logit quantal response, "
      "Roth-Erev reinforcement, or experience-weighted attraction.",
      source="McKelvey & Palfrey 1995; Roth & Erev 1995; Camerer & Ho 1999",
      group="behaviour", label="Decision rule"),
    P("recency", 0.1, 0.0, 1.0, "per quarter",
      "Learning rules: forgetting of past attractions (Roth-Erev phi; EWA 1 - phi).",
      "Roth & Erev 1995 (phi = 0.1)", "behaviour", label="Forgetting"),
    P("experimentation", 0.2, 0.0, 1.0, "dimensionless",
      "Roth-Erev: share of reinforcement spilled to the actions not chosen (epsilon).",
      "Roth & Erev 1995 (epsilon = 0.2)", "behaviour", label="Experimentation ε"),
    P("foregone_weight", 0.5, 0.0, 1.0, "dimensionless",
      "EWA: weight of foregone payoffs (delta); 0 is reinforcement, 1 belief learning.",
      "Camerer & Ho 1999 (delta about 0.5)", "behaviour", label="EWA δ"),
    P("experience_decay", 0.9, 0.0, 1.0, "per quarter",
      "EWA: decay of the experience weight N (rho).", "Camerer & Ho 1999", "behaviour",
      label="EWA ρ"),
    P("planning_horizon", 12, 1, 40, "quarters",
      "Expected planning horizon H: agents discount the future at 1/H per quarter, so a "
      "persistent change is worth H quarters of its effect, and one that starts after a "
      "build lag L is worth H (1 - 1/H)^L.",
      "assumption: a three-year government planning cycle", "behaviour",
      kind="int", label="Planning horizon"),
    # ----------------------------------------------------------------- kazakhstan
    P("strategy", "hedge", kind="choice",
      choices=("hedge", "bandwagon_china", "bandwagon_eu"),
      description="Kazakhstan's strategy: hedge (choose each quarter by the decision rule) or the "
      "counterfactuals that bandwagon with China or with the EU (always tilt toward, accept "
      "and never dilute that partner, decline the other, no binding engagement).",
      source="Kuik 2008; Giacomello & Verbeek 2024 (balancing, bandwagoning, hedging)",
      group="kazakhstan", label="Kazakh strategy"),
    P("risk_weight", 1.0, 0.0, 5.0, "dimensionless",
      "Kuik's risk contingency: weight rho of risk against returns in Kazakhstan's "
      "utility = returns - rho * risk.", "Kuik 2008, 2021; assumption: returns and risk "
      "equally weighted", "kazakhstan", label="Risk weight ρ", main=True),
    P("trade_share_china", 0.21, 0.01, 0.6, "share of Kazakh trade",
      "China's share of Kazakh trade in 2023; weights trade returns of alignment and sets "
      "initial alignment (shares normalised over the three partners).",
      "DESIGN.md calibration facts (2023 trade: China about 21 %); not in the paper",
      "kazakhstan"),
    P("trade_share_eu", 0.30, 0.01, 0.6, "share of Kazakh trade",
      "The EU's share of Kazakh trade in 2023.",
      "DESIGN.md calibration facts (2023 trade: EU about 30 %); not in the paper",
      "kazakhstan"),
    P("trade_share_russia", 0.19, 0.01, 0.6, "share of Kazakh trade",
      "Russia's share of Kazakh trade in 2023.",
      "DESIGN.md calibration facts (2023 trade: Russia about 19 %); not in the paper",
      "kazakhstan"),
    P("alignment_trade_value", 2.0, 0.0, 10.0, "USD bn per quarter",
      "Trade returns tied to alignment: value of sum_c w_c * sqrt(alignment_c) with "
      "w the trade weights; the square root makes engaging every partner pay (returns "
      "maximisation).", "assumption: about 6 % of Kazakh quarterly trade (~USD 35 bn)",
      "kazakhstan"),
    P("trade_infrastructure_elasticity", 0.3, 0.0, 1.0, "dimensionless",
      "Elasticity of a partner's trade weight to its completed infrastructure stock: "
      "infrastructure builds trade ties.", "assumption", "kazakhstan"),
    P("alignment_step", 0.02, 0.005, 0.1, "share per quarter",
      "How far one quarter's tilt or rebalance moves alignment toward its target.",
      "assumption: a full re-orientation takes about a decade", "kazakhstan",
      label="Alignment step"),
    P("dominance_cap", 0.5, 0.3, 0.9, "share of infrastructure",
      "Dominance denial: the largest share of critical infrastructure any one external "
      "power may control.", "Ciorciari & Haacke 2019; assumption: no majority control",
      "kazakhstan", label="Dominance cap", main=True),
    P("coercion_exposure", 1.5, 0.0, 10.0, "USD bn per quarter",
      "Value at risk from concentrated dependency: risk at full concentration of "
      "infrastructure and alignment (HHI = 1).",
      "assumption: of the order of one quarter of CPC-dependent oil revenue lost",
      "kazakhstan"),
    P("dominance_penalty", 10.0, 0.0, 100.0, "USD bn per quarter per unit share",
      "Risk per unit of control share by which the largest external power exceeds the "
      "dominance cap (0.1 bn per quarter per percentage point at the default).",
      "Ciorciari & Haacke 2019 (dominance denial as a red line); assumption", "kazakhstan"),
    P("entrapment_weight", 1.0, 0.0, 10.0, "USD bn per quarter",
      "Risk of entrapment from extreme alignment, at full alignment with one partner.",
      "Kuik 2008 (entrapment); assumption", "kazakhstan"),
    P("infrastructure_return", 0.08, 0.0, 0.3, "per year",
      "Kazakhstan's gross annual return on completed foreign-financed infrastructure "
      "(returns maximisation).", "assumption: public infrastructure returns of 5-10 %",
      "kazakhstan"),
    P("transit_tariff", 40.0, 0.0, 150.0, "USD per tonne",
      "Kazakhstan's revenue per tonne of transit cargo.",
      "assumption: puts transit revenue near USD 1.5 bn per year", "kazakhstan",
      label="Transit tariff"),
    P("dilution_keep", 0.8, 0.3, 1.0, "share of offer",
      "Share of an investment offer that still goes ahead when Kazakhstan dilutes it "
      "with a joint venture or local-content condition.", "assumption", "kazakhstan"),
    P("joint_venture_foreign_share", 0.49, 0.1, 0.9, "share of project",
      "Foreign partner's control share of a diluted (joint-venture) project; the rest "
      "stays under national control.", "paper: joint ventures and local content keep SREB "
      "nodes under national control; 49 % keeps a local majority", "kazakhstan"),
    P("binding_initial", 0.3, 0.0, 1.0, "index 0-1",
      "Binding engagement in 2025 (EAEU, SCO, Middle Corridor association, tariff "
      "harmonisation under way).", "assumption", "kazakhstan"),
    P("binding_growth", 0.1, 0.0, 0.5, "per quarter",
      "Share of the gap to full binding engagement closed per quarter at full effort.",
      "assumption", "kazakhstan"),
    P("binding_decay", 0.02, 0.0, 0.2, "per quarter",
      "Share of binding engagement lost per quarter; effort offsets it.", "assumption",
      "kazakhstan"),
    P("binding_cost", 0.05, 0.0, 0.5, "USD bn per quarter",
      "Cost of one unit of binding-engagement effort (two units is full effort).",
      "assumption", "kazakhstan", label="Binding cost"),
    P("binding_dampening", 0.6, 0.0, 1.0, "share",
      "Share of bilateral pressure (losses, and the pressure's value to its user) that "
      "full binding engagement absorbs.", "paper: a unified regional block is less "
      "susceptible to divide and rule; assumption", "kazakhstan",
      label="Binding dampening", main=True),
    P("harmonisation_saving", 30.0, 0.0, 150.0, "USD per tonne",
      "Cut in the Middle Corridor's generalised cost at full binding engagement (tariff "
      "harmonisation, Middle Corridor consortium, digital customs).",
      "paper: regional consensus on transport standards and tariff harmonisation; "
      "assumption", "kazakhstan"),
    P("stock_china", 66.5, 10.0, 200.0, "USD bn",
      "China-controlled infrastructure stock in Kazakhstan at 2025Q1.",
      "Abuova 2025a: 224 projects, about USD 66.5 bn", "kazakhstan"),
    P("stock_eu", 40.0, 5.0, 150.0, "USD bn",
      "EU-controlled infrastructure stock at 2025Q1.",
      "assumption: European stakes in energy and transport assets; not in the paper",
      "kazakhstan"),
    P("stock_russia", 25.0, 5.0, 100.0, "USD bn",
      "Russia-controlled infrastructure stock at 2025Q1 (CPC stakes, legacy rail).",
      "assumption: not in the paper", "kazakhstan"),
    P("stock_domestic", 20.0, 0.0, 100.0, "USD bn",
      "Nationally controlled share of joint-venture infrastructure at 2025Q1.",
      "assumption: paper notes joint ventures already keep SREB nodes national",
      "kazakhstan"),
    # ---------------------------------------------------------------------- china
    P("china_ticket", 6.45, 0.0, 20.0, "USD bn per quarter",
      "China's largest quarterly investment offer (offers are 0, 1/3, 2/3 or all of it).",
      "Nedopil 2026: USD 25.8 bn BRI investment in Kazakhstan in 2025, / 4", "china",
      label="China ticket"),
    P("china_build_lag", 4, 1, 16, "quarters",
      "Quarters from commitment to completion of a Chinese project (hard infrastructure, "
      "fast).", "paper: speed of the SREB model; assumption", "china", kind="int"),
    P("china_loan_cost", 0.03, 0.0, 0.15, "per year",
      "Kazakhstan's annual cost of Chinese state loans per USD of completed stock.",
      "paper: state loans; assumption", "china"),
    P("china_influence_value", 20.0, 0.0, 30.0, "USD bn per quarter",
      "China's value of full influence (its infrastructure share and alignment).",
      "assumption", "china"),
    P("china_investment_cost", 0.08, 0.0, 1.0, "USD per USD invested",
      "China's cost per USD committed, net of commercial return.", "assumption", "china"),
    P("china_concession_value", 3.0, 0.0, 50.0, "USD bn per episode",
      "China's value of a political concession, scaled by its stake (control share of "
      "Kazakh infrastructure) and by how far Kazakhstan's alignment with China falls "
      "short of that stake.", "paper: China may demand political concessions for its "
      "USD 66 bn portfolio (Nurmaganbetova 2025a); assumption", "china",
      label="China's concession demand", main=True),
    P("china_pressure_cost", 0.25, 0.0, 5.0, "USD bn per episode",
      "China's cost of demanding concessions (reputation, partner backlash).",
      "assumption", "china"),
    P("concession_step", 0.03, 0.0, 0.1, "share of alignment",
      "How far a concession moves Kazakhstan's alignment toward China.", "assumption",
      "china"),
    P("concession_loss", 0.3, 0.0, 5.0, "USD bn per episode",
      "Kazakhstan's cost of a concession before binding-engagement dampening.",
      "assumption", "china"),
    P("china_route_value", 0.05, 0.0, 1.0, "USD bn per quarter per Mt/yr",
      "China's value of EU-China overland cargo on any route (SREB connectivity).",
      "paper: the SREB's rail routes to Europe; assumption", "china"),
    P("china_capacity_per_bn", 1.0, 0.0, 5.0, "Mt/yr per USD bn",
      "China-Kazakhstan entry (border rail) capacity added per USD bn of completed "
      "Chinese transport investment (see china_transport_share).", "assumption; scheduled Tacheng-Ayagoz line modelled apart "
      "(Sakenova 2025)", "corridors"),
    P("china_transport_share", 0.3, 0.0, 1.0, "share",
      "Share of Chinese investment that is transport infrastructure (rail, dry ports).",
      "assumption: Khorgos, Dostyk-Moyynty, CRRC among refinery and chemicals", "china"),
    # ------------------------------------------------------------------------- eu
    P("eu_ticket", 0.65, 0.0, 10.0, "USD bn per quarter",
      "The EU's largest quarterly investment offer (Global Gateway, blended finance).",
      "EC 2025c: the EUR 12 bn (about USD 13 bn) EU-Central Asia package of April 2025 "
      "spread over about 5 years is USD 0.65 bn a quarter; a full offer brings it all "
      "to Kazakhstan", "eu", label="EU ticket"),
    P("eu_build_lag", 6, 1, 16, "quarters",
      "Quarters from commitment to completion of a Global Gateway project at zero ESG "
      "rigidity.", "assumption", "eu", kind="int"),
    P("esg_rigidity", 0.5, 0.0, 2.0, "dimensionless",
      "ESG gap: the EU build lag is eu_build_lag * (1 + esg_rigidity), rounded to whole "
      "quarters.",
      "paper: rigid standards slow down project implementation", "eu",
      label="ESG rigidity", main=True),
    P("eu_loan_cost", 0.01, 0.0, 0.15, "per year",
      "Kazakhstan's annual cost of EU finance (grants, blended finance, soft loans).",
      "paper: grants and blended finance; EIB EUR 200 m soft loan (EIB 2025)", "eu"),
    P("eu_interest", 1.0, 0.0, 1.0, "index 0-1",
      "EU interest in Central Asian connectivity in 2025; scales the EU's valuations.",
      "assumption: 1 = the April 2025 summit level", "eu", label="EU interest",
      main=True),
    P("eu_interest_decline", 0.0, 0.0, 0.5, "per year",
      "Annual rate at which EU interest wanes (risk 1, dependency asymmetry).",
      "paper: if the EU's interest in the GG wanes", "eu", label="EU interest decline",
      main=True),
    P("eu_influence_value", 4.0, 0.0, 30.0, "USD bn per quarter",
      "The EU's value of full influence.", "assumption", "eu"),
    P("eu_route_value", 0.2, 0.0, 2.0, "USD bn per quarter per Mt/yr",
      "The EU's value of Middle Corridor throughput (supply-chain security).",
      "paper: the TITR is a structural necessity for European supply chain security",
      "eu"),
    P("eu_investment_cost", 0.1, 0.0, 1.0, "USD per USD invested",
      "The EU's cost per USD committed, net of return.", "assumption", "eu"),
    P("eu_transport_share", 0.25, 0.0, 1.0, "share",
      "Share of EU investment that is Middle Corridor transport (ports, digital customs).",
      "EC 2025c: EUR 3 bn of the EUR 12 bn package earmarked for transport", "eu"),
    P("mc_capacity_per_bn", 1.2, 0.0, 5.0, "Mt/yr per USD bn",
      "Middle Corridor capacity added per USD bn of completed EU transport investment.",
      "derived: 6 -> 10 Mt/yr targeted for 2027 (Kazakh transport ministry) over the "
      "EUR 3 bn (USD ~3.3 bn) transport envelope", "corridors"),
    # --------------------------------------------------------------------- russia
    P("russia_influence_value", 4.0, 0.0, 30.0, "USD bn per quarter",
      "Russia's value of full influence; drives EAEU courting when Kazakhstan drifts away.",
      "assumption", "russia"),
    P("russia_route_value", 0.02, 0.0, 0.5, "USD bn per quarter per Mt/yr",
      "Russia's transit income per Mt/yr on the Northern route, which it controls.",
      "assumption: about USD 80 per tonne of Russian rail transit fees", "russia"),
    P("courting_transfer", 0.1, 0.0, 2.0, "USD bn per quarter",
      "EAEU benefits Russia offers while courting, paid to Kazakhstan in proportion to "
      "its alignment with Russia.", "assumption", "russia"),
    P("russia_deterrence_value", 0.6, 0.0, 20.0, "USD bn per episode",
      "Russia's value of hybrid pressure per unit of threat (EU tilt and Middle Corridor "
      "share).", "paper: the Middle Corridor is an affront to Russia's security-umbrella "
      "logic; assumption", "russia", label="Russian deterrence value", main=True),
    P("russia_pressure_cost", 0.25, 0.0, 5.0, "USD bn per episode",
      "Russia's cost of a hybrid-pressure episode.", "assumption", "russia"),
    P("pressure_loss", 1.0, 0.0, 10.0, "USD bn per episode",
      "Kazakhstan's loss from a Russian pressure episode (transit or CPC disruption) "
      "before binding-engagement dampening.", "paper: CPC carries 2/3-80 % of Kazakh oil "
      "exports; Russia disrupted it on environmental pretexts (Ismailov 2025); "
      "assumption: a partial disruption of a quarter", "russia",
      label="Pressure loss"),
    P("pressure_transit_premium", 20.0, 0.0, 200.0, "USD per tonne",
      "Extra risk premium on the Northern route in a quarter of Russian pressure.",
      "assumption", "corridors"),
    # ------------------------------------------------------------------ corridors
    P("sanctions_level", 1.0, 0.0, 1.0, "index 0-1",
      "Sanctions and political risk on the Northern route in 2025 (1 = 2025 level).",
      "paper: the Northern route is strategically unviable due to sanctions", "corridors",
      label="Sanctions level", main=True),
    P("sanctions_relief", 0.0, 0.0, 1.0, "per year",
      "Annual rate at which sanctions lift (a stalemate rehabilitates the Northern route).",
      "paper: a stalemate that rehabilitates the Northern route", "corridors",
      label="Sanctions relief", main=True),
    P("sanctions_premium", 120.0, 0.0, 500.0, "USD per tonne",
      "Risk premium on the Northern route at full sanctions.", "assumption", "corridors"),
    P("route_dispersion", 60.0, 5.0, 300.0, "USD per tonne",
      "Scale of unobserved cost differences in the multinomial-logit route choice "
      "(1 / theta).", "assumption", "corridors"),
    P("northern_base_cost", -288.66, -340.0, -240.0, "USD per tonne",
      "Base generalised cost of the Northern route, relative to the bypass.",
      "calibrated to the 2025 route volumes by `python -m hedgesim.analysis.route_constants`", "corridors"),
    P("middle_base_cost", -130.87, -180.0, -80.0, "USD per tonne",
      "Base generalised cost of the Middle Corridor (TITR) before harmonisation, "
      "relative to the bypass.", "calibrated to the 2025 route volumes by `python -m hedgesim.analysis.route_constants`",
      "corridors"),
    P("congestion_cost", 100.0, 0.0, 500.0, "USD per tonne",
      "Congestion cost at full use of a route's capacity (BPR form, power 4).",
      "assumption; BPR function (Bureau of Public Roads 1964)", "corridors"),
    P("overland_demand", 12.62, 2.0, 40.0, "Mt/yr",
      "EU-China overland cargo choosing among the Northern, Middle and bypass routes, 2025.",
      "sum of the 2025 route volumes (see calibration.yaml)", "corridors"),
    P("overland_demand_growth", 0.03, -0.1, 0.2, "per year",
      "Growth of EU-China overland demand.", "assumption", "corridors",
      label="Demand growth"),
    P("demand_volatility", 0.05, 0.0, 0.3, "log-sd per quarter",
      "Quarterly lognormal noise on overland demand.", "assumption", "corridors"),
    P("other_transit", 24.78, 0.0, 60.0, "Mt/yr",
      "Transit through Kazakhstan outside the EU-China corridors (Russia-Central Asia, "
      "China-Central Asia), 2025.",
      "36.9 Mt total transit 2025 (The Astana Times 2026) minus the two corridors",
      "corridors"),
    P("other_transit_growth", 0.05, -0.1, 0.2, "per year",
      "Growth of other transit.", "assumption near the 6.6 % of 2025", "corridors"),
    P("northern_capacity", 20.0, 5.0, 60.0, "Mt/yr",
      "Capacity of the Northern route through Kazakhstan to Russia.", "assumption",
      "corridors"),
    P("middle_capacity", 6.0, 1.0, 30.0, "Mt/yr",
      "Middle Corridor (TITR) capacity through Kazakhstan, 2025.",
      "Kazakh transport ministry: about 6 Mt/yr", "corridors"),
    P("entry_capacity", 25.0, 5.0, 80.0, "Mt/yr",
      "China-Kazakhstan border rail capacity (Dostyk, Khorgos), shared by the Northern and "
      "Middle routes, 2025.", "assumption", "corridors"),
    P("tacheng_ayagoz_gain", 0.667, 0.0, 1.0, "share of 2025 entry capacity",
      "Entry capacity the Tacheng-Ayagoz line adds when it opens in 2027Q4.",
      "Sakenova 2025: cross-border capacity up by two thirds by 2027", "corridors"),
    P("bypass_capacity", 1.0, 0.0, 10.0, "Mt/yr",
      "Capacity of routes avoiding Kazakhstan before the China-Kyrgyzstan-Uzbekistan "
      "railway opens.", "assumption (road via Irkeshtam)", "corridors"),
    P("bypass_rail_capacity", 15.0, 0.0, 30.0, "Mt/yr",
      "Capacity added when the China-Kyrgyzstan-Uzbekistan railway opens.",
      "Fazl-e-Haider 2025 (the bypass); 15 Mt/yr design capacity is an assumption",
      "corridors"),
    P("bypass_opening_year", 2030.0, 2026.0, 2040.0, "year",
      "Year the China-Kyrgyzstan-Uzbekistan railway opens (first quarter).",
      "assumption: construction began Dec 2024, about six years", "corridors",
      label="Bypass opens"),
]

PARAMETERS: dict[str, Parameter] = {p.name: p for p in _SCHEMA}
NUMERIC = [p.name for p in _SCHEMA if p.numeric]
CHOICE = [p.name for p in _SCHEMA if not p.numeric]


def defaults() -> dict[str, Any]:
    """Every parameter's default value."""
    return {p.name: p.default for p in _SCHEMA}


class ParameterError(ValueError):
    """A parameter name or value outside the schema."""


def excerpt(value: Any, limit: int = 60) -> str:
    """A short repr of ``value`` for an error message: at most ``limit`` characters, and cheap
    however long or deeply nested the value is (a message never echoes an input whole)."""
    import reprlib

    short = reprlib.Repr(maxlevel=2, maxtuple=4, maxlist=4, maxarray=4, maxdict=4, maxset=4,
                         maxfrozenset=4, maxdeque=4, maxstring=limit, maxlong=limit, maxother=limit)
    text = short.repr(value)
    return shorten(text, limit)


def shorten(text: str, limit: int = 80) -> str:
    """``text`` cut to at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unknown_parameter(name: str) -> str:
    """Explain an unknown parameter name, suggesting the closest known one."""
    from difflib import get_close_matches

    close = get_close_matches(name, PARAMETERS, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown parameter {excerpt(name)}; {hint}(`hedgesim params` lists all {len(PARAMETERS)})"


def check_value(name: str, value: Any) -> None:
    """Raise ParameterError unless ``value`` (scalar or array) is allowed for ``name``."""
    if name not in PARAMETERS:
        raise ParameterError(unknown_parameter(name))
    p = PARAMETERS[name]
    if p.kind == "choice":
        values = np.atleast_1d(np.asarray(value, dtype=object))
        bad = [v for v in values if v not in p.choices]
        if bad:
            raise ParameterError(f"parameter {name!r}: {excerpt(bad[0])} is not allowed; "
                                 f"allowed: {p.allowed}")
        return
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"parameter {name!r}: {excerpt(value)} is not a number; "
                             f"allowed: {p.allowed}") from None
    if np.asarray(value).dtype == bool:
        raise ParameterError(f"parameter {name!r}: a boolean is not allowed; "
                             f"allowed: {p.allowed}")
    if not np.all(np.isfinite(arr)):
        raise ParameterError(f"parameter {name!r}: value is not finite; allowed: {p.allowed}")
    if p.kind == "int" and not np.all(arr == np.round(arr)):
        raise ParameterError(f"parameter {name!r}: {excerpt(value)} is not an integer; "
                             f"allowed: {p.allowed}")
    if np.any(arr < p.low) or np.any(arr > p.high):
        shown = float(arr if arr.ndim == 0 else arr[(arr < p.low) | (arr > p.high)][0])
        raise ParameterError(f"parameter {name!r}: {shown!r} is out of range; "
                             f"allowed: {p.allowed}")


def resolve(params: Mapping[str, Any], worlds: int) -> dict[str, np.ndarray]:
    """Check ``params`` and broadcast every parameter to an array over worlds.

    Missing parameters take their defaults. Numeric parameters become float
    arrays of shape (worlds,); choice parameters become integer codes (the index
    in ``Parameter.choices``).
    """
    values = defaults()
    for name, value in params.items():
        check_value(name, value)
        values[name] = value
    out: dict[str, np.ndarray] = {}
    for name, value in values.items():
        p = PARAMETERS[name]
        if p.kind == "choice":
            codes = np.vectorize(p.choices.index, otypes=[np.int64])(
                np.asarray(value, dtype=object))
            arr = np.asarray(codes)
        else:
            arr = np.asarray(value, dtype=float)
        if arr.ndim > 1 or (arr.ndim == 1 and arr.shape[0] not in (1, worlds)):
            raise ParameterError(f"parameter {name!r}: expected a scalar or {worlds} values "
                                 f"(one per world), got shape {arr.shape}")
        out[name] = np.broadcast_to(arr.reshape(-1), (worlds,)).copy()
    return out


# ------------------------------------------------------------------ config files
def _field(p: Parameter):
    from typing import Annotated, Literal

    from pydantic import Field

    if p.kind == "choice":
        return (Literal[p.choices], Field(p.default, description=p.description))
    kind = int if p.kind == "int" else float
    return (Annotated[kind, Field(strict=True, ge=p.low, le=p.high, allow_inf_nan=False)],
            Field(p.default, description=p.description))


def params_model():
    """The pydantic model of a ``params:`` mapping: every key optional, none unknown."""
    global _PARAMS_MODEL
    if _PARAMS_MODEL is None:
        from pydantic import ConfigDict, create_model

        _PARAMS_MODEL = create_model(
            "Params", __config__=ConfigDict(extra="forbid"),
            **{p.name: _field(p) for p in _SCHEMA})
    return _PARAMS_MODEL


_PARAMS_MODEL = None


class ConfigError(ValueError):
    """A config file or argument that does not fit the schema: one clear line."""


def explain(error, source: str, keys: tuple[str, ...] = (), prefix: str = "") -> ConfigError:
    """Turn the first error of a pydantic ValidationError into one clear line.

    ``source`` names the file or argument; ``keys`` are the allowed top-level
    keys; ``prefix`` is the key under which the validated mapping sits
    ("params" for a params mapping).
    """
    errors = error.errors()
    first = errors[0]
    loc = ([prefix] if prefix else []) + [str(part) for part in first["loc"]]
    key = shorten(".".join(loc)) or "(top level)"
    name = loc[-1] if loc else ""
    value = first.get("input")
    in_params = len(loc) == 2 and loc[0] == "params"
    if first["type"] == "extra_forbidden":
        message = f"{source}: {key}: " + (unknown_parameter(name) if in_params
                                          else f"unknown key; allowed: {', '.join(keys)}")
    elif in_params and name in PARAMETERS:
        message = f"{source}: {key}: {excerpt(value)} is not allowed; allowed: {PARAMETERS[name].allowed}"
    else:
        message = f"{source}: {key}: {first['msg']} (got {excerpt(value)})"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})"
    return ConfigError(message)


def validate_mapping(model, data: Any, source: str):
    """Validate a parsed config mapping against a pydantic ``model``: one ConfigError line."""
    from pydantic import ValidationError

    keys = tuple(model.model_fields)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with keys {', '.join(keys)}; "
                          f"got {type(data).__name__}")
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        raise ConfigError(f"{source}: {excerpt(bad[0])}: keys must be text; allowed: {', '.join(keys)}")
    try:
        return model(**data)
    except ValidationError as error:
        raise explain(error, source, keys) from None
