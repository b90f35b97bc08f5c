"""A calibration from config to output folder: ABC-SMC, the posterior, the predictive check, figures.

``calibrate(config, out=DIR, until=YEAR)`` fits the config's parameters to the
observations up to ``until`` and writes, all at once or not at all:

==========================  =========================================================
``posterior.parquet``       the last ABC-SMC generation: parameters, weight, distance
``generations.csv``         each generation's threshold, simulations, acceptance, time
``identification.csv``      prior against posterior for each parameter, and the verdict
``correlations.csv``        the posterior's strongly correlated pairs
``coverage.csv``            every observed point against the predictive bands
``coverage_summary.csv``    the share inside the bands, by role
``predictive.parquet``      the predictive worlds' annual values, 2014-2025
``out_of_sample.csv/.png``  (with ``until`` before 2025) the held-out points and figure
``marginals.png``           posterior over prior, one panel per parameter
``pairs.png``               the posterior's pairs
``predictive.png``          observed points over the 50 % and 90 % bands, one panel per series
``report.md``               all of it in words and tables
``manifest.json``           the config, its hash, seeds, versions, timings
==========================  =========================================================

It is not resumable: the bundled config finishes in minutes (``benchmarks/``).
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import hedgesim
from hedgesim.analysis.calibration.bridge import SmcResult, calibrate_with_elfi, import_elfi
from hedgesim.analysis.calibration.config import LAST_YEAR, Budget, CalibrationConfig, fitted_years, load_config
from hedgesim.analysis.calibration.posterior import KIND, POSTERIOR_FILE, Posterior, correlations, \
    identification
from hedgesim.analysis.calibration.predictive import Predictive, coverage_summary, predictive_check
from hedgesim.analysis.calibration.statistics import observed_points, simulate_annual, summaries
from hedgesim.analysis.folders import check_out_folder, scratch_then_replace
from hedgesim.config.yaml_files import shown
from hedgesim.game.parameters import ConfigError


@dataclass
class CalibrationResult:
    """A finished calibration."""

    config: CalibrationConfig
    until: int
    points: pd.DataFrame
    smc: SmcResult
    identification: pd.DataFrame
    correlations: pd.DataFrame
    predictive: Predictive
    coverage_summary: pd.DataFrame
    seconds: dict[str, float] = field(default_factory=dict)
    out: Path | None = None

    @property
    def draws(self) -> pd.DataFrame:
        return self.smc.draws


def resolve_until(config: CalibrationConfig, until: int | None) -> int:
    """The last fitted year: ``until``, the config's, or 2025; refused if nothing would be fitted."""
    chosen = until if until is not None else (config.until or LAST_YEAR)
    if isinstance(chosen, bool) or not isinstance(chosen, int | np.integer):
        raise ConfigError(f"--until: {chosen!r} is not a year")
    years = fitted_years(config, until=LAST_YEAR)
    if not years[0] <= chosen <= LAST_YEAR:
        raise ConfigError(f"--until {chosen}: allowed: a year from {years[0]} (the first fitted observation) "
                          f"to {LAST_YEAR}")
    return int(chosen)


def check_out(out: str | Path) -> Path:
    """``out`` as a Path if it can hold a calibration: new, empty, or an earlier calibration's
    folder (which is replaced); anything else is refused with one line."""
    out = check_out_folder(out)
    if out.exists() and any(out.iterdir()) and _kind(out / "manifest.json") != KIND:
        raise ConfigError(f"--out {shown(out)}: folder exists and does not hold a hedgesim calibration; "
                          f"choose a new or empty folder")
    return out


def _kind(path: Path) -> str | None:
    try:
        return json.loads(path.read_text()).get("kind")
    except (OSError, ValueError, AttributeError):
        return None


@contextmanager
def replacing_folder(out: Path) -> Iterator[Path]:
    """A scratch folder that becomes ``out`` only if the block finishes (an earlier calibration
    there is replaced); nothing half-written is ever left under ``out``."""
    out = check_out(out)
    with scratch_then_replace(out) as scratch:
        yield scratch


def batched_simulator(config: CalibrationConfig, fitted: pd.DataFrame):
    """The simulator ELFI calls: per-world values and seeds -> the fitted summaries, one row per world.
    It runs only as far as the last fitted year."""
    last_year = int(fitted["year"].max())

    def simulate(values: dict[str, np.ndarray], seeds: np.ndarray) -> np.ndarray:
        return summaries(config, simulate_annual(config, values, seeds, last_year), fitted)

    return simulate


#: ``--quick``: a budget of seconds, for tests and a first look (the posterior is rough).
QUICK_BUDGET = {"population": 100, "generations": 2, "first_quantile": 0.25, "quantile": 0.5,
                "batch_size": 400, "predictive_draws": 100}


def quick(config: CalibrationConfig) -> CalibrationConfig:
    """``config`` with the small ``QUICK_BUDGET`` (its parameters, data and seed unchanged)."""
    return config.model_copy(update={"budget": Budget(**QUICK_BUDGET)})


