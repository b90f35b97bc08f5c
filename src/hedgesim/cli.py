"""The ``hedgesim`` command line.

Bad input of any kind (a config, an argument, a parameter out of range, a
folder that cannot be written, a full disk, a job too large for the machine)
gets one line on stderr naming what is wrong and what is allowed, exit code 2,
and nothing half-written on disk; ``--debug`` adds the traceback. SIGINT,
SIGTERM and SIGHUP stop a command cleanly (a sweep keeps its finished chunks)
with exit code 128 + the signal's number: 130, 143 or 129.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence

from hedgesim.game.parameters import ConfigError, ParameterError, excerpt, shorten

EXIT_BAD_INPUT = 2
EXIT_SIGPIPE = 128 + signal.SIGPIPE
MAX_SEED = 2**63 - 1  # seeds are 64-bit signed integers (numpy int64)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """SIGINT, SIGTERM or SIGHUP: stop as Ctrl-C does."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


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
            value = kind(text) if len(text) <= 100 else None
        except ValueError:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(f"{excerpt(text)} is not {what}")
        if value < low or (high is not None and value > high):
            top = f" to {high}" if high is not None else " or more"
            raise argparse.ArgumentTypeError(f"{shorten(text, 40)} is out of range; allowed: {what} "
                                             f"from {low}{top}")
        return value
    return parse


