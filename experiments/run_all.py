"""Rerun every experiment and regenerate the report (experiments/README.md) and its figures.

    python experiments/run_all.py                 # the full experiments (minutes on 2 cores)
    python experiments/run_all.py --quick         # few replications and points, for tests
    python experiments/run_all.py --out DIR       # write DIR/README.md and DIR/figures/ instead

The claims run in parallel worker processes (``--workers``, default 2), each claim's sweeps
serially inside its worker. Every number in the report comes from the scripts' results.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import resource
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import inference
import previous
import prose
from claims import all_checks
from report import ClaimReport, timed
from settings import Settings
from tables import md_table

CLAIMS = ("hedging_emerges", "risk1_eu_interest_wanes", "risk2_russian_reaction", "risk3_esg_gap",
          "northern_route_reopens", "redundancy", "hedging_vs_bandwagoning", "counterweight",
          "where_hedging_fails")
LONGEST = ("redundancy", "where_hedging_fails", "risk2_russian_reaction", "hedging_vs_bandwagoning", "counterweight")


def run_claim(name: str, quick: bool, out: str, posterior: str | None = None) -> ClaimReport:
    """Run one claim script's experiment (in a worker process)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    module = importlib.import_module(name)
    return timed(module.run, Settings.make(quick, out, posterior))


def run_all(settings: Settings, workers: int = 2, claims: Sequence[str] = CLAIMS) -> tuple[list[ClaimReport], float]:
    started = time.perf_counter()
    if workers <= 1:
        reports = [run_claim(name, settings.quick, str(settings.out), settings.posterior) for name in claims]
    else:
        # Longest first, so the two workers finish together.
        order = sorted(claims, key=lambda c: LONGEST.index(c) if c in LONGEST else len(LONGEST))
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = {name: pool.submit(run_claim, name, settings.quick, str(settings.out), settings.posterior)
                       for name in order}
            reports = [futures[name].result() for name in claims]
    return reports, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few replications and points, for tests")
    parser.add_argument("--out", type=Path, default=None,
                        help="report folder (README.md and figures/); default: experiments/")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--posterior", type=Path, default=None,
                        help="a `hedgesim calibrate` folder: replication r of each comparison takes "
                             "posterior draw r instead of the scenarios' values (docs/calibration.md)")
    args = parser.parse_args(argv)
    settings = Settings.make(args.quick, args.out, args.posterior)
    settings.figures.mkdir(parents=True, exist_ok=True)  # before the workers write to it
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    reports, seconds = run_all(settings, args.workers)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if args.workers <= 1:
        cpu = time.process_time()
    for report in reports:
        print(report.text())
    import equilibrium  # the empirical four-player game (issue 10): a section of its own
    game = equilibrium.run(settings.quick, settings.out)
    print(game.text())
    path = settings.out / "README.md"
    path.write_text(report_markdown(reports, settings, seconds, args.workers, argv, cpu,
                                    sections=[game.markdown()]))
    print(f"wrote {path} and {len(reports)} figures in {seconds:.0f} s")
    return path


