"""The experiments (``experiments/``): every claim script runs in ``--quick`` mode and produces its
figure, its numbers, its verdict and where it reverses; the statistics, the robustness counts, the
scenario discovery and the sign-flip search give known answers; the report cites only model names
that exist; the experiment modules import one another without cycles."""

from __future__ import annotations

import ast
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

import claims  # noqa: E402
import counterweight  # noqa: E402
import discovery  # noqa: E402
import inference  # noqa: E402
import previous  # noqa: E402
import prose  # noqa: E402
import robustness  # noqa: E402
import run_all  # noqa: E402

VERDICTS = (inference.AGREES, inference.PARTLY, inference.DISAGREES, inference.UNCLEAR)
CHECK_VERDICTS = (inference.AGREES, inference.DISAGREES, inference.UNCLEAR, inference.NEGLIGIBLE)


# ------------------------------------------------------------------ the scripts
@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """``run_all.py --quick`` into a temporary folder (never experiments/README.md)."""
    out = tmp_path_factory.mktemp("experiments")
    path = run_all.main(["--quick", "--out", str(out), "--workers", "2"])
    return out, path.read_text()


def sections(text: str) -> list[str]:
    body = text[:text.index("## Closing note")]
    return re.split(r"^## \d+\. ", body, flags=re.M)[1:]


def test_run_all_writes_the_report_in_the_given_folder(quick):
    out, text = quick
    assert (out / "README.md").is_file()
    assert text.startswith("# Experiments: the paper's argument, tested")
    assert "python experiments/run_all.py --quick" in text
    assert re.search(r"model runs in \*\*\d+ s\*\*", text), "the runtime is stated at the top"
    assert "Seeds: hedging_emerges 2001" in text and "where_hedging_fails 2901" in text


@pytest.mark.parametrize("claim", run_all.CLAIMS)
def test_every_claim_writes_a_small_png_figure(quick, claim):
    out, text = quick
    figure = out / "figures" / f"{claim}.png"
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.stat().st_size < 200_000
    assert f"](figures/{claim}.png)" in text


def test_every_claim_has_numbers_a_verdict_its_reversals_and_what_changed(quick):
    _, text = quick
    found = sections(text)
    assert len(found) == len(run_all.CLAIMS)
    for section in found:
        verdict = re.search(r"\*\*Verdict: ([a-z ]+)\*\*", section)
        assert verdict and verdict.group(1) in VERDICTS, section[:200]
        assert "> — the paper" in section, "the paper's sentence is quoted"
        # a difference with its confidence interval, and a per-check verdict
        assert re.search(r"[+-]?[\d.]+(e-?\d+)? \[[+-]?[\d.]+(e-?\d+)?, [+-]?[\d.]+(e-?\d+)?\]", section)
        assert any(f"**{v}**" in section for v in CHECK_VERDICTS)
        assert "*What the model says.*" in section
        assert "*Where it reverses.*" in section, section[:80]
        assert "*What changed from the previous model.*" in section, section[:80]
    assert "## What changed from the previous model" in text
    assert "## Closing note" in text and "**Where each headline result reverses**" in text
    assert "## Appendix: the ranges of the Latin hypercubes" in text


