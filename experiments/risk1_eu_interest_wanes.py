"""Risk 1, dependency asymmetry: if the EU's interest in the Global Gateway wanes, Kazakhstan
becomes overly dependent on China.

Control: the 2025 baseline (EU interest constant). Treatment: the `eu_interest_wanes`
scenario, EU interest falling 15 % a year (0.21 of its 2025 level by 2034Q4). Dose-response
over the whole range of `eu_interest_decline` (0 to 50 % a year).

    python experiments/risk1_eu_interest_wanes.py [--quick] [--out DIR]
"""

from __future__ import annotations

import common
from common import Check, ClaimReport, Comparison, Settings, compare, fmt, pct

from hedgesim.parameters import PARAMETERS

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
    stocks = [PARAMETERS[f"stock_{h}"].default for h in ("china", "eu", "russia", "domestic")]
    cap, penalty = PARAMETERS["dominance_cap"], PARAMETERS["dominance_penalty"]
    where = share.robust.get("moderators", [])
    finding = (
        f"Waning EU interest does what the paper fears first: EU investment falls by "
        f"{fmt(-eu.diff)} USD bn ({fmt(-100 * eu.relative)} %). But China's control share changes by "
        f"{common.signed(share.diff)} (from {fmt(share.control_mean)}; {share.verdict}) and the "
        f"dependency HHI by {common.signed(hhi.diff)} ({hhi.verdict}), and China demands no more "
        f"concessions. The mechanism is dominance denial. China's share starts at "
        f"{fmt(stocks[0] / sum(stocks))} and reaches the dominance cap ({fmt(cap.default)}) within "
        f"the first years; Kazakhstan values each offer by the structural risk it adds to the "
        f"*projected* stock (`Kazakhstan.response_values`), and the `dominance_penalty` beyond the "
        f"cap ({fmt(penalty.default)} {penalty.unit}) makes it dilute or decline Chinese offers that "
        f"would push China over it. With less EU infrastructure the cap binds at a smaller Chinese "
        f"volume, so Chinese investment falls too ({common.signed(china_inv.diff)} USD bn): the "
        f"model's Kazakhstan hedges its way out of the dependency the paper warns about, at the "
        f"price of less investment overall. Over the parameter space China's share rises by at "
        f"least 1 % in {pct(share.robust.get('holds', float('nan')))} of the points and barely "
        f"moves in {pct(share.robust.get('tied', float('nan')))}"
        + (f"; it rises more often where `{where[0]['parameter']}` is "
           f"{'high' if where[0]['rho'] > 0 else 'low'} ({pct(max(where[0]['holds_low'], where[0]['holds_high']))} "
           f"against {pct(min(where[0]['holds_low'], where[0]['holds_high']))})" if where else "") + ".")
    if share.verdict == common.AGREES:
        finding = (f"Waning EU interest cuts EU investment by {fmt(-eu.diff)} USD bn and raises China's "
                   f"control share by {common.signed(share.diff)}, as the paper argues.")
    figure = common.comparison_figure(results, "Risk 1: EU interest wanes -> dependency on China?",
                                      settings, KEY)
    return ClaimReport(
        KEY, "Risk 1, dependency asymmetry: EU interest wanes", QUOTE,
        "section \"Orchestrating Eurasian Connectivity\" (the three risks)",
        common.design_text([COMPARISON], settings, " (the `eu_interest_wanes` scenario against the baseline)"),
        results, verdict, common.summary_line(results), finding, figure, SEED,
        headline=(f"Waning EU interest cuts EU investment ({common.signed(eu.diff)} USD bn, {eu.verdict}) "
                  f"but China's control share changes by {common.signed(share.diff)} ({share.verdict}): "
                  f"dominance denial holds China at the cap, and Kazakhstan forgoes Chinese investment "
                  f"({common.signed(china_inv.diff)} USD bn) rather than become more dependent. China's share "
                  f"rises in {pct(share.robust.get('holds', float('nan')))} of the parameter space."))


if __name__ == "__main__":
    common.main(run, __doc__.splitlines()[0])