# ----------------------------------------------------------------------- report
def report_markdown(reports: Sequence[ClaimReport], settings: Settings, seconds: float, workers: int,
                    argv: Sequence[str] | None, cpu: float = float("nan"),
                    sections: Sequence[str] = ()) -> str:
    import mesa

    import hedgesim

    command = ("python experiments/run_all.py" + (" --quick" if settings.quick else "")
               + (f" --posterior {settings.posterior}" if settings.posterior is not None else ""))
    runs = sum(r.runs for r in reports)
    mode = ("**quick mode** (a smoke test: too few replications for conclusions)" if settings.quick
            else "full mode")
    if settings.posterior is not None:
        mode += (f", **under the posterior** of `{settings.posterior}` (replication r of every comparison "
                 f"takes posterior draw r of the parameters a 2025 run can use; the hypercubes vary them "
                 f"over their whole ranges as without it: docs/calibration.md)")
    band = f"{100 * inference.NEGLIGIBLE_SHARE:.0f} %"
    parts = [
        "# Experiments: the paper's argument, tested",
        "",
        "<!-- Generated by experiments/run_all.py from the experiments' results; do not edit by hand. -->",
        "",
        ("Each of the paper's claims (Botelho dos Santos & Borges 2026, \"Kazakhstan's Geoeconomic "
         "Hedging\", *Journal of Eurasian Studies*, doi:10.1177/118793665261447301) is tested by one script "
         "in this folder, as a replicated comparison of model scenarios with 95 % confidence intervals, "
         "checked over the rest of the parameter space for where it holds and where it reverses. The model "
         "is the hedging *game* (DESIGN.md section 2): each quarter a stage game solved as a logit quantal "
         "response equilibrium, bargained loan rates, compellence subgames, risk as the expected loss from "
         "coercion. One command reruns every claim and rewrites this report and its figures:"),
        "",
        "```bash",
        f"{command}" + ("" if settings.quick else "          # --quick: a smoke test"),
        "```",
        "",
        (f"This run: {mode}; {runs:,} model runs in **{seconds:.0f} s** with {workers} worker "
         f"process{'es' if workers != 1 else ''} on {os.cpu_count()} cores ({cpu:.0f} s of CPU time: the "
         f"wall time also counts whatever else the machine was running); hedgesim "
         f"{getattr(hedgesim, '__version__', '?')}, Mesa {mesa.__version__}, Python {platform.python_version()}, "
         f"{time.strftime('%Y-%m-%d')}. Sizes: {settings.replications:,} paired replications per arm and per "
         f"dose level ({settings.dose_levels} evenly spaced levels over a parameter's range plus the two arms, "
         f"unless a claim lists its levels); {settings.dose_replications} replications per level of the other "
         f"grids (claim 7's risk weight, claim 8's complementarity, claim 9's map) and recorded worlds of the "
         f"time series; robustness over a {settings.lhs_points:,}-point Latin hypercube with "
         f"{settings.lhs_replications} replication{'s' if settings.lhs_replications != 1 else ''} per point and "
         f"arm; claim 9's scenario discovery over {settings.discovery_points:,} points. Seeds: "
         + ", ".join(f"{r.key} {r.seed}" for r in reports)
         + " (each script's base seed: its grid sweeps use it, its second grid seed + 1, the Latin "
           "hypercubes seed + 2, and a script's k-th comparison adds 10·k). Each script also runs alone: "
           "`python experiments/<claim>.py [--quick] [--out DIR]` prints its numbers and writes its figure. "
           "Claim 9 needs the `experiments` extra (`pip install -e \".[experiments]\"`: EMA Workbench's PRIM)."),
        "",
        "## How to read the verdicts",
        "",
        ("- **Kazakhstan is free unless a claim says otherwise.** `strategy` free: no policy imposes hedging, "
         "so hedging has to emerge. Claims 7 and 9 compare the policies (hedge, bandwagon with China, "
         "bandwagon with the EU), which fix the alignment rule and the answers to the partner's offers and "
         "leave everything else to the agent."),
        ("- **Paired comparison.** Control and treatment differ in one parameter; replication *k* of both arms "
         "has the same seed (common random numbers), so the difference treatment − control is taken run by "
         "run and its mean gets a Student-t 95 % confidence interval (`inference.py`)."),
        ("- **Verdict of a check.** The paper predicts a sign for each difference. *agrees*: the CI excludes 0 "
         "on the paper's side; *disagrees*: it excludes 0 on the other side; *no clear effect*: it contains 0; "
         f"*negligible*: it excludes 0 but the difference is under {band} of the control mean. Level checks "
         "(claims 1 and 9) compare a value with a threshold, same rule, no negligibility band. Rows marked "
         "*context* are reported without a verdict."),
        ("- **Coercion.** Whether coercion pays is judged by the powers' probabilities of coercing "
         "(`p_pressure_*`) and by how Kazakhstan's choices change (alignment, answers to offers, binding "
         "engagement), not by counting episodes: when deterrence works, episodes are rare."),
        ("- **Verdict of a claim.** *agrees* when every check agrees, *partly agrees* when some do, "
         "*disagrees* when none agrees and at least one disagrees, *no clear effect* otherwise. A "
         "disagreement is a finding about the model, reported with the mechanism that produces it."),
        ("- **Robustness and reversals.** A Latin hypercube (SALib) over every numeric parameter the claim "
         "does not manipulate, each over its whole schema range (listed at the end; the learning rules' "
         "four parameters are left out, since `decision_rule` stays logit). At every point both arms run "
         "with the same seeds. *direction holds*: the share of points where the difference has the paper's "
         f"sign and is at least {band} of the control value there (Wilson 95 % interval); *reversed*: the "
         "opposite sign, same size rule. The *moderators* are the parameters with the largest Spearman "
         "rank correlation r_s with the effect (r_s > 0: the claim holds more strongly at higher values), "
         "with the shares holding and reversed in each half of the parameter's range. Each claim ends with "
         "*where it reverses*."),
        "",
        "## Summary",
        "",
        md_table(["#", "claim", "verdict", "checks agreeing", "robustness: share of the space where each check holds"],
                 [[i, f"[{r.title}](#{anchor(i, r.title)})", f"**{r.verdict}**", checks_agreeing(r),
                   robust_range(r)] for i, r in enumerate(reports, 1)], "rllrl"),
        "",
    ]
    parts += changes_section(reports)
    for i, report in enumerate(reports, 1):
        parts.append(report.markdown(i))
    parts += list(sections)
    parts += closing_note(reports)
    parts += appendix(reports)
    return "\n".join(parts) + "\n"


def anchor(number: int, title: str) -> str:
    text = f"{number}. {title}".lower()
    keep = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return keep.replace(" ", "-")


