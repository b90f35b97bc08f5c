"""Shared plumbing of the experiments: paired comparisons, confidence intervals, verdicts,
robustness over a Latin hypercube, figures and the report's Markdown.

Every claim script describes *what* it tests (a :class:`Comparison` or level
:class:`Check` list) and a sentence or two of interpretation; everything else —
running the sweeps through ``hedgesim.analysis.sweep.run_sweep``, the statistics, the
figure and the report section — lives here, so each script stays short.

Statistics, stated once:

* **Paired comparison.** The two arms of a comparison run with common random
  numbers: replication k of each arm has the same seed, so the per-replication
  difference (treatment - control) cancels most of the run-to-run noise. Its
  mean gets a Student-t 95 % confidence interval over the replications.
* **Verdict.** The paper predicts a sign for each difference. *agrees*: the 95 %
  CI excludes 0 on the paper's side; *disagrees*: it excludes 0 on the other
  side; *no clear effect*: it contains 0; *negligible*: it excludes 0 but the
  mean difference is smaller than 1 % of the control mean (with a thousand paired
  replications, effects far too small to matter are statistically clear). Level
  checks (a property of one scenario, e.g. "dominance denial holds in most
  quarters") use the same rule on the value minus a stated threshold, without
  the 1 % band. A claim with several checks *agrees* when every check agrees,
  *partly agrees* when some but not all agree, *disagrees* when none agrees and
  at least one disagrees, and shows *no clear effect* otherwise.
* **Robustness.** A Latin hypercube over every numeric parameter the claim does
  not manipulate (each over its whole schema range); at each point both arms run
  with the same seeds and the difference is averaged over the point's
  replications. We report the share of points where the difference has the
  paper's sign and is at least 1 % of the control value there (Wilson 95 %
  interval over points), the share where it has the opposite sign (same size
  rule), the share with no or a negligible difference, and the parameters most rank-
  correlated with the difference (Spearman), i.e. *where* the claim holds.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from hedgesim.game.parameters import NUMERIC, PARAMETERS
from hedgesim.analysis.sweep import run_sweep

HERE = Path(__file__).resolve().parent
LEVEL = 0.95
AGREES, DISAGREES, UNCLEAR, PARTLY = "agrees", "disagrees", "no clear effect", "partly agrees"
NEGLIGIBLE = "negligible"
NEGLIGIBLE_SHARE = 0.01   # differences below 1 % of the control mean are negligible
VERDICT_COLOURS = {AGREES: "#1e8449", DISAGREES: "#c0392b", UNCLEAR: "#7f8c8d", PARTLY: "#d68910",
                   NEGLIGIBLE: "#7f8c8d"}


# --------------------------------------------------------------------- settings
@dataclass(frozen=True)
class Settings:
    """How big the experiments are, and where they write."""

    quick: bool
    out: Path                  # the report folder; figures go to out/figures
    replications: int          # paired replications per arm (and per dose level) of a comparison
    dose_replications: int     # replications per level of the other curves (time series, risk weight)
    dose_levels: int           # evenly spaced dose levels over a parameter's range (plus the arms)
    lhs_points: int            # Latin-hypercube points of the robustness check
    lhs_replications: int      # replications per point (averaged)
    executor: str = "serial"
    workers: int | None = None

    @classmethod
    def make(cls, quick: bool = False, out: Path | str | None = None) -> Settings:
        out = Path(out) if out is not None else HERE
        if quick:
            return cls(True, out, replications=10, dose_replications=4, dose_levels=3,
                       lhs_points=16, lhs_replications=1)
        return cls(False, out, replications=1000, dose_replications=200, dose_levels=9,
                   lhs_points=5000, lhs_replications=2)

    @property
    def figures(self) -> Path:
        path = self.out / "figures"
        path.mkdir(parents=True, exist_ok=True)
        return path


def parse_args(description: str, argv: Sequence[str] | None = None) -> Settings:
    """The command line every experiment script shares: ``--quick`` and ``--out``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true",
                        help="few replications and points, for tests (seconds, not minutes)")
    parser.add_argument("--out", type=Path, default=None,
                        help="report folder (figures go to OUT/figures); default: experiments/")
    args = parser.parse_args(argv)
    return Settings.make(args.quick, args.out)


# ------------------------------------------------------------------- statistics
def mean_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval of the mean (NaN bounds with fewer than 2 values)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return mean, mean - half, mean + half


