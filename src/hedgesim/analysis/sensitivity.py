"""Sensitivity analysis: SALib samples, the sweep runner evaluates, SALib analyses every outcome.

``run_sensitivity(spec, method="sobol" | "morris", out=DIR)``:

1. the spec's ranges are sampled by SALib (Saltelli's Sobol' design or Morris
   trajectories) and run as a sweep in ``DIR/sweep`` — resumable like any sweep;
2. every outcome metric is analysed: Sobol' S1 and ST with bootstrap
   confidence intervals (S2 with ``second_order``), or Morris mu*, sigma and
   mu* confidence intervals;
3. a convergence check analyses the first half of the sample too (N/2 base
   samples or r/2 trajectories: Sobol' and Morris samples grow by appending)
   and reports how far each index moved from N/2 to N;
4. ``DIR`` gets the tidy table of indices (Parquet and CSV), the convergence
   table, a bar chart with error bars per outcome and a summary (PNG and SVG).
"""

from __future__ import annotations

import json
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis

from hedgesim.game.outcomes import OUTCOMES
from hedgesim.game.parameters import PARAMETERS, ConfigError, excerpt
from hedgesim.analysis.sweep.designs import salib_problem
from hedgesim.analysis.sweep.plan import SweepResult
from hedgesim.analysis.sweep.executors import default_workers
from hedgesim.analysis.sweep.runner import run_sweep
from hedgesim.analysis.sweep.spec import ONLY_WITH, SweepSpec, load_spec
from hedgesim.analysis.folders import check_out_folder, write_atomic
from hedgesim.config.yaml_files import shown

METHODS = ("sobol", "morris")
DEFAULT_SPECS = {"sobol": "sobol_all", "morris": "morris_all"}
HEADLINE = ("mean_hedging_index", "final_dependency_hhi", "cumulative_utility",
            "final_middle_corridor_share")


@dataclass
class SensitivityResult:
    method: str
    spec: SweepSpec
    indices: pd.DataFrame
    convergence: pd.DataFrame
    sweep: SweepResult | None = None
    out: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def sensitivity_spec(spec: str | Path | dict | SweepSpec | None, method: str) -> SweepSpec:
    """The spec to sample: the default for the method, or ``spec`` with its design set to it."""
    if method not in METHODS:
        raise ConfigError(f"--method {excerpt(method)}: allowed: {', '.join(METHODS)}")
    spec = load_spec(DEFAULT_SPECS[method] if spec is None else spec)
    if spec.design == method:
        return spec
    data = spec.model_dump(exclude_unset=True)
    data["design"] = method
    for key, (used, _) in ONLY_WITH.items():  # e.g. a Morris spec's `levels`, read as a Sobol' one
        if key in data and not used(SweepSpec.model_construct(**{**spec.model_dump(), **data})):
            del data[key]
    samples = data.get("samples", spec.samples)
    if method == "sobol" and samples & (samples - 1):
        data["samples"] = 1 << max(1, int(samples).bit_length() - 1)
    return load_spec(data)


