"""The four-player hedging game as an empirical game (Wellman 2006): ``hedgesim game``.

Every profile of the players' high-level strategies (Kazakhstan 4 x China 3 x the
EU 3 x Russia 3 = 108) is simulated over R worlds **through the sweep runner**: a
grid design over the four strategy parameters with R replications and common
random numbers (replication k of every profile runs with the same seed, so world k
is the same draw of the model's randomness under every profile). The sweep is
chunked, resumable and parallel like any other; its runs become the payoff table
``(R, 4, 3, 3, 3, 4)`` that ``hedgesim.analysis.equilibria`` solves.

Each player's payoff is its utility summed over the run (40 quarters by default),
in USD bn: Kazakhstan's ``cumulative_utility`` (returns minus risk_weight times
risk) and the powers' ``cumulative_utility_china``, ``_eu`` and ``_russia``
(``game/outcomes.py``). See docs/game.md.

    from hedgesim.analysis.egta import GameSettings, play
    result = play(GameSettings("baseline", worlds=1000), out="results/game")
    result.analysis.equilibria          # the pure Nash equilibria with bootstrap support

``--map``: the same analysis at every point of a grid of one or two parameters,
all in one sweep (the grid's parameters join the four strategies in the design),
and a phase diagram of Kazakhstan's equilibrium strategy.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import hedgesim
from hedgesim.analysis.equilibria import gambit
from hedgesim.analysis.equilibria import (CAVEAT, EquilibriumAnalysis, PayoffTable, analyse,
                                          payoff_heatmap, phase_diagram, phase_point,
                                          report_section, write_tables)
from hedgesim.analysis.sweep import run_sweep
from hedgesim.analysis.folders import write_atomic
from hedgesim.analysis.sweep.plan import SweepResult
from hedgesim.analysis.sweep.spec import SweepSpec, validate_spec
from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import PARAMETERS, ConfigError

KIND = "hedgesim-game"
PLAYERS = ("Kazakhstan", "China", "EU", "Russia")
# The schema parameter that holds each player's strategy, in player order.
STRATEGY_PARAMETERS = ("strategy", "china_strategy", "eu_strategy", "russia_strategy")
# The strategies of the empirical game: every policy but ``free`` (the unconstrained agent).
STRATEGIES: tuple[tuple[str, ...], ...] = tuple(
    tuple(c for c in PARAMETERS[name].choices if c != "free") for name in STRATEGY_PARAMETERS)
# Each player's payoff: its utility summed over the run (outcomes of game/outcomes.py).
PAYOFFS = ("cumulative_utility", "cumulative_utility_china", "cumulative_utility_eu",
           "cumulative_utility_russia")
UNIT = "USD bn"
KAZAKHSTAN = PLAYERS[0]
MAX_CHUNK = 6000      # worlds per chunk: vectorises well and keeps a worker's memory small
MIN_CHUNK = 1000
DEFAULT_LEVELS = 6
DEFAULT_WORLDS = (1000, 100)   # worlds per profile: one game; a map (levels^2 games)
AUTO_PROCESSES = 400_000       # run-quarters (about 8 s on one core) from which processes pay

assert all(OUTCOMES[name].unit == UNIT for name in PAYOFFS)


# ------------------------------------------------------------------ settings
@dataclass(frozen=True)
class MapAxis:
    """One parameter of a ``--map`` grid: ``levels`` evenly spaced values from ``low`` to ``high``
    (integer parameters rounded, duplicates dropped)."""

    name: str
    low: float
    high: float
    levels: int = DEFAULT_LEVELS

    @property
    def values(self) -> list[float | int]:
        grid = np.linspace(self.low, self.high, self.levels)
        if PARAMETERS[self.name].kind == "int":
            return sorted({int(round(v)) for v in grid})
        return [float(v) for v in grid]

    @classmethod
    def parse(cls, text: str, levels: int = DEFAULT_LEVELS) -> MapAxis:
        """``NAME`` (the schema's whole range) or ``NAME=LOW:HIGH``; ConfigError if not allowed."""
        name, sep, bounds = text.partition("=")
        name = name.strip()
        where = f"--map {text}"
        if name not in PARAMETERS:
            from hedgesim.game.parameters import unknown_parameter
            raise ConfigError(f"{where}: {unknown_parameter(name)}")
        p = PARAMETERS[name]
        if name in STRATEGY_PARAMETERS:
            raise ConfigError(f"{where}: the strategies are the game's own choices; map a numeric "
                              f"parameter instead")
        if p.kind == "choice":
            raise ConfigError(f"{where}: a map needs a numeric parameter; {name!r} is a choice "
                              f"({p.allowed})")
        low, high = p.low, p.high
        if sep:
            parts = bounds.split(":")
            try:
                low, high = (float(x) for x in parts)
            except ValueError:
                raise ConfigError(f"{where}: expected NAME=LOW:HIGH, e.g. {name}={p.low:g}:{p.high:g}"
                                  ) from None
            if not (math.isfinite(low) and math.isfinite(high)):
                raise ConfigError(f"{where}: bounds must be finite numbers")
            if not low < high:
                raise ConfigError(f"{where}: empty range: low {low:g} must be below high {high:g}")
            if low < p.low or high > p.high:
                raise ConfigError(f"{where}: range {low:g} to {high:g} leaves the allowed "
                                  f"{p.allowed}")
        return cls(name, float(low), float(high), levels)


@dataclass(frozen=True)
class GameSettings:
    """What to simulate: a scenario, R worlds per profile, a seed, changes to its parameters
    (not the strategies: the game varies them), and an optional map of one or two parameters."""

    scenario: str = "baseline"
    worlds: int = 1000
    seed: int = 0
    steps: int | None = None            # default: the scenario's (40 quarters)
    params: dict[str, Any] = field(default_factory=dict)
    map: tuple[MapAxis, ...] = ()

    def spec(self) -> SweepSpec:
        """The sweep that simulates every profile (at every map point); ConfigError if not allowed."""
        if not isinstance(self.worlds, int) or isinstance(self.worlds, bool) or self.worlds < 1:
            raise ConfigError(f"--worlds {self.worlds!r}: allowed: an integer from 1")
        fixed = [n for n in self.params if n in STRATEGY_PARAMETERS]
        if fixed:
            raise ConfigError(f"--set {fixed[0]}: the game plays every strategy of every player; "
                              f"do not fix one")
        if len(self.map) > 2:
            raise ConfigError(f"--map: one or two parameters, got {len(self.map)}")
        names = [a.name for a in self.map]
        twice = [n for n in names if names.count(n) > 1]
        if twice:
            raise ConfigError(f"--map {twice[0]}: the same parameter twice")
        for axis in self.map:
            if axis.name in self.params:
                raise ConfigError(f"--map {axis.name}: also fixed with --set; keep one")
            if not isinstance(axis.levels, int) or axis.levels < 2:
                raise ConfigError(f"--levels {axis.levels}: allowed: an integer from 2")
        vary: dict[str, Any] = {a.name: a.values for a in self.map}
        vary.update({name: list(names) for name, names in zip(STRATEGY_PARAMETERS, STRATEGIES)})
        points = math.prod(len(v) for v in vary.values())
        runs = points * self.worlds
        data = {"name": f"game-{Path(self.scenario).stem}", "scenario": self.scenario,
                "params": dict(self.params), "vary": vary, "design": "grid",
                "replications": self.worlds, "seed": self.seed, "keep": "outcomes",
                "chunk_size": chunk_size(runs), "common_random_numbers": True}
        if self.steps is not None:
            data["steps"] = self.steps
        spec = validate_spec(data, "hedgesim game")
        if self.steps is None:
            spec.steps = spec.base.steps
        return spec


def auto_executor(spec: SweepSpec, workers: int | None) -> str:
    """Without ``--executor``: worker processes for a game big enough to repay starting them
    (a few seconds), on as many cores as there are (or ``workers``); else this process."""
    from hedgesim.analysis.sweep.executors import default_workers

    runs = math.prod(len(v) for v in spec.varied.values()) * spec.replications
    cores = workers or default_workers()
    return "processes" if runs * spec.steps >= AUTO_PROCESSES and cores > 1 else "serial"


def check_executor(executor: str, workers: int | None, scheduler: Any) -> None:
    """The executor's arguments, checked before anything is written."""
    from hedgesim.analysis.sweep.executors import EXECUTORS

    if executor not in EXECUTORS:
        raise ConfigError(f"--executor {executor!r}: allowed: {', '.join(EXECUTORS)}")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ConfigError(f"--workers {workers}: allowed: an integer from 1")
    if scheduler is not None and executor != "dask":
        raise ConfigError("--scheduler needs --executor dask")


def chunk_size(runs: int) -> int:
    """Worlds per chunk: at least 16 chunks for big games (so two to eight workers stay busy),
    never more than MAX_CHUNK worlds. A function of the run count only, so a resumed game
    (with any worker count) lays out the same chunks."""
    return int(min(MAX_CHUNK, max(MIN_CHUNK, math.ceil(runs / 16))))


# ------------------------------------------------------------------ payoff tables
def payoff_samples(runs: pd.DataFrame, worlds: int) -> np.ndarray:
    """The runs of one game (one map point) as samples ``(worlds, 4, 3, 3, 3, 4)``.

    ``runs`` needs the four strategy columns, ``replication`` (the world: common
    random numbers give replication k the same seed under every profile) and the
    four payoff outcomes; every profile and world exactly once.
    """
    shape = tuple(len(s) for s in STRATEGIES)
    expected = worlds * math.prod(shape)
    if len(runs) != expected:
        raise ValueError(f"{len(runs)} runs for a game of {expected} (every profile x {worlds} worlds)")
    index = [pd.Categorical(runs[name], categories=list(names)).codes
             for name, names in zip(STRATEGY_PARAMETERS, STRATEGIES)]
    world = runs["replication"].to_numpy()
    if any((i < 0).any() for i in index) or world.min() < 0 or world.max() >= worlds:
        raise ValueError("runs with a strategy or replication outside the game")
    samples = np.full((worlds, *shape, len(PLAYERS)), np.nan)
    samples[(world, *index)] = runs[list(PAYOFFS)].to_numpy(float)
    if np.isnan(samples).any():
        raise ValueError("some profile and world has no run (or two runs share one)")
    return samples


def payoff_table(runs: pd.DataFrame, worlds: int) -> PayoffTable:
    """The empirical payoff table of one game's runs."""
    return PayoffTable.from_samples(payoff_samples(runs, worlds), PLAYERS, STRATEGIES, UNIT)


def tables(sweep: SweepResult, worlds: int) -> Iterator[tuple[dict[str, Any], PayoffTable]]:
    """Each map point's values (empty without a map) and its payoff table."""
    runs = sweep.runs
    axes = [name for name in sweep.spec.varied if name not in STRATEGY_PARAMETERS]
    if not axes:
        yield {}, payoff_table(runs, worlds)
        return
    for values, group in runs.groupby(axes, sort=True):
        values = values if isinstance(values, tuple) else (values,)
        yield dict(zip(axes, (v.item() if hasattr(v, "item") else v for v in values))), \
            payoff_table(group, worlds)


# ------------------------------------------------------------------ the output folder
def _read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out / "game.json").read_text())
    except (OSError, ValueError):
        return None


