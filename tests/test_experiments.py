"""The experiments (``experiments/``): every claim script runs in ``--quick`` mode and produces its
figure, its numbers and a verdict; the statistics behind the verdicts give known answers."""

from __future__ import annotations

import importlib
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"
sys.path.insert(0, str(EXPERIMENTS))

import common  # noqa: E402
import run_all  # noqa: E402

VERDICTS = (common.AGREES, common.PARTLY, common.DISAGREES, common.UNCLEAR)
CHECK_VERDICTS = (common.AGREES, common.DISAGREES, common.UNCLEAR, common.NEGLIGIBLE)


# ------------------------------------------------------------------ the scripts
@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """``run_all.py --quick`` into a temporary folder (never experiments/README.md)."""
    out = tmp_path_factory.mktemp("experiments")
    path = run_all.main(["--quick", "--out", str(out), "--workers", "2"])
    return out, path.read_text()


def test_run_all_writes_the_report_in_the_given_folder(quick):
    out, text = quick
    assert (out / "README.md").is_file()
    assert text.startswith("# Experiments: the paper's argument, tested")
    assert "python experiments/run_all.py --quick" in text
    assert re.search(r"model runs in \*\*\d+ s\*\*", text), "the runtime is stated at the top"
    assert "Seeds: hedging_emerges 2001" in text


@pytest.mark.parametrize("claim", run_all.CLAIMS)
def test_every_claim_writes_a_small_png_figure(quick, claim):
    out, text = quick
    figure = out / "figures" / f"{claim}.png"
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.stat().st_size < 200_000
    assert f"](figures/{claim}.png)" in text


def test_every_claim_has_numbers_and_a_verdict(quick):
    _, text = quick
    sections = re.split(r"^## \d+\. ", text, flags=re.M)[1:]
    assert len(sections) == len(run_all.CLAIMS)
    for section in sections:
        verdict = re.search(r"\*\*Verdict: ([a-z ]+)\*\*", section)
        assert verdict and verdict.group(1) in VERDICTS, section[:200]
        assert "> — the paper" in section, "the paper's sentence is quoted"
        # a paired difference with its confidence interval, and a per-check verdict
        assert re.search(r"[+-]?[\d.]+(e-?\d+)? \[[+-]?[\d.]+(e-?\d+)?, [+-]?[\d.]+(e-?\d+)?\]", section)
        assert any(f"**{v}**" in section for v in CHECK_VERDICTS)
        assert "direction holds" in section, "the robustness table"
        assert "*What the model says.*" in section
    assert "## Closing note" in text
    assert "## Appendix: the ranges of the Latin hypercubes" in text


def test_a_claim_script_runs_alone_and_prints_its_numbers(tmp_path):
    done = subprocess.run([sys.executable, str(EXPERIMENTS / "risk3_esg_gap.py"), "--quick", "--out",
                           str(tmp_path)], capture_output=True, text=True, timeout=120, check=True)
    assert re.search(r"Risk 3, the ESG gap: (agrees|partly agrees|disagrees|no clear effect)", done.stdout)
    assert "EU investment that went ahead: control" in done.stdout
    assert (tmp_path / "figures" / "risk3_esg_gap.png").is_file()
    assert not (tmp_path / "README.md").exists(), "a single script writes no report"


# ------------------------------------------------------------ statistics helpers
def test_mean_ci_is_the_student_t_interval():
    mean, low, high = common.mean_ci([1, 2, 3, 4, 5])
    half = 2.776445 * math.sqrt(2.5) / math.sqrt(5)   # t(0.975, 4) * s / sqrt(n)
    assert mean == 3
    assert low == pytest.approx(3 - half, rel=1e-5) and high == pytest.approx(3 + half, rel=1e-5)
    assert math.isnan(common.mean_ci([7])[1])


def test_wilson_interval_known_values():
    share, low, high = common.wilson(5, 10)
    assert share == 0.5 and low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    share, low, high = common.wilson(0, 10)
    assert low == 0 and high == pytest.approx(0.2775, abs=1e-4)


def test_a_known_paired_difference_gives_the_right_verdict():
    rng = np.random.default_rng(0)
    control = rng.normal(10, 3, 400)
    treatment = control + 1 + rng.normal(0, 0.1, 400)   # +1 in every pair, hidden in the noise
    diff, low, high, verdict = common.paired_stats(control, treatment, +1)
    assert diff == pytest.approx(1, abs=0.02) and low > 0.9 and high < 1.1
    assert verdict == common.AGREES
    assert common.paired_stats(control, treatment, -1)[3] == common.DISAGREES
    assert common.paired_stats(control, control + rng.normal(0, 0.1, 400), +1)[3] == common.UNCLEAR
    # statistically clear but under 1 % of the control mean
    assert common.paired_stats(control, control + 0.05, +1)[3] == common.NEGLIGIBLE
    # level check: value against a threshold, no negligibility band
    assert common.paired_stats(None, np.full(10, 0.6), +1, threshold=0.5)[3] == common.AGREES
    assert common.paired_stats(None, np.full(10, 0.4), +1, threshold=0.5)[3] == common.DISAGREES