def wilson(successes: int, trials: int, level: float = LEVEL) -> tuple[float, float, float]:
    """Share and Wilson score interval of ``successes`` out of ``trials``."""
    if trials == 0:
        return math.nan, math.nan, math.nan
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def verdict(low: float, high: float, direction: int, mean: float | None = None,
            control: float | None = None) -> str:
    """The paper's sign against a CI: agrees, disagrees, no clear effect, or negligible when
    the CI excludes 0 but ``mean`` is under 1 % of ``control`` (if given)."""
    if direction == 0 or not (math.isfinite(low) and math.isfinite(high)):
        return UNCLEAR
    if low > 0 or high < 0:
        if mean is not None and control is not None and negligible(mean, control):
            return NEGLIGIBLE
        return AGREES if (low > 0) == (direction > 0) else DISAGREES
    return UNCLEAR


def negligible(difference: float | np.ndarray, control: float | np.ndarray) -> bool | np.ndarray:
    """Differences smaller than 1 % of the control value (exact zeros included)."""
    return np.abs(difference) < NEGLIGIBLE_SHARE * np.abs(control) + 1e-12


def overall_verdict(verdicts: Sequence[str]) -> str:
    """One verdict for a claim from its checks' verdicts (the rule in the module docstring)."""
    verdicts = list(verdicts)
    agree = sum(v == AGREES for v in verdicts)
    if verdicts and agree == len(verdicts):
        return AGREES
    if agree:
        return PARTLY
    if any(v == DISAGREES for v in verdicts):
        return DISAGREES
    return UNCLEAR


# ---------------------------------------------------------------------- sweeps
def other_ranges(manipulated: Sequence[str] = ()) -> dict[str, dict[str, float]]:
    """Every numeric parameter not in ``manipulated``, over its whole schema range."""
    return {n: {"low": float(PARAMETERS[n].low), "high": float(PARAMETERS[n].high)}
            for n in NUMERIC if n not in manipulated}


def sweep(vary: dict[str, Any], *, replications: int, seed: int, settings: Settings,
          params: dict[str, Any] | None = None, scenario: str = "baseline", design: str = "grid",
          samples: int = 64, common_random_numbers: bool = True, keep: str = "outcomes",
          every: int = 1) -> Any:
    """Run a sweep in memory (``hedgesim.analysis.sweep.run_sweep``) and return its result."""
    spec = {"scenario": scenario, "params": dict(params or {}), "vary": vary, "design": design,
            "replications": replications, "seed": seed,
            "common_random_numbers": common_random_numbers, "keep": keep, "chunk_size": 4000}
    if design != "grid":  # a spec refuses settings it would ignore
        spec["samples"] = samples
    if keep == "timeseries":
        spec["every"] = every
    return run_sweep(spec, executor=settings.executor, workers=settings.workers, progress=False)


def lhs_runs(settings: Settings, seed: int, manipulated: Sequence[str], params: dict[str, Any],
             scenario: str = "baseline") -> pd.DataFrame:
    """Runs over a Latin hypercube of the other parameters with ``params`` fixed.

    Two calls with the same ``seed`` and ``manipulated`` give the same points and the same
    run seeds (one distinct seed per run, not shared between points), so they pair run by run.
    """
    result = sweep(other_ranges(manipulated), replications=settings.lhs_replications, seed=seed,
                   settings=settings, params=params, scenario=scenario, design="lhs",
                   samples=settings.lhs_points, common_random_numbers=False)
    return result.runs


# ----------------------------------------------------------------------- checks
@dataclass(frozen=True)
class Check:
    """One measurable consequence of a claim.

    ``outcome`` is an outcome metric of ``hedgesim.game.outcomes.OUTCOMES`` or a function of the
    runs table built from them. ``direction`` is the sign the paper predicts for treatment -
    control (or, in a level check, value - ``threshold``); 0 reports the number as context
    without a verdict. Checks with the same ``panel`` share a panel of the figure.
    """

    outcome: str | Callable[[pd.DataFrame], pd.Series]
    direction: int
    label: str
    unit: str = ""
    threshold: float = 0.0
    panel: str = ""
    short: str = ""     # a shorter label for the robustness bars


    def values(self, runs: pd.DataFrame) -> np.ndarray:
        value = self.outcome(runs) if callable(self.outcome) else runs[self.outcome]
        return np.asarray(value, dtype=float)

    @property
    def expected(self) -> str:
        return {1: "rises", -1: "falls", 0: "(context)"}[self.direction]


