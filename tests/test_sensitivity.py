"""Sensitivity analysis: known indices on the Ishigami function, and the hedgesim job end to end."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from hedgesim import cli
from hedgesim.analysis.sensitivity import analyse, run_sensitivity, sensitivity_spec
from hedgesim.game.outcomes import OUTCOMES

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}


def ishigami(X, a=7.0, b=0.1):
    return np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytical Sobol' indices (Ishigami & Homma 1990; Saltelli et al. 2008)."""
    v1 = 0.5 * (1 + b * np.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * np.pi**8 * (1 / 18 - 1 / 50)
    total = v1 + v2 + v13
    return {"S1": [v1 / total, v2 / total, 0.0], "ST": [(v1 + v13) / total, v2 / total, v13 / total]}


def test_sobol_on_ishigami_gives_the_known_indices():
    X = sobol_sample.sample(ISHIGAMI, 4096, calc_second_order=True, seed=2)
    table = analyse(ISHIGAMI, X, ishigami(X), "sobol", second_order=True, seed=2)
    expected = ishigami_indices()
    assert expected["S1"][0] == pytest.approx(0.3139, abs=1e-4)  # the textbook values
    assert expected["ST"][2] == pytest.approx(0.2437, abs=1e-4)
    for index in ("S1", "ST"):
        got = table[table["index"] == index].set_index("parameter")["value"]
        np.testing.assert_allclose(got[["x1", "x2", "x3"]], expected[index], atol=0.03)
    conf = table[table["index"] == "ST"]["conf"]
    assert (conf > 0).all() and (conf < 0.1).all()
    s13 = table[(table["index"] == "S2") & (table["parameter"] == "x1") & (table["with"] == "x3")]
    assert s13["value"].iloc[0] == pytest.approx(expected["ST"][2], abs=0.05)  # x1-x3 interaction


def test_morris_on_ishigami_ranks_x2_x1_then_x3_and_sees_the_interaction():
    X = morris_sample.sample(ISHIGAMI, 200, num_levels=4, seed=3)
    table = analyse(ISHIGAMI, X, ishigami(X), "morris", levels=4, seed=3).set_index(["parameter", "index"])
    mu_star = table.xs("mu_star", level="index")["value"]
    assert list(mu_star.sort_values(ascending=False).index[:1]) in (["x1"], ["x2"])
    assert mu_star["x3"] < mu_star["x1"] and mu_star["x3"] < mu_star["x2"]
    sigma = table.xs("sigma", level="index")["value"]
    assert sigma["x3"] > 0.5 * mu_star["x3"]  # x3 acts only through its interaction with x1


def test_constant_output_gets_zero_indices_not_a_crash():
    X = sobol_sample.sample(ISHIGAMI, 16, calc_second_order=False, seed=1)
    table = analyse(ISHIGAMI, X, np.ones(len(X)), "sobol")
    assert (table["value"] == 0).all()


SPEC = {"name": "tiny", "vary": {"risk_weight": {"low": 0.0, "high": 3.0},
                                 "esg_rigidity": {"low": 0.0, "high": 2.0},
                                 "eu_interest_decline": {"low": 0.0, "high": 0.3}},
        "design": "sobol", "samples": 32, "replications": 1, "seed": 4, "steps": 8, "chunk_size": 64}


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_small_spec_end_to_end_writes_table_charts_and_convergence(method, tmp_path, capsys):
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    out = tmp_path / "sens"
    code = cli.main(["sensitivity", str(path), "--method", method, "--out", str(out), "-q"])
    printed = capsys.readouterr().out
    assert code == 0 and f"{method} sensitivity of" in printed
    indices = pd.read_parquet(out / "indices.parquet")
    pd.testing.assert_frame_equal(pd.read_csv(out / "indices.csv"), indices, check_dtype=False)
    keys = {"sobol": {"S1", "ST"}, "morris": {"mu_star", "sigma", "mu"}}[method]
    assert set(indices["index"]) == keys
    assert set(indices["parameter"]) == set(SPEC["vary"])
    assert indices["outcome"].nunique() >= 20  # every outcome metric
    main = "ST" if method == "sobol" else "mu_star"
    assert indices[indices["index"] == main]["conf"].notna().all()
    convergence = pd.read_csv(out / "convergence.csv")
    assert len(convergence) == indices["outcome"].nunique()
    assert (convergence["n_half"] * 2 == convergence["n"]).all()
    for name in ("mean_hedging_index", "final_dependency_hhi"):
        for ext in ("png", "svg"):
            assert (out / "charts" / f"{name}.{ext}").stat().st_size > 5000
    assert (out / "summary.png").exists() and (out / "summary.svg").exists()
    info = json.loads((out / "sensitivity.json").read_text())
    assert info["method"] == method and info["parameters"] == 3


def test_rerun_resumes_the_sweep_and_gives_the_same_indices(tmp_path):
    first = run_sensitivity(SPEC, "sobol", out=tmp_path / "s", progress=False, charts=False)
    again = run_sensitivity(SPEC, "sobol", out=tmp_path / "s", progress=False, charts=False)
    assert again.sweep.info["timings"]["sessions"][-1]["runs"] == 0
    pd.testing.assert_frame_equal(first.indices, again.indices)


def test_outcomes_analysed_in_processes_give_the_same_tables(tmp_path):
    from hedgesim.analysis.sensitivity import analyse_sweep

    sweep = run_sensitivity(SPEC, "sobol", out=tmp_path / "s", progress=False, charts=False).sweep
    one, one_moves = analyse_sweep(sweep, "sobol", list(OUTCOMES)[:4], workers=1)
    two, two_moves = analyse_sweep(sweep, "sobol", list(OUTCOMES)[:4], workers=2)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one_moves, two_moves)
    # The charts drawn in two processes are the same files as drawn in one.
    from hedgesim.analysis.sensitivity import SensitivityResult, write_outputs

    for workers, folder in ((1, tmp_path / "one"), (2, tmp_path / "two")):
        folder.mkdir()
        write_outputs(SensitivityResult("sobol", sweep.spec, two, two_moves, sweep, folder), workers=workers)
    for outcome in list(OUTCOMES)[:4]:
        assert ((tmp_path / "one" / "charts" / f"{outcome}.svg").stat().st_size
                == (tmp_path / "two" / "charts" / f"{outcome}.svg").stat().st_size > 5000)