def checks_agreeing(report: ClaimReport) -> str:
    verdicts = [c.verdict for c in all_checks(report.results) if c.check.direction]
    return f"{sum(v == inference.AGREES for v in verdicts)} of {len(verdicts)}"


def robust_range(report: ClaimReport) -> str:
    shares = [c.robust["holds"] for c in all_checks(report.results) if c.robust]
    if not shares:
        return "–"
    low, high = prose.pct(min(shares)), prose.pct(max(shares))
    return low if low == high else f"{low} – {high}"


def changes_section(reports: Sequence[ClaimReport]) -> list[str]:
    """The verdicts of the previous model (a record) against this run's, and why they changed."""
    rows = []
    for i, r in enumerate(reports, 1):
        old = previous.VERDICTS.get(r.key)
        rows.append([i, r.title, f"{old[0]} ({old[1]})" if old else "– (new claim)",
                     f"**{r.verdict}** ({checks_agreeing(r)})", old[2] if old else "–"])
    return ["## What changed from the previous model", "",
            (f"The previous model (report at commit {previous.COMMIT} on `main`) wrote Kazakhstan's utility with "
             "risk terms that measured distance from balance (concentration, entrapment, overshoot of a "
             "dominance cap), a square-root trade return, great powers whose pressure was logit noise, and "
             "offers with a size and no terms. The game replaces all four: risk is the expected loss from each "
             "power's coercion, driven by Kazakhstan's exposure to it; trade income is linear; the powers "
             "choose offers, rates (bargained), courting and coercion as quantal responses; the dominance cap "
             "is only an indicator's threshold. Each claim's section ends with what changed and the mechanism "
             "responsible."), "",
            md_table(["#", "claim", "previous model", "this model", "previous result, in brief"], rows, "rllll"),
            ""]


def closing_note(reports: Sequence[ClaimReport]) -> list[str]:
    rows = []
    for i, r in enumerate(reports, 1):
        checks = [c for c in all_checks(r.results) if c.check.direction]
        good = [short(c) for c in checks if c.verdict == inference.AGREES]
        bad = [f"{short(c)} ({c.verdict})" for c in checks if c.verdict != inference.AGREES]
        rows.append([i, r.title, f"**{r.verdict}**", "; ".join(good) or "–", "; ".join(bad) or "–",
                     robust_range(r)])
    lines = ["## Closing note: what the model supports, where, and what it does not", "",
             md_table(["#", "claim", "verdict", "holds", "does not hold", "space where checks hold"], rows,
                      "rllllr"), "", "**What the model says, claim by claim.**", ""]
    lines += [f"{i}. {r.headline}" for i, r in enumerate(reports, 1) if r.headline]
    lines += ["", "**Where each headline result reverses** (from the hypercubes and grids above):", ""]
    for i, r in enumerate(reports, 1):
        if r.reversals:
            lines.append(f"{i}. {r.title}: " + " ".join(r.reversals))
    issues = [issue for r in reports for issue in r.issues]
    if issues:
        lines += ["", ("**Model issues the experiments exposed** (described, not fixed here; see each claim's "
                  "section):"), ""]
        lines += [f"- {issue}" for issue in issues]
    lines += ["", ("Read all of this against the model's assumptions (docs/odd.md): most behavioural weights are "
                   "assumptions or fitted to 2025 behaviour, so a claim that holds only in part of the space holds "
                   "under the assumptions that define that part."), ""]
    return lines


def short(check) -> str:
    label = check.check.short or check.check.label
    name = check.comparison
    if name.startswith("("):
        return f"{name.split(' ')[0]} {label}"
    if name.startswith("vs ") or name.startswith("in `"):
        return label if label.startswith("hedging") else f"{name}: {label}"
    return label


def appendix(reports: Sequence[ClaimReport]) -> list[str]:
    from sweeps import other_ranges

    from hedgesim.game.parameters import PARAMETERS

    manipulated: dict[str, list[str]] = {}
    for r in reports:
        for result in r.results:
            for name in (result.comparison.dose, *result.comparison.fixed):
                if name != "strategy":
                    manipulated.setdefault(name, []).append(r.key)
    ranges = other_ranges()
    rows = [[f"`{n}`", prose.fmt(v["low"]), prose.fmt(v["high"]), PARAMETERS[n].unit,
             ", ".join(sorted(set(manipulated.get(n, [])))) or "–"] for n, v in ranges.items()]
    return ["## Appendix: the ranges of the Latin hypercubes", "",
            (f"{len(ranges)} numeric parameters, each over its whole schema range "
             "(`hedgesim.game.parameters.PARAMETERS`, documented in docs/odd.md); a claim's hypercube leaves "
             "out the parameter it manipulates and any it holds at its scenario's value (last column). Integer "
             "parameters are rounded after sampling."), "",
            md_table(["parameter", "low", "high", "unit", "held fixed by"], rows, "lrrll"), ""]


if __name__ == "__main__":
    main()
