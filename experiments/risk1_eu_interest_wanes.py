"""Risk 1, dependency asymmetry: if the EU's interest in the Global Gateway wanes, Kazakhstan
becomes overly dependent on China.

Control: the 2025 baseline (EU interest constant). Treatment: the `eu_interest_wanes`
scenario, EU interest falling 15 % a year (0.21 of its 2025 level by 2034Q4). Dose-response
over the whole range of `eu_interest_decline` (0 to 50 % a year).

    python experiments/risk1_eu_interest_wanes.py [--quick] [--out DIR]
"""

from __future__ import annotations

import math

import common
from common import Check, ClaimReport, Comparison, Settings, compare, fmt, pct

from hedgesim.game.parameters import PARAMETERS

KEY = "risk1_eu_interest_wanes"
SEED = 2101
QUOTE = """First, the dependency risk and asymmetry exist because while Kazakhstan has successfully
attracted EU investment, China remains its largest trading partner by a significant margin.
There is a risk that if the EU's interest in the GG wanes [...], Kazakhstan will find itself
overextended and overly dependent on a China that may demand political concessions for its
USD 66 billion portfolio."""

COMPARISON = Comparison(
    "EU interest wanes", "eu_interest_decline", 0.0, 0.15,
    (Check("eu_investment", -1, "EU investment that went ahead", "USD bn"),
     Check("final_china_control_share", +1, "China's control share, 2034Q4", "share", panel="Control shares, 2034Q4"),
     Check("final_max_external_share", +1, "Largest external control share, 2034Q4", "share",
           panel="Control shares, 2034Q4"),
     Check("final_dependency_hhi", +1, "Dependency HHI, 2034Q4", "HHI"),
     Check("chinese_pressure_events", +1, "Chinese concession demands", "episodes in 40 quarters"),
     Check("china_investment", 0, "Chinese investment that went ahead", "USD bn")))


def run(settings: Settings) -> ClaimReport:
    result = compare(COMPARISON, settings, SEED)
    results = [result]
    verdict = common.claim_verdict(results)
    eu = common.find(results, "EU investment that went ahead")
    china_inv = common.find(results, "Chinese investment that went ahead")
    share = common.find(results, "China's control share, 2034Q4")
    hhi = common.find(results, "Dependency HHI, 2034Q4")
    demands = common.find(results, "Chinese concession demands")
    stocks = [PARAMETERS[f"stock_{h}"].default for h in ("china", "eu", "russia", "domestic")]
    cap = PARAMETERS["dominance_cap"]
    dependent = [c for c in (share, hhi) if c.verdict == common.AGREES]
    parts = [(f"Waning EU interest does what the paper fears first: EU investment "
              f"{common.change(eu, 'USD bn', verdict=True)}." if eu.verdict == common.AGREES else
              f"Waning EU interest does not cut EU investment as the paper fears: it "
              f"{common.change(eu, 'USD bn', verdict=True)}.")]
    small = abs(demands.relative) < 0.1 if math.isfinite(demands.relative) else False
    demand_text = (f"China demands {common.moved(demands, 'more', 'fewer', 'about as many')} "
                   f"concessions ({common.signed(demands.diff)} episodes in 40 quarters, "
                   f"{100 * demands.relative:+.1f} %; {demands.verdict}"
                   + (f", a small effect that holds in {common.robust_share(demands)} of the parameter "
                      f"space" if demands.verdict == common.AGREES and small else "") + ")")
    at_cap = abs(share.control_mean - cap.default) < 0.02
    if not dependent:
        parts.append(f"But it does not leave Kazakhstan more dependent on China: China's control share "
                     f"({fmt(share.control_mean)} in the baseline) {common.change(share)} and the "
                     f"dependency HHI {common.change(hhi)}; {demand_text}.")
    if not dependent and at_cap:
        parts.append(
            f"The mechanism is dominance denial. China's share starts at {fmt(stocks[0] / sum(stocks))} "
            f"and ends the decade at the dominance cap ({fmt(share.control_mean)} against "
            f"{fmt(cap.default)}); Kazakhstan values each offer by the structural risk it adds to the "
            f"*projected* stock.")
        if common.direction(china_inv) < 0 and common.direction(eu) < 0:
            parts.append(
                f"With less EU infrastructure the cap binds at a smaller Chinese volume, so Chinese "
                f"investment falls too ({common.signed(china_inv.diff)} USD bn): the model's "
                f"Kazakhstan hedges its way out of the dependency the paper warns about, at the price "
                f"of less investment overall.")
        else:
            parts.append(f"Chinese investment {common.change(china_inv, 'USD bn')}.")
    elif not dependent:
        parts.append(f"China's share ends the decade {'below' if share.control_mean < cap.default else 'above'} "
                     f"the dominance cap ({fmt(share.control_mean)} against {fmt(cap.default)}), and "
                     f"Chinese investment {common.change(china_inv, 'USD bn')}.")
    else:
        parts.append(f"China's control share {common.change(share, verdict=True)} and the dependency "
                     f"HHI {common.change(hhi, verdict=True)}, as the paper argues; {demand_text}.")
    where = share.robust.get("moderators", [])
    parts.append(
        f"Over the parameter space China's share rises by at least 1 % in "
        f"{common.robust_share(share)} of the points, falls by as much in "
        f"{common.robust_share(share, 'reversed')} and changes by less in "
        f"{common.robust_share(share, 'tied')}"
        + (f"; it rises more often where `{where[0]['parameter']}` is "
           f"{'high' if where[0]['rho'] > 0 else 'low'} ({pct(max(where[0]['holds_low'], where[0]['holds_high']))} "
           f"against {pct(min(where[0]['holds_low'], where[0]['holds_high']))})" if where else "") + ".")
    finding = " ".join(parts)
    figure = common.comparison_figure(results, "Risk 1: EU interest wanes -> dependency on China?",
                                      settings, KEY)
    cut = common.moved(eu, "raises", "cuts", "hardly changes")
    if dependent:
        consequence = (f"and China's control share changes by {common.signed(share.diff)} "
                       f"({share.verdict}), as the paper argues.")
    else:
        consequence = (f"but China's control share changes by {common.signed(share.diff)} "
                       f"({share.verdict})" + (": dominance denial holds China at the cap" if at_cap else "")
                       + (f", and Kazakhstan forgoes Chinese investment ({common.signed(china_inv.diff)} "
                          f"USD bn) rather than become more dependent" if common.direction(china_inv) < 0
                          else "") + ".")
    return ClaimReport(
        KEY, "Risk 1, dependency asymmetry: EU interest wanes", QUOTE,
        "section \"Orchestrating Eurasian Connectivity\" (the three risks)",
        common.design_text([COMPARISON], settings, " (the `eu_interest_wanes` scenario against the baseline)"),
        results, verdict, common.summary_line(results), finding, figure, SEED,
        headline=(f"Waning EU interest {cut} EU investment ({common.signed(eu.diff)} USD bn, {eu.verdict}) "
                  f"{consequence} China demands {common.moved(demands, 'more', 'fewer', 'about as many')} "
                  f"concessions ({common.signed(demands.diff)} episodes, {100 * demands.relative:+.1f} %, "
                  f"{demands.verdict}). China's share "
                  f"rises in {common.robust_share(share)} of the parameter space."))


if __name__ == "__main__":
    common.main(run, __doc__.splitlines()[0])
