"""Is hedging an equilibrium strategy in the baseline, and where does it stop being one? (issue 10)

    python experiments/equilibrium.py [--quick] [--out DIR]

Empirical game-theoretic analysis of the four-player game (docs/game.md): every profile of
the players' strategies (Kazakhstan 4 x China 3 x the EU 3 x Russia 3) simulated with
common random numbers in the baseline (1,000 worlds per profile), its payoff table solved
for equilibria with bootstrap support; then the same game over a grid of the risk weight
(Kuik's risk contingency) and China's cost of coercion (the inverse of its propensity to
coerce), 100 worlds per profile at each point, drawn as a phase diagram of Kazakhstan's
equilibrium strategy; and, where the map shows the boundary, a finer line of risk weights at
China's baseline cost of coercion. Everything runs through ``hedgesim.analysis.egta`` (the same code as
``hedgesim game``); every number in the section comes from these runs.

Alone, the script writes its report section to ``OUT/equilibrium.md`` and its two figures
to ``OUT/figures/``; ``run_all.py`` puts the same section into the experiments report.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from settings import Settings, parse_args
from tables import md_table

from hedgesim.analysis.egta import (
    KAZAKHSTAN,
    PLAYERS,
    STRATEGIES,
    UNIT,
    GameResult,
    GameSettings,
    MapAxis,
    degenerate_note,
    phase_figure,
    play,
)
from hedgesim.analysis.equilibria import CAVEAT, payoff_heatmap
from hedgesim.analysis.equilibria.gambit import pure_profile
from hedgesim.game.parameters import defaults

KEY = "equilibrium"
SEED = 2901
HEADING = "Is hedging an equilibrium? The four-player game"
MAP = ("risk_weight=0:2.5", "china_coercion_cost=0:10")
REFINE = "risk_weight=0:0.5"      # the map's first column pair, where Kazakhstan stops hedging
WHAT = {"none": "no pure equilibrium", "several": "Kazakhstan's strategy differs between equilibria"}


@dataclass(frozen=True)
class Sizes:
    worlds: int           # per profile, in the baseline game
    map_worlds: int       # per profile, at each map point
    levels: int           # per map parameter
    executor: str
    workers: int | None

    @classmethod
    def make(cls, quick: bool) -> Sizes:
        if quick:
            return cls(worlds=4, map_worlds=2, levels=2, executor="serial", workers=None)
        return cls(worlds=1000, map_worlds=100, levels=6, executor="processes", workers=2)


@dataclass
class Section:
    """What the experiment hands back: the report section, its figures and its numbers."""

    quick: bool
    game: GameResult
    phase: GameResult
    boundary: GameResult
    figures: list[Path]
    seconds: float = 0.0
    headline: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def runs(self) -> int:
        return sum(len(r.sweep.runs) for r in (self.game, self.phase, self.boundary))

    def markdown(self, figure_dir: str = "figures") -> str:
        return "\n".join(section_lines(self, figure_dir)) + "\n"

    def text(self) -> str:
        return "\n".join([f"{HEADING}: {self.headline}", *self.lines,
                          (f"  figures: {', '.join(str(f) for f in self.figures)} "
                          f"({self.runs:,} runs, {self.seconds:.1f} s)")])


def run(quick: bool = False, out: Path | str | None = None) -> Section:
    """Simulate and solve the baseline game, the map and the finer line; draw the three figures."""
    started = time.perf_counter()
    sizes = Sizes.make(quick)
    figures = Settings.make(quick, out).figures
    figures.mkdir(parents=True, exist_ok=True)
    run_kw = {"executor": sizes.executor, "workers": sizes.workers, "progress": False}
    game = play(GameSettings("baseline", worlds=sizes.worlds, seed=SEED), None, replicates=1000,
                solvers=True, **run_kw)
    axes = tuple(MapAxis.parse(text, sizes.levels) for text in MAP)
    phase = play(GameSettings("baseline", worlds=sizes.map_worlds, seed=SEED + 1, map=axes), None,
                 replicates=1000, solvers=False, **run_kw)
    line = (MapAxis.parse(REFINE, sizes.levels),)
    boundary = play(GameSettings("baseline", worlds=sizes.map_worlds, seed=SEED + 1, map=line),
                    None, replicates=1000, solvers=False, **run_kw)
    heatmap = figures / f"{KEY}_heatmap.png"
    fig = payoff_heatmap(game.table, KAZAKHSTAN)
    fig.suptitle(f"Kazakhstan's payoff in the baseline game, {sizes.worlds} worlds per profile",
                 fontsize=10)
    fig.savefig(heatmap, dpi=90)
    diagram = figures / f"{KEY}_phase.png"
    fig = phase_figure(phase)
    fig.axes[0].set_title(f"Kazakhstan's strategy in the pure equilibria, {sizes.map_worlds} "
                          "worlds per profile and point", fontsize=10, loc="left")
    fig.savefig(diagram, dpi=90)
    strip = figures / f"{KEY}_boundary.png"
    fig = phase_figure(boundary)
    fig.axes[0].set_title(f"The boundary at China's baseline cost of coercion "
                          f"({defaults()['china_coercion_cost']:g})", fontsize=10, loc="left")
    fig.savefig(strip, dpi=90)
    section = Section(quick, game, phase, boundary, [heatmap, diagram, strip])
    section.headline, section.lines = summary(section)
    section.seconds = time.perf_counter() - started
    return section


# ------------------------------------------------------------------ numbers in words
def fmt(x: float) -> str:
    return f"{x:+.3g}" if abs(x) >= 0.01 or x == 0 else f"{x:+.2e}"


def kazakh_deviations(result: GameResult, profile: str) -> pd.DataFrame:
    """Kazakhstan's gains from leaving ``profile`` (mean and 95 % paired interval)."""
    d = result.analysis.deviations
    labels = d[list(PLAYERS)].astype(str).agg(" · ".join, axis=1)
    return d[(labels == profile) & (d["player"] == KAZAKHSTAN)]


