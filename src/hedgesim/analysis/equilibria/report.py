"""The whole analysis of one payoff table, its files and its report section.

``analyse(table)`` computes everything the issue asks of an empirical game: the
payoff table with intervals, deviation gains, regrets, the pure equilibria (numpy,
checked against pygambit's ``enumpure_solve``), epsilon-equilibria, the bootstrap
support of every profile, exact ties and the continua they make, the mixed
equilibria that gnm, ipa and simpdiv find, and the principal logit QRE branch
with the equilibrium it selects. ``write_tables`` writes it as Parquet and CSV,
``report_section`` as markdown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hedgesim.analysis.equilibria import gambit
from hedgesim.analysis.equilibria.bootstrap import Bootstrap
from hedgesim.analysis.equilibria.table import PayoffTable
from hedgesim.analysis.folders import write_atomic

TIES_SHOWN = 12     # tie cases listed in the report; all are in ties.csv
MIXED_SHOWN = 10    # mixed equilibria listed; all are in mixed_equilibria.csv

CAVEAT = (
    "These are equilibria of the *restricted* game, in which each player chooses only "
    "among the strategies listed. A profile that is an equilibrium here need not be one "
    "of the full game: a player may do better with a policy outside the list, which no "
    "restricted table can show (Wellman 2006). Read them as statements about these "
    "policies, and widen the lists where a conclusion rests on one.")


@dataclass
class EquilibriumAnalysis:
    """Results of :func:`analyse`; every table is tidy, payoffs in ``table.unit``."""

    table: PayoffTable
    level: float
    payoffs: pd.DataFrame                 # mean and interval per profile and player
    deviations: pd.DataFrame              # gain and interval per profile, player and deviation
    profiles: pd.DataFrame                # regret, epsilon, nash, bootstrap support per profile
    ties: pd.DataFrame
    continua: pd.DataFrame
    bootstrap: Bootstrap | None = None
    equilibrium_counts: pd.DataFrame | None = None   # share of replicates with k pure equilibria
    same_set: float | None = None         # share of replicates with exactly the point estimate's set
    gambit_pure: list[tuple[int, ...]] | None = None
    mixed: pd.DataFrame | None = None     # equilibria the mixed solvers found (not all)
    solver_notes: list[str] = field(default_factory=list)
    qre: pd.DataFrame | None = None       # the principal logit QRE branch
    qre_limit: gambit.QRELimit | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def equilibria(self) -> pd.DataFrame:
        """The pure Nash equilibria of the mean table (rows of ``profiles``)."""
        return self.profiles[self.profiles["nash"]]

    @property
    def epsilon_equilibria(self) -> pd.DataFrame:
        """Profiles with no significantly profitable deviation, by epsilon (empty with one world)."""
        if self.table.worlds < 2:
            return self.profiles.iloc[:0]
        return self.profiles[~self.profiles["significant"]].sort_values(
            ["epsilon", "regret"], kind="stable")


def analyse(table: PayoffTable, *, level: float = 0.95, replicates: int = 1000,
            rng: np.random.Generator | int | None = 0, solvers: bool = True,
            lambdas: Any = None, perturbations: int = 3,
            simpdiv_seconds: float | None = gambit.SIMPDIV_SECONDS,
            enumpoly: bool = False) -> EquilibriumAnalysis:
    """Analyse a payoff table.

    ``level``: of the t-intervals and of the bootstrap regret quantile.
    ``replicates``: bootstrap replicates (0: none). ``rng``: seeds the bootstrap and
    the mixed solvers' perturbations. ``solvers``: run pygambit (needs the
    ``equilibria`` extra). ``lambdas``: the QRE grid (1 / payoff unit), or None for
    the points Gambit's tracer visits. ``simpdiv_seconds``: wall-time budget of
    simplicial subdivision, which runs alongside everything else (None: skip).
    ``enumpoly``: also enumerate every support (7-16 s on a 4x3x3x3 game here).
    Raises RuntimeError if pygambit's pure equilibria differ from numpy's.
    """
    rng = np.random.default_rng(rng)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 4)
        clock = now

    game = table.gambit_game() if solvers else None
    simpdiv = gambit.SimpdivRun(game, table.strategies) if solvers and simpdiv_seconds else None
    try:
        profiles = table.profiles(level)
        result = EquilibriumAnalysis(
            table=table, level=level, payoffs=table.payoffs(level),
            deviations=table.deviations(level), profiles=profiles, ties=table.ties(),
            continua=table.continua())
        lap("table")
        if replicates:
            boot = table.bootstrap(replicates, rng)
            mask = table.regret() == 0
            result.bootstrap = boot
            profiles["support"] = boot.support().reshape(-1)
            profiles["regret_upper"] = boot.regret_quantile(level).reshape(-1)
            counts = np.bincount(boot.equilibrium_counts())
            result.equilibrium_counts = pd.DataFrame(
                {"equilibria": np.arange(len(counts)), "share": counts / boot.replicates})
            result.same_set = boot.same_set(mask)
            lap("bootstrap")
        if solvers:
            result.gambit_pure = gambit.enumpure(game, table.players, table.strategies)
            if result.gambit_pure != table.pure_equilibria():
                raise RuntimeError(
                    f"pygambit's pure equilibria {result.gambit_pure} differ from numpy's "
                    f"{table.pure_equilibria()}")
            lap("enumpure")
            result.qre = gambit.qre_branch(game, table.players, table.strategies, lambdas)
            result.qre_limit = gambit.qre_limit(game, table.mean, table.players, table.strategies)
            lap("qre")
            run, simpdiv = simpdiv, None       # mixed_equilibria collects (or kills) it
            found, notes = gambit.mixed_equilibria(
                game, table.mean, table.players, table.strategies, perturbations=perturbations,
                rng=rng, simpdiv_seconds=simpdiv_seconds, simpdiv=run, enumpoly=enumpoly)
            result.mixed = mixed_frame(table, found)
            result.solver_notes = notes
            lap("mixed")
    finally:
        if simpdiv is not None:           # an error above: do not leave the child running
            simpdiv.collect(0.0)
    result.seconds = seconds
    return result


def mixed_frame(table: PayoffTable, found: list[gambit.MixedEquilibrium]) -> pd.DataFrame:
    """Mixed solver results, tidy: ``equilibrium`` (number), ``methods``, ``pure`` (its profile
    in words if pure, else empty), ``regret`` (on the mean table), ``player``, ``strategy``,
    ``probability``."""
    rows = []
    for n, eq in enumerate(found, 1):
        pure = table.label(eq.pure) if eq.pure is not None else ""
        for player, names, p in zip(table.players, table.strategies, eq.mixture):
            rows += [(n, ", ".join(eq.methods), pure, eq.regret, player, s, float(x))
                     for s, x in zip(names, p)]
    return pd.DataFrame(rows, columns=["equilibrium", "methods", "pure", "regret", "player",
                                       "strategy", "probability"])


def qre_limit_frame(table: PayoffTable, limit: gambit.QRELimit) -> pd.DataFrame:
    rows = [(limit.lam, player, s, float(x), limit.regret)
            for player, names, p in zip(table.players, table.strategies, limit.mixture)
            for s, x in zip(names, p)]
    return pd.DataFrame(rows, columns=["lam", "player", "strategy", "probability", "regret"])


def write_tables(analysis: EquilibriumAnalysis, out: Path | str) -> list[Path]:
    """Write every table as Parquet and CSV, and the report as ``equilibria.md``, into ``out``.

    Each file is written whole and renamed into place. Returns the paths written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = {"payoffs": analysis.payoffs, "deviations": analysis.deviations,
              "profiles": analysis.profiles, "ties": analysis.ties, "continua": analysis.continua,
              "equilibrium_counts": analysis.equilibrium_counts, "mixed_equilibria": analysis.mixed,
              "qre_branch": analysis.qre,
              "qre_limit": (qre_limit_frame(analysis.table, analysis.qre_limit)
                            if analysis.qre_limit else None)}
    written = []
    for name, frame in tables.items():
        if frame is None:
            continue
        for ext, write in (("parquet", lambda f, p: f.to_parquet(p, index=False)),
                           ("csv", lambda f, p: f.to_csv(p, index=False))):
            path = out / f"{name}.{ext}"
            write_atomic(path, lambda p, f=frame, w=write: w(f, p))
            written.append(path)
    text = report_section(analysis)
    write_atomic(out / "equilibria.md", lambda p: p.write_text(text))
    return written + [out / "equilibria.md"]


