"""Redundancy: when the SREB's rail routes through Russia are congested or politically
pressured, cargo shifts to the EU-backed Middle Corridor (TITR), and redundancy pays.

Five stresses or changes, each against the baseline:
(a) political risk on the Northern route doubles (`sanctions_premium` 120 -> 240 USD/t);
(b) Russian transit disruptions bite harder (`pressure_transit_premium` 20 -> 100 USD/t), in
    the `russian_pressure` scenario, where disruptions are frequent;
(c) the Northern route is congested (`northern_capacity` 20 -> 8 Mt/yr);
(d) the China-Kazakhstan border crossings are congested (`entry_capacity` 28 -> 10 Mt/yr);
(e) redundancy itself: twice the Middle Corridor's capacity (`middle_capacity` 6 -> 12 Mt/yr).

How to read it: (a)-(d) test the route choice; (e) tests whether spare capacity pays in
Kazakhstan's payoff, through its transit revenue and its expected loss from Russian coercion
(spare capacity lets a disruption's cargo reroute, `payoffs.vulnerable_to_russia`).

    python experiments/redundancy.py [--quick] [--out DIR]
"""

from __future__ import annotations

from claims import Check, Comparison, claim_verdict, compare, find
from figures import comparison_figure
from inference import AGREES
from prose import change, moved, reversal_text, signed, summary_line
from report import ClaimReport, main
from settings import Settings
from tables import design_text

KEY = "redundancy"
SEED = 2501
QUOTE = """By 2025, Kazakhstan's transit traffic reached 36.9 million tons, which is a growth driven
by its ability to offer multi-modal options. If China's SREB rail routes are congested or
politically pressured, cargo can shift to the EU-backed TITR sea-rail link."""


def checks(extra: tuple[Check, ...] = ()) -> tuple[Check, ...]:
    return (Check("mean_middle_corridor_mt", +1, "Middle Corridor volume", "Mt/yr, mean", panel="Route volumes"),
            Check("mean_northern_mt", -1, "Northern-route volume", "Mt/yr, mean", panel="Route volumes"),
            *extra)


REVENUE = Check("mean_transit_revenue", 0, "Kazakhstan's transit revenue", "USD bn per quarter, mean")
COMPARISONS = (
    Comparison("(a) Northern political risk", "sanctions_premium", 120.0, 240.0, checks((REVENUE,))),
    Comparison("(b) Transit disruptions", "pressure_transit_premium", 20.0, 100.0,
               checks((Check("mean_p_pressure_russia", 0, "Russia's probability of pressure", "mean"),)),
               scenario="russian_pressure", fixed=("russia_grievance_value",)),
    Comparison("(c) Northern congestion", "northern_capacity", 20.0, 8.0, checks()),
    Comparison("(d) Border congestion", "entry_capacity", 28.0, 10.0,
               checks((Check("final_transit_mt", 0, "Transit through Kazakhstan, 2034Q4", "Mt/yr"),)),
               levels=(5.0, 7.5, 10.0, 15.0, 28.0, 40.0, 80.0)),
    Comparison("(e) Spare Middle Corridor capacity", "middle_capacity", 6.0, 12.0,
               (Check("mean_middle_corridor_mt", +1, "Middle Corridor volume", "Mt/yr, mean"),
                Check("mean_transit_revenue", +1, "Kazakhstan's transit revenue", "USD bn per quarter, mean"),
                Check("mean_risk_russia", -1, "Expected loss from Russia's coercion", "USD bn per quarter, mean",
                      short="Expected loss from Russia"),
                Check("mean_p_pressure_russia", 0, "Russia's probability of pressure", "mean"),
                Check("final_alignment_eu", 0, "Alignment with the EU, 2034Q4", "share"),
                Check("cumulative_utility", 0, "Kazakhstan's utility", "USD bn, summed"))),
)


