"""Hedging against bandwagoning: Kazakhstan's risk-adjusted utility (returns - rho * risk, summed
over 2025-2034) when it hedges, against the counterfactuals where it bandwagons with China or
with the EU, over the parameter space, and how the answer depends on the risk weight rho.

    python experiments/hedging_vs_bandwagoning.py [--quick] [--out DIR]
"""

from __future__ import annotations

import common
import numpy as np
import pandas as pd
from common import (
    Check,
    CheckResult,
    ClaimReport,
    Comparison,
    ComparisonResult,
    Settings,
    compare_words,
    fmt,
    pct,
)
from hedging_emerges import STRATEGIES, STRATEGY_COLOURS, STRATEGY_LABELS

from hedgesim.game.parameters import PARAMETERS

KEY = "hedging_vs_bandwagoning"
SEED = 2701
QUOTE = """In such an environment, middle powers [...] often eschew the binary choices of balancing
(opposing a power) or bandwagoning (aligning with one). Instead, they adopt a hedging strategy.
[...] Kuik identifies two mutually reinforcing rationales for hedging: returns maximisation
(economic pragmatism to extract material benefits from all powers) and risk contingency
(political-security insurance to mitigate the danger of over-dependency on any single actor)."""
UTILITY = Check("cumulative_utility", +1, "Risk-adjusted utility of hedging",
                "USD bn, summed over 40 quarters", short="hedging's utility higher")
RIVALS = {"bandwagon_china": "vs bandwagon with China", "bandwagon_eu": "vs bandwagon with the EU",
          "best": "vs the better bandwagon"}
RISK_BINS = 5


