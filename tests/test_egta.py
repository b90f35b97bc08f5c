"""``hedgesim game``: the empirical game of the four players (analysis/egta.py, docs/game.md).

The payoff table of a tiny game is checked against direct ``HedgingModel`` runs; the
command's outputs, its refusals of bad input (one line, exit 2, nothing written), its
resumption, and ``--map`` on a tiny grid.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest

from hedgesim import cli
from hedgesim.analysis.egta import (PAYOFFS, PLAYERS, STRATEGIES, STRATEGY_PARAMETERS,
                                    GameSettings, MapAxis, payoff_samples, play)
from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import ConfigError
from hedgesim.game.random_streams import derive_seeds

TINY = ["--worlds", "2", "--steps", "2", "--bootstrap", "50"]


def run_cli(args, capsys):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def tiny_game():
    """Every profile, 3 worlds, 3 quarters, in memory."""
    return play(GameSettings("baseline", worlds=3, seed=5, steps=3), progress=False,
                replicates=20, solvers=False)


def test_the_strategies_are_the_schema_policies_except_free():
    assert STRATEGIES == (("hedge", "bandwagon_china", "bandwagon_eu", "lean_russia"),
                          ("market", "coerce", "withdraw"), ("strict", "relaxed", "withdraw"),
                          ("court", "pressure", "acquiesce"))
    assert PAYOFFS == ("cumulative_utility", "cumulative_utility_china", "cumulative_utility_eu",
                       "cumulative_utility_russia")


@pytest.mark.parametrize("profile", [(0, 0, 0, 0), (1, 1, 2, 1), (3, 2, 1, 2), (2, 0, 2, 0)])
def test_payoff_table_equals_direct_model_runs(tiny_game, profile):
    """Each cell of the table is the direct run of that profile with world k's seed (the sweep's
    common random numbers: derive_seeds(seed, k) for every profile), each player's utility
    summed over the quarters of the run."""
    table = tiny_game.table
    seeds = derive_seeds(5, np.arange(3))
    params = {name: STRATEGIES[i][k] for i, (name, k) in enumerate(zip(STRATEGY_PARAMETERS, profile))}
    model = HedgingModel(worlds=3, rng=seeds, horizon=3, **params)
    total = np.zeros((3, 4))
    for _ in range(3):
        model.step()
        total += np.stack([model.report[c] for c in
                           ("utility", "utility_china", "utility_eu", "utility_russia")], axis=1)
    np.testing.assert_allclose(table.samples[(slice(None), *profile)], total, rtol=1e-12, atol=1e-12)
    assert table.unit == "USD bn" and table.players == PLAYERS


def test_worlds_are_common_random_numbers_across_profiles(tiny_game):
    """Courting pays only when Kazakhstan tilts toward Russia, which hedge never does: with the
    same seed in world k under both profiles, court and acquiesce pay the same, world by world."""
    s = tiny_game.table.samples
    np.testing.assert_array_equal(s[:, 0, 1, 0, 0], s[:, 0, 1, 0, 2])
    assert not np.array_equal(s[:, 3, 1, 0, 0], s[:, 3, 1, 0, 2])   # lean_russia: it does tilt
    assert len(np.unique(s[:, 0, 0, 0, 0, 0])) == 3                  # the worlds differ


def test_payoff_samples_read_runs_in_any_order_and_refuse_gaps(tiny_game):
    runs = tiny_game.sweep.runs
    shuffled = runs.sample(frac=1.0, random_state=1)
    np.testing.assert_array_equal(payoff_samples(shuffled, 3), tiny_game.table.samples)
    with pytest.raises(ValueError, match="runs for a game"):
        payoff_samples(runs.iloc[1:], 3)
    doubled = pd.concat([runs.iloc[:1], runs.iloc[2:], runs.iloc[:1]], ignore_index=True)
    with pytest.raises(ValueError, match="no run"):
        payoff_samples(doubled, 3)


def test_analysis_of_the_tiny_game_is_consistent(tiny_game):
    analysis = tiny_game.analysis
    assert len(analysis.payoffs) == 108 * 4 and len(analysis.profiles) == 108
    regret = analysis.table.regret()
    assert (regret >= 0).all()
    assert [tuple(p) for p in np.argwhere(regret == 0)] == analysis.table.pure_equilibria()


# ------------------------------------------------------------------ the command
def test_game_command_writes_the_tables_report_and_figure(tmp_path, capsys):
    out = tmp_path / "game"
    code, text, err = run_cli(["game", "baseline", *TINY, "--out", out], capsys)
    assert code == 0, err
    for name in ("payoffs", "deviations", "profiles", "ties", "continua", "equilibrium_counts",
                 "mixed_equilibria", "qre_branch", "qre_limit"):
        assert (out / f"{name}.parquet").is_file() and (out / f"{name}.csv").is_file(), name
    payoffs = pd.read_parquet(out / "payoffs.parquet")
    assert len(payoffs) == 108 * 4
    assert {"mean", "low", "high", "sd", "worlds", "unit"} <= set(payoffs.columns)
    assert (payoffs["low"] <= payoffs["mean"]).all() and (payoffs["mean"] <= payoffs["high"]).all()
    assert set(payoffs["unit"]) == {"USD bn"} and set(payoffs["worlds"]) == {2}
    pd.testing.assert_frame_equal(pd.read_csv(out / "payoffs.csv"), payoffs.astype(
        {p: str for p in PLAYERS}), check_dtype=False)
    profiles = pd.read_parquet(out / "profiles.parquet")
    assert {"regret", "nash", "epsilon", "support", "best_deviation"} <= set(profiles.columns)
    deviations = pd.read_parquet(out / "deviations.parquet")
    assert len(deviations) == 108 * (3 + 2 + 2 + 2)
    report = (out / "equilibria.md").read_text()
    for words in ("Pure Nash equilibria", "Bootstrap", "Exact ties", "A withdrawn EU",
                  "Mixed equilibria found", "found, not all", "Logit QRE", "*restricted* game",
                  "heatmap.png"):
        assert words in report, words
    assert (out / "heatmap.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    manifest = json.loads((out / "game.json").read_text())
    assert manifest["kind"] == "hedgesim-game" and manifest["complete"]
    assert manifest["settings"]["worlds"] == 2 and manifest["settings"]["payoffs"] == list(PAYOFFS)
    sweep = json.loads((out / "sweep" / "manifest.json").read_text())
    assert sweep["seeds"]["common_random_numbers"] and sweep["runs"] == 216
    assert "pure Nash equilibri" in text and "wrote" in text


def test_rerunning_the_same_game_resumes_and_a_different_one_is_refused(tmp_path, capsys):
    out = tmp_path / "game"
    args = ["game", *TINY, "--no-solvers", "--out", out]
    assert run_cli(args, capsys)[0] == 0
    first = pd.read_parquet(out / "payoffs.parquet")
    assert run_cli(args, capsys)[0] == 0
    sweep = json.loads((out / "sweep" / "manifest.json").read_text())
    assert sweep["timings"]["sessions"][-1]["runs"] == 0     # nothing simulated again
    pd.testing.assert_frame_equal(pd.read_parquet(out / "payoffs.parquet"), first)
    before = sorted(p.name for p in out.rglob("*"))
    code, _, err = run_cli(["game", *TINY, "--no-solvers", "--seed", "1", "--out", out], capsys)
    assert code == 2 and "holds another game" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in out.rglob("*")) == before


def test_an_interrupted_game_resumes_to_the_same_table(tmp_path):
    settings = GameSettings("baseline", worlds=12, seed=2, steps=2)   # 1,296 runs: 2 chunks
    out = tmp_path / "game"
    stopped = play(settings, out, progress=False, replicates=0, solvers=False,
                   should_stop=lambda: True)
    assert stopped is None
    assert len(list((out / "sweep" / "runs").glob("part-*.parquet"))) == 1
    assert not json.loads((out / "game.json").read_text())["complete"]
    resumed = play(settings, out, progress=False, replicates=0, solvers=False)
    whole = play(settings, None, progress=False, replicates=0, solvers=False)
    np.testing.assert_array_equal(resumed.table.samples, whole.table.samples)


BAD = {
    "unknown scenario": (["nowhere"], "unknown scenario 'nowhere'"),
    "zero worlds": (["--worlds", "0"], "--worlds"),
    "unknown map parameter": (["--map", "risk_wieght"], "did you mean 'risk_weight'"),
    "map a strategy": (["--map", "strategy"], "the strategies are the game's own choices"),
    "map a choice": (["--map", "decision_rule"], "a map needs a numeric parameter"),
    "three map parameters": (["--map", "risk_weight", "binding_cost", "bargaining_power"],
                             "one or two parameters"),
    "the same map parameter twice": (["--map", "risk_weight", "risk_weight=0:2"], "twice"),
    "empty map range": (["--map", "risk_weight=3:1"], "empty range"),
    "map range outside the schema": (["--map", "risk_weight=0:9"], "leaves the allowed"),
    "bad map range": (["--map", "risk_weight=a:b"], "expected NAME=LOW:HIGH"),
    "one level": (["--map", "risk_weight", "--levels", "1"], "--levels"),
    "fixed strategy": (["--set", "strategy=hedge"], "do not fix one"),
    "unknown --set": (["--set", "risk=2"], "hedgesim game: --set risk"),
    "out of range --set": (["--set", "risk_weight=9"], "out of range"),
    "map and set the same": (["--map", "risk_weight", "--set", "risk_weight=2"], "keep one"),
    "scheduler without dask": (["--executor", "serial", "--scheduler", "tcp://127.0.0.1:9"],
                               "needs --executor dask"),
    "no out": (None, "--out"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_one_line_exit_2_and_nothing_written(case, tmp_path, capsys):
    extra, message = BAD[case]
    out = tmp_path / "game"
    args = ["game", *(extra or []), *(["--out", out] if extra is not None else [])]
    if case == "unknown scenario":
        args = ["game", "nowhere", "--out", out]
    code, text, err = run_cli(args, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert "Traceback" not in err and text == ""
    assert not out.exists()


def test_an_out_path_that_is_a_file_or_a_foreign_folder_is_refused(tmp_path, capsys):
    file = tmp_path / "file"
    file.write_text("x")
    code, _, err = run_cli(["game", *TINY, "--out", file], capsys)
    assert code == 2 and "is not a folder" in err and file.read_text() == "x"
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    code, _, err = run_cli(["game", *TINY, "--out", folder], capsys)
    assert code == 2 and "does not hold a hedgesim game" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    # an --out that cannot be made (under a file): nothing was started, so nothing is "kept"
    code, _, err = run_cli(["game", *TINY, "--out", file / "game"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "not a directory" in err
    assert "nothing half-written was kept" in err and "finished chunks" not in err


def test_a_dask_scheduler_out_of_reach_leaves_nothing(tmp_path, capsys, monkeypatch):
    import dask.distributed

    class QuickClient(dask.distributed.Client):   # the runner waits 10 s for a scheduler; 1 s here
        def __init__(self, address=None, *args, timeout=None, **kwargs):
            super().__init__(address, *args, timeout="1s" if timeout else timeout, **kwargs)

    monkeypatch.setattr(dask.distributed, "Client", QuickClient)
    out = tmp_path / "game"
    code, _, err = run_cli(["game", *TINY, "--no-solvers", "--scheduler", "tcp://127.0.0.1:9",
                            "--out", out], capsys)       # a scheduler: Dask without --executor
    assert code == 2 and "cannot reach a Dask scheduler" in err
    assert not out.exists()


def test_the_executor_is_chosen_by_the_game_size(monkeypatch):
    from hedgesim.analysis import egta

    monkeypatch.setattr("hedgesim.analysis.sweep.executors.default_workers", lambda: 2)
    assert egta.auto_executor(GameSettings(worlds=100).spec(), None) == "processes"   # 10,800 runs
    assert egta.auto_executor(GameSettings(worlds=20).spec(), None) == "serial"
    assert egta.auto_executor(GameSettings(worlds=100).spec(), 1) == "serial"       # one worker
    assert egta.auto_executor(GameSettings(worlds=100, steps=4).spec(), None) == "serial"


def test_map_axis_values():
    assert MapAxis.parse("risk_weight", 3).values == [0.0, 2.5, 5.0]
    assert MapAxis.parse("risk_weight=1:2", 2).values == [1.0, 2.0]
    assert MapAxis.parse("planning_horizon=1:3", 5).values == [1, 2, 3]   # integers, no repeats
    with pytest.raises(ConfigError):
        MapAxis.parse("nothing")


# ------------------------------------------------------------------ maps
def test_map_on_a_tiny_grid_writes_the_phase_diagram_and_matches_single_games(tmp_path, capsys):
    out = tmp_path / "map"
    code, text, err = run_cli(["game", *TINY, "--map", "risk_weight=0:4", "china_coercion_cost=0:5",
                               "--levels", "2", "--out", out], capsys)
    assert code == 0, err
    points = pd.read_parquet(out / "map.parquet")
    assert len(points) == 4
    assert sorted(itertools.product([0.0, 4.0], [0.0, 5.0])) == sorted(
        zip(points["risk_weight"], points["china_coercion_cost"]))
    assert set(points["strategy"]) <= set(STRATEGIES[0]) | {"several", "none"}
    assert points["support"].between(0, 1).all()
    profiles = pd.read_parquet(out / "map_profiles.parquet")
    assert len(profiles) == 4 * 108
    assert (out / "phase.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (out / "map.md").read_text()
    assert "phase.png" in report
    rows = [line for line in report.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 4        # the header and one row per point, each with 6 cells
    assert all(line.count(" | ") == 5 for line in rows), rows   # several equilibria in one cell
    assert "map points" in text
    # A map point is the game with that parameter set: the same seeds, the same payoffs.
    single = play(GameSettings("baseline", worlds=2, seed=0, steps=2,
                               params={"risk_weight": 4.0, "china_coercion_cost": 0.0}),
                  progress=False, replicates=50, solvers=False)
    at = profiles[(profiles["risk_weight"] == 4.0) & (profiles["china_coercion_cost"] == 0.0)]
    np.testing.assert_array_equal(at["payoff_Kazakhstan"].to_numpy(),
                                  single.table.mean[..., 0].reshape(-1))
    np.testing.assert_array_equal(at["regret"].to_numpy(), single.table.regret().reshape(-1))
    row = points[(points["risk_weight"] == 4.0) & (points["china_coercion_cost"] == 0.0)].iloc[0]
    assert row["equilibria"] == len(single.table.pure_equilibria())


# ------------------------------------------------------------------ the experiment
def test_the_experiment_writes_its_report_section_and_figures(tmp_path):
    import sys
    from pathlib import Path

    experiments = Path(__file__).resolve().parents[1] / "experiments"
    sys.path.insert(0, str(experiments))
    try:
        import equilibrium
    finally:
        sys.path.remove(str(experiments))
    section = equilibrium.run(quick=True, out=tmp_path)
    text = section.markdown()
    assert text.startswith("## Is hedging an equilibrium? The four-player game")
    assert "![Kazakhstan's payoff in the baseline game](figures/equilibrium_heatmap.png)" in text
    assert "](figures/equilibrium_phase.png)" in text
    assert "| risk_weight | china_coercion_cost | Kazakhstan plays |" in text
    assert "**Quick mode**" in text and "*What the model says.*" in text and "*Caveat.*" in text
    points = section.phase.points
    assert len(points) == 4 and len(text.split("| risk_weight |")[1].splitlines()) >= 6
    for figure in section.figures:
        assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and figure.stat().st_size < 200_000
    eq = section.game.analysis.equilibria
    for profile in eq["profile"]:
        assert f"**{profile}**" in text      # each equilibrium with Kazakhstan's deviation gains
