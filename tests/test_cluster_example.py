"""The cluster example (examples/cluster_sweep.py): dask-jobqueue code path, tested on a LocalCluster."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from hedgesim.analysis.sweep import load_results, run_sweep

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cluster_sweep.py"
SPEC = {"name": "cluster", "vary": {"risk_weight": {"low": 0.0, "high": 2.0, "num": 3}},
        "replications": 4, "seed": 5, "steps": 8, "chunk_size": 3}


def load_example():
    spec = importlib.util.spec_from_file_location("cluster_sweep", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cluster_example_on_a_local_cluster_matches_a_serial_run(tmp_path, capsys):
    import yaml

    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    load_example().main([str(path), "--out", str(tmp_path / "out"), "--local", "--jobs", "1",
                         "--processes", "2"])
    assert "12 runs, complete" in capsys.readouterr().out
    serial = run_sweep(path, progress=False).runs
    pd.testing.assert_frame_equal(load_results(tmp_path / "out").runs, serial)


def test_cluster_example_writes_slurm_and_pbs_job_scripts(capsys):
    example = load_example()
    example.main(["x.yaml", "--out", "o", "--print-job-script", "--processes", "8", "--memory", "16GB",
                  "--walltime", "03:00:00", "--job-extra=--qos=normal"])
    script = capsys.readouterr().out
    assert "#SBATCH" in script and "--cpus-per-task=8" in script and "#SBATCH --qos=normal" in script
    assert "-t 03:00:00" in script and "dask_worker" in script
    example.main(["x.yaml", "--out", "o", "--print-job-script", "--scheduler-kind", "pbs"])
    assert "#PBS" in capsys.readouterr().out