def hedge_cells(points: pd.DataFrame) -> tuple[int, int]:
    return int((points["strategy"] == "hedge").sum()), len(points)


def summary(section: Section) -> tuple[str, list[str]]:
    analysis = section.game.analysis
    eq = analysis.equilibria
    played = {p.split(" · ")[0] for p in eq["profile"]}
    if not len(eq):
        headline = "the baseline game has no pure equilibrium"
    elif played == {"hedge"}:
        headline = (f"hedging is Kazakhstan's strategy in every pure equilibrium of the baseline "
                    f"game ({'; '.join(eq['profile'])})")
    elif "hedge" in played:
        headline = "hedging is Kazakhstan's strategy in some pure equilibria of the baseline game"
    else:
        headline = (f"hedging is not an equilibrium strategy in the baseline game: Kazakhstan "
                    f"plays {', '.join(sorted(played))}")
    points = section.phase.points
    hedging, total = hedge_cells(points)
    lines = ["  pure equilibria: " + "; ".join(f"{r.profile} (support {r.support:.0%}, epsilon "
                                                f"{r.epsilon:.3g} {UNIT})" for r in eq.itertuples()),
             f"  map: Kazakhstan hedges in equilibrium at {hedging} of {total} points"]
    return headline, lines


def section_lines(section: Section, figure_dir: str) -> list[str]:
    game, phase = section.game, section.phase
    analysis = game.analysis
    table = analysis.table
    sizes = Sizes.make(section.quick)
    eq = analysis.equilibria
    out = [f"## {HEADING}", "",
           ("> Kazakhstan's active participation in the BRI alongside its expressed interest in the "
           "EU's Global Gateway can be interpreted as a deliberate strategy to maximise economic "
           "benefits, reduce vulnerabilities, and maintain strategic autonomy."), ">",
           "> — the paper, Introduction", "",
           ("The claims above compare Kazakhstan's strategies against the powers' free behaviour. "
           "Here the powers choose strategies too: is hedging a best reply when China, the EU and "
           "Russia also play their best strategies (a Nash equilibrium of the game of policies), "
           "and where in the parameter space does that stop being true? Empirical game-theoretic "
           "analysis (Wellman 2006; docs/game.md): every profile of the players' strategies "
           f"({'; '.join(f'{p}: {', '.join(s)}' for p, s in zip(PLAYERS, STRATEGIES))}) simulated "
           f"with common random numbers, each player's payoff its utility summed over the 40 "
           f"quarters ({UNIT}; Kazakhstan's is risk-adjusted, returns − ρ · risk)."), "",
           (f"*Design.* The baseline game: {table.worlds:,} worlds per profile "
            f"({len(game.sweep.runs):,} runs, seed {SEED}), 1,000 bootstrap replicates (worlds "
            f"resampled jointly across profiles), pygambit's solvers and the logit QRE. The map: "
            f"{' × '.join(f'`{a.name}` ({len(a.values)} levels, {a.low:g} to {a.high:g})' for a in phase.settings.map)}, "
            f"{phase.settings.worlds} worlds per profile at each point ({len(phase.sweep.runs):,} "
            f"runs, seed {SEED + 1}), pure equilibria and their bootstrap support; then "
            f"{len(boundary_axis(section).values)} risk weights from {boundary_axis(section).low:g} "
            f"to {boundary_axis(section).high:g} at the baseline cost of coercion, the same worlds "
            f"({len(section.boundary.sweep.runs):,} runs). "
            f"{section.runs:,} runs; {section.seconds:.0f} s. Reproduce with "
            f"`hedgesim game baseline --worlds {sizes.worlds} --seed {SEED} --out DIR` and "
            f"`hedgesim game baseline --worlds {sizes.map_worlds} --seed {SEED + 1} --map "
            f"{' '.join(MAP)} --levels {sizes.levels} --out DIR` (and `--map {REFINE}`)."), ""]
    if section.quick:
        out += [("**Quick mode**: far too few worlds for conclusions; the numbers below only show "
                "that the pipeline runs."), ""]
    out += [f"![Kazakhstan's payoff in the baseline game]({figure_dir}/{section.figures[0].name})", "",
            "### The baseline game", ""]
    if eq.empty:
        out.append("The mean payoff table has **no pure Nash equilibrium**.")
    else:
        out += [(f"Pure Nash equilibria of the mean payoff table ({len(eq)}; numpy, confirmed by "
                f"pygambit's `enumpure_solve`). *Support*: share of bootstrap replicates in which "
                f"the profile is an equilibrium; *ε*: the largest upper 95 % bound of any "
                f"player's gain from deviating ({UNIT})."), "",
                md_table([*PLAYERS, "support", "ε"],
                         [[*(getattr(r, p) for p in PLAYERS), f"{r.support:.0%}", f"{r.epsilon:.3g}"]
                          for r in eq.itertuples()], "llllrr")]
        for r in eq.itertuples():
            gains = kazakh_deviations(game, r.profile)
            out += ["", f"At **{r.profile}**, Kazakhstan's gain from switching alone (mean [95 % "
                    f"paired interval], {UNIT} over 40 quarters): "
                    + "; ".join(f"to {g.deviation} {fmt(g.gain)} [{fmt(g.low)}, {fmt(g.high)}]"
                                for g in gains.itertuples()) + "."]
    counts = analysis.equilibrium_counts
    share = dict(zip(counts["equilibria"], counts["share"]))
    out += ["", (f"In the bootstrap, {share.get(0, 0.0):.0%} of replicates have no pure equilibrium "
            f"and {sum(v for k, v in share.items() if k > 1):.0%} several; {analysis.same_set:.0%} "
            f"have exactly the set above.")]
    if analysis.qre_limit is not None:
        limit = analysis.qre_limit
        pure = pure_profile(limit.mixture, 1e-3)
        out += ["", "The principal branch of the logit quantal response equilibrium (pygambit) "
                + (f"selects **{table.label(pure)}**" if pure is not None else
                   "ends at a mixed profile")
                + f" (λ up to {limit.lam:.3g} per {UNIT}, regret {limit.regret:.2g})."]
    if analysis.mixed is not None and len(analysis.mixed):
        found = analysis.mixed.groupby("equilibrium").first()
        out += ["", f"The mixed solvers (gnm, ipa, simpdiv) found {len(found)} distinct "
                f"equilibri{'um' if len(found) == 1 else 'a'} — found, not all: "
                + "; ".join((row.pure or "mixed") + f" ({row.methods})"
                            for row in found.itertuples()) + "."]
    out += ["", "*Exact ties.* " + degenerate_note(analysis), ""]
    points = phase.points
    hedging, total = hedge_cells(points)
    out += ["### Where hedging stops being an equilibrium strategy", "",
            (f"![Kazakhstan's equilibrium strategy over the risk weight and China's cost of "
            f"coercion]({figure_dir}/{section.figures[1].name})"), "",
            phase_words(phase), "",
            md_table([a.name for a in phase.settings.map] + ["Kazakhstan plays", "support", "pure equilibria"],
                     [[*(f"{r[a.name]:g}" for a in phase.settings.map), r["strategy"], f"{r['support']:.0%}",
                       r["pure_equilibria"].replace(" | ", "; ") or "none"]
                      for r in (row._asdict() for row in points.itertuples(index=False))],
                     "r" * len(phase.settings.map) + "lrl")]
    out += ["", (f"![Kazakhstan's equilibrium strategy between risk weights "
            f"{boundary_axis(section).low:g} and {boundary_axis(section).high:g}]"
            f"({figure_dir}/{section.figures[2].name})"), "", refinement_words(section), ""]
    out += ["", f"*What the model says.* {section.headline[:1].upper()}{section.headline[1:]}; on "
            f"the map, Kazakhstan hedges in equilibrium at {hedging} of {total} points. "
            + boundary_words(phase) + " " + refinement_words(section, short=True), "",
            f"*Caveat.* {CAVEAT}", ""]
    return out