@dataclass(frozen=True)
class Comparison:
    """Control against treatment: one parameter (``dose``) moved, everything else the same."""

    name: str
    dose: str
    control: Any
    treatment: Any
    checks: tuple[Check, ...]
    scenario: str = "baseline"
    levels: tuple[Any, ...] | None = None   # dose-response levels (default: the schema range)

    @property
    def setting(self) -> str:
        p = PARAMETERS[self.dose]
        unit = "" if p.kind == "choice" or p.unit == "dimensionless" else f" {p.unit}"
        where = "" if self.scenario == "baseline" else f", in the `{self.scenario}` scenario"
        return f"`{self.dose}` {fmt(self.control)} → {fmt(self.treatment)}{unit}{where}"

    def dose_levels(self, count: int) -> list[Any]:
        if self.levels is not None:
            return list(self.levels)
        p = PARAMETERS[self.dose]
        values = np.linspace(p.low, p.high, count)
        extra = [v for v in (self.control, self.treatment) if not np.isclose(values, v).any()]
        values = np.sort(np.concatenate([values, extra]))
        return [round(v) for v in values] if p.kind == "int" else [float(v) for v in values]


@dataclass
class CheckResult:
    check: Check
    comparison: str
    control_mean: float
    treatment_mean: float
    diff: float
    low: float
    high: float
    verdict: str
    robust: dict[str, Any] = field(default_factory=dict)

    @property
    def relative(self) -> float:
        base = abs(self.control_mean)
        return self.diff / base if base > 1e-12 else math.nan


@dataclass
class ComparisonResult:
    comparison: Comparison
    checks: list[CheckResult]
    dose: pd.DataFrame | None = None   # level, check label, mean, low, high
    runs: int = 0
    lhs: tuple[pd.DataFrame, pd.DataFrame] | None = None   # the paired hypercube runs (not kept in reports)


def design_text(comparisons: Sequence[Comparison], settings: Settings, note: str = "") -> str:
    """The *Design* paragraph of a comparison claim."""
    many = len(comparisons) > 1
    arms = "; ".join((f"{c.name}: " if many else "") + c.setting for c in comparisons)
    curves = ", ".join(f"`{c.dose}` {fmt(min(c.dose_levels(settings.dose_levels)))}–"
                       f"{fmt(max(c.dose_levels(settings.dose_levels)))}" for c in comparisons)
    count = "Paired comparison" if not many else f"{len(comparisons)} paired comparisons, each against its control"
    return (f"{count}, {settings.replications:,} replications per arm with common random numbers: "
            f"{arms}{note}. Dose-response over {curves}, the same {settings.replications:,} "
            f"seeds at every level.")


def paired_stats(control: np.ndarray, treatment: np.ndarray, direction: int,
                 threshold: float | None = None) -> tuple[float, float, float, str]:
    """Mean paired difference treatment - control, its CI and the verdict (1 % rule).

    With a ``threshold`` (a level check) the difference is treatment - threshold, and there is
    no negligibility band.
    """
    treatment = np.asarray(treatment, float)
    if threshold is not None:
        diff, low, high = mean_ci(treatment - threshold)
        return diff, low, high, verdict(low, high, direction)
    control = np.asarray(control, float)
    diff, low, high = mean_ci(treatment - control)
    return diff, low, high, verdict(low, high, direction, diff, float(np.mean(control)))