def check_out(out: Path, spec: SweepSpec) -> None:
    """Refuse an output folder that holds something else, before anything is written."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out}: exists and is not a folder")
    if not out.exists() or not any(out.iterdir()):
        return
    manifest = _read_manifest(out)
    if manifest is None or manifest.get("kind") != KIND:
        raise ConfigError(f"--out {out}: folder exists and does not hold a hedgesim game; choose a "
                          f"new or empty folder")
    if manifest.get("spec_hash") != spec.spec_hash():
        raise ConfigError(f"--out {out}: folder holds another game ({manifest.get('command', '?')}); "
                          f"use another --out or delete the folder")
    if manifest.get("package_version") != hedgesim.__version__:
        raise ConfigError(f"--out {out}: folder was written by hedgesim "
                          f"{manifest.get('package_version')}, this is {hedgesim.__version__}; "
                          f"use another --out")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------ the whole game
@dataclass
class GameResult:
    """A simulated and analysed game: the analysis (one game) or the map's points."""

    settings: GameSettings
    spec: SweepSpec
    sweep: SweepResult
    analysis: EquilibriumAnalysis | None = None          # without a map
    points: pd.DataFrame | None = None                   # with a map: one row per grid point
    analyses: list[tuple[dict[str, Any], EquilibriumAnalysis]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    executor: str = ""

    @property
    def table(self) -> PayoffTable:
        return self.analysis.table


def play(settings: GameSettings, out: str | Path | None = None, *, executor: str | None = None,
         workers: int | None = None, scheduler: Any = None, progress: bool = True,
         replicates: int = 1000, solvers: bool = True,
         simpdiv_seconds: float | None = gambit.SIMPDIV_SECONDS, command: str = "",
         on_progress: Callable[[int, int], None] | None = None,
         should_stop: Callable[[], bool] | None = None, yes: bool = False) -> GameResult | None:
    """Simulate every profile (at every map point) and analyse the payoff table(s).

    With ``out``, the sweep streams to ``out/sweep`` (rerun to resume) and the tables,
    report and figures are written into ``out``. ``solvers``: pygambit's mixed equilibria
    and the logit QRE (for a single game; a map's points get the numpy analysis:
    pure equilibria, regrets, bootstrap). ``simpdiv_seconds``: simplicial subdivision's
    budget (None: skip it). ``yes``: start even if the sweep needs more memory or disk than is
    free. Returns None if ``should_stop`` ended it early.
    """
    spec = settings.spec()
    if replicates < 0:
        raise ConfigError(f"--bootstrap {replicates}: allowed: an integer from 0")
    solvers = solvers and not settings.map
    if solvers:
        try:
            gambit.pygambit()
        except ImportError as error:
            raise ConfigError(f"{error}; or pass --no-solvers") from None
    executor = executor or ("dask" if scheduler is not None else auto_executor(spec, workers))
    check_executor(executor, workers, scheduler)
    folder = Path(out) if out is not None else None
    if folder is not None:
        check_out(folder, spec)
    started = time.perf_counter()
    seconds: dict[str, float] = {}
    manifest: dict[str, Any] = {}
    existed = folder is not None and folder.exists()
    fresh = folder is not None and not (existed and any(folder.iterdir()))
    try:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            manifest = _read_manifest(folder) or {
                "kind": KIND, "command": command, "spec_hash": spec.spec_hash(),
                "package_version": hedgesim.__version__, "created": _now(), "sessions": []}
            manifest.update(settings=_settings_json(settings), complete=False, updated=_now())
            _save_manifest(folder, manifest)
        sweep = run_sweep(spec, out=None if folder is None else folder / "sweep",
                          executor=executor, workers=workers, scheduler=scheduler,
                          progress=progress, on_progress=on_progress, should_stop=should_stop,
                          yes=yes)
    except BaseException:
        # Nothing simulated yet (a Dask scheduler out of reach, Ctrl+C at once): leave no folder
        # behind. Finished chunks are kept, for the same command to resume.
        if fresh and not any((folder / "sweep" / "runs").glob("part-*.parquet")):
            if existed:   # the user's empty folder: take out only what this call wrote
                shutil.rmtree(folder / "sweep", ignore_errors=True)
                (folder / "game.json").unlink(missing_ok=True)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        raise
    seconds["simulation"] = round(time.perf_counter() - started, 3)
    if sweep.info.get("stopped") or (folder is not None and not sweep.info.get("complete")):
        return None
    clock = time.perf_counter()
    result = GameResult(settings, spec, sweep, executor=executor)
    for values, table in tables(sweep, settings.worlds):
        analysis = analyse(table, replicates=replicates, rng=settings.seed, solvers=solvers,
                           simpdiv_seconds=simpdiv_seconds)
        result.analyses.append((values, analysis))
    if settings.map:
        result.points = map_points(result.analyses)
    else:
        result.analysis = result.analyses[0][1]
    seconds["analysis"] = round(time.perf_counter() - clock, 3)
    result.seconds = seconds
    if folder is not None:
        clock = time.perf_counter()
        result.files = write_game(result, folder)
        seconds["writing"] = round(time.perf_counter() - clock, 3)
    seconds["total"] = round(time.perf_counter() - started, 3)
    result.seconds = seconds
    if folder is not None:
        session = sweep.info.get("timings", {}).get("sessions", [{}])[-1]
        manifest["sessions"].append({"finished": _now(), "executor": executor, "workers": workers,
                                     "runs_simulated": session.get("runs"), "seconds": seconds})
        manifest.update(complete=True, updated=_now(), summary=summary_json(result),
                        files=sorted(p.name for p in result.files))
        _save_manifest(folder, manifest)
    return result


def _settings_json(settings: GameSettings) -> dict[str, Any]:
    return {"scenario": settings.scenario, "worlds": settings.worlds, "seed": settings.seed,
            "steps": settings.steps, "params": settings.params,
            "map": [{"name": a.name, "low": a.low, "high": a.high, "levels": a.levels,
                     "values": a.values} for a in settings.map],
            "players": list(PLAYERS), "strategies": [list(s) for s in STRATEGIES],
            "strategy_parameters": list(STRATEGY_PARAMETERS), "payoffs": list(PAYOFFS),
            "unit": UNIT}


def _save_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=1, default=str) + "\n"
    write_atomic(folder / "game.json", lambda p: p.write_text(text))


