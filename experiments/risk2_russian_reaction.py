"""Risk 2, the Russian reaction: Middle Corridor growth draws Russian hybrid pressure, and
binding engagement dampens it.

(a) Middle Corridor growth: Global Gateway projects add no Middle Corridor capacity
    (`mc_capacity_per_bn` = 0) against the baseline's 1.2 Mt/yr per USD bn of EU transport
    investment; dose-response over 0-5.
(b) Binding engagement: it absorbs none of the pressure (`binding_dampening` = 0) against the
    baseline's 0.6 (full engagement absorbs 60 %); dose-response over 0-1.

    python experiments/risk2_russian_reaction.py [--quick] [--out DIR]
"""

from __future__ import annotations

import common
from common import Check, ClaimReport, Comparison, Settings, compare, fmt, pct

KEY = "risk2_russian_reaction"
SEED = 2201
QUOTE = """Second, the Russian reaction presents a danger, as the development of the Middle Corridor
specifically to bypass Russia is a direct affront to Russia's regional security umbrella
logic. [...] Kazakhstan's hedging is, therefore, a high-stakes gamble, as every successful GG
project reinforces its autonomy but also invites hybrid pressure from a sensitive northern
neighbour."""
QUOTE_BINDING = ("binding engagement: embedding oneself in multilateral institutions to dilute "
                 "the bilateral pressure of great powers")

GROWTH = Comparison(
    "(a) Middle Corridor growth", "mc_capacity_per_bn", 0.0, 1.2,
    (Check("mean_middle_corridor_mt", +1, "Middle Corridor volume", "Mt/yr, mean"),
     Check("russian_pressure_events", +1, "Russian pressure episodes", "episodes in 40 quarters"),
     Check("cumulative_coercion_losses", 0, "Pressure losses", "USD bn")))
BINDING = Comparison(
    "(b) Binding engagement", "binding_dampening", 0.0, 0.6,
    (Check("russian_pressure_events", -1, "Russian pressure episodes", "episodes in 40 quarters"),
     Check("cumulative_coercion_losses", -1, "Pressure losses", "USD bn"),
     Check("final_binding_engagement", 0, "Binding engagement, 2034Q4", "index 0-1")))