def robustness(control: pd.DataFrame, treatment: pd.DataFrame | None, check: Check,
               manipulated: Sequence[str] = ()) -> dict[str, Any]:
    """Share of the Latin hypercube where the check has the paper's sign, and where it fails.

    ``control`` and ``treatment`` are paired run tables (same points, same seeds); without a
    treatment, the level check's value minus its threshold is used.
    """
    base = check.values(control)
    points = control["point"].to_numpy()
    if treatment is not None:
        if not np.array_equal(control["seed"].to_numpy(), treatment["seed"].to_numpy()):
            raise ValueError("robustness: the two arms are not paired run by run")
        value = check.values(treatment) - base
    else:
        value = base - check.threshold
    per_point = pd.Series(value).groupby(points).mean()
    design = control.groupby("point").first()
    signed = np.sign(per_point.to_numpy()) * (check.direction or 1)
    if treatment is not None:
        level = pd.Series(base).groupby(points).mean().to_numpy()
        signed = np.where(negligible(per_point.to_numpy(), level), 0.0, signed)
    n = len(signed)
    holds, reversed_, tied = int((signed > 0).sum()), int((signed < 0).sum()), int((signed == 0).sum())
    share, low, high = wilson(holds, n)
    mean, mean_low, mean_high = mean_ci(per_point.to_numpy())
    return {"points": n, "holds": share, "low": low, "high": high,
            "reversed": reversed_ / n if n else math.nan, "tied": tied / n if n else math.nan,
            "mean": mean, "mean_low": mean_low, "mean_high": mean_high,
            "moderators": moderators(design, per_point * (check.direction or 1), signed, manipulated)}


def moderators(design: pd.DataFrame, per_point: pd.Series, signed: np.ndarray,
               manipulated: Sequence[str] = (), top: int = 3) -> list[dict[str, Any]]:
    """The parameters most rank-correlated with the effect (signed so that r_s > 0 means the claim
    holds more strongly at higher values), with the share of points holding in each half."""
    effect = per_point.to_numpy()
    if len(effect) < 8 or np.ptp(effect) == 0:
        return []
    rows = []
    for name in design.columns:
        if name not in PARAMETERS or name in manipulated or PARAMETERS[name].kind == "choice":
            continue
        x = design[name].to_numpy(dtype=float)
        if np.ptp(x) == 0:
            continue
        rho = stats.spearmanr(x, effect).statistic
        if np.isfinite(rho):
            rows.append((abs(rho), name, rho, x))
    rows.sort(key=lambda r: r[0], reverse=True)
    out = []
    for _, name, rho, x in rows[:top]:
        cut = float(np.median(x))
        low_half, high_half = signed[x <= cut], signed[x > cut]
        out.append({"parameter": name, "rho": float(rho), "median": cut,
                    "holds_low": float((low_half > 0).mean()) if low_half.size else math.nan,
                    "holds_high": float((high_half > 0).mean()) if high_half.size else math.nan})
    return out


def compare(comparison: Comparison, settings: Settings, seed: int, robust: bool = True) -> ComparisonResult:
    """Run one comparison: a grid over the dose levels (control and treatment among them) with
    common random numbers, which gives both the paired comparison and the dose-response curve,
    then the robustness over the Latin hypercube."""
    c = comparison
    levels = c.dose_levels(settings.dose_levels)
    table = sweep({c.dose: levels}, replications=settings.replications, seed=seed, settings=settings,
                  scenario=c.scenario).runs
    runs = len(table)
    control = table[table[c.dose] == c.control].sort_values("replication")
    treatment = table[table[c.dose] == c.treatment].sort_values("replication")
    if not np.array_equal(control["seed"].to_numpy(), treatment["seed"].to_numpy()) or control.empty:
        raise ValueError(f"{c.name}: the control and treatment arms are not paired")
    results = []
    for check in c.checks:
        a, b = check.values(control), check.values(treatment)
        diff, low, high, word = paired_stats(a, b, check.direction)
        results.append(CheckResult(check, c.name, float(np.mean(a)), float(np.mean(b)), diff, low,
                                   high, word if check.direction else ""))
    rows = []
    for level, group in table.groupby(c.dose, sort=True):
        for check in c.checks:
            mean, low, high = mean_ci(check.values(group))
            rows.append({"level": level, "check": check.label, "mean": mean, "low": low, "high": high})
    if robust:
        base = lhs_runs(settings, seed + 2, [c.dose], {c.dose: c.control}, c.scenario)
        moved = lhs_runs(settings, seed + 2, [c.dose], {c.dose: c.treatment}, c.scenario)
        runs += len(base) + len(moved)
        for result in results:
            if result.check.direction:
                result.robust = robustness(base, moved, result.check, [c.dose])
    return ComparisonResult(c, results, pd.DataFrame(rows), runs, (base, moved) if robust else None)


