"""Hedging against bandwagoning: Kazakhstan's risk-adjusted utility (returns - rho * risk, summed
over 2025-2034) under the hedge policy, against the policies of bandwagoning with China or with
the EU, at the defaults, over the risk weight rho, in the benign-China case and over the
parameter space.

The three policies have the same freedom (`strategy`: each fixes only the alignment rule and
constrains the answers to offers; binding effort and answers to coercion are chosen as well as
Kazakhstan can). How to read it: hedging wins on risk contingency if it earns less but carries
less risk; where bandwagoning wins, the region is mapped in claim 9.

    python experiments/hedging_vs_bandwagoning.py [--quick] [--out DIR]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from claims import Check, CheckResult, Comparison, ComparisonResult, check_result, claim_verdict
from figures import new_figure, caption, robustness_panel, save
from hedging_emerges import STRATEGY_COLOURS, STRATEGY_LABELS
from inference import AGREES, mean_ci, negligible, wilson
from prose import change, ci_text, compare_words, fmt, pct, relative_text, reversal_text, signed, summary_line
from report import ClaimReport, main
from robustness import robustness
from settings import Settings
from sweeps import lhs_runs, sweep
from tables import md_table

from hedgesim.game.parameters import PARAMETERS

KEY = "hedging_vs_bandwagoning"
SEED = 2701
QUOTE = """In such an environment, middle powers [...] often eschew the binary choices of balancing
(opposing a power) or bandwagoning (aligning with one). Instead, they adopt a hedging strategy.
[...] Kuik identifies two mutually reinforcing rationales for hedging: returns maximisation
(economic pragmatism to extract material benefits from all powers) and risk contingency
(political-security insurance to mitigate the danger of over-dependency on any single actor)."""
UTILITY = Check("cumulative_utility", +1, "Risk-adjusted utility of hedging", "USD bn, summed over 40 quarters",
                short="hedging's utility higher")
STRATEGIES = ("hedge", "bandwagon_china", "bandwagon_eu")
RIVALS = {"bandwagon_china": "vs bandwagon with China", "bandwagon_eu": "vs bandwagon with the EU",
          "best": "vs the better bandwagon"}
BENIGN = "benign_china"
RISK_BINS = 5


def best_rival(arms: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A run table whose utility is the better of the two bandwagoning policies, run by run."""
    best = arms["bandwagon_china"].copy()
    best["cumulative_utility"] = np.maximum(arms["bandwagon_china"]["cumulative_utility"].to_numpy(),
                                            arms["bandwagon_eu"]["cumulative_utility"].to_numpy())
    return best


def split(runs: pd.DataFrame, strategies=STRATEGIES) -> dict[str, pd.DataFrame]:
    arms = {s: runs[runs["strategy"] == s].sort_values(["point", "replication"]).reset_index(drop=True)
            for s in strategies}
    arms["best"] = best_rival(arms)
    return arms


