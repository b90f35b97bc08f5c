"""One scenario run: simulate, summarise, and write an output folder all at once or not at all."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

import hedgesim
from hedgesim.analysis.folders import check_out_folder, scratch_then_replace
from hedgesim.analysis.provenance import model_version
from hedgesim.analysis.resources import PROCESS_BYTES, SECONDS_PER_WORLD_QUARTER, Estimate
from hedgesim.config.yaml_files import shown
from hedgesim.game.facts import fact
from hedgesim.game.model import HedgingModel
from hedgesim.game.outcomes import outcomes_of
from hedgesim.game.parameters import ConfigError, defaults
from hedgesim.game.random_streams import derive_seeds
from hedgesim.config.scenarios import Scenario, load_scenario

RUN_FILES = ("timeseries.parquet", "timeseries.csv", "manifest.json", "overview.png")


@dataclass
class RunResult:
    """A finished run: its scenario, settings, time series and timing."""

    scenario: Scenario
    steps: int
    seed: int
    worlds: int
    world_seeds: np.ndarray
    timeseries: pd.DataFrame
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)
    posterior: dict[str, Any] | None = None          # where the worlds' parameters were drawn from
    posterior_draws: pd.DataFrame | None = None     # world -> the drawn values


BYTES_PER_WORLD_QUARTER = 2_500  # a run's peak: the recorded series, its table and the CSV (measured 1.6 kB)
DISK_PER_WORLD_QUARTER = 1_300   # Parquet and CSV of one row


def estimate_run(name: str, worlds: int, steps: int) -> Estimate:
    """Memory, disk and time of ``hedgesim run`` (it holds every world's series at once)."""
    rows = worlds * steps
    memory = PROCESS_BYTES + rows * BYTES_PER_WORLD_QUARTER
    return Estimate(f"run {name}: {worlds:,} worlds x {steps} quarters", memory, memory,
                    rows * DISK_PER_WORLD_QUARTER, rows * SECONDS_PER_WORLD_QUARTER)


def world_seeds(seed: int, worlds: int) -> np.ndarray:
    """Seeds of a run's worlds: ``seed`` itself for one world, derived seeds for several."""
    return np.array([seed]) if worlds == 1 else derive_seeds(seed, np.arange(worlds))


def run_scenario(scenario: str | Path | Scenario = "baseline", steps: int | None = None,
                 seed: int = 0, worlds: int = 1, posterior: str | Path | None = None,
                 **overrides: Any) -> RunResult:
    """Run a scenario (a name, a YAML path or a loaded Scenario); ``overrides`` set parameters.

    ``posterior``: a ``hedgesim calibrate`` folder; each world then takes one posterior draw of
    the parameters this scenario can use (``analysis.calibration.posterior_values``), over the
    scenario's own values; ``overrides`` still win.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    steps = scenario.steps if steps is None else steps
    seeds = world_seeds(seed, worlds)
    settings = scenario.model_settings()
    params, drawn, info = scenario.model_params(), None, None
    if posterior is not None:
        from hedgesim.analysis.calibration.inputs import model_inputs
        from hedgesim.analysis.calibration.posterior import posterior_values

        values, info = posterior_values(posterior, scenario, worlds, seed)
        params, timeline = model_inputs(params, settings["timeline"], values)
        settings = {**settings, "timeline": timeline}
        drawn = pd.DataFrame({"world": np.arange(worlds), **values})
    started = time.perf_counter()
    model = HedgingModel(worlds=worlds, rng=seeds, horizon=steps, **settings, **{**params, **overrides})
    model.run_for(steps)
    result = RunResult(scenario, steps, seed, worlds, seeds, model.timeseries(),
                       time.perf_counter() - started, posterior=info, posterior_draws=drawn)
    result.summary = summarise(result.timeseries)
    return result


def summarise(df: pd.DataFrame) -> dict[str, Any]:
    """Headline numbers of a run (means over worlds): the 2025 volumes the calibration
    targets (NaN if the run does not cover 2025), and the run's outcome metrics
    (``hedgesim.game.outcomes``)."""
    in_2025 = df[df["quarter"].str.startswith("2025")]
    per_world_2025 = in_2025.groupby("world")[["transit_mt", "middle_corridor_mt", "northern_mt"]].mean()
    outcomes = outcomes_of(df).mean()
    return {
        "transit_2025_mt": float(per_world_2025["transit_mt"].mean()) if len(in_2025) else None,
        "middle_corridor_2025_mt": (float(per_world_2025["middle_corridor_mt"].mean()) if len(in_2025)
                                    else None),
        "northern_2025_mt": float(per_world_2025["northern_mt"].mean()) if len(in_2025) else None,
        "first_quarter": str(df["quarter"].iloc[0]),
        "final_quarter": str(df["quarter"].iloc[-1]),
        "final_alignment": {p: float(outcomes[f"final_alignment_{p}"]) for p in ("china", "eu", "russia")},
        "mean_hedging_index": float(outcomes["mean_hedging_index"]),
        "dominance_denial_share": float(outcomes["dominance_denial_share"]),
        "final_dependency_hhi": float(outcomes["final_dependency_hhi"]),
        "final_max_external_share": float(outcomes["final_max_external_share"]),
        "russian_pressure_episodes": float(outcomes["russian_pressure_events"]),
        "chinese_pressure_episodes": float(outcomes["chinese_pressure_events"]),
        "mean_p_pressure_russia": float(outcomes["mean_p_pressure_russia"]),
        "mean_p_pressure_china": float(outcomes["mean_p_pressure_china"]),
        "mean_loan_cost_china": _finite(outcomes["mean_loan_cost_china"]),
        "mean_loan_cost_eu": _finite(outcomes["mean_loan_cost_eu"]),
        "cumulative_utility": float(outcomes["cumulative_utility"]),
    }


def _finite(value: float) -> float | None:
    """A float for JSON, None where undefined (no offer was ever made)."""
    return float(value) if np.isfinite(value) else None


def summary_lines(result: RunResult) -> list[str]:
    """The short summary the CLI prints."""
    s, sc = result.summary, result.scenario
    worlds = f"{result.worlds} world{'s' if result.worlds > 1 else ''}"
    mean = " (mean over worlds)" if result.worlds > 1 else ""
    transit, middle = fact("transit_2025"), fact("middle_corridor_2025")
    a = s["final_alignment"]
    lines = [f"{sc.name} ({sc.title}): {worlds}, {result.steps} quarters {s['first_quarter']}-"
             f"{s['final_quarter']}, seed {result.seed}, {result.seconds:.2f} s"]
    if s["transit_2025_mt"] is not None:
        lines += [f"2025 transit through Kazakhstan: {s['transit_2025_mt']:.2f} Mt{mean} "
                  f"(reported {transit} Mt, {100 * (s['transit_2025_mt'] / transit - 1):+.1f} %)",
                  f"2025 Middle Corridor: {s['middle_corridor_2025_mt']:.2f} Mt "
                  f"(reported {middle} Mt, {100 * (s['middle_corridor_2025_mt'] / middle - 1):+.1f} %)"]
    return lines + [
        f"{s['final_quarter']} alignment China / EU / Russia: "
        f"{a['china']:.2f} / {a['eu']:.2f} / {a['russia']:.2f}",
        f"hedging index {s['mean_hedging_index']:.2f} (mean); dominance denial held in "
        f"{100 * s['dominance_denial_share']:.0f} % of quarters; dependency HHI "
        f"{s['final_dependency_hhi']:.3f} in {s['final_quarter']}",
        f"coercion: Russia's pressure probability {s['mean_p_pressure_russia']:.2f} a quarter "
        f"({s['russian_pressure_episodes']:.1f} episodes per world), China's "
        f"{s['mean_p_pressure_china']:.2f} ({s['chinese_pressure_episodes']:.1f})",
        "loan rates: China " + _percent(s["mean_loan_cost_china"]) + ", EU " + _percent(s["mean_loan_cost_eu"])
        + f"; cumulative utility {s['cumulative_utility']:.1f} USD bn",
    ]


def _percent(rate: float | None) -> str:
    return "no offer" if rate is None else f"{100 * rate:.1f} %"


def manifest(result: RunResult, files: list[str], write_seconds: float) -> dict[str, Any]:
    sc = result.scenario
    return {
        "kind": "hedgesim-run",
        "scenario": sc.name, "title": sc.title, "description": sc.description.strip(),
        "scenario_params": sc.model_params(),
        "params": {**defaults(), **sc.model_params()},
        "steps": result.steps, "seed": result.seed, "worlds": result.worlds,
        "world_seeds": [int(s) for s in result.world_seeds],
        "package_version": hedgesim.__version__, "mesa_version": mesa.__version__,
        "model": model_version(), "python": platform.python_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "timing": {"run_seconds": round(result.seconds, 4), "write_seconds": round(write_seconds, 4)},
        "summary": result.summary, "files": files,
        **({"posterior": result.posterior} if result.posterior is not None else {}),
    }


@contextmanager
def replacing_folder(out: Path, marker: str = "manifest.json", kind: str = "hedgesim-run") -> Iterator[Path]:
    """Yield a scratch folder that becomes ``out`` only if the block finishes.

    ``out`` may not exist, be empty, or hold an earlier output of the same kind
    (which is replaced); anything else is refused, so no user folder is ever
    overwritten and no half-written output is ever left as if complete.
    """
    out = check_out_folder(out)
    if out.exists() and any(out.iterdir()) and _kind(out / marker) != kind:
        raise ConfigError(f"--out {shown(out)}: folder exists and does not hold a hedgesim run; "
                          f"choose a new or empty folder")
    with scratch_then_replace(out) as scratch:
        yield scratch


def _kind(path: Path) -> str | None:
    try:
        return json.loads(path.read_text()).get("kind")
    except (OSError, ValueError, AttributeError):
        return None


def write_run(result: RunResult, out: str | Path) -> Path:
    """Write the time series (Parquet, CSV), manifest and overview figure into ``out``."""
    from hedgesim.plots import overview_figure

    started = time.perf_counter()
    out = Path(out)
    with replacing_folder(out) as scratch:
        df = result.timeseries
        df.to_parquet(scratch / "timeseries.parquet", index=False)
        df.to_csv(scratch / "timeseries.csv", index=False)
        cap = float(np.atleast_1d(result.scenario.params.get("dominance_cap", defaults()["dominance_cap"]))[0])
        files = list(RUN_FILES)
        note = None
        if result.posterior_draws is not None:
            result.posterior_draws.to_csv(scratch / "posterior_draws.csv", index=False)
            files.append("posterior_draws.csv")
            note = "each world one posterior draw: the bands carry parameter uncertainty"
        fig = overview_figure(df, f"{result.scenario.title} ({result.scenario.name})", cap, note=note)
        fig.savefig(scratch / "overview.png", dpi=110)
        info = manifest(result, files, time.perf_counter() - started)
        (scratch / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
    return out