def test_verdict_rules():
    assert common.verdict(0.1, 0.3, +1) == common.AGREES
    assert common.verdict(0.1, 0.3, -1) == common.DISAGREES
    assert common.verdict(-0.1, 0.3, +1) == common.UNCLEAR
    assert common.verdict(math.nan, math.nan, +1) == common.UNCLEAR
    assert common.verdict(0.1, 0.3, +1, mean=0.2, control=100) == common.NEGLIGIBLE
    overall = common.overall_verdict
    assert overall([common.AGREES] * 3) == common.AGREES
    assert overall([common.AGREES, common.DISAGREES]) == common.PARTLY
    assert overall([common.NEGLIGIBLE, common.DISAGREES]) == common.DISAGREES
    assert overall([common.NEGLIGIBLE, common.UNCLEAR]) == common.UNCLEAR


def test_robustness_counts_points_by_the_sign_of_their_mean_difference():
    points = np.repeat(np.arange(4), 2)
    control = pd.DataFrame({"point": points, "seed": np.arange(8), "risk_weight": np.repeat([0.5, 1.5, 2.5, 3.5], 2),
                            "mean_returns": 10.0})
    treatment = control.copy()
    treatment["mean_returns"] = 10 + np.repeat([2.0, 1.0, 0.0, -3.0], 2)   # holds, holds, tie, reversed
    robust = common.robustness(control, treatment, common.Check("mean_returns", +1, "returns"))
    assert robust["points"] == 4
    assert robust["holds"] == 0.5 and robust["reversed"] == 0.25 and robust["tied"] == 0.25
    assert robust["moderators"] == []   # too few points to rank
    with pytest.raises(ValueError, match="not paired"):
        common.robustness(control, treatment.assign(seed=np.arange(8) + 1), common.Check("mean_returns", +1, "r"))


# ------------------------------------------------------- prose from the numbers
def result(diff, low, high, control=10.0, verdict="agrees"):
    check = common.Check("mean_returns", +1, "returns")
    return common.CheckResult(check, "c", control, control + diff, diff, low, high, verdict)


def test_prose_words_follow_the_confidence_interval_and_the_size():
    clear_rise, clear_fall = result(2.0, 1.5, 2.5), result(-3.0, -3.5, -2.5)
    unclear, tiny = result(0.5, -0.2, 1.2, verdict="no clear effect"), result(0.05, 0.04, 0.06, verdict="negligible")
    assert [common.direction(r) for r in (clear_rise, clear_fall, unclear, tiny)] == [1, -1, 0, 0]
    assert common.moved(clear_rise) == "rises" and common.moved(clear_fall, down="cuts") == "cuts"
    assert common.moved(unclear) == common.moved(tiny) == "hardly changes"
    assert common.change(clear_fall, "USD bn", verdict=True) == "falls by 3.00 USD bn (30.0 %; agrees)"
    assert common.change(unclear) == "changes by +0.500 (no clear effect)"
    assert common.change(tiny) == "changes by +0.0500 (negligible)"
    # a context row (no verdict) is described by the verdict rule's size test
    assert common.status(result(0.05, 0.04, 0.06, verdict="")) == common.NEGLIGIBLE
    assert common.status(result(0.5, -0.2, 1.2, verdict="")) == common.UNCLEAR
    assert common.compare_words(5.33, 5.72) == "less" and common.compare_words(5.33, 3.86) == "more"
    assert common.compare_words(1.0, 1.005) == "as much"


MODEL_NAMES = re.compile(r"`((?:payoffs|corridors|indicators|agents|model|hedgesim|Kazakhstan|China|"
                         r"EuropeanUnion|Russia|HedgingModel)(?:\.[A-Za-z_]\w*)+)`")


def test_every_model_name_the_report_cites_exists(quick):
    """The prose explains mechanisms by citing model functions: each must still exist."""
    from hedgesim.game import players as agents, corridors, indicators, model, payoffs

    import hedgesim
    roots = {"payoffs": payoffs, "corridors": corridors, "indicators": indicators, "agents": agents,
             "model": model, "hedgesim": hedgesim, "Kazakhstan": agents.Kazakhstan, "China": agents.China,
             "EuropeanUnion": agents.EuropeanUnion, "Russia": agents.Russia,
             "HedgingModel": model.HedgingModel}
    _, text = quick
    cited = set(MODEL_NAMES.findall(text))
    assert {"payoffs.planning_value", "indicators.ENGAGEMENT_FADE", "Kazakhstan.response_values"} <= cited
    for name in cited:
        head, *rest = name.split(".")
        thing = roots[head]
        for part in rest:
            if head == "hedgesim" and not hasattr(thing, part):
                thing = importlib.import_module(f"{thing.__name__}.{part}")
                continue
            assert hasattr(thing, part), f"the report cites `{name}`, which the model no longer has"
            thing = getattr(thing, part)