def run(settings: Settings) -> ClaimReport:
    arms = split(sweep({"strategy": [*STRATEGIES, "free"]}, replications=settings.replications, seed=SEED,
                       settings=settings).runs, (*STRATEGIES, "free"))
    space = {s: lhs_runs(settings, SEED + 2, [], {"strategy": s}) for s in STRATEGIES}
    space["best"] = best_rival(space)
    results = []
    for rival, name in RIVALS.items():
        check = check_result(UTILITY, name, arms[rival]["cumulative_utility"], arms["hedge"]["cumulative_utility"])
        check.robust = robustness(space[rival], space["hedge"], UTILITY)
        results.append(ComparisonResult(Comparison(name, "strategy", rival, "hedge", (UTILITY,)), [check],
                                        runs=len(arms[rival]) + len(space[rival])))
    results[-1].runs = len(arms["free"]) + len(arms["hedge"]) + len(space["hedge"])  # "best" reuses the arms
    benign = split(sweep({"strategy": list(STRATEGIES)}, replications=settings.replications, seed=SEED,
                         settings=settings, scenario=BENIGN).runs)
    benign_check = check_result(Check("cumulative_utility", 0, "Risk-adjusted utility of hedging (benign China)",
                                      "USD bn, summed over 40 quarters"), f"in `{BENIGN}`: vs bandwagon with China",
                                benign["bandwagon_china"]["cumulative_utility"], benign["hedge"]["cumulative_utility"])
    results.append(ComparisonResult(Comparison(benign_check.comparison, "strategy", "bandwagon_china", "hedge",
                                               (benign_check.check,), scenario=BENIGN), [benign_check],
                                    runs=3 * settings.replications))
    grid = sweep({"risk_weight": risk_levels(settings), "strategy": list(STRATEGIES)},
                 replications=settings.dose_replications, seed=SEED + 1, settings=settings).runs
    results[0].runs += len(grid)
    by_risk = risk_bins(space)
    verdict = claim_verdict(results)
    figure = draw(results, arms, grid, by_risk, settings)

    vs_china, vs_eu, best = (r.checks[0] for r in results[:3])
    curve = grid.groupby(["risk_weight", "strategy"])["cumulative_utility"].mean().unstack()
    loses = curve[curve["hedge"] < curve[["bandwagon_china", "bandwagon_eu"]].max(axis=1)]
    returns = {s: arms[s]["mean_returns"].mean() for s in (*STRATEGIES, "free")}
    risk = {s: arms[s]["mean_risk"].mean() for s in (*STRATEGIES, "free")}
    p_china = {s: arms[s]["mean_p_pressure_china"].mean() for s in STRATEGIES}
    free_gap = check_result(UTILITY, "free", arms["hedge"]["cumulative_utility"], arms["free"]["cumulative_utility"])
    earns = ", ".join(f"{compare_words(returns['hedge'], returns[s], 'more than', 'less than', 'as much as')} "
                      f"bandwagoning with {'China' if s == 'bandwagon_china' else 'the EU'} ({fmt(returns[s])})"
                      for s in ("bandwagon_china", "bandwagon_eu"))
    less_risk = all(risk["hedge"] < risk[s] for s in ("bandwagon_china", "bandwagon_eu"))
    parts = [
        (f"At the defaults hedging's risk-adjusted utility is {fmt(arms['hedge']['cumulative_utility'].mean())} "
         f"USD bn over the decade; its margin over bandwagoning with China is {ci_text(vs_china)} USD bn "
         f"({relative_text(vs_china)}, {vs_china.verdict}) and over bandwagoning with the EU {ci_text(vs_eu)} "
         f"({relative_text(vs_eu)}, {vs_eu.verdict})."),
        (f"Per quarter hedging earns {fmt(returns['hedge'])} USD bn, {earns}, and carries a risk of "
         f"{fmt(risk['hedge'])} against {fmt(risk['bandwagon_china'])} and {fmt(risk['bandwagon_eu'])}"
         + (": it wins on risk contingency." if less_risk else ".")
         + f" The risk is the expected loss from coercion (`coercion.compellence`); China's probability of a "
           f"concession demand is {fmt(p_china['bandwagon_china'])} a quarter under bandwagoning with China "
           f"and {fmt(p_china['hedge'])} under hedging"
         + (": a Kazakhstan aligned with China and holding more Chinese capital is more exposed to China "
            "(`payoffs.vulnerable_to_china`), so conceding becomes its best answer to a demand, and demands "
            "pay." if p_china["bandwagon_china"] > p_china["hedge"] else ".")),
        (f"The free agent, held to no policy, reaches {fmt(arms['free']['cumulative_utility'].mean())} USD bn "
         f"(free − hedge {ci_text(free_gap)}) with a risk of {fmt(risk['free'])} a quarter: unlike the hedge "
         f"policy it may decline offers and tilt."),
        (f"Over the risk weight: " + (
            f"at ρ ≤ {fmt(loses.index.max())} (on a grid of {len(curve)} levels, other parameters at their "
            f"defaults) a bandwagon pays more than hedging — risk counts for little there, and bandwagoning "
            f"with China earns more." if len(loses) and loses.index.max() < curve.index.max() else
            "hedging pays more than either bandwagon at every risk weight on the grid." if not len(loses) else
            f"a bandwagon pays more than hedging at {len(loses)} of {len(curve)} levels of ρ.")),
        (f"Where China is benign (`{BENIGN}`: no hold-up, no grievance, costly coercion, market access for a "
         f"close partner), hedging {change(benign_check, 'USD bn', up='beats bandwagoning with China by', down='trails bandwagoning with China by')}: "
         f"with nothing to fear from China, the insurance is not worth its price."),
        (f"Over the whole parameter space hedging beats both bandwagons in {pct(best.robust['holds'])} of the "
         f"points and loses to the better one in {pct(best.robust['reversed'])} ({pct(by_risk.iloc[0]['share'])} "
         f"and {pct(by_risk.iloc[-1]['share'])} of the points in the lowest and highest bins of ρ); claim 9 "
         f"maps where it loses."),
    ]
    finding = " ".join(parts)
    table = md_table(
        ["risk weight ρ", "points", "hedging beats both [95 % CI]", "beats bandwagon China",
         "beats bandwagon EU"],
        [[r["range"], fmt(int(r["points"])), f"{pct(r['share'])} [{pct(r['low'])}, {pct(r['high'])}]",
          pct(r["china"]), pct(r["eu"])] for _, r in by_risk.iterrows()], "lrrrr")
    free_table = md_table(["policy", "utility, USD bn", "returns per quarter", "risk per quarter",
                           "P(Chinese demand)", "P(Russian pressure)"],
                          [[STRATEGY_LABELS[s], fmt(arms[s]["cumulative_utility"].mean()), fmt(returns[s]),
                            fmt(risk[s]), fmt(arms[s]["mean_p_pressure_china"].mean()),
                            fmt(arms[s]["mean_p_pressure_russia"].mean())] for s in ("free", *STRATEGIES)], "lrrrrr")
    reversals = [
        f"{r.checks[0].comparison}: {reversal_text(r.checks[0])}." for r in results[:3]]
    reversals.append(f"At the defaults, in `{BENIGN}`: hedging {change(benign_check, 'USD bn', up='wins by', down='loses by')} "
                     f"against bandwagoning with China.")
    if len(loses):
        reversals.append(f"At the other defaults, for ρ up to {fmt(loses.index.max())}: a bandwagon pays more.")
    change_note = (
        f"Previously: agrees, hedging ahead of the better bandwagon by 67.9 USD bn (+49 %), all of it from "
        f"risk terms that measured distance from balance (concentration, entrapment, the dominance overshoot), "
        f"and the bandwagon counterfactuals forced zero binding effort and declined the other power's "
        f"offers. Now the bandwagon policies choose everything but their alignment and their partner's "
        f"offers, risk is the expected loss from coercion, and hedging's margin over bandwagoning with "
        f"China is {signed(vs_china.diff)} USD bn ({100 * vs_china.relative:+.1f} %, {vs_china.verdict}) — "
        f"it can reverse, and does where China is benign.")
    issues = []
    courting = {s: arms[s]["mean_p_courting_russia"] for s in STRATEGIES}
    if all(np.allclose(v, 0.5) for v in courting.values()):
        issues.append(
            "Under every policy that rules out a tilt toward Russia (hedge, bandwagon with China or with the EU) "
            "Russia's probability of courting is exactly 0.5 in every quarter of every run: the EAEU transfer is "
            "paid only on a tilt toward Russia (`payoffs.courting_income`), so courting and not courting are worth "
            "the same to Russia and the logit splits them evenly. The recorded courting events are coin flips with "
            "no transfer behind them.")
    return ClaimReport(
        KEY, "Hedging against bandwagoning", QUOTE, "section \"Hedging Between Giants\"",
        (f"Paired comparison of the policies, {settings.replications:,} replications each with common random "
         f"numbers (`strategy` hedge against `bandwagon_china` and `bandwagon_eu`; \"the better bandwagon\" "
         f"is, run by run, whichever pays more; the free agent for reference); the same in the `{BENIGN}` "
         f"scenario (context); a grid over `risk_weight` ({len(risk_levels(settings))} levels, "
         f"{settings.dose_replications} replications each); robustness over a Latin hypercube of every "
         f"numeric parameter, `risk_weight` included, the three policies at every point with the same seeds."),
        results, verdict, summary_line([r.checks[0] for r in results[:3]]), finding, figure, SEED,
        extra=("*Returns, risk and the powers' coercion by policy, at the defaults* (means):\n\n" + free_table
               + "\n\n*Where hedging beats both, by risk weight* (the Latin hypercube's points binned by ρ):\n\n"
               + table),
        headline=(f"Hedging {'beats' if best.verdict == AGREES else 'does not clearly beat'} the better bandwagon "
                  f"at the defaults ({signed(best.diff)} USD bn, {100 * best.relative:+.1f} %, {best.verdict})"
                  + (", on risk, not on returns" if less_risk and returns["hedge"] < returns["bandwagon_china"] else "")
                  + f"; it loses to bandwagoning with China where China is benign ({signed(benign_check.diff)} USD bn) "
                  f"and in {pct(best.robust['reversed'])} of the parameter space."),
        reversals=reversals, change=change_note, issues=issues)


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
            wins[rival] = (margin > 0) & ~negligible(margin, other)
        share, low, high = wilson(int(wins["best"].sum()), int(inside.sum()))
        rows.append({"range": f"{fmt(edges[b])}–{fmt(edges[b + 1])}", "centre": (edges[b] + edges[b + 1]) / 2,
                     "points": int(inside.sum()), "share": share, "low": low, "high": high,
                     "china": float(wins["bandwagon_china"].mean()) if inside.any() else np.nan,
                     "eu": float(wins["bandwagon_eu"].mean()) if inside.any() else np.nan})
    return pd.DataFrame(rows)