# ------------------------------------------------------------------ maps
def map_points(analyses: Sequence[tuple[dict[str, Any], EquilibriumAnalysis]]) -> pd.DataFrame:
    """One row per map point: its parameter values, Kazakhstan's equilibrium strategy
    (``phase_point``), the pure equilibria in words with their bootstrap support."""
    rows = []
    for values, analysis in analyses:
        point = phase_point(analysis, KAZAKHSTAN)
        eq = analysis.equilibria
        support = eq["support"] if "support" in eq else pd.Series(np.nan, index=eq.index)
        rows.append(values | point | {
            "pure_equilibria": " | ".join(eq["profile"]),
            "equilibrium_support": " | ".join(f"{s:.2f}" for s in support),
            "min_regret": float(analysis.profiles["regret"].min()),
            "hedge_regret": _hedge_regret(analysis)})
    return pd.DataFrame(rows)


def _hedge_regret(analysis: EquilibriumAnalysis) -> float:
    """The smallest regret of any profile in which Kazakhstan hedges (0: hedging is played in
    a pure equilibrium)."""
    profiles = analysis.profiles
    return float(profiles.loc[profiles[KAZAKHSTAN] == "hedge", "regret"].min())


def map_profiles(analyses: Sequence[tuple[dict[str, Any], EquilibriumAnalysis]]) -> pd.DataFrame:
    """Every profile at every map point: regret, Nash, support and each player's mean payoff."""
    parts = []
    for values, analysis in analyses:
        frame = analysis.profiles.copy()
        means = analysis.table.mean.reshape(-1, len(PLAYERS))
        for i, player in enumerate(PLAYERS):
            frame[f"payoff_{player}"] = means[:, i]
        for name, value in reversed(list(values.items())):
            frame.insert(0, name, value)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def phase_figure(result: GameResult):
    axes = [a.name for a in result.settings.map]
    return phase_diagram(result.points, axes[0], axes[1] if len(axes) > 1 else None,
                         strategies=STRATEGIES[0], player=KAZAKHSTAN)