# ------------------------------------------------------------------ phase diagrams
def phase_point(analysis: EquilibriumAnalysis, player: str | int) -> dict[str, Any]:
    """What ``player`` plays in the pure equilibria of one analysed table, for a phase diagram.

    ``strategy``: its strategy if every pure equilibrium gives it the same one,
    ``"several"`` if they differ, ``"none"`` if there is no pure equilibrium;
    ``equilibria``: how many pure equilibria; ``support``: the share of bootstrap
    replicates that agree (the player's set of equilibrium strategies is exactly
    that strategy; several: exactly this set; none: no pure equilibrium), NaN without
    a bootstrap.
    """
    table = analysis.table
    i = table.player_index(player)
    equilibria = table.pure_equilibria()
    played = sorted({eq[i] for eq in equilibria})
    strategy = ("none" if not played else table.strategies[i][played[0]] if len(played) == 1
                else "several")
    support = np.nan
    if analysis.bootstrap is not None:
        expected = np.zeros(table.shape[i], dtype=bool)
        expected[played] = True
        support = float((analysis.bootstrap.played(i) == expected).all(axis=1).mean())
    return {"strategy": strategy, "equilibria": len(equilibria), "support": support}


# ------------------------------------------------------------------ report
def _markdown(frame: pd.DataFrame, floatfmt: str = ".3g") -> str:
    """A small markdown table (no tabulate dependency)."""
    def cell(v: Any) -> str:
        if isinstance(v, (float, np.floating)):
            return format(float(v), floatfmt)
        return "" if v is None else str(v)
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |",
             "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def report_section(analysis: EquilibriumAnalysis, heading: str = "Equilibria of the strategy game",
                   level: int = 2) -> str:
    """A markdown section on the analysis: the pure equilibria with their bootstrap support and
    epsilon, epsilon-equilibria, exact ties and continua, the mixed equilibria found, the QRE
    branch's limit, and the restricted-game caveat. Numbers come from ``analysis``."""
    table, h = analysis.table, "#" * level
    unit = table.unit
    pct = f"{analysis.level:.0%}"
    sizes = ", ".join(f"{p}: {len(s)} strategies" for p, s in zip(table.players, table.strategies))
    out = [f"{h} {heading}", "",
           f"{len(table.players)} players ({sizes}), "
           f"{int(np.prod(table.shape))} profiles, {table.worlds} world(s) each with common random "
           f"numbers; payoffs in {unit}; intervals are {pct} Student-t intervals over worlds "
           "(deviation gains: of the paired, world-by-world differences)."]
    eq = analysis.equilibria
    cols = list(table.players) + ["regret", "epsilon"] + (["support"] if "support" in eq else [])
    out += ["", f"{h}# Pure Nash equilibria", ""]
    if eq.empty:
        out.append("The mean payoff table has **no pure Nash equilibrium**: at every profile some "
                   "player gains by deviating alone.")
    else:
        out.append(f"All pure Nash equilibria of the mean payoff table ({len(eq)}; numpy, "
                   + ("confirmed by pygambit's `enumpure_solve`" if analysis.gambit_pure is not None
                      else "pygambit not run") + "). `epsilon` is the largest upper "
                   f"{pct} bound of any deviation gain ({unit}); `support` the share of bootstrap "
                   "replicates in which the profile is an equilibrium:")
        out += ["", _markdown(eq[cols])]
    if analysis.bootstrap is not None:
        counts = analysis.equilibrium_counts
        share = dict(zip(counts["equilibria"], counts["share"]))
        out += ["", f"Bootstrap ({analysis.bootstrap.replicates} replicates, worlds resampled "
                f"jointly across profiles): {share.get(0, 0.0):.0%} of replicates have no pure "
                f"equilibrium, {sum(v for k, v in share.items() if k > 1):.0%} have several, and "
                f"{analysis.same_set:.0%} have exactly the set above."]
        extra = analysis.profiles[~analysis.profiles["nash"] & (analysis.profiles["support"] > 0.05)]
        if not extra.empty:
            out += ["", "Profiles that are not equilibria of the mean table but are in more than "
                    "5 % of replicates:", "", _markdown(extra[cols].sort_values("support", ascending=False))]
    if table.worlds > 1:
        near = analysis.epsilon_equilibria
        near = near[~near["nash"]]
        out += ["", f"{h}# Epsilon-equilibria", ""]
        if near.empty:
            out.append(f"Every other profile has a deviation whose gain is significantly positive "
                       f"at {pct}.")
        else:
            out += [f"Profiles that are not equilibria of the mean table, but where no deviation "
                    f"gain is significantly positive at {pct}; each is an epsilon-equilibrium for "
                    f"its `epsilon` ({unit}):", "", _markdown(near[cols].head(10))]
    out += ["", f"{h}# Exact ties", ""]
    ties = analysis.ties
    if ties.empty:
        out.append("No exact ties: no player's mean payoff is exactly equal across two of its "
                   "strategies against any profile of the others, so no tie makes an equilibrium "
                   "part of a continuum.")
    else:
        summary = ties.groupby("player", sort=False).agg(
            cases=("tied", "size"), in_every_world=("in_every_world", "all"),
            best_response=("best_response", "sum"))
        out += [f"**The game is degenerate.** {len(ties)} cases where a player's strategies pay "
                "exactly the same against a profile of the others"
                + (" (equal in every world: the choice cannot matter there)"
                   if ties["in_every_world"].all() else "") + ":", "",
                _markdown(summary.reset_index().rename(columns={"best_response": "among best replies"})),
                "", "Against these profiles of the others (a player's own column is empty):", "",
                _markdown(ties.head(TIES_SHOWN).fillna(""))]
        if len(ties) > TIES_SHOWN:
            out.append(f"... and {len(ties) - TIES_SHOWN} more (ties.csv).")
        out += [""]
        if analysis.continua.empty:
            out += ["No pure equilibrium sits on a tie among best replies, so these ties do "
                    "not make continua of pure-based equilibria."]
        else:
            out += ["Where best replies tie at a pure equilibrium, equilibria are **not "
                    "isolated**: there are continua of (mixed) equilibria, of which a solver "
                    "returns single points at most:", "", _markdown(analysis.continua)]
    if analysis.mixed is not None:
        out += ["", f"{h}# Mixed equilibria found", ""]
        found = analysis.mixed.groupby("equilibrium", sort=True).first()
        methods = ", ".join(sorted({m for ms in found["methods"] for m in ms.split(", ")}))
        if found.empty:
            out.append("The mixed solvers found no equilibrium.")
        else:
            out.append(f"{methods} (pygambit) found {len(found)} distinct "
                       f"equilibri{'um' if len(found) == 1 else 'a'}. These are equilibria **found, not all**: each solver follows "
                       "one path from its starting point."
                       + (" Points of the continua above count separately." if not
                          analysis.continua.empty else ""))
            wide = analysis.mixed.assign(p=analysis.mixed["probability"].round(3))
            for n, group in wide[wide["equilibrium"] <= MIXED_SHOWN].groupby("equilibrium"):
                head = found.loc[n]
                mix = "; ".join(
                    f"{player}: " + ", ".join(f"{s} {p:g}" for s, p in zip(g["strategy"], g["p"]) if p > 0)
                    for player, g in group.groupby("player", sort=False))
                out.append(f"- {n} ({head['methods']}; regret {head['regret']:.2g} {unit}"
                           + (f"; pure: {head['pure']}" if head["pure"] else "") + f"): {mix}")
        if len(found) > MIXED_SHOWN:
            out.append(f"- ... and {len(found) - MIXED_SHOWN} more (mixed_equilibria.csv).")
        if analysis.solver_notes:
            out += ["", "Solver notes: "
                    + "; ".join(analysis.solver_notes) + "."]
    if analysis.qre_limit is not None:
        limit = analysis.qre_limit
        pure = gambit.pure_profile(limit.mixture, 1e-3)
        out += ["", f"{h}# Logit QRE", "",
                f"The principal branch of the logit quantal response equilibrium, traced by "
                f"pygambit from lambda = 0 (uniform play) to lambda = {limit.lam:.3g} per {unit}, "
                + (f"selects the pure equilibrium **{table.label(pure)}**" if pure is not None else
                   "ends at a mixed profile: " + "; ".join(
                       f"{player}: " + ", ".join(f"{s} {p:.3g}" for s, p in zip(names, mix) if p > 1e-3)
                       for player, names, mix in zip(table.players, table.strategies, limit.mixture)))
                + f" (regret {limit.regret:.2g} {unit}"
                + (f"; {limit.bifurcations} bifurcation(s) on the way" if limit.bifurcations else "")
                + ("" if limit.success else "; the tracer did not reach its regret target") + ")."]
    out += ["", f"{h}# Caveat", "", CAVEAT, ""]
    return "\n".join(out)