def best_rival(arms: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A run table whose utility is the better of the two bandwagoning counterfactuals, run by run."""
    best = arms["bandwagon_china"].copy()
    best["cumulative_utility"] = np.maximum(arms["bandwagon_china"]["cumulative_utility"].to_numpy(),
                                            arms["bandwagon_eu"]["cumulative_utility"].to_numpy())
    return best


def split(runs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    arms = {s: runs[runs["strategy"] == s].sort_values("replication").reset_index(drop=True)
            for s in STRATEGIES}
    arms["best"] = best_rival(arms)
    return arms


def run(settings: Settings) -> ClaimReport:
    arms = split(common.sweep({"strategy": list(STRATEGIES)}, replications=settings.replications,
                              seed=SEED, settings=settings).runs)
    space = {s: common.lhs_runs(settings, SEED + 2, [], {"strategy": s}) for s in STRATEGIES}
    space["best"] = best_rival(space)
    results = []
    for rival, name in RIVALS.items():
        a, b = arms[rival]["cumulative_utility"], arms["hedge"]["cumulative_utility"]
        diff, low, high, word = common.paired_stats(a, b, +1)
        check = CheckResult(UTILITY, name, float(a.mean()), float(b.mean()), diff, low, high, word)
        check.robust = common.robustness(space[rival], space["hedge"], UTILITY)
        results.append(ComparisonResult(Comparison(name, "strategy", rival, "hedge", (UTILITY,)), [check],
                                        runs=len(arms[rival]) + len(space[rival])))
    results[-1].runs = 0   # the "best" arm reuses the other two arms' runs
    grid = common.sweep({"risk_weight": risk_levels(settings), "strategy": list(STRATEGIES)},
                        replications=settings.dose_replications, seed=SEED + 1, settings=settings).runs
    results[0].runs += len(grid)
    by_risk = risk_bins(space)
    verdict = common.claim_verdict(results)
    figure = draw(results, arms, grid, by_risk, settings)

    best = results[2].checks[0]
    low_bin, high_bin = by_risk.iloc[0], by_risk.iloc[-1]
    curve = grid.groupby(["risk_weight", "strategy"])["cumulative_utility"].mean().unstack()
    loses = curve[curve["hedge"] < curve[["bandwagon_china", "bandwagon_eu"]].max(axis=1)]
    span = (f"at ρ = {fmt(loses.index.max())}" if len(loses) == 1
            else f"for ρ from {fmt(loses.index.min())} to {fmt(loses.index.max())}")
    winners = set(loses[["bandwagon_china", "bandwagon_eu"]].idxmax(axis=1)) if len(loses) else set()
    reason = (" (it takes every Chinese offer undiluted and earns its returns, and risk counts "
              "little or nothing)" if winners == {"bandwagon_china"} else "")
    who = ("bandwagoning with China" if winners == {"bandwagon_china"} else
           "bandwagoning with the EU" if winners == {"bandwagon_eu"} else "a bandwagon")
    where_loses = (f"At the other parameters' defaults the curves cross: {span} {who} pays more "
                   f"than hedging{reason}, "
                   if len(loses) else
                   "At the other parameters' defaults hedging pays more than either bandwagon at every "
                   "risk weight on the grid, ")
    mods = best.robust.get("moderators", [])
    mod_text = ", ".join(f"`{m['parameter']}` (r_s = {m['rho']:+.2f})" for m in mods) or "none"
    returns = {s: arms[s]["mean_returns"].mean() for s in STRATEGIES}
    risk = {s: arms[s]["mean_risk"].mean() for s in STRATEGIES}
    rivals = ("bandwagon_china", "bandwagon_eu")
    wins = [r.checks[0].verdict == common.AGREES for r in results[:2]]
    opening = ("Hedging pays." if all(wins) else "Hedging pays against one bandwagon only." if any(wins)
               else "Hedging does not pay more than bandwagoning at the defaults.")
    margins = " and ".join(f"{'beats' if r.checks[0].diff > 0 else 'trails'} bandwagoning with "
                        f"{name} by {fmt(abs(r.checks[0].diff))}"
                        for r, name in zip(results[:2], ("China", "the EU"), strict=True))
    less_risk = all(risk["hedge"] < risk[s] for s in rivals)
    more_returns = [s for s in rivals if returns["hedge"] > returns[s]]
    if less_risk and not more_returns:
        why = "It wins on risk, not on returns"
    elif less_risk:
        why = "It wins on risk" if len(more_returns) < len(rivals) else "It wins on both returns and risk"
    else:
        why = "Its risk is not the lowest"
    earns = ", ".join(f"{compare_words(returns['hedge'], returns[s], 'more than', 'less than', 'as much as')} "
                      f"bandwagoning with {'China' if s == 'bandwagon_china' else 'the EU'} "
                      f"({fmt(returns[s])})" for s in rivals)
    finding = (
        f"{opening} At the defaults its risk-adjusted utility {margins} USD bn over the decade. "
        f"{why}: per quarter it earns {fmt(returns['hedge'])} USD bn, {earns}, and carries a risk of "
        f"{fmt(risk['hedge'])} against {fmt(risk['bandwagon_china'])} and {fmt(risk['bandwagon_eu'])} "
        f"— concentration, entrapment, the dominance overshoot (`payoffs.structural_risk`) and "
        f"expected pressure (`payoffs.expected_pressure_loss`). {where_loses}which is Kuik's point "
        f"that hedging rests on risk contingency as well as returns maximisation. Over the whole "
        f"parameter space hedging beats both counterfactuals in {pct(best.robust['holds'])} of the "
        f"points [{pct(best.robust['low'])}, {pct(best.robust['high'])}]: in {pct(low_bin['share'])} "
        f"of those with the lowest risk weights (ρ {low_bin['range']}) and {pct(high_bin['share'])} "
        f"of those with the highest (ρ {high_bin['range']}). The parameters most associated with "
        f"hedging's margin over the better bandwagon are {mod_text} (a positive r_s: the margin "
        f"grows with the parameter).")
    table = common.md_table(
        ["risk weight ρ", "points", "hedging beats both [95 % CI]", "beats bandwagon China",
         "beats bandwagon EU"],
        [[r["range"], fmt(int(r["points"])), f"{pct(r['share'])} [{pct(r['low'])}, {pct(r['high'])}]",
          pct(r["china"]), pct(r["eu"])] for _, r in by_risk.iterrows()], "lrrrr")
    return ClaimReport(
        KEY, "Hedging against bandwagoning", QUOTE, "section \"Hedging Between Giants\"",
        f"Paired comparison of the three strategies, {settings.replications:,} replications each with "
        f"common random numbers (`strategy` hedge against `bandwagon_china` and `bandwagon_eu`; "
        f"\"the better bandwagon\" is, run by run, whichever of the two pays more); a grid over "
        f"`risk_weight` 0–5 ({settings.dose_replications} replications per level); robustness over a "
        f"Latin hypercube of every numeric parameter, `risk_weight` included, the three strategies "
        f"run at every point with the same seeds.",
        results, verdict, common.summary_line(results), finding, figure, SEED,
        extra="*Where hedging beats both, by risk weight* (the Latin hypercube's points binned by ρ):"
              "\n\n" + table,
        headline=(f"Hedging {'beats' if best.verdict == common.AGREES else 'does not clearly beat'} the "
                  f"better bandwagon at the defaults ({common.signed(best.diff)} USD bn of risk-adjusted "
                  f"utility, {best.verdict}); it beats both in {pct(best.robust['holds'])} of the "
                  f"parameter space, {pct(low_bin['share'])} where the risk weight is lowest "
                  f"(ρ {low_bin['range']})"
                  + (": it wins on risk contingency, not on returns." if less_risk and not more_returns
                     else ": it carries less risk than either bandwagon." if less_risk else ".")))


def risk_levels(settings: Settings) -> list[float]:
    p = PARAMETERS["risk_weight"]
    return np.linspace(p.low, p.high, 11 if not settings.quick else 3).tolist()


def risk_bins(space: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Share of the Latin hypercube's points where hedging beats each rival (by at least 1 %, the
    robustness rule), by risk-weight bin."""
    def point_means(arm: pd.DataFrame) -> pd.Series:
        return arm.groupby("point")["cumulative_utility"].mean()

    hedge = point_means(space["hedge"])
    rho = space["hedge"].groupby("point")["risk_weight"].first()
    edges = np.linspace(PARAMETERS["risk_weight"].low, PARAMETERS["risk_weight"].high, RISK_BINS + 1)
    which = np.clip(np.digitize(rho, edges[1:-1]), 0, RISK_BINS - 1)
    rows = []
    for b in range(RISK_BINS):
        inside = which == b
        wins = {}
        for rival in ("bandwagon_china", "bandwagon_eu", "best"):
            other = point_means(space[rival])[inside]
            margin = hedge[inside] - other
            wins[rival] = (margin > 0) & ~common.negligible(margin, other)
        share, low, high = common.wilson(int(wins["best"].sum()), int(inside.sum()))
        rows.append({"range": f"{fmt(edges[b])}–{fmt(edges[b + 1])}", "centre": (edges[b] + edges[b + 1]) / 2,
                     "points": int(inside.sum()), "share": share, "low": low, "high": high,
                     "china": float(wins["bandwagon_china"].mean()) if inside.any() else np.nan,
                     "eu": float(wins["bandwagon_eu"].mean()) if inside.any() else np.nan})
    return pd.DataFrame(rows)


def draw(results, arms, grid: pd.DataFrame, by_risk: pd.DataFrame, settings: Settings):
    fig, axes = common.new_figure(4, "Hedging against bandwagoning: Kazakhstan's risk-adjusted utility",
                                  columns=2, height=3.4, width=11)
    common.caption(fig, "Means with 95 % CIs (bands, bars); the other parameters at their defaults except "
                        "in the lower-left panel (Latin hypercube).")
    ax = axes[0]
    for strategy in STRATEGIES:
        rows = [(level, *common.mean_ci(g["cumulative_utility"]))
                for level, g in grid[grid["strategy"] == strategy].groupby("risk_weight")]
        level, mean, low, high = map(np.array, zip(*rows, strict=True))
        ax.plot(level, mean, marker="o", ms=3, color=STRATEGY_COLOURS[strategy], label=STRATEGY_LABELS[strategy])
        ax.fill_between(level, low, high, color=STRATEGY_COLOURS[strategy], alpha=0.25, lw=0)
    ax.axvline(PARAMETERS["risk_weight"].default, color="black", ls=":", lw=0.9)
    ax.set(title="Utility against Kuik's risk weight ρ (default dotted)", xlabel="risk_weight ρ",
           ylabel="utility, USD bn over 40 quarters")
    ax.legend(fontsize=7)

    ax = axes[1]
    x = np.arange(len(STRATEGIES))
    for k, (column, label, colour) in enumerate((("mean_returns", "returns", "#2e8b57"),
                                                 ("mean_risk", "risk", "#c0392b"))):
        stats = [common.mean_ci(arms[s][column]) for s in STRATEGIES]
        means = np.array([s[0] for s in stats])
        err = np.abs(np.nan_to_num(np.array([[s[0] - s[1], s[2] - s[0]] for s in stats]).T))
        ax.bar(x + (k - 0.5) * 0.38, means, 0.38, yerr=err, capsize=2, color=colour, label=label)
    ax.set_xticks(x, [STRATEGY_LABELS[s] for s in STRATEGIES], fontsize=8)
    ax.set(title="Why: returns and risk per quarter at the defaults", ylabel="USD bn per quarter")
    ax.legend(fontsize=7)

    ax = axes[2]
    centre = by_risk["centre"].to_numpy()
    width = centre[1] - centre[0] if len(centre) > 1 else 1.0
    err = np.abs(np.nan_to_num(np.array([by_risk["share"] - by_risk["low"], by_risk["high"] - by_risk["share"]])))
    ax.bar(centre, by_risk["share"], width * 0.8, yerr=err, capsize=3, color="#2e8b57",
           label="beats both (95 % CI)")
    ax.plot(centre, by_risk["china"], "o-", color=STRATEGY_COLOURS["bandwagon_china"], label="beats bandwagon China")
    ax.plot(centre, by_risk["eu"], "s-", color=STRATEGY_COLOURS["bandwagon_eu"], label="beats bandwagon EU")
    ax.set(title="Share of the parameter space where hedging wins, by ρ", xlabel="risk_weight ρ (bins)",
           ylabel="share of Latin-hypercube points", ylim=(0, 1.05))
    ax.legend(fontsize=7, loc="lower right")

    common.robustness_panel(axes[3], results, f"Robustness: {results[0].checks[0].robust['points']:,}-point "
                            "Latin hypercube\nof all parameters")
    for ax in axes:
        ax.title.set_fontsize(9)
        ax.xaxis.label.set_fontsize(8)
        ax.yaxis.label.set_fontsize(8)
        ax.tick_params(labelsize=7.5)
        ax.grid(alpha=0.3)
    return common.save(fig, settings, KEY)


if __name__ == "__main__":
    common.main(run, __doc__.splitlines()[0])