# ------------------------------------------------------------------ writing
def write_game(result: GameResult, out: Path) -> list[Path]:
    """The tables (Parquet and CSV), the report and the figure; each file whole or not at all."""
    written: list[Path] = []
    if result.analysis is not None:
        written += write_tables(result.analysis, out)
        text = game_report(result)
        write_atomic(out / "equilibria.md", lambda p: p.write_text(text))
        fig = payoff_heatmap(result.analysis.table, KAZAKHSTAN)
        fig.suptitle(f"Kazakhstan's payoff in the {result.settings.scenario} game "
                     f"({result.settings.worlds} worlds per profile)", fontsize=10)
        write_atomic(out / "heatmap.png", lambda p: fig.savefig(p, dpi=110, format="png"))
        written.append(out / "heatmap.png")
    else:
        frames = {"map": result.points, "map_profiles": map_profiles(result.analyses)}
        for name, frame in frames.items():
            for ext in ("parquet", "csv"):
                path = out / f"{name}.{ext}"
                if ext == "parquet":
                    write_atomic(path, lambda p, f=frame: f.to_parquet(p, index=False))
                else:
                    write_atomic(path, lambda p, f=frame: f.to_csv(p, index=False))
                written.append(path)
        fig = phase_figure(result)
        write_atomic(out / "phase.png", lambda p: fig.savefig(p, dpi=110, format="png"))
        text = map_report(result)
        write_atomic(out / "map.md", lambda p: p.write_text(text))
        written += [out / "phase.png", out / "map.md"]
    return written