def run(settings: Settings) -> ClaimReport:
    results = [compare(c, settings, SEED + 10 * i) for i, c in enumerate(COMPARISONS)]
    verdict = claim_verdict(results)
    names = [c.name for c in COMPARISONS]
    mc = {n: find(results, "Middle Corridor volume", n) for n in names}
    north = {n: find(results, "Northern-route volume", n) for n in names[:4]}
    a, b, cc, d, e = (mc[n] for n in names)
    revenue_a = find(results, "Kazakhstan's transit revenue", names[0])
    transit = find(results, "Transit through Kazakhstan, 2034Q4", names[3])
    revenue = find(results, "Kazakhstan's transit revenue", names[4])
    risk = find(results, "Expected loss from Russia's coercion", names[4])
    pressure = find(results, "Russia's probability of pressure", names[4])
    eu_tilt = find(results, "Alignment with the EU, 2034Q4", names[4])
    utility = find(results, "Kazakhstan's utility", names[4])
    beyond = [a, b, cc]
    shifts = all(c.verdict == AGREES for c in beyond) and all(north[n].verdict == AGREES for n in names[:3])
    parts = [
        (f"{'The Middle Corridor takes cargo off a pressured or congested Northern route' if shifts else 'The Middle Corridor takes cargo off the Northern route only under some of the stresses'}: "
         f"{signed(a.diff)} Mt/yr when political risk doubles ({a.verdict}), {signed(b.diff)} Mt/yr when "
         f"Russian disruptions bite harder ({b.verdict}) and {signed(cc.diff)} Mt/yr when the Northern route "
         f"is congested ({cc.verdict}) — the multinomial-logit route choice (`corridors.route_shares`) on "
         f"generalised costs (`corridors.generalised_costs`). When political risk doubles, Kazakhstan's transit "
         f"revenue {change(revenue_a, 'USD bn per quarter')}: cargo that shifts pays the Middle Corridor's tariff "
         f"instead of the Northern route's, and cargo that leaves for the bypass pays nothing "
         f"(`payoffs.route_revenue`)."),
        (f"Congestion at the China–Kazakhstan border {'shifts' if d.verdict == AGREES else 'does not shift'} "
         f"cargo to the Middle Corridor: it {change(d, 'Mt/yr', verdict=True)} and the Northern route "
         f"{change(north[names[3]], 'Mt/yr', verdict=True)}; both routes through Kazakhstan enter by the same "
         f"crossings, so the entry cut scales both down together (`corridors.assign_flows`), and transit "
         f"through Kazakhstan in 2034Q4 {change(transit, 'Mt/yr')}."),
        (f"(e) Does redundancy pay? With twice the Middle Corridor's capacity its volume {change(e, 'Mt/yr')} "
         f"and transit revenue {change(revenue, 'USD bn per quarter', verdict=True)}. Spare capacity lets a "
         f"disruption's cargo reroute (`payoffs.vulnerable_to_russia`), but a larger Middle Corridor is "
         f"also Russia's grievance (`payoffs.russia_grievance`): Russia's probability of pressure "
         f"{change(pressure)}, so Kazakhstan's expected loss from Russia {change(risk, 'USD bn per quarter', verdict=True)}, "
         f"its alignment with the EU {change(eu_tilt)} and its utility {change(utility, 'USD bn')}."),
    ]
    figure = comparison_figure(results, "Redundancy: does cargo shift to the Middle Corridor, and does it pay?",
                               settings, KEY)
    reversals = [f"{c.comparison.split(' ')[0]} {c.check.short or c.check.label}: {reversal_text(c)}."
                 for r in results for c in r.checks if c.robust]
    change_note = (
        "Previously: partly agrees (6 of 8): the route shifts (a)-(c) agreed and border congestion (d) "
        "was negligible. The corridor model is unchanged, so (a)-(d) say the same. New is (e): every "
        "route paid the same tariff and a pressure episode cost the same whatever the exposure, so "
        f"redundancy could not pay; now spare capacity raises transit revenue ({signed(revenue.diff)} USD bn "
        f"a quarter) and moves the expected loss from Russia ({signed(risk.diff)}).")
    return ClaimReport(
        KEY, "Redundancy: cargo shifts to the Middle Corridor", QUOTE,
        "section \"Orchestrating Eurasian Connectivity\"", design_text(COMPARISONS, settings),
        results, verdict, summary_line([c for r in results for c in r.checks]), " ".join(parts), figure, SEED,
        headline=(f"Cargo shifts to the Middle Corridor when the Northern route is pressured or congested "
                  f"({signed(a.diff)}, {signed(b.diff)} and {signed(cc.diff)} Mt/yr: {a.verdict}, {b.verdict}, "
                  f"{cc.verdict}), not when the shared border crossings are ({signed(d.diff)} Mt/yr, {d.verdict}); "
                  f"spare Middle Corridor capacity {moved(revenue, 'raises', 'lowers', 'hardly changes')} transit revenue "
                  f"({signed(revenue.diff)} USD bn a quarter, {revenue.verdict}) and the expected loss from "
                  f"Russia {change(risk)} ({risk.verdict})."),
        reversals=reversals, change=change_note)


if __name__ == "__main__":
    main(run, __doc__.splitlines()[0])