def levels(checks: Sequence[Check], settings: Settings, seed: int, name: str,
           scenario: str = "baseline", robust: bool = True) -> ComparisonResult:
    """Level checks of one scenario: each value against its threshold, and their robustness."""
    runs = sweep({"strategy": ["hedge"]}, replications=settings.replications, seed=seed,
                 settings=settings, scenario=scenario).runs
    count = len(runs)
    results = []
    for check in checks:
        x = check.values(runs)
        diff, low, high, word = paired_stats(np.full_like(x, 0.0), x, check.direction, check.threshold)
        results.append(CheckResult(check, name, check.threshold, float(np.mean(x)), diff, low, high,
                                   word if check.direction else ""))
    if robust:
        space = lhs_runs(settings, seed + 2, [], {}, scenario)
        count += len(space)
        for result in results:
            if result.check.direction:
                result.robust = robustness(space, None, result.check)
    comparison = Comparison(name, "strategy", "hedge", "hedge", tuple(checks), scenario)
    return ComparisonResult(comparison, results, None, count)


# ---------------------------------------------------------------------- report
def fmt(x: Any, digits: int = 3) -> str:
    """A number for the report: 3 significant digits, no exponent for everyday sizes."""
    if isinstance(x, str):
        return x
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if isinstance(x, int | np.integer):
        return f"{int(x):,}"
    x = float(x)
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - magnitude)
    if abs(x) >= 1e6 or abs(x) < 1e-4:
        return f"{x:.{digits - 1}e}"
    return f"{x:,.{decimals}f}"


def signed(x: float) -> str:
    text = fmt(x)
    return text if text.startswith("-") or text in ("0", "–") else "+" + text


def pct(x: float) -> str:
    return "–" if not math.isfinite(x) else f"{100 * x:.0f} %"


# Words for the prose, chosen from the numbers: a script never hard-codes a direction or a
# comparison, so a model change cannot make its text contradict the table next to it.
def direction(result: CheckResult) -> int:
    """+1 or -1 when the paired difference's CI excludes 0 and the change is at least 1 % of
    the control mean; 0 otherwise (no clear or a negligible change)."""
    if not (result.low > 0 or result.high < 0) or negligible(result.diff, result.control_mean):
        return 0
    return 1 if result.diff > 0 else -1


def moved(result: CheckResult, up: str = "rises", down: str = "falls",
          flat: str = "hardly changes") -> str:
    """A verb for the paired difference: ``up``, ``down`` or ``flat`` (see :func:`direction`)."""
    return {1: up, -1: down, 0: flat}[direction(result)]


def status(result: CheckResult) -> str:
    """The check's verdict; for a context row, what the verdict rule would call its size."""
    if result.verdict:
        return result.verdict
    if result.low > 0 or result.high < 0:
        return NEGLIGIBLE if negligible(result.diff, result.control_mean) else "clear"
    return UNCLEAR


def change(result: CheckResult, unit: str = "", up: str = "rises by", down: str = "falls by",
           verdict: bool = False) -> str:
    """'falls by 5.88 USD bn (30.4 %)' for a clear change ('(30.4 %; agrees)' with ``verdict``),
    'changes by +0.00346 (negligible)' otherwise."""
    unit = f" {unit}" if unit else ""
    word = direction(result)
    if word == 0:
        return f"changes by {signed(result.diff)}{unit} ({status(result)})"
    notes = [f"{abs(100 * result.relative):.1f} %"] if math.isfinite(result.relative) else []
    notes += [result.verdict] if verdict and result.verdict else []
    return f"{up if word > 0 else down} {fmt(abs(result.diff))}{unit}" + (
        f" ({'; '.join(notes)})" if notes else "")


def compare_words(a: float, b: float, more: str = "more", less: str = "less", same: str = "as much",
                  tolerance: float = 0.01) -> str:
    """``more`` when a exceeds b by over ``tolerance`` (relative), ``less`` when it falls short,
    else ``same``."""
    scale = max(abs(a), abs(b), 1e-12)
    if abs(a - b) <= tolerance * scale:
        return same
    return more if a > b else less


def robust_share(result: CheckResult, key: str = "holds") -> str:
    """A robustness share as text ('36 %'), '–' without a hypercube."""
    return pct(result.robust.get(key, float("nan")))


