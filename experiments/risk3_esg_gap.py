"""Risk 3, the ESG gap: rigid EU standards slow Global Gateway projects and tilt Kazakhstan
toward the BRI.

Control: the baseline (`esg_rigidity` 0.5: EU build lag 9 quarters). Treatment: the
`esg_rigidity` scenario (1.5: 15 quarters). Dose-response over 0-2.

    python experiments/risk3_esg_gap.py [--quick] [--out DIR]
"""

from __future__ import annotations

import common
import numpy as np
from common import Check, ClaimReport, Comparison, Settings, compare, fmt, pct
from scipy import stats

from hedgesim.agents import OFFER_LEVELS
from hedgesim.parameters import PARAMETERS

KEY = "risk3_esg_gap"
SEED = 2301
QUOTE = """Third, the ESG gap remains a concern because the EU's insistence on values-based
infrastructure can be a double-edged sword. If these standards are too rigid, they can slow
down project implementation compared to the rapid and less-regulated Chinese model, which
creates an internal tension for the Kazakh government that needs the speed of the SREB to
maintain its economic growth targets but needs the standards of the GG to maintain its
strategic autonomy."""

COMPARISON = Comparison(
    "ESG gap", "esg_rigidity", 0.5, 1.5,
    (Check("eu_investment", -1, "EU investment that went ahead", "USD bn"),
     Check("final_eu_control_share", -1, "EU control share, 2034Q4", "share"),
     Check("final_china_control_share", +1, "China's control share, 2034Q4", "share"),
     Check("final_alignment_china", +1, "Alignment with China, 2034Q4", "share"),
     Check("china_investment", 0, "Chinese investment that went ahead", "USD bn")))


def run(settings: Settings) -> ClaimReport:
    result = compare(COMPARISON, settings, SEED)
    results = [result]
    verdict = common.claim_verdict(results)
    eu = common.find(results, "EU investment that went ahead")
    eu_share = common.find(results, "EU control share, 2034Q4")
    share = common.find(results, "China's control share, 2034Q4")
    align = common.find(results, "Alignment with China, 2034Q4")
    china = common.find(results, "Chinese investment that went ahead")
    lags = [int(np.floor(PARAMETERS["eu_build_lag"].default * (1 + esg) + 0.5))   # as the model rounds
            for esg in (COMPARISON.control, COMPARISON.treatment)]
    under_way = [OFFER_LEVELS[2] * PARAMETERS["eu_ticket"].default * lag for lag in lags]
    eu_rb, share_rb = eu_share.robust, share.robust
    base, moved = result.lhs
    lag = [np.floor(base["eu_build_lag"] * (1 + esg) + 0.5).clip(upper=40) for esg in (COMPARISON.control,
                                                                                     COMPARISON.treatment)]
    extra_pipeline = OFFER_LEVELS[2] * base["eu_ticket"] * (lag[1] - lag[0])
    r_s = stats.spearmanr(extra_pipeline, moved["final_eu_control_share"] - base["final_eu_control_share"]).statistic
    finding = (
        f"Rigid standards slow the Global Gateway as the paper says: with the EU build lag "
        f"stretched from {lags[0]} to {lags[1]} quarters, EU investment falls by {fmt(-eu.diff)} USD bn "
        f"({fmt(-100 * eu.relative)} %; {eu.verdict}). The longer lag lowers the planning value of an "
        f"EU project for both sides (`payoffs.planning_value`), so the EU offers less and Kazakhstan "
        f"takes less. But the shares hardly move: the EU's control share changes by "
        f"{common.signed(eu_share.diff)} ({eu_share.verdict}), China's by {common.signed(share.diff)} "
        f"({share.verdict}) and alignment with China by {common.signed(align.diff)} ({align.verdict}). "
        f"Three things keep them still. EU flows are small next to China's ({fmt(eu.control_mean)} "
        f"against {fmt(china.control_mean)} USD bn over the decade at the defaults). Kazakhstan does "
        f"not turn to the BRI for what the EU no longer builds — Chinese investment changes by "
        f"{common.signed(china.diff)} USD bn — because China's share is held at the dominance cap "
        f"(see risk 1). And the model's initial state works against the treatment: the projects "
        f"'already under way' in 2025Q1 are one offer of {fmt(OFFER_LEVELS[2])} of the EU ticket per "
        f"quarter of build lag (`Kazakhstan.__init__`), so a slower EU starts with *more* EU projects "
        f"in the pipeline ({fmt(under_way[0])} → {fmt(under_way[1])} USD bn at the defaults), all "
        f"completed within the decade and wholly EU-controlled. Over the parameter space this "
        f"artefact dominates: the EU's control share *rises* with rigidity in "
        f"{pct(eu_rb.get('reversed', float('nan')))} of the points and falls in only "
        f"{pct(eu_rb.get('holds', float('nan')))}, and China's share falls in "
        f"{pct(share_rb.get('reversed', float('nan')))}. The change in the EU's share follows the "
        f"extra initial pipeline a point's EU ticket and base lag imply (Spearman r_s = {r_s:+.2f}, "
        f"over the points' runs; see also the moderators). "
        f"Only the new EU investment, which the initial pipeline does not count, keeps the paper's "
        f"direction wherever it changes (it falls in {pct(eu.robust.get('holds', float('nan')))} of "
        f"the points and rises in {pct(eu.robust.get('reversed', float('nan')))}). The paper's tilt toward the BRI is not "
        f"what the model shows: here the ESG gap costs investment, not autonomy.")
    figure = common.comparison_figure(results, "Risk 3: the ESG gap slows Global Gateway projects",
                                      settings, KEY)
    return ClaimReport(
        KEY, "Risk 3, the ESG gap", QUOTE,
        "section \"Orchestrating Eurasian Connectivity\" (the three risks)",
        common.design_text([COMPARISON], settings, " (the `esg_rigidity` scenario against the baseline; EU build lag 9 → 15 quarters)"),
        results, verdict, common.summary_line(results), finding, figure, SEED,
        headline=(f"Rigid standards cut EU investment ({common.signed(eu.diff)} USD bn, {eu.verdict}) but do "
                  f"not tilt Kazakhstan toward the BRI (China's share {common.signed(share.diff)}, "
                  f"{share.verdict}; alignment with China {common.signed(align.diff)}, {align.verdict})."),
        issues=[(f"The projects 'already under way' in 2025Q1 (`Kazakhstan.__init__`) are one offer of "
                f"{fmt(OFFER_LEVELS[2])} of the ticket per quarter of build lag, so the 2025 portfolio grows "
                f"with `esg_rigidity`, `eu_build_lag` and `china_build_lag`: the ESG scenario starts with "
                f"{fmt(under_way[1] - under_way[0])} USD bn more EU projects than the baseline, and over the "
                f"parameter space the EU's control share *rises* with rigidity in "
                f"{pct(eu_rb.get('reversed', float('nan')))} of the points (r_s = {r_s:+.2f} with the extra "
                f"initial pipeline). A treatment meant to slow the EU down also hands it a larger 2025 "
                f"portfolio; holding the initial pipeline fixed (e.g. at its default-lag size) would "
                f"separate the two (claim 4).")])


if __name__ == "__main__":
    common.main(run, __doc__.splitlines()[0])
