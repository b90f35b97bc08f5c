"""Faults a sweep folder meets (issue 11): damaged, missing and stray files, a lost manifest, another
model version, locks, a full disk, and signals. `--check` must find each fault by name, and
resuming must heal the folder to results bit-identical to an uninterrupted run."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from hedgesim import cli
from hedgesim.analysis.folders import FolderLock, process_token
from hedgesim.analysis.provenance import model_version
from hedgesim.analysis.sweep import load_results
from hedgesim.analysis.sweep.store import check_folder
from hedgesim.game.parameters import ConfigError

SPEC = {"name": "faults", "vary": {"risk_weight": {"low": 0.0, "high": 3.0, "num": 3},
                                   "strategy": ["hedge", "bandwagon_eu"]},
        "replications": 4, "seed": 7, "steps": 6, "chunk_size": 5, "keep": "timeseries", "every": 2}
CHUNKS = 5  # 24 runs in chunks of 5


def files(folder: Path) -> dict[str, bytes]:
    """The results of a folder, byte for byte: the design and every part."""
    found = {"design.parquet": (folder / "design.parquet").read_bytes()}
    for kind in ("runs", "series"):
        for path in sorted((folder / kind).glob("part-*.parquet")):
            found[f"{kind}/{path.name}"] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def spec_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "faults.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    return path


@pytest.fixture(scope="module")
def reference(spec_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "sweep"
    assert cli.main(["sweep", str(spec_path), "--out", str(out), "-q"]) == 0
    return out


def cli_run(args, capsys) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- faults
def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, same size
    path.write_bytes(bytes(data))


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


FAULTS = {
    # name: (inject(folder), path --check must name, words it must use)
    "truncated runs part": (lambda o: truncate(o / "runs/part-000002.parquet"),
                            "runs/part-000002.parquet", "wrong size"),
    "corrupted runs part": (lambda o: corrupt(o / "runs/part-000001.parquet"),
                            "runs/part-000001.parquet", "SHA-256"),
    "empty runs part": (lambda o: (o / "runs/part-000003.parquet").write_bytes(b""),
                        "runs/part-000003.parquet", "empty (0 bytes)"),
    "deleted runs part": (lambda o: (o / "runs/part-000004.parquet").unlink(),
                          "runs/part-000004.parquet", "missing"),
    "deleted series part": (lambda o: (o / "series/part-000001.parquet").unlink(),
                            "series/part-000001.parquet", "missing"),
    "truncated series part": (lambda o: truncate(o / "series/part-000000.parquet"),
                              "series/part-000000.parquet", "wrong size"),
    "deleted chunk record": (lambda o: (o / "chunks/part-000002.json").unlink(),
                             "runs/part-000002.parquet", "has no chunk record"),
    "damaged chunk record": (lambda o: (o / "chunks/part-000000.json").write_text('{"chunk": 0, "fi'),
                             "chunks/part-000000.json", "damaged record"),
    "part of another chunk copied over": (
        lambda o: (shutil.copy(o / "runs/part-000003.parquet", o / "runs/part-000001.parquet"),
                   shutil.copy(o / "series/part-000003.parquet", o / "series/part-000001.parquet")),
        "runs/part-000001.parquet", "wrong size"),
    "part and record of another chunk copied over": (
        lambda o: [shutil.copy(o / f"{k}/part-000003.{e}", o / f"{k}/part-000001.{e}")
                   for k, e in (("runs", "parquet"), ("series", "parquet"), ("chunks", "json"))],
        "chunks/part-000001.json", "is the record of chunk 3"),
    "stray part beyond the plan": (lambda o: shutil.copy(o / "runs/part-000000.parquet",
                                                         o / "runs/part-000009.parquet"),
                                   "runs/part-000009.parquet", "not a part of this sweep's plan"),
    "stray file in runs": (lambda o: (o / "runs/notes.txt").write_text("mine"),
                           "runs/notes.txt", "not a part of this sweep's plan"),
    "whole chunk deleted": (lambda o: [(o / p).unlink() for p in ("runs/part-000002.parquet",
                                                                 "series/part-000002.parquet",
                                                                 "chunks/part-000002.json")],
                            "runs/part-000002.parquet", "the manifest lists its chunk done"),
    "record of another spec": (lambda o: edit_json(o / "chunks/part-000004.json",
                                                   lambda r: r.update(spec_hash="0123456789abcdef")),
                               "chunks/part-000004.json", "written for another spec"),
    "deleted manifest": (lambda o: (o / "manifest.json").unlink(), "manifest.json", "missing"),
    "truncated manifest": (lambda o: truncate(o / "manifest.json"), "manifest.json", "not JSON"),
    "manifest that is a JSON list": (lambda o: (o / "manifest.json").write_text("[1, 2]"),
                                     "manifest.json", "a JSON list"),
    "manifest without its spec": (lambda o: edit_json(o / "manifest.json", lambda m: m.pop("spec")),
                                  "manifest.json", "no spec"),
    "deleted design": (lambda o: (o / "design.parquet").unlink(), "design.parquet", "missing"),
    "corrupted design": (lambda o: corrupt(o / "design.parquet"), "design.parquet", "damaged"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_check_finds_the_fault_and_resuming_heals_it_bit_identically(fault, reference, spec_path,
                                                                      tmp_path, capsys):
    inject, path, words = FAULTS[fault]
    out = tmp_path / "sweep"
    shutil.copytree(reference, out)
    inject(out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    manifest_lost = "manifest" in fault
    check = ["sweep", "--check", out] + (["--spec", spec_path] if manifest_lost else [])
    code, report, err = cli_run(check, capsys)
    assert code == 1, err
    assert any(line.strip().startswith(f"{path}:") and words in line for line in report.splitlines()), report
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before  # --check writes nothing
    with pytest.raises(ConfigError, match="fault"):
        load_results(out)  # never silently short, duplicated or mixed

    code, _, err = cli_run(["sweep", spec_path, "--out", out], capsys)
    assert code == 0, err
    assert path in err  # the resume says what it healed
    code, report, _ = cli_run(["sweep", "--check", out], capsys)
    assert code == 0 and "complete and intact" in report, report
    assert files(out) == files(reference)
    pd.testing.assert_frame_equal(load_results(out).runs, load_results(reference).runs)
    pd.testing.assert_frame_equal(load_results(out).series, load_results(reference).series)


def test_every_fault_at_once_is_listed_and_healed(reference, spec_path, tmp_path, capsys):
    out = tmp_path / "sweep"
    shutil.copytree(reference, out)
    for name in ("truncated runs part", "deleted series part", "stray part beyond the plan",
                 "damaged chunk record", "manifest that is a JSON list", "corrupted design"):
        FAULTS[name][0](out)
    code, report, _ = cli_run(["sweep", "--check", out, "--spec", spec_path], capsys)
    assert code == 1
    for name in ("truncated runs part", "deleted series part", "stray part beyond the plan",
                 "damaged chunk record", "corrupted design"):
        assert FAULTS[name][1] in report, (name, report)
    assert "moves 1 stray file to quarantine/" in report and "rebuilds manifest.json" in report
    assert cli_run(["sweep", spec_path, "--out", out], capsys)[0] == 0
    assert files(out) == files(reference)
    assert (out / "quarantine" / "runs" / "part-000009.parquet").is_file()  # set aside, not deleted
    assert json.loads((out / "manifest.json").read_text())["rebuilt"]["because"].startswith("manifest.json")


def test_an_unfinished_sweep_is_intact_but_not_complete(reference, spec_path, tmp_path, capsys):
    from hedgesim.analysis.sweep import run_sweep

    out = tmp_path / "sweep"
    run_sweep(spec_path, out=out, progress=False, should_stop=lambda: True)
    code, report, _ = cli_run(["sweep", "--check", out], capsys)
    assert code == 1 and f"{CHUNKS - 1} not done, 0 faults" in report, report
    assert len(load_results(out).runs) == 5 and load_results(out).info["complete"] is False


# ------------------------------------------------------------------ model versions
def test_resuming_a_folder_of_another_model_version_is_refused_naming_both(reference, spec_path,
                                                                            tmp_path, capsys):
    out = tmp_path / "sweep"
    shutil.copytree(reference, out)
    (out / "runs" / "part-000004.parquet").unlink()
    edit_json(out / "manifest.json", lambda m: m["model"].update(code="0123456789ab"))
    before = files(out)
    code, _, err = cli_run(["sweep", spec_path, "--out", out], capsys)
    ours = model_version()["code"]
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "model code 0123456789ab" in err and f"model code {ours}" in err and "mix model versions" in err
    assert files(out) == before and not (out / ".lock").exists()
    _, report, _ = cli_run(["sweep", "--check", out], capsys)
    assert "written by hedgesim" in report and "resuming it with this model is refused" in report


def test_a_lost_manifest_with_chunks_of_another_model_is_not_rebuilt(reference, spec_path, tmp_path,
                                                                     capsys):
    out = tmp_path / "sweep"
    shutil.copytree(reference, out)
    (out / "manifest.json").unlink()
    for record in (out / "chunks").glob("part-*.json"):
        edit_json(record, lambda r: r["model"].update(code="0123456789ab"))
    code, _, err = cli_run(["sweep", spec_path, "--out", out], capsys)
    assert code == 2 and "model code 0123456789ab" in err and not (out / "manifest.json").exists()


def test_a_folder_from_before_model_fingerprints_is_refused(reference, spec_path, tmp_path, capsys):
    out = tmp_path / "sweep"
    shutil.copytree(reference, out)
    edit_json(out / "manifest.json", lambda m: m.pop("model"))
    code, _, err = cli_run(["sweep", spec_path, "--out", out], capsys)
    assert code == 2 and "unrecorded code" in err, err


def test_the_model_fingerprint_follows_the_model_code(tmp_path, monkeypatch):
    import hedgesim.analysis.provenance as provenance

    fake = tmp_path / "hedgesim"
    shutil.copytree(Path(provenance._ROOT), fake, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "_ROOT", fake)
    provenance.model_version.cache_clear()
    try:
        first = provenance.model_version()["code"]
        (fake / "cli.py").write_text("# not the model\n")
        provenance.model_version.cache_clear()
        assert provenance.model_version()["code"] == first
        with open(fake / "game" / "payoffs.py", "a") as handle:
            handle.write("\n# an edit of the model\n")
        provenance.model_version.cache_clear()
        assert provenance.model_version()["code"] != first
    finally:
        provenance.model_version.cache_clear()


# --------------------------------------------------------------------------- locks
def test_a_live_writer_is_named_and_refused(spec_path, tmp_path, capsys):
    out = tmp_path / "sweep"
    out.mkdir()
    with FolderLock(out):
        code, _, err = cli_run(["sweep", spec_path, "--out", out], capsys)
    assert code == 2 and f"another process (process {os.getpid()} on " in err, err
    assert "wait for it to finish or stop it" in err


@pytest.mark.parametrize("content", ["", "{}", "garbage", json.dumps({"pid": 1, "host": "x"}),
                                     f"{os.getppid()}"], ids=["empty", "no holder", "garbage",
                                                              "a live unrelated pid", "parent pid"])
def test_a_lock_left_by_a_dead_writer_never_blocks(content, reference, spec_path, tmp_path, capsys):
    out = tmp_path / "sweep"
    shutil.copytree(reference, out)
    (out / "runs" / "part-000001.parquet").unlink()
    (out / ".lock").write_text(content)
    code, _, err = cli_run(["sweep", spec_path, "--out", out], capsys)
    assert code == 0, err
    assert not (out / ".lock").exists() and files(out) == files(reference)


def test_two_sweep_processes_never_write_one_folder(tmp_path, capsys):
    slow = tmp_path / "slow.yaml"
    slow.write_text(yaml.safe_dump({**SPEC, "keep": "outcomes", "every": None, "steps": 40,
                                    "replications": 2000, "chunk_size": 50}))
    text = slow.read_text().replace("every: null\n", "")
    slow.write_text(text)
    out = tmp_path / "sweep"
    command = [sys.executable, "-m", "hedgesim.cli", "sweep", str(slow), "--out", str(out), "-q"]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: (out / "chunks").is_dir() and any((out / "chunks").glob("part-*.json")))
        code, _, err = cli_run(["sweep", slow, "--out", out], capsys)
        assert first.poll() is None, "the first sweep ended before the second started"
        assert code == 2 and f"another process (process {first.pid} on" in err, err
    finally:
        first.terminate()
        first.wait(timeout=60)


# ----------------------------------------------------------------------- full disk
@contextlib.contextmanager
def small_disk(folder: Path, size: str):
    """A tmpfs of ``size`` at ``folder`` (root can mount one here), or None where mounting is refused."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_keeps_finished_chunks_and_resumes_bit_identically(reference, spec_path, tmp_path,
                                                                       capsys, monkeypatch):
    disk = tmp_path / "disk"
    with small_disk(disk, "96k") as mounted:
        out = disk / "sweep"
        if not mounted:  # no mount rights: the disk fills after two chunks all the same
            from hedgesim.analysis.sweep import store as store_module

            real, written = store_module.write_bytes_atomic, []

            def filling(path, data):
                if path.suffix == ".parquet" and "part-" in path.name:
                    written.append(path)
                    if len(written) > 4:
                        raise OSError(errno.ENOSPC, "No space left on device", str(path))
                real(path, data)

            monkeypatch.setattr(store_module, "write_bytes_atomic", filling)
        code, _, err = cli_run(["sweep", spec_path, "--out", out, "-q"], capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert "no space left on device" in err and "the finished chunks are kept" in err
        assert not list(out.rglob(".*.tmp-*")) and not (out / ".lock").exists()
        kept = sorted(p.name for p in (out / "chunks").glob("part-*.json"))
        assert 0 < len(kept) < CHUNKS, kept
        if mounted:
            subprocess.run(["mount", "-o", "remount,size=20m", str(disk)], check=True)
        else:
            monkeypatch.undo()
        code, _, err = cli_run(["sweep", spec_path, "--out", out, "-q"], capsys)
        assert code == 0, err
        assert files(out) == files(reference)


def test_a_read_only_folder_is_refused_before_anything_is_written(spec_path, tmp_path, capsys):
    disk = tmp_path / "disk"
    with small_disk(disk, "1m") as mounted:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            expected = "read-only file system"
        else:
            disk.chmod(0o555)
            expected = "not writable"
        for args in (["sweep", spec_path, "--out", disk / "sweep"], ["run", "baseline", "--out", disk / "run"],
                     ["run", "baseline", "--out", disk]):
            code, _, err = cli_run(args, capsys)
            assert code == 2 and expected in err and len(err.strip().splitlines()) == 1, err
        assert list(disk.iterdir()) == []


# ---------------------------------------------------------- leftovers of killed runs
def test_scratch_folders_of_killed_runs_are_removed_and_live_ones_kept(tmp_path, capsys):
    dead = tmp_path / ".out.partial-999999999-1"
    dead.mkdir()
    (dead / "timeseries.csv").write_text("half")
    old_style = tmp_path / ".out.old-999999999"
    old_style.mkdir()
    live = tmp_path / f".out.partial-{process_token(os.getppid())}"
    live.mkdir()
    assert cli.main(["run", "baseline", "--steps", "2", "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", live.name])


# ------------------------------------------------------------------------ signals
def descendants(pid: int) -> set[int]:
    """Processes below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def long_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long.yaml"
    path.write_text(yaml.safe_dump({"name": "long", "vary": {"risk_weight": {"low": 0.0, "high": 3.0, "num": 4},
                                                              "esg_rigidity": {"low": 0.0, "high": 2.0, "num": 5}},
                                    "replications": 200, "seed": 11, "chunk_size": 40}))  # 100 chunks
    return path


def start_sweep(spec: Path, out: Path, executor: str, err: Path,
                early: bool = False) -> tuple[subprocess.Popen, set[int]]:
    """A sweep in its own process group, once it has finished a chunk (``early``: once its workers
    are starting), and its worker processes."""
    command = [sys.executable, "-m", "hedgesim.cli", "sweep", str(spec), "--out", str(out), "-q",
               "--executor", executor] + (["--workers", "2"] if executor != "serial" else [])
    with open(err, "w") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    if early:
        wait_for(lambda: len(descendants(process.pid)) >= 2 or process.poll() is not None)
    else:
        wait_for(lambda: any((out / "chunks").glob("part-*.json")) if (out / "chunks").is_dir()
                 else process.poll() is not None)
    assert process.poll() is None, err.read_text()
    return process, descendants(process.pid)


def assert_stopped_cleanly(process: subprocess.Popen, code: int, name: str, out: Path, err: Path,
                           workers: set[int]) -> None:
    assert process.wait(timeout=60) == code, err.read_text()
    assert err.read_text().strip().splitlines() == [
        f"hedgesim: interrupted ({name}); the finished chunks are kept in {out}: rerun the same command "
        f"to resume"]  # and no worker's traceback
    wait_for(lambda: not any(running(pid) for pid in workers), 30)
    assert not (out / ".lock").exists()
    if (out / "manifest.json").exists():
        folder = check_folder(out)
        assert folder.intact and folder.verification.missing  # what is done is kept, the rest resumable


@pytest.mark.parametrize("how, executor, code", [("SIGTERM", "processes", 143), ("Ctrl-C", "processes", 130),
                                                 ("SIGHUP", "serial", 129), ("Ctrl-C", "dask", 130)])
def test_a_signal_stops_the_sweep_and_its_workers_and_keeps_finished_chunks(how, executor, code, long_spec,
                                                                            tmp_path):
    out, err = tmp_path / "sweep", tmp_path / "stderr"
    process, workers = start_sweep(long_spec, out, executor, err)
    assert executor == "serial" or len(workers) >= 2
    if how == "Ctrl-C":  # the terminal sends SIGINT to the whole foreground process group
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(getattr(signal, how))
    assert_stopped_cleanly(process, code, "SIGINT" if how == "Ctrl-C" else how, out, err, workers)


def test_ctrl_c_while_workers_start_reaches_no_worker(long_spec, tmp_path):
    """Workers inherit a blocked Ctrl-C while they start (importing for seconds), so none prints a
    traceback; the sweep process gets it as soon as they have started."""
    out, err = tmp_path / "sweep", tmp_path / "stderr"
    process, workers = start_sweep(long_spec, out, "processes", err, early=True)
    os.killpg(process.pid, signal.SIGINT)
    assert_stopped_cleanly(process, 130, "SIGINT", out, err, workers | descendants(process.pid))


@pytest.mark.parametrize("executor", ["processes", "dask"])
def test_no_worker_outlives_a_sigkilled_sweep(executor, long_spec, tmp_path):
    process, workers = start_sweep(long_spec, tmp_path / "sweep", executor, tmp_path / "stderr")
    assert len(workers) >= 2
    process.kill()
    process.wait(timeout=30)
    wait_for(lambda: not any(running(pid) for pid in workers), 15)