def boundary_axis(section: Section) -> MapAxis:
    return section.boundary.settings.map[0]


def refinement_words(section: Section, short: bool = False) -> str:
    """Kazakhstan's equilibrium strategy along the finer line of risk weights.

    The long form lists every point with its bootstrap support (and, where there is no pure
    equilibrium, how far the best hedging profile is from one); the short form groups
    neighbouring points with the same strategy, for the closing paragraph.
    """
    points = section.boundary.points.sort_values(boundary_axis(section).name)
    x = boundary_axis(section).name
    cost = defaults()["china_coercion_cost"]
    if not short:
        cells = []
        for r in points.itertuples():
            cell = f"{getattr(r, x):g}: {WHAT.get(r.strategy, r.strategy)} ({r.support:.0%})"
            if r.strategy == "none":
                cell += f", the best hedging profile's regret {r.hedge_regret:.2g} {UNIT}"
            cells.append(cell)
        return (f"Kazakhstan's equilibrium strategy along {x} at China's baseline cost of coercion "
                f"({cost:g}), with the bootstrap support: " + "; ".join(cells) + ".")
    groups: list[list] = []
    for r in points.itertuples():
        if groups and groups[-1][0] == r.strategy:
            groups[-1][1].append(r)
        else:
            groups.append([r.strategy, [r]])
    parts = []
    for strategy, rows in groups:
        values = [getattr(r, x) for r in rows]
        where = f"{values[0]:g}" if len(values) == 1 else f"{values[0]:g}–{values[-1]:g}"
        low, high = min(r.support for r in rows), max(r.support for r in rows)
        support = f"{low:.0%}" if low == high else f"{low:.0%}–{high:.0%}"
        what = {"none": "there is no pure equilibrium",
                "several": "the equilibria disagree on Kazakhstan's strategy"}.get(
                    strategy, f"Kazakhstan plays {strategy}")
        parts.append(f"{what} at {x} {where} (support {support})")
    weak = points[points["support"] < 0.8]
    return (f"On the finer line at China's baseline cost of coercion ({cost:g}): "
            + "; ".join(parts) + "."
            + (f" Support under 80 % at {x} {', '.join(f'{v:g}' for v in weak[x])}: there the "
               f"answer is not settled by {section.boundary.settings.worlds} worlds per profile."
               if len(weak) else ""))


