"""The Northern route reopens: a stalemate lifts sanctions, cargo returns to the Northern route,
the Middle Corridor and the EU's stake in it shrink, and Kazakhstan is left more dependent on
China.

Control: the baseline (sanctions stay at their 2025 level). Treatment: the
`northern_route_reopens` scenario (`sanctions_relief` 0.5: sanctions halve every year). How to
read it: besides the corridors, the game adds Kazakhstan's exposure to Russia (cargo and oil
through Russia) and Russia's probability of pressure.

    python experiments/northern_route_reopens.py [--quick] [--out DIR]
"""

from __future__ import annotations

from claims import Check, Comparison, claim_verdict, compare, find
from figures import comparison_figure
from inference import AGREES
from prose import change, direction, moved, reversal_text, signed, summary_line
from report import ClaimReport, main
from settings import Settings
from tables import design_text

KEY = "northern_route_reopens"
SEED = 2401
QUOTE = """Today, that route is strategically unviable due to sanctions and political risk, making
the TITR, or the Middle Corridor, a structural necessity for European energy and supply chain
security. [...] There is a risk that if the EU's interest in the GG wanes or if the Ukraine
conflict reaches a stalemate that rehabilitates the Northern route, Kazakhstan will find itself
overextended and overly dependent on a China that may demand political concessions."""

COMPARISON = Comparison(
    "Northern route reopens", "sanctions_relief", 0.0, 0.5,
    (Check("mean_middle_corridor_mt", -1, "Middle Corridor volume", "Mt/yr, mean", panel="Route volumes"),
     Check("mean_northern_mt", 0, "Northern-route volume", "Mt/yr, mean", panel="Route volumes"),
     Check("final_middle_corridor_share", -1, "Middle Corridor share, 2034Q4", "share of overland cargo"),
     Check("cumulative_utility_eu", -1, "EU utility", "USD bn, summed"),
     Check("eu_investment", -1, "EU investment that went ahead", "USD bn"),
     Check("final_china_control_share", +1, "China's control share, 2034Q4", "share"),
     Check("mean_p_pressure_china", +1, "China's probability of a concession demand", "mean over quarters",
           short="P(Chinese demand)"),
     Check("mean_exposure_russia", 0, "Kazakhstan's exposure to Russia", "USD bn per quarter, mean"),
     Check("mean_p_pressure_russia", 0, "Russia's probability of pressure", "mean over quarters"),
     Check("mean_transit_revenue", 0, "Kazakhstan's transit revenue", "USD bn per quarter, mean"),
     Check("cumulative_utility", 0, "Kazakhstan's utility", "USD bn, summed")))


def run(settings: Settings) -> ClaimReport:
    results = [compare(COMPARISON, settings, SEED)]
    result = results[0]
    verdict = claim_verdict(results)
    get = lambda label: find(results, label)  # noqa: E731
    mc, north, eu, inv = (get(n) for n in ("Middle Corridor volume", "Northern-route volume", "EU utility",
                                           "EU investment that went ahead"))
    share, demand = get("China's control share, 2034Q4"), get("China's probability of a concession demand")
    exposure, pressure = get("Kazakhstan's exposure to Russia"), get("Russia's probability of pressure")
    revenue, kz = get("Kazakhstan's transit revenue"), get("Kazakhstan's utility")
    back = "draws cargo back north" if direction(north) > 0 else "does not draw cargo back north"
    parts = [
        (f"Lifting sanctions {back}: the Northern route {change(north, 'Mt/yr', up='gains', down='loses')} "
         f"and the Middle Corridor {change(mc, 'Mt/yr', up='gains', down='loses')} on average over the decade "
         f"(`corridors.route_shares`: the Northern route's risk premium falls)."),
        (f"The EU's utility {change(eu, 'USD bn', verdict=True)} and EU investment {change(inv, 'USD bn', verdict=True)}: "
         f"the EU values its projects by the Middle Corridor cargo their capacity would carry "
         f"(`StageGame.projects`)." if direction(inv) < 0 else
         f"The EU's utility {change(eu, 'USD bn', verdict=True)} and EU investment {change(inv, 'USD bn', verdict=True)}."),
        (f"The second half of the paper's sentence — Kazakhstan left overly dependent on a China that "
         f"demands concessions — {'follows' if share.verdict == AGREES else 'does not follow'}: China's "
         f"control share {change(share, verdict=True)} and China's probability of a concession demand "
         f"{change(demand, verdict=True)}."),
        (f"What the game adds is Russia: Kazakhstan's exposure to Russia {change(exposure, 'USD bn per quarter')} "
         f"(`payoffs.exposure`) and Russia's probability of pressure {change(pressure)}"
         + (" — its grievance, the Middle Corridor's share (`payoffs.russia_grievance`), shrinks, and its "
            "own loss from disrupting a busier Northern route grows (`payoffs.own_loss_russia`: mutual "
            "hostages)" if direction(mc) < 0 and direction(north) > 0 and direction(pressure) < 0 else "")
         + f". Kazakhstan's transit revenue "
         f"{change(revenue, 'USD bn per quarter')} (the Middle Corridor's tariff is higher, "
         f"`payoffs.route_revenue`) and its utility {change(kz, 'USD bn')}."),
    ]
    finding = " ".join(parts)
    figure = comparison_figure(results, "The Northern route reopens: sanctions lift", settings, KEY)
    reversals = [f"{c.check.short or c.check.label}: {reversal_text(c)}." for c in result.checks if c.robust]
    change_note = (
        f"Previously: partly agrees (4 of 5): the corridors and the EU moved as the paper says, China's "
        f"share did not (held at the cap). Now {verdict}: the corridor results stand (the route choice did "
        f"not change), China's share {change(share)} without a cap to hold it, and China's probability of a "
        f"concession demand ({signed(demand.diff)}) is a new check, since a reopened Northern route moves "
        f"China's cargo but not Kazakhstan's exposure to China.")
    return ClaimReport(
        KEY, "The Northern route reopens", QUOTE, "section \"Orchestrating Eurasian Connectivity\"",
        design_text([COMPARISON], settings, " (the `northern_route_reopens` scenario against the baseline)"),
        results, verdict, summary_line(result.checks), finding, figure, SEED,
        headline=(f"Sanctions relief {moved(mc, 'adds to', 'drains', 'hardly changes')} the Middle Corridor "
                  f"({signed(mc.diff)} Mt/yr, {mc.verdict}) and {moved(eu, 'raises', 'cuts', 'hardly changes')} "
                  f"the EU's utility ({signed(eu.diff)} USD bn, {eu.verdict}); China's share "
                  f"{change(share)} ({share.verdict}); Russia's probability of pressure {change(pressure)}."),
        reversals=reversals, change=change_note)


if __name__ == "__main__":
    main(run, __doc__.splitlines()[0])