def folder(text: str) -> str:
    """An argparse type: a folder path, not empty."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path is not allowed; give a folder name")
    return text


def cmd_scenarios(args: argparse.Namespace) -> int:
    from hedgesim.config.scenarios import all_scenarios

    scenarios = all_scenarios()
    width = max(len(s.name) for s in scenarios)
    for s in scenarios:
        line = " ".join(s.description.split())
        first = line.split(". ")[0].rstrip(".") + "."
        print(f"{s.name:<{width}}  {s.title}: {first}")
    return 0


def cmd_params(args: argparse.Namespace) -> int:  # piped into `head`: see main's BrokenPipeError
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
    from hedgesim.config.yaml_files import parse_yaml
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
            value = parse_yaml(text, f"--set {name}") if text.strip() else text
        except ConfigError:
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
    from hedgesim.analysis.folders import check_out_folder
    from hedgesim.analysis.resources import check_fits
    from hedgesim.config.scenarios import load_scenario
    from hedgesim.runs import estimate_run, run_scenario, summary_lines, write_run

    settings = parse_settings(args.set)
    scenario = load_scenario(args.scenario)
    if settings:
        scenario = scenario.model_copy(update={"params": {**scenario.params, **settings}})
    out = check_out_folder(args.out or f"results/{scenario.name}")
    steps = scenario.steps if args.steps is None else args.steps
    check_fits(estimate_run(scenario.name, args.worlds, steps), out, args.yes,
               hint="; use fewer --worlds (or a sweep, which streams runs to disk)")
    result = run_scenario(scenario, steps=args.steps, seed=args.seed, worlds=args.worlds)
    folder = write_run(result, out)
    for line in summary_lines(result):
        print(line)
    print(f"wrote {folder}/: timeseries.parquet, timeseries.csv, manifest.json, overview.png")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from hedgesim.analysis.sweep import load_spec, run_sweep

    if args.spec_option is not None:
        if args.spec is not None and args.spec != args.spec_option:
            raise UsageError(f"hedgesim sweep: two specs given ({excerpt(args.spec)} and --spec "
                             f"{excerpt(args.spec_option)}); give one")
        args.spec = args.spec_option
    if args.check is not None:
        if args.out is not None:
            raise UsageError("hedgesim sweep: --check OUT runs nothing; give it without --out")
        return check_sweep(args.check, load_spec(args.spec) if args.spec is not None else None)
    if args.spec is None or args.out is None:
        raise UsageError("hedgesim sweep: give a SPEC and --out DIR to run (or --check DIR to verify a "
                         "folder) (see hedgesim sweep --help)")
    spec = load_spec(args.spec)
    result = run_sweep(spec, out=args.out, executor=args.executor, workers=args.workers,
                       scheduler=args.scheduler, progress=not args.quiet, yes=args.yes)
    info = result.info
    session = info["timings"]["sessions"][-1]
    runs = session.get("runs", 0)
    rate = runs / session["seconds"] if session.get("seconds") else 0.0
    resumed = info["runs"] - runs
    where = f"{args.executor}" + (f" with {args.workers} workers" if args.workers else "")
    print(f"sweep {spec.name}: {runs:,} runs in {session['seconds']:.1f} s ({rate:,.0f} runs/s) on {where}"
          + (f"; {resumed:,} runs were already done" if resumed else ""))
    state = "complete" if info["complete"] else "INCOMPLETE"
    healed = info.get("healed") or []
    print(f"{info['runs']:,} runs ({info['points']:,} points x {info['replications']} replications), "
          f"{state}; results in {args.out}/ (runs/ {len(info['chunks_done'])} parts, design.parquet, "
          f"manifest.json)" + (f"; healed {len(healed)} fault{'s' if len(healed) > 1 else ''} found "
                               f"on opening it" if healed else ""))
    return 0


def check_sweep(out: str, spec) -> int:
    """``hedgesim sweep --check OUT``: verify a folder, write nothing; 0 if complete and intact."""
    from hedgesim.analysis.sweep.store import check_folder

    folder = check_folder(out, spec)
    v = folder.verification
    problems = [p.replace(" is ", ": ", 1) if p.startswith(("manifest.json is ", "design.parquet is "))
                else p for p in (folder.manifest_problem, folder.design_problem) if p]
    faults = problems + [str(f) for f in v.faults]
    print(f"sweep {folder.spec.name} (spec hash {folder.spec.spec_hash()}) in {out}: {v.chunks:,} chunks "
          f"planned, {len(v.done):,} verified, {len(v.missing):,} not done, {len(faults)} "
          f"fault{'s' if len(faults) != 1 else ''}")
    for line in faults[:200]:
        print(f"  {line}")
    if len(faults) > 200:
        print(f"  ... and {len(faults) - 200} more")
    for note in v.notes[:20]:
        print(f"  note: {note}")
    if folder.other_model:
        print(f"  note: {folder.other_model}; resuming it with this model is refused")
    if faults or v.missing:
        stray = sum(f.stray for f in v.faults)
        actions = [f"recomputes {len(v.missing):,} chunk{'s' if len(v.missing) != 1 else ''}"] if v.missing else []
        if stray:
            actions.append(f"moves {stray} stray file{'s' if stray > 1 else ''} to quarantine/")
        if folder.design_problem:
            actions.append("rewrites design.parquet")
        if folder.manifest_problem:
            actions.append("rebuilds manifest.json from the spec")
        print(f"rerunning the sweep (hedgesim sweep SPEC --out {out}) {', '.join(actions)}")
        return 1
    print("complete and intact")
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from hedgesim.analysis.sensitivity import run_sensitivity

    result = run_sensitivity(args.spec, method=args.method, out=args.out, executor=args.executor,
                             workers=args.workers, scheduler=args.scheduler, outcomes=args.outcome,
                             progress=not args.quiet, yes=args.yes)
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


def cmd_app(args: argparse.Namespace) -> int:
    from hedgesim.app import serve

    return serve(port=args.port, host=args.host)


def build_parser() -> Parser:
    parser = Parser(prog="hedgesim", description="Agent-based hedging game: Kazakhstan between "
                    "China, the EU and Russia (after Botelho dos Santos & Borges 2026).")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an error (anywhere on the command line)")
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
    p.add_argument("--seed", type=bounded(int, 0, MAX_SEED, "an integer"), default=0,
                   help="random seed (default 0); with several worlds, world seeds derive from it")
    p.add_argument("--worlds", type=bounded(int, 1, 1_000_000, "an integer"), default=1,
                   help="independent worlds (replications) to run at once (default 1)")
    p.add_argument("--out", metavar="DIR", type=folder, help="output folder (default results/SCENARIO)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override one parameter of the scenario, validated like a config "
                        "(repeatable), e.g. --set strategy=bandwagon_china --set risk_weight=2")
    p.add_argument("--yes", action="store_true",
                   help="start even if the run needs more memory or disk than is free")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sweep", help="run a sweep spec: chunks of worlds, streamed to disk, resumable")
    p.add_argument("spec", metavar="SPEC", nargs="?", help="a sweep spec YAML file or a bundled spec name")
    p.add_argument("--out", metavar="DIR", type=folder,
                   help="output folder; rerun the same command to resume an interrupted sweep (it "
                        "verifies every part first and recomputes damaged ones)")
    p.add_argument("--check", metavar="DIR", type=folder,
                   help="verify a sweep folder against its plan and run nothing: exit 0 if complete "
                        "and intact, 1 if not (each fault is listed)")
    p.add_argument("--spec", dest="spec_option", metavar="SPEC",
                   help="with --check: the spec to check against (for a folder whose manifest is lost)")
    p.add_argument("--yes", action="store_true",
                   help="start even if the sweep needs more memory or disk than is free")
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
    p.add_argument("--out", metavar="DIR", required=True, type=folder,
                   help="output folder; rerun the same command to resume an interrupted run")
    p.add_argument("--yes", action="store_true",
                   help="start even if the sweep needs more memory or disk than is free")
    p.add_argument("--outcome", action="append", metavar="NAME",
                   help="analyse only this outcome (repeatable; default: all)")
    p.add_argument("--executor", choices=("serial", "processes", "dask"), default="serial")
    p.add_argument("--workers", type=bounded(int, 1, 4096, "an integer"))
    p.add_argument("--scheduler", metavar="ADDRESS")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_sensitivity)

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
    debug = False
    stopping = {"signals": 0}

    def stop(signum, frame):
        stopping["signals"] += 1
        if stopping["signals"] == 1:
            raise Interrupted(signum)
        if stopping["signals"] >= 3:  # a third signal while stopping: give up on tidying
            os._exit(128 + signum)

    # A signal ignored by whoever started us stays ignored (`nohup`: SIGHUP; `cmd &` in a script: SIGINT).
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS} if _main_thread() else {}
    previous = {sig: handler for sig, handler in previous.items() if handler is not signal.SIG_IGN}
    for sig in previous:
        signal.signal(sig, stop)
    argv = list(sys.argv[1:] if argv is None else argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    debug = "--debug" in argv[:cut]  # accepted before or after the command
    argv = [a for a in argv[:cut] if a != "--debug"] + argv[cut:]
    try:
        args = parser.parse_args(argv)
        args.debug = debug
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_BAD_INPUT
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except KeyboardInterrupt as interruption:
        signum = getattr(interruption, "signum", signal.SIGINT)
        name = signal.Signals(signum).name
        if getattr(args, "command", None) in ("sweep", "sensitivity") and getattr(args, "out", None):
            _say(f"hedgesim: interrupted ({name}); the finished chunks are kept in {args.out}: rerun the "
                 f"same command to resume")
        else:
            _say(f"hedgesim: interrupted ({name}); nothing half-written was kept")
        return 128 + signum
    except BrokenPipeError:
        # The reader went away (`hedgesim params | head`): stop quietly, as other tools do.
        _silence_stdout()
        return EXIT_SIGPIPE
    except Exception as error:  # noqa: BLE001 - the one place errors become one line
        if debug:
            traceback.print_exc()
        _say(explain_error(error, args))
        return EXIT_BAD_INPUT if _user_error(error) else 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _user_error(error: BaseException) -> bool:
    return isinstance(error, UsageError | ConfigError | ParameterError | OSError | MemoryError)


def explain_error(error: BaseException, args: argparse.Namespace | None) -> str:
    """One line for any error: what went wrong and, where it helps, what to do."""
    if isinstance(error, UsageError | ConfigError | ParameterError):
        text = " ".join(str(error).split())
        return shorten(text if text.startswith("hedgesim") else f"hedgesim: error: {text}", 2000)
    command = getattr(args, "command", None)
    kept = (f"; the finished chunks are kept in {getattr(args, 'out', '')}: rerun the same command to resume"
            if command in ("sweep", "sensitivity") and getattr(args, "out", None)
            else "; nothing half-written was kept")
    if isinstance(error, MemoryError):
        return f"hedgesim: error: out of memory{kept}; use a smaller job"
    if isinstance(error, OSError):
        where = f"{shorten(str(error.filename), 200)}: " if error.filename else ""
        what = error.strerror or type(error).__name__
        advice = {errno.ENOSPC: "free some disk space", errno.EDQUOT: "free some of your disk quota",
                  errno.EROFS: "choose a writable --out", errno.EACCES: "choose a writable --out"}
        hint = f"; {advice[error.errno]}" if error.errno in advice else ""
        return f"hedgesim: error: {where}{what.lower()}{kept}{hint}"
    detail = shorten(" ".join(str(error).split()), 300)
    return (f"hedgesim: internal error ({type(error).__name__}: {detail}); please report it with the "
            f"traceback that --debug prints")


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
