"""The hedgesim command line: outputs, summaries, and bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hedgesim import cli
from hedgesim.config.scenarios import scenario_names

REQUIRED_COLUMNS = ["world", "step", "quarter", "alignment_china", "alignment_eu", "alignment_russia",
                    "transit_mt", "northern_mt", "middle_corridor_mt", "bypass_mt", "hedging_index",
                    "dependency_hhi", "max_external_share"]


def run_cli(args, capsys):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_scenarios_lists_every_bundled_scenario(capsys):
    code, out, err = run_cli(["scenarios"], capsys)
    assert code == 0 and err == ""
    lines = out.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(scenario_names())
    assert {"baseline", "eu_interest_wanes", "russian_pressure", "esg_rigidity",
            "northern_route_reopens", "china_concessions", "bandwagon_china",
            "bandwagon_eu"} <= set(scenario_names())
    assert all(len(line.split()) > 3 for line in lines)  # each has a description


def test_run_baseline_writes_results_and_reports_2025(tmp_path, capsys):
    out_dir = tmp_path / "base"
    code, out, err = run_cli(["run", "baseline", "--out", out_dir, "--seed", 3], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        ["timeseries.parquet", "timeseries.csv", "manifest.json", "overview.png"])
    df = pd.read_parquet(out_dir / "timeseries.parquet")
    assert list(df.columns[:3]) == ["world", "step", "quarter"]
    assert set(REQUIRED_COLUMNS) <= set(df.columns)
    assert len(df) == 40 and df["quarter"].iloc[0] == "2025Q1" and df["quarter"].iloc[-1] == "2034Q4"
    csv = pd.read_csv(out_dir / "timeseries.csv")
    pd.testing.assert_frame_equal(csv, df, check_dtype=False)
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert manifest["seed"] == 3 and manifest["worlds"] == 1 and manifest["steps"] == 40
    assert manifest["package_version"] and manifest["timing"]["run_seconds"] > 0
    assert manifest["params"]["risk_weight"] == 1.0
    transit_2025 = df[df.step <= 4]["transit_mt"].mean()
    assert abs(transit_2025 / 36.9 - 1) < 0.05
    assert "2025 transit through Kazakhstan" in out and "Middle Corridor" in out
    assert (out_dir / "overview.png").stat().st_size > 20_000


def test_run_several_worlds_and_rerun_replaces(tmp_path, capsys):
    out_dir = tmp_path / "eu"
    for worlds in (3, 5):
        code, out, err = run_cli(["run", "eu_interest_wanes", "--worlds", worlds, "--steps", 6,
                                  "--out", out_dir], capsys)
        assert code == 0, err
    df = pd.read_parquet(out_dir / "timeseries.parquet")
    assert sorted(df["world"].unique()) == list(range(5)) and df["step"].max() == 6
    assert json.loads((out_dir / "manifest.json").read_text())["worlds"] == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eu"]  # no scratch folders left


def test_run_a_scenario_file(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("title: Mine\ndescription: test\nparams:\n  risk_weight: 3.0\n  strategy: bandwagon_eu\n")
    code, out, err = run_cli(["run", path, "--steps", 4, "--out", tmp_path / "out"], capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["params"]["risk_weight"] == 3.0 and manifest["scenario"] == "mine"


BAD_FILES = {
    "unknown key": ("title: x\ndescription: y\ncolour: red\n", ["colour", "unknown key"]),
    "unknown parameter": ("title: x\ndescription: y\nparams: {risk_wieght: 1}\n",
                          ["params.risk_wieght", "did you mean 'risk_weight'"]),
    "wrong type": ("title: x\ndescription: y\nparams: {esg_rigidity: high}\n",
                   ["params.esg_rigidity", "'high'", "from 0 to 2"]),
    "out of range": ("title: x\ndescription: y\nparams: {dominance_cap: 1.5}\n",
                     ["params.dominance_cap", "1.5", "from 0.3 to 0.9"]),
    "bad choice": ("title: x\ndescription: y\nparams: {strategy: balance}\n",
                   ["params.strategy", "bandwagon_china"]),
    "not yaml": ("title: [x\n", ["not valid YAML"]),
    "not a mapping": ("- 1\n- 2\n", ["expected a mapping"]),
    "missing title": ("description: y\n", ["title", "Field required"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_scenario_file_is_one_line_exit_2_nothing_written(case, tmp_path, capsys):
    text, expected = BAD_FILES[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    code, out, err = run_cli(["run", path, "--out", tmp_path / "out"], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert str(path) in err
    for fragment in expected:
        assert fragment in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


BAD_ARGS = {
    "unknown scenario": (["run", "nosuch"], "unknown scenario 'nosuch'"),
    "missing file": (["run", "missing.yaml"], "no such file"),
    "zero steps": (["run", "baseline", "--steps", "0"], "--steps: 0 is out of range"),
    "text steps": (["run", "baseline", "--steps", "ten"], "--steps: 'ten' is not"),
    "negative seed": (["run", "baseline", "--seed", "-4"], "--seed: -4 is out of range"),
    "zero worlds": (["run", "baseline", "--worlds", "0"], "--worlds: 0 is out of range"),
    "unknown option": (["run", "baseline", "--colour", "red"], "unrecognized arguments"),
    "unknown command": (["fly"], "invalid choice: 'fly'"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARGS))
def test_bad_arguments_are_one_line_exit_2(case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args, expected = BAD_ARGS[case]
    code, out, err = run_cli(args, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err
    assert list(tmp_path.iterdir()) == []


def test_out_folder_with_other_files_is_refused(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    code, out, err = run_cli(["run", "baseline", "--out", folder], capsys)
    assert code == 2 and "does not hold a hedgesim run" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "overview.png")


def test_failure_while_writing_leaves_nothing(tmp_path, capsys, monkeypatch):
    import hedgesim.plots

    monkeypatch.setattr(hedgesim.plots, "overview_figure", disk_full)
    code = cli.main(["run", "baseline", "--steps", "3", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "no space left on device" in err and "nothing half-written was kept" in err
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_the_previous_complete_run(tmp_path, capsys, monkeypatch):
    import hedgesim.plots

    out_dir = tmp_path / "out"
    assert cli.main(["run", "baseline", "--steps", "3", "--out", str(out_dir)]) == 0
    before = (out_dir / "timeseries.csv").read_text()
    monkeypatch.setattr(hedgesim.plots, "overview_figure", disk_full)
    assert cli.main(["run", "baseline", "--steps", "5", "--out", str(out_dir)]) == 2
    assert (out_dir / "timeseries.csv").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_bug_is_one_line_exit_1_and_debug_shows_the_traceback(tmp_path, capsys, monkeypatch):
    import hedgesim.plots

    def bug(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(hedgesim.plots, "overview_figure", bug)
    assert cli.main(["run", "baseline", "--steps", "3", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: a bug)" in err and "--debug" in err
    assert cli.main(["run", "baseline", "--steps", "3", "--out", str(tmp_path / "out"), "--debug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: a bug" in err
    assert list(tmp_path.iterdir()) == []


def test_console_script_exit_code_and_no_traceback(tmp_path):
    script = Path(sys.executable).with_name("hedgesim")
    script = str(script) if script.exists() else "hedgesim"
    done = subprocess.run([script, "run", "baseline", "--steps", "-1"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    done = subprocess.run([script, "run", "baseline", "--steps", "2", "--out", "r"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r" / "overview.png").exists()