# ------------------------------------------------------------------ words
def degenerate_note(analysis: EquilibriumAnalysis) -> str:
    """What the exact ties of this table are, where they occur, and why, in the model's terms."""
    ties = analysis.ties
    table = analysis.table
    lines: list[str] = []
    if ties.empty:
        lines.append("No strategy of any player pays exactly the same as another against any "
                     "profile of the others.")
    else:
        lines.append(f"{len(ties)} exact ties, each equal in every world"
                     if ties["in_every_world"].all() else f"{len(ties)} exact ties")
        lines[-1] += " (common random numbers: where a choice cannot matter, it changes nothing):"
        lines.append("")
        for (player, tied), group in ties.groupby(["player", "tied"], sort=False):
            i = table.player_index(player)
            others = [j for j in range(len(PLAYERS)) if j != i]
            possible = math.prod(table.shape[j] for j in others)
            present = {PLAYERS[j]: [s for s in STRATEGIES[j] if s in set(group[PLAYERS[j]])]
                       for j in others}
            where = [f"{p} {' or '.join(names)}" for p, names in present.items()
                     if len(names) < len(STRATEGIES[PLAYERS.index(p)])]
            exact = len(group) == math.prod(len(names) for names in present.values())
            line = f"- {player}: {tied}, against {len(group)} of the {possible} profiles of the others"
            if exact and where:
                line += f": exactly those with {', '.join(where)}"
            line += "." + _tie_reason(player, tied, present)
            lines.append(line)
    kazakh = ties[ties["player"] == KAZAKHSTAN] if not ties.empty else ties
    lines += ["", "**A withdrawn EU.** With no EU offer on the table, the part of each Kazakh "
              "policy that answers the EU's offers has nothing to answer, so it cannot matter. "
              + ("It does not make Kazakhstan's policies pay alike, though: each fixes a different "
                 "alignment move (rebalance, tilt toward China, the EU or Russia), which changes "
                 "Kazakhstan's trade income and its exposure to coercion with or without EU offers. "
                 "So there is no tie among Kazakhstan's strategies against a withdrawn EU, and no "
                 "continuum of equilibria from one."
                 if kazakh.empty else
                 f"Kazakhstan's strategies tie in {len(kazakh)} cases (listed above).")]
    lines += ["", ("No pure equilibrium sits on a tie among best replies, so none of them is part "
                   "of a continuum." if analysis.continua.empty else
                   f"{len(analysis.continua)} case(s) where a pure equilibrium sits on a tie among "
                   "best replies: such equilibria belong to continua (table above), of which any "
                   "solver returns single points.")]
    return "\n".join(lines)