def calibrate(config: str | Path | dict | CalibrationConfig = "history", out: str | Path | None = None,
              until: int | None = None, progress: Callable[[str], None] | None = None,
              quick_budget: bool = False) -> CalibrationResult:
    """Fit ``config``'s parameters to the observations up to ``until``; write ``out`` if given.
    ``quick_budget``: the small ``QUICK_BUDGET`` instead of the config's budget."""
    started, cpu_started = time.perf_counter(), time.process_time()
    config = load_config(config)
    if quick_budget:
        config = quick(config)
    until = resolve_until(config, until)
    out = check_out(out) if out is not None else None  # before minutes of work
    import_elfi()
    points = observed_points(config, until)
    fitted = points[points["fitted"]].reset_index(drop=True)
    say = progress or (lambda message: None)
    say(f"calibrating {len(config.parameters)} parameters of {config.scenario} to {len(fitted)} observed "
        f"points up to {until}" + (f" ({len(points) - len(fitted)} later ones held out)" if len(points) > len(fitted)
                                   else ""))
    smc = calibrate_with_elfi(config, fitted, batched_simulator(config, fitted), progress)
    seconds = {"smc": smc.seconds}
    table = identification(config, smc.draws)
    pairs = correlations(config, smc.draws)
    tick = time.perf_counter()
    say(f"posterior predictive check: {config.budget.predictive_draws:,} worlds to {LAST_YEAR}")
    draws = Posterior(Path("."), smc.draws, {}, config).equal_weight(config.budget.predictive_draws, config.seed)
    predictive = predictive_check(config, draws, points, until, config.seed)
    seconds["predictive"] = time.perf_counter() - tick
    result = CalibrationResult(config, until, points, smc, table, pairs, predictive,
                               coverage_summary(predictive.coverage), seconds, out)
    if out is not None:
        tick = time.perf_counter()
        write(result, out, started, cpu_started)
        seconds["write"] = time.perf_counter() - tick
    seconds["total"] = time.perf_counter() - started
    return result


def write(result: CalibrationResult, out: Path, started: float, cpu_started: float) -> Path:
    """Write every file of a calibration into ``out`` (atomically)."""
    from hedgesim.analysis.calibration.figures import marginals_figure, pairs_figure, predictive_figure

    config, until = result.config, result.until
    label = f"{config.name}: {config.scenario} fitted to {until}"
    with replacing_folder(out) as scratch:
        result.smc.draws.to_parquet(scratch / POSTERIOR_FILE, index=False)
        generations = pd.DataFrame([{"generation": g.index + 1, "threshold": g.threshold,
                                     "simulations": g.simulations, "accepted": g.accepted,
                                     "acceptance": g.acceptance, "seconds": g.seconds}
                                    for g in result.smc.generations])
        generations.to_csv(scratch / "generations.csv", index=False)
        result.identification.to_csv(scratch / "identification.csv", index=False)
        result.correlations.to_csv(scratch / "correlations.csv", index=False)
        result.predictive.coverage.to_csv(scratch / "coverage.csv", index=False)
        result.coverage_summary.to_csv(scratch / "coverage_summary.csv", index=False)
        result.predictive.annual.to_parquet(scratch / "predictive.parquet", index=False)
        files = [POSTERIOR_FILE, "generations.csv", "identification.csv", "correlations.csv",
                 "coverage.csv", "coverage_summary.csv", "predictive.parquet"]
        figures = {
            "marginals.png": marginals_figure(config, result.smc.draws, result.identification,
                                              f"Posterior (bars) over prior (line): {label}"),
            "pairs.png": pairs_figure(config, result.smc.draws, f"Posterior pairs: {label}"),
            "predictive.png": predictive_figure(config, result.predictive.bands, result.predictive.coverage,
                                                until, f"Posterior predictive check: {label}"),
        }
        held_out = result.predictive.coverage[result.predictive.coverage["role"] == "held_out"]
        if not held_out.empty:
            held_out.to_csv(scratch / "out_of_sample.csv", index=False)
            files.append("out_of_sample.csv")
            figures["out_of_sample.png"] = predictive_figure(
                config, result.predictive.bands, result.predictive.coverage, until,
                f"Out of sample: fitted to {until}, held out {until + 1}-{LAST_YEAR}", first_year=2018)
        for name, figure in figures.items():
            figure.savefig(scratch / name, dpi=100)
            files.append(name)
        (scratch / "report.md").write_text(report(result))
        files.append("report.md")
        info = manifest(result, files + ["manifest.json"], started, cpu_started)
        (scratch / "manifest.json").write_text(json.dumps(info, indent=2, default=str) + "\n")
    return out