# ------------------------------------------------------------------ analysis
def analyse(problem: dict[str, Any], X: np.ndarray | None, Y: np.ndarray, method: str, *,
            levels: int = 4, second_order: bool = False, resamples: int = 100,
            confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Indices of one output ``Y`` (rows in sample order) as a tidy table (``X``, the design,
    is needed by Morris only).

    Columns: parameter, index (S1, ST, S2 / mu_star, sigma, mu), value,
    conf (half-width of the ``confidence`` interval; NaN where SALib gives none),
    and for S2 the second parameter in ``with``.
    """
    names = problem["names"]
    rows: list[dict[str, Any]] = []
    if not np.all(np.isfinite(Y)):
        raise ValueError("output has non-finite values")
    if np.ptp(Y) == 0:  # a constant output: nothing to apportion
        for name in names:
            for index in (("S1", "ST") if method == "sobol" else ("mu_star", "sigma", "mu")):
                rows.append({"parameter": name, "index": index, "value": 0.0, "conf": 0.0})
        return pd.DataFrame(rows)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        # SALib notes when a bootstrap resample of a rare-event output is constant.
        warnings.filterwarnings("ignore", message="Constant values encountered", category=UserWarning)
        if method == "sobol":
            result = sobol_analysis.analyze(problem, Y, calc_second_order=second_order,
                                            num_resamples=resamples, conf_level=confidence, seed=seed)
        else:
            result = morris_analysis.analyze(problem, X, Y, num_resamples=resamples,
                                             conf_level=confidence, num_levels=levels, seed=seed)
    if method == "sobol":
        for i, name in enumerate(names):
            for index in ("S1", "ST"):
                rows.append({"parameter": name, "index": index, "value": float(result[index][i]),
                             "conf": float(result[f"{index}_conf"][i])})
            if second_order:
                for j in range(i + 1, len(names)):
                    rows.append({"parameter": name, "with": names[j], "index": "S2",
                                 "value": float(result["S2"][i, j]), "conf": float(result["S2_conf"][i, j])})
    else:
        for i, name in enumerate(names):
            rows.append({"parameter": name, "index": "mu_star", "value": float(result["mu_star"][i]),
                         "conf": float(result["mu_star_conf"][i])})
            rows.append({"parameter": name, "index": "sigma", "value": float(result["sigma"][i]),
                         "conf": np.nan})
            rows.append({"parameter": name, "index": "mu", "value": float(result["mu"][i]), "conf": np.nan})
    return pd.DataFrame(rows)


def outputs_by_point(sweep: SweepResult, outcomes: list[str]) -> pd.DataFrame:
    """Each outcome averaged over replications, one row per design point in sample order."""
    return sweep.runs.groupby("point")[outcomes].mean().sort_index()


def half_sample_rows(method: str, spec: SweepSpec, rows: int) -> int:
    """Rows of the first half of the sample (N/2 base samples or r/2 trajectories)."""
    per_block = rows // spec.samples
    return per_block * (spec.samples // 2)


def analyse_sweep(sweep: SweepResult, method: str, outcomes: list[str] | None = None,
                  resamples: int = 100, workers: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indices of every outcome and the N/2-versus-N convergence table; with ``workers`` > 1 the
    outcomes are analysed in that many processes (the tables do not depend on it)."""
    spec = sweep.spec
    problem = salib_problem(spec)
    X = sweep.design[problem["names"]].to_numpy(dtype=float)
    outcomes = outcomes or [o for o in OUTCOMES if o in sweep.runs.columns]
    Y = outputs_by_point(sweep, outcomes)
    if len(Y) != len(X):
        raise ConfigError(f"the sweep is incomplete: {len(Y)} of {len(X)} points have results; "
                          f"rerun the same command to finish it")
    skipped = undefined_outcomes(Y)
    outcomes = [o for o in outcomes if o not in skipped]
    half = half_sample_rows(method, spec, len(X))
    options = {"levels": spec.levels, "second_order": spec.second_order, "resamples": resamples,
               "seed": spec.seed}
    design = X if method == "morris" else None  # Sobol' reads only the outputs: 88 MB not copied per job
    jobs = [(problem, design, Y[outcome].to_numpy(), method, options, half, spec.samples, outcome)
            for outcome in outcomes]
    results = _in_processes(_analyse_outcome, jobs, workers)
    columns = ["outcome", "parameter", "with", "index", "value", "conf", "n"]
    indices = (pd.concat([table for table, _ in results], ignore_index=True) if results
               else pd.DataFrame(columns=columns)).reindex(columns=columns)
    indices.attrs["skipped"] = skipped
    return indices, pd.DataFrame([move for _, move in results if move is not None])


def undefined_outcomes(Y: pd.DataFrame) -> dict[str, str]:
    """Outcomes that are undefined (NaN) at some design point, each with why: the variance
    decomposition needs a value at every point, so these are left out, not imputed. A mean
    loan rate is undefined in a run where the power never made an offer (a zero ticket)."""
    skipped = {}
    for outcome in Y.columns:
        missing = int((~np.isfinite(Y[outcome].to_numpy(dtype=float))).sum())
        if missing:
            skipped[outcome] = (f"undefined at {missing:,} of {len(Y):,} design points, so not "
                                f"analysed ({OUTCOMES[outcome].description.rstrip('.')})")
    return skipped


HALF_RESAMPLES = 2  # the least SALib's interval code accepts; the N/2 intervals are not reported


def _analyse_outcome(job) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """One outcome's indices, and how its top indices moved from N/2 to N."""
    problem, X, y, method, options, half, samples, outcome = job
    full = analyse(problem, X, y, method, **options).assign(outcome=outcome, n=samples)
    if not (half >= 2 * (len(problem["names"]) + 2) and samples >= 4):
        return full, None
    # The convergence check compares point estimates only: no bootstrap intervals for the half.
    part = analyse(problem, None if X is None else X[:half], y[:half], method,
                   **{**options, "second_order": False, "resamples": HALF_RESAMPLES})
    key = "ST" if method == "sobol" else "mu_star"
    a = full[full["index"] == key].set_index("parameter")["value"]
    b = part[part["index"] == key].set_index("parameter")["value"]
    scale = max(float(a.abs().max()), 1e-12)
    moved = (a - b).abs()
    top = list(a.sort_values(ascending=False).index[:5])
    top_half = list(b.sort_values(ascending=False).index[:5])
    return full, {"outcome": outcome, "index": key, "n_half": samples // 2, "n": samples,
                  "max_abs_change": float(moved.max()),
                  "max_change_relative_to_largest": float(moved.max() / scale),
                  "top5_at_n": ", ".join(top), "top5_at_half": ", ".join(top_half),
                  "top5_same_set": set(top) == set(top_half)}


# -------------------------------------------------------------------- charts
def label(name: str) -> str:
    p = PARAMETERS.get(name)
    return (p.label or name) if p else name


def bar_chart(indices: pd.DataFrame, outcome: str, method: str, top: int = 15, ax=None) -> Figure | None:
    """Bars with confidence-interval error bars of the ``top`` parameters for one outcome."""
    own = ax is None
    fig = Figure(figsize=(8, 0.42 * top + 1.6), layout="constrained") if own else None
    ax = fig.subplots() if own else ax
    data = indices[(indices["outcome"] == outcome)]
    if method == "sobol":
        table = data[data["index"].isin(["S1", "ST"])].pivot_table(
            index="parameter", columns="index", values=["value", "conf"])
        order = table[("value", "ST")].sort_values(ascending=False).index[:top][::-1]
        y = np.arange(len(order))
        for offset, key, colour in ((-0.2, "S1", "#1f4e9c"), (0.2, "ST", "#c0392b")):
            ax.barh(y + offset, table.loc[order, ("value", key)], height=0.38, color=colour,
                    xerr=table.loc[order, ("conf", key)], capsize=2, label=f"{key} ± 95 % CI",
                    error_kw={"lw": 0.8})
        ax.set_xlabel("Sobol' index (share of output variance)")
    else:
        table = data.pivot_table(index="parameter", columns="index", values=["value", "conf"])
        order = table[("value", "mu_star")].sort_values(ascending=False).index[:top][::-1]
        y = np.arange(len(order))
        ax.barh(y - 0.2, table.loc[order, ("value", "mu_star")], height=0.38, color="#1f4e9c",
                xerr=table.loc[order, ("conf", "mu_star")], capsize=2, label="μ* ± 95 % CI",
                error_kw={"lw": 0.8})
        ax.barh(y + 0.2, table.loc[order, ("value", "sigma")], height=0.38, color="#d68910", label="σ")
        ax.set_xlabel(f"Morris elementary effects ({OUTCOMES[outcome].unit} over each range)"
                      if outcome in OUTCOMES else "Morris elementary effects")
    ax.set_yticks(y, [label(p) for p in order], fontsize=8)
    ax.set_title(outcome.replace("_", " "), fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return fig


def summary_figure(indices: pd.DataFrame, method: str, outcomes: tuple[str, ...] = HEADLINE) -> Figure:
    present = [o for o in outcomes if o in set(indices["outcome"])]
    fig = Figure(figsize=(14, 9), layout="constrained")
    axes = fig.subplots(2, 2).ravel()
    for ax, outcome in zip(axes, present):
        bar_chart(indices, outcome, method, top=12, ax=ax)
    for ax in axes[len(present):]:
        ax.set_visible(False)
    fig.suptitle(f"{'Sobol' if method == 'sobol' else 'Morris'} sensitivity of the hedging outcomes "
                 f"(top 12 parameters)")
    return fig


# ------------------------------------------------------------------- the job
def run_sensitivity(spec: str | Path | dict | SweepSpec | None = None, method: str = "sobol",
                    out: str | Path | None = None, executor: str = "serial",
                    workers: int | None = None, scheduler: Any = None, outcomes: list[str] | None = None,
                    progress: bool = True, charts: bool = True, yes: bool = False) -> SensitivityResult:
    """Sample, run (resumably, in ``out/sweep``), analyse every outcome and write tables and charts.

    ``yes`` starts a sweep larger than the machine's free memory or disk (see ``run_sweep``).
    """
    spec = sensitivity_spec(spec, method)
    for outcome in outcomes or []:
        if outcome not in OUTCOMES:
            raise ConfigError(f"--outcome {excerpt(outcome)}: unknown; allowed: {', '.join(OUTCOMES)}")
    out = check_out_folder(out) if out is not None else None
    if out is not None and out.exists() and any(out.iterdir()) and not (out / "sweep").is_dir():
        raise ConfigError(f"--out {shown(out)}: folder exists and does not hold a hedgesim sensitivity "
                          f"analysis; choose a new or empty folder")
    started = time.perf_counter()
    sweep = run_sweep(spec, out=out / "sweep" if out else None, executor=executor, workers=workers,
                      scheduler=scheduler, progress=progress, yes=yes)
    ran = time.perf_counter() - started
    parallel = (workers or default_workers()) if executor in ("processes", "dask") else 1
    indices, convergence = analyse_sweep(sweep, method, outcomes, workers=parallel)
    analysed = time.perf_counter() - started - ran
    result = SensitivityResult(method, spec, indices, convergence, sweep, out,
                               {"sweep": round(ran, 3), "analysis": round(analysed, 3)})
    if out is not None:
        write_outputs(result, charts=charts, workers=parallel)
    return result


def _write_charts(job) -> None:
    """One outcome's bar chart as PNG and SVG (top-level, so a worker process can run it)."""
    indices, outcome, method, folder = job
    fig = bar_chart(indices, outcome, method)
    for ext in ("png", "svg"):
        write_atomic(folder / f"{outcome}.{ext}", lambda p, e=ext: fig.savefig(p, dpi=110, format=e))


def _in_processes(function, jobs: list, workers: int) -> list:
    """``function`` over ``jobs``, in ``workers`` processes when that is more than one."""
    if workers <= 1 or len(jobs) <= 1:
        return [function(job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        return list(pool.map(function, jobs))


def write_outputs(result: SensitivityResult, charts: bool = True, workers: int = 1) -> None:
    out = result.out
    indices = result.indices
    write_atomic(out / "indices.parquet", lambda p: indices.to_parquet(p, index=False))
    write_atomic(out / "indices.csv", lambda p: indices.to_csv(p, index=False))
    write_atomic(out / "convergence.csv", lambda p: result.convergence.to_csv(p, index=False))
    if charts:
        (out / "charts").mkdir(exist_ok=True)
        _in_processes(_write_charts, [(indices[indices["outcome"] == outcome], outcome, result.method,
                                       out / "charts") for outcome in indices["outcome"].unique()],
                      workers)
        fig = summary_figure(indices, result.method)
        for ext in ("png", "svg"):
            write_atomic(out / f"summary.{ext}", lambda p, e=ext: fig.savefig(p, dpi=90, format=e))
    key = "ST" if result.method == "sobol" else "mu_star"
    top = {o: indices[(indices["outcome"] == o) & (indices["index"] == key)]
           .nlargest(5, "value")["parameter"].tolist() for o in indices["outcome"].unique()}
    info = {"kind": "hedgesim-sensitivity", "method": result.method, "spec": result.spec.name,
            "spec_hash": result.spec.spec_hash(), "samples": result.spec.samples,
            "parameters": len(result.spec.varied), "runs": int(len(result.sweep.runs)),
            "seconds": result.seconds, "top_parameters": top,
            "not_analysed": indices.attrs.get("skipped", {})}
    text = json.dumps(info, indent=1) + "\n"
    write_atomic(out / "sensitivity.json", lambda p: p.write_text(text))