def _tie_reason(player: str, tied: str, present: dict[str, list[str]]) -> str:
    """The model's reason for a tie, where it is known."""
    names = set(tied.split(" = "))
    never_tilts_russia = set(present.get(KAZAKHSTAN, [])) <= {"hedge", "bandwagon_china",
                                                             "bandwagon_eu"}
    if player == "Russia" and {"court", "acquiesce"} <= names and never_tilts_russia:
        return (" Russia's EAEU transfers are paid only in quarters when Kazakhstan tilts toward "
                "Russia, and these Kazakh policies never do; Russia's courting is then a promise "
                "nobody collects, so court and acquiesce are the same policy.")
    if player == "EU" and "withdraw" not in names:
        return (" In this run the difference between the EU's offers never reached the EU's "
                "payoff (its projects pay only once built, after their build lag).")
    return ""


def game_report(result: GameResult) -> str:
    """The markdown report of one game: how it was made, then the analysis section."""
    s, analysis = result.settings, result.analysis
    table = analysis.table
    strategies = "; ".join(f"{p}: {', '.join(n)}" for p, n in zip(PLAYERS, STRATEGIES))
    lines = [f"# Is hedging an equilibrium? The {s.scenario} game", "",
             f"Every profile of the restricted strategy game ({strategies}) simulated over "
             f"{s.worlds} worlds with common random numbers (seed {s.seed}, "
             f"{result.spec.steps} quarters), through the sweep runner (`sweep/`). Each player's "
             f"payoff is its utility summed over the run, in {UNIT}: Kazakhstan's "
             f"`cumulative_utility` (returns minus risk_weight x risk), the powers' "
             f"`cumulative_utility_china`, `_eu`, `_russia`."
             + (f" Parameters changed from the scenario: {s.params}." if s.params else ""), "",
             f"Timings: simulation {result.seconds.get('simulation', float('nan')):.1f} s, "
             f"analysis {result.seconds.get('analysis', float('nan')):.1f} s.", "",
             "![Kazakhstan's payoff against each profile of the others](heatmap.png)", "",
             report_section(analysis, level=2), "",
             "## Exact ties in this model", "", degenerate_note(analysis), "",
             "## Files", "",
             "`payoffs` (mean and 95 % interval per profile and player), `deviations` (each "
             "unilateral deviation's gain with its paired interval), `profiles` (regret, Nash, "
             "epsilon, bootstrap support), `ties`, `continua`, `equilibrium_counts`, "
             "`mixed_equilibria`, `qre_branch`, `qre_limit`: each as .parquet and .csv; "
             "`heatmap.png`; `game.json` (settings, timings); `sweep/` (every run's outcomes).", ""]
    del table
    return "\n".join(lines)


