"""The Northern route reopens: a stalemate lifts sanctions, cargo returns to the Northern
route, and the Middle Corridor's volume and the EU's returns from it fall.

Control: the baseline (sanctions stay at their 2025 level). Treatment: the
`northern_route_reopens` scenario (`sanctions_relief` 0.5: sanctions halve every year).
Dose-response over 0-1.

    python experiments/northern_route_reopens.py [--quick] [--out DIR]
"""

from __future__ import annotations

import common
from common import Check, ClaimReport, Comparison, Settings, compare

from hedgesim.game.parameters import PARAMETERS

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
     Check("cumulative_utility_eu", -1, "EU utility (influence + Middle Corridor)", "USD bn, summed"),
     Check("eu_investment", -1, "EU investment that went ahead", "USD bn"),
     Check("final_china_control_share", +1, "China's control share, 2034Q4", "share"),
     Check("cumulative_utility", 0, "Kazakhstan's utility", "USD bn, summed")))


def run(settings: Settings) -> ClaimReport:
    results = [compare(COMPARISON, settings, SEED)]
    verdict = common.claim_verdict(results)
    mc = common.find(results, "Middle Corridor volume")
    north = common.find(results, "Northern-route volume")
    eu = common.find(results, "EU utility (influence + Middle Corridor)")
    inv = common.find(results, "EU investment that went ahead")
    share = common.find(results, "China's control share, 2034Q4")
    kz = common.find(results, "Kazakhstan's utility")
    back = "draws cargo back north" if common.direction(north) > 0 else "does not draw cargo back north"
    parts = [(f"Lifting sanctions {back}: the Northern route "
              f"{common.change(north, 'Mt/yr', up='gains', down='loses')} and the Middle Corridor "
              f"{common.change(mc, 'Mt/yr', up='gains', down='loses')} on average over the decade.")]
    eu_loses = common.direction(eu) < 0
    cap = float(PARAMETERS["dominance_cap"].default)
    parts.append(f"The EU's utility {common.change(eu, 'USD bn')}"
                 + (" with it" if eu_loses and common.direction(mc) < 0 else "")
                 + f" and EU investment {common.change(inv, 'USD bn')}"
                 + (", since the EU values its offers by the Middle Corridor cargo their capacity "
                    "would carry at current utilisation (`EuropeanUnion.offer_values`)."
                    if common.direction(inv) < 0 and common.direction(mc) < 0 else "."))
    if share.verdict != common.AGREES:
        parts.append(f"The second half of the paper's sentence — Kazakhstan left overly dependent on "
                     f"China — does not follow in the model: China's control share "
                     f"{common.change(share)}"
                     + (", held at the dominance cap as in risk 1." if abs(share.control_mean - cap) < 0.02
                        else "."))
    else:
        parts.append(f"Kazakhstan is left more dependent on China, as the paper fears: China's control "
                     f"share {common.change(share, verdict=True)}.")
    small = common.direction(kz) == 0 or abs(kz.relative) < 0.05
    parts.append(f"Kazakhstan's own utility {common.change(kz, 'USD bn')}"
                 + (" — little, since transit it loses on the Middle Corridor returns on the Northern "
                    "route, which also crosses Kazakhstan" if small and common.direction(north) > 0 else "")
                 + f". Middle Corridor volume falls in {common.robust_share(mc)} of the parameter space "
                   f"and rises in {common.robust_share(mc, 'reversed')}.")
    finding = " ".join(parts)
    figure = common.comparison_figure(results, "The Northern route reopens: sanctions lift",
                                      settings, KEY)
    return ClaimReport(
        KEY, "The Northern route reopens", QUOTE,
        "section \"Orchestrating Eurasian Connectivity\"",
        common.design_text([COMPARISON], settings, " (the `northern_route_reopens` scenario against the baseline)"),
        results, verdict, common.summary_line(results), finding, figure, SEED,
        headline=(f"Sanctions relief {common.moved(mc, 'adds to', 'drains', 'hardly changes')} the Middle "
                  f"Corridor ({common.signed(mc.diff)} Mt/yr, {mc.verdict}, in {common.robust_share(mc)} of "
                  f"the space) and {common.moved(eu, 'raises', 'cuts', 'hardly changes')} the EU's returns "
                  f"({common.signed(eu.diff)} USD bn, {eu.verdict}), "
                  + (f"but does not leave Kazakhstan more dependent on China (China's share "
                     f"{common.signed(share.diff)}, {share.verdict})."
                     if share.verdict != common.AGREES else
                     f"and leaves Kazakhstan more dependent on China (China's share "
                     f"{common.signed(share.diff)}, {share.verdict}).")))


if __name__ == "__main__":
    common.main(run, __doc__.splitlines()[0])