def draw(results, arms, grid: pd.DataFrame, by_risk: pd.DataFrame, settings: Settings):
    fig, axes = new_figure(4, "Hedging against bandwagoning: Kazakhstan's risk-adjusted utility",
                           columns=2, height=3.4, width=11)
    caption(fig, "Means with 95 % CIs (bands, bars); the other parameters at their defaults except "
                 "in the lower-left panel (Latin hypercube).")
    ax = axes[0]
    for strategy in STRATEGIES:
        rows = [(level, *mean_ci(g["cumulative_utility"]))
                for level, g in grid[grid["strategy"] == strategy].groupby("risk_weight")]
        level, mean, low, high = map(np.array, zip(*rows, strict=True))
        ax.plot(level, mean, marker="o", ms=3, color=STRATEGY_COLOURS[strategy], label=STRATEGY_LABELS[strategy])
        ax.fill_between(level, low, high, color=STRATEGY_COLOURS[strategy], alpha=0.25, lw=0)
    ax.axvline(PARAMETERS["risk_weight"].default, color="black", ls=":", lw=0.9)
    ax.set(title="Utility against Kuik's risk weight ρ (default dotted)", xlabel="risk_weight ρ",
           ylabel="utility, USD bn over 40 quarters")
    ax.legend(fontsize=7)

    ax = axes[1]
    shown = ("free", *STRATEGIES)
    x = np.arange(len(shown))
    for k, (column, label, colour) in enumerate((("mean_returns", "returns", "#2e8b57"),
                                                 ("mean_risk", "risk", "#c0392b"))):
        stats = [mean_ci(arms[s][column]) for s in shown]
        means = np.array([s[0] for s in stats])
        err = np.abs(np.nan_to_num(np.array([[s[0] - s[1], s[2] - s[0]] for s in stats]).T))
        ax.bar(x + (k - 0.5) * 0.38, means, 0.38, yerr=err, capsize=2, color=colour, label=label)
    ax.set_xticks(x, [STRATEGY_LABELS[s] for s in shown], fontsize=7)
    ax.set(title="Why: returns and risk per quarter at the defaults", ylabel="USD bn per quarter")
    ax.legend(fontsize=7)

    ax = axes[2]
    centre = by_risk["centre"].to_numpy()
    width = centre[1] - centre[0] if len(centre) > 1 else 1.0
    err = np.abs(np.nan_to_num(np.array([by_risk["share"] - by_risk["low"], by_risk["high"] - by_risk["share"]])))
    ax.bar(centre, by_risk["share"], width * 0.8, yerr=err, capsize=3, color="#2e8b57", label="beats both (95 % CI)")
    ax.plot(centre, by_risk["china"], "o-", color=STRATEGY_COLOURS["bandwagon_china"], label="beats bandwagon China")
    ax.plot(centre, by_risk["eu"], "s-", color=STRATEGY_COLOURS["bandwagon_eu"], label="beats bandwagon EU")
    ax.set(title="Share of the parameter space where hedging wins, by ρ", xlabel="risk_weight ρ (bins)",
           ylabel="share of Latin-hypercube points", ylim=(0, 1.05))
    ax.legend(fontsize=7, loc="lower right")

    robustness_panel(axes[3], results[:3], f"Robustness: {results[0].checks[0].robust['points']:,}-point "
                     "Latin hypercube\nof all parameters")
    for ax in axes:
        ax.title.set_fontsize(9)
        ax.xaxis.label.set_fontsize(8)
        ax.yaxis.label.set_fontsize(8)
        ax.tick_params(labelsize=7.5)
        ax.grid(alpha=0.3)
    return save(fig, settings, KEY)


if __name__ == "__main__":
    main(run, __doc__.splitlines()[0])