def map_report(result: GameResult) -> str:
    s = result.settings
    axes = ", ".join(f"{a.name} ({len(a.values)} levels, {a.low:g} to {a.high:g})" for a in s.map)
    points = result.points
    counts = points["strategy"].value_counts()
    lines = [f"# Where is hedging an equilibrium? The {s.scenario} game over {axes}", "",
             f"At each of {len(points)} grid points, every profile simulated over {s.worlds} "
             f"worlds (common random numbers, seed {s.seed}); the pure equilibria of the mean "
             f"table (numpy) and their bootstrap support. Payoffs in {UNIT}.", "",
             "![Kazakhstan's strategy in the pure equilibria](phase.png)", "",
             "Kazakhstan's equilibrium strategy at the grid points: "
             + ", ".join(f"{k} {v}" for k, v in counts.items()) + ". *Kazakhstan plays*: its "
             "strategy in every pure equilibrium (*several* where they differ, *none* where there "
             "is none); *support*: the share of bootstrap replicates (worlds resampled jointly) "
             "that agree; each equilibrium with the share of replicates in which it is one.", "",
             "| " + " | ".join([a.name for a in s.map] + ["Kazakhstan plays", "equilibria",
                                                          "support", "pure equilibria"]) + " |",
             "|" + "---|" * (len(s.map) + 4)]
    for row in points.itertuples(index=False):
        row = row._asdict()
        # each equilibrium with its own support, "; "-separated: a "|" would split the table's cell
        each = [p if x == "nan" else f"{p} ({float(x):.0%})"
                for p, x in zip(row["pure_equilibria"].split(" | "), row["equilibrium_support"].split(" | "))
                if p]
        support = "" if pd.isna(row["support"]) else f"{row['support']:.0%}"
        lines.append("| " + " | ".join([f"{row[a.name]:g}" for a in s.map]
                                       + [row["strategy"], str(row["equilibria"]), support,
                                          "; ".join(each) or "none"]) + " |")
    lines += ["", "## Caveat", "", CAVEAT, ""]
    return "\n".join(lines)


def summary_json(result: GameResult) -> dict[str, Any]:
    if result.analysis is not None:
        eq = result.analysis.equilibria
        return {"pure_equilibria": [{"profile": r.profile, "support": getattr(r, "support", None),
                                     "epsilon": r.epsilon} for r in eq.itertuples()],
                "ties": len(result.analysis.ties)}
    return {"points": len(result.points),
            "kazakhstan_strategy": result.points["strategy"].value_counts().to_dict()}


def summary_lines(result: GameResult) -> list[str]:
    """What the terminal shows after a game."""
    s = result.settings
    lines = []
    if result.analysis is not None:
        analysis = result.analysis
        eq = analysis.equilibria
        lines.append(f"{len(eq)} pure Nash equilibri{'um' if len(eq) == 1 else 'a'} "
                     f"(regret 0 on the mean table):" if len(eq) else
                     "no pure Nash equilibrium in the mean table")
        for row in eq.itertuples():
            support = getattr(row, "support", float("nan"))
            lines.append(f"  {row.profile}  bootstrap support {support:.0%}, epsilon "
                         f"{row.epsilon:.3g} {UNIT}")
        if analysis.qre_limit is not None:
            from hedgesim.analysis.equilibria.gambit import pure_profile

            pure = pure_profile(analysis.qre_limit.mixture, 1e-3)
            lines.append("  logit QRE branch selects: "
                         + (analysis.table.label(pure) if pure is not None else "a mixed profile"))
        if not analysis.ties.empty:
            lines.append(f"  degenerate game: {len(analysis.ties)} exact ties (see equilibria.md)")
    else:
        counts = result.points["strategy"].value_counts()
        lines.append(f"{len(result.points)} map points; Kazakhstan's equilibrium strategy: "
                     + ", ".join(f"{k} at {v}" for k, v in counts.items()))
    runs = result.sweep.info.get("runs", len(result.sweep.runs))
    lines.append(f"simulation {result.seconds['simulation']:.1f} s ({runs:,} runs, {result.executor}), "
                 f"analysis {result.seconds['analysis']:.1f} s")
    del s
    return lines
