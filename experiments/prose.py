"""Numbers and words for the report, chosen from the results.

A claim script never hard-codes a direction or a comparison: every number is formatted here and
every direction word is picked from the confidence interval and the size of the change, so a
model change cannot make the text contradict the table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from inference import AGREES, DISAGREES, NEGLIGIBLE, UNCLEAR, negligible


def fmt(x: Any, digits: int = 3) -> str:
    """A number for the report: 3 significant digits, no exponent for everyday sizes."""
    if isinstance(x, str):
        return x
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if isinstance(x, int | np.integer):
        return f"{int(x):,}"
    x = float(x)
    if not math.isfinite(x):
        return "–"
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


def ci_text(result: Any) -> str:
    return f"{signed(result.diff)} [{signed(result.low)}, {signed(result.high)}]"


def relative_text(result: Any) -> str:
    return f"{100 * result.relative:+.1f} %" if math.isfinite(result.relative) else "–"


def direction(result: Any) -> int:
    """+1 or -1 when the paired difference's CI excludes 0 and the change is at least 1 % of
    the control mean; 0 otherwise (no clear or a negligible change)."""
    if not (result.low > 0 or result.high < 0) or negligible(result.diff, result.control_mean):
        return 0
    return 1 if result.diff > 0 else -1


def clear_sign(result: Any) -> int:
    """+1 or -1 when the CI excludes 0, whatever the size; 0 otherwise."""
    return 1 if result.low > 0 else -1 if result.high < 0 else 0


def moved(result: Any, up: str = "rises", down: str = "falls", flat: str = "hardly changes") -> str:
    """A verb for the paired difference: ``up``, ``down`` or ``flat`` (see :func:`direction`)."""
    return {1: up, -1: down, 0: flat}[direction(result)]


def status(result: Any) -> str:
    """The check's verdict; for a context row, what the verdict rule would call its size."""
    if result.verdict:
        return result.verdict
    if result.low > 0 or result.high < 0:
        return NEGLIGIBLE if negligible(result.diff, result.control_mean) else "clear"
    return UNCLEAR


def change(result: Any, unit: str = "", up: str = "rises by", down: str = "falls by",
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


def robust_share(result: Any, key: str = "holds") -> str:
    """A robustness share as text ('36 %'), '–' without a hypercube."""
    return pct(result.robust.get(key, float("nan")))


def verdict_counts(checks: Sequence[Any]) -> str:
    """'2 of 5 checks agree; 3 no clear effect' over check results with a verdict."""
    verdicts = [c.verdict for c in checks if c.check.direction]
    agree = sum(v == AGREES for v in verdicts)
    rest = [f"{verdicts.count(v)} {v}" for v in (DISAGREES, NEGLIGIBLE, UNCLEAR) if v in verdicts]
    return f"{agree} of {len(verdicts)} checks agree" + ("; " + ", ".join(rest) if rest else "")


def summary_line(checks: Sequence[Any]) -> str:
    """'label: Δ [CI] (verdict); ...' over the checks with a verdict."""
    parts = []
    for c in checks:
        if c.check.direction:
            robust = f", holds in {pct(c.robust['holds'])} of the space" if c.robust else ""
            parts.append(f"{c.check.label} {ci_text(c)} ({c.verdict}{robust})")
    return "; ".join(parts) + "."


def reversal_text(result: Any) -> str:
    """Where a check's effect reverses over the hypercube, in words: the share of points, and
    the half of its strongest moderator where reversals concentrate."""
    from robustness import reversal_region

    rb = result.robust
    if not rb:
        return "not tested over the parameter space"
    share = rb.get("reversed", math.nan)
    if not math.isfinite(share) or share == 0:
        return f"reverses at none of the {rb['points']:,} points"
    region = reversal_region(rb)
    if share < 0.005:
        return f"reverses at fewer than 1 % of the {rb['points']:,} points"
    text = f"reverses at {pct(share)} of the points"
    if region and region["share"] >= max(0.05, 1.5 * share):
        side = "at or below" if region["side"] == "low" else "above"
        text += (f", most where `{region['parameter']}` is {side} {fmt(region['median'])} "
                 f"({pct(region['share'])} of that half)")
    return text
