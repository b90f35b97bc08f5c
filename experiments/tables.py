"""The report's Markdown tables and *Design* paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claims import Comparison, ComparisonResult
from prose import ci_text, fmt, pct, relative_text
from settings import Settings


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: str = "") -> str:
    """A Markdown table; ``align`` is one letter per column (l or r)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


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


def paired_table(results: Sequence[ComparisonResult], level_check: bool = False) -> str:
    """The paired-comparison table of a claim's checks."""
    rows = []
    many = len(results) > 1
    for r in results:
        for c in r.checks:
            label = f"{c.check.label}" + (f" ({c.check.unit})" if c.check.unit else "")
            if level_check:
                sign = {1: ">", -1: "<", 0: "(context)"}[c.check.direction]
                rows.append([label, f"{sign} {fmt(c.check.threshold)}" if c.check.direction else sign,
                             fmt(c.treatment_mean), ci_text(c) if c.check.direction else "–",
                             f"**{c.verdict}**" if c.verdict else "context"])
            else:
                row = [label, c.check.expected, fmt(c.control_mean), fmt(c.treatment_mean), ci_text(c),
                       relative_text(c), f"**{c.verdict}**" if c.verdict else "context"]
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
                f"≤ {fmt(m['median'])}, {pct(m['holds_high'])} above; reversed in "
                f"{pct(m['reversed_low'])} and {pct(m['reversed_high'])})" for m in rb["moderators"][:2]) or "–"
            row = [c.check.short or c.check.label, fmt(rb["points"]),
                   f"{pct(rb['holds'])} [{pct(rb['low'])}, {pct(rb['high'])}]",
                   pct(rb["reversed"]), pct(rb["tied"]), where]
            rows.append(([r.comparison.name] if many else []) + row)
    header = ["check", "points", "direction holds [95 % CI]", "reversed", "no or negligible change",
              "strongest moderators (Spearman r_s with the effect)"]
    return md_table((["comparison"] if many else []) + header, rows,
                    ("l" if many else "") + "lrrrrl")