def phase_words(phase: GameResult) -> str:
    """The map's cells by Kazakhstan's equilibrium strategy."""
    points = phase.points
    counts = points["strategy"].value_counts()
    weak = int((points["support"] < 0.8).sum())
    return ("Each cell is the game solved at one point: its colour is Kazakhstan's strategy in the "
            "pure equilibria (grey where the equilibria disagree, white where there is none), `+` "
            "several equilibria, hatching bootstrap support under 80 %. Cells: "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
            + (f"; {weak} with support under 80 %." if weak else "; every cell's support is at least 80 %."))


def boundary_words(phase: GameResult) -> str:
    """Where Kazakhstan stops hedging, by the first map parameter."""
    points = phase.points
    x = phase.settings.map[0].name
    by_x = points.groupby(x)["strategy"].agg(lambda s: (s == "hedge").mean())
    all_hedge = [v for v, share in by_x.items() if share == 1.0]
    none_hedge = [v for v, share in by_x.items() if share == 0.0]
    parts = []
    if all_hedge:
        parts.append(f"Hedging is the equilibrium strategy at every point with {x} "
                     f"{', '.join(f'{v:g}' for v in all_hedge)}")
    if none_hedge:
        others = points[points[x].isin(none_hedge)]["strategy"].value_counts()
        parts.append(f"at {x} {', '.join(f'{v:g}' for v in none_hedge)} it never is ("
                     + ", ".join(f"{WHAT.get(k, 'Kazakhstan plays ' + k)} at {v} point"
                                 f"{'s' if v > 1 else ''}" for k, v in others.items()) + ")")
    mixed = [v for v in by_x.index if v not in all_hedge and v not in none_hedge]
    if mixed:
        parts.append(f"at {x} {', '.join(f'{v:g}' for v in mixed)} it depends on the other "
                     f"parameter")
    return ("; ".join(parts) + ".") if parts else ""


def main(argv: Sequence[str] | None = None) -> Section:
    settings = parse_args(__doc__.splitlines()[0], argv)
    out = settings.out
    section = run(settings.quick, out)
    (out / f"{KEY}.md").write_text(section.markdown())
    print(section.text())
    print(f"wrote {out / f'{KEY}.md'}")
    return section


if __name__ == "__main__":
    main()
    sys.exit(0)