def ci_text(result: CheckResult) -> str:
    return f"{signed(result.diff)} [{signed(result.low)}, {signed(result.high)}]"


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: str = "") -> str:
    """A Markdown table; ``align`` is one letter per column (l or r)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def paired_table(results: Sequence[ComparisonResult], level_check: bool = False) -> str:
    """The paired-comparison table of a claim's checks."""
    rows = []
    many = len(results) > 1
    for r in results:
        for c in r.checks:
            label = f"{c.check.label}" + (f" ({c.check.unit})" if c.check.unit else "")
            if level_check:
                rows.append([label, f"{'>' if c.check.direction > 0 else '<'} {fmt(c.check.threshold)}",
                             fmt(c.treatment_mean), ci_text(c), f"**{c.verdict}**"])
            else:
                row = [label, c.check.expected, fmt(c.control_mean), fmt(c.treatment_mean), ci_text(c),
                       f"{100 * c.relative:+.1f} %" if math.isfinite(c.relative) else "–",
                       f"**{c.verdict}**" if c.verdict else "context"]
                rows.append(([r.comparison.name] if many else []) + row)
    if level_check:
        return md_table(["check", "paper expects", "mean", "value − threshold [95 % CI]", "verdict"], rows,
                        "llrrl")
    header = ["check", "paper: treatment", "control", "treatment", "Δ paired [95 % CI]", "Δ relative",
              "verdict"]
    return md_table((["comparison"] if many else []) + header, rows,
                    ("l" if many else "") + "llrrrrl")


def robustness_table(results: Sequence[ComparisonResult]) -> str:
    rows = []
    many = len(results) > 1
    for r in results:
        for c in r.checks:
            if not c.robust:
                continue
            rb = c.robust
            where = "; ".join(
                f"`{m['parameter']}` (r_s = {m['rho']:+.2f}; holds in {pct(m['holds_low'])} of points "
                f"≤ {fmt(m['median'])}, {pct(m['holds_high'])} above)" for m in rb["moderators"][:2]) or "–"
            row = [c.check.label, fmt(rb["points"]),
                   f"{pct(rb['holds'])} [{pct(rb['low'])}, {pct(rb['high'])}]",
                   pct(rb["reversed"]), pct(rb["tied"]), where]
            rows.append(([r.comparison.name] if many else []) + row)
    header = ["check", "points", "direction holds [95 % CI]", "reversed", "no or negligible change",
              "strongest moderators (Spearman r_s with the effect)"]
    return md_table((["comparison"] if many else []) + header, rows,
                    ("l" if many else "") + "lrrrrl")


def all_checks(results: Sequence[ComparisonResult]) -> list[CheckResult]:
    return [c for r in results for c in r.checks]


def claim_verdict(results: Sequence[ComparisonResult]) -> str:
    return overall_verdict([c.verdict for c in all_checks(results) if c.check.direction])


def find(results: Sequence[ComparisonResult], label: str, comparison: str | None = None) -> CheckResult:
    """A check's result by its label (and comparison name when labels repeat)."""
    for c in all_checks(results):
        if c.check.label == label and (comparison is None or c.comparison == comparison):
            return c
    raise KeyError(label)


@dataclass
class ClaimReport:
    """What a claim script hands back: its numbers, verdict, figure and text for the report."""

    key: str
    title: str
    quote: str
    source: str
    design: str
    results: list[ComparisonResult]
    verdict: str
    summary: str
    finding: str
    figure: Path
    seed: int
    seconds: float = 0.0
    level_check: bool = False
    extra: str = ""           # more Markdown (tables) specific to a claim
    headline: str = ""        # one sentence for the closing note
    issues: list[str] = field(default_factory=list)   # model caveats the experiment exposed

    @property
    def runs(self) -> int:
        return sum(r.runs for r in self.results)

    def markdown(self, number: int, figure_dir: str = "figures") -> str:
        quote = "\n".join("> " + line for line in self.quote.strip().splitlines())
        parts = [f"## {number}. {self.title}", "", f"{quote}", ">", f"> — the paper, {self.source}", "",
                 f"**Verdict: {self.verdict}** ({verdict_counts(self.results)}).", "",
                 f"![{self.title}]({figure_dir}/{self.figure.name})", "",
                 f"*Design.* {self.design} Seed {self.seed}; {self.runs:,} runs; {self.seconds:.1f} s.", "",
                 paired_table(self.results, self.level_check), ""]
        if self.extra:
            parts += [self.extra, ""]
        if any(c.robust for c in all_checks(self.results)):
            parts += ["*Robustness over the other parameters* (Latin hypercube):", "",
                      robustness_table(self.results), ""]
        parts += [f"*What the model says.* {self.finding}", ""]
        return "\n".join(parts)

    def text(self) -> str:
        """Plain-text numbers for the terminal."""
        lines = [f"{self.title}: {self.verdict}", f"  {self.summary}"]
        for c in all_checks(self.results):
            line = f"  [{c.comparison}] {c.check.label}: control {fmt(c.control_mean)}, " \
                   f"treatment {fmt(c.treatment_mean)}, diff {ci_text(c)} -> {c.verdict or 'context'}"
            if c.robust:
                line += f"; holds in {pct(c.robust['holds'])} [{pct(c.robust['low'])}, " \
                        f"{pct(c.robust['high'])}] of {c.robust['points']} points"
            lines.append(line)
        lines.append(f"  figure: {self.figure}  ({self.runs:,} runs, {self.seconds:.1f} s)")
        return "\n".join(lines)