def test_the_old_against_new_table_lists_every_claim_and_the_previous_verdicts(quick):
    _, text = quick
    table = text[text.index("## What changed from the previous model"):text.index("## 1. ")]
    rows = [line for line in table.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == len(run_all.CLAIMS)
    for key, (old, count, _) in previous.VERDICTS.items():
        number = run_all.CLAIMS.index(key) + 1
        assert f"| {number} |" in rows[number - 1] and f"{old} ({count})" in rows[number - 1]
    assert rows[run_all.CLAIMS.index("counterweight")].count("new claim") == 1


def test_the_new_claims_report_their_findings(quick):
    _, text = quick
    counter = sections(text)[run_all.CLAIMS.index("counterweight")]
    assert "(a) Complements (baseline)" in counter and "(b) Substitutes" in counter
    assert "*The effect of removing the EU, by complementarity kappa*" in counter
    assert re.search(r"the EU's presence (raises|lowers|does not clearly move) China's loan rate", counter)
    fails = sections(text)[run_all.CLAIMS.index("where_hedging_fails")]
    assert "*The boxes* (PRIM over the hypercube)" in fails
    assert re.search(r"Bandwagoning with China beats hedging at \d+ % of the [\d,]+ points", fails)
    assert "*Hedging's margin over bandwagoning with China*" in fails


def test_a_claim_script_runs_alone_and_prints_its_numbers(tmp_path):
    done = subprocess.run([sys.executable, "-W", "error", str(EXPERIMENTS / "risk3_esg_gap.py"), "--quick",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=300, check=True)
    assert re.search(r"Risk 3, the ESG gap: (agrees|partly agrees|disagrees|no clear effect)", done.stdout)
    assert "EU investment that went ahead: control" in done.stdout
    assert "reverses:" in done.stdout
    assert (tmp_path / "figures" / "risk3_esg_gap.png").is_file()
    assert not (tmp_path / "README.md").exists(), "a single script writes no report"


# ------------------------------------------------------------ statistics helpers
def test_mean_ci_is_the_student_t_interval():
    mean, low, high = inference.mean_ci([1, 2, 3, 4, 5])
    half = 2.776445 * math.sqrt(2.5) / math.sqrt(5)   # t(0.975, 4) * s / sqrt(n)
    assert mean == 3
    assert low == pytest.approx(3 - half, rel=1e-5) and high == pytest.approx(3 + half, rel=1e-5)
    assert math.isnan(inference.mean_ci([7])[1])
    assert inference.mean_ci([1, np.nan, 3])[0] == 2   # a run with no offer has no rate: left out


def test_wilson_interval_known_values():
    share, low, high = inference.wilson(5, 10)
    assert share == 0.5 and low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    share, low, high = inference.wilson(0, 10)
    assert low == 0 and high == pytest.approx(0.2775, abs=1e-4)


def test_a_known_paired_difference_gives_the_right_verdict():
    rng = np.random.default_rng(0)
    control = rng.normal(10, 3, 400)
    treatment = control + 1 + rng.normal(0, 0.1, 400)   # +1 in every pair, hidden in the noise
    diff, low, high, verdict = inference.paired_stats(control, treatment, +1)
    assert diff == pytest.approx(1, abs=0.02) and low > 0.9 and high < 1.1
    assert verdict == inference.AGREES
    assert inference.paired_stats(control, treatment, -1)[3] == inference.DISAGREES
    assert inference.paired_stats(control, control + rng.normal(0, 0.1, 400), +1)[3] == inference.UNCLEAR
    # statistically clear but under 1 % of the control mean
    assert inference.paired_stats(control, control + 0.05, +1)[3] == inference.NEGLIGIBLE
    # level check: value against a threshold, no negligibility band
    assert inference.paired_stats(None, np.full(10, 0.6), +1, threshold=0.5)[3] == inference.AGREES
    assert inference.paired_stats(None, np.full(10, 0.4), +1, threshold=0.5)[3] == inference.DISAGREES
    # a pair with a missing value (no offer in one arm) is left out, not counted as 0
    with_gap = inference.paired_stats(np.array([1.0, 1.0, np.nan]), np.array([2.0, 2.0, 50.0]), +1)
    assert with_gap[0] == 1.0


def test_verdict_rules():
    assert inference.verdict(0.1, 0.3, +1) == inference.AGREES
    assert inference.verdict(0.1, 0.3, -1) == inference.DISAGREES
    assert inference.verdict(-0.1, 0.3, +1) == inference.UNCLEAR
    assert inference.verdict(math.nan, math.nan, +1) == inference.UNCLEAR
    assert inference.verdict(0.1, 0.3, +1, mean=0.2, control=100) == inference.NEGLIGIBLE
    overall = inference.overall_verdict
    assert overall([inference.AGREES] * 3) == inference.AGREES
    assert overall([inference.AGREES, inference.DISAGREES]) == inference.PARTLY
    assert overall([inference.NEGLIGIBLE, inference.DISAGREES]) == inference.DISAGREES
    assert overall([inference.NEGLIGIBLE, inference.UNCLEAR]) == inference.UNCLEAR


def test_robustness_counts_points_and_finds_where_the_effect_reverses():
    points = np.repeat(np.arange(4), 2)
    control = pd.DataFrame({"point": points, "seed": np.arange(8), "risk_weight": np.repeat([0.5, 1.5, 2.5, 3.5], 2),
                            "mean_returns": 10.0})
    treatment = control.copy()
    treatment["mean_returns"] = 10 + np.repeat([2.0, 1.0, 0.0, -3.0], 2)   # holds, holds, tie, reversed
    check = claims.Check("mean_returns", +1, "returns")
    robust = robustness.robustness(control, treatment, check)
    assert robust["points"] == 4
    assert robust["holds"] == 0.5 and robust["reversed"] == 0.25 and robust["tied"] == 0.25
    assert robust["moderators"] == []   # too few points to rank
    with pytest.raises(ValueError, match="not paired"):
        robustness.robustness(control, treatment.assign(seed=np.arange(8) + 1), check)
    # With enough points the reversal is placed in the half of the moderator where it happens.
    rng = np.random.default_rng(1)
    n = 200
    rho = rng.uniform(0, 5, n)
    control = pd.DataFrame({"point": np.arange(n), "seed": np.arange(n), "risk_weight": rho,
                            "china_holdup": rng.uniform(0, 1, n), "mean_returns": 10.0})
    treatment = control.assign(mean_returns=10 + np.where(rho < 1.5, -1.0, 1.0))
    robust = robustness.robustness(control, treatment, check)
    assert robust["reversed"] == pytest.approx((rho < 1.5).mean())
    region = robustness.reversal_region(robust)
    assert region["parameter"] == "risk_weight" and region["side"] == "low" and region["share"] > 0.5
    assert "most where `risk_weight` is at or below" in prose.reversal_text(
        claims.CheckResult(check, "c", 10, 10, 0, 0, 0, "", robust))


def test_prim_finds_a_planted_box():
    rng = np.random.default_rng(0)
    n = 2000
    x = pd.DataFrame({"china_holdup": rng.uniform(0, 1, n), "risk_weight": rng.uniform(0, 5, n),
                      "tariff_middle": rng.uniform(0, 250, n), "eu_ticket": rng.uniform(0, 10, n)})
    planted = (x["china_holdup"] < 0.3) & (x["risk_weight"] < 2)
    y = planted.to_numpy() ^ (rng.uniform(size=n) < 0.03)
    box = discovery.find_box(x, y)
    assert set(box.limits) == {"china_holdup", "risk_weight"}
    assert box.limits["china_holdup"][1] == pytest.approx(0.3, abs=0.08)
    assert box.limits["risk_weight"][1] == pytest.approx(2.0, abs=0.5)
    assert box.density > 0.75 and box.coverage > 0.6 and box.base_rate == pytest.approx(y.mean())
    assert discovery.describe(box).startswith("`china_holdup` ≤ ")
    assert discovery.find_box(x, np.zeros(n, bool)) is None


def test_the_sign_flip_of_the_counterweight_is_interpolated():
    curve = pd.DataFrame({"kappa": [-1.0, -0.5, 0.0, 0.5, 1.0], "rate": [0.02, 0.01, -0.01, -0.02, -0.03]})
    assert counterweight.sign_flip(curve) == pytest.approx(-0.25)
    assert counterweight.sign_flip(curve.assign(rate=[0.01] * 5)) is None


# ------------------------------------------------------- prose from the numbers
def result(diff, low, high, control=10.0, verdict="agrees"):
    check = claims.Check("mean_returns", +1, "returns")
    return claims.CheckResult(check, "c", control, control + diff, diff, low, high, verdict)


def test_prose_words_follow_the_confidence_interval_and_the_size():
    clear_rise, clear_fall = result(2.0, 1.5, 2.5), result(-3.0, -3.5, -2.5)
    unclear, tiny = result(0.5, -0.2, 1.2, verdict="no clear effect"), result(0.05, 0.04, 0.06, verdict="negligible")
    assert [prose.direction(r) for r in (clear_rise, clear_fall, unclear, tiny)] == [1, -1, 0, 0]
    assert [prose.clear_sign(r) for r in (clear_rise, clear_fall, unclear, tiny)] == [1, -1, 0, 1]
    assert prose.moved(clear_rise) == "rises" and prose.moved(clear_fall, down="cuts") == "cuts"
    assert prose.moved(unclear) == prose.moved(tiny) == "hardly changes"
    assert prose.change(clear_fall, "USD bn", verdict=True) == "falls by 3.00 USD bn (30.0 %; agrees)"
    assert prose.change(unclear) == "changes by +0.500 (no clear effect)"
    assert prose.change(tiny) == "changes by +0.0500 (negligible)"
    assert prose.status(result(0.05, 0.04, 0.06, verdict="")) == inference.NEGLIGIBLE
    assert prose.status(result(0.5, -0.2, 1.2, verdict="")) == inference.UNCLEAR
    assert prose.compare_words(5.33, 5.72) == "less" and prose.compare_words(5.33, 3.86) == "more"
    assert prose.compare_words(1.0, 1.005) == "as much"


MODULES = ("payoffs", "corridors", "indicators", "players", "model", "stage_game", "bargaining", "coercion")
CLASSES = {"Kazakhstan": "players", "China": "players", "EuropeanUnion": "players", "Russia": "players",
           "HedgingModel": "model", "StageGame": "stage_game"}
MODEL_NAMES = re.compile(r"`((?:" + "|".join((*MODULES, *CLASSES, "hedgesim")) + r")(?:\.[A-Za-z_]\w*)+)`")


def test_every_model_name_the_report_cites_exists(quick):
    """The prose explains mechanisms by citing model functions: each must still exist."""
    import hedgesim

    roots = {name: importlib.import_module(f"hedgesim.game.{name}") for name in MODULES}
    roots.update({name: getattr(roots[module], name) for name, module in CLASSES.items()})
    roots["hedgesim"] = hedgesim
    _, text = quick
    cited = set(MODEL_NAMES.findall(text))
    assert {"bargaining.nash_in_nash", "coercion.compellence", "payoffs.vulnerable_to_china",
            "StageGame.china_risk", "corridors.route_shares"} <= cited
    for name in cited:
        head, *rest = name.split(".")
        thing = roots[head]
        for part in rest:
            if head == "hedgesim" and not hasattr(thing, part):
                thing = importlib.import_module(f"{thing.__name__}.{part}")
                continue
            assert hasattr(thing, part), f"the report cites `{name}`, which the model no longer has"
            thing = getattr(thing, part)
    # the old model's mechanisms are gone from the prose
    for gone in ("payoffs.structural_risk", "payoffs.russia_pressure_value", "payoffs.trade_returns"):
        assert f"`{gone}`" not in text


def test_the_experiment_modules_import_one_another_without_cycles():
    local = {path.stem for path in EXPERIMENTS.glob("*.py")}
    graph = {}
    for path in EXPERIMENTS.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        graph[path.stem] = names & local - {path.stem}
    assert "common" not in local, "common.py was split by concept"
    state: dict[str, int] = {}

    def visit(node, trail):
        if state.get(node) == 1:
            raise AssertionError(f"import cycle: {' -> '.join([*trail, node])}")
        if state.get(node) == 2:
            return
        state[node] = 1
        for child in graph[node]:
            visit(child, [*trail, node])
        state[node] = 2

    for node in graph:
        visit(node, [])
