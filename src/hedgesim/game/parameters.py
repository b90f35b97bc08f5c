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

from hedgesim.game.actions import ChinaStrategy, EUStrategy, KazakhStrategy, RussiaStrategy, choice_names
from hedgesim.game.decision_rules import Rule


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
    P("rationality", 20.0, 0.0, 200.0, "1 / USD bn",
      "Logit (quantal response) rationality lambda of every player: 0 chooses uniformly at "
      "random, large values approach best response. Every action value is a present value in "
      "USD bn over the same planning horizon, so one lambda fits every decision.",
      "McKelvey & Palfrey 1995; assumption: a USD 50 m difference in present value is one "
      "logit unit", "behaviour", label="Rationality λ", main=True),
    P("decision_rule", "logit", kind="choice", choices=choice_names(Rule),
      description="How each player turns the action values at the node it reaches into a "
      "choice: logit quantal response, Roth-Erev reinforcement, or experience-weighted "
      "attraction. Players who anticipate another's choice always use its logit quantal "
      "response.", source="McKelvey & Palfrey 1995; Roth & Erev 1995; Camerer & Ho 1999",
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
      "Planning horizon H of every player: the future is discounted at 1/H per quarter, so a "
      "persistent change is worth H quarters of its effect, one that starts after a lag L is "
      "worth H (1 - 1/H)^L, and a one-quarter event is worth one quarter.",
      "assumption: a three-year government planning cycle", "behaviour",
      kind="int", label="Planning horizon"),
    # ----------------------------------------------------------------- kazakhstan
    P("strategy", "free", kind="choice",
      choices=choice_names(KazakhStrategy),
      description="Kazakhstan's policy. free: every choice by quantal response. The others are "
      "policies of equal freedom, each fixing the alignment move and constraining the answers "
      "to offers, everything else chosen by quantal response: hedge rebalances and takes "
      "(accepts or dilutes) both giants' offers; bandwagon_china / bandwagon_eu tilt toward "
      "that partner and accept its offers undiluted; lean_russia tilts toward Russia.",
      source="Kuik 2008; Giacomello & Verbeek 2024 (balancing, bandwagoning, hedging)",
      group="kazakhstan", label="Kazakh strategy"),
    P("risk_weight", 1.0, 0.0, 5.0, "dimensionless",
      "Kuik's risk contingency: weight rho of risk (the expected loss from coercion) against "
      "returns in Kazakhstan's utility = returns - rho * risk; 1 is risk-neutral, above 1 "
      "risk-averse.", "Kuik 2008, 2021", "kazakhstan", label="Risk weight ρ", main=True),
    P("trade_share_china", 0.213, 0.01, 0.6, "share of trade turnover",
      "China's share of Kazakhstan's goods trade turnover (exports + imports): weights the "
      "trade income of alignment with China and sets the initial alignment (shares normalised "
      "over the three partners).", "bne IntelliNews 2023, citing Kazakhstan's Bureau of "
      "National Statistics: 21.3 % in January-September 2023 (calibration.yaml)", "kazakhstan"),
    P("trade_share_eu", 0.30, 0.01, 0.6, "share of trade turnover",
      "The EU-27's share of Kazakhstan's goods trade turnover.",
      "Kazinform 2024, citing Prime Minister Smailov: around 30 % in 2023 (calibration.yaml)",
      "kazakhstan"),
    P("trade_share_russia", 0.186, 0.01, 0.6, "share of trade turnover",
      "Russia's share of Kazakhstan's goods trade turnover.",
      "bne IntelliNews 2023, citing Kazakhstan's Bureau of National Statistics: 18.6 % in "
      "January-September 2023 (calibration.yaml)", "kazakhstan"),
    P("alignment_trade_value", 2.0, 0.0, 10.0, "USD bn per quarter",
      "Trade income tied to alignment: Kazakhstan earns alignment_trade_value * sum_c w_c a_c "
      "a quarter, linear in alignment a (no balance hidden in the functional form), with w_c "
      "the trade shares grown with each partner's infrastructure. The same income is what a "
      "coercing partner can cut (part of Kazakhstan's exposure to it).",
      "assumption: about 6 % of Kazakh quarterly trade", "kazakhstan"),
    P("trade_infrastructure_elasticity", 0.3, 0.0, 1.0, "dimensionless",
      "Elasticity of a partner's trade weight to its completed infrastructure stock.",
      "assumption", "kazakhstan"),
    P("alignment_step", 0.02, 0.005, 0.1, "share per quarter",
      "How far one quarter's tilt or rebalance moves alignment toward its target.",
      "assumption: a full re-orientation takes about a decade", "kazakhstan",
      label="Alignment step"),
    P("dominance_cap", 0.5, 0.3, 0.9, "share of infrastructure",
      "Threshold of the dominance-denial indicator: it holds while no external power controls "
      "more than this share of infrastructure. A measurement only: no player's payoff or "
      "decision reads it.", "Ciorciari & Haacke 2019 (dominance denial); assumption: no "
      "majority control", "kazakhstan", label="Dominance cap", main=True),
    P("infrastructure_return", 0.08, 0.0, 0.3, "per year",
      "Kazakhstan's gross marginal annual return on infrastructure at the starting stock; "
      "returns diminish beyond it (income r S0 (1 + ln(S / S0)), so the marginal return is "
      "r S0 / S).", "assumption: public infrastructure returns of 5-10 %", "kazakhstan"),
    P("bargaining_power", 0.4, 0.0, 1.0, "dimensionless",
      "Kazakhstan's weight beta in the Nash bargaining over each offer's loan rate.",
      "Horn & Wolinsky 1988; assumption: a middle power facing a giant", "kazakhstan",
      label="Bargaining power"),
    P("project_complementarity", 0.3, -1.0, 1.0, "dimensionless",
      "kappa: Kazakhstan values both giants' projects at x_C + x_E + kappa * min(x_C, x_E). "
      "Negative: substitutes (the EU's offer is an outside option in bargaining with China); "
      "positive: complements (China's rails lead to the EU's ports).",
      "paper: physically complementary, normatively competitive; assumption", "kazakhstan",
      label="Complementarity κ", main=True),
    P("dilution_keep", 0.8, 0.3, 1.0, "share of offer",
      "Share of an offer's volume that still goes ahead when Kazakhstan dilutes it with a joint "
      "venture or local-content condition.", "assumption", "kazakhstan"),
    P("joint_venture_foreign_share", 0.49, 0.1, 0.9, "share of project",
      "Foreign partner's control share of a diluted (joint-venture) project.",
      "paper: joint ventures and local content keep SREB nodes under national control; 49 % "
      "keeps a local majority", "kazakhstan"),
    P("binding_initial", 0.3, 0.0, 1.0, "index 0-1",
      "Binding engagement at the start (EAEU, SCO, Middle Corridor association, tariff "
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
      "Share of a coercer's damage and hold-up that full binding engagement absorbs.",
      "paper: a unified regional block is less susceptible to divide and rule; assumption",
      "kazakhstan", label="Binding dampening", main=True),
    P("harmonisation_saving", 30.0, 0.0, 150.0, "USD per tonne",
      "Cut in the Middle Corridor's generalised cost at full binding engagement (tariff "
      "harmonisation, Middle Corridor consortium, digital customs).",
      "paper: regional consensus on transport standards and tariff harmonisation; "
      "assumption", "kazakhstan"),
    P("sovereignty_cost", 0.5, 0.0, 5.0, "USD bn per concession",
      "Kazakhstan's non-economic cost of conceding to a coercer (autonomy lost), besides the "
      "hold-up rent and the alignment shift.", "Kuik 2021 (autonomy); assumption", "kazakhstan"),
    P("concession_step", 0.03, 0.0, 0.1, "share of alignment",
      "How far a concession moves Kazakhstan's alignment toward the coercer.", "assumption",
      "kazakhstan"),
    P("backlash_step", 0.02, 0.0, 0.1, "share of alignment",
      "How far resisting coercion moves Kazakhstan's alignment away from the coercer, toward "
      "the other partners in proportion to its alignment with them.",
      "Drezner 2003 (coercion pushes targets away); assumption", "kazakhstan"),
    P("stock_china", 66.5, 10.0, 200.0, "USD bn",
      "China-controlled infrastructure stock in Kazakhstan at the start.",
      "Abuova 2025a: 224 projects, about USD 66.5 bn", "kazakhstan"),
    P("stock_eu", 40.0, 5.0, 150.0, "USD bn",
      "EU-controlled infrastructure stock at the start.",
      "assumption: European stakes in energy and transport assets; not in the paper",
      "kazakhstan"),
    P("stock_russia", 25.0, 5.0, 100.0, "USD bn",
      "Russia-controlled infrastructure stock at the start (CPC stakes, legacy rail).",
      "assumption: not in the paper", "kazakhstan"),
    P("stock_domestic", 20.0, 0.0, 100.0, "USD bn",
      "Nationally controlled share of joint-venture infrastructure at the start.",
      "assumption: the paper notes joint ventures already keep SREB nodes national",
      "kazakhstan"),
    P("debt_china", 10.2, 0.0, 60.0, "USD bn",
      "Kazakhstan's debt owed to Chinese lenders at the start.",
      "National Bank of Kazakhstan via Kursiv 2025: USD 10.2 bn of USD 170.5 bn external debt, "
      "2025Q1 (calibration.yaml)", "kazakhstan"),
    P("debt_eu", 5.0, 0.0, 40.0, "USD bn",
      "Kazakhstan's debt owed to European lenders (EIB, EBRD, EU banks) at the start.",
      "assumption", "kazakhstan"),
    P("legacy_rate_china", 0.042, 0.0, 0.12, "per year",
      "Average interest rate on the debt owed to China at the start.",
      "AidData 2021 (Malik et al., Banking on the Belt and Road): a typical Chinese official "
      "loan carries 4.2 % (calibration.yaml)", "kazakhstan"),
    P("legacy_rate_eu", 0.011, 0.0, 0.12, "per year",
      "Average interest rate on the debt owed to European lenders at the start.",
      "AidData 2021: a typical OECD-DAC official loan carries 1.1 % (calibration.yaml)",
      "kazakhstan"),
    P("loan_share", 0.5, 0.0, 1.0, "share of a project",
      "Share of a completed project financed by a loan Kazakhstan owes the investor (the rest is "
      "the investor's equity or a grant); the bargained rate applies to it.",
      "assumption", "kazakhstan"),
    P("debt_amortisation", 0.07, 0.0, 0.3, "per year",
      "Share of outstanding debt (and of its interest bill) repaid each year.",
      "assumption: 15-year infrastructure loans", "kazakhstan"),
    P("tariff_northern", 60.0, 0.0, 200.0, "USD per tonne",
      "Kazakhstan's transit revenue per tonne on the Northern route (its rail leg).",
      "The Astana Times 2020: transit revenue of KZT 450 bn (USD 1.2 bn) on about 19.4 Mt in "
      "2019, about USD 60 per tonne on average (calibration.yaml)", "kazakhstan",
      label="Northern tariff"),
    P("tariff_middle", 75.0, 0.0, 250.0, "USD per tonne",
      "Kazakhstan's transit revenue per tonne on the Middle Corridor (rail leg and the "
      "Aktau/Kuryk ports).", "the USD 60 average (The Astana Times 2020) plus port handling; "
      "assumption", "kazakhstan", label="Middle Corridor tariff"),
    P("tariff_other", 55.0, 0.0, 200.0, "USD per tonne",
      "Kazakhstan's revenue per tonne of other transit.", "The Astana Times 2020: about USD 60 "
      "per tonne on average (calibration.yaml); 55 for other transit, 60 for the Northern "
      "route and 75 for the Middle Corridor average about 59 over the 2025 volumes",
      "kazakhstan"),
    P("oil_export_value", 39.0, 0.0, 120.0, "USD bn per year",
      "Value of Kazakhstan's crude oil exports.", "Ministry of Energy via The Astana Times "
      "2026: 78.7 Mt of crude exported in 2025 (calibration.yaml); at an assumed USD 500 per "
      "tonne (about USD 68 a barrel)", "kazakhstan"),
    P("cpc_share", 0.8, 0.0, 1.0, "share of crude exports",
      "Share of Kazakhstan's crude exports shipped through the CPC pipeline to Novorossiysk, "
      "across Russia.", "Ministry of Energy: 56 of 70.5 Mt in 2023 (0.79) and 64.8 of 78.7 Mt "
      "in 2025 (0.82) (calibration.yaml); paper: Ismailov 2025", "kazakhstan"),
    P("cpc_reroute_share", 0.1, 0.0, 1.0, "share of CPC volume",
      "Share of CPC oil that could be rerouted (Aktau tankers to Baku-Tbilisi-Ceyhan) during a "
      "disruption.", "paper: the Aktau hub bypasses the CPC for critical shipments; assumption",
      "kazakhstan"),
    # ---------------------------------------------------------------------- china
    P("china_strategy", "free", kind="choice", choices=choice_names(ChinaStrategy),
      description="China's policy: free (every choice by quantal response); market (offers, "
      "never coercion); coerce (offers, and coercion when it pays); withdraw (no offers, no "
      "coercion).", source="Wellman 2006 (strategies of an empirical game)", group="china",
      label="China's strategy"),
    P("china_ticket", 6.45, 0.0, 20.0, "USD bn per quarter",
      "China's largest quarterly offer (offers are none, half or all of it).",
      "Nedopil 2026: USD 25.8 bn BRI investment in Kazakhstan in 2025, / 4", "china",
      label="China ticket"),
    P("china_build_lag", 4, 1, 16, "quarters",
      "Quarters from commitment to completion of a Chinese project (fast).",
      "paper: speed of the SREB model; assumption", "china", kind="int"),
    P("china_funding_cost", 0.03, 0.0, 0.12, "per year",
      "China's cost of funds for its loans to Kazakhstan; the loan rate is bargained above or "
      "below it.", "assumption", "china"),
    P("china_influence_value", 15.15, 0.0, 40.0, "USD bn per quarter",
      "China's value of full influence (mean of its control share of infrastructure and "
      "Kazakhstan's alignment with it).", "fitted so that China's bargained rate in 2025 is "
      "the typical Chinese official loan's 4.2 % (AidData 2021) by "
      "`python -m hedgesim.analysis.behaviour_fit`", "china"),
    P("china_route_value", 0.05, 0.0, 1.0, "USD bn per quarter per Mt/yr",
      "China's value of its exports reaching Europe overland, on any route.",
      "paper: the SREB's rail routes to Europe; assumption", "china"),
    P("china_capacity_per_bn", 1.0, 0.0, 5.0, "Mt/yr per USD bn",
      "China-Kazakhstan entry (border rail) capacity added per USD bn of completed Chinese "
      "transport investment.", "assumption; Tacheng-Ayagoz modelled apart (Sakenova 2025)",
      "china"),
    P("china_transport_share", 0.3, 0.0, 1.0, "share",
      "Share of Chinese investment that is transport infrastructure (rail, dry ports).",
      "assumption: Khorgos, Dostyk-Moyynty, CRRC among refinery and chemicals", "china"),
    P("china_investment_cost", 0.08, 0.0, 1.0, "USD per USD of equity",
      "China's net cost per USD of its own equity in a project (the part not lent to "
      "Kazakhstan), net of its commercial return.", "assumption", "china"),
    P("china_market_access", 0.0, 0.0, 2.0, "USD bn per quarter",
      "Extra trade income China grants Kazakhstan in proportion to its alignment with China "
      "(preferential market access for a close partner); 0 in 2025.", "assumption", "china"),
    P("china_holdup", 0.1, 0.0, 1.0, "share of exposure",
      "Hold-up: the share of Kazakhstan's exposure to China (USD bn per quarter) that China "
      "extracts as rent when Kazakhstan concedes. 0 is a benign hegemon.",
      "Schelling 1966; Drezner 2003; assumption", "china", label="China's hold-up", main=True),
    P("china_grievance_value", 3.0, 0.0, 30.0, "USD bn",
      "China's value of a concession per unit of grievance (its control share minus "
      "Kazakhstan's alignment with China).", "paper: China may demand political concessions "
      "for its USD 66 bn portfolio (Nurmaganbetova 2025a); assumption", "china"),
    P("china_coercion_depth", 0.3, 0.0, 1.0, "share of exposure",
      "Share of Kazakhstan's vulnerable exposure to China lost in a quarter of Chinese "
      "coercion that Kazakhstan resists; the same share of China's own stake income (its "
      "loans' interest, its cargo's route value through Kazakhstan) is China's own loss.",
      "assumption", "china"),
    P("china_coercion_cost", 0.5, 0.0, 10.0, "USD bn per episode",
      "China's direct and reputational cost of a coercion attempt.", "assumption", "china",
      label="China's coercion cost", main=True),
    P("china_compliance_cost", 0.01, 0.0, 0.1, "per year",
      "China's extra annual cost per USD of a project at full adoption of EU standards in "
      "Kazakhstan (transparent procurement, digital customs).",
      "paper: EU standards force Chinese firms to improve their transparency; assumption",
      "china"),
    # ------------------------------------------------------------------------- eu
    P("eu_strategy", "free", kind="choice", choices=choice_names(EUStrategy),
      description="The EU's policy: free; strict (offers with strict ESG standards only); "
      "relaxed (fast offers with relaxed standards only); withdraw (no offers).",
      source="Wellman 2006 (strategies of an empirical game)", group="eu",
      label="EU strategy"),
    P("eu_ticket", 0.65, 0.0, 10.0, "USD bn per quarter",
      "The EU's largest quarterly offer (Global Gateway, blended finance).",
      "EC 2025c: the EUR 12 bn (about USD 13 bn) EU-Central Asia package of April 2025 "
      "spread over about 5 years is USD 0.65 bn a quarter", "eu", label="EU ticket"),
    P("eu_build_lag", 6, 1, 16, "quarters",
      "Quarters from commitment to completion of an EU project with relaxed standards.",
      "assumption", "eu", kind="int"),
    P("esg_rigidity", 0.5, 0.0, 2.0, "dimensionless",
      "ESG gap: a project with strict standards takes eu_build_lag * (1 + esg_rigidity) "
      "quarters, rounded.", "paper: rigid standards slow down project implementation", "eu",
      label="ESG rigidity", main=True),
    P("eu_funding_cost", 0.02, 0.0, 0.12, "per year",
      "The EU's (EIB, EBRD) cost of funds for its loans to Kazakhstan.",
      "assumption", "eu"),
    P("eu_investment_cost", 0.1, 0.0, 1.0, "USD per USD of equity",
      "The EU's net cost per USD of its own equity or grant in a project (the part not lent).",
      "assumption", "eu"),
    P("eu_interest", 1.0, 0.0, 1.0, "index 0-1",
      "EU interest in Central Asian connectivity at the start; scales the EU's valuations.",
      "assumption: 1 = the April 2025 summit level", "eu", label="EU interest", main=True),
    P("eu_interest_decline", 0.0, 0.0, 0.5, "per year",
      "Annual rate at which EU interest wanes (risk 1, dependency asymmetry).",
      "paper: if the EU's interest in the GG wanes", "eu", label="EU interest decline",
      main=True),
    P("eu_influence_value", 1.64, 0.0, 40.0, "USD bn per quarter",
      "The EU's value of full influence.", "fitted so that the EU's bargained rate in 2025 is "
      "the typical OECD-DAC official loan's 1.1 % (AidData 2021) by "
      "`python -m hedgesim.analysis.behaviour_fit`", "eu"),
    P("eu_route_value", 0.05, 0.0, 2.0, "USD bn per quarter per Mt/yr",
      "The EU's value of Middle Corridor throughput (supply-chain security).",
      "paper: the TITR is a structural necessity for European supply chain security", "eu"),
    P("eu_transport_share", 0.25, 0.0, 1.0, "share",
      "Share of EU investment that is Middle Corridor transport (ports, digital customs).",
      "EC 2025c: EUR 3 bn of the EUR 12 bn package earmarked for transport", "eu"),
    P("mc_capacity_per_bn", 1.2, 0.0, 5.0, "Mt/yr per USD bn",
      "Middle Corridor capacity added per USD bn of completed EU transport investment.",
      "derived: 6 -> 10 Mt/yr targeted for 2027 over the EUR 3 bn (USD ~3.3 bn) transport "
      "envelope", "eu"),
    P("standards_premium", 0.01, 0.0, 0.05, "per year",
      "Kazakhstan's extra annual return on a project built to strict EU standards (lower "
      "lifetime cost, transparent procurement).", "paper: the GG's sustainable governance; "
      "assumption", "eu"),
    P("eu_standards_value", 0.1, 0.0, 10.0, "USD bn per quarter",
      "The EU's value of Kazakhstan's full adoption of its standards (norm level 1).",
      "paper: the EU should maintain the high standards of the GG; assumption", "eu"),
    P("norm_initial", 0.2, 0.0, 1.0, "index 0-1",
      "Kazakhstan's adoption of EU standards at the start (digital customs, procurement).",
      "paper: the 2025 digital trade platform integrating EU customs requirements "
      "(Abuova 2025b); assumption", "eu"),
    P("norm_growth", 0.1, 0.0, 1.0, "per ticket",
      "Growth of the norm level per EU ticket of strict-standard projects completed, as a "
      "share of the gap to full adoption.", "assumption", "eu"),
    P("norm_decay", 0.02, 0.0, 0.2, "per quarter",
      "Share of the norm level lost per quarter without new strict-standard projects.",
      "assumption", "eu"),
    P("norm_transparency_gain", 0.01, 0.0, 0.05, "per year",
      "Kazakhstan's extra annual return on a Chinese project at full adoption of EU standards "
      "(the transparency EU norms push Chinese firms to).", "paper: by adopting EU digital "
      "customs standards, Kazakhstan forces Chinese logistics companies to improve their own "
      "transparency; assumption", "eu"),
    # --------------------------------------------------------------------- russia
    P("russia_strategy", "free", kind="choice", choices=choice_names(RussiaStrategy),
      description="Russia's policy: free; court (EAEU courting when it pays, no pressure); "
      "pressure (pressure when it pays, no courting); acquiesce (neither).",
      source="Wellman 2006 (strategies of an empirical game)", group="russia",
      label="Russia's strategy"),
    P("russia_influence_value", 4.0, 0.0, 30.0, "USD bn per quarter",
      "Russia's value of full influence (EAEU cohesion).", "assumption", "russia"),
    P("russia_route_value", 0.02, 0.0, 0.5, "USD bn per quarter per Mt/yr",
      "Russia's transit rent per Mt/yr on the Northern route, which it controls.",
      "assumption: about USD 80 per tonne of Russian rail transit fees", "russia"),
    P("russia_cpc_income", 1.0, 0.0, 5.0, "USD bn per year",
      "Russia's income from Kazakh oil through the CPC (tariff share, port fees): what a CPC "
      "disruption costs Russia itself.", "assumption", "russia"),
    P("courting_transfer", 0.1, 0.0, 2.0, "USD bn per step",
      "EAEU benefits Russia pays, when it courts, for a quarter in which Kazakhstan takes a "
      "step toward Russia (tilt_russia).", "assumption", "russia"),
    P("russia_grievance_value", 2.0, 0.0, 30.0, "USD bn",
      "Russia's value of a concession per unit of grievance (Kazakhstan's tilt to the EU over "
      "Russia plus the Middle Corridor's share of overland cargo).",
      "paper: the Middle Corridor is an affront to Russia's security-umbrella logic; "
      "assumption", "russia", label="Russia's grievance value", main=True),
    P("russia_holdup", 0.05, 0.0, 1.0, "share of exposure",
      "Share of Kazakhstan's exposure to Russia that Russia extracts as rent when Kazakhstan "
      "concedes.", "assumption", "russia"),
    P("russia_coercion_depth", 0.2, 0.0, 1.0, "share of exposure",
      "Share of Kazakhstan's vulnerable exposure to Russia (CPC oil exports, Northern "
      "transit, trade) lost in a quarter of pressure Kazakhstan resists; the same share of "
      "Russia's Northern rent and CPC income is Russia's own loss.",
      "paper: Russia has disrupted the CPC on environmental pretexts (Ismailov 2025); "
      "assumption", "russia", label="Russian disruption depth"),
    P("russia_coercion_cost", 1.78, 0.0, 10.0, "USD bn per episode",
      "Russia's direct and reputational cost of a pressure episode.", "fitted so that Russia's "
      "probability of pressure in 2025 is 0.1 a quarter (the episodes of 2022-2025 in the "
      "timeline) by `python -m hedgesim.analysis.behaviour_fit`", "russia"),
    P("pressure_transit_premium", 20.0, 0.0, 200.0, "USD per tonne",
      "Risk premium shippers put on the Northern route per unit of Russia's probability of "
      "pressure (a certain disruption adds this much a tonne).", "assumption", "corridors"),
    # ------------------------------------------------------------------ corridors
    P("sanctions_level", 1.0, 0.0, 1.0, "index 0-1",
      "Sanctions and political risk on the Northern route at the start (1 = 2025 level).",
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
    P("northern_base_cost", -287.37, -340.0, -240.0, "USD per tonne",
      "Base generalised cost of the Northern route, relative to the bypass.",
      "calibrated to the 2025 route volumes by `python -m hedgesim.analysis.route_constants`",
      "corridors"),
    P("middle_base_cost", -131.14, -180.0, -80.0, "USD per tonne",
      "Base generalised cost of the Middle Corridor (TITR) before harmonisation, relative to "
      "the bypass.", "calibrated to the 2025 route volumes by "
      "`python -m hedgesim.analysis.route_constants`", "corridors"),
    P("congestion_cost", 100.0, 0.0, 500.0, "USD per tonne",
      "Congestion cost at full use of a route's capacity (BPR form, power 4).",
      "assumption; BPR function (Bureau of Public Roads 1964)", "corridors"),
    P("overland_demand", 12.62, 0.5, 40.0, "Mt/yr",
      "EU-China overland cargo choosing among the Northern, Middle and bypass routes, averaged "
      "over the start year (2025 by default).",
      "sum of the 2025 route volumes (see calibration.yaml)", "corridors"),
    P("overland_demand_growth", 0.03, -0.2, 0.5, "per year",
      "Growth of EU-China overland demand (the history scenario's 2014-2020 boom is 30 %).",
      "assumption", "corridors",
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
    P("entry_capacity", 28.0, 5.0, 80.0, "Mt/yr",
      "China-Kazakhstan border rail capacity (Dostyk, Khorgos), shared by the Northern and "
      "Middle routes, 2025.", "KTZ via The Astana Times 2023: the two crossings handle 28 Mt "
      "a year (calibration.yaml)", "corridors"),
    P("tacheng_ayagoz_gain", 0.667, 0.0, 1.0, "share of 2025 entry capacity",
      "Entry capacity the Tacheng-Ayagoz line adds when it opens in 2027Q4.",
      "Sakenova 2025: cross-border capacity up by two thirds by 2027", "corridors"),
    P("bypass_capacity", 1.0, 0.0, 10.0, "Mt/yr",
      "Capacity of routes avoiding Kazakhstan before the China-Kyrgyzstan-Uzbekistan "
      "railway opens.", "assumption (road via Irkeshtam)", "corridors"),
    P("bypass_rail_capacity", 11.0, 0.0, 30.0, "Mt/yr",
      "Capacity added when the China-Kyrgyzstan-Uzbekistan railway opens.",
      "Fazl-e-Haider 2025 (the bypass); design capacity of 10-12 Mt a year (calibration.yaml)",
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