def test_default_specs_cover_every_parameter_over_its_schema_range():
    from hedgesim.game.parameters import NUMERIC, PARAMETERS

    for method in ("sobol", "morris"):
        spec = sensitivity_spec(None, method)
        assert spec.design == method and list(spec.varied) == NUMERIC
        for name, r in spec.varied.items():
            assert (r.low, r.high) == (PARAMETERS[name].low, PARAMETERS[name].high)
    assert sensitivity_spec(None, "sobol").samples == 1024


def test_bad_sensitivity_input_is_one_line_exit_2(tmp_path, capsys):
    grid = tmp_path / "grid.yaml"
    grid.write_text(yaml.safe_dump({"vary": {"risk_weight": [0.5, 1.0]}}))
    for args, fragment in ((["--method", "fast"], "invalid choice: 'fast'"),
                           ([str(grid), "--method", "sobol"], "give {low, high}"),
                           (["--outcome", "happiness"], "--outcome 'happiness': unknown")):
        code = cli.main(["sensitivity", *args, "--out", str(tmp_path / "o")])
        err = capsys.readouterr().err
        assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "o").exists()


def test_an_outcome_undefined_somewhere_is_left_out_and_said_so(tmp_path, capsys):
    """A zero EU ticket means no EU offer, so no EU loan rate: that outcome is NaN at those
    points; the analysis leaves it out with the count instead of failing or imputing."""
    spec = {"scenario": "baseline", "design": "sobol", "samples": 8, "replications": 1, "seed": 3,
            "steps": 4, "params": {"eu_ticket": 0.0},
            "vary": {"risk_weight": {"low": 0.0, "high": 3.0}, "rationality": {"low": 1.0, "high": 50.0}}}
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    out = tmp_path / "s"
    assert cli.main(["sensitivity", str(path), "--method", "sobol", "--out", str(out), "--quiet",
                     "--outcome", "mean_loan_cost_eu", "--outcome", "cumulative_utility"]) == 0
    info = json.loads((out / "sensitivity.json").read_text())
    assert "mean_loan_cost_eu" in info["not_analysed"]
    indices = pd.read_csv(out / "indices.csv")
    assert "mean_loan_cost_eu" not in set(indices["outcome"])
    assert "cumulative_utility" in set(indices["outcome"])
    assert "mean_loan_cost_eu: undefined at" in capsys.readouterr().out
