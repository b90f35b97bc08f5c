"""`hedgesim calibrate` end to end on the bundled config with the --quick budget, the posterior as
the parameter source of `hedgesim run` and of sweeps, and bad input (one line, exit 2, nothing
written). One quick calibration (fitted to 2023, so 2024-2025 are held out) serves the module.

Skipped where ELFI (the optional extra ``calibration``) is absent; CI sets
HEDGESIM_REQUIRE_ELFI=1 and installs it, so there a missing ELFI fails instead.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest

if os.environ.get("HEDGESIM_REQUIRE_ELFI"):
    import elfi  # noqa: F401 - CI: a missing extra is a failure, not a skip
else:
    pytest.importorskip("elfi")

from hedgesim import cli  # noqa: E402
from hedgesim.analysis.calibration import load_posterior, read_posterior  # noqa: E402
from hedgesim.analysis.calibration.posterior import posterior_values  # noqa: E402
from hedgesim.analysis.sweep import run_sweep  # noqa: E402
from hedgesim.config.scenarios import load_scenario  # noqa: E402


def run_cli(args, capsys):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration") / "fit"
    code = cli.main(["calibrate", "--quick", "--quiet", "--until", "2023", "--out", str(out)])
    assert code == 0
    return out


def test_calibrate_writes_the_posterior_its_checks_and_figures(calibrated):
    names = {p.name for p in calibrated.iterdir()}
    assert {"posterior.parquet", "identification.csv", "coverage.csv", "coverage_summary.csv",
            "predictive.png", "marginals.png", "pairs.png", "report.md", "manifest.json",
            "out_of_sample.csv", "out_of_sample.png", "generations.csv"} <= names
    assert not [p for p in calibrated.parent.iterdir() if p.name.startswith(".")]  # no scratch left
    manifest = json.loads((calibrated / "manifest.json").read_text())
    assert manifest["kind"] == "hedgesim-calibration" and manifest["until"] == 2023
    assert manifest["config"]["budget"]["population"] == 100  # --quick
    posterior = read_posterior(calibrated)
    assert len(posterior.draws) == 100 and np.isclose(posterior.draws["weight"].sum(), 1.0)
    for name in posterior.names:
        low, high = posterior.config.prior_bounds(name)
        assert posterior.draws[name].between(low, high).all()
    table = pd.read_csv(calibrated / "identification.csv")
    assert list(table["parameter"]) == posterior.names
    assert (table["posterior_q05"] <= table["posterior_median"]).all()
    assert (table["posterior_median"] <= table["posterior_q95"]).all()
    assert set(table["verdict"]) <= {"identified", "weakly identified", "not identified"}


def test_until_holds_later_years_out_and_reports_their_coverage(calibrated):
    coverage = pd.read_csv(calibrated / "coverage.csv")
    assert set(coverage.loc[coverage["year"] <= 2023, "role"]) == {"fitted"}
    assert set(coverage.loc[coverage["year"] > 2023, "role"]) == {"held_out"}
    held_out = pd.read_csv(calibrated / "out_of_sample.csv")
    assert len(held_out) == (coverage["year"] > 2023).sum() > 0
    summary = pd.read_csv(calibrated / "coverage_summary.csv")
    assert {"all shown", "fitted", "held_out"} == set(summary["role"])
    assert "Out of sample" in (calibrated / "report.md").read_text() or "held_out" in \
        (calibrated / "report.md").read_text()


def test_run_history_under_the_posterior_takes_every_parameter(calibrated, tmp_path, capsys):
    out = tmp_path / "run"
    code, stdout, err = run_cli(["run", "history", "--posterior", calibrated, "--worlds", "12",
                                 "--steps", "12", "--out", out], capsys)
    assert code == 0, err
    assert "posterior" in stdout and "posterior_draws.csv" in stdout
    draws = pd.read_csv(out / "posterior_draws.csv")
    posterior = read_posterior(calibrated)
    assert len(draws) == 12 and set(posterior.names) <= set(draws.columns)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["posterior"]["dropped"] == {}
    assert (out / "overview.png").exists()


def test_a_later_forecast_takes_only_the_parameters_marked_keep(calibrated):
    posterior = read_posterior(calibrated)
    values, info = posterior_values(posterior, load_scenario("baseline"), 10)
    keep = {n.rpartition(".")[2] for n, s in posterior.config.parameters.items() if s.forecast == "keep"}
    assert set(values) == keep and all(len(v) == 10 for v in values.values())
    assert set(info["dropped"]) == {n for n, s in posterior.config.parameters.items() if s.forecast == "drop"}
    frame = load_posterior(calibrated, scenario="baseline", draws=50)
    assert len(frame) == 50 and set(frame.columns) == keep


def test_the_same_run_under_the_posterior_is_reproducible_and_worlds_differ(calibrated, tmp_path, capsys):
    for name in ("a", "b"):
        assert run_cli(["run", "baseline", "--posterior", calibrated, "--worlds", "6", "--steps", "4",
                        "--out", tmp_path / name], capsys)[0] == 0
    a, b = (pd.read_csv(tmp_path / n / "posterior_draws.csv") for n in ("a", "b"))
    pd.testing.assert_frame_equal(a, b)
    assert a.drop(columns="world").nunique().max() > 1


def test_a_sweep_draws_replication_r_from_posterior_draw_r(calibrated):
    spec = {"scenario": "baseline", "vary": {"risk_weight": {"low": 0.5, "high": 2.0, "num": 2}},
            "design": "grid", "replications": 3, "steps": 4, "seed": 5, "posterior": str(calibrated)}
    plan_spec = run_sweep(spec, progress=False)
    runs = plan_spec.runs
    assert len(runs) == 6
    without = run_sweep({k: v for k, v in spec.items() if k != "posterior"}, progress=False).runs
    assert not runs.drop(columns=[c for c in runs.columns if c in ("seconds",)]).equals(without)


BAD = {  # case: (text replaced in the bundled config, its replacement, what the error line names)
    "unknown key": ("seed: 2026", "seed: 2026\nnonsense: 1", "nonsense"),
    "unknown parameter": ("parameters:\n", "parameters:\n  no_such_thing:\n    prior: {distribution: uniform, "
                          "low: 0, high: 1}\n    why: x\n    forecast: keep\n", "no_such_thing"),
    "prior outside the schema range": ("prior: {distribution: uniform, low: 0.0, high: 3.0}",
                                       "prior: {distribution: uniform, low: 0.0, high: 300.0}", "risk_weight"),
    "a left-out series the file lacks": ("  khorgos_gateway_throughput: >-\n", "  no_such_series: >-\n",
                                         "no_such_series"),
    "a series neither used nor left out": (
        "  khorgos_gateway_throughput: >-\n    One dry port's containers (2016, 2025); the model has no flows per "
        "crossing.\n", "", "khorgos_gateway_throughput"),
    "a negative population": ("population: 1000", "population: -5", "population"),
}


def bad_config(tmp_path, old: str, new: str):
    from hedgesim.config.files import find_config

    text = find_config("history", "calibration").read_text()
    assert text.count(old) == 1, old
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new))
    return path


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_config_is_one_line_exit_2_and_nothing_written(case, tmp_path, capsys):
    old, new, named = BAD[case]
    out = tmp_path / "out"
    code, stdout, err = run_cli(["calibrate", bad_config(tmp_path, old, new), "--quick", "--out", out], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and named in err, err
    assert not out.exists()


@pytest.mark.parametrize("args, named", [
    (["--until", "2031"], "--until"),
    (["--until", "2013"], "--until"),
    (["no_such_config"], "no_such_config"),
])
def test_bad_arguments_are_one_line_exit_2_and_nothing_written(args, named, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, err = run_cli(["calibrate", *args, "--quick", "--out", out], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and named in err, err
    assert not out.exists()


def test_an_out_folder_holding_something_else_is_refused(tmp_path, capsys):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, stdout, err = run_cli(["calibrate", "--quick", "--out", out], capsys)
    assert code == 2 and "does not hold a hedgesim calibration" in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_posterior_that_is_not_a_calibration_is_refused(tmp_path, capsys):
    folder = tmp_path / "nothing"
    folder.mkdir()
    out = tmp_path / "run"
    code, stdout, err = run_cli(["run", "baseline", "--posterior", folder, "--out", out], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "manifest.json" in err, err
    assert not out.exists()


def test_the_experiments_run_their_comparisons_under_a_posterior(calibrated, tmp_path, monkeypatch):
    # experiments/run_all.py --posterior DIR: the grid sweeps and the recorded series take one
    # posterior draw per replication; without it, the scenarios' own values.
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "experiments"))
    from settings import Settings
    from sweeps import model_series, sweep

    plain = Settings.make(quick=True, out=tmp_path)
    under = Settings.make(quick=True, out=tmp_path, posterior=calibrated)
    runs = {s.posterior: sweep({"esg_rigidity": [0.0, 1.0]}, replications=4, seed=3, settings=s).runs
            for s in (plain, under)}
    assert not runs[None]["final_alignment_china"].equals(runs[calibrated]["final_alignment_china"])
    series = model_series(3, 3, posterior=calibrated)
    again = model_series(3, 3, posterior=calibrated)
    pd.testing.assert_frame_equal(series, again)
    assert not series.equals(model_series(3, 3))