def run(settings: Settings) -> ClaimReport:
    results = [compare(GROWTH, settings, SEED), compare(BINDING, settings, SEED + 10)]
    verdict = common.claim_verdict(results)
    volume = common.find(results, "Middle Corridor volume")
    drawn = common.find(results, "Russian pressure episodes", GROWTH.name)
    damped = common.find(results, "Russian pressure episodes", BINDING.name)
    losses = common.find(results, "Pressure losses", BINDING.name)
    growth_works = drawn.verdict == common.AGREES
    binding_works = damped.verdict == common.AGREES
    opening = ("Both halves of the risk appear." if growth_works and binding_works else
               "Only the first half of the risk appears." if growth_works else
               "Only the second half of the risk appears." if binding_works else
               "Neither half of the risk appears at the defaults.")
    parts = [f"{opening} Global Gateway transport projects "
             f"{common.moved(volume, 'add', 'take', 'add hardly any')} "
             + (f"{fmt(abs(volume.diff))} Mt/yr " if common.direction(volume) else "")
             + f"{'to' if common.direction(volume) >= 0 else 'from'} the Middle Corridor on average, "
               f"and Russian pressure {common.change(drawn, 'episodes over ten years', verdict=True)}"
             + (": Russia's value of pressure grows with the Middle Corridor's share of overland "
                "cargo (`payoffs.russian_threat`)." if common.direction(drawn) > 0 else ".")]
    rate = drawn.treatment_mean / 40
    if rate < 0.25:
        size = (f", so the rise is small in episodes though {100 * drawn.relative:.0f} % in relative terms"
                if common.direction(drawn) > 0 and abs(drawn.diff) < 1 else "")
        # Under the logit choice pressure has probability >= 1/2 whenever its value is >= 0, so
        # the value can be >= 0 in at most twice the pressure rate of the world-quarters.
        parts.append(
            f"Pressure stays {'rare' if rate < 0.1 else 'occasional'} ({fmt(drawn.treatment_mean)} "
            f"episodes in 40 quarters){size}. Under the logit choice Russia presses with probability "
            f"at least one half whenever pressure pays, so its value of a pressure episode — "
            f"deterrence net of its cost and of the Northern transit it drives away "
            f"(`payoffs.russia_pressure_value`) — is negative in at least {pct(1 - 2 * rate)} of "
            f"quarters: pressure comes as the noise of a quantal response, more often as the threat "
            f"grows.")
    stronger = abs(damped.diff) > abs(drawn.diff) and binding_works
    parts.append(
        f"Binding engagement {'is the stronger lever' if stronger else 'works on the same pressure'}: "
        f"without it pressure comes {fmt(damped.control_mean)} times in 40 quarters, with the "
        f"baseline's dampening {fmt(damped.treatment_mean)} times, and losses "
        f"{common.moved(losses, 'rise', 'fall', 'hardly change')} from {fmt(losses.control_mean)} to "
        f"{fmt(losses.treatment_mean)} USD bn.")
    if binding_works:
        parts.append("Dampening works twice in the model: it cuts the loss Kazakhstan suffers "
                     "(`payoffs.dampening`) and, because Russia's value of pressure is dampened too "
                     "(`payoffs.russia_pressure_value`), it deters the pressure itself.")
    quiet = [where_quiet(r) for r in results]
    saturated = all(q[0] + q[1] > 0.5 for q in quiet)
    parts.append(
        f"The growth effect holds in {common.robust_share(drawn)} of the parameter space and the "
        f"dampening effect in {common.robust_share(damped)}; pressure changes by less than 1 % in "
        f"{common.robust_share(drawn, 'tied')} and {common.robust_share(damped, 'tied')} of the points"
        + (f", mostly where it is settled either way: of those points, Russia presses at most once in "
           f"40 quarters in {pct(quiet[0][0])} and {pct(quiet[1][0])}, and in at least 39 of 40 "
           f"quarters in {pct(quiet[0][1])} and {pct(quiet[1][1])}, so neither the Middle Corridor "
           f"nor dampening tips the balance there" if saturated else "")
        + ".")
    finding = " ".join(parts)
    figure = common.comparison_figure(results, "Risk 2: the Russian reaction to Middle Corridor growth, "
                                      "and binding engagement", settings, KEY)
    return ClaimReport(
        KEY, "Risk 2, the Russian reaction", QUOTE + "\n\n(and, on the remedy: \"" + QUOTE_BINDING + "\")",
        "section \"Orchestrating Eurasian Connectivity\" (the three risks) and section \"Hedging "
        "Between Giants\"",
        common.design_text([GROWTH, BINDING], settings),
        results, verdict, common.summary_line(results), finding, figure, SEED,
        headline=(f"Middle Corridor growth {common.moved(drawn, 'draws more', 'draws less', 'hardly changes')} "
                  f"Russian pressure ({common.signed(drawn.diff)} episodes, {drawn.verdict}) and binding "
                  f"engagement {common.moved(damped, 'raises', 'dampens', 'hardly changes')} it "
                  f"({common.signed(damped.diff)} episodes, losses {common.signed(losses.diff)} USD bn, "
                  f"{losses.verdict}); the effects hold in {common.robust_share(drawn)} and "
                  f"{common.robust_share(damped)} of the parameter space"
                  + (", and change by less than 1 % in most of the rest, where Russia presses almost "
                     "never or almost always." if saturated
                     and all(c.robust.get("tied", 0) > c.robust.get("reversed", 0) for c in (drawn, damped))
                     else ".")))

def where_quiet(result) -> tuple[float, float]:
    """Among the hypercube's points where the treatment changes Russian pressure by less than 1 %:
    the share where the control arm has at most one episode in 40 quarters, and the share with at
    least 39."""
    check = next(c.check for c in result.checks if c.check.outcome == "russian_pressure_events")
    base, moved = result.lhs
    control = base.groupby("point")["russian_pressure_events"].mean()
    effect = (moved.groupby("point")["russian_pressure_events"].mean() - control) * check.direction
    tied = control[common.negligible(effect, control)]
    if tied.empty:
        return float("nan"), float("nan")
    return float((tied <= 1).mean()), float((tied >= 39).mean())


if __name__ == "__main__":
    common.main(run, __doc__.splitlines()[0])
