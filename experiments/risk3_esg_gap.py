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

from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import PARAMETERS
from hedgesim.game.actions import Investor

EU = Investor.EU

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
EU_INVESTMENT_WITHOUT_ROUTE = {"mc_capacity_per_bn": 0.0}   # EU projects add no Middle Corridor capacity


def run(settings: Settings) -> ClaimReport:
    result = compare(COMPARISON, settings, SEED)
    results = [result]
    verdict = common.claim_verdict(results)
    eu = common.find(results, "EU investment that went ahead")
    eu_share = common.find(results, "EU control share, 2034Q4")
    share = common.find(results, "China's control share, 2034Q4")
    align = common.find(results, "Alignment with China, 2034Q4")
    china = common.find(results, "Chinese investment that went ahead")
    arms = (COMPARISON.control, COMPARISON.treatment)
    starts = [initial_state(esg) for esg in arms]
    lags = [lag for lag, _ in starts]
    # Does the rise of EU investment with rigidity in part of the space run through the Middle
    # Corridor? The same hypercube with EU projects that add no corridor capacity.
    route = EU_INVESTMENT_WITHOUT_ROUTE
    base, moved = (common.lhs_runs(settings, SEED + 2, [COMPARISON.dose, *route],
                                   {COMPARISON.dose: esg, **route}) for esg in arms)
    result.runs += len(base) + len(moved)
    no_route = common.robustness(base, moved, COMPARISON.checks[0], [COMPARISON.dose, *route])
    cap = float(PARAMETERS["dominance_cap"].default)
    parts = [(f"Rigid standards stretch the EU build lag from {lags[0]} to {lags[1]} quarters, and EU "
              f"investment {common.change(eu, 'USD bn', verdict=True)}.")]
    if common.direction(eu) < 0:
        parts.append("The longer lag lowers the planning value of an EU project for both sides "
                     "(`payoffs.planning_value`, in `EuropeanUnion.offer_values` and "
                     "`Kazakhstan.response_values`), so less EU investment goes ahead, as the paper says.")
    if np.isclose(starts[0][1], starts[1][1]):
        parts.append(f"Both arms start with the same EU projects under way in 2025Q1 "
                     f"({fmt(starts[0][1])} USD bn, `Kazakhstan.__init__`); the treatment only spreads "
                     f"them over {lags[1]} quarters instead of {lags[0]}.")
    else:
        parts.append(f"The EU projects under way in 2025Q1 (`Kazakhstan.__init__`) differ between the "
                     f"arms: {fmt(starts[0][1])} USD bn in the control, {fmt(starts[1][1])} in the "
                     f"treatment.")
    parts.append(f"The EU's control share in 2034Q4 {common.change(eu_share, verdict=True)}"
                 + (": less EU investment goes ahead, and it completes later."
                    if common.direction(eu) < 0 and common.direction(eu_share) < 0 else "."))
    tilt = [c for c in (share, align) if c.verdict == common.AGREES]
    if not tilt:
        parts.append(f"But Kazakhstan does not tilt toward the BRI: China's control share "
                     f"{common.change(share)} and alignment with China {common.change(align)}.")
        if eu.control_mean < 0.5 * china.control_mean:
            parts.append(f"EU flows are small next to China's ({fmt(eu.control_mean)} against "
                         f"{fmt(china.control_mean)} USD bn over the decade at the defaults).")
        if common.direction(china) <= 0 and abs(share.control_mean - cap) < 0.02:
            parts.append(f"And Kazakhstan does not turn to the BRI for what the EU no longer builds — "
                         f"Chinese investment {common.change(china, 'USD bn')} — because China's share "
                         f"is held at the dominance cap ({fmt(share.control_mean)} against "
                         f"{fmt(cap)}; see risk 1).")
    else:
        parts.append(f"Kazakhstan tilts toward the BRI as the paper fears: China's control share "
                     f"{common.change(share, verdict=True)} and alignment with China "
                     f"{common.change(align, verdict=True)}.")
    rb_eu = eu.robust
    parts.append(f"Over the parameter space EU investment falls with rigidity in "
                 f"{common.robust_share(eu)} of the points and rises in "
                 f"{common.robust_share(eu, 'reversed')}; the EU's control share falls in "
                 f"{common.robust_share(eu_share)} and rises in {common.robust_share(eu_share, 'reversed')}.")
    odds = (rb_eu.get("reversed", 0) / max(rb_eu.get("holds", 0), 1e-9),
            no_route["reversed"] / max(no_route["holds"], 1e-9))
    if rb_eu.get("reversed", 0) >= 0.05 and no_route["reversed"] < 0.5 * rb_eu["reversed"] and odds[1] < odds[0]:
        parts.append(f"Where EU investment rises, the Middle Corridor is behind it: the EU and "
                     f"Kazakhstan value new EU transport capacity by the cargo it would carry at "
                     f"current utilisation (`EuropeanUnion.offer_values`, `Kazakhstan.response_values`), "
                     f"and when EU projects add no corridor capacity (`mc_capacity_per_bn` = 0, the "
                     f"same hypercube) EU investment rises with rigidity in only "
                     f"{pct(no_route['reversed'])} of the points (and falls in {pct(no_route['holds'])}).")
    where = share.robust.get("moderators", [])
    parts.append(f"China's share rises by at least 1 % in {common.robust_share(share)} of the points "
                 f"and falls in {common.robust_share(share, 'reversed')}"
                 + (f", more often where `{where[0]['parameter']}` is "
                    f"{'high' if where[0]['rho'] > 0 else 'low'} "
                    f"({pct(max(where[0]['holds_low'], where[0]['holds_high']))} against "
                    f"{pct(min(where[0]['holds_low'], where[0]['holds_high']))})" if where else "")
                 + f"; alignment with China rises in {common.robust_share(align)} and falls in "
                   f"{common.robust_share(align, 'reversed')}.")
    if not tilt:
        parts.append("At the defaults the ESG gap costs investment, not autonomy; the paper's tilt "
                     "toward the BRI shows only in part of the parameter space.")
    finding = " ".join(parts)
    figure = common.comparison_figure(results, "Risk 3: the ESG gap slows Global Gateway projects",
                                      settings, KEY)
    cut = common.moved(eu, "raise", "cut", "hardly change")
    return ClaimReport(
        KEY, "Risk 3, the ESG gap", QUOTE,
        "section \"Orchestrating Eurasian Connectivity\" (the three risks)",
        common.design_text([COMPARISON], settings, f" (the `esg_rigidity` scenario against the baseline; "
                           f"EU build lag {lags[0]} → {lags[1]} quarters)")
        + " The hypercube is repeated with `mc_capacity_per_bn` = 0 for EU investment.",
        results, verdict, common.summary_line(results), finding, figure, SEED,
        headline=(f"Rigid standards {cut} EU investment ({common.signed(eu.diff)} USD bn, {eu.verdict}) and "
                  f"the EU's control share ({common.signed(eu_share.diff)}, {eu_share.verdict}) "
                  + (f"but do not tilt Kazakhstan toward the BRI at the defaults (China's share "
                     f"{common.signed(share.diff)}, {share.verdict}; alignment with China "
                     f"{common.signed(align.diff)}, {align.verdict}); China's share rises in "
                     f"{common.robust_share(share)} of the parameter space."
                     if not tilt else
                     f"and tilt Kazakhstan toward the BRI (China's share {common.signed(share.diff)}, "
                     f"{share.verdict}; alignment with China {common.signed(align.diff)}, {align.verdict}).")))


def initial_state(esg_rigidity: float) -> tuple[int, float]:
    """The EU build lag and the EU projects under way in 2025Q1 at a rigidity, read from a fresh
    model (defaults otherwise)."""
    model = HedgingModel(worlds=1, rng=SEED, record=False, esg_rigidity=esg_rigidity)
    return int(model.lags[0, 2]), float(model.kazakhstan.pipeline[EU, 0, 0].sum())  # strict lag; volume


if __name__ == "__main__":
    common.main(run, __doc__.splitlines()[0])
