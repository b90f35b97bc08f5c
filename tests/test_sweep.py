"""Sweeps: specs, designs, the runner, the store (streaming, resume, refusal) and executors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from hedgesim import HedgingModel, cli
from hedgesim.game.outcomes import OUTCOMES, outcomes_of
from hedgesim.game.parameters import NUMERIC
from hedgesim.analysis.sweep import evaluate, load_results, load_spec, run_sweep, salib_function
from hedgesim.analysis.sweep.designs import design_table
from hedgesim.analysis.sweep.plan import SweepPlan

SMALL = {"name": "small", "vary": {"risk_weight": {"low": 0.0, "high": 3.0, "num": 3},
                                   "strategy": ["hedge", "bandwagon_eu"]},
         "replications": 4, "seed": 7, "steps": 6, "chunk_size": 5}


def write_spec(tmp_path: Path, spec: dict, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec))
    return path


# ------------------------------------------------------------------ designs
def test_grid_design_is_the_full_factorial():
    table = design_table(load_spec(SMALL))
    assert len(table) == 6
    assert sorted(table["risk_weight"].unique()) == [0.0, 1.5, 3.0]
    assert set(map(tuple, table.to_numpy())) == {(r, s) for r in (0.0, 1.5, 3.0)
                                                 for s in ("hedge", "bandwagon_eu")}


@pytest.mark.parametrize("design, samples, rows", [("lhs", 50, 50), ("sobol", 16, 16 * (3 + 2)),
                                                   ("morris", 6, 6 * (3 + 1))])
def test_sampled_designs_stay_in_range_and_have_salib_sizes(design, samples, rows):
    spec = load_spec({"vary": {"risk_weight": {"low": 0.5, "high": 2.0},
                               "planning_horizon": {"low": 2, "high": 20},
                               "esg_rigidity": {"low": 0.0, "high": 1.0}},
                      "design": design, "samples": samples, "seed": 3})
    table = design_table(spec)
    assert len(table) == rows
    assert table["risk_weight"].between(0.5, 2.0).all() and table["esg_rigidity"].between(0, 1).all()
    assert table["planning_horizon"].dtype.kind == "i" and table["planning_horizon"].between(2, 20).all()
    assert table.equals(design_table(spec))  # seeded


def test_vary_all_covers_every_numeric_parameter_over_its_range():
    spec = load_spec({"vary": "all", "design": "lhs", "samples": 20})
    table = design_table(spec)
    assert list(table.columns) == NUMERIC


@pytest.mark.parametrize("design", ["lhs", "sobol", "morris"])
def test_vary_all_designs_never_leave_the_schema_range(design):
    """Morris levels are low + k * step: 0.3 + 3 * 0.2 is 0.9000000000000001 > 0.9 unclipped."""
    from hedgesim.game.parameters import PARAMETERS

    table = design_table(load_spec({"vary": "all", "design": design, "samples": 8, "seed": 1}))
    for name in NUMERIC:
        assert table[name].between(PARAMETERS[name].low, PARAMETERS[name].high).all(), name


# --------------------------------------------------------------- bad specs
BAD_SPECS = {
    "unknown parameter": ({"vary": {"risk_wieght": [1.0]}}, "vary.risk_wieght", "did you mean 'risk_weight'"),
    "empty range": ({"vary": {"risk_weight": {"low": 2, "high": 1, "num": 3}}}, "vary.risk_weight", "empty range"),
    "empty list": ({"vary": {"risk_weight": []}}, "vary.risk_weight", "empty list"),
    "zero replications": ({"vary": {"risk_weight": [1.0]}, "replications": 0}, "replications", "greater than or equal to 1"),
    "range outside schema": ({"vary": {"risk_weight": {"low": 0, "high": 9, "num": 2}}}, "vary.risk_weight", "from 0 to 5"),
    "value outside schema": ({"vary": {"dominance_cap": [0.5, 0.95]}}, "vary.dominance_cap", "0.95"),
    "grid range without num": ({"vary": {"risk_weight": {"low": 0, "high": 1}}}, "vary.risk_weight", "needs `num`"),
    "list with a sampler": ({"vary": {"risk_weight": [1.0, 2.0]}, "design": "lhs"}, "vary.risk_weight", "{low, high}"),
    "choice range": ({"vary": {"strategy": {"low": 0, "high": 1, "num": 2}}}, "vary.strategy", "list of values"),
    "sobol not power of two": ({"vary": {"risk_weight": {"low": 0, "high": 1}}, "design": "sobol", "samples": 100}, "samples", "power of two"),
    "unknown key": ({"vary": {"risk_weight": [1.0]}, "replicates": 3}, "replicates", "unknown key"),
    "unknown design": ({"vary": {"risk_weight": [1.0]}, "design": "random"}, "design", "grid"),
    "bad fixed param": ({"vary": {"risk_weight": [1.0]}, "params": {"esg_rigidity": 5}}, "params.esg_rigidity", "from 0 to 2"),
    "unknown scenario": ({"vary": {"risk_weight": [1.0]}, "scenario": "nosuch"}, "scenario", "unknown scenario"),
    "nothing varied": ({"vary": {}}, "vary", "nothing to vary"),
    "text value": ({"vary": {"risk_weight": ["high"]}}, "vary.risk_weight", "'high'"),
}


@pytest.mark.parametrize("case", sorted(BAD_SPECS))
def test_bad_spec_is_one_line_exit_2_and_nothing_written(case, tmp_path, capsys):
    spec, key, fragment = BAD_SPECS[case]
    path = write_spec(tmp_path, spec)
    code = cli.main(["sweep", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert str(path) in err and f"{key}:" in err and fragment in err, err
    assert not (tmp_path / "out").exists()


def test_bad_sweep_arguments(tmp_path, capsys):
    path = write_spec(tmp_path, SMALL)
    for args, fragment in ((["--executor", "gpu"], "invalid choice: 'gpu'"),
                           (["--workers", "0"], "--workers: 0 is out of range"),
                           (["--scheduler", "tcp://127.0.0.1:1"], "needs --executor dask")):
        code = cli.main(["sweep", str(path), "--out", str(tmp_path / "out"), *args])
        err = capsys.readouterr().err
        assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out" / "runs").iterdir())


# -------------------------------------------------------------- the runner
def test_each_run_equals_a_single_model_run_with_its_parameters_and_seed():
    result = run_sweep(SMALL, progress=False)
    assert len(result.runs) == 6 * 4 and result.runs["run"].tolist() == list(range(24))
    for _, row in result.runs.sample(5, random_state=1).iterrows():
        model = HedgingModel(rng=int(row["seed"]), risk_weight=row["risk_weight"],
                             strategy=row["strategy"], horizon=6)
        model.run_for(6)
        expected = outcomes_of(model.timeseries()).iloc[0]
        for name in OUTCOMES:
            assert row[name] == expected[name], name


def test_common_random_numbers_share_seeds_across_points():
    runs = run_sweep(SMALL, progress=False).runs
    assert runs.groupby("replication")["seed"].nunique().eq(1).all()
    assert runs["seed"].nunique() == 4
    independent = run_sweep({**SMALL, "common_random_numbers": False}, progress=False).runs
    assert independent["seed"].nunique() == len(independent)


def test_results_do_not_depend_on_chunk_size_or_executor(tmp_path):
    reference = run_sweep({**SMALL, "chunk_size": 24}, progress=False).runs
    for chunk_size in (1, 7):
        pd.testing.assert_frame_equal(run_sweep({**SMALL, "chunk_size": chunk_size}, progress=False).runs,
                                      reference)
    for executor in ("processes", "dask"):
        result = run_sweep(SMALL, out=tmp_path / executor, executor=executor, workers=2, progress=False)
        pd.testing.assert_frame_equal(result.runs, reference)
        parts = sorted((tmp_path / executor / "runs").glob("part-*.parquet"))
        assert len(parts) == 5  # 24 runs in chunks of 5


def test_keep_timeseries_every_k_quarters(tmp_path):
    spec = {**SMALL, "keep": "timeseries", "every": 2}
    result = run_sweep(spec, out=tmp_path / "ts", progress=False)
    assert sorted(result.series["step"].unique()) == [2, 4, 6]
    assert len(result.series) == 24 * 3
    run = result.runs.iloc[5]
    model = HedgingModel(rng=int(run["seed"]), risk_weight=run["risk_weight"], strategy=run["strategy"])
    model.run_for(6)
    expected = model.timeseries().set_index("step").loc[[2, 4, 6]]
    got = result.series[result.series["run"] == 5].set_index("step")
    for column in ("alignment_china", "transit_mt", "hedging_index"):
        np.testing.assert_array_equal(got[column].to_numpy(), expected[column].to_numpy())


# ----------------------------------------------------------------- the store
def test_store_layout_manifest_and_reload(tmp_path):
    out = tmp_path / "sweep"
    result = run_sweep(SMALL, out=out, progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "hedgesim-sweep" and manifest["complete"] is True
    assert manifest["spec_hash"] == load_spec(SMALL).spec_hash()
    assert manifest["chunks_done"] == [0, 1, 2, 3, 4] and manifest["runs"] == 24
    assert manifest["seeds"]["base_seed"] == 7 and manifest["package_version"]
    assert manifest["timings"]["sessions"][0]["runs"] == 24
    assert not (out / ".lock").exists()
    pd.testing.assert_frame_equal(load_results(out).runs, result.runs)


def test_rerun_of_a_complete_sweep_runs_nothing(tmp_path, capsys):
    out = tmp_path / "sweep"
    run_sweep(SMALL, out=out, progress=False)
    before = {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    again = run_sweep(SMALL, out=out, progress=False)
    assert again.info["timings"]["sessions"][-1]["runs"] == 0
    assert {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()} == before


def test_spec_hash_depends_on_what_decides_results_only():
    base = load_spec(SMALL)
    assert load_spec({**SMALL, "name": "renamed", "description": "words"}).spec_hash() == base.spec_hash()
    swapped = {**SMALL, "vary": dict(reversed(list(SMALL["vary"].items())))}
    assert load_spec(swapped).spec_hash() != base.spec_hash()  # another design layout
    assert load_spec({**SMALL, "seed": 8}).spec_hash() != base.spec_hash()


def test_folder_of_another_spec_is_refused(tmp_path, capsys):
    out = tmp_path / "sweep"
    run_sweep(SMALL, out=out, progress=False)
    other = write_spec(tmp_path, {**SMALL, "replications": 5})
    code = cli.main(["sweep", str(other), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "results of another sweep spec" in err and len(err.strip().splitlines()) == 1
    assert json.loads((out / "manifest.json").read_text())["replications"] == 4


def test_folder_with_other_files_is_refused(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.tex").write_text("precious")
    code = cli.main(["sweep", str(write_spec(tmp_path, SMALL)), "--out", str(folder)])
    assert code == 2 and "does not hold a hedgesim sweep" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["thesis.tex"]


def test_resume_after_partial_loss_recomputes_only_missing_chunks(tmp_path):
    out = tmp_path / "sweep"
    full = run_sweep(SMALL, out=out, progress=False).runs
    (out / "runs" / "part-000002.parquet").unlink()
    (out / "runs" / ".part-000003.parquet.tmp-999").write_text("half")  # a crash mid-write
    again = run_sweep(SMALL, out=out, progress=False)
    assert again.info["timings"]["sessions"][-1]["runs"] == 5
    assert not list((out / "runs").glob(".*tmp*"))
    pd.testing.assert_frame_equal(again.runs, full)


def test_sigkill_halfway_then_resume_matches_an_uninterrupted_run(tmp_path):
    spec = {"name": "killme", "vary": {"risk_weight": {"low": 0.0, "high": 3.0, "num": 4},
                                       "esg_rigidity": {"low": 0.0, "high": 2.0, "num": 5}},
            "replications": 40, "seed": 11, "steps": 40, "chunk_size": 40}  # 800 runs, 20 chunks
    path = write_spec(tmp_path, spec)
    killed = tmp_path / "killed"
    command = [sys.executable, "-m", "hedgesim.cli", "sweep", str(path), "--out", str(killed), "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        parts = list((killed / "runs").glob("part-*.parquet")) if (killed / "runs").exists() else []
        if len(parts) >= 3:
            break
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(list((killed / "runs").glob("part-*.parquet")))
    assert 3 <= done_before < 20, "the sweep was not killed halfway"
    manifest = json.loads((killed / "manifest.json").read_text())
    assert manifest["complete"] is False
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads((killed / "manifest.json").read_text())["complete"] is True
    uninterrupted = run_sweep(path, out=tmp_path / "whole", progress=False)
    pd.testing.assert_frame_equal(load_results(killed).runs, uninterrupted.runs)


# -------------------------------------------------------------- the Python API
def test_evaluate_returns_every_outcome_of_one_run():
    values = evaluate({"risk_weight": 2.0}, seed=5, steps=8)
    assert set(values) == set(OUTCOMES)
    model = HedgingModel(rng=5, risk_weight=2.0)
    model.run_for(8)
    assert values["cumulative_utility"] == pytest.approx(model.timeseries()["utility"].sum(), rel=1e-12)


def test_salib_problemspec_runs_on_the_model():
    from SALib import ProblemSpec

    names = ["risk_weight", "esg_rigidity"]
    sp = ProblemSpec({"names": names, "bounds": [[0, 3], [0, 2]], "outputs": ["mean_hedging_index"]})
    sp.sample_sobol(16, calc_second_order=False, seed=1).evaluate(
        salib_function(names, "mean_hedging_index", steps=8)).analyze_sobol(calc_second_order=False, seed=1)
    assert sp.results.shape == (16 * 4,)
    assert np.isfinite(sp.analysis["ST"]).all()


def test_sweep_cli_prints_summary_and_progress(tmp_path, capsys):
    code = cli.main(["sweep", str(write_spec(tmp_path, SMALL)), "--out", str(tmp_path / "o")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "24 runs" in out and "runs/s" in out and str(tmp_path / "o") in out
    assert "24/24 runs (100.0 %)" in err and "ETA" in err


def test_bundled_specs_validate():
    from hedgesim.config.scenarios import configs_dir

    for path in sorted((configs_dir() / "sweeps").glob("*.yaml")):
        plan = SweepPlan.of(load_spec(path))
        assert plan.runs > 0, path


def test_interrupted_sweep_says_how_to_resume(tmp_path, capsys, monkeypatch):
    import hedgesim.analysis.sweep

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(hedgesim.analysis.sweep, "run_sweep", interrupted)
    code = cli.main(["sweep", str(write_spec(tmp_path, SMALL)), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 130 and "rerun the same command to resume" in err and str(tmp_path / "o") in err


def test_progress_callback_and_early_stop(tmp_path):
    seen = []
    result = run_sweep(SMALL, progress=False, on_progress=lambda done, total: seen.append((done, total)))
    assert seen == [(5, 24), (10, 24), (15, 24), (20, 24), (24, 24)] and not result.info["stopped"]
    stopped = run_sweep(SMALL, out=tmp_path / "s", progress=False, should_stop=lambda: True)
    assert stopped.info["stopped"] and stopped.info["complete"] is False and len(stopped.runs) == 5
    resumed = run_sweep(SMALL, out=tmp_path / "s", progress=False)
    pd.testing.assert_frame_equal(resumed.runs, result.runs)


# ------------------------------------------------------------ issue 11: smaller items
def test_salib_function_rounds_integer_parameters_as_the_designs_do():
    f = salib_function(["planning_horizon", "risk_weight"], ["mean_hedging_index", "cumulative_utility"],
                       seed=3, steps=5)
    sampled = f(np.array([[7.4, 1.0], [12.6, 2.0]]))
    expected = [evaluate({"planning_horizon": h, "risk_weight": r}, seed=3, steps=5)
                for h, r in ((7, 1.0), (13, 2.0))]
    np.testing.assert_array_equal(sampled, [[e["mean_hedging_index"], e["cumulative_utility"]] for e in expected])


@pytest.mark.parametrize("names, outputs, words", [
    (["risk_weight"], "happiness", "unknown outcome 'happiness'"),
    (["risk_weight"], ["mean_hedging_indx"], "did you mean 'mean_hedging_index'"),
    (["risk_wieght"], "mean_hedging_index", "did you mean 'risk_weight'"),
    (["strategy"], "mean_hedging_index", "is a choice"),
])
def test_salib_function_refuses_unknown_names_in_one_line(names, outputs, words):
    from hedgesim.game.parameters import ConfigError

    with pytest.raises(ConfigError, match=words):
        salib_function(names, outputs)


def test_by_point_names_the_outcomes_it_knows():
    from hedgesim.game.parameters import ConfigError

    with pytest.raises(ConfigError, match="unknown outcome 'happiness'; allowed: mean_hedging_index"):
        run_sweep(SMALL, progress=False).by_point("happiness")


def test_a_spec_read_for_another_design_drops_what_that_design_ignores():
    from hedgesim.analysis.sensitivity import sensitivity_spec

    sobol = sensitivity_spec("morris_all", "sobol")  # morris_all sets levels: 4
    assert sobol.design == "sobol" and "levels" not in sobol.model_fields_set
    assert sensitivity_spec("sobol_all", "morris").design == "morris"


def test_a_job_larger_than_the_machine_needs_yes(monkeypatch, tmp_path):
    from hedgesim.analysis import resources
    from hedgesim.game.parameters import ConfigError

    monkeypatch.setattr(resources, "memory_bytes", lambda: (2 * 10**9, 8 * 10**9))
    big = resources.Estimate("a job", 4 * 10**9, 10**9, 10, 1.0)
    with pytest.raises(ConfigError, match="needs about 4.0 GB of memory.*only 2.0 GB of memory is available.*--yes"):
        resources.check_fits(big, tmp_path)
    resources.check_fits(big, tmp_path, yes=True)
    impossible = resources.Estimate("a job", 9 * 10**9, 9 * 10**9, 10, 1.0)
    with pytest.raises(ConfigError, match="more than this machine's 8.0 GB"):
        resources.check_fits(impossible, tmp_path, yes=True)
    disk = resources.Estimate("a job", 10, 10, 10**18, 1.0)
    with pytest.raises(ConfigError, match="of disk is free at"):
        resources.check_fits(disk, tmp_path)


def test_the_size_estimate_counts_runs_chunks_and_disk_without_building_the_design():
    from hedgesim.analysis.sweep.sizes import design_rows, estimate_sweep

    for spec in (SMALL, {"vary": "all", "design": "sobol", "samples": 8}, {"vary": "all", "design": "morris",
                                                                          "samples": 3, "seed": 2}):
        spec = load_spec(spec)
        assert design_rows(spec) == len(design_table(spec))
    estimate = estimate_sweep(load_spec("million"), "processes", 2)
    assert "1,000,000 runs (10,000 points x 100 replications) in 100 chunks" in estimate.what
    assert 100 * 2**20 < estimate.disk < 2**30 and estimate.memory < 2 * 2**30
