"""The ``hedgesim`` command line.

Bad input of any kind (a config, an argument, a parameter out of range) gets
one line on stderr naming what is wrong and what is allowed, exit code 2, and
nothing half-written on disk.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence

from hedgesim.game.parameters import ConfigError, ParameterError

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """A command-line argument that is not allowed."""


class Parser(argparse.ArgumentParser):
    """argparse, but an error is one line and exit code 2 (no usage dump)."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def bounded(kind: Callable, low: float, high: float | None, what: str) -> Callable[[str], int | float]:
    """An argparse type: ``kind`` within [low, high]."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if value < low or (high is not None and value > high):
            top = f" to {high}" if high is not None else " or more"
            raise argparse.ArgumentTypeError(f"{text} is out of range; allowed: {what} from {low}{top}")
        return value
    return parse


def cmd_scenarios(args: argparse.Namespace) -> int:
    from hedgesim.config.scenarios import all_scenarios

    scenarios = all_scenarios()
    width = max(len(s.name) for s in scenarios)
    for s in scenarios:
        line = " ".join(s.description.split())
        first = line.split(". ")[0].rstrip(".") + "."
        print(f"{s.name:<{width}}  {s.title}: {first}")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    from hedgesim.game.parameters import PARAMETERS

    for p in PARAMETERS.values():
        if args.group and p.group != args.group:
            continue
        print(f"{p.name} = {p.default!r}  [{p.allowed}]  ({p.group})")
        if args.verbose:
            print(textwrap.indent(textwrap.fill(p.description, 88), "    "))
            print(textwrap.indent(textwrap.fill("source: " + p.source, 88), "    "))
    return 0


def parse_settings(items: Sequence[str] | None) -> dict[str, object]:
    """``--set NAME=VALUE`` items as a parameter mapping, each value validated against the schema."""
    import yaml

    from hedgesim.game.parameters import PARAMETERS, check_value, unknown_parameter

    settings: dict[str, object] = {}
    for item in items or ():
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"hedgesim run: --set {item!r}: expected NAME=VALUE, e.g. --set risk_weight=2")
        if name not in PARAMETERS:
            raise UsageError(f"hedgesim run: --set {name}: {unknown_parameter(name)}")
        try:
            value = yaml.safe_load(text) if text.strip() else text
        except yaml.YAMLError:
            value = text
        spec = PARAMETERS[name]
        if spec.kind == "choice":
            value = text.strip()
        elif spec.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        try:
            check_value(name, value)
        except ParameterError as error:
            raise UsageError(f"hedgesim run: --set {name}={text}: {error}") from None
        if spec.kind == "int":
            value = int(value)
        settings[name] = value
    return settings


def cmd_run(args: argparse.Namespace) -> int:
    from hedgesim.config.scenarios import load_scenario
    from hedgesim.runs import run_scenario, summary_lines, write_run

    settings = parse_settings(args.set)
    scenario = load_scenario(args.scenario)
    if settings:
        scenario = scenario.model_copy(update={"params": {**scenario.params, **settings}})
    out = args.out or f"results/{scenario.name}"
    result = run_scenario(scenario, steps=args.steps, seed=args.seed, worlds=args.worlds)
    folder = write_run(result, out)
    for line in summary_lines(result):
        print(line)
    print(f"wrote {folder}/: timeseries.parquet, timeseries.csv, manifest.json, overview.png")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from hedgesim.analysis.sweep import load_spec, run_sweep

    spec = load_spec(args.spec)
    result = run_sweep(spec, out=args.out, executor=args.executor, workers=args.workers,
                       scheduler=args.scheduler, progress=not args.quiet)
    info = result.info
    session = info["timings"]["sessions"][-1]
    runs = session.get("runs", 0)
    rate = runs / session["seconds"] if session.get("seconds") else 0.0
    resumed = info["runs"] - runs
    where = f"{args.executor}" + (f" with {args.workers} workers" if args.workers else "")
    print(f"sweep {spec.name}: {runs:,} runs in {session['seconds']:.1f} s ({rate:,.0f} runs/s) on {where}"
          + (f"; {resumed:,} runs were already done" if resumed else ""))
    state = "complete" if info["complete"] else "INCOMPLETE"
    print(f"{info['runs']:,} runs ({info['points']:,} points x {info['replications']} replications), "
          f"{state}; results in {args.out}/ (runs/ {len(info['chunks_done'])} parts, design.parquet, "
          f"manifest.json)")
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from hedgesim.analysis.sensitivity import run_sensitivity

    result = run_sensitivity(args.spec, method=args.method, out=args.out, executor=args.executor,
                             workers=args.workers, scheduler=args.scheduler, outcomes=args.outcome,
                             progress=not args.quiet)
    key = "ST" if args.method == "sobol" else "mu_star"
    table = result.indices[result.indices["index"] == key]
    print(f"{args.method} sensitivity of {table['outcome'].nunique()} outcomes to "
          f"{len(result.spec.varied)} parameters, N = {result.spec.samples}, "
          f"{len(result.sweep.runs):,} runs: sweep {result.seconds['sweep']:.1f} s, "
          f"analysis {result.seconds['analysis']:.1f} s")
    for outcome in [o for o in ("mean_hedging_index", "final_dependency_hhi", "cumulative_utility")
                    if o in set(table["outcome"])]:
        top = table[table["outcome"] == outcome].nlargest(3, "value")
        print(f"  {outcome}: " + ", ".join(f"{r.parameter} {key} {r.value:.2f}±{r.conf:.2f}"
                                            for r in top.itertuples()))
    if not result.convergence.empty:
        worst = result.convergence["max_change_relative_to_largest"].max()
        print(f"convergence N/2 -> N: largest change of any {key} {100 * worst:.0f} % of the largest "
              f"index; top-5 sets unchanged for "
              f"{int(result.convergence['top5_same_set'].sum())}/{len(result.convergence)} outcomes")
    print(f"wrote {args.out}/: indices.parquet, indices.csv, convergence.csv, charts/, summary.png/svg, "
          f"sweep/")
    return 0


def cmd_game(args: argparse.Namespace) -> int:
    """``hedgesim game``: every strategy profile simulated and solved (docs/game.md)."""
    from hedgesim.analysis.egta import DEFAULT_WORLDS, MapAxis, GameSettings, play, summary_lines

    try:
        settings = parse_settings(args.set)
    except UsageError as error:
        raise UsageError(str(error).replace("hedgesim run:", "hedgesim game:", 1)) from None
    axes = tuple(MapAxis.parse(text, args.levels) for text in args.map or ())
    worlds = args.worlds or DEFAULT_WORLDS[bool(axes)]
    game = GameSettings(args.scenario, worlds=worlds, seed=args.seed, steps=args.steps,
                        params=settings, map=axes)
    command = "hedgesim " + " ".join(sys.argv[1:]) if sys.argv[1:2] == ["game"] else "hedgesim game"
    result = play(game, args.out, executor=args.executor, workers=args.workers,
                  scheduler=args.scheduler, progress=not args.quiet, replicates=args.bootstrap,
                  solvers=not args.no_solvers, command=command)
    for line in summary_lines(result):
        print(line)
    print(f"wrote {args.out}/: " + ", ".join(p.name for p in result.files if p.suffix != ".csv")
          + " (and .csv of each table), game.json, sweep/")
    return 0


def add_game_command(sub) -> None:
    p = sub.add_parser("game", help="is hedging an equilibrium? simulate every strategy profile and "
                                    "solve the empirical game (docs/game.md)")
    p.add_argument("scenario", metavar="SCENARIO", nargs="?", default="baseline",
                   help="a scenario name or YAML file (default baseline)")
    p.add_argument("--worlds", type=bounded(int, 1, 1_000_000, "an integer"),
                   help="worlds per strategy profile, with common random numbers "
                        "(default 1000; 100 with --map)")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="output folder; rerun the same command to resume an interrupted game")
    p.add_argument("--seed", type=bounded(int, 0, 2**62, "a non-negative integer"), default=0,
                   help="base seed (default 0): world k of every profile has the same seed")
    p.add_argument("--steps", type=bounded(int, 1, 400, "an integer number of quarters"),
                   help="quarters per run (default: the scenario's, 40)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="change one parameter of the scenario (repeatable; not the strategies)")
    p.add_argument("--map", nargs="+", metavar="PARAM[=LOW:HIGH]",
                   help="repeat the analysis over a grid of one or two numeric parameters (their "
                        "schema range unless given) and draw a phase diagram of Kazakhstan's "
                        "equilibrium strategy")
    p.add_argument("--levels", type=bounded(int, 2, 50, "an integer"), default=6,
                   help="grid points per --map parameter (default 6)")
    p.add_argument("--bootstrap", type=bounded(int, 0, 100_000, "an integer"), default=1000,
                   help="bootstrap replicates, worlds resampled jointly (default 1000; 0: none)")
    p.add_argument("--no-solvers", action="store_true",
                   help="skip pygambit (mixed equilibria, logit QRE); pure equilibria stay")
    p.add_argument("--executor", choices=("serial", "processes", "dask"), default="serial",
                   help="where chunks run (default serial)")
    p.add_argument("--workers", type=bounded(int, 1, 4096, "an integer"),
                   help="worker processes for processes/dask (default: the CPU count)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler (with --executor dask)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_game)


def cmd_app(args: argparse.Namespace) -> int:
    from hedgesim.app import serve

    return serve(port=args.port, host=args.host)


def build_parser() -> Parser:
    parser = Parser(prog="hedgesim", description="Agent-based hedging game: Kazakhstan between "
                    "China, the EU and Russia (after Botelho dos Santos & Borges 2026).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("scenarios", help="list the bundled scenarios")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("params", help="list every model parameter with its default and range")
    p.add_argument("--group", choices=("behaviour", "kazakhstan", "china", "eu", "russia", "corridors"))
    p.add_argument("-v", "--verbose", action="store_true", help="also print meaning and source")
    p.set_defaults(func=cmd_params)

    p = sub.add_parser("run", help="run one scenario and write its results and figure")
    p.add_argument("scenario", metavar="SCENARIO_OR_YAML",
                   help="a scenario name (see `hedgesim scenarios`) or a path to a scenario YAML file")
    p.add_argument("--steps", type=bounded(int, 1, 400, "an integer number of quarters"),
                   help="quarters to simulate (default: the scenario's, 40)")
    p.add_argument("--seed", type=bounded(int, 0, None, "a non-negative integer"), default=0,
                   help="random seed (default 0); with several worlds, world seeds derive from it")
    p.add_argument("--worlds", type=bounded(int, 1, 1_000_000, "an integer"), default=1,
                   help="independent worlds (replications) to run at once (default 1)")
    p.add_argument("--out", metavar="DIR", help="output folder (default results/SCENARIO)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override one parameter of the scenario, validated like a config "
                        "(repeatable), e.g. --set strategy=bandwagon_china --set risk_weight=2")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sweep", help="run a sweep spec: chunks of worlds, streamed to disk, resumable")
    p.add_argument("spec", metavar="SPEC", help="a sweep spec YAML file or a bundled spec name")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="output folder; rerun the same command to resume an interrupted sweep")
    p.add_argument("--executor", choices=("serial", "processes", "dask"), default="serial",
                   help="where chunks run (default serial)")
    p.add_argument("--workers", type=bounded(int, 1, 4096, "an integer"),
                   help="worker processes for processes/dask (default: the CPU count)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("sensitivity", help="Morris or Sobol sensitivity of every outcome (SALib)")
    p.add_argument("spec", metavar="SPEC", nargs="?",
                   help="a sweep spec with the ranges to analyse (default: every parameter over its "
                        "schema range, configs/sweeps/sobol_all or morris_all)")
    p.add_argument("--method", choices=("morris", "sobol"), default="sobol")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="output folder; rerun the same command to resume an interrupted run")
    p.add_argument("--outcome", action="append", metavar="NAME",
                   help="analyse only this outcome (repeatable; default: all)")
    p.add_argument("--executor", choices=("serial", "processes", "dask"), default="serial")
    p.add_argument("--workers", type=bounded(int, 1, 4096, "an integer"))
    p.add_argument("--scheduler", metavar="ADDRESS")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_sensitivity)

    add_game_command(sub)

    p = sub.add_parser("app", help="start the classroom and sweep web app (works offline)")
    p.add_argument("--port", type=bounded(int, 1, 65535, "a port number"), default=8765,
                   help="port to serve on (default 8765)")
    p.add_argument("--host", default="localhost",
                   help="interface to listen on (default localhost; 0.0.0.0 for a classroom network)")
    p.set_defaults(func=cmd_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = None
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_BAD_INPUT
        return args.func(args)
    except (UsageError, ConfigError, ParameterError) as error:
        print(f"hedgesim: error: {error}" if not str(error).startswith("hedgesim")
              else f"{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        if getattr(args, "command", None) in ("sweep", "sensitivity", "game"):
            print(f"hedgesim: interrupted; the finished chunks are kept in {args.out}: rerun the "
                  f"same command to resume", file=sys.stderr)
        else:
            print("hedgesim: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