def config_hash(config: CalibrationConfig) -> str:
    text = json.dumps(config.model_dump(mode="json", exclude={"name", "title", "description"}), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def manifest(result: CalibrationResult, files: list[str], started: float, cpu_started: float) -> dict[str, Any]:
    import elfi

    config = result.config
    return {
        "kind": KIND, "name": config.name, "title": config.title,
        "config": config.model_dump(mode="json"), "config_hash": config_hash(config),
        "scenario": config.scenario, "start": str(config.start), "until": result.until,
        "parameters": list(config.parameters),
        "fitted_points": int((result.points["fitted"]).sum()), "shown_points": len(result.points),
        "seed": config.seed, "simulations": result.smc.simulations,
        "generations": [{"generation": g.index + 1, "threshold": g.threshold, "simulations": g.simulations,
                         "acceptance": g.acceptance, "seconds": round(g.seconds, 2)}
                        for g in result.smc.generations],
        "coverage": result.coverage_summary.to_dict(orient="records"),
        "package_version": hedgesim.__version__, "elfi_version": elfi.__version__,
        "python": platform.python_version(), "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "timing": {**{k: round(v, 2) for k, v in result.seconds.items()},
                   "wall_seconds": round(time.perf_counter() - started, 2),
                   "cpu_seconds": round(time.process_time() - cpu_started, 2)},
        "files": files,
    }


def _table(frame: pd.DataFrame, floats: str = "{:.3g}") -> str:
    """A markdown table (no optional dependency)."""
    def cell(value: Any) -> str:
        if isinstance(value, bool | np.bool_):
            return "yes" if value else "no"
        if isinstance(value, float | np.floating):
            return floats.format(value)
        return str(value).replace("|", "/").replace("\n", " ")
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def report(result: CalibrationResult) -> str:
    """The calibration in words and tables (markdown)."""
    config, smc, until = result.config, result.smc, result.until
    summary = result.coverage_summary
    fitted = int(result.points["fitted"].sum())
    lines = [f"# Calibration `{config.name}`: {config.title or config.scenario}", "",
             f"ABC-SMC (ELFI) of {len(config.parameters)} parameters of the `{config.scenario}` scenario "
             f"(from {config.start}) against {fitted} observed points up to {until}; "
             f"{smc.simulations:,} simulations in {len(smc.generations)} generations, {smc.seconds:.0f} s; "
             f"final threshold {smc.generations[-1].threshold:.3g} (distance: the Euclidean norm of the "
             f"{config.distance.transform} residuals over each observation's error; {fitted} points, so a "
             f"world within one error of every point is at most {np.sqrt(fitted):.2f}).", "",
             "## Generations", "",
             _table(pd.DataFrame([{"generation": g.index + 1, "threshold": g.threshold, "simulations": g.simulations,
                                   "acceptance": g.acceptance, "seconds": g.seconds} for g in smc.generations])),
             "", "## Predictive coverage", "",
             "Share of observed points inside the posterior predictive bands of the model (and with each "
             "observation's measurement error added).", "", _table(summary, "{:.2f}"), ""]
    coverage = result.predictive.coverage
    outside = coverage[~coverage["in_90"]]
    if len(outside):
        lines += ["Points outside the model's 90 % band:", "",
                  _table(outside[["series", "year", "value", "role", "q05", "q50", "q95"]]), ""]
    lines += ["## What the data identify", "",
              "Identified: the posterior's central 90 % interval is at most half as wide as the prior's; "
              "weakly: at most 0.8 as wide; otherwise not identified.", "",
              _table(result.identification[["parameter", "prior", "posterior_median", "posterior_q05",
                                            "posterior_q95", "width_ratio", "contraction", "verdict",
                                            "forecast"]]), ""]
    if len(result.correlations):
        lines += ["Strongly correlated pairs (|r| >= 0.5): the data fix a combination more than each alone.",
                  "", _table(result.correlations, "{:.2f}"), ""]
    lines += ["## Observations", "", "Used (model counterpart, error):", ""]
    lines += [f"- `{s}`: {' + '.join(c.model)}, the year's {c.statistic}"
              + (f" x {c.factor:g}" if c.factor != 1 else "") + f", error {c.error:g}: {c.why}"
              for s, c in config.observations.items()]
    lines += ["", "Left out (no honest model counterpart):", ""]
    lines += [f"- `{s}`: {why}" for s, why in config.left_out.items()]
    return "\n".join(lines) + "\n"


class ProgressPrinter:
    """Progress lines on stderr: generation summaries always, batch counts live on a terminal."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = getattr(self.stream, "isatty", lambda: False)()
        self.started = time.perf_counter()
        self.pending = False

    def __call__(self, message: str) -> None:
        elapsed = time.perf_counter() - self.started
        line = f"[{elapsed:6.0f} s] {message}"
        if message.endswith("so far"):
            if self.live:
                print("\r" + line, end="", file=self.stream, flush=True)
                self.pending = True
            return
        if self.pending:
            print(file=self.stream)
            self.pending = False
        print(line, file=self.stream, flush=True)