def main(run: Callable[[Settings], ClaimReport], description: str,
         argv: Sequence[str] | None = None) -> ClaimReport:
    """Run one claim script from the command line and print its numbers."""
    settings = parse_args(description, argv)
    report = timed(run, settings)
    print(report.text())
    return report


def timed(run: Callable[[Settings], ClaimReport], settings: Settings) -> ClaimReport:
    started = time.perf_counter()
    report = run(settings)
    report.seconds = time.perf_counter() - started
    for result in report.results:
        result.lhs = None   # the run tables stay in the worker
    return report


# --------------------------------------------------------------------- figures
def new_figure(panels: int, title: str, columns: int = 3, height: float = 3.0,
               width: float = 12.0) -> tuple[Figure, list[Any]]:
    """A titled figure of ``panels`` axes on a grid; the last one spans its row's empty columns."""
    rows = math.ceil(panels / columns)
    fig = Figure(figsize=(width, height * rows + 0.8), layout="constrained")
    fig.get_layout_engine().set(h_pad=0.08)
    grid = fig.add_gridspec(rows, columns)
    axes = [fig.add_subplot(grid[i // columns, i % columns]) for i in range(panels - 1)]
    row, column = divmod(panels - 1, columns)
    axes.append(fig.add_subplot(grid[row, column:]))
    fig.suptitle(title, fontsize=12, fontweight="bold")
    return fig, axes


def caption(fig: Figure, text: str) -> None:
    """A line of explanation under the panels (kept clear of them by the layout)."""
    fig.supxlabel(text, fontsize=7.5, color="#444444")


def save(fig: Figure, settings: Settings, key: str) -> Path:
    """Write ``figures/<key>.png`` as a small palette PNG (a few tens of kB)."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=50 if settings.quick else 90)
    buffer.seek(0)
    path = settings.figures / f"{key}.png"
    with Image.open(buffer) as image:
        image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def axis_label(name: str) -> str:
    p = PARAMETERS[name]
    return name if p.unit == "dimensionless" else f"{name} ({p.unit})"


COLOURS = ["#1f4e9c", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#6c7a89"]


def dose_panels(axes: Sequence[Any], results: Sequence[ComparisonResult]) -> None:
    """One panel per (comparison, panel): the dose-response curve of each check, 95 % CI bands,
    the control and treatment levels marked and the paired difference written in."""
    i = 0
    for r in results:
        c = r.comparison
        groups: dict[str, list[CheckResult]] = {}
        for cr in r.checks:
            groups.setdefault(cr.check.panel or cr.check.label, []).append(cr)
        for panel, members in groups.items():
            ax = axes[i]
            i += 1
            notes = []
            for k, cr in enumerate(members):
                curve = r.dose[r.dose["check"] == cr.check.label]
                colour = COLOURS[k % len(COLOURS)]
                ax.plot(curve["level"], curve["mean"], color=colour, marker="o", ms=3, lw=1.6,
                        label=cr.check.label if len(members) > 1 else None)
                ax.fill_between(curve["level"], curve["low"], curve["high"], color=colour, alpha=0.2, lw=0)
                name = f"{cr.check.label}: " if len(members) > 1 else ""
                notes.append(f"{name}Δ {ci_text(cr)}, {cr.verdict or 'context'}")
            for x, style in ((c.control, ":"), (c.treatment, "--")):
                ax.axvline(float(x), color="black", ls=style, lw=0.9)
            title = panel if len(results) == 1 else f"{c.name}: {panel}"
            ax.set_title(_wrap(title, 48) + "\n" + "\n".join(notes), fontsize=8)
            ax.set_xlabel(axis_label(c.dose), fontsize=7.5)
            ax.set_ylabel(members[0].check.unit, fontsize=8)
            ax.tick_params(labelsize=7.5)
            ax.grid(alpha=0.3)
            if len(members) > 1:
                ax.legend(fontsize=7, loc="best")


def robustness_panel(ax: Any, results: Sequence[ComparisonResult], title: str = "",
                     tied_label: str = "change < 1 %") -> None:
    """Horizontal bars: share of the Latin hypercube where each check holds (Wilson 95 % CI),
    is reversed, or shows no change."""
    rows = [(cr, cr.robust) for r in results for cr in r.checks if cr.robust]
    labels = [(f"{cr.comparison}: " if len(results) > 1 else "") + (cr.check.short or cr.check.label)
              for cr, _ in rows]
    y = np.arange(len(rows))[::-1].astype(float)
    holds = np.array([rb["holds"] for _, rb in rows])
    rev = np.array([rb["reversed"] for _, rb in rows])
    tied = np.array([rb["tied"] for _, rb in rows])
    bar = 0.42
    ax.barh(y, holds, bar, color=VERDICT_COLOURS[AGREES], label="paper's side")
    ax.barh(y, tied, bar, left=holds, color="#bdc3c7", label=tied_label)
    ax.barh(y, rev, bar, left=holds + tied, color=VERDICT_COLOURS[DISAGREES], label="reversed")
    err = np.array([[rb["holds"] - rb["low"], rb["high"] - rb["holds"]] for _, rb in rows]).T
    ax.errorbar(holds, y, xerr=err, fmt="none", ecolor="black", capsize=3, lw=1)
    for yi, h, label in zip(y, holds, labels, strict=True):
        ax.text(0.005, yi + bar / 2 + 0.04, f"{label}: {pct(h)}", va="bottom", ha="left", fontsize=7)
    ax.set_yticks([])
    ax.set_ylim(-0.5, len(rows) - 0.25)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of parameter points (95 % CI for the paper's direction)", fontsize=7.5)
    points = rows[0][1]["points"] if rows else 0
    ax.set_title(title or f"Robustness: a {points:,}-point Latin hypercube\nof the other parameters",
                 fontsize=9, pad=16)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.legend(fontsize=6.5, loc="lower center", ncols=3, bbox_to_anchor=(0.5, 1.0), frameon=False,
              borderaxespad=0.1, handlelength=1.2, columnspacing=1.0)


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def comparison_figure(results: Sequence[ComparisonResult], title: str, settings: Settings, key: str) -> Path:
    """The standard figure of a comparison claim: dose-response panels and the robustness bars."""
    panels = sum(len({cr.check.panel or cr.check.label for cr in r.checks}) for r in results)
    count = panels + 1
    columns = count if count <= 3 else 2 if count == 4 else 3 if count <= 6 else 4
    fig, axes = new_figure(count, title, columns, width=4.1 * columns)
    caption(fig, "Curves: mean over replications with its 95 % CI band; dotted line: control, dashed line: "
                 "treatment; under each title: the paired difference treatment − control [95 % CI] and its verdict.")
    dose_panels(axes[:panels], results)
    robustness_panel(axes[panels], results)
    return save(fig, settings, key)


def verdict_counts(results: Sequence[ComparisonResult]) -> str:
    """'2 of 5 checks agree; 3 no clear effect'."""
    verdicts = [c.verdict for c in all_checks(results) if c.check.direction]
    agree = sum(v == AGREES for v in verdicts)
    rest = [f"{verdicts.count(v)} {v}" for v in (DISAGREES, NEGLIGIBLE, UNCLEAR) if v in verdicts]
    return f"{agree} of {len(verdicts)} checks agree" + ("; " + ", ".join(rest) if rest else "")


def summary_line(results: Sequence[ComparisonResult]) -> str:
    """'label: Δ [CI] (verdict); ...' over the checks with a verdict."""
    parts = []
    for c in all_checks(results):
        if c.check.direction:
            robust = f", holds in {pct(c.robust['holds'])} of the space" if c.robust else ""
            parts.append(f"{c.check.label} {ci_text(c)} ({c.verdict}{robust})")
    return "; ".join(parts) + "."
