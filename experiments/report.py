"""A claim's report: what a claim script hands back (numbers, verdict, figure, text), its
Markdown section, and the command line of a single script."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims import ComparisonResult, all_checks
from prose import ci_text, fmt, pct, verdict_counts
from settings import Settings, parse_args
from tables import paired_table, robustness_table


@dataclass
class ClaimReport:
    """A claim's numbers, verdict, figure and text for the report.

    ``reversals``: where the claim's headline results reverse (sentences from the hypercube or
    a grid); ``change``: what changed from the previous model's verdict and the mechanism
    responsible.
    """

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
    reversals: list[str] = field(default_factory=list)
    change: str = ""
    issues: list[str] = field(default_factory=list)   # model caveats the experiment exposed
    extra_runs: int = 0

    @property
    def runs(self) -> int:
        return sum(r.runs for r in self.results) + self.extra_runs

    @property
    def checks_text(self) -> str:
        return verdict_counts(all_checks(self.results))

    def markdown(self, number: int, figure_dir: str = "figures") -> str:
        quote = "\n".join("> " + line for line in self.quote.strip().splitlines())
        parts = [f"## {number}. {self.title}", "", f"{quote}", ">", f"> — the paper, {self.source}", "",
                 f"**Verdict: {self.verdict}** ({self.checks_text}).", "",
                 f"![{self.title}]({figure_dir}/{self.figure.name})", "",
                 f"*Design.* {self.design} Seed {self.seed}; {self.runs:,} runs; {self.seconds:.1f} s.", "",
                 paired_table(self.results, self.level_check), ""]
        if self.extra:
            parts += [self.extra, ""]
        if any(c.robust for c in all_checks(self.results)):
            parts += ["*Robustness over the other parameters* (Latin hypercube):", "",
                      robustness_table(self.results), ""]
        parts += [f"*What the model says.* {self.finding}", ""]
        if self.reversals:
            parts += ["*Where it reverses.*", ""] + [f"- {line}" for line in self.reversals] + [""]
        if self.change:
            parts += [f"*What changed from the previous model.* {self.change}", ""]
        return "\n".join(parts)

    def text(self) -> str:
        """Plain-text numbers for the terminal."""
        lines = [f"{self.title}: {self.verdict}", f"  {self.summary}"]
        for c in all_checks(self.results):
            line = (f"  [{c.comparison}] {c.check.label}: control {fmt(c.control_mean)}, "
                    f"treatment {fmt(c.treatment_mean)}, diff {ci_text(c)} -> {c.verdict or 'context'}")
            if c.robust:
                line += (f"; holds in {pct(c.robust['holds'])} [{pct(c.robust['low'])}, "
                         f"{pct(c.robust['high'])}] of {c.robust['points']} points")
            lines.append(line)
        lines += [f"  reverses: {line}" for line in self.reversals]
        lines.append(f"  figure: {self.figure}  ({self.runs:,} runs, {self.seconds:.1f} s)")
        return "\n".join(lines)


def timed(run: Callable[[Settings], ClaimReport], settings: Settings) -> ClaimReport:
    started = time.perf_counter()
    report = run(settings)
    report.seconds = time.perf_counter() - started
    for result in report.results:
        result.lhs = None    # the run tables stay in the worker
        result.arms = None
    return report


def main(run: Callable[[Settings], ClaimReport], description: str,
         argv: Sequence[str] | None = None) -> ClaimReport:
    """Run one claim script from the command line and print its numbers."""
    settings = parse_args(description, argv)
    report = timed(run, settings)
    print(report.text())
    return report
