"""What a claim tests: its checks, its comparisons, and running them into results.

A :class:`Check` is one measurable consequence of a claim, with the sign the paper predicts; a
:class:`Comparison` moves one parameter from a control to a treatment value, everything else
the same; :func:`compare` runs it (a dose-response grid with common random numbers, which holds
both arms, then the robustness hypercube) and :func:`levels` checks levels of one scenario.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from inference import AGREES, mean_ci, overall_verdict, paired_stats
from robustness import robustness
from settings import Settings
from sweeps import lhs_runs, sweep

from hedgesim.game.parameters import PARAMETERS

KAZAKH_FREE = "free"   # the unconstrained agent: hedging must emerge, not be imposed


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
    short: str = ""     # a shorter label for tables and the robustness bars

    def values(self, runs: pd.DataFrame) -> np.ndarray:
        value = self.outcome(runs) if callable(self.outcome) else runs[self.outcome]
        return np.asarray(value, dtype=float)

    @property
    def expected(self) -> str:
        return {1: "rises", -1: "falls", 0: "(context)"}[self.direction]


@dataclass(frozen=True)
class Comparison:
    """Control against treatment: one parameter (``dose``) moved, everything else the same.

    ``fixed``: parameters the robustness hypercube leaves at the scenario's value (besides the
    dose), e.g. the complementarity that defines the substitutes region.
    """

    name: str
    dose: str
    control: Any
    treatment: Any
    checks: tuple[Check, ...]
    scenario: str = "baseline"
    levels: tuple[Any, ...] | None = None   # dose-response levels (default: the schema range)
    fixed: tuple[str, ...] = ()

    @property
    def setting(self) -> str:
        from prose import fmt

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
    arms: tuple[pd.DataFrame, pd.DataFrame] | None = None  # the control and treatment run tables


def check_result(check: Check, name: str, control: np.ndarray, treatment: np.ndarray) -> CheckResult:
    """The paired statistics of one check on two arms paired run by run."""
    a, b = np.asarray(control, float), np.asarray(treatment, float)
    diff, low, high, word = paired_stats(a, b, check.direction)
    both = np.isfinite(a) & np.isfinite(b)
    return CheckResult(check, name, float(np.mean(a[both])) if both.any() else math.nan,
                       float(np.mean(b[both])) if both.any() else math.nan, diff, low, high,
                       word if check.direction else "")


def compare(comparison: Comparison, settings: Settings, seed: int, robust: bool = True) -> ComparisonResult:
    """Run one comparison: a grid over the dose levels (control and treatment among them) with
    common random numbers, which gives both the paired comparison and the dose-response curve,
    then the robustness over the Latin hypercube."""
    c = comparison
    levels = c.dose_levels(settings.dose_levels)
    table = sweep({c.dose: levels}, replications=settings.replications, seed=seed, settings=settings,
                  scenario=c.scenario).runs
    runs = len(table)
    control = table[np.isclose(table[c.dose], c.control)].sort_values("replication")
    treatment = table[np.isclose(table[c.dose], c.treatment)].sort_values("replication")
    if control.empty or not np.array_equal(control["seed"].to_numpy(), treatment["seed"].to_numpy()):
        raise ValueError(f"{c.name}: the control and treatment arms are not paired")
    results = [check_result(check, c.name, check.values(control), check.values(treatment))
               for check in c.checks]
    rows = []
    for level, group in table.groupby(c.dose, sort=True):
        for check in c.checks:
            mean, low, high = mean_ci(check.values(group))
            rows.append({"level": level, "check": check.label, "mean": mean, "low": low, "high": high})
    pair = None
    if robust:
        held = [c.dose, *c.fixed]
        base = lhs_runs(settings, seed + 2, held, {c.dose: c.control}, c.scenario)
        moved = lhs_runs(settings, seed + 2, held, {c.dose: c.treatment}, c.scenario)
        runs += len(base) + len(moved)
        for result in results:
            if result.check.direction:
                result.robust = robustness(base, moved, result.check, held)
        pair = (base, moved)
    return ComparisonResult(c, results, pd.DataFrame(rows), runs, pair, (control, treatment))


def levels(checks: Sequence[Check], settings: Settings, seed: int, name: str,
           scenario: str = "baseline", robust: bool = True) -> ComparisonResult:
    """Level checks of one scenario with Kazakhstan free: each value against its threshold, and
    their robustness."""
    runs = sweep({"strategy": [KAZAKH_FREE]}, replications=settings.replications, seed=seed,
                 settings=settings, scenario=scenario).runs
    count = len(runs)
    results = []
    for check in checks:
        x = check.values(runs)
        diff, low, high, word = paired_stats(None, x, check.direction, check.threshold)
        results.append(CheckResult(check, name, check.threshold, float(np.nanmean(x)), diff, low, high,
                                   word if check.direction else ""))
    if robust:
        space = lhs_runs(settings, seed + 2, [], {"strategy": KAZAKH_FREE}, scenario)
        count += len(space)
        for result in results:
            if result.check.direction:
                result.robust = robustness(space, None, result.check)
    comparison = Comparison(name, "strategy", KAZAKH_FREE, KAZAKH_FREE, tuple(checks), scenario)
    return ComparisonResult(comparison, results, None, count, arms=(runs, runs))


def all_checks(results: Sequence[ComparisonResult]) -> list[CheckResult]:
    return [c for r in results for c in r.checks]


def claim_verdict(results: Sequence[ComparisonResult]) -> str:
    return overall_verdict([c.verdict for c in all_checks(results) if c.check.direction])


def agreeing(results: Sequence[ComparisonResult]) -> tuple[int, int]:
    """Checks that agree, and checks with a verdict."""
    verdicts = [c.verdict for c in all_checks(results) if c.check.direction]
    return sum(v == AGREES for v in verdicts), len(verdicts)


def find(results: Sequence[ComparisonResult], label: str, comparison: str | None = None) -> CheckResult:
    """A check's result by its label (and comparison name when labels repeat)."""
    for c in all_checks(results):
        if c.check.label == label and (comparison is None or c.comparison == comparison):
            return c
    raise KeyError(label)
